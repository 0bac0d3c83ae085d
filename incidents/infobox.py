"""The losses an encyclopedia's infobox gives, above the article's prose.

A Wikipedia battle or attack article opens with a summary table whose losses rows give each
side's dead and wounded on a line of their own ("12 morts 4 blessés 1 blindé détruit |",
"2 morts |", or under a "Pertes" / "Casualties and losses" heading: "100 à 190 morts",
"21 blessés au moins"). ACLED counts every death, both sides', at the lowest figure given: the
lines are added up, and a range gives its lower bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line of prose: long, or a sentence of some length. The infobox is what comes before the
# first one ("Un article de Wikipédia, l'encyclopédie libre." is too short to end it).
_PROSE = re.compile(r"(?:\S+\s+){14}|(?:\S+\s+){7}.*[.!?]\s*$")
_COUNT = r"(?P<n>[0-9]{1,5})(?:\s*(?:à|to|-|–)\s*[0-9]{1,5})?"
_KILLED = re.compile(rf"(?<![\w.]){_COUNT}\s+(?:morts?|tués?|killed|dead)\b", re.IGNORECASE)
_INJURED = re.compile(rf"(?<![\w.]){_COUNT}\s+(?:blessés?|wounded|injured)\b", re.IGNORECASE)
# A losses line opens with its count: "~ 9 morts |", "12 morts 4 blessés", "au moins 3 morts"
_LOSSES_LINE = re.compile(r"^\s*(?:[~≈]\s*|au\s+moins\s+|at\s+least\s+)?[0-9]", re.IGNORECASE)
# ... or with its label, the count after it: "Morts 0", "Blessés 3", "Casualties 3 killed",
# "Deaths: 12". A row of "Casualties"/"Victimes" with no kind after its count is killed and
# injured together: unknown apart, so it is read only when a kind follows.
_LABEL_FIRST = re.compile(
    r"^\s*(?:(?P<killed>morts|tués|décès|deaths|dead|killed|fatalities)|"
    r"(?P<injured>blessés|wounded|injured|injuries)|(?P<either>casualties|victimes|pertes))"
    r"\s*[:|]?\s*(?:[~≈]\s*|au\s+moins\s+|at\s+least\s+)?(?P<n>[0-9]{1,5})(?P<rest>.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Losses:
    """The dead and wounded of all sides (None where the infobox gives none)."""

    killed: int | None
    injured: int | None


def infobox_losses(text: str) -> Losses | None:
    """The losses of the infobox that opens ``text``, or None when it gives no dead or wounded
    (or there is no infobox: the text opens with prose)."""
    killed: int | None = None
    injured: int | None = None
    for line in text.splitlines()[1:]:  # the first line is the date or the headline
        if _PROSE.search(line):
            break
        labelled = _LABEL_FIRST.match(line)
        if labelled is not None:
            count = int(labelled.group("n"))
            kind = "killed" if labelled.group("killed") else None
            kind = "injured" if labelled.group("injured") else kind
            if kind is None:  # "Casualties 3 killed, 5 wounded": the kind follows each count
                line = labelled.group("n") + labelled.group("rest")
            elif kind == "killed":
                killed = (killed or 0) + count
                continue
            else:
                injured = (injured or 0) + count
                continue
        if not _LOSSES_LINE.match(line):
            continue
        for pattern, kind in ((_KILLED, "killed"), (_INJURED, "injured")):
            found = [int(m.group("n")) for m in pattern.finditer(line)]
            if not found:
                continue
            if kind == "killed":
                killed = (killed or 0) + sum(found)
            else:
                injured = (injured or 0) + sum(found)
    if killed is None and injured is None:
        return None
    return Losses(killed, injured)
