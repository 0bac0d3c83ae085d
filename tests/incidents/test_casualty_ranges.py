"""Ranges of figures for one toll, read by one reader (``read_ranges``) wherever they stand.

The rule (ACLED's, README "Casualties"): a range or hedge gives its lowest figure, the highest kept
beside it (``killed_high``, then ``Incident.fatalities_high``); "at least N" is N; "up to N" gives
N, the only figure told. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.casualties import read_ranges, sentence_casualties
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fr", "Entre 10 et 15 morts ont été relevés après l'attaque du marché."),
        ("fr", "L'embuscade a fait entre 10 et 15 morts."),
        ("fr", "L'embuscade a fait 10 à 15 tués parmi les villageois."),
        ("fr", "Entre dix et quinze villageois ont été tués."),
        ("en", "Between 10 and 15 villagers were killed in the raid."),
        ("en", "The raid killed between 10 and 15 villagers."),
        ("en", "Between ten and fifteen villagers were killed."),
        ("en", "The raid left 10-15 dead."),
        ("en", "10-15 villagers were killed in the raid."),
        ("en", "The raid killed 10 to 15 villagers."),
        ("en", "At least 10, perhaps 15 villagers were killed."),
    ],
)
def test_a_range_of_dead_gives_its_low_figure_and_keeps_the_high(language, sentence):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.killed_high, found.injured) == (10, 15, None)


@pytest.mark.parametrize(
    ("language", "sentence", "killed"),
    [
        ("en", "At least 10 villagers were killed in the raid.", 10),
        ("fr", "Au moins 10 villageois ont été tués.", 10),
        ("en", "Up to 15 villagers were killed in the raid.", 15),
        ("en", "The raid killed up to 15 villagers.", 15),
        ("fr", "Jusqu'à 15 villageois ont été tués.", 15),
        ("en", "The toll rose from 10 to 15 dead.", 15),
        ("fr", "Le bilan est passé de 10 à 15 morts.", 15),
    ],
)
def test_one_bound_or_a_moved_toll_gives_one_figure_and_no_range(language, sentence, killed):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.killed_high) == (killed, None)


@pytest.mark.parametrize(
    ("language", "sentence", "killed", "injured"),
    [
        # the range is of something else: hours, years, the attackers
        ("en", "Between 2 and 3 p.m. gunmen killed 5 villagers.", 5, None),
        ("en", "Between one and two o'clock, gunmen killed 5 villagers.", 5, None),
        ("fr", "De 2 à 3 heures, les assaillants ont tué 5 villageois.", 5, None),
        ("en", "Between 10 and 15 gunmen stormed the village, killing 3 people.", 3, None),
        ("en", "The 2019-2020 campaign killed 4 soldiers.", 4, None),
        # a range of the wounded gives its low figure, and is no range of the dead
        ("en", "The raid killed 3 villagers and wounded 10 to 15 others.", 3, 10),
        ("fr", "Entre 10 et 15 personnes ont été blessées, 2 tuées.", 2, 10),
    ],
)
def test_a_range_counts_only_the_victims_it_stands_for(language, sentence, killed, injured):
    found = sentence_casualties(sentence, language=language)
    assert (found.killed, found.killed_high, found.injured) == (killed, None, injured)


def test_the_reader_gives_lowest_first_whatever_the_order_told():
    (ranged,) = read_ranges("between 28 and 24 soldiers", "en")
    assert (ranged.low, ranged.high, ranged.count) == (24, 28, 24)
    (ceiling,) = read_ranges("up to 15 soldiers", "en")
    assert (ceiling.low, ceiling.high, ceiling.count) == (None, 15, 15)
    assert read_ranges("the score was 3-2", "en") == []


def fatalities(text: str) -> list[tuple[int | None, int | None]]:
    article = article_from_text("date 2021-03-10\n" + text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())
    return [(i.fatalities, i.fatalities_high) for i in found]


@pytest.mark.parametrize(
    "text",
    [
        "Des hommes armés ont attaqué mardi le marché de Maiduguri, faisant entre 10 et 15 morts.",
        "Gunmen attacked a market in Maiduguri on Tuesday and killed 10 to 15 people.",
        "Gunmen attacked a market in Maiduguri on Tuesday, leaving 10-15 dead.",
    ],
)
def test_an_incident_told_with_a_range_keeps_the_low_toll_and_the_high(text):
    assert fatalities(text) == [(10, 15)]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen ambushed a convoy near Maiduguri on Tuesday. Between 10 and 15 soldiers were "
        "killed. The army first said 10 had died, but a minister later put the toll at 15.",
        "Des hommes armés ont tendu une embuscade à un convoi près de Maiduguri mardi. Entre 10 "
        "et 15 soldats ont été tués. Le ministre a ensuite porté le bilan à 15 morts.",
    ],
)
def test_a_figure_of_a_range_told_again_leaves_the_range_standing(text):
    assert fatalities(text) == [(10, 15)]


def test_a_toll_above_the_range_told_before_is_an_update():
    text = (
        "Gunmen ambushed a convoy near Maiduguri on Tuesday. Between 10 and 15 soldiers were "
        "killed. The death toll later rose to 30."
    )
    assert fatalities(text) == [(30, None)]
