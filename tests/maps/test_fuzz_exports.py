"""Fuzzing the exports: CSV, GeoJSON, the map and its HTML snapshot are total over any Incident.

Generated incidents fill every field the :class:`~incidents.model.Incident` type allows:
text over all of Unicode (lone surrogates, controls, zero-width characters) mixed with
template, Markdown, HTML and formula syntax; counts from None to beyond 64 bits (a count
past Python's int-to-text limit is tested in test_export_injection: Hypothesis cannot show
one); coordinates from ordinary to NaN, infinite and off the globe;
None wherever the type says ``| None``. Each export must finish within
``FUZZ_INPUT_LIMIT_S`` and:

- CSV: parse back with one row per incident, every text cell intact (lone surrogates as
  U+FFFD) and none a spreadsheet would run as a formula;
- GeoJSON: survive a strict JSON round trip (no NaN), as UTF-8;
- the map: render with no template evaluation (a ``{{ 1337*1000 }}`` marker never becomes
  ``1337000``) and every located incident's quote in the page's data, as written;
- the HTML snapshot: the same, and encode as UTF-8.

``make test`` runs the "ci" Hypothesis profile, ``make fuzz`` the "fuzz" one (see conftest).
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.place import Place
from incidents.export import COLUMNS, clean_text, mappable, to_csv, to_geojson
from incidents.model import DATE_PRECISIONS, EVENT_TYPES, Incident
from maps.build import build_map
from maps.snapshot import standalone_html
from tests.conftest import FUZZ_INPUT_LIMIT_S

pytestmark = pytest.mark.fuzz

MARKER = "{{ 1337*1000 }}"
EVALUATED = "1337000"
SYNTAX = (
    MARKER,
    "{{7*7}}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{% raw %}",
    "{% endraw %}",
    "{{ lipsum.__globals__ }}",
    "</script>",
    "<script>",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "]]>",
    "**bold**",
    "[link](javascript:alert(1))",
    "`code`",
    "$x$",
    "\\",
    '"',
    "'",
    "&amp;",
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\ud800",
    "\udfff",
    "\U0001f4a3",
)
CHARACTERS = st.one_of(
    st.characters(exclude_categories=()),  # all of Unicode, surrogates included
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.sampled_from("{}%#<>&'\"\\\r\n\t=+-@\x00\u200b\u200c\u200d\u2060\ufeff"),
)
TEXT = st.one_of(
    st.text(CHARACTERS, max_size=40),
    st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(CHARACTERS, max_size=6)), max_size=8).map(
        "".join
    ),
)
OPTIONAL_TEXT = st.none() | TEXT
HUGE = [2**53 + 1, 2**63, -(2**63) - 1, 10**30, 10**4000]
COUNTS = st.none() | st.integers() | st.sampled_from([-1, 0, *HUGE])
COORDINATES = st.one_of(
    st.floats(-90, 90),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 90.0, -180.0, 0.0]),
)
DATES = st.none() | TEXT | st.sampled_from(["2020", "2020-07", "2020-07-31", "2020-13", "0000"])


@st.composite
def places(draw: st.DrawFn) -> Place:
    lat, lon = draw(COORDINATES), draw(COORDINATES)
    if draw(st.booleans()):  # often a drawable point, so that the map has markers
        lat, lon = draw(st.floats(-90, 90)), draw(st.floats(-180, 180))
    return Place(
        name=draw(TEXT),
        lat=lat,
        lon=lon,
        geo_precision=draw(st.integers() | st.sampled_from([1, 2, 6, 7, *HUGE])),
        feature=draw(TEXT),
        country_code=draw(OPTIONAL_TEXT),
        source=draw(TEXT),
        place_id=draw(OPTIONAL_TEXT),
    )


@st.composite
def incidents(draw: st.DrawFn) -> Incident:
    return Incident(
        id=draw(TEXT),
        source=draw(TEXT),
        language=draw(st.sampled_from(["fr", "en"]) | TEXT),
        event_type=draw(st.sampled_from(EVENT_TYPES) | TEXT),
        date=draw(DATES),
        date_precision=draw(st.sampled_from(DATE_PRECISIONS) | TEXT),
        quote=draw(TEXT),
        quote_start=draw(st.integers()),
        quote_end=draw(st.integers()),
        weapon=draw(OPTIONAL_TEXT),
        place_mention=draw(OPTIONAL_TEXT),
        place=draw(st.none() | places()),
        launch_site=draw(st.none() | places()),
        fatalities=draw(COUNTS),
        injured=draw(COUNTS),
        corrected=draw(st.booleans()),
    )


def within_limit(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - started
    assert elapsed < FUZZ_INPUT_LIMIT_S, f"{function.__name__} took {elapsed:.1f} s"
    return result


TEXT_COLUMNS = (
    "id",
    "date",
    "date_precision",
    "event_type",
    "weapon",
    "place",
    "place_mention",
    "quote",
    "source",
    "language",
    "launch_site",
)
_SKIPPED = {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"}


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet may run: first significant character = + - @, or a tab/CR start."""
    if cell.startswith(("\t", "\r")):
        return True
    significant = [c for c in cell if not (c.isspace() or unicodedata.category(c) in _SKIPPED)]
    return bool(significant) and significant[0] in "=+-@"


