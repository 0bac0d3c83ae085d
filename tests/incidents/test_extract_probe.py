"""Shapes of real wire copy that an analyst's review of unseen articles found misread (issue 8,
sixth pass), on sentences written for these tests. Real spaCy models and gazetteer."""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


def extract(text: str):
    article = article_from_text(text, source="t.txt")
    return extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())


@pytest.mark.parametrize(
    "dateline",
    ["KABUL: ", "Kabul — ", "Kabul, Afghanistan — ", "KABUL, Afghanistan - "],
)
def test_a_dateline_opening_a_line_is_not_where_the_attack_happened(dateline):
    found = extract(
        "date 2021-05-04\n"
        f"{dateline}Gunmen killed six farmers in Gardez on Monday, a provincial official said."
    )
    assert [(i.place.name if i.place else None, i.fatalities) for i in found] == [("Gardez", 6)]
    assert ("context", "Kabul") in {(p.role, p.text.title()) for p in found[0].places}


def test_a_town_opening_a_headline_with_a_colon_is_the_place_of_the_attack():
    found = extract(
        "date 2021-05-04\nGardez : six agriculteurs tués par des hommes armés\n\n"
        "Six agriculteurs ont été tués lundi par des hommes armés, selon un responsable."
    )
    assert [i.place.name if i.place else None for i in found] == ["Gardez"]


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        (
            "Au moins 900 civils ont été tués dans la province depuis l'instauration de l'état "
            "d'urgence, selon une ONG.",
            "fr",
        ),
        (
            "More than 900 civilians have been killed in the province since the start of the "
            "offensive, a monitoring group said.",
            "en",
        ),
        (
            "La mission de l'ONU a indiqué que 4.000 civils ont été tués et 9.000 autres blessés "
            "dans le pays entre janvier et juillet de cette année.",
            "fr",
        ),
        (
            "The UN said 4,000 civilians were killed and 9,000 wounded in the country between "
            "January and July.",
            "en",
        ),
    ],
)
def test_a_total_over_a_period_is_no_toll_of_the_attack(sentence, language):
    opening = {
        "fr": "Un attentat à la voiture piégée a tué six personnes et en a blessé dix lundi à "
        "Kirkouk.",
        "en": "A car bomb killed six people and wounded ten in Kirkuk on Monday.",
    }[language]
    found = extract(f"date 2021-08-10\n{opening} {sentence}")
    assert [(i.place.name, i.fatalities, i.injured) for i in found] == [("Kirkuk", 6, 10)]


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        ("A missile strike killed 40 people, one of the deadliest attacks of the war.", "en", 40),
        ("Une frappe a tué 40 personnes, l'une des plus meurtrières de la guerre.", "fr", 40),
        ("One of the soldiers was killed in the ambush.", "en", 1),
        ("Gunmen murdered and beheaded five farmers near the village.", "en", 5),
        ("Insurgents massacred 14 villagers overnight.", "en", 14),
        ("Two guards were stabbed to death at the gate.", "en", 2),
        ("Des assaillants ont égorgé sept villageois lundi.", "fr", 7),
        ("Sept villageois ont été décapités par des hommes armés.", "fr", 7),
        ("Trois civils ont été massacrés à la machette.", "fr", 3),
    ],
)
def test_killing_verbs_and_a_rank_among_attacks(sentence, language, killed):
    from incidents.casualties import sentence_casualties

    assert sentence_casualties(sentence, language=language).killed == killed


@pytest.mark.parametrize(
    "second",
    [
        "The provincial police chief said the attack took place in Gardez on Sunday night.",
        "A spokesman for the governor said gunmen attacked the post in Gardez late Sunday.",
    ],
)
def test_a_lead_without_a_place_and_the_sentence_that_places_it_are_one_incident(second):
    found = extract(
        "date 2021-05-04\n"
        "Gunmen have attacked a police post in eastern Afghanistan, killing seven policemen and "
        f"wounding two, an official said. {second}"
    )
    assert [(i.place.name if i.place else None, i.fatalities, i.injured) for i in found] == [
        ("Gardez", 7, 2)
    ]


def test_two_attacks_told_in_one_sum_then_one_by_one_keep_their_own_tolls():
    found = extract(
        "date 2021-05-07\n"
        "Gunmen carried out two separate attacks in Afghanistan on Thursday, killing nine "
        "policemen, officials said. In Ghazni province, six policemen were killed in an attack "
        "on a checkpoint. In Baghlan province, gunmen killed three policemen."
    )
    assert sorted((i.place.name, i.fatalities) for i in found) == [
        ("Baghlān", 3),
        ("Ghaznī", 6),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "A Russian missile hit an apartment building in Zaporizhzhia on Wednesday, killing two "
            "people and wounding three. Early this month, a missile strike on a village cafe in "
            "the northeast killed 50 people.",
            "en",
        ),
        (
            "Un missile russe a frappé un immeuble à Zaporijia mercredi, tuant deux personnes et "
            "en blessant trois. Le mois dernier, une frappe de missile sur un café de village "
            "avait tué 50 personnes.",
            "fr",
        ),
    ],
)
def test_an_earlier_strike_of_the_month_adds_nothing_to_the_toll_of_this_one(text, language):
    found = extract(f"date 2023-10-18\n{text}")
    assert (found[0].fatalities, found[0].injured) == (2, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Taliban fighters tried to overrun an army post in Kunduz on Thursday, using artillery "
        "shells. Eight soldiers were killed in the three-hour battle.",
        "Militants stormed a police checkpoint in Kunduz on Thursday with mortars and rockets, "
        "sparking clashes in which eight policemen were killed.",
    ],
)
def test_shells_fired_by_fighters_storming_a_post_in_a_battle_are_an_armed_clash(text):
    (found,) = extract(f"date 2021-05-07\n{text}")
    assert (found.event_type, found.fatalities) == ("armed clash", 8)


