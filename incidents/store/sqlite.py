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

- What the page filters, counts and draws is answered in SQL from ``facts``, one
  denormalised, indexed row per incident or coded event with its correction applied, and
  ``facts_fts`` (FTS5) over its text (:mod:`incidents.store.sql`). ``facts`` is derived: triggers
  on ``incidents``, ``coded_events`` and ``corrections`` note the ids written in
  ``facts_stale``, and the store brings their ``facts`` rows (and the same-event groups of
  their buckets, :mod:`incidents.store.events`) up to date in the same transaction, or at the
  next read when another program wrote the tables.
- The schema is versioned (``PRAGMA user_version``): a store made by an earlier version is
  upgraded when opened writable (columns added, ``facts`` filled from the stored rows),
  every row kept.

A connection is opened per call, so one store object is safe to share between threads
(Streamlit's ``st.cache_resource``).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import incidents.store.sql as sql
from geo.cache import is_corruption
from geo.place import Place
from incidents.errors import (
    IncidentsError,
    NameTakenError,
    StoreCorruptError,
    StoreUnavailableError,
    UnknownIncidentError,
)
from incidents.model import Article, Incident
from incidents.store.bulk import CodedRows, rows_of
from incidents.store.events import Report, group_reports
from incidents.store.queries import SqlQueries
from incidents.store.rows import (
    StoredRows,
    _apply,
    _incident,
)

log = logging.getLogger(__name__)

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "incidents.sqlite"
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
#: ``PRAGMA user_version`` of a store this code writes: 2 has ``facts``, its FTS index and
#: the triggers that keep them; 3 keeps unreadable rows in ``fact_problems`` instead of
#: ``facts`` (whose narrow index then leads with lat); 4 has the monthly roll-ups
#: (``facts_rollup``, ``facts_cells``: :mod:`incidents.store.sql`) kept by triggers on
#: ``facts``; 5 the events figure's sums per same-event bucket (``facts_groups``, kept by the
#: regrouping); older ones are upgraded when opened writable.
SCHEMA_VERSION = 5
_FTS_BODY = (
    "COALESCE({r}.quote, '') || ' ' || COALESCE({r}.place, '') || ' ' || "
    "COALESCE({r}.place_mention, '') || ' ' || COALESCE({r}.actor1, '') || ' ' || "
    "COALESCE({r}.actor2, '') || ' ' || {r}.event_type || ' ' || COALESCE({r}.weapon, '') || "
    "' ' || {r}.source || ' ' || COALESCE({r}.date, '')"
)
#: The triggers that keep the roll-ups in step with ``facts`` (any write: ingest, corrections,
#: deletions, the sync), and what each does to them.
_ROLLUP_TRIGGERS = {
    "facts_rollup_insert": ("AFTER INSERT", (("new", 1),)),
    "facts_rollup_delete": ("AFTER DELETE", (("old", -1),)),
    "facts_rollup_update": (
        "AFTER UPDATE OF date, date_precision, date_start, month, event_type, origin, lat, lon, "
        "killed, injured",
        (("old", -1), ("new", 1)),
    ),
}
# Derived tables (one statement each: triggers hold semicolons).
_FACTS_SCHEMA = (
    sql.FACTS_TABLE,
    *sql.FACT_INDEXES,
    "CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS facts_stale (id TEXT PRIMARY KEY)",
    # Stored rows that cannot be read: out of ``facts`` (so no query need exclude them).
    "CREATE TABLE IF NOT EXISTS fact_problems ("
    "id TEXT PRIMARY KEY, tbl TEXT NOT NULL, source TEXT, reason TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS facts_fts_insert AFTER INSERT ON facts BEGIN "
    f"INSERT INTO facts_fts (rowid, body) VALUES (new.rowid, {_FTS_BODY.format(r='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS facts_fts_delete AFTER DELETE ON facts BEGIN "
    "DELETE FROM facts_fts WHERE rowid = old.rowid; END",
    "CREATE TRIGGER IF NOT EXISTS facts_fts_update AFTER UPDATE OF quote, place, "
    "place_mention, actor1, actor2, event_type, weapon, source, date ON facts BEGIN "
    "DELETE FROM facts_fts WHERE rowid = old.rowid; "
    f"INSERT INTO facts_fts (rowid, body) VALUES (new.rowid, {_FTS_BODY.format(r='new')}); END",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_stale_{verb.lower()} AFTER {verb} ON {table} "
        f"BEGIN INSERT OR IGNORE INTO facts_stale (id) VALUES ({row}.{key}); END"
        for table, key in (
            ("incidents", "id"),
            ("coded_events", "id"),
            ("corrections", "incident_id"),
        )
        for verb, row in (("INSERT", "new"), ("UPDATE", "old"), ("DELETE", "old"))
    ),
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_stale_rekey AFTER UPDATE OF {key} ON {table} "
        f"BEGIN INSERT OR IGNORE INTO facts_stale (id) VALUES (new.{key}); END"
        for table, key in (("incidents", "id"), ("coded_events", "id"))
    ),
    *sql.ROLLUP_TABLES,
    sql.GROUPS_TABLE,
    *(
        f"CREATE TRIGGER IF NOT EXISTS {name} {event} ON facts BEGIN "
        + " ".join(
            f"{statement};"
            for row, sign in changes
            for table in ("facts_rollup", "facts_cells")
            for statement in sql.rollup_add(table, row, sign)
        )
        + " END"
        for name, (event, changes) in _ROLLUP_TRIGGERS.items()
    ),
)
_CHUNK = 500  # ids per IN (...) list
#: Indexes of earlier versions replaced by covering ones: dropped when a store is opened.
_REPLACED_INDEXES = (
    "facts_month",
    "facts_date",
    "facts_group",
    "facts_order",
    "facts_toll",
    "facts_latlon",
)
_ANALYZE_FROM = 10_000  # rows of facts from which an upgrade refreshes the planner's statistics


