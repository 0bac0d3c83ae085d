"""A damaged, foreign, read-only or full geocoding cache never changes an answer.

A cache is a cache: whatever state its file is in, a resolution gives the same answer as with no
cache at all. A row that cannot be read is dropped and resolved again; a file that is not our
database is set aside and rebuilt; a file that cannot be written is read (or skipped) and never
taken for a corrupt one; a failed write is logged with its real cause.

Tests run as root, which ignores file permissions, so a read-only cache is produced the way SQLite
itself produces one: the connection is opened with the ``mode=ro`` URI (``geo.cache._connect``
patched), and the errors it raises are real SQLite errors. A full disk is SQLite's own
``PRAGMA max_page_count``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest

import geo.cache
from geo.cache import GeoCache, is_corruption
from geo.errors import CacheUnavailableError, CorruptCacheError
from geo.gazetteer import load_gazetteer
from geo.resolve import Resolver, build_resolver

NAME, HINT = "camp Tji", "IQ"
KEY = "camp tji|IQ|"


def resolver_for(path: Path | None) -> Resolver:
    return build_resolver(cache_path=path, online=False, world=False)


def searches_of(resolver: Resolver, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the offline searches the resolver makes (a cache hit makes none)."""
    searches: list[str] = []
    original = resolver.geocoder.geocode

    def spy(query, **kwargs):
        searches.append(query)
        return original(query, **kwargs)

    monkeypatch.setattr(resolver.geocoder, "geocode", spy)
    return searches


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def siblings(path: Path) -> set[str]:
    """The files beside ``path``, but SQLite's own ``-wal`` and ``-shm``.

    A read-only connection to a WAL database makes those two when its folder lets it (here, as
    root, it does); they hold no data of their own.
    """
    return {p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))}


def write_row(path: Path, place: str | None, *, source: str = "gazetteer") -> None:
    """Put a row of our own making under KEY, as a damaged file or an old version would hold it."""
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT OR REPLACE INTO resolution VALUES (?, ?, ?, ?, ?, 0, '2024-01-01T00:00:00')",
            (KEY, NAME, HINT, place, source),
        )
    db.close()


BAD_ROWS = {
    "bad json": ('{"name": "Camp Taji", "lat": 33.5', "gazetteer"),
    "json list": ("[1, 2]", "gazetteer"),
    "json string": ('"Camp Taji"', "gazetteer"),
    "place without name": ('{"lat": 33.5, "lon": 44.2, "geo_precision": 1}', "gazetteer"),
    "latitude not a number": (
        '{"name": "Camp Taji", "lat": "north", "lon": 44.2, "geo_precision": 1, '
        '"feature": "military base"}',
        "gazetteer",
    ),
    "latitude out of range": (
        '{"name": "Camp Taji", "lat": 333.5, "lon": 44.2, "geo_precision": 1, '
        '"feature": "military base"}',
        "gazetteer",
    ),
    "not found with an answer's source": (None, "gazetteer"),
}


@pytest.mark.parametrize("bad", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_unreadable_row_is_dropped_and_the_name_resolves_as_with_no_cache(tmp_path, caplog, bad):
    path = tmp_path / "geocache.sqlite"
    expected = resolver_for(None).resolve(NAME, country_hint=HINT)
    assert expected is not None
    resolver_for(path).resolve(NAME, country_hint=HINT)
    write_row(path, bad[0], source=bad[1])

    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        answer = resolver.resolve(NAME, country_hint=HINT)

    assert answer == expected
    assert resolver.unresolved == ()
    (warning,) = warnings_of(caplog)
    assert KEY in warning and "\n" not in warning
    again = resolver.cache.get(KEY)  # the row was written afresh from the gazetteer
    assert again is not None and again.place == expected


def test_unreadable_row_does_not_hide_the_other_rows(tmp_path, monkeypatch, caplog):
    path = tmp_path / "geocache.sqlite"
    first = resolver_for(path)
    taji = first.resolve(NAME, country_hint=HINT)
    green = first.resolve("zone verte")
    first.cache.close()
    write_row(path, "{not json")

    resolver = resolver_for(path)
    searches = searches_of(resolver, monkeypatch)
    with caplog.at_level(logging.WARNING):
        assert resolver.resolve("zone verte") == green
        assert resolver.resolve(NAME, country_hint=HINT) == taji
        assert resolver.resolve(NAME, country_hint=HINT) == taji
    assert searches == [NAME]  # zone verte from the cache, the bad row searched once
    assert len(warnings_of(caplog)) == 1


def assert_set_aside_and_rebuilt(path: Path, original: bytes, caplog) -> None:
    aside = sorted(path.parent.glob(path.name + ".corrupt-*"))
    assert [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))] == [aside[0].name]
    assert aside[0].read_bytes() == original, "the set-aside file must be the untouched original"
    assert any("set aside" in w and str(path) in w for w in warnings_of(caplog))
    resolver = resolver_for(path)
    assert resolver.cache is not None and len(resolver.cache) == 1  # the first run's answer
    assert resolver.resolve(NAME, country_hint=HINT) == resolver_for(None).resolve(
        NAME, country_hint=HINT
    )


