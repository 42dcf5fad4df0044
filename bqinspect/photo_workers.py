"""Photo batches on worker processes (or threads): started ahead, kept between batches."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from typing import Literal

from PIL import Image

from bqinspect.base.progress import ProgressFn, no_progress
from bqinspect.photos import (
    CANNOT_DECODE_IMAGE,
    MAX_BYTES,
    MAX_PIXELS,
    IngestedPhoto,
    PhotoError,
    PhotoSource,
    RawPhoto,
    ingest_bytes,
    ingest_file,
)

log = logging.getLogger(__name__)

# Where a batch runs: separate processes (decoding scales with cores, the caller's interpreter
# lock stays free) or threads of this process.
Workers = Literal["process", "thread"]

_pools: dict[int, ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


def _process_pool(workers: int) -> ProcessPoolExecutor:
    """The photo processes, started on first use and kept for the next batch. Spawned, not
    forked: a fork of a process running Qt's threads is unsafe."""
    with _pools_lock:
        pool = _pools.get(workers)
        if pool is None:
            context = multiprocessing.get_context("spawn")
            pool = _pools[workers] = ProcessPoolExecutor(workers, mp_context=context)
        return pool


def _started() -> int:
    return os.getpid()


def start_workers(workers: int = 2) -> list[Future[int]]:
    """Start the photo processes ahead of a batch (while the user picks the files, say), so the
    first batch does not wait for them to start and import the decoders; returns at once.
    Each future gives the id of a process that is ready."""
    pool = _process_pool(max(1, workers))
    return [pool.submit(_started) for _ in range(max(1, workers))]


def _drop_process_pool(workers: int) -> None:
    """Forget a pool whose process died, so that the next photo starts a new one."""
    with _pools_lock:
        pool = _pools.pop(workers, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _ingest_one(
    source: PhotoSource, options: dict[str, int], pillow_limit: int | None
) -> IngestedPhoto | PhotoError:
    """One photo of a batch, in a worker; a refusal is returned, not raised."""
    if pillow_limit != Image.MAX_IMAGE_PIXELS:  # a new process starts with Pillow's default
        Image.MAX_IMAGE_PIXELS = pillow_limit
    try:
        if isinstance(source, RawPhoto):
            return ingest_bytes(source.data, source.name, **options)
        return ingest_file(source, **options)
    except PhotoError as exc:
        return exc


def _result(
    future: Future[IngestedPhoto | PhotoError], source: PhotoSource, workers: int
) -> IngestedPhoto | PhotoError:
    try:
        return future.result()
    except BrokenProcessPool as exc:  # the decoder crashed its process: refuse, start anew
        _drop_process_pool(workers)
        return PhotoError(
            str(source.name if isinstance(source, RawPhoto) else source),
            CANNOT_DECODE_IMAGE(name=type(exc).__name__, exc=exc),
        )


def ingest_many(
    sources: Sequence[PhotoSource],
    *,
    workers: int = 2,
    run_in: Workers = "process",
    progress: ProgressFn = no_progress,
    max_edge: int = 2048,
    thumb_edge: int = 320,
    quality: int = 85,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> list[IngestedPhoto | PhotoError]:
    """Ingest photos on ``workers`` processes (or threads); one photo, or one worker, runs
    on a thread of this process, without starting any process.

    Result ``i`` belongs to ``sources[i]``: an :class:`IngestedPhoto` or the
    :class:`PhotoError` that refused it. ``progress(done, total)`` and ``progress.cancelled()``
    are called on the calling thread. Once it is cancelled no new photo is started; photos
    already being processed are finished and the result is the shorter list for
    ``sources[:len(result)]``.
    """
    items = list(sources)
    total = len(items)
    options = {
        "max_edge": max_edge,
        "thumb_edge": thumb_edge,
        "quality": quality,
        "max_bytes": max_bytes,
        "max_pixels": max_pixels,
    }
    limit = Image.MAX_IMAGE_PIXELS
    width = max(1, workers)
    processes = run_in == "process" and total > 1 and width > 1
    results: list[IngestedPhoto | PhotoError | None] = [None] * total
    done = 0
    progress(0, total)
    with ThreadPoolExecutor(max_workers=width, thread_name_prefix="photo") as threads:
        running: dict[Future[IngestedPhoto | PhotoError], int] = {}
        next_index = 0
        stop = False
        while running or (next_index < total and not stop):
            # Keep at most `workers` photos in flight so a cancel stops promptly.
            while not stop and next_index < total and len(running) < width:
                if progress.cancelled():
                    stop = True
                    break
                pool: Executor = _process_pool(width) if processes else threads
                future = pool.submit(_ingest_one, items[next_index], options, limit)
                running[future] = next_index
                next_index += 1
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                results[index] = _result(future, items[index], width)
                done += 1
                progress(done, total)
            if not stop and progress.cancelled():
                stop = True
    out = [r for r in results[:next_index] if r is not None]
    if len(out) < total:
        log.info("photo ingest cancelled after %d of %d", len(out), total)
    return out
