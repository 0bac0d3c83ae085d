"""Place spotting by gazetteer lookup, in both languages.

Every run of tokens that folds (:func:`geo.normalize.fold`) to a name of the offline gazetteer
is a place candidate wherever it stands in the sentence ("missile strikes hit central Kyiv",
"the shelling of Nikopol", "Kandahar's police headquarters"), as CLIFF and Mordecai generate
candidates; the model's entities and the entity ruler's are one more signal and keep their
spans (a candidate is only added where no entity is). The names come from ``geo`` (a mapping
with an in-memory key set and ``max_words``, :class:`PlaceNames`), built once per process and
handed to :func:`add_place_lookup`, which adds the spaCy component to a pipeline.

Filtered out, from data rather than lists fitted to sentences:

- a name that starts on a lower-case word, or does not end on a capitalised one;
- a one-word name that is one of the language's stop words (spaCy's ``Defaults.stop_words``),
  a month or day name (Babel's calendar data: "March", "Mars"), or a word that the same text
  writes in lower case elsewhere: it is a common word there ("Police",
  "Mission", "Bar");
- a name inside a longer proper name (a person's or an organisation's: "Hamid Karzai",
  "Al-Shabaab", "Garissa University College", "People's Republic of Donetsk") unless the
  other words are place nouns after it ("Kabul Airport", "Province of Helmand");
- a one-word name after an article (a group or a thing: "the Taliban", "le Hamas");
- a nationality: a word that is a country's name with a demonym ending ("Afghan", "Malien",
  "Iraqi", "Nigérians"; the country names are the gazetteer's).

The extraction then resolves each candidate under the article's country and keeps it only when
the gazetteer places it there (:func:`incidents.extract.places.place_mentions`).
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Protocol

from geo.normalize import fold

log = logging.getLogger(__name__)

PIPE_NAME = "incidents_place_lookup"
"""The name of the lookup's component in a spaCy pipeline."""

LOOKUP_LABEL = "PLACE_LOOKUP"
"""The entity label of a place found by lookup alone."""

# The widest name looked up, in tokens: longer gazetteer names are rare and cost a lookup per
# token each.
MAX_WORDS = 5

# Words that may follow or precede a place's name inside one capitalised run and keep it a
# place ("Kabul Airport", "Kirkuk Province", "Province of Helmand"), both languages.
PLACE_NOUNS = frozenset(
    {
        "airport", "airbase", "base", "camp", "city", "county", "district", "governorate",
        "municipality", "province", "region", "state", "territory", "town", "village",
        "valley", "square", "market", "street", "road", "bridge", "university", "hospital",
        "aeroport", "ville", "commune", "cercle", "departement",
        "prefecture", "quartier", "marche", "place", "pont", "route",
    }
)  # fmt: skip
# Endings that make a nationality of a country's name: "Afghan(istan)", "Mali-en", "Iraq-i",
# "Syria-n", "Nigéri-ans", "Somali(a)".
_DEMONYM_ENDINGS = (
    "ns", "n", "ian", "ians", "an", "ans", "i", "is", "ien", "iens", "ienne", "iennes",
    "en", "ens", "enne", "ennes", "ais", "aise", "aises", "ois", "oise", "oises",
    "ese", "e", "es", "ite", "ites", "ain", "ains", "aine", "aines", "ane", "anes",
)  # fmt: skip
_DEMONYM_STEM = 4
# Endings that make a plural of any word: after a cut name they make no nationality
# ("grenades" is not of Grenada, "palais" not of Palau).
_PLURAL_ONLY = frozenset({"s", "es", "is"})
# Fewest letters of a nationality that is a cut of its country's name ("afghan", "somali").
_CUT_NAME = 6
# A one-word name after an article is a group or a thing, not a town: "the Taliban", "the
# Battle", "le Hamas", "la Victoire" (towns take no article; countries and regions that do are
# the entity ruler's).
_DETERMINERS = frozenset(
    {"the", "a", "an", "le", "la", "les", "l'", "l’", "un", "une", "des", "du"}
)


