"""Same-event groups computed at ingest, with spatial-temporal blocking instead of all pairs.

The rule is :func:`incidents.query.same_event`'s: two reports are one event when they come
from different sources, have the same type, dates that agree (the same day when both are
dated to the day; else the same month bucket) and located places within
:data:`~incidents.query.SAME_EVENT_KM`. Reports are taken in date order and each joins the
first earlier group whose first report it matches; the report with the largest death toll
stands for the group (the first among equals).

Blocking makes it cheap without changing the answer: reports are only compared within their
bucket (event type and month, or year for year-dated reports; stored as ``bucket`` so a write
recomputes the buckets it touches only), and within a bucket only with groups whose first
report lies in a neighbouring grid cell (cells of :data:`CELL_DEG` degrees, as many columns
either side as 10 km spans at that latitude) and, for a day-dated report, whose first report
is of the same day or not dated to the day.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from geopy.distance import geodesic

from incidents.fuzzydate import FuzzyDate
from incidents.model import Incident

#: Two reports are of the same event when their places are this close (same_event's rule).
SAME_EVENT_KM = 10.0
CELL_DEG = 0.1
_KM_PER_DEG_LAT_MIN = 110.57  # at the equator (the smallest: a safe bound)
_KM_PER_DEG_LON_EQ = 111.32
_EARTH_KM = 6371.0088  # mean radius


@dataclass(frozen=True)
class Report:
    """What the grouping needs of one incident."""

    id: str
    source: str
    event_type: str
    date: str
    date_precision: str
    lat: float
    lon: float
    killed: int | None


def bucket_of(incident: Incident) -> str | None:
    """The blocking key of an incident (type and month, or year), None when it cannot be
    paired (undated, or unlocated)."""
    return bucket_key(incident.event_type, incident.fuzzy_date) if incident.place else None


def bucket_key(event_type: str, day: FuzzyDate | None) -> str | None:
    if day is None:
        return None
    return f"{event_type}\x1f{day.month or day.format()}"


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


def _lon_reach(lat: float) -> int:
    """How many cells of longitude 10 km may span at this latitude (and a margin)."""
    coslat = math.cos(math.radians(min(abs(lat) + 2 * CELL_DEG, 89.0)))
    degrees = SAME_EVENT_KM / (_KM_PER_DEG_LON_EQ * coslat)
    return max(1, math.ceil(degrees / CELL_DEG))


def _haversine_km(a: Report, b: Report) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _near(a: Report, b: Report) -> bool:
    """Within :data:`SAME_EVENT_KM` on the ellipsoid (geopy's geodesic, as same_event). The
    sphere is within 0.6% of it, so only distances near the limit need the geodesic."""
    rough = _haversine_km(a, b)
    if rough > SAME_EVENT_KM * 1.01:
        return False
    if rough < SAME_EVENT_KM * 0.99:
        return True
    return geodesic((a.lat, a.lon), (b.lat, b.lon)).km <= SAME_EVENT_KM


def group_bucket(reports: Iterable[Report]) -> dict[str, str]:
    """Within one bucket: report id -> the id standing for its event, for groups of 2 or more
    (the standing report maps to itself)."""
    ordered = sorted(reports, key=lambda r: (r.date, r.source, r.id))
    groups: list[list[Report]] = []
    # Per cell, by the source of their first report (a report never joins a group begun by
    # its own source, so a dataset's thousands of rows in one place are never compared with
    # each other): the groups whose first report is dated to the day, by that day; the others.
    by_day: dict[tuple[int, int], dict[str, dict[str, list[int]]]] = defaultdict(dict)
    other: dict[tuple[int, int], dict[str, list[int]]] = defaultdict(dict)
    lat_reach = math.ceil(SAME_EVENT_KM / _KM_PER_DEG_LAT_MIN / CELL_DEG)
    for report in ordered:
        row, col = _cell(report.lat, report.lon)
        reach = _lon_reach(report.lat)
        own = report.source
        candidates: list[int] = []
        for r in range(row - lat_reach, row + lat_reach + 1):
            for c in range(col - reach, col + reach + 1):
                for source, found in other.get((r, c), {}).items():
                    if source != own:
                        candidates += found
                days = by_day.get((r, c))
                if not days:
                    continue
                if report.date_precision == "day":
                    of_day = [days[report.date]] if report.date in days else []
                else:  # agrees with every first report of the bucket, whatever its day
                    of_day = list(days.values())
                for sources in of_day:
                    for source, found in sources.items():
                        if source != own:
                            candidates += found
        chosen = None
        for index in sorted(candidates):
            if _near(groups[index][0], report):
                chosen = index
                break
        if chosen is not None:
            groups[chosen].append(report)
            continue
        groups.append([report])
        if report.date_precision == "day":
            day = by_day[(row, col)].setdefault(report.date, {})
            day.setdefault(own, []).append(len(groups) - 1)
        else:
            other[(row, col)].setdefault(own, []).append(len(groups) - 1)
    standing: dict[str, str] = {}
    for group in groups:
        if len(group) < 2:
            continue
        stands = max(group, key=lambda r: r.killed or 0)  # the first among equals
        standing.update({r.id: stands.id for r in group})
    return standing


def group_reports(reports: Iterable[tuple[str, Report]]) -> dict[str, str]:
    """:func:`group_bucket` over every bucket of ``(bucket, report)`` pairs."""
    buckets: dict[str, list[Report]] = defaultdict(list)
    for bucket, report in reports:
        buckets[bucket].append(report)
    standing: dict[str, str] = {}
    for members in buckets.values():
        # reports of one source never pair (a dataset's own rows): nothing to compare
        if len(members) > 1 and len({r.source for r in members}) > 1:
            standing.update(group_bucket(members))
    return standing
