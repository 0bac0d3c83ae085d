"""Shared, load-once helpers of the incidents tests (no tests here).

Heavy objects are built once per test session through ``lru_cache``: the spaCy pipelines,
the gazetteer and the resolver. When ``geo.resolve`` is not importable yet, a small fake
resolver over the real gazetteer stands in (tests only, never production code).
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

from geo.place import Place

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEVSET = SHARED / "devset"
SEED = REPO / "seeds" / "000_013c9ece2e8fa3a2.txt"

_STOP = {"le", "la", "les", "l", "de", "du", "des", "d", "the", "a", "an", "of", "in"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class FakeResolver:
    """Exact, then sub-phrase, then strict fuzzy match over the gazetteer's surface forms."""

    def __init__(self, gazetteer) -> None:
        self.by_key: dict[str, list] = {}
        for form, entry in gazetteer.surface_forms():
            self.by_key.setdefault(_fold(form), []).append(entry)

    def _place(self, entries, country_hint):
        entries = sorted(entries, key=lambda e: (e.country_code != country_hint, e.geo_precision))
        e = entries[0]
        return Place(
            e.name, e.lat, e.lon, e.geo_precision, e.feature, e.country_code, "gazetteer", e.id
        )

    def resolve(self, mention, *, country_hint=None, near=None):
        from rapidfuzz import fuzz, process

        words = _fold(mention).split()
        while words and words[0] in _STOP:
            words = words[1:]
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                key = " ".join(words[i : i + size])
                if key in self.by_key and not set(key.split()) <= _STOP:
                    return self._place(self.by_key[key], country_hint)
        key = " ".join(words)
        best = process.extractOne(key, list(self.by_key), scorer=fuzz.ratio, score_cutoff=88)
        return self._place(self.by_key[best[0]], country_hint) if best else None


@lru_cache(maxsize=1)
def gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


@lru_cache(maxsize=1)
def resolver():
    try:
        from geo.resolve import build_resolver
    except ImportError:
        return FakeResolver(gazetteer())
    cache = Path(tempfile.mkdtemp(prefix="incidents-tests-")) / "geocache.sqlite"
    return build_resolver(cache_path=cache, online=False)


@lru_cache(maxsize=2)
def pipeline(language: str):
    from incidents.nlp import load_pipeline

    return load_pipeline(language, gazetteer())


def pipelines() -> dict:
    return {"fr": pipeline("fr"), "en": pipeline("en")}
