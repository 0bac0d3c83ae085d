"""The page on a generated store of thousands of incidents and articles (AppTest, no browser):
the map at scale leaves the rest of the page for the run its first report brings; then the
article picker is a bounded list found by name, and the unlocated incidents come a page at a
time."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.make_store import write_store
from incidents.store import IncidentFilter, IncidentStore
from tests.common import REPO
from tests.dashboard.app import TIMEOUT_S

INCIDENTS = 3_000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "incidents.sqlite"
    write_store(path, INCIDENTS)
    return path


@pytest.fixture
def db(big_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INCIDENT_MAP_DB", str(big_store))
    monkeypatch.setenv("INCIDENT_MAP_GEOCACHE", str(tmp_path / "geocache.sqlite"))
    monkeypatch.setenv("INCIDENT_MAP_SEEDS", str(tmp_path / "no-seeds"))
    return big_store


def app(*, map_reported: bool) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT_S)
    if map_reported:  # as after the browser's first report of the map's view
        at.session_state["rest_of_page_shown"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def headings(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_the_first_run_draws_the_map_and_leaves_the_rest_for_later(db):
    at = app(map_reported=False)
    assert "Read an article" not in headings(at)
    assert "Incidents per month" not in headings(at)
    assert any("appear once the map has drawn" in c.value for c in at.caption)
    at = app(map_reported=True)
    for heading in ("Incidents", "Incidents per month", "Export the current view"):
        assert heading in headings(at)


def test_the_article_picker_lists_a_bounded_number_found_by_name(db):
    from dashboard import ARTICLE_CHOICES

    names = IncidentStore(db).article_names()
    assert len(names) > ARTICLE_CHOICES
    at = app(map_reported=True)
    picker = at.selectbox(key="article_pick")
    assert len(picker.options) == ARTICLE_CHOICES
    wanted = names[-1]
    at.text_input(key="article_find").set_value(wanted).run()
    picker = at.selectbox(key="article_pick")
    assert wanted in picker.options
    assert all(wanted.casefold() in option.casefold() for option in picker.options)
    picker.set_value(wanted).run()
    assert at.selectbox(key="article_pick").value == wanted


def unlocated_table(at: AppTest):
    return next(d.value for d in at.dataframe if "unresolved place" in d.value.columns)


def test_the_unlocated_incidents_come_a_page_at_a_time(db):
    store = IncidentStore(db)
    unlocated = store.figures(IncidentFilter()).unlocated
    assert unlocated > 100
    at = app(map_reported=True)
    assert len(unlocated_table(at)) == 100
    at.number_input(key="unlocated_page").set_value(2).run()
    second = unlocated_table(at)
    expected = list(store.select(IncidentFilter(located=False), limit=100, offset=100))
    assert list(second["source"]) == [i.source for i in expected]


def test_a_dataset_has_no_text_to_show_and_an_article_shows_its_own(db):
    store = IncidentStore(db)
    dataset = next(name for name in store.options().sources if store.article_text(name) is None)
    article = next(name for name in store.article_names() if store.article_text(name))
    at = app(map_reported=True)
    at.text_input(key="article_find").set_value(dataset).run()
    at.selectbox(key="article_pick").set_value(dataset).run()
    assert any(c.value.startswith("No text is stored for") for c in at.caption)
    assert not [h for h in at.get("html") if "article-text" in h.proto.body]
    at.text_input(key="article_find").set_value(article).run()
    at.selectbox(key="article_pick").set_value(article).run()
    shown = [h.proto.body for h in at.get("html") if "article-text" in h.proto.body]
    assert len(shown) == 1 and html.escape(store.article_text(article) or "") in shown[0]
