"""The store's seam: what the page asks of any backend, as records and one Protocol.

A backend (SQLite in :mod:`incidents.store.sqlite`, PostgreSQL/PostGIS elsewhere) answers
these questions in SQL against denormalised, indexed columns (see :mod:`incidents.store.sql`):
it never loads every incident into Python to filter, count or page them.

Records::

    IncidentFilter  what the sidebar (and the URL, and the map's view) keeps
    Bounds          a box of latitudes and longitudes
    Figures         the headline numbers of the filtered set
    PeriodCount     one bar of the per-month (or per-day, per-year) chart
    MapPoint        what the map needs to draw one marker
    GridCell        one cell of the map's density grid
    TableRow        one row of the page's table; Page, one page of them
    FilterOptions   the values the filter widgets offer
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from geo.place import Place
from incidents.errors import IncidentsError
from incidents.model import Article, Incident

#: The table's sort keys (a column of the denormalised index) and their SQL column.
ORDERS = ("date", "event_type", "place", "killed", "injured", "source", "origin", "id")
#: Periods of :meth:`IncidentQueries.month_counts`.
PERIODS = ("day", "month", "year")


@dataclass(frozen=True)
class Bounds:
    """A box: south <= lat <= north and west <= lon <= east (no antimeridian wrap)."""

    south: float
    west: float
    north: float
    east: float

    def __post_init__(self) -> None:
        if not (-90 <= self.south <= self.north <= 90):
            raise ValueError(f"latitudes {self.south}..{self.north} are not a box on the globe")
        if not (-180 <= self.west <= self.east <= 180):
            raise ValueError(f"longitudes {self.west}..{self.east} are not a box on the globe")

    @classmethod
    def of(cls, box: tuple[float, float, float, float]) -> Bounds:
        """From ``(south, west, north, east)``, clipped to the globe."""
        south, west, north, east = box
        return cls(max(-90.0, south), max(-180.0, west), min(90.0, north), min(180.0, east))


@dataclass(frozen=True)
class IncidentFilter:
    """What to keep; an empty field keeps everything.

    ``months`` are ``YYYY-MM``; ``start``/``end`` ISO days (both included), kept when the
    incident's possible days (its date's period) overlap them; ``actors`` keep an incident
    when either side is one of them; ``min_casualties`` counts killed plus injured (a count
    not given as 0); ``text`` is words that must all be found (prefixes, accents and case
    aside) in the sentence, place, actors, type, weapon or source; ``bounds`` keeps located
    incidents inside the box (and drops unlocated ones).
    """

    months: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    min_casualties: int = 0
    text: str = ""
    bounds: Bounds | None = None
    located: bool | None = None  # True: located only, False: unlocated only
    sources: tuple[str, ...] = ()  # articles (file names) or datasets

    @classmethod
    def make(
        cls,
        *,
        months: Iterable[str] = (),
        types: Iterable[str] = (),
        actors: Iterable[str] = (),
        origins: Iterable[str] = (),
        sources: Iterable[str] = (),
        **rest: object,
    ) -> IncidentFilter:
        """A filter from any iterables (lists from widgets), kept as sorted tuples."""
        return cls(
            months=tuple(sorted(set(months))),
            types=tuple(sorted(set(types))),
            actors=tuple(sorted(set(actors))),
            origins=tuple(sorted(set(origins))),
            sources=tuple(sorted(set(sources))),
            **rest,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Figures:
    """The headline numbers: reports, events (a repeat of another report's event counted
    once, with the largest toll of its reports), killed and injured per event, and what the
    numbers leave out."""

    incidents: int = 0
    events: int = 0
    killed: int = 0
    injured: int = 0
    located: int = 0
    unlocated: int = 0
    undated: int = 0
    no_count: int = 0

    @property
    def repeats(self) -> int:
        return self.incidents - self.events


@dataclass(frozen=True)
class PeriodCount:
    """One period of the chart: ``YYYY-MM`` (month), ``YYYY-MM-DD`` (day, week's Monday),
    ``YYYY`` (year), or "undated"."""

    period: str
    incidents: int
    killed: int
    injured: int


@dataclass(frozen=True)
class MapPoint:
    """One marker: where, when, what, the toll, and a short label (place, else as written)."""

    id: str
    lat: float
    lon: float
    date: str | None
    event_type: str
    killed: int | None
    injured: int | None
    label: str
    origin: str
    repeat_of: str | None = None  # the id of the report standing for its event


@dataclass(frozen=True)
class GridCell:
    """One cell of the density grid: its index, how many incidents, their toll, centroid."""

    row: int
    col: int
    count: int
    killed: int
    injured: int
    lat: float  # mean latitude of the cell's incidents
    lon: float


@dataclass(frozen=True)
class GridPeriods:
    """A density grid and its cells' counts per period, read in one pass over the rows.

    ``cells`` are :class:`GridCell` values (as :meth:`IncidentQueries.grid` gives them);
    ``periods`` their ``(row, col, period key, count, killed)`` rows (as
    :meth:`IncidentQueries.grid_periods` gives them, with the period's toll).
    """

    cells: tuple[GridCell, ...] = ()
    periods: tuple[tuple[int, int, str, int, int], ...] = ()


@dataclass(frozen=True)
class TableRow:
    """One row of the page's table (None where the incident gives nothing)."""

    id: str
    date: str | None
    event_type: str
    place: str | None
    killed: int | None
    injured: int | None
    date_precision: str
    same_event_as: str | None
    actor1: str | None
    actor2: str | None
    origin: str
    place_mention: str | None
    geo_precision: int | None
    corrected: bool
    weapon: str | None
    quote: str
    source: str


@dataclass(frozen=True)
class Page:
    """One page of the table: its rows, and how many rows the filter keeps in all."""

    rows: tuple[TableRow, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class FilterOptions:
    """The values the filter widgets offer (distinct values in the store)."""

    months: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())


@runtime_checkable
class IncidentQueries(Protocol):
    """The questions the page asks; every answer comes from one SQL query (or a few)."""

    def figures(self, flt: IncidentFilter) -> Figures: ...

    def figures_with_located(self, flt: IncidentFilter) -> tuple[Figures, Figures]: ...

    def month_counts(self, flt: IncidentFilter, *, period: str = "month") -> list[PeriodCount]: ...

    def page(
        self,
        flt: IncidentFilter,
        *,
        order: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> Page: ...

    def points(
        self, flt: IncidentFilter, *, bounds: Bounds | None = None, limit: int = 5000
    ) -> list[MapPoint]: ...

    def grid(
        self, flt: IncidentFilter, *, bounds: Bounds | None = None, cell_size: float = 0.5
    ) -> list[GridCell]: ...

    def grid_periods(
        self,
        flt: IncidentFilter,
        *,
        bounds: Bounds | None = None,
        cell_size: float = 0.5,
        period: str = "month",
    ) -> list[tuple[int, int, str, int]]: ...

    def grid_with_periods(
        self,
        flt: IncidentFilter,
        *,
        bounds: Bounds | None = None,
        cell_size: float = 0.5,
        period: str = "month",
    ) -> GridPeriods: ...

    def incident(self, incident_id: str) -> Incident | None: ...

    def select(
        self, flt: IncidentFilter, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[Incident]: ...

    def options(self) -> FilterOptions: ...

    def twins(self, flt: IncidentFilter) -> dict[str, Incident]: ...

    def date_range(self, flt: IncidentFilter) -> tuple[str | None, str | None]: ...

    def extent(self) -> tuple[float, float, float, float] | None: ...

    def incidents_of(self, ids: Iterable[str]) -> dict[str, Incident]: ...


@runtime_checkable
class StoreBackend(IncidentQueries, Protocol):
    """A whole store: the queries above, plus what writes and what the other pages read."""

    def ingest(self, article: Article, incidents: Iterable[Incident]) -> int: ...

    def ingest_many(
        self, items: Iterable[tuple[Article, Iterable[Incident]]], *, doing: str = ...
    ) -> list[int | IncidentsError]:
        """Each pair as ``ingest`` does, in one transaction; per pair the new incidents or
        the error that kept that article out (the others are stored)."""
        ...

    def import_coded(self, incidents: Iterable[Incident], *, dataset: str) -> int: ...

    def correct_place(
        self, incident_id: str, place: Place, *, who: str = "", why: str = ""
    ) -> None: ...

    def remove_correction(self, incident_id: str) -> bool: ...

    def is_empty(self) -> bool: ...

    def counts(self) -> dict[str, int]: ...

    def version(self) -> tuple[int, int]: ...

    def months(self) -> list[str]: ...

    def articles(self) -> list[Article]: ...

    def article_text(self, source: str) -> str | None: ...
