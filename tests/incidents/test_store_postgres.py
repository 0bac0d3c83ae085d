"""What only the PostgreSQL store has: versioned migrations, PostGIS columns, partitions by
month, a version counter other processes see, the URL kept out of messages.

Each test runs against a fresh database on the session's throwaway PostGIS server.
"""

from __future__ import annotations

import json
from dataclasses import replace

import psycopg
import pytest

from geo.place import Place
from incidents.errors import NameTakenError, StoreUnavailableError
from incidents.store import Bounds, IncidentFilter, is_postgres_url, open_store
from incidents.store.postgres import SCHEMA_VERSION, PostgresStore, migrations, public_url
from tests.incidents.test_store import BAGHDAD, make_article, make_incident

BASRA = Place("Basra", 30.5085, 47.7804, 1, "city", "IQ")


def rows(url: str, table: str) -> list[tuple]:
    with psycopg.connect(url) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


@pytest.mark.parametrize("previous", range(1, SCHEMA_VERSION))
def test_a_store_at_an_earlier_schema_is_upgraded_keeping_every_row(postgis_url, previous):
    old = PostgresStore(postgis_url, migrate_to=previous)
    assert old.schema_version() == previous
    # What the previous version wrote: articles, incidents (one unreadable), a correction,
    # a coded event; written as its SQL did, around today's code.
    with psycopg.connect(postgis_url) as con:
        for n in (1, 2):
            article = make_article(n)
            con.execute(
                "INSERT INTO articles VALUES (%s, %s, 'en', '2020-07-01', 'month', %s, 'then')",
                (article.sha256, article.source, article.text),
            )
            for k in range(3):
                incident = make_incident(n, k)
                con.execute(
                    "INSERT INTO incidents VALUES (%s, %s, %s, %s, %s, %s)",
                    (
                        incident.id,
                        article.sha256,
                        incident.source,
                        incident.month,
                        incident.event_type,
                        json.dumps(incident.to_dict()),
                    ),
                )
        con.execute(
            "INSERT INTO incidents VALUES ('bad', 'sha1', 'a1.txt', '2020-07', 'attack', '{x')"
        )
        con.execute(
            "INSERT INTO corrections VALUES ('inc-1-0', %s, '2021-01-01T00:00:00', 'ana', 'map')",
            (json.dumps(replace(BASRA, source="correction").to_dict()),),
        )
        coded = replace(make_incident(9), id="acled:IRQ1", origin="acled", source="acled.csv")
        con.execute(
            "INSERT INTO coded_events VALUES (%s, 'acled', 'acled.csv', '2020-07', 'attack', %s)",
            (coded.id, json.dumps(coded.to_dict())),
        )
    before = {t: rows(postgis_url, t) for t in ("articles", "incidents", "corrections")}

    store = open_store(postgis_url)

    assert store.schema_version() == SCHEMA_VERSION
    assert {t: rows(postgis_url, t) for t in before} == before
    figures = store.figures(IncidentFilter())
    assert figures.incidents == 7  # six reports and the coded event; the bad row left out
    assert [(p.table, p.key) for p in store.problems()] == [("incidents", "bad")]
    basra = store.points(IncidentFilter(), bounds=Bounds(30, 47, 31, 48))
    assert [p.id for p in basra] == ["inc-1-0"]
    assert store.incident("inc-1-0").corrected
    [correction] = store.corrections()
    assert (correction.place, correction.who, correction.why) == ("Basra", "ana", "map")
    assert open_store(postgis_url).figures(IncidentFilter()) == figures  # again: as it was


def test_migrations_are_numbered_from_one_and_recorded_once(postgis_url):
    assert [v for v, _, _ in migrations()] == list(range(1, SCHEMA_VERSION + 1))
    open_store(postgis_url)
    open_store(postgis_url)  # a second opening applies nothing
    recorded = [r[:2] for r in rows(postgis_url, "schema_migrations")]
    assert recorded == [(v, name) for v, name, _ in migrations()]


