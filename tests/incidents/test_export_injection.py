"""CSV export: no cell starts a new row, no text cell runs as a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json

import pytest

from geo.place import Place
from incidents.export import COLUMNS, csv_cell, csv_text, to_csv, to_geojson
from maps.build import build_map
from tests.factories import make_incident

WEST = Place("Ouest", 33.3, -3.5, 1, "town", "MA")


def read_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_dicts(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_line_break_in_a_file_name_does_not_start_a_new_row():
    sources = ["x\r=2+5.txt", "x\n=2+5.txt", "x\r\n=2+5.txt", "a\rb\rc"]
    incidents = [make_incident(f"i{n}", source=source) for n, source in enumerate(sources)]
    text = to_csv([*incidents, make_incident("last")])
    rows = read_rows(text)
    assert len(rows) == 1 + len(sources) + 1
    assert all(len(row) == len(COLUMNS) for row in rows)
    dicts = read_dicts(text)
    assert [row["source"] for row in dicts[:-1]] == sources
    assert [row["id"] for row in dicts] == [f"i{n}" for n in range(len(sources))] + ["last"]


FORMULAS = [
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(A1)",
    " =1+1",
    "\n=1+1",
    "\r=1+1",
    "\t=1",
    "\u200b=1",
    "\ufeff=1",
    "\u200c=1",
    "\u200d=1",
    "\u2060=1",
    "\u00a0\u200b =1",
    "\t",
    "\rplain",
]


ORDINARY = ["plain", "a=b", "Une roquette", "", "'=already quoted", "٣ قتلى", "1-2"]


@pytest.mark.parametrize("field", ["quote", "source", "place_mention", "weapon", "event_type"])
def test_formula_like_text_cells_get_a_leading_quote(field):
    incidents = [make_incident(f"i{n}", **{field: cell}) for n, cell in enumerate(FORMULAS)]
    rows = read_dicts(to_csv(incidents))
    assert [row[field] for row in rows] == ["'" + cell for cell in FORMULAS]
    # and only those: ordinary text is left alone
    for cell in ORDINARY:
        assert csv_cell(cell) == cell


def test_place_and_launch_site_names_are_neutralised_too():
    incident = make_incident(
        "a",
        place=Place("=cmd|'/c calc'!A0", 33.3, 44.4, 1, "town"),
        launch_site=Place("\u200b+1", 33.4, 44.3, 1, "town"),
    )
    (row,) = read_dicts(to_csv([incident]))
    assert row["place"] == "'=cmd|'/c calc'!A0"
    assert row["launch_site"] == "'\u200b+1"


def test_a_numeric_column_keeps_its_negative_numbers():
    incident = make_incident("a", place=WEST, fatalities=-1, injured=0)
    text = to_csv([incident])
    (row,) = read_dicts(text)
    assert row["lon"] == "-3.5" and row["fatalities"] == "-1" and row["injured"] == "0"
    # written bare, so a spreadsheet reads them as numbers, and text is quoted
    (line,) = text.splitlines()[1:]
    assert ",-3.5," in line and ',"s.txt",' in line


def test_csv_text_quotes_every_text_cell_and_neutralises_the_header():
    text = csv_text(["name", "=x"], [["a\rb", 1.5], [None, -2]])
    assert read_rows(text) == [["name", "'=x"], ["a\rb", "1.5"], ["", "-2"]]


def test_lone_surrogates_become_replacement_characters():
    text = to_csv([make_incident("a", quote="bad \udc80 byte", source="\ud800=1")])
    text.encode("utf-8")
    (row,) = read_dicts(text)
    assert row["quote"] == "bad \ufffd byte" and row["source"] == "\ufffd=1"


def test_counts_beyond_64_bits_stay_exact_numbers():
    (row,) = read_dicts(to_csv([make_incident("a", fatalities=10**30, injured=-(10**25))]))
    assert row["fatalities"] == str(10**30) and row["injured"] == str(-(10**25))


def test_a_count_too_long_to_write_in_decimal_is_exported_as_unknown():
    too_long = 10**5000  # past Python's int-to-text limit (4,300 digits)
    incident = make_incident("a", fatalities=too_long, injured=3)
    (row,) = read_dicts(to_csv([incident]))
    assert row["fatalities"] == "" and row["injured"] == "3"
    (feature,) = to_geojson([incident])["features"]
    assert feature["properties"]["fatalities"] is None
    json.dumps(feature)
    page = build_map([incident]).get_root().render()
    assert "not reported" in page
