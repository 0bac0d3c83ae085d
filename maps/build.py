"""Incidents to a folium map: a pure function, no UI, no network.

:func:`build_map` draws one circle marker per located incident (SVG class
``incident-marker``), coloured by event type and sized by casualties, with a faint circle
for an imprecise location (UCDP ``geo_precision``), a dashed line from a known launch site
to the impact, a popup and a tooltip, a legend, and timeline playback
(leaflet.timeline through folium's ``Timeline``/``TimelineSlider``). The markers live in the
timeline layer; intervals are cumulative (an incident shows from its date to the end), and
the slider starts at the end, so the map opens with every incident on it and "play"
replays them in order. Beyond ``cluster_threshold`` markers they are clustered
(leaflet.markercluster), the cluster following the timeline.

Base layer: Natural Earth country outlines (world-atlas TopoJSON), with OpenStreetMap
tiles as a second base layer, off by default, for users who are online. Offline context at
city zoom comes from an overlay of towns and cities (GeoNames, passed in by the caller, see
:func:`reference_bounds`): a dot each, the most populous labelled.

Article text is untrusted: every piece of it is HTML-escaped in Python before it goes into
a popup or tooltip, and every element that carries data (the timeline's GeoJSON, the towns,
the outlines, the legend and caption) is written with :class:`maps.page.PageTemplate`, whose
``tojson`` is :func:`maps.page.page_json`: branca parses each element's output as a template
a second time, and that JSON has no brace left for it to evaluate. Fixed CSS and vendored
scripts go in as :class:`maps.page.RawHtml`, never parsed. An incident whose coordinate is
not a point on Earth (:func:`incidents.export.mappable`) is drawn as unlocated.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import folium
from folium.plugins import TimelineSlider
from folium.utilities import JsCode

from geo.geonames import GeonamesCity
from geo.place import GEO_PRECISION, Place
from incidents.export import count_value, mappable
from incidents.fuzzydate import FuzzyDate
from incidents.model import EVENT_TYPES, Incident
from maps.assets import Assets, countries_topojson
from maps.elements import (
    Timeline,
    _Control,
    _CountryOutlines,
    _KeepSized,
    _StartAtEnd,
    _TimelineCluster,
    _TownsLayer,
)
from maps.page import RawHtml, fixed_text

logger = logging.getLogger(__name__)

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
DEFAULT_CENTER = (33.3, 44.4)  # Baghdad: the corpus' region, when nothing is located
CLUSTER_THRESHOLD = 200
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


def _escaped(value: object) -> str:
    return html.escape(_text(value))


def popup_html(incident: Incident, *, same_point: Sequence[Incident] = ()) -> str:
    """The popup of an incident: every value from the article HTML-escaped.

    ``same_point`` are the other incidents drawn at the very same point: their markers lie
    under this one, so the popup lists them.
    """
    e = _escaped
    date = f"{incident.date or 'undated'} ({_text(incident.date_precision)} precision)"
    place = e(place_label(incident))
    if incident.corrected:
        place += ' <span class="corrected">(corrected by a user)</span>'
    if incident.place_mention:
        place += f"<br><small>as written: “{e(incident.place_mention)}”</small>"
    event = e(incident.event_type) + (f" ({e(incident.weapon)})" if incident.weapon else "")
    killed = _count(incident.fatalities)
    if incident.fatalities_low is not None or incident.fatalities_high is not None:
        best = incident.fatalities
        low = _count(incident.fatalities_low if incident.fatalities_low is not None else best)
        high = _count(incident.fatalities_high if incident.fatalities_high is not None else best)
        killed += f" (low {low}, high {high})"
    if incident.date_end and incident.date_end != incident.date:
        precision = _text(incident.date_precision)
        date = f"{incident.date} to {incident.date_end} ({precision} precision)"
    rows = [
        ("Date", e(date)),
        ("Place", place),
        ("Event", event),
        ("Killed", e(killed)),
        ("Injured", e(_count(incident.injured))),
    ]
    for label, actor in (("Actor 1", incident.actor1), ("Actor 2", incident.actor2)):
        if actor is not None:
            words = (
                f"<br><small>from “{e(actor.words)}”</small>"
                if actor.words and actor.words != actor.name
                else ""
            )
            rows.append((label, e(actor.name) + words))
    launch_site = _map_place(incident.launch_site)
    if launch_site is not None:
        rows.append(("Launched from", e(launch_site.name)))
    origin = {"acled": "ACLED dataset", "ucdp": "UCDP GED dataset"}.get(incident.origin)
    rows.append(("Source", e(incident.source) + (f" ({origin})" if origin else "")))
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    quote = f"<blockquote>{e(incident.quote)}</blockquote>" if incident.quote else ""
    also = ""
    if same_point:
        items = "".join(
            f"<li>{e(other.date or 'undated')} · {e(other.event_type)} · killed "
            f"{e(_count(other.fatalities))}, injured {e(_count(other.injured))} · "
            f"{e(other.source)}</li>"
            for other in same_point
        )
        also = (
            f'<div class="incident-also">Also at this point ({len(same_point)}):'
            f"<ul>{items}</ul></div>"
        )
    return f'<div class="incident-popup"><table>{table}</table>{quote}{also}</div>'


def _point_key(incident: Incident) -> tuple[float, float]:
    """Where the marker is drawn, to the metre: incidents sharing it hide one another."""
    place = _map_place(incident.place)
    assert place is not None
    return round(float(place.lat), 5), round(float(place.lon), 5)


def tooltip_html(incident: Incident) -> str:
    """One escaped line: date, event type, place."""
    place = _map_place(incident.place)
    where = place.name if place else (incident.place_mention or "unlocated")
    return _escaped(f"{incident.date or 'undated'} · {_text(incident.event_type)} · {_text(where)}")


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
    known = sorted(start for start in starts if start)
    first, last = (known[0], known[-1]) if known else (_PLACEHOLDER_DATE, _PLACEHOLDER_DATE)
    features: list[dict[str, Any]] = []
    for incident, start in zip(located, starts, strict=True):
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
                        "tooltip_html": _escaped(f"Launch site: {_text(site.name)}"),
                        **interval,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def legend_html(event_types: Sequence[str]) -> str:
    """Legend: a swatch per event type shown, and what size and faint circles mean."""
    items = "".join(
        f'<div><span class="swatch" style="background:{event_colour(t)}"></span>{_escaped(t)}</div>'
        for t in event_types
    )
    if not event_types:
        return "<div><b>No incident to show</b></div><div>with these filters, on this map.</div>"
    return (
        f"<div><b>Event type</b></div>{items}"
        "<div style='margin-top:4px;color:#555'>Size: killed + injured<br>"
        "Faint circle: location uncertainty<br>Dashed line: launch site → impact<br>"
        "Filled: from an article · outlined: ACLED or UCDP</div>"
    )


def _points(incidents: Iterable[Incident]) -> list[tuple[float, float]]:
    """(lat, lon) of the incidents' places and launch sites the map can draw."""
    return [
        (float(place.lat), float(place.lon))
        for incident in incidents
        for place in (incident.place, incident.launch_site)
        if mappable(place)
    ]


