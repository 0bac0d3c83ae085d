"""The benchmark's synthetic store is a store like any other: its bulk-made ``facts`` equal
what the store itself derives from the stored rows, and it opens, upgrades nothing, and
answers."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from bench.make_store import write_store
from incidents import query
from incidents.model import Incident
from incidents.store import SCHEMA_VERSION, IncidentFilter, IncidentStore
from incidents.store.bulk import JSON
from tests.incidents.test_store_rollup import rollups_match_facts


def facts(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM facts ORDER BY id").fetchall()
    finally:
        con.close()


def test_the_bulk_made_facts_equal_the_stores_own(tmp_path):
    path = tmp_path / "bench.sqlite"
    write_store(path, 400, seed=5)
    made = facts(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    con.execute("PRAGMA user_version = 1")  # the next opening rebuilds facts from the rows
    con.commit()
    con.close()
    store = IncidentStore(path)
    assert facts(path) == made
    everything = store.incidents()
    assert len(everything) == 400
    assert {i.origin for i in everything} == {"news", "acled"}
    assert any(i.place is None for i in everything) and any(i.date is None for i in everything)
    figures = store.figures(IncidentFilter())
    assert (figures.events, figures.killed, figures.injured) == query.totals(everything)


def test_the_bulk_made_store_has_every_index_trigger_and_text_entry_of_a_store(tmp_path):
    path = tmp_path / "bench.sqlite"
    write_store(path, 300, seed=7)
    fresh = IncidentStore(tmp_path / "fresh.sqlite")

    def schema(where) -> set[tuple[str, str]]:
        with sqlite3.connect(where) as con:
            return set(con.execute("SELECT type, name FROM sqlite_master WHERE type <> 'table'"))

    assert schema(path) == schema(fresh.path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM facts_stale").fetchone() == (0,)
        assert con.execute("SELECT COUNT(*) FROM facts_fts").fetchone() == (300,)
    store = IncidentStore(path)
    word = store.incidents()[0].quote.split()[0]
    assert store.figures(IncidentFilter(text=word)).incidents >= 1
    # The triggers are back: a correction after the bulk build reaches facts and the text index.
    moved = next(i for i in store.incidents() if i.place is not None)
    assert moved.place is not None
    rollups_match_facts(store)  # summed once after the bulk write
    store.correct_place(moved.id, replace(moved.place, name="Zzyzxville"), who="t", why="test")
    assert store.figures(IncidentFilter(text="zzyzxville")).incidents == 1
    rollups_match_facts(store)  # and kept by their triggers after it


def test_each_bulk_made_row_holds_the_json_its_incident_gives(tmp_path):
    """The rows are written column-wise, without making the incidents: each stored JSON is
    still exactly what ``Incident.to_dict`` of the incident it reads back as gives."""
    path = tmp_path / "bench.sqlite"
    write_store(path, 500, seed=11)
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT data FROM incidents UNION ALL SELECT data FROM coded_events"
        ).fetchall()
        articles = {row[0] for row in con.execute("SELECT source FROM articles")}
        sources = {row[0] for row in con.execute("SELECT source FROM incidents")}
    assert len(rows) == 500
    for (data,) in rows:
        assert JSON.encode(Incident.from_dict(json.loads(data)).to_dict()) == data
    assert articles == sources  # every news incident's article, once