def test_cache_with_the_wrong_schema_is_set_aside_and_rebuilt(tmp_path, caplog):
    path = tmp_path / "geocache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE resolution (name TEXT, lat REAL, lon REAL)")
        db.execute("INSERT INTO resolution VALUES ('Camp Taji', 33.5, 44.2)")
    db.close()
    original = path.read_bytes()
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        assert resolver.resolve(NAME, country_hint=HINT) is not None
    resolver.cache.close()
    assert_set_aside_and_rebuilt(path, original, caplog)


def test_another_sqlite_database_is_set_aside_untouched_and_rebuilt(tmp_path, caplog):
    path = tmp_path / "geocache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE incidents (id TEXT PRIMARY KEY, place TEXT)")
        db.execute("INSERT INTO incidents VALUES ('a', 'Baghdad')")
    db.close()
    original = path.read_bytes()
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        assert resolver.resolve(NAME, country_hint=HINT) is not None
    resolver.cache.close()
    assert_set_aside_and_rebuilt(path, original, caplog)


@pytest.mark.parametrize(
    "content",
    [bytes(4096), os.urandom(8192), b"SQLite format 3\x00" + os.urandom(4080)],
    ids=["zero-filled page", "random bytes", "sqlite header then garbage"],
)
def test_file_that_is_not_a_database_is_set_aside_and_rebuilt(tmp_path, caplog, content):
    path = tmp_path / "geocache.sqlite"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        assert resolver.resolve(NAME, country_hint=HINT) is not None
    resolver.cache.close()
    assert_set_aside_and_rebuilt(path, content, caplog)


def test_empty_file_is_initialised_in_place(tmp_path, caplog):
    path = tmp_path / "geocache.sqlite"
    path.touch()
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        assert resolver.resolve(NAME, country_hint=HINT) is not None
    assert warnings_of(caplog) == []
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert len(resolver.cache) == 1 and path.stat().st_size > 0


# --- read-only and unavailable caches: never taken for corrupt ones --------------------------


def provoke(statement: str, *, uri: str) -> sqlite3.Error:
    try:
        sqlite3.connect(uri, uri=True).execute(statement)
    except sqlite3.Error as err:
        return err
    raise AssertionError(f"{statement} on {uri} did not fail")


def test_sqlite_errors_are_told_apart_corrupt_or_unavailable(tmp_path):
    good = tmp_path / "good.sqlite"
    sqlite3.connect(good).execute("CREATE TABLE t (x)").connection.commit()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(bytes(4096))
    ro = f"{good.as_uri()}?mode=ro"

    readonly = provoke("INSERT INTO t VALUES (1)", uri=ro)
    cannot_open = provoke("SELECT 1", uri=f"{(tmp_path / 'no' / 'x.sqlite').as_uri()}?mode=ro")
    not_a_db = provoke("SELECT * FROM sqlite_master", uri=garbage.as_uri())
    assert "readonly" in str(readonly) and "unable to open" in str(cannot_open)
    assert is_corruption(not_a_db)
    assert not is_corruption(readonly)
    assert not is_corruption(cannot_open)
    for message in ("database or disk is full", "disk I/O error", "database is locked"):
        assert not is_corruption(sqlite3.OperationalError(message))
    assert is_corruption(sqlite3.DatabaseError("database disk image is malformed"))


READ_ONLY = ["folder not writable", "only SQLite finds out"]


