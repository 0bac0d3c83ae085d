"""Records of the pipeline: an article, the incidents it reports, and their spans.

Offsets (``start``, ``end``) are character offsets into ``Article.text``, the normalised
text after the optional ``date`` line, so the dashboard can highlight them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from geo.place import Place
from incidents.fuzzydate import FuzzyDate

# --- The data model's anchors: ACLED's event types and UCDP's violence types ------------------
#
# ACLED's codebook: 6 event types, 25 sub-event types, each with its disorder type. This table
# and KIND_TO_ACLED below are the one place the type list lives (docs/data-model.md shows it).
ACLED_SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    # sub_event_type: (event_type, disorder_type)
    "Armed clash": ("Battles", "Political violence"),
    "Government regains territory": ("Battles", "Political violence"),
    "Non-state actor overtakes territory": ("Battles", "Political violence"),
    "Chemical weapon": ("Explosions/Remote violence", "Political violence"),
    "Air/drone strike": ("Explosions/Remote violence", "Political violence"),
    "Suicide bomb": ("Explosions/Remote violence", "Political violence"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Grenade": ("Explosions/Remote violence", "Political violence"),
    "Sexual violence": ("Violence against civilians", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Abduction/forced disappearance": ("Violence against civilians", "Political violence"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Protest with intervention": ("Protests", "Demonstrations"),
    "Excessive force against protesters": ("Protests", "Political violence; Demonstrations"),
    "Violent demonstration": ("Riots", "Demonstrations"),
    "Mob violence": ("Riots", "Political violence"),
    "Agreement": ("Strategic developments", "Strategic developments"),
    "Arrests": ("Strategic developments", "Strategic developments"),
    "Change to group/activity": ("Strategic developments", "Strategic developments"),
    "Disrupted weapons use": ("Strategic developments", "Strategic developments"),
    "Headquarters or base established": ("Strategic developments", "Strategic developments"),
    "Looting/property destruction": ("Strategic developments", "Strategic developments"),
    "Non-violent transfer of territory": ("Strategic developments", "Strategic developments"),
    "Other": ("Strategic developments", "Strategic developments"),
}
ACLED_EVENT_TYPES = tuple(dict.fromkeys(t for t, _ in ACLED_SUB_EVENT_TYPES.values()))
# The kinds the extractor gives (lower case, as the text names them) -> ACLED's sub-event type.
# An "attack" the text tells is one on people (ACLED's "Attack" under Violence against
# civilians); a foiled or intercepted attack is ACLED's "Disrupted weapons use".
KIND_TO_ACLED: dict[str, str] = {
    "shelling/artillery/missile attack": "Shelling/artillery/missile attack",
    "air/drone strike": "Air/drone strike",
    "remote explosive/landmine/IED": "Remote explosive/landmine/IED",
    "armed clash": "Armed clash",
    "attack": "Attack",
    "foiled or attempted attack": "Disrupted weapons use",
    "suicide bomb": "Suicide bomb",
    "grenade": "Grenade",
    "abduction/kidnapping": "Abduction/forced disappearance",
}
# The extractor's kinds (map colours, filters); an imported event of another ACLED sub-event
# type keeps that type, in lower case ("peaceful protest"), as its kind.
EVENT_TYPES = tuple(KIND_TO_ACLED)
# UCDP GED ``type_of_violence``.
UCDP_VIOLENCE_TYPES = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}
# Where an event comes from: an article, or a coded dataset imported as it is.
ORIGINS = ("news", "acled", "ucdp")
# ACLED ``time_precision`` (1 day, 2 a few days or a week, 3 a month) of our date precisions.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}
# ACLED ``inter1``/``inter2`` actor type codes.
ACLED_INTER = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def acled_sub_event_type(kind: str) -> str:
    """ACLED's sub-event type of one of our kinds (an ACLED type kept as a kind included)."""
    if kind in KIND_TO_ACLED:
        return KIND_TO_ACLED[kind]
    by_lower = {sub.lower(): sub for sub in ACLED_SUB_EVENT_TYPES}
    return by_lower.get(kind.lower(), "Other")


def kind_of_sub_event(sub_event_type: str) -> str:
    """Our kind for an ACLED sub-event type: one of :data:`EVENT_TYPES`, else its lower case."""
    for kind, sub in KIND_TO_ACLED.items():
        if sub.lower() == sub_event_type.strip().lower():
            return kind
    return sub_event_type.strip().lower()


