"""``python -m geo NAME [--country CC]``: one JSON object, exit status 1 when not found."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.common import REPO

ROOT = REPO


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "INCIDENT_MAP_GEOCODER_ONLINE"}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args, "--cache", str(tmp_path / "geocache.sqlite")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_prints_one_json_object_for_a_known_name(tmp_path):
    result = run(tmp_path, "zone verte")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["query"] == "zone verte" and out["name"] == "Green Zone"
    assert {"lat", "lon", "geo_precision", "feature", "source"} <= set(out)
    assert (out["lat"], out["lon"]) == (33.3076, 44.3903)
    assert out["source"] == "gazetteer" and out["feature"] == "government zone"


def test_cli_country_hint_picks_baghdad_iraq(tmp_path):
    result = run(tmp_path, "Bagdad", "--country", "IQ")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["name"], out["country_code"]) == ("Baghdad", "IQ")


def test_cli_not_found_exits_1_with_an_error_object(tmp_path):
    result = run(tmp_path, "Xqzvw")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"query": "Xqzvw", "error": "not found"}


def test_cli_with_an_unreadable_cache_row_prints_the_answer_and_one_warning(tmp_path):
    first = run(tmp_path, "camp Tji", "--country", "IQ")
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(tmp_path / "geocache.sqlite") as db:
        db.execute("UPDATE resolution SET place = '{bad json' WHERE key = 'camp tji|IQ|'")
    db.close()

    result = run(tmp_path, "camp Tji", "--country", "IQ")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(first.stdout)
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("WARNING") and "'camp tji|IQ|'" in warning
    again = run(tmp_path, "camp Tji", "--country", "IQ")  # the row was written afresh
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")


def test_cli_with_a_cache_that_cannot_be_opened_resolves_and_warns_once(tmp_path):
    (tmp_path / "geocache.sqlite").mkdir()  # a folder where the cache file should be
    result = run(tmp_path, "zone verte")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Green Zone"
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("WARNING") and "without a cache" in warning
    assert [p.name for p in tmp_path.iterdir()] == ["geocache.sqlite"]
