"""The SQL every backend shares: the denormalised ``facts`` table, one row per incident, and a
filter turned into one parameterised WHERE clause.

``facts`` (one row per stored incident or coded event, corrections applied)::

    id, tbl ("incidents" | "coded_events"), source, origin, event_type,
    date, date_precision, date_start, date_end (ISO days: the period the date may be),
    month (YYYY-MM or NULL), killed, injured, casualties (killed + injured, 0 for not given),
    lat, lon (NULL when unlocated), place (its name), place_mention, geo_precision,
    actor1, actor2, weapon, quote, corrected (0/1),
    bucket (same-event blocking key), event_group (id standing for its event, or NULL),
    readable (always 1: a stored row that cannot be read is in ``fact_problems``, not here),
    problem (why its correction cannot be read, if it cannot: the row is shown as extracted)

The columns are plain SQL types and the clauses below use only what SQLite and PostgreSQL
share; what differs (the placeholder, text search, the grid's cell index) is a
:class:`Dialect`. Values always travel as parameters, never in the SQL text.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from incidents.fuzzydate import FuzzyDate
from incidents.model import ORIGINS, Incident
from incidents.store.base import Bounds, IncidentFilter
from incidents.store.events import bucket_of

FACT_COLUMNS = (
    "id",
    "tbl",
    "source",
    "origin",
    "event_type",
    "date",
    "date_precision",
    "date_start",
    "date_end",
    "month",
    "killed",
    "injured",
    "casualties",
    "lat",
    "lon",
    "place",
    "place_mention",
    "geo_precision",
    "actor1",
    "actor2",
    "weapon",
    "quote",
    "corrected",
    "bucket",
    "event_group",
    "readable",
    "problem",
)
#: Column types, portable between SQLite and PostgreSQL.
FACT_TYPES = {
    "killed": "INTEGER",
    "injured": "INTEGER",
    "casualties": "INTEGER NOT NULL DEFAULT 0",
    "lat": "DOUBLE PRECISION",
    "lon": "DOUBLE PRECISION",
    "geo_precision": "INTEGER",
    "corrected": "INTEGER NOT NULL DEFAULT 0",
    "readable": "INTEGER NOT NULL DEFAULT 1",
    "id": "TEXT PRIMARY KEY",
    "tbl": "TEXT NOT NULL",
    "source": "TEXT NOT NULL",
    "origin": "TEXT NOT NULL DEFAULT 'news'",
    "event_type": "TEXT NOT NULL DEFAULT ''",
    "date_precision": "TEXT NOT NULL DEFAULT 'unknown'",
    "quote": "TEXT NOT NULL DEFAULT ''",
}
FACTS_TABLE = (
    "CREATE TABLE IF NOT EXISTS facts (\n    "
    + ",\n    ".join(f"{c} {FACT_TYPES.get(c, 'TEXT')}" for c in FACT_COLUMNS)
    + "\n)"
)
#: What the page's aggregates read of a row (figures, chart, grid, the map's points but their
#: labels): an index holding these answers them without reading the wide rows.
AGGREGATED = (
    "lat, lon, killed, injured, casualties, date, date_precision, event_type, origin, actor1, "
    "actor2, event_group"
)
#: Indexes on what the page filters and sorts on. A month or a date range, the filters a
#: page changes most, lead covering indexes: the rows they keep are read from the index alone
#: (at 1,000,000 rows the plain ``month`` and ``date_start`` indexes left a random read of the
#: table per row kept).
FACT_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS facts_month_cover ON facts (month, date_start, date_end, "
    f"{AGGREGATED})",
    # Also the table's default order (date, source, id), read in index order.
    f"CREATE INDEX IF NOT EXISTS facts_date_cover ON facts (date_start, source, id, date_end, "
    f"month, {AGGREGATED})",
    "CREATE INDEX IF NOT EXISTS facts_type ON facts (event_type)",
    "CREATE INDEX IF NOT EXISTS facts_origin ON facts (origin)",
    "CREATE INDEX IF NOT EXISTS facts_actor1 ON facts (actor1)",
    "CREATE INDEX IF NOT EXISTS facts_actor2 ON facts (actor2)",
    # The map's order (deadliest first) with the columns its filters test, so the rows a
    # filter leaves out are skipped in the index, never read from the table.
    "CREATE INDEX IF NOT EXISTS facts_toll_cover ON facts (casualties, id, lat, date_start, "
    "date_end, month, event_type, origin, actor1, actor2, source)",
    # Longitude first (facts_cover leads with latitude): the map's extent reads the ends of
    # both, and the roll-up's box finds the rows on its east edge here.
    "CREATE INDEX IF NOT EXISTS facts_lonlat ON facts (lon, lat)",
    "CREATE INDEX IF NOT EXISTS facts_bucket ON facts (bucket)",
    # The figures' second question (an event's reports counted once) reads the grouped rows
    # from here alone.
    f"CREATE INDEX IF NOT EXISTS facts_group_cover ON facts (event_group, month, date_start, "
    f"date_end, {AGGREGATED.replace(', event_group', '')})",
    "CREATE INDEX IF NOT EXISTS facts_source ON facts (source)",
    # The order of whole-incident reads (exports, the samples of the page): a LIMIT reads
    # the first rows in index order instead of sorting every row kept.
    "CREATE INDEX IF NOT EXISTS facts_select ON facts (date IS NULL, date, source, id)",
    # Narrow and covering: a query over most rows (no filter, the grid, the chart) reads this
    # instead of the wide rows (their sentence and names).
    "CREATE INDEX IF NOT EXISTS facts_cover ON facts (lat, lon, killed, injured, casualties, "
    "month, date_start, date_end, date_precision, date, event_type, origin, actor1, actor2, "
    "event_group)",
)
#: Columns of the table's rows (TableRow's fields but ``same_event_as``), in order.
TABLE_SELECT = (
    "f.id, f.date, f.event_type, f.place, f.killed, f.injured, f.date_precision, "
    "CASE WHEN f.event_group IS NOT NULL AND f.event_group <> f.id "
    "THEN s.source || ' (' || COALESCE(s.date, '') || ')' END, "
    "f.actor1, f.actor2, f.origin, f.place_mention, f.geo_precision, f.corrected, f.weapon, "
    "f.quote, f.source"
)
TABLE_FROM = "facts f LEFT JOIN facts s ON s.id = f.event_group"
#: Sort columns of the table (base.ORDERS), ties broken by id.
ORDER_COLUMNS = {
    "date": "f.date_start",
    "event_type": "f.event_type",
    "place": "f.place",
    "killed": "f.killed",
    "injured": "f.injured",
    "source": "f.source",
    "origin": "f.origin",
    "id": "f.id",
}
#: The chart's period of a row, by period name.
PERIOD_EXPR = {
    "month": "COALESCE(f.month, SUBSTR(f.date_start, 1, 4), 'undated')",
    "year": "COALESCE(SUBSTR(f.date_start, 1, 4), 'undated')",
    "day": "COALESCE(CASE WHEN f.date_precision = 'day' THEN f.date_start END, f.month, "
    "SUBSTR(f.date_start, 1, 4), 'undated')",
}


@dataclass(frozen=True)
class Dialect:
    """What differs between SQL engines.

    Attributes
    ----------
    param : str
        The placeholder (``?`` for sqlite3, ``%s`` for psycopg).
    text_match : callable
        ``(words) -> (sql, params)``: a condition on ``f`` keeping rows where every word is
        found (as a prefix) in the text fields; ``words`` are folded (no accents, lower case),
        with no FTS syntax left in them.
    cell : callable
        ``(column_sql, size_param_sql) -> sql``: the integer cell index
        ``floor((column + 180) / size)`` (the same shift for latitude and longitude).
    within : callable, optional
        ``(bounds) -> (sql, params)``: a condition on ``f`` keeping rows located inside the
        box, through a spatial index (PostGIS); by default ``lat``/``lon`` BETWEEN the sides.
    """

    param: str
    text_match: Callable[[Sequence[str]], tuple[str, list[Any]]]
    cell: Callable[[str, str], str]
    within: Callable[[Bounds], tuple[str, list[Any]]] | None = None


def fold_words(text: str) -> list[str]:
    """The words of a search: accents and case aside, split on anything not a letter or
    digit (so quotes, ``*``, ``-``, ``NEAR``'s parentheses and the like are never syntax).
    FTS operators typed as words (AND, OR, NOT, NEAR) become plain lower-case words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in plain)
    return cleaned.split()


