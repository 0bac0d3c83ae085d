"""Date phrases found first, then parsed against the article's date."""

from __future__ import annotations

from datetime import date

import pytest

from incidents.dates import date_mentions


def resolved(text, language, pub=None, precision=None):
    return [
        (m.text, m.value, m.precision)
        for m in date_mentions(text, language=language, pub_date=pub, pub_precision=precision)
    ]


def test_french_month_then_number_word_is_not_read_as_a_day():
    found = resolved("En juin, quatre roquettes ont explosé.", "fr", date(2020, 7, 1), "month")
    assert found == [("En juin", "2020-06", "month")]


def test_en_mars_apres_une_gives_the_month_only():
    found = resolved("sont morts en mars après une attaque", "fr", date(2020, 7, 1), "month")
    assert found == [("en mars", "2020-03", "month")]


def test_day_and_month_takes_the_article_year():
    assert resolved("a annoncé l'armée le 18 juin", "fr", date(2020, 7, 1), "month") == [
        ("le 18 juin", "2020-06-18", "day")
    ]


def test_year_prefers_the_past():
    found = resolved("une attaque le 20 novembre", "fr", date(2020, 3, 1), "month")
    assert found == [("le 20 novembre", "2019-11-20", "day")]


def test_weekday_with_a_month_only_article_date_gives_the_month():
    found = resolved("lancée ce samedi soir depuis", "fr", date(2020, 7, 1), "month")
    assert found == [("ce samedi soir", "2020-07", "month")]


def test_weekday_with_a_day_article_date_gives_the_last_such_day():
    # 2020-07-06 is a Monday: "samedi" is 2020-07-04.
    found = resolved("lancée ce samedi soir depuis", "fr", date(2020, 7, 6), "day")
    assert found == [("ce samedi soir", "2020-07-04", "day")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killed on March 11.", ("March 11", "2020-03-11", "day")),
        ("on 27 December 2019.", ("27 December 2019", "2019-12-27", "day")),
        ("since December 27, 2019,", ("December 27, 2019", "2019-12-27", "day")),
        ("We are outraged by today's attack", ("today", "2020-03-12", "day")),
        ("rockets hit the base last night", ("last night", "2020-03-11", "day")),
        ("In June, two drones", ("In June", "2019-06", "month")),
    ],
)
def test_english_phrases(text, expected):
    assert resolved(text, "en", date(2020, 3, 12), "day") == [expected]


def test_relative_phrase_without_an_article_date_is_unknown():
    assert resolved("last night", "en") == [("last night", None, "unknown")]


def test_absolute_date_with_its_year_needs_no_article_date():
    assert resolved("le 27 décembre 2019", "fr") == [("le 27 décembre 2019", "2019-12-27", "day")]


def test_year_ranges_and_numbers_are_not_dates():
    assert resolved("la crise de 2019-2020 et 30 roquettes", "fr", date(2020, 1, 1), "month") == []


@pytest.mark.parametrize(
    ("text", "language", "days"),
    [
        ("La veille, trois roquettes", "fr", -1),
        ("Le lendemain, une frappe", "fr", 1),
        ("trois jours plus tard, un drone", "fr", 3),
        ("Two days later, a drone", "en", 2),
        ("the day before, rockets", "en", -1),
    ],
)
def test_story_relative_phrases(text, language, days):
    from incidents.dates import story_relative_days

    assert story_relative_days(text, language=language)[2] == days


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("ce matin", "fr", ("2021-03-10", "day")),
        ("cette nuit", "fr", ("2021-03-10", "day")),
        ("ce mois-ci", "fr", ("2021-03", "month")),
        ("earlier this month", "en", ("2021-03", "month")),
        ("last month", "en", ("2021-02", "month")),
    ],
)
def test_phrases_tied_to_the_article_day_or_month(text, language, expected):
    (found,) = resolved(text, language, date(2021, 3, 10), "day")
    assert found[1:] == expected


def test_an_aside_clause_gives_the_shift_to_its_event():
    from incidents.dates import aside_event

    text = "Rockets hit Camp Taji on Saturday, two days after a similar attack killed two."
    start, amount, unit = aside_event(text, language="en")
    assert text[start:].startswith("two days after") and (amount, unit) == (-2, "day")
    text = "Des roquettes ont visé la base, au lendemain d'une frappe."
    start, amount, unit = aside_event(text, language="fr")
    assert text[start:].startswith("au lendemain") and (amount, unit) == (-1, "day")
    assert aside_event("The attack came three days after a similar strike.", language="en") is None


def test_overnight_is_the_night_before_a_day_dated_article():
    found = resolved("Rockets landed overnight near the embassy.", "en", date(2020, 1, 5), "day")
    assert found == [("overnight", "2020-01-05", "day")]


def test_hours_later_and_earlier_in_the_day_are_the_same_day_as_the_event_before():
    from incidents.dates import story_relative_days

    for language, text in [
        ("en", "Hours later, a rocket attack targeted Erbil air base."),
        ("en", "Earlier in the day, a roadside bomb hit a convoy."),
        ("fr", "Plus tôt dans la journée, un engin explosif avait visé un convoi."),
        ("fr", "Quelques heures plus tard, une roquette est tombée."),
    ]:
        found = story_relative_days(text, language=language)
        assert found is not None and found[2:] == (0, "day"), text


def test_n_days_ago_counts_back_from_the_article_date():
    assert resolved("Two days ago, rockets hit the base.", "en", date(2020, 1, 8), "day") == [
        ("Two days ago", "2020-01-06", "day")
    ]
    assert resolved("il y a une semaine", "fr", date(2020, 1, 8), "day") == [
        ("il y a une semaine", "2020-01-01", "week")
    ]
    assert resolved("il y a deux jours", "fr", date(2020, 1, 8), "month") == [
        ("il y a deux jours", "2020-01", "month")
    ]


def test_a_french_date_after_du_or_au_is_read():
    found = resolved(
        "Au mardi 3 mars, la base avait déjà été visée, puis du 14 mars au 16 mars.",
        "fr",
        date(2020, 3, 20),
        "day",
    )
    assert [(value, precision) for _, value, precision in found] == [
        ("2020-03-03", "day"),
        ("2020-03-14", "day"),
        ("2020-03-16", "day"),
    ]


def test_months_and_years_ago_give_the_month_or_the_year_back():
    pub = date(2019, 9, 12)
    assert resolved("Il y a un an, le village avait été pillé.", "fr", pub, "day") == [
        ("Il y a un an", "2018-09", "month")
    ]
    assert resolved("The camp was shelled two months ago.", "en", pub, "day") == [
        ("two months ago", "2019-07", "month")
    ]
    assert resolved("il y a quatre ans", "fr", pub, "day") == [
        ("il y a quatre ans", "2015", "year")
    ]
