"""The real page in headless Chromium against ``streamlit run dashboard.py`` on localhost.

One server for the module and two page loads: the seed view (then exports and a hostile
upload on the same page) and ``/?month=2020-07``. Screenshots go to
``test-artifacts/screenshots/``; the measured load time to ``test-artifacts/page-load.txt``.
"""

from __future__ import annotations

import io
import logging
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import wait_idle, wait_settled

pytestmark = pytest.mark.browser
logger = logging.getLogger(__name__)

# While a run is in progress Streamlit keeps the previous run's elements (marked stale) beside
# the new ones, so the locator takes the map of the current run only.
MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
LOAD_TIMEOUT_MS = 120_000
HOSTILE = (
    "Une roquette a frappé la zone verte de Bagdad <script>window.__pwned = 1</script> "
    '<img src=x onerror="window.__pwned = 2"> <a href="javascript:window.__pwned = 3">lien</a>, '
    "blessant deux personnes, selon la police.\n\n"
    "Plus d'informations <a href=\"javascript:alert('link')\">ici</a> "
    "<img src=y onerror=\"alert('img')\"> <script>alert('script')</script>."
)


@pytest.fixture(scope="module")
def session(browser, dashboard_server):
    """One browser context for the module, recording every request and dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    record = {"requests": [], "dialogs": [], "console": []}
    context.on("request", lambda request: record["requests"].append(request.url))

    def new_page():
        page = context.new_page()
        page.on("dialog", lambda d: (record["dialogs"].append(d.message), d.dismiss()))
        page.on("console", lambda m: record["console"].append(m.text))
        return page

    record["new_page"] = new_page
    record["url"] = dashboard_server
    yield record
    context.close()


@pytest.fixture(scope="module")
def seed_page(session):
    page = session["new_page"]()
    started = time.perf_counter()
    page.goto(session["url"] + "/", wait_until="commit")
    markers = page.frame_locator(MAP_FRAME).locator(".incident-marker")
    markers.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    session["load_s"] = time.perf_counter() - started
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # the map comes first, the rest by the run's end
    return page


def metric_value(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def map_frame(page):
    return page.frame_locator(MAP_FRAME)


def test_seed_shows_four_markers_and_the_timeline(seed_page, session, screenshots):
    frame = map_frame(seed_page)
    frame.locator(".incident-marker").nth(3).wait_for(state="attached")
    assert frame.locator(".incident-marker").count() == 4
    assert frame.locator(".leaflet-timeline-control").count() == 1
    assert frame.locator(".incident-legend").count() == 1
    # Offline context: GeoNames towns around the incidents.
    assert frame.locator(".reference-place").count() > 5
    # Names (towns, provinces) placed by the label manager, none over a marker.
    frame.locator(".map-label[data-placed=yes] > span", has_text="Baghdad").first.wait_for()
    assert frame.locator(".map-label-town[data-placed=yes]").count() >= 3
    assert metric_value(seed_page, "Incidents") == "4"
    wait_settled(seed_page)
    seed_page.screenshot(path=str(screenshots / "dashboard-seed.png"))
    report = (
        f"page load (navigation start -> 4 .incident-marker visible in the map iframe): "
        f"{session['load_s']:.2f} s (first load includes ingesting seeds/ on an empty store)\n"
    )
    (screenshots.parent / "page-load.txt").write_text(report)
    logger.warning(report.strip())

    seed_page.get_by_role("heading", name="Export the current view").scroll_into_view_if_needed()
    wait_settled(seed_page)
    seed_page.screenshot(path=str(screenshots / "dashboard-table-chart.png"))
    seed_page.locator(MAP_FRAME).scroll_into_view_if_needed()

    # Timeline playback works inside st_folium: step back in time, then forward again. The
    # timeline ends with the last month-precision incident's month (2020-07-31), so the
    # first step back lands on that month's start, all four still shown.
    markers = frame.locator(".incident-marker")
    frame.locator(".leaflet-timeline-control").get_by_text("2020-07-31").wait_for()
    frame.locator(".leaflet-timeline-control .prev").click()
    frame.locator(".leaflet-timeline-control").get_by_text("July 2020").wait_for()
    assert markers.count() == 4
    frame.locator(".leaflet-timeline-control .prev").click()
    frame.locator(".leaflet-timeline-control").get_by_text("2020-06-18").wait_for()
    assert markers.count() == 2  # 2020-03 (Camp Taji) and 2020-06-18 (Green Zone)
    frame.locator(".leaflet-timeline-control .prev").click()
    # a month-precision incident's time reads as its month
    frame.locator(".leaflet-timeline-control").get_by_text("March 2020").wait_for()
    assert markers.count() == 1
    frame.locator(".leaflet-timeline-control .next").click()
    frame.locator(".leaflet-timeline-control .next").click()
    frame.locator(".leaflet-timeline-control").get_by_text("July 2020").wait_for()
    assert markers.count() == 4


def test_month_in_url_shows_two(session, screenshots):
    page = session["new_page"]()
    started = time.perf_counter()
    page.goto(session["url"] + "/?month=2020-07", wait_until="commit")
    frame = map_frame(page)
    frame.locator(".incident-marker").first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    elapsed = time.perf_counter() - started
    assert frame.locator(".incident-marker").count() == 2
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes('Incidents') && m.innerText.includes('2'))"""
    )
    assert metric_value(page, "Incidents") == "2"
    wait_settled(page)
    page.screenshot(path=str(screenshots / "dashboard-month-2020-07.png"))
    with (screenshots.parent / "page-load.txt").open("a") as out:
        out.write(f"page load of /?month=2020-07 (warm server): {elapsed:.2f} s\n")
    page.close()


