"""The date with its precision: parse, format, period, agreement, shift, labels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents.evaluate import dates_match
from incidents.fuzzydate import FuzzyDate, Precision


@pytest.mark.parametrize(
    ("text", "precision", "period", "month", "label"),
    [
        (
            "2020-07-03",
            Precision.DAY,
            (date(2020, 7, 3), date(2020, 7, 3)),
            "2020-07",
            "3 July 2020",
        ),
        ("2020-07", Precision.MONTH, (date(2020, 7, 1), date(2020, 7, 31)), "2020-07", "July 2020"),
        (
            "2020-02",
            Precision.MONTH,
            (date(2020, 2, 1), date(2020, 2, 29)),
            "2020-02",
            "February 2020",
        ),
        ("2019", Precision.YEAR, (date(2019, 1, 1), date(2019, 12, 31)), None, "2019"),
    ],
)
def test_a_date_knows_its_precision_period_month_and_label(text, precision, period, month, label):
    value = FuzzyDate.parse(text)
    assert value.precision is precision
    assert value.period() == period
    assert value.month == month
    assert value.label() == label
    assert value.format() == text


def test_a_week_is_the_seven_days_up_to_its_day():
    week = FuzzyDate.parse("2020-07-05", "week")
    assert week.period() == (date(2020, 6, 28), date(2020, 7, 5))
    assert week.format() == "2020-07-05" and week.label() == "week to 5 July 2020"


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2020-07", "day"),
        ("2020", "month"),
        ("2020-07", "week"),
        ("2020-13", None),
        ("2021-02-29", None),
        ("20-07", None),
        ("２０２０", None),
        ("{{7*7}}", None),
    ],
)
def test_what_is_no_date_at_that_precision_is_refused(text, precision):
    with pytest.raises(ValueError):
        FuzzyDate.parse(text, precision)


def test_shift_keeps_the_precision_and_stays_on_the_calendar():
    assert FuzzyDate.parse("2020-03").shift(months=-1) == FuzzyDate.parse("2020-02")
    assert FuzzyDate.parse("2020-03-01").shift(days=-1) == FuzzyDate.parse("2020-02-29")
    assert FuzzyDate.parse("0001-01-01").shift(days=-1) is None
    assert FuzzyDate.parse("9999-12").shift(months=1) is None


_PRECISIONS = st.sampled_from(["day", "week", "month", "year"])


@st.composite
def nearby_dates(draw):
    """Two dates a few weeks apart at most (where agreement is in question)."""
    base = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
    other = base + timedelta(days=draw(st.integers(-45, 45)))
    return FuzzyDate.of(base, draw(_PRECISIONS)), FuzzyDate.of(other, draw(_PRECISIONS))


@pytest.mark.fuzz
@given(nearby_dates())
def test_two_dates_agree_when_they_may_be_the_same_day(pair):
    a, b = pair
    days_a = {
        a.period()[0] + timedelta(days=n)
        for n in range(400)
        if n <= (a.period()[1] - a.period()[0]).days
    }
    days_b = {
        b.period()[0] + timedelta(days=n)
        for n in range(400)
        if n <= (b.period()[1] - b.period()[0]).days
    }
    assert a.agrees_with(b) == bool(days_a & days_b) == b.agrees_with(a)
    assert dates_match(a.format(), a.precision, b.format(), b.precision) == a.agrees_with(b)
    assert FuzzyDate.parse(a.format(), a.precision) == a


def test_a_week_across_two_months_agrees_with_both():
    week = FuzzyDate.parse("2020-07-03", "week")
    assert week.agrees_with(FuzzyDate.parse("2020-06")) and week.agrees_with(
        FuzzyDate.parse("2020-07")
    )
    assert not week.agrees_with(FuzzyDate.parse("2020-05"))
    assert dates_match("2020-06-27", "day", "2020-07-03", "week")
    assert not dates_match("2020-06-25", "day", "2020-07-03", "week")
