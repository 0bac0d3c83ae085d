"""Extraction on short articles written for these tests (the kind of text, not the dev set)."""

from __future__ import annotations

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


def extract(text: str):
    article = article_from_text(text, source="t.txt")
    return extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())


def test_two_incidents_on_two_days_with_their_own_counts():
    found = extract(
        "date 2020-09-28\n"
        "Six civilians, including three children, were killed on Monday when a Katyusha rocket "
        "hit a house near Baghdad airport, the Iraqi military said. Two other children were "
        "wounded. On Sunday, a roadside bomb struck a convoy carrying supplies for the coalition "
        "in Dhi Qar province, causing no casualties."
    )
    assert [(i.date, i.fatalities, i.injured) for i in found] == [
        ("2020-09-28", 6, 2),
        ("2020-09-27", 0, 0),
    ]
    assert found[0].place.name != "Hit"  # the verb "hit" is not the town of Hit
    assert found[0].weapon == "rocket"
    assert found[1].event_type == "remote explosive/landmine/IED"


def test_specific_target_beats_the_city_it_is_near():
    (found,) = extract(
        "date 2019-12-28\n"
        "Une attaque à la roquette contre la base K-1, près de Kirkouk, a tué vendredi un "
        "sous-traitant civil américain et blessé plusieurs militaires, ont annoncé les autorités."
    )
    assert found.place.feature != "city"
    assert (found.date, found.fatalities, found.injured) == ("2019-12-27", 1, None)


def test_drone_strike_without_injuries_and_a_dateline():
    found = extract(
        "date 2021-07-08\n"
        "ERBIL (AFP) - Deux drones armés ont visé mercredi l'aéroport international d'Erbil, "
        "sans faire de blessés, selon les autorités kurdes.\n\n"
        "Ces attaques sont régulièrement attribuées par Washington aux factions pro-iraniennes."
    )
    assert len(found) == 1
    assert found[0].event_type == "air/drone strike" and found[0].weapon == "drone"
    assert found[0].date == "2021-07-07" and found[0].injured == 0
    assert "Washington" not in (found[0].place_mention or "")


def test_direction_from_a_city_locates_an_incident_roughly():
    (found,) = extract(
        "A roadside bomb exploded near a coalition convoy on the highway south of Baghdad "
        "on Tuesday, the Iraqi military said. No one was hurt."
    )
    assert (found.date, found.date_precision) == (None, "unknown")
    assert found.place is not None and found.place.geo_precision >= 2
    assert found.injured == 0


def test_commentary_without_an_event_gives_nothing():
    assert (
        extract(
            "date 2020-07\n"
            "Les attaques contre les intérêts américains se multiplient depuis des mois. "
            "Washington accuse les milices soutenues par l'Iran."
        )
        == []
    )
    assert extract("The minister met his counterpart in Baghdad on Tuesday.") == []


def test_a_heart_attack_is_not_an_attack():
    assert extract("date 2021-03-03\nThe former governor of Basra died of a heart attack.") == []


def test_la_veille_dates_from_the_incident_told_before():
    found = extract(
        "date 2021-07-08\n"
        "Deux drones armés ont visé mercredi l'aéroport international d'Erbil, sans faire de "
        "blessés. La veille, trois roquettes étaient tombées sur la base aérienne d'Aïn al-Assad, "
        "blessant légèrement deux personnes."
    )
    assert [(i.date, i.injured) for i in found] == [("2021-07-07", 0), ("2021-07-06", 2)]


def test_an_earlier_event_told_relative_to_the_main_one():
    found = extract(
        "date 2020-03-15\n"
        "BAGHDAD (Reuters) - More than two dozen rockets struck Camp Taji north of Baghdad on "
        "Saturday, wounding three coalition service members, the coalition said.\n\n"
        "The attack came three days after a similar strike on the base killed two Americans and "
        "a Briton."
    )
    assert [(i.date, i.place.name, i.fatalities, i.injured) for i in found] == [
        ("2020-03-14", "Camp Taji", 0, 3),
        ("2020-03-11", "Camp Taji", 3, None),
    ]
    assert found[0].event_type == "shelling/artillery/missile attack"


def test_list_items_are_one_incident_each_with_whole_sentences():
    found = extract(
        "date 2020-02\n"
        "- Le 3 décembre 2019, cinq roquettes frappent la base aérienne d'Aïn al-Asad, sans "
        "faire de victimes.\n"
        "- Le 27 décembre 2019, plus de 30 roquettes visent la base K-1 près de Kirkouk. "
        "Un sous-traitant américain est tué.\n"
    )
    assert [(i.date, i.fatalities) for i in found] == [("2019-12-03", 0), ("2019-12-27", 1)]
    assert found[0].quote.endswith("sans faire de victimes.")


def test_a_background_section_does_not_capture_the_main_incident_details():
    found = extract(
        "date 2020-01\n"
        "Bombardement de la base aérienne d'Aïn al-Asad\n\n"
        "Le 8 janvier 2020, des missiles balistiques iraniens frappent la base aérienne "
        "d'Aïn al-Asad.\n\n"
        "Contexte\n\n"
        "Le 3 janvier 2020, une frappe de drone américaine vise l'aéroport international de "
        "Bagdad.\n\n"
        "Déroulement\n\n"
        "Au moins 15 missiles sont tirés depuis le territoire iranien. Aucun mort n'est à "
        "déplorer."
    )
    assert [(i.date, i.weapon, i.fatalities) for i in found] == [
        ("2020-01-08", "missile", 0),
        ("2020-01-03", "drone", None),
    ]


