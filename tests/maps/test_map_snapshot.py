"""Snapshots: the standalone HTML page, and a clear error when there is no browser."""

from __future__ import annotations

import re

import pytest

from geo.place import Place
from incidents.model import Incident
from maps import snapshot
from maps.errors import BrowserUnavailableError, MapsError, SnapshotError
from maps.snapshot import caption_text, chromium_path, render_png, standalone_html
from tests.factories import make_incident

GREEN_ZONE = Place("Green Zone", 33.3045, 44.3909, 2, "government zone", "IQ")


def incident(id_: str, **changes) -> Incident:
    fields = dict(
        source="seed.txt",
        event_type="attack",
        quote="Une roquette <script>alert(1)</script>",
        quote_end=10,
        place=GREEN_ZONE,
    )
    return make_incident(id_, **(fields | changes))


def test_caption_text():
    assert caption_text("months: 2020-07", 2) == "2 incidents · months: 2020-07"
    assert caption_text("", 1) == "1 incident"
    assert caption_text("types: all", 3, span="2020-03 to 2020-07") == (
        "3 incidents · 2020-03 to 2020-07 · types: all"
    )


def test_standalone_html_is_self_contained_and_captioned():
    page = standalone_html([incident("a"), incident("b")], caption="2 incidents · July <b>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Incident map — 2 incidents · July &lt;b&gt;</title>" in page
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", page)
    assert "<script>alert(1)</script>" not in page


def test_no_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("INCIDENT_MAP_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(snapshot, "DEFAULT_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(snapshot.shutil, "which", lambda _name: None)
    with pytest.raises(BrowserUnavailableError, match="make chromium") as info:
        chromium_path()
    assert isinstance(info.value, SnapshotError) and isinstance(info.value, MapsError)
    with pytest.raises(BrowserUnavailableError):
        render_png("<html></html>")


def test_a_browser_that_does_not_start_is_a_clear_error(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(BrowserUnavailableError, match="did not start"):
        render_png("<html></html>", chromium=str(fake), timeout_s=10)
