"""The column-wise reading of an ACLED file (``CodedStream.batches``, what a store import
uses) gives, row for row, what the reference reading gives (each row made into an
``Incident``, then its stored JSON and ``facts`` row made from it), on a file of awkward rows:
missing and blank cells, bad dates and numbers, HTML and spreadsheet-formula text, quotes and
line breaks inside cells, non-ASCII text, columns in another order, events given twice, rows
of the wrong width. Bad rows are reported with their line and reason, never stop the import.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from incidents.coded import ACLED_COLUMNS, MAX_CELL, CodedStream, read_coded, stream_coded
from incidents.store import IncidentStore
from incidents.store.bulk import rows_of
from tests.data.make_coded_samples import acled_rows

GOOD = 40

# (cells changed from a good row, what the reference reading says of it: None when good)
AWKWARD: list[tuple[dict[str, object], str | None]] = [
    ({"location": "", "fatalities": "", "actor2": "", "inter2": ""}, None),
    ({"time_precision": "", "geo_precision": ""}, None),
    ({"time_precision": "2.0", "geo_precision": " 3 "}, None),
    ({"time_precision": "4"}, "time_precision"),
    ({"event_date": "2023-02-30"}, "date"),
    ({"event_date": "yesterday"}, "date"),
    ({"event_date": "16-February-2023 "}, None),
    ({"event_date": "2023-03-04 10:15:00"}, None),
    ({"notes": '<script>alert("x")</script> & <b>bold</b>'}, None),
    ({"notes": '=HYPERLINK("http://evil.example","click")', "actor1": "+cmd|' /C calc'!A0"}, None),
    ({"notes": 'He said "stop",\nthen left; a second line.\r\nAnd a third.'}, None),
    ({"location": "Ménaka ", "notes": "Attaque à Ménaka — 3 morts; الموصل 🚀"}, None),
    ({"actor1": "Forces armées maliennes (FAMa)", "inter1": "State forces"}, None),
    ({"inter1": "9", "inter2": "Rebel groups"}, None),
    ({"latitude": "95.5"}, "latitude"),
    ({"longitude": "abc"}, "longitude"),
    ({"latitude": "nan"}, "latitude"),
    ({"longitude": "inf"}, "longitude"),
    ({"latitude": ""}, "latitude"),
    ({"latitude": " 12.5 ", "longitude": "-0.0"}, None),
    ({"latitude": "1_2.5"}, None),  # float() reads it, so both ways do
    ({"sub_event_type": "armed CLASH", "event_type": "battles"}, None),
    ({"sub_event_type": "Bombing"}, "sub_event_type"),
    ({"sub_event_type": "Armed clash", "event_type": "Protests"}, "sub_event_type"),
    ({"fatalities": "3.0"}, None),
    ({"fatalities": "-1"}, "fatalities"),
    ({"fatalities": "many"}, "fatalities"),
    ({"fatalities": "2000000"}, "fatalities"),
    ({"iso": "", "country": "Burkina Faso"}, None),
    ({"iso": "999", "country": "Nowhere"}, None),
    ({"iso": "²", "inter1": "³"}, None),  # digits to str.isdigit, not numbers to int()
    ({"event_id_cnty": ""}, "event_id_cnty"),
    ({"event_id_cnty": " MLI77777 ", "tags": " crowd size=no report "}, None),
    ({"admin2": "x" * (MAX_CELL + 1)}, "a cell longer"),
]


def awkward_rows() -> list[dict[str, object]]:
    good = list(acled_rows(GOOD + len(AWKWARD)))
    rows = good[:GOOD]
    for k, (changes, _) in enumerate(AWKWARD):
        rows.append({**good[GOOD + k], **changes})
    rows.append(dict(good[3]))  # an event given twice
    return rows


def awkward_csv(columns: list[str]) -> str:
    """The awkward rows under ``columns``, with a blank line, a row of empty cells, a short
    row and a long one among them."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    rows = awkward_rows()
    writer.writerows(rows[:10])
    out.write("\r\n")  # a blank line
    out.write("," * (len(columns) - 1) + "\r\n")  # a row of empty cells
    out.write("MLI1,2023-01-01,2023\r\n")  # too few cells
    writer.writerows(rows[10:20])
    out.write("," * len(columns) + "extra\r\n")  # one cell too many
    writer.writerows(rows[20:])
    return out.getvalue()


