"""Map benchmark: the dashboard's map at 1k, 10k and 100k incidents (1M with ``BENCH_FULL=1``),
beside folium's own ``FastMarkerCluster`` and ``TimestampedGeoJson`` drawing the same points.

``.venv/bin/python -m bench.map_speed [--sizes 1000,10000]``; also the "map" section of
``make bench`` (:func:`section`). For each size, on the store of :func:`bench.store_speed.store_of`:

- **ours**: ``streamlit run dashboard.py`` with ``INCIDENT_MAP_DB`` on the store, Chromium
  (Playwright) opening the page: *first paint* is the time from navigation to the first
  bubble or marker in the map's frame, cold (the server's first visitor: imports, empty
  caches) and warm (a second visitor). *Filter change*: on the warm page, a month picked in
  the sidebar, to the map showing that month (its note or markers changed, the run over).
  *Bytes per run*: what the browser received on the page's websocket during the first load
  and during the filter change (the whole page: a bound on the map's payload); *layer*:
  the map layer st_folium swapped in (``feature_group``), in KB. *RSS*: the streamlit
  process's resident set at the end and its peak (``VmHWM``).
- **FastMarkerCluster** / **TimestampedGeoJson**: folium's plugins drawing the same located
  points (timestamps for the second) in one standalone page, their JS and CSS links rewritten
  from folium's CDN to the copies in ``node_modules/`` (npm, pinned); *first paint* is the
  Python build of the page plus Chromium's load to the first cluster or marker drawn; the
  page's size beside it. Neither has popups; FastMarkerCluster has no timeline.

The ratio printed is the baseline's first paint over ours (warm): above 1, ours is faster.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from bench.streamlit_server import streamlit_dashboard

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "node_modules"
CHROMIUM = os.environ.get("INCIDENT_MAP_CHROMIUM", "/usr/bin/chromium")
SIZES = (1_000, 10_000, 100_000)
FULL_SIZES = (*SIZES, 1_000_000)
PAINT_TIMEOUT_S = 300
# TimestampedGeoJson above this many points is not built (its page would be hundreds of MB).
TIMESTAMPED_LIMIT = 200_000
# Issue 13's targets by store size: first paint (warm), filter change (s), streamlit RSS (MB);
# and, at every size, the map's payload per run (the page's websocket bytes, MB).
TARGETS: dict[int, tuple[float, float, float | None]] = {
    100_000: (2.0, 1.0, None),
    1_000_000: (4.0, 1.0, 1536.0),
}
PAYLOAD_TARGET_MB = 2.0
MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
FILTER_MONTH = "2021-03"
log = logging.getLogger(__name__)

# folium's CDN links, by the name it gives them, to the npm copies (None: not needed here).
LOCAL_ASSETS: dict[str, str | None] = {
    "leaflet": "leaflet/dist/leaflet.js",
    "leaflet_css": "leaflet/dist/leaflet.css",
    "jquery": "jquery/dist/jquery.min.js",
    "jquery3.7.1": "jquery/dist/jquery.min.js",
    "jqueryui1.10.2": "jquery-ui-dist/jquery-ui.min.js",
    "iso8601": "iso8601-js-period/iso8601.js",
    "leaflet.timedimension": "leaflet-timedimension/dist/leaflet.timedimension.min.js",
    "leaflet.timedimension_css": "leaflet-timedimension/dist/leaflet.timedimension.control.css",
    "moment": "moment/min/moment.min.js",
    "markerclusterjs": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/dist/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "bootstrap": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers": None,
    "awesome_markers_css": None,
    "awesome_markers_font_css": None,
    "awesome_rotate_css": None,
    "highlight.js_css": None,
}


@dataclass
class Ours:
    cold_s: float | None = None
    warm_s: float | None = None
    filter_s: float | None = None
    load_bytes: int = 0
    filter_bytes: int = 0
    layer_bytes: int = 0
    rss_mb: float = 0.0
    peak_mb: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class Baseline:
    build_s: float | None = None
    paint_s: float | None = None
    html_mb: float = 0.0
    note: str = ""

    @property
    def first_paint_s(self) -> float | None:
        if self.build_s is None or self.paint_s is None:
            return None
        return self.build_s + self.paint_s


# --- folium's plugins, served from node_modules ------------------------------------------------


def _localise(element: Any) -> None:
    """Point an element's (and its children's) folium CDN links at the npm copies."""
    for attribute in ("default_js", "default_css"):
        links = getattr(element, attribute, None)
        if links:
            local = []
            for name, _url in links:
                if name not in LOCAL_ASSETS:
                    raise KeyError(f"no local copy known for folium's {name!r} ({_url})")
                path = LOCAL_ASSETS[name]
                if path is not None:
                    local.append((name, (NODE_MODULES / path).as_uri()))
            setattr(element, attribute, local)
    for child in getattr(element, "_children", {}).values():
        _localise(child)


def baseline_html(kind: str, points: list[tuple[float, float, str | None]]) -> str:
    """A standalone page of folium's ``FastMarkerCluster`` or ``TimestampedGeoJson`` over
    ``points`` (lat, lon, ISO date), every asset a local file."""
    import folium
    from folium.plugins import FastMarkerCluster, TimestampedGeoJson

    m = folium.Map(location=(25, 20), zoom_start=4, tiles=None)
    m.options.update(
        min_zoom=2, max_zoom=18
    )  # no tile layer to give the zoom range clustering needs
    if kind == "FastMarkerCluster":
        # Its default callback draws Leaflet.awesome-markers icons (another CDN plugin): plain
        # Leaflet markers here, the same as TimestampedGeoJson's.
        FastMarkerCluster(
            [[lat, lon] for lat, lon, _ in points],
            callback="function (row) { return L.marker(new L.LatLng(row[0], row[1])); }",
        ).add_to(m)
    else:
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"times": [day[:10] if day and len(day) >= 10 else "2019-01-01"]},
            }
            for lat, lon, day in points
        ]
        TimestampedGeoJson(
            {"type": "FeatureCollection", "features": features}, period="P1M", add_last_point=False
        ).add_to(m)
    _localise(m)
    return m.get_root().render()


def _time_baseline(
    browser: Any, kind: str, points: list[tuple[float, float, str | None]], folder: Path
) -> Baseline:
    result = Baseline()
    if kind == "TimestampedGeoJson" and len(points) > TIMESTAMPED_LIMIT:
        result.note = (
            f"skipped above {TIMESTAMPED_LIMIT:,} points: one GeoJSON feature per point in the "
            "page, hundreds of MB that Chromium does not paint in the time allowed"
        )
        return result
    started = time.perf_counter()
    html = baseline_html(kind, points)
    path = folder / f"{kind}.html"
    path.write_text(html, encoding="utf-8")
    result.build_s = time.perf_counter() - started
    result.html_mb = len(html.encode()) / 1e6
    # FastMarkerCluster draws cluster icons; TimestampedGeoJson Leaflet's default markers.
    selector = ".marker-cluster" if kind == "FastMarkerCluster" else ".leaflet-marker-icon"
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        started = time.perf_counter()
        page.goto(path.as_uri(), timeout=PAINT_TIMEOUT_S * 1000)
        page.locator(selector).first.wait_for(timeout=PAINT_TIMEOUT_S * 1000)
        result.paint_s = time.perf_counter() - started
    except PlaywrightError as err:  # a page that never paints is a figure, not a crash
        result.note = f"no paint: {type(err).__name__}"
    finally:
        page.close()
    return result


# --- The dashboard ------------------------------------------------------------------------------


@contextlib.contextmanager
def dashboard(store: Path, tmp: Path) -> Iterator[tuple[str, int]]:
    """``streamlit run dashboard.py`` on ``store``; yields (url, pid)."""
    env = {
        **os.environ,
        "INCIDENT_MAP_DB": str(store),
        "INCIDENT_MAP_SEEDS": str(tmp / "no-seeds"),
        "INCIDENT_MAP_GEOCACHE": str(tmp / "geocache.sqlite"),
    }
    with streamlit_dashboard(env, tmp / "streamlit.log", start_timeout_s=120) as (url, process):
        yield url, process.pid


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set of a process, in MB."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


class _Bytes:
    """Bytes the page receives on its websockets (Streamlit's messages)."""

    def __init__(self, page: Any) -> None:
        self.total = 0
        page.on("websocket", self._watch)

    def _watch(self, socket_: Any) -> None:
        socket_.on("framereceived", self._count)

    def _count(self, payload: Any) -> None:
        self.total += len(payload)


def _map_state(page: Any) -> str:
    """What the map shows now: its note, bubble counts and markers (empty while none)."""
    frame = page.frame_locator(MAP_FRAME)
    try:
        return str(
            frame.locator("body").evaluate(
                """() => {
                    const note = document.querySelector('.incident-note');
                    const cells = [...document.querySelectorAll('.incident-cell')]
                        .map(c => c.getAttribute('data-count')).join(',');
                    const markers = document.querySelectorAll('.incident-marker').length;
                    return (cells || markers) ?
                        (note ? note.innerText : '') + '|' + cells + '|' + markers : '';
                }""",
                timeout=5_000,
            )
        )
    except PlaywrightError:  # the frame is being replaced: nothing shown yet
        return ""


def _wait(condition: Callable[[], bool], timeout_s: float, page: Any) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the map did not change in time")
        page.wait_for_timeout(100)


def _first_paint(browser: Any, url: str) -> tuple[Any, float, _Bytes]:
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    received = _Bytes(page)
    started = time.perf_counter()
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(".incident-cell, .incident-marker").first.wait_for(
        timeout=PAINT_TIMEOUT_S * 1000
    )
    painted = time.perf_counter() - started
    page.locator(IDLE).wait_for(state="attached", timeout=PAINT_TIMEOUT_S * 1000)
    page.wait_for_timeout(1500)  # the browser reports the map's bounds: one more layer
    page.locator(IDLE).wait_for(state="attached", timeout=PAINT_TIMEOUT_S * 1000)
    return page, painted, received


def _pick_month(page: Any, month: str) -> float:
    """Pick ``month`` in the sidebar; seconds until the map shows something else."""
    page.get_by_text("Pick months", exact=True).click()
    page.locator(IDLE).wait_for(state="attached", timeout=PAINT_TIMEOUT_S * 1000)
    page.wait_for_timeout(500)
    before = _map_state(page)
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Months to show")
    box.locator("input").fill(month)
    started = time.perf_counter()
    box.locator("input").press("Enter")
    _wait(lambda: (now := _map_state(page)) != "" and now != before, PAINT_TIMEOUT_S, page)
    changed = time.perf_counter() - started
    page.locator(IDLE).wait_for(state="attached", timeout=PAINT_TIMEOUT_S * 1000)
    return changed


def _layer_bytes(page: Any) -> int:
    frame = page.frame_locator(MAP_FRAME)
    with contextlib.suppress(PlaywrightError):
        return int(
            frame.locator("body").evaluate(
                "() => (window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_feature_group"
                " || '').length"
            )
        )
    return 0


def _time_ours(browser: Any, store: Path, tmp: Path) -> Ours:
    result = Ours()
    with dashboard(store, tmp) as (url, pid):
        page, result.cold_s, _ = _first_paint(browser, url)
        page.close()
        page, result.warm_s, received = _first_paint(browser, url)
        result.load_bytes = received.total
        result.layer_bytes = _layer_bytes(page)
        try:
            before = received.total
            result.filter_s = _pick_month(page, FILTER_MONTH)
            result.filter_bytes = received.total - before
        except (PlaywrightError, TimeoutError) as err:  # reported in the table's notes
            result.notes.append(f"filter change failed: {type(err).__name__}: {err}")
        page.close()
        result.rss_mb, result.peak_mb = _rss_mb(pid)
    return result


# --- The run --------------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    ours: Ours
    fast: Baseline
    timestamped: Baseline


def located_points(store: Path) -> list[tuple[float, float, str | None]]:
    """Every located incident of the store: (lat, lon, date)."""
    from incidents.store import IncidentFilter, IncidentStore

    points = IncidentStore(store).points(IncidentFilter(located=True), limit=10**8)
    return [(p.lat, p.lon, p.date) for p in points]


def run(sizes: tuple[int, ...]) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from bench.store_speed import store_of
    from maps.snapshot import CHROMIUM_ARGS

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium"),
            headless=True,
            args=list(CHROMIUM_ARGS),
        )
        for size in sizes:
            store = store_of(size)
            with tempfile.TemporaryDirectory(prefix="map-bench-") as folder:
                tmp = Path(folder)
                # The dashboard gets a copy: opening may write to it (facts kept fresh).
                copy = tmp / "incidents.sqlite"
                shutil.copyfile(store, copy)
                log.warning("map bench: %s incidents", f"{size:,}")
                ours = _time_ours(browser, copy, tmp)
                points = located_points(store)
                fast = _time_baseline(browser, "FastMarkerCluster", points, tmp)
                timestamped = _time_baseline(browser, "TimestampedGeoJson", points, tmp)
                rows.append(Row(size, ours, fast, timestamped))
        browser.close()
    return rows


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _ratio(baseline: float | None, ours: float | None) -> str:
    if baseline is None or ours is None or ours <= 0:
        return "—"
    return f"{baseline / ours:.1f}×"


