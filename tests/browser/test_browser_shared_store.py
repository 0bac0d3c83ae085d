"""Two dashboards (two ``streamlit run`` processes) on one PostGIS store: an article added
through the form of one shows in the other at its next rerun (a page reload), as a desk of
analysts sharing one store sees it.
"""

from __future__ import annotations

import pytest

from tests.browser.test_browser_dashboard import LOAD_TIMEOUT_MS, MAP_FRAME, metric_value
from tests.conftest import serve_dashboard, wait_idle

pytestmark = pytest.mark.browser

ARTICLE = (
    "Une roquette a frappé la zone verte de Bagdad mardi, blessant deux personnes, "
    "selon la police irakienne."
)


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url + "/", wait_until="commit")
    page.frame_locator(MAP_FRAME).locator(".incident-marker").first.wait_for(
        state="visible", timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)
    return context, page


def test_an_article_added_in_one_dashboard_shows_in_the_other(
    browser, postgis_url, tmp_path, screenshots
):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        serve_dashboard(tmp_path / "a", INCIDENT_MAP_DB=postgis_url) as url_a,
        serve_dashboard(tmp_path / "b", INCIDENT_MAP_DB=postgis_url) as url_b,
    ):
        context_a, desk_a = open_page(browser, url_a)  # the first start seeds the store
        context_b, desk_b = open_page(browser, url_b)
        try:
            before = int(metric_value(desk_b, "Incidents"))
            assert int(metric_value(desk_a, "Incidents")) == before > 0

            desk_a.locator('textarea[aria-label="…or paste its text"]').fill(ARTICLE)
            desk_a.locator('input[aria-label="Name for pasted text (optional)"]').fill("desk-a.txt")
            desk_a.locator('input[aria-label^="Publication date"]').fill("2020-08-04")
            desk_a.get_by_role("button", name="Add article").click()
            desk_a.get_by_text("desk-a.txt:", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
            wait_idle(desk_a)
            added = int(metric_value(desk_a, "Incidents"))
            assert added > before

            desk_b.reload(wait_until="commit")
            desk_b.frame_locator(MAP_FRAME).locator(".incident-marker").first.wait_for(
                state="visible", timeout=LOAD_TIMEOUT_MS
            )
            wait_idle(desk_b)
            assert int(metric_value(desk_b, "Incidents")) == added
            desk_b.screenshot(path=str(screenshots / "shared-store-desk-b.png"))
        finally:
            context_a.close()
            context_b.close()
