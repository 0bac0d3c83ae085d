"""Snapshots of the map: a standalone HTML file and a PNG rendered by headless Chromium.

The HTML file carries every asset inline (:meth:`maps.assets.Assets.inline`) and opens
with no network. Its data is written by :mod:`maps.page` (no template pass can evaluate an
article's text), and its ``<title>`` is the caption HTML-escaped, lone surrogates replaced
(the page is written as UTF-8). The PNG is that file rendered by Playwright driving
Debian's Chromium (``/usr/bin/chromium``, or ``$INCIDENT_MAP_CHROMIUM``); every request other than
``file:`` and ``data:`` is refused, so the picture is exactly what an offline reader sees.
"""

from __future__ import annotations

import concurrent.futures
import html
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from config import load_settings
from geo.geonames import GeonamesCity
from incidents.export import clean_text
from incidents.model import Incident
from incidents.query import event_count_text
from maps.assets import Assets
from maps.build import build_map
from maps.errors import BrowserUnavailableError, SnapshotError

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def caption_text(filters: str, count: int, *, span: str = "", events: int | None = None) -> str:
    """The caption a snapshot carries: how many incidents (and the events they make, when
    ``events`` is given: "5 incidents (4 events)"), over which dates, what was filtered."""
    if events is not None:
        counted = event_count_text(count, events)
    else:
        counted = f"{count} {'incident' if count == 1 else 'incidents'}"
    return " · ".join(part for part in (counted, span, filters) if part)


def standalone_html(
    incidents: Iterable[Incident],
    *,
    caption: str,
    title: str = "Incident map",
    reference_places: Sequence[GeonamesCity] = (),
) -> str:
    """A self-contained HTML page of the map, with its caption and every asset inlined.

    Parameters
    ----------
    incidents : iterable of Incident
        The incidents to draw (unlocated ones are skipped by the map).
    caption : str
        Shown on the map and in the page's ``<title>`` (as text, whatever it holds).
    title : str
        The page's ``<title>`` (as text).
    reference_places : sequence of GeonamesCity
        Towns drawn for context, as on the dashboard's map.

    Returns
    -------
    str
        The page; it encodes as UTF-8 whatever the incidents' text holds.
    """
    m = build_map(
        incidents, reference_places=reference_places, assets=Assets.inline(), caption=caption
    )
    page = m.get_root().render()
    # After the template passes: plain text escaped for HTML, never template source.
    head = f"<title>{html.escape(clean_text(title))} — {html.escape(clean_text(caption))}</title>"
    return page.replace("<head>", f"<head>\n{head}", 1)


def chromium_path() -> str:
    """The Chromium binary: ``$INCIDENT_MAP_CHROMIUM``, ``/usr/bin/chromium``, or ``chromium``.

    Raises
    ------
    BrowserUnavailableError
        When none is installed.
    """
    for candidate in (load_settings().chromium, DEFAULT_CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserUnavailableError(
        "no Chromium to render the PNG: install Debian's chromium (`make chromium`) "
        "or set INCIDENT_MAP_CHROMIUM to a Chromium binary"
    )


_PICTURE_CSS = (
    ".leaflet-control-zoom, .leaflet-control-layers, .leaflet-timeline-control "
    "{ display: none !important; }"
)
# The map is at rest: its basemap drawn (or failed), its labels laid out, no animation
# (fitBounds, a fading layer) running. Waited for at most SETTLE_S, then pictured as it is.
_SETTLED = """() => { const c = document.querySelector('.leaflet-container');
    return !!c && c.dataset.basemap !== undefined && c.dataset.labels !== 'pending'
        && !document.querySelector('.leaflet-zoom-anim')
        && document.getAnimations().every(a => a.playState !== 'running'); }"""
SETTLE_S = 10.0


def render_png(
    page_html: str,
    *,
    width: int = 1280,
    height: int = 800,
    timeout_s: float = 30.0,
    chromium: str | None = None,
) -> bytes:
    """Render a standalone map page to PNG with headless Chromium.

    Runs in a worker thread, so it also works where an asyncio loop is running
    (Playwright's sync API refuses to run inside one).

    Raises
    ------
    BrowserUnavailableError
        When Playwright or Chromium is missing or Chromium does not start.
    SnapshotError
        When the page does not render in time.
    """
    binary = chromium or chromium_path()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_render_png, page_html, binary, width, height, timeout_s)
        return future.result()


def _render_png(page_html: str, binary: str, width: int, height: int, timeout_s: float) -> bytes:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise BrowserUnavailableError(
            "Playwright is not installed: pip install playwright"
        ) from err

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="map-snapshot-") as tmp:
        page_path = Path(tmp) / "map.html"
        # A lone surrogate cannot be written as UTF-8: the browser shows U+FFFD for it.
        page_path.write_text(page_html, encoding="utf-8", errors="replace")
        try:
            with sync_playwright() as playwright:
                try:
                    browser = playwright.chromium.launch(
                        executable_path=binary, headless=True, args=list(CHROMIUM_ARGS)
                    )
                except PlaywrightError as err:
                    raise BrowserUnavailableError(
                        f"Chromium ({binary}) did not start: {err}"
                    ) from err
                try:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.route(
                        "**/*",
                        lambda route: (
                            route.continue_()
                            if route.request.url.startswith(("file:", "data:"))
                            else route.abort()
                        ),
                    )
                    page.goto(page_path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
                    page.wait_for_selector(".leaflet-container", timeout=timeout_s * 1000)
                    # A picture has no use for controls: zoom, layers, timeline playback.
                    page.add_style_tag(content=_PICTURE_CSS)
                    try:
                        page.wait_for_function(_SETTLED, timeout=min(SETTLE_S, timeout_s) * 1000)
                    except PlaywrightTimeoutError:
                        logger.warning(
                            "the map did not settle in %.0f s (basemap, labels, animations); "
                            "pictured as it is",
                            min(SETTLE_S, timeout_s),
                        )
                    png = page.screenshot(type="png", full_page=False)
                finally:
                    browser.close()
        except PlaywrightError as err:
            raise SnapshotError(f"the map snapshot failed to render: {err}") from err
    logger.info(
        "rendered PNG snapshot (%d bytes) in %.2f s", len(png), time.perf_counter() - started
    )
    return png