def test_facts_carry_a_postgis_point_with_a_gist_index_and_monthly_partitions(postgis_url):
    store = open_store(postgis_url)
    store.ingest(make_article(1), [make_incident(1, 0), make_incident(1, 1, month="2020-06")])
    store.ingest(make_article(2), [replace(make_incident(2, 0), date=None, place=None)])
    with psycopg.connect(postgis_url) as con:
        point = con.execute(
            "SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom) FROM facts WHERE id = 'inc-1-0'"
        ).fetchone()
        partitions = con.execute(
            "SELECT c.relname, COUNT(f.*) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid LEFT JOIN facts f ON f.tableoid = c.oid "
            "WHERE i.inhparent = 'facts'::regclass GROUP BY c.relname ORDER BY 1"
        ).fetchall()
        methods = {
            row[0]
            for row in con.execute(
                "SELECT am.amname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam WHERE x.indrelid = 'facts_2020_07'::regclass"
            )
        }
    assert point == (BAGHDAD.lon, BAGHDAD.lat, 4326)
    assert partitions == [("facts_2020_06", 1), ("facts_2020_07", 1), ("facts_default", 1)]
    assert {"gist", "gin", "btree"} <= methods


def test_a_box_across_partitions_uses_the_spatial_index(postgis_url):
    store = open_store(postgis_url)
    for n in range(30):
        place = replace(BAGHDAD, lat=30 + n / 10, lon=40 + n / 10)
        store.ingest(
            make_article(n),
            [replace(make_incident(n, 0, month=f"2020-{n % 12 + 1:02d}"), place=place)],
        )
    with psycopg.connect(postgis_url) as con:
        con.execute("SET enable_seqscan = off")  # 30 rows: the planner would rather scan
        plan = "\n".join(
            row[0]
            for row in con.execute(
                "EXPLAIN SELECT id FROM facts f WHERE "
                "f.geom && ST_MakeEnvelope(40.0, 30.0, 40.5, 30.5, 4326)"
            )
        )
    assert "facts_geom" in plan or "geom_idx" in plan
    inside = store.points(IncidentFilter(), bounds=Bounds(30.0, 40.0, 30.5, 40.5))
    assert sorted(p.id for p in inside) == [f"inc-{n}-0" for n in range(6)]


def test_the_version_grows_with_each_write_by_any_process(postgis_url):
    mine, theirs = open_store(postgis_url), open_store(postgis_url)
    before = mine.version()
    theirs.ingest(make_article(1), [make_incident(1, 0)])
    after_ingest = mine.version()
    theirs.correct_place("inc-1-0", BASRA)
    assert before < after_ingest < mine.version()
    assert mine.incident("inc-1-0").place.name == "Basra"


def test_the_url_is_told_apart_from_a_path_and_its_password_never_shown():
    assert is_postgres_url("postgresql://u:secret@db.example:5433/incidents")
    assert is_postgres_url("postgres://db/incidents")
    assert not is_postgres_url("data/incidents.sqlite")
    assert public_url("postgresql://u:secret@db.example:5433/incidents") == (
        "postgresql://u@db.example:5433/incidents"
    )


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    with pytest.raises(StoreUnavailableError) as caught:
        open_store("postgresql://u:hunter2@127.0.0.1:1/incidents?connect_timeout=2")
    assert "127.0.0.1" in str(caught.value) and "hunter2" not in str(caught.value)


def test_a_batch_keeps_out_only_the_article_whose_name_is_taken(postgis_url):
    store = open_store(postgis_url)
    store.ingest(make_article(1), [make_incident(1, 0)])
    taken = replace(make_article(2), source="a1.txt")
    outcomes = store.ingest_many(
        [
            (make_article(3), [make_incident(3, 0), make_incident(3, 1)]),
            (taken, [replace(make_incident(2, 0), source="a1.txt")]),
            (make_article(1), [make_incident(1, 0)]),  # again: nothing new
        ]
    )
    assert outcomes[0] == 2 and outcomes[2] == 0
    assert isinstance(outcomes[1], NameTakenError)
    assert store.counts()["articles"] == 2 and store.counts()["incidents"] == 3
    assert store.article_names() == ["a1.txt", "a3.txt"]
