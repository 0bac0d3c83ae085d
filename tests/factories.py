"""Hand-made records for the tests of code that consumes incidents (maps, exports, queries)."""

from __future__ import annotations

from typing import Any

from geo.place import Place
from incidents.model import Incident

GREEN_ZONE = Place("Green Zone", 33.3076, 44.3903, 1, "government zone", "IQ")
TAJI = Place("Camp Taji", 33.5294, 44.2775, 1, "military base", "IQ")


def make_incident(id_: str = "i1", **changes: Any) -> Incident:
    """A month-dated rocket attack on the Green Zone; ``changes`` replace any field."""
    fields: dict[str, Any] = {
        "id": id_,
        "source": "s.txt",
        "language": "fr",
        "event_type": "shelling/artillery/missile attack",
        "date": "2020-07",
        "date_precision": "month",
        "quote": "Une roquette a frappé.",
        "quote_start": 0,
        "quote_end": 22,
        "place": GREEN_ZONE,
    }
    fields.update(changes)
    return Incident(**fields)
