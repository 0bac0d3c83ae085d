"""Places of incidents through the areas the text names: area nouns of both languages, an
unknown place situated by its area, names cut at an apostrophe, one name one sense in an
article. Sentences written for these tests; real French model, real gazetteer."""

from __future__ import annotations

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


def extract(text: str):
    article = article_from_text(text, source="t.txt")
    return extract_incidents(article, nlp=pipeline(article.language), resolver=resolver())


def test_an_unknown_camp_is_placed_in_the_cercle_the_text_names():
    (found,) = extract(
        "date 2021-03-14\n"
        "Le poste militaire de Tinkoumarou, dans le cercle d'Ansongo, a été attaqué samedi "
        "par des hommes armés, faisant onze morts parmi les soldats."
    )
    assert found.place is not None
    assert (found.place.country_code, found.place.feature) == ("ML", "district")
    assert found.place.geo_precision == 3
    assert "Tinkoumarou" in (found.place_mention or "")


def test_a_nationality_between_province_and_its_name_still_names_the_province():
    (found,) = extract(
        "date 2017-04-03\n"
        "Des frappes aériennes ont touché lundi un marché de Bawaqir, dans la province "
        "afghane de Kunar, tuant six civils."
    )
    assert found.place is not None
    assert (found.place.country_code, found.place.feature) == ("AF", "region")
    assert found.place.geo_precision == 4


def test_a_name_cut_at_its_apostrophe_is_read_whole():
    (found,) = extract(
        "date 2016-05-09\nUne voiture piégée a explosé lundi à Ma'rib, tuant quatre policiers."
    )
    assert found.place is not None
    assert (found.place.country_code, found.place_mention) == ("YE", "Ma'rib")


def test_a_name_the_article_puts_as_a_place_is_a_place_everywhere_in_it():
    found = extract(
        "date 2019-02-20\n"
        "Attaque à Kouloumbi\n\n"
        "Mardi, une trentaine d'hommes armés ont incendié le marché de Kouloumbi, dans la "
        "région de Mopti, et tué quatre commerçants."
    )
    assert len(found) == 1  # the headline and the body tell one attack
    (attack,) = found
    assert attack.place_mention == "Kouloumbi"
    assert attack.place is not None and attack.place.country_code == "ML"
    assert attack.place.geo_precision >= 3  # the region's point: Kouloumbi is no known town


def test_a_two_word_name_after_a_to_is_no_place_elsewhere_in_the_article():
    found = extract(
        "date 2020-03-24\n"
        "Les combattants du groupe ont prêté allégeance à Abubakar Moussa en 2019. Mardi, "
        "ils ont attaqué le camp militaire de Bohoma, tuant douze soldats. La vidéo de "
        "l'attaque a été diffusée par Abubakar Moussa."
    )
    assert [i.place_mention for i in found if i.place_mention] == ["camp militaire de Bohoma"]


def test_english_state_and_governorate_of_name_their_area():
    (found,) = extract(
        "date 2021-06-10\n"
        "Gunmen killed nine villagers in Zurmi, in the state of Zamfara, on Thursday, the "
        "police said."
    )
    assert found.place is not None and found.place.country_code == "NG"


def test_a_period_of_months_and_what_these_attacks_did_in_it_are_no_incident():
    found = extract(
        "date 2022-03-02\n"
        "A car bomb killed three policemen in Mogadishu on Tuesday. Between 3 November "
        "and 20 February, militants fired mortars at the airport on dozens of "
        "occasions. In these attacks, about 40 people were wounded."
    )
    assert [(i.date, i.fatalities, i.injured) for i in found] == [("2022-03-01", 3, None)]


def test_a_battle_of_a_few_days_keeps_its_date():
    (found,) = extract(
        "date 2018-11-25\n"
        "Entre le 18 et le 20 novembre, les combats à Maiduguri ont fait 43 morts parmi les "
        "soldats."
    )
    assert found.date is not None and found.date.startswith("2018-11")
    assert found.fatalities == 43


def test_a_namesake_near_the_articles_other_places_beats_a_larger_one_far_away():
    def point(text):
        (found,) = extract(text)
        return round(found.place.lat, 1), round(found.place.lon, 1)

    alone = point("date 2021-05-10\nBandits killed ten villagers in Daura on Sunday.")
    with_katsina = point(
        "date 2021-05-10\nBandits killed ten villagers in Daura on Sunday, the police in "
        "Katsina said."
    )
    assert alone == (11.6, 11.4)  # the larger Daura, in Yobe
    assert with_katsina == (13.0, 8.3)  # the Daura of Katsina State


def test_the_point_an_article_states_beats_the_area_of_its_unknown_place():
    (found,) = extract(
        "date 2019-06\n"
        "Attaque de Tagabati\n\n"
        "Coordonnées 14° 30′ 00″ nord, 1° 10′ 00″ est\n\n"
        "Le 3 juin, des hommes armés ont attaqué le village de Tagabati, dans la région de "
        "Tillabéri, tuant neuf civils."
    )
    assert found.place is not None
    assert (round(found.place.lat, 2), round(found.place.lon, 2)) == (14.5, 1.17)
    assert found.fatalities == 9


def test_a_name_opening_on_kafr_or_tell_is_a_place_and_a_list_is_no_qualifier():
    found = extract(
        "date 2017-02-08\n"
        "Mardi, des frappes aériennes ont touché deux écoles, à Kafr Zaydun et à Atareb, "
        "dans le nord de la Syrie."
    )
    by_mention = {i.place_mention: i.place for i in found}
    assert "Kafr Zaydun" in by_mention  # an unknown village, kept as written
    assert by_mention["Kafr Zaydun"] is None  # not placed at Atareb, the next item of the list
    assert by_mention["Atareb"] is not None and by_mention["Atareb"].country_code == "SY"


def test_a_dateline_with_its_state_is_where_the_release_was_written_not_the_strike():
    (found,) = extract(
        "date 2022-09-14\n"
        "NORFOLK, Va. – On Sept. 12, U.S. forces conducted an air strike that killed two "
        "militant leaders, the command said."
    )
    assert found.place is None or found.place.country_code != "US"
    assert found.date == "2022-09-12"
