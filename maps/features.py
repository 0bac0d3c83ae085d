"""What the map shows of an incident: colours, marker sizes, popups and tooltips, GeoJSON.

Pure functions of the incidents (no folium): :func:`incidents_geojson` is the
FeatureCollection the timeline layer carries, with each incident's popup and tooltip
(:func:`popup_html`, :func:`tooltip_html`) as properties; :func:`legend_html` and
:func:`caption_html` are the boxes on the map; :func:`reference_bounds` and
:func:`reference_geojson` the towns around the incidents.

Article text is untrusted. Every piece of markup is a template in ``maps/templates/``
(``popup.html``, ``tooltip.html``, ``legend.html``...) rendered by a Jinja environment with
autoescape on: the article's words go in as template variables, which the environment
escapes, never into the template source. The markup then travels as JSON written by
:func:`maps.page.page_json`, so the second template pass of branca finds no brace in it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, NamedTuple

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined

from geo.geonames import GeonamesCity
from geo.place import GEO_PRECISION, Place
from incidents.export import count_value, mappable
from incidents.fuzzydate import FuzzyDate
from incidents.model import EVENT_TYPES, Incident
from incidents.query import casualties
from maps.aggregate import UNDATED, GridCell, Timeline, day_number, period_index
from maps.timeline import period_durations, period_of

# One colour per ACLED-aligned event type (colour-blind-friendly Tableau/Okabe-Ito tones).
EVENT_COLOURS: dict[str, str] = {
    "shelling/artillery/missile attack": "#d62728",
    "air/drone strike": "#9467bd",
    "remote explosive/landmine/IED": "#8c564b",
    "armed clash": "#ff7f0e",
    "attack": "#e377c2",
    "foiled or attempted attack": "#2ca02c",
    "suicide bomb": "#17becf",
    "grenade": "#bcbd22",
    "abduction/kidnapping": "#1f77b4",
}
OTHER_COLOUR = "#7f7f7f"
# Radius (m) of the uncertainty circle for a UCDP where_prec; none for an exact site.
UNCERTAINTY_RADIUS_M: dict[int, int] = {2: 25_000, 3: 40_000, 4: 120_000, 5: 50_000, 6: 300_000}
# Towns around the incidents: how far around (degrees, at least), how many, how many labelled.
REFERENCE_MARGIN_DEG = 1.0
REFERENCE_LIMIT = 120
REFERENCE_LABELLED = 15
_PLACEHOLDER_DATE = "1970-01-01"


def event_colour(event_type: str | None) -> str:
    """Colour of an event type on the map (grey for a type outside the taxonomy)."""
    return EVENT_COLOURS.get(event_type or "", OTHER_COLOUR)


def _text(value: object) -> str:
    """A text field as text: None (where the type allows it) is empty."""
    return "" if value is None else str(value)


def _map_place(place: Place | None) -> Place | None:
    """The place, when it is a point the map can draw (finite, on Earth); else None."""
    return place if mappable(place) else None


def marker_radius(incident: Incident) -> float:
    """Marker radius in pixels: 6 px, growing with the square root of the casualties.

    Counts below zero count as zero; the radius stops growing at 22 px (41 casualties),
    so a huge count is capped before it is turned into a float.
    """
    casualties = (count_value(incident.fatalities) or 0) + (count_value(incident.injured) or 0)
    casualties = min(max(casualties, 0), 1_000)
    return round(min(6.0 + 2.5 * math.sqrt(casualties), 22.0), 1)


def _css_class(event_type: str | None) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", _text(event_type).lower()).strip("-")
    return "incident-type-" + (slug or "other")


def interval_start(date: str | None) -> str | None:
    """First day of an incident's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as ISO.

    None when there is no date or it is not a real calendar date in ASCII digits (the
    browser's date parser would read nothing else).
    """
    try:
        day = FuzzyDate.parse_optional(date)
    except ValueError:
        return None
    return day.period()[0].isoformat() if day is not None else None


def _count(value: int | None) -> str:
    value = count_value(value)
    return "not reported" if value is None else str(value)


def place_label(incident: Incident) -> str:
    """Plain-text description of where an incident is placed (not escaped)."""
    place = _map_place(incident.place)
    if place is None:
        mention = _text(incident.place_mention)
        return f"unlocated ({mention})" if mention else "unlocated"
    precision = GEO_PRECISION.get(place.geo_precision) or f"precision {_count(place.geo_precision)}"
    return f"{_text(place.name)} ({_text(place.feature)}; {precision})"


@cache
def _templates() -> Environment:
    """The Jinja environment of ``maps/templates/``: autoescape on, undefined names an error."""
    return Environment(
        loader=PackageLoader("maps", "templates"), autoescape=True, undefined=StrictUndefined
    )


def _render(template: str, /, **values: Any) -> str:
    """Render ``maps/templates/<template>`` with ``values`` as its variables (escaped in the
    output)."""
    return _templates().get_template(template).render(**values)


class _Row(NamedTuple):
    """A line of the popup's table: ``text`` (``detail``) [corrected] / ``note``."""

    label: str
    text: str
    detail: str = ""
    note: str = ""
    corrected: bool = False


def popup_html(incident: Incident, *, same_point: Sequence[Incident] = ()) -> str:
    """The popup of an incident (``popup.html``): every value from the article escaped.

    ``same_point`` are the other incidents drawn at the very same point: their markers lie
    under this one, so the popup lists them.
    """
    date = f"{date_label(incident)} ({_text(incident.date_precision)} precision)"
    killed = _count(incident.fatalities)
    if incident.fatalities_low is not None or incident.fatalities_high is not None:
        best = incident.fatalities
        low = _count(incident.fatalities_low if incident.fatalities_low is not None else best)
        high = _count(incident.fatalities_high if incident.fatalities_high is not None else best)
        killed += f" (low {low}, high {high})"
    if incident.date_end and incident.date_end != incident.date:
        precision = _text(incident.date_precision)
        date = f"{incident.date} to {incident.date_end} ({precision} precision)"
    mention = _text(incident.place_mention)
    rows = [
        _Row("Date", date),
        _Row(
            "Place",
            place_label(incident),
            note=f"as written: “{mention}”" if mention else "",
            corrected=incident.corrected,
        ),
        _Row("Event", _text(incident.event_type), detail=_text(incident.weapon)),
        _Row("Killed", killed),
        _Row("Injured", _count(incident.injured)),
    ]
    for label, actor in (("Actor 1", incident.actor1), ("Actor 2", incident.actor2)):
        if actor is not None:
            words = actor.words if actor.words and actor.words != actor.name else ""
            rows.append(_Row(label, actor.name, note=f"from “{words}”" if words else ""))
    launch_site = _map_place(incident.launch_site)
    if launch_site is not None:
        rows.append(_Row("Launched from", _text(launch_site.name)))
    origin = {"acled": "ACLED dataset", "ucdp": "UCDP GED dataset"}.get(incident.origin, "")
    rows.append(_Row("Source", _text(incident.source), detail=origin))
    others = [
        {
            "date": other.date or "undated",
            "event_type": _text(other.event_type),
            "killed": _count(other.fatalities),
            "injured": _count(other.injured),
            "source": _text(other.source),
        }
        for other in same_point
    ]
    return _render("popup.html", rows=rows, quote=_text(incident.quote), same_point=others)


def _point_key(incident: Incident) -> tuple[float, float]:
    """Where the marker is drawn, to the metre: incidents sharing it hide one another."""
    place = _map_place(incident.place)
    assert place is not None
    return round(float(place.lat), 5), round(float(place.lon), 5)


def date_label(incident: Incident) -> str:
    """An incident's date for people, as its period: "July 2020" for a month-precision
    date, "2020" for a year, else the stored form ("2020-07-04"); "undated" for none."""
    period = period_of(incident.date, incident.date_precision)
    if period is None:
        return incident.date or "undated"
    return period.label


def tooltip_html(incident: Incident) -> str:
    """One escaped line (``tooltip.html``): date (as its period), event type, place."""
    place = _map_place(incident.place)
    where = place.name if place else (incident.place_mention or "unlocated")
    return _render(
        "tooltip.html",
        date=date_label(incident),
        event_type=_text(incident.event_type),
        where=_text(where),
    )


def incidents_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """The FeatureCollection the map's timeline layer carries.

    For each located incident: a ``Point`` of ``kind`` ``incident`` (the marker), a ``Point``
    of ``kind`` ``uncertainty`` when the location is imprecise, and, when the launch site is
    known, a ``LineString`` of ``kind`` ``launch`` and a ``Point`` of ``kind`` ``launch_site``.
    Every feature has ``start``/``end`` (ISO dates; cumulative: from the incident's date to
    the last one). Unlocated incidents (no place, or one the map cannot draw: see
    :func:`incidents.export.mappable`) are left out, and so is such a launch site.
    """
    located = [incident for incident in incidents if mappable(incident.place)]
    at_point: dict[tuple[float, float], list[Incident]] = {}
    for incident in located:
        at_point.setdefault(_point_key(incident), []).append(incident)
    starts = [interval_start(incident.date) for incident in located]
    periods = [period_of(incident.date, incident.date_precision) for incident in located]
    known = sorted(start for start in starts if start)
    first, last = (known[0], known[-1]) if known else (_PLACEHOLDER_DATE, _PLACEHOLDER_DATE)
    # The timeline ends once the last period is over: a month-precision incident of the last
    # month has faded in whole by then.
    last = max([last, *(p.last.isoformat() for p in periods if p is not None and known)])
    features: list[dict[str, Any]] = []
    for incident, start, period in zip(located, starts, periods, strict=True):
        place = _map_place(incident.place)
        assert place is not None  # located
        lon, lat = float(place.lon), float(place.lat)
        colour = event_colour(incident.event_type)
        interval = {"start": start or first, "end": last}
        point = {"type": "Point", "coordinates": [lon, lat]}
        features.append(
            {
                "type": "Feature",
                "geometry": point,
                "properties": {
                    "kind": "incident",
                    "id": incident.id,
                    "date": incident.date,
                    "date_precision": incident.date_precision,
                    # Shown as its period; a month or year fades in over its days.
                    "date_label": date_label(incident),
                    "fade_end": period.last.isoformat()
                    if period is not None and period.first != period.last and start
                    else None,
                    "event_type": incident.event_type,
                    "place": place.name,
                    "geo_precision": count_value(place.geo_precision),
                    "fatalities": count_value(incident.fatalities),
                    "injured": count_value(incident.injured),
                    "source": incident.source,
                    "corrected": incident.corrected,
                    "origin": incident.origin,
                    "origin_class": "origin-" + re.sub(r"[^a-z]", "", incident.origin),
                    "actor1": incident.actor1.name if incident.actor1 else None,
                    "actor2": incident.actor2.name if incident.actor2 else None,
                    "color": colour,
                    "radius": marker_radius(incident),
                    "css_class": _css_class(incident.event_type),
                    "popup_html": popup_html(
                        incident,
                        same_point=[o for o in at_point[_point_key(incident)] if o is not incident],
                    ),
                    "tooltip_html": tooltip_html(incident),
                    **interval,
                },
            }
        )
        radius_m = UNCERTAINTY_RADIUS_M.get(place.geo_precision)
        if radius_m:
            features.append(
                {
                    "type": "Feature",
                    "geometry": point,
                    "properties": {
                        "kind": "uncertainty",
                        "id": incident.id,
                        "radius_m": radius_m,
                        "color": colour,
                        **interval,
                    },
                }
            )
        site = _map_place(incident.launch_site)
        if site is not None:
            site_lon, site_lat = float(site.lon), float(site.lat)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[site_lon, site_lat], [lon, lat]],
                    },
                    "properties": {
                        "kind": "launch",
                        "id": incident.id,
                        "color": colour,
                        **interval,
                    },
                }
            )
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [site_lon, site_lat]},
                    "properties": {
                        "kind": "launch_site",
                        "id": incident.id,
                        "color": colour,
                        "tooltip_html": _render("launch_site_tooltip.html", name=_text(site.name)),
                        **interval,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def legend_html(event_types: Sequence[str]) -> str:
    """Legend (``legend.html``): a swatch per event type shown, and what size and faint
    circles mean."""
    items = [{"colour": event_colour(t), "name": _text(t)} for t in event_types]
    return _render("legend.html", event_types=items)


def caption_html(caption: str) -> str:
    """The caption box's content (``caption.html``): the text, escaped."""
    return _render("caption.html", caption=caption)


def located_points(incidents: Iterable[Incident]) -> list[tuple[float, float]]:
    """(lat, lon) of the incidents' places and launch sites the map can draw."""
    return [
        (float(place.lat), float(place.lon))
        for incident in incidents
        for place in (incident.place, incident.launch_site)
        if mappable(place)
    ]


def heat_points(incidents: Iterable[Incident]) -> list[tuple[float, float, float]]:
    """``(lat, lon, weight)`` of each located incident for the heat layer: from 0.5 (no
    casualty) to 1 (10 or more killed + injured)."""
    return [
        (
            float(incident.place.lat),
            float(incident.place.lon),
            0.5 + 0.5 * min(casualties(incident), 10) / 10,
        )
        for incident in incidents
        if incident.place is not None and mappable(incident.place)
    ]


def reference_bounds(
    incidents: Iterable[Incident], *, margin_deg: float = REFERENCE_MARGIN_DEG
) -> tuple[float, float, float, float] | None:
    """The box (south, west, north, east) whose towns give the map its context.

    It holds the located incidents and their launch sites, widened by a quarter of its size
    and at least ``margin_deg``; None when no incident is located.
    """
    points = located_points(incidents)
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    lat_pad = max(margin_deg, (max(lats) - min(lats)) / 4)
    lon_pad = max(margin_deg, (max(lons) - min(lons)) / 4)
    return (
        max(-85.0, min(lats) - lat_pad),
        max(-180.0, min(lons) - lon_pad),
        min(85.0, max(lats) + lat_pad),
        min(180.0, max(lons) + lon_pad),
    )


def reference_geojson(
    places: Sequence[GeonamesCity], *, labelled: int = REFERENCE_LABELLED
) -> dict[str, Any]:
    """Towns as GeoJSON points, each with its ``name`` and ``population`` (the priority of its
    label on the map, whose labels never overlap: :mod:`maps.elements`) and its escaped
    hover ``label``. Up to ``labelled`` are ``labelled`` from the widest zoom on, the most
    populous first, each a tenth of the towns' extent away from the ones before it (no
    pile-up of "Mosul" and its suburb); the others get a label from city zoom on."""
    ranked = sorted(places, key=lambda city: -city.population)
    if ranked:
        lats, lons = [c.lat for c in ranked], [c.lon for c in ranked]
        spacing = max(max(lats) - min(lats), max(lons) - min(lons)) / 10
    shown: list[GeonamesCity] = []
    features = []
    for city in ranked:
        label = len(shown) < labelled and all(
            max(abs(city.lat - other.lat), abs(city.lon - other.lon)) >= spacing for other in shown
        )
        if label:
            shown.append(city)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [city.lon, city.lat]},
                "properties": {
                    "name": _text(city.name),
                    "population": int(city.population),
                    "label": _render("town_label.html", name=_text(city.name)),
                    "labelled": label,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _type_order(event_type: str) -> tuple[int, str]:
    return (
        EVENT_TYPES.index(event_type) if event_type in EVENT_TYPES else len(EVENT_TYPES),
        event_type,
    )


def event_types_shown(incidents: Iterable[Incident]) -> list[str]:
    """The event types of ``incidents``, once each, in the taxonomy's order (others last)."""
    return sorted({_text(incident.event_type) for incident in incidents}, key=_type_order)


def cells_data(cells: Sequence[GridCell]) -> dict[str, Any]:
    """What :class:`maps.elements.CellBubbles` draws: one compact row per cell."""
    return {
        "cells": [
            [
                cell.lat,
                cell.lon,
                cell.count,
                cell.killed,
                cell.south,
                cell.west,
                cell.north,
                cell.east,
                [value for pair in cell.periods for value in pair],
            ]
            for cell in cells
        ]
    }


def periods_data(timeline: Timeline) -> dict[str, Any]:
    """What :class:`maps.elements.PeriodTimeline` draws: a row per period, with the time
    (ms at 1×) its playback spends there (:func:`maps.timeline.period_durations`: an empty
    period passes quickly, a busy one by the square root of its count)."""
    durations = period_durations([p.count for p in timeline.periods])
    return {
        "granularity": timeline.granularity,
        "periods": [
            [p.start, p.label, p.count, p.killed, duration]
            for p, duration in zip(timeline.periods, durations, strict=True)
        ],
    }


def marker_geojson(incidents: Sequence[Incident], timeline: Timeline | None) -> dict[str, Any]:
    """:func:`incidents_geojson` with each feature's ``period`` on ``timeline`` (None: undated
    or no timeline), for :class:`maps.elements.IncidentMarkers`."""
    collection = incidents_geojson(incidents)
    for feature in collection["features"]:
        properties = feature["properties"]
        period = None
        if timeline is not None and timeline.periods:
            day = day_number(properties.get("start"))
            if day != UNDATED:
                index = period_index(
                    np.asarray([day], dtype=np.int64), timeline.first_day, timeline.granularity
                )
                period = int(index[0])
        properties["period"] = period
    return collection
