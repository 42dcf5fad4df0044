"""Progress reporting and cancel for long sync work, injected by the GUI, the CLI or tests."""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled; nothing was written."""


class ProgressFn(Protocol):
    """``progress(done, total, text)``; ``progress.cancelled()`` asks whether to stop."""

    def __call__(self, done: int, total: int, text: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class _NoProgress:
    def __call__(self, done: int, total: int, text: str = "") -> None:
        return None

    def cancelled(self) -> bool:
        return False


no_progress: ProgressFn = _NoProgress()


def check(progress: ProgressFn) -> None:
    if progress.cancelled():
        raise Cancelled()
