"""The record a resolved place name becomes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# UCDP GED ``where_prec``: how precisely a coordinate locates an event.
GEO_PRECISION = {
    1: "the place named (site, village, town or city)",
    2: "within 25 km",
    3: "second-order administrative division (district)",
    4: "first-order administrative division (province, governorate)",
    5: "linear feature or estimated position",
    6: "country",
    7: "international waters or airspace",
}


@dataclass(frozen=True)
class Place:
    """A place a mention resolved to.

    Attributes
    ----------
    name : str
        Canonical name of the place (the gazetteer's primary name).
    lat, lon : float
        WGS84 coordinate.
    geo_precision : int
        UCDP ``where_prec`` the coordinate supports (1 exact site ... 6 country).
    feature : str
        Feature type: ``military base``, ``airfield``, ``embassy``, ``government zone``,
        ``district``, ``town``, ``city``, ``governorate``, ``country``...
    country_code : str or None
        ISO 3166-1 alpha-2 code.
    source : str
        Where the answer came from: ``gazetteer``, ``geonames``, ``nominatim`` or ``correction``.
    place_id : str or None
        Identifier in that source (gazetteer id, GeoNames id...).
    """

    name: str
    lat: float
    lon: float
    geo_precision: int
    feature: str
    country_code: str | None = None
    source: str = "gazetteer"
    place_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(
            name=data["name"],
            lat=float(data["lat"]),
            lon=float(data["lon"]),
            geo_precision=int(data["geo_precision"]),
            feature=data["feature"],
            country_code=data.get("country_code"),
            source=data.get("source", "gazetteer"),
            place_id=data.get("place_id"),
        )
