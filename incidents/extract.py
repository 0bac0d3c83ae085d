"""One article in, the incidents it reports out.

:func:`extract_incidents` reads sentence by sentence:

1. **Event sentences.** A sentence reports an event when it names one (attack, rocket,
   drone strike, IED, clash...; :data:`TRIGGERS` gives the ACLED-aligned ``event_type`` and the
   ``weapon``) or states casualties. Sentences about attacks in general ("une série
   d'attaques", "a spate of attacks", a bare plural) found nothing on their own.
2. **Places** come from the spaCy pipeline of :mod:`incidents.nlp` and get a role from the
   words before them: ``launch_site`` ("lancée depuis", "fired from"), ``target`` ("vers",
   "contre", "visant", "aimed at"), ``context`` (countries, "au nord de Bagdad", a city that
   only qualifies the place before it: "zone verte de Bagdad", "Camp Taji, Iraq"), else
   ``location``. Each is resolved with ``resolver.resolve(mention, country_hint=...)``, the hint
   being the country the article's places point to most.
3. **Grouping.** A sentence joins an incident already found when their dates agree (one
   contains the other) and they share a place, or when it adds to the last incident without
   a place of its own ("La roquette a été lancée depuis...", "12 additional personnel were
   wounded"). A sentence opening on a definite anaphor with the same weapon ("The missiles
   struck...", "L'attaque a visé...", also after "X said") continues the incident before, giving
   it the place it lacked; so does a located sentence with the same weapon after an unlocated
   one. "une autre attaque", "another attack", "In response", a different date or place, a
   weapon the incident did not use doing something, or a dated sentence about another kind of
   event starts a new incident; an aside (", two days after a similar attack killed...") is its
   own incident dated from its sentence's. A headline joins the first incident of the body.
4. **Fields.** The incident's place is its best resolved location (else its target); dates,
   killed and injured come from its sentences (counts of the same incident told twice are
   not added up, a later "also"/"another"/"aussi" count is); its id hashes source, date, place
   as written and event type. A sentence naming far-apart places each hit ("struck Ain
   al-Asad air base and a facility in Erbil", "hit bases in Erbil, Balad and Taji") gives one
   incident per place, of the same attack; a count the places share stays with the first.

**Time.** The work is linear in the article's length: spaCy gets pieces of at most
:data:`incidents.nlp.MAX_PARSE_CHARS` characters, each event or casualty word reads a window
of fixed size around it, and a sentence is compared with the last ``_LOOKBACK_GROUPS``
incidents only. :data:`ARTICLE_DEADLINE_S` bounds what is left (a text spaCy parses slowly,
thousands of place names to resolve): past it, :class:`~incidents.errors.ArticleTimeoutError`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Protocol

from geopy.distance import geodesic

from geo.normalize import ADMIN_AREAS, fold
from geo.place import Place
from incidents.casualties import (
    parse_count,
    sentence_casualties,
    story_total,
    tells_attackers_killed,
)
from incidents.coordinates import stated_point
from incidents.dates import (
    DateMention,
    aside_event,
    date_mentions,
    story_relative_days,
)
from incidents.errors import ArticleTimeoutError
from incidents.fuzzydate import FuzzyDate, Precision
from incidents.infobox import Losses, infobox_losses
from incidents.model import Article, Incident, PlaceMention, Span
from incidents.nlp import PLACE_LABELS, Parsed, parse

log = logging.getLogger(__name__)

ARTICLE_DEADLINE_S = 8.0
"""Seconds :func:`extract_incidents` may spend on one article before it gives up.

A news story of some thousand words takes well under a second, and a 1 MB English article
(:data:`incidents.article.MAX_ARTICLE_BYTES`) four to six seconds on a two-core machine: the
deadline is a safety net against a text that would hold the dashboard for minutes, and it
keeps the answer for any article under ten seconds. French goes through a statistical parser:
some 37 kB a second in all, so a French text over about 250 kB is refused
(:class:`~incidents.errors.ArticleTimeoutError`) rather than waited for.
"""
# The clock of the deadline: monotonic, replaced in tests (never a real wait).
_clock = time.monotonic


@dataclass(frozen=True)
class _Deadline:
    """When the extraction of one article must stop (``at`` on :data:`_clock`, None: never)."""

    source: str
    limit_s: float | None
    at: float | None

    @classmethod
    def start(cls, source: str, limit_s: float | None) -> _Deadline:
        return cls(source, limit_s, None if limit_s is None else _clock() + limit_s)

    def check(self, stage: str) -> None:
        """Raise :class:`ArticleTimeoutError` once the deadline has passed."""
        if self.at is not None and _clock() > self.at:
            raise ArticleTimeoutError(
                f"{self.source}: extraction stopped after its {self.limit_s:g} s deadline "
                f"while {stage}; the article is too long or too unusual to read in time"
            )


class PlaceResolver(Protocol):
    """What the pipeline needs of ``geo.resolve``'s resolver."""

    def resolve(
        self, mention: str, *, country_hint: str | None = None, near: Any = None
    ) -> Place | None: ...


