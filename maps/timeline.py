"""How the map's timeline plays: by calendar time, empty periods quick but visible.

Plain data in, plain data out. The playback walks the calendar from the first incident's
period to the last one's, period by period (days over three months at most, weeks over two
years at most, else months: :func:`maps.aggregate.choose_granularity`); within a period the
time runs evenly. Each period gets a share of the playback's length: an empty one a short,
fixed time (:data:`EMPTY_PERIOD_MS`, less when there are very many), one with incidents more,
by how many (the square root of its count), so 13 empty months pass in about two seconds
and a busy week is not rushed.

- :func:`playback_plan`: the periods and their durations for the incidents' dates;
- :func:`period_durations`: the same durations for periods given by their counts (the
  timeline at scale, :mod:`maps.aggregate`'s periods);
- :func:`period_of`: the first and last day an incident's date may be (a month-precision
  incident fades in over its month) and its label ("July 2020").
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from incidents.fuzzydate import FuzzyDate, Precision
from maps.aggregate import Granularity, choose_granularity

# At 1× speed: the whole playback lasts about this long (milliseconds)...
PLAYBACK_MS = 12_000
# ...an empty period this long (never less than MIN_EMPTY_MS, however many there are)...
EMPTY_PERIOD_MS = 150
MIN_EMPTY_MS = 40
# ...and empty periods take at most this share of the playback.
EMPTY_SHARE = 0.35

_EPOCH = datetime.date(1970, 1, 1)


@dataclass(frozen=True)
class PlaybackStep:
    """One period of the playback: its first day, the first day after it, how many
    incidents begin in it, and how long (ms, at 1×) the time takes to cross it."""

    start: datetime.date
    end: datetime.date
    count: int
    duration_ms: int

    def to_list(self) -> list[int]:
        """``[start, end, duration]``, the two days as Unix milliseconds (for the page)."""
        return [_unix_ms(self.start), _unix_ms(self.end), self.duration_ms]


@dataclass(frozen=True)
class DatePeriod:
    """An incident's date as the timeline shows it: from ``first`` to ``last`` (both
    included; the same day for a day-precision date) and its ``label``."""

    first: datetime.date
    last: datetime.date
    label: str
    precision: str


def _unix_ms(day: datetime.date) -> int:
    return (day - _EPOCH).days * 86_400_000


def period_of(date: str | None, precision: str | None) -> DatePeriod | None:
    """The days an incident's date may be and its label; None when it has no usable date.

    A week-precision date shows as its stated day (the week lies before it): it appears on
    that day, as the map always drew it.
    """
    try:
        fuzzy = FuzzyDate.parse_optional(date, None if precision == "unknown" else precision)
    except ValueError:
        try:  # a precision that does not fit the text: what the text gives
            fuzzy = FuzzyDate.parse_optional(date)
        except ValueError:
            return None
    if fuzzy is None:
        return None
    if fuzzy.precision in (Precision.MONTH, Precision.YEAR):
        first, last = fuzzy.period()
        return DatePeriod(first, last, fuzzy.label(), str(fuzzy.precision))
    return DatePeriod(fuzzy.day, fuzzy.day, fuzzy.day.isoformat(), str(fuzzy.precision))


def _period_start(day: datetime.date, granularity: Granularity) -> datetime.date:
    if granularity == "day":
        return day
    if granularity == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(start: datetime.date, granularity: Granularity) -> datetime.date:
    """The first day after ``start``'s period; the calendar's last day (9999-12-31) for
    the period that holds it, which has no day after it."""
    try:
        if granularity == "day":
            return start + datetime.timedelta(days=1)
        if granularity == "week":
            return start + datetime.timedelta(weeks=1)
        month = start.year * 12 + start.month  # the next month, 0-based
        return datetime.date(month // 12, month % 12 + 1, 1)
    except (OverflowError, ValueError):
        return datetime.date.max


def period_durations(
    counts: Sequence[int], *, total_ms: int = PLAYBACK_MS, empty_ms: int = EMPTY_PERIOD_MS
) -> list[int]:
    """How long (ms at 1×) the playback spends on each period, given how many incidents
    each holds.

    Empty periods get ``empty_ms`` each, less (down to :data:`MIN_EMPTY_MS`) when they would
    take more than :data:`EMPTY_SHARE` of ``total_ms``; the rest of ``total_ms`` goes to the
    periods with incidents, by the square root of their count, each at least twice an
    empty one's.
    """
    empty = sum(1 for count in counts if not count)
    if empty:
        empty_ms = max(MIN_EMPTY_MS, min(empty_ms, int(EMPTY_SHARE * total_ms / empty)))
    budget = max(total_ms - empty_ms * empty, 0)
    total_weight = sum(1.0 + math.sqrt(count) for count in counts if count)
    return [
        max(2 * empty_ms, round(budget * (1.0 + math.sqrt(count)) / total_weight))
        if count
        else empty_ms
        for count in counts
    ]


def playback_plan(
    days: Iterable[datetime.date],
    *,
    total_ms: int = PLAYBACK_MS,
    empty_ms: int = EMPTY_PERIOD_MS,
    granularity: Granularity | None = None,
) -> tuple[PlaybackStep, ...]:
    """Every period from the one holding the first of ``days`` to the one holding the last,
    with the time (ms at 1×) the playback spends crossing it; empty for no day.

    Each period's duration is :func:`period_durations`'.
    """
    counted = Counter(days)
    if not counted:
        return ()
    first, last = min(counted), max(counted)
    granularity = granularity or choose_granularity((first - _EPOCH).days, (last - _EPOCH).days)
    per_period: Counter[datetime.date] = Counter()
    for day, count in counted.items():
        per_period[_period_start(day, granularity)] += count
    starts = [_period_start(first, granularity)]
    while starts[-1] < _period_start(last, granularity):
        starts.append(_next_period(starts[-1], granularity))
    durations = period_durations(
        [per_period[start] for start in starts], total_ms=total_ms, empty_ms=empty_ms
    )
    steps = [
        PlaybackStep(start, _next_period(start, granularity), per_period[start], duration)
        for start, duration in zip(starts, durations, strict=True)
    ]
    return tuple(steps)


@dataclass(frozen=True)
class TimelinePosition:
    """Where the map's timeline stands, as the map reports it (``report.js``): the day its
    time falls on, whether that is its end, and the window (the last N days; 0: all so far)."""

    day: datetime.date
    at_end: bool
    window_days: int = 0

    @classmethod
    def from_report(cls, value: object) -> TimelinePosition | None:
        """The position in st_folium's returned value (its ``timeline`` key); None when there
        is none or it cannot be read."""
        if not isinstance(value, dict) or not isinstance(value.get("timeline"), dict):
            return None
        report = value["timeline"]
        try:
            time, end = int(report["time"]), int(report["end"])
            window = int(report.get("window_days") or 0)
            day = _EPOCH + datetime.timedelta(days=time // 86_400_000)
        except (KeyError, TypeError, ValueError, OverflowError):
            return None
        if window < 0:
            return None
        return cls(day, time >= end, window)

    @property
    def shows_everything(self) -> bool:
        """At the end, with no window: the map shows every incident of the filter."""
        return self.at_end and not self.window_days

    def bounds(self) -> tuple[datetime.date | None, datetime.date]:
        """The first (None: no bound) and last day of what the map shows."""
        if not self.window_days:
            return None, self.day
        return self.day - datetime.timedelta(days=self.window_days), self.day

    def describe(self) -> str:
        """For the caption: "up to 16 March 2020" or "the 30 days up to 16 March 2020"."""
        day = FuzzyDate.of(self.day, Precision.DAY).label()
        return f"the {self.window_days} days up to {day}" if self.window_days else f"up to {day}"
