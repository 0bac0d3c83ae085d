"""Places of an article: the place-like spans of the parse, resolved with the gazetteer
(:class:`PlaceResolver`) under the article's country, each given a role from the words around
it (``location``, ``target``, ``launch_site``, ``context``); and the best place of an incident.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any, NamedTuple, Protocol

from geopy.distance import geodesic

from geo.normalize import ADMIN_AREAS, fold
from geo.place import Place
from incidents.extract.deadline import Deadline
from incidents.extract.lookup import LOOKUP_LABEL, nationality_country
from incidents.extract.records import Mention, Sentence
from incidents.lexicon import CALENDAR_WORDS
from incidents.model import Article
from incidents.nlp import PLACE_LABELS, Parsed

log = logging.getLogger(__name__)


class PlaceResolver(Protocol):
    """What the pipeline needs of ``geo.resolve``'s resolver."""

    def resolve(
        self, mention: str, *, country_hint: str | None = None, near: Any = None
    ) -> Place | None: ...


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
            r"par|selon|accusé|blâmé|entre|entre\s+(?:[\w'-]+\s+){1,3}et)\s*",
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
        # people taken "from" a place were taken there: "abducted 30 women from Damboa"
        (
            "location",
            r"(?:abduct\w*|kidnap\w*|seiz\w*|snatch\w*|taken|took|carried\s+off)\s+"
            r"(?:[\w'-]+\s+){0,5}?from\s*(?:(?:the|a|an|town|village|city|camp|school|of)\s+){0,3}",
        ),
        (
            "context",
            r"(?:(?:north|south|east|west)(?:east|west)?\s+of|(?:miles?|km|kilomet\w+)\s+"
            r"(?:\w+\s+)?(?:from|of)|from|native\s+of|hometown\s+of|by|according\s+to|"
            r"blamed|accused|between|between\s+(?:[\w'-]+\s+){1,3}and)\s*",
        ),
    ],
}
_ARTICLES = r"(?:la\s+|le\s+|l'|les\s+|du\s+|de\s+la\s+|des\s+|d'|the\s+)?"
# Gap between a place and a coarser one that only qualifies it ("zone verte fortifiée de Bagdad").
_QUALIFIER_GAP = re.compile(
    # (not after "et"/"and": "à Kafr Naha et à Atareb" is a list, not a qualifier)
    r"^[\s,]*(?:(?:(?!(?:et|and|ou|or)\b)\w+\s+)?(?:de|d'|du|des|à|au|en|dans(?:\s+la|\s+le)?|près\s+d[e']|"
    r"in|of|near|outside|inside))?(?:\s+(?:la|le|l'|the|province\s+de))?\s*$",
    re.IGNORECASE,
)
# A place named only by direction from another: "au nord de Bagdad", "south of Baghdad".
_DIRECTION = re.compile(
    r"(?:\b(?:au|à\s+l')\s*(?:nord|sud|est|ouest)(?:-\w+)?\s+d[eu']|"
    r"\b(?:north|south|east|west)(?:east|west)?\s+of|\bnear|\bprès\s+d[eu']|\bbetween|"
    r"\bentre)\s*"
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


def place_key(mention: Mention) -> str:
    if mention.place is not None:
        return f"{mention.place.name}|{mention.place.lat:.3f}|{mention.place.lon:.3f}"
    return re.sub(r"\W+", " ", mention.text.lower()).strip()


# What follows a dateline's place in capitals: its state or country ("TAMPA, Fla. –",
# "MOGADISHU, Somalia —"), a date ("BAGHDAD, Jan. 5 -"), then a dash or an agency "(AFP)".
_DATELINE_TAIL = re.compile(
    r"\s*(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s*)?(?:,?\s*[A-Z][a-z]+\.?\s+[0-9]{1,2}\s*)?"
    r"(?:\(|-|—|–)"
)


# What follows a place opening a line that makes it a dateline: an agency "(AFP) -", a dash
# between spaces ("Maputo — Terrorists..."), or, after a name in capitals only, a colon
# ("KABUL: An Afghan official says..."; "Bagdad : un attentat..." is a headline's place).
_LINE_DATELINE_TAIL = re.compile(
    r"\s*(?:,[^()\n:]{0,30})?(?:\([A-Z][\w ]{0,20}\)\s*[-—–]|\s[—–-]\s|:\s)"
)


def _line_dateline(mention: Mention, text: str) -> bool:
    """Whether ``mention`` is the place of a dateline opening a line."""
    if not re.search(r"(?:^|\n)\s*$", text[max(0, mention.start - 40) : mention.start]):
        return False
    tail = _LINE_DATELINE_TAIL.match(text[mention.end : mention.end + 40])
    return tail is not None and (mention.text.isupper() or not tail.group(0).endswith(": "))


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
            place = resolver.resolve(_AREA_ADJECTIVE.sub(r"\1", text), country_hint=hint)
        except (LookupError, ValueError, OSError) as err:
            log.warning("resolver failed on %r: %s", text, err)
        cache[key] = place
    return cache[key]


class Candidate(NamedTuple):
    """A place-like span of the text: its words, character range and entity label."""

    text: str
    start: int
    end: int
    label: str


def _candidates(parsed: Parsed) -> list[Candidate]:
    """Place-like entities, model LOC entities filtered. A name the small French model calls
    a person is a place after a preposition of place ("tués à Boni"), and wherever the same
    article uses it as a place ("Frappes à Dahyan" ... "le marché de Dahyan")."""
    labels = []
    for ent in parsed.entities:
        label = ent.label
        lead = _LEADING_PREPOSITION.match(ent.text)
        name = ent.start + (lead.end() if lead else 0)  # "de Diffa": the name after "de"
        if label in ("PER", "MISC") and _PLACE_PREPOSITION_FR.search(
            parsed.text[max(0, name - _PLACE_PREPOSITION_CHARS) : name]
        ):
            label = "LOC"  # the small model calls an unknown town a person: "tués à Boni"
        labels.append(label)
    places = {
        fold(e.text)
        for e, label in zip(parsed.entities, labels, strict=True)
        if label in PLACE_LABELS
    }
    found: list[Candidate] = []
    for ent, label in zip(parsed.entities, labels, strict=True):
        if label in ("PER", "MISC") and ent.tokens == 1 and fold(ent.text) in places:
            label = "LOC"  # one name, one sense in one article (a one-word name: not a person's)
        if label in ("PER", "MISC", "ORG") and _TOPONYM_HEAD.match(ent.text):
            label = "LOC"  # "Kafr Naha", "Tell Rifaat", "Deir Hafer": a village's name
        if label == "PER" and ent.tokens == 1 and ent.text[:1].isupper():
            label = _PERSON_OR_TOWN  # "ont touché Idlib" (PER): decided once the country is known
        elif label not in PLACE_LABELS and label != LOOKUP_LABEL:
            continue
        text = ent.text.strip(" ,.;:'\"\n\t")
        start = ent.start + ent.text.find(text)
        lead = _LEADING_PREPOSITION.match(text)
        if lead:  # the small French model takes the preposition in: "de Diffa"
            text, start = text[lead.end() :], start + lead.end()
        if fold(text) in CALENDAR_WORDS:
            continue  # "Lundi, une embuscade..." opens on a day, not a place
        side = _FR_SIDE_AFTER.match(parsed.text, start + len(text))
        if side:  # "le Waziristan du Nord": the model stops at "Waziristan"
            text += side.group(0)
        glued = _GLUED_SYLLABLE.match(parsed.text, ent.end)
        if glued and ent.text.endswith(("'", "’")):
            # French tokenises "Sa'dah", "Ma'rib" as an elision ("Sa'" + "dah"): one name
            text = ent.text.lstrip(" ,.;:'\"\n\t") + glued.group()
            start = ent.end - len(text) + len(glued.group())
        if label not in ("PLACE", "PLACE_GUESS") and (
            len(text) < 3 or (text.isupper() and len(text) <= 4)
        ):
            continue  # agencies and acronyms the small model calls LOC (AP, AFP)
        if ent.tokens == 1 and text.islower():
            continue  # a gazetteer name that is also a word: "hit" is not the town of Hit
        if found and start < found[-1].end:
            continue  # the "Nord" of "Sinaï du Nord", read with the name before it
        found.append(Candidate(text, start, start + len(text), label))
    return found


# A one-word name the small French model calls a person, kept while the article's country is
# unknown: a town of that country by its exact GeoNames name ("Des frappes ont touché Idlib")
# is a place, anything else stays a person ("Ali" is no Ağrı, "Koné" no town of New Caledonia
# in an article about Mali).
_PERSON_OR_TOWN = "PER_OR_TOWN"
# A country that speaks of the event, not where it happened: "La France condamne", "France
# condemns", "le Royaume-Uni exprime ses condoléances".
_SPEAKS = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,2}?(?:condamne|condemns?|condemned|déplore|deplores?|deplored|"
    r"salue|welcomes?|welcomed|exprime|express(?:es|ed)?|présente|offers?|offered|"
    r"réaffirme|reaffirms?|reaffirmed|appelle|calls?|called)\b",
    re.IGNORECASE,
)
# A capitalised name, then one or two lower-case words naming a landmark in it: "Kabul airport".
_LANDMARK_AFTER = re.compile(
    r"(?P<name>[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*)(?:\s+[a-z][\w-]*){1,2}"
)
# A French name's side after it ("Waziristan du Nord", "Kordofan du Sud"), which English and
# GeoNames put first ("North Waziristan").
_SIDES = {"nord": "North", "sud": "South", "est": "East", "ouest": "West", "centre": "Central"}
_FR_SIDE_AFTER = re.compile(r"\s+(?:du|de\s+l['’])\s*(?:Nord|Sud|Est|Ouest|Centre)\b")
_FR_SIDE_END = re.compile(r"\s+(?:du|de\s+l['’])\s*(?P<side>Nord|Sud|Est|Ouest|Centre)$")
# A French preposition the model's entity opens on: "de Diffa", "d'Agadez", "à Gao".
_LEADING_PREPOSITION = re.compile(r"(?:de|du|des|à|au|aux|d['’])\s*(?=[A-ZÀ-Ý])")
# Arabic words that open place names (village, hill, monastery, spring, cape, mountain, inn,
# well, house, valley): a name opening on one is a place, whatever the model calls it.
_TOPONYM_HEAD = re.compile(
    r"(?:Kafr|Kfar|Tell|Tel|Tal|Deir|Dayr|Ain|Ayn|Ras|Jabal|Jebel|Khan|Bir|Beit|Bayt|Wadi)"
    r"[\s-]+[A-ZÀ-Ý]"
)
# The rest of a transliterated name cut at its apostrophe: "dah" of "Sa'dah".
_GLUED_SYLLABLE = re.compile(r"[^\W\d_]+")
# A nationality between an area noun and its name: "province yéménite de Sa'dah" is the
# province of Sa'dah (the resolver is asked for "province de Sa'dah").
_AREA_ADJECTIVE = re.compile(
    r"^((?:province|région|district|gouvernorat|cercle|commune|département|préfecture|"
    r"territoire|état|wilaya|comté|municipalité)\s+)[a-zà-ÿ-]{3,}\s+(?=(?:de|du|des)\s|d['’])",
    re.IGNORECASE,
)


