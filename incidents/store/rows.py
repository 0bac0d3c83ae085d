"""Stored rows read back: an incident from its JSON, its correction applied, and the reads of
the stored records (articles, incidents, corrections) both backends share.

Shared by both backends (and the check of a SQLite file); ``ValueError`` says what is wrong
with a row that cannot be read. :class:`StoredRows` asks the same SQL of either engine through
``_connect(doing)`` and ``_dialect.param``; what a SQLite file made by an older version may
lack (a table, two columns) it asks of :meth:`StoredRows._has_table` and
:meth:`StoredRows._correction_columns`, which the PostgreSQL store (migrated when opened)
leaves as they are.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import incidents.store.sql as sql
from geo.place import Place
from incidents.model import Article, Incident

log = logging.getLogger(__name__)


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


def _read_incident(data: str, correction: str | None) -> Incident | None:
    """The incident of a stored row, its correction applied when readable; None when the row
    itself cannot be read."""
    try:
        incident = _incident(data)
    except ValueError:
        return None
    try:
        return _apply(incident, correction)
    except ValueError:
        return incident


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


def read_rows(rows: Iterable[tuple[str, str, str, str | None]], where: object) -> StoreRead:
    """``(id, source, data, correction)`` rows of either backend as a :class:`StoreRead`: the
    readable incidents, corrections applied, by date then id, and the rows left out (each
    logged with ``where``, the store). A correction that cannot be read is reported and its
    incident shown as extracted."""
    result, problems = [], []
    for incident_id, source, data, correction in rows:
        try:
            incident = _incident(data)
        except ValueError as err:
            problems.append(RowProblem("incidents", str(incident_id), source, str(err)))
            log.warning("%s: %s", where, problems[-1])
            continue
        try:
            incident = _apply(incident, correction)
        except ValueError as err:
            problems.append(RowProblem("corrections", str(incident_id), source, str(err)))
            log.warning("%s: %s", where, problems[-1])
        result.append(incident)
    result.sort(key=lambda i: (i.date or "", i.source, i.quote_start, i.id))
    return StoreRead(result, problems)


def correction_of(incident_id: str, place: str, corrected_at: str, who: str | None,
                  why: str | None) -> Correction:  # fmt: skip
    """A stored corrections row as a :class:`Correction` (an unreadable place named so)."""
    try:
        name = str(json.loads(place).get("name", ""))
    except (json.JSONDecodeError, AttributeError, TypeError):
        name = "(unreadable place)"
    return Correction(incident_id, name, corrected_at, who or "", why or "")


ARTICLE_COLUMNS = "sha256, source, language, pub_date, pub_precision, text"


def article_of(sha: str, source: str, language: str, pub: str | None, precision: str | None,
               text: str) -> Article:  # fmt: skip
    """A stored articles row (:data:`ARTICLE_COLUMNS`) as an :class:`Article`."""
    return Article(
        source=source,
        text=text,
        language=language,
        pub_date=date.fromisoformat(pub) if pub else None,
        pub_precision=precision,
        sha256=sha,
    )


class StoredRows:
    """The stored records read back, for either backend (see the module's note)."""

    _dialect: sql.Dialect
    path: Any

    def _connect(self, doing: str = "reading") -> AbstractContextManager[Any]:  # pragma: no cover
        raise NotImplementedError

    def _reading(self, doing: str) -> AbstractContextManager[Any]:  # pragma: no cover
        raise NotImplementedError

    def _has_table(self, con: Any, table: str) -> bool:
        """Whether the store has ``table`` (every table of the schema, unless overridden)."""
        return True

    def _correction_columns(self, con: Any) -> str:
        """The ``who, why`` of the corrections table (two literals where it has none)."""
        return "who, why"

    def incidents(
        self, *, months: Iterable[str] | None = None, sources: Iterable[str] | None = None
    ) -> list[Incident]:
        """The stored incidents that can be read, corrections applied, by date then id.

        A row that cannot be read is left out with a warning in the log;
        :meth:`read_incidents` also returns what was left out.
        """
        return self.read_incidents(months=months, sources=sources).incidents

    def read_incidents(
        self, *, months: Iterable[str] | None = None, sources: Iterable[str] | None = None
    ) -> StoreRead:
        """The readable incidents (corrections applied, by date then id) and the rows that
        could not be read, each with its article and the reason.

        Parameters
        ----------
        months : iterable of str, optional
            Keep incidents of these ``YYYY-MM`` months only.
        sources : iterable of str, optional
            Keep incidents of these articles (or coded datasets) only.
        """
        p = self._dialect.param
        rows: list[tuple[str, str, str, str | None]] = []
        with self._connect("reading incidents") as con:
            for table, source in (("incidents", "source"), ("coded_events", "dataset")):
                if not self._has_table(con, table):
                    continue  # a read-only store made before coded datasets
                query = (
                    f"SELECT i.id, i.{source}, i.data, c.place FROM {table} i "
                    "LEFT JOIN corrections c ON c.incident_id = i.id"
                )
                clauses: list[str] = []
                params: list[str] = []
                for column, values in (("i.month", months), (f"i.{source}", sources)):
                    if values is not None:
                        values = list(values)
                        marks = ", ".join([p] * len(values))
                        clauses.append(f"{column} IN ({marks})" if values else "1 = 0")
                        params.extend(values)
                if clauses:
                    query += " WHERE " + " AND ".join(clauses)
                rows += con.execute(query, params).fetchall()
        return read_rows(rows, self.path)

    def corrections(self) -> list[Correction]:
        """Every stored correction, the latest first."""
        with self._connect("reading corrections") as con:
            rows = con.execute(
                f"SELECT incident_id, place, corrected_at, {self._correction_columns(con)} "
                "FROM corrections ORDER BY corrected_at DESC, incident_id"
            ).fetchall()
        return [correction_of(*row) for row in rows]

    def articles(self) -> list[Article]:
        """The stored articles (with their text), by source."""
        with self._connect() as con:
            rows = con.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY source, ingested_at"
            ).fetchall()
        return [article_of(*row) for row in rows]

    def source_of_text(self, sha256: str) -> str | None:
        """The name an article with this content hash is stored under, or None."""
        with self._connect() as con:
            row = con.execute(
                f"SELECT source FROM articles WHERE sha256 = {self._dialect.param}", (sha256,)
            ).fetchone()
        return row[0] if row else None

    def article_text(self, source: str) -> str | None:
        """The text of the article named ``source`` (the latest ingested), or None."""
        with self._connect() as con:
            row = con.execute(
                f"SELECT text FROM articles WHERE source = {self._dialect.param} "
                "ORDER BY ingested_at DESC LIMIT 1",
                (source,),
            ).fetchone()
        return row[0] if row else None

    def months(self) -> list[str]:
        """The distinct ``YYYY-MM`` months of the stored incidents and events, sorted."""
        with self._connect() as con:
            coded = self._has_table(con, "coded_events")
            union = " UNION SELECT month FROM coded_events" if coded else ""
            rows = con.execute(
                f"SELECT month FROM (SELECT month FROM incidents{union}) AS m "
                "WHERE month IS NOT NULL ORDER BY month"
            ).fetchall()
        return [row[0] for row in rows]

    def is_empty(self) -> bool:
        """True when the store holds no article."""
        with self._connect() as con:
            return con.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def counts(self) -> dict[str, int]:
        """The number of articles, incidents, corrections and coded events."""
        with self._connect() as con:
            return {
                table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("articles", "incidents", "corrections", "coded_events")
                if self._has_table(con, table)
            }

    def problems(self) -> list[RowProblem]:
        """The stored rows that cannot be read (left out) or whose correction cannot be."""
        with self._reading("listing unreadable rows") as con:
            rows = con.execute(
                "SELECT 'incidents', id, source, reason FROM fact_problems UNION ALL "
                "SELECT 'corrections', id, source, problem FROM facts WHERE problem IS NOT NULL "
                "ORDER BY 3, 2"
            ).fetchall()
        return [RowProblem(*row) for row in rows]
