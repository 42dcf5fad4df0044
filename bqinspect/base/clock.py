"""The program's one clock: aware UTC now and the local date, with a seam that fixes it in tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta


def _wall() -> datetime:
    return datetime.now(UTC)


_read: Callable[[], datetime] = _wall


def now() -> datetime:
    """This moment, aware, in UTC."""
    return _read()


def local_now() -> datetime:
    """This moment, aware, in the computer's time zone."""
    return now().astimezone()


def today() -> date:
    """Today's date where the computer is."""
    return local_now().date()


class FrozenClock:
    """Stands at a moment and moves on only by ``step`` per reading or by :meth:`advance`."""

    def __init__(self, at: datetime, step: timedelta = timedelta(0)):
        if at.tzinfo is None:
            raise ValueError("a frozen clock needs an aware moment")
        self._at = at.astimezone(UTC)
        self.step = step
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            at = self._at
            self._at = at + self.step
            return at

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at += delta

    def peek(self) -> datetime:
        """The moment the next reading gives, without moving the clock."""
        with self._lock:
            return self._at


@contextmanager
def frozen(at: datetime, step: timedelta = timedelta(0)) -> Iterator[FrozenClock]:
    """Inside the block every reading of this clock comes from a :class:`FrozenClock`."""
    global _read
    clock = FrozenClock(at, step)
    before, _read = _read, clock
    try:
        yield clock
    finally:
        _read = before