def test_shells_on_a_town_with_no_assault_stay_shelling():
    (found,) = extract(
        "date 2021-05-07\nArtillery shells hit a market in Kunduz on Thursday, killing eight "
        "people, after clashes outside the city."
    )
    assert found.event_type == "shelling/artillery/missile attack"


@pytest.mark.parametrize(
    "text",
    [
        "Des avions militaires ont mené six raids sur la ville d'Idleb mercredi, tuant 12 civils.",
        "L'aviation russe a visé la ville d'Idleb mercredi, tuant 12 civils.",
    ],
)
def test_french_raids_by_military_planes_are_air_strikes(text):
    (found,) = extract(f"date 2021-05-07\n{text}")
    assert (found.event_type, found.fatalities) == ("air/drone strike", 12)


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        ("The attack set off a gunbattle in which five insurgents were killed.", "en", 5),
        ("Troops fought the gunmen for hours, during which three soldiers died.", "en", 3),
        ("L'attaque a provoqué des combats au cours desquels trois soldats ont été tués.", "fr", 3),
        ("The attack, in which 12 people died, was claimed by the group.", "en", 12),
    ],
)
def test_victims_told_in_a_relative_clause(sentence, language, killed):
    from incidents.casualties import sentence_casualties

    assert sentence_casualties(sentence, language=language).killed == killed


def test_the_dead_of_the_shelling_a_rocket_avenged_are_not_the_rocket_s():
    (found,) = extract(
        "date 2006-11-15\n"
        "A rocket hit Sderot on Wednesday, killing one woman and wounding two people. The group "
        "said it fired the rocket as a retaliation for the army's shelling of Beit Hanoun earlier "
        "this month, in which 19 people were killed."
    )
    assert (found.fatalities, found.injured) == (1, 2)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Des assaillants ont attaqué le camp militaire de Ménaka lundi, tuant cinq soldats. "
            "La veille, un véhicule de la Minusma avait sauté sur une mine près de Gao. Six "
            "casques bleus ont été blessés.",
            "fr",
        ),
        (
            "Gunmen attacked the army camp in Menaka on Monday, killing five soldiers. The day "
            "before, a UN vehicle hit a landmine near Gao. Six peacekeepers were wounded.",
            "en",
        ),
    ],
)
def test_a_mine_the_day_before_is_its_own_incident_with_its_own_wounded(text, language):
    found = extract(f"date 2015-01-06\n{text}")
    assert [(i.event_type, i.date, i.fatalities or 0, i.injured or 0) for i in found] == [
        ("armed clash", "2015-01-05", 5, 0),
        ("remote explosive/landmine/IED", "2015-01-04", 0, 6),
    ]


def test_towns_a_village_lies_between_are_no_second_place_of_the_attack():
    found = extract(
        "date 2013-08-25\n"
        "Thirteen soldiers were killed on Saturday in a bomb attack in the village of Flor "
        "Amarillo between Tame and Arauca, the army said."
    )
    assert len(found) == 1 and found[0].fatalities == 13


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("à 530 km au nord-est de Bamako", None),
        ("à environ 100 kilomètres au sud de Tombouctou", ("Timbuktu", 3)),
        ("à 10 km au nord de Tombouctou", ("Timbuktu", 2)),
    ],
)
def test_a_town_far_from_an_unknown_village_is_no_stand_in_for_it(where, expected):
    (found,) = extract(
        "date 2015-01-06\nDes assaillants ont attaqué lundi le camp militaire de Nampalari, "
        f"{where}, tuant cinq soldats."
    )
    got = (found.place.name, found.place.geo_precision) if found.place else None
    assert got == expected


def test_a_date_right_after_a_reporting_verb_is_the_report_s_not_another_event_s():
    found = extract(
        "date 2013-08-26\n"
        "Thirteen soldiers were killed on 24 August in a bomb attack in Tame, the army said. "
        "The soldiers were killed when a patrol approached a house filled with explosives, "
        "which the rebels detonated, the broadcaster reported on 25 August."
    )
    assert [(i.date, i.fatalities) for i in found] == [("2013-08-24", 13)]


