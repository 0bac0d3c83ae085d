"""The map an analyst reads, in headless Chromium against ``streamlit run dashboard.py``.

At a desktop (1400×1000) and a phone (390×844) size: the legend folds, a popup is fully
visible and clear of the controls, labels never overlap, a link's unreadable value is
warned about and dropped from the URL, ``?incident=ID`` opens its popup, the map's view
(once the user moves it) survives a reload through the URL, the heat layer switches on
and off, and markers stacked at one point spread out on a click. Screenshots of the
basemap at three zooms and of the phone layout go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import calendar
import datetime
from urllib.parse import parse_qs, urlparse

import pytest

from geo.place import Place
from maps.snapshot import standalone_html
from tests.conftest import wait_idle, wait_settled
from tests.factories import make_incident

pytestmark = pytest.mark.browser

MAP_FRAME = '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]'
LOAD_TIMEOUT_MS = 120_000
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}
# The map object of the page inside st_folium's frame (folium names it map_<hash>).
MAP = "window[Object.keys(window).find(k => k.startsWith('map_'))]"
PLACED_LABELS = """() => [...document.querySelectorAll('.map-label[data-placed=yes]')]
    .filter(el => el.style.display !== 'none')
    .map(el => { const r = el.firstChild.getBoundingClientRect();
                 return {text: el.textContent, left: r.left, right: r.right,
                         top: r.top, bottom: r.bottom}; })"""


@pytest.fixture(scope="module")
def context_for(browser, dashboard_server):
    contexts = {}

    def make(size: str):
        if size not in contexts:
            width, height = SIZES[size]
            contexts[size] = browser.new_context(viewport={"width": width, "height": height})
        return contexts[size]

    yield make
    for context in contexts.values():
        context.close()


def open_page(context_for, url: str, size: str = "desktop"):
    page = context_for(size).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url, wait_until="commit")
    page.frame_locator(MAP_FRAME).locator(".incident-marker").first.wait_for(
        state="visible", timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(
        "() => document.querySelector('.leaflet-container')?.dataset.basemap === 'ready'"
    )
    page.errors = errors
    return page, frame


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_labels_apart(frame) -> list[dict]:
    # The label manager lays out once a zoom animation has ended, on the next animation frame,
    # and marks the map's container when it has (not a fixed wait: a loaded machine is late).
    frame.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')"
        " && !document.querySelector('.leaflet-zoom-anim')"
        " && document.querySelector('.leaflet-container').dataset.labels === 'placed'",
        timeout=60_000,
    )
    labels = frame.evaluate(PLACED_LABELS)
    for n, a in enumerate(labels):
        for b in labels[n + 1 :]:
            apart = (
                a["right"] <= b["left"]
                or b["right"] <= a["left"]
                or a["bottom"] <= b["top"]
                or b["bottom"] <= a["top"]
            )
            assert apart, f"labels overlap: {a} and {b}"
    return labels


def set_view(frame, lat: float, lon: float, zoom: int) -> None:
    frame.evaluate(f"void {MAP}.setView([{lat}, {lon}], {zoom}, {{animate: false}})")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_basemap_labels_never_overlap_at_three_zooms(context_for, dashboard_server, size,
                                                     screenshots):  # fmt: skip
    page, frame = open_page(context_for, dashboard_server + "/", size)
    if size == "phone":
        wait_settled(page)
        page.screenshot(path=str(screenshots / "phone-layout.png"), full_page=True)
    names = {}
    for zoom, band in ((5, "region"), (7, "country"), (11, "city")):
        set_view(frame, 33.33, 44.2, zoom)
        labels = assert_labels_apart(frame)
        names[band] = {label["text"] for label in labels}
        wait_settled(page)
        page.locator(MAP_FRAME).screenshot(path=str(screenshots / f"basemap-{band}-{size}.png"))
    assert "Iraq" in {n.title() for n in names["region"]}  # country names at region zoom
    assert names["country"] & {"Baghdad", "Al-Anbar", "Karbala'"}  # provinces, towns
    assert names["city"], "labels at city zoom"
    assert page.errors == []
    page.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_legend_folds_and_a_popup_is_fully_visible(context_for, dashboard_server, size):
    page, frame = open_page(context_for, dashboard_server + "/", size)
    legend = frame.locator(".incident-legend details")
    assert legend.evaluate("d => d.open") is (size == "desktop")  # closed on a phone
    frame.locator(".incident-legend summary").click()
    assert legend.evaluate("d => d.open") is (size != "desktop")
    if size == "phone":
        frame.locator(".incident-legend summary").click()  # open: the popup must close it
    # (on a phone the open legend may cover the marker: the click goes to the marker)
    frame.locator(".incident-marker").first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup")
    popup.wait_for(state="visible")
    frame.wait_for_function(  # the popup's autoPan (Leaflet animates it frame by frame)
        f"() => !{MAP}._panAnim || !{MAP}._panAnim._inProgress"
    )
    box = popup.bounding_box()  # page coordinates, as the map's frame
    map_box = page.locator(MAP_FRAME).bounding_box()
    assert box["x"] >= map_box["x"] and box["y"] >= map_box["y"], (box, map_box)
    assert box["x"] + box["width"] <= map_box["x"] + map_box["width"], (box, map_box)
    assert box["y"] + box["height"] <= map_box["y"] + map_box["height"], (box, map_box)
    assert legend.evaluate("d => d.open") is False  # the legend gave way
    for control in frame.locator(".leaflet-control").all():
        other = control.bounding_box()
        if other is None or other["width"] == 0:
            continue
        assert (
            box["x"] + box["width"] <= other["x"]
            or other["x"] + other["width"] <= box["x"]
            or box["y"] + box["height"] <= other["y"]
            or other["y"] + other["height"] <= box["y"]
        ), f"popup under a control: {box} {other}"
    page.close()


def test_an_unreadable_month_is_warned_about_and_removed_from_the_url(
    context_for, dashboard_server
):
    page, _ = open_page(context_for, dashboard_server + "/?month=2020-7&month=2020-07&min=x")
    warnings = page.locator('[data-testid="stAlert"]', has_text="Ignored")
    warnings.first.wait_for()
    text = " ".join(warnings.all_inner_texts())
    assert "month='2020-7'" in text and "YYYY-MM" in text
    assert "min='x'" in text
    page.wait_for_function("() => !location.search.includes('2020-7&')")
    query = query_of(page)
    assert query.get("month") == ["2020-07"] and "min" not in query
    page.close()


def test_an_incident_link_opens_its_popup_and_the_view_survives_a_reload(
    context_for, dashboard_server
):
    page, frame = open_page(context_for, dashboard_server + "/")
    # Leaflet's own click on the marker (a mouse click at its centre can land on the map
    # while the view still settles).
    frame.locator(".incident-marker").first.dispatch_event("click")
    frame.locator(".leaflet-popup").wait_for(state="visible")
    page.wait_for_function("() => new URLSearchParams(location.search).has('incident')")
    incident = query_of(page)["incident"][0]
    quote = frame.locator(".leaflet-popup blockquote").inner_text()
    page.close()

    page, frame = open_page(context_for, f"{dashboard_server}/?incident={incident}")
    frame.locator(".leaflet-popup").wait_for(state="visible")
    assert frame.locator(".leaflet-popup blockquote").inner_text() == quote
    frame.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('incident')")
    zoom = frame.evaluate(f"{MAP}.getZoom()") + 2
    frame.locator(".leaflet-control-zoom-in").click()
    # Leaflet drops a zoom asked for while one is animated: the second click after the first.
    frame.wait_for_function(f"() => {MAP}.getZoom() === {zoom - 1} && !{MAP}._animatingZoom")
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(
        "zoom => (new URLSearchParams(location.search).get('map') || '').endsWith(',' + zoom)",
        arg=zoom,
    )
    lat, lon, _ = (float(x) for x in query_of(page)["map"][0].split(","))
    page.reload(wait_until="commit")
    page.frame_locator(MAP_FRAME).locator(".incident-marker").first.wait_for(
        state="attached", timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)  # the map of the run that is over, not one it is about to replace
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(f"() => {MAP} && {MAP}.getZoom() === {zoom}")
    centre = frame.evaluate(f"(() => {{ const c = {MAP}.getCenter(); return [c.lat, c.lng]; }})()")
    assert centre == pytest.approx([lat, lon], abs=1e-4)
    page.close()


def test_the_heat_layer_switches_on_and_off(context_for, dashboard_server):
    page, frame = open_page(context_for, dashboard_server + "/")
    frame.locator(".leaflet-control-layers:not(.leaflet-timeline-control)").hover()
    heat = frame.get_by_label("Heat (density of incidents)")
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 0
    heat.check()
    frame.locator("canvas.leaflet-heatmap-layer").wait_for(state="attached")
    heat.uncheck()
    frame.locator("canvas.leaflet-heatmap-layer").wait_for(state="detached")
    assert page.errors == []
    page.close()


def test_offline_tiles_failing_say_so(context_for, dashboard_server):
    page, frame = open_page(context_for, dashboard_server + "/")
    page.route("**/*tile.openstreetmap.org/**", lambda route: route.abort())
    frame.locator(".leaflet-control-layers:not(.leaflet-timeline-control)").hover()
    frame.get_by_label("OpenStreetMap (online only)").check()
    notice = frame.locator(".tile-notice")
    notice.wait_for(state="visible")
    assert "could not be loaded" in notice.inner_text()
    frame.get_by_label("Offline basemap (Natural Earth)").check()
    notice.wait_for(state="detached")
    page.close()


# No Leaflet zoom, markercluster animation (its class on the map pane) or CSS animation runs.
MAP_STILL = """() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')
    && document.getAnimations().every(a => a.playState !== 'running')"""


def test_incidents_stacked_at_one_point_spread_out_on_a_click(browser, tmp_path):
    """Below the clustering threshold too: two incidents at one place are one stack (a
    cluster icon saying 2) that spreads into two markers on a click (spiderfy)."""
    site = Place("Camp Taji", 33.5294, 44.2775, 1, "military base", "IQ")
    incidents = [make_incident("a"), make_incident("b", place=site), make_incident("c", place=site)]
    path = tmp_path / "stack.html"
    path.write_text(standalone_html(incidents, caption="stack"), encoding="utf-8")
    for width, height in SIZES.values():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(path.as_uri())
        page.locator(".marker-cluster").first.wait_for()
        page.wait_for_function(MAP_STILL)  # the first fit's zoom animation
        stack = page.locator(".marker-cluster")
        assert stack.count() == 1 and stack.inner_text().strip() == "2"
        assert page.locator(".incident-marker").count() == 1
        stack.dispatch_event("click")
        page.wait_for_function("document.querySelectorAll('.incident-marker').length === 3")
        page.wait_for_function(MAP_STILL)  # the spiderfy animation
        boxes = [page.locator(".incident-marker").nth(n).bounding_box() for n in range(3)]
        centres = {(round(b["x"] + b["width"] / 2), round(b["y"] + b["height"] / 2)) for b in boxes}
        assert len(centres) == 3, "the stacked markers spread apart"
        page.close()


def test_a_table_click_opens_its_incident_on_the_map(context_for, dashboard_server):
    page, frame = open_page(context_for, dashboard_server + "/")
    table = page.locator(".st-key-incident_table")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # The first row's selection box: the grid's leftmost column, one row under the header.
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    page.wait_for_function("() => new URLSearchParams(location.search).has('incident')")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-popup").wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert page.locator(".st-key-fix_incident").count() == 1  # the correction picker follows
    page.close()


def test_the_timeline_goes_to_its_start_names_periods_and_shows_a_window(browser, tmp_path):
    """The timeline's tools: the time of a month-precision incident reads "March 2020"; the
    start button goes to the first incident; "last 30 days" keeps only those of the 30 days
    up to the time (cumulative: every incident so far), a month-precision one while its
    month reaches into them."""
    incidents = [
        make_incident("march", date="2020-03", date_precision="month"),
        make_incident("june", date="2020-06-18", date_precision="day",
                      place=Place("Taji", 33.52, 44.27, 1, "town", "IQ")),
        make_incident("july", date="2020-07-01", date_precision="day",
                      place=Place("Balad", 34.01, 44.15, 1, "town", "IQ")),
    ]  # fmt: skip
    path = tmp_path / "timeline.html"
    path.write_text(standalone_html(incidents, caption="timeline"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(path.as_uri())
    text = page.locator(".leaflet-timeline-control .time-text")
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 3")
    assert text.inner_text() == "2020-07-01"
    page.locator(".timeline-start").click()
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 1")
    assert text.inner_text() == "March 2020"
    page.locator(".leaflet-timeline-control .next").click()  # 2020-06-18
    page.locator(".leaflet-timeline-control .next").click()  # 2020-07-01
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 3")
    page.locator(".timeline-window").select_option("30")
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 2")
    page.locator(".timeline-window").select_option("7")
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 1")
    page.locator(".timeline-window").select_option("0")
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 3")
    # On 15 April, the last 30 days reach into March: the March incident stays, as the
    # figures count it (its period overlaps the window); the last 7 do not.
    page.evaluate(f"() => {SLIDER}.setTime(Date.UTC(2020, 3, 15, 12))")
    page.locator(".timeline-window").select_option("30")
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 1")
    page.locator(".timeline-window").select_option("7")
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 0")
    page.locator(".timeline-window").select_option("0")
    page.locator(".timeline-speed").select_option("4")  # a speed is offered, playback runs
    page.locator(".leaflet-timeline-control .play").click()
    page.wait_for_function("document.querySelectorAll('.incident-marker').length === 3")
    page.close()


def test_the_png_export_says_it_is_drawing_while_it_works(context_for, dashboard_server,
                                                         screenshots):  # fmt: skip
    """While the PNG is drawn (seconds: a headless browser renders the map), the button
    shows Streamlit's spinner and a line of text under it; both go when the file comes."""
    page, _ = open_page(context_for, dashboard_server + "/")
    slot = page.locator(".st-key-dl_png")
    slot.scroll_into_view_if_needed()
    after = "el => getComputedStyle(el, '::after').content"
    assert slot.evaluate(after) in ("none", "normal")  # no text before the click
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Map (PNG)").click()
        slot.locator('[data-testid="stSpinnerIcon"]').wait_for(state="attached", timeout=10_000)
        text = slot.evaluate(after)
        slot.screenshot(path=str(screenshots / "export-png-spinner.png"))
        assert "Drawing the map as a PNG" in text
    assert info.value.suggested_filename == "incident-map.png"
    slot.locator('[data-testid="stSpinnerIcon"]').wait_for(state="detached", timeout=10_000)
    assert slot.evaluate(after) in ("none", "normal")
    page.close()


