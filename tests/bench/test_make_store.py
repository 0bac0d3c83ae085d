"""The benchmark's synthetic store is a store like any other: its bulk-made ``facts`` equal
what the store itself derives from the stored rows, and it opens, upgrades nothing, and
answers."""

from __future__ import annotations

import sqlite3

from bench.make_store import write_store
from incidents import query
from incidents.store import SCHEMA_VERSION, IncidentFilter, IncidentStore


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
