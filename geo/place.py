"""The record a resolved place name becomes."""

from __future__ import annotations

import math
from dataclasses import dataclass
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
        Where the answer came from: ``gazetteer``, ``geonames``, ``nominatim``, ``correction``,
        or ``article`` (coordinates the article states: :mod:`incidents.coordinates`).
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
        # asdict's deep copies cost more than the rest of a row's import; the fields are plain
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        """Read back :meth:`to_dict`.

        Raises
        ------
        ValueError
            When a field is missing or wrong: a coordinate off the globe or not finite, a
            precision outside UCDP's 1-7, a name that is not text.
        """
        try:
            lat, lon = checked_point(data["lat"], data["lon"])
            precision = data["geo_precision"]
            if isinstance(precision, bool) or precision not in GEO_PRECISION:
                raise ValueError(f"geo_precision {precision!r} is not one of 1-7")
            for key in ("name", "feature"):
                if not isinstance(data[key], str):
                    raise ValueError(f"{key} is {type(data[key]).__name__}, not text")
            return cls(
                name=data["name"],
                lat=lat,
                lon=lon,
                geo_precision=int(precision),
                feature=data["feature"],
                country_code=data.get("country_code"),
                source=data.get("source", "gazetteer"),
                place_id=data.get("place_id"),
            )
        except (KeyError, TypeError) as err:
            raise ValueError(f"malformed place record: {err!r}") from err


def checked_point(lat: Any, lon: Any) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats on the globe, or raise ValueError saying why not.

    Text is read as a number ("33.3"); an empty value, ``nan``, ``inf``, ``1e309``, a latitude
    outside -90..90 or a longitude outside -180..180 is refused.
    """
    point = []
    for what, value, limit in (("latitude", lat, 90.0), ("longitude", lon, 180.0)):
        if isinstance(value, str):
            value = value.strip()
            if not value:
                raise ValueError(f"the {what} is empty")
        if isinstance(value, bool):
            raise ValueError(f"the {what} {value!r} is not a number")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an int past floats
            raise ValueError(f"the {what} {value!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"the {what} {value!r} is not a finite number")
        if not -limit <= number <= limit:
            raise ValueError(f"the {what} {number:g} is outside -{limit:g} to {limit:g}")
        point.append(number)
    return point[0], point[1]