def test_a_rocket_launcher_found_somewhere_is_a_launch_site_not_an_attack():
    found = extract(
        "date 2020-07-05\n"
        "Iraqi security forces said they had foiled a rocket attack targeting Camp Taji on "
        "Sunday. Security forces found the rocket launcher in the Umm al-Azam area."
    )
    assert len(found) == 1
    assert found[0].event_type == "foiled or attempted attack"
    assert found[0].launch_site is not None and found[0].launch_site.name == "Umm al-Azam"


def test_a_definite_anaphor_with_the_same_weapon_locates_the_incident_told_before():
    found = extract(
        "date 2020-01-08\n"
        "Iran fired more than a dozen ballistic missiles early on Wednesday at two Iraqi bases "
        "hosting US troops, the Pentagon said. The missiles struck Ain al-Asad air base in "
        "Anbar province and a facility in Erbil."
    )
    assert len(found) == 2  # two places hit: see test_two_places_hit_in_one_sentence_...
    assert (found[0].date, found[0].date_precision) == ("2020-01-08", "day")
    assert found[0].place is not None and "Asad" in found[0].place.name
    assert "The missiles struck" in found[0].quote


def test_l_attaque_continues_the_incident_told_before():
    found = extract(
        "date 2021-07-08\n"
        "Deux roquettes ont été tirées mercredi soir contre des intérêts américains, selon une "
        "source de sécurité. L'attaque a visé la base aérienne d'Aïn al-Assad, dans la province "
        "d'Anbar."
    )
    assert len(found) == 1
    assert (found[0].date, found[0].date_precision) == ("2021-07-07", "day")
    assert found[0].place is not None and "Asad" in found[0].place.name


def test_a_definite_anaphor_at_another_place_is_another_incident():
    found = extract(
        "date 2020-03-15\n"
        "Rockets struck Camp Taji on Saturday, the coalition said. The rockets also hit Balad "
        "air base."
    )
    assert [i.place.name if i.place else None for i in found][:1] == ["Camp Taji"]
    assert len(found) == 2


def test_missile_story_with_no_casualties_and_a_named_victim_of_an_earlier_strike():
    found = extract(
        "date 2020-01-08\n"
        "Iran fires missiles at US bases in Iraq\n\n"
        "Iran fired more than a dozen ballistic missiles early on Wednesday at two Iraqi bases "
        "hosting US troops, the Pentagon said. The missiles struck Ain al-Asad air base in Anbar "
        "province and a facility in Erbil. No American casualties were reported, officials "
        "said.\n\n"
        "Last week, a US drone strike near Baghdad International Airport killed General Qassem "
        "Soleimani and nine others."
    )
    assert [(i.date, i.date_precision, i.fatalities, i.injured) for i in found] == [
        ("2020-01-08", "day", 0, 0),
        ("2020-01-08", "day", None, None),  # Erbil, also hit; the count stays with the first
        ("2020-01-01", "week", 10, None),
    ]
    assert "Asad" in found[0].place.name and "Baghdad" in found[2].place.name


def test_a_death_by_heart_attack_during_the_attack_is_not_counted():
    (found,) = extract(
        "date 2021-03-03\n"
        "Une dizaine de roquettes se sont abattues mercredi matin sur la base aérienne d'Aïn "
        "al-Assad, dans l'ouest de l'Irak. Un entrepreneur civil américain est mort d'une crise "
        "cardiaque pendant l'attaque, selon le Pentagone."
    )
    assert (found.date, found.fatalities) == ("2021-03-03", None)


def test_an_unlocated_incident_then_its_located_telling_is_one_incident():
    found = extract(
        "date 2021-06-29\n"
        "US forces in eastern Syria came under rocket fire on Monday, officials said. Several "
        "rockets targeted the Omar oil field, where U.S. troops are based. No U.S. personnel "
        "were injured, a coalition spokesman said."
    )
    assert len(found) == 1
    assert (found[0].date, found[0].injured) == ("2021-06-28", 0)
    assert found[0].place is not None and "Omar" in found[0].place.name


def test_where_the_projectile_fell_joins_the_attack_on_its_target():
    found = extract(
        "date 2020-09-29\n"
        "Une roquette a été tirée hier soir vers l'aéroport international de Bagdad, où sont "
        "stationnées des troupes de la coalition. Le projectile s'est abattu sur une maison du "
        "quartier d'al-Jihad, tuant cinq enfants et deux femmes d'une même famille.\n\n"
        "Deux jours plus tôt, un engin explosif avait visé un convoi logistique de la coalition "
        "dans la province de Dhi Qar, sans faire de blessés."
    )
    assert [(i.date, i.fatalities, i.injured) for i in found] == [
        ("2020-09-28", 7, None),
        ("2020-09-26", 0, 0),  # "sans faire de blessés", no death told: 0 (ACLED)
    ]
    assert any(p.role == "target" and "aéroport" in p.text for p in found[0].places)


def test_a_launch_site_named_with_an_arabic_article_is_not_a_new_incident():
    found = extract(
        "date 2020-12-21\n"
        "At least eight rockets were fired at the Green Zone in Baghdad late on Sunday, the "
        "Iraqi military said. An Iraqi soldier guarding a checkpoint was slightly injured. The "
        "rockets were launched from the al-Amin neighbourhood, the statement said."
    )
    assert len(found) == 1
    assert (found[0].date, found[0].fatalities, found[0].injured) == ("2020-12-20", 0, 1)
    assert ("launch_site", "al-Amin neighbourhood") in {(p.role, p.text) for p in found[0].places}


