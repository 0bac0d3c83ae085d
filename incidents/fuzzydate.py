"""A date as a text states it: a calendar day with how precise it is.

"le 18 juin 2020" is a day, "en mars 2020" a month, "in 2019" a year, and "cette semaine" in an
article of 5 July 2020 a week (the seven days up to 5 July). One immutable value carries
both, so the rest of the code never slices a string for its month or compares prefixes::

    >>> d = FuzzyDate.parse("2020-07")
    >>> d.precision, d.month, d.format(), d.label()
    (<Precision.MONTH: 'month'>, '2020-07', '2020-07', 'July 2020')
    >>> d.period()
    (datetime.date(2020, 7, 1), datetime.date(2020, 7, 31))
    >>> d.agrees_with(FuzzyDate.parse("2020-07-04"))
    True

Stored and exported dates keep their text form (:meth:`FuzzyDate.format`): ``YYYY-MM-DD`` for
a day or a week, ``YYYY-MM`` for a month, ``YYYY`` for a year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from dateutil.relativedelta import relativedelta

_TEXT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
#: How many days a week-precision date may lie before its stated day.
WEEK_DAYS = 7


class Precision(StrEnum):
    """How precisely a date is known (the stored ``date_precision``)."""

    DAY = "day"
    WEEK = "week"  # the seven days up to the stated day
    MONTH = "month"
    YEAR = "year"

    @property
    def rank(self) -> int:
        """0 for the finest (day) to 3 for the coarsest (year)."""
        return list(Precision).index(self)


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A calendar day and the precision the text gives it.

    Attributes
    ----------
    day : datetime.date
        The stated day (day, week), or the first day of the month or year.
    precision : Precision
    """

    day: date
    precision: Precision

    def __post_init__(self) -> None:
        if self.precision in (Precision.MONTH, Precision.YEAR) and self.day != self.period()[0]:
            raise ValueError(f"a {self.precision} date starts its period, not {self.day}")

    # -- reading ---------------------------------------------------------------------------
    @classmethod
    @lru_cache(maxsize=1 << 16)
    def parse(cls, text: str, precision: str | Precision | None = None) -> FuzzyDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ASCII digits only).

        ``precision`` defaults to what the text gives (year, month, day); a day may be read
        as a week ("week"). Answers are kept (the value is immutable): a dataset of a million
        rows has a few thousand distinct dates.

        Raises
        ------
        ValueError
            When ``text`` is not such a date, not a calendar date, or does not fit
            ``precision`` ("2020-07" as a day).
        """
        match = _TEXT.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        given = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
        wanted = Precision(precision) if precision else given
        if wanted.rank < given.rank:
            raise ValueError(f"{text!r} is not precise enough to be a {wanted}")
        first = date(int(year), int(month or 1), int(day or 1))  # ValueError when impossible
        return cls.of(first, wanted)

    @classmethod
    def of(cls, day: date, precision: str | Precision) -> FuzzyDate:
        """The date of ``day`` at ``precision`` (a month or year starts its period)."""
        precision = Precision(precision)
        if precision is Precision.MONTH:
            day = day.replace(day=1)
        elif precision is Precision.YEAR:
            day = day.replace(month=1, day=1)
        return cls(day, precision)

    @classmethod
    def parse_optional(cls, text: str | None, precision: str | None = None) -> FuzzyDate | None:
        """:meth:`parse`, with None for no date or a precision of ``unknown``."""
        if not text or precision == "unknown":
            return None
        return cls.parse(text, precision)

    # -- showing ---------------------------------------------------------------------------
    def format(self) -> str:
        """The stored form: ``YYYY-MM-DD`` (day, week), ``YYYY-MM`` (month), ``YYYY`` (year)."""
        if self.precision is Precision.YEAR:
            return f"{self.day.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()

    def __str__(self) -> str:
        return self.format()

    def label(self) -> str:
        """For people: "3 July 2020", "week to 3 July 2020", "July 2020", "2020"."""
        month = calendar.month_name[self.day.month]
        if self.precision is Precision.YEAR:
            return str(self.day.year)
        if self.precision is Precision.MONTH:
            return f"{month} {self.day.year}"
        stated = f"{self.day.day} {month} {self.day.year}"
        return f"week to {stated}" if self.precision is Precision.WEEK else stated

    @property
    def month(self) -> str | None:
        """``YYYY-MM`` of a date known to the month or finer, else None."""
        if self.precision is Precision.YEAR:
            return None
        return f"{self.day.year:04d}-{self.day.month:02d}"

    # -- comparing and moving ---------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        """The first and last day the date may be (both included)."""
        if self.precision is Precision.YEAR:
            return date(self.day.year, 1, 1), date(self.day.year, 12, 31)
        if self.precision is Precision.MONTH:
            last = calendar.monthrange(self.day.year, self.day.month)[1]
            return self.day.replace(day=1), self.day.replace(day=last)
        if self.precision is Precision.WEEK:
            try:
                return self.day - timedelta(days=WEEK_DAYS), self.day
            except OverflowError:
                return date.min, self.day
        return self.day, self.day

    def agrees_with(self, other: FuzzyDate) -> bool:
        """True when the two dates may be the same day (their periods overlap)."""
        first, last = self.period()
        other_first, other_last = other.period()
        return first <= other_last and other_first <= last

    def shift(self, *, days: int = 0, months: int = 0, years: int = 0) -> FuzzyDate | None:
        """The date moved by a calendar amount, same precision; None off the calendar."""
        try:
            moved = self.day + relativedelta(days=days, months=months, years=years)
        except (OverflowError, ValueError):
            return None
        return FuzzyDate.of(moved, self.precision)
