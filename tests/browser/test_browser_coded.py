"""The real page in headless Chromium: coded datasets beside the news on the map, the origin
and actor filters, and a correction of one of two look-alike incidents.

Two ``streamlit run dashboard.py`` servers: one on an empty store (it ingests ``seeds/``,
then the ACLED and UCDP samples are uploaded through "Add a coded dataset"), one on a store
holding two look-alike incidents. Screenshots go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import time
from urllib.parse import quote

import pytest

from geo.place import Place
from incidents.store import IncidentStore
from tests.conftest import serve_dashboard, wait_idle, wait_settled
from tests.data.make_coded_samples import ACLED_SAMPLE, GOOD_ROWS, UCDP_SAMPLE
from tests.factories import look_alikes

pytestmark = pytest.mark.browser

MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
LOAD_TIMEOUT_MS = 120_000
SEED_INCIDENTS = 4
AL_SHABAAB_ROWS = sum(
    row["actor1"] == "Al Shabaab" for row in csv.DictReader(ACLED_SAMPLE.open(encoding="utf-8"))
)


@pytest.fixture(scope="module")
def coded_server(tmp_path_factory):
    with serve_dashboard(tmp_path_factory.mktemp("coded")) as url:
        yield url


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context
    context.close()


# The incidents on the map, by class: markers drawn as themselves and those gathered in a
# stack at one place (map._incidentCluster), each counted once.
COUNT_JS = """(_body, classes) => {
    const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
    if (!map) { return 0; }
    const layers = [];
    map.eachLayer(l => layers.push(l));
    if (map._incidentCluster) { layers.push(...map._incidentCluster.getLayers()); }
    const seen = new Set();
    for (const l of layers) {
        const css = ((l.options && l.options.className) || '').split(' ');
        if (css.includes('incident-marker') && classes.some(c => c.every(x => css.includes(x)))) {
            seen.add(l);
        }
    }
    return seen.size;
}"""


def count(page, *selectors: str) -> int:
    """How many incidents of these classes (``"incident-news"``, ``"incident-coded
    origin-acled"``; none: all) the map holds."""
    classes = [s.split() for s in selectors] or [["incident-marker"]]
    return page.frame_locator(MAP_FRAME).locator("body").evaluate(COUNT_JS, classes)


def wait_count(page, expected: int, *selectors: str) -> None:
    deadline = time.monotonic() + LOAD_TIMEOUT_MS / 1000
    while count(page, *selectors) < expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert count(page, *selectors) >= expected


def markers(page, selector=".incident-marker"):
    return page.frame_locator(MAP_FRAME).locator(selector)


def open_page(context, url):
    page = context.new_page()
    page.goto(url, wait_until="commit")
    markers(page, ".incident-marker, .marker-cluster").first.wait_for(  # stacks: a cluster
        state="attached", timeout=LOAD_TIMEOUT_MS
    )
    # The map comes first; the rest of the page (the forms, the table) when the run is over.
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)
    return page


def choose_file(page, path, kind: str):
    """Pick the format and the file in the "Import dataset" form, and wait until the file is
    uploaded: a submit before that finds no file (the form says "Choose a .csv file")."""
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # a run under way may replace the form
    form = page.locator('[data-testid="stForm"]', has_text="Import dataset")
    form.get_by_text(kind, exact=True).click()
    form.locator('input[type="file"]').set_input_files(str(path))
    chip = form.locator('[data-testid="stFileChip"]', has=page.get_by_title(path.name, exact=True))
    chip.wait_for(timeout=LOAD_TIMEOUT_MS)
    chip.locator('[data-testid="stFileChipIconSpinner"]').wait_for(
        state="detached", timeout=LOAD_TIMEOUT_MS
    )
    assert chip.locator('[data-testid="stFileChipIconError"]').count() == 0, path.name
    return form


