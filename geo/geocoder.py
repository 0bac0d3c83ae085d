"""The offline geocoder: a geopy ``Geocoder`` over the gazetteer and the GeoNames index.

Matching, in order, stopping at the first stage that finds something:

1. the whole mention, articles and generic nouns stripped ("la zone verte" -> "zone verte",
   "Tillaberi region" -> "tillaberi"), exactly, in the gazetteer and in GeoNames; a town found
   only once an area noun ("province", "region", "district") is stripped stands for that area,
   its precision lowered to the area's (4, or 3 for a district);
2. its head, cut at a comma or a context word ("camp Tji au nord de Bagdad" -> "camp tji"; the
   context, "Bagdad", becomes the country hint and the ``near`` point when none was given);
3. the longest run of words of the head that is a gazetteer name ("zone verte fortifiée" ->
   "zone verte"); when the mention asks for a specific feature ("base", "aéroport", "ambassade")
   and the run names a town, the gazetteer's base/airport/embassy of that town is taken instead;
4. a misspelling of a gazetteer name, under a strict threshold (``fuzz.ratio`` >= 90, at most one
   edit per eight characters, same first letter, same country as the hint); failing that, under a
   country hint, a misspelling of a GeoNames name of that country under the same threshold;
5. the context alone, its precision lowered to "within 25 km".

Candidates are ranked by: the hint's country first, then the feature the mention asks for, then
the area noun it carries ("province de Kunar", "Kunar province", "cercle de Bankass": the
administrative area of that kind or level before a place of the same name; without one, an area
whose point is a candidate place of the same name gives way to that place: "Kandahar" is the
city), then the gazetteer before GeoNames, then the distance to ``near``, then population (an
area's counting for a quarter: it sums all its places').
Under a country hint, GeoNames places of another country are dropped unless they are cities of
100,000 or more in a bordering country, or cities of a million or more (areas abroad: only
provinces of a bordering country): an article about Iraq never gets Bagdad,
Florida, one about Mali never gets Bonn for "Boni" (one of Bonn's many alternate spellings), one
about Mozambique never gets Palma de Mallorca, while "Damas" and "Téhéran" still find Damascus
and Tehran.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.distance import distance as geodesic_distance
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from geo.countries import neighbours
from geo.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from geo.geonames import GeonamesCity, GeonamesIndex
from geo.normalize import (
    ADMIN_AREAS,
    AREA_NOUN_KINDS,
    AREA_NOUN_LEVELS,
    AREA_WORDS,
    GENERIC_HEADS,
    SPECIFIC_KEYWORDS,
    STOPWORDS,
    fold,
    preferred_features,
    split_context,
    strip_generic,
    strip_leading,
)
from geo.place import Place

logger = logging.getLogger(__name__)

FUZZY_THRESHOLD = 90.0
#: Under a country hint, GeoNames places abroad are kept only from this population up.
PROMINENT_POPULATION = 100_000
#: ... and from this population up when the mention is only one of their alternate names.
WORLD_CITY_POPULATION = 1_000_000
_MATCH_RANK = {"exact": 0, "span": 1, "fuzzy": 2, "context": 3}
#: An administrative area's population is the sum of its places': ranked by population against
#: places of its name, it counts for this share of it (the Swiss canton of Uri, 34,000 people
#: in its towns, is less likely the "Uri" of an article than the Indian town of 9,000; Somalia's
#: Gedo region, 189,000, still outranks the Ethiopian town of Gēdo, 23,000, and Chad's Lac
#: region Laç, Albania).
AREA_POPULATION_SHARE = 0.25
_CLAUSE = re.compile(r"[,;()\[\]]")
_NOT_A_NAME = STOPWORDS | GENERIC_HEADS | frozenset(SPECIFIC_KEYWORDS)
#: Features that already are areas: an area noun in the mention does not coarsen them.
_AREA_FEATURES = frozenset({"country", "region", "governorate", "district"})
#: The administrative level of the gazetteer's own areas (their rows carry no level).
_GAZETTEER_AREA_LEVELS = {"governorate": 1, "region": 1, "district": 2}


# Fewest letters of a name read as a misspelling with no country hint.
_FUZZY_ALONE_CHARS = 8


@dataclass(frozen=True)
class Candidate:
    """A place a query may mean, with how it matched.

    Attributes
    ----------
    name, feature, country_code : str
    lat, lon : float
    geo_precision : int
        UCDP ``where_prec``.
    source : str
        ``gazetteer`` or ``geonames``.
    place_id : str
        Gazetteer id or GeoNames id.
    population : int
        0 when unknown (gazetteer rows).
    match : str
        ``exact``, ``span``, ``fuzzy`` or ``context``.
    score : float
        100 for exact matches, the rapidfuzz ratio for misspellings.
    matched : str
        The folded name that matched.
    admin_level : int
        0 for a place or site, 1 for a first-level administrative area (province, region,
        state), 2 (or 3) for a second-level one (district, cercle, LGA).
    area_type : str
        The area's kind as the data names it ("Province", "Region"...), or "".
    """

    name: str
    lat: float
    lon: float
    geo_precision: int
    feature: str
    country_code: str
    source: str
    place_id: str
    population: int = 0
    match: str = "exact"
    score: float = 100.0
    matched: str = ""
    admin_level: int = 0
    area_type: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_place(self) -> Place:
        """The :class:`~geo.place.Place` this candidate names (its match details dropped)."""
        return Place(**{f.name: getattr(self, f.name) for f in fields(Place)})

    @classmethod
    def from_location(cls, location: Location) -> Candidate:
        """The candidate a :meth:`GazetteerGeocoder.geocode` answer carries in ``raw``."""
        return cls(**location.raw)


class _NoNetwork(BaseSyncAdapter):
    """geopy's transport for the offline geocoder: it never goes to the network."""

    def get_json(self, url: str, *, timeout: float, headers: dict) -> Any:
        raise GeocoderServiceError(f"the offline gazetteer makes no request ({url})")

    def get_text(self, url: str, *, timeout: float, headers: dict) -> str:
        raise GeocoderServiceError(f"the offline gazetteer makes no request ({url})")


