"""Every name the offline gazetteer knows, for spotting places in text by lookup.

:func:`surface_forms` gives a read-only mapping from a folded name (:func:`geo.normalize.fold`)
to the places it may mean: the hand gazetteer's names and aliases, and the GeoNames index's
names and alternate names of populated places and administrative areas. A place spotter folds
each token n-gram of a sentence (at most :attr:`SurfaceForms.max_words` tokens) and asks the
mapping; membership is an in-memory set test, the candidates are read from the index only for
names found. Candidates come unranked: :func:`geo.geocoder.rank_candidates` orders them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping

from geo.gazetteer import Gazetteer
from geo.geocoder import Candidate, candidate_from_entry, candidate_from_index
from geo.geonames import GeonamesIndex

logger = logging.getLogger(__name__)


class SurfaceForms(Mapping[str, tuple[Candidate, ...]]):
    """Folded name -> the places it may mean (read-only).

    Parameters
    ----------
    keys : frozenset of str
        Every folded name.
    gazetteer : Gazetteer, optional
    index : GeonamesIndex, optional

    Attributes
    ----------
    max_words : int
        The number of words of the longest name (the widest n-gram worth looking up).
    """

    def __init__(
        self,
        keys: frozenset[str],
        *,
        gazetteer: Gazetteer | None,
        index: GeonamesIndex | None,
        max_words: int | None = None,
    ) -> None:
        self._keys = keys
        self._gazetteer = gazetteer
        self._index = index
        self._covered = gazetteer.geonames_ids() if gazetteer is not None else frozenset()
        if max_words is None:
            max_words = max((k.count(" ") + 1 for k in keys), default=0)
        self.max_words = max_words

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __getitem__(self, key: str) -> tuple[Candidate, ...]:
        if key not in self._keys:
            raise KeyError(key)
        found: list[Candidate] = []
        if self._gazetteer is not None:
            found += [candidate_from_entry(e, matched=key) for e in self._gazetteer.lookup(key)]
        if self._index is not None:
            found += [
                candidate_from_index(place, matched=key)
                for place in self._index.lookup(key)
                if place.geonameid not in self._covered
            ]
        return tuple(found)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def surface_forms(index: GeonamesIndex | None, gazetteer: Gazetteer | None = None) -> SurfaceForms:
    """Return every name of the gazetteer and the index, folded, with the places it may mean.

    Parameters
    ----------
    index : GeonamesIndex or None
        The GeoNames places and areas (:func:`geo.geonames.load_geonames_index`).
    gazetteer : Gazetteer, optional
        The hand gazetteer (:func:`geo.gazetteer.load_gazetteer`).

    Returns
    -------
    SurfaceForms
        Built in a few seconds; build it once per process and pass it in.
    """
    started = time.perf_counter()
    # The index's names come as one text written at build time, with the width of the longest
    # (reading them from the name table and measuring them took most of a 6-11 s start-up).
    own = [k for k in gazetteer.folded_names() if k] if gazetteer is not None else []
    keys = frozenset(index.keys()).union(own) if index is not None else frozenset(own)
    widest = max((k.count(" ") + 1 for k in own), default=0)
    if index is not None:
        widest = max(widest, index.max_words())
    forms = SurfaceForms(keys, gazetteer=gazetteer, index=index, max_words=widest)
    logger.info("%d surface forms in %.1f s", len(forms), time.perf_counter() - started)
    return forms