def _strip_keyword(text: str) -> str:
    """ "région d'Umm al-Azam" -> "Umm al-Azam" (a second try for the resolver)."""
    match = re.match(
        r"^(?:camp(?:\s+militaire)?|poste(?:\s+militaire|\s+frontalier)?|garnison|"
        r"base(?:\s+aérienne|\s+militaire)?|aéroport|quartier|région|zone|district|"
        r"province|gouvernorat|ville|village|localité|secteur)\s+(?:d'|de\s+|du\s+|des\s+)?(.+)$",
        text,
        re.IGNORECASE,
    )
    return match.group(1) if match else text


def _country_hint(
    entities: list[Candidate],
    resolver: PlaceResolver,
    cache: dict,
    deadline: Deadline,
    *,
    nationalities: Collection[str] = (),
    speaker: Callable[[int], bool] | None = None,
) -> str | None:
    """The article's country: most votes, a place counting twice as much as a country name
    (an article about Syria names the United States often, but its places are Syrian), and a
    GeoNames city matched only by an alternate name half as much as a country name. Each
    name votes once, however often it is repeated (a headline and its body). A nationality
    the text names (``nationalities``: folded country names) counts as the country's name
    where a place of the text has a namesake in that country: "the Nigerian air force ... in
    Rann" is Rann, Nigeria, not Brežice, whose German name is Rann."""
    votes: Counter[str] = Counter()
    seen: set[str] = set()
    resolved = []
    for text, _, end, label in entities:
        if speaker is not None and speaker(end):
            continue  # "La France condamne l'attaque": the country that speaks, not the scene
        if fold(text) in seen:
            continue
        deadline.check("finding its country")
        seen.add(fold(text))
        place = _resolve(resolver, text, None, cache)
        if place is None or not place.country_code:
            continue
        if label == "LOC" and not (place.feature == "country" and fold(place.name) == fold(text)):
            continue  # the small model's LOC votes only as a country by its own name
        resolved.append((text, place))
    named = {place.country_code for _, place in resolved if place.feature == "country"}
    for text, place in resolved:
        assert place.country_code  # kept above
        area_named = bool(set(fold(text).split()) & set(ADMIN_AREAS))
        if place.feature == "country":
            votes[place.country_code] += 2
        elif area_named and place.feature not in CONTAINERS:
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
    # "the Nigerian air force", "l'armée malienne": a nationality votes where a place named
    # has a namesake in its country (Rann, Nigeria beside Brežice, "Rann" in German), never
    # else: the attackers' "Russian drones struck Odesa" keep no Russian hint
    for country in sorted(nationalities):
        place = _resolve(resolver, country, None, cache)
        if place is None or place.feature != "country" or not place.country_code:
            continue
        code = place.country_code
        if any(
            (there := _resolve(resolver, text, code, cache)) is not None
            and there.country_code == code
            and there.feature != "country"
            for text, _, _, _ in entities
        ):
            votes[code] += 2  # as much as the country's name
    return votes.most_common(1)[0][0] if votes else None


