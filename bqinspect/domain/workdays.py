"""Working days on the Chinese public-holiday calendar, with a bank's own closed days.

A day is a working day when the State Council's calendar says so: public holidays are closed
even on weekdays, and the make-up working days (调休) open a Saturday or Sunday. The calendar
comes from the ``chinesecalendar`` package, which knows the years the State Council has
announced (each December for the next year). Past its last known year, Monday to Friday are
taken as working days and :func:`beyond_known` says so, so the deadline can carry a note; a
bank can close any further day itself (a local holiday, a branch closure, next year's holidays
before the package knows them) with ``closed_days``, and open one with ``open_days``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=1)
def known_years() -> tuple[int, int]:
    """The first and last year the holiday calendar knows."""
    years = [d.year for d in chinese_calendar.constants.holidays]
    return min(years), max(years)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days count as working days for deadlines."""

    closed_days: frozenset[date] = field(default_factory=frozenset)
    open_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def with_days(cls, closed: Iterable[date] = (), opened: Iterable[date] = ()) -> WorkCalendar:
        return cls(frozenset(closed), frozenset(opened))

    def is_working_day(self, day: date) -> bool:
        if day in self.closed_days:
            return False
        if day in self.open_days:
            return True
        first, last = known_years()
        if first <= day.year <= last:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The day ``days`` working days after ``start`` (``start`` itself does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current


CHINA = WorkCalendar()


def beyond_known(start: date, end: date) -> int | None:
    """The first year after the holiday calendar's last that ``start``..``end`` reaches, if any."""
    last = known_years()[1]
    return last + 1 if max(start, end).year > last else None
