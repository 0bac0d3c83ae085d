"""Records of the pipeline: an article, the incidents it reports, and their spans.

Offsets (``start``, ``end``) are character offsets into ``Article.text``, the normalised
text after the optional ``date`` line, so the dashboard can highlight them.
"""

from __future__ import annotations

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
        return cls(int(data["start"]), int(data["end"]), data["kind"], data.get("text", ""))


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
        return cls(data["text"], int(data["start"]), int(data["end"]), data["role"], place)


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
        def place(key: str) -> Place | None:
            return Place.from_dict(data[key]) if data.get(key) else None

        return cls(
            id=data["id"],
            source=data["source"],
            language=data["language"],
            event_type=data["event_type"],
            date=data.get("date"),
            date_precision=data.get("date_precision", "unknown"),
            quote=data.get("quote", ""),
            quote_start=int(data.get("quote_start", 0)),
            quote_end=int(data.get("quote_end", 0)),
            weapon=data.get("weapon"),
            place_mention=data.get("place_mention"),
            place=place("place"),
            launch_site=place("launch_site"),
            fatalities=data.get("fatalities"),
            injured=data.get("injured"),
            places=tuple(PlaceMention.from_dict(p) for p in data.get("places", ())),
            spans=tuple(Span.from_dict(s) for s in data.get("spans", ())),
            corrected=bool(data.get("corrected", False)),
        )
