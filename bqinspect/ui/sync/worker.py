"""Imports and exports on a worker process, so the window never waits for their interpreter lock.

A sync job holds the interpreter lock for long stretches in single C calls (validating a record,
parsing a large entry, reading rows); on a thread of the window's process every one of them
stalls the window. Here the job runs in a separate process that opens the same workspace,
reports progress, logs and its result (or its refusal) back through a pipe, and watches an event
the caller sets to cancel. A refusal comes back as the same exception with the same declared
messages, so it is shown in the reader's language as before. Cancelled work raises
:class:`Cancelled` before anything is written, as on a thread.

The process is spawned (not forked: the window runs Qt's threads), started ahead by
:func:`start_worker` and kept for the next job; one job runs on a worker at a time. This module
is Qt-free: the worker imports it and the core, never Qt.
"""

from __future__ import annotations

import functools
import importlib
import io
import logging
import multiprocessing
import os
import pickle
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bqinspect.base.errors import Refused
from bqinspect.base.progress import Cancelled, ProgressFn, no_progress
from bqinspect.domain import messages
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.messages import declare

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess
    from multiprocessing.synchronize import Event

    from bqinspect.services.inspections import InspectionRow
    from bqinspect.store.workspace import Workspace
    from bqinspect.sync.export import ExportResult
    from bqinspect.sync.imports import ImportResult

WORKER_STOPPED = declare(
    "ui.sync.worker.worker_stopped",
    "the background process running this job stopped before it reported back (exit code {code}); "
    "a package is imported or written whole or not at all: the import history, or the file, "
    "shows which",
    "执行此任务的后台进程在报告结果前停止（退出码 {code}）；"
    "数据包要么完整导入或写出，要么完全不变：导入记录或输出文件可确认结果",
)
RESULT_NOT_SENT = declare(
    "ui.sync.worker.result_not_sent",
    "the background process could not report what happened: {what}",
    "后台进程无法报告结果：{what}",
)

log = logging.getLogger(__name__)
R = TypeVar("R")

in_process = True  # a benchmark runs the jobs on the calling thread to measure the difference
NICE = 10  # the worker's lower priority (Unix), so that it never delays the window
POLL = 0.05  # how often the caller looks for a cancel while it waits for the worker (s)
REPORT_INTERVAL = 0.05  # the worker sends progress at most this often, but each new step's text


# the workspace, as the worker opens it ---------------------------------------------------------
@dataclass(frozen=True)
class Opening:
    """How a worker opens the caller's workspace: its data directory, its database, the actor
    and the role the installation acts in when the job starts."""

    home: Path
    url: str
    actor: str
    role: Role

    @classmethod
    def of(cls, ws: Workspace) -> Opening:
        return cls(ws.home, ws.db.url, ws.actor, ws.role())

    def open(self) -> Workspace:
        from bqinspect.store.workspace import open_workspace

        return open_workspace(self.home, self.url, actor=self.actor)


# the jobs (run in the worker) ------------------------------------------------------------------
def _import(
    ws: Workspace, progress: ProgressFn, *, path: Path, accept_signer: str | None
) -> ImportResult:
    from bqinspect.sync.imports import import_package as run

    return run(ws, path, accept_signer=accept_signer, progress=progress)


def _export(
    ws: Workspace,
    progress: ProgressFn,
    *,
    dest: Path,
    ids: list[uuid.UUID],
    recipients: list[str],
) -> ExportResult:
    from pyrage import x25519

    from bqinspect.sync.export import export_package as run
    from bqinspect.sync.export import leaves_the_office

    keys = [x25519.Recipient.from_str(r) for r in recipients]
    redact = leaves_the_office(ws)
    return run(ws, dest, ids, recipients=keys, redact=redact, progress=progress)


def import_package(
    ws: Workspace,
    path: Path,
    *,
    accept_signer: str | None = None,
    progress: ProgressFn = no_progress,
) -> ImportResult:
    """``sync.imports.import_package`` on a worker process."""
    job = functools.partial(_import, path=path, accept_signer=accept_signer)
    return run_job(ws, job, progress)


def export_package(
    ws: Workspace,
    dest: Path,
    inspection_ids: Sequence[uuid.UUID],
    *,
    recipients: Sequence[str] = (),
    progress: ProgressFn = no_progress,
) -> ExportResult:
    """``sync.export.export_package`` on a worker process, encrypted to ``recipients`` (age
    public keys as text) and redacted when the package leaves the office."""
    job = functools.partial(
        _export, dest=dest, ids=list(inspection_ids), recipients=list(recipients)
    )
    return run_job(ws, job, progress)


