"""The store answers the page's questions in SQL: filters, figures, chart, table pages, map
points and grid, search, same-event groups, and the upgrade of a store made before them.

Every answer is checked against the Python computation (``incidents.query``) on the same rows,
read from a real SQLite file and from a real PostGIS database (each test runs on both).
"""

from __future__ import annotations

import random
import shlex
import shutil
import sqlite3
import sys
from dataclasses import replace
from datetime import date

import pytest

from geo.place import Place
from incidents import query
from incidents.model import Actor, Article, Incident
from incidents.store import SCHEMA_VERSION, Bounds, IncidentFilter, IncidentStore, open_store
from tests.common import REPO
from tests.stores import execute_raw

PLACES = [
    Place("Baghdad", 33.31, 44.37, 1, "city", "IQ"),
    Place("Green Zone", 33.3076, 44.3903, 1, "government zone", "IQ"),
    Place("Camp Taji", 33.5294, 44.2775, 1, "military base", "IQ"),
    Place("Taëz", 13.58, 44.02, 1, "city", "YE"),
    Place("Gao", 16.27, -0.04, 1, "city", "ML"),
]
TYPES = ["air/drone strike", "attack", "armed clash"]
ACTORS = [Actor("Al Shabaab", 2), Actor("Civilians (Mali)", 7), Actor("JNIM", 2)]
SOURCES = ["a.txt", "b.txt", "c.txt"]


