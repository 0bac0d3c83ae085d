"""The incident store in PostgreSQL + PostGIS: one store shared by several processes and machines.

The same tables and answers as the SQLite store (:mod:`incidents.store`), chosen by the URL
``INCIDENT_MAP_DB=postgresql://user@host/db``. What differs:

- **Schema by versioned migrations**: the numbered SQL files of ``incidents/migrations/``
  (``0001_base.sql``, ``0002_...``), applied in order at opening, each once, recorded in
  ``schema_migrations``, under an advisory lock so that several processes opening a store at
  once migrate it once. A store made by an older version is upgraded in place, never rebuilt.
- **Concurrent writers keep every article once**: articles are unique on their content hash
  and on their name, incidents on their id, corrections on their incident; every write is an
  ``INSERT ... ON CONFLICT`` in one transaction, rows locked in id order (no deadlock between
  two ingests sharing incidents), retried on a deadlock or serialisation failure.
- **A version counter** (a sequence bumped after each committed write) tells a dashboard that
  another process wrote, so its cached answers are refreshed at the next rerun.

Connections come from a small pool (``psycopg_pool``), opened lazily, so the store object can
be shared between threads (Streamlit's ``st.cache_resource``) and pickled to another process
(a Dask worker), where it opens its own pool.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import psycopg.errors
from psycopg import conninfo
from psycopg_pool import ConnectionPool

import incidents.store.sql as sql
from geo.place import Place
from incidents.errors import (
    IncidentsError,
    NameTakenError,
    StoreUnavailableError,
    UnknownIncidentError,
)
from incidents.model import Article, Incident
from incidents.store.base import Bounds
from incidents.store.events import Report, group_reports
from incidents.store.queries import SqlQueries
from incidents.store.rows import StoredRows
from incidents.store.sqlite import _fact_of

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The advisory lock key that serialises migrations (any constant; "incident-map" as int).
MIGRATION_LOCK = 0x1AC1DE47
#: The advisory lock held while ``facts`` is brought up to date (one writer at a time there,
#: so a fact is rewritten once and a bucket's same-event groups see every committed report).
FACTS_LOCK = 0x1AC1DE48
MAX_LEXEME = 500  # characters: longer "words" are left out of the search index
_FACT_INSERT_COLUMNS = (*sql.FACT_COLUMNS, "tsv")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
POOL_MAX = 4
RETRIES = 5
T = TypeVar("T")


def public_url(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return re.sub(r"//[^@/]*@", "//…@", url)
    params.pop("password", None)
    host, port, db = params.get("host", ""), params.get("port", ""), params.get("dbname", "")
    user = f"{params['user']}@" if params.get("user") else ""
    return f"postgresql://{user}{host}{':' + str(port) if port else ''}/{db}"


def _pg_text_match(words: Sequence[str]) -> tuple[str, list[Any]]:
    """Every word as a prefix of a lexeme of ``tsv`` (a tsquery literal: the words are
    letters and digits only, so nothing in them is syntax)."""
    return "f.tsv @@ %s::tsquery", [" & ".join(f"'{word}':*" for word in words)]


def _pg_within(box: Bounds) -> tuple[str, list[Any]]:
    """Inside the box, through the GiST index on ``geom`` (borders included)."""
    return (
        "f.geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)",
        [box.west, box.south, box.east, box.north],
    )


POSTGRES = sql.Dialect(
    param="%s",
    text_match=_pg_text_match,
    cell=lambda column, size: f"FLOOR(({column} + 180.0) / {size})::int",
    within=_pg_within,
)


def tsvector_literal(row: Sequence[Any]) -> str:
    """The search words of a ``facts`` row (as SQLite's FTS body: the sentence, place, actors,
    type, weapon, source and date), folded, as a tsvector literal."""
    at = {column: i for i, column in enumerate(sql.FACT_COLUMNS)}
    fields = (
        "quote", "place", "place_mention", "actor1", "actor2", "event_type", "weapon",
        "source", "date",
    )  # fmt: skip
    text = " ".join(str(row[at[f]]) for f in fields if row[at[f]])
    words = {w for w in sql.fold_words(text) if len(w) <= MAX_LEXEME}
    return " ".join(f"'{word}'" for word in sorted(words))


def migrations() -> list[tuple[int, str, str]]:
    """The migrations shipped with the code: ``(version, name, sql)`` in version order."""
    found = []
    for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        found.append((int(path.name[:4]), path.stem, path.read_text(encoding="utf-8")))
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{MIGRATIONS}: migrations must be numbered 1, 2, 3…: {versions}")
    return found


SCHEMA_VERSION = len(migrations())


def migrate(con: psycopg.Connection, *, target: int | None = None) -> list[str]:
    """Bring the schema of the database ``con`` is connected to up to ``target`` (the latest
    by default), in one transaction; return the names of the migrations applied."""
    applied: list[str] = []
    with con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations():
            if version in done or (target is not None and version > target):
                continue
            log.info("migrating the store to version %d (%s)", version, name)
            con.execute(sql.encode())
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
            )
            applied.append(name)
    return applied


def schema_version(con: psycopg.Connection) -> int:
    """The highest migration applied to the database (0 for an empty one)."""
    row = con.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    row = con.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


class PostgresStore(StoredRows, SqlQueries):
    """Articles, incidents and corrections in a PostgreSQL database with PostGIS.

    Parameters
    ----------
    url : str
        ``postgresql://user[:password]@host[:port]/dbname`` (libpq's URL; ``?sslmode=`` etc.
        as libpq reads them). The database must exist and have PostGIS available.
    migrate_to : int, optional
        Stop the migrations at this version (the tests make a store as an older version
        left it); the latest by default.

    Raises
    ------
    StoreUnavailableError
        When the server cannot be reached or the schema cannot be brought up to date.
    """

    was_zero_bytes = False
    read_only = False
    _dialect = POSTGRES

    def __init__(self, url: str, *, migrate_to: int | None = None, check: bool = True) -> None:
        del check  # the server checks its own pages; kept for IncidentStore's signature
        self.url = url
        self.path = public_url(url)  # what messages name the store by
        self._pool: ConnectionPool | None = None
        self._pool_lock = threading.Lock()
        try:
            with psycopg.connect(url, autocommit=True) as con:
                applied = migrate(con, target=migrate_to)
        except psycopg.Error as err:
            raise StoreUnavailableError(f"{self.path}: {err} (while opening it)") from err
        if applied:
            log.info("%s: applied %s", self.path, ", ".join(applied))
        if migrate_to is None:
            self._write("bringing the query tables up to date", lambda con: None)

    def __repr__(self) -> str:
        return f"PostgresStore({self.path!r})"

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its pool (threads, sockets): the copy opens its own."""
        state = self.__dict__.copy()
        state["_pool"] = None
        del state["_pool_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._pool_lock = threading.Lock()

    def close(self) -> None:
        """Close the pool's connections (a later call opens a new pool)."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _get_pool(self) -> ConnectionPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=POOL_MAX,
                    open=True,
                    name="incident-store",
                    kwargs={"autocommit": True},
                )
                # Closed with the store, in the thread that drops it (not in a pool thread,
                # where the garbage collector might otherwise find the pool).
                weakref.finalize(self, self._pool.close)
            return self._pool

    @contextmanager
    def _connect(self, doing: str = "reading") -> Iterator[psycopg.Connection]:
        try:
            with self._get_pool().connection() as con:
                yield con
        except psycopg.Error as err:
            raise StoreUnavailableError(f"{self.path}: {err} (while {doing})") from err

    def _write(self, doing: str, work: Callable[[psycopg.Connection], T]) -> T:
        """Run ``work`` in one transaction, retried on a deadlock or a serialisation failure;
        the version counter is bumped once it is committed."""
        for attempt in range(1, RETRIES + 1):
            try:
                with self._connect(doing) as con:
                    with con.transaction():
                        result = work(con)
                        synced = self._sync(con)
                    if synced or result:
                        con.execute("SELECT nextval('store_version')")
                    return result
            except StoreUnavailableError as err:
                cause = err.__cause__
                retry = isinstance(
                    cause, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure
                )
                if not retry or attempt == RETRIES:
                    raise
                log.info("%s: %s, retrying (%d)", self.path, cause, attempt)
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def version(self) -> tuple[int, int]:
        """Grows whenever any process commits a write to the store (a sequence bumped after
        each commit): the key of a reader's cached answers."""
        with self._connect() as con:
            row = con.execute(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM store_version"
            ).fetchone()
        return (int(row[0]) if row else 0, 0)

    @contextmanager
    def _reading(self, doing: str) -> Iterator[psycopg.Connection]:
        """A connection for a query on ``facts``, brought up to date first if another program
        wrote the tables."""
        with self._connect(doing) as con:
            stale = con.execute("SELECT 1 FROM facts_stale LIMIT 1").fetchone()
        if stale is not None:
            self._write("bringing the query tables up to date", lambda con: None)
        with self._connect(doing) as con:
            yield con

    # --- The derived facts table ----------------------------------------------------------

    def _sync(self, con: psycopg.Connection) -> int:
        """Rewrite the ``facts`` rows of the stale ids and regroup their buckets; return how
        many were rewritten. Runs inside the writing transaction, under :data:`FACTS_LOCK`."""
        if con.execute("SELECT to_regclass('facts_stale') IS NULL").fetchone() == (True,):
            return 0  # a store held at an older schema (the migration tests)
        con.execute("SELECT pg_advisory_xact_lock(%s)", (FACTS_LOCK,))
        stale = [row[0] for row in con.execute("DELETE FROM facts_stale RETURNING id")]
        if not stale:
            return 0
        buckets = {
            row[0]
            for row in con.execute(
                "SELECT DISTINCT bucket FROM facts WHERE id = ANY(%s) AND bucket IS NOT NULL",
                (stale,),
            )
        }
        con.execute("DELETE FROM facts WHERE id = ANY(%s)", (stale,))
        con.execute("DELETE FROM fact_problems WHERE id = ANY(%s)", (stale,))
        found = list(self._fact_rows(con, stale))
        rows = [row for row in found if len(row) == len(sql.FACT_COLUMNS)]
        month_at = sql.FACT_COLUMNS.index("month")
        self._ensure_partitions(con, {str(row[month_at]) for row in rows if row[month_at]})
        columns = ", ".join(_FACT_INSERT_COLUMNS)
        with con.cursor() as cur:
            with cur.copy(f"COPY facts ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, tsvector_literal(row)))
            cur.executemany(  # rows that cannot be read: listed, never queried
                "INSERT INTO fact_problems (id, tbl, source, reason) VALUES (%s, %s, %s, %s)",
                [row for row in found if len(row) == 4],
            )
        bucket_at = sql.FACT_COLUMNS.index("bucket")
        buckets.update(str(row[bucket_at]) for row in rows if row[bucket_at] is not None)
        self._regroup(con, sorted(buckets))
        return len(stale)

    @staticmethod
    def _fact_rows(con: psycopg.Connection, ids: Sequence[str]) -> Iterator[tuple[object, ...]]:
        for table, source in (("incidents", "source"), ("coded_events", "dataset")):
            cursor = con.execute(
                f"SELECT i.id, i.{source}, i.data, c.place FROM {table} i "
                "LEFT JOIN corrections c ON c.incident_id = i.id WHERE i.id = ANY(%s)",
                (list(ids),),
            )
            for key, name, data, correction in cursor:
                yield _fact_of(table, str(key), name, data, correction)

    @staticmethod
    def _ensure_partitions(con: psycopg.Connection, months: Iterable[str]) -> None:
        """A partition of ``facts`` for each of these months that has none yet (a month that
        is not ``YYYY-MM`` stays in the default partition)."""
        existing = {
            row[0]
            for row in con.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'facts'::regclass"
            )
        }
        for month in sorted(months):
            if not _MONTH.fullmatch(month):
                continue
            name = f"facts_{month.replace('-', '_')}"
            if name in existing:
                continue
            year, number = int(month[:4]), int(month[5:])
            following = f"{year + number // 12:04d}-{number % 12 + 1:02d}"
            # Before any row of the month is written: the default partition holds none.
            con.execute(
                f"CREATE TABLE {name} PARTITION OF facts FOR VALUES FROM ('{month}') "
                f"TO ('{following}')"
            )
            log.info("facts: partition %s made", name)

    @staticmethod
    def _regroup(con: psycopg.Connection, buckets: Sequence[str]) -> None:
        """Same-event groups of these buckets, stored in ``event_group``."""
        if not buckets:
            return
        con.execute(
            "UPDATE facts SET event_group = NULL WHERE bucket = ANY(%s) "
            "AND event_group IS NOT NULL",
            (list(buckets),),
        )
        rows = con.execute(
            "SELECT bucket, id, source, event_type, date, date_precision, lat, lon, killed "
            "FROM facts WHERE lat IS NOT NULL AND bucket = ANY(%s)",
            (list(buckets),),
        ).fetchall()
        standing = group_reports((row[0], Report(*row[1:])) for row in rows)
        if standing:
            with con.cursor() as cur:
                cur.executemany(
                    "UPDATE facts SET event_group = %s WHERE id = %s",
                    [(stands, key) for key, stands in sorted(standing.items())],
                )

    def integrity_problems(self, *, quick: bool = False) -> list[str]:
        """The server keeps its own pages sound (checksums, WAL): nothing to report here."""
        del quick
        return []

    def schema_version(self) -> int:
        """The highest migration applied to this store."""
        with self._connect() as con:
            return schema_version(con)

    # --- Writes ---------------------------------------------------------------------------

    def ingest(self, article: Article, incidents: Iterable[Incident]) -> int:
        """Store ``article`` and its ``incidents``; return how many incidents were new.

        As :meth:`incidents.store.IncidentStore.ingest`: the same text again adds nothing,
        another text under a stored name raises :class:`NameTakenError`, all or nothing.
        Safe under concurrent writers: each article and incident is stored once.
        """
        (outcome,) = self.ingest_many([(article, incidents)], doing=f"storing {article.source}")
        if isinstance(outcome, IncidentsError):
            raise outcome
        return outcome

    def ingest_many(
        self,
        items: Iterable[tuple[Article, Iterable[Incident]]],
        *,
        doing: str = "storing a batch of articles",
    ) -> list[int | IncidentsError]:
        """Store each ``(article, incidents)`` pair as :meth:`ingest` does, in one transaction
        (a savepoint per article); return per pair how many incidents were new, or the error
        that kept that article out (another text under its name). A failure of the store
        itself raises and keeps nothing of the batch (given again, nothing is doubled)."""
        batch = [(article, sorted(incidents, key=lambda i: i.id)) for article, incidents in items]
        now = datetime.now(UTC).isoformat(timespec="seconds")

        def work(con: psycopg.Connection) -> list[int | IncidentsError]:
            outcomes: list[int | IncidentsError] = []
            for article, rows in batch:
                try:
                    with con.transaction():  # a savepoint: this article only, on an error
                        outcomes.append(self._store_article(con, article, rows, now))
                except IncidentsError as err:
                    outcomes.append(err)
            return outcomes

        outcomes = self._write(doing, work)
        for (article, _), outcome in zip(batch, outcomes, strict=True):
            log.info("%s: %s", article.source, outcome if isinstance(outcome, IncidentsError)
                     else f"{outcome} new incidents")  # fmt: skip
        return outcomes

    @staticmethod
    def _store_article(
        con: psycopg.Connection, article: Article, rows: Sequence[Incident], now: str
    ) -> int:
        """Write one article and its incidents (sorted by id: one lock order for every
        writer) inside the caller's transaction; return how many incidents were new."""
        inserted = con.execute(
            "INSERT INTO articles VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING RETURNING 1",
            (
                article.sha256,
                article.source,
                article.language,
                article.pub_date.isoformat() if article.pub_date else None,
                article.pub_precision,
                article.text,
                now,
            ),
        ).fetchone()
        if inserted is None:
            stored = con.execute(
                "SELECT source FROM articles WHERE sha256 = %s", (article.sha256,)
            ).fetchone()
            if stored is None:
                raise NameTakenError(
                    f"{article.source}: another text is already stored under this name; "
                    "give the new article another name (nothing was added)"
                )
            if stored[0] != article.source:
                log.info("%s: same text as %s, already stored", article.source, stored[0])
                return 0  # the same report under another name is not a second event
        added = 0
        for incident in rows:
            row = con.execute(
                "INSERT INTO incidents VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET article_sha256 = excluded.article_sha256, "
                "source = excluded.source, month = excluded.month, "
                "event_type = excluded.event_type, data = excluded.data "
                "RETURNING (xmax = 0)",
                (
                    incident.id,
                    article.sha256,
                    incident.source,
                    incident.month,
                    incident.event_type,
                    json.dumps(incident.to_dict(), ensure_ascii=False),
                ),
            ).fetchone()
            added += bool(row and row[0])
        return added

    def import_coded(self, incidents: Iterable[Incident], *, dataset: str) -> int:
        """Store events of a coded dataset; return how many were new (as the SQLite store)."""
        rows = sorted(
            (
                (
                    incident.id,
                    incident.origin,
                    dataset,
                    incident.month,
                    incident.event_type,
                    json.dumps(incident.to_dict(), ensure_ascii=False),
                )
                for incident in incidents
            ),
            key=lambda row: row[0],
        )

        def work(con: psycopg.Connection) -> int:
            added = 0
            with con.cursor() as cur:
                cur.executemany(
                    "INSERT INTO coded_events VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, "
                    "dataset = excluded.dataset, month = excluded.month, "
                    "event_type = excluded.event_type, data = excluded.data "
                    "RETURNING (xmax = 0)",
                    rows,
                    returning=True,
                )
                while True:
                    row = cur.fetchone()
                    added += bool(row and row[0])
                    if not cur.nextset():
                        break
            return added

        added = self._write(f"importing {dataset}", work)
        log.info("%s: %d new events", dataset, added)
        return added

    def correct_place(
        self, incident_id: str, place: Place, *, who: str = "", why: str = ""
    ) -> None:
        """Record that ``incident_id`` happened at ``place``, by ``who`` because ``why``.

        Raises
        ------
        UnknownIncidentError
            When no stored incident has that id.
        """
        if place.source != "correction":
            place = replace(place, source="correction")
        now = datetime.now(UTC).isoformat(timespec="seconds")

        def work(con: psycopg.Connection) -> None:
            known = con.execute(
                "SELECT 1 FROM incidents WHERE id = %s UNION ALL "
                "SELECT 1 FROM coded_events WHERE id = %s",
                (incident_id, incident_id),
            ).fetchone()
            if known is None:
                raise UnknownIncidentError(f"no incident {incident_id!r} in {self.path}")
            con.execute(
                "INSERT INTO corrections (incident_id, place, corrected_at, who, why) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (incident_id) DO UPDATE SET "
                "place = excluded.place, corrected_at = excluded.corrected_at, "
                "who = excluded.who, why = excluded.why",
                (incident_id, json.dumps(place.to_dict(), ensure_ascii=False), now, who, why),
            )

        self._write(f"correcting {incident_id}", work)

    def remove_correction(self, incident_id: str) -> bool:
        """Drop the correction of ``incident_id``; return whether there was one."""

        def work(con: psycopg.Connection) -> bool:
            cur = con.execute("DELETE FROM corrections WHERE incident_id = %s", (incident_id,))
            return cur.rowcount > 0

        return self._write(f"removing the correction of {incident_id}", work)
