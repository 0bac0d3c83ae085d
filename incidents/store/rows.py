"""Stored rows read back: an incident from its JSON, its correction applied.

Shared by both backends (and the check of a SQLite file); ``ValueError`` says what is wrong
with a row that cannot be read.
"""

from __future__ import annotations

import json
from dataclasses import replace

from geo.place import Place
from incidents.model import Incident


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