def reference_bounds(
    incidents: Iterable[Incident], *, margin_deg: float = REFERENCE_MARGIN_DEG
) -> tuple[float, float, float, float] | None:
    """The box (south, west, north, east) whose towns give the map its context.

    It holds the located incidents and their launch sites, widened by a quarter of its size
    and at least ``margin_deg``; None when no incident is located.
    """
    points = _points(incidents)
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
    """Towns as GeoJSON points; up to ``labelled`` carry a permanent label, the most populous
    first, each a tenth of the towns' extent away from the labels before it (no pile-up of
    "Mosul" and its suburb); the others show their name on hover."""
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
                "properties": {"label": _escaped(city.name), "labelled": label},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_map(
    incidents: Iterable[Incident],
    *,
    reference_places: Sequence[GeonamesCity] = (),
    assets: Assets | None = None,
    caption: str | None = None,
    cluster_threshold: int = CLUSTER_THRESHOLD,
    osm_layer: bool = True,
    max_zoom: int = 9,
) -> folium.Map:
    """Build the incident map.

    Parameters
    ----------
    incidents : iterable of Incident
        The incidents to draw; unlocated ones (``place`` None, or a coordinate that is not
        a point on Earth) are skipped.
    reference_places : sequence of GeonamesCity
        Towns and cities drawn under the incidents for context (an overlay layer, on);
        typically the largest inside :func:`reference_bounds`.
    assets : Assets, optional
        Where the page gets Leaflet and its plugins: ``Assets.served()`` (the default,
        ``/app/static/vendor/...`` links) or ``Assets.inline()`` (contents in the page).
    caption : str, optional
        Text shown in a box on the map (the snapshot's filter and count); escaped.
    cluster_threshold : int
        Cluster the markers when more than this many incidents are located.
    osm_layer : bool
        Offer OpenStreetMap tiles as a second base layer (off until chosen: it needs the
        network).
    max_zoom : int
        Highest zoom the initial view fits to.

    Returns
    -------
    folium.Map
        A map with no CDN link: every asset comes from ``assets``.
    """
    assets = assets or Assets.served()
    incidents = list(incidents)
    located = [incident for incident in incidents if mappable(incident.place)]
    needed: set[str] = {"leaflet", "leaflet_css", "topojson"}

    m = folium.Map(location=DEFAULT_CENTER, zoom_start=5, tiles=None, control_scale=True)
    # With no tile layer, Leaflet knows no zoom range; marker clustering needs one.
    m.options.update(min_zoom=2, max_zoom=18)
    m.default_js = assets.links(["leaflet"])
    m.default_css = assets.links(["leaflet_css"])
    root: Any = m.get_root()  # a branca Figure
    css = "\n<style>\n" + fixed_text("map.css") + "</style>\n"
    root.header.add_child(RawHtml(css), name="incident_map_css")

    outlines = _CountryOutlines(
        countries_topojson() if assets.mode == "inline" else assets.url("countries"),
        name="Country outlines (Natural Earth)",
        style={"fillColor": "#f7f4ee", "color": "#8a8a8a", "weight": 0.7, "fillOpacity": 1.0},
    )
    outlines.default_js = assets.links(["topojson"])
    outlines.add_to(m)
    if osm_layer:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online only)", overlay=False, show=False
        ).add_to(m)

    if reference_places:
        _TownsLayer(reference_geojson(reference_places), name="Towns and cities (GeoNames)").add_to(
            m
        )

    if located:
        data = incidents_geojson(located)
        timeline = Timeline(
            data,
            point_to_layer=JsCode(fixed_text("point_to_layer.js")),
            on_each_feature=JsCode(fixed_text("on_each_feature.js")),
            style=JsCode(fixed_text("style.js")),
        )
        timeline.layer_name = "Incidents"
        timeline.control = False
        timeline.add_to(m)
        slider = TimelineSlider(
            auto_play=False,
            date_options="YYYY-MM-DD",
            show_ticks=True,
            enable_keyboard_controls=False,
            playback_duration=8000,
        )
        slider.default_js = assets.links(["timeline", "moment"])
        slider.add_timelines(timeline)
        slider.add_to(m)
        _StartAtEnd(slider).add_to(m)
        needed |= {"timeline", "moment"}
        if len(located) > cluster_threshold:
            cluster = _TimelineCluster(timeline)
            cluster.add_to(m)
            needed |= {"markercluster", "markercluster_css", "markercluster_default_css"}
            # folium and st_folium take default_js/css from JSCSSMixin elements only (the
            # slider is one, the timeline is not): hang the cluster's files on the slider.
            slider.default_js = slider.default_js + assets.links(["markercluster"])
            slider.default_css = assets.links(["markercluster_css", "markercluster_default_css"])
        lats, lons = zip(*_points(located), strict=True)
        # The timeline control covers the bottom of the map: keep the markers above it.
        m.fit_bounds(
            [[min(lats), min(lons)], [max(lats), max(lons)]],
            padding_top_left=(40, 40),
            padding_bottom_right=(40, 130),
            max_zoom=max_zoom,
        )

    types_shown = sorted({_text(incident.event_type) for incident in located}, key=_type_order)
    _Control(legend_html(types_shown), position="topright", css_class="incident-legend").add_to(m)
    if caption:
        _Control(html.escape(caption), position="topleft", css_class="incident-caption").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _KeepSized().add_to(m)

    if assets.mode == "inline":
        root.header.add_child(RawHtml(assets.inline_html(frozenset(needed))), name="inline_assets")
    logger.debug("built map: %d incidents, %d located", len(incidents), len(located))
    return m


def _type_order(event_type: str) -> tuple[int, str]:
    return (
        EVENT_TYPES.index(event_type) if event_type in EVENT_TYPES else len(EVENT_TYPES),
        event_type,
    )
