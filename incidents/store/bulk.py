"""Coded events as the rows a store writes, a batch at a time (bulk imports).

A :class:`CodedRows` holds, for a batch of events of a coded dataset, the ``coded_events``
rows ``(id, origin, dataset, month, event_type, data)`` (``data`` the JSON of
:meth:`Incident.to_dict`) and the ``facts`` rows (:data:`incidents.store.sql.FACT_COLUMNS`)
of the same events, in the same order. :func:`rows_of` makes them from
:class:`~incidents.model.Incident` values one by one: it is the reference that
:meth:`incidents.coded.CodedStream.batches` (which builds them column-wise from a file's cells,
without making the incidents) must match value for value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from incidents.model import Incident
from incidents.store.sql import fact_values

#: ``json.dumps(..., ensure_ascii=False)``, made once: the form of a stored row's ``data``.
JSON = json.JSONEncoder(ensure_ascii=False)


@dataclass(frozen=True)
class CodedRows:
    """A batch of coded events as the store writes them (see the module docstring)."""

    events: list[tuple[str, str, str, str | None, str, str]]
    facts: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.events)


def rows_of(incidents: Iterable[Incident], *, dataset: str) -> CodedRows:
    """The ``coded_events`` and ``facts`` rows of ``incidents`` (events of ``dataset``)."""
    events, facts = [], []
    for incident in incidents:
        events.append(
            (
                incident.id,
                incident.origin,
                dataset,
                incident.month,
                incident.event_type,
                JSON.encode(incident.to_dict()),
            )
        )
        facts.append(fact_values(incident, tbl="coded_events", source=dataset))
    return CodedRows(events, facts)