@given(st.lists(incidents(), max_size=4))
def test_csv_export_is_total_one_row_per_incident_and_formula_free(generated):
    text = within_limit(to_csv, generated)
    text.encode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(generated) + 1
    assert all(len(row) == len(COLUMNS) for row in rows)
    records = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    for record, incident in zip(records, generated, strict=True):
        for column in TEXT_COLUMNS:
            assert not runs_as_formula(record[column]), (column, record[column])
        quote = clean_text(incident.quote)
        assert record["quote"] in (quote, "'" + quote)


@given(st.lists(incidents(), max_size=4))
def test_geojson_export_is_total_and_strict_json(generated):
    collection = within_limit(to_geojson, generated)
    encoded = json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")
    assert json.loads(encoded) == collection
    assert len(collection["features"]) == len(generated)
    for feature in collection["features"]:
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert abs(lat) <= 90 and abs(lon) <= 180


def page_strings(page: str) -> list[str]:
    """Every JSON string in the page's scripts, decoded and HTML-unescaped."""
    strings = []
    for script in re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S):
        for token in re.findall(r'"(?:[^"\\]|\\.)*"', script):
            try:
                strings.append(html.unescape(json.loads(token)))
            except json.JSONDecodeError:
                continue
    return strings


def with_marker(incident: Incident) -> Incident:
    """The incident with the evaluation marker in its quote."""
    return Incident(**{**vars(incident), "quote": incident.quote + MARKER})


def no_marker_in(generated: list[Incident]) -> bool:
    return EVALUATED not in repr(generated)


@given(st.lists(incidents(), max_size=2).filter(no_marker_in), OPTIONAL_TEXT)
def test_map_renders_any_incident_without_evaluating_its_text(generated, caption):
    generated = [with_marker(incident) for incident in generated]
    caption = None if caption is None else caption + MARKER
    page = within_limit(lambda: build_map(generated, caption=caption).get_root().render())
    assert EVALUATED not in page
    strings = page_strings(page)
    for incident in generated:
        if mappable(incident.place):
            assert any(f"<blockquote>{incident.quote}</blockquote>" in s for s in strings)


@settings(max_examples=max(10, settings.default.max_examples // 10))
@given(st.lists(incidents(), max_size=2).filter(no_marker_in), TEXT)
def test_html_snapshot_is_total_and_encodes_as_utf8(generated, caption):
    generated = [with_marker(incident) for incident in generated]
    page = within_limit(standalone_html, generated, caption=caption + MARKER)
    assert EVALUATED not in page
    page.encode("utf-8")
