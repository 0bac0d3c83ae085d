"""Untrusted text on the map is data, never template source (the map, the HTML snapshot, the PNG).

Branca renders each element's output a second time as a Jinja template; whatever an article
says must come out of both passes as the very same text. Each test puts template syntax in
every text field of an incident (and in the caption and a town's name) and checks that:

- rendering raises nothing (an unclosed ``{{`` used to be a TemplateSyntaxError);
- nothing was evaluated: no ``1337000`` from ``{{ 1337*1000 }}``, no probe directory
  created by ``{{ lipsum.__globals__.os.makedirs(...) }}``;
- the literal text is in the page: json-decoding the page's data (and HTML-unescaping the
  popup and legend HTML it holds) gives it back, and Chromium shows it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from geo.geonames import GeonamesCity
from geo.place import Place
from incidents.model import Incident
from maps.assets import Assets
from maps.build import build_map
from maps.page import PageEnvironment, page_json
from maps.snapshot import render_png, standalone_html
from tests.factories import make_incident

PROBE = "x_probe_injection"
PAYLOADS = (
    "{{7*7}}",
    "{{ 1337*1000 }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__.os.makedirs('" + PROBE + "', exist_ok=true) }}",
    "unclosed {{ here",
    "{% if true %}",
    "{# a comment",
    "{% raw %}",
    "{% endraw %}",
    "{{'{{'}}",
)
# Harmless alone on the old code too (a stray closer; HTML was already escaped), so they
# ride along with the payloads above rather than get a test of their own.
CLOSERS_AND_HTML = (
    "}}",
    "%}",
    "</script><script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
)
HOSTILE = " ".join(PAYLOADS + CLOSERS_AND_HTML)

BASE = Place("Green Zone", 33.3045, 44.3909, 2, "government zone", "IQ")
SITE = Place("Ali Al-Saleh", 33.3594, 44.3396, 3, "district", "IQ")
TOWN = GeonamesCity(0, "Baghdad", 33.34, 44.40, "IQ", 7_000_000)

# Every text field of an incident a reader can see on the map, and how to fill it.
FIELDS = {
    "quote": lambda text: {"quote": text},
    "source": lambda text: {"source": text},
    "place_mention": lambda text: {"place_mention": text},
    "event_type": lambda text: {"event_type": text},
    "weapon": lambda text: {"weapon": text},
    "date_precision": lambda text: {"date_precision": text},
    "place.name": lambda text: {"place": replace(BASE, name=text)},
    "place.feature": lambda text: {"place": replace(BASE, feature=text)},
    "launch_site.name": lambda text: {"launch_site": replace(SITE, name=text)},
}


def hostile_incidents(text: str) -> list[Incident]:
    """One incident per text field holding ``text`` (plus a launch site), all located."""
    return [
        make_incident(f"i-{field}", **({"place": BASE, "launch_site": SITE} | fill(text)))
        for field, fill in FIELDS.items()
    ]


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


def assert_inert(page: str, text: str, probe_dir: Path) -> None:
    assert "1337000" not in page, "template syntax was evaluated"
    assert not (probe_dir / PROBE).exists(), "template code ran on the server"
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    for delimiter in ("{{", "{%", "{#"):
        assert delimiter not in page, f"a {delimiter} from the data reached the page"
    assert any(text in string for string in page_strings(page)), "the text is not in the page"


@pytest.fixture
def probe_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory a ``makedirs`` payload would write into."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("field", list(FIELDS))
def test_template_syntax_in_each_text_field_renders_as_text_on_the_map(field, probe_dir):
    incident = make_incident("x", **({"launch_site": SITE} | FIELDS[field](HOSTILE)))
    page = build_map([incident]).get_root().render()
    assert_inert(page, HOSTILE, probe_dir)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_template_payload_alone_renders_as_text(payload, probe_dir):
    payload += " " + " ".join(CLOSERS_AND_HTML)
    page = (
        build_map(hostile_incidents(payload), caption=payload, reference_places=[TOWN])
        .get_root()
        .render()
    )
    assert_inert(page, payload, probe_dir)
    strings = page_strings(page)
    # the popup holds the quote exactly, and the caption box the caption
    assert any(f"<blockquote>{payload}</blockquote>" in s for s in strings)
    assert payload in strings


def test_template_syntax_in_the_caption_and_a_town_name_renders_as_text(probe_dir):
    town = replace(TOWN, name=HOSTILE)
    page = (
        build_map([make_incident("a")], caption=HOSTILE, reference_places=[town])
        .get_root()
        .render()
    )
    assert_inert(page, HOSTILE, probe_dir)
    assert page_strings(page).count(HOSTILE) == 3  # the caption, the town's name and label


def test_template_syntax_renders_as_text_in_the_inline_map(probe_dir):
    page = (
        build_map(hostile_incidents(HOSTILE), caption=HOSTILE, assets=Assets.inline())
        .get_root()
        .render()
    )
    assert "1337000" not in page and not (probe_dir / PROBE).exists()
    assert page_json(HOSTILE) in page  # the caption, exactly as page_json writes it


def test_the_html_snapshot_shows_template_syntax_as_text(probe_dir):
    page = standalone_html(hostile_incidents(HOSTILE), caption=HOSTILE, title=HOSTILE)
    assert "1337000" not in page and not (probe_dir / PROBE).exists()
    for delimiter in ("{{", "{%", "{#"):
        assert delimiter not in page.split("</head>")[0].split("<title>")[0]
    (title,) = re.findall(r"<title>(.*?)</title>", page, flags=re.S)
    assert html.unescape(title) == f"{HOSTILE} — {HOSTILE}"
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert page_json(HOSTILE) in page
    page.encode("utf-8")


def test_lone_surrogates_do_not_break_the_html_snapshot():
    page = standalone_html([make_incident("a", quote="\udc80{{")], caption="bad \ud800 byte")
    page.encode("utf-8")
    assert "<title>Incident map — bad \ufffd byte</title>" in page


@pytest.fixture(scope="module")
def hostile_page() -> str:
    """The standalone page the PNG export renders, with template syntax everywhere."""
    incidents = [
        make_incident("a", quote=HOSTILE, event_type=HOSTILE, source=HOSTILE),
        make_incident("b", place=SITE, place_mention=HOSTILE, quote=HOSTILE),
    ]
    return standalone_html(incidents, caption=HOSTILE, title=HOSTILE)


def test_chromium_shows_template_syntax_as_text(browser, hostile_page, tmp_path):
    path = tmp_path / "map.html"
    path.write_text(hostile_page, encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector(".incident-caption")
        assert page.inner_text(".incident-caption") == HOSTILE
        assert HOSTILE in page.inner_text(".incident-legend")  # the event type
        assert page.title() == f"{HOSTILE} — {HOSTILE}"
        assert page.evaluate("window.__pwned") is None
        # open a popup: the quote is shown as text
        page.locator(".incident-marker").first.dispatch_event("click")  # the legend may cover it
        page.wait_for_selector(".incident-popup blockquote")
        assert page.inner_text(".incident-popup blockquote") == HOSTILE
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()


def test_the_png_export_renders_a_page_with_template_syntax(browser, hostile_page):
    png = render_png(hostile_page, width=640, height=400, timeout_s=60)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def _elements(element):
    yield element
    for child in element._children.values():
        yield from _elements(child)


def test_every_element_holding_article_text_is_written_with_page_json():
    m = build_map(
        hostile_incidents(HOSTILE),
        caption=HOSTILE,
        reference_places=[replace(TOWN, name=HOSTILE)],
        cluster_threshold=0,
    )
    m.get_root().render()
    unsafe = []
    for element in _elements(m):
        if isinstance(element._template.environment, PageEnvironment):
            continue
        # Folium's own elements may stay only while they carry nothing from an article.
        macros = element._template.module.__dict__
        output = "".join(
            macros[name](element, {}) for name in ("header", "html", "script") if name in macros
        )
        if "lipsum" in output or "__pwned" in output:
            unsafe.append(type(element).__name__)
    assert unsafe == []
    assert {type(e).__name__ for e in _elements(m)} >= {"Timeline", "_TownsLayer", "_Control"}
