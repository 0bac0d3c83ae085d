"""``python -m geo NAME [--country CC]``: one JSON object, exit status 1 when not found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "INCIDENTS_GEOCODER_ONLINE"}
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
