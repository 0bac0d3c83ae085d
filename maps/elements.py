"""The map's folium elements: each writes its data with :class:`maps.page.PageTemplate`.

Branca renders an element's macros, then renders their output as a template a second time
(see :mod:`maps.page`): every value that can come from an article goes in through the
``tojson``/``tojavascript`` filters of :class:`maps.page.PageTemplate` (that is,
:func:`maps.page.page_json`), never into template source. The macros below are code of
ours; the data are their ``this.*`` attributes. :mod:`maps.build` puts them together.

- :class:`_Basemap`: the offline basemap (Natural Earth: land, borders, provinces,
  rivers, lakes, names), a base layer; :class:`_TileNotice`: says when online tiles fail.
- :class:`Timeline`: folium's ``Timeline`` (leaflet.timeline) carrying the incidents.
- :class:`_TownsLayer`: GeoNames towns, a dot and a label each (labels placed by
  ``map_labels.js`` by priority, never overlapping).
- :class:`_Control`: a box on the map holding escaped HTML (legend, caption).
- :class:`_StartAtEnd`, :class:`_KeepSized`, :class:`_TimelineCluster`: behaviour only.

The map at scale (:func:`maps.build.data_layer`) puts these in one layer group, each
element's script a function of ours (``maps/templates/*.js``) called with the group and
its data; what they add outside the group (controls) comes and goes with it:

- :class:`CellBubbles`: grid cells as count bubbles (``cells.js``);
- :class:`IncidentMarkers`: a bounded number of markers with popups (``markers.js``);
- :class:`PeriodTimeline`: counts per period, a slider and play (``periods.js``);
- :class:`LayerNote`: a line of text over the map (``note.js``).
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from folium import plugins
from folium.map import Layer
from folium.plugins import TimelineSlider
from folium.utilities import JsCode

from maps.page import PageData, PageTemplate, RawHtml, fixed_text, page_json


class _LabelManager(MacroElement):
    """The label manager (``map_labels.js``): labels by priority, never overlapping. Added
    to the map before the layers that give it labels (st_folium runs the map's scripts,
    not those of the page's header)."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            {{ this.code|tojavascript }}
            window.IncidentMapLabels.forMap({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelManager"
        self.code = JsCode(fixed_text("map_labels.js"))


class _Basemap(Layer):
    """The offline basemap (:mod:`maps.basemap`), a base layer of the layer control.

    ``sources`` (see :meth:`maps.assets.Assets.basemap_sources`) are URLs the page fetches
    from the app itself, or the data, for a standalone page. The data (~10 MB) go into the
    page's head as a ``<script>`` of their own (:class:`~maps.page.RawHtml`), never through
    a template pass, which would read all of it again as template source. Drawn on one
    canvas: on SVG, Chromium (software raster) left tiles of the map unpainted around large
    polygons. Its world-wide extent does not count in the map's bounds. Needs the label
    manager (:class:`_LabelManager`) added before it.
    """

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.layerGroup();
            ({{ this.draw|tojavascript }})(
                {{ this._parent.get_name() }},
                {{ this.get_name() }},
                {{ this.sources_code|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, sources: dict[str, Any] | PageData, *, name: str) -> None:
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "Basemap"
        self.sources = sources
        self.draw = JsCode(fixed_text("basemap.js"))
        if isinstance(sources, PageData):
            self.sources_code = JsCode(f"{self.get_name()}_sources")
        else:
            self.sources_code = JsCode(page_json(sources))

    def render(self, **kwargs: Any) -> Any:
        """Put inline data into the page's head, then render the layer's script."""
        if isinstance(self.sources, PageData):
            figure: Any = self.get_root()  # a branca Figure
            script = f"<script>\nvar {self.get_name()}_sources = {self.sources.text};\n</script>"
            figure.header.add_child(RawHtml(script), name=f"{self.get_name()}_sources")
        return super().render(**kwargs)

    def get_bounds(self) -> list[list[float | None]]:
        return [[None, None], [None, None]]


class _TileNotice(MacroElement):
    """A visible notice when a tile layer's tiles fail to load (offline, say)."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            (function (map, tiles) {
                var notice = L.control({position: 'bottomleft'});
                notice.onAdd = function () {
                    var div = L.DomUtil.create('div', 'tile-notice');
                    div.textContent = {{ this.message|tojson }};
                    return div;
                };
                var shown = false;
                tiles.on('tileerror', function () {
                    if (!shown && map.hasLayer(tiles)) { notice.addTo(map); shown = true; }
                });
                tiles.on('tileload', function () {
                    if (shown) { notice.remove(); shown = false; }
                });
                tiles.on('remove', function () {
                    if (shown) { notice.remove(); shown = false; }
                });
            })({{ this._parent.get_name() }}, {{ this.tiles.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, tiles: folium.TileLayer, *, message: str) -> None:
        super().__init__()
        self._name = "TileNotice"
        self.tiles = tiles
        self.message = message


class Timeline(plugins.Timeline):
    """Folium's ``Timeline`` (leaflet.timeline), its GeoJSON written with ``page_json``."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_options = {{ this.options|tojavascript }};
            var {{ this.get_name() }} = L.timeline(
                {{ this.data|tojson }},
                {{ this.get_name() }}_options
            );
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class _TownsLayer(folium.GeoJson):
    """Towns and cities as small circle markers, their names given to the label manager
    (``map_labels.js``: by population, never overlapping), an overlay in the layer control.

    Folium's ``GeoJson`` with a template of our own: only what this layer uses, its data
    written with ``page_json``.
    """

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJson(null, {
                pointToLayer: function (feature, latlng) {
                    return L.circleMarker(latlng, {{ this.marker_options|tojavascript }});
                },
                onEachFeature: {{ this.on_each_feature|tojavascript }}
            });
            {{ this.get_name() }}.addData({{ this.data|tojson }});
            (function (towns, labels) {
                towns.eachLayer(function (layer) {
                    var p = layer.feature.properties, at = layer.getLatLng();
                    labels.add({lat: at.lat, lon: at.lng, text: p.name, css: 'map-label-town',
                                priority: 1000 + p.population, minZoom: p.labelled ? 0 : 8,
                                maxZoom: 18, owner: towns, alternates: ['map-label-left']});
                });
            })({{ this.get_name() }},
               window.IncidentMapLabels.forMap({{ this._parent.get_name() }}));
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any], *, name: str) -> None:
        super().__init__(data, name=name, control=True, show=True)
        self.on_each_feature = JsCode(fixed_text("town_on_each_feature.js"))
        self.marker_options = {
            "radius": 2.5,
            "weight": 1,
            "color": "#555555",
            "fill": True,
            "fill_color": "#ffffff",
            "fill_opacity": 1.0,
            "class_name": "reference-place",
        }


class _Control(MacroElement):
    """A Leaflet control holding fixed, already-escaped HTML (legend, caption).

    A ``<details>`` in it (the legend) starts closed on a map narrower than
    ``collapse_below`` pixels, and closes when a popup opens, so it never hides one.
    """

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                var details = div.querySelector('details');
                if (details) {
                    var map = {{ this._parent.get_name() }};
                    if (map.getSize().x < {{ this.collapse_below|tojson }}) {
                        details.open = false;
                    }
                    map.on('popupopen', function () { details.open = false; });
                }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, html_text: str, *, position: str, css_class: str, collapse_below: int = 600
    ) -> None:
        super().__init__()
        self._name = "Control"
        self.collapse_below = collapse_below
        self.html = html_text
        self.position = position
        self.css_class = css_class


class _StartAtEnd(MacroElement):
    """Move the timeline slider to its end, so the map opens with every incident shown."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            {{ this.slider.get_name() }}.setTime({{ this.slider.get_name() }}.end);
        {% endmacro %}
        """
    )

    def __init__(self, slider: TimelineSlider) -> None:
        super().__init__()
        self._name = "StartAtEnd"
        self.slider = slider


class _KeepSized(MacroElement):
    """Re-measure the map when its frame is resized (st_folium sizes its iframe late)."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                function fit() { map.invalidateSize({pan: false}); }
                window.addEventListener('resize', fit);
                [100, 400, 1200].forEach(function (ms) { setTimeout(fit, ms); });
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "KeepSized"


class _TimelineCluster(MacroElement):
    """Cluster the timeline's markers: the cluster group follows the timeline's changes.

    ``radius`` (px) is markercluster's ``maxClusterRadius``: 40 clusters a crowded map; a
    few pixels only gathers the markers stacked at one point, which spread out
    (spiderfy) on a click, at any number of incidents. ``keep_uncertainty`` keeps the
    faint uncertainty circles (noise when hundreds are clustered).
    """

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup({
                maxClusterRadius: {{ this.radius|tojson }}, showCoverageOnHover: false
            });
            {{ this._parent.get_name() }}._incidentCluster = {{ this.get_name() }};
            var {{ this.get_name() }}_extras = L.layerGroup();
            (function (timeline, cluster, extras, map) {
                map.removeLayer(timeline);
                cluster.addTo(map);
                extras.addTo(map);
                function sync() {
                    cluster.clearLayers();
                    extras.clearLayers();
                    var markers = [];
                    // The window of the timeline's tools: the last N days up to its day.
                    // An incident stays while its period reaches into them (a month-
                    // precision one while its month does), as the figures count it.
                    var days = map._timelineWindowDays || 0;
                    var from = days
                        ? (Math.floor(timeline.time / 86400000) - days) * 86400000
                        : -Infinity;
                    timeline.getLayers().forEach(function (layer) {
                        var p = layer.feature && layer.feature.properties;
                        var kind = p && p.kind;
                        var ended = p && (p.fade_end || p.start);
                        if (days && ended && new Date(ended).getTime() < from) { return; }
                        if (kind === 'incident') {
                            markers.push(layer);
                        } else if (kind !== 'uncertainty' || {{ this.keep_uncertainty|tojson }}) {
                            extras.addLayer(layer);
                        }
                    });
                    cluster.addLayers(markers);
                }
                timeline.on('change', sync);
                sync();
            })({{ this.timeline.get_name() }}, {{ this.get_name() }},
               {{ this.get_name() }}_extras, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, timeline: Timeline, *, radius: int = 40, keep_uncertainty: bool = False
    ) -> None:
        super().__init__()
        self._name = "TimelineCluster"
        self.timeline = timeline
        self.radius = radius
        self.keep_uncertainty = keep_uncertainty


class _TimelineTools(MacroElement):
    """The timeline bar's tools (``timeline_tools.js``): playback by calendar time (``plan``:
    ``[[period start, period end, ms at 1×], ...]``, see :func:`maps.timeline.playback_plan`),
    go to the start, a speed, a window ("the last 30 / 7 days" beside everything so far), the
    time written as the period of the incidents it stops on ("July 2020"), and incidents of a
    month or a year fading in over it. Needs the cluster (:class:`_TimelineCluster`), which
    applies the window."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code|tojavascript }})(
                {{ this._parent.get_name() }}, {{ this.slider.get_name() }},
                {{ this.timeline.get_name() }}, {{ this.plan|tojson }}
            );
        {% endmacro %}
        """
    )

    def __init__(
        self, slider: TimelineSlider, timeline: Timeline, *, plan: list[list[int]]
    ) -> None:
        super().__init__()
        self._name = "TimelineTools"
        self.slider = slider
        self.timeline = timeline
        self.plan = plan
        self.code = JsCode(fixed_text("timeline_tools.js"))


class _OpenIncident(MacroElement):
    """Open the popup of one incident (``?incident=ID``), bringing it into view."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            (function (map, timeline, id, centre) {
                var target = null;
                timeline.getLayers().forEach(function (layer) {
                    var p = layer.feature && layer.feature.properties;
                    if (p && p.kind === 'incident' && p.id === id) { target = layer; }
                });
                if (!target) { return; }
                if (centre) {
                    map.setView(target.getLatLng(), Math.max(map.getZoom(), 8), {animate: false});
                }
                var tries = 0;
                function open() {
                    if (target._map) { target.openPopup(); return; }  // drawn as itself
                    if (tries++ > 3) { return; }
                    // In a cluster (markercluster knows icons, not circle markers): find the
                    // cluster drawn for it; a stack at one point spreads, else zoom to it.
                    var parent = target.__parent;
                    while (parent && !parent._icon) { parent = parent.__parent; }
                    if (!parent) { return; }
                    var box = parent.getBounds();
                    if (box.getNorthEast().equals(box.getSouthWest())) {
                        map._incidentCluster.once('spiderfied', function () {
                            target.openPopup();
                        });
                        parent.spiderfy();
                    } else {
                        map.once('moveend', function () { setTimeout(open, 300); });
                        map.fitBounds(box, {animate: false});
                    }
                }
                open();
                // st_folium sizes its frame late (see _KeepSized): open it again once the
                // size has settled, so that it pans into the final view.
                setTimeout(function () {
                    if (target.isPopupOpen()) { target.closePopup(); open(); }
                }, 1300);
            })({{ this._parent.get_name() }}, {{ this.timeline.get_name() }},
               {{ this.incident_id|tojson }}, {{ this.centre|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, timeline: Timeline, incident_id: str, *, centre: bool) -> None:
        super().__init__()
        self._name = "OpenIncident"
        self.timeline = timeline
        self.incident_id = incident_id
        self.centre = centre


class _ShareView(MacroElement):
    """Write the map's view (``map=lat,lon,zoom``) and its open incident (``incident=ID``)
    into the URL of the page that holds the map (the dashboard), without a reload.

    Only inside a frame of the same origin (st_folium's); a standalone page is left alone.
    """

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                var host;
                try {
                    host = window.parent !== window ? window.parent : null;
                    if (host) { void host.location.search; }
                } catch (err) { host = null; }  // another origin: nothing to write
                if (!host) { return; }
                function write(key, value) {
                    var params = new URLSearchParams(host.location.search);
                    if (value === null) { params.delete(key); } else { params.set(key, value); }
                    var query = params.toString();
                    host.history.replaceState(host.history.state, '',
                        host.location.pathname + (query ? '?' + query : '') + host.location.hash);
                }
                // The view is the user's once they move the map (drag, wheel, keys, the
                // zoom buttons): the first fit to the incidents is not written.
                var moved = false;
                ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (name) {
                    map.getContainer().addEventListener(name, function () { moved = true; },
                                                        {passive: true, capture: true});
                });
                map.on('moveend', function () {
                    if (!moved) { return; }
                    var c = map.getCenter();
                    write('map', c.lat.toFixed(5) + ',' + c.lng.toFixed(5) + ',' + map.getZoom());
                });
                map.on('popupopen', function (e) {
                    var p = e.popup._source && e.popup._source.feature &&
                            e.popup._source.feature.properties;
                    if (p && p.kind === 'incident') { write('incident', p.id); }
                });
                map.on('popupclose', function () { write('incident', null); });
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ShareView"


class _HeatLayer(Layer):
    """A heat (density) overlay of the incidents (leaflet.heat), off until chosen in the
    layer control; weighted by casualties."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.heatLayer({{ this.points|tojson }}, {
                radius: 22, blur: 18, minOpacity: 0.35, maxZoom: 10
            });
        {% endmacro %}
        """
    )

    def __init__(self, points: list[tuple[float, float, float]], *, name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=False)
        self._name = "HeatLayer"
        self.points = [list(point) for point in points]