SLIDER = "window[Object.keys(window).find(k => k.startsWith('timeline_slider_'))]"
TIMELINE = "window[Object.keys(window).find(k => /^timeline_[0-9a-f]+$/.test(k))]"


def _timeline_page(browser, tmp_path, incidents, name):
    path = tmp_path / f"{name}.html"
    path.write_text(standalone_html(incidents, caption=name), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(path.as_uri())
    page.wait_for_function(
        f"document.querySelectorAll('.incident-marker').length === {len(incidents)}"
    )
    return page


def test_a_month_precision_incident_fades_in_over_its_month_and_reads_as_its_month(
    browser, tmp_path, screenshots
):
    incidents = [
        make_incident("january", date="2020-01-10", date_precision="day",
                      place=Place("Taji", 33.52, 44.27, 1, "town", "IQ")),
        make_incident("march", date="2020-03", date_precision="month"),
        make_incident("june", date="2020-06-18", date_precision="day",
                      place=Place("Balad", 34.01, 44.15, 1, "town", "IQ")),
    ]  # fmt: skip
    page = _timeline_page(browser, tmp_path, incidents, "fade")
    march = f"{TIMELINE}.getLayers().find(l => l.feature.properties.id === 'march')"

    def at(day: str) -> tuple[float, float]:
        page.evaluate(f"void {SLIDER}.setTime(new Date('{day}').getTime())")
        return page.evaluate(
            f"(() => {{ const l = {march}; return [l._fadeShare,"
            " parseFloat(l._path.getAttribute('fill-opacity'))]; })()"
        )

    text = page.locator(".leaflet-timeline-control .time-text")
    share, opacity = at("2020-03-01")
    assert share == 0 and opacity == pytest.approx(0.85 * 0.15, abs=0.01)  # faint, not gone
    assert text.inner_text() == "March 2020"
    share, opacity = at("2020-03-16")
    assert 0.4 < share < 0.6 and 0.85 * 0.15 < opacity < 0.85
    page.locator(".leaflet-timeline-control").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "timeline-month-fade.png"))
    share, opacity = at("2020-03-31")
    assert share == 1 and opacity == pytest.approx(0.85)
    # Its tooltip and popup name the month, not a first day it may not be.
    page.evaluate(f"void {march}.openTooltip()")
    assert page.locator(".leaflet-tooltip").inner_text().startswith("March 2020 · ")
    page.evaluate(f"void {march}.openPopup()")
    assert "March 2020 (month precision)" in page.locator(".leaflet-popup").inner_text()
    assert "2020-03-01" not in page.locator(".leaflet-popup").inner_text()
    page.close()


