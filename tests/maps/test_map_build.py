"""build_map: the GeoJSON it carries, markers, escaping, bounds, and no CDN in its HTML."""

from __future__ import annotations

import json
import re

import folium
import pytest

from geo.geonames import GeonamesCity
from geo.place import Place
from incidents.model import Incident
from maps.assets import ASSETS, Assets, install, is_installed
from maps.build import (
    EVENT_COLOURS,
    build_map,
    incidents_geojson,
    interval_start,
    marker_radius,
    popup_html,
    reference_bounds,
    reference_geojson,
)
from maps.errors import AssetsError, MapsError
from tests.factories import make_incident

GREEN_ZONE = Place("Green Zone", 33.3045, 44.3909, 2, "government zone", "IQ")
TAJI = Place("Camp Taji", 33.5236, 44.2567, 1, "military base", "IQ")
ALI_AL_SALEH = Place("Ali Al-Saleh", 33.3594, 44.3396, 3, "district", "IQ")
HOSTILE = (
    'Attack <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2"> '
    '<a href="javascript:alert(1)">click</a> `${x}` </div>'
)


def incident(id_: str, **changes) -> Incident:
    return make_incident(id_, **({"source": "000_seed.txt", "place": GREEN_ZONE} | changes))


@pytest.fixture
def seed_like() -> list[Incident]:
    return [
        incident("i1", launch_site=ALI_AL_SALEH, injured=1, fatalities=0),
        incident("i2", event_type="foiled or attempted attack", place=TAJI),
        incident("i3", date="2020-03", place=TAJI, fatalities=3),
        incident("i4", date="2020-06-18", date_precision="day", fatalities=0, injured=0),
        incident("i5", place=None, place_mention="Nulle-Part"),
    ]


def timeline_data(m: folium.Map) -> dict:
    timelines = [c for c in m._children.values() if type(c).__name__ == "Timeline"]
    assert len(timelines) == 1
    return timelines[0].data


def test_geojson_has_one_marker_per_located_incident(seed_like):
    data = incidents_geojson(seed_like)
    markers = [f for f in data["features"] if f["properties"]["kind"] == "incident"]
    assert [f["properties"]["id"] for f in markers] == ["i1", "i2", "i3", "i4"]
    first = markers[0]
    assert first["geometry"] == {"type": "Point", "coordinates": [44.3909, 33.3045]}
    assert first["properties"]["color"] == EVENT_COLOURS["shelling/artillery/missile attack"]
    assert markers[1]["properties"]["color"] == EVENT_COLOURS["foiled or attempted attack"]


def test_geojson_launch_line_and_uncertainty(seed_like):
    features = incidents_geojson(seed_like)["features"]
    lines = [f for f in features if f["properties"]["kind"] == "launch"]
    assert len(lines) == 1
    assert lines[0]["geometry"]["coordinates"] == [[44.3396, 33.3594], [44.3909, 33.3045]]
    sites = [f for f in features if f["properties"]["kind"] == "launch_site"]
    assert [f["geometry"]["coordinates"] for f in sites] == [[44.3396, 33.3594]]
    circles = {f["properties"]["id"] for f in features if f["properties"]["kind"] == "uncertainty"}
    # Green Zone (where_prec 2) gets a circle; Camp Taji (an exact site) does not.
    assert circles == {"i1", "i4"}


def test_timeline_intervals_are_cumulative_to_the_end_of_the_last_period(seed_like):
    features = incidents_geojson(seed_like)["features"]
    ends = {f["properties"]["end"] for f in features}
    assert ends == {"2020-07-31"}  # i1 is of July 2020 (month precision): its last day
    starts = {f["properties"]["id"]: f["properties"]["start"] for f in features}
    assert starts == {
        "i1": "2020-07-01",
        "i2": "2020-07-01",
        "i3": "2020-03-01",
        "i4": "2020-06-18",
    }


@pytest.mark.parametrize(
    ("date", "start"),
    [
        ("2020", "2020-01-01"),
        ("2020-07", "2020-07-01"),
        ("2020-06-18", "2020-06-18"),
        (None, None),
        ("junk", None),
    ],
)
def test_interval_start(date, start):
    assert interval_start(date) == start