def test_an_earlier_attack_told_in_a_clause_is_its_own_incident_with_its_own_dead():
    found = extract(
        "date 2020-03-16\n"
        "BAGHDAD (Reuters) - Rockets were fired at Camp Taji north of Baghdad on Saturday, two "
        "days after a similar attack killed two U.S. soldiers and a British servicewoman. Three "
        "coalition personnel were wounded, the coalition said."
    )
    assert [(i.date, i.fatalities, i.injured) for i in found] == [
        ("2020-03-14", 0, 3),
        ("2020-03-12", 3, None),
    ]
    assert found[0].place.name == "Camp Taji"


def test_au_lendemain_d_une_attaque_dates_the_earlier_one():
    found = extract(
        "date 2021-02-17\n"
        "Trois roquettes ont visé mardi soir l'aéroport d'Erbil, au lendemain d'une attaque "
        "au drone qui avait blessé deux gardes près de la base de Harir. Personne n'a été "
        "blessé."
    )
    assert [(i.date, i.injured) for i in found] == [("2021-02-16", 0), ("2021-02-15", 2)]
    assert found[1].event_type == "air/drone strike"


def test_hours_later_dates_the_next_attack_on_the_same_day():
    found = extract(
        "date 2023-10-27\n"
        "An attack by two one-way drones on al-Asad air base on Wednesday caused minor injuries "
        "to two U.S. personnel, the Pentagon said on Friday. Hours later, a rocket attack "
        "targeted Erbil air base. It caused no injuries or damage."
    )
    assert [(i.date, i.date_precision, i.injured) for i in found] == [
        ("2023-10-25", "day", 2),
        ("2023-10-25", "day", 0),
    ]


def test_another_weapon_without_a_place_is_another_incident():
    found = extract(
        "date 2020-07\n"
        "Une roquette est tombée samedi soir près de l'aéroport international de Bagdad, selon "
        "un communiqué des forces de sécurité. Aucune victime n'est à déplorer. Plus tôt dans "
        "la journée, un engin explosif avait visé un convoi transportant du matériel pour la "
        "coalition, sur l'autoroute au sud de Bagdad."
    )
    assert [(i.weapon, i.fatalities) for i in found] == [("rocket", 0), ("explosive", None)]
    assert found[1].event_type == "remote explosive/landmine/IED"


def test_the_blast_of_the_rockets_is_not_another_incident():
    found = extract(
        "date 2020-06-19\n"
        "Quatre roquettes ont visé jeudi soir la zone verte de Bagdad, selon l'armée irakienne. "
        "Plusieurs explosions ont été entendues dans le centre de la capitale."
    )
    assert len(found) == 1


def test_the_attack_came_days_after_the_deaths_of_an_earlier_one_at_the_same_base():
    for text in (
        "date 2020-03-15\n"
        "Au moins quinze roquettes se sont abattues samedi sur le camp Taji, au nord de Bagdad, "
        "blessant trois militaires de la coalition, a annoncé la coalition. L'attaque intervient "
        "trois jours après la mort de deux Américains et d'une Britannique dans une attaque "
        "similaire contre la même base.",
        "date 2020-03-15\n"
        "At least 15 rockets struck Camp Taji north of Baghdad on Saturday, wounding three "
        "coalition service members. The attack came three days after the deaths of two "
        "Americans and a Briton in a similar strike on the same base.",
    ):
        found = extract(text)
        assert [(i.date, i.fatalities, i.injured) for i in found] == [
            ("2020-03-14", 0, 3),
            ("2020-03-11", 3, None),
        ], text
        assert [i.place.name for i in found] == ["Camp Taji", "Camp Taji"]


def test_where_the_fire_came_from_is_the_launch_site_of_the_incident():
    (found,) = extract(
        "date 2019-11-09\n"
        "Deux roquettes se sont abattues vendredi soir sur la zone verte de Bagdad, où se trouve "
        "l'ambassade américaine, sans faire de victimes. Les tirs sont venus du quartier de "
        "Zayouna, selon une source de sécurité."
    )
    assert found.launch_site is not None and found.launch_site.name == "Zayouna"
    assert (found.date, found.fatalities) == ("2019-11-08", 0)


def test_english_words_before_a_name_are_not_part_of_the_place():
    found = extract(
        "date 2022-08-16\n"
        "On Jan. 3, a U.S. drone strike at Baghdad airport killed Iranian commander Qassem "
        "Soleimani. An outpost known as Green Village in eastern Syria was attacked by drones "
        "on Monday."
    )
    assert [i.place_mention for i in found] == ["Baghdad airport", "Green Village"]
    assert found[0].fatalities == 1


def test_a_count_of_attacks_since_a_date_is_not_an_incident():
    found = extract(
        "date 2023-11-02\n"
        "U.S. forces in Iraq and Syria have been attacked at least 27 times since Oct. 17, the "
        "Pentagon said. On Wednesday, a one-way attack drone targeted al-Asad air base in western "
        "Iraq, causing no casualties."
    )
    assert [(i.date, i.fatalities) for i in found] == [("2023-11-01", 0)]
    french = extract(
        "date 2023-11-02\n"
        "Les forces américaines ont été attaquées à 27 reprises depuis le 17 octobre, selon le "
        "Pentagone."
    )
    assert french == []


def test_fired_from_an_area_near_a_town_makes_the_town_the_launch_site():
    (found,) = extract(
        "date 2020-10-01\n"
        "Six rockets targeting Erbil airport were fired late Wednesday from an area near the town "
        "of Bartella, Kurdish officials said. There were no injuries."
    )
    assert found.place.name == "Erbil International Airport"
    assert found.launch_site is not None and found.launch_site.name == "Bartella"


