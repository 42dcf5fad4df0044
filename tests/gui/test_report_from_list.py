"""Rectification notices from the inspections list: button, context menu, progress, cancel."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from bqinspect.photos import ingest_file
from bqinspect.report import verify_report
from bqinspect.services import inspections
from bqinspect.ui.inspections.page import InspectionsPage
from bqinspect.ui.widgets.progress import TaskProgressDialog
from tests.gui.gui_data import add_branch, answer_all, jpeg_file, make_ctx, start


def _signature_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (240, 80), (20, 40, 90, 255)).save(out, "PNG")
    return out.getvalue()


def _list_page(ws, qtbot, tmp_path, signature: bytes, threaded: bool = False) -> InspectionsPage:  # type: ignore[no-untyped-def]
    """The list: a submitted on-site inspection (a failed item with a photo) and a draft.

    Reports are recorded in ``page.opened`` instead of being opened in a viewer.
    """
    branch = add_branch(ws, "0231", "城东支行营业部")
    submitted = start(
        ws, "branch-onsite", branch, visit_start=datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
    )
    answer_all(ws, submitted.id, ENV_01="fail")
    inspections.set_note(ws, submitted.id, "ENV-01", "门头灯箱不亮")  # the deduction's reason
    photo = ingest_file(jpeg_file(tmp_path, "door.jpg"))
    inspections.attach_photo(ws, submitted.id, photo, item_id="ENV-01", caption="门头")
    inspections.add_signature(ws, submitted.id, "inspector", "王晓明", signature)
    inspections.submit(ws, submitted.id)
    start(ws, "mystery-cash", branch)
    view = InspectionsPage(make_ctx(ws, tmp_path, threaded=threaded))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitUntil(lambda: view.last_load is not None)  # the list is read on the pool
    opened: list[Path] = []
    view.reports.open_file = lambda path: opened.append(path) or True
    view.submitted_id = submitted.id  # type: ignore[attr-defined]
    view.opened = opened  # type: ignore[attr-defined]
    return view


@pytest.fixture
def page(workspace, qtbot, tmp_path):
    view = _list_page(workspace, qtbot, tmp_path, _signature_png())
    yield view
    qtbot.waitUntil(lambda: view.reports.pending() == [])


def test_branch_copy_is_built_with_progress_and_opened(page, workspace, qtbot):
    assert not page.report_button.isEnabled()  # nothing selected
    assert page.select(page.submitted_id)
    assert page.report_button.isEnabled()
    with qtbot.waitSignal(page.reports.done, timeout=60000) as blocker:
        page.report_button.branch_copy.trigger()
        assert page.findChild(TaskProgressDialog) is not None  # progress with a cancel button
    path = blocker.args[0]
    assert page.opened == [path]
    assert path.read_bytes().startswith(b"%PDF")
    assert path.parent == workspace.home / "reports"
    assert path.name.startswith("0231-20250310-") and path.name.endswith("-branch.pdf")
    assert verify_report(workspace, path).matches


def test_office_copy_from_the_context_menu(page, qtbot):
    assert page.select(page.submitted_id)
    index = page.table.selectionModel().selectedRows()[0]
    page.table.clearSelection()
    page.table.customContextMenuRequested.emit(page.table.visualRect(index).center())
    menu = page.context_menu
    assert menu is not None and menu.isVisible()
    assert page.selected_id() == page.submitted_id  # right-click selects the row
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Open",
        "Rectification notice: branch copy (PDF)",
        "Rectification notice: head-office copy (PDF)",
        "Audit trail…",
        "Revisions…",
    ]  # a submitted inspection cannot be deleted
    assert menu.defaultAction().text() == "Open"
    with qtbot.waitSignal(page.reports.done, timeout=60000) as blocker:
        next(a for a in menu.actions() if a.text() == texts[2]).trigger()
    assert blocker.args[0].name.endswith("-office.pdf")
    assert page.opened == [blocker.args[0]]


def test_cancel_leaves_no_file_and_opens_nothing(workspace, qtbot, tmp_path):
    # on a real pool, so that Cancel is pressed while the report is being built
    page = _list_page(workspace, qtbot, tmp_path, _signature_png(), threaded=True)
    assert page.select(page.submitted_id)
    with qtbot.waitSignal(page.reports.cancelled, timeout=60000):
        task = page.make_report("branch")
        assert task is not None
        dialog = page.findChild(TaskProgressDialog)
        assert dialog is not None
        cancel = dialog.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        cancel.click()
    qtbot.waitUntil(lambda: page.reports.pending() == [])
    assert page.opened == []
    assert list((workspace.home / "reports").iterdir()) == []


def test_warnings_of_a_finished_report_are_shown(workspace, qtbot, tmp_path):
    page = _list_page(workspace, qtbot, tmp_path, b"\x89PNG\r\n\x1a\n0")  # unreadable
    assert page.select(page.submitted_id)
    with qtbot.waitSignal(page.reports.done, timeout=60000) as blocker:
        page.make_report("branch")
    qtbot.waitUntil(lambda: page.reports.pending() == [])
    assert page.opened == [blocker.args[0]]  # the notice is still made and opened
    boxes = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "1 warning" in boxes[0].windowTitle()
    assert "signature of inspector" in boxes[0].detailedText()


def test_without_a_pdf_viewer_the_user_is_told_where_the_report_is(page, qtbot, tmp_path):
    asked: list[Path] = []
    page.reports.open_file = lambda path: asked.append(path) and False  # nothing opens anything
    assert page.select(page.submitted_id)
    messages: list[str] = []
    page.ctx.status_message.connect(messages.append)
    with qtbot.waitSignal(page.reports.done, timeout=60000) as blocker:
        page.report_button.branch_copy.trigger()
    path = blocker.args[0]
    box = page.reports.notice
    assert box is not None and box.isVisible()
    assert "no PDF viewer" in box.windowTitle()
    assert str(path) in box.text()
    assert any(str(path) in message for message in messages)  # and in the status bar

    folder = next(b for b in box.buttons() if b.text() == "Open folder")
    folder.click()
    assert asked == [path, path.parent]
    assert box.isVisible()  # the path stays readable
    assert "No file manager" in messages[-1]

    copy = next(b for b in box.buttons() if b.text() == "Save a copy…")
    copy.click()
    dialog = box.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert Path(dialog.selectedFiles()[0]).name == path.name  # a sensible default name
    target = tmp_path / "copies" / path.name
    target.parent.mkdir()
    dialog.fileSelected.emit(str(target))
    assert target.read_bytes() == path.read_bytes()


def test_the_notice_can_be_made_in_both_languages(page, qtbot):
    assert page.select(page.submitted_id)
    page.report_button.both_languages.setChecked(True)
    with qtbot.waitSignal(page.reports.done, timeout=60000):
        page.report_button.office_copy.trigger()
    assert page.reports.last is not None and page.reports.last.lang == "both"
    assert page.reports.notice is None  # opened in the viewer: nothing to tell
