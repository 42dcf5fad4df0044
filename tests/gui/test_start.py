"""The start: the window is shown first, the workspace opened after it, off the GUI thread."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from bqinspect.base.errors import DatabaseError
from bqinspect.store.workspace import Workspace, open_workspace
from bqinspect.ui import app as app_module
from bqinspect.ui import i18n
from bqinspect.ui.context import AppContext
from bqinspect.ui.inspections.page import InspectionsPage
from bqinspect.ui.main_window import PAGE_KEY, PAGES, MainWindow
from bqinspect.ui.opening import WorkspaceOpener
from bqinspect.ui.pages.forms import FormsPage
from bqinspect.ui.tasks import InlinePool, make_task, start_task


def _settings(tmp_path: Path) -> QSettings:
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    settings.setValue(i18n.SETTINGS_KEY, "en")
    return settings


@pytest.fixture
def kept_style(qapp):  # type: ignore[no-untyped-def]
    """run_gui styles the one QApplication: put its font and sheet back afterwards."""
    font, sheet = qapp.font(), qapp.styleSheet()
    yield qapp
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)
    i18n.Translators.of(qapp).apply("en")


def test_the_window_shows_that_the_workspace_opens_and_builds_no_page_before(
    workspace, qtbot, tmp_path
):
    ctx = AppContext(None, _settings(tmp_path), pool=InlinePool())
    ctx.language = "en"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert not ctx.is_open
    assert window.opening is not None and window.stack.currentWidget() is window.opening
    assert window.opening.text() == "Opening the data…"
    assert window.workspace_label.text() == "Opening the data…"
    assert [name for name in window.page_names() if window.pages.built(name)] == []
    with pytest.raises(RuntimeError):
        _ = ctx.workspace

    with qtbot.waitSignal(window.first_page_filled) as filled:
        ctx.open_with(workspace)
    assert filled.args == ["inspections"]
    page = window.stack.currentWidget()
    assert isinstance(page, InspectionsPage) and page.is_filled
    assert window.opening is None
    assert window.stack.count() == len(PAGES)
    assert "Database:" in window.workspace_label.text()


def test_pages_chosen_while_opening_are_safe_and_the_last_one_is_shown(workspace, qtbot, tmp_path):
    ctx = AppContext(None, _settings(tmp_path))  # a real pool: the workspace opens on it
    ctx.language = "en"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()

    def slow_open() -> Workspace:
        assert release.wait(30)
        return workspace

    opener = WorkspaceOpener(ctx, slow_open, ctx)
    opener.start()
    try:
        for name in window.page_names():
            assert window.show_page(name) is None  # only remembered
            assert window.stack.currentWidget() is window.opening
        window.new_action.trigger()
        for action in window.page_actions:
            action.trigger()
        window.nav.setCurrentRow(window.page_names().index("forms"))
        assert [name for name in window.page_names() if window.pages.built(name)] == []
    finally:
        release.set()
    with qtbot.waitSignal(window.first_page_filled, timeout=30_000) as filled:
        pass
    assert filled.args == ["forms"]
    assert isinstance(window.stack.currentWidget(), FormsPage)
    assert ctx.settings.value(PAGE_KEY) == "forms"
    ctx.pool.waitForDone()


def test_the_workspace_language_applies_when_the_window_state_has_none(
    workspace, kept_style, qtbot, tmp_path
):
    workspace.set_setting("ui_lang", "zh_CN")
    ctx = AppContext(None, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ctx.language = "en"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(ctx.workspace_opened, timeout=30_000):
        WorkspaceOpener(ctx, lambda: workspace, ctx).start()
    assert ctx.language == "zh_CN"
    assert i18n.Translators.of(kept_style).language == "zh_CN"
    ctx.pool.waitForDone()


def test_run_gui_shows_the_window_then_opens_the_workspace_off_the_gui_thread(
    workspace, kept_style, qtbot, tmp_path, monkeypatch, capsys
):
    seen: dict[str, object] = {}
    start = WorkspaceOpener.start
    # other tests' windows may live on; held here, so that none of their ids can be reused
    earlier = QApplication.topLevelWidgets()

    def start_after_shown(self: WorkspaceOpener):  # type: ignore[no-untyped-def]
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and not any(w is e for e in earlier)
        ]
        seen["shown when opening"] = [w.isVisible() for w in windows]
        return start(self)

    def factory() -> Workspace:
        seen["opened on the GUI thread"] = threading.current_thread() is threading.main_thread()
        return workspace

    monkeypatch.setattr(WorkspaceOpener, "start", start_after_shown)
    code = app_module.run_gui(factory, settings=_settings(tmp_path), smoke_test=True)
    assert code == 0
    assert seen == {"shown when opening": [True], "opened on the GUI thread": False}
    assert capsys.readouterr().out.splitlines() == ["main window shown", "first page filled"]
    # the app is left able to run the next event loop (no quit outlives run_gui)
    ctx = AppContext(workspace, _settings(tmp_path))
    task = make_task(lambda _progress: 42, parent=ctx)
    with qtbot.waitSignal(task.succeeded, timeout=30_000) as done:
        start_task(task, ctx.pool)
    assert done.args == [42]
    ctx.pool.waitForDone()


def test_run_gui_from_the_command_line_keeps_the_window_state_of_the_data_dir(
    kept_style, tmp_path, capsys
):
    home = tmp_path / "data"
    with open_workspace(home) as ws:
        state = app_module.ui_settings(ws)
        state.setValue(i18n.SETTINGS_KEY, "en")
        state.setValue(PAGE_KEY, "branches")
        state.sync()
    args = argparse.Namespace(data_dir=str(home), db_url=None, smoke_test=True)
    assert app_module.run_gui(args) == 0
    assert capsys.readouterr().out.splitlines() == ["main window shown", "first page filled"]
    assert app_module.ui_settings_at(home).value(PAGE_KEY) == "branches"


def test_a_workspace_that_cannot_open_is_told_over_the_window_and_the_app_exits_1(
    kept_style, tmp_path, monkeypatch
):
    told: list[tuple[str, bool]] = []

    def exec_box(box: QMessageBox) -> int:
        parent = box.parentWidget()
        told.append((box.text(), isinstance(parent, MainWindow) and parent.isVisible()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)

    def refused() -> Workspace:
        raise DatabaseError("bqinspect.sqlite: the upgrade of the schema was refused")

    assert app_module.run_gui(refused, settings=_settings(tmp_path)) == 1
    assert len(told) == 1
    text, over_the_window = told[0]
    assert text.startswith("The data could not be opened:")
    assert "upgrade of the schema was refused" in text
    assert over_the_window


def test_a_bug_while_opening_shows_the_crash_dialog_and_the_app_exits_1_once_it_is_read(
    kept_style, tmp_path, monkeypatch
):
    shown: list[tuple[QMessageBox.Icon, str]] = []

    def show_and_read(box: QMessageBox) -> None:
        shown.append((box.icon(), box.detailedText()))
        QTimer.singleShot(0, lambda: box.done(0))  # the user reads it and closes it

    monkeypatch.setattr(QMessageBox, "show", show_and_read)

    def buggy() -> Workspace:
        raise ValueError("a bug")

    assert app_module.run_gui(buggy, settings=_settings(tmp_path), smoke_test=True) == 1
    assert len(shown) == 1
    icon, details = shown[0]
    assert icon == QMessageBox.Icon.Critical
    assert "ValueError: a bug" in details
