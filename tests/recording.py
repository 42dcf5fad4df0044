"""A progress object for tests: records every report and cancels when told to."""

from __future__ import annotations

import threading
from collections.abc import Callable


class RecordingProgress:
    """Implements ``base.progress.ProgressFn``; ``stop(self)`` decides each ``cancelled()``."""

    def __init__(self, stop: Callable[[RecordingProgress], bool] = lambda _: False):
        self.stop = stop
        self.calls: list[tuple[int, int, str]] = []
        self.asked = 0  # how often cancelled() was asked
        self.threads: set[str] = set()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.calls.append((done, total, text))
        self.threads.add(threading.current_thread().name)

    def cancelled(self) -> bool:
        self.asked += 1
        return self.stop(self)

    @property
    def done(self) -> list[int]:
        return [done for done, _, _ in self.calls]


def cancelling() -> RecordingProgress:
    """A progress object that asks to stop from the start."""
    return RecordingProgress(lambda _: True)
