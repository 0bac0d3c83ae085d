"""One place of a gazetteer: the record the gazetteer file, the world's countries and the
geocoder share (a module of its own, so that none of them imports another to get it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from geo.errors import GazetteerError

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