def make_read_only(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Every connection the cache opens from now on is read-only, as on a read-only folder.

    Either the operating system says so beforehand (``os.access``, as for a non-root user), or
    only SQLite does, when the cache first writes ("attempt to write a readonly database").
    """
    real = geo.cache._connect

    def read_only(path, *, readonly, timeout):
        return real(path, readonly=True, timeout=timeout)

    monkeypatch.setattr(geo.cache, "_connect", read_only)
    if how == "folder not writable":
        monkeypatch.setattr(geo.cache, "_writable", lambda path: False)


@pytest.fixture(params=READ_ONLY)
def read_only_sqlite(request, monkeypatch):
    make_read_only(monkeypatch, request.param)


@pytest.mark.parametrize("how", READ_ONLY)
def test_read_only_cache_is_read_and_nothing_is_renamed_or_written(
    tmp_path, monkeypatch, caplog, how
):
    path = tmp_path / "geocache.sqlite"
    first = resolver_for(path)
    taji = first.resolve(NAME, country_hint=HINT)
    first.cache.close()
    before, names = path.read_bytes(), siblings(path)

    make_read_only(monkeypatch, how)
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        searches = searches_of(resolver, monkeypatch)
        assert resolver.resolve(NAME, country_hint=HINT) == taji  # read from the cache
        assert resolver.resolve("zone verte") is not None  # resolved, not cached
        assert resolver.resolve("zone verte") is not None
    resolver.cache.close()

    assert searches == ["zone verte", "zone verte"]
    assert siblings(path) == names and path.read_bytes() == before
    (warning,) = warnings_of(caplog)
    assert "read-only" in warning and "corrupt" not in warning


def test_read_only_cache_of_another_gazetteer_serves_only_online_answers(
    tmp_path, caplog, read_only_sqlite
):
    path = tmp_path / "geocache.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(geo.cache._SCHEMA)
        db.execute("INSERT INTO meta VALUES ('gazetteer_digest', 'an older gazetteer')")
    db.close()
    write_row(
        path,
        '{"name": "Elsewhere", "lat": 1.0, "lon": 2.0, "geo_precision": 1, '
        '"feature": "town", "source": "gazetteer"}',
    )
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        answer = resolver.resolve(NAME, country_hint=HINT)
    assert answer is not None and answer.name == "Camp Taji"


def test_corrupt_file_in_a_read_only_folder_is_not_renamed(tmp_path, monkeypatch, caplog):
    make_read_only(monkeypatch, "folder not writable")
    path = tmp_path / "geocache.sqlite"
    path.write_bytes(bytes(4096))
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        assert resolver.resolve(NAME, country_hint=HINT) is not None
    assert resolver.cache is None
    assert siblings(path) == {"geocache.sqlite"}
    assert len(warnings_of(caplog)) == 1


def test_cache_that_cannot_be_opened_at_all_resolves_without_cache(tmp_path, caplog):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(blocker / "geocache.sqlite")
        answer = resolver.resolve(NAME, country_hint=HINT)
    assert answer == resolver_for(None).resolve(NAME, country_hint=HINT)
    assert resolver.cache is None
    (warning,) = warnings_of(caplog)
    assert "without" in warning and str(blocker / "geocache.sqlite") in warning
    assert blocker.read_text().startswith("a file")


def test_geocache_itself_raises_unavailable_not_corrupt(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(CacheUnavailableError) as caught:
        GeoCache(blocker / "geocache.sqlite")
    assert not isinstance(caught.value, CorruptCacheError)


# --- a full disk: the real cause, and the resolution goes on ---------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Cap every cache connection at the file's current size: SQLite reports a full disk."""
    real = geo.cache._connect

    def capped(path, *, readonly, timeout):
        db = real(path, readonly=readonly, timeout=timeout)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return db

    monkeypatch.setattr(geo.cache, "_connect", capped)


def test_full_disk_on_writing_answers_is_logged_with_its_cause_and_answers_go_on(
    tmp_path, caplog, request
):
    path = tmp_path / "geocache.sqlite"
    resolver_for(path).cache.close()
    request.getfixturevalue("full_disk")
    names = [entry.name for entry in load_gazetteer()][:40]
    expected = [resolver_for(None).resolve(n, country_hint=HINT) for n in names]
    with caplog.at_level(logging.WARNING):
        resolver = resolver_for(path)
        answers = [resolver.resolve(n, country_hint=HINT) for n in names]
    assert answers == expected
    warnings = warnings_of(caplog)
    assert warnings and all("database or disk is full" in w for w in warnings)
    assert not any("rollback" in w for w in warnings)
    assert len(warnings) == 1, "one warning per cause, not one per name"


def test_full_disk_on_recording_a_new_gazetteer_reports_the_real_cause(tmp_path, caplog, request):
    path = tmp_path / "geocache.sqlite"
    old = GeoCache(path, digest="old")
    old.close()
    request.getfixturevalue("full_disk")
    with caplog.at_level(logging.WARNING):
        cache = GeoCache(path, digest="a new gazetteer " * 2000)  # needs new pages: full
    warnings = warnings_of(caplog)
    assert any("database or disk is full" in w for w in warnings), warnings
    assert not any("rollback" in w for w in warnings)
    assert cache.get("anything||") is None
