"""The head-office filter: periods, the previous period, and drafts that never count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bqinspect.analytics import filters
from bqinspect.analytics.filters import Filter, Period

CST = timezone(timedelta(hours=8))


def test_calendar_periods_and_their_predecessors() -> None:
    assert filters.previous(filters.month(2026, 1)) == filters.month(2025, 12)
    assert filters.previous(filters.quarter(2026, 1)) == filters.quarter(2025, 4)
    assert filters.previous(filters.quarter(2026, 3)).label == "2026Q2"
    assert filters.previous(filters.year(2026)).label == "2025"
    q = filters.quarter(2026, 4)
    assert (q.start, q.end) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def test_a_custom_range_includes_both_days_and_is_followed_by_one_as_long() -> None:
    days = filters.date_range(date(2026, 3, 10), date(2026, 3, 19))
    assert days.label == "2026-03-10…2026-03-19"
    assert days.contains(datetime(2026, 3, 19, 23, 59, tzinfo=UTC))
    assert not days.contains(datetime(2026, 3, 20, tzinfo=UTC))
    before = filters.previous(days)
    assert before.label == "2026-02-28…2026-03-09"
    assert before.length == days.length


def test_periods_begin_at_midnight_in_their_time_zone() -> None:
    march = filters.month(2026, 3, CST)
    assert march.start == datetime(2026, 2, 28, 16, tzinfo=UTC)
    assert march.contains(datetime(2026, 2, 28, 17, tzinfo=UTC))
    assert filters.previous(march).start.utcoffset() == timedelta(hours=8)


def test_a_period_is_aware_and_not_empty() -> None:
    with pytest.raises(ValueError, match="aware"):
        Period(datetime(2026, 1, 1), datetime(2026, 2, 1))
    with pytest.raises(ValueError, match="end after"):
        Period(datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC))


def test_drafts_never_count_even_when_asked_for() -> None:
    assert Filter().counted_statuses == ("submitted", "approved")
    assert Filter(statuses=("draft", "returned")).counted_statuses == ("returned",)
    assert Filter().previous() is None
    assert Filter(period=filters.month(2026, 5)).previous() == Filter(period=filters.month(2026, 4))
