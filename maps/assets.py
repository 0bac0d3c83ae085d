"""Browser assets of the map: listed once, installed from ``node_modules/``, never from a CDN.

Every JS, CSS and data file the map needs comes from a pinned npm package
(``package-lock.json``). :func:`install` copies them into ``static/vendor/`` (git-ignored),
which Streamlit serves at ``/app/static/vendor/...`` (``enableStaticServing``). An
:class:`Assets` value tells :func:`maps.build.build_map` how the page gets them:

- ``Assets.served()``: ``<script src="/app/static/vendor/...">`` links, for the dashboard;
- ``Assets.inline()``: the files' contents inside ``<script>``/``<style>`` tags, for a
  standalone HTML file that opens with no network at all.

Run ``python -m maps.assets install`` (the Makefile's ``static/vendor/.stamp`` does).
"""

from __future__ import annotations

import argparse
import base64
import functools
import json
import logging
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from maps.basemap import BASEMAP_DIR, install_basemap
from maps.errors import AssetsError
from maps.page import PageData, page_json

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR_DIR = ROOT / "static" / "vendor"
SERVED_PREFIX = "/app/static/vendor"


@dataclass(frozen=True)
class Asset:
    """One file of an npm package the map needs.

    Attributes
    ----------
    name : str
        Key of the resource in folium's ``default_js``/``default_css`` lists.
    kind : {"js", "css", "data"}
        How the page uses it.
    source : str
        Path under ``node_modules/``.
    target : str
        Path under ``static/vendor/`` (and under the served prefix).
    """

    name: str
    kind: Literal["js", "css", "data"]
    source: str
    target: str


