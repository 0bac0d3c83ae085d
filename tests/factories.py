"""Hand-made records for the tests of code that consumes incidents (maps, exports, queries)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from geo.place import Place
from incidents.model import Article, Incident

GREEN_ZONE = Place("Green Zone", 33.3076, 44.3903, 1, "government zone", "IQ")
TAJI = Place("Camp Taji", 33.5294, 44.2775, 1, "military base", "IQ")


def make_incident(id_: str = "i1", **changes: Any) -> Incident:
    """A month-dated rocket attack on the Green Zone; ``changes`` replace any field."""
    fields: dict[str, Any] = {
        "id": id_,
        "source": "s.txt",
        "language": "fr",
        "event_type": "shelling/artillery/missile attack",
        "date": "2020-07",
        "date_precision": "month",
        "quote": "Une roquette a frappé.",
        "quote_start": 0,
        "quote_end": 22,
        "place": GREEN_ZONE,
    }
    fields.update(changes)
    return Incident(**fields)


def look_alikes(
    *, source: str = "two.txt", sha256: str = "sha-two", place: Place | None = None
) -> tuple[Article, list[Incident]]:
    """Two incidents of one article that agree on date, type, article and place (``place``,
    none by default): the pair a correction picker must never confuse."""
    article = Article(source, "Two strikes.", "en", date(2022, 10, 10), "day", sha256)
    first = make_incident(
        "aaaa1111",
        source=article.source,
        date="2022-10-10",
        date_precision="day",
        place=place,
        place_mention="Kyiv",
        quote="Missile strikes hit central Kyiv in the morning.",
    )
    second = replace(
        first, id="bbbb2222", place_mention="Nikopol", quote="Shelling of Nikopol went on."
    )
    return article, [first, second]
