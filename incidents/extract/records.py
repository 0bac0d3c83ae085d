"""The values the stages of the extraction pass each other: a place :class:`Mention` and an
analysed :class:`Sentence`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from geo.place import Place
from incidents.dates import DateMention


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    label: str
    role: str
    place: Place | None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    headline: bool
    mentions: tuple[Mention, ...]
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
    killed_high: int | None = None  # the highest alternative figure for ``killed``
    background: bool = False  # every date starts a span or is compared with: "since 2015"

    @cached_property
    def places(self) -> tuple[Mention, ...]:
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