# (pattern, weapon, kind). Kinds rank into an event type, see _EVENT_TYPE_BY_KIND.
TRIGGERS: dict[str, list[tuple[str, str | None, str]]] = {
    "fr": [
        (r"roquettes?|katioucha|katyusha", "rocket", "shelling"),
        (r"fusées?", "rocket", "shelling"),
        (r"projectiles?", None, "shelling"),
        (r"missiles?", "missile", "shelling"),
        (r"obus|tirs?\s+d'artillerie", "artillery", "shelling"),
        (
            r"bombardements?|pilonnages?|bombard(?:é|ée|és|ées|er|ent|aient|ait)|pilonn(?:é|ée|és|ées|er|ent|aient|ait)",
            None,
            "shelling",
        ),
        (r"mortiers?", "mortar", "shelling"),
        (r"drones?", "drone", "air"),
        (
            r"frappes?(?:\s+aériennes?)?|raids?\s+aériens?|bombardements?\s+aériens?|"
            r"avions?\s+de\s+(?:chasse|combat)|chasseurs?\s+bombardiers?",
            None,
            "air",
        ),
        (
            r"engins?\s+explosifs?(?:\s+improvisés?)?|EEI|IED|bombes?|voitures?\s+piégées?|"
            r"explosions?|explos(?:é|ée|és|ées|er)|détonations?|à\s+l'explosif",
            "explosive",
            "ied",
        ),
        (
            r"kamikazes?|attentats?-suicides?|attentats?\s+suicides?|ceintures?\s+explosives?|"
            r"gilets?\s+explosifs?|(?:s'est|se\s+sont)\s+fait\s+exploser",
            "explosive",
            "suicide",
        ),
        (r"grenades?", "grenade", "grenade"),
        (
            r"affrontements?|combats?|échanges?\s+de\s+tirs|accrochages?|fusillades?|"
            r"(?:se\s+sont\s+)?affront(?:é|és|ées)",
            None,
            "clash",
        ),
        (
            r"attaques?|attentats?|attaqu(?:é|ée|és|ées|er|ait|aient)|assauts?|embuscades?|ouvert\s+le\s+feu|"
            r"(?:hommes|individus)\s+armés|assaillants|massacres?|abattu(?:e|s|es)?\s+par",
            None,
            "attack",
        ),
        (r"déjou(?:é|ée|és|ées|er)|avort(?:é|ée)|tentatives?\s+d'attaque", None, "foiled"),
        (
            r"intercept(?:é|ée|és|ées|ion)|détruite?s?\s+en\s+vol|"
            r"(?:drones?|missiles?|roquettes?|projectiles?)(?:\s+[\w']+){0,3}?\s+été\s+abattue?s?"
            r"(?!\s+(?:sur|par)\b)|abattu(?:e|s|es)?\s+(?:[\w']+\s+){1,2}?"
            r"(?:drones?|missiles?|roquettes?)",
            None,
            "intercepted",
        ),
        (
            r"enlev(?:é|ée|és|ées|er|ait|aient)|enlèvements?|kidnapp(?:é|ée|és|ées|ing)|"
            r"rapts?|pris\s+en\s+otages?",
            None,
            "abduction",
        ),
    ],
    "en": [
        (r"rockets?|katyushas?", "rocket", "shelling"),
        (r"missiles?", "missile", "shelling"),
        (r"shell(?:s|ing|ed)|artillery", "artillery", "shelling"),
        (r"mortars?", "mortar", "shelling"),
        (r"projectiles?", None, "shelling"),
        (r"drones?|UAVs?|unmanned\s+(?:aerial\s+vehicles?|aircraft)", "drone", "air"),
        (
            r"air\s?strikes?|air\s+raids?|bombing\s+raids?|warplanes?|fighter\s+jets?|"
            r"(?:F-[0-9]+\s+)?fighter\s+(?:jets?|aircraft)|bombers?",
            None,
            "air",
        ),
        (
            r"IEDs?|improvised\s+explosive(?:\s+devices?)?|roadside\s+bombs?|car\s+bombs?|"
            r"bombs?|explosions?|explod(?:ed|es)|blasts?|detonat(?:ed|ion)",
            "explosive",
            "ied",
        ),
        (
            r"suicide\s+(?:(?:car|truck|vehicle)\s+)?(?:bomb(?:er|ing)?s?|attacks?)|"
            r"suicide\s+vests?|explosive\s+vests?|PBIEDs?|person-borne\s+(?:IEDs?|improvised)|"
            r"blew\s+(?:himself|herself|themselves)\s+up",
            "explosive",
            "suicide",
        ),
        (r"grenades?", "grenade", "grenade"),
        (
            r"clash(?:es|ed)?|firefights?|gunfights?|exchanges?\s+of\s+fire|ambush(?:ed|es)?|"
            r"fighting|battles?",
            None,
            "clash",
        ),
        (
            r"attack(?:s|ed)?|assaults?|opened\s+fire|struck|strikes?|gunm[ae]n|stormed|"
            r"shot\s+dead|gunned\s+down|massacred?|raid(?:s|ed)?",
            None,
            "attack",
        ),
        (r"foiled|thwarted|disrupted|attempted\s+attacks?", None, "foiled"),
        (r"intercept(?:ed|ion)|shot\s+down|downed", None, "intercepted"),
        (
            r"kidnap(?:s|ped|ping|pers?)?|abduct(?:s|ed|ing|ions?)|took\s+hostages?",
            None,
            "abduction",
        ),
    ],
}
_EVENT_TYPE_BY_KIND = [
    ("foiled", "foiled or attempted attack"),
    ("suicide", "suicide bomb"),
    ("air", "air/drone strike"),
    ("shelling", "shelling/artillery/missile attack"),
    ("ied", "remote explosive/landmine/IED"),
    ("grenade", "grenade"),
    ("abduction", "abduction/kidnapping"),
    ("clash", "armed clash"),
    ("attack", "attack"),
]
_GENERIC = {
    "fr": r"\bséries?\s+d'|\bsuccession\b|\bvagues?\s+d'|\bpic\s+d'|\bces\s+derniers\s+mois\b|"
    r"\bdepuis\s+des\s+mois\b|\brecrudescence\b|\bmultiplication\b|\bdepuis\s+le\s+début\b|"
    r"\b(?:plus\s+de\s+)?(?:[0-9]{2,}|dizaines|centaines)\s+(?:d')?(?:attaques|attentats|frappes)\b|"
    r"\b(?:à\s+)?[\w-]+\s+(?:reprises|fois)\s+(?:depuis|en|ce|cette)\b|"
    # "C'est le quatrième enlèvement de masse dans la région depuis décembre."
    r"^\s*(?:c'est|il\s+s'agit\s+d[eu'])\s*(?:l[ea']\s*)?\w+(?:ième|ier|ière)\b",
    "en": r"\b(?:series|spate|string|wave|spike|surge|number)\s+of\b|\brecent\s+(?:months|weeks)\b|"
    r"\bin\s+recent\b|\bsince\s+the\s+(?:start|beginning)\b|"
    r"\b(?:more\s+than\s+)?(?:[0-9]{2,}|dozens|hundreds|scores)\s+(?:of\s+)?(?:attacks|strikes)\b|"
    r"\b[\w-]+\s+(?:times|occasions)\s+(?:since|in|this|over)\b|"
    # "It was the third attack on the base since March."
    r"^\s*(?:it|this)\s+(?:was|is)\s+the\s+(?:\w+th|first|second|third|latest)\b",
}
_NEW = {
    "fr": r"\b(?:une?\s+autre|une?\s+nouvelle?|une?\s+second[e]?|une?\s+deuxième|"
    r"une?\s+précédente?|une?\s+similaire)\s+(?:\w+\s+)?(?:attaque|attentat|frappe|roquette|explosion)|"
    r"\b(?:une?|d'une?)\s+(?:attaque|attentat|frappe|roquette|explosion)s?\s+(?:\w+\s+)?"
    r"(?:similaire|précédente|antérieure)|"
    r"^\s*(?:par\s+ailleurs|dans\s+un\s+autre\s+incident|séparément|en\s+représailles|"
    r"en\s+riposte)\b",
    "en": r"\b(?:another|a\s+second|a\s+new|a\s+separate|an\s+earlier|a\s+previous|a\s+later|"
    r"a\s+similar)\s+"
    r"(?:\w+\s+)?(?:attack|strike|rocket|explosion|bombing)|"
    r"^\s*(?:separately|in\s+a\s+separate\s+\w+|elsewhere|meanwhile|in\s+response|"
    r"in\s+retaliation)\b",
}
# "rocket launcher", "launch pad": where a rocket was fired from, not an attack of its own.
_LAUNCHER = r"\s*-?(?:launchers?|launch(?:ing)?\s+(?:pads?|sites?|rails?|tubes?|points?))\b"
_NOT_EVENT = {
    "fr": r"\b(?:crise|attaque)\s+cardiaque\s*$|\bde\s+panique\s*$",
    "en": r"\b(?:heart|panic|asthma)\s+$",
}
_DEFINITE = {
    "fr": r"\b(?:la|le|l'|cette|cet|ce)\s*$",
    "en": r"\b(?:the|this|that|today's|yesterday's|saturday's|sunday's)\s*$",
}
# A sentence opening on a definite noun phrase of an event word continues the story told before:
# "The missiles struck...", "La roquette a été tirée...", "L'attaque n'a fait aucune victime".
# A reporting clause may come first: "Col. X said the rockets struck...", "X a indiqué que...".
_ANAPHOR_OPENING = {
    "fr": r"^\s*(?:[^,.;]{0,80}?\b(?:a|ont|avait)\s+(?:indiqué|déclaré|précisé|affirmé|annoncé|"
    r"confirmé|expliqué)\s+(?:que\s+|qu')?|selon\s+[^,]{0,60},\s*)?"
    r"(?:(?:la|le|les|cette|cet|ce|ces)\s+|l')(?:[\w-]+\s+)?$",
    "en": r"^\s*(?:[^,.;]{0,80}?\b(?:said|says|added|stated|reported|confirmed|told\s+\w+)\s+"
    r"(?:that\s+)?|according\s+to\s+[^,]{0,60},\s*)?(?:the|this|that|these|those)\s+"
    r"(?:[\w-]+\s+)?$",
}
_ROLE_CUES = {
    "fr": [
        (
            "launch_site",
            r"(?:depuis|à\s+partir\s+d[eu']|en\s+provenance\s+d[eu']|"
            r"(?:venu|venue|venus|venues|venaient|provenaient|provenant|lancée?s?)\s+d[eu'])\s*"
            r"(?:(?:une?|la|le|les|l'|des|d[eu']|zones?|secteur|environs|région|proximité|"
            r"proche|près|ville|village|localité|quartier|champ)\s*){0,6}",
        ),
        (
            "target",
            r"(?:vers|contre|visant|visaient|visait(?:\s+à\s+atteindre)?|ciblant|cibl\w+|"
            r"dirigée?s?\s+contre|en\s+direction\s+d[eu']|atteindre)\s*",
        ),
        (
            "context",
            r"(?:au\s+(?:nord|sud)(?:-(?:est|ouest))?\s+d[eu']|à\s+l'(?:est|ouest)\s+d[eu']|"
            r"originaire\s+d[eu']|natif\s+d[eu']|(?:présence|troupes|forces)\s+\w+\s+en|"
            r"par|selon|accusé|blâmé)\s*",
        ),
    ],
    "en": [
        (
            "launch_site",
            r"(?:(?:launched|fired|shot)\s+(?:\w+\s+){0,3}from|(?:came|originated)\s+from)\s*"
            r"(?:(?:an?|the|areas?|near|nearby|town|village|outskirts|district|region|"
            r"neighbou?rhood|fields?|of)\s+){0,6}",
        ),
        ("target", r"(?:toward|towards|against|targeting|targeted|aimed\s+at)\s*"),
        (
            "context",
            r"(?:(?:north|south|east|west)(?:east|west)?\s+of|(?:miles?|km|kilomet\w+)\s+"
            r"(?:\w+\s+)?(?:from|of)|from|native\s+of|hometown\s+of|by|according\s+to|"
            r"blamed|accused)\s*",
        ),
    ],
}
_ARTICLES = r"(?:la\s+|le\s+|l'|les\s+|du\s+|de\s+la\s+|des\s+|d'|the\s+)?"
# Gap between a place and a coarser one that only qualifies it ("zone verte fortifiée de Bagdad").
_QUALIFIER_GAP = re.compile(
    r"^[\s,]*(?:(?:\w+\s+)?(?:de|d'|du|des|à|au|en|dans(?:\s+la|\s+le)?|près\s+d[e']|"
    r"in|of|near|outside|inside))?(?:\s+(?:la|le|l'|the|province\s+de))?\s*$",
    re.IGNORECASE,
)
# A place named only by direction from another: "au nord de Bagdad", "south of Baghdad".
_DIRECTION = re.compile(
    r"(?:\b(?:au|à\s+l')\s*(?:nord|sud|est|ouest)(?:-\w+)?\s+d[eu']|"
    r"\b(?:north|south|east|west)(?:east|west)?\s+of|\bnear|\bprès\s+d[eu'])\s*"
    r"(?:la\s+|le\s+|l'|the\s+)?$",
    re.IGNORECASE,
)
_COARSE_FEATURES = {"country", "governorate", "province", "region", "state", "city"}
# A town or city qualifies a place near it ("la zone verte de Bagdad"); one far away is the
# next item of a list ("les bases de Balad, d'Erbil et de Taji").
_QUALIFIER_KM = 60.0


def _too_far_to_qualify(place: Place | None, qualifier: Place | None) -> bool:
    if place is None or qualifier is None or qualifier.feature not in ("city", "town"):
        return False
    return geodesic((place.lat, place.lon), (qualifier.lat, qualifier.lon)).km > _QUALIFIER_KM


@dataclass(frozen=True)
class _Mention:
    text: str
    start: int
    end: int
    label: str
    role: str
    place: Place | None


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str
    headline: bool
    mentions: tuple[_Mention, ...]
    dates: tuple[DateMention, ...]
    killed: int | None
    injured: int | None
    casualty_spans: tuple[tuple[int, int], ...]
    kinds: tuple[str, ...]
    weapons: tuple[str, ...]
    generic: bool
    new: bool
    definite: bool
    anaphor: tuple[str | None, ...] = ()  # weapon of an opening "The missiles" (None: "the attack")
    arms: tuple[str, ...] = ()  # weapons named as such, not "explosions" they made
    aside: tuple[int, str] | None = None  # ", two days after a similar attack...": (-2, "day")
    background: bool = False  # every date starts a span or is compared with: "since 2015"

    @cached_property
    def places(self) -> tuple[_Mention, ...]:
        """Mentions that can locate an incident (location and target roles)."""
        return tuple(m for m in self.mentions if m.role in ("location", "target"))

    @cached_property
    def date(self) -> DateMention | None:
        """The most precise resolved date of the sentence."""
        resolved = [d for d in self.dates if d.value]
        return min(resolved, key=lambda d: (d.rank, d.start)) if resolved else None

    @property
    def informative(self) -> bool:
        return bool(self.mentions or self.date or self.casualty_spans)


def _earliest_best(a: DateMention | None, b: DateMention | None) -> DateMention | None:
    """The more precise of two dates, the earlier told on a tie (``a`` when equal)."""
    if a is None:
        return b
    if b is None or (a.rank, a.start) <= (b.rank, b.start):
        return a
    return b


