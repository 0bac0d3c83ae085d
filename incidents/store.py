"""The incident store: articles (with their text), incidents and place corrections in SQLite.

Tables::

    articles     sha256 (key), source, language, pub_date, pub_precision, text, ingested_at
    incidents    id (key), article_sha256, source, month, event_type, data (Incident.to_dict JSON)
    corrections  incident_id (key), place (Place.to_dict JSON), corrected_at, who, why
    coded_events id (key: "acled:<event_id_cnty>", "ucdp:<id>"), origin, dataset (the file),
                 month, event_type, data (Incident.to_dict JSON)

- Re-ingesting an article adds nothing twice: articles are keyed on their content hash,
  incidents on their stable id (``INSERT OR IGNORE``).
- One ingest is one ``BEGIN IMMEDIATE`` transaction: if anything fails midway, nothing of it
  is kept. WAL journal and a busy timeout let two processes ingest at once without losing
  anything (the second waits for the first's write lock).
- Corrections live in their own table, keyed on the incident id, so a re-ingest leaves them
  alone; :meth:`IncidentStore.incidents` applies them (``Incident.corrected`` is True). Each
  keeps who made it and why; a store made before those columns gets them when opened
  (``ALTER TABLE ... ADD COLUMN``, every row kept, empty who and why).
- Events of coded datasets (ACLED, UCDP) live in ``coded_events``, keyed on the dataset's own
  event id: importing a file again adds nothing (a revised row replaces its data).
- Re-ingesting an article replaces the data of its incidents (same ids) with the new
  extraction: a place the geocoder could not resolve once (a damaged cache) comes back.
- One name, one text: another text under a name already stored is refused
  (:class:`~incidents.errors.NameTakenError`), so the article view never shows the wrong text.
- The store is data, never rebuilt behind the user's back. Opening checks it (``PRAGMA
  quick_check``) and a damaged file raises :class:`~incidents.errors.StoreCorruptError` saying
  how to recover (``python -m incidents check``, which backs the file up before any repair).
  Every row read is checked (:meth:`Incident.from_dict`); one that cannot be read is reported
  with its article (:class:`RowProblem`) and the others are still returned.

A connection is opened per call, so one store object is safe to share between threads
(Streamlit's ``st.cache_resource``).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from geo.cache import is_corruption
from geo.place import Place
from incidents.errors import (
    NameTakenError,
    StoreCorruptError,
    StoreUnavailableError,
    UnknownIncidentError,
)
from incidents.model import Article, Incident

log = logging.getLogger(__name__)

DEFAULT_DB = Path(__file__).resolve().parents[1] / "data" / "incidents.sqlite"
BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    pub_date TEXT,
    pub_precision TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY,
    article_sha256 TEXT NOT NULL REFERENCES articles (sha256),
    source TEXT NOT NULL,
    month TEXT,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_month ON incidents (month);
CREATE INDEX IF NOT EXISTS incidents_source ON incidents (source);
CREATE INDEX IF NOT EXISTS incidents_event_type ON incidents (event_type);
CREATE TABLE IF NOT EXISTS corrections (
    incident_id TEXT PRIMARY KEY,
    place TEXT NOT NULL,
    corrected_at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    why TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS coded_events (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    dataset TEXT NOT NULL,
    month TEXT,
    event_type TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS coded_events_month ON coded_events (month);
CREATE INDEX IF NOT EXISTS coded_events_dataset ON coded_events (dataset);
"""
# Columns added since the first stores: (table, column, definition). Added when missing.
_MIGRATIONS = (
    ("corrections", "who", "TEXT NOT NULL DEFAULT ''"),
    ("corrections", "why", "TEXT NOT NULL DEFAULT ''"),
)


@dataclass(frozen=True)
class RowProblem:
    """A stored row that cannot be read back, and why; the other rows are unaffected."""

    table: str
    key: str
    source: str | None
    reason: str

    def __str__(self) -> str:
        of = f" of {self.source}" if self.source else ""
        return f"{self.table} row {self.key!r}{of}: {self.reason}"


