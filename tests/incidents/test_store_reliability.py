"""The store under damage: bad rows, damaged files, a full disk, a 0-byte file, a name reused.

The row-level tests run on both backends (SQLite, PostGIS); damaged files, a full disk and
read-only folders are SQLite's.

Each test provokes the condition for real (a row written with bad JSON, a page of the file
zeroed, SQLite's own page limit) on a real SQLite file, then reads the store as the
dashboard and the command line do.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

import pytest

from geo.place import Place
from incidents.check import check_store, repair_store
from incidents.errors import NameTakenError, StoreCorruptError, StoreUnavailableError
from incidents.model import Article, Incident
from incidents.store import IncidentStore, open_store
from tests.common import REPO
from tests.incidents.test_store import BAGHDAD, make_article, make_incident
from tests.stores import execute_raw


@pytest.fixture
def store(store_target):
    """A store on each backend (SQLite file, PostGIS database)."""
    return open_store(store_target)


@pytest.fixture
def sqlite_store(tmp_path):
    return IncidentStore(tmp_path / "incidents.sqlite")


def write_raw(store: IncidentStore, incident_id: str, data: str) -> None:
    """Store a row as an older version or a damaged disk might have left it."""
    execute_raw(
        store,
        "INSERT INTO incidents VALUES (?, 'sha1', 'a1.txt', '2020-07', 'attack', ?)",
        (incident_id, data),
    )


def good_row_and_bad_rows(store: IncidentStore) -> None:
    store.ingest(make_article(1), [make_incident(1, 0), make_incident(1, 1)])
    write_raw(store, "bad-json", '{"id": "bad-json", "source": ')
    huge = make_incident(1, 2).to_dict() | {"id": "huge-toll", "fatalities": 10**25}
    write_raw(store, "huge-toll", json.dumps(huge))
    off_globe = make_incident(1, 3).to_dict() | {"id": "off-globe"}
    off_globe["place"] = BAGHDAD.to_dict() | {"lat": float("nan")}
    write_raw(store, "off-globe", json.dumps(off_globe))


def test_an_unreadable_row_is_reported_with_its_article_and_the_others_are_read(store):
    good_row_and_bad_rows(store)
    read = store.read_incidents()
    assert sorted(i.id for i in read.incidents) == ["inc-1-0", "inc-1-1"]
    reasons = {p.key: p for p in read.problems}
    assert set(reasons) == {"bad-json", "huge-toll", "off-globe"}
    assert all(p.source == "a1.txt" for p in read.problems)
    assert "not a count of people" in reasons["huge-toll"].reason
    assert "latitude" in reasons["off-globe"].reason
    assert [i.id for i in store.incidents()] == ["inc-1-0", "inc-1-1"]


def test_an_unreadable_correction_leaves_its_incident_shown_as_extracted(store):
    store.ingest(make_article(1), [make_incident(1, 0)])
    execute_raw(
        store,
        "INSERT INTO corrections (incident_id, place, corrected_at) "
        "VALUES ('inc-1-0', '{not json', '2020-01-01')",
    )
    read = store.read_incidents()
    assert [i.id for i in read.incidents] == ["inc-1-0"] and not read.incidents[0].corrected
    assert [(p.table, p.key) for p in read.problems] == [("corrections", "inc-1-0")]


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "incidents", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_export_writes_the_readable_rows_and_names_the_bad_ones(store):
    good_row_and_bad_rows(store)
    out = run_cli("export", "--format", "csv", "--db", store.path)
    assert out.returncode == 1
    assert out.stdout.count("inc-1-") == 2
    assert "bad-json" in out.stderr and "huge-toll" in out.stderr and "a1.txt" in out.stderr
    assert "Traceback" not in out.stderr


def zero_a_page(path, page: int = 2) -> None:
    """Overwrite one page of the SQLite file with zeros, as a failing disk does."""
    with sqlite3.connect(path) as con:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as file:
        file.seek((page - 1) * page_size)
        file.write(b"\0" * page_size)


def damaged_store(tmp_path):
    store = IncidentStore(tmp_path / "incidents.sqlite")
    for n in range(40):
        store.ingest(make_article(n), [make_incident(n, k) for k in range(3)])
    zero_a_page(store.path)
    return store.path


def test_a_damaged_store_is_refused_on_opening_with_how_to_recover(tmp_path):
    path = damaged_store(tmp_path)
    with pytest.raises(StoreCorruptError, match="python -m incidents check"):
        IncidentStore(path)


def test_ingest_into_a_damaged_store_fails_and_leaves_the_file_as_it_was(tmp_path):
    path = damaged_store(tmp_path)
    before = path.read_bytes()
    article = tmp_path / "new.txt"
    article.write_text("date 2020-07\nA rocket hit Baghdad on July 3, killing two people.\n")
    out = run_cli(
        "ingest", article, "--db", path, env={"INCIDENT_MAP_GEOCACHE": str(tmp_path / "g.sqlite")}
    )
    assert out.returncode == 1
    assert "damaged" in out.stderr and "check" in out.stderr
    assert path.read_bytes() == before


def test_check_reports_damage_and_repair_backs_up_then_keeps_every_readable_row(tmp_path):
    path = damaged_store(tmp_path)
    damaged_bytes = path.read_bytes()
    report = check_store(path)
    assert not report.ok and report.integrity
    out = run_cli("check", "--db", path)
    assert out.returncode == 1 and "--repair" in out.stderr

    repaired = repair_store(path)
    assert repaired.backup.read_bytes() == damaged_bytes  # the damaged file is kept as it was
    assert repaired.rebuilt and repaired.salvaged["incidents"] > 0
    assert check_store(path).ok
    store = IncidentStore(path)
    assert len(store.incidents()) == repaired.salvaged["incidents"]


def test_repair_moves_unreadable_rows_to_quarantine_and_keeps_them(sqlite_store):
    store = sqlite_store
    good_row_and_bad_rows(store)
    out = run_cli("check", "--repair", "--db", store.path)
    assert out.returncode == 0, out.stderr
    assert "backup:" in out.stdout
    read = store.read_incidents()
    assert not read.problems and len(read.incidents) == 2
    with sqlite3.connect(store.path) as con:
        kept = {row[0] for row in con.execute("SELECT key FROM quarantine")}
    assert kept == {"bad-json", "huge-toll", "off-globe"}


class SmallDiskStore(IncidentStore):
    """A store whose disk fills up: SQLite's own page limit, a few pages above its size."""

    @contextmanager
    def _connect(self, doing: str = "reading"):
        with super()._connect(doing) as con:
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            con.execute(f"PRAGMA max_page_count = {pages + 2}")
            yield con


