"""The monthly roll-ups (``facts_rollup``, ``facts_cells``) stay in step with ``facts`` through
every write (ingest, re-ingest, corrections and their undo, deletions by another program, a
coded import small or bulk, the upgrade of a schema-3 store), and every answer the store reads
from them equals the answer ``facts`` gives for the same filter on the same real SQLite file."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from datetime import date, timedelta

import pytest

import incidents.store.sqlite as store_sqlite
from geo.place import Place
from incidents.model import Article, Incident
from incidents.store import Bounds, IncidentFilter, IncidentStore
from incidents.store import sql as store_sql

TYPES = ("attack", "armed clash", "air/drone strike")
PLACES = (
    Place("Baghdad", 33.31, 44.37, 1, "city", "IQ"),
    Place("Mosul", 36.34, 43.13, 1, "city", "IQ"),
    Place("Gao", 16.27, -0.04, 1, "city", "ML"),
    Place("Aleppo", 36.2, 37.16, 1, "city", "SY"),
    # Exactly on roll-up cell edges (row and column 203 of 1.0546875-degree cells): the
    # north and east sides of a snapped box fall on them.
    Place(
        "Edge",
        203 * store_sql.ROLLUP_CELL - 180.0,
        203 * store_sql.ROLLUP_CELL - 180.0,
        1,
        "city",
        "IQ",
    ),
)


def varied(seed: int, n: int, *, origin: str = "news", prefix: str = "n") -> list[Incident]:
    """Incidents over two years, at every date precision, some unlocated, some without a
    toll, several types."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        day = date(2021, 11, 1) + timedelta(days=rng.randint(0, 120))
        precision = rng.choice(["day", "day", "week", "month", "year", "unknown"])
        text = {
            "day": day.isoformat(),
            "week": day.isoformat(),
            "month": day.isoformat()[:7],
            "year": str(day.year),
        }.get(precision)
        out.append(
            Incident(
                id=f"{prefix}{seed}-{k}",
                source=f"{prefix}{k % 3}.txt" if origin == "news" else "bench.csv",
                language="en",
                event_type=rng.choice(TYPES),
                date=text,
                date_precision=precision,
                quote="Shelling at dawn.",
                quote_start=0,
                quote_end=5,
                place=rng.choice([*PLACES, None]),
                fatalities=rng.choice([None, 0, 1, 4]),
                injured=rng.choice([None, 0, 2]),
                origin=origin,
            )
        )
    return out


def ingest(store: IncidentStore, incidents: list[Incident]) -> None:
    for source in sorted({i.source for i in incidents}):
        article = Article(source, f"Text of {source}.", "en", date(2022, 3, 1), "day", source)
        store.ingest(article, [i for i in incidents if i.source == source])


def rollups_match_facts(store: IncidentStore) -> None:
    """The roll-up tables hold exactly what one GROUP BY over ``facts`` gives now."""
    with sqlite3.connect(store.path) as con:
        for table in ("facts_rollup", "facts_cells"):
            kept = sorted(con.execute(f"SELECT * FROM {table}"))
            con.execute(f"CREATE TEMP TABLE fresh AS SELECT * FROM {table} WHERE 0")
            con.execute(store_sql.rollup_fill(table).replace(f"INTO {table}", "INTO fresh"))
            fresh = sorted(con.execute("SELECT * FROM fresh"))
            con.execute("DROP TABLE fresh")
            assert len(kept) == len(fresh), table
            for got, want in zip(kept, fresh, strict=True):
                assert got[:-2] == want[:-2] if table == "facts_cells" else got == want
                if table == "facts_cells":  # coordinate sums: added in another order
                    assert got[-2:] == pytest.approx(want[-2:], abs=1e-6)
        kept = sorted(con.execute("SELECT * FROM facts_groups"))
        con.execute("CREATE TEMP TABLE fresh AS SELECT * FROM facts_groups WHERE 0")
        for statement, params in store_sql.groups_fill("?", buckets=None):
            con.execute(statement.replace("INTO facts_groups", "INTO fresh"), params)
        assert kept == sorted(con.execute("SELECT * FROM fresh"))
        con.execute("DROP TABLE fresh")


FILTERS = [
    IncidentFilter(),
    IncidentFilter(months=("2021-12",)),
    IncidentFilter(months=("2021-11", "2022-02")),
    IncidentFilter.make(types=["attack"]),
    IncidentFilter.make(origins=["acled"]),
    IncidentFilter.make(months=["2022-01"], types=["armed clash", "attack"], origins=["news"]),
    IncidentFilter(located=True),
    IncidentFilter(located=False),
    IncidentFilter.make(types=["air/drone strike"], located=True),
    IncidentFilter.make(origins=["news", "acled"]),
    IncidentFilter.make(origins=["news"], types=["attack"], located=True),
    IncidentFilter.make(origins=["ucdp"]),
]
CELL = store_sql.ROLLUP_CELL
EDGE = 203 * CELL - 180.0
BOXES = [
    None,
    Bounds(-90.0, -180.0, 90.0, 180.0),
    Bounds(EDGE - 16 * CELL, EDGE - 16 * CELL, EDGE, EDGE),  # the edge town on both sides
    Bounds(EDGE - 4 * CELL, EDGE - 8 * CELL, 90.0, EDGE + 8 * CELL),
]