def _fts_query(words: Sequence[str]) -> str:
    """FTS5 query: every word, as a quoted prefix (no operator can come from the user)."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def _sqlite_text_match(words: Sequence[str]) -> tuple[str, list[object]]:
    return (
        "f.rowid IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)",
        [_fts_query(words)],
    )


SQLITE = sql.Dialect(
    param="?",
    text_match=_sqlite_text_match,
    # (column + 180) is never negative, so CAST's truncation is floor: no math functions needed
    cell=lambda column, size: f"CAST(({column} + 180.0) / {size} AS INTEGER)",
)


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


class IncidentStore(StoredRows, SqlQueries):
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
        self._snapshot: IncidentStore | None = None  # an upgraded copy of an old read-only store
        if not self.read_only:
            with self._transaction("creating the tables") as con:
                self._migrate(con)

    def _migrate(self, con: sqlite3.Connection) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION`, keeping every row."""
        (version,) = con.execute("PRAGMA user_version").fetchone()
        for statement in filter(str.strip, _SCHEMA.split(";")):
            con.execute(statement)
        for table, column, definition in _MIGRATIONS:
            columns = {row[1] for row in con.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                log.info("%s: adding column %s.%s", self.path, table, column)
                con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        if version == 2:  # facts are right; unreadable rows move out, indexes change
            for index in ("facts_narrow", "facts_casualties"):
                con.execute(f"DROP INDEX IF EXISTS {index}")
        for index in _REPLACED_INDEXES:  # by covering ones (kept in FACT_INDEXES)
            con.execute(f"DROP INDEX IF EXISTS {index}")
        indexes = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
        for statement in _FACTS_SCHEMA:
            con.execute(statement)
        if version == SCHEMA_VERSION and not set(_INDEX_NAMES) <= indexes:
            (rows,) = con.execute("SELECT COUNT(*) FROM facts").fetchone()
            if rows >= _ANALYZE_FROM:  # new indexes on a large store: the planner's statistics
                con.execute("ANALYZE facts")
        if version == 2:
            con.execute(
                "INSERT OR REPLACE INTO fact_problems SELECT id, tbl, source, problem FROM facts "
                "WHERE readable = 0"
            )
            con.execute("DELETE FROM facts WHERE readable = 0")
        if version in (2, 3):  # facts are right: the roll-ups from them, one pass each
            refill_rollups(con)
        if version in (2, 3, 4):
            refill_groups(con)
        elif version < 2:
            self._rebuild_facts(con)
        if version < SCHEMA_VERSION:
            log.info("%s: upgraded from schema %d to %d", self.path, version, SCHEMA_VERSION)
            (rows,) = con.execute("SELECT COUNT(*) FROM facts").fetchone()
            if rows >= _ANALYZE_FROM:
                con.execute("ANALYZE facts")  # the planner's statistics, with the new indexes
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        else:
            self._sync(con)

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
            # A row an INSERT OR REPLACE replaces fires the delete triggers too, so the text
            # index and the roll-ups let go of it (none of the triggers writes a table that
            # has triggers: no chain).
            con.execute("PRAGMA recursive_triggers = ON")
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
        outcome = self.ingest_many([(article, incidents)], doing=f"storing {article.source}")[0]
        if isinstance(outcome, IncidentsError):
            raise outcome
        return outcome

    def ingest_many(
        self,
        items: Iterable[tuple[Article, Iterable[Incident]]],
        *,
        doing: str = "storing a batch of articles",
    ) -> list[int | IncidentsError]:
        """Store each ``(article, incidents)`` pair as :meth:`ingest` does, all in one
        transaction; return for each pair how many incidents were new, or the error that kept
        that article out (another text under its name): the other articles are stored.

        A failure of the store itself (a full disk, a damaged file) raises, and nothing of
        the batch is kept: the batch can be given again whole (ingesting is idempotent).
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        outcomes: list[int | IncidentsError] = []
        with self._transaction(doing) as con:
            for article, incidents in items:
                con.execute("SAVEPOINT article")
                try:
                    outcomes.append(self._store_article(con, article, incidents, now))
                except IncidentsError as err:
                    con.execute("ROLLBACK TO article")
                    outcomes.append(err)
                con.execute("RELEASE article")
            self._sync(con)
        return outcomes

    def _store_article(
        self, con: sqlite3.Connection, article: Article, incidents: Iterable[Incident], now: str
    ) -> int:
        """Write one article and its incidents inside the caller's transaction."""
        added = 0
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
            known = con.execute("SELECT 1 FROM incidents WHERE id = ?", (incident.id,)).fetchone()
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

    @staticmethod
    def _has_table(con: sqlite3.Connection, table: str) -> bool:
        return (
            con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            is not None
        )

    def _correction_columns(self, con: sqlite3.Connection) -> str:
        """``who, why``, or two empty literals in a read-only store made before them."""
        columns = {row[1] for row in con.execute("PRAGMA table_info(corrections)")}
        return "who, why" if {"who", "why"} <= columns else "'', ''"

    def import_coded(self, incidents: Iterable[Incident], *, dataset: str) -> int:
        """Store events of a coded dataset (``origin`` "acled" or "ucdp"); return how many
        were new. An event already stored (same dataset id) gets the row's data again and
        adds nothing. All or nothing, like :meth:`ingest`.

        ``incidents`` may be a stream (:func:`incidents.coded.stream_coded`): it is read in
        batches of :data:`IMPORT_BATCH`, one transaction in all. A new event's ``facts`` row
        is built from the event itself, not read back from the table; once the import is
        large beside the store (:data:`BULK_FROM` events and at least as many as the store
        held), the ``facts`` indexes and the text index are set aside and built once at the
        end. The same-event groups of the buckets the new events fall in are computed once,
        at the end. An event already stored whose row changed goes the usual way (its
        ``facts`` row refreshed from the table, its correction applied).
        """
        with self._transaction(f"importing {dataset}") as con:
            con.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
            con.execute("PRAGMA temp_store = MEMORY")  # the index builds' sorts, in memory
            (before,) = con.execute("SELECT COUNT(*) FROM coded_events").fetchone()
            buckets = _import_events(con, incidents, dataset=dataset)
            (after,) = con.execute("SELECT COUNT(*) FROM coded_events").fetchone()
            self._sync(con, buckets=buckets)
        log.info("%s: %d new events", dataset, after - before)
        return after - before

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
            self._sync(con)

    def remove_correction(self, incident_id: str) -> bool:
        """Drop the correction of ``incident_id``; return whether there was one."""
        with self._transaction() as con:
            cursor = con.execute("DELETE FROM corrections WHERE incident_id = ?", (incident_id,))
            self._sync(con)
            return cursor.rowcount > 0

    def version(self) -> tuple[int, int]:
        """Changes whenever the store is written, by any process (the file's and its WAL's
        modification times and sizes): the key of a reader's cached answers."""
        version = (0, 0)
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            if path.exists():
                stat = path.stat()
                version = (version[0] + stat.st_mtime_ns, version[1] + stat.st_size)
        return version

    def _fact_rows(
        self, con: sqlite3.Connection, ids: Sequence[str] | None
    ) -> Iterator[tuple[object, ...]]:
        """``facts`` rows of the stored rows with these ids (all when None)."""
        for table, source in (("incidents", "source"), ("coded_events", "dataset")):
            query = (
                f"SELECT i.id, i.{source}, i.data, c.place FROM {table} i "
                "LEFT JOIN corrections c ON c.incident_id = i.id"
            )
            chunks: Iterable[Sequence[str]] = [()] if ids is None else _chunks(ids)
            for chunk in chunks:
                where = f" WHERE i.id IN ({', '.join('?' * len(chunk))})" if ids is not None else ""
                for key, name, data, correction in con.execute(query + where, list(chunk)):
                    yield _fact_of(table, str(key), name, data, correction)

    def _rebuild_facts(self, con: sqlite3.Connection) -> None:
        """``facts`` (and its FTS index, roll-ups and groups) afresh from every stored row
        (the roll-ups summed once at the end, not row by row)."""
        for name in _ROLLUP_TRIGGERS:
            con.execute(f"DROP TRIGGER IF EXISTS {name}")
        con.execute("DELETE FROM facts")
        con.execute("DELETE FROM fact_problems")
        con.execute("DELETE FROM facts_stale")
        batch: list[tuple[object, ...]] = []
        for row in self._fact_rows(con, None):
            batch.append(row)
            if len(batch) >= 10_000:
                _insert_facts(con, batch)
                batch.clear()
        _insert_facts(con, batch)
        refill_rollups(con)
        for name in _ROLLUP_TRIGGERS:
            con.execute(_statement(name))
        self._regroup(con, None)

    def _sync(self, con: sqlite3.Connection, *, buckets: Iterable[str] = ()) -> None:
        """Refresh the ``facts`` rows the triggers marked stale, and the same-event groups of
        their buckets and of ``buckets`` (those of ``facts`` rows the caller wrote)."""
        stale = [row[0] for row in con.execute("SELECT id FROM facts_stale")]
        touched = set(buckets)
        if not stale:
            if touched:
                self._regroup(con, sorted(touched))
            return
        (total,) = con.execute("SELECT COUNT(*) FROM facts").fetchone()
        if len(stale) > max(1000, total // 5):
            self._rebuild_facts(con)
            return
        buckets = touched
        for chunk in _chunks(stale):
            marks = ", ".join("?" * len(chunk))
            buckets.update(
                row[0]
                for row in con.execute(
                    f"SELECT bucket FROM facts WHERE id IN ({marks}) AND bucket IS NOT NULL", chunk
                )
            )
            con.execute(f"DELETE FROM facts WHERE id IN ({marks})", chunk)
            con.execute(f"DELETE FROM fact_problems WHERE id IN ({marks})", chunk)
        rows = list(self._fact_rows(con, stale))
        _insert_facts(con, rows)
        rows = [row for row in rows if len(row) == len(sql.FACT_COLUMNS)]
        bucket_at = sql.FACT_COLUMNS.index("bucket")
        buckets.update(str(row[bucket_at]) for row in rows if row[bucket_at] is not None)
        con.execute("DELETE FROM facts_stale")
        self._regroup(con, sorted(buckets))

    def _regroup(self, con: sqlite3.Connection, buckets: Sequence[str] | None) -> None:
        """Same-event groups of these buckets (all when None), stored in ``event_group``."""
        query = (
            "SELECT bucket, id, source, event_type, date, date_precision, lat, lon, killed "
            "FROM facts WHERE lat IS NOT NULL AND bucket IS NOT NULL"
        )
        # Reports of one source never pair: only buckets holding two sources or more are read.
        mixed = (
            "SELECT bucket FROM facts WHERE lat IS NOT NULL AND bucket IS NOT NULL{} "
            "GROUP BY bucket HAVING COUNT(DISTINCT source) > 1"
        )
        if buckets is None:
            con.execute("UPDATE facts SET event_group = NULL WHERE event_group IS NOT NULL")
            paired = [row[0] for row in con.execute(mixed.format(""))]
        else:
            paired = []
            for chunk in _chunks(buckets):
                marks = ", ".join("?" * len(chunk))
                con.execute(
                    f"UPDATE facts SET event_group = NULL WHERE bucket IN ({marks}) "
                    "AND event_group IS NOT NULL",
                    chunk,
                )
                paired += [
                    row[0] for row in con.execute(mixed.format(f" AND bucket IN ({marks})"), chunk)
                ]
        rows = []
        for chunk in _chunks(paired):
            marks = ", ".join("?" * len(chunk))
            rows += con.execute(query + f" AND bucket IN ({marks})", chunk).fetchall()
        standing = group_reports((row[0], Report(*row[1:])) for row in rows)
        con.executemany(
            "UPDATE facts SET event_group = ? WHERE id = ?",
            [(stands, key) for key, stands in standing.items()],
        )
        if buckets is None:
            refill_groups(con)
            return
        for chunk in _chunks(buckets):  # the events figure's sums of these buckets, afresh
            con.execute(
                f"DELETE FROM facts_groups WHERE bucket IN ({', '.join('?' * len(chunk))})", chunk
            )
            for statement, params in sql.groups_fill("?", buckets=len(chunk)):
                con.execute(statement, [*params, *chunk])

    @contextmanager
    def _reading(self, doing: str) -> Iterator[sqlite3.Connection]:
        """A connection for a query on ``facts``, brought up to date first when writable."""
        if not self.read_only:
            with self._connect(doing) as con:
                if con.execute("SELECT 1 FROM facts_stale LIMIT 1").fetchone() is not None:
                    with self._transaction("bringing the query tables up to date") as w:
                        self._sync(w)
        with self._connect(doing) as con:
            current = self._has_table(con, "facts")
            if current:
                yield con
        if not current:
            with self._upgraded_copy()._reading(doing) as con:
                yield con

    def _upgraded_copy(self) -> IncidentStore:
        """A read-only store made by an earlier version has no ``facts``: its queries run on
        an upgraded copy in a temporary folder, made once (the file itself is left as it is)."""
        if self._snapshot is None:
            folder = Path(tempfile.mkdtemp(prefix="incident-store-"))
            log.warning(
                "%s is read-only and of an earlier version: querying an upgraded copy in %s "
                "(open it once where it can be written to upgrade it in place)",
                self.path,
                folder,
            )
            copy = sqlite3.connect(folder / self.path.name)
            try:
                with self._connect("copying it to upgrade") as con:
                    con.backup(copy)
            finally:
                copy.close()
            self._snapshot = IncidentStore(folder / self.path.name, check=False)
        return self._snapshot

    # --- The page's questions: SQL written once for both backends (queries.SqlQueries) -------

    _dialect = SQLITE

    def _rollup_ready(self, con: sqlite3.Connection) -> bool:
        """The roll-ups are kept from schema 5 on (a read-only store of an earlier version
        has ``facts`` but not them: its answers read ``facts``)."""
        return self._has_table(con, "facts_groups")


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _insert_facts(con: sqlite3.Connection, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert ``facts`` rows, and the problem rows (4 values) into ``fact_problems``."""
    con.executemany(
        f"INSERT OR REPLACE INTO facts ({', '.join(sql.FACT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(sql.FACT_COLUMNS))})",
        [row for row in rows if len(row) == len(sql.FACT_COLUMNS)],
    )
    con.executemany(
        "INSERT OR REPLACE INTO fact_problems VALUES (?, ?, ?, ?)",
        [row for row in rows if len(row) == 4],
    )


def _fact_of(
    table: str, key: str, source: str, data: str, correction: str | None
) -> tuple[object, ...]:
    """The ``facts`` row of one stored row (a row that cannot be read: a problem row)."""
    try:
        incident = _incident(data)
    except ValueError as err:
        return (key, table, source, str(err))  # a fact_problems row
    problem = None
    try:
        incident = _apply(incident, correction)
    except ValueError as err:  # shown as extracted; the bad correction is reported
        problem = str(err)
    return sql.fact_values(incident, tbl=table, source=source, problem=problem)


#: Events read per batch by :meth:`IncidentStore.import_coded`.
IMPORT_BATCH = 20_000
#: From this many events (and at least as many as the store held), an import sets the
#: ``facts`` indexes and text index aside and builds them once at the end.
BULK_FROM = 20_000
IMPORT_CACHE_KIB = 256 * 1024  # SQLite's page cache during an import (the index builds sort)
_INDEX_NAMES = tuple(statement.split()[5] for statement in sql.FACT_INDEXES)
_FTS_FILL = (
    f"INSERT INTO facts_fts (rowid, body) SELECT rowid, {_FTS_BODY.format(r='facts')} "
    "FROM facts WHERE rowid > ?"
)
_CODED_UPSERT = (
    "INSERT INTO coded_events VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
    "SET origin = excluded.origin, dataset = excluded.dataset, month = excluded.month, "
    "event_type = excluded.event_type, data = excluded.data "
    # a row given again as it is stored changes nothing (and marks nothing stale)
    "WHERE coded_events.data IS NOT excluded.data OR coded_events.dataset IS NOT "
    "excluded.dataset OR coded_events.origin IS NOT excluded.origin"
)


def _statement(name: str) -> str:
    """The ``CREATE TRIGGER`` statement of one of the store's triggers."""
    return next(s for s in _FACTS_SCHEMA if s.startswith(f"CREATE TRIGGER IF NOT EXISTS {name} "))


def _batches(items: Iterable[Incident], size: int) -> Iterator[list[Incident]]:
    batch: list[Incident] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _coded_rows(incidents: Iterable[Incident], *, dataset: str) -> Iterator[CodedRows]:
    """The rows to write, a batch at a time: a coded file's stream gives them itself
    (:meth:`incidents.coded.CodedStream.batches`, column-wise); other events are converted
    one by one (:func:`~incidents.store.bulk.rows_of`)."""
    batches = getattr(incidents, "batches", None)
    if callable(batches):
        yield from batches(size=IMPORT_BATCH, dataset=dataset)
        return
    for batch in _batches(incidents, IMPORT_BATCH):
        yield rows_of(batch, dataset=dataset)


def _import_events(
    con: sqlite3.Connection, incidents: Iterable[Incident], *, dataset: str
) -> set[str]:
    """Write coded events and the ``facts`` rows of the new ones inside the caller's
    transaction; return the buckets of those rows (their groups are the caller's to compute).

    The trigger that marks a new ``coded_events`` row stale is dropped for the import and
    made again before it returns (inside the transaction: another connection never sees the
    store without it). A new event with a stored correction (a row put back by hand) and an
    event already stored whose row changed are left to the triggers' way, through
    ``facts_stale``.
    """
    insert_trigger = "coded_events_stale_insert"
    corrected = {row[0] for row in con.execute("SELECT incident_id FROM corrections")}
    (held,) = con.execute("SELECT COUNT(*) FROM facts").fetchone()
    # No coded event stored yet: an id is known once this import wrote it (no lookups).
    fresh = con.execute("SELECT 1 FROM coded_events LIMIT 1").fetchone() is None
    written_ids: set[str] = set()
    last_rowid = 0  # facts rows above it were written with the text index set aside
    fact_insert = (
        f"INSERT OR REPLACE INTO facts ({', '.join(sql.FACT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(sql.FACT_COLUMNS))})"
    )
    bucket_at = sql.FACT_COLUMNS.index("bucket")
    buckets: set[str] = set()
    set_aside = False
    written = 0
    con.execute(f"DROP TRIGGER IF EXISTS {insert_trigger}")
    for batch in _coded_rows(incidents, dataset=dataset):
        written += len(batch)
        if not set_aside and written >= BULK_FROM and written >= held:
            last_rowid = set_indexes_aside(con)
            set_aside = True
        if fresh:
            known = written_ids
        else:
            known = set()
            for chunk in _chunks([row[0] for row in batch.events]):
                marks = ", ".join("?" * len(chunk))
                known.update(
                    row[0]
                    for row in con.execute(
                        f"SELECT id FROM coded_events WHERE id IN ({marks})", chunk
                    )
                )
        con.executemany(_CODED_UPSERT, batch.events)
        facts, stale = [], []
        for row in batch.facts:
            key = row[0]
            if key in known:
                continue  # the upsert's trigger marked it stale if its row changed
            if key in corrected:
                stale.append((key,))
                continue
            facts.append(row)
            known.add(key)  # an id given twice: the second is an update
        con.executemany(fact_insert, facts)
        con.executemany("INSERT OR IGNORE INTO facts_stale (id) VALUES (?)", stale)
        buckets.update(str(row[bucket_at]) for row in facts if row[bucket_at] is not None)
    con.execute(_statement(insert_trigger))
    if set_aside:
        put_indexes_back(con, last_rowid)
    return buckets


def set_indexes_aside(con: sqlite3.Connection, *, triggers: Sequence[str] = ()) -> int:
    """For a bulk write, inside the caller's transaction: drop the ``facts`` indexes, the
    triggers that feed the text index and the roll-ups, and ``triggers``; return the last
    ``facts`` rowid (the rows written after it are indexed by :func:`put_indexes_back`)."""
    for name in _INDEX_NAMES:
        con.execute(f"DROP INDEX IF EXISTS {name}")
    for name in ("facts_fts_insert", *_ROLLUP_TRIGGERS, *triggers):
        con.execute(f"DROP TRIGGER IF EXISTS {name}")
    (last_rowid,) = con.execute("SELECT COALESCE(MAX(rowid), 0) FROM facts").fetchone()
    return int(last_rowid)


def put_indexes_back(con: sqlite3.Connection, last_rowid: int, *,
                     triggers: Sequence[str] = ()) -> None:  # fmt: skip
    """Undo :func:`set_indexes_aside`: the text index gets the ``facts`` rows written since
    ``last_rowid``, the indexes are built (the sorts on all the cores), the roll-ups summed
    again from the whole of ``facts`` (one pass each, read from a covering index), the
    triggers made again, the planner's statistics refreshed."""
    con.execute(_FTS_FILL, (last_rowid,))
    con.execute(f"PRAGMA threads = {min(os.cpu_count() or 1, 4)}")
    for statement in sql.FACT_INDEXES:
        con.execute(statement)
    refill_rollups(con)
    for name in ("facts_fts_insert", *_ROLLUP_TRIGGERS, *triggers):
        con.execute(_statement(name))
    con.execute("ANALYZE facts")


def refill_groups(con: sqlite3.Connection) -> None:
    """``facts_groups`` afresh from every grouped ``facts`` row (one pass per origins set),
    inside the caller's transaction."""
    con.execute("DELETE FROM facts_groups")
    for statement, params in sql.groups_fill("?", buckets=None):
        con.execute(statement, params)


def refill_rollups(con: sqlite3.Connection) -> None:
    """The roll-ups (``facts_rollup``, ``facts_cells``) afresh from the whole of ``facts``,
    one ``GROUP BY`` pass each, inside the caller's transaction."""
    for table in ("facts_rollup", "facts_cells"):
        con.execute(f"DELETE FROM {table}")
        con.execute(sql.rollup_fill(table))