def test_a_spokesman_with_a_title_tells_where_the_rockets_of_the_story_struck():
    found = extract(
        "date 2021-03-04\n"
        "Rockets hit Iraqi base hosting US troops\n\n"
        "BAGHDAD (AP) - At least 10 rockets targeted a military base in western Iraq that hosts "
        "U.S.-led coalition troops on Wednesday, the coalition said. There were no immediate "
        "reports of casualties.\n\n"
        "Coalition spokesman Col. Wayne Marotto said the rockets struck Ain al-Asad air base in "
        "Anbar province.\n\n"
        "It also came less than a month after a rocket attack on the Erbil airport killed a "
        "civilian contractor.\n\n"
        "Last week, the U.S. launched airstrikes on Iran-backed militia targets in Syria, killing "
        "one militiaman."
    )
    assert [(i.date, i.date_precision, i.fatalities) for i in found] == [
        ("2021-03-03", "day", 0),
        ("2021-02", "month", 1),
        ("2021-02-25", "week", 1),
    ]
    assert [i.place.name if i.place else None for i in found] == [
        "Al Asad Airbase",
        "Erbil International Airport",
        None,
    ]
    assert found[2].event_type == "air/drone strike"


def test_a_mixed_case_dateline_is_not_where_the_attack_happened():
    found = extract(
        "date 2020-01-08\n"
        "Bagdad (AFP) - L'Iran a tiré dans la nuit plus d'une douzaine de missiles balistiques "
        "contre deux bases utilisées par l'armée américaine en Irak, a annoncé le Pentagone. Les "
        "missiles ont visé la base aérienne d'Aïn al-Assad, dans l'ouest du pays. Aucune victime "
        "américaine n'est à déplorer."
    )
    assert len(found) == 1
    assert "Asad" in found[0].place.name and found[0].fatalities == 0
    assert ("context", "Bagdad") in {(p.role, p.text) for p in found[0].places}


def test_a_weapon_seen_or_found_is_not_another_attack():
    found = extract(
        "date 2020-03-16\n"
        "Three rockets hit Camp Taji on Sunday, the coalition said. A drone was seen over the "
        "base shortly before."
    )
    assert len(found) == 1 and found[0].weapon == "rocket"


def test_a_retaliation_is_another_incident_with_its_own_dead():
    found = extract(
        "date 2023-03-25\n"
        "A drone strike on a coalition base near Hasakah in northeast Syria on Thursday killed a "
        "U.S. contractor and wounded five U.S. service members and another contractor, the "
        "Pentagon said.\n\n"
        "In response, U.S. F-15 fighter jets struck facilities in eastern Syria used by groups "
        "affiliated with Iran's Revolutionary Guard. Syrian state media said the strikes killed "
        "11 people."
    )
    assert [(i.fatalities, i.injured) for i in found] == [(1, 6), (11, None)]
    assert found[0].date == "2023-03-23" and found[1].event_type == "air/drone strike"


def test_two_places_hit_in_one_sentence_are_two_incidents_of_the_same_attack():
    found = extract(
        "date 2020-01-08\n"
        "Iran fired ballistic missiles on Wednesday at Iraqi bases hosting US troops. "
        "The missiles struck Ain al-Asad air base in Anbar province and a facility in Erbil."
    )
    assert [i.place.name.split()[0] if i.place else None for i in found][1:] == ["Erbil"]
    assert "Asad" in found[0].place.name
    assert len({(i.date, i.date_precision, i.event_type, i.weapon) for i in found}) == 1
    assert found[0].id != found[1].id
    # "Anbar province" only qualifies the base: never an incident of its own
    assert all(i.place.feature != "governorate" for i in found)


def test_two_places_hit_keep_their_own_casualties():
    found = extract(
        "date 2020-06-20\n"
        "Une roquette est tombée samedi dans le quartier de Jadriya et deux autres se sont "
        "abattues sur la base de Balad. Un soldat irakien a été blessé sur la base de Balad."
    )
    assert len(found) == 2
    jadriya, balad = found
    assert "Jadriya" in jadriya.place_mention and "Balad" in balad.place_mention
    assert (jadriya.date, jadriya.weapon) == (balad.date, balad.weapon) == ("2020-06-20", "rocket")
    assert (jadriya.fatalities, jadriya.injured) == (None, None)
    assert (balad.fatalities, balad.injured) == (0, 1)


def test_a_place_that_only_qualifies_another_does_not_split_the_incident():
    found = extract(
        "date 2020-06-18\n"
        "Quatre roquettes ont frappé jeudi la zone verte de Bagdad, sans faire de victime."
    )
    assert len(found) == 1


def test_a_later_sentence_saying_also_adds_to_the_dead_of_the_incident():
    found = extract(
        "date 2020-01-08\n"
        "Rockets hit Camp Taji on Monday. One contractor was killed. A civilian was also killed."
    )
    assert [(i.fatalities, i.injured) for i in found] == [(2, None)]


def test_a_later_restatement_of_the_dead_is_not_counted_twice():
    found = extract(
        "date 2020-01-08\n"
        "Rockets hit Camp Taji on Monday. One contractor was killed. "
        "The attack killed one contractor and wounded two soldiers."
    )
    assert [(i.fatalities, i.injured) for i in found] == [(1, 2)]


