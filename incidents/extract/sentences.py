"""Sentence analysis: each sentence of an article (headline, clauses naming an earlier event and
asides cut apart) with its places, dates, casualties and event words (:func:`analyse_sentences`).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from incidents.casualties import (
    Casualties,
    needs_tree,
    parse_count,
    sentence_casualties,
    tree_casualties,
)
from incidents.dates import DateMention, aside_event, date_mentions
from incidents.extract.deadline import Deadline
from incidents.extract.event_type import TRIGGER_PATTERNS
from incidents.extract.places import PlaceResolver, place_mentions
from incidents.extract.records import Sentence
from incidents.lexicon import COUNT_NOUNS, INDEFINITE_ARTICLES
from incidents.model import Article
from incidents.nlp import Parsed, dependency_trees

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
    r"en\s+riposte|la\s+veille|l'avant-veille|le\s+mois\s+dernier|la\s+semaine\s+dernière|"
    r"(?:au\s+)?début\s+(?:du\s+mois|de\s+ce\s+mois)|"
    r"plus\s+tôt\s+(?:ce\s+mois-ci|cette\s+année|dans\s+le\s+mois))\b",
    "en": r"\b(?:another|a\s+second|a\s+new|a\s+separate|an\s+earlier|a\s+previous|a\s+later|"
    r"a\s+similar)\s+"
    r"(?:\w+\s+)?(?:attack|strike|rocket|explosion|bombing)|"
    r"^\s*(?:separately|in\s+a\s+separate\s+\w+|elsewhere|meanwhile|in\s+response|"
    r"in\s+retaliation|(?:early|earlier)\s+this\s+(?:month|year)|last\s+(?:month|week|year)|"
    r"the\s+(?:day|night)\s+before|the\s+previous\s+(?:day|night))\b",
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


class Triggers(NamedTuple):
    """What the event words of a sentence say (:func:`_triggers`)."""

    kinds: list[str]  # in text order, see TRIGGERS
    weapons: list[str]
    marked_generic: bool  # "une série d'attaques", "a spate of attacks"
    plural_only: bool  # every event word a plural without a count ("les attaques")
    definite: bool  # a singular event word after a definite article ("the attack")


def _triggers(text: str, language: str) -> Triggers:
    """The :class:`Triggers` of ``text``'s event words.

    ``marked_generic``: "une série d'attaques", "a spate of attacks"; ``plural_only``: every
    event word is a plural without a count ("les attaques", but not "quatre roquettes").
    """
    found: list[tuple[int, str, str | None]] = []
    plural_only = True
    definite = False
    for pattern, weapon, kind in TRIGGER_PATTERNS[language]:
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
    return Triggers(kinds, weapons, marked, bool(kinds) and plural_only, definite)


# Words for what a weapon did rather than a weapon: "the rockets exploded", "loud blasts".
_EFFECT = re.compile(r"explos\w*|blasts?|detonat\w*|détonations?", re.IGNORECASE)


def _arms(text: str, language: str) -> tuple[str, ...]:
    """The weapons ``text`` names as weapons ("un engin explosif", "two drones")."""
    found = []
    for pattern, weapon, _ in TRIGGER_PATTERNS[language]:
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
    for pattern, weapon, kind in TRIGGER_PATTERNS[language]:
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
    if word.lower() in COUNT_NOUNS:
        return True
    return bool(_DIGITS.fullmatch(word)) or (
        parse_count(word, language) is not None and word.lower() not in INDEFINITE_ARTICLES
    )


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


# A count over a long period ("10 Israelis have been killed by rockets since 2002", "plus de
# 400 morts depuis 2015") is a running total, no event's toll: a "since" date this many days
# or more before the article, in a sentence that compares nothing with it ("the deadliest
# attack since 2015, killing 30" tells its own dead).
_RUNNING_TOTAL_DAYS = 60
_SINCE_BEFORE = re.compile(r"\b(?:since|depuis)\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_SINCE_OPENS = re.compile(r"(?:since|depuis)\b", re.IGNORECASE)
_COMPARED = re.compile(
    r"\b(?:\w+est|worst|first|most|le\s+plus|la\s+plus|les\s+plus|premier|première|pire|"
    r"jamais|record)\b",
    re.IGNORECASE,
)


# "since" an onset that is no date: "depuis l'instauration de cet état de siège", "since the
# start of the war", "since its creation".
_SINCE_ONSET = re.compile(
    r"\b(?:since|depuis)\s+(?:the\s+|its\s+|their\s+|l'|le\s+|la\s+|cet(?:te)?\s+|"
    r"son\s+|sa\s+|leur\s+)?(?:start|beginning|outbreak|onset|launch|creation|introduction|"
    r"imposition|declaration|instauration|début|lancement|création|mise\s+en\s+place|"
    r"entrée\s+en\s+vigueur|proclamation|déclenchement)\b",
    re.IGNORECASE,
)


_MONTH_NAMES = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre)"
)
# A period of months the text names in words ("between January and July", "from March to
# June", "entre janvier et août"), however the date reader takes its ends; "so far this year".
_MONTHS_PERIOD = re.compile(
    rf"\b(?:between|from|entre|de|d')\s*(?:early\s+|late\s+|début\s+|fin\s+)?{_MONTH_NAMES}\b"
    rf"[^.;]{{0,30}}?\b(?:and|to|until|through|et|à|au|jusqu'(?:à|en))\s+"
    rf"(?:the\s+end\s+of\s+|end\s+of\s+|early\s+|late\s+|la\s+fin\s+|fin\s+)?{_MONTH_NAMES}\b"
    r"|\bso\s+far\s+this\s+year\b|\bdepuis\s+le\s+début\s+de\s+l'année\b",
    re.IGNORECASE,
)


def _running_total(
    text: str,
    dates: list[DateMention],
    offset: int,
    published: _dt.date | None,
    *,
    long_range: bool = False,
) -> bool:
    """Whether ``text`` tells its counts as a total: since a date long before ``published``,
    since an onset that is no date ("depuis l'instauration de l'état de siège"), or over a
    period of more than two weeks (``long_range``: "du 3 mars au 20 avril"; "between January
    and July")."""
    if _COMPARED.search(text):
        return False
    if long_range or _SINCE_ONSET.search(text) or _MONTHS_PERIOD.search(text):
        return True
    if published is None:
        return False
    for date in dates:
        before = re.split(
            r"[,.;]", text[max(0, date.start - offset - _SPAN_LOOKBACK) : date.start - offset]
        )[-1]
        if not (_SINCE_BEFORE.search(before) or _SINCE_OPENS.match(date.text)):
            continue
        first = _first_day(date.value)
        if first is not None and (published - first).days >= _RUNNING_TOTAL_DAYS:
            return True
    return False


# Two dates bounding a period: "between the 7 October attacks and 27 January", "entre
# octobre et janvier", "from March to June", "du 3 mars au 20 avril".
_RANGE_OPEN = re.compile(
    r"\b(?:between|from|entre|du|de|depuis)\s+(?:the\s+|le\s+|l'|la\s+)?$", re.I
)
_RANGE_JOIN = re.compile(
    r"^[^.;!?]{0,150}?\b(?:and|to|until|through|et|au|à|jusqu'(?:au|à))\s+(?:the\s+|le\s+|l'|la\s+)?$",
    re.IGNORECASE,
)
# A period longer than this bounds events told in sum, not one event (a battle of some days
# keeps its dates).
_LONG_RANGE_DAYS = 14


def _long_range(text: str, dates: list[DateMention], offset: int) -> list[DateMention]:
    """The dates that open and close a period of more than two weeks in ``text``."""
    found: list[DateMention] = []
    for first, second in itertools.pairwise(dates):
        # "du 3 mars au 20 avril": the phrases hold their own "du" and "au"
        lead = re.match(r"(?i)(?:du|de|le|au|à)\s+", second.text)
        before = text[max(0, first.start - offset - 20) : first.start - offset]
        opening = _RANGE_OPEN.search(before) or re.match(r"(?i)(?:du|depuis)\s", first.text)
        gap = text[first.end - offset : second.start - offset] + (lead.group() if lead else "")
        joined = _RANGE_JOIN.match(gap)
        if not (opening and joined):
            continue
        low, high = _first_day(first.value), _first_day(second.value)
        if low is not None and high is not None and (high - low).days > _LONG_RANGE_DAYS:
            found += [first, second]
    return found


def _first_day(value: str | None) -> _dt.date | None:
    """The first day a date value ("2024-01-27", "2023-10", "2023") covers."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return _dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _report_date(text: str, date: DateMention, offset: int, language: str) -> bool:
    """Whether ``date`` is told with a reporting verb in its clause."""
    start, end = date.start - offset, date.end - offset
    before = re.split(r"[,.;]", text[max(0, start - _REPORT_WINDOW) : start])[-1]
    # an opening date is its clause's: "Le 2 juillet, le ministère annonce que..."
    after = re.split(r"[,.;]", text[end : end + _REPORT_WINDOW].lstrip(" ,"))[0]
    return bool(_REPORTING[language].search(before) or _REPORTING[language].search(after))


# "The attack is the latest in a series of...", "la dernière d'une longue série d'incidents
# meurtriers ..., où les forces françaises ont tué une cinquantaine de djihadistes": the counts
# of such a sentence are the series', not this event's.
_LATEST_OF_SERIES = re.compile(
    r"\b(?:the\s+latest|the\s+last)\s+(?:\w+\s+)?in\s+an?\s+(?:\w+\s+)?(?:series|string|wave|spate)|"
    r"\b(?:la\s+dernière|le\s+dernier)\s+(?:en\s+date\s+)?d'une?\s+(?:\w+\s+)?"
    r"(?:série|vague|succession)",
    re.IGNORECASE,
)

# A date right after a reporting verb is the report's: "El Tiempo reported on 25 August",
# "the army said late on Sunday", "a annoncé le 3 mars".
_REPORTED_ON = re.compile(
    r"\b(?:reported|said|announced|confirmed|stated|claimed|(?:a|ont)\s+(?:annoncé|indiqué|"
    r"déclaré|rapporté|affirmé|précisé))\s+(?:(?:late|early)\s+)?(?:on\s+|le\s+|ce\s+)?$",
    re.IGNORECASE,
)

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
        r"(?:attaques?|attentats?|frappes?|massacres?|embuscades?|meurtres?|assassinats?|"
        r"bombardements?|tirs?)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:(?:in|as\s+an?)\s+(?:retaliation|revenge|reprisal|response)\s+(?:for|to)|"
        r"to\s+avenge)\s+(?:an?|the|their|its)\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:attacks?|bombings?|strikes?|massacres?|ambush(?:es)?|killings?|raids?|shelling|"
        r"bombardments?)\b",
        re.IGNORECASE,
    ),
}


MAX_TREES = 64
"""Most sentences of one article given to the dependency parser (the first ones): a news story
has a handful; a pathological text of thousands costs no more than this."""
MAX_TREE_CHARS = 1_000
"""Longest sentence given to the parser: a longer "sentence" is a table or a run-on text,
whose parse is slow and worthless."""


def _fill_from_tree(rules: Casualties, tree: Casualties) -> Casualties:
    """The rules' counts, a kind they left unknown taken from the parse."""
    killed = rules.killed if rules.killed is not None else tree.killed
    injured = rules.injured if rules.injured is not None else tree.injured
    if (killed, injured) == (rules.killed, rules.injured):
        return rules
    high = rules.killed_high if rules.killed is not None else tree.killed_high
    return Casualties(killed, injured, tuple(sorted(set(rules.spans) | set(tree.spans))), high)


def sentence_counts(
    text: str,
    pieces: list[tuple[int, int]],
    *,
    language: str,
    nlp=None,
    check: Callable[[], None] | None = None,
) -> list[Casualties]:
    """The killed and injured counts of each ``(start, end)`` piece of ``text``.

    The rules of :func:`incidents.casualties.sentence_casualties` read every piece; then the
    pieces where they found no count though a number and a casualty word are there
    (:func:`incidents.casualties.needs_tree`) are parsed together by ``nlp``'s dependency
    parser (:func:`incidents.nlp.dependency_trees`, French only) and
    :func:`incidents.casualties.tree_casualties` gives that kind ("La deuxième attaque coûte la
    vie à deux gendarmes, plusieurs autres sont faits prisonniers"). ``check`` is called
    before each piece and before the parse (a deadline raises from it).
    """
    read = []
    for start, end in pieces:
        if check is not None:
            check()
        piece = text[start:end]
        lead = _dateline_length(piece)  # "MOGADISCIO (AFP) - Au moins 17 personnes..."
        rules = sentence_casualties(piece[lead:], language=language, offset=start + lead)
        read.append((start + lead, piece[lead:], rules))
    counts = [rules for _, _, rules in read]
    wanted = [
        k
        for k, (_, piece, rules) in enumerate(read)
        if rules.killed is None
        and rules.injured is None
        and len(piece) <= MAX_TREE_CHARS
        and needs_tree(piece, language=language)
    ][:MAX_TREES]
    if check is not None:
        check()
    trees = dependency_trees(nlp, [read[k][1] for k in wanted]) if nlp is not None else None
    for k, doc in zip(wanted, trees or (), strict=False):
        tree = tree_casualties(doc, language=language, offset=read[k][0])
        counts[k] = _fill_from_tree(counts[k], tree)
    return counts


def analyse_sentences(
    article: Article,
    parsed: Parsed,
    resolver: PlaceResolver,
    countries: frozenset[str],
    deadline: Deadline,
    *,
    nlp=None,
) -> list[Sentence]:
    language = article.language
    back = _BACK_MATTER.search(article.text)
    spans = [span for span in _sentence_spans(parsed) if back is None or span[0] < back.start()]
    mentions = place_mentions(parsed, spans, article, resolver, language, countries, deadline)
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
    # the day a dated news article was written: it reports nothing later (a "date 2015-08" line
    # may be an encyclopedia's month of the event, written years after it)
    latest = article.pub_date if article.pub_precision == "day" else None
    all_counts = sentence_counts(
        article.text,
        [(a, b) for a, b, _, _ in pieces],
        language=language,
        nlp=nlp,
        check=lambda: deadline.check("reading its casualties"),
    )
    for (start, end, headline, shift), casualties in zip(pieces, all_counts, strict=True):
        deadline.check("reading its sentences")
        text = article.text[start:end]
        triggers = _triggers(text, language)
        kinds, weapons, definite = triggers.kinds, triggers.weapons, triggers.definite
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
        long_range = _long_range(text, told, start)
        span_dates += [d for d in long_range if d not in span_dates]
        # With no place of its own, a sentence dated only by spans tells no event ("killed 400
        # since June"); with one, it tells where, its date is the story's ("Depuis lundi, trois
        # hôpitaux, à Awijel...").
        background = (
            start in references
            or (
                bool(told)
                and len(span_dates) == len(told)
                and not any(m.role in ("location", "target") for m in own)
            )
            or (bool(casualties.spans) and bool(_LATEST_OF_SERIES.search(text)))
            or (
                bool(casualties.spans)
                and _running_total(
                    text, span_dates, start, article.pub_date, long_range=bool(long_range)
                )
            )
        )
        if (definite or _TOLL_TOLD.search(text)) and not any(
            m.role in ("location", "target") for m in own
        ):
            # "L'attaque a été revendiquée le 3 juillet": the date of the claim, not the attack
            span_dates += [d for d in told if _report_date(text, d, start, language)]
        # "..., the broadcaster reported on 25 August": the verb's own date, wherever it stands
        span_dates += [
            d
            for d in told
            if d not in span_dates
            and _REPORTED_ON.search(text[max(0, d.start - start - 40) : d.start - start])
        ]
        # a date after the article's day dates no event it reports ("ahead of the withdrawal
        # in 2014" in an article of October 2013)
        span_dates += [
            d
            for d in told
            if d not in span_dates
            and latest is not None
            and (first := _first_day(d.value)) is not None
            and first > latest
        ]
        dates = [d for d in dates if d not in span_dates]
        # Bare plurals ("les attaques") are about attacks in general, unless the sentence
        # pins them to a place, a date or casualties.
        concrete = any(m.role in ("location", "target", "launch_site") for m in own) or any(
            d.value for d in dates
        )
        # "A wave of missile strikes" on one place on one day, with its dead, is one event (the
        # strike); "a wave of attacks" with no day, place or toll is attacks in general.
        one_event = (
            any(m.role in ("location", "target") for m in own)
            and any(d.value and d.precision == "day" for d in dates)
            and casualties.killed is not None
        )
        generic = (triggers.marked_generic and not one_event) or (
            triggers.plural_only and not concrete and not casualties.spans
        )
        sentences.append(
            Sentence(
                start=start,
                end=end,
                text=text,
                headline=headline,
                mentions=tuple(own),
                dates=tuple(dates),
                killed=casualties.killed,
                killed_high=casualties.killed_high,
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