# Up to this many months picked, a filter with a box reads its rows by month (see where).
FEW_MONTHS = 12


def where(flt: IncidentFilter, dialect: Dialect) -> tuple[str, list[Any]]:
    """``flt`` as one WHERE condition on ``facts f`` (without the keyword) and its params."""
    p = dialect.param
    clauses: list[str] = []  # facts holds readable rows only: no row to leave out by default
    params: list[Any] = []

    def among(column: str, values: Sequence[str]) -> None:
        clauses.append(f"{column} IN ({', '.join([p] * len(values))})")
        params.extend(values)

    if flt.months:
        among("f.month", flt.months)
    if flt.start:
        clauses.append(f"f.date_end >= {p}")
        params.append(flt.start)
    if flt.end:
        clauses.append(f"f.date_start <= {p}")
        params.append(flt.end)
    if flt.types:
        among("f.event_type", flt.types)
    if flt.origins:
        among("f.origin", flt.origins)
    if flt.sources:
        among("f.source", flt.sources)
    if flt.actors:
        marks = ", ".join([p] * len(flt.actors))
        clauses.append(f"(f.actor1 IN ({marks}) OR f.actor2 IN ({marks}))")
        params.extend(flt.actors)
        params.extend(flt.actors)
    if flt.min_casualties:
        clauses.append(f"f.casualties >= {p}")
        params.append(int(flt.min_casualties))
    words = fold_words(flt.text)
    if words:
        sql, extra = dialect.text_match(words)
        clauses.append(sql)
        params.extend(extra)
    if flt.bounds is not None and dialect.within is not None:
        sql, extra = dialect.within(flt.bounds)
        clauses.append(sql)
        params.extend(extra)
    elif flt.bounds is not None:
        b = flt.bounds
        # With up to FEW_MONTHS months picked, their covering index keeps fewer rows than a
        # map view's latitude band (most of the store at the zooms a grid is read for, and at
        # 1M still more than a month around a town); SQLite, with no histogram of latitudes,
        # reads the band: "+" leaves the box out of the index choice (the 1M store's grid of
        # one month per day 0.24 s -> 0.02 s; 12 months in a town's box 0.09 -> 0.06 s).
        box = "+" if flt.months and len(flt.months) <= FEW_MONTHS else ""
        clauses.append(f"{box}f.lat BETWEEN {p} AND {p} AND {box}f.lon BETWEEN {p} AND {p}")
        params.extend((b.south, b.north, b.west, b.east))
    if flt.located is True:
        clauses.append("f.lat IS NOT NULL")
    elif flt.located is False:
        clauses.append("f.lat IS NULL")
    return " AND ".join(clauses) or "1 = 1", params


