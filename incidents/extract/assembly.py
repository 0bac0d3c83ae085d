"""Building the :class:`~incidents.model.Incident` record of a group of sentences: place, date,
type, tolls, quote, highlighted spans and id.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import replace

from incidents.casualties import story_range, story_total
from incidents.extract.event_type import SIMILAR, incident_type
from incidents.extract.grouping import Group, dates_agree, default_date
from incidents.extract.places import best_place
from incidents.extract.records import Mention, Sentence
from incidents.model import Article, Incident, PlaceMention, Span


def like_the_one_before(incident: Incident, before: list[Incident]) -> Incident:
    """ "a similar strike", "une attaque similaire" with no type of its own: the type and
    weapon of the incident told just before."""
    if incident.event_type != "attack" or not before or not SIMILAR.search(incident.quote):
        return incident
    model = before[-1]
    return replace(
        incident,
        event_type=model.event_type,
        weapon=incident.weapon or model.weapon,
        id=incident_id(incident.source, incident.date, incident.place_mention, model.event_type),
    )


def incident_id(source: str, date: str | None, place: str | None, event_type: str) -> str:
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


def _antecedent(group: Group, earlier: list[Mention], upto: int) -> Mention | None:
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
                return Mention(
                    match.group(0),
                    start,
                    sentence.start + match.end(),
                    "PLACE",
                    "location",
                    mention.place,
                )
    return None


def _quote(sentences: list[Sentence], text: str) -> str:
    """The sentences as one text: neighbours joined as written, gaps marked with " […] "."""
    runs: list[list[int]] = []
    for sentence in sorted(sentences, key=lambda s: s.start):
        if runs and not re.search(r"[.!?]", text[runs[-1][1] : sentence.start]):
            runs[-1][1] = max(runs[-1][1], sentence.end)
        else:
            runs.append([sentence.start, sentence.end])
    return " […] ".join(" ".join(text[a:b].split()) for a, b in runs)


def assemble_incident(
    group: Group,
    article: Article,
    earlier: list[Mention],
    starts: list[int],
    topic: Mention | None = None,
) -> Incident:
    """The incident of ``group``; ``earlier`` are the article's mentions in text order and
    ``starts`` their offsets."""
    sentences = group.sentences
    quoted = [s for s in sentences if s.informative and not s.headline] or sentences
    mentions = [m for s in sentences for m in s.mentions]
    best = best_place(mentions, article.text)
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
        date, precision = default_date(article)
    kinds = [k for s in sentences for k in s.kinds]
    weapons = [w for s in sentences for w in s.weapons]
    fatalities, fatalities_high = story_range(
        [(s.text, s.killed, s.killed_high) for s in sentences]
    )
    injured = story_total([(s.text, s.injured) for s in sentences])
    event_type = incident_type(
        sentences, kinds, article.text, article.language, hurt=bool(fatalities or injured)
    )
    spans = [Span(m.start, m.end, "place", m.text) for m in mentions]
    used_dates = [d for s in sentences for d in s.dates if d.value and dates_agree(d.value, date)]
    spans += [Span(d.start, d.end, "date", d.text) for d in used_dates]
    spans += [
        Span(a, b, "casualty", article.text[a:b]) for s in sentences for a, b in s.casualty_spans
    ]
    place_mention = best.text if best else None
    if fatalities is None and injured is not None:
        fatalities = 0  # a report that counts the injured would name the dead (ACLED: 0)
    return Incident(
        id=incident_id(article.source, date, place_mention, event_type),
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
        fatalities_high=fatalities_high,
        injured=injured,
        places=tuple(PlaceMention(m.text, m.start, m.end, m.role, m.place) for m in mentions),
        spans=tuple(sorted(set(spans), key=lambda s: (s.start, s.end, s.kind))),
    )
