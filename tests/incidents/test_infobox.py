"""The losses an encyclopedia's infobox gives above the prose."""

from __future__ import annotations

from incidents.article import article_from_text
from incidents.extract import extract_incidents
from incidents.infobox import Losses, infobox_losses
from tests.common import pipeline, resolver

TABLE = (
    "Attaque de Zourbaniko\n"
    "Lieu | Zourbaniko |\n"
    "Inconnues | 28 à 33 hommes 1 pick-up 10 motos |\n"
    "12 morts 4 blessés 1 blindé détruit |\n"
    "~ 2 morts |\n"
    "L'attaque de Zourbaniko a lieu le 16 décembre 2016 pendant l'insurrection djihadiste, "
    "quand une centaine d'hommes attaquent le camp militaire.\n"
)
HEADED = (
    "Bataille de Zourbaniko\n\n"
    "Pertes\n"
    "100 à 190 morts\n"
    "21 blessés au moins\n"
    "12 prisonniers\n"
    "inconnues\n\n"
    "La bataille de Zourbaniko se déroule le 15 janvier 2016. Les assaillants prennent la base.\n"
)


def test_the_sides_losses_lines_add_up_and_a_range_gives_its_lower_bound():
    assert infobox_losses(TABLE) == Losses(14, 4)
    assert infobox_losses(HEADED) == Losses(100, 21)


def test_no_losses_where_the_article_opens_with_prose():
    text = "Attaque\nLe 3 mars, 12 morts et 4 blessés sont comptés après l'attaque du camp.\n"
    assert infobox_losses(text) is None


def test_the_main_incident_takes_the_infobox_losses():
    article = article_from_text("date 2016-12-17\n" + TABLE, source="t.txt")
    found = extract_incidents(article, nlp=pipeline("fr"), resolver=resolver())
    assert found and (found[0].fatalities, found[0].injured) == (14, 4)


LABEL_FIRST = (
    "Attentat du train\n\n"
    "Un article de Wikipédia, l'encyclopédie libre.\n\n"
    "Localisation Oignies\n"
    "Type Fusillade\n"
    "Armes Kalachnikov et neuf chargeurs de 30 cartouches chacun\n"
    "Morts 0\n"
    "Blessés 3\n"
    "Auteurs inconnus\n\n"
    "L'attentat du train est une tentative terroriste avortée qui s'est déroulée à bord du "
    "train, alors que celui-ci circulait près de la ville.\n"
)


def test_label_first_rows_give_their_count_and_cartridges_are_no_loss():
    assert infobox_losses(LABEL_FIRST) == Losses(0, 3)


def test_a_casualties_row_reads_the_kind_after_each_count():
    text = "Bombing\nCasualties 3 killed, 5 wounded\nDeaths: 2\n\nThe bombing took place there.\n"
    assert infobox_losses(text) == Losses(5, 5)
    # a count with no kind after it is no loss of either kind
    assert infobox_losses("Bombing\nCasualties 12\nTarget a market\n\nProse follows.\n") is None
