"""The timeline's playback plan (maps.timeline): calendar periods, empty ones quick."""

from __future__ import annotations

import datetime
import itertools

import pytest

from maps.timeline import (
    EMPTY_SHARE,
    MIN_EMPTY_MS,
    PLAYBACK_MS,
    TimelinePosition,
    period_of,
    playback_plan,
)

D = datetime.date


def test_an_empty_store_has_no_plan():
    assert playback_plan([]) == ()


def test_every_month_from_first_to_last_is_a_period_empty_ones_short():
    days = [D(2019, 1, 5), D(2020, 2, 10), D(2020, 2, 12), D(2021, 3, 1)]
    plan = playback_plan(days)
    assert [step.start for step in plan[:2]] == [D(2019, 1, 1), D(2019, 2, 1)]
    assert plan[-1].start == D(2021, 3, 1) and plan[-1].end == D(2021, 4, 1)
    assert len(plan) == 27  # January 2019 to March 2021
    assert all(a.end == b.start for a, b in itertools.pairwise(plan))
    empty = [step for step in plan if not step.count]
    busy = [step for step in plan if step.count]
    assert len(busy) == 3 and {step.duration_ms for step in empty} == {150}
    assert min(step.duration_ms for step in busy) >= 2 * 150
    # The busier month lasts longer; the whole plays in about PLAYBACK_MS.
    february = next(step for step in busy if step.start == D(2020, 2, 1))
    assert february.count == 2 and february.duration_ms > plan[0].duration_ms
    assert sum(step.duration_ms for step in plan) == pytest.approx(PLAYBACK_MS, rel=0.01)


def test_many_empty_periods_are_compressed_but_never_below_the_minimum():
    plan = playback_plan([D(1990, 1, 1), D(2020, 1, 1)])  # 359 empty months
    empty = {step.duration_ms for step in plan if not step.count}
    assert empty == {max(MIN_EMPTY_MS, int(EMPTY_SHARE * PLAYBACK_MS / 359))}


@pytest.mark.parametrize(
    ("days", "unit"),
    [
        ([D(2020, 7, 1), D(2020, 7, 20)], datetime.timedelta(days=1)),
        ([D(2020, 1, 1), D(2020, 12, 20)], datetime.timedelta(weeks=1)),
    ],
)
def test_short_spans_play_by_day_or_by_week(days, unit):
    plan = playback_plan(days)
    assert {step.end - step.start for step in plan} == {unit}
    assert plan[0].start <= days[0] < plan[0].end and plan[-1].start <= days[-1] < plan[-1].end


def test_the_plan_goes_to_the_page_as_unix_milliseconds():
    (step,) = playback_plan([D(2020, 7, 4)])
    assert step.to_list() == [1593820800000, 1593907200000, PLAYBACK_MS]


@pytest.mark.parametrize(
    ("date", "precision", "first", "last", "label"),
    [
        ("2020-07", "month", D(2020, 7, 1), D(2020, 7, 31), "July 2020"),
        ("2020", "year", D(2020, 1, 1), D(2020, 12, 31), "2020"),
        ("2020-07-04", "day", D(2020, 7, 4), D(2020, 7, 4), "2020-07-04"),
        ("2020-07-04", "week", D(2020, 7, 4), D(2020, 7, 4), "2020-07-04"),
        ("2020-07", "day", D(2020, 7, 1), D(2020, 7, 31), "July 2020"),  # the text decides
        ("2020-02", "unknown", D(2020, 2, 1), D(2020, 2, 29), "February 2020"),
    ],
)
def test_a_date_reads_as_its_period(date, precision, first, last, label):
    period = period_of(date, precision)
    assert period is not None
    assert (period.first, period.last, period.label) == (first, last, label)


@pytest.mark.parametrize("date", [None, "", "junk", "2020-13"])
def test_no_period_for_no_date(date):
    assert period_of(date, "day") is None


def test_a_reported_position_reads_as_days():
    march_16 = 1584316800000  # 2020-03-16T00:00Z
    position = TimelinePosition.from_report(
        {"zoom": 5, "timeline": {"time": march_16 + 3600_000, "end": march_16 * 2}}
    )
    assert position == TimelinePosition(D(2020, 3, 16), at_end=False, window_days=0)
    assert position.bounds() == (None, D(2020, 3, 16)) and not position.shows_everything
    assert position.describe() == "up to 16 March 2020"
    windowed = TimelinePosition.from_report(
        {"timeline": {"time": march_16, "end": march_16, "window_days": 30}}
    )
    assert windowed is not None and windowed.at_end and not windowed.shows_everything
    assert windowed.bounds() == (D(2020, 2, 15), D(2020, 3, 16))
    assert windowed.describe() == "the 30 days up to 16 March 2020"
    at_end = TimelinePosition.from_report({"timeline": {"time": 5, "end": 5}})
    assert at_end is not None and at_end.shows_everything


@pytest.mark.parametrize(
    "value",
    [None, {}, {"timeline": None}, {"timeline": {"time": "x", "end": 1}},
     {"timeline": {"end": 1}}, {"timeline": {"time": 1, "end": 2, "window_days": -3}}],
)  # fmt: skip
def test_an_unreadable_position_is_none(value):
    assert TimelinePosition.from_report(value) is None


@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_a_date_at_the_calendar_end_ends_its_period_on_the_last_day(granularity):
    last = D(9999, 12, 31)
    plan = playback_plan([D(9999, 12, 1), last], granularity=granularity)
    assert plan[-1].end == last and plan[-1].count >= 1
    assert all(a.end == b.start for a, b in itertools.pairwise(plan))
