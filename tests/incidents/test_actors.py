"""Actors from the text: the perpetrator, the other side or the victims, on every incident."""

from __future__ import annotations

import pytest

from incidents.actors import DEFAULT_TABLE, find_actors, load_actor_table
from incidents.pipeline import load_resources, process_paths
from tests.common import REPO

ROOT = REPO
DEVSET = ROOT.parent / "shared" / "devset" / "articles"
TABLE = load_actor_table()


def names(text, kind="attack", country="ML", context=""):
    a1, a2 = find_actors(text, kind=kind, table=TABLE, country_code=country, context=context)
    return a1.name, a2.name if a2 else None


@pytest.mark.parametrize(
    ("text", "kind", "country", "expected"),
    [
        (
            "Des hommes armés non identifiés ont attaqué le village, tuant 12 civils.",
            "attack",
            "ML",
            ("Unidentified Armed Group (Mali)", "Civilians (Mali)"),
        ),
        (
            "JNIM fighters attacked a Malian army post near Boni, killing five soldiers.",
            "armed clash",
            "ML",
            ("Jama'at Nasr al-Islam wal Muslimin (JNIM)", "Military Forces of Mali"),
        ),
        (
            "L'attaque contre les FAMa a été revendiquée par l'État islamique au Grand Sahara.",
            "armed clash",
            "ML",
            ("Islamic State (Sahel)", "Military Forces of Mali"),
        ),
        (
            "Al-Shabaab claimed the suicide bombing that killed 20 people in Mogadishu.",
            "suicide bomb",
            "SO",
            ("Al Shabaab", None),
        ),
        (
            "Gunmen abducted 42 students from a school in Kagara.",
            "abduction/kidnapping",
            "NG",
            ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"),
        ),
        (
            "Iraqi security forces said they foiled a rocket attack on the base.",
            "foiled or attempted attack",
            "IQ",
            ("Military Forces of Iraq", "Unidentified Armed Group (Iraq)"),
        ),
        (
            "Russian forces shelled Nikopol overnight, wounding two residents.",
            "shelling/artillery/missile attack",
            "UA",
            ("Military Forces of Russia", "Civilians (Ukraine)"),
        ),
        (
            "U.S. Africa Command conducted an airstrike against al-Shabaab near Jilib.",
            "air/drone strike",
            "SO",
            ("Military Forces of the United States", "Al Shabaab"),
        ),
        (
            "U.S. Airstrike Targets ISIS Leader in Eastern Syria",
            "air/drone strike",
            "SY",
            ("Military Forces of the United States", "Islamic State (Iraq and Syria)"),
        ),
        (
            "Quatre roquettes ont explosé dans la zone verte, a annoncé l'armée irakienne.",
            "shelling/artillery/missile attack",
            "IQ",
            ("Unidentified Armed Group (Iraq)", None),
        ),
    ],
)
def test_the_perpetrator_and_the_other_side_come_from_the_words(text, kind, country, expected):
    assert names(text, kind, country) == expected


def test_a_claim_elsewhere_in_the_article_names_the_perpetrator():
    context = "Two soldiers died. The attack was later claimed by ISWAP in a statement."
    assert names("Two soldiers died in Monguno.", "attack", "NG", context)[0] == (
        "Islamic State West Africa Province (ISWAP)"
    )


def test_the_words_an_actor_comes_from_are_kept():
    a1, _ = find_actors(
        "Les hommes armés non identifiés ont tiré.", kind="attack", table=TABLE, country_code="BF"
    )
    assert a1.words == "hommes armés non identifiés" and a1.inter == 3


def test_an_acronym_matches_in_its_own_case_only():
    assert names("La fama du village.", "attack")[0] == "Unidentified Armed Group (Mali)"


def test_every_row_of_the_table_cites_a_public_source_and_a_known_inter_code():
    import csv

    rows = list(csv.DictReader(DEFAULT_TABLE.open(encoding="utf-8")))
    assert all(r["source_url"].startswith("https://en.wikipedia.org/wiki/") for r in rows)
    assert all(1 <= int(r["inter"]) <= 8 for r in rows)
    named = {r["name"] for r in rows}
    for group in ("al-Shabaab", "ISWAP", "Boko Haram (JAS)", "JNIM", "ISGS / IS Sahel", "Ansaru",
                  "Houthis (Ansar Allah)", "TTP", "ISIS-K", "Kata'ib Hezbollah", "Hamas",
                  "Hezbollah", "Wagner Group / Africa Corps", "M23", "ADF", "Taliban", "PKK",
                  "ELN", "FARC dissidents", "Military Forces of Mali"):  # fmt: skip
        assert group in named


@pytest.fixture(scope="module")
def dev_and_seed_incidents():
    if not DEVSET.is_dir():
        pytest.skip(f"no development set at {DEVSET}")
    nlp, resolver = load_resources()
    paths = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted(DEVSET.glob("*.txt"))]
    results = process_paths(paths, nlp_by_language=nlp, resolver=resolver)
    return [i for r in results for i in r.incidents]


def test_every_incident_of_the_dev_set_and_the_seed_has_an_actor(dev_and_seed_incidents):
    assert len(dev_and_seed_incidents) >= 8
    for incident in dev_and_seed_incidents:
        assert incident.actor1 is not None and incident.actor1.name, incident.quote


def test_the_dev_set_and_seed_actors_checked_by_hand(dev_and_seed_incidents):
    got = {
        (i.source[:3], i.event_type, i.date): (
            i.actor1.name,
            i.actor2.name if i.actor2 else None,
        )
        for i in dev_and_seed_incidents
    }
    unidentified = "Unidentified Armed Group (Iraq)"
    assert got[("000", "foiled or attempted attack", "2020-07")] == (
        "Military Forces of Iraq",
        unidentified,
    )
    assert got[("000", "shelling/artillery/missile attack", "2020-03")] == (
        unidentified,
        "Military Forces of the United States",
    )
    assert got[("002", "shelling/artillery/missile attack", "2020-03-11")] == (
        unidentified,
        "Operation Inherent Resolve (coalition forces)",
    )
    assert got[("000", "shelling/artillery/missile attack", "2020-07")] == (
        unidentified,
        "Civilians (Iraq)",
    )
