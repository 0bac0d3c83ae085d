"""What the map draws when it holds too many incidents to draw each: grid cells and periods.

Plain data in, plain data out (numpy arrays, frozen dataclasses); no folium, no store. The
caller gives the located points of the current filter as :class:`MapPoints` (columns, not
``Incident`` objects: a million of them fit in about 20 MB) or, when a store computes the
cells itself, a list of :class:`GridCell` straight away.

- :func:`cell_degrees`: the grid's cell size (degrees) for a zoom level, about
  :data:`CELL_PX` screen pixels wide; cells are aligned on a global grid, so a cell is the
  same from one pan to the next.
- :func:`grid_cells`: the points inside the view's bounds, binned into cells (count, killed,
  centroid, the cell's box) with, for the timeline, each cell's count per period.
- :func:`choose_granularity` and :func:`period_counts`: the timeline's periods (day, week or
  month, by the span of the dates) and the count of incidents in each.
- :func:`view_mode`: markers or cells, from how many points the view holds; :class:`ViewLayer`
  what one view draws, and :func:`snap_bounds` a view grown to whole cells (a cache key).
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from incidents.model import Incident

# A cell about this many screen pixels wide at any zoom.
CELL_PX = 48
# Individual markers (with popups) when the view holds at most this many incidents.
MARKER_LIMIT = 500
# From this zoom on, the view draws markers (the first MARKER_LIMIT) even when it holds more:
# incidents stacked at one town never spread apart by zooming further.
MARKER_ZOOM = 13
# Per-cell counts per period only when there are at most this many (cell, period) pairs.
CELL_PERIODS_LIMIT = 60_000
UNDATED = -1  # the day of an undated point (days since 1970-01-01 otherwise)
_EPOCH = datetime.date(1970, 1, 1)

Granularity = Literal["day", "week", "month"]
Bounds = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True)
class MapPoints:
    """The located incidents of a filter as columns (one row per incident).

    Attributes
    ----------
    lat, lon : float arrays
        Where each incident is drawn.
    day : int array
        Days since 1970-01-01 of its date's first day; :data:`UNDATED` when it has none.
    killed : int array
        Its fatalities (0 when not reported).
    row : int array
        The caller's key for the incident (a row number it can read the incident back by).
    """

    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    day: npt.NDArray[np.int64]
    killed: npt.NDArray[np.int64]
    row: npt.NDArray[np.int64]

    @classmethod
    def from_columns(
        cls,
        lat: Sequence[float],
        lon: Sequence[float],
        day: Sequence[int],
        killed: Sequence[int],
        row: Sequence[int] | None = None,
    ) -> MapPoints:
        """Points from plain sequences (``row`` defaults to 0, 1, 2...)."""
        size = len(lat)
        return cls(
            np.asarray(lat, dtype=np.float64),
            np.asarray(lon, dtype=np.float64),
            np.asarray(day, dtype=np.int64),
            np.asarray(killed, dtype=np.int64),
            np.arange(size, dtype=np.int64) if row is None else np.asarray(row, dtype=np.int64),
        )

    def __len__(self) -> int:
        return int(self.lat.shape[0])

    def take(self, mask: npt.NDArray[np.bool_] | npt.NDArray[np.int64]) -> MapPoints:
        """The points selected by a boolean mask or an index array."""
        return MapPoints(
            self.lat[mask], self.lon[mask], self.day[mask], self.killed[mask], self.row[mask]
        )

    def within(self, bounds: Bounds | None) -> MapPoints:
        """The points inside ``bounds`` (south, west, north, east; all of them for None)."""
        if bounds is None:
            return self
        south, west, north, east = bounds
        inside = (self.lat >= south) & (self.lat <= north)
        if west <= east:
            inside &= (self.lon >= west) & (self.lon <= east)
        else:  # the view crosses the antimeridian
            inside &= (self.lon >= west) | (self.lon <= east)
        return self.take(inside)

    def extent(self) -> Bounds | None:
        """The smallest box holding every point; None when there is none."""
        if not len(self):
            return None
        return (
            float(self.lat.min()),
            float(self.lon.min()),
            float(self.lat.max()),
            float(self.lon.max()),
        )


@dataclass(frozen=True)
class GridCell:
    """Incidents binned in one cell of the grid.

    ``lat``/``lon`` is their centroid (where the bubble is drawn); ``south`` to ``east`` the
    cell's box (what a click zooms to); ``periods`` their count per period of the timeline,
    as sorted ``(period index, count)`` pairs (empty when not computed).
    """

    lat: float
    lon: float
    count: int
    killed: int
    south: float
    west: float
    north: float
    east: float
    periods: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class ViewLayer:
    """What the map's data layer draws for one view: count bubbles (``cells``) or markers
    (``incidents``, with their popups), and the note over the map."""

    cells: tuple[GridCell, ...] = ()
    incidents: tuple[Incident, ...] = ()
    note: str = ""
    timeline: Timeline | None = None  # the filter's timeline, when the view gave it


def snap_bounds(bounds: Bounds, cell_deg: float) -> Bounds:
    """``bounds`` grown to the edges of the global grid of ``cell_deg`` cells (which start
    at -180°, as the store's): every cell in view is counted whole, and views a little apart
    are one view (one cached layer)."""
    south, west, north, east = bounds

    def down(value: float) -> float:
        return math.floor((value + 180.0) / cell_deg) * cell_deg - 180.0

    def up(value: float) -> float:
        return math.ceil((value + 180.0) / cell_deg) * cell_deg - 180.0

    return (
        max(-90.0, down(south)),
        max(-180.0, down(west)),
        min(90.0, up(north)),
        min(180.0, up(east)),
    )


@dataclass(frozen=True)
class PeriodCount:
    """The incidents of one period of the timeline: its first day (ISO), label and count."""

    start: str
    label: str
    count: int
    killed: int


def cell_degrees(zoom: float) -> float:
    """Size (degrees of longitude) of a cell about :data:`CELL_PX` pixels wide at ``zoom``."""
    zoom = min(max(zoom, 0.0), 22.0)
    return CELL_PX * 360.0 / (256.0 * 2.0**zoom)


def zoom_for(bounds: Bounds, *, width_px: int = 1000, height_px: int = 560) -> int:
    """The zoom at which ``bounds`` fills a view of that size (Web Mercator, roughly)."""
    south, west, north, east = bounds
    lon_span = max((east - west) % 360 or 360.0, 1e-6) if east < west else max(east - west, 1e-6)
    lat_span = max(north - south, 1e-6)
    zoom_x = math.log2(width_px * 360.0 / (256.0 * lon_span))
    zoom_y = math.log2(height_px * 180.0 / (256.0 * lat_span))
    return int(max(0, min(18, math.floor(min(zoom_x, zoom_y)))))


def view_mode(count: int, zoom: float) -> Literal["markers", "cells"]:
    """Markers when the view holds few enough incidents (or is zoomed all the way in)."""
    return "markers" if count <= MARKER_LIMIT or zoom >= MARKER_ZOOM else "cells"


def day_number(iso_day: str | None) -> int:
    """Days since 1970-01-01 of ``YYYY-MM-DD`` (its first day for ``YYYY-MM``/``YYYY``)."""
    if not iso_day:
        return UNDATED
    parts = iso_day.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return (datetime.date(year, month, day) - _EPOCH).days
    except (ValueError, IndexError):
        return UNDATED


def _iso(day: int) -> str:
    return (_EPOCH + datetime.timedelta(days=int(day))).isoformat()


def choose_granularity(first_day: int, last_day: int) -> Granularity:
    """Days over three months at most, weeks over two years at most, else months."""
    span = last_day - first_day
    if span <= 92:
        return "day"
    if span <= 731:
        return "week"
    return "month"


def period_index(
    days: npt.NDArray[np.int64], first_day: int, granularity: Granularity
) -> npt.NDArray[np.int64]:
    """Each day's period number, counted from the period holding ``first_day``."""
    if granularity == "day":
        return days - first_day
    if granularity == "week":  # weeks starting on Monday (1970-01-01 was a Thursday)
        return (days + 3) // 7 - (first_day + 3) // 7
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]").astype(np.int64)
    first = np.datetime64(_iso(first_day), "M").astype(np.int64)
    return months - first


