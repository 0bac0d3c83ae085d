"""The incident store: a backend seam and its SQLite implementation.

- :mod:`incidents.store.base`: the records the page asks for (:class:`IncidentFilter`,
  :class:`Figures`, :class:`Page`…) and the :class:`StoreBackend` Protocol any backend meets;
- :mod:`incidents.store.sql`: the SQL they share (the ``facts`` table, a filter as one
  parameterised WHERE clause, a :class:`~incidents.store.sql.Dialect` for what differs);
- :mod:`incidents.store.events`: same-event groups computed at ingest (blocked, never all
  pairs);
- :mod:`incidents.store.sqlite`: :class:`IncidentStore`, the embedded default;
- :mod:`incidents.store.queries`: the page's queries on ``facts``, written once for both;
- :mod:`incidents.store.postgres`: :class:`~incidents.store.postgres.PostgresStore`, the
  shared store (PostgreSQL + PostGIS), chosen by a ``postgresql://`` URL.

:func:`open_store` opens the one its target names.
"""

from pathlib import Path
from typing import Any

from config.settings import is_database_url
from incidents.store.base import (
    ORDERS,
    PERIODS,
    Bounds,
    Figures,
    FilterOptions,
    GridCell,
    GridPeriods,
    IncidentFilter,
    IncidentQueries,
    MapPoint,
    Page,
    PeriodCount,
    StoreBackend,
    TableRow,
)
from incidents.store.rows import Correction, RowProblem, StoreRead, _apply, _incident
from incidents.store.sqlite import (
    _SCHEMA,
    BUSY_TIMEOUT_S,
    DEFAULT_DB,
    SCHEMA_VERSION,
    IncidentStore,
    recovery_hint,
)

is_postgres_url = is_database_url


def open_store(target: str | Path | None = None, **options: Any) -> Any:
    """The store ``target`` names: a ``postgresql://`` URL opens the PostgreSQL store (see
    :class:`~incidents.store.postgres.PostgresStore`), a path (None: the default file) the
    SQLite one; ``options`` go to its constructor."""
    if is_postgres_url(target):
        from incidents.store.postgres import PostgresStore

        return PostgresStore(str(target), **options)
    return IncidentStore(target, **options)


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
    "GridPeriods",
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
    "is_postgres_url",
    "open_store",
    "recovery_hint",
]
