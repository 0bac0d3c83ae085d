"""General behaviour added for accuracy on real articles (issue 8), on sentences written here."""

from __future__ import annotations

from tests.incidents.test_extract_unseen import extract


def test_an_attack_on_soldiers_or_an_armed_post_is_an_armed_clash():
    (post,) = extract(
        "date 2023-02-10\nDes hommes armés ont attaqué mardi un poste de gendarmerie à Djibo."
    )
    assert post.event_type == "armed clash"
    (ambush,) = extract(
        "date 2023-02-10\nGunmen attacked a convoy near Mopti on Tuesday, killing seven soldiers."
    )
    assert ambush.event_type == "armed clash"


def test_an_attack_on_civilians_stays_an_attack():
    (market,) = extract(
        "date 2023-02-10\nGunmen attacked a market near Mopti on Tuesday, killing seven traders."
    )
    assert market.event_type == "attack"


def test_a_date_that_starts_a_span_dates_no_event():
    found = extract(
        "date 2023-02-10\n"
        "Gunmen attacked a market in Mopti on Tuesday, killing seven traders. "
        "Armed groups have killed more than 300 people in the region since 2019."
    )
    assert [(i.date, i.fatalities) for i in found] == [("2023-02-07", 7)]


def test_the_date_of_a_claim_is_not_the_date_of_the_attack():
    found = extract(
        "date 2023-02-10\n"
        "Des hommes armés ont attaqué mardi le marché de Mopti, tuant sept commerçants. "
        "L'attaque a été revendiquée jeudi par un groupe armé."
    )
    assert [i.date for i in found] == ["2023-02-07"]


def test_a_name_followed_by_its_country_is_a_place_even_if_unknown():
    (found,) = extract(
        "date 2023-02-10\n"
        "Gunmen attacked a convoy in the vicinity of Bir al Zaytun, Somalia, on Tuesday."
    )
    assert found.place_mention == "Bir al Zaytun"


def test_each_village_of_a_list_is_a_place():
    from incidents.nlp import load_pipeline
    from tests.common import gazetteer

    nlp = load_pipeline("en", gazetteer())
    doc = nlp("Gunmen raided the villages of Kumbaro and Tessit-Ouro on Sunday.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kumbaro", "PLACE_GUESS"),
        ("Tessit-Ouro", "PLACE_GUESS"),
    ]


def test_an_unknown_town_after_an_event_noun_or_around_is_kept_in_french():
    (found,) = extract(
        "date 2023-02-10\n"
        "La France condamne l'attaque perpétrée mardi aux alentours de Kabourou, qui a fait "
        "trois morts."
    )
    assert found.place_mention == "Kabourou"
