"""Shared, load-once helpers of the tests: paths, and the real heavy objects.

Heavy objects are built once per test session through ``lru_cache``: the spaCy pipelines,
the gazetteer and the resolver (the real ones, offline, with a temporary cache).
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEVSET = SHARED / "devset"
SEED = REPO / "seeds" / "000_013c9ece2e8fa3a2.txt"


@lru_cache(maxsize=1)
def gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


@lru_cache(maxsize=1)
def resolver():
    from geo.resolve import build_resolver

    cache = Path(tempfile.mkdtemp(prefix="incidents-tests-")) / "geocache.sqlite"
    return build_resolver(cache_path=cache, online=False)


@lru_cache(maxsize=1)
def place_names():
    """The gazetteer's names for place spotting by lookup (``geo.surface``), as the CLI has."""
    from geo.surface import surface_forms

    return surface_forms(resolver().geocoder.geonames, gazetteer())


@lru_cache(maxsize=2)
def pipeline(language: str):
    """The language's pipeline as :class:`incidents.pipeline.LazyPipelines` builds it."""
    from incidents.extract.lookup import add_place_lookup
    from incidents.nlp import country_forms, load_pipeline

    nlp = load_pipeline(language, gazetteer())
    return add_place_lookup(nlp, place_names(), countries=country_forms(nlp))


def pipelines() -> dict:
    return {"fr": pipeline("fr"), "en": pipeline("en")}