def test_un_autre_in_a_later_sentence_adds_to_the_wounded():
    found = extract(
        "date 2020-03-14\n"
        "Des roquettes ont frappé samedi le camp Taji. Un soldat irakien a été blessé. "
        "Un autre soldat a été blessé par des éclats."
    )
    assert [(i.fatalities, i.injured) for i in found] == [(0, 2)]


def test_a_drone_shot_down_with_no_harm_is_a_foiled_attack():
    (found,) = extract(
        "date 2021-07-08\nA drone was shot down on Tuesday near Erbil airport, the Kurdish "
        "counter-terrorism service said. No one was hurt."
    )
    assert (found.event_type, found.weapon, found.date) == (
        "foiled or attempted attack",
        "drone",
        "2021-07-06",
    )
    (found,) = extract(
        "date 2020-01-08\n"
        "Une roquette a été interceptée mardi au-dessus de la zone verte de Bagdad."
    )
    assert (found.event_type, found.weapon) == ("foiled or attempted attack", "rocket")


def test_rockets_intercepted_while_another_hits_is_not_foiled():
    (found,) = extract(
        "date 2020-01-08\nThe C-RAM system intercepted two rockets over the Green Zone in "
        "Baghdad on Tuesday, but a third hit a house nearby, wounding two civilians."
    )
    assert (found.event_type, found.injured) == ("shelling/artillery/missile attack", 2)


def test_intercepting_a_shipment_is_not_an_incident():
    assert (
        extract(
            "date 2020-01-08\nIraqi border guards intercepted a shipment of cigarettes near "
            "Basra on Tuesday, officials said."
        )
        == []
    )


def test_a_list_of_places_hit_gives_one_incident_each_and_the_count_stays_with_the_first():
    found = extract(
        "date 2020-01-08\n"
        "Rockets hit coalition bases in Erbil, Balad and Taji on Tuesday, wounding three soldiers."
    )
    assert [i.place.name for i in found] == ["Erbil", "Balad", "Taji"]
    assert {(i.date, i.event_type, i.weapon) for i in found} == {
        ("2020-01-07", "shelling/artillery/missile attack", "rocket")
    }
    assert [i.injured for i in found] == [3, None, None]  # one shared count is not tripled
    assert len({i.id for i in found}) == 3


def test_a_far_city_after_a_place_is_the_next_item_of_a_list_not_its_qualifier():
    found = extract(
        "date 2020-01-08\n"
        "Des roquettes ont frappé mardi les bases de Balad, d'Erbil et de Taji, sans faire de "
        "victimes."
    )
    assert [i.place.name for i in found] == ["Balad", "Erbil", "Taji"]
    (near,) = extract(
        "date 2020-01-08\n"
        "Une roquette a frappé mardi la zone verte, à Bagdad, sans faire de victime."
    )
    assert "Green Zone" in near.place.name


def test_a_dateline_does_not_hide_the_toll_of_the_first_sentence():
    (found,) = extract(
        "date 2018-11-12\n"
        "MOGADISCIO (AFP) - Au moins 17 personnes ont été tuées samedi dans un double "
        "attentat-suicide à la voiture piégée près de l'hôtel Sahafi, à Mogadiscio."
    )
    assert (found.fatalities, found.date, found.event_type) == (17, "2018-11-10", "suicide bomb")


def test_english_names_after_a_preposition_of_place_are_resolved_in_the_article_country():
    (kabul,) = extract(
        "date 2019-08-20\n"
        "A suicide bomber blew himself up at a wedding hall in western Kabul on Saturday, "
        "killing 63 people, Afghan officials said."
    )
    assert (kabul.place.name, kabul.event_type, kabul.fatalities) == ("Kabul", "suicide bomb", 63)
    (baidoa,) = extract(
        "date 2019-12-12\n"
        "A car bomb exploded near the town of Baidoa in Somalia on Tuesday, killing five."
    )
    assert baidoa.place.name == "Baidoa" and baidoa.place.country_code == "SO"
    (green_zone,) = extract(
        "date 2019-12-12\n"
        "Officials in Washington said a rocket hit Baghdad's Green Zone on Tuesday."
    )
    assert "Green Zone" in green_zone.place.name


def test_gunmen_who_kill_make_an_incident_in_english_and_french():
    (found,) = extract(
        "date 2022-11-02\nGunmen killed four farmers in Kaduna on Monday, police said."
    )
    assert (found.event_type, found.date, found.place.name, found.fatalities) == (
        "attack",
        "2022-10-31",
        "Kaduna",
        4,
    )
    (stormed,) = extract(
        "date 2019-12-12\n"
        "Militants stormed an army base near Kirkuk on Tuesday. Seventy-one soldiers were "
        "killed in the assault."
    )
    assert (stormed.date, stormed.fatalities) == ("2019-12-10", 71)
    (french,) = extract(
        "date 2022-11-02\n"
        "Des hommes armés ont attaqué lundi un village près de Kirkouk, selon la police."
    )
    assert (french.event_type, french.date) == ("attack", "2022-10-31")


def test_an_hour_later_in_the_same_city_is_a_second_incident_there_that_day():
    bomb, suicide = extract(
        "date 2016-05-03\n"
        "A car bomb exploded outside a police station in the Iraqi city of Samawa on Sunday, "
        "killing five people. In a second attack an hour later, a suicide bomber detonated his "
        "explosives vest at a bus terminal in the same city, killing 28."
    )
    assert (bomb.date, bomb.fatalities, bomb.event_type) == (
        "2016-05-01",
        5,
        "remote explosive/landmine/IED",
    )
    assert (suicide.date, suicide.date_precision, suicide.fatalities) == ("2016-05-01", "day", 28)
    assert suicide.place == bomb.place


