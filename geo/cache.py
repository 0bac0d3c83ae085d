"""The persistent cache of resolutions: SQLite under ``data/`` (``data/geocache.sqlite``).

One row per (folded mention, country hint, near point): the resolved place as JSON (NULL for "not
found"), the answer's source (``gazetteer``, ``geonames``, ``nominatim`` or ``none``), whether the
online service was asked, and the time. WAL mode and a busy timeout let several processes read and
write at once without losing a row. When the gazetteer changes, offline answers are dropped (online
ones are kept: they cost a request each).

A cache is only a cache: whatever state its file is in, a resolution gives the answer it would
give without one, and every problem is logged once as a warning.

- A row that is not a valid place or "not found" record is dropped (its key logged) and the name
  is resolved again; the other rows are still used.
- A file that is not our database (not SQLite, a damaged page, another application's database, a
  ``resolution`` table of other columns) is renamed aside (``geocache.sqlite.corrupt-<time>``,
  untouched) and rebuilt. An empty (0-byte) file is initialised.
- A file that cannot be written (read-only file or folder) is never taken for a corrupt one:
  nothing is renamed; it is read without writing, or, if it cannot be read either, not used.
- A failed write (full disk, I/O error) is logged with its own cause and the resolution goes on.

:func:`is_corruption` is the one place that tells a corrupt file (``SQLITE_CORRUPT``,
``SQLITE_NOTADB``) from an unavailable one (read-only, cannot open, I/O error, full, locked).
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geo.errors import CacheError, CacheRowError, CacheUnavailableError, CorruptCacheError
from geo.place import GEO_PRECISION, Place

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resolution (
    key TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    country_hint TEXT,
    place TEXT,
    source TEXT NOT NULL,
    online_tried INTEGER NOT NULL DEFAULT 0,
    resolved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""
#: The columns of each table, in order (rows are written positionally).
_TABLES = {
    "resolution": (
        "key",
        "query",
        "country_hint",
        "place",
        "source",
        "online_tried",
        "resolved_at",
    ),
    "meta": ("name", "value"),
}
_CORRUPT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_CORRUPT_MESSAGES = ("file is not a database", "database disk image is malformed", "malformed")
#: The source kept when the gazetteer changed: online answers cost a request each.
_ONLINE_SOURCE = "nominatim"


def is_corruption(err: sqlite3.Error) -> bool:
    """Whether a SQLite error means the file is corrupt, not merely unavailable.

    Parameters
    ----------
    err : sqlite3.Error
        An error SQLite raised on the cache.

    Returns
    -------
    bool
        True for ``SQLITE_CORRUPT`` ("database disk image is malformed") and ``SQLITE_NOTADB``
        ("file is not a database"); False for everything else, notably "attempt to write a
        readonly database", "unable to open database file", "disk I/O error", "database or disk
        is full" and "database is locked": the file may be fine, it cannot be used now.
    """
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    message = str(err).lower()
    return any(text in message for text in _CORRUPT_MESSAGES)


def _connect(path: Path, *, readonly: bool, timeout: float) -> sqlite3.Connection:
    """Open the SQLite connection (read-only through the ``mode=ro`` URI); tests replace it."""
    target = f"{path.resolve().as_uri()}?mode=ro" if readonly else str(path)
    return sqlite3.connect(
        target, uri=readonly, timeout=timeout, isolation_level=None, check_same_thread=False
    )


def _writable(path: Path) -> bool:
    """Whether the file (if any) and its folder (for the WAL files) can be written."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _resolution_from_row(row: tuple) -> CachedResolution:
    """Read one ``resolution`` row back, checking it is a valid place or "not found" record.

    Raises
    ------
    CacheRowError
        The row cannot be read back.
    """
    key, query, country_hint, payload, source, online_tried, resolved_at = row
    if not isinstance(query, str) or not isinstance(source, str):
        raise CacheRowError("query or source is not text")
    if country_hint is not None and not isinstance(country_hint, str):
        raise CacheRowError("country hint is not text")
    if online_tried not in (0, 1) or not isinstance(resolved_at, str):
        raise CacheRowError("online flag or time is invalid")
    if payload is None:
        if source != "none":
            raise CacheRowError(f"'not found' recorded with the source {source!r}")
        return CachedResolution(
            key, query, country_hint, None, source, bool(online_tried), resolved_at
        )
    try:
        data = json.loads(payload)
    except (TypeError, ValueError) as err:
        raise CacheRowError(f"place is not JSON: {err}") from err
    if not isinstance(data, dict):
        raise CacheRowError(f"place is a JSON {type(data).__name__}, not an object")
    try:
        place = Place.from_dict(data)
    except KeyError as err:
        raise CacheRowError(f"place has no field {err}") from err
    except (TypeError, ValueError) as err:
        raise CacheRowError(f"place has an invalid field: {err}") from err
    if not (isinstance(place.name, str) and place.name and isinstance(place.feature, str)):
        raise CacheRowError("place name or feature is not text")
    if not (math.isfinite(place.lat) and math.isfinite(place.lon)):
        raise CacheRowError("place coordinate is not a number")
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        raise CacheRowError(f"place coordinate ({place.lat}, {place.lon}) is out of range")
    if place.geo_precision not in GEO_PRECISION:
        raise CacheRowError(f"place precision {place.geo_precision} is unknown")
    if place.source != source:
        raise CacheRowError(f"place source {place.source!r} is not the row's {source!r}")
    return CachedResolution(
        key, query, country_hint, place, source, bool(online_tried), resolved_at
    )


