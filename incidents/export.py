"""Incidents out: GeoJSON (RFC 7946), a pandas table, CSV.

Every incident is kept: one whose place could not be resolved, or whose coordinate is not
a point on Earth (NaN, infinite, latitude beyond ±90, longitude beyond ±180, see
:func:`mappable`), has a null geometry in GeoJSON and empty coordinates in the table.

The exports are total over what the :class:`~incidents.model.Incident` type allows: text
with lone surrogates (from a badly decoded file) gets U+FFFD in their place
(:func:`clean_text`) so that the output encodes as UTF-8; a count too long for Python to
write in decimal is exported as unknown (:func:`count_value`); a count beyond 64 bits stays
an exact Python int in the table.

CSV is written by :func:`csv_text`, the one CSV writer of the project: every text cell is
quoted (a carriage return or line feed in a file name cannot start a new row) and passed
through :func:`csv_cell`, which neutralises what a spreadsheet would run as a formula
(OWASP "CSV injection"); numbers are left as numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TypeGuard

import pandas as pd

from geo.place import Place, checked_point
from incidents.model import Incident

logger = logging.getLogger(__name__)

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
# A spreadsheet runs a cell as a formula when its first character that counts is one of
# these; whitespace, control and format characters (zero-width space, BOM, joiners, word
# joiner, bidi marks) before it do not count. A tab or carriage return at the start is
# neutralised too (OWASP).
_FORMULA_CHARS = frozenset("=+-@")
_FORMULA_START = ("\t", "\r")
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_. ]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Return ``text`` with each lone surrogate replaced by U+FFFD (encodable as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _clean(value: Any) -> Any:
    """``value`` with :func:`clean_text` applied to every string in it (dicts, lists)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def count_value(value: int | None) -> int | None:
    """Return a count as it is, or None when Python cannot write it in decimal.

    Python refuses to convert an int of more than ``sys.get_int_max_str_digits()`` digits
    (4,300 by default) to text; such a count cannot be exported and is logged.
    """
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        return value
    try:
        str(value)
    except ValueError:
        logger.warning("a count of %d bits is too long to export; left out", value.bit_length())
        return None
    return value


def mappable(place: Place | None) -> TypeGuard[Place]:
    """Whether a place has a coordinate a map can draw.

    Both coordinates must be finite numbers, the latitude within ±90 and the longitude
    within ±180 (WGS84). Anything else is treated as unlocated.
    """
    if place is None:
        return False
    try:
        checked_point(place.lat, place.lon)
    except ValueError:
        return False
    return True


def feature_properties(incident: Incident) -> dict[str, Any]:
    """Return the GeoJSON properties of one incident."""
    place = incident.place if mappable(incident.place) else None
    launch = incident.launch_site if mappable(incident.launch_site) else None
    return _clean(
        {
            "id": incident.id,
            "date": incident.date,
            "date_precision": incident.date_precision,
            "event_type": incident.event_type,
            "weapon": incident.weapon,
            "place": place.name if place else None,
            "place_mention": incident.place_mention,
            "geo_precision": count_value(place.geo_precision) if place else None,
            "fatalities": count_value(incident.fatalities),
            "injured": count_value(incident.injured),
            "quote": incident.quote,
            "source": incident.source,
            "language": incident.language,
            "launch_site": (
                {"name": launch.name, "lat": float(launch.lat), "lon": float(launch.lon)}
                if launch
                else None
            ),
            "corrected": incident.corrected,
        }
    )


def to_feature(incident: Incident) -> dict[str, Any]:
    """Return one GeoJSON Feature: a Point ``[lon, lat]``, or null geometry when unlocated."""
    geometry = None
    place = incident.place
    if place is not None and mappable(place):
        geometry = {
            "type": "Point",
            "coordinates": [round(float(place.lon), 6), round(float(place.lat), 6)],
        }
    return {
        "type": "Feature",
        "id": _clean(incident.id),
        "geometry": geometry,
        "properties": feature_properties(incident),
    }


def to_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """Return an RFC 7946 FeatureCollection of ``incidents`` (unlocated ones included)."""
    return {"type": "FeatureCollection", "features": [to_feature(i) for i in incidents]}


_INT64 = (-(2**63), 2**63 - 1)