def test_du_meme_aeroport_is_the_airport_named_before():
    strike, foiled = extract(
        "date 2021-09\n"
        "Le 14 septembre, une attaque au drone piégé a visé l'aéroport d'Erbil. Aucune victime "
        "n'est à déplorer. Un autre drone avait été intercepté en juillet près du même aéroport."
    )
    assert foiled.place == strike.place and foiled.place.feature == "airport"
    assert (foiled.date, foiled.event_type) == ("2021-07", "foiled or attempted attack")


def test_a_country_named_in_the_article_beats_a_foreign_city_matched_by_an_alternate_name():
    (found,) = extract(
        "date 2022-03\n"
        "Un engin explosif improvisé a visé un convoi militaire près de la ville de Boni, dans "
        "le centre du Mali, en mars. Trois soldats ont été tués."
    )
    # Boni is not in the offline data: unresolved and kept, never Bonn (one of whose
    # alternate names is "Boni")
    assert found.place is None and found.place_mention == "Boni"
    assert found.fatalities == 3


def test_an_unknown_village_is_located_by_the_area_it_is_said_to_lie_in():
    (found,) = extract(
        "date 2022-11-02\n"
        "Unidentified gunmen killed four farmers near the village of Dogon Dawa in Kaduna "
        "State, Nigeria, on Monday afternoon."
    )
    assert (found.place.name, found.place.country_code) == ("Kaduna", "NG")
    assert found.place.geo_precision >= 3  # the state, not the village
    (french,) = extract(
        "date 2020-02-11\n"
        "Des hommes armés ont attaqué dimanche le village d'Ogossagou, dans la région de Mopti, "
        "tuant trente et une personnes."
    )
    assert (french.place.name, french.place.geo_precision, french.fatalities) == ("Mopti", 4, 31)


def test_drones_abattus_are_a_foiled_attack_but_a_soldier_abattu_is_killed():
    (drones,) = extract(
        "date 2023-10-20\nDeux drones ont été abattus mercredi près de la base d'Aïn al-Assad."
    )
    assert (drones.event_type, drones.fatalities) == ("foiled or attempted attack", None)
    (soldier,) = extract(
        "date 2022-11-02\n"
        "Un soldat a été abattu mardi lors d'une attaque de drone contre la base de Balad."
    )
    assert (soldier.event_type, soldier.fatalities) == ("air/drone strike", 1)


def test_a_landmark_near_a_named_site_is_context_not_the_place_hit():
    (found,) = extract(
        "date 2024-02\n"
        "Trois roquettes ont visé la nuit dernière le camp Victory, près de l'aéroport "
        "international de Bagdad, sans faire de victime."
    )
    assert found.place.name == "Camp Victory"


def test_rockets_that_came_down_on_a_base_are_not_intercepted():
    (found,) = extract(
        "date 2021-04-14\n"
        "Deux roquettes se sont abattues mardi soir sur la base aérienne de Balad, sans faire "
        "de victimes."
    )
    assert found.event_type == "shelling/artillery/missile attack"


def test_people_killed_at_a_place_or_on_a_day_are_an_incident_without_an_event_word():
    (djibo,) = extract("date 2022-05-26\nCinq soldats ont été tués mercredi à Djibo.")
    assert (djibo.event_type, djibo.date, djibo.place.name, djibo.fatalities) == (
        "attack",
        "2022-05-25",
        "Djibo",
        5,
    )
    (sokoto,) = extract(
        "date 2021-06-03\n"
        "At least eight people were killed on Tuesday in a raid in neighbouring Sokoto state."
    )
    assert (sokoto.place.name, sokoto.fatalities) == ("Sokoto", 8)
    # a toll over years is no incident
    assert extract("date 2022-05-26\nSince 2014, more than 3,000 soldiers have died in Mali.") == []


def test_a_reporting_clause_after_the_count_is_no_victim():
    (found,) = extract(
        "date 2021-06-03\n"
        "A suicide car bomb exploded in Mogadishu on Tuesday, killing five guests and wounding "
        "nine, a provincial spokesman said."
    )
    assert (found.event_type, found.fatalities, found.injured) == ("suicide bomb", 5, 9)


def test_le_meme_secteur_is_the_place_of_the_incident_told_before():
    bomb, earlier = extract(
        "date 2023-05-15\n"
        "Une bombe a explosé dimanche au passage d'une patrouille militaire à Jamundí, en "
        "Colombie, tuant trois soldats. Le 3 mai, un soldat avait été tué dans le même secteur."
    )
    assert earlier.place == bomb.place and earlier.place.name == "Jamundí"
    assert (earlier.date, earlier.fatalities) == ("2023-05-03", 1)


def test_a_place_named_at_the_end_of_a_headline_has_no_line_break():
    found = extract(
        "date 2023-07-04\n"
        "Yémen : quatre morts dans des tirs d'artillerie sur Taëz\n"
        "Des tirs d'artillerie ont frappé lundi un marché de Taëz, tuant quatre civils."
    )
    assert found and all("\n" not in (i.place_mention or "") for i in found)


def test_a_kidnapping_is_an_abduction_not_a_harmless_attack():
    (found,) = extract(
        "date 2024-05-20\nGunmen kidnapped 20 bus passengers near Gao on Saturday. No one was hurt."
    )
    assert (found.event_type, found.date, found.place.name) == (
        "abduction/kidnapping",
        "2024-05-18",
        "Gao",
    )
    (french,) = extract(
        "date 2021-07-06\nDes hommes armés ont enlevé lundi 140 élèves près de Kaduna."
    )
    assert french.event_type == "abduction/kidnapping"


