"""One background-task primitive: run work on a thread pool, report progress, allow cancel.

Workers never touch widgets: results, errors and progress arrive on the GUI thread through
queued signals. Tests may pass ``pool=None`` to ``run_task`` with ``inline=True`` to run
the work synchronously.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from bqinspect.base.progress import Cancelled

log = logging.getLogger(__name__)


class Progress:
    """Handed to the work function: report progress and ask whether to stop."""

    def __init__(self, task: Task):
        self._task = task

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self._task.progressed.emit(int(done), int(total), text)

    def cancelled(self) -> bool:
        return self._task.is_cancelled()


class Task(QObject):
    """A unit of background work. Connect to its signals before it starts."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    was_cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self.delivered = False  # finished has reached the GUI thread (results handled before)
        self.finished.connect(self._mark_delivered)

    def _mark_delivered(self) -> None:
        self.delivered = True

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run_here(self) -> None:
        """Run the work in the calling thread (the runnable calls this on a pool thread)."""
        try:
            result = self._fn(Progress(self))
        except Cancelled:
            self.was_cancelled.emit()
        except Exception as exc:  # delivered to the GUI, which shows it
            log.debug("task failed: %s", "".join(traceback.format_exception(exc)))
            self.failed.emit(exc)
        else:
            if self.is_cancelled():
                self.was_cancelled.emit()
            else:
                self.succeeded.emit(result)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self._task.run_here()


def run_task(
    fn: Callable[[Progress], Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
    inline: bool = False,
    start: bool = True,
) -> Task:
    """Start ``fn(progress)`` off the GUI thread; callbacks run on the GUI thread.

    With ``start=False`` the task is only prepared: connect more (a progress dialog) and then
    call :func:`start_task`.
    """
    task = Task(fn, parent)
    if on_success:
        task.succeeded.connect(on_success)
    if on_error:
        task.failed.connect(on_error)
    if on_progress:
        task.progressed.connect(on_progress)
    if on_cancel:
        task.was_cancelled.connect(on_cancel)
    if start:
        start_task(task, pool=pool, inline=inline)
    return task


def start_task(task: Task, *, pool: QThreadPool | None = None, inline: bool = False) -> None:
    """Run a prepared task on ``pool`` (the global pool by default) or right here."""
    if inline:
        task.run_here()
    else:
        (pool or QThreadPool.globalInstance()).start(_Runnable(task))
