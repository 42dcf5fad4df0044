"""The program's clock: aware UTC readings, the local date, and the frozen seam for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bqinspect.base import clock
from bqinspect.store.models import utcnow


def test_readings_are_aware_and_in_utc() -> None:
    assert clock.now().tzinfo is UTC
    assert clock.local_now().utcoffset() is not None


def test_a_frozen_clock_stands_still_moves_by_step_and_is_put_back() -> None:
    wall = clock.now()
    at = datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=8)))
    with clock.frozen(at) as frozen:
        assert clock.now() == clock.now() == at and clock.now().tzinfo is UTC
        assert utcnow() == at  # the default of every time column reads the same clock
        assert clock.today() == at.astimezone().date()
        frozen.advance(timedelta(seconds=2))
        frozen.step = timedelta(milliseconds=5)
        assert clock.now() == at + timedelta(seconds=2)
        assert clock.now() - at == timedelta(seconds=2, milliseconds=5)
        assert frozen.peek() == at + timedelta(seconds=2, milliseconds=10)
    assert clock.now() >= wall  # the real clock again


def test_a_frozen_clock_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError, match="aware"):
        clock.FrozenClock(datetime(2025, 1, 1))


def test_the_fixture_stands_far_from_midnight(frozen_clock) -> None:  # type: ignore[no-untyped-def]
    assert clock.local_now() == datetime(2025, 3, 10, 10, 0).astimezone()
    assert str(clock.today()) == "2025-03-10"
