"""``python -m incidents``: extract, ingest, export, run as a user would (subprocesses)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.common import REPO, SEED


@pytest.fixture
def env(tmp_path):
    return {
        **os.environ,
        "INCIDENT_MAP_DB": str(tmp_path / "default.sqlite"),
        "INCIDENT_MAP_GEOCACHE": str(tmp_path / "geocache.sqlite"),
        "INCIDENT_MAP_GEOCODER_ONLINE": "0",
    }


def run(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "incidents", *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_extract_prints_the_seed_geojson_and_leaves_the_store_alone(tmp_path, env):
    out = run("extract", "seeds/", "--csv", tmp_path / "x.csv", env=env)
    assert out.returncode == 0, out.stderr
    collection = json.loads(out.stdout)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 4
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "x.csv").read_text())))
    assert [r["date"] for r in rows] == [f["properties"]["date"] for f in collection["features"]]
    assert not (tmp_path / "default.sqlite").exists()


def test_a_bad_file_among_several_is_reported_and_the_others_processed(tmp_path, env):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "german.txt").write_text(
        "Eine Rakete hat gestern Abend den Stützpunkt getroffen, teilten die Behörden mit."
    )
    out = run("extract", folder, "--out", tmp_path / "x.geojson", env=env)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 3
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("german.txt" in e and "German" in e for e in errors)
    assert len(json.loads((tmp_path / "x.geojson").read_text())["features"]) == 4


def test_ingest_twice_adds_nothing_and_export_reads_back_by_month(tmp_path, env):
    db = tmp_path / "store.sqlite"
    first = run("ingest", "seeds/", "--db", db, env=env)
    assert first.returncode == 0, first.stderr
    assert "4 new incident(s)" in first.stderr
    second = run("ingest", SEED, "--db", db, env=env)
    assert "0 new incident(s)" in second.stderr
    july = run("export", "--format", "csv", "--month", "2020-07", "--db", db, env=env)
    assert july.returncode == 0, july.stderr
    assert [r["date"] for r in csv.DictReader(io.StringIO(july.stdout))] == ["2020-07"] * 2
    geojson = json.loads(run("export", "--db", db, env=env).stdout)
    assert len(geojson["features"]) == 4


@pytest.mark.parametrize(
    ("args", "status", "needle"),
    [
        (("extract", "no/such/file.txt"), 1, "no such file"),
        (("export", "--db", "no/such/store.sqlite"), 1, "no store yet"),
        (("export", "--month", "2020-13"), 2, "not a month"),
    ],
)
def test_errors_are_one_line_and_a_non_zero_status(args, status, needle, env):
    out = run(*args, env=env)
    assert out.returncode == status
    assert needle in out.stderr
    assert "Traceback" not in out.stderr


def test_the_console_script_is_installed_with_the_project(env):
    script = Path(sys.executable).with_name("incident-map")
    out = subprocess.run(
        [script, "--help"], env=env, capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert out.returncode == 0 and "extract" in out.stdout and "check" in out.stdout
