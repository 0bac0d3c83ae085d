"""The map at scale in headless Chromium: ``streamlit run dashboard.py`` on a generated store
of 100,000 incidents (``bench.make_store``).

The page paints the incidents as count bubbles (every incident in one bubble's count); a
``?month=`` filter shows that month's incidents only; clicking bubbles zooms in until the view
holds few enough incidents to draw them as markers, whose popup shows its incident's details
as the store holds them; the timeline's slider shows the counts up to a period. Every check
is on the DOM, none on timings.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.store_speed import store_of
from incidents.store import IncidentFilter, IncidentStore
from maps.aggregate import MARKER_LIMIT
from tests.conftest import serve_dashboard, wait_idle

# The first test also waits for the store of 100,000 incidents when no earlier run left it in
# data/bench/ (minutes on a busy machine): a bound on a hang, not a timing.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]

INCIDENTS = 100_000
MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
LOAD_TIMEOUT_MS = 240_000
NOTE_COUNT = re.compile(r"^([\d,]+) incidents in view")


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bench's store of 100,000 incidents (made once, kept in ``data/bench/``
    for later runs and for ``make bench``): the dashboard may write to its copy."""
    path = tmp_path_factory.mktemp("scale") / "incidents.sqlite"
    shutil.copyfile(store_of(INCIDENTS), path)
    return path


@pytest.fixture(scope="module")
def big_server(big_store: Path) -> Iterator[str]:
    with serve_dashboard(big_store.parent, INCIDENT_MAP_DB=str(big_store)) as url:
        yield url


def located(store: Path, **filters: object) -> int:
    """How many located incidents the store holds for a filter (its own count)."""
    flt = IncidentFilter.make(**filters) if filters else IncidentFilter()
    return IncidentStore(store).figures(dataclasses.replace(flt, located=True)).incidents


def open_map(browser, url: str):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".incident-cell, .incident-marker").first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)
    settled(page, frame)
    return page, frame, errors


def note_count(frame) -> int:
    match = NOTE_COUNT.match(frame.locator(".incident-note").inner_text())
    assert match, frame.locator(".incident-note").inner_text()
    return int(match.group(1).replace(",", ""))


def cell_counts(frame) -> list[int]:
    return frame.locator(".incident-cell").evaluate_all(
        "cells => cells.map(cell => parseInt(cell.getAttribute('data-count'), 10))"
    )


def wait_note_change(page, frame, before: str) -> None:
    frame.locator(".incident-note").filter(has_not_text=before).wait_for(timeout=LOAD_TIMEOUT_MS)
    settled(page, frame)


def settled(page, frame, *, timeout_s: float = 60.0) -> tuple[int, list[int], int]:
    """``(note count, bubble counts, markers)`` once the map's layer is whole: the note's
    count is that of its bubbles (or its markers). After a run of the page the browser sends
    the map's bounds and the layer is swapped once more."""
    seen = None
    for _ in range(int(timeout_s * 2)):
        total, counts = note_count(frame), cell_counts(frame)
        markers = frame.locator(".incident-marker").count()
        whole = (counts and sum(counts) == total) or (markers and not counts)
        # The first layer may be that of the map's default view, swapped once the browser
        # has sent its bounds: whole twice in a row, with the server idle between, is final.
        if whole and seen == (total, counts, markers):
            return total, counts, markers
        seen = (total, counts, markers) if whole else None
        wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)
        page.wait_for_timeout(500)
    raise AssertionError(f"the layer never settled: {total} in the note, bubbles {counts}")


@pytest.fixture(scope="module")
def home(browser, big_server):
    """The page with no filter (the timeline test moves its slider: it runs last)."""
    page, frame, errors = open_map(browser, big_server + "/")
    yield page, frame, errors
    page.close()


def test_the_page_paints_every_incident_in_count_bubbles(home, big_store):
    _page, frame, errors = home
    total = note_count(frame)
    # Every located incident is in view, as the store counts them.
    assert total == located(big_store) > INCIDENTS // 2
    counts = cell_counts(frame)
    assert 1 < len(counts) < 500
    assert sum(counts) == total
    assert frame.locator(".incident-marker").count() == 0
    assert errors == []


def test_a_month_filter_changes_what_is_shown(browser, big_server, big_store):
    page, frame, errors = open_map(browser, big_server + "/?month=2021-03")
    everything = located(big_store)
    in_month = located(big_store, months=["2021-03"])
    assert 0 < in_month < everything
    total, counts, markers = settled(page, frame)
    assert total == (sum(counts) if counts else markers) == in_month
    # The timeline is that month's, by day.
    label = frame.locator(".incident-periods-label").inner_text()
    assert label.startswith("31 March 2021:"), label
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def zoomed_in(browser, big_server):
    """A page zoomed in by clicking the smallest bubble until the view draws markers."""
    page, frame, errors = open_map(browser, big_server + "/")
    zooms = [frame.locator(".leaflet-container").evaluate("() => window.map.getZoom()")]
    for _ in range(10):
        if frame.locator(".incident-marker").count():
            break
        counts = cell_counts(frame)
        smallest = min(range(len(counts)), key=counts.__getitem__)
        before = frame.locator(".incident-note").inner_text()
        frame.locator(".incident-cell").nth(smallest).dispatch_event("click")
        wait_note_change(page, frame, before)
        zooms.append(frame.locator(".leaflet-container").evaluate("() => window.map.getZoom()"))
    yield page, frame, errors, zooms
    page.close()


