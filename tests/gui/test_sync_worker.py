"""Imports and exports run on a worker process: progress and cancel reach it, refusals come back
in the reader's language, and a job that stops or is cancelled leaves the database as it was."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from bqinspect.base.progress import Cancelled
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.history import import_history
from bqinspect.sync.imports import ImportResult
from bqinspect.ui import i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync import worker
from bqinspect.ui.sync.page import SyncPage
from bqinspect.ui.tasks import InlinePool, make_task, start_task
from tests.gui import sync_jobs
from tests.unit.sync_helpers import (
    db_content_hash,
    field_with_inspections,
    open_ws,
    rebuild,
    record_names,
    trust,
    zip_entries,
)

Field = tuple[Workspace, list[uuid.UUID]]


class Recorder:
    """A ``ProgressFn`` that keeps every report; cancelled from the start when asked."""

    def __init__(self, cancelled: bool = False) -> None:
        self.seen: list[tuple[int, int, str]] = []
        self._cancelled = cancelled

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.seen.append((done, total, text))

    def cancelled(self) -> bool:
        return self._cancelled


@pytest.fixture
def field(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, ids = field_with_inspections(tmp_path / "field", 3)
    yield ws, ids
    ws.close()


@pytest.fixture
def office(tmp_path: Path, field):  # type: ignore[no-untyped-def]
    ws = open_ws(tmp_path / "office")
    ws.set_setting("device_name", "head-office")
    trust(ws, field[0], tmp_path)
    yield ws
    ws.close()


@pytest.fixture
def package(tmp_path: Path, field) -> Path:  # type: ignore[no-untyped-def]
    ws, ids = field
    return export_package(ws, tmp_path / "p.bqpkg", ids).path


@pytest.fixture(autouse=True)
def _english_after(qtbot: QtBot) -> Iterator[None]:
    """A test that shows the page in Chinese leaves the application in English."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        i18n.Translators.of(app).apply("en")


def _page(qtbot: QtBot, ws: Workspace, tmp_path: Path, lang: str = "en") -> SyncPage:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(ws, settings, pool=InlinePool())
    i18n.set_language(ctx, lang)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def test_a_job_runs_in_a_worker_process_reporting_progress_and_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ws = open_ws(tmp_path / "desk")
    try:
        ws.set_setting("device_name", "总行桌面")
        progress = Recorder()
        with caplog.at_level(logging.INFO, logger=sync_jobs.__name__):
            pid, role, device = worker.run_job(ws, sync_jobs.where, progress)
        assert pid != os.getpid()
        assert (role, device) == (ws.role().value, "总行桌面")
        assert progress.seen == [(1, 2, "first half"), (2, 2, "second half")]
        assert "worked on desk" in caplog.text
        with ws.acting_as(Role.LEAD):  # the role the window acts in goes with the job
            again, role, _device = worker.run_job(ws, sync_jobs.where, Recorder())
        assert role == Role.LEAD.value
        assert again == pid, "the process is kept for the next job"
    finally:
        ws.close()


def test_a_read_runs_on_the_idle_worker_and_never_starts_one(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "desk")
    try:
        first, _role, _device = worker.run_job(ws, sync_jobs.where, Recorder())  # now idle
        pid, _role, _device = worker.read(ws, sync_jobs.where)
        assert pid == first != os.getpid()
        worker.stop_workers()
        pid, _role, _device = worker.read(ws, sync_jobs.where)
        assert pid == os.getpid(), "no idle worker: the read stays on the calling thread"
    finally:
        ws.close()


def test_the_page_imports_on_the_worker_with_its_progress(
    qtbot: QtBot, office: Workspace, package: Path, tmp_path: Path
) -> None:
    page = _page(qtbot, office, tmp_path)
    panel = page.import_panel
    shown: list[tuple[int, int, str]] = []
    original = panel._import_progressed

    def progressed(done: int, total: int, text: str) -> None:
        shown.append((done, total, text))
        original(done, total, text)

    panel._import_progressed = progressed  # type: ignore[method-assign]
    with qtbot.waitSignal(page.import_finished) as done:
        page.import_file(package)
    assert isinstance(done.args[0], ImportResult)
    steps = [text for _done, _total, text in shown]
    assert {"checking", "checking records", "importing"} <= set(steps)
    last_done, last_total, last_text = shown[-1]
    assert last_done == last_total >= 3 and last_text == "importing", "the bar ends full"
    assert "3 new, 0 updated, 0 unchanged, 0 conflicts, 0 refused" in page.import_summary.text()
    assert page.export_model.rowCount() == 3, "the lists show what the worker imported"


