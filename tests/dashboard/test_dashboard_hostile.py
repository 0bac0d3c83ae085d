"""The page against hostile or broken input: Markdown in names and searches, bad stored rows,
look-alike incidents in the correction picker, coordinates no map can hold.

Driven through Streamlit's AppTest on a real SQLite store; Markdown elements are rendered
with markdown-it (CommonMark, as the page's renderer reads it) to see what a user would get.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from incidents.model import Article
from incidents.store import IncidentStore
from tests.common import REPO
from tests.dashboard.app import run_app
from tests.factories import look_alikes, make_incident

ROOT = REPO
EVIL = "![x](http://evil.example/p) [click](http://evil.example/q) <http://evil.example/r> $x$"
MARKDOWN = MarkdownIt("commonmark")


@pytest.fixture(scope="module")
def geocache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("geo") / "geocache.sqlite")


@pytest.fixture
def db(tmp_path, geocache, monkeypatch) -> Path:
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_GEOCACHE", geocache)
    monkeypatch.setenv("INCIDENT_MAP_SEEDS", str(tmp_path / "no-seeds"))
    return path


def markdown_sources(at: AppTest) -> list[str]:
    """Every Markdown text on the page: messages, captions, markdown blocks."""
    elements = [*at.error, *at.warning, *at.success, *at.info, *at.caption, *at.markdown]
    return [e.value for e in elements if isinstance(e.value, str)]


def assert_renders_as_text(at: AppTest, needle: str) -> None:
    rendered = [MARKDOWN.render(source) for source in markdown_sources(at)]
    assert not any("<img" in html or "<a " in html for html in rendered), rendered
    assert not any("evil.example" in html and "href" in html for html in rendered)
    assert any(needle in MARKDOWN.render(s) for s in markdown_sources(at)), rendered


def test_markdown_in_a_pasted_name_and_the_search_shows_as_text(db):
    at = run_app()
    at.text_area(key="add_text").set_value(
        "date 2020-07\nA rocket hit Baghdad on July 3, killing two people.\n"
    )
    at.text_input(key="add_source").set_value(EVIL + ".txt")
    at.button(key="add_submit").click().run()
    assert not at.exception
    assert_renders_as_text(at, "![x](http://evil.example/p)")
    at.text_input(key="f_text").set_value(EVIL).run()
    assert_renders_as_text(at, "[click](http://evil.example/q)")


def test_markdown_in_a_correction_label_shows_as_text(db):
    article, incidents = look_alikes(source="pasted-two.txt", sha256="sha2")
    IncidentStore(db).ingest(article, incidents)
    at = run_app()
    at.radio(key="fix_mode").set_value("Coordinates").run()
    at.text_input(key="fix_lat").set_value("50.45")
    at.text_input(key="fix_lon").set_value("30.52")
    at.text_input(key="fix_label").set_value(EVIL)
    at.button(key="fix_submit").click().run()
    assert at.success
    assert_renders_as_text(at, "![x](http://evil.example/p)")


def test_look_alike_incidents_have_distinct_names_and_each_correction_hits_its_own(db):
    article, (kyiv, nikopol) = look_alikes(source="pasted-two.txt", sha256="sha2")
    store = IncidentStore(db)
    store.ingest(article, [kyiv, nikopol])
    at = run_app()
    picker = at.selectbox(key="fix_incident")
    names = list(picker.options)  # as the picker shows them
    assert len(set(names)) == len(names) == 2
    assert any("Kyiv" in n for n in names) and any("Nikopol" in n for n in names)

    at.radio(key="fix_mode").set_value("Coordinates").run()
    at.selectbox(key="fix_incident").set_value(nikopol.id).run()
    at.text_input(key="fix_lat").set_value("47.57")
    at.text_input(key="fix_lon").set_value("34.39")
    at.button(key="fix_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    # The next save, on the other incident, must not fail or land on the first.
    at.selectbox(key="fix_incident").set_value(kyiv.id).run()
    at.text_input(key="fix_lat").set_value("50.45")
    at.text_input(key="fix_lon").set_value("30.52")
    at.button(key="fix_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    placed = {i.id: i.place for i in store.incidents()}
    assert placed[nikopol.id].lat == pytest.approx(47.57)
    assert placed[kyiv.id].lat == pytest.approx(50.45)
    # A third save with nothing changed keeps both where they are.
    at.button(key="fix_submit").click().run()
    assert {i.id: i.place for i in store.incidents()} == placed


@pytest.mark.parametrize(
    ("lat", "lon", "reason"),
    [
        ("1e309", "30", "not a finite number"),
        ("-1e309", "30", "not a finite number"),
        ("NaN", "30", "not a finite number"),
        ("", "30", "empty"),
        ("50", "", "empty"),
        ("91", "30", "outside -90 to 90"),
        ("50", "-181", "outside -180 to 180"),
        ("north", "30", "not a number"),
    ],
)
def test_coordinates_no_map_can_hold_are_refused_with_the_reason(db, lat, lon, reason):
    article, incidents = look_alikes(source="pasted-two.txt", sha256="sha2")
    store = IncidentStore(db)
    store.ingest(article, incidents)
    at = run_app()
    at.radio(key="fix_mode").set_value("Coordinates").run()
    at.text_input(key="fix_lat").set_value(lat)
    at.text_input(key="fix_lon").set_value(lon)
    at.button(key="fix_submit").click().run()
    assert at.error, "no message"
    assert reason in MARKDOWN.render(at.error[0].value)
    assert store.counts()["corrections"] == 0


def test_a_bad_stored_row_is_listed_and_the_rest_of_the_page_still_works(db):
    article, incidents = look_alikes(source="pasted-two.txt", sha256="sha2")
    store = IncidentStore(db)
    store.ingest(article, incidents)
    bad = incidents[0].to_dict() | {"id": "huge", "fatalities": 10**25}
    with sqlite3.connect(db) as con:
        con.execute(
            "INSERT INTO incidents VALUES ('huge', 'sha2', 'pasted-two.txt', '2022-10', "
            "'attack', ?)",
            (json.dumps(bad),),
        )
        con.execute(
            "INSERT INTO incidents VALUES ('broken', 'sha2', 'pasted-two.txt', NULL, 'attack', "
            "'{{ unclosed')"
        )
    at = run_app()
    assert at.metric[0].value == "2"
    (problems,) = [d.value for d in at.dataframe if "problem" in d.value.columns]
    assert set(problems["row"]) == {"huge", "broken"}
    assert set(problems["article"]) == {"pasted-two.txt"}
    # the forms and the table are still there
    assert at.selectbox(key="fix_incident").options
    assert at.button(key="add_submit")


def test_a_damaged_store_stops_the_page_with_how_to_recover_and_is_left_alone(db):
    store = IncidentStore(db)
    for n in range(30):
        article = Article(f"a{n}.txt", f"Text {n}.", "en", date(2020, 7, 1), "month", f"s{n}")
        store.ingest(article, [make_incident(f"i{n}-{k}", source=article.source) for k in range(3)])
    with sqlite3.connect(db) as con:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(db, "r+b") as file:
        file.seek(page_size)
        file.write(b"\0" * page_size)
    before = db.read_bytes()
    at = run_app()
    assert at.error and "damaged" in at.error[0].value
    assert any("python -m incidents check" in MARKDOWN.render(i.value) for i in at.info)
    assert db.read_bytes() == before


def test_a_zero_byte_store_is_not_seeded_without_asking(db, monkeypatch):
    monkeypatch.setenv("INCIDENT_MAP_SEEDS", str(ROOT / "seeds"))
    db.touch()
    at = run_app()
    assert at.warning and "0-byte" in MARKDOWN.render(at.warning[0].value)
    assert IncidentStore(db).is_empty()


def test_another_text_under_a_stored_name_is_refused_and_the_stored_one_kept(db):
    at = run_app()
    first = "date 2020-07\nA rocket hit Baghdad on July 3, killing two people.\n"
    at.text_area(key="add_text").set_value(first)
    at.text_input(key="add_source").set_value("report.txt")
    at.button(key="add_submit").click().run()
    assert at.success
    at.text_area(key="add_text").set_value(
        "date 2020-08\nA car bomb exploded in Mosul on August 2, wounding nine people.\n"
    )
    at.text_input(key="add_source").set_value("report.txt")
    at.button(key="add_submit").click().run()
    assert at.error and "another name" in MARKDOWN.render(at.error[0].value)
    assert IncidentStore(db).article_text("report.txt") == first.split("\n", 1)[1].strip()
