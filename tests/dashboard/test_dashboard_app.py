"""The page driven by Streamlit's AppTest: first start, filters, uploads, corrections."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from incidents.store import IncidentStore
from tests.common import REPO
from tests.dashboard.app import run_app

ROOT = REPO
HOSTILE = (
    "Une roquette <script>window.__pwned = 1</script> a frappé la zone verte de Bagdad "
    '<img src=x onerror="window.__pwned = 2">, blessant deux personnes, selon la police. '
    '<a href="javascript:window.__pwned = 3">lire la suite</a>\n'
)
NEW_ARTICLE = (
    "Deux roquettes sont tombées sur la base aérienne d'Ain al-Asad le 12 août, "
    "selon la coalition. Trois soldats ont été blessés.\n"
)


@pytest.fixture(scope="module")
def geocache(tmp_path_factory: pytest.TempPathFactory) -> str:
    # Shared by the module's tests, so the cached spaCy pipelines are built once.
    return str(tmp_path_factory.mktemp("geo") / "geocache.sqlite")


@pytest.fixture
def db(tmp_path, geocache, monkeypatch) -> str:
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_GEOCACHE", geocache)
    monkeypatch.setenv("INCIDENT_MAP_SEEDS", str(ROOT / "seeds"))
    return str(path)


def url_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def shown(element) -> str:
    """The text a Markdown element displays: its source with the backslash escapes read
    (the page escapes every punctuation mark of text it did not write)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", element.value)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def incident_table(at: AppTest):
    # The incidents table is the page's first dataframe (AppTest exposes no key for it).
    return at.dataframe[0].value


def table_ids(at: AppTest) -> list[str]:
    return list(incident_table(at)["id"])


def located_on_map(at: AppTest) -> int:
    """How many incidents the caption under the map says it draws ("Map: 4 incidents …")."""
    (caption,) = [shown(c) for c in at.caption if shown(c).startswith("Map: ")]
    return int(re.match(r"Map: (\d+) incident", caption).group(1))


def test_first_start_ingests_the_seed(db):
    at = run_app()
    assert (metric(at, "Incidents"), metric(at, "Killed"), metric(at, "Injured")) == ("4", "3", "1")
    assert located_on_map(at) == 4
    assert len(set(table_ids(at))) == int(metric(at, "Incidents")) == 4
    assert not IncidentStore(db).is_empty()


def test_month_in_the_url_filters_map_table_and_metrics(db):
    at = run_app(month="2020-07")
    assert metric(at, "Incidents") == "2"
    assert located_on_map(at) == 2
    assert len(table_ids(at)) == 2
    assert at.multiselect(key="f_months").value == ["2020-07"]


def test_type_in_the_url_filters(db):
    at = run_app(type="foiled or attempted attack")
    assert metric(at, "Incidents") == "1"
    assert at.multiselect(key="f_types").value == ["foiled or attempted attack"]


def test_export_buttons_are_offered(db):
    at = run_app()
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"Map (standalone HTML)", "Incidents (CSV)", "Incidents (GeoJSON)"} <= labels
    # PNG: a button when Chromium is there, else a message saying why not.
    assert "Map (PNG)" in labels or any("PNG export unavailable" in shown(i) for i in at.info)


def test_sidebar_filters_change_map_and_table_and_url(db):
    at = run_app()
    at.multiselect(key="f_types").set_value(["foiled or attempted attack"]).run()
    assert metric(at, "Incidents") == "1"
    assert located_on_map(at) == 1
    assert url_values(at, "type") == ["foiled or attempted attack"]

    at.multiselect(key="f_types").set_value([]).run()
    at.number_input(key="f_min_casualties").set_value(3).run()
    assert metric(at, "Incidents") == "1" and metric(at, "Killed") == "3"

    at.number_input(key="f_min_casualties").set_value(0).run()
    at.radio(key="f_month_mode").set_value("Pick months").run()
    at.multiselect(key="f_months").set_value(["2020-03", "2020-06"]).run()
    assert metric(at, "Incidents") == "2"
    assert url_values(at, "month") == ["2020-03", "2020-06"]

    at.radio(key="f_month_mode").set_value("Range").run()
    at.select_slider(key="f_range").set_range("2020-06", "2020-07").run()
    assert metric(at, "Incidents") == "3"
    assert len(table_ids(at)) == 3

    at.radio(key="f_month_mode").set_value("All").run()
    at.text_input(key="f_text").set_value("Taji").run()
    assert 1 <= located_on_map(at) < 4
    assert len(set(table_ids(at))) == int(metric(at, "Incidents"))


def test_upload_adds_incidents_at_once(db):
    at = run_app()
    before = len(IncidentStore(db).incidents())
    at.file_uploader(key="add_file").set_value(
        ("ain-al-asad.txt", NEW_ARTICLE.encode(), "text/plain")
    )
    at.text_input(key="add_date").set_value("2020-08")
    at.button(key="add_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("ain-al-asad.txt" in shown(s) for s in at.success)
    after = len(IncidentStore(db).incidents())
    assert after > before
    assert metric(at, "Incidents") == str(after)
    assert at.selectbox(key="article_pick").value == "ain-al-asad.txt"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("empty.txt", b"   \n", "empty"),
        ("huge.txt", b"Une roquette est tombee. " * 50_000, "limit"),
        (
            "deutsch.txt",
            "Eine Rakete ist gestern in der Nähe der Botschaft eingeschlagen, "
            "sagte die Polizei am Abend.".encode(),
            "supported",
        ),
    ],
)
def test_bad_upload_errors_and_changes_nothing(db, name, data, message):
    at = run_app()
    store = IncidentStore(db)
    before = store.counts()
    at.file_uploader(key="add_file").set_value((name, data, "text/plain"))
    at.button(key="add_submit").click().run()
    assert at.error, "a bad upload must show an error"
    assert message in shown(at.error[0]).lower()
    assert store.counts() == before
    assert metric(at, "Incidents") == "4"


