"""The offline basemap: its size on disk and over the wire, and its first paint in Chromium.

``.venv/bin/python -m bench.basemap_speed [--repeat 5]``, or as a section of ``make bench``
(:func:`section`). Needs ``python -m maps.assets install`` (``make setup``) and Chromium.

Sizes: the files of ``static/vendor/basemap/`` (:mod:`maps.basemap`), what a page fetches
for an Iraq view (the world, the country labels, the admin-1 index and Iraq's provinces),
the dashboard's page (served: links only) and the standalone export (inline).

First paint: a local HTTP server serves the app's static files as Streamlit does
(``/app/static/vendor/...``); headless Chromium opens the map page and reads the
``basemap-painted`` performance mark (the basemap's data drawn, then one animation frame).
Beside it, in the same run, the baseline: the basemap the map had before, Natural Earth
country outlines alone (world-atlas ``countries-50m.json``) on the same canvas renderer.
Median of ``--repeat`` cold loads (a fresh browser context each), and their ratio.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geo.place import Place
from incidents.model import Incident
from maps.assets import VENDOR_DIR, Assets
from maps.basemap import BASEMAP_DIR
from maps.build import build_map
from maps.snapshot import CHROMIUM_ARGS, chromium_path, standalone_html

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/app/static/vendor/leaflet/leaflet.css"/>
<script src="/app/static/vendor/leaflet/leaflet.js"></script>
<script src="/app/static/vendor/topojson-client.min.js"></script>
<style>html, body, #map { height: 100%; margin: 0; } #map { background: #cfe3ef; }</style>
</head><body><div id="map"></div><script>
var map = L.map('map', {preferCanvas: true}).setView([33.3, 44.4], 7);
var layer = L.geoJson(null, {renderer: L.canvas({padding: 0.5}), interactive: false,
    style: {fillColor: '#f7f4ee', color: '#8a8a8a', weight: 0.7, fillOpacity: 1}}).addTo(map);
fetch('/app/static/vendor/world-atlas/countries-50m.json').then(r => r.json()).then(d => {
    layer.addData(topojson.feature(d, d.objects.countries));
    performance.mark('basemap-ready');
    L.Util.requestAnimFrame(function () { performance.mark('basemap-painted'); });
});
</script></body></html>
"""


def _incidents() -> list[Incident]:
    places = [("Baghdad", 33.3152, 44.3661), ("Fallujah", 33.35, 43.78), ("Taji", 33.52, 44.27)]
    return [
        Incident(f"b{n}", "bench.txt", "en", "attack", f"2020-0{n + 1}-10", "day", "q", 0, 1,
                 place=Place(name, lat, lon, 1, "town"), fatalities=n)
        for n, (name, lat, lon) in enumerate(places)
    ]  # fmt: skip


def _kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


def sizes() -> list[tuple[str, int]]:
    """``(what, bytes)`` of the basemap's files and pages."""
    base = VENDOR_DIR / BASEMAP_DIR
    admin1 = sorted((base / "admin1").glob("*.json"))
    view = ("world_50m.json", "countries.json", "admin1/index.json", "admin1/IRQ.json")
    served = build_map(_incidents()).get_root().render()
    inline = standalone_html(_incidents(), caption="bench")
    return [
        ("world_50m.json (land, lakes, rivers, borders)", (base / "world_50m.json").stat().st_size),
        ("countries.json (country names)", (base / "countries.json").stat().st_size),
        (f"admin1/ ({len(admin1) - 1} countries + index)", sum(p.stat().st_size for p in admin1)),
        ("world + names + admin-1 index + Iraq's provinces",
         sum((base / name).stat().st_size for name in view)),
        ("baseline: world-atlas countries-50m.json",
         (VENDOR_DIR / "world-atlas" / "countries-50m.json").stat().st_size),
        ("dashboard map page (served assets)", len(served.encode("utf-8"))),
        ("standalone export (inline, Iraq's provinces)", len(inline.encode("utf-8"))),
    ]  # fmt: skip


@contextmanager
def serve(pages: dict[str, str]) -> Iterator[str]:
    """A local server: ``/app/static/...`` from ``static/``, and ``pages`` by path."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in pages:
                body = pages[self.path].encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if self.path.startswith("/app/static/"):
                self.path = self.path[len("/app") :]
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Handler, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def first_paints(repeat: int) -> dict[str, list[float]]:
    """Milliseconds from navigation to the ``basemap-painted`` mark, per page."""
    from playwright.sync_api import sync_playwright

    pages = {
        "/basemap.html": build_map(_incidents(), assets=Assets.served()).get_root().render(),
        "/baseline.html": BASELINE_PAGE,
    }
    times: dict[str, list[float]] = {path: [] for path in pages}
    with serve(pages) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS)
        )
        for _ in range(repeat):
            for path in pages:  # alternately, so that noise falls on both
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.goto(url + path)
                page.wait_for_function(
                    "() => performance.getEntriesByName('basemap-painted').length > 0",
                    timeout=60_000,
                )
                times[path].append(
                    page.evaluate("performance.getEntriesByName('basemap-painted')[0].startTime")
                )
                context.close()
        browser.close()
    return times


def section(*, full: bool = False, repeat: int = 5) -> str:
    """The markdown of ``make bench``'s basemap section."""
    lines = ["| what | size |", "| --- | ---: |"]
    lines += [f"| {what} | {_kib(size)} |" for what, size in sizes()]
    times = first_paints(repeat * (2 if full else 1))
    ours = statistics.median(times["/basemap.html"])
    base = statistics.median(times["/baseline.html"])
    lines += [
        "",
        "| first paint (navigation → basemap painted), median | ms |",
        "| --- | ---: |",
        f"| offline basemap (land, lakes, rivers, borders, names, towns) | {ours:,.0f} |",
        f"| baseline: country outlines alone (world-atlas 50m) | {base:,.0f} |",
        f"| ratio | {ours / base:.2f}× |",
        "",
        f"{len(times['/basemap.html'])} cold loads each, headless Chromium, served from "
        "localhost. The map page also loads the timeline's scripts (leaflet.timeline, moment), "
        "which the baseline page does not. Provinces (admin-1) load later, from zoom 5, for "
        "the countries in view.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.basemap_speed")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sys.stdout.write(section(repeat=args.repeat) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