def columns_variants() -> list[list[str]]:
    shuffled = list(reversed(ACLED_COLUMNS))
    without = [c for c in ACLED_COLUMNS if c not in ("tags", "timestamp", "admin3", "iso")]
    return [list(ACLED_COLUMNS), [*shuffled, "an_extra_column"], without]


def batched(text: str, *, size: int) -> tuple[list[tuple], list[tuple], list[tuple[int, str]]]:
    stream = stream_coded(io.StringIO(text, newline=""), origin="acled", source="a.csv")
    events, facts = [], []
    for batch in stream.batches(size=size, dataset="a.csv"):
        events += batch.events
        facts += batch.facts
    return events, facts, [(e.line, e.reason) for e in stream.errors]


@pytest.mark.parametrize("columns", columns_variants(), ids=["as-published", "reordered", "fewer"])
@pytest.mark.parametrize("size", [7, 1000])
def test_column_wise_reading_gives_the_reference_rows_and_errors(columns, size, monkeypatch):
    text = awkward_csv(columns)
    reference = read_coded(text, origin="acled", source="a.csv")
    expected = rows_of(reference.incidents, dataset="a.csv")
    # Count the rows left to the reference way: the good rows must not be among them.
    slow = []
    original = CodedStream._read
    monkeypatch.setattr(
        CodedStream, "_read", lambda self, row: slow.append(row) or original(self, row)
    )
    events, facts, errors = batched(text, size=size)
    assert events == expected.events
    assert facts == expected.facts
    assert errors == [(e.line, e.reason) for e in reference.errors]
    refused = sum(1 for _, reason in AWKWARD if reason is not None)
    assert len(slow) <= refused + 4  # + the blank-celled, short and long rows, one spare
    assert len(events) >= GOOD + len(AWKWARD) - refused - 1


def test_the_awkward_rows_are_reported_with_their_line_and_reason():
    text = awkward_csv(list(ACLED_COLUMNS))
    events, _, errors = batched(text, size=1000)
    reasons = [reason for _, reason in errors]
    for _, word in AWKWARD:
        if word is not None:
            assert any(word in reason for reason in reasons), word
    assert sum("columns expected" in r for r in reasons) == 2
    assert any("already on line" in r for r in reasons)
    # Lines count the line breaks inside quoted cells: each reported line holds its row.
    lines = text.splitlines()
    for line, reason in errors:
        if "already on line" in reason:
            assert lines[line - 1].startswith(awkward_rows()[3]["event_id_cnty"])
    # Non-ASCII and markup are kept as the file gives them (escaping is the page's job).
    quotes = {e[5] for e in events}
    assert any("الموصل 🚀" in q for q in quotes)
    assert any("<script>" in q for q in quotes)


def test_a_store_import_of_the_awkward_file_equals_one_of_its_incidents(tmp_path: Path):
    path = tmp_path / "awkward.csv"
    path.write_text(awkward_csv(list(ACLED_COLUMNS)), encoding="utf-8", newline="")
    reference = read_coded(path.read_bytes(), origin="acled", source=path.name)
    by_incidents = IncidentStore(tmp_path / "incidents.sqlite")
    by_incidents.import_coded(reference.incidents, dataset=path.name)
    by_file = IncidentStore(tmp_path / "file.sqlite")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        stream = stream_coded(handle, origin="acled", source=path.name)
        added = by_file.import_coded(stream, dataset=path.name)
    assert added == len(reference.incidents)
    assert [(e.line, e.reason) for e in stream.errors] == [
        (e.line, e.reason) for e in reference.errors
    ]
    for table in ("coded_events", "facts"):
        query = f"SELECT * FROM {table} ORDER BY id"
        with sqlite3.connect(by_file.path) as a, sqlite3.connect(by_incidents.path) as b:
            assert a.execute(query).fetchall() == b.execute(query).fetchall()
    assert by_file.incidents() == by_incidents.incidents()