_WORDS = re.compile(r"[^\W\d_]{4,}")


def _nationalities(text: str, countries: frozenset[str]) -> set[str]:
    """The folded names of the countries whose nationality ``text`` names ("Nigerian",
    "malienne")."""
    found = set()
    stems = {country[:4] for country in countries}
    for word in {w.lower() for w in _WORDS.findall(text)}:
        if word[:4].isascii() and word[:4] not in stems:
            continue  # most words: no country's first letters (fold() only for the others)
        country = nationality_country(fold(word), countries)
        if country is not None:
            found.add(country)
    return found


# Where French puts a place: "à Boni", "aux alentours d'Eringeti", "l'attaque de Nassoumbou"
# (an event noun and "de" name where it happened, as in the titles of most reports).
_PLACE_PREPOSITION_FR = re.compile(
    r"\b(?:à|près\s+d[eu']|(?:aux\s+)?(?:alentours|environs|abords)\s+d[eu']|"
    r"dans\s+(?:la\s+ville|le\s+village|la\s+localité|la\s+commune)\s+d[eu']|"
    r"(?:attaque|attentat|bataille|combats?|embuscade|massacre|prise|siège|tuerie)\s+d[eu'])\s*$",
    re.IGNORECASE,
)
_PLACE_PREPOSITION_CHARS = 30