def test_marker_size_grows_with_casualties():
    none = incident("a")
    few = incident("b", fatalities=1, injured=1)
    many = incident("c", fatalities=40, injured=100)
    assert marker_radius(none) < marker_radius(few) < marker_radius(many) <= 22


def test_build_map_bounds_cover_incidents_and_launch_site(seed_like):
    m = build_map(seed_like)
    (south, west), (north, east) = m.get_bounds()
    assert south == pytest.approx(33.3045) and north == pytest.approx(33.5236)
    assert west == pytest.approx(44.2567) and east == pytest.approx(44.3909)


def test_build_map_carries_the_geojson(seed_like):
    m = build_map(seed_like)
    assert timeline_data(m) == incidents_geojson(seed_like)


def test_rendered_html_marker_class_and_local_assets(seed_like):
    page = build_map(seed_like).get_root().render()
    assert "incident-marker" in page
    assert "L.timelineSliderControl" in page
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources, "served mode links its assets"
    assert all(src.startswith("/app/static/vendor/") for src in sources), sources
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", page)
    for name in ("bootstrap", "jquery", "font-awesome", "fontawesome", "awesome-markers", "cdn"):
        assert name not in page.lower()


def test_inline_mode_has_no_external_reference(seed_like):
    page = (
        build_map(seed_like, assets=Assets.inline(), caption="July 2020 · 4 incidents")
        .get_root()
        .render()
    )
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "url(images/" not in page
    for name in ("leaflet", "leaflet_css", "topojson", "timeline", "moment"):
        assert f'data-asset="{name}"' in page
    assert "July 2020 \\u00b7 4 incidents" in page


def test_untrusted_text_is_escaped(seed_like):
    hostile = incident("h", quote=HOSTILE, source="<b>evil</b>.txt", place_mention="<i>x</i>")
    popup = popup_html(hostile)
    assert "<script" not in popup and "<img" not in popup and "<a " not in popup
    assert "&lt;script&gt;" in popup and "&lt;img src=x" in popup
    page = build_map([hostile]).get_root().render()
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    # The GeoJSON sits in a <script>: no raw '<' from the article may appear there.
    assert "window.__pwned" in page  # it is there, but only as escaped text
    for script in re.findall(r"<script>(.*?)</script>", page, flags=re.S):
        assert "<img" not in script and "<script" not in script


def test_caption_is_escaped():
    page = build_map([incident("a")], caption="<script>alert(1)</script>").get_root().render()
    assert "<script>alert(1)</script>" not in page
    # escaped in Python, then JSON-encoded (HTML-safe) into the script
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in page


def test_osm_is_a_second_base_layer_off_by_default(seed_like):
    m = build_map(seed_like)
    tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert len(tiles) == 1 and tiles[0].show is False and tiles[0].overlay is False
    assert (
        build_map(seed_like, osm_layer=False).get_root().render().count("tile.openstreetmap") == 0
    )


def test_no_incidents_gives_an_empty_map():
    m = build_map([])
    page = m.get_root().render()
    assert "L.timeline(" not in page
    assert m.get_bounds() == [[None, None], [None, None]]


def test_many_markers_are_clustered():
    many = [incident(f"n{i}", place=Place("P", 33 + i / 100, 44, 1, "town")) for i in range(30)]
    stacked = build_map(many).get_root().render()  # only markers at one point gather
    assert "maxClusterRadius: 3," in stacked
    page = build_map(many, cluster_threshold=10).get_root().render()
    assert "L.markerClusterGroup" in page and "maxClusterRadius: 40" in page
    assert '"maxZoom": 18' in page  # clustering needs a zoom range (no tile layer gives one)
    assert "/app/static/vendor/markercluster/leaflet.markercluster.js" in page


