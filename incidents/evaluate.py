"""Score extracted incidents against an analyst's list (the development set's ``expected.csv``).

An expected row and an extracted incident *match* when they come from the same file, their
dates agree within the coarser precision of the two ("2020-07" matches "2020-07-04"; an
expected ``unknown`` date matches anything), and their places agree: within
:data:`MATCH_KM` km when both have coordinates, else by name (the extracted place or mention
appears in the expected place, or the other way round).

- recall: share of expected rows (of a role, ``main`` by default) matched by some incident;
- precision: share of extracted incidents that match some expected row of their file,
  ``main`` or ``background``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from geo.normalize import fold
from incidents.fuzzydate import FuzzyDate
from incidents.model import Incident

MATCH_KM = 25.0


@dataclass(frozen=True)
class Scores:
    """Recall over expected rows of one role, precision over extracted incidents."""

    recall: float
    precision: float
    expected: int
    matched_expected: int
    extracted: int
    matched_extracted: int
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    role: str = "main"

    def summary(self) -> str:
        return (
            f"recall {self.recall:.2f} ({self.matched_expected}/{self.expected} {self.role} rows), "
            f"precision {self.precision:.2f} ({self.matched_extracted}/{self.extracted} incidents)"
        )


def read_expected(path: str | Path) -> list[dict[str, str]]:
    """Return the rows of an ``expected.csv``."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def dates_match(
    expected: str | None,
    precision: str | None,
    found: str | None,
    found_precision: str | None = None,
) -> bool:
    """True when ``found`` may be the day ``expected`` is (:meth:`FuzzyDate.agrees_with`).

    An expected date of ``unknown`` precision, or none, matches anything; a found date that
    is missing or unreadable matches nothing.
    """
    if not expected or precision == "unknown":
        return True
    try:
        wanted = FuzzyDate.parse(expected, precision or None)
        got = FuzzyDate.parse_optional(found, found_precision or None)
    except ValueError:
        return False
    return got is not None and wanted.agrees_with(got)


def places_match(row: Mapping[str, Any], incident: Incident, *, max_km: float = MATCH_KM) -> bool:
    """True when the incident's place is within ``max_km`` of the row's, or names agree."""
    lat, lon = _float(row.get("lat")), _float(row.get("lon"))
    if incident.place is not None and lat is not None and lon is not None:
        return geodesic((lat, lon), (incident.place.lat, incident.place.lon)).km <= max_km
    names = [incident.place.name if incident.place else None, incident.place_mention]
    expected = fold(f"{row.get('place_name', '')} {row.get('canonical_place', '')}")
    return any(name and (fold(name) in expected) for name in names)


def matches(row: Mapping[str, Any], incident: Incident) -> bool:
    """True when ``incident`` is the incident of expected ``row``."""
    return (
        row.get("file") == incident.source
        and dates_match(
            row.get("incident_date"),
            row.get("date_precision"),
            incident.date,
            incident.date_precision,
        )
        and places_match(row, incident)
    )


def score(
    rows: Iterable[Mapping[str, Any]], incidents: Iterable[Incident], *, role: str = "main"
) -> Scores:
    """Return recall over ``rows`` of ``role`` and precision over ``incidents``."""
    rows = list(rows)
    incidents = list(incidents)
    wanted = [r for r in rows if r.get("role") == role]
    hit = [r for r in wanted if any(matches(r, i) for i in incidents)]
    good = [i for i in incidents if any(matches(r, i) for r in rows)]
    missed = tuple(
        f"{r['file']}: {r['incident_date']} {r['canonical_place']}" for r in wanted if r not in hit
    )
    spurious = tuple(
        f"{i.source}: {i.date} {i.place.name if i.place else i.place_mention}"
        for i in incidents
        if i not in good
    )
    return Scores(
        recall=len(hit) / len(wanted) if wanted else 1.0,
        precision=len(good) / len(incidents) if incidents else 1.0,
        expected=len(wanted),
        matched_expected=len(hit),
        extracted=len(incidents),
        matched_extracted=len(good),
        missed=missed,
        spurious=spurious,
        role=role,
    )
