"""The markup templates of maps/templates/: hostile text goes in as escaped data, never code."""

from __future__ import annotations

import ast
import html
from html.parser import HTMLParser
from pathlib import Path

from geo.place import Place
from incidents.model import Actor
from maps import features
from maps.build import popup_html, tooltip_html
from tests.factories import make_incident

HOSTILE = "<script>alert(1)</script> {{7*7}} {% raw %} \"onmouseover=alert(2) 'x' & co"


class _Tags(HTMLParser):
    """The start tags of a fragment, with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def test_popup_template_escapes_a_hostile_quote_place_and_source():
    place = Place(HOSTILE, 33.3, 44.4, 1, "town", "IQ")
    hostile = make_incident(
        "h", quote=HOSTILE, source=HOSTILE, place=place, place_mention=HOSTILE,
        actor1=Actor(HOSTILE, 1, HOSTILE),
    )  # fmt: skip
    popup = popup_html(hostile, same_point=[hostile])
    assert "<script" not in popup and "{{7*7}}" in popup and "49" not in popup
    assert '"onmouseover' not in popup and "&#34;onmouseover=alert(2) &#39;x&#39; &amp; co" in popup
    parsed = _parse(popup)
    # Only the template's own tags and attributes: none comes from the article.
    assert {tag for tag, _ in parsed.tags} <= {
        "div", "table", "tr", "th", "td", "br", "small", "blockquote", "ul", "li", "span",
    }  # fmt: skip
    assert {attr for _, attrs in parsed.tags for attr in attrs} <= {
        ("class", "incident-popup"),
        ("class", "incident-also"),
    }
    text = "".join(parsed.text)
    # Each hostile value reads back as the very text of the article: quote, place, source...
    assert text.count(HOSTILE) >= 6


def test_tooltip_and_legend_templates_escape_too():
    hostile = make_incident("h", event_type=HOSTILE, place=Place(HOSTILE, 33, 44, 1, "town"))
    tooltip = tooltip_html(hostile)
    assert html.unescape(tooltip) == f"July 2020 · {HOSTILE} · {HOSTILE}"  # its period
    assert "<" not in tooltip and '"' not in tooltip
    legend = features.legend_html([HOSTILE])
    assert "<script" not in legend and '"onmouseover' not in legend
    assert HOSTILE in "".join(_parse(legend).text)


def test_features_calls_no_escape_by_hand():
    """The templates escape: maps/features.py neither imports ``html`` nor calls an escape."""
    tree = ast.parse(Path(features.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "html" not in imported and "escape" not in imported
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not {"escape", "_escaped"} & called
