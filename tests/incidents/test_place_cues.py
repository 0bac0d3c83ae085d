"""Places of sentences written for these tests: a day opening a French sentence is no place, a
name the model takes with its preposition, people taken "from" a town, and the country a
nationality names deciding between namesakes. Real spaCy models and gazetteer."""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from incidents.extract.lookup import nationality_country
from incidents.nlp import country_forms
from tests.common import pipeline, resolver


def places(text: str) -> list[tuple[str | None, str | None]]:
    article = article_from_text("date 2021-03-10\n" + text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())
    return [(i.place.name, i.place.country_code) if i.place else (None, None) for i in found]


@pytest.mark.parametrize(
    "text",
    [
        "Lundi, une embuscade contre une patrouille de l'armée a fait cinq morts près de Diffa.",
        "Mardi, des hommes armés ont tué cinq villageois à Diffa.",
        "Une embuscade contre une patrouille de l'armée près de Diffa a fait cinq morts lundi.",
    ],
)
def test_a_day_opening_the_sentence_is_no_place_and_the_town_is_found(text):
    assert places(text) == [("Diffa", "NE")]


@pytest.mark.parametrize(
    "text",
    [
        "Boko Haram fighters abducted 30 women from Damboa on Monday.",
        "Gunmen kidnapped 12 farmers from the village of Damboa on Monday.",
    ],
)
def test_people_taken_from_a_town_were_taken_there(text):
    assert places(text) == [("Damboa", "NG")]


def test_a_place_the_attackers_came_from_is_still_no_place_of_the_attack():
    text = "Gunmen from Niger attacked a village in Zamfara on Monday, killing 12."
    assert [p[1] for p in places(text)] == ["NG"]


@pytest.mark.parametrize(
    "text",
    [
        "An airstrike by the Nigerian air force killed 20 civilians in Rann on Tuesday.",
        "Une frappe aérienne de l'armée nigériane a tué 20 civils à Rann mardi.",
    ],
)
def test_a_nationality_names_the_country_between_namesakes(text):
    # Rann is also the German name of Brežice, Slovenia, a larger town
    assert places(text) == [("Rann", "NG")]


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("nigerian", "nigeria"),
        ("nigeriane", "nigeria"),
        ("nigerien", "niger"),
        ("malienne", "mali"),
        ("afghan", "afghanistan"),
        ("russe", "russia"),
        ("armee", None),
        ("grenades", None),
        ("came", None),
        ("etat", None),
    ],
)
def test_the_country_of_a_nationality(word, country):
    forms = country_forms(pipeline("fr")) | country_forms(pipeline("en"))
    assert nationality_country(word, forms) == country


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "Russian missile strikes hit central Kharkiv on Monday, killing four civilians.",
            "Kharkiv",
        ),
        ("Russian drones struck Odesa overnight on Friday, killing two people.", "Odesa"),
        ("Un engin explosif improvisé a tué quatre soldats français près de Gao mardi.", "Gao"),
    ],
)
def test_the_attackers_nationality_alone_sets_no_country(text, town):
    assert [p[0] for p in places(text)] == [town]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "Un kamikaze s'est fait exploser dans une mosquée de Peshawar vendredi, tuant 60 "
            "fidèles.",
            "Peshawar",
        ),
        (
            "Une bombe a explosé dans le marché central de Maiduguri mardi, tuant 12 personnes.",
            "Maiduguri",
        ),
    ],
)
def test_a_landmark_the_gazetteer_lacks_is_placed_at_its_town(text, town):
    assert [p[0] for p in places(text)] == [town]


def test_a_town_the_french_model_calls_a_person_is_a_place_of_the_articles_country():
    text = (
        "Des frappes aériennes ont touché Idlib lundi, tuant quatre civils. Les frappes ont visé "
        "le nord de la Syrie."
    )
    assert places(text) == [("Idlib", "SY")]


def test_a_person_whose_name_is_a_town_abroad_stays_a_person():
    text = "Le ministre Koné a condamné l'attaque de Gao lundi, qui a fait 12 morts."
    assert places(text) == [("Gao", "ML")]


@pytest.mark.parametrize(
    "text",
    [
        "On 12 March 2019, militants attacked a Malian army base in Dioura, killing 21 soldiers.",
        "Le 12 mars 2019, des jihadistes ont attaqué un camp de l'armée malienne à Dioura, tuant "
        "21 soldats.",
    ],
)
def test_a_short_unknown_name_is_no_misspelling_of_a_place_abroad(text):
    # "Dioura" is one letter from "Doura", a Baghdad district of the hand gazetteer
    assert all(country != "IQ" for _, country in places(text))


def test_a_landmark_named_like_a_town_abroad_is_placed_at_the_city_it_is_in():
    text = (
        "L'attaque du centre commercial Westgate à Nairobi a fait 67 morts et plus de 175 blessés."
    )
    assert [p[1] for p in places(text)] == ["KE"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Les forces de sécurité ont tué 15 terroristes lors d'une opération dans le "
            "Waziristan du Nord mardi.",
            "PK",
        ),
        ("Une attaque a fait 5 morts dans le Sinaï du Nord lundi.", "EG"),
    ],
)
def test_a_french_area_named_with_its_side_after_is_found_as_english_names_it(text, country):
    assert [p[1] for p in places(text)] == [country]


@pytest.mark.parametrize(
    "text",
    [
        "La France condamne l'attaque perpétrée mardi à Essé, au Cameroun, qui a fait quatre "
        "morts parmi les villageois.",
        "France condemns the attack on Tuesday in Essé, Cameroon, which killed four villagers.",
    ],
)
def test_the_country_that_condemns_is_not_the_country_of_the_attack(text):
    # Essé is a village of Cameroon and one of France: "La France condamne" no longer ties
    # with "au Cameroun"
    assert [p for p in places(text)] == [("Essé", "CM")]


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("A suicide bomber killed 170 people at Kabul airport on 26 August 2021.", "Kabul"),
        ("Rockets struck near Kandahar airport on Monday, killing two guards.", "Kandahār"),
    ],
)
def test_a_landmark_after_its_town_is_placed_at_the_town(text, town):
    assert [p[0] for p in places(text)] == [town]