def place_mentions(
    parsed: Parsed,
    spans: list[tuple[int, int]],
    article: Article,
    resolver: PlaceResolver,
    language: str,
    countries: frozenset[str],
    deadline: Deadline,
) -> list[Mention]:
    cache: dict = {}
    entities = _candidates(parsed)
    # A name found by lookup alone does not vote for the country (it is kept only where it
    # agrees with the country the others point to).
    voters = [c for c in entities if c.label not in (LOOKUP_LABEL, _PERSON_OR_TOWN)]
    nations = _nationalities(article.text, countries)
    hint = _country_hint(
        voters,
        resolver,
        cache,
        deadline,
        nationalities=nations,
        speaker=lambda end: bool(_SPEAKS.match(article.text, end)),
    )
    # Names written where French puts a place ("à Dahyan") are places all through the text.
    situated = {
        fold(text)
        for text, start, _, label in entities
        if label == "LOC"
        and " " not in text
        and _PLACE_PREPOSITION_FR.search(
            article.text[max(0, start - _PLACE_PREPOSITION_CHARS) : start]
        )
    }
    mentions: list[Mention] = []
    for text, start, end, label in entities:
        deadline.check("resolving its places")
        place = _resolve(resolver, text, hint, cache)
        plain = _resolve(resolver, text, None, cache)
        if plain is not None and plain.feature == "country":
            place = plain  # "Jordan" is the country, whatever town the hint prefers
        if label == _PERSON_OR_TOWN:
            if not (
                place is not None
                and hint is not None
                and place.country_code == hint
                and place.feature in ("city", "town")
                and fold(place.name) == fold(text)
            ):
                continue  # a person's name, as the model says
            label = "LOC"  # a town of the article's country by its own name: "Idlib"
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
        side = _FR_SIDE_END.search(text) if place is None else None
        if side:  # "Waziristan du Nord", "Darfour du Sud": GeoNames has "North Waziristan"
            english = f"{_SIDES[side.group('side').lower()]} {text[: side.start()]}"
            place = _resolve(resolver, english, hint, cache)
        tail = _LANDMARK_AFTER.fullmatch(text) if place is None else None
        if tail is not None:
            # "Kabul airport", "Gao military base": a landmark the gazetteer lacks after the
            # town it is in; the town is the place
            town = _resolve(resolver, tail.group("name"), hint, cache)
            if town is not None and town.feature != "country" and town.geo_precision < 6:
                place, text = town, tail.group("name")
        under = _UNDER_KEYWORD.match(text) if place is None else None
        if under is not None:
            # "mosquée de Peshawar", "le marché central de Maiduguri": a landmark the gazetteer
            # lacks, in a town it knows; the town is the place (not a country: "ambassade de
            # France" says nothing of the town)
            town = _resolve(resolver, text[under.end() :], hint, cache)
            if town is not None and town.feature != "country" and town.geo_precision < 6:
                place, text, start = town, text[under.end() :], start + under.end()
        if place is None and text.isupper() and len(text.split()) > 1:
            continue  # a headline in capitals: no telling a name from the words around it
        if place is None and label not in ("PLACE", "PLACE_GUESS"):
            before = article.text[max(0, start - _PLACE_PREPOSITION_CHARS) : start]
            if not (
                label == "LOC" and (_PLACE_PREPOSITION_FR.search(before) or fold(text) in situated)
            ):
                continue  # kept unresolved only where French puts a place: "à Boni"
        if (
            label in ("PLACE_PREP", LOOKUP_LABEL)
            and place is not None
            and not (place.feature == "country" or hint is None or place.country_code == hint)
        ):
            continue  # "in Police custody" is no town in Poland
        mentions.append(Mention(text, start, end, label, "location", place))
    mentions = _namesakes_near_the_others(mentions, resolver, hint, cache, deadline)
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
        elif (mention.text.isupper() and _DATELINE_TAIL.match(after)) or _line_dateline(
            mention, article.text
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
    return _placed_by_their_area(result, article.text)


# The name of a place under its keyword: "camp militaire d'Indelimane" -> "Indelimane".
_UNDER_KEYWORD = re.compile(r"^(?:[a-zà-ÿ]+\s+){1,3}(?:d['’]|de\s+|du\s+|des\s+)?(?=[A-ZÀ-Ý])")
_AREA_REACH = 60
_AREAS = frozenset({"governorate", "province", "region", "state", "district", "county"})


def _name_key(text: str) -> str:
    return fold(_UNDER_KEYWORD.sub("", text))


_NEAR_GAP = re.compile(
    r"\s*,?\s*(?:près\s+d[eu']|non\s+loin\s+d[eu']|aux\s+environs\s+d[eu']|near|outside)\s*"
    r"(?:la\s+|le\s+|l'|the\s+)?",
    re.IGNORECASE,
)


def _placed_by_their_area(mentions: list[Mention], text: str) -> list[Mention]:
    """An unknown place followed, in its sentence, by the area it lies in ("le camp
    d'Indelimane, dans le cercle d'Ansongo", "Dahyan, dans la province de Sa'dah") is at that
    area's point, at no finer than district precision (ACLED's precision 3: "a larger region
    mentioned"); so is every other mention of the same name in the article."""
    by_name: dict[str, Place] = {}
    for index, mention in enumerate(mentions):
        if mention.place is not None or mention.role not in ("location", "target"):
            continue
        end = mention.end
        for following in mentions[index + 1 :]:
            if following.start - mention.end > _AREA_REACH:
                break
            area = following.place
            # the area it lies in: an administrative area, not the next town of a list
            if following.role == "context" and area is not None and area.feature in _AREAS:
                widened = replace(area, geo_precision=max(area.geo_precision, 3))
                by_name.setdefault(_name_key(mention.text), widened)
                break
            if not _NEAR_GAP.fullmatch(text[end : following.start]):
                break  # only a place it is near may stand between: "X, près de Y, dans Z"
            end = following.end
    if not by_name:
        return mentions
    return [
        replace(m, place=by_name[_name_key(m.text)])
        if m.place is None and _name_key(m.text) in by_name
        else m
        for m in mentions
    ]


# A place within this distance of another place of the article goes with it.
_NEIGHBOUR_KM = 100.0
# Most other places a far namesake is tried near (each try is one resolution).
_NEIGHBOUR_TRIES = 3


def _km(a: Place, b: Place) -> float:
    return geodesic((a.lat, a.lon), (b.lat, b.lon)).km


def _namesakes_near_the_others(
    mentions: list[Mention],
    resolver: PlaceResolver,
    hint: str | None,
    cache: dict,
    deadline: Deadline,
) -> list[Mention]:
    """A GeoNames place far (over 100 km) from every other place the article names gives way
    to a namesake within 100 km of one of them: "Daura" in an article about Katsina is the
    Katsina town, not the larger Daura of Yobe (the resolver ranks namesakes by distance to
    ``near`` before population). Countries, areas, the hand gazetteer's places and names with
    an area noun keep their place; the namesake taken is a town or city, never an area."""
    placed = [m for m in mentions if m.place is not None and m.place.feature != "country"]
    if len({fold(m.text) for m in placed}) < 2:
        return mentions
    result = []
    for mention in mentions:
        place = mention.place
        if (
            place is None
            or place.feature not in ("town", "city")  # countries and areas stay
            or place.source != "geonames"
            or set(fold(mention.text).split()) & set(ADMIN_AREAS)
        ):
            result.append(mention)
            continue
        others = [
            m.place for m in placed if m.place is not None and fold(m.text) != fold(mention.text)
        ]
        if not others or any(_km(place, other) <= _NEIGHBOUR_KM for other in others):
            result.append(mention)
            continue
        unique = list({(o.lat, o.lon): o for o in others}.values())[:_NEIGHBOUR_TRIES]
        for other in unique:
            deadline.check("resolving its places")
            key = (mention.text, hint, (round(other.lat, 2), round(other.lon, 2)))
            if key not in cache:
                try:
                    cache[key] = resolver.resolve(
                        mention.text, country_hint=hint, near=(other.lat, other.lon)
                    )
                except (LookupError, ValueError, OSError) as err:
                    log.warning("resolver failed on %r: %s", mention.text, err)
                    cache[key] = None
            namesake = cache[key]
            if (
                namesake is not None
                and namesake.feature in ("town", "city")
                and _km(namesake, other) <= _NEIGHBOUR_KM
            ):
                mention = replace(mention, place=namesake)
                break
        else:
            if place.feature == "town" and _abroad(place, others, mentions):
                # "le centre commercial Westgate à Nairobi": no town of Canada, a landmark the
                # gazetteer lacks; unlocated rather than in a country the article never names
                mention = replace(mention, place=None)
        result.append(mention)
    return result


def _abroad(place: Place, others: list[Place], mentions: list[Mention]) -> bool:
    """Whether a town is in a country the article never names, all its other places being in
    one other country."""
    countries = {o.country_code for o in others}
    named = {
        m.place.country_code
        for m in mentions
        if m.place is not None and m.place.feature == "country"
    }
    return len(countries) == 1 and place.country_code not in countries | named


def _any_within(ordered: list[int], low: int, high: int) -> bool:
    """Whether a value of the sorted list ``ordered`` lies in ``[low, high]``."""
    index = bisect.bisect_left(ordered, low)
    return index < len(ordered) and ordered[index] <= high


# A distance the text gives from a reference place: "à 530 km au nord-est de Bamako", "about
# 100 kilometres south of Timbuktu", "20 miles from Kandahar" (the last one told before it).
_DISTANCE = re.compile(
    r"\b([0-9]+(?:[.,][0-9]+)?)\s*(km|kilom[eè]t(?:re|er)s?|miles?)\b"
    r"(?!.*\b[0-9]+\s*(?:km|kilom|mile))",
    re.IGNORECASE | re.DOTALL,
)
# Within this distance a reference place stands for the event at "near" precision (the eval's
# match radius); up to _REGION_KM, at region precision (ACLED's 3: the area around it); beyond,
# it is no stand-in at all ("à 530 km au nord-est de Bamako").
_NEAR_KM = 25.0
_REGION_KM = 150.0


def _reference_km(before: str) -> float | None:
    """The distance ``before``, the words ahead of a reference place, puts the event from it."""
    match = _DISTANCE.search(before)
    if match is None:
        return None
    km = float(match.group(1).replace(",", "."))
    return km * (1.609 if match.group(2).lower().startswith("mile") else 1.0)


def _stand_in_precision(before: str, precision: int, finest: int) -> int | None:
    """The precision a reference place stands for the event at (None: it cannot)."""
    km = _reference_km(before)
    if km is not None and km > _REGION_KM:
        return None
    return max(precision, finest, 3 if km is not None and km > _NEAR_KM else 0)


def best_place(mentions: list[Mention], text: str) -> Mention | None:
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
            and _stand_in_precision(text[max(0, m.start - 60) : m.start], 0, 0) is not None
        ]
        if near:
            first = near[0]
            assert first.place is not None  # kept above: context mentions with a place
            precision = _stand_in_precision(
                text[max(0, first.start - 60) : first.start], first.place.geo_precision, 2
            )
            assert precision is not None  # kept above: a stand-in at some precision
            widened = replace(first.place, geo_precision=precision)
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
            and _stand_in_precision(text[max(0, m.start - 60) : m.start], 0, 0) is not None
        ]
        if around:
            first = around[0]
            assert first.place is not None  # kept above: context mentions with a place
            widened = replace(first.place, geo_precision=max(first.place.geo_precision, 3))
            return replace(first, place=widened)
    if not candidates:
        return None
    order = {id(m): i for i, m in enumerate(candidates)}

    def rank(m: Mention) -> tuple:
        return (
            m.place is None,
            m.place is not None and m.place.feature in _COARSE_FEATURES,
            m.role != "location",
            m.place.geo_precision if m.place else 9,
            order[id(m)],
        )

    return min(candidates, key=rank)


# Places that contain others ("Anbar province") never stand as a second place hit.
CONTAINERS = {"country", "governorate", "province", "region", "state"}


def place_point(place: Place) -> tuple[float, float]:
    return place.lat, place.lon


def topic_place(sentences: list[Sentence]) -> Mention | None:
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
