"""The settings: one prefix, defaults under the project whatever the working directory."""

from __future__ import annotations

import logging
from pathlib import Path

from config.settings import PROJECT, Settings, is_database_url, shown


def test_defaults_lie_under_the_project_not_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.db == PROJECT / "data" / "incidents.sqlite"
    assert settings.geocache_for() == PROJECT / "data" / "geocache.sqlite"
    assert settings.seeds == PROJECT / "seeds"
    assert settings.geocoder_online is False and settings.chromium is None


def test_the_data_folder_moves_the_store_and_its_cache():
    settings = Settings.from_env({"INCIDENT_MAP_DATA": "/srv/maps"})
    assert settings.db == Path("/srv/maps/incidents.sqlite")
    assert settings.geocache_for() == Path("/srv/maps/geocache.sqlite")
    explicit = Settings.from_env({"INCIDENT_MAP_GEOCACHE": "/tmp/g.sqlite"})
    assert explicit.geocache_for(Path("/x/s.sqlite")) == Path("/tmp/g.sqlite")


def test_the_names_of_earlier_versions_still_work_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        old = Settings.from_env({"MAPS_CHROMIUM": "/opt/c", "INCIDENTS_GEOCODER_ONLINE": "yes"})
    assert old.chromium == "/opt/c" and old.geocoder_online
    assert "INCIDENT_MAP_CHROMIUM" in caplog.text
    new = Settings.from_env({"INCIDENT_MAP_CHROMIUM": "/a", "MAPS_CHROMIUM": "/b"})
    assert new.chromium == "/a"


def test_a_postgresql_url_picks_the_shared_store_and_a_path_the_sqlite_file():
    url = "postgresql://analyst:s3cret@db.newsroom:5432/incidents"
    shared = Settings.from_env({"INCIDENT_MAP_DB": url, "INCIDENT_MAP_DATA": "/srv/maps"})
    assert shared.db_url == url and shared.store == url
    assert shared.geocache_for() == Path("/srv/maps/geocache.sqlite")  # no file beside a URL
    assert shown(shared.store) == "postgresql://analyst@db.newsroom:5432/incidents"
    local = Settings.from_env({"INCIDENT_MAP_DB": "/srv/maps/desk.sqlite"})
    assert local.db_url is None and local.store == Path("/srv/maps/desk.sqlite")
    assert local.geocache_for() == Path("/srv/maps/geocache.sqlite")
    assert is_database_url("postgres://db/x") and not is_database_url("postgresql.sqlite")
