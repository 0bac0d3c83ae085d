"""Issue 13's acceptance in headless Chromium: 100,000 events imported from an ACLED-format
file (``python -m incidents import acled FILE.csv``, the file from :mod:`bench.make_acled`)
paint, and change with a ``?month=`` filter, within twice the time the seed's page takes in
the same run.

Two real ``streamlit run dashboard.py`` servers side by side, the seed's (an empty store that
ingests ``seeds/``) and the import's; :func:`bench.acled_page.measure` opens each page warm,
then ``/`` and ``/?month=M``, navigation to the first bubble or marker. The times are printed
(``-s``) and kept as test properties, never asserted: the ratio is measured by ``make bench``
(section "acled", :mod:`bench.acled_page`, medians of repeated loads), as the issue asks; on a
machine shared by other jobs one page can take several times its usual time. What the tests
assert is what each page shows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.acled_page import (
    ACLED_MONTH,
    MAP_FRAME,
    PAINT_TIMEOUT_MS,
    PAINTED,
    SEED_MONTH,
    Acceptance,
    import_acled,
    measure,
)
from incidents.store import IncidentFilter, IncidentStore
from tests.conftest import serve_dashboard, wait_idle

# The first test also waits for the import of 100,000 rows (minutes on a busy machine): a
# bound on a hang, not a timing.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]
log = logging.getLogger(__name__)

ROWS = 100_000
NOTE_COUNT = re.compile(r"^([\d,]+) incidents in view")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A store holding the 100,000-row ACLED file, imported by the command line."""
    store = tmp_path_factory.mktemp("acled") / "incidents.sqlite"
    return store, import_acled(ROWS, store)


@pytest.fixture(scope="module")
def servers(
    imported: tuple[Path, float], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    store, _ = imported
    with (
        serve_dashboard(tmp_path_factory.mktemp("seed")) as seed_url,
        serve_dashboard(
            store.parent,
            INCIDENT_MAP_DB=str(store),
            INCIDENT_MAP_SEEDS=str(store.parent / "no-seeds"),
        ) as acled_url,
    ):
        yield seed_url, acled_url


def test_every_imported_event_is_in_the_store(imported):
    store, _ = imported
    figures = IncidentStore(store).figures(IncidentFilter())
    assert figures.incidents == ROWS
    assert figures.located == ROWS


def test_the_import_paints_and_filters_by_month_as_the_seed_does(
    browser, servers, imported, record_property
):
    seed_url, acled_url = servers
    seed, acled = measure(browser, seed_url, acled_url, repeat=1)
    result = Acceptance(ROWS, imported[1], seed, acled)
    for line in result.lines():
        log.warning("%s", line)
    record_property("seed_paint_s", seed.paint_s)
    record_property("acled_paint_s", acled.paint_s)
    record_property("seed_month_s", seed.month_s)
    record_property("acled_month_s", acled.month_s)
    # Each page painted its map, on / and on /?month= (measure waits for a bubble or marker).
    assert min(seed.paint_s, acled.paint_s, seed.month_s, acled.month_s) > 0


def _note_count(frame) -> int:
    note = frame.locator(".incident-note").inner_text()
    match = NOTE_COUNT.match(note)
    assert match, note
    return int(match.group(1).replace(",", ""))


def test_the_month_link_shows_that_months_events_only(browser, servers, imported):
    _, acled_url = servers
    store = IncidentStore(imported[0])
    in_month = store.figures(IncidentFilter(months=(ACLED_MONTH,), located=True)).incidents
    assert 0 < in_month < ROWS
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{acled_url}/?month={ACLED_MONTH}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(PAINTED).first.wait_for(timeout=PAINT_TIMEOUT_MS)
    wait_idle(page, timeout_ms=PAINT_TIMEOUT_MS)
    # The note counts what the map holds: that month's events (every one of them in view
    # once the browser has sent the map's bounds and the layer is swapped).
    for _ in range(60):
        if _note_count(frame) == in_month:
            break
        page.wait_for_timeout(500)
        wait_idle(page, timeout_ms=PAINT_TIMEOUT_MS)
    assert _note_count(frame) == in_month
    assert errors == []
    page.close()


def test_the_seed_page_still_shows_its_month(browser, servers):
    seed_url, _ = servers
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{seed_url}/?month={SEED_MONTH}")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(PAINTED).first.wait_for(timeout=PAINT_TIMEOUT_MS)
    wait_idle(page, timeout_ms=PAINT_TIMEOUT_MS)
    assert frame.locator(".incident-marker").count() == 2
    page.close()
