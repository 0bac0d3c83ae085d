"""Coded datasets in: ACLED and UCDP GED CSV files, read by column name, bad rows by line."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest

from incidents.coded import (
    ACLED_COLUMNS,
    UCDP_COLUMNS,
    CodedFileError,
    acled_csv,
    parse_date,
    read_coded,
    ucdp_csv,
)
from incidents.store import IncidentStore
from maps.build import build_map
from tests.common import REPO
from tests.data.make_coded_samples import (
    ACLED_BAD_LINES,
    ACLED_SAMPLE,
    GOOD_ROWS,
    UCDP_BAD_LINES,
    UCDP_SAMPLE,
    acled_rows,
)

ROOT = REPO


def test_the_sample_files_are_what_the_generator_writes(tmp_path, monkeypatch):
    import tests.data.make_coded_samples as samples

    monkeypatch.setattr(samples, "ACLED_SAMPLE", tmp_path / "a.csv")
    monkeypatch.setattr(samples, "UCDP_SAMPLE", tmp_path / "u.csv")
    samples.main()
    assert (tmp_path / "a.csv").read_bytes() == ACLED_SAMPLE.read_bytes()
    assert (tmp_path / "u.csv").read_bytes() == UCDP_SAMPLE.read_bytes()


def test_the_samples_have_the_exact_published_column_layouts():
    assert next(csv.reader(ACLED_SAMPLE.open())) == list(ACLED_COLUMNS)
    assert next(csv.reader(UCDP_SAMPLE.open())) == list(UCDP_COLUMNS)
    assert len(ACLED_COLUMNS) == 31


@pytest.mark.parametrize(
    ("origin", "path", "bad"),
    [("acled", ACLED_SAMPLE, ACLED_BAD_LINES), ("ucdp", UCDP_SAMPLE, UCDP_BAD_LINES)],
)
def test_bad_rows_are_reported_by_line_and_the_others_kept(origin, path, bad):
    read = read_coded(path.read_bytes(), origin=origin, source=path.name)
    assert len(read.incidents) == GOOD_ROWS
    assert {e.line: e.reason for e in read.errors}.keys() == bad.keys()
    for error in read.errors:
        assert bad[error.line] in error.reason, error
    assert all(i.origin == origin and i.id.startswith(origin + ":") for i in read.incidents)


def test_importing_a_file_twice_adds_nothing(tmp_path):
    store = IncidentStore(tmp_path / "s.sqlite")
    for origin, path in (("acled", ACLED_SAMPLE), ("ucdp", UCDP_SAMPLE)):
        read = read_coded(path.read_bytes(), origin=origin, source=path.name)
        assert store.import_coded(read.incidents, dataset=path.name) == GOOD_ROWS
        assert store.import_coded(read.incidents, dataset=path.name) == 0
    assert len(store.incidents()) == 2 * GOOD_ROWS
    assert store.counts()["coded_events"] == 2 * GOOD_ROWS


def test_the_command_line_imports_reports_bad_lines_and_adds_nothing_the_second_time(tmp_path):
    db = tmp_path / "s.sqlite"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "incidents", *args, "--db", str(db)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = run("import", "acled", str(ACLED_SAMPLE))
    assert first.returncode == 1  # bad rows were left out
    for line in ACLED_BAD_LINES:
        assert f"line {line}:" in first.stderr
    assert f"{GOOD_ROWS} new" in first.stderr
    again = run("import", "acled", str(ACLED_SAMPLE))
    assert "0 new" in again.stderr
    ucdp = run("import", "ucdp", str(UCDP_SAMPLE))
    assert f"{GOOD_ROWS} new" in ucdp.stderr
    exported = run("export", "--format", "acled")
    assert exported.returncode == 0, exported.stderr
    frame = pd.read_csv(io.StringIO(exported.stdout.removeprefix("\ufeff")))
    assert len(frame) == 2 * GOOD_ROWS


def test_columns_are_found_by_name_in_any_order_with_extra_columns():
    rows = list(acled_rows(3))
    columns = ["notes", "extra", *reversed(ACLED_COLUMNS[:-1])]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "extra": "x"} for row in rows)
    read = read_coded("\ufeff" + out.getvalue(), origin="acled", source="shuffled.csv")
    assert [i.event_id for i in read.incidents] == [r["event_id_cnty"] for r in rows]
    assert not read.errors


def test_a_file_without_the_needed_columns_is_refused_whole():
    with pytest.raises(CodedFileError, match="event_id_cnty"):
        read_coded("a,b\n1,2\n", origin="acled", source="x.csv")
    with pytest.raises(CodedFileError, match="date_start"):
        read_coded("id,best\n1,2\n", origin="ucdp", source="x.csv")


def test_dates_as_the_exports_write_them():
    assert str(parse_date("2023-02-16")) == "2023-02-16"
    assert str(parse_date("16 February 2023")) == "2023-02-16"
    assert str(parse_date("16-February-2023")) == "2023-02-16"
    assert str(parse_date("2020-03-01 00:00:00.000")) == "2020-03-01"
    with pytest.raises(ValueError, match="date"):
        parse_date("2023-02-30")


def test_an_acled_row_maps_onto_the_model():
    read = read_coded(ACLED_SAMPLE.read_bytes(), origin="acled", source="a.csv")
    first = read.incidents[0]
    assert first.event_id == "MAL10000" and first.place.country_code == "ML"
    assert first.event_type == "armed clash"  # ACLED's "Armed clash" is one of our kinds
    assert first.actor1.name == "Military Forces of Mali" and first.actor1.inter == 1
    assert first.coded_value("admin1") == "Mopti"
    protest = next(
        i for i in read.incidents if i.coded_value("sub_event_type") == "Peaceful protest"
    )
    assert protest.event_type == "peaceful protest"


def test_a_ucdp_row_keeps_its_date_range_and_its_low_best_high():
    read = read_coded(UCDP_SAMPLE.read_bytes(), origin="ucdp", source="u.csv")
    ranged = next(i for i in read.incidents if i.fatalities_high is not None)
    assert ranged.fatalities_high > ranged.fatalities
    spanned = next(i for i in read.incidents if i.date_end)
    assert spanned.date_end > spanned.date
    frame = pd.read_csv(io.StringIO(ucdp_csv(read.incidents).removeprefix("\ufeff")))
    assert list(frame.columns) == [*UCDP_COLUMNS, "duplicate_of"]
    row = frame.set_index("id").loc[int(ranged.event_id)]
    assert (row["low"], row["best"], row["high"]) == (
        ranged.fatalities_low if ranged.fatalities_low is not None else ranged.fatalities,
        ranged.fatalities,
        ranged.fatalities_high,
    )


HOSTILE = (
    "event_id_cnty,event_date,sub_event_type,event_type,actor1,latitude,longitude,notes,"
    "fatalities,location\n"
    'X1,2023-01-05,Attack,Violence against civilians,"=HYPERLINK(""http://evil.example"")",'
    '14.5,-4.2,"<script>window.__pwned=1</script> {{ 7*7 }}",2,"<img src=x onerror=alert(1)>"\n'
)


def test_untrusted_cells_stay_data_in_the_exports_and_on_the_map():
    read = read_coded(HOSTILE, origin="acled", source="hostile.csv")
    (event,) = read.incidents
    text = acled_csv([event])
    assert "'=HYPERLINK" in text and '"=HYPERLINK' not in text  # the formula is defused
    page = build_map([event]).get_root().render()
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert "{{ 7*7 }}" not in page or "49" not in page