class _Group:
    """Sentences of one incident being assembled (mutable, private to this module).

    What grouping asks of a group (its date, places, weapons, kinds) is kept up to date as
    sentences are added with :meth:`add`, so each question costs the size of the sentence
    asking, not of the group: the grouping of an article stays linear in its length.
    """

    def __init__(self, sentences: list[_Sentence] | None = None) -> None:
        self.sentences: list[_Sentence] = []
        self._headline_only = True
        self._date_body: DateMention | None = None  # best date of the non-headline sentences
        self._date_any: DateMention | None = None
        self._keys: dict[str, set[str]] = {"location": set(), "target": set()}
        # A headline's places ("attentats à Kerbala et Ramadi") stand for the incident only
        # until its body names its own: then the headline's others are other incidents'.
        self._headline_keys: dict[str, set[str]] = {"location": set(), "target": set()}
        self.weapons: set[str] = set()
        self.arms: set[str] = set()
        self.kinds: set[str] = set()
        for sentence in sentences or ():
            self.add(sentence)

    def add(self, sentence: _Sentence) -> None:
        """Add ``sentence`` to the incident."""
        self.sentences.append(sentence)
        self._headline_only = self._headline_only and sentence.headline
        if sentence.date is not None:
            self._date_any = _earliest_best(self._date_any, sentence.date)
            if not sentence.headline:
                self._date_body = _earliest_best(self._date_body, sentence.date)
        for mention in sentence.places:
            keys = self._headline_keys if sentence.headline else self._keys
            keys[mention.role].add(_place_key(mention))
        self.weapons.update(sentence.weapons)
        self.arms.update(sentence.arms)
        self.kinds.update(sentence.kinds)

    @property
    def headline_only(self) -> bool:
        return self._headline_only

    @property
    def date(self) -> DateMention | None:
        return self._date_body or self._date_any

    def _places(self, role: str) -> set[str]:
        body = self._keys["location"] or self._keys["target"]
        return self._keys[role] if body else self._headline_keys[role]

    def has_place(self, roles: tuple[str, ...] = ("location", "target")) -> bool:
        """Whether a sentence of the incident names a place in one of ``roles``."""
        return any(self._places(role) for role in roles)

    def shares_place(self, keys: set[str], roles: tuple[str, ...] = ("location", "target")) -> bool:
        """Whether one of the place ``keys`` is a place of the incident in one of ``roles``."""
        return any(key in self._places(role) for role in roles for key in keys)


def _place_key(mention: _Mention) -> str:
    if mention.place is not None:
        return f"{mention.place.name}|{mention.place.lat:.3f}|{mention.place.lon:.3f}"
    return re.sub(r"\W+", " ", mention.text.lower()).strip()


def _dates_agree(a: str | None, b: str | None) -> bool:
    """True when two stated dates may be the same day ("2020-07" and "2020-07-04"); a missing
    date agrees with any."""
    if not a or not b:
        return True
    return _fuzzy(a).agrees_with(_fuzzy(b))


@functools.lru_cache(maxsize=4096)
def _fuzzy(text: str) -> FuzzyDate:
    """A stated date read at the precision its form gives (day, month or year)."""
    return FuzzyDate.parse(text)


def _default_date(article: Article) -> tuple[str | None, str]:
    """Date of an incident the text does not date: the article's, at most to the month."""
    if article.pub_date is None:
        return None, "unknown"
    if article.pub_precision == "day":
        return FuzzyDate.of(article.pub_date, Precision.WEEK).format(), "week"
    return FuzzyDate.of(article.pub_date, Precision.MONTH).format(), "month"


def _sentence_spans(parsed: Parsed) -> list[tuple[int, int]]:
    """Character ranges of the sentences, also cut at line breaks (headlines have no stop),
    without the spaces around them."""
    spans = []
    text = parsed.text
    for sent_start, sent_end in parsed.sentences:
        start = sent_start
        for piece in re.split(r"(\n+)", text[sent_start:sent_end]):
            end = start + len(piece)
            if piece.strip() and not piece.startswith("\n"):
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                spans.append((start + lead, end - trail))
            start = end
    return spans


# Compiled once: (pattern, weapon, kind) of every event word.
_TRIGGER_PATTERNS = {
    language: [
        (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), weapon, kind)
        for pattern, weapon, kind in triggers
    ]
    for language, triggers in TRIGGERS.items()
}
_NOT_EVENT_BEFORE = {lang: re.compile(p, re.IGNORECASE) for lang, p in _NOT_EVENT.items()}
_DEFINITE_BEFORE = {lang: re.compile(p, re.IGNORECASE) for lang, p in _DEFINITE.items()}
_GENERIC_PATTERNS = {lang: re.compile(p, re.IGNORECASE) for lang, p in _GENERIC.items()}
_NEW_PATTERNS = {lang: re.compile(p, re.IGNORECASE) for lang, p in _NEW.items()}
_ANAPHOR_OPENINGS = {lang: re.compile(p, re.IGNORECASE) for lang, p in _ANAPHOR_OPENING.items()}
_LAUNCHER_AFTER = re.compile(_LAUNCHER, re.IGNORECASE)
_LAUNCH_RAMP_BEFORE = re.compile(
    r"(?:lance-|rampes?\s+de\s+lancement\s+(?:de\s+|d')?)$", re.IGNORECASE
)
_WORDS = re.compile(r"[\w']+")
# Characters before an event word read to qualify it ("heart attack", "the rockets", "quatre
# roquettes"): a fixed window keeps a sentence of any length linear to read.
_NEAR = 160


def _words_before(text: str, end: int, count: int) -> list[str]:
    """The last ``count`` words of ``text[:end]``, reading at most ``_NEAR`` characters back
    (a word cut by that limit is left out)."""
    start = max(0, end - _NEAR)
    words = list(_WORDS.finditer(text, start, end))
    if start > 0 and words and words[0].start() == start:
        words = words[1:]
    return [w.group(0) for w in words[-count:]]


def _triggers(text: str, language: str) -> tuple[list[str], list[str], bool, bool, bool]:
    """Return (kinds, weapons, marked_generic, plural_only, definite) of ``text``'s event words.

    ``marked_generic``: "une série d'attaques", "a spate of attacks"; ``plural_only``: every
    event word is a plural without a count ("les attaques", but not "quatre roquettes").
    """
    found: list[tuple[int, str, str | None]] = []
    plural_only = True
    definite = False
    for pattern, weapon, kind in _TRIGGER_PATTERNS[language]:
        for match in pattern.finditer(text):
            word = match.group(0).lower()
            before = text[max(0, match.start() - _NEAR) : match.start()]
            if kind == "attack" and word in ("struck", "strike", "strikes") and not found:
                continue  # "struck the base" is an event only with something that struck
            if _NOT_EVENT_BEFORE[language].search(before):
                continue  # "heart attack", "crise cardiaque"
            if _LAUNCHER_AFTER.match(text, match.end()) or _LAUNCH_RAMP_BEFORE.search(before):
                found.append((match.start(), "launcher", None))  # equipment, not an event
                continue
            found.append((match.start(), kind, weapon))
            is_plural = word.endswith(("s", "x")) and word not in ("obus", "tirs")
            last_words = _words_before(text, match.start(), 3)
            if any(_is_count(w, language) for w in last_words):
                is_plural = False
            if not is_plural:
                plural_only = False
            if _DEFINITE_BEFORE[language].search(before) and not is_plural:
                definite = True
    found.sort()
    kinds = [kind for _, kind, _ in found]
    if not set(kinds) - {"intercepted", "launcher"}:
        kinds = [k for k in kinds if k != "intercepted"]  # "intercepted a shipment": no weapon
    if set(kinds) == {"launcher"}:
        plural_only = False  # nothing to generalise about: the sentence completes an event
    weapons = [weapon for _, _, weapon in found if weapon]
    marked = bool(_GENERIC_PATTERNS[language].search(text))
    return kinds, weapons, marked, bool(kinds) and plural_only, definite


# Words for what a weapon did rather than a weapon: "the rockets exploded", "loud blasts".
_EFFECT = re.compile(r"explos\w*|blasts?|detonat\w*|détonations?", re.IGNORECASE)


def _arms(text: str, language: str) -> tuple[str, ...]:
    """The weapons ``text`` names as weapons ("un engin explosif", "two drones")."""
    found = []
    for pattern, weapon, _ in _TRIGGER_PATTERNS[language]:
        if weapon is None:
            continue
        for match in pattern.finditer(text):
            if _EFFECT.fullmatch(match.group(0)) or _LAUNCHER_AFTER.match(text, match.end()):
                continue
            found.append((match.start(), weapon))
    return tuple(weapon for _, weapon in sorted(found))


def _anaphor(text: str, language: str) -> tuple[str | None, ...]:
    """The weapon of an event word the sentence opens on with a definite article, as a
    one-tuple (``(None,)`` for "the attack", "l'attaque"), else ``()``."""
    for pattern, weapon, kind in _TRIGGER_PATTERNS[language]:
        if kind in ("foiled", "launcher", "intercepted"):
            continue
        match = pattern.search(text)
        opening = text[: match.start()] if match else ""
        if (
            match
            and _ANAPHOR_OPENINGS[language].match(opening)
            and not any(_is_count(w, language) for w in _WORDS.findall(opening))
        ):
            return (weapon,)
    return ()


_DIGITS = re.compile(r"[0-9]+")  # ASCII only: "²".isdigit() is True, int("²") fails


def _is_count(word: str, language: str) -> bool:
    if word.lower() in ("douzaine", "douzaines", "dozen", "dozens", "dizaine", "centaine"):
        return True
    return bool(_DIGITS.fullmatch(word)) or (
        parse_count(word, language) is not None
        and word.lower() not in ("un", "une", "a", "an", "de", "des", "d'une", "d'un")
    )


def _role(text: str, start: int, sentence_start: int, language: str) -> str:
    before = text[max(sentence_start, start - 60) : start]
    for role, cue in _ROLE_CUES[language]:
        if re.search(rf"\b{cue}{_ARTICLES}$", before, re.IGNORECASE):
            return role
    return "location"


def _resolve(resolver: PlaceResolver, text: str, hint: str | None, cache: dict) -> Place | None:
    key = (text, hint)
    if key not in cache:
        place = None
        try:
            place = resolver.resolve(text, country_hint=hint)
        except (LookupError, ValueError, OSError) as err:
            log.warning("resolver failed on %r: %s", text, err)
        cache[key] = place
    return cache[key]


def _candidates(parsed: Parsed) -> list[tuple[str, int, int, str]]:
    """Place-like entities: (text, start, end, label), model LOC entities filtered."""
    found = []
    for ent in parsed.entities:
        label = ent.label
        if label in ("PER", "MISC") and _PLACE_PREPOSITION_FR.search(
            parsed.text[max(0, ent.start - _PLACE_PREPOSITION_CHARS) : ent.start]
        ):
            label = "LOC"  # the small model calls an unknown town a person: "tués à Boni"
        if label not in PLACE_LABELS:
            continue
        text = ent.text.strip(" ,.;:'\"\n\t")
        if label not in ("PLACE", "PLACE_GUESS") and (
            len(text) < 3 or (text.isupper() and len(text) <= 4)
        ):
            continue  # agencies and acronyms the small model calls LOC (AP, AFP)
        if ent.tokens == 1 and text.islower():
            continue  # a gazetteer name that is also a word: "hit" is not the town of Hit
        start = ent.start + ent.text.find(text)
        found.append((text, start, start + len(text), label))
    return found


def _strip_keyword(text: str) -> str:
    """ "région d'Umm al-Azam" -> "Umm al-Azam" (a second try for the resolver)."""
    match = re.match(
        r"^(?:camp|base(?:\s+aérienne|\s+militaire)?|aéroport|quartier|région|zone|district|"
        r"province|gouvernorat|ville|village|localité|secteur)\s+(?:d'|de\s+|du\s+|des\s+)?(.+)$",
        text,
        re.IGNORECASE,
    )
    return match.group(1) if match else text


