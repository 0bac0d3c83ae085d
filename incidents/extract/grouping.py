"""Sentences into incidents: a sentence joins the incident it tells more of (same date and place,
a definite anaphor, the same weapon) or starts one (:func:`group_sentences`); an incident told
at two far-apart places hit is cut in two (:func:`split_group`).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import replace
from typing import Any

from geopy.distance import geodesic

from geo.normalize import fold
from incidents.casualties import sentence_casualties
from incidents.dates import DateMention, story_relative_days
from incidents.extract.deadline import Deadline
from incidents.extract.event_type import NOT_WEAPON_KINDS
from incidents.extract.places import CONTAINERS, place_key, place_point
from incidents.extract.records import Mention, Sentence
from incidents.fuzzydate import FuzzyDate, Precision
from incidents.model import Article


def _earliest_best(a: DateMention | None, b: DateMention | None) -> DateMention | None:
    """The more precise of two dates, the earlier told on a tie (``a`` when equal)."""
    if a is None:
        return b
    if b is None or (a.rank, a.start) <= (b.rank, b.start):
        return a
    return b


class Group:
    """Sentences of one incident being assembled (mutable, private to this module).

    What grouping asks of a group (its date, places, weapons, kinds) is kept up to date as
    sentences are added with :meth:`add`, so each question costs the size of the sentence
    asking, not of the group: the grouping of an article stays linear in its length.
    """

    def __init__(self, sentences: list[Sentence] | None = None) -> None:
        self.sentences: list[Sentence] = []
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

    def add(self, sentence: Sentence) -> None:
        """Add ``sentence`` to the incident."""
        self.sentences.append(sentence)
        self._headline_only = self._headline_only and sentence.headline
        if sentence.date is not None:
            self._date_any = _earliest_best(self._date_any, sentence.date)
            if not sentence.headline:
                self._date_body = _earliest_best(self._date_body, sentence.date)
        for mention in sentence.places:
            keys = self._headline_keys if sentence.headline else self._keys
            keys[mention.role].add(place_key(mention))
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


def dates_agree(a: str | None, b: str | None) -> bool:
    """True when two stated dates may be the same day ("2020-07" and "2020-07-04"); a missing
    date agrees with any."""
    if not a or not b:
        return True
    return fuzzy_date(a).agrees_with(fuzzy_date(b))


@functools.lru_cache(maxsize=4096)
def fuzzy_date(text: str) -> FuzzyDate:
    """A stated date read at the precision its form gives (day, month or year)."""
    return FuzzyDate.parse(text)


def default_date(article: Article) -> tuple[str | None, str]:
    """Date of an incident the text does not date: the article's, at most to the month."""
    if article.pub_date is None:
        return None, "unknown"
    if article.pub_precision == "day":
        return FuzzyDate.of(article.pub_date, Precision.WEEK).format(), "week"
    return FuzzyDate.of(article.pub_date, Precision.MONTH).format(), "month"


def _date_from_previous(sentence: Sentence, previous: Group, language: str) -> Sentence:
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


def _tells_victims(sentence: Sentence) -> bool:
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


# Events referred to in the plural, as a set already told: "these attacks", "ces frappes".
_THESE_EVENTS = re.compile(
    r"\b(?:these|those|such|ces|de\s+telles)\s+(?:\w+\s+)?(?:attacks|strikes|incidents|raids|"
    r"bombings|attaques|frappes|attentats|incidents|raids|bombardements)\b",
    re.IGNORECASE,
)


# Events counted and told in one sum: "two separate attacks", "deux attaques distinctes",
# "both attacks" ("several attacks ... killed a reported 160" is kept: a vague number of
# events whose sum is all the text gives, as analysts code it).
_SUM_OF_EVENTS = re.compile(
    r"\b(?:two|three|four|five|both|[2-9]|deux|trois|quatre|cinq)\s+"
    r"(?:separate|distinct|different|simultaneous|coordinated|other|autres|\w+\s+)?\s*"
    r"(?:attacks|assaults|attaques|attentats|raids|ambushes|embuscades)\b",
    re.IGNORECASE,
)


_PLURAL_EVENTS = re.compile(
    r"\b(?:attacks|attentats|attaques|bombings|blasts|explosions|strikes|frappes|raids)\b",
    re.IGNORECASE,
)