@dataclass(frozen=True)
class StoreRead:
    """The incidents that could be read, and the rows that could not."""

    incidents: list[Incident]
    problems: list[RowProblem]


@dataclass(frozen=True)
class Correction:
    """A stored correction: which incident, the place it was moved to, when, by whom, why."""

    incident_id: str
    place: str  # the place's name (the JSON is read with the incident)
    corrected_at: str
    who: str
    why: str


def recovery_hint(path: Path) -> str:
    """What to run when the store at ``path`` is damaged."""
    return (
        f"check it with `python -m incidents check --db {path}` (SQLite's integrity check); "
        f"`python -m incidents check --repair --db {path}` backs the file up first, then "
        "copies every readable row into a new file"
    )


def _translate(path: Path, err: sqlite3.Error, doing: str) -> StoreUnavailableError:
    """``sqlite3`` errors in the store's words: damaged file, or file out of reach."""
    message = str(err)
    if is_corruption(err):  # a damaged file, as opposed to one out of reach
        return StoreCorruptError(
            f"{path} is damaged ({message}) while {doing}: {recovery_hint(path)}"
        )
    return StoreUnavailableError(f"{path}: {message} (while {doing})")


class IncidentStore:
    """Articles, incidents and corrections in one SQLite file.

    Parameters
    ----------
    path : str or Path, optional
        The database file (created with its folder); ``data/incidents.sqlite`` by default.
    check : bool
        Run SQLite's ``quick_check`` on opening (default), so a damaged file is reported
        before anything is written into it.

    Attributes
    ----------
    was_zero_bytes : bool
        The file existed but held 0 bytes when opened: perhaps a truncated store. It is
        used as an empty store, and the caller should say so (the dashboard does not seed it).
    read_only : bool
        The file or its folder cannot be written (a read-only mount, a folder without write
        permission): the store is read as it is, and any write raises
        :class:`StoreUnavailableError` saying so.

    Raises
    ------
    StoreCorruptError
        When the file is damaged: the message says how to recover.
    StoreUnavailableError
        When it cannot be opened or created.
    """

    def __init__(self, path: str | Path | None = None, *, check: bool = True) -> None:
        self.path = Path(path) if path is not None else DEFAULT_DB
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreUnavailableError(f"cannot create {self.path.parent}: {err}") from err
        self.was_zero_bytes = self.path.is_file() and self.path.stat().st_size == 0
        self.read_only = self.path.is_file() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        )
        if self.read_only:
            log.warning("%s cannot be written: opened read-only", self.path)
        if self.was_zero_bytes:
            log.warning(
                "%s is an empty (0-byte) file: opened as an empty store; if it held "
                "incidents, restore it from a backup",
                self.path,
            )
        if check and self.path.is_file() and not self.was_zero_bytes:
            problems = self.integrity_problems(quick=True)
            if problems:
                raise StoreCorruptError(
                    f"{self.path} is damaged ({problems[0]}): {recovery_hint(self.path)}"
                )
        if not self.read_only:
            with self._transaction("creating the tables") as con:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    con.execute(statement)
                for table, column, definition in _MIGRATIONS:
                    columns = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
                    if column not in columns:
                        log.info("%s: adding column %s.%s", self.path, table, column)
                        con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    def __repr__(self) -> str:
        return f"IncidentStore({str(self.path)!r})"

    def _open(self) -> sqlite3.Connection:
        """A connection: read-write, or read-only when the file or its folder is.

        A read-only WAL database whose folder lacks the ``-shm`` file can only be read as
        immutable (SQLite then reads the main file alone, not what a WAL still holds).
        """
        if not self.read_only:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        uri = self.path.resolve().as_uri()
        con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            con.execute("SELECT 1 FROM sqlite_master LIMIT 1")
            return con
        except sqlite3.OperationalError as err:
            con.close()
            log.debug("%s: read as immutable (%s)", self.path, err)
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S)

    @contextmanager
    def _connect(self, doing: str = "reading") -> Iterator[sqlite3.Connection]:
        try:
            con = self._open()
        except sqlite3.Error as err:
            raise _translate(self.path, err, f"opening it for {doing}") from err
        try:
            con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if not self.read_only:
                con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA foreign_keys = ON")
            yield con
        except sqlite3.Error as err:
            raise _translate(self.path, err, doing) from err
        finally:
            con.close()

    @contextmanager
    def _transaction(self, doing: str = "writing") -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any error.

        The error that stopped it is the one raised: SQLite may already have rolled back by
        itself (a full disk does), and a second rollback must not hide the cause.
        """
        if self.read_only:
            raise StoreUnavailableError(
                f"{self.path} is read-only (the file or its folder cannot be written): "
                f"nothing was changed while {doing}"
            )
        with self._connect(doing) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    try:
                        con.execute("ROLLBACK")
                    except sqlite3.Error as rollback_error:
                        log.warning("%s: rollback failed: %s", self.path, rollback_error)
                raise

    def integrity_problems(self, *, quick: bool = False) -> list[str]:
        """SQLite's own check of the file: ``[]`` when sound, else what it found.

        ``quick`` runs ``quick_check`` (pages and structure, no index contents), fast enough
        to run at every opening; the full ``integrity_check`` also compares the indexes.
        """
        pragma = "quick_check" if quick else "integrity_check"
        try:
            con = self._open()
        except sqlite3.Error as err:
            raise _translate(self.path, err, "opening it for a check") from err
        try:
            rows = [row[0] for row in con.execute(f"PRAGMA {pragma}")]
        except sqlite3.DatabaseError as err:
            if is_corruption(err):
                return [str(err)]
            raise _translate(self.path, err, "checking it") from err
        finally:
            con.close()
        return [] if rows == ["ok"] else rows

    def ingest(self, article: Article, incidents: Iterable[Incident]) -> int:
        """Store ``article`` and its ``incidents``; return how many incidents were new.

        Re-ingesting the same article (same content hash) or an incident already stored (same
        id) adds nothing. All or nothing: on any error the store is left as it was.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added = 0
        with self._transaction(f"storing {article.source}") as con:
            stored = con.execute(
                "SELECT source FROM articles WHERE sha256 = ?", (article.sha256,)
            ).fetchone()
            if stored is not None and stored[0] != article.source:
                log.info("%s: same text as %s, already stored", article.source, stored[0])
                return 0  # the same report under another name is not a second event
            if stored is None and self._name_taken(con, article.source):
                raise NameTakenError(
                    f"{article.source}: another text is already stored under this name; "
                    "give the new article another name (nothing was added)"
                )
            con.execute(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    article.sha256,
                    article.source,
                    article.language,
                    article.pub_date.isoformat() if article.pub_date else None,
                    article.pub_precision,
                    article.text,
                    now,
                ),
            )
            for incident in incidents:
                known = con.execute(
                    "SELECT 1 FROM incidents WHERE id = ?", (incident.id,)
                ).fetchone()
                # A re-ingest refreshes what an incident rests on (its place may have been
                # resolved since); a correction, kept apart, still wins when reading.
                con.execute(
                    "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                    "SET article_sha256 = excluded.article_sha256, source = excluded.source, "
                    "month = excluded.month, event_type = excluded.event_type, "
                    "data = excluded.data",
                    (
                        incident.id,
                        article.sha256,
                        incident.source,
                        incident.month,
                        incident.event_type,
                        json.dumps(incident.to_dict(), ensure_ascii=False),
                    ),
                )
                added += known is None
        log.info("%s: %d new incidents", article.source, added)
        return added

    @staticmethod
    def _name_taken(con: sqlite3.Connection, source: str) -> bool:
        return (
            con.execute("SELECT 1 FROM articles WHERE source = ?", (source,)).fetchone() is not None
        )

    def incidents(
        self, *, months: Iterable[str] | None = None, sources: Iterable[str] | None = None
    ) -> list[Incident]:
        """Return the stored incidents that can be read, corrections applied, by date then id.

        A row that cannot be read is left out with a warning in the log;
        :meth:`read_incidents` also returns what was left out.
        """
        return self.read_incidents(months=months, sources=sources).incidents

    def read_incidents(
        self, *, months: Iterable[str] | None = None, sources: Iterable[str] | None = None
    ) -> StoreRead:
        """Return the readable incidents (corrections applied, by date then id) and the rows
        that could not be read, each with its article and the reason.

        Parameters
        ----------
        months : iterable of str, optional
            Keep incidents of these ``YYYY-MM`` months only.
        sources : iterable of str, optional
            Keep incidents of these articles only.
        """
        rows = []
        with self._connect("reading incidents") as con:
            coded = self._has_table(con, "coded_events")
            for table, source in (("incidents", "source"), ("coded_events", "dataset")):
                if table == "coded_events" and not coded:
                    continue  # a read-only store made before coded datasets
                query = (
                    f"SELECT i.id, i.{source}, i.data, c.place FROM {table} i "
                    "LEFT JOIN corrections c ON c.incident_id = i.id"
                )
                clauses, params = [], []
                for column, values in (("i.month", months), (f"i.{source}", sources)):
                    if values is not None:
                        values = list(values)
                        clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                        params.extend(values)
                if clauses:
                    query += " WHERE " + " AND ".join(clauses)
                rows += con.execute(query, params).fetchall()
        result, problems = [], []
        for incident_id, source, data, correction in rows:
            try:
                incident = _incident(data)
            except ValueError as err:
                problems.append(RowProblem("incidents", str(incident_id), source, str(err)))
                log.warning("%s: %s", self.path, problems[-1])
                continue
            try:
                incident = _apply(incident, correction)
            except ValueError as err:  # shown as extracted; the bad correction is reported
                problems.append(RowProblem("corrections", str(incident_id), source, str(err)))
                log.warning("%s: %s", self.path, problems[-1])
            result.append(incident)
        result.sort(key=lambda i: (i.date or "", i.source, i.quote_start, i.id))
        return StoreRead(result, problems)

    @staticmethod
    def _has_table(con: sqlite3.Connection, table: str) -> bool:
        return (
            con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            is not None
        )

    def import_coded(self, incidents: Iterable[Incident], *, dataset: str) -> int:
        """Store events of a coded dataset (``origin`` "acled" or "ucdp"); return how many
        were new. An event already stored (same dataset id) gets the row's data again and
        adds nothing. All or nothing, like :meth:`ingest`."""
        rows = [
            (
                incident.id,
                incident.origin,
                dataset,
                incident.month,
                incident.event_type,
                json.dumps(incident.to_dict(), ensure_ascii=False),
            )
            for incident in incidents
        ]
        with self._transaction(f"importing {dataset}") as con:
            (before,) = con.execute("SELECT COUNT(*) FROM coded_events").fetchone()
            con.executemany(
                "INSERT INTO coded_events VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                "SET origin = excluded.origin, dataset = excluded.dataset, "
                "month = excluded.month, event_type = excluded.event_type, data = excluded.data",
                rows,
            )
            (after,) = con.execute("SELECT COUNT(*) FROM coded_events").fetchone()
        log.info("%s: %d new events", dataset, after - before)
        return after - before

    def corrections(self) -> list[Correction]:
        """Every stored correction, the latest first."""
        with self._connect("reading corrections") as con:
            columns = {row[1] for row in con.execute("PRAGMA table_info(corrections)")}
            extra = "who, why" if {"who", "why"} <= columns else "'', ''"
            rows = con.execute(
                f"SELECT incident_id, place, corrected_at, {extra} FROM corrections "
                "ORDER BY corrected_at DESC, incident_id"
            ).fetchall()
        result = []
        for incident_id, place, corrected_at, who, why in rows:
            try:
                name = str(json.loads(place).get("name", ""))
            except (json.JSONDecodeError, AttributeError, TypeError):
                name = "(unreadable place)"
            result.append(Correction(incident_id, name, corrected_at, who or "", why or ""))
        return result

    def articles(self) -> list[Article]:
        """Return the stored articles (with their text), by source."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT sha256, source, language, pub_date, pub_precision, text FROM articles "
                "ORDER BY source, ingested_at"
            ).fetchall()
        return [
            Article(
                source=source,
                text=text,
                language=language,
                pub_date=date.fromisoformat(pub) if pub else None,
                pub_precision=precision,
                sha256=sha,
            )
            for sha, source, language, pub, precision, text in rows
        ]

    def source_of_text(self, sha256: str) -> str | None:
        """The name an article with this content hash is stored under, or None."""
        with self._connect() as con:
            row = con.execute("SELECT source FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def article_text(self, source: str) -> str | None:
        """Return the text of the article named ``source`` (the latest ingested), or None."""
        with self._connect() as con:
            row = con.execute(
                "SELECT text FROM articles WHERE source = ? ORDER BY ingested_at DESC LIMIT 1",
                (source,),
            ).fetchone()
        return row[0] if row else None

    def months(self) -> list[str]:
        """Return the distinct ``YYYY-MM`` months of the stored incidents, sorted."""
        with self._connect() as con:
            union = (
                " UNION SELECT month FROM coded_events"
                if self._has_table(con, "coded_events")
                else ""
            )
            rows = con.execute(
                f"SELECT * FROM (SELECT month FROM incidents{union}) "
                "WHERE month IS NOT NULL ORDER BY month"
            ).fetchall()
        return [row[0] for row in rows]

    def correct_place(
        self, incident_id: str, place: Place, *, who: str = "", why: str = ""
    ) -> None:
        """Record that incident ``incident_id`` happened at ``place`` (kept across re-ingests),
        corrected by ``who`` because ``why``.

        Raises
        ------
        UnknownIncidentError
            When no stored incident has that id.
        """
        if place.source != "correction":
            place = replace(place, source="correction")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction() as con:
            if (
                con.execute(
                    "SELECT 1 FROM incidents WHERE id = ? UNION SELECT 1 FROM coded_events "
                    "WHERE id = ?",
                    (incident_id, incident_id),
                ).fetchone()
                is None
            ):
                raise UnknownIncidentError(f"no incident {incident_id!r} in {self.path}")
            con.execute(
                "INSERT OR REPLACE INTO corrections (incident_id, place, corrected_at, who, why) "
                "VALUES (?, ?, ?, ?, ?)",
                (incident_id, json.dumps(place.to_dict(), ensure_ascii=False), now, who, why),
            )

    def remove_correction(self, incident_id: str) -> bool:
        """Drop the correction of ``incident_id``; return whether there was one."""
        with self._transaction() as con:
            cursor = con.execute("DELETE FROM corrections WHERE incident_id = ?", (incident_id,))
            return cursor.rowcount > 0

    def is_empty(self) -> bool:
        """True when the store holds no article."""
        with self._connect() as con:
            return con.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def counts(self) -> dict[str, int]:
        """Return the number of articles, incidents and corrections."""
        with self._connect() as con:
            return {
                table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("articles", "incidents", "corrections", "coded_events")
                if self._has_table(con, table)
            }


def _incident(data: str) -> Incident:
    """An incident from its stored JSON; ValueError says what is wrong with it."""
    try:
        return Incident.from_dict(json.loads(data))
    except (json.JSONDecodeError, TypeError) as err:
        raise ValueError(f"not an incident record: {err}") from err


def _apply(incident: Incident, correction: str | None) -> Incident:
    if correction is None:
        return incident
    try:
        place = Place.from_dict(json.loads(correction))
    except (json.JSONDecodeError, TypeError, ValueError) as err:
        raise ValueError(f"its correction cannot be read ({err})") from err
    return replace(incident, place=place, corrected=True)