def candidate_from_entry(entry: GazetteerEntry, **how: Any) -> Candidate:
    return Candidate(
        name=entry.name,
        lat=entry.lat,
        lon=entry.lon,
        geo_precision=entry.geo_precision,
        feature=entry.feature,
        country_code=entry.country_code,
        source="gazetteer",
        place_id=entry.id,
        **how,
    )


def candidate_from_index(city: GeonamesCity, **how: Any) -> Candidate:
    return Candidate(
        name=city.name,
        lat=city.lat,
        lon=city.lon,
        geo_precision=city.geo_precision,
        feature=city.feature,
        country_code=city.country_code,
        source="geonames",
        place_id=str(city.geonameid),
        population=city.population,
        admin_level=city.admin_level,
        area_type=city.area_type,
        **how,
    )


def _area_rank(c: Candidate, nouns: frozenset[str]) -> int:
    """How well a candidate fits the area nouns of the mention ("province de Kunar"): an area
    of that kind first, then an area of the level the noun usually names, then any area, then
    places; 0 for all when the mention has no area noun."""
    if not nouns:
        return 0
    level = c.admin_level or _GAZETTEER_AREA_LEVELS.get(c.feature, 0)
    if not level:
        return 3
    kind = fold(c.area_type or c.feature)
    if any(AREA_NOUN_KINDS.get(n, n) == kind for n in nouns):
        return 0
    levels = frozenset().union(*(AREA_NOUN_LEVELS.get(n, frozenset()) for n in nouns))
    return 1 if level in levels else 2