def facts_only(store: IncidentStore) -> IncidentStore:
    """The same file, every answer read from ``facts``."""
    other = IncidentStore(store.path, check=False)
    other._rollup_ready = lambda con: False  # type: ignore[method-assign]
    return other


def same_grid(got, want) -> None:
    assert sorted((c.row, c.col, c.count, c.killed, c.injured) for c in got) == sorted(
        (c.row, c.col, c.count, c.killed, c.injured) for c in want
    )
    centroids = {(c.row, c.col): (c.lat, c.lon) for c in want}
    for cell in got:
        assert (cell.lat, cell.lon) == pytest.approx(centroids[cell.row, cell.col], abs=1e-9)


def same_answers(store: IncidentStore) -> None:
    """Every roll-up answer equals the ``facts`` answer, and the roll-up did answer."""
    plain = facts_only(store)
    with sqlite3.connect(store.path) as con:
        assert store._rollup_ready(con)
    assert store.options() == plain.options()
    for flt in FILTERS:
        assert store_sql.rollup_answers(flt)
        with sqlite3.connect(store.path) as con:
            assert (store._rollup_groups(con, flt) is None) == (flt.located is False)
        assert store.figures(flt) == plain.figures(flt), flt
        assert store.figures_with_located(flt) == plain.figures_with_located(flt), flt
        for period in ("day", "month", "year"):
            got = store.month_counts(flt, period=period)
            assert got == plain.month_counts(flt, period=period), (flt, period)
        assert store.date_range(flt) == plain.date_range(flt), flt
        assert store.page(flt, limit=5) == plain.page(flt, limit=5), flt
        for box in BOXES:
            for blocks in (1, 8):
                size = CELL * blocks
                same_grid(
                    store.grid(flt, bounds=box, cell_size=size),
                    plain.grid(flt, bounds=box, cell_size=size),
                )
                for period in ("month", "year"):
                    got = store.grid_with_periods(flt, bounds=box, cell_size=size, period=period)
                    want = plain.grid_with_periods(flt, bounds=box, cell_size=size, period=period)
                    same_grid(got.cells, want.cells)
                    assert sorted(got.periods) == sorted(want.periods), (flt, box, size)
                    assert sorted(
                        store.grid_periods(flt, bounds=box, cell_size=size, period=period)
                    ) == sorted(plain.grid_periods(flt, bounds=box, cell_size=size, period=period))


@pytest.fixture
def store(tmp_path) -> IncidentStore:
    store = IncidentStore(tmp_path / "s.sqlite")
    ingest(store, varied(1, 150))
    store.import_coded(varied(2, 120, origin="acled", prefix="acled:"), dataset="bench.csv")
    return store


def test_the_rollups_follow_every_write_and_answer_as_facts_do(store):
    with sqlite3.connect(store.path) as con:  # the sample holds same-event groups to sum
        assert con.execute("SELECT COUNT(*) FROM facts_groups WHERE reports > 0").fetchone()[0]
    rollups_match_facts(store)
    same_answers(store)
    # A re-ingest that changes incidents (type, toll, place, date) replaces their rows.
    changed = [
        dataclasses.replace(
            i,
            event_type="attack",
            fatalities=9,
            place=PLACES[1],
            date=None,
            date_precision="unknown",
        )
        for i in varied(1, 150)[:30]
    ]
    for source in sorted({i.source for i in changed}):
        article = Article(source, f"Text of {source}.", "en", date(2022, 3, 1), "day", source)
        store.ingest(article, [i for i in changed if i.source == source])
    rollups_match_facts(store)
    # Corrections move incidents (an unlocated one gets a place), then one is undone.
    unlocated = [i.id for i in store.select(IncidentFilter(located=False), limit=3)]
    for key in unlocated:
        store.correct_place(key, PLACES[2], who="ana", why="the report says Gao")
    store.correct_place("n1-40", PLACES[4])
    rollups_match_facts(store)
    assert store.remove_correction(unlocated[0])
    rollups_match_facts(store)
    # Rows deleted by another program (the repair of `incidents check` does so).
    with sqlite3.connect(store.path) as con:
        con.execute("DELETE FROM incidents WHERE id IN ('n1-41', 'n1-42', 'n1-43')")
        con.execute("DELETE FROM coded_events WHERE id LIKE 'acled:2-1%'")
    # 3 news rows, and acled:2-1, 2-10..2-19, 2-100..2-119 (31 events)
    assert store.figures(IncidentFilter()).incidents == 270 - 3 - 31
    rollups_match_facts(store)
    same_answers(store)


