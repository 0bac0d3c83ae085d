"""Conflicting tolls for one incident: the most conservative figure, the range kept (ACLED).

Sentences written for these tests, read by the real extraction (spaCy model, gazetteer).
"""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


def tolls(text: str) -> list[tuple[int | None, int | None, int | None]]:
    article = article_from_text("date 2021-03-10\n" + text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())
    return [(i.fatalities, i.fatalities_low, i.fatalities_high) for i in found]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an army post near Menaka on Tuesday: 28 soldiers were killed according "
        "to the army, 24 according to local officials.",
        "At least 24, perhaps 28 people were killed when gunmen attacked a market in Maiduguri "
        "on Tuesday.",
        "Between 24 and 28 people were killed when gunmen attacked a market in Maiduguri on "
        "Tuesday.",
        "The army said 28 soldiers were killed in an ambush near Menaka on Tuesday. Other "
        "sources said 24 soldiers died.",
        "Une embuscade près de Ménaka a fait 28 morts selon l'armée et 24 selon les autorités "
        "locales mardi.",
        "Au moins 24 personnes, voire 28, ont été tuées mardi dans l'attaque d'un marché à "
        "Maiduguri.",
        "L'armée a annoncé que 28 soldats ont été tués mardi dans une embuscade près de Ménaka. "
        "Selon d'autres sources, 24 soldats ont été tués.",
    ],
)
def test_alternative_figures_for_one_toll_give_the_lowest_and_keep_the_range(text):
    assert tolls(text) == [(24, None, 28)]


def test_other_sources_figure_without_a_casualty_word_is_an_alternative_in_french():
    text = (
        "Des hommes armés ont attaqué le village de Tillia mardi. Les autorités parlent de 43 "
        "morts, d'autres sources de 118."
    )
    assert tolls(text) == [(43, None, 118)]


def test_counts_of_different_victims_still_add_up():
    text = "Gunmen attacked a market in Maiduguri on Tuesday, killing 12 civilians and 5 soldiers."
    assert tolls(text) == [(17, None, None)]


def test_a_credited_injured_count_is_no_alternative_to_the_killed():
    text = (
        "Gunmen attacked a market in Maiduguri on Tuesday, killing 5 people and wounding 12 "
        "according to the police."
    )
    assert tolls(text) == [(5, None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 12 people in an attack on a market in Maiduguri on Tuesday. The death "
        "toll later rose to 30 as more bodies were found.",
        "Des hommes armés ont tué 12 personnes mardi dans l'attaque d'un marché à Maiduguri. "
        "Le bilan s'est ensuite alourdi à 30 morts.",
    ],
)
def test_a_toll_revised_upward_is_the_latest_figure_with_no_range(text):
    assert tolls(text) == [(30, None, None)]


def test_a_figure_credited_to_a_source_in_a_later_sentence_is_a_restatement():
    text = (
        "Gunmen killed 28 soldiers in an ambush near Menaka on Tuesday. According to a local "
        "official, 24 soldiers died."
    )
    assert tolls(text) == [(28, None, None)]