@dataclass(frozen=True)
class CachedResolution:
    """A resolution read back from the cache.

    Attributes
    ----------
    key, query : str
    country_hint : str or None
    place : Place or None
        None when the name was not found.
    source : str
        ``gazetteer``, ``geonames``, ``nominatim`` or ``none``.
    online_tried : bool
        Whether the online service was asked for this name.
    resolved_at : str
        ISO 8601 UTC time of the resolution.
    """

    key: str
    query: str
    country_hint: str | None
    place: Place | None
    source: str
    online_tried: bool
    resolved_at: str


class GeoCache:
    """SQLite cache of resolutions, safe for several threads and processes.

    Parameters
    ----------
    path : Path
        The database file; its directory is created.
    digest : str
        Fingerprint of the gazetteer; offline answers recorded under another one are dropped (or,
        when the file cannot be written, ignored).
    busy_timeout : float
        Seconds a writer waits for another process's lock.

    Attributes
    ----------
    writable : bool
        False when the file is used read-only: answers are read, new ones are not recorded.

    Raises
    ------
    CacheUnavailableError
        When the file can be neither written nor read (missing or unwritable folder, a corrupt
        file that cannot be set aside...). Nothing is renamed or changed then.
    CorruptCacheError
        When even the rebuilt file is unusable (should not happen).
    """

    def __init__(self, path: Path, *, digest: str = "", busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.writable = True
        self._lock = threading.Lock()
        self._offline_stale = False
        self._warned: set[str] = set()
        self._ignored: set[str] = set()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CacheUnavailableError(self._why(f"its folder cannot be made: {err}")) from err
        if not _writable(self.path):
            self._db = self._open_read_only(self._why("the file or its folder is not writable"))
        else:
            try:
                self._db = self._open(readonly=False)
            except CorruptCacheError as err:
                self._set_aside(err)
                self._db = self._open(readonly=False)
            except CacheUnavailableError as err:
                self._db = self._open_read_only(str(err))
        self._check_digest(digest)

    def _why(self, reason: str) -> str:
        return f"geocoding cache {self.path} cannot be used: {reason}"

    def _open(self, *, readonly: bool) -> sqlite3.Connection:
        """Open the file and check it is ours; create the tables unless ``readonly``.

        Raises
        ------
        CorruptCacheError, CacheUnavailableError
        """
        try:
            db = _connect(self.path, readonly=readonly, timeout=self.busy_timeout)
        except sqlite3.Error as err:
            raise self._translate(err) from err
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            tables = {
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
                )
            }
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CorruptCacheError(
                    f"geocoding cache {self.path} is corrupt: quick_check failed"
                )
            foreign = sorted(tables - _TABLES.keys())
            if foreign:
                raise CorruptCacheError(
                    f"geocoding cache {self.path} is corrupt: it holds other tables "
                    f"({', '.join(foreign)}), it is not a geocoding cache"
                )
            for table in sorted(tables):  # before any write: a foreign file stays untouched
                columns = tuple(row[1] for row in db.execute(f"PRAGMA table_info({table})"))
                if columns != _TABLES[table]:
                    raise CorruptCacheError(
                        f"geocoding cache {self.path} is corrupt: table {table} has the columns "
                        f"({', '.join(columns)}), not ({', '.join(_TABLES[table])})"
                    )
            if readonly:
                if "resolution" not in tables:
                    raise CacheUnavailableError(self._why("read-only and empty"))
            else:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.executescript(_SCHEMA)
        except sqlite3.Error as err:
            db.close()
            raise self._translate(err) from err
        except CacheError:
            db.close()
            raise
        return db

    def _translate(self, err: sqlite3.Error) -> CacheError:
        if is_corruption(err):
            return CorruptCacheError(f"geocoding cache {self.path} is corrupt: {err}")
        return CacheUnavailableError(self._why(str(err)))

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """Open the file read-only after ``reason`` ruled writing out; warn once."""
        try:
            db = self._open(readonly=True)
        except CacheError as err:
            detail = err.__cause__ if isinstance(err.__cause__, sqlite3.Error) else err
            raise CacheUnavailableError(f"{reason}; nor read-only: {detail}") from err
        self.writable = False
        logger.warning("%s; read-only: its answers are used, new ones are not recorded", reason)
        return db

    def _set_aside(self, err: CorruptCacheError) -> None:
        """Rename the corrupt file (and its WAL files) aside, untouched; warn once."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.time_ns()}")
        try:
            self.path.rename(aside)
        except FileNotFoundError:
            logger.info("geocoding cache %s was set aside by another process", self.path)
            return
        except OSError as move_err:
            raise CacheUnavailableError(f"{err}; it cannot be set aside: {move_err}") from err
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            try:
                side.rename(aside.with_name(aside.name + suffix))
            except FileNotFoundError:
                pass
            except OSError as move_err:
                logger.debug("cannot set aside %s: %s", side, move_err)
        logger.warning("%s; set aside as %s and rebuilt", err, aside)

    def _check_digest(self, digest: str) -> None:
        """Drop offline answers of another gazetteer; ignore them if the file cannot be written."""
        if not digest:
            return
        with self._lock:
            if self.writable:
                try:
                    self._record_digest(digest)
                    return
                except sqlite3.Error as err:
                    self.writable = False
                    logger.warning(
                        "geocoding cache %s cannot record the gazetteer's fingerprint (%s); "
                        "read-only: its online answers are used, new ones are not recorded",
                        self.path,
                        err,
                    )
            try:
                row = self._db.execute(
                    "SELECT value FROM meta WHERE name = 'gazetteer_digest'"
                ).fetchone()
            except sqlite3.Error as err:
                self._db.close()
                raise CacheUnavailableError(self._why(str(err))) from err
            self._offline_stale = row is None or row[0] != digest

    def _record_digest(self, digest: str) -> None:
        """One transaction; on failure it is rolled back and the first error is raised."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            row = self._db.execute(
                "SELECT value FROM meta WHERE name = 'gazetteer_digest'"
            ).fetchone()
            if row is None or row[0] != digest:
                if row is not None:
                    logger.info("gazetteer changed: dropping cached offline resolutions")
                self._db.execute("DELETE FROM resolution WHERE source != ?", (_ONLINE_SOURCE,))
                self._db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('gazetteer_digest', ?)", (digest,)
                )
            self._db.execute("COMMIT")
        except sqlite3.Error:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Roll back if SQLite has not already done so (it has after a full disk or I/O error)."""
        if not self._db.in_transaction:
            return
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error as err:
            logger.debug("geocoding cache rollback failed too: %s", err)

    def _warn_once(self, what: str, err: sqlite3.Error) -> None:
        """Log a failed read or write: a warning per cause, the repeats at debug level."""
        cause = str(err)
        level = logging.DEBUG if cause in self._warned else logging.WARNING
        self._warned.add(cause)
        logger.log(
            level, "geocoding cache %s: %s failed: %s (resolution goes on)", self.path, what, cause
        )

    def get(self, key: str) -> CachedResolution | None:
        """Return the cached resolution of ``key``, or None when there is none to use.

        A row that cannot be read back is dropped (a warning names its key): the caller resolves
        the name again, as with no cache.
        """
        with self._lock:
            if key in self._ignored:
                return None
            try:
                row = self._db.execute(
                    "SELECT key, query, country_hint, place, source, online_tried, resolved_at "
                    "FROM resolution WHERE key = ?",
                    (key,),
                ).fetchone()
            except sqlite3.Error as err:
                self._warn_once("reading", err)
                return None
            if row is None:
                return None
            try:
                cached = _resolution_from_row(row)
            except CacheRowError as err:
                self._drop(row, err)
                return None
        if self._offline_stale and cached.source != _ONLINE_SOURCE:
            return None
        return cached

    def _drop(self, row: tuple, err: CacheRowError) -> None:
        """Delete an unreadable row (unless another process has rewritten it meanwhile)."""
        key = row[0]
        logger.warning(
            "geocoding cache %s: dropped the unreadable row %r (%s); it is resolved again",
            self.path,
            key,
            err,
        )
        if not self.writable:
            self._ignored.add(key)
            return
        try:
            self._db.execute(
                "DELETE FROM resolution WHERE key = ? AND place IS ? AND source IS ? "
                "AND resolved_at IS ?",
                (key, row[3], row[4], row[6]),
            )
        except sqlite3.Error as delete_err:
            self._ignored.add(key)
            self._warn_once("dropping a row", delete_err)

    def put(
        self,
        key: str,
        *,
        query: str,
        country_hint: str | None,
        place: Place | None,
        online_tried: bool = False,
    ) -> None:
        """Record a resolution (None: not found). A failed write is logged, never raised."""
        if not self.writable:
            return
        source = place.source if place is not None else "none"
        payload = json.dumps(place.to_dict(), ensure_ascii=False) if place is not None else None
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO resolution VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, query, country_hint, payload, source, int(online_tried), now),
                )
            except sqlite3.Error as err:
                if getattr(err, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY:
                    self.writable = False  # found out only now: stop trying, say so once
                    logger.warning(
                        "%s; read-only: its answers are used, new ones are not recorded",
                        self._why(str(err)),
                    )
                else:
                    self._warn_once(f"recording {query!r}", err)
                return
            self._ignored.discard(key)

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM resolution").fetchone()[0]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
