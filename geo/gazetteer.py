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
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import GazetteerError
from geo.normalize import fold

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
FEATURES = frozenset(
    {
        "military base",
        "airfield",
        "airport",
        "embassy",
        "government zone",
        "landmark",
        "neighbourhood",
        "district",
        "town",
        "city",
        "governorate",
        "region",
        "country",
    }
)


@dataclass(frozen=True)
class GazetteerEntry:
    """One place of the gazetteer.

    Attributes
    ----------
    id : str
        Stable identifier (``camp_taji``).
    name : str
        Canonical name.
    aliases : tuple of str
        Other names: English, French, Arabic transliterations and script.
    feature : str
        One of :data:`FEATURES`.
    country_code : str
        ISO 3166-1 alpha-2 code.
    lat, lon : float
        WGS84 coordinate.
    geo_precision : int
        UCDP ``where_prec`` the coordinate supports.
    source : str
        Public source of the coordinate.
    note : str
        Why and how the coordinate is approximate, if it is.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    feature: str
    country_code: str
    lat: float
    lon: float
    geo_precision: int
    source: str
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)

    @property
    def approximate(self) -> bool:
        """Whether the row says its coordinate is approximate."""
        return "approximate" in self.note.lower()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data

    @classmethod
    def from_row(cls, row: Mapping[str, str], *, line: int = 0) -> GazetteerEntry:
        """Build an entry from one CSV row, validating every field.

        Raises
        ------
        GazetteerError
            When a field is missing or out of range.
        """
        try:
            entry = cls(
                id=row["id"].strip(),
                name=row["name"].strip(),
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                feature=row["feature"].strip(),
                country_code=row["country_code"].strip().upper(),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                geo_precision=int(row["geo_precision"]),
                source=row["source"].strip(),
                note=(row.get("note") or "").strip(),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise GazetteerError(f"gazetteer line {line}: {err!r}") from err
        problems = []
        if not entry.id or not entry.name:
            problems.append("empty id or name")
        if entry.feature not in FEATURES:
            problems.append(f"unknown feature {entry.feature!r}")
        if not (-90 <= entry.lat <= 90 and -180 <= entry.lon <= 180):
            problems.append(f"coordinate out of range ({entry.lat}, {entry.lon})")
        if not 1 <= entry.geo_precision <= 7:
            problems.append(f"geo_precision {entry.geo_precision} not in 1-7")
        if not entry.source:
            problems.append("no source")
        if len(entry.country_code) != 2:
            problems.append(f"bad country code {entry.country_code!r}")
        if problems:
            raise GazetteerError(f"gazetteer line {line} ({entry.id}): {'; '.join(problems)}")
        return entry


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
        from geo.countries import VERSION, covered_countries, taken_names, world_country_entries

        entries += world_country_entries(covered_countries(entries), taken_names(entries))
        fingerprint.update(VERSION.encode())
    gazetteer = Gazetteer(entries, digest=fingerprint.hexdigest()[:16])
    logger.debug("loaded %d gazetteer entries from %s", len(gazetteer), path)
    return gazetteer