def test_a_full_disk_is_reported_as_such_not_as_a_failed_rollback(tmp_path):
    IncidentStore(tmp_path / "incidents.sqlite")
    store = SmallDiskStore(tmp_path / "incidents.sqlite")
    big = Article("big.txt", "x" * 200_000, "en", date(2020, 7, 1), "month", "shabig")
    with pytest.raises(StoreUnavailableError) as caught:
        store.ingest(big, [make_incident(9)])
    assert "full" in str(caught.value)
    assert "rollback" not in str(caught.value)
    assert IncidentStore(store.path).is_empty()


def test_a_zero_byte_store_is_flagged(tmp_path):
    path = tmp_path / "incidents.sqlite"
    path.touch()
    assert IncidentStore(path).was_zero_bytes
    assert not IncidentStore(tmp_path / "new.sqlite").was_zero_bytes


def test_another_text_under_a_stored_name_is_refused(store):
    store.ingest(make_article(1), [make_incident(1, 0)])
    other = replace(make_article(2), source="a1.txt")
    with pytest.raises(NameTakenError, match="another name"):
        store.ingest(other, [replace(make_incident(2, 0), source="a1.txt")])
    assert store.article_text("a1.txt") == "Text 1."
    assert store.counts() == {"articles": 1, "incidents": 1, "corrections": 0, "coded_events": 0}


def test_re_ingesting_restores_a_place_an_earlier_ingest_could_not_resolve(store):
    unlocated = replace(make_incident(1, 0), place=None)
    store.ingest(make_article(1), [unlocated])
    assert store.ingest(make_article(1), [make_incident(1, 0)]) == 0
    (read,) = store.incidents()
    assert read.place == BAGHDAD


def test_place_records_refuse_coordinates_off_the_globe():
    for lat, lon in ((91, 0), (0, 181), (float("nan"), 0), (float("inf"), 0), ("1e309", 0)):
        with pytest.raises(ValueError):
            Place.from_dict(BAGHDAD.to_dict() | {"lat": lat, "lon": lon})


def test_incident_records_refuse_implausible_counts_and_dates():
    base = make_incident(1, 0).to_dict()
    for change in (
        {"fatalities": 10**25},
        {"injured": -1},
        {"fatalities": "3"},
        {"date": "{{7*7}}"},
        {"quote": None},
    ):
        with pytest.raises(ValueError):
            Incident.from_dict(base | change)
    assert Incident.from_dict(base) == make_incident(1, 0)


def read_only_mount(folder, command: str) -> subprocess.CompletedProcess:
    """Run ``command`` (a shell line) with ``folder`` bind-mounted read-only over itself.

    A real read-only file system, in a mount namespace of its own (root ignores file
    permissions, so chmod proves nothing here).
    """
    script = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && {command}"
    return subprocess.run(
        ["unshare", "--mount", "sh", "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_store_in_a_read_only_folder_is_exported_and_refuses_writes_with_the_reason(tmp_path):
    store = IncidentStore(tmp_path / "incidents.sqlite")
    store.ingest(make_article(1), [make_incident(1, 0), make_incident(1, 1)])
    geo_cache = tmp_path / "geocache.sqlite"
    subprocess.run(
        [sys.executable, "-m", "geo", "Baghdad", "--country", "IQ", "--cache", geo_cache],
        cwd=REPO, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    before = sorted(p.name for p in tmp_path.iterdir())
    python = sys.executable
    article = REPO / "seeds"
    out = read_only_mount(
        tmp_path,
        f"{python} -m incidents export --format csv --db {store.path} && echo EXPORTED && "
        f"{python} -m geo Baghdad --country IQ --cache {geo_cache} && echo RESOLVED; "
        f"INCIDENT_MAP_GEOCACHE={tmp_path}/g2.sqlite "
        f"{python} -m incidents ingest {article} --db {store.path}; echo ingest=$?",
    )
    assert "EXPORTED" in out.stdout, out.stderr
    assert out.stdout.count("inc-1-") == 2
    assert "RESOLVED" in out.stdout and '"Baghdad"' in out.stdout, out.stderr
    assert "ingest=1" in out.stdout and "read-only" in out.stderr
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing renamed or added