def fact_values(
    incident: Incident,
    *,
    tbl: str,
    source: str,
    corrected: bool = False,
    problem: str | None = None,
) -> tuple[Any, ...]:
    """The ``facts`` row of an incident read back (corrections applied), in FACT_COLUMNS
    order, ``event_group`` left NULL (the grouping sets it)."""
    day = incident.fuzzy_date
    start = end = None
    if day is not None:
        first, last = day.period()
        start, end = first.isoformat(), last.isoformat()
        if incident.date_end:
            with contextlib.suppress(ValueError):  # an unreadable end: the start's period
                end = max(end, FuzzyDate.parse(incident.date_end).period()[1].isoformat())
    place = incident.place
    return (
        incident.id,
        tbl,
        source,
        incident.origin,
        incident.event_type,
        incident.date,
        incident.date_precision,
        start,
        end,
        incident.month,
        incident.fatalities,
        incident.injured,
        (incident.fatalities or 0) + (incident.injured or 0),
        place.lat if place else None,
        place.lon if place else None,
        place.name if place else None,
        incident.place_mention,
        place.geo_precision if place else None,
        incident.actor1.name if incident.actor1 else None,
        incident.actor2.name if incident.actor2 else None,
        incident.weapon,
        incident.quote,
        int(corrected or incident.corrected),
        bucket_of(incident),
        None,
        1,
        problem,
    )