def _sum_of_events(sentence: Sentence) -> bool:
    """A sentence telling several events at once, with no place of its own finer than a
    country ("The Taliban made two separate attacks in Afghanistan Thursday, killing up to 8
    police"): its counts are their sum, the events are told one by one elsewhere or not at all
    (ACLED codes each event, never a sum)."""
    return not sentence.places and bool(_SUM_OF_EVENTS.search(sentence.text))


def group_sentences(sentences: list[Sentence], article: Article, deadline: Deadline) -> list[Group]:
    """Sentences into incidents (see the module docstring).

    ``focus`` is the incident last talked about: a sentence with no place of its own adds to
    it, or to the latest incident with the same weapon ("Onze missiles frappent...").
    """
    groups: list[Group] = []
    focus: Group | None = None
    default, _ = default_date(article)

    def group_date(group: Group) -> str | None:
        if group.date is not None:
            return group.date.value
        return None if group.headline_only else default

    told_in_sum = False  # the sentence before told events in sum or in the past
    # A headline of events in the plural ("Irak : 33 personnes tuées dans des attentats") over a
    # body that tells another event ("Une autre attaque...") counts them all: its dead are
    # their sum, no one incident's.
    several = any(s.new and not s.headline for s in sentences)
    for sentence in sentences:
        if several and sentence.headline and _PLURAL_EVENTS.search(sentence.text):
            sentence = replace(
                sentence, killed=None, killed_high=None, injured=None, casualty_spans=()
            )
        deadline.check("grouping its sentences into incidents")
        has_casualties = bool(sentence.casualty_spans)
        summed, told_in_sum = told_in_sum, sentence.background or sentence.generic
        if sentence.background:
            continue  # "the deadliest since the 1998 bombings", "killed 400 since June"
        if _sum_of_events(sentence) and not sentence.headline:
            told_in_sum = True
            continue
        if summed and _THESE_EVENTS.search(sentence.text) and not sentence.places:
            # "In these attacks, about 70 soldiers were injured": the sum goes on
            told_in_sum = True
            continue
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
                groups.append(Group([sentence]))
            continue
        date = sentence.date.value if sentence.date else None
        places = {place_key(m) for m in sentence.places}
        target = None
        other_weapon = _other_weapon(sentence, focus)
        if focus is not None and not sentence.new:
            if focus.headline_only:
                target = focus  # a headline sums up the story's first incident
            recent = groups[-_LOOKBACK_GROUPS:]
            for group in reversed(recent):
                if target is not None:
                    break
                if dates_agree(date, group_date(group)) and group.shares_place(places):
                    target = group
            if target is None and not places:
                weapons = set(sentence.weapons)
                same_weapon = [
                    g
                    for g in reversed(recent)
                    if weapons & g.weapons and dates_agree(date, group_date(g))
                ]
                if same_weapon and focus not in same_weapon:
                    target = same_weapon[0]
                elif dates_agree(date, group_date(focus)) and not other_weapon:
                    target = focus
            if target is None and _continues(sentence, focus, places, date, group_date(focus)):
                target = focus
            if target is None and _same_toll_again(sentence, focus, date, group_date(focus)):
                target = focus
            if (
                target is None
                and sentence.definite
                and all(m.role in ("launch_site", "context") for m in sentence.mentions)
                and dates_agree(date, group_date(focus))
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
        focus = Group([sentence])
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


def _other_weapon(sentence: Sentence, focus: Group | None) -> bool:
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
    kinds = set(sentence.kinds) - NOT_WEAPON_KINDS
    told = focus.kinds - NOT_WEAPON_KINDS
    return sentence.date is not None and bool(kinds) and bool(told) and not kinds & told


def _continues(
    sentence: Sentence, focus: Group, places: set[str], date: str | None, focus_date: str | None
) -> bool:
    """True when ``sentence`` tells more of ``focus``, the incident told just before.

    Either it opens on "The missiles", "the attack", "la roquette" with the same weapon (or
    none named), a date that agrees, and a place that is the incident's own or that the
    incident lacks (a target is what was aimed at, the sentence may say where it fell); or
    ``focus`` has no place at all and the sentence locates the same weapon at the same date
    ("US forces came under rocket fire on Monday. Several rockets targeted the Omar oil field").
    """
    # (an incident the text does not date has the article's week: any day of it agrees)
    if sentence.new or (focus.date is not None and not dates_agree(date, focus_date)):
        return False
    if sentence.anaphor:
        (weapon,) = sentence.anaphor
        if weapon is not None and weapon not in focus.weapons:
            return False
        located = ("location",)
        # a spot the gazetteer lacks ("The bomber attacked the Yen-Kaji area of the market")
        # is a finer place of the same incident, not another place
        unknown = all(m.place is None for m in sentence.places)
        return (
            not places
            or unknown
            or not focus.has_place(located)
            or focus.shares_place(places, located)
        )
    if not places or focus.has_place():
        return False
    # "...attacked a security post in western Afghanistan, killing 10 police. ... said the
    # attack took place in the Murghab district": the place of an incident told without one,
    # by "the attack" or the same kind of event
    kinds = set(sentence.kinds) - {"launcher", "intercepted"}
    return (
        bool(set(sentence.weapons) & focus.weapons)
        or sentence.definite
        or bool(kinds & focus.kinds)
    )


def _same_toll_again(
    sentence: Sentence, focus: Group, date: str | None, focus_date: str | None
) -> bool:
    """True when ``sentence`` tells the dead of ``focus`` again, the same number (two or more)
    on a day that agrees, by the same kind of event, at a place the incident had not named
    ("22 tués dans des raids aériens dans la province d'Idleb" then "six raids sur le village de
    Hass ... tuant 22 personnes"): the same event told closer, as an analyst reads it."""
    if sentence.new or not sentence.killed or sentence.killed < 2:
        return False
    if not dates_agree(date, focus_date):
        return False
    told = [s.killed for s in focus.sentences if s.killed]
    kinds = set(sentence.kinds) - NOT_WEAPON_KINDS
    return bool(told) and sentence.killed == max(told) and (not kinds or bool(kinds & focus.kinds))


_SPLIT_KM = 25.0
# A province or state this far from the other place cannot contain it: two places hit ("in
# Kunduz ..., and in western Farah province, where they killed four", 800 km apart).
_CONTAINER_KM = 400.0


def _two_places_hit(sentence: Sentence) -> tuple[Mention, Mention, int] | None:
    """Two far-apart places each hit, joined by "and"/"et" in one clause of impact ("The
    missiles struck Ain al-Asad air base and a facility in Erbil"), or by the comma of a list
    that "and" ends ("bases in Erbil, Balad and Taji"): (first, second, offset of the joiner
    in the sentence). A place that only qualifies another is a ``context`` mention and never
    counts."""
    places = list(sentence.places)
    action = _ACTION.search(sentence.text) if len(places) > 1 else None
    for first, second in itertools.pairwise(places):
        if first.place is not None and second.place is not None:
            km = geodesic(place_point(first.place), place_point(second.place)).km
            if {first.place.feature, second.place.feature} & CONTAINERS and km <= _CONTAINER_KM:
                continue  # "Ramadi, in Anbar province": the area it lies in, not another place
            if km <= _SPLIT_KM:
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


def _clause_counts(sentence: Sentence, start: int, end: int, language: str) -> dict[str, Any]:
    """The casualties of ``sentence.text[start:end]`` as the fields of a :class:`Sentence`."""
    counts = sentence_casualties(
        sentence.text[start:end], language=language, offset=sentence.start + start
    )
    return {
        "killed": counts.killed,
        "killed_high": counts.killed_high,
        "injured": counts.injured,
        "casualty_spans": counts.spans,
    }


def split_group(group: Group, *, language: str | None = None) -> tuple[Group, Group | None]:
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
        if language is not None and any(later) and not all(later) and not listed:
            # counts on both sides ("leaving 15 soldiers dead there, and in Farah province,
            # where they killed four policemen"): each place its own clause's
            head = replace(head, **_clause_counts(sentence, 0, joiner, language))
            tail = replace(tail, **_clause_counts(sentence, joiner, len(sentence.text), language))
        key_first, key_second = place_key(first), place_key(second)
        firsts, seconds = [], [tail]
        for position, other_sentence in enumerate(group.sentences):
            if position == index:
                firsts.append(head)
                continue
            keys = {place_key(m) for m in other_sentence.places}
            if position > index and key_second in keys and key_first not in keys:
                seconds.append(other_sentence)
            else:
                firsts.append(other_sentence)
        return Group(firsts), Group(seconds)
    return group, None
