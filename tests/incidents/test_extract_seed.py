"""The seed article gives exactly its four incidents, field by field."""

from __future__ import annotations

from dataclasses import replace

import pytest
from geopy.distance import geodesic

from incidents.article import article_from_text, read_article
from incidents.extract import extract_incidents
from incidents.model import EVENT_TYPES, PLACE_ROLES
from tests.common import SEED, pipeline, resolver

GREEN_ZONE = (33.3076, 44.3903)
CAMP_TAJI = (33.5294, 44.2775)


def km(place, point) -> float:
    return geodesic((place.lat, place.lon), point).km


@pytest.fixture(scope="module")
def article():
    return read_article(SEED)


@pytest.fixture(scope="module")
def incidents(article):
    return extract_incidents(article, nlp=pipeline("fr"), resolver=resolver())


def test_seed_gives_exactly_four_incidents(incidents):
    assert len(incidents) == 4


def test_incident_1_rocket_at_the_embassy_launched_from_ali_al_saleh(incidents):
    first = incidents[0]
    assert (first.date, first.date_precision) == ("2020-07", "month")
    assert first.event_type == "shelling/artillery/missile attack"
    assert first.weapon == "rocket"
    assert (first.fatalities, first.injured) == (0, 1)
    assert km(first.place, GREEN_ZONE) < 3
    assert first.launch_site is not None and "Saleh" in first.launch_site.name
    roles = {(p.role, p.text) for p in first.places}
    assert ("launch_site", "quartier Ali Al-Saleh") in roles
    assert any(role == "target" and "ambassade" in text for role, text in roles)
    assert "samedi soir" in first.quote


def test_incident_2_foiled_attack_in_umm_al_azam_aimed_at_camp_taji(incidents):
    second = incidents[1]
    assert (second.date, second.date_precision) == ("2020-07", "month")
    assert second.event_type == "foiled or attempted attack"
    assert "Umm al-Azam" in second.place_mention
    assert km(second.place, CAMP_TAJI) < 15
    targets = [p for p in second.places if p.role == "target"]
    assert [p.text for p in targets] == ["camp Tji"]
    assert targets[0].place is not None and targets[0].place.name == "Camp Taji"
    assert (second.fatalities, second.injured) == (None, None)


def test_incident_3_rocket_attack_on_camp_taji_in_march_three_killed(incidents):
    third = incidents[2]
    assert (third.date, third.date_precision) == ("2020-03", "month")
    assert third.event_type == "shelling/artillery/missile attack"
    assert third.weapon == "rocket"
    assert third.place.name == "Camp Taji" and km(third.place, CAMP_TAJI) < 3
    assert (third.fatalities, third.injured) == (3, None)


def test_incident_4_four_rockets_in_the_green_zone_on_18_june(incidents):
    fourth = incidents[3]
    assert (fourth.date, fourth.date_precision) == ("2020-06-18", "day")
    assert fourth.event_type == "shelling/artillery/missile attack"
    assert km(fourth.place, GREEN_ZONE) < 3
    assert (fourth.fatalities, fourth.injured) == (0, 0)
    assert "ni victime ni dommage" in fourth.quote


def test_every_incident_has_source_language_and_valid_vocabulary(incidents):
    for incident in incidents:
        assert incident.source == "000_013c9ece2e8fa3a2.txt"
        assert incident.language == "fr"
        assert incident.event_type in EVENT_TYPES
        assert all(p.role in PLACE_ROLES for p in incident.places)


def test_spans_and_quote_offsets_point_into_the_article(article, incidents):
    for incident in incidents:
        assert article.text[incident.quote_start : incident.quote_end].startswith(
            incident.quote[:40]
        )
        for span in incident.spans:
            assert article.text[span.start : span.end] == span.text
        kinds = {span.kind for span in incident.spans}
        assert "place" in kinds
    assert {s.kind for s in incidents[2].spans} == {"place", "date", "casualty"}


def test_countries_agencies_and_people_are_never_the_place(incidents):
    for incident in incidents:
        assert incident.place.feature != "country"
        assert incident.place_mention not in {"Irak", "États-Unis", "Iran", "AP", "Bagdad"}
        assert "Kadhimi" not in (incident.place_mention or "")


def test_ids_are_stable_across_runs_and_unique(article, incidents):
    again = extract_incidents(article, nlp=pipeline("fr"), resolver=resolver())
    assert [i.id for i in again] == [i.id for i in incidents]
    assert len({i.id for i in incidents}) == 4
    other = extract_incidents(
        replace(article, source="other.txt"), nlp=pipeline("fr"), resolver=resolver()
    )
    assert not {i.id for i in other} & {i.id for i in incidents}


def test_incident_round_trips_through_its_dict(incidents):
    from incidents.model import Incident

    for incident in incidents:
        assert Incident.from_dict(incident.to_dict()) == incident


class NoPlaces:
    def resolve(self, mention, *, country_hint=None, near=None):
        return None


def test_unresolved_place_keeps_the_incident_unlocated(article):
    found = extract_incidents(article, nlp=pipeline("fr"), resolver=NoPlaces())
    assert len(found) == 4
    assert all(i.place is None for i in found)
    assert found[1].place_mention and "Umm al-Azam" in found[1].place_mention


def test_the_same_incident_told_twice_is_one():
    text = (
        "date 2020-07-06\n"
        "Une roquette a été tirée contre la base aérienne de Balad samedi soir. "
        "La roquette qui visait la base aérienne de Balad est tombée près de la piste. "
        "Personne n'a été blessé."
    )
    article = article_from_text(text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline("fr"), resolver=resolver())
    assert len(found) == 1
    assert found[0].date == "2020-07-04"
    assert found[0].injured == 0


def test_another_attack_elsewhere_is_another_incident():
    text = (
        "date 2021-03\n"
        "Two rockets hit Baghdad International Airport on March 3, officials said. "
        "Another rocket attack targeted Camp Taji on March 5. No one was hurt."
    )
    article = article_from_text(text, source="t.txt")
    found = extract_incidents(article, nlp=pipeline("en"), resolver=resolver())
    assert [(i.date, i.place.name if i.place else None) for i in found] == [
        ("2021-03-03", found[0].place.name if found[0].place else None),
        ("2021-03-05", "Camp Taji"),
    ]
    assert found[1].injured == 0
