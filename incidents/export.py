"""Incidents out: GeoJSON (RFC 7946), a pandas table, CSV.

Every incident is kept: one whose place could not be resolved has a null geometry in
GeoJSON and empty coordinates in the table. CSV cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading
``'`` (OWASP "CSV injection"); numbers are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from incidents.model import Incident

COLUMNS = (
    "id",
    "date",
    "date_precision",
    "event_type",
    "weapon",
    "place",
    "place_mention",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "injured",
    "quote",
    "source",
    "language",
    "launch_site",
    "launch_lat",
    "launch_lon",
    "corrected",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def feature_properties(incident: Incident) -> dict[str, Any]:
    """Return the GeoJSON properties of one incident."""
    launch = incident.launch_site
    return {
        "id": incident.id,
        "date": incident.date,
        "date_precision": incident.date_precision,
        "event_type": incident.event_type,
        "weapon": incident.weapon,
        "place": incident.place.name if incident.place else None,
        "place_mention": incident.place_mention,
        "geo_precision": incident.geo_precision,
        "fatalities": incident.fatalities,
        "injured": incident.injured,
        "quote": incident.quote,
        "source": incident.source,
        "language": incident.language,
        "launch_site": (
            {"name": launch.name, "lat": launch.lat, "lon": launch.lon} if launch else None
        ),
        "corrected": incident.corrected,
    }


def to_feature(incident: Incident) -> dict[str, Any]:
    """Return one GeoJSON Feature: a Point ``[lon, lat]``, or null geometry when unlocated."""
    geometry = None
    if incident.place is not None:
        geometry = {
            "type": "Point",
            "coordinates": [round(incident.place.lon, 6), round(incident.place.lat, 6)],
        }
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": geometry,
        "properties": feature_properties(incident),
    }


def to_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """Return an RFC 7946 FeatureCollection of ``incidents`` (unlocated ones included)."""
    return {"type": "FeatureCollection", "features": [to_feature(i) for i in incidents]}


def to_frame(incidents: Iterable[Incident]) -> pd.DataFrame:
    """Return one row per incident with :data:`COLUMNS` (counts as nullable integers)."""
    rows = []
    for incident in incidents:
        props = feature_properties(incident)
        launch = incident.launch_site
        props.update(
            lat=incident.place.lat if incident.place else None,
            lon=incident.place.lon if incident.place else None,
            launch_site=launch.name if launch else None,
            launch_lat=launch.lat if launch else None,
            launch_lon=launch.lon if launch else None,
        )
        rows.append(props)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("geo_precision", "fatalities", "injured"):
        frame[column] = frame[column].astype("Int64")
    for column in ("lat", "lon", "launch_lat", "launch_lon"):
        frame[column] = frame[column].astype("float64")
    frame["corrected"] = frame["corrected"].astype("bool")
    return frame


def _defuse(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(incidents: Iterable[Incident]) -> str:
    """Return the incidents as CSV text (UTF-8, header row, formula cells defused)."""
    frame = to_frame(incidents)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(_defuse)
    return frame.to_csv(index=False, lineterminator="\n")