def _period_start(first_day: int, index: int, granularity: Granularity) -> datetime.date:
    first = _EPOCH + datetime.timedelta(days=first_day)
    if granularity == "day":
        return first + datetime.timedelta(days=index)
    if granularity == "week":
        monday = first - datetime.timedelta(days=first.weekday())
        return monday + datetime.timedelta(weeks=index)
    month = first.year * 12 + first.month - 1 + index
    return datetime.date(month // 12, month % 12 + 1, 1)


def period_label(start: datetime.date, granularity: Granularity) -> str:
    """A period as people read it: "3 July 2020", "week of 29 June 2020", "July 2020"."""
    if granularity == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    day = f"{start.day} {calendar.month_name[start.month]} {start.year}"
    return f"week of {day}" if granularity == "week" else day


@dataclass(frozen=True)
class Timeline:
    """The timeline's periods: their granularity, first day and counts (may be empty)."""

    granularity: Granularity
    first_day: int
    periods: tuple[PeriodCount, ...]


def period_counts(points: MapPoints, granularity: Granularity | None = None) -> Timeline:
    """The dated points' count (and killed) per period, every period from first to last."""
    dated = points.day != UNDATED
    days = points.day[dated]
    if not days.size:
        return Timeline(granularity or "month", 0, ())
    first, last = int(days.min()), int(days.max())
    granularity = granularity or choose_granularity(first, last)
    index = period_index(days, first, granularity)
    size = int(index.max()) + 1
    counts = np.bincount(index, minlength=size)
    killed = np.bincount(index, weights=points.killed[dated], minlength=size)
    return _timeline(granularity, first, counts, killed)


def _timeline(
    granularity: Granularity, first: int, counts: npt.NDArray[Any], killed: npt.NDArray[Any]
) -> Timeline:
    """A :class:`Timeline` of the periods from day ``first``, their counts and dead by index."""
    periods = []
    for n in range(len(counts)):
        start = _period_start(first, n, granularity)
        periods.append(
            PeriodCount(
                start.isoformat(), period_label(start, granularity), int(counts[n]), int(killed[n])
            )
        )
    return Timeline(granularity, first, tuple(periods))


def grid_cells(
    points: MapPoints,
    *,
    cell_deg: float,
    timeline: Timeline | None = None,
) -> list[GridCell]:
    """Bin ``points`` into cells of ``cell_deg`` degrees aligned on (-90, -180).

    With a ``timeline`` (from :func:`period_counts`), each cell also gets its count per
    period, unless there would be more than :data:`CELL_PERIODS_LIMIT` pairs in all.
    Cells come largest first.
    """
    if not len(points):
        return []
    ix = np.floor((points.lon + 180.0) / cell_deg).astype(np.int64)
    iy = np.floor((points.lat + 90.0) / cell_deg).astype(np.int64)
    key = ix * 10_000_000 + iy
    cells, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    lat = np.bincount(inverse, weights=points.lat) / counts
    lon = np.bincount(inverse, weights=points.lon) / counts
    killed = np.bincount(inverse, weights=points.killed)
    per_cell: list[tuple[tuple[int, int], ...]] = [()] * len(cells)
    if timeline is not None and timeline.periods:
        dated = points.day != UNDATED
        index = period_index(points.day[dated], timeline.first_day, timeline.granularity)
        pair = inverse[dated] * len(timeline.periods) + index
        pairs, pair_counts = np.unique(pair, return_counts=True)
        if len(pairs) <= CELL_PERIODS_LIMIT:
            grouped: list[list[tuple[int, int]]] = [[] for _ in cells]
            for value, count in zip(pairs.tolist(), pair_counts.tolist(), strict=True):
                cell, period = divmod(value, len(timeline.periods))
                grouped[cell].append((period, count))
            per_cell = [tuple(group) for group in grouped]
    result = []
    for n, cell in enumerate(cells.tolist()):
        cx, cy = divmod(cell, 10_000_000)
        west, south = cx * cell_deg - 180.0, cy * cell_deg - 90.0
        result.append(
            GridCell(
                lat=round(float(lat[n]), 5),
                lon=round(float(lon[n]), 5),
                count=int(counts[n]),
                killed=int(killed[n]),
                south=round(south, 6),
                west=round(west, 6),
                north=round(south + cell_deg, 6),
                east=round(west + cell_deg, 6),
                periods=per_cell[n],
            )
        )
    result.sort(key=lambda c: -c.count)
    return result


# --- From a store's aggregates (plain rows) -----------------------------------------------


def period_granularity(first: str | None, last: str | None) -> Literal["day", "month"]:
    """The timeline's periods for dates from ``first`` to ``last`` (as stored): days over
    three months at most, else months."""
    first_day, last_day = day_number(first), day_number(last)
    if first_day == UNDATED or last_day == UNDATED:
        return "month"
    return "day" if choose_granularity(first_day, last_day) == "day" else "month"


def _key_length(granularity: Granularity) -> int:
    return {"day": 10, "week": 10, "month": 7}[granularity]


def _index_of(key: str, timeline: Timeline) -> int | None:
    """The period number of a store's period key (``YYYY-MM`` or ``YYYY-MM-DD``) on
    ``timeline``; None for a key of another precision (a year, "undated")."""
    if len(key) != _key_length(timeline.granularity):
        return None
    day = day_number(key)
    if day == UNDATED:
        return None
    index = int(period_index(np.asarray([day]), timeline.first_day, timeline.granularity)[0])
    return index if 0 <= index < len(timeline.periods) else None


def timeline_from_counts(
    counts: Sequence[tuple[str, int, int]], granularity: Granularity
) -> Timeline:
    """A :class:`Timeline` from a store's ``(period key, count, killed)`` rows: every period
    from the first to the last (zero where none); keys of another precision (a year only,
    "undated") are left out of it."""
    length = _key_length(granularity)
    dated = [(key, count, killed) for key, count, killed in counts if len(key) == length]
    days = [day_number(key) for key, _, _ in dated]
    kept = [(day, row) for day, row in zip(days, dated, strict=True) if day != UNDATED]
    if not kept:
        return Timeline(granularity, 0, ())
    first = min(day for day, _ in kept)
    index = period_index(np.asarray([day for day, _ in kept]), first, granularity)
    size = int(index.max()) + 1
    totals = np.zeros(size, dtype=np.int64)
    killed = np.zeros(size, dtype=np.int64)
    for n, (_, (_, count, dead)) in zip(index.tolist(), kept, strict=True):
        totals[n] += count
        killed[n] += dead
    return _timeline(granularity, first, totals, killed)


def timeline_of_cells(
    periods: Sequence[tuple[int, int, str, int, int]], granularity: Granularity
) -> Timeline:
    """The timeline of every incident a grid holds: its cells' ``(row, col, period key,
    count, killed)`` rows summed per period (:func:`timeline_from_counts`)."""
    totals: dict[str, list[int]] = {}
    for _row, _col, key, count, killed in periods:
        total = totals.setdefault(key, [0, 0])
        total[0] += count
        total[1] += killed
    return timeline_from_counts(
        [(key, count, killed) for key, (count, killed) in sorted(totals.items())], granularity
    )


def cells_from_grid(
    rows: Sequence[tuple[int, int, int, int, float, float]],
    *,
    cell_size: float,
    periods: Sequence[tuple[int, int, str, int]] = (),
    timeline: Timeline | None = None,
) -> list[GridCell]:
    """:class:`GridCell` values from a store's grid: ``(row, col, count, killed, lat, lon)``
    rows, the cell ``row``/``col`` of ``cell_size`` degrees counted from -180 (the store's
    ``CAST((coordinate + 180) / size)``), and its ``(row, col, period key, count)`` rows for
    the timeline (left out beyond :data:`CELL_PERIODS_LIMIT`). Largest first."""
    by_cell: dict[tuple[int, int], list[tuple[int, int]]] = {}
    if timeline is not None and timeline.periods and len(periods) <= CELL_PERIODS_LIMIT:
        for row, col, key, count in periods:
            index = _index_of(key, timeline)
            if index is not None:
                by_cell.setdefault((row, col), []).append((index, count))
    cells = []
    for row, col, count, killed, lat, lon in rows:
        south, west = row * cell_size - 180.0, col * cell_size - 180.0
        cells.append(
            GridCell(
                lat=round(float(lat), 5),
                lon=round(float(lon), 5),
                count=int(count),
                killed=int(killed or 0),
                south=round(max(south, -90.0), 6),
                west=round(west, 6),
                north=round(min(south + cell_size, 90.0), 6),
                east=round(west + cell_size, 6),
                periods=tuple(sorted(by_cell.get((row, col), ()))),
            )
        )
    cells.sort(key=lambda c: -c.count)
    return cells
