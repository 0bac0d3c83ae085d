"""Incidents to a folium map: a pure function, no UI, no network.

:func:`build_map` draws one circle marker per located incident (SVG class
``incident-marker``), coloured by event type and sized by casualties, with a faint circle
for an imprecise location (UCDP ``geo_precision``), a dashed line from a known launch site
to the impact, a popup and a tooltip, a legend, and timeline playback
(leaflet.timeline through folium's ``Timeline``/``TimelineSlider``). The markers live in the
timeline layer; intervals are cumulative (an incident shows from its date to the end), and
the slider starts at the end, so the map opens with every incident on it and "play"
replays them in order. Beyond ``cluster_threshold`` markers they are clustered
(leaflet.markercluster), the cluster following the timeline; below it, only markers at one
point gather, into a stack that spreads out (spiderfies) on a click.

Base layer: the offline basemap of :mod:`maps.basemap` (Natural Earth: land and sea,
country borders and names, provinces and their names from country zoom on, rivers and
lakes), with OpenStreetMap tiles as a second base layer, off by default, for users who
are online (a notice says so when its tiles fail to load). Offline context at city zoom
comes from an overlay of towns and cities (GeoNames, passed in by the caller, see
:func:`reference_bounds`): a dot each and a name. Every label (countries, provinces,
towns) goes through one label manager (``maps/templates/map_labels.js``) that shows them
by priority and hides any that would overlap another or an incident marker.

This module only puts the map together:

- :mod:`maps.features` turns incidents into what the map shows (GeoJSON, colours, sizes,
  popups, tooltips, legend), the markup from the autoescaped templates of
  ``maps/templates/``;
- :mod:`maps.elements` holds the folium elements, which write every piece of data with
  :class:`maps.page.PageTemplate` (branca parses each element's output as a template a
  second time; ``page_json`` leaves no brace for it to evaluate);
- ``maps/templates/`` also holds the layers' JavaScript functions and the map's CSS, put in
  as ``JsCode`` and :class:`maps.page.RawHtml`, never parsed.

The names of :mod:`maps.features` that callers import from here are re-exported. An
incident whose coordinate is not a point on Earth (:func:`incidents.export.mappable`) is
drawn as unlocated.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import Any

import folium
from folium.plugins import TimelineSlider
from folium.utilities import JsCode

from geo.geonames import GeonamesCity
from incidents.export import mappable
from incidents.model import Incident
from maps.aggregate import GridCell
from maps.aggregate import Timeline as AggregateTimeline
from maps.assets import Assets
from maps.elements import (
    CellBubbles,
    IncidentMarkers,
    LayerNote,
    PeriodTimeline,
    Timeline,
    _Basemap,
    _Control,
    _HeatLayer,
    _KeepSized,
    _LabelManager,
    _OpenIncident,
    _ReportPainted,
    _ReportToPage,
    _ShareView,
    _StartAtEnd,
    _TileNotice,
    _TimelineCluster,
    _TimelineTools,
    _TownsLayer,
)
from maps.features import (
    EVENT_COLOURS,
    OTHER_COLOUR,
    REFERENCE_LABELLED,
    REFERENCE_LIMIT,
    REFERENCE_MARGIN_DEG,
    UNCERTAINTY_RADIUS_M,
    caption_html,
    cells_data,
    event_colour,
    event_types_shown,
    heat_points,
    incidents_geojson,
    interval_start,
    legend_html,
    located_points,
    marker_geojson,
    marker_radius,
    periods_data,
    place_label,
    popup_html,
    reference_bounds,
    reference_geojson,
    tooltip_html,
)
from maps.page import RawHtml, fixed_text
from maps.timeline import playback_plan

__all__ = [
    "CLUSTER_THRESHOLD",
    "DEFAULT_CENTER",
    "EVENT_COLOURS",
    "OTHER_COLOUR",
    "REFERENCE_LABELLED",
    "REFERENCE_LIMIT",
    "REFERENCE_MARGIN_DEG",
    "UNCERTAINTY_RADIUS_M",
    "build_base_map",
    "build_map",
    "build_scaled_map",
    "data_layer",
    "event_colour",
    "incidents_geojson",
    "interval_start",
    "legend_html",
    "marker_radius",
    "place_label",
    "popup_html",
    "reference_bounds",
    "reference_geojson",
    "tooltip_html",
]

logger = logging.getLogger(__name__)

DEFAULT_CENTER = (33.3, 44.4)  # Baghdad: the corpus' region, when nothing is located
CLUSTER_THRESHOLD = 200
# Below the threshold, markers closer than this (px) are one stack that spreads on a click.
STACK_RADIUS_PX = 3
BASEMAP_NAME = "Offline basemap (Natural Earth)"
TILE_FAILURE = (
    "OpenStreetMap tiles could not be loaded (no network?). Choose "
    f"“{BASEMAP_NAME}” in the layers button (top right)."
)


def build_map(
    incidents: Iterable[Incident],
    *,
    reference_places: Sequence[GeonamesCity] = (),
    assets: Assets | None = None,
    caption: str | None = None,
    cluster_threshold: int = CLUSTER_THRESHOLD,
    osm_layer: bool = True,
    max_zoom: int = 9,
    view: tuple[tuple[float, float], int] | None = None,
    open_incident: str | None = None,
    share_view: bool = False,
    report_to_page: bool = False,
    report_timeline: bool = False,
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
    view : ((lat, lon), zoom), optional
        The initial view (a shared link's); by default the view fits the incidents.
    open_incident : str, optional
        Id of an incident whose popup opens (and which the view centres on, without
        ``view``); an id not on the map is ignored.
    share_view : bool
        Write the view (``map=lat,lon,zoom``) and the open incident (``incident=ID``) into
        the URL of the page holding the map, as they change (the dashboard).
    report_to_page : bool
        Send the dashboard (st_folium's returned value, key ``selected``) the id of the
        incident whose popup opens (a marker click).
    report_timeline : bool
        With ``report_to_page``, also send where the timeline stands once it stops (key
        ``timeline``: ``time``, ``end`` in Unix ms, ``window_days``).

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
    m.default_js = assets.links(["leaflet", "topojson"])
    m.default_css = assets.links(["leaflet_css"])
    root: Any = m.get_root()  # a branca Figure
    css = "\n<style>\n" + fixed_text("map.css") + "</style>\n"
    root.header.add_child(RawHtml(css), name="incident_map_css")
    _LabelManager().add_to(m)

    context = reference_bounds(located)
    basemap = _Basemap(
        assets.basemap_sources(
            None if context is None else (context[1], context[0], context[3], context[2])
        ),
        name=BASEMAP_NAME,
    )
    basemap.add_to(m)
    if osm_layer:
        tiles = folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online only)", overlay=False, show=False
        )
        tiles.add_to(m)
        _TileNotice(tiles, message=TILE_FAILURE).add_to(m)

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
        _HeatLayer(heat_points(located), name="Heat (density of incidents)").add_to(m)
        slider.default_js = slider.default_js + assets.links(["heat"])
        needed |= {"heat"}
        needed |= {"timeline", "moment"}
        if len(located) > cluster_threshold:
            _TimelineCluster(timeline).add_to(m)
        else:  # markers at one point gather, and spread out on a click
            _TimelineCluster(timeline, radius=STACK_RADIUS_PX, keep_uncertainty=True).add_to(m)
        days = [datetime.date.fromisoformat(start) for start in map(interval_start, (
            incident.date for incident in located)) if start]  # fmt: skip
        plan = [step.to_list() for step in playback_plan(days)]
        _TimelineTools(slider, timeline, plan=plan).add_to(m)
        needed |= {"markercluster", "markercluster_css", "markercluster_default_css"}
        # folium and st_folium take default_js/css from JSCSSMixin elements only (the
        # slider is one, the timeline is not): hang the cluster's files on the slider.
        slider.default_js = slider.default_js + assets.links(["markercluster"])
        slider.default_css = assets.links(["markercluster_css", "markercluster_default_css"])
        lats, lons = zip(*located_points(located), strict=True)
        if view is None:
            # The timeline control covers the bottom of the map: keep the markers above it.
            m.fit_bounds(
                [[min(lats), min(lons)], [max(lats), max(lons)]],
                padding_top_left=(40, 40),
                padding_bottom_right=(40, 90),
                max_zoom=max_zoom,
            )
        if open_incident is not None:
            _OpenIncident(timeline, open_incident, centre=view is None).add_to(m)
    if view is not None:
        m.location = [float(view[0][0]), float(view[0][1])]
        m.options["zoom"] = int(view[1])

    legend = legend_html(event_types_shown(located))
    _Control(legend, position="bottomright", css_class="incident-legend").add_to(m)
    if caption:
        _Control(caption_html(caption), position="topleft", css_class="incident-caption").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _KeepSized().add_to(m)
    if share_view:
        _ShareView().add_to(m)
    if report_to_page:
        _ReportToPage(
            slider if located else None,
            timeline if located else None,
            timeline_position=report_timeline,
        ).add_to(m)

    if assets.mode == "inline":
        root.header.add_child(RawHtml(assets.inline_html(frozenset(needed))), name="inline_assets")
    logger.debug("built map: %d incidents, %d located", len(incidents), len(located))
    return m


# --- The map at scale: a base map that stays, and a data layer per view -------------------


def build_base_map(
    *,
    bounds: tuple[float, float, float, float] | None,
    event_types: Sequence[str],
    assets: Assets | None = None,
    osm_layer: bool = True,
    max_zoom: int = 9,
    share_view: bool = False,
    report_painted: bool = False,
) -> folium.Map:
    """The map without its incidents: outlines, legend, layer control, fitted to ``bounds``.

    It depends only on what it is given (the store's extent and event types, not the
    filters), so the page can keep it from run to run and swap only the layer of
    :func:`data_layer` (``st_folium``'s ``feature_group_to_add``): panning, zooming or
    changing a filter sends the new layer, never the map again. ``report_painted``: in
    st_folium's frame, the returned value gets ``painted: true`` once the first layer is
    painted (the dashboard sends the rest of its page then).
    """
    assets = assets or Assets.served()
    m = folium.Map(location=DEFAULT_CENTER, zoom_start=5, tiles=None, control_scale=True)
    m.options.update(min_zoom=2, max_zoom=18)
    m.default_js = assets.links(["leaflet", "topojson"])
    m.default_css = assets.links(["leaflet_css"])
    root: Any = m.get_root()
    css = "\n<style>\n" + fixed_text("map.css") + "</style>\n"
    root.header.add_child(RawHtml(css), name="incident_map_css")
    _LabelManager().add_to(m)
    _Basemap(
        assets.basemap_sources(
            None if bounds is None else (bounds[1], bounds[0], bounds[3], bounds[2])
        ),
        name=BASEMAP_NAME,
    ).add_to(m)
    if osm_layer:
        tiles = folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online only)", overlay=False, show=False
        )
        tiles.add_to(m)
        _TileNotice(tiles, message=TILE_FAILURE).add_to(m)
    if bounds is not None:
        south, west, north, east = bounds
        m.fit_bounds(
            [[south, west], [north, east]],
            padding_top_left=(30, 30),
            padding_bottom_right=(30, 110),
            max_zoom=max_zoom,
        )
    _Control(
        legend_html(list(event_types)), position="bottomright", css_class="incident-legend"
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _KeepSized().add_to(m)
    if share_view:
        _ShareView().add_to(m)
    if report_painted:
        _ReportPainted().add_to(m)
    if assets.mode == "inline":
        needed = frozenset({"leaflet", "leaflet_css", "topojson"})
        root.header.add_child(RawHtml(assets.inline_html(needed)), name="inline_assets")
    return m


def data_layer(
    *,
    cells: Sequence[GridCell] = (),
    incidents: Sequence[Incident] = (),
    timeline: AggregateTimeline | None = None,
    note: str | None = None,
) -> folium.FeatureGroup:
    """The incidents of one view: cells as count bubbles, or markers with their popups (a
    bounded number: the caller chooses, see :func:`maps.aggregate.view_mode`), the
    timeline's counts per period, and a note over the map (escaped)."""
    group = folium.FeatureGroup(name="Incidents", control=False)
    if cells:
        CellBubbles(cells_data(cells)).add_to(group)
    located = [incident for incident in incidents if mappable(incident.place)]
    if located:
        IncidentMarkers(marker_geojson(located, timeline)).add_to(group)
    if timeline is not None and timeline.periods:
        PeriodTimeline(periods_data(timeline)).add_to(group)
    if note:
        LayerNote(
            {"html": caption_html(note), "position": "topleft", "cssClass": "incident-note"}
        ).add_to(group)
    return group


def build_scaled_map(
    *,
    bounds: tuple[float, float, float, float] | None,
    event_types: Sequence[str],
    layer: folium.FeatureGroup,
    assets: Assets | None = None,
    osm_layer: bool = True,
) -> folium.Map:
    """:func:`build_base_map` with ``layer`` on it: one page (standalone, benchmarks)."""
    m = build_base_map(bounds=bounds, event_types=event_types, assets=assets, osm_layer=osm_layer)
    layer.add_to(m)
    return m