def random_incidents(seed: int, n: int) -> list[Incident]:
    """``n`` incidents over few places, days, types and sources, so that filters and
    same-event pairs both have plenty to find."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        precision = rng.choice(["day", "day", "week", "month", "year", "unknown"])
        day = date(2020, rng.randint(6, 8), rng.randint(1, 3))
        text = {"day": day.isoformat(), "week": day.isoformat(), "month": day.isoformat()[:7]}
        out.append(
            Incident(
                id=f"r{seed}-{k}",
                source=rng.choice(SOURCES),
                language="en",
                event_type=rng.choice(TYPES),
                date=text.get(precision, None if precision == "unknown" else str(day.year)),
                date_precision=precision,
                quote=rng.choice(
                    ["A strike hit the camp.", "Gunmen attacked the market.", "Shelling at dawn."]
                ),
                quote_start=0,
                quote_end=5,
                place_mention=rng.choice(["Bagdad", "Taez", None]),
                place=rng.choice([*PLACES, None]),
                fatalities=rng.choice([None, 0, 1, 3, 12]),
                injured=rng.choice([None, 0, 2, 5]),
                actor1=rng.choice([*ACTORS, None]),
                actor2=rng.choice([*ACTORS, None]),
            )
        )
    return out


def stored(target, incidents: list[Incident]):
    """A new store at ``target`` (a SQLite path or a PostGIS URL) holding ``incidents``."""
    store = open_store(target)
    for source in SOURCES:
        article = Article(source, f"Text of {source}.", "en", date(2020, 9, 1), "day", source)
        store.ingest(article, [i for i in incidents if i.source == source])
    return store


@pytest.fixture(scope="module")
def sample(module_store_target) -> tuple[IncidentStore, list[Incident]]:
    incidents = random_incidents(1, 160)
    store = stored(module_store_target, incidents)
    return store, store.incidents()


def ids(items) -> list[str]:
    return sorted(i.id for i in items)


FILTERS = [
    {},
    {"months": ["2020-07"]},
    {"months": ["2020-06", "2020-08"], "types": ["attack"]},
    {"types": ["air/drone strike", "armed clash"], "min_casualties": 3},
    {"actors": ["JNIM"]},
    {"actors": ["Al Shabaab", "Civilians (Mali)"], "months": ["2020-07"]},
    {"origins": ["news"], "min_casualties": 13},
    {"text": "strike"},
    {"text": "taez"},  # accents aside: the place is "Taëz"
    {"text": "gunmen market", "types": ["attack"]},
]


@pytest.mark.parametrize("kwargs", FILTERS, ids=[str(f) for f in FILTERS])
def test_filters_combine_as_the_python_filter_does(sample, kwargs):
    store, everything = sample
    expected = query.filter_incidents(everything, **kwargs)
    flt = IncidentFilter.make(**kwargs)
    assert ids(store.select(flt)) == ids(expected)
    assert store.page(flt, limit=1000).total == len(expected)


@pytest.mark.parametrize("kwargs", FILTERS, ids=[str(f) for f in FILTERS])
def test_figures_equal_the_python_totals_of_the_same_rows(sample, kwargs):
    store, everything = sample
    shown = query.filter_incidents(everything, **kwargs)
    # The groups are the store's (computed at ingest over the whole store): the kept reports
    # of one event count once, even when the report standing for it is filtered out.
    twins = store.repeats(i.id for i in shown)
    events, killed, injured = query.totals(shown, twins)
    figures = store.figures(IncidentFilter.make(**kwargs))
    assert figures.incidents == len(shown)
    assert (figures.events, figures.killed, figures.injured) == (events, killed, injured)
    assert figures.located == sum(1 for i in shown if i.place)
    assert figures.unlocated == sum(1 for i in shown if not i.place)
    assert figures.undated == sum(1 for i in shown if not i.date)
    assert figures.no_count == sum(1 for i in shown if i.fatalities is None and i.injured is None)


@pytest.mark.parametrize("kwargs", [{}, *FILTERS], ids=["none", *[str(f) for f in FILTERS]])
def test_figures_with_located_are_the_figures_of_both_filters(sample, kwargs):
    store, _ = sample
    flt = IncidentFilter.make(**kwargs)
    assert store.figures_with_located(flt) == (
        store.figures(flt),
        store.figures(replace(flt, located=True)),
    )


def test_unfiltered_figures_equal_same_event_over_the_whole_store(sample):
    store, everything = sample
    assert len(query.same_event(everything)) > 3  # the sample has pairs to find
    figures = store.figures(IncidentFilter())
    assert (figures.events, figures.killed, figures.injured) == query.totals(everything)


def test_same_event_groups_equal_the_pairwise_rule(sample):
    store, everything = sample
    expected = {k: v.id for k, v in query.same_event(everything).items()}
    assert {k: v.id for k, v in store.repeats(i.id for i in everything).items()} == expected


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_same_event_groups_stay_right_as_articles_come_one_by_one(store_target, seed):
    incidents = random_incidents(seed, 90)
    store = stored(store_target, incidents)  # three ingests: each regroups the buckets it touches
    everything = store.incidents()
    expected = {k: v.id for k, v in query.same_event(everything).items()}
    assert {k: v.id for k, v in store.repeats(i.id for i in everything).items()} == expected


def test_month_counts_equal_per_month(sample):
    store, everything = sample
    for kwargs in FILTERS[:4]:
        shown = query.filter_incidents(everything, **kwargs)
        chart = query.per_month(shown)
        counts = {c.period: c.incidents for c in store.month_counts(IncidentFilter.make(**kwargs))}
        assert {m: n for m, n in zip(chart["month"], chart["incidents"], strict=True) if n} == (
            counts
        )


def test_date_range_keeps_incidents_whose_period_overlaps(sample):
    store, everything = sample
    flt = IncidentFilter(start="2020-07-02", end="2020-07-31")
    kept = ids(store.select(flt))
    expected = []
    for incident in everything:
        day = incident.fuzzy_date
        if day is not None:
            first, last = day.period()
            if first <= date(2020, 7, 31) and last >= date(2020, 7, 2):
                expected.append(incident.id)
    assert kept == sorted(expected)
    assert any(i.date_precision == "year" for i in store.select(flt))  # 2020 may be in July


def test_bounds_keep_located_incidents_inside_the_box(sample):
    store, everything = sample
    box = Bounds(33.0, 44.0, 34.0, 45.0)  # around Baghdad, not Gao nor Taëz
    points = store.points(IncidentFilter(), bounds=box)
    inside = [
        i for i in everything if i.place and 33 <= i.place.lat <= 34 and 44 <= i.place.lon <= 45
    ]
    assert sorted(p.id for p in points) == ids(inside)
    assert ids(store.select(IncidentFilter(bounds=box))) == ids(inside)
    capped = store.points(IncidentFilter(), bounds=box, limit=5)
    assert len(capped) == 5
    assert capped[0].killed == max(i.fatalities or 0 for i in inside) or capped[0].injured


def test_grid_cells_count_every_located_incident_once(sample):
    store, everything = sample
    cells = store.grid(IncidentFilter(), cell_size=1.0)
    located = [i for i in everything if i.place]
    assert sum(c.count for c in cells) == len(located)
    assert sum(c.killed for c in cells) == sum(i.fatalities or 0 for i in located)
    gao = [c for c in cells if abs(c.lat - 16.27) < 0.01]
    assert len(gao) == 1 and gao[0].count == sum(1 for i in located if i.place.name == "Gao")


def test_pages_cover_every_row_once_in_date_order(sample):
    store, everything = sample
    flt = IncidentFilter(types=("attack",))
    total = store.page(flt, limit=1).total
    seen = []
    for offset in range(0, total, 7):
        page = store.page(flt, offset=offset, limit=7)
        assert page.total == total and len(page.rows) <= 7
        seen += page.rows
    assert sorted(r.id for r in seen) == ids(query.filter_incidents(everything, types=["attack"]))
    assert len({r.id for r in seen}) == total
    starts = [store.incident(r.id).fuzzy_date for r in seen]
    dated = [d.period()[0] for d in starts if d is not None]
    assert dated == sorted(dated)
    by_toll = store.page(IncidentFilter(), order="killed", descending=True, limit=3).rows
    assert by_toll[0].killed == max(i.fatalities or 0 for i in everything)


def test_table_rows_name_the_report_standing_for_their_event(sample):
    store, everything = sample
    twins = query.same_event(everything)
    rows = {r.id: r for r in store.page(IncidentFilter(), limit=10_000).rows}
    for incident in everything:
        expected = (
            f"{twins[incident.id].source} ({twins[incident.id].date})"
            if incident.id in twins
            else None
        )
        assert rows[incident.id].same_event_as == expected


HOSTILE = [
    '"',
    "'",
    "AND",
    "OR NOT",
    "NEAR(strike camp)",
    "*",
    "quote:strike",
    "^strike",
    '"unterminated',
    'a" OR "b',
    "{quote place}: x",
    "-strike",
    "+",
    "'; DROP TABLE facts; --",
    "\x00",
    "🙂 strike",
    "strike*",
    "(((",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_is_words_never_fts_syntax(sample, text):
    store, _ = sample
    flt = IncidentFilter(text=text)
    found = ids(store.select(flt))
    assert store.figures(flt).incidents == len(found)
    assert store.figures(IncidentFilter()).incidents == 160  # nothing dropped


def test_search_of_operator_words_finds_them_as_words(store_target):
    item = replace(random_incidents(9, 1)[0], quote="Fighting near the OR and NOT roads.")
    store = stored(store_target, [replace(item, source="a.txt")])
    assert ids(store.select(IncidentFilter(text="near OR not"))) == [item.id]
    assert ids(store.select(IncidentFilter(text="NEAR(roads)"))) == [item.id]


def test_a_correction_moves_the_incident_in_every_query(store_target):
    incidents = [replace(i, place=PLACES[0]) for i in random_incidents(5, 6)]
    store = stored(store_target, incidents)
    moved = incidents[0].id
    gao = Bounds(15.0, -1.0, 17.0, 1.0)
    assert moved not in {p.id for p in store.points(IncidentFilter(), bounds=gao)}
    store.correct_place(moved, PLACES[4], who="ana", why="the report says Gao")
    assert [p.id for p in store.points(IncidentFilter(), bounds=gao)] == [moved]
    assert [p.label for p in store.points(IncidentFilter(bounds=gao))] == ["Gao"]
    assert ids(store.select(IncidentFilter(text="gao"))) == [moved]
    assert store.incident(moved).corrected
    store.remove_correction(moved)
    assert store.points(IncidentFilter(), bounds=gao) == []


def test_rows_written_by_another_program_are_seen_at_the_next_query(store_target):
    store = stored(store_target, random_incidents(6, 10))
    execute_raw(store, "UPDATE incidents SET data = '{broken' WHERE id = 'r6-0'")
    execute_raw(store, "DELETE FROM incidents WHERE id = 'r6-1'")
    kept = ids(store.select(IncidentFilter()))
    assert "r6-0" not in kept and "r6-1" not in kept and len(kept) == 8
    assert [(p.table, p.key) for p in store.problems()] == [("incidents", "r6-0")]


def test_filter_options_are_the_distinct_stored_values(sample):
    store, everything = sample
    options = store.options()
    assert list(options.months) == sorted({i.month for i in everything if i.month})
    assert list(options.types) == sorted({i.event_type for i in everything})
    assert list(options.actors) == sorted(set().union(*(query.actor_names(i) for i in everything)))
    assert options.origins == ("news",)


def test_a_store_made_before_schema_2_upgrades_on_open_keeping_every_row(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(REPO / "tests" / "data" / "store-v1.sqlite", path)
    con = sqlite3.connect(path)
    before = {
        table: con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("articles", "incidents", "corrections", "coded_events")
    }
    assert con.execute("PRAGMA user_version").fetchone() == (0,)
    con.close()

    store = IncidentStore(path)

    con = sqlite3.connect(path)
    after = {table: con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in before}
    assert con.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    con.close()
    assert after == before
    [correction] = store.corrections()
    assert (correction.incident_id, correction.place, correction.who, correction.why) == (
        "v1-1",
        "Basra",
        "ana",
        "map",
    )
    figures = store.figures(IncidentFilter())
    assert figures.incidents == 4 and figures.unlocated == 1  # the unreadable row left out
    assert [(p.table, p.key) for p in store.problems()] == [("incidents", "v1-bad")]
    basra = store.points(IncidentFilter(), bounds=Bounds(30, 47, 31, 48))
    assert [p.id for p in basra] == ["v1-1"]
    assert ids(store.select(IncidentFilter(origins=("acled",)))) == ["v1-4"]
    assert store.read_incidents().incidents == list(store.select(IncidentFilter()))
    assert IncidentStore(path).figures(IncidentFilter()) == figures  # opened again: as it was


def test_the_quick_distance_check_agrees_with_the_geodesic_near_the_limit():
    from geopy.distance import geodesic

    from incidents.store.events import SAME_EVENT_KM, Report, _near

    rng = random.Random(7)
    for _ in range(3000):
        lat, lon = rng.uniform(-70, 70), rng.uniform(-179, 179)
        a = Report("a", "a.txt", "attack", "2020-07-01", "day", lat, lon, None)
        b = replace(a, id="b", lat=lat + rng.uniform(-0.12, 0.12), lon=lon + rng.uniform(-0.2, 0.2))
        assert _near(a, b) == (geodesic((a.lat, a.lon), (b.lat, b.lon)).km <= SAME_EVENT_KM)


def test_a_read_only_store_of_an_earlier_version_is_queried_as_it_is(tmp_path):
    from tests.incidents.test_store_reliability import read_only_mount

    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(REPO / "tests" / "data" / "store-v1.sqlite", folder / "old.sqlite")
    before = (folder / "old.sqlite").read_bytes()
    script = (
        "from incidents.store import IncidentStore, IncidentFilter; "
        f"s = IncidentStore({str(folder / 'old.sqlite')!r}); "
        "print('READ_ONLY', s.read_only, s.figures(IncidentFilter()).incidents, "
        "[p.id for p in s.points(IncidentFilter())])"
    )
    out = read_only_mount(folder, f"{sys.executable} -c {shlex.quote(script)}")
    assert "READ_ONLY True 4" in out.stdout, out.stderr
    assert "'v1-1'" in out.stdout and "upgraded copy" in out.stderr
    assert (folder / "old.sqlite").read_bytes() == before