def test_a_year_after_the_article_s_day_dates_no_event_of_it():
    found = extract(
        "date 2013-10-24\n"
        "A Taliban attack on a police outpost killed four policemen in Herat on Wednesday. The "
        "attack was the latest ahead of the foreign forces' withdrawal in 2014."
    )
    assert [(i.date, i.fatalities) for i in found] == [("2013-10-23", 4)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Vingt personnes ont été tuées mercredi dans des raids aériens dans la province "
            "d'Idleb. Des avions militaires ont mené six raids sur le village de Kafr Zita, "
            "tuant 20 personnes.",
            "fr",
        ),
        (
            "Twenty people were killed on Wednesday in air strikes in Idlib province. Warplanes "
            "carried out six raids on the village of Kafr Zita, killing 20 people.",
            "en",
        ),
    ],
)
def test_the_same_dead_told_again_at_a_closer_place_are_one_incident(text, language):
    found = extract(f"date 2016-10-26\n{text}")
    assert [(i.event_type, i.fatalities) for i in found] == [("air/drone strike", 20)]


def test_two_strikes_with_different_dead_stay_two_incidents():
    found = extract(
        "date 2016-10-26\nAir strikes killed 20 people in Idlib on Wednesday. Warplanes also "
        "struck the village of Kafr Zita, killing 12 people."
    )
    assert sorted(i.fatalities for i in found) == [12, 20]


def test_the_dead_of_a_series_the_attack_ends_are_not_its_own():
    (found,) = extract(
        "date 2020-02-24\n"
        "Au moins quatre soldats ont été tués dimanche dans une attaque contre le camp de "
        "Tombouctou. L'attaque est la dernière d'une longue série d'incidents meurtriers dans le "
        "nord du Mali, où l'armée a déclaré avoir tué une cinquantaine de djihadistes."
    )
    assert found.fatalities == 4


def test_two_provinces_far_apart_hit_in_one_sentence_are_two_incidents():
    found = extract(
        "date 2018-07-12\n"
        "The Taliban struck on Thursday in Afghanistan's northern province of Kunduz, where they "
        "attacked an army post, and in western Farah province, where they attacked a police "
        "checkpoint, officials said."
    )
    assert sorted(i.place.name for i in found) == ["Farāh", "Kunduz"]


def test_a_town_and_the_province_it_lies_in_stay_one_incident():
    found = extract(
        "date 2018-07-12\n"
        "Gunmen attacked a police checkpoint in Lashkar Gah, in Helmand province, on Thursday, "
        "killing four policemen."
    )
    assert len(found) == 1


def test_two_places_hit_in_one_sentence_keep_their_own_clause_s_dead():
    found = extract(
        "date 2018-07-12\n"
        "The Taliban struck on Thursday in Afghanistan's northern province of Kunduz, leaving 15 "
        "soldiers dead there, and in western Farah province, where they killed four policemen."
    )
    assert sorted((i.place.name, i.fatalities) for i in found) == [("Farāh", 4), ("Kunduz", 15)]


@pytest.mark.parametrize(
    "second",
    [
        "The female suicide bomber attacked the Yen-Kaji area of the market.",
        "The attack targeted a compound in the village of Dargamandi.",
    ],
)
def test_the_attack_told_again_at_a_spot_the_gazetteer_lacks_is_the_same_incident(second):
    found = extract(
        "date 2015-01-10\n"
        f"A suicide bomber killed 20 people at a market in Maiduguri on Saturday. {second}"
    )
    assert [(i.place.name, i.fatalities) for i in found] == [("Maiduguri", 20)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thirteen soldiers were killed on Saturday in a bomb attack followed by gunfire on "
            "an army patrol near Tame.",
            "armed clash",
        ),
        (
            "Une bombe a explosé au passage d'une patrouille militaire près de Tame samedi, puis "
            "des tirs ont visé la patrouille. Cinq soldats ont été tués.",
            "armed clash",
        ),
        (
            "A roadside bomb killed five soldiers on patrol near Tame on Saturday.",
            "remote explosive/landmine/IED",
        ),
    ],
)
def test_a_bomb_opening_an_ambush_of_soldiers_with_gunfire_is_an_armed_clash(text, expected):
    (found,) = extract(f"date 2013-08-25\n{text}")
    assert found.event_type == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Irak : 33 personnes tuées dans des attentats\n\nUn kamikaze a tué 20 personnes "
            "dans un marché du nord de Bagdad lundi. Une autre attaque a eu lieu dans le sud de "
            "Bagdad lorsqu'une bombe a explosé dans un marché, tuant sept personnes.",
            "fr",
        ),
        (
            "Iraq: 33 killed in bombings\n\nA suicide bomber killed 20 people at a market in "
            "northern Baghdad on Monday. Another attack took place in southern Baghdad when a bomb "
            "exploded in a market, killing seven people.",
            "en",
        ),
    ],
)
def test_a_headline_s_dead_of_several_attacks_are_no_one_attack_s(text, language):
    found = extract(f"date 2014-09-15\n{text}")
    assert sorted(i.fatalities for i in found) == [7, 20]


def test_a_headline_of_one_attack_told_in_the_plural_keeps_its_dead():
    (found,) = extract(
        "date 2016-09-10\nSyrie : 24 morts dans des raids aériens\n\n"
        "Des frappes aériennes ont frappé la ville d'Idleb samedi, selon l'OSDH."
    )
    assert found.fatalities == 24
