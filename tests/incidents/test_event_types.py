"""Event types as ACLED codes them: who was hit decides between a clash and an attack, and the
weapon of a strike decides its type, whatever its blasts are called."""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from incidents.extract.event_type import _EVENT_TYPE_BY_KIND, TRIGGERS
from incidents.model import ACLED_SUB_EVENT_TYPES, EVENT_TYPES, KIND_TO_ACLED
from tests.common import pipeline, resolver


def _types(text: str, language: str) -> list[str]:
    article = article_from_text(f"date 2023-03-10\n{text}\n", source=f"t-{language}.txt")
    found = extract_incidents(article, nlp=pipeline(language), resolver=resolver())
    return [incident.event_type for incident in found]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # violence against soldiers or armed men: an armed clash
        ("en", "Gunmen ambushed a military convoy near Gao on Thursday, killing 12 soldiers.",
         "armed clash"),
        ("fr", "Jeudi, des hommes armés ont tendu une embuscade à une patrouille militaire près "
               "de Gao, tuant cinq soldats.", "armed clash"),
        ("fr", "Des assaillants ont attaqué un poste de gendarmerie à Mopti jeudi, tuant deux "
               "gendarmes.", "armed clash"),
        # violence against civilians: an attack
        ("en", "Gunmen ambushed a bus near Gao on Thursday, killing 12 passengers.", "attack"),
        ("fr", "Jeudi, des hommes armés ont attaqué le marché de Mopti, tuant douze civils.",
         "attack"),
        # the attackers killed by the police after killing civilians: still an attack
        ("en", "On Thursday, gunmen stormed a college in Garissa, killing 30 students. The siege "
               "ended when all four of the attackers were killed.", "attack"),
        # explosions in a wave of missile strikes are the strikes'
        ("en", "Explosions were heard in Kyiv on Thursday as a wave of Russian missile strikes "
               "hit the city, killing three people.", "shelling/artillery/missile attack"),
        # a bomb is a bomb, even among missile strikes
        ("en", "A roadside bomb exploded in Kyiv on Thursday, killing three people, hours "
               "after missile strikes.", "remote explosive/landmine/IED"),
        # (as in English: "frappes de missiles" are missile strikes, not air strikes)
        ("fr", "Jeudi, des explosions ont retenti à Kiev lors d'une vague de frappes de missiles "
               "russes qui ont fait trois morts.", "shelling/artillery/missile attack"),
    ],
)  # fmt: skip
def test_acled_types(language, text, expected):
    assert _types(text, language)[:1] == [expected]


def test_one_type_list_every_kind_ranked_into_it_and_each_type_an_acled_sub_event():
    ranked = dict(_EVENT_TYPE_BY_KIND)
    kinds = {kind for triggers in TRIGGERS.values() for _, _, kind in triggers}
    assert set(ranked) <= kinds
    assert set(ranked.values()) == set(EVENT_TYPES)
    assert all(KIND_TO_ACLED[name] in ACLED_SUB_EVENT_TYPES for name in EVENT_TYPES)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a strike is the weapon's: missiles fired from the ground, whatever the language
        ("fr", "Des frappes de missiles ont touché le centre de Kharkiv lundi, tuant trois civils.",
         "shelling/artillery/missile attack"),
        ("en", "Missile strikes hit central Kharkiv on Monday, killing three civilians.",
         "shelling/artillery/missile attack"),
        ("fr", "Des frappes de roquettes ont touché Kharkiv lundi, tuant trois civils.",
         "shelling/artillery/missile attack"),
        # ... and a strike with no weapon, or from the air, an air strike
        ("fr", "Des frappes aériennes ont touché Idlib lundi, tuant trois civils.",
         "air/drone strike"),
        ("fr", "Des frappes de drones ont touché Idlib lundi, tuant trois civils.",
         "air/drone strike"),
    ],
)  # fmt: skip
def test_a_french_strike_of_missiles_is_the_missiles_as_in_english(language, text, expected):
    assert _types(text, language) == [expected]