def target_note(row: Row) -> str:
    """The row beside issue 13's targets for its size: each figure, its target, met or not."""
    ours = row.ours
    checks = [
        ("bytes/run load", ours.load_bytes / 1e6, PAYLOAD_TARGET_MB, "MB"),
        ("bytes/run filter", ours.filter_bytes / 1e6, PAYLOAD_TARGET_MB, "MB"),
    ]
    if row.size in TARGETS:
        paint, filter_s, rss = TARGETS[row.size]
        checks += [
            ("first paint warm", ours.warm_s, paint, "s"),
            ("filter", ours.filter_s, filter_s, "s"),
        ]
        if rss is not None:
            checks.append(("RSS peak", ours.peak_mb, rss, "MB"))
    parts = []
    for name, value, target, unit in checks:
        if value is None:
            parts.append(f"{name} — (target ≤ {target:g} {unit}: not measured)")
        else:
            verdict = "met" if value <= target else "NOT met"
            parts.append(f"{name} {value:.2f} {unit} (target ≤ {target:g} {unit}: {verdict})")
    return f"{row.size:,} targets: " + "; ".join(parts)


def table(rows: list[Row]) -> str:
    lines = [
        "| incidents | first paint cold | first paint warm | filter change | bytes/run load "
        "| bytes/run filter | map layer | RSS (peak) | FastMarkerCluster build+paint (page) "
        "| ratio | TimestampedGeoJson build+paint (page) | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for row in rows:
        ours, fast, ts = row.ours, row.fast, row.timestamped
        lines.append(
            f"| {row.size:,} | {_s(ours.cold_s)} | {_s(ours.warm_s)} | {_s(ours.filter_s)} "
            f"| {ours.load_bytes / 1e6:.2f} MB | {ours.filter_bytes / 1e6:.2f} MB "
            f"| {ours.layer_bytes / 1e3:.0f} KB "
            f"| {ours.rss_mb:.0f} MB ({ours.peak_mb:.0f} MB) "
            f"| {_s(fast.first_paint_s)} ({fast.html_mb:.1f} MB) "
            f"| {_ratio(fast.first_paint_s, ours.warm_s)} "
            f"| {_s(ts.first_paint_s)} ({ts.html_mb:.1f} MB) "
            f"| {_ratio(ts.first_paint_s, ours.warm_s)} |"
        )
        notes += [f"{row.size:,}: {note}" for note in ours.notes]
        notes += [f"{row.size:,}: FastMarkerCluster {fast.note}" for _ in [1] if fast.note]
        notes += [f"{row.size:,}: TimestampedGeoJson {ts.note}" for _ in [1] if ts.note]
    notes += [target_note(row) for row in rows]
    for row in rows:
        if row.fast.first_paint_s and row.ours.warm_s:
            faster = row.fast.first_paint_s / row.ours.warm_s
            word = "faster" if faster >= 1 else "slower"
            lines_note = (
                f"At {row.size:,}: first paint {max(faster, 1 / faster):.1f}× {word} than "
                "FastMarkerCluster on the same points (ours with popups and the timeline)."
            )
            notes.append(lines_note)
    return "\n".join(lines) + ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else "")


def section(*, full: bool = False) -> str:
    """The "map" section of ``make bench`` (markdown)."""
    sizes = FULL_SIZES if full else SIZES
    rows = run(sizes)
    note = (
        "First paint: navigation to the first bubble or marker in the map (ours: the real "
        "page on `streamlit run`; baselines: folium's page built in Python, then loaded). "
        f"Filter change: month {FILTER_MONTH} picked in the sidebar, to the map showing it. "
        "Bytes/run: the page's websocket, whole page. "
        + ("" if full else "1,000,000 incidents with `BENCH_FULL=1`.")
    )
    return table(rows) + "\n\n" + note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.map_speed")
    parser.add_argument("--sizes", default="", help="comma-separated, e.g. 1000,10000")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.sizes:
        sizes = tuple(int(size) for size in args.sizes.split(","))
    else:
        sizes = FULL_SIZES if os.environ.get("BENCH_FULL") == "1" else SIZES
    sys.stdout.write(table(run(sizes)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
