"""The persistent cache of resolutions: SQLite under ``data/`` (``data/geocache.sqlite``).

One row per (folded mention, country hint, near point): the resolved place as JSON (NULL for "not
found"), the answer's source (``gazetteer``, ``geonames``, ``nominatim`` or ``none``), whether the
online service was asked, and the time. WAL mode and a busy timeout let several processes read and
write at once without losing a row. A file that is not a usable database is renamed aside
(``geocache.sqlite.corrupt-<time>``) and rebuilt, with a logged warning. When the gazetteer
changes, offline answers are dropped (online ones are kept: they cost a request each).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geo.errors import CacheError, CorruptCacheError
from geo.place import Place

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
        Fingerprint of the gazetteer; offline answers recorded under another one are dropped.
    busy_timeout : float
        Seconds a writer waits for another process's lock.

    Raises
    ------
    CacheError
        When the file cannot be created at all (unwritable directory...).
    """

    def __init__(self, path: Path, *, digest: str = "", busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except CorruptCacheError as err:
                aside = self.path.with_name(f"{self.path.name}.corrupt-{time.time_ns()}")
                logger.warning(
                    "geocoding cache %s is corrupt (%s): moved to %s and rebuilt",
                    self.path,
                    err,
                    aside,
                )
                self.path.rename(aside)
                for suffix in ("-wal", "-shm"):
                    side = self.path.with_name(self.path.name + suffix)
                    if side.exists():
                        side.rename(aside.with_name(aside.name + suffix))
                self._db = self._open()
            self._check_digest(digest)
        except (OSError, sqlite3.Error) as err:
            raise CacheError(f"cannot open geocoding cache {self.path}: {err}") from err

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            str(self.path),
            timeout=self.busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as err:
            db.close()
            if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
                raise
            raise CorruptCacheError(str(err)) from err
        return db

    def _check_digest(self, digest: str) -> None:
        if not digest:
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT value FROM meta WHERE name = 'gazetteer_digest'"
                ).fetchone()
                if row is None or row[0] != digest:
                    if row is not None:
                        logger.info("gazetteer changed: dropping cached offline resolutions")
                    self._db.execute("DELETE FROM resolution WHERE source != 'nominatim'")
                    self._db.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('gazetteer_digest', ?)", (digest,)
                    )
                self._db.execute("COMMIT")
            except sqlite3.Error:
                self._db.execute("ROLLBACK")
                raise

    def get(self, key: str) -> CachedResolution | None:
        """Return the cached resolution of ``key``, or None when it was never resolved."""
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT key, query, country_hint, place, source, online_tried, resolved_at "
                    "FROM resolution WHERE key = ?",
                    (key,),
                ).fetchone()
            except sqlite3.Error as err:
                logger.warning("geocoding cache read failed: %s", err)
                return None
        if row is None:
            return None
        place = Place.from_dict(json.loads(row[3])) if row[3] else None
        return CachedResolution(row[0], row[1], row[2], place, row[4], bool(row[5]), row[6])

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
                logger.warning("geocoding cache write failed for %r: %s", query, err)

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM resolution").fetchone()[0]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
