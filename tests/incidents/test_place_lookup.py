"""Place spotting by gazetteer lookup (:mod:`incidents.extract.lookup`), on sentences written
for these tests, in English and French, with the real pipelines and gazetteer."""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from incidents.extract.lookup import LOOKUP_LABEL, is_nationality
from incidents.nlp import country_forms
from tests.common import pipeline, resolver


def extract(text: str, language: str):
    article = article_from_text(text, source="t.txt", language=language)
    return extract_incidents(article, nlp=pipeline(language), resolver=resolver())


def looked_up(text: str, language: str) -> list[str]:
    return [e.text for e in pipeline(language)(text).ents if e.label_ == LOOKUP_LABEL]


@pytest.mark.parametrize(
    ("text", "language", "name", "country"),
    [
        (
            "date 2023-03-14\nMissile strikes hit central Kyiv on Tuesday, killing three people.",
            "en",
            "Kyiv",
            "UA",
        ),
        (
            "date 2023-06-05\nThe shelling of Nikopol on Sunday wounded two civilians.",
            "en",
            "Nikopol",
            "UA",
        ),
        (
            "date 2023-06-05\nDes obus sont tombés dimanche sur le centre de Nikopol, blessant "
            "deux civils.",
            "fr",
            "Nikopol",
            "UA",
        ),
    ],
)
def test_a_place_is_found_wherever_it_stands_in_the_sentence(text, language, name, country):
    (found,) = extract(text, language)
    assert found.place is not None
    assert (found.place_mention, found.place.country_code) == (name, country)


def test_a_possessive_place_locates_the_incident():
    (found,) = extract(
        "date 2021-05-02\nGunmen attacked Nikopol's police headquarters on Sunday, killing two "
        "officers, Ukrainian officials said.",
        "en",
    )
    assert found.place is not None and found.place.country_code == "UA"
    assert found.place_mention == "Nikopol"


def test_names_of_people_and_organisations_are_not_places():
    text = (
        "Hamid Karzai condemned the attack, which Al-Shabaab claimed. The Garissa University "
        "College was closed."
    )
    assert "Hamid" not in looked_up(text, "en")
    assert "Al" not in looked_up(text, "en")
    assert "College" not in looked_up(text, "en")
    assert "Taliban" not in looked_up("The attack was claimed by the Taliban.", "en")


def test_month_names_and_words_written_lower_case_elsewhere_are_not_places():
    text = "On 3 March a bomb exploded. Police said the police station was hit."
    found = looked_up(text, "en")
    assert "March" not in found and "Police" not in found
    assert "Mars" not in looked_up("Le 3 Mars, une bombe a explosé à Nikopol.", "fr")


@pytest.mark.parametrize("word", ["afghan", "malien", "maliens", "iraqi", "nigerians", "somali"])
def test_nationalities_are_recognised(word):
    assert is_nationality(word, country_forms(pipeline("en")))


@pytest.mark.parametrize("word", ["mali", "malindi", "kabul", "niger"])
def test_countries_and_towns_are_no_nationalities(word):
    assert not is_nationality(word, country_forms(pipeline("en")))


def test_a_place_abroad_found_only_by_lookup_is_dropped():
    # "Nikopol" (Ukraine) is a gazetteer name, found by lookup alone in an article whose other
    # places are in Mali: it must agree with the country they point to.
    text = (
        "date 2022-05-08\nA roadside bomb killed two soldiers near Gao in Mali on Sunday. "
        "Nikopol sent its condolences."
    )
    (found,) = extract(text, "en")
    assert found.place is not None and found.place.country_code == "ML"
    assert all(m.place is None or m.place.country_code == "ML" for m in found.places)
