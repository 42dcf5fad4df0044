"""The lists refresh as soon as an import or a change made elsewhere in the window lands."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QWidget

from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import ImportResult, import_package
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.inspections import model as cols
from bqinspect.ui.inspections.page import InspectionsPage
from bqinspect.ui.main_window import MainWindow
from bqinspect.ui.pages.branches import BranchesPage
from bqinspect.ui.pages.rectifications import RectificationsPage
from bqinspect.ui.sync.page import SyncPage
from tests.gui.gui_data import add_branch, answer_all, make_ctx, start
from tests.unit.sync_helpers import field_with_inspections, open_ws, trust


@pytest.fixture
def field(tmp_path: Path) -> Iterator[tuple[Workspace, list[uuid.UUID]]]:
    ws, ids = field_with_inspections(tmp_path / "field", 5)
    yield ws, ids
    ws.close()


@pytest.fixture
def office(tmp_path: Path, field) -> Iterator[Workspace]:  # type: ignore[no-untyped-def]
    ws = open_ws(tmp_path / "office")
    ws.set_setting("device_name", "head-office")
    trust(ws, field[0], tmp_path)
    add_branch(ws, "0100", "总行营业部")
    yield ws
    ws.close()


def _window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def _import(qtbot, window: MainWindow, package: Path) -> ImportResult:  # type: ignore[no-untyped-def]
    sync = window.pages["sync"]
    assert isinstance(sync, SyncPage)
    with qtbot.waitSignal(sync.import_finished) as done:
        sync.import_panel.import_file(package)
    result = done.args[0]
    assert isinstance(result, ImportResult), result
    return result


def _page(window: MainWindow, name: str, kind: type[QWidget]) -> QWidget:
    page = window.pages[name]
    assert isinstance(page, kind)
    return page


def test_an_import_shows_in_every_list_without_a_restart(qtbot, field, office, tmp_path):
    ws, ids = field
    package = export_package(ws, tmp_path / "p.bqpkg", ids[:3]).path
    window = _window(qtbot, make_ctx(office, tmp_path, threaded=True))
    inspections = _page(window, "inspections", InspectionsPage)
    assert isinstance(inspections, InspectionsPage)
    assert window.stack.currentWidget() is inspections
    qtbot.waitUntil(lambda: inspections.last_load is not None)  # read off the GUI thread
    assert inspections.model.rowCount() == 0
    assert inspections.stack.currentWidget() is inspections.empty
    rect = _page(window, "rectifications", RectificationsPage)
    assert isinstance(rect, RectificationsPage)
    assert rect.proxy.rowCount() == 0
    branches = _page(window, "branches", BranchesPage)
    assert isinstance(branches, BranchesPage)
    assert branches.model.row_of("0231") < 0

    assert _import(qtbot, window, package).counts()["new"] == 3

    # the list in front shows the new rows at once
    qtbot.waitUntil(lambda: inspections.model.rowCount() == 3)
    assert inspections.stack.currentWidget() is inspections.table
    assert "3 inspection(s)" in inspections.count.text()
    assert inspections.branch.findData("0231") >= 0, "the branch filter offers the new branch"
    # the pages behind it reload when they are shown
    window.show_page("rectifications")
    qtbot.waitUntil(lambda: rect.proxy.rowCount() == 3)  # one failed item in each
    assert {r.branch_code for r in rect.model.rows()} == {"0231"}
    window.show_page("branches")
    qtbot.waitUntil(lambda: branches.model.row_of("0231") >= 0)
    assert "2 branches" in branches.count_label.text()


def test_a_reload_keeps_the_selected_row_and_the_scroll_position(qtbot, field, office, tmp_path):
    ws, ids = field
    import_package(office, export_package(ws, tmp_path / "p1.bqpkg", ids[:4]).path)
    second = export_package(ws, tmp_path / "p2.bqpkg", ids[4:]).path
    window = _window(qtbot, make_ctx(office, tmp_path, threaded=True))
    page = _page(window, "inspections", InspectionsPage)
    assert isinstance(page, InspectionsPage)
    qtbot.waitUntil(lambda: page.last_load is not None)  # read off the GUI thread
    assert page.model.rowCount() == 4
    page.table.setFixedHeight(page.table.horizontalHeader().height() + 70)
    bar = page.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert page.select(ids[3])  # the newest: the top row
    bar.setValue(bar.maximum())  # scrolled away from the selected row
    scrolled = bar.value()

    _import(qtbot, window, second)

    qtbot.waitUntil(lambda: page.model.rowCount() == 5)
    assert page.selected_id() == ids[3]
    assert bar.value() == scrolled


def test_a_submission_in_the_editor_shows_in_the_status_column(qtbot, workspace, tmp_path):
    insp = start(workspace, "branch-onsite")
    answer_all(workspace, insp.id)
    ctx = make_ctx(workspace, tmp_path)
    window = _window(qtbot, ctx)
    page = _page(window, "inspections", InspectionsPage)
    assert isinstance(page, InspectionsPage)

    def status_shown() -> str:
        index = page.model.index(page.model.row_of(insp.id), cols.STATUS)
        return str(index.data())

    assert status_shown() == "Draft"
    ctx.open_inspection.emit(insp.id)
    editor = window.editor
    assert isinstance(editor, InspectionEditor)
    dialog = editor.open_submit()
    assert dialog is not None
    dialog.inspector.pad.add_stroke([QPointF(10, 30), QPointF(60, 50), QPointF(120, 20)])
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    editor.header.back_button.click()
    qtbot.waitUntil(lambda: status_shown() == "Submitted")


def test_a_hidden_page_reloads_once_when_it_is_shown(qtbot, workspace, tmp_path):
    ctx = make_ctx(workspace, tmp_path)
    host = QWidget()
    qtbot.addWidget(host)
    front, back = QWidget(host), QWidget(host)
    reloads: list[frozenset[str]] = []
    changes.Reloader(ctx, back, {changes.INSPECTION, changes.BRANCH}, reloads.append)
    host.show()
    back.hide()
    ctx.data_changed.emit(changes.INSPECTION)
    ctx.data_changed.emit(changes.SETTINGS)  # not something this page shows
    ctx.data_changed.emit(changes.ALL)
    assert reloads == []
    back.show()
    assert reloads == [frozenset({changes.INSPECTION, changes.BRANCH})]
    front.hide()
    back.hide()
    back.show()
    assert len(reloads) == 1, "nothing new was announced"
    ctx.data_changed.emit(changes.BRANCH)
    assert reloads[-1] == frozenset({changes.BRANCH})


def test_resolving_a_conflict_is_announced(qtbot, field, office, tmp_path):
    ws, ids = field
    import_package(office, export_package(ws, tmp_path / "p1.bqpkg", ids[:1]).path)
    svc.set_note(office, ids[0], "ENV-04", "总行复核", why="复核")  # both sides edit revision 1
    svc.set_note(ws, ids[0], "ENV-04", "补记：门前施工", why="补记")
    second = export_package(ws, tmp_path / "p2.bqpkg", ids[:1]).path
    ctx = make_ctx(office, tmp_path)
    window = _window(qtbot, ctx)
    sync = _page(window, "sync", SyncPage)
    assert isinstance(sync, SyncPage)
    window.show_page("sync")
    _import(qtbot, window, second)
    assert sync.conflicts_model.rowCount() == 1
    announced: list[str] = []
    ctx.data_changed.connect(announced.append)
    sync.conflicts_table.selectRow(0)
    qtbot.mouseClick(sync.resolve_button, Qt.MouseButton.LeftButton)
    assert announced == [changes.INSPECTION]
    assert sync.conflicts_model.rowCount() == 0
