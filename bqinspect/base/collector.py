"""The garbage collector during a long sync job: what was loaded before is frozen, young
objects are collected less often, so full collections do not walk the whole heap again and
again while the job holds the interpreter lock."""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

JOB_THRESHOLDS = (50_000, 20, 100)  # Python's defaults are (700, 10, 10)

tuned = True  # a benchmark turns it off to measure the effect
_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] = gc.get_threshold()


def _enter() -> None:
    global _depth, _saved
    with _lock:
        _depth += 1
        if _depth == 1:
            _saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(*JOB_THRESHOLDS)


def _leave() -> None:
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*_saved)
            gc.unfreeze()


def sync_job(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` (an import or an export) with the collector tuned for a long job."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not tuned:
            return fn(*args, **kwargs)
        _enter()
        try:
            return fn(*args, **kwargs)
        finally:
            _leave()

    return run
