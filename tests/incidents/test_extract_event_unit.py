"""One event per place per day (ACLED's unit), and running totals that are no event's toll.

Sentences written for these tests, read by the real extraction (spaCy model, gazetteer).
"""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


def tolls(text: str, date: str = "2021-03-10") -> list[tuple[str | None, int | None, int | None]]:
    article = article_from_text(f"date {date}\n" + text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())
    return [(i.place.name if i.place else None, i.fatalities, i.injured) for i in found]


@pytest.mark.parametrize(
    "text",
    [
        "A mortar shell hit a school in Maiduguri on Tuesday morning, wounding two pupils. "
        "Another mortar attack followed hours later, when a shell landed near the market and "
        "wounded a trader.",
        "Un obus de mortier a frappé une école de Maiduguri mardi matin, blessant deux élèves. "
        "Une autre attaque au mortier a suivi quelques heures plus tard : un obus est tombé "
        "près du marché et a blessé un commerçant.",
    ],
)
def test_two_attacks_of_one_kind_on_one_town_on_one_day_are_one_event(text):
    assert tolls(text) == [("Maiduguri", 0, 3)]


def test_attacks_on_one_town_on_two_days_stay_apart():
    text = (
        "A mortar shell hit a school in Maiduguri on Tuesday, wounding two pupils. "
        "On Thursday, another mortar shell landed near the market in Maiduguri and wounded a "
        "trader."
    )
    assert [t[2] for t in tolls(text)] == [2, 1]


@pytest.mark.parametrize(
    "text",
    [
        "A rocket hit a house in Maiduguri on Tuesday, killing a farmer. With Tuesday's attack, "
        "35 people have been killed by rockets since 2015 and over 400 wounded.",
        "Une roquette a frappé une maison à Maiduguri mardi, tuant un agriculteur. Avec "
        "l'attaque de mardi, 35 personnes ont été tuées par des roquettes depuis 2015 et plus "
        "de 400 blessées.",
    ],
)
def test_a_running_total_since_a_year_long_past_is_no_events_toll(text):
    assert tolls(text) == [("Maiduguri", 1, None)]


def test_the_deadliest_attack_since_a_year_long_past_keeps_its_own_dead():
    text = (
        "Gunmen stormed a market in Maiduguri on Tuesday, killing 30 people, the deadliest "
        "attack in the city since 2015."
    )
    assert tolls(text) == [("Maiduguri", 30, None)]


def test_two_events_of_their_own_types_and_tolls_at_one_town_stay_two():
    text = (
        "Un kamikaze s'est fait exploser près du marché de Kirkouk, tuant 30 personnes. "
        "Par ailleurs, 5 policiers ont trouvé la mort dans une explosion près de Kirkouk."
    )
    found = tolls(text)
    assert sorted(k for _, k, _ in found) == [5, 30]
