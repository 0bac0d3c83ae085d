"""Corrections that cannot go astray: who, when and why kept; one undo per row; started from
the table; a store made before who and why is migrated in place, every row kept."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path

import pytest

from geo.place import Place
from incidents.store import IncidentStore
from tests.dashboard.app import run_app
from tests.factories import look_alikes


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "incidents.sqlite"
    monkeypatch.setenv("INCIDENT_MAP_DB", str(path))
    monkeypatch.setenv("INCIDENT_MAP_GEOCACHE", str(tmp_path / "geocache.sqlite"))
    monkeypatch.setenv("INCIDENT_MAP_SEEDS", str(tmp_path / "no-seeds"))
    return path


def test_a_correction_keeps_who_when_and_why_and_each_row_has_its_undo(db):
    article, (kyiv, nikopol) = look_alikes()
    store = IncidentStore(db)
    store.ingest(article, [kyiv, nikopol])
    at = run_app()
    assert at.text_input(key="fix_who").value == getpass.getuser()
    at.radio(key="fix_mode").set_value("Coordinates").run()
    at.selectbox(key="fix_incident").set_value(nikopol.id).run()
    at.text_input(key="fix_lat").set_value("47.57")
    at.text_input(key="fix_lon").set_value("34.39")
    at.text_input(key="fix_who").set_value("Analyst A")
    at.text_input(key="fix_why").set_value("Nikopol city hall, per the local press")
    at.button(key="fix_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    at.selectbox(key="fix_incident").set_value(kyiv.id).run()
    at.text_input(key="fix_lat").set_value("50.45")
    at.text_input(key="fix_lon").set_value("30.52")
    at.text_input(key="fix_why").set_value("central Kyiv")
    at.button(key="fix_submit").click().run()

    (fix,) = [c for c in store.corrections() if c.incident_id == nikopol.id]
    assert (fix.who, fix.why) == ("Analyst A", "Nikopol city hall, per the local press")
    assert fix.corrected_at[:4] >= "2024"
    table = next(d.value for d in at.dataframe if "who" in d.value.columns)
    assert len(table) == 2 and "Analyst A" in set(table["who"])
    assert "central Kyiv" in set(table["why"])

    at.button(key=f"undo_correction_{nikopol.id}").click().run()
    placed = {i.id: i for i in store.incidents()}
    assert not placed[nikopol.id].corrected and placed[kyiv.id].corrected
    assert [c.incident_id for c in store.corrections()] == [kyiv.id]


def test_selecting_a_table_row_sets_the_picker_to_that_incident(db):
    article, (kyiv, nikopol) = look_alikes()
    IncidentStore(db).ingest(article, [kyiv, nikopol])
    at = run_app()
    ids = list(at.dataframe[0].value["id"])  # the incidents table, in its row order
    assert at.selectbox(key="fix_incident").value == ids[0]
    # What st.dataframe puts in the session state when a row is clicked, then its callback.
    at.session_state["incident_table"] = {"selection": {"rows": [1], "columns": []}}
    import dashboard

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dashboard.st, "session_state", at.session_state)
        dashboard.on_table_select(ids, IncidentStore(db))
    at.run()
    assert at.selectbox(key="fix_incident").value == ids[1]


OLD_SCHEMA = """
CREATE TABLE articles (sha256 TEXT PRIMARY KEY, source TEXT NOT NULL, language TEXT NOT NULL,
    pub_date TEXT, pub_precision TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE incidents (id TEXT PRIMARY KEY, article_sha256 TEXT NOT NULL REFERENCES articles
    (sha256), source TEXT NOT NULL, month TEXT, event_type TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE corrections (incident_id TEXT PRIMARY KEY, place TEXT NOT NULL,
    corrected_at TEXT NOT NULL);
"""


def test_a_store_made_before_who_and_why_is_migrated_and_keeps_every_row(tmp_path):
    path = tmp_path / "old.sqlite"
    article, (kyiv, nikopol) = look_alikes()
    place = Place("Kyiv", 50.45, 30.52, 1, "city", "UA", "correction")
    with sqlite3.connect(path) as con:
        con.executescript(OLD_SCHEMA)
        con.execute(
            "INSERT INTO articles VALUES (?, ?, 'en', '2022-10-10', 'day', 'x', '2024-01-01')",
            (article.sha256, article.source),
        )
        for incident in (kyiv, nikopol):
            con.execute(
                "INSERT INTO incidents VALUES (?, ?, ?, '2022-10', ?, ?)",
                (
                    incident.id,
                    article.sha256,
                    incident.source,
                    incident.event_type,
                    json.dumps(incident.to_dict()),
                ),
            )
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, '2024-01-02T00:00:00+00:00')",
            (kyiv.id, json.dumps(place.to_dict())),
        )
    store = IncidentStore(path)
    (old,) = store.corrections()
    assert (old.incident_id, old.who, old.why, old.place) == (kyiv.id, "", "", "Kyiv")
    assert {i.id: i.corrected for i in store.incidents()} == {kyiv.id: True, nikopol.id: False}
    store.correct_place(nikopol.id, place, who="B", why="test")
    assert {c.who for c in store.corrections()} == {"", "B"}
    assert IncidentStore(path).counts()["corrections"] == 2  # opening again changes nothing