class PlaceNames(Protocol):
    """What the lookup needs of ``geo``'s surface forms: membership of a folded name."""

    max_words: int

    def __contains__(self, key: object) -> bool: ...


def is_nationality(word: str, countries: frozenset[str]) -> bool:
    """Whether ``word`` (folded, one word) is a country name turned into a nationality.

    A country's own name is not; the word must share at least four letters with the country's
    name, the rest of it being a demonym ending ("malien": "mali" + "en"), or be a cut of the
    name ("afghan" of "afghanistan", "somali" of "somalia").
    """
    if word in countries or len(word) < _DEMONYM_STEM:
        return False
    for country in _by_stem(countries).get(word[:_DEMONYM_STEM], ()):
        if " " in country:
            continue
        if country.startswith(word):
            return True
        for cut in range(len(country), _DEMONYM_STEM - 1, -1):
            if word.startswith(country[:cut]) and word[cut:] in _DEMONYM_ENDINGS:
                return True
    return False


def nationality_country(word: str, countries: frozenset[str]) -> str | None:
    """The folded country name ``word`` (folded, one word) is the nationality of, else None.

    Stricter than :func:`is_nationality`, as it says which country: the name may lose at most
    its last two letters before the ending ("russe" of "russie", not "armee" of "armenia"). A
    whole country name with an ending is preferred to a cut one, then the longest: "nigerien"
    is Niger's ("niger" + "ien", not "nigeri" + "en"), "nigerian" Nigeria's ("nigeria" + "n").
    """
    if word in countries or len(word) < _DEMONYM_STEM:
        return None
    best: tuple[bool, int, str] | None = None
    for country in _by_stem(countries).get(word[:_DEMONYM_STEM], ()):
        if " " in country:
            continue
        found: tuple[bool, int, str] | None
        if country.startswith(word):
            if len(word) < _CUT_NAME or "-" in country:
                continue  # "came" is no cut of "cameroon", "nouvelle" none of "nouvelle-zélande"
            found = (False, len(word), country)  # "afghan", "somali": a cut of the name
        else:
            found = next(
                (
                    (cut == len(country), cut, country)
                    for cut in range(len(country), max(_DEMONYM_STEM, len(country) - 2) - 1, -1)
                    if word.startswith(country[:cut])
                    and word[cut:] in _DEMONYM_ENDINGS
                    and (cut == len(country) or word[cut:] not in _PLURAL_ONLY)
                ),
                None,
            )
        if found is not None and (best is None or found[:2] > best[:2]):
            best = found
    return best[2] if best is not None else None


