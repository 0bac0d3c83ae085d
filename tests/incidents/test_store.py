"""The store on both backends (SQLite, PostgreSQL + PostGIS): idempotent re-ingest, atomic
failure, concurrent ingests, corrections."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date

import pytest

from geo.place import Place
from incidents.errors import UnknownIncidentError
from incidents.model import Article, Incident
from incidents.store import IncidentFilter, IncidentStore, open_store
from tests.common import REPO

BAGHDAD = Place("Baghdad", 33.31, 44.37, 1, "city", "IQ")


def make_article(n: int) -> Article:
    return Article(f"a{n}.txt", f"Text {n}.", "en", date(2020, 7, 1), "month", f"sha{n}")


def make_incident(n: int, k: int = 0, *, month: str = "2020-07") -> Incident:
    return Incident(
        id=f"inc-{n}-{k}",
        source=f"a{n}.txt",
        language="en",
        event_type="attack",
        date=month,
        date_precision="month",
        quote=f"Quote {n} {k}.",
        quote_start=0,
        quote_end=5,
        place=BAGHDAD,
        fatalities=k,
    )


@pytest.fixture
def store(store_target):
    return open_store(store_target)


def test_new_store_is_empty_and_creates_its_folder(store):
    if isinstance(store, IncidentStore):
        assert store.path.exists()
    assert store.is_empty()
    assert store.incidents() == []


def test_ingest_returns_new_incidents_and_reads_them_back(store):
    incidents = [make_incident(1, 0), make_incident(1, 1, month="2020-06")]
    assert store.ingest(make_article(1), incidents) == 2
    assert not store.is_empty()
    assert sorted(i.id for i in store.incidents()) == ["inc-1-0", "inc-1-1"]
    assert store.incidents()[0] == incidents[1]  # sorted by date
    assert store.article_text("a1.txt") == "Text 1."
    assert [a.source for a in store.articles()] == ["a1.txt"]
    assert store.months() == ["2020-06", "2020-07"]


def test_re_ingesting_the_same_article_adds_nothing(store):
    incidents = [make_incident(1, 0), make_incident(1, 1)]
    store.ingest(make_article(1), incidents)
    assert store.ingest(make_article(1), incidents) == 0
    assert store.counts() == {"articles": 1, "incidents": 2, "corrections": 0, "coded_events": 0}


def test_the_same_text_under_another_name_adds_nothing(store):
    store.ingest(make_article(1), [make_incident(1, 0)])
    copy = replace(make_article(1), source="copy.txt")
    assert store.ingest(copy, [replace(make_incident(1, 0), id="other", source="copy.txt")]) == 0
    assert store.counts() == {"articles": 1, "incidents": 1, "corrections": 0, "coded_events": 0}
    assert store.source_of_text("sha1") == "a1.txt" and store.source_of_text("nope") is None


def test_months_filter(store):
    store.ingest(make_article(1), [make_incident(1, 0), make_incident(1, 1, month="2020-06")])
    assert [i.id for i in store.incidents(months=["2020-06"])] == ["inc-1-1"]
    assert store.incidents(months=[]) == []


class BoomError(Exception):
    pass


class BrokenIncident:
    """Looks like an incident until the store serialises it."""

    id = "broken"
    source = "a1.txt"
    event_type = "attack"
    date = "2020-07"
    month = "2020-07"

    def to_dict(self):
        raise BoomError("disk full, say")


def test_an_ingest_failing_midway_leaves_the_store_as_it_was(store):
    store.ingest(make_article(0), [make_incident(0)])
    before = store.counts()
    with pytest.raises(BoomError):
        store.ingest(make_article(1), [make_incident(1, 0), BrokenIncident(), make_incident(1, 2)])
    assert store.counts() == before
    assert store.article_text("a1.txt") is None


def test_correction_is_applied_when_reading_and_survives_re_ingest(store):
    incident = make_incident(1)
    store.ingest(make_article(1), [incident])
    taji = Place("Camp Taji", 33.5294, 44.2775, 1, "military base", "IQ")
    store.correct_place(incident.id, taji)
    assert store.ingest(make_article(1), [incident]) == 0
    (read,) = store.incidents()
    assert read.corrected
    assert read.place == replace(taji, source="correction")
    assert store.remove_correction(incident.id)
    assert store.incidents() == [incident]


def test_correcting_an_unknown_incident_is_a_clear_error(store):
    with pytest.raises(UnknownIncidentError):
        store.correct_place("nope", BAGHDAD)


WRITER = textwrap.dedent(
    """
    import sys
    from tests.incidents.test_store import make_article, make_incident
    from incidents.store import open_store

    store = open_store(sys.argv[1])
    first = int(sys.argv[2])
    # Articles 0-19 are ingested by every writer, then 20 of its own.
    for n in [*range(20), *range(first, first + 20)]:
        store.ingest(make_article(n), [make_incident(n, k) for k in range(5)])
    print("done")
    """
)


def test_concurrent_writers_keep_every_article_and_incident_once(store_target):
    open_store(store_target)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store_target), str(first)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (1000, 2000, 3000)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    store = open_store(store_target)
    counts = store.counts()
    assert counts == {"articles": 80, "incidents": 400, "corrections": 0, "coded_events": 0}
    assert len({a.sha256 for a in store.articles()}) == 80
    assert store.figures(IncidentFilter()).incidents == 400  # the query table: each once too


def test_stored_json_is_the_incident_dict(tmp_path):
    import sqlite3

    store = IncidentStore(tmp_path / "incidents.sqlite")
    incident = make_incident(1)
    store.ingest(make_article(1), [incident])
    with sqlite3.connect(store.path) as con:
        data, month, event_type = con.execute(
            "SELECT data, month, event_type FROM incidents"
        ).fetchone()
    assert json.loads(data) == incident.to_dict()
    assert (month, event_type) == ("2020-07", "attack")


def test_a_corrupt_store_file_is_a_clear_error(tmp_path):
    from incidents.errors import StoreUnavailableError

    path = tmp_path / "incidents.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailableError, match=r"incidents\.sqlite"):
        IncidentStore(path)