def test_playback_runs_by_calendar_time_empty_months_quick_but_visible(
    browser, tmp_path, screenshots
):
    """A year with no incident between two busy weeks: the time crosses each empty month
    (it is seen in every one of them), far faster per day than it crosses the busy weeks."""
    busy = [("a", "2020-02-10"), ("b", "2020-02-12"), ("c", "2020-02-20"), ("d", "2020-02-21")]
    incidents = [make_incident("first", date="2019-01-05", date_precision="day")] + [
        make_incident(
            name,
            date=day,
            date_precision="day",
            place=Place(f"Town {name}", 33.0 + n / 4, 44.0, 1, "town", "IQ"),
        )
        for n, (name, day) in enumerate(busy)
    ]
    page = _timeline_page(browser, tmp_path, incidents, "playback")
    page.locator(".timeline-start").click()
    page.locator(".timeline-speed").select_option("2")
    page.evaluate(
        f"""() => {{ window.samples = [];
            window.sampler = setInterval(() => window.samples.push(
                [performance.now(), {SLIDER}.time]), 5); }}"""
    )
    page.locator(".leaflet-timeline-control .play").click()
    page.wait_for_function(f"{SLIDER}.time === {SLIDER}.end && !{SLIDER}._playing", timeout=30_000)
    samples = page.evaluate("() => { clearInterval(window.sampler); return window.samples; }")
    page.close()

    def wall_ms(first: str, last: str) -> float:
        """Wall time the playback's time spent between two days (ms)."""
        low, high = (
            calendar.timegm(datetime.date.fromisoformat(day).timetuple()) * 1000
            for day in (first, last)
        )
        times = [w for w, t in samples if low <= t < high]
        return max(times) - min(times) if len(times) > 1 else 0.0

    empty = wall_ms("2019-02-01", "2020-02-01") / 365
    crowded = wall_ms("2020-02-10", "2020-02-22") / 12
    assert crowded > 8 * empty, (crowded, empty)
    seen = {
        datetime.datetime.fromtimestamp(t / 1000, datetime.UTC).strftime("%Y-%m")
        for _, t in samples
    }
    empty_months = {f"2019-{m:02d}" for m in range(2, 13)} | {"2020-01"}
    assert empty_months <= seen, f"months never shown: {sorted(empty_months - seen)}"
    total = (samples[-1][0] - samples[0][0]) / 1000
    with (screenshots.parent / "timeline-playback.txt").open("a") as out:
        out.write(
            f"playback at 2x: {total:.1f} s; wall ms per calendar day: empty year "
            f"{empty:.2f}, busy weeks {crowded:.1f}\n"
        )
    assert total < 15


