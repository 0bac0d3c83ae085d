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