def test_a_cluster_opens_to_markers_when_zoomed(zoomed_in):
    _page, frame, errors, zooms = zoomed_in
    markers = frame.locator(".incident-marker").count()
    assert 0 < markers <= MARKER_LIMIT
    assert note_count(frame) >= markers
    assert frame.locator(".incident-cell").count() == 0
    assert zooms == sorted(zooms) and zooms[-1] > zooms[0]
    assert errors == []


def test_a_popup_shows_its_incidents_details(zoomed_in, big_store):
    page, frame, errors, _ = zoomed_in
    frame.locator(".incident-marker").first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    # The popup's autoPan moves the view: the page runs again and the map gets a new layer for
    # it; the popup stays open on that layer's marker of the incident (it closed with its old
    # marker before).
    settled(page, frame)
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    incident_id = frame.locator(".leaflet-container").evaluate(
        "() => window.map._popup._source.feature.properties.id"
    )
    incident = IncidentStore(big_store).incident(incident_id)
    assert incident is not None, incident_id
    assert incident.place is not None and incident.actor1
    for shown in (
        incident.date or "undated",
        incident.event_type,
        incident.place.name,
        f"Killed\t{incident.fatalities if incident.fatalities is not None else 'not reported'}",
        f"Injured\t{incident.injured if incident.injured is not None else 'not reported'}",
        incident.actor1.name,
        incident.actor2.name if incident.actor2 else "",
        incident.quote,
        incident.source,
    ):
        assert str(shown) in text, (shown, text)
    assert errors == []


def test_the_timeline_shows_the_counts_up_to_a_period(home):
    _page, frame, errors = home
    total = sum(cell_counts(frame))
    frame.locator(".incident-periods-slider").evaluate(
        "slider => { slider.value = '0';"
        " slider.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    label = frame.locator(".incident-periods-label").inner_text()
    up_to = int(re.search(r"· ([\d,]+) up to then", label).group(1).replace(",", ""))
    assert 0 < up_to < total
    assert sum(cell_counts(frame)) == up_to
    assert frame.locator(".incident-periods-bar.after").count() > 0
    assert errors == []


# The page notes, every 20 ms, when it first shows the map's first bubble or marker (in the
# map's frame, same origin) and its "Incidents per month" heading (the rest of the page).
FIRST_SHOWN = """
(() => {
    if (window !== window.top) { return; }
    const marks = (window.__firstShown = {});
    const timer = setInterval(() => {
        const now = performance.timeOrigin + performance.now();
        for (const frame of document.querySelectorAll('iframe')) {
            let doc = null;
            try { doc = frame.contentDocument; } catch (err) { doc = null; }
            if (!('map' in marks) && doc && doc.querySelector('.incident-cell, .incident-marker')) {
                marks.map = now;
            }
        }
        if (!('rest' in marks) && [...document.querySelectorAll('h3')]
                .some(h => h.textContent.includes('Incidents per month'))) {
            marks.rest = now;
        }
        if ('map' in marks && 'rest' in marks) { clearInterval(timer); }
    }, 20);
})();
"""


def test_the_rest_of_the_page_appears_after_the_map(browser, big_server):
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.add_init_script(FIRST_SHOWN)
    page = context.new_page()
    try:
        page.goto(big_server + "/")
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".incident-cell, .incident-marker").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        page.get_by_role("heading", name="Incidents per month").wait_for(timeout=LOAD_TIMEOUT_MS)
        marks = page.evaluate("() => window.__firstShown")
        assert marks["map"] < marks["rest"], marks
        # The rest is whole: the table, the exports and the article picker are there.
        page.get_by_role("heading", name="Export the current view").wait_for()
        page.get_by_role("heading", name="Read an article").wait_for()
    finally:
        context.close()


def test_a_filter_change_swaps_the_layer_without_reloading_the_map(browser, big_server):
    page, frame, errors = open_map(browser, big_server + "/")
    # A mark on the map's window: a reloaded map (a new document) would not carry it.
    frame.locator("body").evaluate("() => { window.__sameMap = true; }")
    before = frame.locator(".incident-note").inner_text()
    page.get_by_text("Pick months", exact=True).click()
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Months to show")
    box.wait_for(timeout=LOAD_TIMEOUT_MS)  # the click's run shows it; then let that run end
    wait_idle(page, timeout_ms=LOAD_TIMEOUT_MS)
    box.locator("input").fill("2021-03")
    box.locator("input").press("Enter")
    wait_note_change(page, frame, before)
    total, _counts, _markers = settled(page, frame)
    assert 0 < total < note_count_of(before)
    assert frame.locator("body").evaluate("() => window.__sameMap === true")
    assert errors == []
    page.close()


def note_count_of(note: str) -> int:
    match = NOTE_COUNT.match(note)
    assert match, note
    return int(match.group(1).replace(",", ""))