def _metric(page, label: str) -> str:
    return (
        page.locator('[data-testid="stMetric"]', has_text=label)
        .locator('[data-testid="stMetricValue"]')
        .inner_text()
    )


def test_a_marker_click_selects_its_row_in_the_table(context_for, dashboard_server, screenshots):
    page, frame = open_page(context_for, dashboard_server + "/")
    assert page.locator('[role="row"][aria-selected="true"]').count() == 0
    marker = frame.locator(".incident-marker").first
    marker.dispatch_event("click")
    frame.locator(".leaflet-popup").wait_for(state="visible")
    popup = frame.locator(".leaflet-popup").inner_text()
    # The page runs again with the marker's incident: its row is the table's selected one.
    row = page.locator('[role="row"][aria-selected="true"]')
    row.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    cells = [c.strip() for c in row.locator('[role="gridcell"]').all_inner_texts()]
    # Its event type and place are the popup's (the date reads "July 2020" there).
    assert sum(1 for cell in cells[1:3] if cell and cell in popup) == 2, (cells, popup)
    assert page.locator(".st-key-fix_incident").count() == 1  # the correction picker follows
    frame.locator(".leaflet-popup").wait_for(state="visible")  # the map was not drawn anew
    page.locator(".st-key-incident_table_1").screenshot(
        path=str(screenshots / "map-click-selects-row.png")
    )
    assert page.errors == []
    page.close()


