"""Jobs the sync worker's tests send to the worker process: Qt-free, importable from there."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from bqinspect.base.progress import Cancelled, ProgressFn
from bqinspect.store.workspace import Workspace

log = logging.getLogger(__name__)


def where(ws: Workspace, progress: ProgressFn) -> tuple[int, str, str]:
    """Where the job ran (process id), the role it acted in and the workspace it opened."""
    progress(1, 2, "first half")
    progress(2, 2, "second half")
    log.info("worked on %s", ws.home.name)
    return os.getpid(), ws.role().value, str(ws.setting("device_name"))


def until_cancelled(ws: Workspace, progress: ProgressFn, **_job: Any) -> None:
    """Reports a step, then waits until the caller cancels: a job cancelled halfway."""
    progress(0, 1, "importing")
    while not progress.cancelled():
        time.sleep(0.005)
    raise Cancelled()


def dies(ws: Workspace, progress: ProgressFn, **_job: Any) -> None:
    """The process ends in the middle of the job (as if it crashed)."""
    progress(0, 1, "importing")
    os._exit(3)