def test_pasted_hostile_article_is_shown_as_text(db):
    at = run_app()
    at.text_area(key="add_text").set_value(HOSTILE)
    at.text_input(key="add_source").set_value("hostile.txt")
    at.text_input(key="add_date").set_value("2020-08")
    at.button(key="add_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="article_pick").value == "hostile.txt"
    article = "".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;window.__pwned" in article
    assert "<script" not in article and "<img" not in article and "<a href" not in article


def test_correction_is_stored_shown_and_survives_reingest(db):
    at = run_app()
    store = IncidentStore(db)
    target = store.incidents()[0]
    at.selectbox(key="fix_incident").set_value(target.id).run()
    at.radio(key="fix_mode").set_value("Coordinates").run()
    # the coordinates start at the incident's own point
    assert float(at.text_input(key="fix_lat").value) == pytest.approx(target.place.lat, abs=1e-4)
    assert not at.text_input(key="fix_label").value
    at.text_input(key="fix_lat").set_value("33.25")
    at.text_input(key="fix_lon").set_value("44.5")
    at.text_input(key="fix_label").set_value("Checked site")
    at.button(key="fix_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    fixed = next(i for i in store.incidents() if i.id == target.id)
    assert fixed.corrected and fixed.place.lat == pytest.approx(33.25)
    assert at.success and target.source in shown(at.success[0])  # the message names it
    frame = incident_table(at)
    assert bool(frame.loc[frame["id"] == target.id, "corrected"].iloc[0])
    # Re-ingesting the seed keeps the correction.
    for article in store.articles():
        store.ingest(article, [i for i in store.incidents() if i.source == article.source])
    assert next(i for i in store.incidents() if i.id == target.id).corrected


def test_a_correction_can_be_undone(db):
    at = run_app()
    store = IncidentStore(db)
    target = store.incidents()[0]
    at.selectbox(key="fix_incident").set_value(target.id).run()
    at.text_input(key="fix_name").set_value("camp Taji")
    at.button(key="fix_submit").click().run()
    assert next(i for i in store.incidents() if i.id == target.id).corrected
    at.button(key="fix_undo").click().run()
    restored = next(i for i in store.incidents() if i.id == target.id)
    assert not restored.corrected and restored.place == target.place
    assert "Correction removed" in shown(at.success[0])


def test_correction_by_place_name(db):
    at = run_app()
    target = IncidentStore(db).incidents()[0]
    at.selectbox(key="fix_incident").set_value(target.id)
    at.text_input(key="fix_name").set_value("camp Taji")
    at.button(key="fix_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    fixed = next(i for i in IncidentStore(db).incidents() if i.id == target.id)
    assert fixed.corrected and "Taji" in fixed.place.name
    at.text_input(key="fix_name").set_value("Xqzvw")
    at.button(key="fix_submit").click().run()
    assert at.error and "xqzvw" in shown(at.error[0]).lower()


def test_uploading_a_stored_article_again_adds_nothing(db):
    at = run_app()
    store = IncidentStore(db)
    before = store.counts()
    seed = next((ROOT / "seeds").glob("*.txt"))
    at.file_uploader(key="add_file").set_value((seed.name, seed.read_bytes(), "text/plain"))
    at.button(key="add_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.warning and "no new incident" in shown(at.warning[0])
    assert store.counts()["incidents"] == before["incidents"]
    assert metric(at, "Incidents") == "4"


@pytest.mark.parametrize(
    ("typed", "message"),
    [("2021-13-45", "not a calendar date"), ("2999-01-01", "future"), ("July", "YYYY-MM")],
)
def test_an_impossible_publication_date_is_refused_with_its_reason(db, typed, message):
    at = run_app()
    before = IncidentStore(db).counts()
    at.text_area(key="add_text").set_value(NEW_ARTICLE)
    at.text_input(key="add_date").set_value(typed)
    at.button(key="add_submit").click().run()
    assert at.error and message in shown(at.error[0])
    assert IncidentStore(db).counts() == before
    # the error is beside the date field, and the pasted text is kept to mend the date
    assert at.text_area(key="add_text").value == NEW_ARTICLE
    assert at.text_input(key="add_date").value == typed


def test_an_invalid_date_line_in_the_text_is_stored_undated_with_a_warning(db):
    at = run_app()
    at.text_area(key="add_text").set_value("date 2020-13-40\n" + NEW_ARTICLE)
    at.text_input(key="add_source").set_value("bad-date.txt")
    at.button(key="add_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.warning and "not a valid date" in shown(at.warning[0])


def test_the_same_text_pasted_under_another_name_is_not_counted_twice(db):
    at = run_app()
    store = IncidentStore(db)
    seed = next((ROOT / "seeds").glob("*.txt"))
    before = store.counts()
    at.text_area(key="add_text").set_value(seed.read_text(encoding="utf-8"))
    at.text_input(key="add_source").set_value("copy-of-seed.txt")
    at.button(key="add_submit").click().run()
    assert at.warning and f"already stored as {seed.name}" in shown(at.warning[0])
    assert store.counts() == before


def test_pasted_text_without_a_name_is_named_after_its_first_words(db):
    at = run_app()
    at.text_area(key="add_text").set_value(
        "date 2020-09\n" + NEW_ARTICLE.replace("12 août", "3 septembre")
    )
    at.button(key="add_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="article_pick").value.startswith(
        "pasted-deux-roquettes-sont-tombees-sur-"
    )
