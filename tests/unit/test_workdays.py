"""Working-day deadlines follow the Chinese holiday calendar and a bank's own closed days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bqinspect.domain.forms import Deadline
from bqinspect.domain.rules import due_date
from bqinspect.domain.workdays import CHINA, WorkCalendar, beyond_known, known_years


def test_national_day_holiday_and_its_make_up_saturday() -> None:
    # 2025: 1-8 October closed (National Day with Mid-Autumn); Sunday 28 September and
    # Saturday 11 October are make-up working days.
    assert not CHINA.is_working_day(date(2025, 10, 1))
    assert not CHINA.is_working_day(date(2025, 10, 8))
    assert CHINA.is_working_day(date(2025, 9, 28))  # a Sunday, worked
    assert CHINA.is_working_day(date(2025, 10, 11))  # a Saturday, worked
    # Friday 26 September + 3 working days: Sun 28, Mon 29, Tue 30 September.
    assert CHINA.add_working_days(date(2025, 9, 26), 3) == date(2025, 9, 30)
    # Tuesday 30 September + 2: the holiday is skipped, then Thu 9 and Fri 10 October.
    assert CHINA.add_working_days(date(2025, 9, 30), 2) == date(2025, 10, 10)
    # ... and + 3 reaches the make-up Saturday.
    assert CHINA.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_spring_festival_is_skipped() -> None:
    # 2026: 15-23 February closed; Saturday 14 February is a make-up working day.
    assert CHINA.is_working_day(date(2026, 2, 14))
    assert due_date(date(2026, 2, 13), Deadline(days=1, working_days=True)) == date(2026, 2, 14)
    assert due_date(date(2026, 2, 14), Deadline(days=1, working_days=True)) == date(2026, 2, 24)


def test_calendar_days_ignore_holidays() -> None:
    assert due_date(date(2025, 9, 30), Deadline(days=2, working_days=False)) == date(2025, 10, 2)


def test_the_bank_closes_and_opens_days_of_its_own() -> None:
    bank = WorkCalendar.with_days(closed=[date(2025, 9, 29)], opened=[date(2025, 10, 4)])
    assert not bank.is_working_day(date(2025, 9, 29))  # a branch closure on a working Monday
    assert bank.is_working_day(date(2025, 10, 4))  # worked during the holiday
    assert bank.add_working_days(date(2025, 9, 26), 3) == date(2025, 10, 4)


def test_past_the_last_known_year_weekdays_count_and_it_is_said() -> None:
    last = known_years()[1]
    new_year = date(last + 1, 1, 1)
    first_monday = new_year + timedelta(days=(7 - new_year.weekday()) % 7)
    assert CHINA.is_working_day(first_monday)
    assert not CHINA.is_working_day(first_monday + timedelta(days=5))  # its Saturday
    assert beyond_known(date(last, 12, 20), date(last + 1, 1, 10)) == last + 1
    assert beyond_known(date(last, 1, 5), date(last, 2, 10)) is None
    # a bank that knows next year's holidays already can close them itself
    bank = WorkCalendar.with_days(closed=[first_monday])
    assert not bank.is_working_day(first_monday)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_every_known_year_has_its_national_day_closed(year: int) -> None:
    assert not CHINA.is_working_day(date(year, 10, 1))
    assert not CHINA.is_working_day(date(year, 10, 2))


def test_the_workspace_calendar_takes_the_banks_closed_days_from_settings(tmp_path: Path) -> None:
    from tests.unit.sync_helpers import open_ws

    ws = open_ws(tmp_path / "data")
    start = date(2025, 3, 3)  # a Monday
    ten = Deadline(days=10, working_days=True)
    plain = due_date(start, ten, ws.work_calendar())
    closed = [start + timedelta(days=n) for n in range(1, 8)]
    ws.set_setting("closed_days", [d.isoformat() for d in closed] + ["not a date"])
    assert ws.work_calendar().closed_days == frozenset(closed)
    later = due_date(start, ten, ws.work_calendar())
    assert plain == date(2025, 3, 17)
    assert later == date(2025, 3, 24)  # the five closed working days are skipped
    ws.close()