def _country_hint(
    entities, resolver: PlaceResolver, cache: dict, deadline: _Deadline
) -> str | None:
    """The article's country: most votes, a place counting twice as much as a country name
    (an article about Syria names the United States often, but its places are Syrian), and a
    GeoNames city matched only by an alternate name half as much as a country name. Each
    name votes once, however often it is repeated (a headline and its body)."""
    votes: Counter[str] = Counter()
    seen: set[str] = set()
    resolved = []
    for text, _, _, label in entities:
        if fold(text) in seen:
            continue
        deadline.check("finding its country")
        seen.add(fold(text))
        place = _resolve(resolver, text, None, cache)
        if place is None or not place.country_code or label == "LOC":
            continue
        resolved.append((text, place))
    named = {place.country_code for _, place in resolved if place.feature == "country"}
    for text, place in resolved:
        assert place.country_code  # kept above
        area_named = bool(set(fold(text).split()) & set(ADMIN_AREAS))
        if place.feature == "country":
            votes[place.country_code] += 2
        elif area_named and place.feature not in _CONTAINERS:
            votes[place.country_code] += 1  # "province du Lac" is no proof of Laç, Albania
        elif (
            place.source == "geonames"
            and named
            and place.country_code not in named
            and place.feature in ("town", "city")
        ):
            # a town abroad in an article that names other countries, not its own: Welingara,
            # Gambia in an article about Mali, Palma de Mallorca in one about Mozambique (their
            # Welingara and Palma are in no gazetteer here)
            votes[place.country_code] += 1
        elif place.source != "geonames" or fold(place.name) in fold(text):
            votes[place.country_code] += 4
        else:  # a world city found by one of its many alternate names: "Boni" is also Bonn
            votes[place.country_code] += 1
    return votes.most_common(1)[0][0] if votes else None


# Where French puts a place: "à Boni", "aux alentours d'Eringeti", "l'attaque de Nassoumbou"
# (an event noun and "de" name where it happened, as in the titles of most reports).
_PLACE_PREPOSITION_FR = re.compile(
    r"\b(?:à|près\s+d[eu']|(?:aux\s+)?(?:alentours|environs|abords)\s+d[eu']|"
    r"dans\s+(?:la\s+ville|le\s+village|la\s+localité|la\s+commune)\s+d[eu']|"
    r"(?:attaque|attentat|bataille|combats?|embuscade|massacre|prise|siège|tuerie)\s+d[eu'])\s*$",
    re.IGNORECASE,
)
_PLACE_PREPOSITION_CHARS = 30


def _mentions(
    parsed: Parsed,
    spans: list[tuple[int, int]],
    article: Article,
    resolver: PlaceResolver,
    language: str,
    countries: frozenset[str],
    deadline: _Deadline,
) -> list[_Mention]:
    cache: dict = {}
    entities = _candidates(parsed)
    hint = _country_hint(entities, resolver, cache, deadline)
    mentions: list[_Mention] = []
    for text, start, end, label in entities:
        deadline.check("resolving its places")
        place = _resolve(resolver, text, hint, cache)
        plain = _resolve(resolver, text, None, cache)
        if plain is not None and plain.feature == "country":
            place = plain  # "Jordan" is the country, whatever town the hint prefers
        if place is None and label == "PLACE_GUESS":
            bare = _strip_keyword(text)
            if bare != text:
                place = _resolve(resolver, bare, hint, cache)
            if (
                place is None
                and bare != text
                and re.match(r"(?:ville|village|localité)\b", text, re.I)
            ):
                # "la ville d'Inates" the gazetteer lacks: the town is named "Inates"
                text, start = bare, end - len(bare)
        if place is None and label not in ("PLACE", "PLACE_GUESS"):
            before = article.text[max(0, start - _PLACE_PREPOSITION_CHARS) : start]
            if not (label == "LOC" and _PLACE_PREPOSITION_FR.search(before)):
                continue  # kept unresolved only where French puts a place: "à Boni"
        if (
            label == "PLACE_PREP"
            and place is not None
            and not (place.feature == "country" or hint is None or place.country_code == hint)
        ):
            continue  # "in Police custody" is no town in Poland
        mentions.append(_Mention(text, start, end, label, "location", place))
    starts = [start for start, _ in spans]
    result = []
    for index, mention in enumerate(mentions):
        position = bisect.bisect_right(starts, mention.start) - 1
        sent_start = starts[position] if position >= 0 else 0
        role = _role(article.text, mention.start, sent_start, language)
        place = mention.place
        after = article.text[mention.end : mention.end + 24]
        if (place is not None and (place.feature == "country" or place.geo_precision >= 6)) or (
            place is None and mention.text.lower() in countries
        ):
            role = "context"
        elif (
            mention.text.isupper()
            and re.match(r"\s*,?\s*(?:[A-Z][a-z]+\.?\s+[0-9]{1,2}\s*)?(?:\(|-|—|–)", after)
        ) or (
            re.search(r"(?:^|\n)\s*$", article.text[max(0, mention.start - 40) : mention.start])
            and re.match(r"\s*(?:,[^()\n]{0,30})?\([A-Z][\w ]{0,20}\)\s*[-—–]", after)
        ):
            role = "context"  # a dateline: "BAGHDAD (Reuters) -", "Bagdad (AFP) -"
        elif index and role == "location":
            previous = mentions[index - 1]
            gap = article.text[previous.end : mention.start]
            coarse = place is not None and (
                place.feature in _COARSE_FEATURES
                or previous.place is None
                or place.geo_precision > previous.place.geo_precision
            )
            # "le camp Victory, près de l'aéroport de Bagdad": a landmark near a named site
            # is where the site is, not where the attack was.
            reference = (
                previous.place is not None
                and previous.place.feature not in _COARSE_FEATURES
                and re.fullmatch(r"\s*,\s*(?:près\s+d[eu']|non\s+loin\s+d[eu']|near)\s*"
                                 r"(?:la\s+|le\s+|l'|the\s+)?", gap, re.IGNORECASE)
            )  # fmt: skip
            if previous.start >= sent_start and (
                reference
                or (
                    coarse
                    and _QUALIFIER_GAP.match(gap)
                    and not _too_far_to_qualify(previous.place, place)
                )
            ):
                role = "context"
        result.append(replace(mention, role=role))
    return result


# A dateline opening a sentence: "BAGHDAD (Reuters) - ", "Bagdad, 5 juil (AFP) — ",
# "ERBIL, Iraq — ".
_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Ý][\w'À-ÿ .-]{1,40}?(?:,[^()\n]{0,30})?\s*(?:\([A-Z][\w ]{0,20}\)\s*)?"
    r"[-—–]\s+",
)


def _dateline_length(text: str) -> int:
    """Length of the dateline opening ``text`` (0 when none): it is no part of the clause."""
    match = _DATELINE.match(text)
    if match is None:
        return 0
    head = match.group(0)
    has_agency = "(" in head
    return match.end() if has_agency or head.split(",")[0].strip().isupper() else 0


# A date that starts or bounds a span of time, or names an event given as an example
# ("since 2015", "depuis janvier", "the deadliest since the 1998 bombings", "attacks like the
# 2013 siege"), dates no event of the sentence. ("than" is no cue: "more than 20 rockets
# struck on Saturday".)
_SPAN_BEFORE = {
    "fr": re.compile(r"\b(?:depuis|jusqu'|comme|tels?\s+que|telles?\s+que)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:since|until|till|like|such\s+as)\b", re.IGNORECASE),
}
_SPAN_LOOKBACK = 60
# A date told with the verb that reports or claims the event, not with the event: "Le 2 juillet,
# le ministère annonce que le bilan...", "The attack was claimed on Friday".
_REPORTING = {
    "fr": re.compile(
        r"\b(?:annonc\w*|indiqu\w*|revendiqu\w*|déclar\w*|affirm\w*|confirm\w*|précis\w*|"
        r"rapport\w*|publi\w*|communiqu\w*|fait\s+état)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:said|says|announc\w*|claim\w*|report\w*|stat(?:ed|es)|confirm\w*|"
        r"releas\w*|published)\b",
        re.IGNORECASE,
    ),
}
_REPORT_WINDOW = 60


def _span_date(text: str, date: DateMention, offset: int, language: str) -> bool:
    """Whether ``date`` starts or bounds a span, or dates something compared with."""
    start = date.start - offset
    before = re.split(r"[,.;!?]", text[max(0, start - _SPAN_LOOKBACK) : start])[-1]
    # the phrase may hold its own "since": "since February 2020"
    return bool(_SPAN_BEFORE[language].search(before) or _SPAN_BEFORE[language].match(date.text))


def _report_date(text: str, date: DateMention, offset: int, language: str) -> bool:
    """Whether ``date`` is told with a reporting verb in its clause."""
    start, end = date.start - offset, date.end - offset
    before = re.split(r"[,.;]", text[max(0, start - _REPORT_WINDOW) : start])[-1]
    # an opening date is its clause's: "Le 2 juillet, le ministère annonce que..."
    after = re.split(r"[,.;]", text[end : end + _REPORT_WINDOW].lstrip(" ,"))[0]
    return bool(_REPORTING[language].search(before) or _REPORTING[language].search(after))


# A toll told as such ("annonce que le bilan est de 18 morts", "the death toll rose to"): the
# date beside its reporting verb is the report's, not the incident's.
_TOLL_TOLD = re.compile(r"\b(?:bilan|(?:death\s+)?toll)\b", re.IGNORECASE)

