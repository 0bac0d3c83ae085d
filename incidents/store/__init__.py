"""The incident store: a backend seam and its SQLite implementation.

- :mod:`incidents.store.base`: the records the page asks for (:class:`IncidentFilter`,
  :class:`Figures`, :class:`Page`…) and the :class:`StoreBackend` Protocol any backend meets;
- :mod:`incidents.store.sql`: the SQL they share (the ``facts`` table, a filter as one
  parameterised WHERE clause, a :class:`~incidents.store.sql.Dialect` for what differs);
- :mod:`incidents.store.events`: same-event groups computed at ingest (blocked, never all
  pairs);
- :mod:`incidents.store.sqlite`: :class:`IncidentStore`, the embedded default.
"""

from incidents.store.base import (
    ORDERS,
    PERIODS,
    Bounds,
    Figures,
    FilterOptions,
    GridCell,
    IncidentFilter,
    IncidentQueries,
    MapPoint,
    Page,
    PeriodCount,
    StoreBackend,
    TableRow,
)
from incidents.store.sqlite import (
    _SCHEMA,
    BUSY_TIMEOUT_S,
    DEFAULT_DB,
    SCHEMA_VERSION,
    Correction,
    IncidentStore,
    RowProblem,
    StoreRead,
    _apply,
    _incident,
    recovery_hint,
)

__all__ = [
    "BUSY_TIMEOUT_S",
    "DEFAULT_DB",
    "ORDERS",
    "PERIODS",
    "SCHEMA_VERSION",
    "_SCHEMA",
    "Bounds",
    "Correction",
    "Figures",
    "FilterOptions",
    "GridCell",
    "IncidentFilter",
    "IncidentQueries",
    "IncidentStore",
    "MapPoint",
    "Page",
    "PeriodCount",
    "RowProblem",
    "StoreBackend",
    "StoreRead",
    "TableRow",
    "_apply",
    "_incident",
    "recovery_hint",
]