# --- The monthly roll-up: the page's aggregates without a pass over ``facts`` -------------
#
# Two small tables summing ``facts`` (SQLite keeps them by triggers on ``facts``; see
# :mod:`incidents.store.sqlite`). Their key columns hold '' where ``facts`` holds NULL (a
# primary key treats NULLs as distinct, which an upsert cannot meet); the queries below read
# them back as NULL.
#
# ``facts_rollup``: one row per day as written x type x origin x located/unlocated, so the
# headline figures, the chart (day, month, year) and the dates covered are sums over it.
# ``facts_cells``: the located rows per month x year x type x origin x grid cell of
# :data:`ROLLUP_CELL` degrees, with the sums of their coordinates, so the map's grid (cells
# this size times a power of two, by month or year) is a sum over it.

#: The roll-up's grid cell: the map's cell at zoom 6 (``maps.aggregate.cell_degrees``,
#: 67.5° / 2**zoom); the map's larger cells (zoom 0-6) are this times a power of two, so each
#: of them is a whole block of these (the same float division, scaled by a power of two).
ROLLUP_CELL = 67.5 / 64
#: The filter fields a roll-up answers (anything else set: the query goes to ``facts``).
ROLLUP_FIELDS = frozenset({"months", "types", "origins", "located"})
ROLLUP_KEY = (
    "month",
    "event_type",
    "origin",
    "located",
    "date_precision",
    "date",
    "date_start",
)
CELLS_KEY = ("month", "year", "event_type", "origin", "r", "c")
ROLLUP_TABLES = (
    "CREATE TABLE IF NOT EXISTS facts_rollup (month TEXT NOT NULL, event_type TEXT NOT NULL, "
    "origin TEXT NOT NULL, located INTEGER NOT NULL, date_precision TEXT NOT NULL, "
    "date TEXT NOT NULL, date_start TEXT NOT NULL, n INTEGER NOT NULL, "
    "killed INTEGER NOT NULL, injured INTEGER NOT NULL, no_count INTEGER NOT NULL, "
    f"PRIMARY KEY ({', '.join(ROLLUP_KEY)}))",
    "CREATE TABLE IF NOT EXISTS facts_cells (month TEXT NOT NULL, year TEXT NOT NULL, "
    "event_type TEXT NOT NULL, origin TEXT NOT NULL, r INTEGER NOT NULL, c INTEGER NOT NULL, "
    "n INTEGER NOT NULL, killed INTEGER NOT NULL, injured INTEGER NOT NULL, "
    "sum_lat DOUBLE PRECISION NOT NULL, sum_lon DOUBLE PRECISION NOT NULL, "
    f"PRIMARY KEY ({', '.join(CELLS_KEY)}))",
)


def rollup_values(row: str) -> dict[str, str]:
    """The roll-ups' key and measure expressions of one ``facts`` row (``row``: ``new``,
    ``old``, or a table alias), by column."""
    located = f"{row}.lat IS NOT NULL"
    return {
        "month": f"COALESCE({row}.month, '')",
        "event_type": f"{row}.event_type",
        "origin": f"{row}.origin",
        "located": f"CASE WHEN {located} THEN 1 ELSE 0 END",
        "date_precision": f"{row}.date_precision",
        "date": f"COALESCE({row}.date, '')",
        "date_start": f"COALESCE({row}.date_start, '')",
        "year": f"COALESCE(SUBSTR({row}.date_start, 1, 4), '')",
        "r": f"CAST(({row}.lat + 180.0) / {ROLLUP_CELL!r} AS INTEGER)",
        "c": f"CAST(({row}.lon + 180.0) / {ROLLUP_CELL!r} AS INTEGER)",
        "n": "1",
        "killed": f"COALESCE({row}.killed, 0)",
        "injured": f"COALESCE({row}.injured, 0)",
        "no_count": f"CASE WHEN {row}.killed IS NULL AND {row}.injured IS NULL THEN 1 ELSE 0 END",
        "sum_lat": f"{row}.lat",
        "sum_lon": f"{row}.lon",
    }


ROLLUP_MEASURES = ("n", "killed", "injured", "no_count")
CELLS_MEASURES = ("n", "killed", "injured", "sum_lat", "sum_lon")


def rollup_fill(table: str) -> str:
    """``INSERT ... SELECT ... GROUP BY``: ``table`` (``facts_rollup`` or ``facts_cells``)
    from the whole of ``facts`` in one pass (the caller empties it first)."""
    key, measures = _rollup_shape(table)
    values = rollup_values("f")
    sums = ", ".join(f"SUM({values[m]})" if m != "n" else "COUNT(*)" for m in measures)
    located = " WHERE f.lat IS NOT NULL" if table == "facts_cells" else ""
    return (
        f"INSERT INTO {table} ({', '.join(key + measures)}) "
        f"SELECT {', '.join(values[k] for k in key)}, {sums} FROM facts f{located} "
        f"GROUP BY {', '.join(str(i + 1) for i in range(len(key)))}"
    )