# Where an article's own text ends: its list of sources, references or links, whose titles
# ("Irak: des dizaines de victimes dans un attentat suicide à Kerbala, 5 janvier 2005") tell of
# no incident of their own.
_BACK_MATTER = re.compile(
    r"^[ \t]*(?:sources?|références|notes\s+et\s+références|liens\s+externes|voir\s+aussi|"
    r"references|external\s+links|see\s+also|further\s+reading|bibliographie)[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)

# A clause that names the earlier event this one answers: its place and dead are that event's
# ("the attack was in retaliation for an al-Qaeda attack on a military base the prior week
# which left 23 soldiers dead").
_REFERENCE = {
    "fr": re.compile(
        r"\b(?:en\s+représailles?|en\s+riposte|en\s+réponse|pour\s+venger)\s+"
        r"(?:à|de|d'|contre)?\s*(?:une?|l'|la|le|les|des|du|d'une?)\s*(?:\w+\s+){0,3}?"
        r"(?:attaques?|attentats?|frappes?|massacres?|embuscades?|meurtres?|assassinats?)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:in\s+(?:retaliation|revenge|reprisal|response)\s+(?:for|to)|to\s+avenge)\s+"
        r"(?:an?|the|their|its)\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:attacks?|bombings?|strikes?|massacres?|ambush(?:es)?|killings?|raids?)\b",
        re.IGNORECASE,
    ),
}


def _analyse(
    article: Article,
    parsed: Parsed,
    resolver: PlaceResolver,
    countries: frozenset[str],
    deadline: _Deadline,
) -> list[_Sentence]:
    language = article.language
    back = _BACK_MATTER.search(article.text)
    spans = [span for span in _sentence_spans(parsed) if back is None or span[0] < back.start()]
    mentions = _mentions(parsed, spans, article, resolver, language, countries, deadline)
    starts = [m.start for m in mentions]  # in text order
    pieces: list[tuple[int, int, bool, tuple[int, str] | None]] = []
    references: set[int] = set()  # starts of the clauses that name an earlier event
    for index, (start, end) in enumerate(spans):
        text = article.text[start:end]
        headline = (
            index == 0
            and len(spans) > 1
            and not re.search(r"[.!?]\s*$", text)
            and article.text[end : end + 1] == "\n"
        )
        aside = None if headline else aside_event(text, language=language)
        reference = None if headline or aside else _REFERENCE[language].search(text)
        if reference is not None and reference.start() > 0:
            pieces.append((start, start + reference.start(), headline, None))
            pieces.append((start + reference.start(), end, False, None))
            references.add(start + reference.start())
            continue
        if aside is None:
            pieces.append((start, end, headline, None))
            continue
        cut, amount, unit = aside
        main_end = start + len(text[:cut].rstrip(" ,"))
        pieces.append((start, main_end, False, None))
        pieces.append((start + cut, end, False, (amount, unit)))
    sentences = []
    for start, end, headline, shift in pieces:
        deadline.check("reading its sentences")
        text = article.text[start:end]
        kinds, weapons, marked, plural_only, definite = _triggers(text, language)
        lead = _dateline_length(text)  # "MOGADISCIO (AFP) - Au moins 17 personnes..."
        casualties = sentence_casualties(text[lead:], language=language, offset=start + lead)
        own = mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        if "launcher" in kinds:  # "found the rocket launcher in the Umm al-Azam area"
            own = [replace(m, role="launch_site") if m.role == "location" else m for m in own]
        dates = date_mentions(
            text,
            language=language,
            pub_date=article.pub_date,
            pub_precision=article.pub_precision,
            offset=start,
            check=lambda: deadline.check("reading its dates"),
        )
        told = [d for d in dates if d.value]
        span_dates = [d for d in told if _span_date(text, d, start, language)]
        # With no place of its own, a sentence dated only by spans tells no event ("killed 400
        # since June"); with one, it tells where, its date is the story's ("Depuis lundi, trois
        # hôpitaux, à Awijel...").
        background = start in references or (
            bool(told)
            and len(span_dates) == len(told)
            and not any(m.role in ("location", "target") for m in own)
        )
        if (definite or _TOLL_TOLD.search(text)) and not any(
            m.role in ("location", "target") for m in own
        ):
            # "L'attaque a été revendiquée le 3 juillet": the date of the claim, not the attack
            span_dates += [d for d in told if _report_date(text, d, start, language)]
        dates = [d for d in dates if d not in span_dates]
        # Bare plurals ("les attaques") are about attacks in general, unless the sentence
        # pins them to a place, a date or casualties.
        concrete = any(m.role in ("location", "target", "launch_site") for m in own) or any(
            d.value for d in dates
        )
        generic = marked or (plural_only and not concrete and not casualties.spans)
        sentences.append(
            _Sentence(
                start=start,
                end=end,
                text=text,
                headline=headline,
                mentions=tuple(own),
                dates=tuple(dates),
                killed=casualties.killed,
                injured=casualties.injured,
                casualty_spans=casualties.spans,
                kinds=tuple(kinds),
                weapons=tuple(weapons),
                generic=generic and not headline,
                new=bool(_NEW_PATTERNS[language].search(text)),
                definite=definite,
                anaphor=_anaphor(text, language),
                arms=_arms(text, language),
                aside=shift,
                background=background,
            )
        )
    return sentences


def _date_from_previous(sentence: _Sentence, previous: _Group, language: str) -> _Sentence:
    """Date "la veille", "two days later", "a month after a..." from the incident told before,
    or the event of an aside (", two days after a similar attack...") from its sentence's."""
    found = story_relative_days(sentence.text, language=language)
    if sentence.aside is not None:
        relation = re.search(r"\b(?:after|before|après|avant|lendemain|veille)\b", sentence.text)
        found = (0, relation.end() if relation else 0, *sentence.aside)
    anchor = previous.date
    if found is None or anchor is None or not anchor.value or anchor.precision == "year":
        return sentence
    start, end, amount, unit = found
    if sentence.anaphor and amount > 0 and sentence.text[:start].strip(" ,"):
        # "L'attaque intervient trois jours après la mort de...": the sentence's subject is the
        # incident told before; the event after "après" is another, earlier one.
        amount, sentence = -amount, replace(sentence, new=True)
    anchor_date = FuzzyDate.parse(anchor.value, anchor.precision)
    if unit == "month":
        moved = FuzzyDate.of(anchor_date.day, Precision.MONTH).shift(months=amount)
    elif anchor.precision in ("day", "week"):
        days = amount * (7 if unit == "week" else 1)
        step = Precision.DAY if unit == "day" else Precision.WEEK
        moved = FuzzyDate.of(anchor_date.day, step).shift(days=days)
    else:
        return sentence
    if moved is None:
        return sentence  # before year 1 or after 9999: no date
    value, precision = moved.format(), moved.precision.value
    mention = DateMention(
        sentence.start + start, sentence.start + end, sentence.text[start:end], value, precision
    )
    return replace(sentence, dates=(*sentence.dates, mention))


def _tells_victims(sentence: _Sentence) -> bool:
    """People killed or hurt at a named place (known or not) or on a given day, with no event
    word: an incident of its own ("Cinq soldats ont été tués mercredi à Djibo")."""
    if not (sentence.killed or sentence.injured):
        return False
    located = any(m.place is None or m.place.feature != "country" for m in sentence.places)
    dated = sentence.date is not None and sentence.date.precision in ("day", "week")
    return located or dated


# How many incidents back a sentence looks for the one it tells more of: far more than an
# article reports, so grouping is unchanged on real articles and linear on any text.
_LOOKBACK_GROUPS = 50


def _group(sentences: list[_Sentence], article: Article, deadline: _Deadline) -> list[_Group]:
    """Sentences into incidents (see the module docstring).

    ``focus`` is the incident last talked about: a sentence with no place of its own adds to
    it, or to the latest incident with the same weapon ("Onze missiles frappent...").
    """
    groups: list[_Group] = []
    focus: _Group | None = None
    default, _ = _default_date(article)

    def group_date(group: _Group) -> str | None:
        if group.date is not None:
            return group.date.value
        return None if group.headline_only else default

    for sentence in sentences:
        deadline.check("grouping its sentences into incidents")
        has_casualties = bool(sentence.casualty_spans)
        if sentence.background:
            continue  # "the deadliest since the 1998 bombings", "killed 400 since June"
        if not sentence.kinds and not has_casualties:
            if (
                focus is not None
                and sentence.date is None
                and not sentence.places
                and any(m.role == "launch_site" for m in sentence.mentions)
            ):
                focus.add(sentence)  # "Les tirs sont venus du quartier de Zayouna"
            continue
        if sentence.generic and not sentence.definite and not has_casualties:
            continue  # attacks in general ("une série d'attaques ... près de l'ambassade")
        if sentence.date is None and focus is not None:
            sentence = _date_from_previous(sentence, focus, article.language)
        if sentence.aside is not None:
            # Another event told inside the sentence of this one: its own incident, and the
            # story goes on about the sentence's event.
            if set(sentence.kinds) - {"launcher"} and not sentence.generic:
                groups.append(_Group([sentence]))
            continue
        date = sentence.date.value if sentence.date else None
        places = {_place_key(m) for m in sentence.places}
        target = None
        other_weapon = _other_weapon(sentence, focus)
        if focus is not None and not sentence.new:
            if focus.headline_only:
                target = focus  # a headline sums up the story's first incident
            recent = groups[-_LOOKBACK_GROUPS:]
            for group in reversed(recent):
                if target is not None:
                    break
                if _dates_agree(date, group_date(group)) and group.shares_place(places):
                    target = group
            if target is None and not places:
                weapons = set(sentence.weapons)
                same_weapon = [
                    g
                    for g in reversed(recent)
                    if weapons & g.weapons and _dates_agree(date, group_date(g))
                ]
                if same_weapon and focus not in same_weapon:
                    target = same_weapon[0]
                elif _dates_agree(date, group_date(focus)) and not other_weapon:
                    target = focus
            if target is None and _continues(sentence, focus, places, date, group_date(focus)):
                target = focus
            if (
                target is None
                and sentence.definite
                and all(m.role in ("launch_site", "context") for m in sentence.mentions)
                and _dates_agree(date, group_date(focus))
            ):
                target = focus
        if target is not None:
            target.add(sentence)
            focus = target
            continue
        if sentence.generic or not (set(sentence.kinds) - {"launcher"} or _tells_victims(sentence)):
            continue
        if not (places or date or has_casualties or sentence.new or other_weapon or not groups):
            continue
        focus = _Group([sentence])
        groups.append(focus)
    return groups


# What a weapon does in an attack ("un engin explosif avait visé un convoi"), unlike a weapon
# seen or found ("A drone was seen over the base", "an unexploded rocket was found").
_ACTION = re.compile(
    r"\b(?:vis(?:é|ée|és|ées|ait|aient|ant)|cibl\w+|frapp\w+|touch(?:é|ée|és|ées)|"
    r"tomb(?:é|ée|és|ées)|abattu(?:e|s|es)?\s+sur|explos(?:é|ée|és|ées)|target\w*|hit|struck|"
    r"strikes?|landed|fell|exploded|detonated|attack\w*|attaqu\w+)\b",
    re.IGNORECASE,
)


def _other_weapon(sentence: _Sentence, focus: _Group | None) -> bool:
    """True when ``sentence`` brings in a weapon the incident told before did not use, or a
    date and another kind of event, without pointing back to it ("Plus tôt dans la journée, un
    engin explosif avait visé un convoi" after a rocket attack): another event, even with no
    place of its own."""
    if focus is None or sentence.definite or sentence.anaphor:
        return False
    used = focus.arms
    if sentence.arms and used and not used & set(sentence.arms) and _ACTION.search(sentence.text):
        return True
    # A dated sentence about another kind of event: "Last week, the U.S. launched airstrikes"
    # after a rocket attack.
    kinds = set(sentence.kinds) - _NOT_WEAPON_KINDS
    told = focus.kinds - _NOT_WEAPON_KINDS
    return sentence.date is not None and bool(kinds) and bool(told) and not kinds & told


def _continues(
    sentence: _Sentence, focus: _Group, places: set[str], date: str | None, focus_date: str | None
) -> bool:
    """True when ``sentence`` tells more of ``focus``, the incident told just before.

    Either it opens on "The missiles", "the attack", "la roquette" with the same weapon (or
    none named), a date that agrees, and a place that is the incident's own or that the
    incident lacks (a target is what was aimed at, the sentence may say where it fell); or
    ``focus`` has no place at all and the sentence locates the same weapon at the same date
    ("US forces came under rocket fire on Monday. Several rockets targeted the Omar oil field").
    """
    if not _dates_agree(date, focus_date) or sentence.new:
        return False
    if sentence.anaphor:
        (weapon,) = sentence.anaphor
        if weapon is not None and weapon not in focus.weapons:
            return False
        located = ("location",)
        return not places or not focus.has_place(located) or focus.shares_place(places, located)
    return bool(places) and not focus.has_place() and bool(set(sentence.weapons) & focus.weapons)


# Kinds that say what happened to an attack, not what it was made with.
_NOT_WEAPON_KINDS = frozenset({"attack", "launcher", "intercepted"})

# What a weapon that got through did: an intercepted rocket with any of these was not foiled.
_IMPACT = re.compile(
    r"\b(?:hit|struck|landed|fell|exploded|impacted|damag\w+|tomb(?:é|ée|és|ées)|frapp\w+|"
    r"touch(?:é|ée|és|ées)|explos(?:é|ée|és|ées)|endommag\w+|abattu(?:e|s|es)?\s+sur|"
    r"(?:s'est|se\s+sont)\s+abattu\w*)\b",
    re.IGNORECASE,
)


# French "attentat": a bombing unless guns or blades are told ("un attentat à la kalachnikov").
_ATTENTAT = re.compile(r"\battentats?\b", re.IGNORECASE)
_FIREARMS = re.compile(
    r"\b(?:armes?(?:\s+à\s+feu|\s+blanches?)?|tirs?|tir(?:é|és|ée|ées|ant)|fusillades?|"
    r"hommes\s+armés|individus\s+armés|assaillants\s+armés|balles?|kalachnikovs?|fusils?|"
    r"abattu(?:e|s|es)?|égorg\w+|couteaux?|poignard\w*|otages?|enlev\w+)\b",
    re.IGNORECASE,
)

# Armed or state forces as what an attack hit (ACLED: violence against them is an armed clash,
# "attack" is violence against civilians): who was killed ("12 soldiers", "5 morts parmi les
# militaires") or what was attacked ("attaque contre un poste de police", "attacked a base").
_ARMED = {
    "fr": r"soldats?|militaires?|gendarmes?|policiers?|douaniers?|gardes?\s+nationa\w+|"
    r"casques?\s+bleus?|troupes?|forces\s+(?:armées|de\s+(?:sécurité|défense)|spéciales)|armée|"
    r"bataillons?|garnisons?|patrouilles?|convois?\s+militaires?|convois?|"
    r"postes?(?:\s+(?:militaires?|de\s+(?:police|gendarmerie|contrôle)|frontali\w+|avancés?))?|"
    r"check-?points?|bases?(?:\s+(?:militaires?|aériennes?))?|camps?\s+militaires?|casernes?|"
    r"positions?\s+(?:de\s+l'armée|militaires?)",
    "en": r"soldiers?|troops?|servicem[ae]n|service\s*members?|army|military|"
    r"police(?:m[ae]n|\s+officers?|\s+posts?|\s+stations?)?|security\s+(?:forces|personnel)|"
    r"peacekeepers?|garrisons?|patrols?|convoys?|check-?points?|(?:air\s*)?bases?|outposts?|"
    r"barracks|(?:army|military|border|police)\s+posts?|battalions?|brigades?|marines?",
}
_ARMED_VICTIMS = {
    lang: re.compile(rf"^\s*(?:[\w'-]+\s+){{0,3}}?(?:{p})\b", re.IGNORECASE)
    for lang, p in _ARMED.items()
}
_ARMED_TARGET = {
    "fr": re.compile(
        r"\b(?:attaqu\w+|assaut|embuscade|offensive|ont\s+pris\s+d'assaut)\s+"
        r"(?:(?:contre|visant|sur|de|d'|du|des|à)\s*)?(?:(?:la|le|les|l'|un|une|des|d'un|d'une)\s*)?"
        rf"(?:[\w'-]+\s+){{0,2}}?(?:{_ARMED['fr']})\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:attack(?:ed|s)?|assault(?:ed|s)?|ambush(?:ed|es)?|stormed|raided|overran)\s+"
        r"(?:(?:on|against|at)\s+)?(?:(?:the|a|an|an?\s+\w+)\s+)?"
        rf"(?:[\w'-]+\s+){{0,2}}?(?:{_ARMED['en']})\b",
        re.IGNORECASE,
    ),
}


# The same told the other way round: "le camp militaire d'Indelimane est attaqué", "the casque
# bleu killed", "victimes civiles et militaires", "a police post came under attack".
_ARMED_PASSIVE = {
    "fr": re.compile(
        rf"\b(?:{_ARMED['fr']})\b(?:\s+[\w'-]+){{0,3}}?\s+(?:(?:a|ont)\s+été|est|sont|était|"
        r"étaient)\s+(?:\w+\s+)?(?:attaqu|pris\s+d'assaut|pris\s+pour\s+cible|visé|tué)\w*"
        rf"|\b(?:{_ARMED['fr']})\s+(?:tué|abattu)(?:e|s|es)?\b"
        r"|\bvictimes\s+(?:civiles\s+et\s+)?(?:de\s+|d')?(?:militaires|soldats|policiers)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        rf"\b(?:{_ARMED['en']})\b(?:\s+[\w'-]+){{0,3}}?\s+(?:was|were|had\s+been|came)\s+"
        r"(?:\w+\s+)?(?:attacked|ambushed|stormed|overrun|targeted|under\s+(?:attack|fire))",
        re.IGNORECASE,
    ),
}


def _armed_forces_hit(sentences: list[_Sentence], text: str, language: str) -> bool:
    """Whether the incident's victims or target are soldiers, police or an armed post."""
    for sentence in sentences:
        if _ARMED_TARGET[language].search(sentence.text):
            return True
        if _ARMED_PASSIVE[language].search(sentence.text):
            return True
        for _, end in sentence.casualty_spans:
            after = text[end : min(end + 50, sentence.end)]
            if _ARMED_VICTIMS[language].match(after):
                return True
    return False


def _event_type(kinds: list[str], *, got_through: bool = True) -> str:
    """Foiled or suicide when said; else the first specific kind told; else a plain attack.

    An interception ("shot down", "interceptée") makes the attack foiled only when nothing
    got through: no one hurt and no impact told.
    """
    names = dict(_EVENT_TYPE_BY_KIND)
    if "intercepted" in kinds and not got_through:
        return names["foiled"]
    for special in ("foiled", "suicide"):
        if special in kinds:
            return names[special]
    specific = [kind for kind in kinds if kind not in _NOT_WEAPON_KINDS]
    if "air" in specific and "shelling" in specific:
        # missiles or bombs from aircraft or drones ("a missile strike launched from an
        # unmanned aerial vehicle", "bombardement ... frappes aériennes"): ACLED's air strike
        return names["air"]
    return names[specific[0]] if specific else names["attack"]


def _any_within(ordered: list[int], low: int, high: int) -> bool:
    """Whether a value of the sorted list ``ordered`` lies in ``[low, high]``."""
    index = bisect.bisect_left(ordered, low)
    return index < len(ordered) and ordered[index] <= high


def _best_place(mentions: list[_Mention], text: str) -> _Mention | None:
    """The place of an incident: resolved first, specific before coarse, location before
    target, then the most precise, then the first told. With none, a place it is said to be
    near or north/south... of, its precision widened to "within 25 km" at best; else the area
    an unknown place is said to lie in, at district precision at best."""
    candidates = [m for m in mentions if m.role in ("location", "target")]
    if not any(m.place for m in candidates):
        near = [
            m
            for m in mentions
            if m.role == "context"
            and m.place is not None
            and m.place.feature != "country"
            and _DIRECTION.search(text[max(0, m.start - 40) : m.start])
        ]
        if near:
            first = near[0]
            assert first.place is not None  # kept above: context mentions with a place
            widened = replace(first.place, geo_precision=max(first.place.geo_precision, 2))
            return replace(first, place=widened)
        # "le village d'Ogossagou, dans la région de Mopti", "Dogon Dawa in Kaduna State": the
        # area an unknown place is said to lie in, at no finer than district precision.
        unknown_ends = sorted(c.end for c in candidates if c.place is None)
        around = [
            m
            for m in mentions
            if m.role == "context"
            and m.place is not None
            and m.place.feature != "country"
            and _any_within(unknown_ends, m.start - 60, m.start)
        ]
        if around:
            first = around[0]
            assert first.place is not None  # kept above: context mentions with a place
            widened = replace(first.place, geo_precision=max(first.place.geo_precision, 3))
            return replace(first, place=widened)
    if not candidates:
        return None
    order = {id(m): i for i, m in enumerate(candidates)}

    def rank(m: _Mention) -> tuple:
        return (
            m.place is None,
            m.place is not None and m.place.feature in _COARSE_FEATURES,
            m.role != "location",
            m.place.geo_precision if m.place else 9,
            order[id(m)],
        )

    return min(candidates, key=rank)


# Places that contain others ("Anbar province") never stand as a second place hit.
_CONTAINERS = {"country", "governorate", "province", "region", "state"}
_SPLIT_KM = 25.0


def _point(place: Place) -> tuple[float, float]:
    return place.lat, place.lon


def _two_places_hit(sentence: _Sentence) -> tuple[_Mention, _Mention, int] | None:
    """Two far-apart places each hit, joined by "and"/"et" in one clause of impact ("The
    missiles struck Ain al-Asad air base and a facility in Erbil"), or by the comma of a list
    that "and" ends ("bases in Erbil, Balad and Taji"): (first, second, offset of the joiner
    in the sentence). A place that only qualifies another is a ``context`` mention and never
    counts."""
    places = list(sentence.places)
    action = _ACTION.search(sentence.text) if len(places) > 1 else None
    for first, second in itertools.pairwise(places):
        if first.place is not None and second.place is not None:
            if {first.place.feature, second.place.feature} & _CONTAINERS:
                continue
            if geodesic(_point(first.place), _point(second.place)).km <= _SPLIT_KM:
                continue
        elif fold(first.text) == fold(second.text) or not _LISTED_AT.search(
            sentence.text[: second.start - sentence.start]
        ):
            # a name the gazetteer lacks may lie in or near the other: only a list of
            # "à X, à Y et à Z" tells two places
            continue
        gap = sentence.text[first.end - sentence.start : second.start - sentence.start]
        joiner = re.search(r"\b(?:et|and)\b", gap, re.IGNORECASE)
        if joiner is None and "," in gap:  # "Erbil, Balad and Taji": a list ended by "and"
            rest = sentence.text[second.end - sentence.start :]
            if re.match(r"(?:,\s*[^,;:()]+?)*?,?\s+(?:et|and)\b", rest, re.IGNORECASE):
                joiner = re.search(",", gap)
        if joiner is None or re.search(r"[;:()]", gap):
            continue
        # a verb of impact in the clause before the second place (after it, for a list
        # of unknown places: "trois hôpitaux, à Awijel, à Kafr Naha et à Atareb, ont été visés")
        if action is None or (
            action.end() > second.start - sentence.start
            and first.place is not None
            and second.place is not None
        ):
            continue
        return first, second, first.end - sentence.start + joiner.start()
    return None


_LISTED_AT = re.compile(
    r"(?:^|[,\s])(?:à|in|at)\s+[^,;:]+(?:,|\bet\b|\band\b)\s*(?:à|in|at)\s*$", re.IGNORECASE
)


def _split(group: _Group) -> tuple[_Group, _Group | None]:
    """One incident telling two places hit, as two incidents (see :func:`_two_places_hit`).

    The second gets the splitting sentence without the first place, and the later sentences
    about its own place only; casualties stay where their clause is (with the first when the
    sentence does not tell, or when the places are a list sharing one verb)."""
    for index, sentence in enumerate(group.sentences):
        found = _two_places_hit(sentence)
        if found is None:
            continue
        first, second, joiner = found
        cut = sentence.start + joiner
        later = [a >= cut for a, _ in sentence.casualty_spans]
        # A list ("hit Erbil, Balad and Taji, wounding three") shares one verb and its count.
        listed = sentence.text[joiner] == ","
        to_second = bool(later) and all(later) and not listed
        no_count: dict[str, Any] = {"killed": None, "injured": None, "casualty_spans": ()}
        hit = list(sentence.places)
        after = {id(m) for m in hit if m.start >= cut}
        own: dict[str, Any] = {
            "mentions": tuple(m for m in sentence.mentions if id(m) not in after)
        }
        before = {id(m) for m in hit if m.start < cut}
        other: dict[str, Any] = {
            "mentions": tuple(m for m in sentence.mentions if id(m) not in before)
        }
        head = replace(sentence, **own, **(no_count if to_second else {}))
        tail = replace(sentence, **other, **({} if to_second else no_count))
        key_first, key_second = _place_key(first), _place_key(second)
        firsts, seconds = [], [tail]
        for position, other_sentence in enumerate(group.sentences):
            if position == index:
                firsts.append(head)
                continue
            keys = {_place_key(m) for m in other_sentence.places}
            if position > index and key_second in keys and key_first not in keys:
                seconds.append(other_sentence)
            else:
                firsts.append(other_sentence)
        return _Group(firsts), _Group(seconds)
    return group, None


_SIMILAR = re.compile(r"\b(?:similar|similaire|same\s+kind\s+of|du\s+même\s+type)\b", re.I)


def _like_the_one_before(incident: Incident, before: list[Incident]) -> Incident:
    """ "a similar strike", "une attaque similaire" with no type of its own: the type and
    weapon of the incident told just before."""
    if incident.event_type != "attack" or not before or not _SIMILAR.search(incident.quote):
        return incident
    model = before[-1]
    return replace(
        incident,
        event_type=model.event_type,
        weapon=incident.weapon or model.weapon,
        id=_incident_id(incident.source, incident.date, incident.place_mention, model.event_type),
    )


def _incident_id(source: str, date: str | None, place: str | None, event_type: str) -> str:
    key = "|".join([source, date or "", (place or "").lower(), event_type])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


_ANAPHORA = re.compile(
    r"\b(?:the|this|la|le|l'|cette|cet|du|au|de\s+la|à\s+la)\s*(?:même\s+|same\s+)?"
    r"(?P<noun>air\s?base|base\s+aérienne|base|camp|airport|aéroport|embassy|ambassade|"
    r"consulate|consulat|city|town|ville)\b"
    # with "même"/"same" only: "dans le même secteur", "dans cette même localité"
    r"|\b(?:the|this|that|le|la|l'|cette|ce|du|de\s+la|au)\s*(?:même|same)\s+"
    r"(?P<area>secteur|localité|village|zone|région|area|village|district|region)\b",
    re.IGNORECASE,
)
_ANAPHORA_FEATURES = {
    "embassy": {"embassy"},
    "ambassade": {"embassy"},
    "consulate": {"embassy"},
    "consulat": {"embassy"},
    "airport": {"airport", "airfield"},
    "aéroport": {"airport", "airfield"},
    "city": {"city", "town"},
    "town": {"city", "town"},
    "ville": {"city", "town"},
}


# How many place mentions back "the base" looks for the base it names.
_ANTECEDENT_LOOKBACK = 200


def _antecedent(group: _Group, earlier: list[_Mention], upto: int) -> _Mention | None:
    """For an incident with no place: "the base" -> the last base named before it, among the
    ``_ANTECEDENT_LOOKBACK`` mentions before ``earlier[upto]``."""
    for sentence in group.sentences:
        match = _ANAPHORA.search(sentence.text)
        if match is None:
            continue
        noun = (match.group("noun") or match.group("area")).lower()
        features = _ANAPHORA_FEATURES.get(
            noun, {"town", "city", "neighbourhood", "district"} if match.group("area") else None
        ) or {"military base", "airfield"}
        for index in range(upto - 1, max(upto - _ANTECEDENT_LOOKBACK, 0) - 1, -1):
            mention = earlier[index]
            if mention.place is not None and mention.place.feature in features:
                start = sentence.start + match.start()
                return _Mention(
                    match.group(0),
                    start,
                    sentence.start + match.end(),
                    "PLACE",
                    "location",
                    mention.place,
                )
    return None


def _topic_place(sentences: list[_Sentence]) -> _Mention | None:
    """The place the article is about: the headline's place, else the place named most often
    (the first told on a tie). An incident whose sentences name no place happened there as far
    as the text tells (ACLED codes an event at the most precise place the report gives)."""
    places = [m for s in sentences for m in s.places]
    headline = [m for s in sentences if s.headline for m in s.places]
    for pool in (headline, places):
        if not pool:
            continue
        counts = Counter(fold(m.text) for m in pool)
        top = max(counts.values())
        return next(m for m in pool if counts[fold(m.text)] == top)
    return None


def _quote(sentences: list[_Sentence], text: str) -> str:
    """The sentences as one text: neighbours joined as written, gaps marked with " […] "."""
    runs: list[list[int]] = []
    for sentence in sorted(sentences, key=lambda s: s.start):
        if runs and not re.search(r"[.!?]", text[runs[-1][1] : sentence.start]):
            runs[-1][1] = max(runs[-1][1], sentence.end)
        else:
            runs.append([sentence.start, sentence.end])
    return " […] ".join(" ".join(text[a:b].split()) for a, b in runs)


def _incident(
    group: _Group,
    article: Article,
    earlier: list[_Mention],
    starts: list[int],
    topic: _Mention | None = None,
) -> Incident:
    """The incident of ``group``; ``earlier`` are the article's mentions in text order and
    ``starts`` their offsets."""
    sentences = group.sentences
    quoted = [s for s in sentences if s.informative and not s.headline] or sentences
    mentions = [m for s in sentences for m in s.mentions]
    best = _best_place(mentions, article.text)
    if best is None:
        upto = bisect.bisect_left(starts, sentences[0].start)
        best = _antecedent(group, earlier, upto)
        if best is None and not mentions:  # named nowhere, not even its country
            best = topic
        if best is not None:
            mentions.append(best)
    launch = next((m for m in mentions if m.role == "launch_site" and m.place), None)
    date_mention = group.date
    if date_mention is not None:
        date, precision = date_mention.value, date_mention.precision
    else:
        date, precision = _default_date(article)
    kinds = [k for s in sentences for k in s.kinds]
    weapons = [w for s in sentences for w in s.weapons]
    fatalities = story_total([(s.text, s.killed) for s in sentences])
    injured = story_total([(s.text, s.injured) for s in sentences])
    got_through = bool(fatalities or injured) or any(_IMPACT.search(s.text) for s in sentences)
    event_type = _event_type(kinds, got_through=got_through)
    if event_type == "suicide bomb" and "clash" in kinds:
        # ACLED: a suicide bombing that opens or is part of a battle is coded as the battle
        event_type = "armed clash"
    if event_type == "attack" and (
        any(tells_attackers_killed(s.text) for s in sentences)
        or ("attack" in kinds and _armed_forces_hit(sentences, article.text, article.language))
    ):
        # both sides lose people, or an attack told as such hit armed forces: a fight, in
        # ACLED's terms (people killed with no event word at all stay a plain attack)
        event_type = "armed clash"
    if (
        event_type == "attack"
        and article.language == "fr"
        and any(_ATTENTAT.search(s.text) for s in sentences)
        and not any(_FIREARMS.search(s.text) or _SIMILAR.search(s.text) for s in sentences)
    ):  # ("un attentat similaire" is of the type of the one before: _like_the_one_before)
        # "un attentat" with no gun told is a bombing (ACLED: explosions/remote violence)
        event_type = "remote explosive/landmine/IED"
    spans = [Span(m.start, m.end, "place", m.text) for m in mentions]
    used_dates = [d for s in sentences for d in s.dates if d.value and _dates_agree(d.value, date)]
    spans += [Span(d.start, d.end, "date", d.text) for d in used_dates]
    spans += [
        Span(a, b, "casualty", article.text[a:b]) for s in sentences for a, b in s.casualty_spans
    ]
    place_mention = best.text if best else None
    if fatalities is None and injured is not None:
        fatalities = 0  # a report that counts the injured would name the dead (ACLED: 0)
    return Incident(
        id=_incident_id(article.source, date, place_mention, event_type),
        source=article.source,
        language=article.language,
        event_type=event_type,
        date=date,
        date_precision=precision,
        quote=_quote(quoted, article.text),
        quote_start=min(s.start for s in quoted),
        quote_end=max(s.end for s in quoted),
        weapon=weapons[0] if weapons else None,
        place_mention=place_mention,
        place=best.place if best else None,
        launch_site=launch.place if launch else None,
        fatalities=fatalities,
        injured=injured,
        places=tuple(PlaceMention(m.text, m.start, m.end, m.role, m.place) for m in mentions),
        spans=tuple(sorted(set(spans), key=lambda s: (s.start, s.end, s.kind))),
    )


def _same_event(a: Incident, b: Incident) -> bool:
    """Same place (as written, or the same resolved point) and dates that agree."""
    if not _dates_agree(a.date, b.date):
        return False
    if a.place is not None and b.place is not None:
        return _point(a.place) == _point(b.place)
    # "Indelimane" and "camp militaire d'Indelimane": one names the other
    names = sorted((fold(a.place_mention or ""), fold(b.place_mention or "")), key=len)
    return bool(names[0]) and re.search(rf"\b{re.escape(names[0])}\b", names[1]) is not None


def _shape(incident: Incident) -> tuple:
    """What the passes below compare of an incident: incidents of one shape get one answer
    (a long repetitive text gives many incidents and few shapes: the passes stay linear)."""
    told = incident.fatalities is not None or incident.injured is not None
    point = _point(incident.place) if incident.place is not None else None
    return (incident.event_type, incident.date, incident.date_precision, point,
            incident.place_mention or "", told)  # fmt: skip


def _without_restatements(incidents: list[Incident]) -> list[Incident]:
    """Drop an incident that only restates another of the article: same place and date, no toll
    of its own, and a plain "attack" or the other's type where the other tells a toll ("L'attaque
    d'Indelimane a lieu en novembre" before the paragraph that tells the attack and its dead),
    or a plain "attack" where the other tells what kind (a headline's "Attaque meurtrière"); or a
    summary with no place and no toll of the same kind and date as a located telling."""
    shapes: dict[tuple, Incident] = {}
    for incident in incidents:
        shapes.setdefault(_shape(incident), incident)
    others = list(shapes.values())
    answers: dict[tuple, bool] = {}

    def restates(incident: Incident) -> bool:
        if incident.fatalities is not None or incident.injured is not None:
            return False
        if (
            incident.place is None
            and not incident.place_mention
            and any(
                other.place is not None
                and other.event_type == incident.event_type
                and _dates_agree(incident.date, other.date)
                for other in others
            )
        ):
            return True
        return any(
            other is not incident
            and (
                # the other tells its toll, or it is the same attack told more precisely
                (
                    (other.fatalities is not None or other.injured is not None)
                    and incident.event_type in ("attack", other.event_type)
                )
                or incident.event_type == "attack" != other.event_type
            )
            and _same_event(incident, other)
            for other in others
        )

    kept = []
    for incident in incidents:
        shape = _shape(incident)
        if shape not in answers:
            answers[shape] = restates(incident)
        if not answers[shape]:
            kept.append(incident)
    return kept


def _placeless_into_earlier(incidents: list[Incident]) -> list[Incident]:
    """Fold an incident told with no place into the latest located one before it when their
    dates agree and it names no other country ("At least 170 people have been killed by the
    attacks" after the bombing at Kabul's airport): its toll fills the one that one lacks."""
    out: list[Incident] = []
    latest: int | None = None  # index in ``out`` of the latest located incident
    for incident in incidents:
        earlier = out[latest] if latest is not None else None
        countries = {
            m.place.country_code
            for m in incident.places
            if m.place is not None and m.place.feature == "country"
        }
        if (
            incident.place is None
            and not incident.place_mention
            and earlier is not None
            and earlier.place is not None
            and _dates_agree(incident.date, earlier.date)
            and countries <= {earlier.place.country_code}
        ):
            merged = replace(
                earlier,
                fatalities=incident.fatalities
                if earlier.fatalities is None
                else earlier.fatalities,
                injured=incident.injured if earlier.injured is None else earlier.injured,
            )
            assert latest is not None  # earlier is out[latest]
            out[latest] = merged
            continue
        if incident.place is not None:
            latest = len(out)
        out.append(incident)
    return out


def _retold(first: Incident, later: Incident) -> bool:
    """Same resolved point (or same unresolved name), dates that agree, not both to the day."""
    if first.place is not None and later.place is not None:
        same = _point(first.place) == _point(later.place)
    else:  # unresolved both: the same name as written
        same = (
            first.place is later.place is None
            and bool(first.place_mention)
            and (fold(first.place_mention or "") == fold(later.place_mention or ""))
        )
    return (
        same
        and _dates_agree(first.date, later.date)
        and not first.date_precision == later.date_precision == "day"
    )


def _retold_into_first(incidents: list[Incident]) -> list[Incident]:
    """Fold an incident into an earlier one of the article at the same resolved point whose
    date agrees, one of the two dated only to a month or a year: the same event told again
    (an encyclopedia's summary, then its account). The first keeps its type and date, and its
    tolls where it tells them."""
    out: list[Incident] = []
    # per place, the first incident kept of each date and precision: a later one of the same
    # date and precision would fold into the same one or none
    firsts: dict[object, dict[tuple, int]] = {}
    for incident in incidents:
        key = (
            _point(incident.place)
            if incident.place is not None
            else fold(incident.place_mention or "") or None
        )
        candidates = firsts.setdefault(key, {}) if key is not None else {}
        index = next(
            (k for k in candidates.values() if _retold(out[k], incident)),
            None,
        )
        if index is None:
            candidates.setdefault((incident.date, incident.date_precision), len(out))
            out.append(incident)
            continue
        first = out[index]
        out[index] = replace(
            first,
            fatalities=first.fatalities if first.fatalities is not None else incident.fatalities,
            injured=first.injured if first.injured is not None else incident.injured,
        )
    return out


# How long before the article's main event a toll-less, month- or year-dated incident is
# history the article recalls in passing.
_HISTORY_DAYS = 60


def _without_passing_history(incidents: list[Incident]) -> list[Incident]:
    """Drop the earlier events an article only recalls: dated to a month or a year, no toll,
    ending over ``_HISTORY_DAYS`` before the article's main event (its first incident with a
    toll, else its first): "the embassy had been attacked in 2002", "kidnapped in 1983".
    Nothing is told of them that an analyst could code."""
    tolled = [i for i in incidents if i.fatalities is not None or i.injured is not None]
    if not incidents:
        return incidents
    main = (tolled or incidents)[0]
    if not main.date:
        return incidents
    start = _fuzzy(main.date).period()[0]
    kept = []
    for incident in incidents:
        passing = (
            incident is not main
            and incident.fatalities is None
            and incident.injured is None
            and incident.date is not None
            and incident.date_precision in ("month", "year")
            and (start - _fuzzy(incident.date).period()[1]).days > _HISTORY_DAYS
        )
        if not passing:
            kept.append(incident)
    return kept


def _with_losses(incidents: list[Incident], losses: Losses, topic: str | None) -> list[Incident]:
    """Give the article's main incident (the first named as its subject, else its first) the
    dead and wounded of its infobox (:func:`incidents.infobox.infobox_losses`): the table
    totals both sides, where the prose tells them piecemeal."""
    key = fold(topic) if topic else None
    index = next(
        (
            k
            for k, incident in enumerate(incidents)
            if key and key in fold(incident.place_mention or "")
        ),
        0,
    )
    main = incidents[index]
    updated = replace(
        main,
        fatalities=losses.killed if losses.killed is not None else main.fatalities,
        injured=losses.injured if losses.injured is not None else main.injured,
    )
    return [*incidents[:index], updated, *incidents[index + 1 :]]


def _at_stated_point(
    incidents: list[Incident], point: tuple[float, float], topic: str, mentions: list[_Mention]
) -> list[Incident]:
    """Locate at the coordinates the article states (:func:`incidents.coordinates.stated_point`)
    its unresolved incidents named as its subject is (the headline's place the gazetteer does not
    know: "Combat de Kolofata" with "Coordonnées 11° 09′ 44″ nord, 14° 00′ 41″ est"). The country
    is the one the article's resolved places are in most often."""
    countries = Counter(m.place.country_code for m in mentions if m.place and m.place.country_code)
    country = countries.most_common(1)[0][0] if countries else None
    key = fold(topic)
    out = []
    for incident in incidents:
        name = fold(incident.place_mention or "")
        if (
            incident.place is None
            and name
            and (
                re.search(rf"\b{re.escape(key)}\b", name)
                or re.search(rf"\b{re.escape(name)}\b", key)
            )
        ):
            place = Place(topic, point[0], point[1], 1, "site", country, "article")
            incident = replace(incident, place=place)
        out.append(incident)
    return out


def extract_incidents(
    article: Article,
    *,
    nlp,
    resolver: PlaceResolver,
    deadline_s: float | None = ARTICLE_DEADLINE_S,
) -> list[Incident]:
    """Return the incidents ``article`` reports, in the order the text tells them.

    Parameters
    ----------
    article : Article
        From :func:`incidents.article.read_article` or ``article_from_text``.
    nlp : spacy.language.Language
        The pipeline of :func:`incidents.nlp.load_pipeline` for ``article.language``.
    resolver :
        ``geo.resolve``'s resolver: ``resolve(mention, *, country_hint=None, near=None)``.
    deadline_s : float or None, optional
        Seconds the extraction may take (:data:`ARTICLE_DEADLINE_S`); None for no limit.

    Returns
    -------
    list of Incident
        Incidents whose place could not be resolved are kept with ``place=None``.

    Raises
    ------
    ArticleTimeoutError
        When the extraction runs past ``deadline_s``. The time is checked between the
        chunks spaCy parses, the places resolved, the sentences read and the incidents
        grouped, so it stops soon after the deadline, never mid-way through a library call.
    """
    deadline = _Deadline.start(article.source, deadline_s)
    parsed = parse(nlp, article.text, check=lambda: deadline.check("parsing it"))
    countries = frozenset(getattr(nlp, "meta", {}).get("incidents_country_forms", ()))
    sentences = _analyse(article, parsed, resolver, countries, deadline)
    everything = [m for sentence in sentences for m in sentence.mentions]
    starts = [m.start for m in everything]
    topic = _topic_place(sentences)
    incidents: list[Incident] = []
    for group in _group(sentences, article, deadline):
        deadline.check("assembling its incidents")
        group, rest = _split(group)
        first = _like_the_one_before(
            _incident(group, article, everything, starts, topic), incidents
        )
        incidents.append(first)
        while rest is not None:  # "hit bases in Erbil, Balad and Taji": one incident each
            deadline.check("assembling its incidents")
            group, rest = _split(rest)
            other = _incident(group, article, everything, starts, topic)
            incidents.append(
                replace(
                    other,
                    id=_incident_id(
                        article.source, first.date, other.place_mention, first.event_type
                    ),
                    date=first.date,
                    date_precision=first.date_precision,
                    event_type=first.event_type,
                    weapon=first.weapon,
                )
            )
    incidents = _placeless_into_earlier(incidents)
    incidents = _retold_into_first(incidents)
    incidents = _without_restatements(incidents)
    incidents = _without_passing_history(incidents)
    losses = infobox_losses(article.text)
    if losses is not None and incidents:
        incidents = _with_losses(incidents, losses, topic.text if topic else None)
    point = stated_point(article.text)
    if point is not None and topic is not None and topic.place is None:
        incidents = _at_stated_point(incidents, point, topic.text, everything)
    seen: Counter[str] = Counter()
    unique = []
    for incident in incidents:
        seen[incident.id] += 1
        if seen[incident.id] > 1:  # same source, date, place and type twice: keep both apart
            incident = replace(incident, id=f"{incident.id}-{seen[incident.id]}")
        unique.append(incident)
    log.info("%s: %d incidents", article.source, len(unique))
    return unique
