"""Records of the pipeline: an article, the incidents it reports, and their spans.

Offsets (``start``, ``end``) are character offsets into ``Article.text``, the normalised
text after the optional ``date`` line, so the dashboard can highlight them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.place import Place

# ACLED-aligned sub-event types.
EVENT_TYPES = (
    "shelling/artillery/missile attack",
    "air/drone strike",
    "remote explosive/landmine/IED",
    "armed clash",
    "attack",
    "foiled or attempted attack",
    "suicide bomb",
    "grenade",
    "abduction/kidnapping",
)
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
# "context": named only to situate another place or the story ("Irak", "au nord de Bagdad").
PLACE_ROLES = ("location", "target", "launch_site", "context")
SPAN_KINDS = ("place", "date", "casualty")
MAX_PLAUSIBLE_COUNT = 100_000
"""The largest number read as a count of people killed or injured in one incident.

The deadliest single attacks on record killed a few thousand people (11 September 2001:
2,977); a reader takes "faisant 10000000000000000000000000 morts" for a typo or a hoax, not
a toll, and so does the pipeline: a larger number leaves the casualty unknown (None) when
reading text (:func:`incidents.casualties.parse_count`), and makes a stored row unreadable
(:func:`checked_count`).
"""
_DATE_RE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def checked_count(value: Any, what: str) -> int | None:
    """Return ``value`` if it is None or a plausible count of people, else raise ValueError.

    A count is an ``int`` (not a bool) from 0 to :data:`MAX_PLAUSIBLE_COUNT`.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} is {value!r}, not a whole number")
    if not 0 <= value <= MAX_PLAUSIBLE_COUNT:
        raise ValueError(f"{what} {value} is not a count of people (0 to {MAX_PLAUSIBLE_COUNT:,})")
    return value


def _text(data: dict[str, Any], key: str, *, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key} is {type(value).__name__}, not text")
    return value


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else _text(data, key)


def _offset(data: dict[str, Any], key: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{key} is {value!r}, not a character offset")
    return value


@dataclass(frozen=True)
class Article:
    """One article, read and normalised.

    ``pub_date`` is the date of the ``date`` line, ``pub_precision`` is ``day`` or
    ``month`` (``YYYY-MM`` lines), or None when the file had no date line.
    """

    source: str
    text: str
    language: str
    pub_date: date | None = None
    pub_precision: str | None = None
    sha256: str = ""


@dataclass(frozen=True)
class Span:
    """A stretch of the article an incident rests on."""

    start: int
    end: int
    kind: str  # one of SPAN_KINDS
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(
            _offset(data, "start"), _offset(data, "end"), _text(data, "kind"), data.get("text", "")
        )


@dataclass(frozen=True)
class PlaceMention:
    """A place as written, its role in the incident, and what it resolved to (None if nothing)."""

    text: str
    start: int
    end: int
    role: str  # one of PLACE_ROLES
    place: Place | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "role": self.role,
            "place": self.place.to_dict() if self.place else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlaceMention:
        place = Place.from_dict(data["place"]) if data.get("place") else None
        return cls(
            _text(data, "text"),
            _offset(data, "start"),
            _offset(data, "end"),
            _text(data, "role"),
            place,
        )


@dataclass(frozen=True)
class Incident:
    """One attack or event at one place and time, as an article reports it.

    ``place`` is where it happened (or, failing that, what it aimed at); None when no
    mention could be resolved: such an incident is kept and shown as unlocated.
    """

    id: str
    source: str
    language: str
    event_type: str
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_precision: str  # one of DATE_PRECISIONS
    quote: str
    quote_start: int
    quote_end: int
    weapon: str | None = None
    place_mention: str | None = None
    place: Place | None = None
    launch_site: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    places: tuple[PlaceMention, ...] = ()
    spans: tuple[Span, ...] = field(default=())
    corrected: bool = False

    @property
    def geo_precision(self) -> int | None:
        return self.place.geo_precision if self.place else None

    @property
    def located(self) -> bool:
        return self.place is not None

    @property
    def month(self) -> str | None:
        """``YYYY-MM`` of an incident dated to the month or the day, else None."""
        return self.date[:7] if self.date and len(self.date) >= 7 else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "language": self.language,
            "event_type": self.event_type,
            "date": self.date,
            "date_precision": self.date_precision,
            "quote": self.quote,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "weapon": self.weapon,
            "place_mention": self.place_mention,
            "place": self.place.to_dict() if self.place else None,
            "launch_site": self.launch_site.to_dict() if self.launch_site else None,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "places": [p.to_dict() for p in self.places],
            "spans": [s.to_dict() for s in self.spans],
            "corrected": self.corrected,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Incident:
        """Read back :meth:`to_dict`, checking every field.

        Raises
        ------
        ValueError
            When a field is missing or holds what an incident cannot: not text where text is
            due, a date that is not ``YYYY[-MM[-DD]]``, a count that is not plausible
            (:func:`checked_count`), a coordinate off the globe.
        """
        if not isinstance(data, dict):
            raise ValueError(f"an incident is a JSON object, not {type(data).__name__}")

        def place(key: str) -> Place | None:
            return Place.from_dict(data[key]) if data.get(key) else None

        day = _optional_text(data, "date")
        if day is not None and not _DATE_RE.fullmatch(day):
            raise ValueError(f"date {day!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        precision = _text(data, "date_precision", default="unknown")
        if precision not in DATE_PRECISIONS:
            raise ValueError(f"date_precision {precision!r} is not one of {DATE_PRECISIONS}")
        places, spans = data.get("places", ()), data.get("spans", ())
        if not isinstance(places, list | tuple) or not isinstance(spans, list | tuple):
            raise ValueError("places and spans must be lists")
        try:
            return cls(
                id=_text(data, "id"),
                source=_text(data, "source"),
                language=_text(data, "language"),
                event_type=_text(data, "event_type"),
                date=day,
                date_precision=precision,
                quote=_text(data, "quote", default=""),
                quote_start=_offset(data, "quote_start"),
                quote_end=_offset(data, "quote_end"),
                weapon=_optional_text(data, "weapon"),
                place_mention=_optional_text(data, "place_mention"),
                place=place("place"),
                launch_site=place("launch_site"),
                fatalities=checked_count(data.get("fatalities"), "fatalities"),
                injured=checked_count(data.get("injured"), "injured"),
                places=tuple(PlaceMention.from_dict(p) for p in places),
                spans=tuple(Span.from_dict(s) for s in spans),
                corrected=bool(data.get("corrected", False)),
            )
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"malformed incident record: {err!r}") from err
