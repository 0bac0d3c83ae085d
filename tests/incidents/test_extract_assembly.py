"""What the extraction does with the incidents once assembled (records made by hand)."""

from __future__ import annotations

from geo.place import Place
from incidents.extract.merge import placeless_into_earlier, retold_into_first
from incidents.model import PlaceMention
from tests.factories import make_incident

KABUL = Place("Kabul", 34.53, 69.17, 1, "city", "AF", "geonames")
AFGHANISTAN = Place("Afghanistan", 33.9, 67.7, 6, "country", "AF")
SYRIA = Place("Syria", 35.0, 38.5, 6, "country", "SY")


def test_a_toll_told_later_without_a_place_goes_to_the_incident_before_it():
    bombing = make_incident("a", date="2021-08-26", date_precision="day", place=KABUL)
    toll = make_incident(
        "b",
        date="2021-08",
        place=None,
        fatalities=170,
        places=(PlaceMention("Afghanistan", 10, 21, "context", AFGHANISTAN),),
    )
    [merged] = placeless_into_earlier([bombing, toll])
    assert (merged.id, merged.place, merged.fatalities) == ("a", KABUL, 170)


def test_an_incident_without_a_place_that_names_another_country_stays_apart():
    bombing = make_incident("a", date="2021-02", place=KABUL)
    strike = make_incident(
        "b",
        date="2021-02-25",
        place=None,
        fatalities=1,
        places=(PlaceMention("Syria", 10, 15, "context", SYRIA),),
    )
    assert [i.id for i in placeless_into_earlier([bombing, strike])] == ["a", "b"]


def test_the_same_event_told_again_at_a_month_s_precision_folds_into_the_first():
    summary = make_incident("a", date="2018-08-09", date_precision="day", fatalities=51)
    account = make_incident("b", date="2018-08", fatalities=29, injured=48)
    [merged] = retold_into_first([summary, account])
    assert (merged.id, merged.date, merged.fatalities, merged.injured) == (
        "a",
        "2018-08-09",
        51,
        48,
    )


def test_two_attacks_on_the_same_place_on_two_days_stay_two():
    first = make_incident("a", date="2020-07-04", date_precision="day")
    second = make_incident("b", date="2020-07-05", date_precision="day")
    same_day = make_incident("c", date="2020-07-05", date_precision="day")
    assert [i.id for i in retold_into_first([first, second, same_day])] == ["a", "b", "c"]