def upload(page, path, kind: str) -> None:
    form = choose_file(page, path, kind)
    form.get_by_role("button", name="Import dataset").click()
    page.get_by_text(f"{path.name}: {GOOD_ROWS} event(s) read", exact=False).first.wait_for(
        timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # and the map that run draws anew


@pytest.fixture(scope="module")
def imported(context, coded_server):
    page = open_page(context, coded_server + "/")
    upload(page, ACLED_SAMPLE, "ACLED export")
    upload(page, UCDP_SAMPLE, "UCDP GED CSV")
    wait_count(page, SEED_INCIDENTS + 2 * GOOD_ROWS)
    return page


def test_both_origins_show_on_the_map_news_filled_and_datasets_outlined(imported, screenshots):
    page = imported
    assert count(page, "incident-news") == SEED_INCIDENTS
    assert count(page, "incident-coded origin-acled") == GOOD_ROWS
    assert count(page, "incident-coded origin-ucdp") == GOOD_ROWS
    # outlined, not filled (read from the markers, stacked ones included)
    fills = (
        page.frame_locator(MAP_FRAME)
        .locator("body")
        .evaluate(
            """() => {
            const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
            const layers = [];
            map.eachLayer(l => layers.push(l));
            if (map._incidentCluster) { layers.push(...map._incidentCluster.getLayers()); }
            const fill = {coded: new Set(), news: new Set()};
            for (const l of layers) {
                const css = (l.options && l.options.className) || '';
                if (css.includes('incident-coded')) { fill.coded.add(l.options.fillOpacity); }
                if (css.includes('incident-news')) { fill.news.add(l.options.fillOpacity); }
            }
            return [[...fill.coded], [...fill.news]];
        }"""
        )
    )
    assert fills[0] == [0] and 0 not in fills[1], fills
    # The bad rows are named with their lines in the message.
    page.get_by_text("line 10:", exact=False).first.wait_for()  # the UCDP file's bad rows
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    wait_settled(page)
    page.screenshot(path=str(screenshots / "dashboard-coded-origins.png"), full_page=False)


def test_the_origin_filter_in_the_url_keeps_one_origin(context, coded_server, imported):
    page = open_page(context, coded_server + "/?origin=acled")
    wait_count(page, GOOD_ROWS, "origin-acled")
    assert count(page, "origin-acled") == GOOD_ROWS
    assert count(page) == GOOD_ROWS
    page.close()


def test_the_actor_filter_keeps_the_events_of_that_actor(
    context, coded_server, imported, screenshots
):
    page = open_page(context, coded_server + "/?actor=" + quote("Al Shabaab"))
    wait_count(page, AL_SHABAAB_ROWS)
    assert count(page) == AL_SHABAAB_ROWS
    page.screenshot(path=str(screenshots / "dashboard-actor-filter.png"), full_page=False)
    page.close()
    # An actor read from an article and coded in ACLED rows: both origins are kept.
    page = open_page(context, coded_server + "/?actor=" + quote("Military Forces of Iraq"))
    wait_count(page, 1, "incident-news")
    wait_count(page, 1, "origin-acled")
    assert count(page, "incident-news") == 1  # the seed's foiled attack
    assert count(page, "origin-acled") >= 1
    assert count(page) == count(page, "incident-news", "origin-acled")
    page.close()


EVIL_LINK = "[click](http://evil.example/q)"
HOSTILE_ACLED = (
    "event_id_cnty,event_date,sub_event_type,event_type,actor1,latitude,longitude,notes,"
    "fatalities,location\n"
    'H1,2023-01-05,Attack,Violence against civilians,"<img src=x onerror=window.__pwned=1>",'
    '14.5,-4.2,"<script>window.__pwned=2</script>",2,"Mopti <b>bold</b>"\n'
    f'H2,2023-01-06,"{EVIL_LINK}",Battles,X,14.5,-4.2,n,1,y\n'
)


def test_hostile_cells_of_an_upload_show_as_text(
    context, coded_server, imported, tmp_path, screenshots
):
    path = tmp_path / "hostile [x](evil.example) *em*.csv"
    path.write_text(HOSTILE_ACLED, encoding="utf-8")
    page = open_page(context, coded_server + "/")
    form = choose_file(page, path, "ACLED export")
    form.get_by_role("button", name="Import dataset").click()
    message = page.locator('[data-testid="stAlert"]', has_text="1 event(s) read")
    message.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # the run that shows it is over
    text, images, links = message.evaluate(
        """m => [m.innerText, m.querySelectorAll('img').length,
                 [...m.querySelectorAll('a')].map(a => a.innerText)]"""
    )  # one snapshot: a rerun may replace the message's elements between two queries
    assert EVIL_LINK in text  # shown as written
    # Streamlit's renderer links a bare address even escaped (the project's accepted policy,
    # tests/test_browser_hostile.py): never an image, never a link dressed in other words.
    assert images == 0
    for link in links:
        assert link.startswith("http://evil.example/"), link
    wait_count(page, GOOD_ROWS + 1, "origin-acled")
    assert page.evaluate("window.__pwned") is None
    frame = page.frame_locator(MAP_FRAME)
    assert (
        frame.locator("img[src=x]").count() == 0
        and frame.locator("b", has_text="bold").count() == 0
    )
    assert frame.locator("body").evaluate("() => window.__pwned") is None
    page.screenshot(path=str(screenshots / "dashboard-hostile-coded.png"), full_page=False)
    page.close()


# --- A correction of one of two look-alike incidents ------------------------------------------

KYIV = Place("Kyiv", 50.4501, 30.5234, 1, "city", "UA", "gazetteer")


@pytest.fixture(scope="module")
def look_alike_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("look-alikes")
    article, (first, second) = look_alikes(place=KYIV)
    store = IncidentStore(tmp / "incidents.sqlite")
    store.ingest(article, [first, second])
    with serve_dashboard(tmp, INCIDENT_MAP_SEEDS=str(tmp / "no-seeds")) as url:
        yield url, store, first, second


def test_a_correction_of_one_look_alike_moves_that_one_only(
    context, look_alike_server, screenshots
):
    url, store, kyiv, nikopol = look_alike_server
    page = open_page(context, url + "/")
    wait_count(page, 2)
    # Start from the table: select the Nikopol row (the second), the picker follows.
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 + 35 + 17)
    picker = page.locator('input[role="combobox"][aria-label="Incident"]')
    page.wait_for_function(
        "() => (document.querySelector('input[aria-label=\"Incident\"]') || {}).value"
        "?.includes('Nikopol')",
        timeout=LOAD_TIMEOUT_MS,
    )
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # the run that set the picker is over
    assert "#bbbb2222" in picker.input_value() and "Kyiv" not in picker.input_value()

    page.get_by_text("Coordinates", exact=True).click()
    page.locator('input[aria-label="Latitude (-90 to 90)"]').wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)  # a run under way could re-render the form
    page.locator('input[aria-label="Latitude (-90 to 90)"]').fill("47.5710")
    page.locator('input[aria-label="Longitude (-180 to 180)"]').fill("34.3960")
    page.locator('input[aria-label="Why (your source or reasoning)"]').fill("Nikopol, not Kyiv")
    page.get_by_role("button", name="Save correction").click()
    page.get_by_text("place set to", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)

    placed = {i.id: i for i in store.incidents()}
    assert placed[nikopol.id].corrected and placed[nikopol.id].place.lat == pytest.approx(47.571)
    assert not placed[kyiv.id].corrected and placed[kyiv.id].place == KYIV
    (fix,) = store.corrections()
    assert (fix.incident_id, fix.why) == (nikopol.id, "Nikopol, not Kyiv") and fix.who
    page.get_by_text("Corrections", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "dashboard-look-alike-corrected.png"), full_page=True)
