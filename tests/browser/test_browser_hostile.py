"""An attacker's article in the real page: template and Markdown syntax in the text, the file
name, the search box and a correction label, in headless Chromium against ``streamlit run``.

What must hold: no template is evaluated on the server (``{{7*7}}`` stays as written, no probe
directory appears), nothing from the article becomes a link or an image (no request leaves
localhost, though the article names evil.example), and the map, the HTML and PNG exports
show the text as written.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT, serve_dashboard, wait_idle

pytestmark = pytest.mark.browser

MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
LOAD_TIMEOUT_MS = 120_000
PROBE = "x_probe_ssti"
TEMPLATE = "{{7*7}} {{ lipsum.__globals__.os.makedirs('" + PROBE + "', exist_ok=true) }}"
IMAGE = "![x](http://evil.example/p) [click](http://evil.example/q)"
HOSTILE_TEXT = (
    "date 2020-08\n"
    f"Une roquette a frappé la zone verte de Bagdad le 3 août {TEMPLATE} {IMAGE}, "
    "blessant deux personnes, selon la police. {% raw %} {# comment\n"
)
HOSTILE_NAME = f"{IMAGE}{{{{7*7}}}}.txt"


@pytest.fixture(scope="module")
def hostile_page(browser, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    seeds = tmp / "seeds"
    seeds.mkdir()
    with serve_dashboard(tmp, INCIDENT_MAP_SEEDS=str(seeds)) as url:
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(url + "/", wait_until="commit")
        page.locator('textarea[aria-label="…or paste its text"]').wait_for(timeout=LOAD_TIMEOUT_MS)
        wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # a run under way could re-render the form
        page.locator('textarea[aria-label="…or paste its text"]').fill(HOSTILE_TEXT)
        page.locator('input[aria-label="Name for pasted text (optional)"]').fill(HOSTILE_NAME)
        page.get_by_role("button", name="Add article").click()
        page.frame_locator(MAP_FRAME).locator(".incident-marker").first.wait_for(
            state="attached", timeout=LOAD_TIMEOUT_MS
        )
        wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # the map comes first, the rest by the end
        yield page, url, requests, tmp
        context.close()


def test_template_syntax_in_the_article_and_its_name_is_shown_not_run(hostile_page):
    page, _, _, tmp = hostile_page
    success = page.locator('[data-testid="stAlertContentSuccess"]')
    success.first.wait_for(timeout=LOAD_TIMEOUT_MS)
    assert IMAGE + "{{7*7}}.txt" in success.first.inner_text()
    popup = (
        page.frame_locator(MAP_FRAME)
        .locator("body")
        .evaluate(
            """() => {
            let text = null;
            window.map.eachLayer(l => {
                const p = l.getPopup && l.getPopup();
                if (!text && p) { l.openPopup();
                    text = document.querySelector('.leaflet-popup-content').innerText; }
            });
            return text;
        }"""
        )
    )
    assert popup is not None and "{{7*7}}" in popup and "lipsum" in popup
    assert IMAGE in popup
    for folder in (ROOT, tmp, Path.cwd()):
        assert not (folder / PROBE).exists()


def assert_no_markdown_from_articles(page) -> None:
    """No image from article text, and no link that hides where it goes.

    Streamlit's renderer turns a bare address into a link showing that same address (it
    does so even for escaped text); what Markdown must never do here is load an image or
    dress a link in other words ("[click](http://evil…)").
    """
    images, links = page.evaluate(
        """() => [document.querySelectorAll('img[src*="evil.example"]').length,
                  [...document.querySelectorAll('a[href*="evil.example"]')]
                      .map(a => a.innerText)]"""
    )  # one snapshot of the page: a rerun may replace elements between two separate queries
    assert images == 0
    for text in links:
        assert text.startswith("http://evil.example/"), text
        assert "click" not in text


def test_markdown_in_the_search_and_a_correction_label_shows_as_text(hostile_page, screenshots):
    page, _, _, _ = hostile_page
    page.locator('input[aria-label="Search text"]').fill(IMAGE)
    page.locator('input[aria-label="Search text"]').press("Enter")
    caption = page.get_by_text("search: “" + IMAGE, exact=False)
    caption.first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    assert_no_markdown_from_articles(page)
    page.locator('input[aria-label="Search text"]').fill("")
    page.locator('input[aria-label="Search text"]').press("Enter")
    caption.first.wait_for(state="detached", timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)

    page.get_by_text("Coordinates", exact=True).click()
    page.locator('input[aria-label^="Latitude"]').wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)  # a rerun still under way could re-render the form over what is typed
    page.locator('input[aria-label^="Latitude"]').fill("33.30")
    page.locator('input[aria-label^="Longitude"]').fill("44.40")
    page.locator('input[aria-label="Label for the point"]').fill(IMAGE + " {{7*7}}")
    page.get_by_role("button", name="Save correction").click()
    message = page.locator('[data-testid="stAlertContentSuccess"]', has_text="place set to")
    message.first.wait_for(timeout=LOAD_TIMEOUT_MS)
    assert IMAGE + " {{7*7}}" in message.first.inner_text()
    wait_idle(page)
    assert_no_markdown_from_articles(page)
    page.screenshot(path=str(screenshots / "dashboard-hostile-markdown.png"), full_page=True)


def test_exports_of_the_hostile_article_show_its_text(hostile_page, browser, screenshots):
    page, _, _, _ = hostile_page
    # A download button of a run under way may be replaced (its file with it: Streamlit
    # registers a deferred download anew each run): click those of a finished run.
    wait_idle(page)
    with page.expect_download(timeout=LOAD_TIMEOUT_MS) as info:
        page.get_by_role("button", name="Map (standalone HTML)").click()
    html_path = screenshots.parent / "hostile-map.html"
    info.value.save_as(html_path)
    offline = browser.new_page()
    offline.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    offline.goto(html_path.as_uri())
    offline.locator(".incident-marker").first.wait_for(state="attached", timeout=30_000)
    text = offline.evaluate(
        """() => { let t = null;
            const map = Object.values(window).find(v => v instanceof L.Map);
            map.eachLayer(l => { const p = l.getPopup && l.getPopup();
            if (!t && p) { l.openPopup();
                t = document.querySelector('.leaflet-popup-content').innerText; } });
            return t; }"""
    )
    offline.close()
    assert text is not None and "{{7*7}}" in text
    wait_idle(page)
    with page.expect_download(timeout=LOAD_TIMEOUT_MS) as info:
        page.get_by_role("button", name="Map (PNG)").click()
    png = screenshots / "export-hostile-map.png"
    info.value.save_as(png)
    assert png.stat().st_size > 10_000


def test_no_request_leaves_localhost_with_the_hostile_article_loaded(hostile_page):
    page, url, requests, _ = hostile_page
    wait_idle(page)  # the last rerun is over, so its requests are recorded
    host = urlparse(url).netloc
    outside = [
        r
        for r in requests
        if not r.startswith(("data:", "blob:", "about:")) and urlparse(r).netloc != host
    ]
    assert requests and outside == []


def test_tables_offer_no_csv_download_that_would_keep_formulas(hostile_page):
    page, _, _, _ = hostile_page
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    toolbar.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
    assert page.locator('button[aria-label="Search"]').count() > 0  # the toolbar is there
    download = page.locator('button[aria-label="Download as CSV"]')
    assert all(not download.nth(i).is_visible() for i in range(download.count()))