def test_cancel_reaches_the_worker_and_nothing_is_imported(
    qtbot: QtBot, office: Workspace, package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "_import", sync_jobs.until_cancelled)
    page = _page(qtbot, office, tmp_path)
    panel = page.import_panel
    before = db_content_hash(office)
    original = panel._import_progressed

    def progressed(done: int, total: int, text: str) -> None:
        original(done, total, text)
        if text == "importing":
            assert panel.import_cancel_button.isVisible()
            qtbot.mouseClick(panel.import_cancel_button, Qt.MouseButton.LeftButton)

    panel._import_progressed = progressed  # type: ignore[method-assign]
    with qtbot.waitSignal(page.import_finished) as done:
        page.import_file(package)
    assert done.args[0] is None
    assert page.import_summary.text() == "Import cancelled. Nothing was changed."
    assert db_content_hash(office) == before
    monkeypatch.undo()  # the same worker imports the package for real next, not cancelled
    panel._import_progressed = original  # type: ignore[method-assign]
    with qtbot.waitSignal(page.import_finished) as done:
        page.import_file(package)
    assert isinstance(done.args[0], ImportResult) and done.args[0].changed


def test_an_import_cancelled_before_it_starts_writes_nothing(
    office: Workspace, package: Path
) -> None:
    before = db_content_hash(office)
    with pytest.raises(Cancelled):
        worker.import_package(office, package, progress=Recorder(cancelled=True))
    assert db_content_hash(office) == before
    assert import_history(office) == []


def test_an_export_cancelled_in_the_worker_writes_no_file(
    qtbot: QtBot, field: Field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _ids = field
    monkeypatch.setattr(worker, "_export", sync_jobs.until_cancelled)
    page = _page(qtbot, ws, tmp_path)
    wizard = page.export_wizard
    page.check_where(lambda _row: True)
    page.go_to_step(SyncPage.STEP_DESTINATION)
    out = tmp_path / "out.bqpkg"
    page.destination.setText(str(out))

    def progressed(*_report: object) -> None:
        qtbot.mouseClick(wizard.export_cancel_button, Qt.MouseButton.LeftButton)

    wizard.export_progress.valueChanged.connect(progressed)
    with qtbot.waitSignal(page.export_finished) as done:
        page.start_export()
    assert done.args[0] is None
    assert page.export_summary.text() == "Export cancelled. No file was written."
    assert not out.exists()
    assert all(r.exported_at is None for r in svc.list_inspections(ws))


def test_a_refusal_from_the_worker_is_shown_in_chinese_then_english(
    qtbot: QtBot, office: Workspace, package: Path, tmp_path: Path
) -> None:
    name = record_names(package)[0]
    data = dict((i.filename, d) for i, d in zip_entries(package))[name]
    bad = rebuild(package, tmp_path / "bad.bqpkg", replace={name: data + b"\n"})
    page = _page(qtbot, office, tmp_path, "zh_CN")
    before = db_content_hash(office)
    with qtbot.waitSignal(page.import_finished) as done:
        page.import_file(bad)
    assert isinstance(done.args[0], Exception)
    text = page.import_summary.text()
    assert text.startswith("数据包被拒绝，未做任何更改。")
    assert "签名后被修改（sha256 与清单不符）" in text
    assert db_content_hash(office) == before
    i18n.set_language(page.ctx, "en")  # the refusal is words, rendered when it is shown
    assert "refused and nothing was changed" in page.import_summary.text()
    assert "altered after signing" in page.import_summary.text()


def test_a_worker_that_dies_is_a_refusal_and_the_next_job_gets_a_new_one(
    qtbot: QtBot, office: Workspace, package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "_import", sync_jobs.dies)
    page = _page(qtbot, office, tmp_path, "zh_CN")
    before = db_content_hash(office)
    with qtbot.waitSignal(page.import_finished) as done:
        page.import_file(package)
    assert isinstance(done.args[0], Exception)
    assert "执行此任务的后台进程在报告结果前停止（退出码 3）" in page.import_summary.text()
    assert db_content_hash(office) == before
    monkeypatch.undo()
    with qtbot.waitSignal(page.import_finished) as done:
        page.import_file(package)
    assert isinstance(done.args[0], ImportResult) and done.args[0].changed


def test_a_result_that_stands_is_reported_although_cancel_came_late(qtbot: QtBot) -> None:
    """The job had passed its last check when the user cancelled: what it wrote is reported."""
    outcomes: list[object] = []
    for stands in (True, False):
        holder: list = []

        def work(progress, holder=holder):  # type: ignore[no-untyped-def]
            progress(1, 1, "importing")  # the user cancels on this report
            return "written"

        task = make_task(
            work,
            on_success=outcomes.append,
            on_progress=lambda *_r, holder=holder: holder[0].cancel(),
            on_cancel=lambda: outcomes.append("cancelled"),
            result_stands=stands,
        )
        holder.append(task)
        start_task(task, InlinePool())
    assert outcomes == ["written", "cancelled"]


def test_the_worker_module_loads_no_qt() -> None:
    code = (
        "import sys, bqinspect.ui.sync.worker; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