def test_a_comment_ranking_the_attack_among_others_is_not_an_incident():
    (found,) = extract(
        "date 2021-07-05\n"
        "Des hommes armés ont enlevé lundi plus de 140 élèves à Kujama, près de Kaduna. "
        "C'est le quatrième enlèvement de masse dans la région depuis décembre."
    )
    assert (found.event_type, found.date) == ("abduction/kidnapping", "2021-07-05")
    (english,) = extract(
        "date 2019-12-12\n"
        "A drone struck a convoy in Kirkuk on Tuesday. It was the third attack in the province "
        "since March."
    )
    assert english.date == "2019-12-10"


def test_a_town_the_model_takes_for_a_person_after_a_is_kept_as_an_unknown_place():
    (found,) = extract("date 2022-11-10\nCinq soldats ont été tués mardi à Boni, au Mali.")
    assert (found.place, found.place_mention, found.fatalities) == (None, "Boni", 5)


def test_a_province_named_like_a_town_abroad_does_not_set_the_article_country():
    (found,) = extract(
        "date 2023-08-15\n"
        "Tchad : deux soldats tués par une mine dans la province du Lac\n"
        "Deux soldats tchadiens ont été tués dimanche lorsque leur véhicule a sauté sur une "
        "mine près de Bol, dans la province du Lac."
    )
    assert (found.place.name, found.place.country_code) == ("Bol", "TD")


def test_last_october_and_a_similar_strike_take_the_month_before_and_the_type_told_before():
    drone, earlier = extract(
        "date 2024-06-10\n"
        "An Israeli drone strike on a car near the southern Lebanese town of Nabatieh killed "
        "two people on Saturday. Last October, a similar strike near Bint Jbeil killed a "
        "senior Hezbollah commander."
    )
    assert (drone.event_type, drone.date, drone.fatalities) == ("air/drone strike", "2024-06-08", 2)
    assert (earlier.event_type, earlier.date, earlier.date_precision) == (
        "air/drone strike",
        "2023-10",
        "month",
    )


def test_people_taken_to_hospital_are_injured_and_only_the_others_count():
    (found,) = extract(
        "date 2023-04-14\n"
        "A Russian missile struck a grain terminal in the port of Odesa on Thursday. One worker "
        "died at the scene and two others were taken to hospital with shrapnel wounds."
    )
    assert (found.place.name, found.fatalities, found.injured) == ("Odesa", 1, 2)


def test_an_attack_where_the_attackers_also_die_is_an_armed_clash():
    (found,) = extract(
        "date 2022-08-08\n"
        "Des jihadistes ont attaqué dimanche un poste militaire à Tessit, dans le nord-est du "
        "Mali. Quarante-deux soldats ont été tués, a annoncé le gouvernement, qui affirme avoir "
        "neutralisé 37 assaillants."
    )
    assert (found.event_type, found.fatalities) == ("armed clash", 79)


def test_an_incident_told_without_any_place_happened_where_the_headline_says():
    found = extract(
        "date 2019-03-12\n"
        "Gunmen attack army post in Gao\n\n"
        "Gunmen attacked an army post in Gao on Monday, killing three soldiers. "
        "The next day, two more soldiers died of their wounds, the army said."
    )
    assert found and all(i.place is not None and i.place.name == "Gao" for i in found)


def test_an_incident_that_names_only_a_country_keeps_no_place_of_the_headline():
    found = extract(
        "date 2019-03-12\n"
        "Gunmen attack army post in Gao\n\n"
        "Gunmen attacked an army post in Gao on Monday, killing three soldiers.\n\n"
        "Last year, airstrikes in Libya killed twelve people."
    )
    assert [i.place.name if i.place else None for i in found][-1] != "Gao"


def test_an_intro_that_restates_the_attack_without_a_toll_is_no_second_incident():
    found = extract(
        "date 2019-11-05\n"
        "L'attaque de Ménaka a lieu en novembre 2019.\n\n"
        "Le 1er novembre 2019, le camp militaire de Ménaka est attaqué par des djihadistes : "
        "l'armée annonce que 49 militaires ont été tués et trois blessés."
    )
    assert len(found) == 1
    assert (found[0].fatalities, found[0].injured) == (49, 3)


def test_a_military_camp_attacked_in_the_passive_is_an_armed_clash():
    (found,) = extract(
        "date 2019-11-05\n"
        "Le 1er novembre 2019, le camp militaire de Ménaka est attaqué par des djihadistes, "
        "qui tuent 12 personnes."
    )
    assert found.event_type == "armed clash"


def test_a_small_namesake_town_abroad_does_not_make_the_article_s_country():
    found = extract(
        "date 2019-03-24\n"
        "Attacks in Welingara\n\n"
        "On March 23, 2019, several attacks by gunmen killed 160 Fulani herders in central Mali. "
        "Two villages, Ogossagou and Welingara, were particularly affected."
    )
    assert found
    assert all(i.place is None or i.place.country_code != "GM" for i in found)


def test_the_dead_of_the_earlier_attack_a_massacre_avenged_are_not_its_own():
    found = extract(
        "date 2019-03-24\n"
        "On March 23, 2019, gunmen killed 160 herders in Mopti. Officials said the attack was "
        "in retaliation for an attack on a military base the prior week which left 23 soldiers "
        "dead."
    )
    assert [(i.fatalities, i.event_type) for i in found] == [(160, "attack")]


