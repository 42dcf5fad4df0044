"""Submission: blocked by what is missing (click → jump to the item), signatures, read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from bqinspect.services import inspections
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.editor.submit import ITEM_ROLE, MissingListModel, SubmitDialog
from tests.gui.gui_data import answer_all, focused, jpeg_file, make_ctx, show_active, start


@pytest.fixture
def editor(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    answer_all(workspace, insp.id, ENV_01="fail")  # ENV-01 needs a photo when it fails
    inspections.set_note(workspace, insp.id, "ENV-01", "标牌破损")  # the deduction's reason
    widget = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def sign(dialog_pad) -> None:  # type: ignore[no-untyped-def]
    dialog_pad.add_stroke([QPointF(10, 30), QPointF(60, 50), QPointF(120, 20)])


def test_missing_photo_blocks_and_jumps_to_the_item(editor, workspace, qtbot, tmp_path):
    dialog = editor.open_submit()
    assert isinstance(dialog, SubmitDialog)
    assert dialog.isVisible()
    rows = [dialog.model.index(r, 0).data(ITEM_ROLE) for r in range(dialog.model.rowCount())]
    assert rows == ["ENV-01"]
    assert "photo" in dialog.model.index(0, 0).data()
    sign(dialog.inspector.pad)
    assert not dialog.submit_button.isEnabled()  # still blocked by the photo

    editor.focus_item("STF-01")
    index = dialog.model.index(0, 0)
    rect = dialog.list.visualRect(index)
    with qtbot.waitSignal(dialog.jump_requested) as blocker:
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["ENV-01"]
    assert not dialog.isVisible()
    assert editor.current is not None and editor.current.item_id == "ENV-01"
    assert focused() is editor.current

    with qtbot.waitSignal(editor.intake.finished, timeout=10000):
        editor.add_photo_files("ENV-01", [jpeg_file(tmp_path)])
    dialog = editor.open_submit()
    assert dialog is not None and dialog.model.rowCount() == 0
    assert not dialog.submit_button.isEnabled()  # now only the signature is missing
    sign(dialog.inspector.pad)
    dialog.manager_check.setChecked(True)
    assert not dialog.submit_button.isEnabled()  # the manager said they sign: pad empty
    sign(dialog.manager.pad)
    assert dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    stored = inspections.get_inspection(workspace, editor.session.inspection_id)
    assert stored.status == "submitted"
    roles = sorted(s.role for s in inspections.signatures_of(workspace, stored.id))
    assert roles == ["inspector", "manager"]
    assert editor.open_submit() is None  # nothing more to submit
    assert editor.header.score.text() == f"{stored.overall_score:.1f}"


def test_missing_model(qtmodeltester, editor) -> None:
    model = MissingListModel(editor.session.form, "zh")
    model.set_missing(editor.session.check())
    qtmodeltester.check(model)
    assert model.rowCount() == 1