def _int_column(values: list[int | None], index: pd.Index) -> pd.Series:
    """Nullable 64-bit integers, or exact Python ints when one does not fit in 64 bits.

    Built from the Python values themselves: a column pandas infers from ints and None is
    float64, which loses every count above 2**53.
    """
    if all(value is None or _INT64[0] <= value <= _INT64[1] for value in values):
        return pd.Series(pd.array(values, dtype="Int64"), index=index)
    return pd.Series(values, dtype=object, index=index)


def to_frame(incidents: Iterable[Incident]) -> pd.DataFrame:
    """Return one row per incident with :data:`COLUMNS`.

    Counts are nullable 64-bit integers (``Int64``), or exact Python ints in an ``object``
    column when one does not fit in 64 bits; coordinates are floats, NaN when unlocated.
    """
    rows = []
    for incident in incidents:
        props = feature_properties(incident)
        place = incident.place if mappable(incident.place) else None
        launch = props["launch_site"]
        props.update(
            lat=float(place.lat) if place else None,
            lon=float(place.lon) if place else None,
            launch_site=launch["name"] if launch else None,
            launch_lat=launch["lat"] if launch else None,
            launch_lon=launch["lon"] if launch else None,
        )
        rows.append(props)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("geo_precision", "fatalities", "injured"):
        frame[column] = _int_column([row[column] for row in rows], frame.index)
    for column in ("lat", "lon", "launch_lat", "launch_lon"):
        frame[column] = frame[column].astype("float64")
    frame["corrected"] = frame["corrected"].astype("bool")
    return frame


def _formula_like(text: str) -> bool:
    if text.startswith(_FORMULA_START):
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) in _SKIPPED_CATEGORIES:
            continue
        return char in _FORMULA_CHARS
    return False


def csv_cell(value: Any) -> Any:
    """Return a cell as the CSV should hold it.

    Text has its lone surrogates replaced (:func:`clean_text`) and gets a leading ``'``
    when a spreadsheet could run it as a formula: its first character that is not
    whitespace, a control or a format character (zero-width space, BOM...) is ``=``,
    ``+``, ``-`` or ``@``, or it starts with a tab or a carriage return. Missing values
    (None, NaN, ``pd.NA``) become an empty string; numbers and booleans stay as they are.
    """
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, str):
        text = clean_text(value)
        return "'" + text if _formula_like(text) else text
    if isinstance(value, bool | int | float):
        return value
    return csv_cell(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return CSV text: a header row, then ``rows``, every cell through :func:`csv_cell`.

    Text cells are always quoted (``QUOTE_NONNUMERIC``), so a carriage return or line
    feed inside one never starts a new row; numbers are written bare, so a spreadsheet
    reads them as numbers. Column names made of letters, digits, ``_``, ``.`` and spaces are
    written bare. Rows end with ``\\n``.
    """
    out = io.StringIO()
    names = [csv_cell(name) for name in header]
    # Plain column names are written bare, as every CSV reader expects; others quoted.
    plain = all(isinstance(name, str) and _PLAIN_NAME.fullmatch(name) for name in names)
    csv.writer(
        out, quoting=csv.QUOTE_MINIMAL if plain else csv.QUOTE_ALL, lineterminator="\n"
    ).writerow(names)
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _python_value(value: Any) -> Any:
    """A cell of :func:`to_frame` as a plain Python value (numpy scalars unwrapped)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def to_csv(incidents: Iterable[Incident], *, chunk: int = 5000) -> str:
    """Return the incidents as CSV text (UTF-8, header row, formula cells neutralised).

    ``incidents`` is read ``chunk`` at a time (a store query's rows stream through; only the
    text is kept whole).
    """
    out = io.StringIO()
    items = iter(incidents)
    while batch := list(itertools.islice(items, chunk)):
        frame = to_frame(batch)
        rows = (
            [_python_value(value) for value in row]
            for row in frame.itertuples(index=False, name=None)
        )
        text = csv_text(list(frame.columns), rows)
        out.write(text if not out.tell() else text.split("\n", 1)[1])  # one header row
    return out.getvalue() or csv_text(list(COLUMNS), [])


def geojson_text(incidents: Iterable[Incident], *, indent: int | None = 1) -> str:
    """:func:`to_geojson` as JSON text, written feature by feature (``incidents`` streamed)."""
    out = io.StringIO()
    out.write('{"type": "FeatureCollection", "features": [')
    for n, incident in enumerate(incidents):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(to_feature(incident), ensure_ascii=False, indent=indent))
    out.write("\n]}")
    return out.getvalue()
