"""Coordinates an article states itself: an encyclopedia's "Coordonnées 14° 24′ 31″ nord, 1° 33′
06″ ouest" or "Coordinates: 11°09′44″N 14°00′41″E" locates the event it is about, where the
offline gazetteer knows no village of that name.

Only a pair introduced by "Coordonnées"/"Coordinates" counts, and only when the article states
one place so (two different pairs: which is the event's is not told).
"""

from __future__ import annotations

import re

from geo.place import checked_point

_DMS = r"(?P<{0}d>[0-9]{{1,3}}(?:[.,][0-9]+)?)\s*°\s*(?:(?P<{0}m>[0-9]{{1,2}}(?:[.,][0-9]+)?)\s*[′'’]\s*)?(?:(?P<{0}s>[0-9]{{1,2}}(?:[.,][0-9]+)?)\s*(?:″|''|\")\s*)?(?P<{0}h>nord|sud|est|ouest|[NSEWO])\b"  # noqa: E501

_STATED = re.compile(
    r"\b(?:coordonnées|coordinates)\b\s*[:|]?\s*"
    + _DMS.format("a")
    + r"\s*,?\s*"
    + _DMS.format("b"),
    re.IGNORECASE,
)
_SOUTH_WEST = {"sud", "s", "ouest", "o", "w"}
_LATITUDE = {"nord", "sud", "n", "s"}


def _degrees(match: re.Match[str], group: str) -> tuple[float, str]:
    def number(key: str) -> float:
        value = match.group(group + key)
        return float(value.replace(",", ".")) if value else 0.0

    value = number("d") + number("m") / 60 + number("s") / 3600
    hemisphere = match.group(group + "h").lower()
    return (-value if hemisphere in _SOUTH_WEST else value), hemisphere


def stated_point(text: str) -> tuple[float, float] | None:
    """The ``(lat, lon)`` the article states as its coordinates, or None (none, several
    different ones, or a pair that is no point on the globe)."""
    points = set()
    for match in _STATED.finditer(text):
        first, first_hemisphere = _degrees(match, "a")
        second, second_hemisphere = _degrees(match, "b")
        if (first_hemisphere in _LATITUDE) == (second_hemisphere in _LATITUDE):
            continue  # two latitudes or two longitudes: not a pair
        lat, lon = (first, second) if first_hemisphere in _LATITUDE else (second, first)
        try:
            points.add(tuple(round(v, 4) for v in checked_point(lat, lon)))
        except ValueError:
            continue
    if len(points) != 1:
        return None
    ((lat, lon),) = points
    return lat, lon