def _without_seated_areas(found: list[Candidate]) -> list[Candidate]:
    """For a bare name: drop the areas whose own place is also a candidate (a bare "Kandahar" is
    the city, "la province de Kandahar" the province), and the districts known only by their
    province's point (a bare "Palma" in Mozambique is the town, which the data lacks: left
    unresolved rather than put at the province's seat 200 km away)."""
    found = [c for c in found if not (c.admin_level >= 2 and c.geo_precision > 3)]
    places = [c for c in found if not c.admin_level]

    def seated(area: Candidate) -> bool:  # within about 2 km (the packages' data may differ)
        return any(
            p.country_code == area.country_code
            and abs(p.lat - area.lat) < 0.02
            and abs(p.lon - area.lon) < 0.02
            for p in places
        )

    kept = [c for c in found if not c.admin_level or not seated(c)]
    return kept or found


def _as_area(found: list[Candidate], dropped: list[str]) -> list[Candidate]:
    """Lower the precision of places found once an area noun was dropped ("Tillaberi region")."""
    precision = max((ADMIN_AREAS.get(t, 0) for t in dropped), default=0)
    if not precision:
        return found
    return [
        c
        if c.feature in _AREA_FEATURES
        else replace(c, geo_precision=max(c.geo_precision, precision))
        for c in found
    ]


def _known_abroad(c: Candidate, hint: str) -> bool:
    """Whether a place outside the hinted country is prominent enough to be the one meant."""
    if c.source == "gazetteer":
        return True
    if c.admin_level:  # a province across a border, never a district or a far-away area
        return c.admin_level == 1 and c.country_code in neighbours().get(hint, frozenset())
    if c.population >= WORLD_CITY_POPULATION:
        return True
    # A city of 100,000 across a border: an article about Iraq names Deir ez-Zor; not a
    # namesake far away (Palma de Mallorca for Palma, Mozambique; Bonn, one of whose
    # alternate names is "Boni", for Boni, Mali).
    return (
        c.country_code in neighbours().get(hint, frozenset())
        and c.population >= PROMINENT_POPULATION
    )


