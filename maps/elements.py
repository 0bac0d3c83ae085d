"""The map's folium elements: each writes its data with :class:`maps.page.PageTemplate`.

Branca renders an element's macros, then renders their output as a template a second time
(see :mod:`maps.page`): every value that can come from an article goes in through the
``tojson``/``tojavascript`` filters of :class:`maps.page.PageTemplate` (that is,
:func:`maps.page.page_json`), never into template source. The macros below are code of
ours; the data are their ``this.*`` attributes. :mod:`maps.build` puts them together.

- :class:`_CountryOutlines`: Natural Earth outlines, the offline base layer.
- :class:`Timeline`: folium's ``Timeline`` (leaflet.timeline) carrying the incidents.
- :class:`_TownsLayer`: GeoNames towns, a dot and a label each.
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
from folium.plugins import TimelineSlider
from folium.utilities import JsCode

from maps.page import PageTemplate, fixed_text


class _CountryOutlines(folium.TopoJson):
    """Country outlines from a TopoJSON: embedded (standalone pages) or fetched from a URL.

    Served, the file is fetched once by the browser (and cached) instead of riding along
    with every rerun of the page. Drawn on a canvas: on SVG, Chromium (software raster) left
    tiles of the map unpainted around large country polygons (seen at zoom 8-9 near Baghdad).
    The outlines' world-wide extent does not count in the map's bounds.
    """

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJson(null, {
                renderer: L.canvas({padding: 0.5}),
                interactive: false,
                style: {{ this.base_style|tojson }}
            }).addTo({{ this._parent.get_name() }});
            {% if this.embed %}
            var {{ this.get_name() }}_data = {{ this.data|tojson }};
            {{ this.get_name() }}.addData(topojson.feature(
                {{ this.get_name() }}_data,
                {{ this.get_name() }}_data{{ this._safe_object_path }}
            ));
            {% else %}
            fetch({{ this.data|tojson }})
                .then(function (response) { return response.json(); })
                .then(function (data) {
                    {{ this.get_name() }}.addData(
                        topojson.feature(data, data{{ this._safe_object_path }})
                    );
                    {{ this.get_name() }}.bringToBack();
                });
            {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any] | str, *, style: dict[str, Any], name: str) -> None:
        super().__init__(data, "objects.countries", name=name, overlay=False)
        self.base_style = style

    def style_data(self) -> None:
        """Styled by the layer's ``style`` option: nothing to write into the data."""

    def get_bounds(self) -> list[list[float | None]]:
        return [[None, None], [None, None]]


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
    """Towns and cities as small circle markers with a label (an overlay in the layer control).

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
    """A Leaflet control holding fixed, already-escaped HTML (legend, caption)."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, *, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "Control"
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
    """Cluster the timeline's markers: the cluster group follows the timeline's changes."""

    _template = PageTemplate(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.markerClusterGroup({maxClusterRadius: 40});
            var {{ this.get_name() }}_extras = L.layerGroup();
            (function (timeline, cluster, extras, map) {
                map.removeLayer(timeline);
                cluster.addTo(map);
                extras.addTo(map);
                function sync() {
                    cluster.clearLayers();
                    extras.clearLayers();
                    var markers = [];
                    timeline.getLayers().forEach(function (layer) {
                        var kind = layer.feature && layer.feature.properties.kind;
                        if (kind === 'incident') {
                            markers.push(layer);
                        } else if (kind !== 'uncertainty') {
                            // Hundreds of faint circles are noise: not drawn when clustered.
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

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self._name = "TimelineCluster"
        self.timeline = timeline


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

    ``data``: ``{"granularity": ..., "periods": [[start, label, count, killed], ...]}``.
    """

    _code_name = "periods.js"
    _template = PageTemplate(_LAYER_TEMPLATE)


class LayerNote(_OnLayerMap):
    """A line of text over the map that comes and goes with the layer (``note.js``).

    ``data``: ``{"html": ..., "position": ...}``, the HTML already escaped.
    """

    _code_name = "note.js"
    _template = PageTemplate(_LAYER_TEMPLATE)
