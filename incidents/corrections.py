"""Correcting where an incident happened: by a place name or by coordinates, and undoing it.

Plain functions the page's forms call; each returns an :class:`~incidents.intake.Outcome`
naming the incident the way the correction picker does (:func:`incident_label`), so the
message and the picker can never point at different incidents.
"""

from __future__ import annotations

from dataclasses import replace

from geo.errors import GeoError
from geo.place import Place, checked_point
from incidents.errors import IncidentsError
from incidents.extract import PlaceResolver
from incidents.intake import Outcome
from incidents.model import Incident
from incidents.query import incident_name
from incidents.store import IncidentStore


def incident_label(incident: Incident) -> str:
    """The incident's unique, stable name (picker and messages) and its article."""
    return f"{incident_name(incident)} · {incident.source}"


def place_by_name(name: str, incident: Incident, resolver: PlaceResolver) -> Place | None:
    """The gazetteer's place called ``name``, looked up in the incident's country first."""
    hint = incident.place.country_code if incident.place else None
    return resolver.resolve(name.strip(), country_hint=hint) if name.strip() else None


def place_at(lat: str, lon: str, label: str) -> Place:
    """A user-set point; ValueError says why coordinates cannot be one (:func:`checked_point`)."""
    latitude, longitude = checked_point(lat, lon)
    name = label.strip() or f"{latitude:.4f}, {longitude:.4f}"
    return Place(name, latitude, longitude, 1, "user-set point")


def correct_location(
    store: IncidentStore,
    incident: Incident,
    *,
    place_name: str | None = None,
    point: tuple[str, str, str] | None = None,
    resolver: PlaceResolver | None = None,
    who: str,
    why: str = "",
) -> Outcome:
    """Set the incident's place from a name (``place_name`` with ``resolver``) or a point
    (``point`` = latitude, longitude and label as typed); nothing is stored on an error."""
    try:
        if point is not None:
            try:
                place = place_at(*point)
            except ValueError as err:
                return Outcome("error", f"Not saved: {err}.")
        else:
            found = place_by_name(place_name or "", incident, resolver) if resolver else None
            if found is None:
                return Outcome("error", f"No place called {place_name!r} in the gazetteer.")
            place = found
        place = replace(place, source="correction")
        store.correct_place(incident.id, place, who=who.strip(), why=why.strip())
    except (IncidentsError, GeoError) as err:
        return Outcome("error", str(err))
    return Outcome(
        "success",
        f"{incident_label(incident)}: place set to {place.name} "
        f"({place.lat:.4f}, {place.lon:.4f}).",
        incident.source,
    )


def undo_correction(store: IncidentStore, incident_id: str, incident: Incident | None) -> Outcome:
    """Drop the incident's correction; the message names it as the picker does."""
    if not store.remove_correction(incident_id):
        return Outcome("warning", "There was no correction to undo.")
    label = incident_label(incident) if incident else incident_id
    return Outcome("success", f"Correction removed: {label} is back to its extracted place.")
