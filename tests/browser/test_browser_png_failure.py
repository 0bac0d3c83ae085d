"""A PNG export whose browser fails to start tells the user so under the button.

Its own ``streamlit run dashboard.py`` whose ``INCIDENT_MAP_CHROMIUM`` is an executable that exits
with an error at once: the dashboard offers the PNG button (a browser is "there"), the render
fails on click, and the page must say so rather than leave the click without an answer. The
store is empty (no seeds), so the server starts without loading a language model.
"""

from __future__ import annotations

import pytest

from tests.conftest import serve_dashboard, wait_idle

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def broken_png_server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("broken-png")
    fake = tmp / "chromium"
    fake.write_text("#!/bin/sh\necho 'this chromium cannot start' >&2\nexit 1\n")
    fake.chmod(0o755)
    (tmp / "no-seeds").mkdir()
    with serve_dashboard(
        tmp, INCIDENT_MAP_CHROMIUM=str(fake), INCIDENT_MAP_SEEDS=str(tmp / "no-seeds")
    ) as url:
        yield url


def test_png_render_failure_shows_an_error_under_the_button(browser, broken_png_server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    page.goto(broken_png_server + "/")
    button = page.get_by_role("button", name="Map (PNG)")
    button.wait_for(timeout=LOAD_TIMEOUT_MS)
    error = page.locator('[data-testid="stDownloadButton"]', has=button).get_by_text("Failed")
    # A click while a script run is still rebuilding the page could land on a button about
    # to be replaced: click once the run is over.
    wait_idle(page)
    button.click()
    error.wait_for(timeout=60_000)
    assert "generate" in error.inner_text(timeout=1_000)
    assert downloads == []  # no broken or empty file was handed over
    page.close()