def acled_geo_precision(where_prec: int | None) -> int | None:
    """ACLED ``geo_precision`` (1 the town, 2 near it or a small area, 3 a larger region) of a
    UCDP ``where_prec`` (1 the place ... 4 a province, 6 a country, 7 waters or airspace)."""
    if where_prec is None:
        return None
    return {1: 1, 2: 2, 3: 2, 5: 2}.get(where_prec, 3)


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
class Actor:
    """A side of an incident: its ACLED-style name, its ACLED ``inter`` code, and the words of
    the text (or the dataset's cell) it comes from.

    ``name`` is "Unidentified Armed Group (Mali)" when the text does not name the attackers,
    "Civilians (Mali)" for civilian victims.
    """

    name: str
    inter: int | None = None
    words: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "inter": self.inter, "words": self.words}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        inter = data.get("inter")
        if inter is not None and (isinstance(inter, bool) or inter not in ACLED_INTER):
            raise ValueError(f"actor inter code {inter!r} is not one of 1-8")
        words = data.get("words") or ""
        if not isinstance(words, str):
            raise ValueError("actor words are not text")
        return cls(_text(data, "name"), inter, words)


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
    # Who: actor1 the perpetrator (or the side that acted: the one that foiled an attack),
    # actor2 the other side or the victims.
    actor1: Actor | None = None
    actor2: Actor | None = None
    # Where it comes from: "news" (an article: ``source`` is its file), "acled" or "ucdp" (a
    # coded dataset imported as it is: ``source`` is the file, ``event_id`` the dataset's id).
    origin: str = "news"
    event_id: str | None = None
    # UCDP's date range: ``date`` is its start; ``date_end`` None means the same as ``date``.
    date_end: str | None = None
    # UCDP's low and high estimates beside ``fatalities`` (its best); None: the same as best.
    # From news: ``fatalities`` is the lowest of conflicting figures (ACLED), ``fatalities_high``
    # the highest (incidents.casualties.story_range).
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    # Columns of an imported row kept as the dataset gives them (ACLED event_type,
    # sub_event_type, disorder_type, admin1, admin2, country, iso, source...), as pairs.
    coded: tuple[tuple[str, str], ...] = ()

    def coded_value(self, column: str) -> str:
        """The imported dataset's value of ``column``, or "" (news, or not given)."""
        return next((value for key, value in self.coded if key == column), "")

    @property
    def geo_precision(self) -> int | None:
        return self.place.geo_precision if self.place else None

    @property
    def located(self) -> bool:
        return self.place is not None

    @cached_property
    def fuzzy_date(self) -> FuzzyDate | None:
        """The incident's date with its precision, or None (undated, or unknown precision)."""
        try:
            return FuzzyDate.parse_optional(self.date, self.date_precision)
        except ValueError:
            return None

    @property
    def month(self) -> str | None:
        """``YYYY-MM`` of an incident dated to the month or finer, else None."""
        day = self.fuzzy_date
        return day.month if day is not None else None

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
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "origin": self.origin,
            "event_id": self.event_id,
            "date_end": self.date_end,
            "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high,
            "coded": [list(pair) for pair in self.coded],
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
        origin = _text(data, "origin", default="news")
        if origin not in ORIGINS:
            raise ValueError(f"origin {origin!r} is not one of {ORIGINS}")
        end = _optional_text(data, "date_end")
        if end is not None and not _DATE_RE.fullmatch(end):
            raise ValueError(f"date_end {end!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        coded = data.get("coded") or ()
        if not isinstance(coded, list | tuple) or not all(
            isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(part, str) for part in pair)
            for pair in coded
        ):
            raise ValueError("coded must be a list of [column, value] text pairs")

        def actor(key: str) -> Actor | None:
            value = data.get(key)
            if value is None:
                return None
            if not isinstance(value, dict):
                raise ValueError(f"{key} is {type(value).__name__}, not an actor")
            return Actor.from_dict(value)

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
                actor1=actor("actor1"),
                actor2=actor("actor2"),
                origin=origin,
                event_id=_optional_text(data, "event_id"),
                date_end=end,
                fatalities_low=checked_count(data.get("fatalities_low"), "fatalities_low"),
                fatalities_high=checked_count(data.get("fatalities_high"), "fatalities_high"),
                coded=tuple((str(k), str(v)) for k, v in coded),
            )
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"malformed incident record: {err!r}") from err
