"""The SQLite resolution cache: reuse without search or network, two writers, corruption."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import time

import pytest

from geo.cache import GeoCache
from geo.gazetteer import load_gazetteer
from geo.place import Place
from geo.resolve import Resolver, build_resolver, data_digest
from tests.common import REPO

ROOT = REPO


class CountingLookup:
    """Stands in for the online service; counts calls and answers a fixed place."""

    def __init__(self, place: Place | None) -> None:
        self.place = place
        self.calls: list[str] = []

    def lookup(self, query: str, *, country_code: str | None = None) -> tuple[bool, Place | None]:
        self.calls.append(query)
        return True, self.place


def counting(resolver: Resolver, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the offline searches the resolver makes."""
    searches: list[str] = []
    original = resolver.geocoder.geocode

    def spy(query, **kwargs):
        searches.append(query)
        return original(query, **kwargs)

    monkeypatch.setattr(resolver.geocoder, "geocode", spy)
    return searches


def test_second_resolution_of_a_gazetteer_name_does_no_search(tmp_path, monkeypatch):
    resolver = build_resolver(cache_path=tmp_path / "geocache.sqlite", online=False)
    searches = counting(resolver, monkeypatch)
    first = resolver.resolve("camp Taji", country_hint="IQ")
    second = resolver.resolve("camp Taji", country_hint="IQ")
    assert first == second and first is not None
    assert searches == ["camp Taji"]


def test_second_resolution_of_an_online_name_does_no_search_and_no_network_call(
    tmp_path, monkeypatch
):
    answer = Place("Springfield", 39.8, -89.65, 1, "city", "US", "nominatim", "relation/1")
    online = CountingLookup(answer)
    resolver = build_resolver(
        cache_path=tmp_path / "geocache.sqlite", online=True, online_lookup=online
    )
    searches = counting(resolver, monkeypatch)
    assert resolver.resolve("Qzxv Springfield") == answer
    assert resolver.resolve("Qzxv Springfield") == answer
    assert online.calls == ["Qzxv Springfield"]
    assert searches == ["Qzxv Springfield"]


def test_cache_survives_the_process_with_source_and_time(tmp_path):
    path = tmp_path / "geocache.sqlite"
    build_resolver(cache_path=path, online=False).resolve("zone verte")
    cache = GeoCache(path, digest=data_digest(load_gazetteer().digest, world=True))
    (row,) = [cache.get(k) for k in ["zone verte||"]]
    assert row is not None and row.source == "gazetteer" and row.place.place_id == "green_zone"
    assert row.resolved_at.startswith("20")


def test_not_found_is_cached_and_retried_once_online_is_on(tmp_path):
    path = tmp_path / "geocache.sqlite"
    offline = build_resolver(cache_path=path, online=False, world=False)
    assert offline.resolve("Xqzvw") is None
    assert offline.unresolved == ("Xqzvw",)
    online = CountingLookup(None)
    later = build_resolver(cache_path=path, online=True, online_lookup=online, world=False)
    assert later.resolve("Xqzvw") is None
    assert later.resolve("Xqzvw") is None
    assert online.calls == ["Xqzvw"]


def test_changed_gazetteer_drops_offline_answers_but_keeps_online_ones(tmp_path):
    path = tmp_path / "geocache.sqlite"
    cache = GeoCache(path, digest="old")
    place = Place("X", 1.0, 2.0, 1, "town", "IQ", "gazetteer", "x")
    cache.put("x||", query="x", country_hint=None, place=place)
    online = Place("Y", 1.0, 2.0, 1, "town", "IQ", "nominatim", "node/1")
    cache.put("y||", query="y", country_hint=None, place=online, online_tried=True)
    cache.close()
    again = GeoCache(path, digest="new")
    assert again.get("x||") is None
    assert again.get("y||").place == online


def test_corrupt_cache_file_is_set_aside_and_rebuilt(tmp_path, caplog):
    path = tmp_path / "geocache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING, logger="geo.cache"):
        resolver = build_resolver(cache_path=path, online=False, world=False)
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    aside = list(tmp_path.glob("geocache.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert resolver.resolve("camp Taji") is not None
    assert len(resolver.cache) == 1


WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from geo.gazetteer import load_gazetteer
    from geo.resolve import build_resolver

    path, part, go = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    resolver = build_resolver(cache_path=path, online=False, world=False)
    names = [e.name for e in load_gazetteer()]
    (go.parent / f"ready-{part}").touch()
    while not go.exists():  # start line: both processes write at the same time
        time.sleep(0.01)
    mine = names[part::2]
    for name in mine:
        for hint in (None, "IQ", "SY"):
            resolver.resolve(name, country_hint=hint)
    print(json.dumps(len(mine)))
    """
)


def test_two_processes_resolving_at_once_lose_no_cache_entry(tmp_path):
    path = tmp_path / "geocache.sqlite"
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), str(part), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in (0, 1)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{p}").exists() for p in (0, 1)):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers)
        time.sleep(0.01)
    go.touch()
    outputs = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]
    written = sum(json.loads(out) for out, _ in outputs) * 3
    cache = GeoCache(path)
    assert len(cache) == written == len(load_gazetteer()) * 3
