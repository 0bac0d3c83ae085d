"""A coded file imported at scale: streamed row by row into one transaction, the ``facts``
rows built from the events, the indexes and text index set aside and rebuilt, the same-event
groups computed once at the end. Every result is checked against what the store derives from
its own rows the slow way (``_rebuild_facts``), on real SQLite files."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import incidents.store.sqlite as sqlite_store
from incidents import query
from incidents.coded import ACLED_COLUMNS, CodedFileError, open_coded, read_coded, stream_coded
from incidents.model import Article, Incident
from incidents.store import IncidentFilter, IncidentStore
from tests.common import REPO
from tests.data.make_coded_samples import ACLED_BAD_LINES, ACLED_SAMPLE, GOOD_ROWS, acled_rows

ROWS = 600


@pytest.fixture
def small_batches(monkeypatch):
    """Batches and the bulk threshold small enough for a test file to go the bulk way."""
    monkeypatch.setattr(sqlite_store, "IMPORT_BATCH", 100)
    monkeypatch.setattr(sqlite_store, "BULK_FROM", 200)


def acled_file(path: Path, rows: int, *, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(list(acled_rows(start + rows))[start:])
    return path


def facts_of(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT * FROM facts ORDER BY id").fetchall()


def schema_of(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as con:
        return set(con.execute("SELECT type, name FROM sqlite_master WHERE type <> 'table'"))


def derived_again(store: IncidentStore, tmp: Path) -> list[tuple]:
    """The ``facts`` rows the store derives from its stored rows, the slow way, on a copy."""
    copy = tmp / "copy.sqlite"
    shutil.copyfile(store.path, copy)
    again = IncidentStore(copy)
    with again._transaction() as con:
        again._rebuild_facts(con)
    return facts_of(copy)


def test_a_bulk_import_derives_the_facts_the_store_would_from_its_rows(tmp_path, small_batches):
    path = acled_file(tmp_path / "big.csv", ROWS)
    store = IncidentStore(tmp_path / "s.sqlite")
    schema = schema_of(store.path)
    with open_coded(path, origin="acled") as stream:
        assert store.import_coded(stream, dataset=path.name) == ROWS
    assert stream.events == ROWS and stream.errors == []
    assert facts_of(store.path) == derived_again(store, tmp_path)
    # The indexes and triggers set aside are all back.
    assert schema_of(store.path) == schema
    # The text index knows every new row.
    found = store.figures(IncidentFilter(text="synthetic")).incidents
    assert found == ROWS
    assert store.figures(IncidentFilter(text="test row 599")).incidents >= 1


def test_a_streamed_import_stores_what_reading_the_file_whole_gives(tmp_path, small_batches):
    whole = IncidentStore(tmp_path / "whole.sqlite")
    read = read_coded(ACLED_SAMPLE.read_bytes(), origin="acled", source=ACLED_SAMPLE.name)
    whole.import_coded(read.incidents, dataset=ACLED_SAMPLE.name)
    streamed = IncidentStore(tmp_path / "streamed.sqlite")
    with open_coded(ACLED_SAMPLE, origin="acled") as stream:
        assert streamed.import_coded(stream, dataset=ACLED_SAMPLE.name) == GOOD_ROWS
    assert [(e.line, e.reason) for e in stream.errors] == [(e.line, e.reason) for e in read.errors]
    assert {e.line for e in stream.errors} == ACLED_BAD_LINES.keys()
    assert facts_of(streamed.path) == facts_of(whole.path)
    assert streamed.incidents() == whole.incidents()


def test_a_second_file_into_a_large_store_keeps_its_indexes_and_adds_its_rows(
    tmp_path, small_batches
):
    store = IncidentStore(tmp_path / "s.sqlite")
    first = acled_file(tmp_path / "first.csv", ROWS)
    second = acled_file(tmp_path / "second.csv", 150, start=ROWS)
    with open_coded(first, origin="acled") as stream:
        store.import_coded(stream, dataset=first.name)
    schema = schema_of(store.path)
    with open_coded(second, origin="acled") as stream:
        assert store.import_coded(stream, dataset=second.name) == 150
    assert schema_of(store.path) == schema
    assert facts_of(store.path) == derived_again(store, tmp_path)
    assert store.figures(IncidentFilter()).incidents == ROWS + 150


def test_importing_again_a_revised_file_updates_the_changed_rows_and_keeps_corrections(
    tmp_path, small_batches
):
    store = IncidentStore(tmp_path / "s.sqlite")
    path = acled_file(tmp_path / "a.csv", ROWS)
    with open_coded(path, origin="acled") as stream:
        store.import_coded(stream, dataset=path.name)
    moved = store.incidents()[0]
    place = replace(moved.place, name="Corrected town", lat=10.0, lon=10.0)
    store.correct_place(moved.id, place, who="test", why="the file is wrong")
    # The same file again, with one row's notes revised.
    text = path.read_text(encoding="utf-8").replace("(test row 7)", "(test row 7, revised)")
    path.write_text(text, encoding="utf-8")
    with open_coded(path, origin="acled") as stream:
        assert store.import_coded(stream, dataset=path.name) == 0
    revised = [i for i in store.incidents() if "revised" in i.quote]
    assert len(revised) == 1
    assert store.figures(IncidentFilter(text="revised")).incidents == 1
    assert store.incident(moved.id).place.name == "Corrected town"
    assert facts_of(store.path) == derived_again(store, tmp_path)


def test_an_event_given_twice_in_one_list_is_stored_once_with_the_later_row(
    tmp_path, small_batches
):
    read = read_coded(ACLED_SAMPLE.read_bytes(), origin="acled", source="a.csv")
    first = read.incidents[0]
    later = replace(first, quote="The later row.")
    store = IncidentStore(tmp_path / "s.sqlite")
    assert store.import_coded([first, *read.incidents[1:], later], dataset="a.csv") == GOOD_ROWS
    assert store.incident(first.id).quote == "The later row."
    assert facts_of(store.path) == derived_again(store, tmp_path)


def test_a_news_report_of_an_imported_event_is_paired_with_it(tmp_path, small_batches):
    path = acled_file(tmp_path / "a.csv", ROWS)
    store = IncidentStore(tmp_path / "s.sqlite")
    with open_coded(path, origin="acled") as stream:
        store.import_coded(stream, dataset=path.name)
    event = next(i for i in store.incidents() if i.date_precision == "day" and i.place)
    report = Incident(
        id="news-1",
        source="wire.txt",
        language="en",
        event_type=event.event_type,
        date=event.date,
        date_precision="day",
        quote="The same event, as a newspaper told it.",
        quote_start=0,
        quote_end=10,
        place=replace(event.place, lat=event.place.lat + 0.01),
        fatalities=(event.fatalities or 0) + 5,
    )
    article = Article("wire.txt", "The same event.", "en", date(2023, 12, 1), "day", "wire.txt")
    store.ingest(article, [report])
    everything = store.incidents()
    expected = {k: v.id for k, v in query.same_event(everything).items()}
    assert expected.get(event.id) == "news-1"  # the deadlier report stands for the event
    assert {k: v.id for k, v in store.twins(IncidentFilter()).items()} == {
        k: v for k, v in expected.items() if k != v
    }


def test_a_file_that_is_not_utf8_midway_imports_nothing(tmp_path, small_batches):
    path = acled_file(tmp_path / "a.csv", ROWS)
    data = path.read_bytes()
    cut = data.index(b"test row 450")
    path.write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])
    store = IncidentStore(tmp_path / "s.sqlite")
    with pytest.raises(CodedFileError, match="UTF-8"), open_coded(path, origin="acled") as stream:
        store.import_coded(stream, dataset=path.name)
    assert store.counts()["coded_events"] == 0
    assert store.figures(IncidentFilter()).incidents == 0
    done = subprocess.run(
        [sys.executable, "-m", "incidents", "import", "acled", str(path), "--db", str(store.path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "not UTF-8" in done.stderr and "nothing of it was imported" in done.stderr
    assert store.counts()["coded_events"] == 0


def test_the_stream_reads_rows_only_as_they_are_taken():
    lines = iter(io.StringIO(ACLED_SAMPLE.read_text(encoding="utf-8"), newline=""))
    stream = stream_coded(lines, origin="acled", source="a.csv")
    taken = iter(stream)
    next(taken)
    rest = sum(1 for _ in lines)  # what the stream has not read yet
    assert rest > GOOD_ROWS - 5
