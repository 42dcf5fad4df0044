"""Review mode: the lead reads a submitted inspection, comments, returns, approves, reopens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections
from bqinspect.ui.editor.mode import EditorMode
from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import focused, make_ctx, show_active, submitted

FAILED = {"STF_01": "fail", "STF_03": "fail"}


@pytest.fixture
def lead(workspace):
    """The workspace, the inspection submitted by its inspector, then played as the lead."""
    insp = submitted(workspace, **FAILED)
    with workspace.acting_as(Role.LEAD):
        yield workspace, insp.id


@pytest.fixture
def editor(lead, qtbot, tmp_path):
    ws, inspection_id = lead
    widget = InspectionEditor(make_ctx(ws, tmp_path), inspection_id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def _status(editor) -> str:
    return inspections.get_inspection(editor.session.ws, editor.session.inspection_id).status


def test_the_lead_reads_answers_that_cannot_be_changed(editor):
    assert editor.session.mode is EditorMode.REVIEW
    card = editor.focus_item("STF-01")
    assert card is not None
    buttons = card.input.findChildren(type(editor.header.submit_button))
    assert buttons and not any(b.isEnabled() for b in buttons)  # answer inputs disabled
    assert card.input.read_only and not card.photo_button.isEnabled()
    assert card.comment_button.isVisible()
    header = editor.header
    assert not header.submit_button.isVisible() and not header.amend_button.isVisible()
    assert header.approve_button.isVisible() and header.return_button.isVisible()
    assert not header.reopen_button.isVisible()
    assert "Review" in editor.banner.text() and editor.banner.isVisible()
    assert editor.review_panel.isVisible()
    assert "Score" in editor.review_panel.score.text()
    assert card.finding is not None and card.finding.isVisible()  # the finding is shown


def test_a_comment_is_added_to_the_items_thread(editor, lead, qtbot):
    card = editor.focus_item("STF-01")
    assert card is not None
    qtbot.keyClick(
        focused(),
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    thread = card.thread
    assert thread is not None and thread.box.isVisible()
    assert not thread.add_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(thread.box, "Counter glass cracked: retake the photo")
    qtbot.mouseClick(thread.add_button, Qt.MouseButton.LeftButton)
    shown = [label.text() for label in thread.labels if label.isVisible()]
    assert len(shown) == 1 and "Counter glass cracked" in shown[0] and "测试员" in shown[0]
    assert "Supervision lead" in shown[0]
    assert not thread.box.isVisible()
    stored = inspections.read_inspection(
        editor.session.ws, editor.session.inspection_id
    ).item_comments
    assert [(c.item_id, c.text, c.role) for c in stored] == [
        ("STF-01", "Counter glass cracked: retake the photo", "lead")
    ]
    panel = editor.review_panel.thread
    qtbot.keyClicks(panel.box, "Good overall")
    panel.open_box()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert any("Good overall" in label.text() for label in panel.labels if label.isVisible())


def test_return_needs_a_reason_and_names_the_items(editor, lead, qtbot):
    dialog = editor.review.return_()
    assert dialog is not None
    assert dialog.listed()[:2] == ["STF-01", "STF-03"]  # failed items first
    dialog.check("STF-01")
    assert not dialog.ok_button.isEnabled()  # the reason is required
    qtbot.keyClicks(dialog.text, "Add the photo notes")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.returned):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert _status(editor) == "returned"
    assert editor.session.redo_items() == ["STF-01"]
    card = editor.cards["STF-01"]
    assert card.thread is not None and card.thread.property("redo") is True
    assert "Add the photo notes" in editor.banner.text()
    header = editor.header
    assert not header.approve_button.isVisible() and not header.return_button.isVisible()


def test_approve_signed_then_reopen_needs_a_reason(editor, lead, qtbot):
    dialog = editor.review.approve()
    assert dialog is not None and dialog.ok_button.isEnabled()  # a comment is optional
    dialog.sign.setChecked(True)
    assert not dialog.ok_button.isEnabled()  # signing chosen: the pad is empty
    dialog.pad.add_stroke([QPointF(10, 30), QPointF(60, 50), QPointF(120, 20)])
    with qtbot.waitSignal(dialog.approved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    inspection_id = editor.session.inspection_id
    assert _status(editor) == "approved"
    roles = {s.role for s in inspections.signatures_of(editor.session.ws, inspection_id)}
    assert "lead" in roles
    assert editor.header.reopen_button.isVisible()
    assert not editor.header.approve_button.isVisible()
    assert "Approved" in editor.banner.text()

    reopen = editor.review.reopen()
    assert reopen is not None and not reopen.ok_button.isEnabled()
    qtbot.keyClicks(reopen.text, "Score to recheck")
    with qtbot.waitSignal(reopen.given):
        qtbot.mouseClick(reopen.ok_button, Qt.MouseButton.LeftButton)
    assert _status(editor) == "submitted"
    assert editor.header.approve_button.isVisible()
    decisions = [r.decision for r in editor.session.reviews]
    assert decisions == ["approved", "reopened"]


def test_an_inspector_is_never_offered_approve(workspace, qtbot, tmp_path):
    insp = submitted(workspace, **FAILED)
    editor = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    assert editor.session.mode is EditorMode.LOCKED
    header = editor.header
    assert not header.approve_button.isVisible() and not header.return_button.isVisible()
    assert editor.review.approve() is None and editor.review.return_() is None
    assert not editor.cards["STF-01"].comment_button.isVisible()
    assert not editor.session.approve()  # refused by the use case as well
    assert inspections.get_inspection(workspace, insp.id).status == "submitted"


def test_keys_jump_to_failed_and_commented_items(editor, lead, qtbot):
    editor.session.comment("SEC-02", "请核对")
    editor.focus_item("ENV-01")
    qtbot.keyClick(focused(), Qt.Key.Key_F8)
    assert editor.current is not None and editor.current.item_id == "STF-01"
    qtbot.keyClick(focused(), Qt.Key.Key_F8)
    assert editor.current.item_id == "STF-03"
    qtbot.keyClick(focused(), Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert editor.current.item_id == "STF-01"
    qtbot.keyClick(focused(), Qt.Key.Key_F9)
    assert editor.current.item_id == "SEC-02"
    assert "F8" in editor.legend.text() and "F9" in editor.legend.text()