# In load order: Leaflet first, then what builds on it.
ASSETS: tuple[Asset, ...] = (
    Asset("leaflet", "js", "leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    Asset("leaflet_css", "css", "leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    Asset(
        "topojson", "js", "topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"
    ),
    Asset("moment", "js", "moment/min/moment.min.js", "moment.min.js"),
    Asset("timeline", "js", "leaflet.timeline/dist/leaflet.timeline.js", "leaflet.timeline.js"),
    Asset(
        "markercluster",
        "js",
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "markercluster/leaflet.markercluster.js",
    ),
    Asset(
        "markercluster_css",
        "css",
        "leaflet.markercluster/dist/MarkerCluster.css",
        "markercluster/MarkerCluster.css",
    ),
    Asset(
        "markercluster_default_css",
        "css",
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "markercluster/MarkerCluster.Default.css",
    ),
    Asset("countries", "data", "world-atlas/countries-50m.json", "world-atlas/countries-50m.json"),
    Asset("heat", "js", "leaflet.heat/dist/leaflet-heat.js", "leaflet-heat.js"),
)
# Images leaflet.css refers to (layer control icon, default marker): copied beside it.
_IMAGE_DIR = ("leaflet/dist/images", "leaflet/images")

_BY_NAME = {asset.name: asset for asset in ASSETS}
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


def get_asset(name: str) -> Asset:
    """Return the asset called ``name``.

    Raises
    ------
    AssetsError
        When no asset has that name.
    """
    try:
        return _BY_NAME[name]
    except KeyError as err:
        raise AssetsError(f"unknown map asset {name!r}; known: {sorted(_BY_NAME)}") from err


def _locate(asset_path: str, target: str, *, vendor_dir: Path, node_modules: Path) -> Path:
    for candidate in (vendor_dir / target, node_modules / asset_path):
        if candidate.is_file():
            return candidate
    raise AssetsError(
        f"map asset {target!r} is missing from {vendor_dir} and {node_modules / asset_path}; "
        "run `make setup` (npm ci, then python -m maps.assets install)"
    )


def asset_path(
    name: str, *, vendor_dir: Path = VENDOR_DIR, node_modules: Path = NODE_MODULES
) -> Path:
    """Path of an asset's file: the installed copy, else the one in ``node_modules``."""
    asset = get_asset(name)
    return _locate(asset.source, asset.target, vendor_dir=vendor_dir, node_modules=node_modules)


@functools.lru_cache(maxsize=32)
def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_asset(name: str) -> str:
    """Return an asset's text (the installed copy, else the one in ``node_modules``)."""
    return _read_text(asset_path(name))


def _basemap_text(name: str, *, vendor_dir: Path = VENDOR_DIR) -> str:
    """The text of a file of the installed basemap (``static/vendor/basemap/<name>``)."""
    path = vendor_dir / BASEMAP_DIR / name
    if not path.is_file():
        raise AssetsError(f"basemap file {path} is missing; run `python -m maps.assets install`")
    return _read_text(path)


def _basemap_json(name: str, *, vendor_dir: Path = VENDOR_DIR) -> Any:
    """A file of the installed basemap, parsed."""
    return json.loads(_basemap_text(name, vendor_dir=vendor_dir))


@functools.cache
def _basemap_page_json(name: str) -> str:
    """A basemap file as text for a ``<script>``: the installed JSON (written by
    :mod:`maps.basemap`), its ``<`` as ``\\u003c`` (in JSON a ``<`` stands only inside a
    string, where the escape reads back the same), so no ``</script>`` or ``<!--`` can end
    the element. Read once per process, never parsed: parsing and writing the ~10 MB again
    took 2-10 s on the first standalone page."""
    return _basemap_text(name).replace("<", "\\u003c")


def countries_topojson() -> dict[str, Any]:
    """Natural Earth country outlines (world-atlas, 1:50m) as a fresh TopoJSON dict.

    A fresh dict each call: folium's ``TopoJson`` writes styles into the data it is given.
    """
    return json.loads(read_asset("countries"))


def _inline_css(name: str) -> str:
    """CSS text with its relative image URLs as data URIs (inline CSS has no base URL)."""
    css = read_asset(name)
    image_dir = asset_path(name).parent

    def data_uri(match: re.Match[str]) -> str:
        image = image_dir / match.group(2)
        if not image.is_file():
            return match.group(0)
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return _CSS_URL.sub(data_uri, css)


def _script_safe(text: str) -> str:
    """Keep a script's text from closing its ``<script>`` element early."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


@dataclass(frozen=True)
class Assets:
    """How a page gets the map's assets.

    Attributes
    ----------
    mode : {"served", "inline"}
        ``served``: links to ``base_url``; ``inline``: file contents in the page.
    base_url : str
        URL prefix of ``static/vendor/`` when served (Streamlit serves it at
        ``/app/static/vendor``).
    """

    mode: Literal["served", "inline"] = "served"
    base_url: str = SERVED_PREFIX

    @classmethod
    def served(cls, base_url: str = SERVED_PREFIX) -> Assets:
        """Links to the copies in ``static/vendor/``, served by the app itself."""
        return cls("served", base_url.rstrip("/"))

    @classmethod
    def inline(cls) -> Assets:
        """File contents inlined in the page (standalone HTML)."""
        return cls("inline")

    def url(self, name: str) -> str:
        """Served URL of an asset."""
        return f"{self.base_url}/{get_asset(name).target}"

    def basemap_sources(
        self, bounds: tuple[float, float, float, float] | None = None
    ) -> dict[str, Any] | PageData:
        """Where the basemap's layers come from (see :mod:`maps.basemap`).

        Served: URLs the page fetches (``admin1Base`` + ``<ISO3>.json`` for the countries
        in view). Inline: the data themselves as :class:`~maps.page.PageData` (each file
        written once per process), with the admin-1 of the countries whose extent meets
        ``bounds`` (``west, south, east, north``; all when None).
        """
        if self.mode == "served":
            base = f"{self.base_url}/{BASEMAP_DIR}"
            return {
                "world": f"{base}/world_50m.json",
                "countries": f"{base}/countries.json",
                "admin1Index": f"{base}/admin1/index.json",
                "admin1Base": f"{base}/admin1/",
            }
        index = _basemap_json("admin1/index.json")
        wanted = [
            code
            for code, box in index.items()
            if bounds is None
            or (
                box[0] <= bounds[2]
                and bounds[0] <= box[2]
                and box[1] <= bounds[3]
                and bounds[1] <= box[3]
            )
        ]
        admin1 = ",".join(
            f"{page_json(code)}:{_basemap_page_json(f'admin1/{code}.json')}" for code in wanted
        )
        return PageData(
            f'{{"world":{_basemap_page_json("world_50m.json")},'
            f'"countries":{_basemap_page_json("countries.json")},'
            f'"admin1":{{{admin1}}}}}'
        )

    def links(self, names: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
        """``(name, url)`` pairs for folium's ``default_js``/``default_css``.

        Empty in inline mode: the contents go in :meth:`inline_html` instead.
        """
        if self.mode == "inline":
            return []
        return [(name, self.url(name)) for name in names]

    def inline_html(self, names: set[str] | frozenset[str]) -> str:
        """``<style>`` and ``<script>`` elements holding the named assets, in load order."""
        parts = []
        for asset in ASSETS:
            if asset.name not in names:
                continue
            if asset.kind == "css":
                parts.append(
                    f'<style data-asset="{asset.name}">\n{_inline_css(asset.name)}\n</style>'
                )
            elif asset.kind == "js":
                script = _script_safe(read_asset(asset.name))
                parts.append(f'<script data-asset="{asset.name}">\n{script}\n</script>')
        return "\n".join(parts)


def install(dest: Path = VENDOR_DIR, *, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy every asset from ``node_modules`` into ``dest`` (``static/vendor/``).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    AssetsError
        When a file is missing from ``node_modules`` (``npm ci`` has not run).
    """
    written = []
    for asset in ASSETS:
        source = node_modules / asset.source
        if not source.is_file():
            raise AssetsError(f"{source} is missing; run `npm ci` first (see package-lock.json)")
        target = dest / asset.target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    image_source, image_target = node_modules / _IMAGE_DIR[0], dest / _IMAGE_DIR[1]
    if image_source.is_dir():
        image_target.mkdir(parents=True, exist_ok=True)
        for image in sorted(image_source.glob("*.png")):
            shutil.copyfile(image, image_target / image.name)
            written.append(image_target / image.name)
    written += install_basemap(dest, node_modules=node_modules)
    _read_text.cache_clear()
    logger.info("installed %d map asset files into %s", len(written), dest)
    return written


def is_installed(dest: Path = VENDOR_DIR) -> bool:
    """Whether every asset has a copy in ``dest``."""
    return (
        all((dest / asset.target).is_file() for asset in ASSETS)
        and (dest / BASEMAP_DIR / "admin1" / "index.json").is_file()
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m maps.assets install|list``."""
    parser = argparse.ArgumentParser(
        prog="python -m maps.assets", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=("install", "list"))
    parser.add_argument("--dest", type=Path, default=VENDOR_DIR, help="default: static/vendor")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.command == "list":
        for asset in ASSETS:
            logger.info(
                "%-26s %-4s node_modules/%s -> %s",
                asset.name,
                asset.kind,
                asset.source,
                asset.target,
            )
        return 0
    try:
        install(args.dest)
    except AssetsError as err:
        logger.error("error: %s", err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
