"""The evaluation's scoring (``eval.run``) on a tiny hand-made case, not the corpus."""

from __future__ import annotations

from eval.run import Tally, evaluate, event_type_of, row_matches, score_file, table
from geo.place import Place
from tests.factories import make_incident

TOWN = Place("Townsville", 10.0, 20.0, 1, "town", "XX", "geonames")
FAR = Place("Farville", 11.0, 20.0, 1, "town", "XX", "geonames")  # about 111 km north


def _row(**changes):
    row = {
        "file": "a_en_x.txt",
        "incident_date": "2021-03-04",
        "date_precision": "day",
        "place_name": "Townsville market",
        "canonical_place": "Townsville",
        "lat": "10.05",
        "lon": "20.0",
        "country_code": "XX",
        "event_kind": "attack (violence against civilians)",
        "fatalities": "3",
        "injured": "",
        "role": "main",
    }
    row.update(changes)
    return row


def _incident(id_="i1", **changes):
    fields = {
        "source": "a_en_x.txt",
        "date": "2021-03-04",
        "date_precision": "day",
        "place": TOWN,
        "event_type": "attack",
        "fatalities": 3,
    }
    fields.update(changes)
    return make_incident(id_, **fields)


def test_event_kinds_map_onto_the_pipelines_types():
    assert event_type_of("attack (violence against civilians)") == "attack"
    assert event_type_of("abduction/forced disappearance") == "abduction/kidnapping"
    assert event_type_of("armed clash") == "armed clash"
    assert event_type_of("foiled attack (rocket)") == "foiled or attempted attack"
    assert event_type_of("picnic") is None


def test_matching_needs_the_file_the_date_and_the_place():
    row = _row()
    assert row_matches(row, _incident())  # 5.6 km away, same day
    assert row_matches(row, _incident(date="2021-03", date_precision="month"))
    assert not row_matches(row, _incident(date="2021-04-04"))
    assert not row_matches(row, _incident(source="other.txt"))
    assert not row_matches(row, _incident(place=FAR))
    # unlocated: found when its mention is named in the row's place, never located
    assert row_matches(row, _incident(place=None, place_mention="Townsville"))
    assert not row_matches(row, _incident(place=None, place_mention="Elsewhere"))
    # a row without coordinate: any place in its country
    assert row_matches(_row(lat="", lon=""), _incident(place=FAR))
    assert not row_matches(_row(lat="", lon="", country_code="YY"), _incident(place=FAR))


def test_one_file_tally():
    rows = [
        _row(),
        _row(canonical_place="Farville", lat="11.0", injured="2", event_kind="armed clash"),
        _row(incident_date="2021-05-01", role="main", canonical_place="Nowhere"),
        _row(incident_date="2021-02", date_precision="month", role="background"),
    ]
    incidents = [
        _incident(),  # row 1, all right
        _incident(id_="i2", place=FAR, fatalities=3, injured=1),  # row 2: toll and type wrong
        _incident(id_="i3", date="2021-02-10"),  # the background row
        _incident(id_="i4", date="2022-01-01", place=None),  # spurious, unlocated
    ]
    tally = score_file(rows, incidents).tally
    assert (tally.main_rows, tally.main_found, tally.main_located) == (3, 2, 2)
    assert (tally.incidents, tally.incidents_matching, tally.unlocated) == (4, 3, 1)
    assert (tally.tolls_stated, tally.tolls_right) == (2, 1)
    assert (tally.types_known, tally.types_right) == (2, 1)
    figures = tally.figures()
    assert figures["recall_main"] == round(2 / 3, 3)
    assert figures["precision"] == 0.75
    assert figures["unlocated_share"] == 0.25


def test_figures_per_part_language_and_country():
    rows = {"a_en_x.txt": [_row()], "b_fr_y.txt": [_row(file="b_fr_y.txt")]}
    extracted = {"a_en_x.txt": ([_incident()], 0.5, None), "b_fr_y.txt": ([], 1.5, None)}
    parts = {"a_en_x.txt": "dev", "b_fr_y.txt": "test"}
    figures, _ = evaluate(rows, {"a_en_x.txt": "XX", "b_fr_y.txt": "XX"}, parts, extracted)
    assert figures["dev"]["all"]["recall_main"] == 1.0
    assert figures["dev"]["language"]["en"]["median_s_per_article"] == 0.5
    assert figures["test"]["all"]["recall_main"] == 0.0
    assert figures["test"]["country"]["XX"]["precision"] is None  # no incident
    assert "lang fr" in table(figures)
    assert Tally().figures()["recall_main"] is None
