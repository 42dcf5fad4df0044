"""The one progress-and-cancel protocol for long work, injected by the GUI, the CLI or tests."""

from __future__ import annotations

from typing import Protocol, TextIO


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
    """Raise :class:`Cancelled` when the caller asked to stop."""
    if progress.cancelled():
        raise Cancelled()


class TextProgress:
    """Progress as text lines for a terminal: one line per step and tenth; never cancels."""

    def __init__(self, stream: TextIO, enabled: bool = True):
        self.stream = stream
        self.enabled = enabled
        self._last: tuple[str, int] = ("", -1)

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        tenth = int(10 * done / total)
        if (text, tenth) != self._last:
            self._last = (text, tenth)
            self.stream.write(f"  {text or 'working'}: {100 * done // total}%\n")

    def cancelled(self) -> bool:
        return False


class Steps:
    """A stage of a larger job: reports its own steps as ``offset + done`` of ``total``."""

    def __init__(self, progress: ProgressFn, offset: int, total: int, text: str):
        self.progress = progress
        self.offset = offset
        self.total = total
        self.text = text

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.progress(self.offset + done, self.total, text or self.text)

    def cancelled(self) -> bool:
        return self.progress.cancelled()
