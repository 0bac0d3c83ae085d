"""The project's gazetteer: the places of the field, with their names in English, French and Arabic.

The data lives in ``geo/gazetteer.csv``, one row per place, with the columns

``id, name, aliases, feature, country_code, lat, lon, geo_precision, source, note``

``aliases`` is pipe-separated (English, French and the common transliterations of the Arabic name);
``geo_precision`` is the UCDP ``where_prec`` (1 exact site ... 6 country) the coordinate supports;
``source`` says where the coordinate comes from (a GeoNames id, a Wikipedia article, an ICAO
reference point); ``note`` flags approximations. The extraction pipeline feeds
:meth:`Gazetteer.surface_forms` to a spaCy ``EntityRuler``.
"""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from geo.countries import VERSION, covered_countries, taken_names, world_country_entries
from geo.entry import FEATURES, GazetteerEntry
from geo.errors import GazetteerError
from geo.normalize import fold

__all__ = ["COLUMNS", "DEFAULT_PATH", "FEATURES", "Gazetteer", "GazetteerEntry", "load_gazetteer"]

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("gazetteer.csv")
COLUMNS = (
    "id",
    "name",
    "aliases",
    "feature",
    "country_code",
    "lat",
    "lon",
    "geo_precision",
    "source",
    "note",
)


class Gazetteer:
    """The gazetteer's entries, indexed by folded name.

    Parameters
    ----------
    entries : iterable of GazetteerEntry
        The places; ids must be unique.
    digest : str
        A fingerprint of the data (the resolution cache is dropped when it changes).
    """

    def __init__(self, entries: tuple[GazetteerEntry, ...], *, digest: str = "") -> None:
        self.entries = tuple(entries)
        self.digest = digest
        self.by_id: dict[str, GazetteerEntry] = {}
        self._by_key: dict[str, list[GazetteerEntry]] = {}
        for entry in self.entries:
            if entry.id in self.by_id:
                raise GazetteerError(f"duplicate gazetteer id {entry.id!r}")
            self.by_id[entry.id] = entry
            for form in entry.names:
                key = fold(form)
                bucket = self._by_key.setdefault(key, [])
                if key and entry not in bucket:
                    bucket.append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self.entries)

    def surface_forms(self) -> Iterator[tuple[str, GazetteerEntry]]:
        """Yield ``(surface form, entry)`` for the name and every alias of every entry."""
        for entry in self.entries:
            for form in entry.names:
                yield form, entry

    def lookup(self, key: str) -> list[GazetteerEntry]:
        """Return the entries one of whose names folds to ``key`` (already folded)."""
        return list(self._by_key.get(key, ()))

    def folded_names(self) -> list[str]:
        """Every folded name, for fuzzy matching."""
        return list(self._by_key)

    def geonames_ids(self) -> frozenset[int]:
        """GeoNames ids the gazetteer already covers (its rows sourced ``GeoNames N``)."""
        ids = set()
        for entry in self.entries:
            head, _, rest = entry.source.partition(" ")
            if head == "GeoNames" and rest.split()[0].isdigit():
                ids.add(int(rest.split()[0]))
        return frozenset(ids)


def load_gazetteer(path: str | Path | None = None, *, world_countries: bool = True) -> Gazetteer:
    """Read the gazetteer file (cached per path and modification time).

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with :data:`COLUMNS`; the bundled ``geo/gazetteer.csv`` by default.
    world_countries : bool
        Add every country the file lacks (:mod:`geo.countries`), so that any country named
        in an article is known as one.

    Returns
    -------
    Gazetteer

    Raises
    ------
    GazetteerError
        When the file is missing, lacks a column or has an invalid row.
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as err:
        raise GazetteerError(f"cannot read gazetteer {path}: {err}") from err
    return _load(path.resolve(), mtime, world_countries)


@lru_cache(maxsize=4)
def _load(path: Path, mtime: int, world_countries: bool) -> Gazetteer:
    del mtime  # part of the cache key only
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    missing = set(COLUMNS[:-1]) - set(reader.fieldnames or ())
    if missing:
        raise GazetteerError(f"{path}: missing columns {sorted(missing)}")
    entries = tuple(
        GazetteerEntry.from_row(row, line=number) for number, row in enumerate(reader, start=2)
    )
    fingerprint = hashlib.sha256(raw)
    if world_countries:
        entries += world_country_entries(covered_countries(entries), taken_names(entries))
        fingerprint.update(VERSION.encode())
    gazetteer = Gazetteer(entries, digest=fingerprint.hexdigest()[:16])
    logger.debug("loaded %d gazetteer entries from %s", len(gazetteer), path)
    return gazetteer
