"""GeoJSON (RFC 7946), pandas and CSV output."""

from __future__ import annotations

import csv
import io
import json

from geo.place import Place
from incidents.export import COLUMNS, to_csv, to_frame, to_geojson
from incidents.model import Incident
from tests.factories import make_incident

GZ = Place("Green Zone", 33.3076, 44.3903, 1, "government zone", "IQ")
SALEH = Place("Ali Al-Saleh", 33.34, 44.40, 2, "neighbourhood", "IQ")


def incident(**changes) -> Incident:
    fields = dict(
        quote="Une roquette...",
        quote_end=15,
        weapon="rocket",
        place_mention="zone verte",
        place=GZ,
        launch_site=SALEH,
        fatalities=0,
        injured=1,
    )
    return make_incident("abc", **(fields | changes))


def test_geojson_feature_has_lon_lat_point_and_the_issue_properties():
    collection = to_geojson([incident()])
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [44.3903, 33.3076]}
    props = feature["properties"]
    for key in [
        "id",
        "date",
        "date_precision",
        "event_type",
        "weapon",
        "place",
        "place_mention",
        "geo_precision",
        "fatalities",
        "injured",
        "quote",
        "source",
        "language",
        "launch_site",
    ]:
        assert key in props
    assert props["launch_site"] == {"name": "Ali Al-Saleh", "lat": 33.34, "lon": 44.40}
    assert props["place"] == "Green Zone" and props["geo_precision"] == 1
    json.dumps(collection)  # serialisable


def test_unlocated_incident_is_kept_with_null_geometry():
    (feature,) = to_geojson([incident(place=None, launch_site=None)])["features"]
    assert feature["geometry"] is None
    assert feature["properties"]["place"] is None
    assert feature["properties"]["launch_site"] is None


def test_frame_has_the_columns_and_nullable_counts():
    frame = to_frame([incident(), incident(id="b", place=None, fatalities=None)])
    assert list(frame.columns) == list(COLUMNS)
    assert str(frame["fatalities"].dtype) == "Int64"
    assert frame["fatalities"].isna().tolist() == [False, True]
    assert frame["lat"].isna().tolist() == [False, True]


def test_csv_defuses_formula_cells_but_not_numbers():
    text = to_csv(
        [incident(quote='=HYPERLINK("http://evil")', place_mention="@SUM(A1)", source="-x")]
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["quote"].startswith("'=HYPERLINK")
    assert rows[0]["place_mention"] == "'@SUM(A1)"
    assert rows[0]["source"] == "'-x"
    assert rows[0]["lon"] == "44.3903"


def test_empty_exports():
    assert to_geojson([]) == {"type": "FeatureCollection", "features": []}
    assert to_csv([]).splitlines() == [",".join(COLUMNS)]