def rank_candidates(
    candidates: list[Candidate],
    *,
    country_hint: str | None = None,
    prefer: frozenset[str] = frozenset(),
    near: tuple[float, float] | None = None,
    area_nouns: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Order candidates best first (see the module docstring for the criteria).

    Parameters
    ----------
    candidates : list of Candidate
    country_hint : str, optional
        ISO alpha-2 code of the article's country.
    prefer : frozenset of str
        Features the mention asks for.
    near : tuple of float, optional
        ``(lat, lon)`` the place is expected near.
    area_nouns : frozenset of str
        Folded area nouns of the mention ("province", "cercle"): areas of that kind first.

    Returns
    -------
    list of Candidate
    """
    hint = country_hint.upper() if country_hint else None

    def key(c: Candidate) -> tuple[int, int, int, int, int, float, float]:
        km = geodesic_distance(near, (c.lat, c.lon)).km if near is not None else 0.0
        return (
            0 if hint is None or c.country_code == hint else 1,
            0 if not prefer or c.feature in prefer else 1,
            _area_rank(c, area_nouns),
            _MATCH_RANK[c.match],
            0 if c.source == "gazetteer" else 1,
            km,
            -prominence(c),
        )

    return sorted(candidates, key=key)


def prominence(c: Candidate) -> float:
    """The population a candidate is ranked by: a place's own, a share of an area's
    (:data:`AREA_POPULATION_SHARE`)."""
    return c.population * AREA_POPULATION_SHARE if c.admin_level else float(c.population)


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over the project's gazetteer, with GeoNames for the rest of the world.

    A geopy ``Geocoder`` like Nominatim (STYLE.md habit 1): :meth:`geocode` is the one way in
    (the resolver, its cache and the online fallback wrap it); its transport refuses any
    request, since nothing here needs the network.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The bundled gazetteer by default.
    geonames : GeonamesIndex, optional
        World coverage; none when omitted (gazetteer only).
    fuzzy_threshold : float
        Minimal ``rapidfuzz.fuzz.ratio`` for a misspelling to match a gazetteer name.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        geonames: GeonamesIndex | None = None,
        fuzzy_threshold: float = FUZZY_THRESHOLD,
    ) -> None:
        super().__init__(user_agent="incident-map-offline-gazetteer", adapter_factory=_NoNetwork)
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
        self.geonames = geonames
        self.fuzzy_threshold = fuzzy_threshold
        self._fuzzy_keys = [k for k in self.gazetteer.folded_names() if len(k) >= 4]
        self._covered = self.gazetteer.geonames_ids()
        self._forms = {entry.id: [fold(form) for form in entry.names] for entry in self.gazetteer}

    # -- geopy interface ---------------------------------------------------------------------
    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | list[str] | None = None,
        near: tuple[float, float] | None = None,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        """Return the best place for ``query`` (or every candidate), offline.

        Parameters
        ----------
        query : str
            A place mention, in English or French, with or without articles.
        exactly_one : bool
            Return one ``Location`` (True) or a list of them.
        country_codes : str or list of str, optional
            Country hint (the first code is used), as for ``Nominatim``.
        near : tuple of float, optional
            ``(lat, lon)`` the place is expected near.
        limit : int, optional
            Maximal number of locations when ``exactly_one`` is False.
        timeout : float, optional
            Ignored (no network); accepted for interface compatibility.

        Returns
        -------
        geopy.location.Location, list of Location or None
            ``raw`` holds the :class:`Candidate` as a dict; None when nothing matches.
        """
        del timeout
        hint = country_codes[0] if isinstance(country_codes, list) else country_codes
        found = self._candidates_for(query, country_hint=hint, near=near)
        if not found:
            return None
        locations = [
            Location(f"{c.name}, {c.country_code}", (c.lat, c.lon), c.to_dict()) for c in found
        ]
        return locations[0] if exactly_one else locations[:limit]

    # -- matching ----------------------------------------------------------------------------
    def _candidates_for(
        self,
        query: str,
        *,
        country_hint: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> list[Candidate]:
        """Every place ``query`` may mean, best first; empty when nothing matches.

        Parameters
        ----------
        query : str
        country_hint : str, optional
        near : tuple of float, optional

        Returns
        -------
        list of Candidate
        """
        found = self._candidates(query, country_hint=country_hint, near=near)
        if country_hint:
            # An article's country is a strong prior: a small namesake abroad (Bagdad, Florida, for
            # an article about Iraq) is more likely a wrong match than the place meant.
            hint = country_hint.upper()
            found = [c for c in found if c.country_code == hint or _known_abroad(c, hint)]
        return found

    def _candidates(
        self,
        query: str,
        *,
        country_hint: str | None,
        near: tuple[float, float] | None,
    ) -> list[Candidate]:
        tokens = strip_leading(fold(query).split(), generic=False)
        if not tokens or all(t in _NOT_A_NAME for t in tokens):
            return []
        prefer = preferred_features(tokens)

        def ranked(found: list[Candidate], words: list[str]) -> list[Candidate]:
            nouns = frozenset(t for t in words if t in AREA_WORDS)
            if not nouns:
                found = _without_seated_areas(found)
            return rank_candidates(
                found, country_hint=country_hint, prefer=prefer, near=near, area_nouns=nouns
            )

        bare_tokens, dropped = strip_generic(tokens)
        found = self._exact(" ".join(tokens)) or _as_area(
            self._exact(" ".join(bare_tokens)), dropped
        )
        if found:
            return ranked(found, tokens + dropped)

        clauses = [c for c in _CLAUSE.split(query) if fold(c)]
        head_tokens = strip_leading(fold(clauses[0]).split(), generic=False) if clauses else tokens
        head, context = split_context(head_tokens)
        context_text = " ".join(context + [fold(c) for c in clauses[1:]])
        context_found: list[Candidate] = []
        if context_text:
            context_found = self._exact(context_text) or self._span(context_text.split(), prefer)
            context_found = rank_candidates(context_found, country_hint=country_hint, near=near)
            if context_found:
                best = context_found[0]
                country_hint = country_hint or best.country_code
                if near is None and best.feature != "country":
                    near = (best.lat, best.lon)

        key = " ".join(head)
        bare_head, dropped = strip_generic(head)
        bare = " ".join(bare_head)
        found = (
            self._exact(key)
            or _as_area(self._exact(bare), dropped)
            or self._span(head, prefer)
            or self._fuzzy(key, country_hint)
            or _as_area(self._fuzzy(bare, country_hint), dropped)
        )
        if found:
            return ranked(found, head + dropped)
        if context_found:
            return [
                replace(c, match="context", geo_precision=max(c.geo_precision, 2))
                for c in context_found
            ]
        return []

    def _exact(self, key: str) -> list[Candidate]:
        found = [candidate_from_entry(e, matched=key) for e in self.gazetteer.lookup(key)]
        if self.geonames is not None and key:
            found += [
                candidate_from_index(city, matched=key)
                for city in self.geonames.lookup(key)
                if city.geonameid not in self._covered
            ]
        return found

    def _span(self, tokens: list[str], prefer: frozenset[str]) -> list[Candidate]:
        """The longest, leftmost run of tokens that is a gazetteer name."""
        for size in range(len(tokens) - 1, 0, -1):
            for start in range(len(tokens) - size + 1):
                span = tokens[start : start + size]
                if all(t in _NOT_A_NAME for t in span):
                    continue
                key = " ".join(span)
                if size == 1 and len(key) < 4:
                    continue
                entries = self.gazetteer.lookup(key)
                if entries:
                    if prefer and not any(e.feature in prefer for e in entries):
                        entries = self._specific_of(key, tokens, prefer) or entries
                    return [candidate_from_entry(e, match="span", matched=key) for e in entries]
        return []

    def _specific_of(
        self, key: str, tokens: list[str], prefer: frozenset[str]
    ) -> list[GazetteerEntry]:
        """Gazetteer bases/airports/embassies one of whose names contains ``key``."""
        keywords = {t for t in tokens if t in SPECIFIC_KEYWORDS}
        scored = []
        for entry in self.gazetteer:
            if entry.feature not in prefer:
                continue
            forms = [f for f in self._forms[entry.id] if f" {key} " in f" {f} "]
            if forms:
                shared = max(len(keywords & set(f.split())) for f in forms)
                scored.append((shared, entry))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        return [e for s, e in scored if s == best]

    def _fuzzy(self, key: str, country_hint: str | None) -> list[Candidate]:
        """Gazetteer names ``key`` misspells, under the strict threshold; else, under a hint,
        GeoNames names of the hinted country."""
        if len(key) < 5:
            return []
        hint = country_hint.upper() if country_hint else None
        if hint is None and len(key) < _FUZZY_ALONE_CHARS:
            # one letter more or less in a short name is as often another place ("Dioura",
            # Mali, is no "Doura", Baghdad): only a country hint makes it a misspelling
            return []
        found: list[Candidate] = []
        for name, score, _ in process.extract(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=5
        ):
            if name[0] != key[0] or Levenshtein.distance(key, name) > max(1, len(key) // 8):
                continue
            for entry in self.gazetteer.lookup(name):
                if hint is None or entry.country_code == hint:
                    found.append(
                        candidate_from_entry(entry, match="fuzzy", score=score, matched=name)
                    )
        if not found and hint is not None and self.geonames is not None:
            # a misspelt GeoNames place of the hinted country only ("Sderoth" in Israel)
            for name, score, _ in process.extract(
                key,
                self.geonames.keys_in(hint, key[0]),  # a misspelling keeps its initial
                scorer=fuzz.ratio,
                score_cutoff=self.fuzzy_threshold,
                limit=5,
            ):
                if name[0] != key[0] or Levenshtein.distance(key, name) > max(1, len(key) // 8):
                    continue
                found += [
                    candidate_from_index(city, match="fuzzy", score=score, matched=name)
                    for city in self.geonames.lookup(name)
                    if city.country_code == hint
                ]
        if found:
            logger.debug("fuzzy match %r -> %s", key, [c.place_id for c in found])
        return found