# exceptions through the pipe -------------------------------------------------------------------
def _exception(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """An exception rebuilt as it was, without calling its ``__init__`` (whose signature is
    often not its ``args``: a refusal's problems, a signer's fingerprint and status)."""
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, BaseException):
            return _exception, (type(obj), obj.args, dict(obj.__dict__))
        return NotImplemented


def _dumps(obj: Any) -> bytes:
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()


# the worker process ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Job:
    opening: Opening
    run: Callable[[Workspace, ProgressFn], Any]
    language: str
    log_level: int
    collector_tuned: bool


class _Sender:
    """The worker's end of the pipe: one message at a time, whichever thread sends."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()

    def send(self, *message: Any) -> None:
        data = _dumps(message)
        with self.lock:
            self.conn.send_bytes(data)


class _Relay:
    """The job's ``ProgressFn`` in the worker: reports thinned, cancel read from the event."""

    def __init__(self, sender: _Sender, cancel: Event) -> None:
        self.sender = sender
        self.cancel = cancel
        self._last = -1.0
        self._text: str | None = None

    def __call__(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        last_one = total > 0 and done >= total
        if text == self._text and not last_one and now - self._last < REPORT_INTERVAL:
            return
        self._last, self._text = now, text
        self.sender.send("progress", int(done), int(total), text)

    def cancelled(self) -> bool:
        return self.cancel.is_set()


class _LogToCaller(logging.Handler):
    def __init__(self, sender: _Sender) -> None:
        super().__init__()
        self.sender = sender

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.sender.send("log", record.levelno, record.name, record.getMessage())
        except Exception:  # a log line is never worth failing the job
            self.handleError(record)


def _serve(conn: Connection, cancel: Event) -> None:
    """The worker's loop: one job after another until the caller closes its end."""
    sender = _Sender(conn)
    if hasattr(os, "nice"):  # the window's thread runs first when both want the processor
        os.nice(NICE)
    root = logging.getLogger()
    root.handlers[:] = [_LogToCaller(sender)]
    importlib.import_module("bqinspect.sync.export")  # ready before the first job comes
    importlib.import_module("bqinspect.sync.imports")
    importlib.import_module("bqinspect.services.inspections")
    try:
        sender.send("ready")
        while True:
            job: _Job = pickle.loads(conn.recv_bytes())
            _run_one(job, sender, cancel)
    except (EOFError, OSError):  # the caller closed its end (or ended): so does the worker
        return


def _run_one(job: _Job, sender: _Sender, cancel: Event) -> None:
    from bqinspect.base import collector

    messages.set_language(job.language)
    logging.getLogger().setLevel(job.log_level)
    collector.tuned = job.collector_tuned
    try:
        ws = job.opening.open()
        try:
            with ws.acting_as(job.opening.role):
                result = job.run(ws, _Relay(sender, cancel))
        finally:
            ws.close()
    except Cancelled:
        sender.send("cancelled")
    except Exception as exc:
        if not isinstance(exc, Refused):
            exc.add_note("in the sync worker process:\n" + "".join(traceback.format_exc()))
        _send_outcome(sender, "failed", exc)
    else:
        _send_outcome(sender, "done", result)


def _send_outcome(sender: _Sender, kind: str, value: Any) -> None:
    try:
        sender.send(kind, value)
    except Exception as exc:  # something in it does not pickle: say what, never hang
        what = f"{type(value).__name__}: {value}"[:500] if kind == "failed" else repr(exc)
        sender.send("failed", RuntimeError(RESULT_NOT_SENT(what=what)))


class _Worker:
    """One worker process and the caller's end of its pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe()
        self.cancel: Event = context.Event()
        self.process: SpawnProcess = context.Process(
            target=_serve, args=(theirs, self.cancel), name="bqinspect-sync", daemon=True
        )
        self.process.start()
        theirs.close()
        self._ready = False  # it has said it imported the job's code

    def alive(self) -> bool:
        return self.process.is_alive()

    def ready(self) -> bool:
        """Whether it has started and imported the code of the jobs (looked at, not waited on:
        only while it is idle)."""
        if not self._ready and self.alive():
            try:
                if self.conn.poll(0):
                    self._ready = pickle.loads(self.conn.recv_bytes()) == ("ready",)
            except (EOFError, OSError):
                return False
        return self._ready

    def run(self, job: _Job, progress: ProgressFn) -> Any:
        """Send ``job``, relay its reports until it ends; its result, or its exception raised."""
        if progress.cancelled():  # before it starts: it stops at its first check
            self.cancel.set()
        else:
            self.cancel.clear()
        self.conn.send_bytes(_dumps(job))
        while True:
            if progress.cancelled():
                self.cancel.set()
            try:
                if not self.conn.poll(POLL):
                    if not self.alive():
                        raise self._stopped()
                    continue
                kind, *payload = pickle.loads(self.conn.recv_bytes())
            except (EOFError, OSError):  # the pipe broke: the process ended or is ending
                raise self._stopped() from None
            if kind == "ready":
                self._ready = True
            elif kind == "progress":
                progress(*payload)
            elif kind == "log":
                level, name, text = payload
                logger = logging.getLogger(name)
                if logger.isEnabledFor(level):
                    logger.log(level, "%s", text)
            elif kind == "cancelled":
                raise Cancelled()
            elif kind == "failed":
                raise payload[0]
            else:
                return payload[0]

    def _stopped(self) -> Refused:
        self.process.join(1)
        return Refused(WORKER_STOPPED(code=self.process.exitcode))

    def stop(self) -> None:
        self.conn.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()


_idle: list[_Worker] = []
_idle_lock = threading.Lock()


def _take() -> _Worker:
    with _idle_lock:
        while _idle:
            worker = _idle.pop()
            if worker.alive():
                return worker
    return _Worker()


def _take_ready() -> _Worker | None:
    """An idle worker that has started, or None (none is started for it)."""
    with _idle_lock:
        for worker in list(_idle):
            if not worker.alive():
                _idle.remove(worker)
            elif worker.ready():
                _idle.remove(worker)
                return worker
    return None


def _give_back(worker: _Worker) -> None:
    """Keep one idle worker for the next job; a second one (started while the first was busy)
    ends."""
    with _idle_lock:
        if not any(w.alive() for w in _idle):
            _idle.append(worker)
            return
    worker.stop()


def start_worker() -> None:
    """Start a worker ahead of the first job (when the Sync page is built), unless one is
    waiting; returns at once (the process imports the sync code meanwhile)."""
    if not in_process:
        return
    with _idle_lock:
        if any(w.alive() for w in _idle):
            return
    _give_back(_Worker())


def stop_workers() -> None:
    """End the waiting workers (they also end with this process)."""
    with _idle_lock:
        workers, _idle[:] = list(_idle), []
    for worker in workers:
        worker.stop()


def run_job(
    ws: Workspace, job: Callable[[Workspace, ProgressFn], R], progress: ProgressFn = no_progress
) -> R:
    """Run ``job(workspace, progress)`` on a worker process on the workspace ``ws`` opens;
    ``job`` must pickle (a module-level function, or a ``functools.partial`` of one). Blocks
    the calling thread (a pool thread) without holding the interpreter lock while it waits."""
    if not in_process:
        return job(ws, progress)
    return _run_on(_take(), ws, job, progress)


def read(
    ws: Workspace, job: Callable[[Workspace, ProgressFn], R], progress: ProgressFn = no_progress
) -> R:
    """Run a read (a list for a page) on the idle worker when there is one that has started,
    else on the calling thread: its rows are made without holding the window's interpreter
    lock, and a read never waits for a process to start or for a running job."""
    worker = _take_ready() if in_process else None
    if worker is None:
        return job(ws, progress)
    return _run_on(worker, ws, job, progress)


def list_inspections(ws: Workspace) -> list[InspectionRow]:
    """``services.inspections.list_inspections`` read on the idle worker (see :func:`read`)."""
    return read(ws, _list_inspections)


def _list_inspections(ws: Workspace, _progress: ProgressFn) -> list[InspectionRow]:
    from bqinspect.services.inspections import list_inspections as rows

    return rows(ws)


def _run_on(
    worker: _Worker, ws: Workspace, job: Callable[[Workspace, ProgressFn], R], progress: ProgressFn
) -> R:
    from bqinspect.base import collector

    # the worker sends its log lines from INFO up (or lower, as the caller logs): the caller's
    # loggers decide which to keep
    level = min(logging.getLogger().getEffectiveLevel(), logging.INFO)
    spec = _Job(Opening.of(ws), job, messages.language(), level, collector.tuned)
    try:
        result: R = worker.run(spec, progress)
    finally:
        if worker.alive():
            _give_back(worker)
    return result