def rollup_add(table: str, row: str, sign: int) -> list[str]:
    """Statements (for a trigger body) adding (``sign`` 1) or taking away (-1) the ``facts``
    row ``row`` (``new`` or ``old``) to or from ``table``; a key whose count falls to 0 goes."""
    key, measures = _rollup_shape(table)
    values = rollup_values(row)
    only = f" WHERE {row}.lat IS NOT NULL" if table == "facts_cells" else " WHERE 1"
    match = " AND ".join(f"{k} = {values[k]}" for k in key)
    if sign > 0:
        return [
            f"INSERT INTO {table} ({', '.join(key + measures)}) "
            f"SELECT {', '.join(values[c] for c in key + measures)}{only} "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
            + ", ".join(f"{m} = {m} + excluded.{m}" for m in measures)
        ]
    guard = f"{row}.lat IS NOT NULL AND " if table == "facts_cells" else ""
    return [
        f"UPDATE {table} SET "
        + ", ".join(f"{m} = {m} - {values[m]}" for m in measures)
        + f" WHERE {guard}{match}",
        f"DELETE FROM {table} WHERE {guard}{match} AND n <= 0",
    ]


def _rollup_shape(table: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if table == "facts_rollup":
        return ROLLUP_KEY, ROLLUP_MEASURES
    if table == "facts_cells":
        return CELLS_KEY, CELLS_MEASURES
    raise ValueError(f"{table!r} is not a roll-up table")


def rollup_answers(flt: IncidentFilter) -> bool:
    """True when the roll-ups answer ``flt``: it keeps rows by months, types, origins and
    located-or-not only (a text, actor, source, toll, date range or box needs ``facts``)."""
    return not (
        flt.start
        or flt.end
        or flt.actors
        or flt.min_casualties
        or flt.bounds is not None
        or flt.sources
        or fold_words(flt.text)
    )


def rollup_where(flt: IncidentFilter, param: str, *, cells: bool = False) -> tuple[str, list[Any]]:
    """``flt`` (one :func:`rollup_answers` accepts) as a WHERE condition on a roll-up ``r``
    (``cells``: on ``facts_cells``, which holds located rows only: ``located`` is the
    caller's)."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.located is not None and not cells:
        clauses.append(f"r.located = {int(flt.located)}")
    for column, values in (("month", flt.months), ("event_type", flt.types),
                           ("origin", flt.origins)):  # fmt: skip
        if values:
            clauses.append(f"r.{column} IN ({', '.join([param] * len(values))})")
            params.extend(values)
    return " AND ".join(clauses) or "1 = 1", params


#: The chart's period of a ``facts_rollup`` row (as :data:`PERIOD_EXPR` of a ``facts`` row).
ROLLUP_PERIOD = {
    "month": "COALESCE(NULLIF(r.month, ''), NULLIF(SUBSTR(r.date_start, 1, 4), ''), 'undated')",
    "year": "COALESCE(NULLIF(SUBSTR(r.date_start, 1, 4), ''), 'undated')",
    "day": "COALESCE(CASE WHEN r.date_precision = 'day' THEN NULLIF(r.date_start, '') END, "
    "NULLIF(r.month, ''), NULLIF(SUBSTR(r.date_start, 1, 4), ''), 'undated')",
}
#: The period of a ``facts_cells`` row, where it can say (no days: cells hold months).
CELLS_PERIOD = {
    "month": "COALESCE(NULLIF(r.month, ''), NULLIF(r.year, ''), 'undated')",
    "year": "COALESCE(NULLIF(r.year, ''), 'undated')",
}


# ``facts_groups``: the events figure's correction (an event's reports counted once, with the
# largest toll of its reports a filter keeps) summed per same-event bucket. A group's reports
# share their bucket (type and month, or year), so a filter on months and types keeps a group
# whole or not at all; a filter on origins may keep part of it, so the sums are kept for every
# set of origins (``origins``: a bit per :data:`incidents.model.ORIGINS` value, 0 for no origin
# filter). The store recomputes a bucket's rows when it regroups the bucket.
GROUPS_TABLE = (
    "CREATE TABLE IF NOT EXISTS facts_groups (bucket TEXT NOT NULL, month TEXT NOT NULL, "
    "event_type TEXT NOT NULL, origins INTEGER NOT NULL, reports INTEGER NOT NULL, "
    "killed INTEGER NOT NULL, injured INTEGER NOT NULL, reports_located INTEGER NOT NULL, "
    "killed_located INTEGER NOT NULL, injured_located INTEGER NOT NULL, "
    "PRIMARY KEY (bucket, origins))"
)


def origins_mask(origins: Sequence[str]) -> int | None:
    """The ``facts_groups.origins`` of an origins filter (0: none), None when it names an
    origin outside :data:`incidents.model.ORIGINS`."""
    if any(origin not in ORIGINS for origin in origins):
        return None
    return sum(1 << ORIGINS.index(origin) for origin in set(origins))


#: Opens a CASE that keeps a located row's value (closed by the caller's "END").
LOCATED_CASE = "CASE WHEN f.lat IS NOT NULL THEN"
#: One same-event group's totals (``facts`` rows ``f`` grouped by ``f.event_group``): its
#: reports, the sum and the largest of its killed and injured, and the same for its located
#: reports. An event counts once with its largest toll: the figures and ``facts_groups``
#: take the first report and the largest toll off these sums.
GROUP_TOTALS = (
    "COUNT(*) AS c, "
    "COALESCE(SUM(f.killed), 0) AS sk, COALESCE(MAX(f.killed), 0) AS mk, "
    "COALESCE(SUM(f.injured), 0) AS si, COALESCE(MAX(f.injured), 0) AS mi, "
    "COUNT(f.lat) AS cl, "
    f"COALESCE(SUM({LOCATED_CASE} f.killed END), 0) AS skl, "
    f"COALESCE(MAX({LOCATED_CASE} f.killed END), 0) AS mkl, "
    f"COALESCE(SUM({LOCATED_CASE} f.injured END), 0) AS sil, "
    f"COALESCE(MAX({LOCATED_CASE} f.injured END), 0) AS mil"
)


def groups_fill(param: str, *, buckets: int | None) -> list[tuple[str, list[Any]]]:
    """``INSERT ... SELECT`` statements (and their params but the buckets') filling
    ``facts_groups`` for every origins mask, from ``facts``' grouped rows of ``buckets``
    buckets (their values follow the params; None: every bucket)."""
    of = "" if buckets is None else f" AND f.bucket IN ({', '.join([param] * buckets)})"
    statements = []
    for mask in range(1 << len(ORIGINS)):
        chosen = [origin for bit, origin in enumerate(ORIGINS) if mask & (1 << bit)]
        among = f" AND f.origin IN ({', '.join([param] * len(chosen))})" if chosen else ""
        statements.append(
            (
                "INSERT INTO facts_groups SELECT bucket, MIN(month), MIN(event_type), "
                f"{mask}, SUM(c - 1), SUM(sk - mk), SUM(si - mi), "
                "SUM(CASE WHEN cl > 0 THEN cl - 1 ELSE 0 END), SUM(skl - mkl), SUM(sil - mil) "
                "FROM (SELECT MIN(f.bucket) AS bucket, COALESCE(MIN(f.month), '') AS month, "
                f"MIN(f.event_type) AS event_type, {GROUP_TOTALS} "
                f"FROM facts f WHERE f.event_group IS NOT NULL{among}{of} "
                "GROUP BY f.event_group) AS g GROUP BY bucket",
                chosen,
            )
        )
    return statements


def groups_where(flt: IncidentFilter, param: str) -> tuple[str, list[Any]] | None:
    """``flt`` (one :func:`rollup_answers` accepts) as a WHERE condition on ``facts_groups g``,
    or None when it cannot say (an origin it does not know, or unlocated reports only)."""
    mask = origins_mask(flt.origins)
    if mask is None or flt.located is False:
        return None
    clauses: list[str] = [f"g.origins = {param}"]
    params: list[Any] = [mask]
    for column, values in (("month", flt.months), ("event_type", flt.types)):
        if values:
            clauses.append(f"g.{column} IN ({', '.join([param] * len(values))})")
            params.extend(values)
    return " AND ".join(clauses), params