def test_a_bulk_import_sums_the_rollups_once_at_the_end(store, monkeypatch):
    monkeypatch.setattr(store_sqlite, "BULK_FROM", 50)
    monkeypatch.setattr(store_sqlite, "IMPORT_BATCH", 40)
    store.import_coded(varied(3, 400, origin="acled", prefix="acled:"), dataset="more.csv")
    with sqlite3.connect(store.path) as con:
        triggers = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
    assert set(store_sqlite._ROLLUP_TRIGGERS) <= triggers
    assert store.figures(IncidentFilter()).incidents == 670
    rollups_match_facts(store)
    same_answers(store)


@pytest.mark.parametrize("version", [3, 4])
def test_a_store_of_schema_3_or_4_gets_the_rollups_when_opened(store, version):
    expected = [facts_only(store).figures(flt) for flt in FILTERS]
    with sqlite3.connect(store.path) as con:
        con.execute("DROP TABLE facts_groups")
        if version == 3:
            for name in store_sqlite._ROLLUP_TRIGGERS:
                con.execute(f"DROP TRIGGER {name}")
            con.execute("DROP TABLE facts_rollup")
            con.execute("DROP TABLE facts_cells")
            con.execute("DROP INDEX facts_lonlat")
            con.execute("DROP INDEX facts_select")
            con.execute("CREATE INDEX facts_latlon ON facts (lat, lon)")
        con.execute(f"PRAGMA user_version = {version}")
    reopened = IncidentStore(store.path)
    with sqlite3.connect(store.path) as con:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
        (version,) = con.execute("PRAGMA user_version").fetchone()
    assert version == store_sqlite.SCHEMA_VERSION
    assert {"facts_rollup", "facts_cells", "facts_groups", "facts_lonlat", "facts_select"} <= names
    assert "facts_latlon" not in names
    assert [reopened.figures(flt) for flt in FILTERS] == expected
    rollups_match_facts(reopened)
    same_answers(reopened)


def test_filters_the_rollups_cannot_answer_read_facts(store):
    for flt in (
        IncidentFilter(text="dawn"),
        IncidentFilter.make(actors=["JNIM"]),
        IncidentFilter(min_casualties=2),
        IncidentFilter(start="2021-12-03", end="2022-01-10"),
        IncidentFilter.make(sources=["n0.txt"]),
        IncidentFilter(bounds=Bounds(30.0, 40.0, 37.0, 45.0)),
    ):
        assert not store_sql.rollup_answers(flt)
        assert store.figures(flt) == facts_only(store).figures(flt)
    # A box off the roll-up's cell edges, a cell size not a power of two of its cell, days.
    flt, odd = IncidentFilter(), Bounds(30.0, 40.0, 37.0, 45.0)
    with sqlite3.connect(store.path) as con:
        assert store._cells_plan(con, replace_bounds(flt, odd), cell_size=CELL, period=None) is None
        assert store._cells_plan(con, flt, cell_size=CELL * 3, period=None) is None
        assert store._cells_plan(con, flt, cell_size=CELL / 2, period=None) is None
        assert store._cells_plan(con, flt, cell_size=CELL, period="day") is None
        assert store._cells_plan(con, flt, cell_size=CELL * 4, period="month") is not None
    same_grid(
        store.grid(flt, bounds=odd, cell_size=1.0),
        facts_only(store).grid(flt, bounds=odd, cell_size=1.0),
    )


def replace_bounds(flt: IncidentFilter, bounds: Bounds) -> IncidentFilter:
    return dataclasses.replace(flt, bounds=bounds)


def test_the_extent_is_the_box_of_the_located_incidents(store, tmp_path):
    located = [i for i in store.select(IncidentFilter(located=True))]
    lats = [i.place.lat for i in located if i.place]
    lons = [i.place.lon for i in located if i.place]
    assert store.extent() == (min(lats), min(lons), max(lats), max(lons))
    assert IncidentStore(tmp_path / "empty.sqlite").extent() is None


def test_a_sample_in_date_order_is_read_in_index_order(store):
    with sqlite3.connect(store.path) as con:
        con.execute("ANALYZE")
        plan = " | ".join(
            row[-1]
            for row in con.execute(
                "EXPLAIN QUERY PLAN SELECT f.id FROM facts f "
                "ORDER BY f.date IS NULL, f.date, f.source, f.id LIMIT 10"
            )
        )
    assert "facts_select" in plan and "TEMP B-TREE" not in plan, plan
    everything = list(store.select(IncidentFilter()))
    assert [i.id for i in store.select(IncidentFilter(), limit=25)] == [
        i.id for i in everything[:25]
    ]


def test_a_facts_row_replaced_in_place_leaves_the_rollups_right(store):
    with store._transaction() as con:
        row = con.execute("SELECT * FROM facts WHERE lat IS NOT NULL LIMIT 1").fetchone()
        moved = (*row[:13], row[13] + 0.5, *row[14:])
        marks = ", ".join("?" * len(moved))
        con.execute(f"INSERT OR REPLACE INTO facts VALUES ({marks})", moved)
    rollups_match_facts(store)
