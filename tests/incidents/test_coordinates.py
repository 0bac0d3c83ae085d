"""Coordinates an article states itself (an encyclopedia's infobox line)."""

from __future__ import annotations

import pytest

from incidents.article import article_from_text
from incidents.coordinates import stated_point
from incidents.extract import extract_incidents
from tests.common import pipeline, resolver


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("Coordonnées | 14° 24′ 31″ nord, 1° 33′ 06″ ouest | |", (14.4086, -1.5517)),
        ("Coordonnées 2° 46′ 11″ nord, 41° 47′ 07″ est", (2.7697, 41.7853)),
        ("Coordinates: 11°09′44″S 14°00′41″W", (-11.1622, -14.0114)),
        ("Coordinates 69.2°E 34.5°N", (34.5, 69.2)),
    ],
)
def test_a_stated_pair_of_degrees_is_read_as_latitude_and_longitude(text, point):
    assert stated_point(text) == point


@pytest.mark.parametrize(
    "text",
    [
        "Le village est à 14° nord de l'équateur.",  # no "Coordonnées" line
        "Coordonnées 2° nord, 41° est. Coordonnées 3° nord, 41° est.",  # two different points
        "Coordinates 12° N 13° S",  # two latitudes
        "Coordinates 95° N 13° E",  # off the globe
    ],
)
def test_no_point_when_none_or_several_or_no_pair_is_stated(text):
    assert stated_point(text) is None


def test_an_unknown_village_the_article_gives_coordinates_for_is_located_there():
    text = (
        "date 2014-07-28\n"
        "Combat de Zourbaniko\n\n"
        "Coordonnées 11° 09′ 44″ nord, 14° 00′ 41″ est\n\n"
        "Le 27 juillet 2014, des combattants attaquent Zourbaniko, au Cameroun, et tuent "
        "quatre personnes."
    )
    article = article_from_text(text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline("fr"), resolver=resolver())
    assert found
    located = [i.place for i in found if i.place_mention and "Zourbaniko" in i.place_mention]
    assert located and all(
        p is not None and (p.lat, p.lon, p.source) == (11.1622, 14.0114, "article") for p in located
    )