# The page's current map (same origin) is one drawn to report its timeline's position.
MAP_REPORTS_TIMELINE = """() => [...document.querySelectorAll(
        '[data-stale="false"] iframe[title="streamlit_folium.st_folium"]')]
    .some(f => { try { const r = f.contentWindow.incidentMapReport;
                       return Boolean(r && r.timeline); } catch (err) { return false; } })"""


def test_figures_and_table_follow_the_timeline_when_asked(context_for, dashboard_server,
                                                          screenshots):  # fmt: skip
    page, frame = open_page(context_for, dashboard_server + "/")
    everything = int(_metric(page, "Incidents"))
    page.get_by_text("Figures and table follow the timeline").click()
    # The toggle's run draws a new map that reports its timeline (a new frame); the old one,
    # there until then, would take a click on its timeline and tell nobody.
    page.wait_for_function(MAP_REPORTS_TIMELINE, timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    page.frame_locator(MAP_FRAME).locator(".timeline-start").wait_for(timeout=LOAD_TIMEOUT_MS)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    assert int(_metric(page, "Incidents")) == everything  # the timeline stands at its end
    first = frame.locator(".leaflet-timeline-control .time-text")
    frame.locator(".timeline-start").click()
    label = first.inner_text()
    caption = page.get_by_text("Following the timeline: up to")
    caption.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    shown = frame.locator(".incident-marker").count()
    assert 0 < shown < everything, (shown, everything)
    page.wait_for_function(
        """([label, n]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes(label) && m.innerText.includes(n))""",
        arg=["Incidents", str(shown)],
    )
    assert int(_metric(page, "Incidents")) == shown
    # No filter is set: what the figures leave out is the timeline's, and the caption says so.
    assert page.get_by_text(
        f"{everything - shown} of the filters' {everything} outside the timeline"
    ).is_visible()
    assert not page.get_by_text("hidden by the filters").count()
    page.wait_for_function(  # the table: its header and a row per incident shown
        """n => document.querySelector('[data-testid="stDataFrame"]')
            .querySelectorAll('[role="row"]').length === n""",
        arg=shown + 1,
    )
    frame.locator(".leaflet-popup").count()  # (the map stays: no new frame)
    assert frame.locator(".leaflet-timeline-control .time-text").inner_text() == label
    page.screenshot(path=str(screenshots / "figures-follow-timeline.png"))
    page.get_by_text("Figures and table follow the timeline").click()  # off: everything
    page.wait_for_function(
        "n => !document.body.innerText.includes('Following the timeline')", arg=everything
    )
    wait_idle(page)
    assert int(_metric(page, "Incidents")) == everything
    page.close()