@functools.lru_cache(maxsize=8)
def _by_stem(countries: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The country names by their first letters, for :func:`nationality_country`."""
    stems: dict[str, list[str]] = {}
    for country in sorted(countries):
        stems.setdefault(country[:_DEMONYM_STEM], []).append(country)
    return {stem: tuple(names) for stem, names in stems.items()}


def calendar_words(language: str) -> frozenset[str]:
    """The month and weekday names of ``language``, wide and abbreviated, lower case (Babel)."""
    from babel import Locale

    locale = Locale.parse(language)
    words: set[str] = set()
    for table in (locale.months, locale.days):
        for width in ("wide", "abbreviated"):
            for names in table["format"][width], table["stand-alone"][width]:
                words.update(str(name).lower().rstrip(".") for name in names.values())
    return frozenset(words)


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


class PlaceLookup:
    """The spaCy component: adds a :data:`LOOKUP_LABEL` entity for each name found.

    Parameters
    ----------
    names : PlaceNames
        Folded gazetteer names (built once, passed in).
    stop_words : frozenset of str
        The pipeline language's stop words.
    countries : frozenset of str
        Folded country names (for nationalities).
    """

    def __init__(
        self, names: PlaceNames, *, stop_words: frozenset[str], countries: frozenset[str]
    ) -> None:
        self.names = names
        self.stop_words = stop_words
        self.countries = countries
        self.max_words = max(1, min(MAX_WORDS, getattr(names, "max_words", MAX_WORDS)))

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        taken = [False] * len(doc)
        for ent in doc.ents:
            for index in range(ent.start, ent.end):
                taken[index] = True
        lower = {token.lower_ for token in doc if token.is_lower}
        folded: dict[int, str] = {}

        def key(index: int) -> str:
            if index not in folded:
                folded[index] = fold(doc[index].text)
            return folded[index]

        found = []
        index, size = 0, len(doc)
        while index < size:
            width = self._match(doc, index, taken, lower, key)
            if width:
                found.append(Span(doc, index, index + width, label=LOOKUP_LABEL))
                index += width
            else:
                index += 1
        if found:
            doc.ents = sorted([*doc.ents, *found], key=lambda span: span.start)
        return doc

    def _match(self, doc: Any, start: int, taken: list[bool], lower: set[str], key: Any) -> int:
        """The width of the name starting at token ``start`` (0: none)."""
        first = doc[start]
        if taken[start] or not _capitalised(first.text) or not first.is_alpha:
            return 0
        for width in range(min(self.max_words, len(doc) - start), 0, -1):
            end = start + width
            if any(taken[start:end]) or not _capitalised(doc[end - 1].text):
                continue
            parts = [key(i) for i in range(start, end)]
            name = " ".join(part for part in parts if part)
            if not name or name not in self.names:
                continue
            if width == 1 and (
                first.lower_ in self.stop_words
                or first.lower_ in lower
                or is_nationality(name, self.countries)
                or (start > 0 and doc[start - 1].lower_ in _DETERMINERS)
            ):
                return 0
            if self._inside_a_longer_name(doc, start, end):
                return 0
            return width
        return 0

    @staticmethod
    def _inside_a_longer_name(doc: Any, start: int, end: int) -> bool:
        """Whether the name is part of a longer proper name: capitalised words other than place
        nouns after it ("Garissa University", but "Kabul Airport" stays), a capitalised word
        just before it (not opening the sentence: "University College"), a hyphen joining it to
        another word ("Al-Shabaab"), or "of"/"de" after a capitalised word that is no place noun
        ("People's Republic of Donetsk", but "Province of Helmand" stays)."""
        size = len(doc)
        if end < size:
            after = doc[end]
            if after.text in ("-", "‑") or (
                after.is_alpha and _capitalised(after.text) and after.lower_ not in PLACE_NOUNS
            ):
                return True
        if start == 0 or doc[start].is_sent_start:
            return False
        before = doc[start - 1]
        if before.text in ("-", "‑") or (before.is_alpha and _capitalised(before.text)):
            return True
        if before.lower_ in ("of", "de", "du", "des") and start >= 2:
            owner = doc[start - 2]
            return (
                owner.is_alpha
                and _capitalised(owner.text)
                and owner.lower_ not in PLACE_NOUNS
                and not before.is_sent_start
                and not owner.is_sent_start
            )
        return False


def add_place_lookup(nlp: Any, names: PlaceNames, *, countries: frozenset[str]) -> Any:
    """Add the :class:`PlaceLookup` component at the end of ``nlp`` (after its entity ruler
    and NER, whose entities it leaves alone) and return ``nlp``."""
    _register()
    stop_words = frozenset(nlp.Defaults.stop_words) | calendar_words(nlp.lang)
    component = PlaceLookup(names, stop_words=stop_words, countries=countries)
    if PIPE_NAME in nlp.pipe_names:
        nlp.remove_pipe(PIPE_NAME)
    nlp.add_pipe(PIPE_NAME, last=True)
    nlp.get_pipe(PIPE_NAME).lookup = component
    return nlp


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory(PIPE_NAME):
        return

    class _Pipe:
        def __init__(self) -> None:
            self.lookup: PlaceLookup | None = None

        def __call__(self, doc: Any) -> Any:
            return doc if self.lookup is None else self.lookup(doc)

    @Language.factory(PIPE_NAME)
    def _make(nlp: Any, name: str) -> _Pipe:
        return _Pipe()