class _OnLayerMap(MacroElement):
    """Base of the elements that live in a layer group (the map's data layer): their script
    gets the group, and runs again each time the group is added to a map."""

    _code_name = ""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data
        self.code = JsCode(fixed_text(self._code_name))


_LAYER_TEMPLATE = """
    {% macro script(this, kwargs) %}
        ({{ this.code|tojavascript }})({{ this._parent.get_name() }}, {{ this.data|tojson }});
    {% endmacro %}
"""


class CellBubbles(_OnLayerMap):
    """Grid cells as bubbles with their count; a click zooms to the cell (``cells.js``).

    ``data``: ``{"cells": [[lat, lon, count, killed, south, west, north, east,
    [period, count, period, count...]], ...]}``.
    """

    _code_name = "cells.js"
    _template = PageTemplate(_LAYER_TEMPLATE)


class IncidentMarkers(_OnLayerMap):
    """A bounded number of incidents as markers with their popups (``markers.js``).

    ``data``: the FeatureCollection of :func:`maps.features.incidents_geojson`, each feature
    with a ``period`` (its period of the timeline) added.
    """

    _code_name = "markers.js"
    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code|tojavascript }})(
                {{ this._parent.get_name() }},
                {{ this.data|tojson }},
                {{ this.functions|tojavascript }}
            );
        {% endmacro %}
        """
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        self.functions = {
            "point_to_layer": JsCode(fixed_text("point_to_layer.js")),
            "on_each_feature": JsCode(fixed_text("on_each_feature.js")),
            "style": JsCode(fixed_text("style.js")),
        }


class PeriodTimeline(_OnLayerMap):
    """Counts per period under the map, a slider and a play button (``periods.js``): the
    layer's bubbles and markers show what happened up to the chosen period.

    ``data``: ``{"granularity": ..., "periods": [[start, label, count, killed, ms], ...]}``.
    """

    _code_name = "periods.js"
    _template = PageTemplate(_LAYER_TEMPLATE)


class LayerNote(_OnLayerMap):
    """A line of text over the map that comes and goes with the layer (``note.js``).

    ``data``: ``{"html": ..., "position": ...}``, the HTML already escaped.
    """

    _code_name = "note.js"
    _template = PageTemplate(_LAYER_TEMPLATE)


class _ReportPainted(MacroElement):
    """Send the page (through st_folium's returned value, key ``painted``) word that the map
    has painted its first layer (``painted.js``): the dashboard waits for it before it sends
    the rest of the page."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code|tojavascript }})({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ReportPainted"
        self.code = JsCode(fixed_text("painted.js"))


class _ReportToPage(MacroElement):
    """Send the page (through st_folium's returned value) the incident whose popup opens and,
    with ``timeline_position``, where the timeline stands once it stops (``report.js``)."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code|tojavascript }})(
                {{ this._parent.get_name() }},
                {{ this.slider.get_name() if this.slider else 'null' }},
                {{ this.timeline.get_name() if this.timeline else 'null' }},
                {{ this.timeline_position|tojson }}
            );
        {% endmacro %}
        """
    )

    def __init__(
        self,
        slider: TimelineSlider | None,
        timeline: Timeline | None,
        *,
        timeline_position: bool,
    ) -> None:
        super().__init__()
        self._name = "ReportToPage"
        self.slider = slider
        self.timeline = timeline
        self.timeline_position = timeline_position
        self.code = JsCode(fixed_text("report.js"))