def test_assets_install_copies_every_file(tmp_path):
    written = install(tmp_path)
    assert is_installed(tmp_path)
    assert len(written) >= len(ASSETS)
    assert (tmp_path / "leaflet" / "images" / "layers.png").is_file()
    json.loads((tmp_path / "world-atlas" / "countries-50m.json").read_text())
    index = json.loads((tmp_path / "basemap" / "admin1" / "index.json").read_text())
    assert (tmp_path / "basemap" / "admin1" / "IRQ.json").is_file() and "IRQ" in index


def test_assets_missing_node_modules_is_a_clear_error(tmp_path):
    with pytest.raises(AssetsError, match="npm ci") as info:
        install(tmp_path / "out", node_modules=tmp_path / "nothing")
    assert isinstance(info.value, MapsError) and isinstance(info.value, FileNotFoundError)


def test_basemap_fetched_when_served_embedded_when_inline(seed_like):
    served = build_map(seed_like).get_root().render()
    assert '"/app/static/vendor/basemap/world_50m.json"' in served
    assert '"/app/static/vendor/basemap/admin1/"' in served
    assert len(served) < 200_000, "the basemap must not ride along with every rerun"
    inline = build_map(seed_like, assets=Assets.inline()).get_root().render()
    assert "/app/static/vendor/basemap" not in inline and '"Iraq"' in inline
    # the provinces of the countries around the incidents only
    assert '"An-Najaf"' in inline and '"Ontario"' not in inline


def town(name: str, lat: float, lon: float, population: int) -> GeonamesCity:
    return GeonamesCity(0, name, lat, lon, "IQ", population)


def test_reference_bounds_hold_incidents_and_launch_sites_with_a_margin(seed_like):
    south, west, north, east = reference_bounds(seed_like)
    assert south == pytest.approx(33.3045 - 1.0) and north == pytest.approx(33.5236 + 1.0)
    assert west == pytest.approx(44.2567 - 1.0) and east == pytest.approx(44.3909 + 1.0)
    assert reference_bounds([incident("u", place=None)]) is None


def test_reference_labels_go_to_the_largest_towns_spaced_apart():
    towns = [
        town("Suburb", 33.35, 44.45, 900_000),
        town("Baghdad", 33.34, 44.40, 7_000_000),
        town("Karbala", 32.61, 44.02, 700_000),
        town("Hamlet", 34.30, 43.50, 2_000),
    ]
    features = reference_geojson(towns, labelled=2)["features"]
    labels = {f["properties"]["name"]: f["properties"]["labelled"] for f in features}
    # the suburb sits on Baghdad's label; Karbala is the next one far enough; two at most
    assert labels == {"Baghdad": True, "Suburb": False, "Karbala": True, "Hamlet": False}
    assert features[0]["geometry"]["coordinates"] == [44.40, 33.34]


def test_towns_layer_is_drawn_under_the_incidents_and_escaped(seed_like):
    towns = [town("Baghdad", 33.34, 44.40, 7_000_000), town("<img src=x>", 33.5, 44.1, 9)]
    page = build_map(seed_like, reference_places=towns).get_root().render()
    assert "reference-place" in page and "Towns and cities (GeoNames)" in page
    assert "<img src=x>" not in page
    assert page.index("reference-place") < page.index("L.timeline(")
    assert "reference-place" not in build_map(seed_like).get_root().render()


def test_incidents_at_the_same_point_are_listed_in_each_other_s_popup():
    first = incident("a", fatalities=2)
    second = incident("b", date="2020-07-05", source="<b>other</b>.txt")
    alone = incident("c", place=TAJI)
    popups = {
        f["properties"]["id"]: f["properties"]["popup_html"]
        for f in incidents_geojson([first, second, alone])["features"]
        if f["properties"]["kind"] == "incident"
    }
    assert "Also at this point (1)" in popups["a"] and "2020-07-05" in popups["a"]
    assert "&lt;b&gt;other&lt;/b&gt;.txt" in popups["a"] and "<b>other" not in popups["a"]
    assert "Also at this point (1)" in popups["b"]
    assert "Also at this point" not in popups["c"]


def test_an_empty_map_says_so_in_its_legend():
    page = build_map([]).get_root().render()
    assert "No incident to show" in page
