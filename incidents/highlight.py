"""An article's text as HTML with the spans its incidents rest on marked.

The text is untrusted: every piece of it is escaped before the ``<mark>`` tags go in.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from incidents.model import Incident

SPAN_COLOURS = {"place": "#ffe08a", "date": "#b8e0ff", "casualty": "#ffb8b8"}


def article_spans(incidents: Iterable[Incident], source: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every span of the incidents drawn from ``source``."""
    return [
        (span.start, span.end, span.kind)
        for incident in incidents
        if incident.source == source
        for span in incident.spans
    ]


def highlighted_html(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The article's text, escaped, with ``<mark>`` around the spans (by offsets).

    At one start the longer span wins; a span overlapping one already kept is dropped.
    """
    parts, cursor = [], 0
    for start, end, kind in sorted(set(spans), key=lambda span: (span[0], -span[1], span[2])):
        if start < cursor or end <= start or end > len(text):
            continue
        colour = SPAN_COLOURS.get(kind, "#e0e0e0")
        parts.append(html.escape(text[cursor:start]))
        parts.append(
            f'<mark class="span-{html.escape(kind)}" title="{html.escape(kind)}" '
            f'style="background:{colour};padding:0 2px;border-radius:3px">'
            f"{html.escape(text[start:end])}</mark>"
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return (
        '<div class="article-text" style="white-space:pre-wrap;line-height:1.6;'
        'font-size:0.95rem;max-height:480px;overflow-y:auto">' + "".join(parts) + "</div>"
    )


def legend_html() -> str:
    """What each highlight colour means."""
    marks = " ".join(
        f'<mark style="background:{colour};padding:0 3px">{kind}</mark>'
        for kind, colour in SPAN_COLOURS.items()
    )
    return f"<div style='font-size:0.85rem'>Highlighted: {marks}</div>"
