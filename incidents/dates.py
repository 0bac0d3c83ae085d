"""Dates in article text: find the date phrase first, then parse it with dateparser.

dateparser run on a whole sentence misreads French number words as days ("En juin, quatre
roquettes" gives 4 June), so phrases are found by pattern first (:func:`find_date_phrases`)
and only the phrase is parsed (:func:`resolve_date_phrase`), against the article's date:

- absolute dates ("le 18 juin", "March 11", "December 27, 2019", "en mars", "In June")
  take the year of the article date, preferring the past;
- relative ones ("ce samedi soir", "last night", "today", "hier") need a day-precision article
  date: with a month-only date they give that month (precision ``month``, no invented day),
  with no article date nothing (precision ``unknown``).
"""

from __future__ import annotations

import bisect
import calendar
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from incidents.fuzzydate import FuzzyDate

log = logging.getLogger(__name__)

_FR_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_FR_DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
_EN_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?:19|20)[0-9]{2}"

# (kind, pattern); earlier patterns win over later ones at the same place.
_PATTERNS = {
    "fr": [
        (
            "absolute",
            rf"\b(?:(?:le|du|au)\s+)?(?:(?:{_FR_DAYS})\s+)?(?:1er|[0-3]?[0-9])\s+(?:{_FR_MONTHS})"
            rf"(?:\s+{_YEAR})?(?![\w-])",
        ),
        (
            "absolute",
            rf"\b(?:(?:en|début|fin|mi-|courant|depuis)\s+|au\s+mois\s+d[e']\s*)?"
            rf"(?:{_FR_MONTHS})(?:\s+(?:de\s+l'année\s+)?{_YEAR})?(?![\w-])",
        ),
        (
            "relative",
            rf"\b(?:(?:ce|cette|dans\s+la\s+nuit\s+de|la\s+nuit\s+de|le)\s+)?(?:{_FR_DAYS})"
            r"(?:\s+(?:soir|matin|après-midi|dernier|passé))?(?![\w-])",
        ),
        (
            "relative",
            r"\b(?:avant-hier|hier(?:\s+soir|\s+matin)?|aujourd'hui|ce\s+matin|ce\s+soir|"
            r"cette\s+nuit|la\s+nuit\s+dernière|la\s+semaine\s+(?:dernière|passée)|"
            r"le\s+mois\s+(?:dernier|passé)|l'année\s+(?:dernière|passée)|ce\s+mois-ci|"
            r"plus\s+tôt\s+ce\s+mois)(?![\w-])",
        ),
        (
            "ago",
            r"\bil\s+y\s+a\s+(?:\w+|[0-9]+)\s+(?:jours?|semaines?|mois|ans|an|années?)(?![\w-])",
        ),
        ("year", rf"\b(?:en|de|depuis)\s+{_YEAR}(?![\w-])"),
    ],
    "en": [
        (
            "absolute",
            rf"\b(?:(?:{_EN_DAYS}),?\s+)?(?:(?:{_EN_MONTHS})\s+[0-3]?[0-9](?:st|nd|rd|th)?"
            rf"(?:,?\s+{_YEAR})?|[0-3]?[0-9](?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MONTHS})"
            rf"(?:,?\s+{_YEAR})?)(?![\w-])",
        ),
        (
            "absolute",
            rf"(?:\b(?:[Ii]n|[Ee]arly|[Ll]ate|[Mm]id-|[Ss]ince|[Dd]uring|[Oo]f|[Ll]ast)\s+(?:{_EN_MONTHS})"
            rf"(?:,?\s+{_YEAR})?|\b(?:{_EN_MONTHS}),?\s+{_YEAR})(?![\w-])",
        ),
        (
            "relative",
            rf"\b(?:(?:[Oo]n|[Ll]ast|[Tt]his|[Ee]arly|[Ll]ate)\s+)?(?:{_EN_DAYS})"
            r"(?:\s+(?:night|morning|evening|afternoon))?(?![\w-])",
        ),
        (
            "relative",
            r"\b(?:[Tt]oday|[Tt]onight|[Oo]vernight|[Yy]esterday|[Ll]ast\s+(?:night|week|month|year)|"
            r"[Tt]his\s+(?:morning|evening|afternoon|month)|[Ee]arlier\s+this\s+(?:week|month))"
            r"(?![\w-])",
        ),
        ("ago", r"\b(?:\w+|[0-9]+)\s+(?:days?|weeks?|months?|years?)\s+ago\b"),
        ("year", rf"\b(?:[Ii]n|[Oo]f|[Ss]ince|[Tt]he)\s+{_YEAR}(?![\w-])"),
    ],
}
_LAST_MONTH = re.compile(rf"\b[Ll]ast\s+(?=(?:{_EN_MONTHS})\b)")
_COMPILED = {
    lang: [(kind, re.compile(p, re.IGNORECASE if lang == "fr" else 0)) for kind, p in pats]
    for lang, pats in _PATTERNS.items()
}
_SAME_DAY = re.compile(
    r"(?:ce\s+matin|ce\s+soir|cette\s+nuit|aujourd'hui|today|tonight|overnight|"
    r"this\s+(?:morning|evening|afternoon))$",
    re.IGNORECASE,
)
_SAME_MONTH = re.compile(
    r"(?:earlier\s+this\s+month|this\s+month|ce\s+mois-ci|plus\s+tôt\s+ce\s+mois)$",
    re.IGNORECASE,
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_FR_WEEKDAYS = dict(zip(_FR_DAYS.split("|"), range(7), strict=True))
_EN_WEEKDAYS = {d.lower(): i for i, d in enumerate(_EN_DAYS.split("|"))}


@dataclass(frozen=True)
class DateMention:
    """A date phrase in the text and what it resolved to.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (None when it cannot be resolved);
    ``precision`` one of ``day``, ``week``, ``month``, ``year``, ``unknown``.
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: str

    @property
    def rank(self) -> int:
        """0 for a day ... 4 for unknown: lower is more precise."""
        return _PRECISION_RANK[self.precision]


def find_date_phrases(text: str, *, language: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, kind)`` of the date phrases in ``text``, in order, not overlapping.

    ``kind`` is ``absolute``, ``relative``, ``ago`` ("two days ago") or ``year``.
    """
    taken: list[tuple[int, int, str]] = []  # sorted, not overlapping
    starts: list[int] = []
    for kind, pattern in _COMPILED.get(language, _COMPILED["en"]):
        for match in pattern.finditer(text):
            start, end = match.span()
            index = bisect.bisect_right(starts, start)
            if index and taken[index - 1][1] > start:
                continue  # overlaps the phrase before
            if index < len(taken) and taken[index][0] < end:
                continue  # overlaps the phrase after
            taken.insert(index, (start, end, kind))
            starts.insert(index, start)
    return taken


@lru_cache(maxsize=64)
def _parser(language: str, base: datetime | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=[language], settings=settings)


def _format(value: date, precision: str) -> str:
    return FuzzyDate.of(value, precision).format()


def _base(pub_date: date, pub_precision: str | None) -> datetime:
    """The reference instant: the article's day, or the last day of its month."""
    if pub_precision == "month":
        last = calendar.monthrange(pub_date.year, pub_date.month)[1]
        return datetime(pub_date.year, pub_date.month, last, 23, 59)
    return datetime(pub_date.year, pub_date.month, pub_date.day, 23, 59)


def _weekday(phrase: str, language: str) -> int | None:
    table = _FR_WEEKDAYS if language == "fr" else _EN_WEEKDAYS
    for word in re.findall(r"\w+", phrase.lower()):
        if word in table:
            return table[word]
    return None


def shift_days(day: date, days: int) -> date | None:
    """Return ``day`` moved by ``days`` days, or None when that leaves the calendar.

    ``datetime.date`` runs from year 1 to year 9999: "hier" in an article dated
    ``0001-01-01`` or "the next day" after 9999-12-31 is no date, not an ``OverflowError``.
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _read(parser, text: str):
    """dateparser's reading of ``text``, or None when it fails on a date out of its range.

    dateparser computes relative dates from the article's; near year 1 or 9999 that
    arithmetic raises ``OverflowError`` (or ``ValueError`` for an impossible day).
    """
    try:
        return parser.get_date_data(text)
    except (OverflowError, ValueError) as err:
        log.debug("dateparser failed on %r: %s", text, err)
        return None


def resolve_date_phrase(
    phrase: str,
    *,
    language: str,
    kind: str,
    pub_date: date | None,
    pub_precision: str | None,
) -> tuple[str | None, str]:
    """Return ``(value, precision)`` for one date phrase, against the article's date.

    Parameters
    ----------
    phrase : str
        The phrase alone ("le 18 juin", "ce samedi soir", "last night").
    language : str
        ``fr`` or ``en``.
    kind : str
        ``absolute``, ``relative``, ``ago`` or ``year`` (from :func:`find_date_phrases`).
    pub_date, pub_precision :
        The article's date and its precision (``day`` or ``month``), or None.

    The result is cached: an article repeating a phrase has it read once. A date that would
    fall outside years 1 to 9999 gives ``(None, "unknown")``, never an ``OverflowError``.
    """
    return _resolve(phrase, language, kind, pub_date, pub_precision)


@lru_cache(maxsize=4096)
def _resolve(
    phrase: str, language: str, kind: str, pub_date: date | None, pub_precision: str | None
) -> tuple[str | None, str]:
    has_year = re.search(_YEAR, phrase) is not None
    if kind == "ago":
        # "two days ago", "il y a une semaine": counted back from a day-dated article
        from incidents.casualties import parse_count

        match = re.search(
            r"(\w+)\s+(days?|weeks?|jours?|semaines?|months?|mois|years?|ans?|années?)",
            phrase,
            re.IGNORECASE,
        )
        count = parse_count(match.group(1), language) if match else None
        if match is None or count is None or pub_date is None or count > 31:
            return None, "unknown"
        unit = match.group(2).lower()
        if unit.startswith(("month", "mois", "year", "an")):
            # "il y a un an", "two months ago": that month (a year back: the month of the
            # anniversary; several years back: the year only)
            months = count * (12 if unit.startswith(("year", "an")) else 1)
            index = pub_date.year * 12 + pub_date.month - 1 - months
            if index < 12:  # before year 1
                return None, "unknown"
            precision = "year" if months > 12 else "month"
            return _format(date(index // 12, index % 12 + 1, 1), precision), precision
        if pub_precision != "day":
            return _format(pub_date, "month"), "month"
        weeks = match.group(2).lower().startswith(("week", "semaine"))
        back = shift_days(pub_date, -count * (7 if weeks else 1))
        if back is None:
            return None, "unknown"
        return back.isoformat(), "week" if weeks else "day"
    if kind == "relative":
        if pub_date is None:
            return None, "unknown"
        if pub_precision != "day":
            # "samedi soir" in an article dated only by month: that month, never a made-up day.
            return _format(pub_date, "month"), "month"
        if _SAME_MONTH.match(phrase.strip()):
            return _format(pub_date, "month"), "month"
        if _SAME_DAY.match(phrase.strip()):
            return pub_date.isoformat(), "day"
        weekday = _weekday(phrase, language)
        if weekday is not None:
            back = shift_days(pub_date, -((pub_date.weekday() - weekday) % 7))
            return (back.isoformat(), "day") if back else (None, "unknown")
    elif not has_year and pub_date is None:
        return None, "unknown"
    parser = _parser(language, _base(pub_date, pub_precision) if pub_date else None)
    cleaned = re.sub(
        r"(?i)\b(?:soir|matin|the|of|since|depuis|early|late|début|fin)\b", " ", phrase
    )
    cleaned = re.sub(_LAST_MONTH, "", cleaned)  # "Last October": the October before
    # "du 8 octobre", "au vendredi 8 octobre": the preposition is no part of the date
    cleaned = re.sub(r"(?i)^\s*(?:du|au)\s+", "", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned.replace("1er", "1")).strip(" ,")
    data = _read(parser, cleaned) if cleaned else None
    if data is None or data.date_obj is None:
        data = _read(parser, phrase)
    if data is None or data.date_obj is None:
        log.debug("dateparser could not read %r", phrase)
        return None, "unknown"
    period = data.period or "day"
    precision = {"time": "day"}.get(period, period)
    if precision not in _PRECISION_RANK:
        precision = "day"
    found = data.date_obj.date()
    if (
        pub_date is not None
        and re.match(_LAST_MONTH, phrase.strip())
        and (found.year, found.month) == (pub_date.year, pub_date.month)
    ):
        # "Last June", written in June: a year ago (none before year 1; 29 February: the 28th)
        if found.year == 1:
            return None, "unknown"
        day = 28 if (found.month, found.day) == (2, 29) else found.day
        found = found.replace(year=found.year - 1, day=day)
    return _format(found, precision), precision


def date_mentions(
    text: str,
    *,
    language: str,
    pub_date: date | None,
    pub_precision: str | None,
    offset: int = 0,
    check: Callable[[], None] | None = None,
) -> list[DateMention]:
    """Return the resolved date mentions of ``text`` (offsets shifted by ``offset``).

    ``check`` is called before each phrase is resolved (a deadline raises from it).
    """
    found = []
    for start, end, kind in find_date_phrases(text, language=language):
        if check is not None:
            check()
        phrase = text[start:end]
        value, precision = resolve_date_phrase(
            phrase, language=language, kind=kind, pub_date=pub_date, pub_precision=pub_precision
        )
        found.append(DateMention(start + offset, end + offset, phrase, value, precision))
    return found


_N = r"(?P<n>[0-9]+|[\w-]+|less\s+than\s+a|moins\s+d'un(?:e)?|about\s+a|a)"
_DAY = r"(?P<unit>days?|jours?|weeks?|semaines?|months?|mois)"
_STORY_RELATIVE = {
    "fr": [
        (r"\bla\s+veille\b", -1),
        (
            r"\b(?:(?:(?:(?:quelques|plusieurs|\w+)\s+)?(?:heures|minutes)|une\s+(?:demi-)?heure)"
            r"\s+(?:plus\s+tard|plus\s+tôt|auparavant)|"
            r"plus\s+tôt\s+dans\s+la\s+journée|plus\s+tard\s+dans\s+la\s+journée|"
            r"le\s+même\s+jour)\b",
            0,
        ),
        (r"\ble\s+lendemain\b", 1),
        (r"\bl'avant-veille\b", -2),
        (rf"\b{_N}\s+{_DAY}\s+(?:plus\s+tôt|auparavant|avant\s+(?:une?|la|le|l'))", -1),
        (rf"\b{_N}\s+{_DAY}\s+(?:plus\s+tard|après\s+(?:la|le|l'|cette|cet))", 1),
        (rf"\b{_N}\s+{_DAY}\s+après\s+(?:une?|d')", -1),
    ],
    "en": [
        (r"\bthe\s+(?:day\s+before|previous\s+day)\b", -1),
        (
            r"\b(?:(?:(?:(?:a\s+few|several|\w+)\s+)?(?:hours|minutes)|(?:half\s+)?an\s+hour)"
            r"\s+(?:later|earlier|before)|"
            r"(?:earlier|later)\s+(?:in\s+the\s+day|that\s+day|the\s+same\s+day)|"
            r"the\s+same\s+day|on\s+the\s+same\s+day)\b",
            0,
        ),
        (r"\bthe\s+(?:next|following)\s+day\b", 1),
        (rf"\b{_N}\s+{_DAY}\s+(?:earlier|before\s+(?:an?|the|that|this))\b", -1),
        (rf"\b{_N}\s+{_DAY}\s+(?:later|after\s+(?:the|that|this))\b", 1),
        (rf"\b{_N}\s+{_DAY}\s+after\s+(?:an?|another)\b", -1),
    ],
}
_UNITS = {"day": "day", "jour": "day", "week": "week", "semaine": "week", "month": "month"}
_UNITS["mois"] = "month"


def story_relative_days(text: str, *, language: str) -> tuple[int, int, int, str] | None:
    """Return ``(start, end, amount, unit)`` of a phrase dating an event from the one before.

    ``unit`` is ``day``, ``week`` or ``month``. "la veille" is ``-1 day``, "two days later"
    ``+2 day``, "hours later", "plus tôt dans la journée" ``0 day``; "The attack came three days
    after a similar strike" introduces an earlier event: ``-3 day``; "less than a month after
    a rocket attack" ``-1 month``. The caller shifts the previous incident's date; None when
    ``text`` has no such phrase.
    """
    from incidents.casualties import parse_count

    for pattern, sign in _STORY_RELATIVE.get(language, ()):
        match = re.search(pattern, text, re.IGNORECASE)
        if match is None:
            continue
        groups = match.groupdict()
        count: int | None = 1
        unit: str | None = "day"
        if groups.get("unit"):
            unit = _UNITS.get(groups["unit"].lower().rstrip("s"), _UNITS.get(groups["unit"]))
            word = re.sub(r"\s+", " ", groups["n"].lower())
            if word.startswith(("less than", "moins d", "about", "a")) or word in ("a", "un"):
                count = 1
            else:
                count = parse_count(word, language)
        if count is None or unit is None or count > 31:
            continue
        return match.start(), match.end(), sign * count, unit
    return None


# ", two days after a similar attack killed...", ", au lendemain d'une attaque...": a clause
# that tells an earlier (or, with "before", a later) event inside the sentence of another.
_ASIDE = {
    "fr": [
        rf",\s*(?:(?:soit|juste|seulement)\s+)?{_N}\s+{_DAY}\s+(?P<rel>après|avant)\s+",
        r",\s*(?P<rel>au\s+lendemain|à\s+la\s+veille)\s+d[eu']\s*",
    ],
    "en": [rf",\s*(?:(?:just|only|barely)\s+)?{_N}\s+{_DAY}\s+(?P<rel>after|before)\s+"],
}


def aside_event(text: str, *, language: str) -> tuple[int, int, str] | None:
    """Return ``(start, amount, unit)`` of a clause telling another event than its sentence.

    ``start`` is where the clause begins in ``text`` (after the comma); ``amount`` is signed:
    "Rockets hit the base on Saturday, two days after a similar attack killed..." gives
    ``-2 day`` (the clause's event is two days before the sentence's). None when no such
    clause, or when its count cannot be read.
    """
    from incidents.casualties import parse_count

    for pattern in _ASIDE.get(language, ()):
        match = re.search(pattern, text, re.IGNORECASE)
        if match is None:
            continue
        groups = match.groupdict()
        relation = re.sub(r"\s+", " ", groups["rel"].lower())
        sign = -1 if relation in ("après", "after", "au lendemain") else 1
        count: int | None = 1
        unit: str | None = "day"
        if groups.get("unit") is not None:
            unit = _UNITS.get(groups["unit"].lower().rstrip("s"), _UNITS.get(groups["unit"]))
            word = re.sub(r"\s+", " ", groups["n"].lower())
            count = 1 if word in ("a", "an", "un", "une") else parse_count(word, language)
        if count is None or unit is None or count > 31:
            continue
        start = match.start() + 1
        start += len(text[start:]) - len(text[start:].lstrip())
        return start, sign * count, unit
    return None
