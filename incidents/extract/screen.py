"""Whether an article could report an incident at all, read before any spaCy work.

Every incident opens on a sentence with an event word (:data:`TRIGGER_PATTERNS`) or stated
casualties (:func:`incidents.extract.grouping.group_sentences` starts no group on another
sentence), and casualties are only read where a casualty cue is
(:func:`incidents.casualties.may_state_casualties`). So a text in which no event word's pattern
and no casualty cue matches anywhere gives no incident, whatever its places and dates: the
pipeline (:func:`incidents.pipeline.process_files`) then runs neither the spaCy pipeline nor
the extraction on it. Most of a newsroom's articles are not about attacks; on those this is
the whole saving of the NER.

The screen is sound, not a guess: the patterns are searched in the whole text; a sentence (or
a clause of one) is a piece of it cut where a word ends, and every pattern begins and ends on a
word boundary, so a pattern that matches in a sentence matches in the text. The rules that
then drop an event word ("heart attack", "rocket launcher") only make the full reading find
less.
"""

from __future__ import annotations

import re
from functools import lru_cache

from incidents.casualties import may_state_casualties
from incidents.extract.event_type import TRIGGER_PATTERNS


@lru_cache(maxsize=4)
def _event_words(language: str) -> re.Pattern[str]:
    """Every event word's pattern of ``language`` in one alternation: one pass over the text
    (a fifth of the time of one search per pattern)."""
    patterns = TRIGGER_PATTERNS.get(language, TRIGGER_PATTERNS["en"])
    return re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in patterns), re.IGNORECASE)


def may_report_incident(text: str, *, language: str) -> bool:
    """False when ``text`` (in ``language``, ``fr`` or ``en``) holds no event word and no
    casualty cue: :func:`incidents.extract.extract_incidents` would find no incident in it.
    True does not mean it reports one."""
    if _event_words(language).search(text):
        return True
    return may_state_casualties(text, language=language)