def test_html_and_png_exports(seed_page, session, screenshots, browser):
    # A download button of a run under way may be replaced (and its file with it): click
    # those of a finished run.
    wait_idle(seed_page, timeout_ms=LOAD_TIMEOUT_MS)
    with seed_page.expect_download(timeout=LOAD_TIMEOUT_MS) as info:
        seed_page.get_by_role("button", name="Map (standalone HTML)").click()
    html_path = screenshots.parent / "incident-map.html"
    info.value.save_as(html_path)
    page_html = html_path.read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=[\"']?(?:https?:)?//", page_html)
    assert "4 incidents" in page_html.replace("\\u00b7", "·")

    # The standalone file renders with every network request refused.
    offline = browser.new_page()
    offline.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    offline.goto(html_path.as_uri())
    offline.locator(".incident-marker").nth(3).wait_for(state="attached", timeout=30_000)
    assert offline.locator(".incident-marker").count() == 4
    offline.close()

    with seed_page.expect_download(timeout=LOAD_TIMEOUT_MS) as info:
        seed_page.get_by_role("button", name="Map (PNG)").click()
    png_path = screenshots / "export-map.png"
    info.value.save_as(png_path)
    from PIL import Image

    image = Image.open(io.BytesIO(png_path.read_bytes())).convert("RGB")
    assert image.size[0] >= 800 and image.size[1] >= 500
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 100, "a blank page has few colours"
    most = max(count for count, _ in colours)
    # A blank page is one colour; a map of a few places at city zoom is mostly land colour
    # (the picture has no controls), with outlines, towns, labels, legend and markers.
    assert most < 0.97 * image.size[0] * image.size[1], "one colour fills the image: blank"
    # The markers' colour (shelling/artillery/missile attack, #d62728) is in the picture.
    assert any(
        abs(r - 0xD6) < 20 and abs(g - 0x27) < 20 and abs(b - 0x28) < 20 for _, (r, g, b) in colours
    )


def test_hostile_article_runs_nothing_and_shows_as_text(seed_page, session, screenshots):
    page = seed_page
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # a run under way could re-render the form
    page.locator('textarea[aria-label="…or paste its text"]').fill(HOSTILE)
    page.locator('input[aria-label="Name for pasted text (optional)"]').fill("hostile.txt")
    page.locator('input[aria-label^="Publication date"]').fill("2020-08")
    page.get_by_role("button", name="Add article").click()
    page.get_by_text("hostile.txt:", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    # The message comes early in the run; the article view (the new article) by its end.
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0

    # The article view shows the markup as text.
    article = page.locator(".article-text")
    article.wait_for()
    assert "<script>window.__pwned" in article.inner_text()
    assert article.locator("script, img, a").count() == 0

    # The map has the new incident; its popup shows the quote as text.
    frame = map_frame(page)
    # (five incidents: a marker each, or in a stack with one at the same place)
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
    shown = 0
    while shown != 5 and time.monotonic() < deadline:
        shown = frame.locator("body").evaluate(
            """() => [...document.querySelectorAll('.marker-cluster span')]
                       .reduce((sum, span) => sum + parseInt(span.textContent, 10), 0)
                     + document.querySelectorAll('.incident-marker').length"""
        )
        page.wait_for_timeout(250)
    assert shown == 5
    popup_text = (
        page.frame_locator(MAP_FRAME)
        .locator("body")
        .evaluate(
            """() => {
            let found = null;
            const layers = [];
            window.map.eachLayer(l => layers.push(l));
            if (window.map._incidentCluster) {
                layers.push(...window.map._incidentCluster.getLayers());  // stacked ones
            }
            layers.forEach(l => {
                const p = l.getPopup && l.getPopup();
                if (!found && p && String(p.getContent()).includes('__pwned')) {
                    window.map.openPopup(p, l.getLatLng());
                    found = document.querySelector('.leaflet-popup-content');
                }
            });
            return found ? [found.innerText, found.querySelectorAll('script,img,a').length] : null;
        }"""
        )
    )
    assert popup_text is not None, "the hostile incident should be on the map"
    assert "<script>" in popup_text[0] and popup_text[1] == 0
    article.screenshot(path=str(screenshots / "dashboard-hostile-article.png"))
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    wait_settled(page)
    page.screenshot(path=str(screenshots / "dashboard-hostile-popup.png"))

    for target in (page, *[f for f in page.frames if f != page.main_frame]):
        assert target.evaluate("() => window.__pwned === undefined")
    assert session["dialogs"] == []
    assert not any("pwned" in line for line in session["console"])


def test_no_request_leaves_localhost(session):
    host = urlparse(session["url"]).netloc
    outside = [
        url
        for url in session["requests"]
        if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).netloc != host
    ]
    assert session["requests"], "requests were recorded"
    assert outside == []
    assert any("/app/static/vendor/leaflet/leaflet.js" in url for url in session["requests"])


def test_screenshot_paths_exist(screenshots):
    for name in ("dashboard-seed.png", "dashboard-month-2020-07.png", "export-map.png"):
        assert (Path(screenshots) / name).stat().st_size > 10_000
