"""The incident store: articles (with their text), incidents and place corrections in SQLite.

Tables::

    articles     sha256 (key), source, language, pub_date, pub_precision, text, ingested_at
    incidents    id (key), article_sha256, source, month, event_type, data (Incident.to_dict JSON)
    corrections  incident_id (key), place (Place.to_dict JSON), corrected_at

- Re-ingesting an article adds nothing twice: articles are keyed on their content hash,
  incidents on their stable id (``INSERT OR IGNORE``).
- One ingest is one ``BEGIN IMMEDIATE`` transaction: if anything fails midway, nothing of it
  is kept. WAL journal and a busy timeout let two processes ingest at once without losing
  anything (the second waits for the first's write lock).
- Corrections live in their own table, keyed on the incident id, so a re-ingest leaves them
  alone; :meth:`IncidentStore.incidents` applies them (``Incident.corrected`` is True).

A connection is opened per call, so one store object is safe to share between threads
(Streamlit's ``st.cache_resource``).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from geo.place import Place
from incidents.errors import StoreUnavailableError, UnknownIncidentError
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
    corrected_at TEXT NOT NULL
);
"""


class IncidentStore:
    """Articles, incidents and corrections in one SQLite file.

    Parameters
    ----------
    path : str or Path, optional
        The database file (created with its folder); ``data/incidents.sqlite`` by default.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else DEFAULT_DB
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreUnavailableError(f"cannot create {self.path.parent}: {err}") from err
        with self._transaction() as con:
            for statement in filter(str.strip, _SCHEMA.split(";")):
                con.execute(statement)

    def __repr__(self) -> str:
        return f"IncidentStore({str(self.path)!r})"

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreUnavailableError(f"cannot open {self.path}: {err}") from err
        try:
            con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA foreign_keys = ON")
            yield con
        except sqlite3.Error as err:
            raise StoreUnavailableError(f"{self.path}: {err}") from err
        finally:
            con.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole on any error."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def ingest(self, article: Article, incidents: Iterable[Incident]) -> int:
        """Store ``article`` and its ``incidents``; return how many incidents were new.

        Re-ingesting the same article (same content hash) or an incident already stored (same
        id) adds nothing. All or nothing: on any error the store is left as it was.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added = 0
        with self._transaction() as con:
            stored = con.execute(
                "SELECT source FROM articles WHERE sha256 = ?", (article.sha256,)
            ).fetchone()
            if stored is not None and stored[0] != article.source:
                log.info("%s: same text as %s, already stored", article.source, stored[0])
                return 0  # the same report under another name is not a second event
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
                cursor = con.execute(
                    "INSERT OR IGNORE INTO incidents VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        incident.id,
                        article.sha256,
                        incident.source,
                        incident.month,
                        incident.event_type,
                        json.dumps(incident.to_dict(), ensure_ascii=False),
                    ),
                )
                added += cursor.rowcount
        log.info("%s: %d new incidents", article.source, added)
        return added

    def incidents(
        self, *, months: Iterable[str] | None = None, sources: Iterable[str] | None = None
    ) -> list[Incident]:
        """Return the stored incidents, corrections applied, by date then id.

        Parameters
        ----------
        months : iterable of str, optional
            Keep incidents of these ``YYYY-MM`` months only.
        sources : iterable of str, optional
            Keep incidents of these articles only.
        """
        query = (
            "SELECT i.data, c.place FROM incidents i "
            "LEFT JOIN corrections c ON c.incident_id = i.id"
        )
        clauses, params = [], []
        for column, values in (("i.month", months), ("i.source", sources)):
            if values is not None:
                values = list(values)
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        with self._connect() as con:
            rows = con.execute(query, params).fetchall()
        result = [_apply(Incident.from_dict(json.loads(data)), place) for data, place in rows]
        return sorted(result, key=lambda i: (i.date or "", i.source, i.quote_start, i.id))

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
            rows = con.execute(
                "SELECT DISTINCT month FROM incidents WHERE month IS NOT NULL ORDER BY month"
            ).fetchall()
        return [row[0] for row in rows]

    def correct_place(self, incident_id: str, place: Place) -> None:
        """Record that incident ``incident_id`` happened at ``place`` (kept across re-ingests).

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
                con.execute("SELECT 1 FROM incidents WHERE id = ?", (incident_id,)).fetchone()
                is None
            ):
                raise UnknownIncidentError(f"no incident {incident_id!r} in {self.path}")
            con.execute(
                "INSERT OR REPLACE INTO corrections VALUES (?, ?, ?)",
                (incident_id, json.dumps(place.to_dict(), ensure_ascii=False), now),
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
                for table in ("articles", "incidents", "corrections")
            }


def _apply(incident: Incident, correction: str | None) -> Incident:
    if correction is None:
        return incident
    return replace(incident, place=Place.from_dict(json.loads(correction)), corrected=True)