def test_a_missile_fired_from_a_drone_is_an_air_strike():
    (found,) = extract(
        "date 2009-09-09\n"
        "A missile strike launched from an American unmanned aerial vehicle killed ten "
        "militants in Miranshah on Tuesday, officials said."
    )
    assert found.event_type == "air/drone strike"


def test_an_earlier_event_recalled_in_passing_without_a_toll_is_no_incident():
    found = extract(
        "date 2005-12-29\n"
        "On December 28, 2005, rebels ambushed an army patrol near Vistahermosa, killing 24 "
        "soldiers. The town had been attacked by the rebels in May 2005."
    )
    assert [(i.date, i.fatalities) for i in found] == [("2005-12-28", 24)]


def test_person_borne_explosives_and_explosive_belts_are_suicide_bombings():
    (english,) = extract(
        "date 2021-01-22\n"
        "On 21 January 2021, two suspects detonated person-borne IEDs near Tayaran Square in "
        "Baghdad, killing at least 28 people."
    )
    (french,) = extract(
        "date 2021-01-22\n"
        "Le 21 janvier 2021, deux hommes portant des ceintures explosives ont tué au moins 28 "
        "personnes à Bagdad."
    )
    assert english.event_type == french.event_type == "suicide bomb"


def test_a_suicide_bombing_that_opens_a_battle_is_the_battle():
    (found,) = extract(
        "date 2019-07-02\n"
        "Le 1er juillet 2019, des djihadistes attaquent le poste militaire d'Inates. L'assaut "
        "débute par l'explosion de deux kamikazes, puis les combats durent trois heures ; "
        "18 soldats sont tués."
    )
    assert found.event_type == "armed clash"


def test_a_headline_naming_two_towns_does_not_join_the_second_town_s_attack_to_the_first():
    found = extract(
        "date 2006-01-05\n"
        "Irak : attentats à Kerbala et Ramadi\n\n"
        "La ville sainte de Kerbala a été la cible d'une attaque par un kamikaze. L'explosion "
        "aurait causé la mort de 49 personnes près du mausolée.\n\n"
        "À Ramadi, un attentat visant la police irakienne a causé la mort d'au moins 60 personnes."
    )
    assert [(i.place.name, i.fatalities) for i in found] == [("Karbala", 49), ("Ramadi", 60)]


def test_the_titles_listed_under_sources_are_no_incidents():
    found = extract(
        "date 2006-01-05\n"
        "À Ramadi, un attentat visant la police a causé la mort d'au moins 60 personnes.\n\n"
        "Sources\n"
        "- Agence ATS, « Irak: des dizaines de victimes dans un attentat suicide à Kerbala », "
        "5 janvier 2005\n"
    )
    assert [i.place.name for i in found] == ["Ramadi"]


def test_the_day_a_ministry_announces_the_toll_is_not_a_second_attack():
    found = extract(
        "date 2019-07-03\n"
        "Le 1er juillet 2019, des djihadistes lancent une attaque contre un poste militaire près "
        "de Tillabéri.\n\n"
        "Le 2 juillet, le ministère nigérien de la Défense annonce que le bilan est d'au moins 18 "
        "morts dans les rangs de l'armée."
    )
    assert [(i.date, i.fatalities) for i in found] == [("2019-07-01", 18)]


def test_a_namesake_city_abroad_is_not_where_the_battle_in_mozambique_was():
    found = extract(
        "date 2021-03\n"
        "Battle of Palma\n\n"
        "The Battle of Palma was fought in late March 2021 over control of the city of Palma in "
        "Mozambique, between the Mozambique Defence Armed Forces and Islamist rebels. The "
        "Islamists invaded the city, killing dozens of people."
    )
    assert found and all(i.place is None or i.place.country_code != "ES" for i in found)


def test_a_french_attentat_with_no_gun_told_is_a_bombing_and_with_guns_an_attack():
    (bombing,) = extract(
        "date 2006-01-05\n"
        "À Ramadi, un attentat visant des civils a causé la mort d'au moins 60 personnes."
    )
    (shooting,) = extract(
        "date 2015-01-08\n"
        "À Paris, un attentat commis par deux hommes armés de kalachnikovs a fait 12 morts."
    )
    assert bombing.event_type == "remote explosive/landmine/IED"
    assert shooting.event_type == "attack"


def test_a_list_of_unknown_villages_each_hit_gives_one_incident_each():
    found = extract(
        "date 2016-11-17\n"
        "Depuis lundi, trois hôpitaux, à Zourbaniko et à Talakoro, ont été les cibles de "
        "frappes aériennes en Syrie."
    )
    assert sorted(i.place_mention for i in found) == ["Talakoro", "Zourbaniko"]


def test_a_date_phrase_holding_its_own_since_is_a_span_not_the_incident_s_date():
    found = extract(
        "date 2021-08-27\n"
        "On 26 August 2021, a suicide bombing happened in Kabul. Thirteen soldiers were killed in "
        "the attacks, the first American military deaths in Afghanistan since February 2020."
    )
    assert [i.date for i in found] == ["2021-08-26"]


def test_a_summary_without_place_or_toll_of_a_kidnapping_told_later_with_its_town_is_dropped():
    found = extract(
        "date 2009-10-01\n"
        "Officials in Kenya say three aid workers, kidnapped by gunmen in July, have now been "
        "released.\n\n"
        "After their abduction by gunmen in the town of Mandera on July 17 of this year, the "
        "three were taken across the border."
    )
    assert [(i.event_type, i.place_mention) for i in found] == [("abduction/kidnapping", "Mandera")]
