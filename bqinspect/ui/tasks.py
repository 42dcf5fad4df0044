"""One background-task primitive: run work on a thread pool, report progress, allow cancel.

Workers never touch widgets: results, errors and progress arrive on the GUI thread through
queued signals. The pool comes from the application context; tests give it an
:class:`InlinePool`, which runs each task on the calling thread through the same signals.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, Signal

from bqinspect.base.progress import Cancelled

log = logging.getLogger(__name__)


class Progress:
    """Handed to the work function: the ``base.progress.ProgressFn`` of its task.

    Reports reach the GUI thread at most every ``INTERVAL`` seconds, except a new step's text
    and the last one (``done == total``): a job reporting each of its 1,000 records would
    otherwise have the GUI thread take the interpreter lock from the worker 1,000 times.
    """

    INTERVAL = 0.05

    def __init__(self, task: Task):
        self._task = task
        self._last = -1.0  # when the last report was sent
        self._text: str | None = None

    def __call__(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        last_one = total > 0 and done >= total
        if text == self._text and not last_one and now - self._last < self.INTERVAL:
            return
        self._last, self._text = now, text
        self._task.progressed.emit(int(done), int(total), text)

    def cancelled(self) -> bool:
        return self._task.is_cancelled()


class TaskPool(Protocol):
    """Where tasks run: a ``QThreadPool`` or an :class:`InlinePool`."""

    def start(self, runnable: QRunnable) -> None: ...


class InlinePool:
    """Runs each task at once on the calling thread (tests); results come by the same signals."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


class Task(QObject):
    """A unit of background work. Connect to its signals before it starts."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    was_cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[Progress], Any],
        parent: QObject | None = None,
        *,
        result_stands: bool = False,
    ):
        super().__init__(parent)
        self._fn = fn
        self._result_stands = result_stands
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
            if self.is_cancelled() and not self._result_stands:
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


def make_task(
    fn: Callable[[Progress], Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    parent: QObject | None = None,
    result_stands: bool = False,
) -> Task:
    """Prepare ``fn(progress)`` with its callbacks, which run on the GUI thread.

    A task cancelled while ``fn`` still returns is reported cancelled and its result dropped (a
    list read that a newer one supersedes), unless ``result_stands``: work that had passed its
    last check when the cancel came (an import that committed) is reported as done.

    Keep the task and connect anything else (a progress dialog) first, then
    :func:`start_task`: on an :class:`InlinePool` it is over when that returns.
    """
    task = Task(fn, parent, result_stands=result_stands)
    if on_success:
        task.succeeded.connect(on_success)
    if on_error:
        task.failed.connect(on_error)
    if on_progress:
        task.progressed.connect(on_progress)
    if on_cancel:
        task.was_cancelled.connect(on_cancel)
    return task


def keep_long_lived() -> None:
    """A page has just taken a large result it keeps (a list's first rows): move the heap out
    of the collector's full passes (``gc.freeze``), so that the next full collection on the
    GUI thread does not walk 10,000 rows again. Objects stay freed by their reference counts;
    only cyclic garbage made before this call is kept."""
    gc.freeze()


def start_task(task: Task, pool: TaskPool) -> None:
    """Run a prepared task on ``pool``."""
    pool.start(_Runnable(task))
