"""The filters a page changes most (a month, a date range) read their rows from covering
indexes, never the wide rows; a store made with the earlier plain indexes gets the covering ones
when opened, and the same answers."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from geo.place import Place
from incidents.model import Article, Incident
from incidents.store import Bounds, IncidentFilter, IncidentStore
from incidents.store import sql as store_sql
from incidents.store.sqlite import SQLITE

N = 400


@pytest.fixture
def store(tmp_path) -> IncidentStore:
    store = IncidentStore(tmp_path / "s.sqlite")
    first = date(2021, 1, 1)
    incidents = [
        Incident(
            id=f"i{k}",
            source="a.txt",
            language="en",
            event_type=("attack", "armed clash")[k % 2],
            date=(first + timedelta(days=k)).isoformat(),
            date_precision="day",
            quote="A report.",
            quote_start=0,
            quote_end=3,
            place=Place("Gao", 16.27 + k / 1000, -0.04, 1, "city", "ML"),
            fatalities=k % 5,
        )
        for k in range(N)
    ]
    store.ingest(Article("a.txt", "A text.", "en", first, "day", "a.txt"), incidents)
    with sqlite3.connect(store.path) as con:
        con.execute("ANALYZE")
    return store


def plan(store: IncidentStore, query: str, params: list) -> str:
    with sqlite3.connect(store.path) as con:
        return " | ".join(row[-1] for row in con.execute(f"EXPLAIN QUERY PLAN {query}", params))


FIGURES = (
    "SELECT COUNT(*), COALESCE(SUM(f.killed), 0), COALESCE(SUM(f.injured), 0), COUNT(f.lat), "
    "SUM(CASE WHEN f.date IS NULL THEN 1 ELSE 0 END) FROM facts f WHERE {}"
)


@pytest.mark.parametrize(
    ("flt", "index"),
    [
        (IncidentFilter(months=("2021-03",)), "facts_month_cover"),
        (IncidentFilter(start="2021-03-01", end="2021-03-31"), "facts_date_cover"),
    ],
)
def test_a_month_or_a_date_range_is_counted_from_a_covering_index(store, flt, index):
    clause, params = store_sql.where(flt, SQLITE)
    figures = plan(store, FIGURES.format(clause), params)
    assert f"USING COVERING INDEX {index}" in figures, figures
    counts = plan(
        store,
        f"SELECT {store_sql.PERIOD_EXPR['month']} AS k, COUNT(*), SUM(f.killed) FROM facts f "
        f"WHERE {clause} GROUP BY k",
        params,
    )
    assert f"USING COVERING INDEX {index}" in counts, counts
    assert store.figures(flt).incidents == 31


GRID = (
    "SELECT CAST(f.lat / 0.5 AS INTEGER) AS r, CAST(f.lon / 0.5 AS INTEGER) AS c, f.date AS k, "
    "COUNT(*) FROM facts f WHERE {} GROUP BY r, c, k"
)


def test_a_month_in_a_map_view_is_read_by_month_not_by_the_view_latitude_band(store):
    # The map's grid of a month filter in its view: without a histogram of latitudes SQLite
    # took the band's index (most of the store at a country's zoom); the month's is smaller.
    view = Bounds(15.0, -2.0, 17.0, 2.0)
    month = IncidentFilter(months=("2021-03",), located=True, bounds=view)
    clause, params = store_sql.where(month, SQLITE)
    grid = plan(store, GRID.format(clause), params)
    assert "USING COVERING INDEX facts_month_cover" in grid, grid
    assert store.figures(month).incidents == 31
    # Without months the box still leads (its latitude index).
    clause, params = store_sql.where(IncidentFilter(located=True, bounds=view), SQLITE)
    assert "facts_cover (lat>? AND lat<?)" in plan(store, GRID.format(clause), params)


def test_a_store_with_the_earlier_plain_indexes_gets_the_covering_ones(store):
    expected = store.figures(IncidentFilter(months=("2021-03",)))
    with sqlite3.connect(store.path) as con:
        for name in ("facts_month_cover", "facts_date_cover"):
            con.execute(f"DROP INDEX {name}")
        con.execute("CREATE INDEX facts_month ON facts (month)")
        con.execute("CREATE INDEX facts_date ON facts (date_start, date_end)")
    reopened = IncidentStore(store.path)
    with sqlite3.connect(store.path) as con:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
    assert {"facts_month_cover", "facts_date_cover"} <= names
    assert not {"facts_month", "facts_date"} & names
    assert reopened.figures(IncidentFilter(months=("2021-03",))) == expected
