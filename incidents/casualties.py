"""Killed and injured counts stated in a sentence, in French or English.

Numbers are digits or number words read with ``text2num`` ("deux", "twenty-one"); an
indefinite article before the victim ("un garçon a été blessé", "killed an American
contractor") counts one. Counts joined by "et"/"and" add up ("Deux soldats américains et un
britannique sont morts" is 3). "ni victime ni dommage", "no casualties" give 0 and 0. A vague
quantity ("several", "plusieurs") or no statement at all gives None.

Two shapes are read around each casualty word:

- victims before it, passive or intransitive ("Three personnel were killed", "sont morts",
  "12 blessés");
- victims after it, active ("a tué un entrepreneur ... et blessé quatre militaires").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

_KILLED = {
    "fr": r"tuée?s?|morte?s?|décédée?s?|péri|mortellement",
    "en": r"killed|dead|died|deaths?|fatalities|fatally",
}
_INJURED = {
    "fr": r"blessée?s?|blessures?",
    "en": r"injured|wounded|hurt|injuries|injuring|wounding",
}
_AUXILIARY = {
    "fr": r"(?:été|sont|est|étaient|était|sont\s+été)",
    "en": r"(?:were|was|are|is|been|be|got|left)",
}
_INTRANSITIVE = {"morts", "mort", "morte", "mortes", "décédé", "décédés", "péri", "died", "dead"}
_ZERO = {
    "fr": [
        (r"\bni\s+(?:victimes?|morts?)\b", ("killed", "injured")),
        (r"\b(?:aucune|pas\s+de|sans(?:\s+faire)?(?:\s+de)?)\s+victimes?\b", ("killed", "injured")),
        (r"\b(?:aucun|pas\s+de|sans(?:\s+faire)?(?:\s+de)?|ni)\s+blessés?\b", ("injured",)),
        (r"\b(?:aucun|pas\s+de|sans(?:\s+faire)?(?:\s+de)?|ni)\s+morts?\b", ("killed",)),
        (r"\bpersonne\s+n'a\s+été\s+blessé", ("injured",)),
        (r"\bpersonne\s+n'a\s+été\s+tué", ("killed",)),
    ],
    "en": [
        (r"\bno\s+(?:casualties|victims)\b", ("killed", "injured")),
        (r"\bwithout\s+(?:any\s+)?casualties\b", ("killed", "injured")),
        (r"\bno\s+(?:one|body|personnel)\s+(?:was|were)\s+(?:hurt|injured|harmed)\b", ("injured",)),
        (r"\bno\s+(?:injuries|injured)\b", ("injured",)),
        (r"\bno\s+(?:one|body)\s+(?:was|were)\s+killed\b", ("killed",)),
        (r"\bno\s+(?:deaths|fatalities|dead)\b", ("killed",)),
    ],
}
_VAGUE = {
    "several",
    "many",
    "some",
    "dozens",
    "scores",
    "numerous",
    "plusieurs",
    "nombreux",
    "nombreuses",
    "dizaines",
    "centaines",
    "quelques",
    "other",
    "others",
    "autres",
}
_ARTICLE_ONE = {"un", "une", "a", "an", "one"}
_STOP_RIGHT = {
    "fr": r"\b(?:dont|y\s+compris|notamment|parmi\s+lesquels|selon|dans|lors|après|avant)\b|[;:(]",
    "en": r"\b(?:including|among\s+them|of\s+whom|according|in|during|after|before)\b|[;:(]",
}
_NOT_PEOPLE = re.compile(
    r"^(?:roquettes?|rockets?|missiles?|obus|drones?|mortiers?|mortars?|mm|km|kilomètres?|"
    r"miles?|heures?|hours?|jours?|days?|ans|years?|mois|months?|minutes?|fois|times|"
    r"bombes?|bombs?|tirs?|engins?|%|pour|per)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+(?:-[\w']+)*|\S")


@dataclass(frozen=True)
class Casualties:
    """Counts found in one sentence, with the character spans that state them."""

    killed: int | None = None
    injured: int | None = None
    spans: tuple[tuple[int, int], ...] = ()


def _number(word: str, language: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in _ARTICLE_ONE:
        return 1
    try:
        return int(text2num(word, language))
    except (ValueError, TypeError):
        return None


def _quantities(text: str, language: str, offset: int) -> tuple[list[tuple[int, int, int]], bool]:
    """Return the people counts that open noun phrases in ``text``, and whether one is vague.

    Each count is ``(value, start, end)``; a count must start the phrase (text start or after
    "et"/"and"/","/"at least"...), so "four U.S. service members and two Iraqi" gives 4 and 2.
    """
    words = list(_WORD.finditer(text))
    found: list[tuple[int, int, int]] = []
    vague = False
    phrase_start = True
    for i, match in enumerate(words):
        word = match.group(0)
        lower = word.lower()
        if lower in {
            "et",
            "and",
            ",",
            "au",
            "moins",
            "at",
            "least",
            "approximately",
            "about",
            "environ",
            "près",
            "de",
            "some",
            "plus",
            "more",
            "than",
            "d'au",
            "the",
            "les",
            "des",
            "le",
            "la",
            "l'",
            "ces",
            "these",
            "those",
        }:
            phrase_start = phrase_start or lower in {"et", "and", ","}
            continue
        if phrase_start:
            if lower in _VAGUE:
                vague = True
            value = _number(word, language)
            following = words[i + 1].group(0) if i + 1 < len(words) else ""
            if value is not None and not _NOT_PEOPLE.match(following) and value < 1900:
                found.append((value, offset + match.start(), offset + match.end()))
        phrase_start = False
    return found, vague


def _left_window(sentence: str, end: int, language: str) -> str:
    left = sentence[:end]
    cut = max(left.rfind(","), left.rfind(";"), left.rfind(":"))
    for pattern in (r"\b(?:après|avant|quand|lorsque|que|qui)\b", r"\b(?:after|when|that|who)\b"):
        for m in re.finditer(pattern, left, re.IGNORECASE):
            cut = max(cut, m.end())
    return left[cut + 1 :] if cut >= 0 else left


def sentence_casualties(sentence: str, *, language: str, offset: int = 0) -> Casualties:
    """Return the killed and injured counts stated in ``sentence`` (None when not stated).

    ``offset`` is the sentence's start in the article, added to the returned spans.
    """
    counts: dict[str, int | None] = {"killed": None, "injured": None}
    spans: list[tuple[int, int]] = []
    for pattern, kinds in _ZERO.get(language, _ZERO["en"]):
        for m in re.finditer(pattern, sentence, re.IGNORECASE):
            for kind in kinds:
                counts[kind] = 0
            spans.append((offset + m.start(), offset + m.end()))
    verbs = rf"\b(?:(?P<killed>{_KILLED[language]})|(?P<injured>{_INJURED[language]}))\b"
    matches = list(re.finditer(verbs, sentence, re.IGNORECASE))
    for index, verb in enumerate(matches):
        kind = "killed" if verb.group("killed") else "injured"
        word = verb.group(0).lower()
        before = sentence[: verb.start()]
        passive = bool(re.search(rf"\b{_AUXILIARY[language]}\s*$", before, re.IGNORECASE))
        value: int | None = None
        where: list[tuple[int, int]] = []
        right_end = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        direct = re.search(r"(\w+)\s*$", before)
        direct_value = _number(direct.group(1), language) if direct else None
        if direct and direct_value is not None and direct.group(1).lower() not in _ARTICLE_ONE:
            # "12 blessés", "3 killed"
            value, where = direct_value, [(offset + direct.start(1), offset + direct.end(1))]
        elif passive or word in _INTRANSITIVE:
            found, vague = _quantities(
                _left_window(sentence, verb.start(), language), language, offset
            )
            left = _left_window(sentence, verb.start(), language)
            shift = verb.start() - len(left)
            found = [(v, s + shift, e + shift) for v, s, e in found]
            if found and not vague:
                value, where = sum(v for v, _, _ in found), [(s, e) for _, s, e in found]
        else:
            right = sentence[verb.end() : right_end]
            stop = re.search(_STOP_RIGHT[language], right, re.IGNORECASE)
            if stop:
                right = right[: stop.start()]
            found, vague = _quantities(right, language, offset + verb.end())
            if found and not vague and _opens_with_count(right, language):
                value, where = sum(v for v, _, _ in found), [(s, e) for _, s, e in found]
        if value is not None:
            previous = counts[kind]
            counts[kind] = value if previous is None else max(previous, value)
            spans.extend(where)
            spans.append((offset + verb.start(), offset + verb.end()))
    return Casualties(counts["killed"], counts["injured"], tuple(sorted(set(spans))))


def _opens_with_count(text: str, language: str) -> bool:
    """True when the first word after an active verb is a count ("killed an American")."""
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in {"au", "moins", "at", "least", "approximately", "about", "environ", "some"}:
            continue
        return _number(word, language) is not None
    return False
