"""The page's questions as SQL on ``facts``, written once for every backend.

:class:`SqlQueries` answers :class:`~incidents.store.base.IncidentQueries` through two things
a backend gives it: ``_reading(doing)``, a context manager yielding a DB-API connection whose
``execute(sql, params)`` returns a cursor (``sqlite3`` and ``psycopg`` both do), and
``_dialect``, what its SQL does differently (:class:`~incidents.store.sql.Dialect`: the
placeholder, text search, the grid's cell, the box through a spatial index). Everything else
is the SQL both engines read alike: NULLs sort first (``NULLS FIRST``, SQLite's own order),
``LIMIT``/``OFFSET``, ``COALESCE``, ``CASE``, ``||``.

A backend that keeps the monthly roll-ups (:func:`incidents.store.sql.rollup_fill`: SQLite)
says so in :meth:`SqlQueries._rollup_ready`; then the figures, the chart, the dates covered, the
table's total and the map's grid of a filter the roll-ups answer (months, types, origins,
located: :func:`~incidents.store.sql.rollup_answers`) are sums over them, the same numbers as
``facts`` gives, without a pass over every row. Any other filter, and any backend without them
(PostgreSQL), reads ``facts``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import incidents.store.sql as sql
from incidents.model import ORIGINS, Incident
from incidents.store.base import (
    ORDERS,
    Bounds,
    Figures,
    FilterOptions,
    GridCell,
    GridPeriods,
    IncidentFilter,
    MapPoint,
    Page,
    PeriodCount,
    TableRow,
)
from incidents.store.rows import _read_incident

CHUNK = 500  # ids per IN (...) list
NO_LIMIT = 2**62  # LIMIT for "all rows" (SQLite wants a LIMIT before an OFFSET)


def chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class SqlQueries:
    """The queries of :class:`~incidents.store.base.IncidentQueries` on ``facts``."""

    _dialect: sql.Dialect

    def _reading(self, doing: str) -> AbstractContextManager[Any]:  # pragma: no cover
        raise NotImplementedError

    def _rollup_ready(self, con: Any) -> bool:
        """Whether this store keeps the roll-ups (the tables and the triggers that keep them):
        by default not, and every answer reads ``facts``."""
        return False

    def _rollup_totals(self, con: Any, flt: IncidentFilter) -> tuple[int, ...]:
        """From ``facts_rollup``: incidents, killed, injured, located, undated, no count; then
        killed, injured, undated and no count among the located ones."""
        where, params = sql.rollup_where(flt, self._dialect.param)
        row = con.execute(
            "SELECT SUM(r.n), SUM(r.killed), SUM(r.injured), SUM(r.n * r.located), "
            "SUM(CASE WHEN r.date = '' THEN r.n ELSE 0 END), SUM(r.no_count), "
            "SUM(r.killed * r.located), SUM(r.injured * r.located), "
            "SUM(CASE WHEN r.date = '' THEN r.n * r.located ELSE 0 END), "
            f"SUM(r.no_count * r.located) FROM facts_rollup r WHERE {where}",
            params,
        ).fetchone()
        return tuple(int(v or 0) for v in row)

    def _rollup_groups(self, con: Any, flt: IncidentFilter) -> tuple[int, ...] | None:
        """From ``facts_groups``: the reports beyond the first of each event, and the killed
        and injured beyond each event's largest toll, of the reports ``flt`` keeps; then the
        same among its located reports. None when the roll-up cannot answer ``flt``."""
        if not (sql.rollup_answers(flt) and self._rollup_ready(con)):
            return None
        found = sql.groups_where(flt, self._dialect.param)
        if found is None:
            return None
        clause, params = found
        row = con.execute(
            "SELECT SUM(g.reports), SUM(g.killed), SUM(g.injured), SUM(g.reports_located), "
            f"SUM(g.killed_located), SUM(g.injured_located) FROM facts_groups g WHERE {clause}",
            params,
        ).fetchone()
        return tuple(int(v or 0) for v in row)

    def _read_data(self, con: Any, incident_id: str) -> tuple[str, str | None] | None:
        """``(data, correction)`` of a stored incident or coded event, or None."""
        p = self._dialect.param
        for table in ("incidents", "coded_events"):
            row = con.execute(
                f"SELECT i.data, c.place FROM {table} i "
                f"LEFT JOIN corrections c ON c.incident_id = i.id WHERE i.id = {p}",
                (incident_id,),
            ).fetchone()
            if row is not None:
                return row[0], row[1]
        return None

    def figures(self, flt: IncidentFilter) -> Figures:
        """The headline numbers of the incidents ``flt`` keeps."""
        clause, params = sql.where(flt, self._dialect)
        with self._reading("counting incidents") as con:
            if sql.rollup_answers(flt) and self._rollup_ready(con):
                n, killed, injured, located, undated, no_count = self._rollup_totals(con, flt)[:6]
            else:
                n, killed, injured, located, undated, no_count = con.execute(
                    "SELECT COUNT(*), COALESCE(SUM(f.killed), 0), COALESCE(SUM(f.injured), 0), "
                    "COUNT(f.lat), COALESCE(SUM(CASE WHEN f.date IS NULL THEN 1 ELSE 0 END), 0), "
                    "COALESCE(SUM(CASE WHEN f.killed IS NULL AND f.injured IS NULL "
                    "THEN 1 ELSE 0 END), 0) "
                    f"FROM facts f WHERE {clause}",
                    params,
                ).fetchone()
            # An event's reports count once, with the largest toll among those kept.
            grouped = self._rollup_groups(con, flt)
            if grouped is not None:  # of the located reports: their own sums
                at = 3 if flt.located else 0
                extra_reports, extra_killed, extra_injured = grouped[at : at + 3]
            else:
                extra_reports, extra_killed, extra_injured = con.execute(
                    "SELECT COALESCE(SUM(c - 1), 0), COALESCE(SUM(sk - mk), 0), "
                    "COALESCE(SUM(si - mi), 0) FROM (SELECT COUNT(*) AS c, "
                    "COALESCE(SUM(f.killed), 0) AS sk, COALESCE(MAX(f.killed), 0) AS mk, "
                    "COALESCE(SUM(f.injured), 0) AS si, COALESCE(MAX(f.injured), 0) AS mi "
                    f"FROM facts f WHERE {clause} AND f.event_group IS NOT NULL "
                    "GROUP BY f.event_group) AS g",
                    params,
                ).fetchone()
        n, located = int(n), int(located)
        return Figures(
            incidents=n,
            events=n - int(extra_reports),
            killed=int(killed) - int(extra_killed),
            injured=int(injured) - int(extra_injured),
            located=located,
            unlocated=n - located,
            undated=int(undated),
            no_count=int(no_count),
        )

    def figures_with_located(self, flt: IncidentFilter) -> tuple[Figures, Figures]:
        """:meth:`figures` of ``flt`` and of its located incidents only (``located=True``),
        from the same two passes over the rows (the page asks both on every filter)."""
        everything = dataclasses.replace(flt, located=None)
        clause, params = sql.where(everything, self._dialect)
        on = sql.LOCATED_CASE
        with self._reading("counting incidents") as con:
            if sql.rollup_answers(everything) and self._rollup_ready(con):
                row = self._rollup_totals(con, everything)
            else:
                row = con.execute(
                    "SELECT COUNT(*), COALESCE(SUM(f.killed), 0), COALESCE(SUM(f.injured), 0), "
                    "COUNT(f.lat), COALESCE(SUM(CASE WHEN f.date IS NULL THEN 1 ELSE 0 END), 0), "
                    "COALESCE(SUM(CASE WHEN f.killed IS NULL AND f.injured IS NULL "
                    "THEN 1 ELSE 0 END), 0), "
                    f"COALESCE(SUM({on} f.killed END), 0), COALESCE(SUM({on} f.injured END), 0), "
                    f"COALESCE(SUM({on} CASE WHEN f.date IS NULL THEN 1 ELSE 0 END END), 0), "
                    f"COALESCE(SUM({on} CASE WHEN f.killed IS NULL AND f.injured IS NULL "
                    "THEN 1 ELSE 0 END END), 0) "
                    f"FROM facts f WHERE {clause}",
                    params,
                ).fetchone()
            # An event's reports count once, with the largest toll among those kept; among the
            # located ones, its located reports only.
            extra = (
                self._rollup_groups(con, everything)
                or con.execute(
                    "SELECT COALESCE(SUM(c - 1), 0), COALESCE(SUM(sk - mk), 0), "
                    "COALESCE(SUM(si - mi), 0), "
                    "COALESCE(SUM(CASE WHEN cl > 0 THEN cl - 1 ELSE 0 END), 0), "
                    "COALESCE(SUM(skl - mkl), 0), COALESCE(SUM(sil - mil), 0) "
                    f"FROM (SELECT {sql.GROUP_TOTALS} "
                    f"FROM facts f WHERE {clause} AND f.event_group IS NOT NULL "
                    "GROUP BY f.event_group) AS g",
                    params,
                ).fetchone()
            )
        n, killed, injured, located, undated, no_count = (int(v) for v in row[:6])
        killed_l, injured_l, undated_l, no_count_l = (int(v) for v in row[6:])
        reports, more_killed, more_injured = (int(v) for v in extra[:3])
        reports_l, more_killed_l, more_injured_l = (int(v) for v in extra[3:])
        return (
            Figures(
                incidents=n,
                events=n - reports,
                killed=killed - more_killed,
                injured=injured - more_injured,
                located=located,
                unlocated=n - located,
                undated=undated,
                no_count=no_count,
            ),
            Figures(
                incidents=located,
                events=located - reports_l,
                killed=killed_l - more_killed_l,
                injured=injured_l - more_injured_l,
                located=located,
                unlocated=0,
                undated=undated_l,
                no_count=no_count_l,
            ),
        )

    def month_counts(self, flt: IncidentFilter, *, period: str = "month") -> list[PeriodCount]:
        """Incidents (and tolls) per period, dated periods in order then the rest."""
        if period not in sql.PERIOD_EXPR:
            raise ValueError(f"period {period!r} is not one of {tuple(sql.PERIOD_EXPR)}")
        clause, params = sql.where(flt, self._dialect)
        key = sql.PERIOD_EXPR[period]
        query = (
            f"SELECT {key} AS k, COUNT(*), COALESCE(SUM(f.killed), 0), "
            f"COALESCE(SUM(f.injured), 0) FROM facts f WHERE {clause} GROUP BY k ORDER BY k"
        )
        with self._reading("counting incidents per period") as con:
            if sql.rollup_answers(flt) and self._rollup_ready(con):
                clause, params = sql.rollup_where(flt, self._dialect.param)
                query = (
                    f"SELECT {sql.ROLLUP_PERIOD[period]} AS k, SUM(r.n), SUM(r.killed), "
                    f"SUM(r.injured) FROM facts_rollup r WHERE {clause} GROUP BY k ORDER BY k"
                )
            rows = con.execute(query, params).fetchall()
        return [PeriodCount(k, int(n), int(killed), int(injured)) for k, n, killed, injured in rows]

    def page(
        self,
        flt: IncidentFilter,
        *,
        order: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> Page:
        """One page of the table (``limit`` rows from ``offset``) and the filter's total."""
        if order not in ORDERS:
            raise ValueError(f"order {order!r} is not one of {ORDERS}")
        clause, params = sql.where(flt, self._dialect)
        p = self._dialect.param
        direction = "DESC NULLS LAST" if descending else "ASC NULLS FIRST"
        with self._reading("reading a page of incidents") as con:
            if sql.rollup_answers(flt) and self._rollup_ready(con):
                total = self._rollup_totals(con, flt)[0]
            else:
                count = f"SELECT COUNT(*) FROM facts f WHERE {clause}"
                (total,) = con.execute(count, params).fetchone()
            rows = con.execute(
                f"SELECT {sql.TABLE_SELECT} FROM {sql.TABLE_FROM} WHERE {clause} "
                f"ORDER BY {sql.ORDER_COLUMNS[order]} {direction}, f.source, f.id "
                f"LIMIT {p} OFFSET {p}",
                [*params, max(0, int(limit)), max(0, int(offset))],
            ).fetchall()
        return Page(
            tuple(_table_row(row) for row in rows), int(total), max(0, offset), max(0, limit)
        )

    def points(
        self, flt: IncidentFilter, *, bounds: Bounds | None = None, limit: int = 5000
    ) -> list[MapPoint]:
        """Located incidents for markers (inside ``bounds`` when given), the deadliest first
        when there are more than ``limit``."""
        flt = dataclasses.replace(flt, located=True, bounds=bounds or flt.bounds)
        clause, params = sql.where(flt, self._dialect)
        with self._reading("reading map points") as con:
            rows = con.execute(
                "SELECT f.id, f.lat, f.lon, f.date, f.event_type, f.killed, f.injured, "
                "COALESCE(f.place, f.place_mention, ''), f.origin, "
                "CASE WHEN f.event_group <> f.id THEN f.event_group END "
                f"FROM facts f WHERE {clause} "
                "ORDER BY f.casualties DESC, f.id DESC "
                f"LIMIT {self._dialect.param}",
                [*params, max(0, int(limit))],
            ).fetchall()
        return [MapPoint(*row) for row in rows]

    def _per_cell(
        self,
        flt: IncidentFilter,
        *,
        bounds: Bounds | None,
        cell_size: float,
        period: str | None,
        doing: str,
    ) -> list[tuple[Any, ...]]:
        """Rows ``(row, col[, period], count, killed, injured, sum of latitudes, sum of
        longitudes)`` of the located incidents ``flt`` keeps (within ``bounds``), grouped by
        grid cell of ``cell_size`` degrees and, when ``period`` is given, by period (as
        :meth:`month_counts`). Read from ``facts_cells`` when it can answer (see
        :meth:`_cells_plan`), else from ``facts``."""
        if not cell_size > 0:
            raise ValueError(f"cell_size {cell_size!r} is not a positive number of degrees")
        if period is not None and period not in sql.PERIOD_EXPR:
            raise ValueError(f"period {period!r} is not one of {tuple(sql.PERIOD_EXPR)}")
        flt = dataclasses.replace(flt, located=True, bounds=bounds or flt.bounds)
        with self._reading(doing) as con:
            plan = self._cells_plan(con, flt, cell_size=cell_size, period=period)
            if plan is None:
                return self._facts_per_cell(con, flt, cell_size=cell_size, period=period)
            return self._rollup_per_cell(con, flt, plan, cell_size=cell_size, period=period)

    def _facts_per_cell(
        self,
        con: Any,
        flt: IncidentFilter,
        *,
        cell_size: float,
        period: str | None,
        extra: tuple[str, list[Any]] = ("", []),
    ) -> list[tuple[Any, ...]]:
        """:meth:`_per_cell` from ``facts`` (``extra``: one more condition and its params)."""
        clause, params = sql.where(flt, self._dialect)
        p = self._dialect.param
        keys = f"{self._dialect.cell('f.lat', p)} AS r, {self._dialect.cell('f.lon', p)} AS c"
        group = "r, c"
        if period is not None:
            keys, group = f"{keys}, {sql.PERIOD_EXPR[period]} AS k", f"{group}, k"
        more, more_params = extra
        return [
            tuple(row)
            for row in con.execute(
                f"SELECT {keys}, COUNT(*), COALESCE(SUM(f.killed), 0), "
                f"COALESCE(SUM(f.injured), 0), SUM(f.lat), SUM(f.lon) FROM facts f "
                f"WHERE {clause}{more} GROUP BY {group}",
                [float(cell_size), float(cell_size), *params, *more_params],
            ).fetchall()
        ]

    def _cells_plan(
        self, con: Any, flt: IncidentFilter, *, cell_size: float, period: str | None
    ) -> tuple[int, tuple[int | None, int | None, int | None, int | None]] | None:
        """How ``facts_cells`` answers a grid, or None when it cannot: ``(blocks, box)``,
        ``blocks`` the roll-up's cells per side of an asked cell (a power of two),
        ``box`` the first and past-the-last roll-up rows and columns the bounds keep (None:
        that side unbounded). It can when the filter is one the roll-ups answer but for its
        bounds, the period is a month or a year, ``cell_size`` is :data:`sql.ROLLUP_CELL`
        times a power of two, and each side of the bounds lies on a roll-up cell's edge (as
        the map's bounds, snapped to its cells, do) or at the globe's edge."""
        if period not in (None, *sql.CELLS_PERIOD) or not sql.rollup_answers(
            dataclasses.replace(flt, bounds=None)
        ):
            return None
        blocks = cell_size / sql.ROLLUP_CELL
        if blocks < 1 or blocks != int(blocks) or int(blocks) & (int(blocks) - 1):
            return None
        box: list[int | None] = [None, None, None, None]
        if flt.bounds is not None:
            b = flt.bounds
            for at, (value, open_end) in enumerate(
                ((b.south, -90.0), (b.west, -180.0), (b.north, 90.0), (b.east, 180.0))
            ):
                if value == open_end:
                    continue
                edge = (value + 180.0) / sql.ROLLUP_CELL
                if edge != int(edge):
                    return None
                box[at] = int(edge)
        if not self._rollup_ready(con):
            return None
        south, west, north, east = box
        return int(blocks), (south, west, north, east)

    def _rollup_per_cell(
        self,
        con: Any,
        flt: IncidentFilter,
        plan: tuple[int, tuple[int | None, int | None, int | None, int | None]],
        *,
        cell_size: float,
        period: str | None,
    ) -> list[tuple[Any, ...]]:
        """:meth:`_per_cell` summed from ``facts_cells`` (whole roll-up cells inside the box),
        plus the rows lying exactly on the box's north or east side (which ``facts``' BETWEEN
        keeps but whose roll-up cell lies outside), read from ``facts`` through an index."""
        blocks, (south, west, north, east) = plan
        p = self._dialect.param
        clause, params = sql.rollup_where(flt, p, cells=True)
        for column, first, past in (("r", south, north), ("c", west, east)):
            if first is not None:
                clause += f" AND r.{column} >= {p}"
                params.append(first)
            if past is not None:
                clause += f" AND r.{column} < {p}"
                params.append(past)
        keys, group = f"r.r / {p} AS rr, r.c / {p} AS cc", "rr, cc"
        if period is not None:
            keys, group = f"{keys}, {sql.CELLS_PERIOD[period]} AS k", f"{group}, k"
        rows = con.execute(
            f"SELECT {keys}, SUM(r.n), SUM(r.killed), SUM(r.injured), SUM(r.sum_lat), "
            f"SUM(r.sum_lon) FROM facts_cells r WHERE {clause} GROUP BY {group}",
            [blocks, blocks, *params],
        ).fetchall()
        edges, edge_params = [], []
        for side, column, value in (
            (north, "f.lat", flt.bounds.north if flt.bounds else None),
            (east, "f.lon", flt.bounds.east if flt.bounds else None),
        ):
            if side is not None:
                edges.append(f"{column} = {p}")
                edge_params.append(value)
        if not edges:
            return [tuple(row) for row in rows]
        on_edge = self._facts_per_cell(
            con,
            flt,
            cell_size=cell_size,
            period=period,
            extra=(f" AND ({' OR '.join(edges)})", edge_params),
        )
        width = 3 if period is not None else 2
        sums: dict[tuple[Any, ...], list[Any]] = {}
        for row in [*rows, *on_edge]:
            key, values = tuple(row[:width]), row[width:]
            total = sums.setdefault(key, [0, 0, 0, 0.0, 0.0])
            for at, value in enumerate(values):
                total[at] += value
        return [(*key, *values) for key, values in sums.items()]

    def grid(
        self, flt: IncidentFilter, *, bounds: Bounds | None = None, cell_size: float = 0.5
    ) -> list[GridCell]:
        """Located incidents counted per cell of ``cell_size`` degrees, with their centroid."""
        rows = self._per_cell(
            flt,
            bounds=bounds,
            cell_size=cell_size,
            period=None,
            doing="counting incidents per cell",
        )
        return [
            GridCell(int(r), int(c), int(n), int(k), int(i), float(lat) / n, float(lon) / n)
            for r, c, n, k, i, lat, lon in rows
        ]

    def grid_periods(
        self,
        flt: IncidentFilter,
        *,
        bounds: Bounds | None = None,
        cell_size: float = 0.5,
        period: str = "month",
    ) -> list[tuple[int, int, str, int]]:
        """Located incidents counted per cell (as :meth:`grid`) and period (as
        :meth:`month_counts`): ``(row, col, period, count)`` rows, for the map's timeline."""
        rows = self._per_cell(
            flt,
            bounds=bounds,
            cell_size=cell_size,
            period=period,
            doing="counting incidents per cell and period",
        )
        return [(int(r), int(c), str(k), int(n)) for r, c, k, n, *_ in rows]

    def grid_with_periods(
        self,
        flt: IncidentFilter,
        *,
        bounds: Bounds | None = None,
        cell_size: float = 0.5,
        period: str = "month",
    ) -> GridPeriods:
        """:meth:`grid` and :meth:`grid_periods` (with each period's toll) from one query:
        the rows are grouped by cell and period once, the cells summed from those groups."""
        rows = self._per_cell(
            flt,
            bounds=bounds,
            cell_size=cell_size,
            period=period,
            doing="counting incidents per cell and period",
        )
        # (count, killed, injured, sum of latitudes, sum of longitudes) per cell
        sums: dict[tuple[int, int], list[float]] = {}
        periods = []
        for r, c, k, n, killed, injured, lat, lon in rows:
            cell = (int(r), int(c))
            periods.append((cell[0], cell[1], str(k), int(n), int(killed)))
            total = sums.setdefault(cell, [0, 0, 0, 0.0, 0.0])
            total[0] += int(n)
            total[1] += int(killed)
            total[2] += int(injured)
            total[3] += float(lat)
            total[4] += float(lon)
        cells = tuple(
            GridCell(r, c, int(n), int(k), int(i), lat / n, lon / n)
            for (r, c), (n, k, i, lat, lon) in sums.items()
        )
        return GridPeriods(cells, tuple(periods))

    def incident(self, incident_id: str) -> Incident | None:
        """One incident with its correction applied, or None (unknown or unreadable)."""
        with self._reading("reading an incident") as con:
            found = self._read_data(con, incident_id)
        return _read_incident(*found) if found else None

    def select(
        self, flt: IncidentFilter, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[Incident]:
        """The incidents ``flt`` keeps, whole (corrections applied), by date, streamed.

        For exports and what needs the whole record; the page's figures, chart and table use
        the queries above instead.
        """
        clause, params = sql.where(flt, self._dialect)
        p = self._dialect.param
        paging = ""
        if limit is not None or offset:
            paging = f" LIMIT {p} OFFSET {p}"
            params = [*params, NO_LIMIT if limit is None else max(0, int(limit)), max(0, offset)]
        with self._reading("reading incidents") as con:
            cursor = con.execute(
                "SELECT COALESCE(i.data, e.data), c.place FROM facts f "
                "LEFT JOIN incidents i ON f.tbl = 'incidents' AND i.id = f.id "
                "LEFT JOIN coded_events e ON f.tbl = 'coded_events' AND e.id = f.id "
                "LEFT JOIN corrections c ON c.incident_id = f.id "
                f"WHERE {clause} ORDER BY f.date IS NULL, f.date, f.source, f.id{paging}",
                params,
            )
            for data, correction in cursor:
                if data is None:
                    continue
                incident = _read_incident(data, correction)
                if incident is not None:
                    yield incident

    def repeats(self, ids: Iterable[str]) -> dict[str, Incident]:
        """Of these ids, those that repeat another report's event: id -> the report standing
        for it (as :func:`incidents.query.same_event` gives, computed at ingest)."""
        standing: dict[str, str] = {}
        p = self._dialect.param
        with self._reading("reading same-event groups") as con:
            for chunk in chunks(list(ids)):
                marks = ", ".join([p] * len(chunk))
                standing.update(
                    con.execute(
                        f"SELECT id, event_group FROM facts WHERE id IN ({marks}) "
                        "AND event_group IS NOT NULL AND event_group <> id",
                        list(chunk),
                    ).fetchall()
                )
        found = {key: self.incident(key) for key in set(standing.values())}
        return {key: inc for key, stands in standing.items() if (inc := found[stands])}

    def date_range(self, flt: IncidentFilter) -> tuple[str | None, str | None]:
        """The first and last stored dates (as written) of the incidents ``flt`` keeps."""
        clause, params = sql.where(flt, self._dialect)
        query = f"SELECT MIN(f.date), MAX(f.date) FROM facts f WHERE {clause}"
        with self._reading("reading the dates covered") as con:
            if sql.rollup_answers(flt) and self._rollup_ready(con):
                clause, params = sql.rollup_where(flt, self._dialect.param)
                query = (
                    "SELECT MIN(NULLIF(r.date, '')), MAX(NULLIF(r.date, '')) FROM facts_rollup r "
                    f"WHERE {clause}"
                )
            first, last = con.execute(query, params).fetchone()
        return first, last

    def extent(self) -> tuple[float, float, float, float] | None:
        """``(south, west, north, east)``: the smallest box holding every located incident,
        or None when none is located (each end read from an index, not a pass)."""
        with self._reading("reading the extent of the located incidents") as con:
            ends = [
                con.execute(f"SELECT {end}(f.{column}) FROM facts f").fetchone()[0]
                for end, column in (("MIN", "lat"), ("MIN", "lon"), ("MAX", "lat"), ("MAX", "lon"))
            ]
        if any(end is None for end in ends):
            return None
        south, west, north, east = (float(end) for end in ends)
        return south, west, north, east

    def article_names(self) -> list[str]:
        """The names of the stored articles, sorted (without their text)."""
        with self._reading("listing articles") as con:
            return [
                row[0] for row in con.execute("SELECT DISTINCT source FROM articles ORDER BY 1")
            ]

    def twins(self, flt: IncidentFilter) -> dict[str, Incident]:
        """Of the incidents ``flt`` keeps, those that repeat another report's event: id ->
        the report standing for it (which the filter may leave out)."""
        clause, params = sql.where(flt, self._dialect)
        with self._reading("reading same-event groups") as con:
            standing = dict(
                con.execute(
                    f"SELECT f.id, f.event_group FROM facts f WHERE {clause} "
                    "AND f.event_group IS NOT NULL AND f.event_group <> f.id",
                    params,
                ).fetchall()
            )
        found = self.incidents_of(set(standing.values()))
        return {key: found[stands] for key, stands in standing.items() if stands in found}

    def incidents_of(self, ids: Iterable[str]) -> dict[str, Incident]:
        """The readable incidents of these ids (corrections applied), by id."""
        found: dict[str, Incident] = {}
        p = self._dialect.param
        with self._reading("reading incidents") as con:
            for table in ("incidents", "coded_events"):
                for chunk in chunks(sorted(set(ids))):
                    marks = ", ".join([p] * len(chunk))
                    for data, correction in con.execute(
                        f"SELECT i.data, c.place FROM {table} i LEFT JOIN corrections c "
                        f"ON c.incident_id = i.id WHERE i.id IN ({marks})",
                        list(chunk),
                    ):
                        incident = _read_incident(data, correction)
                        if incident is not None:
                            found[incident.id] = incident
        return found

    def options(self) -> FilterOptions:
        """The distinct months, types, actors, origins and sources (cheap index scans)."""
        with self._reading("listing filter values") as con:
            rollup = self._rollup_ready(con)

            def distinct(column: str) -> tuple[str, ...]:
                if rollup and column in ("month", "event_type", "origin"):  # its key columns
                    return tuple(
                        row[0]
                        for row in con.execute(
                            f"SELECT DISTINCT {column} FROM facts_rollup "
                            f"WHERE {column} <> '' ORDER BY {column}"
                        )
                    )
                return tuple(
                    row[0]
                    for row in con.execute(
                        f"SELECT DISTINCT {column} FROM facts "
                        f"WHERE {column} IS NOT NULL ORDER BY {column}"
                    )
                )

            actors = sorted(set(distinct("actor1")) | set(distinct("actor2")))
            origins = set(distinct("origin"))
            return FilterOptions(
                months=distinct("month"),
                types=distinct("event_type"),
                actors=tuple(actors),
                origins=tuple(o for o in ORIGINS if o in origins),
                sources=distinct("source"),
            )


def _table_row(row: Sequence[object]) -> TableRow:
    values = list(row)
    values[13] = bool(values[13])  # corrected
    return TableRow(*values)  # type: ignore[arg-type]
