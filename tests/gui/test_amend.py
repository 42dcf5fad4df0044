"""The inspector's side: Amend… a submitted inspection with one reason, an approved one is
locked, and a returned one is redone and submitted again as a new revision."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections, review
from bqinspect.ui.editor.mode import EditorMode
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.inspections import model as cols
from bqinspect.ui.inspections.page import InspectionsPage
from tests.gui.gui_data import add_branch, focused, make_ctx, show_active, start, submitted


def _editor(qtbot, ws, tmp_path, inspection_id) -> InspectionEditor:  # type: ignore[no-untyped-def]
    editor = InspectionEditor(make_ctx(ws, tmp_path), inspection_id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    return editor


def test_amend_asks_the_reason_once_and_every_change_carries_it(workspace, qtbot, tmp_path):
    insp = submitted(workspace, STF_01="fail")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    before = inspections.get_inspection(workspace, insp.id)
    assert editor.session.mode is EditorMode.LOCKED
    card = editor.focus_item("STF-02")
    assert card is not None and card.input.read_only
    assert editor.header.amend_button.isVisible() and not editor.header.submit_button.isVisible()
    assert "Amend" in editor.banner.text()
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # locked: the key changes nothing
    assert inspections.answers_of(workspace, insp.id)["STF-02"].value == "pass"

    dialog = editor.review.amend()
    assert dialog is not None and not dialog.ok_button.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.text, "Counter photo was of the wrong branch")
    with qtbot.waitSignal(dialog.given):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert editor.session.mode is EditorMode.AMEND
    assert not card.input.read_only
    assert not editor.header.amend_button.isVisible()

    card = editor.focus_item("STF-02")
    assert card is not None
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    stored = inspections.get_inspection(workspace, insp.id)
    assert inspections.answers_of(workspace, insp.id)["STF-02"].value == "fail"
    assert stored.status == "submitted" and stored.revision == before.revision + 1
    assert stored.overall_score is not None and stored.overall_score < before.overall_score
    assert stored.overall_score == round(editor.session.result.overall, 2)  # stored anew
    assert editor.header.score.text() == f"{stored.overall_score:.1f}"
    assert "STF-02" in editor.session.findings  # a finding drafted by the amendment
    banner = editor.banner.text()
    assert "Counter photo was of the wrong branch" in banner
    assert f"revision {stored.revision}" in banner
    audit = [
        a
        for a in inspections.audit_trail(workspace, insp.id)
        if a.entity_id.endswith("/STF-02") and a.field == "value"
    ]
    assert [a.why for a in audit] == ["Counter photo was of the wrong branch"]
    assert audit[0].old["value"] == "pass" and audit[0].new["value"] == "fail"

    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    note = card.note
    assert note is not None and focused() is note and not note.isReadOnly()
    qtbot.keyClicks(note, "glass cracked")
    revision = inspections.get_inspection(workspace, insp.id).revision
    assert inspections.get_inspection(workspace, insp.id).revision == revision  # not yet
    editor.focus_item("STF-03")  # moving on stores the note: one amendment, not one per key
    notes = [
        a
        for a in inspections.audit_trail(workspace, insp.id)
        if a.entity_id.endswith("/STF-02") and a.field == "note"
    ]
    assert [(a.new, a.why) for a in notes] == [
        ("glass cracked", "Counter photo was of the wrong branch")
    ]
    assert inspections.get_inspection(workspace, insp.id).revision == revision + 1
    assert f"revision {revision + 1}" in editor.banner.text()

    qtbot.mouseClick(editor.header.end_amend_button, Qt.MouseButton.LeftButton)
    assert editor.session.mode is EditorMode.LOCKED and card.input.read_only


def test_an_approved_inspection_is_locked_without_amend(workspace, qtbot, tmp_path):
    insp = submitted(workspace)
    with workspace.acting_as(Role.LEAD):
        review.approve(workspace, insp.id)
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    assert editor.session.mode is EditorMode.FROZEN
    assert not editor.header.amend_button.isVisible()
    assert editor.review.amend() is None
    assert "reopen" in editor.banner.text()
    assert editor.session.read_only


def test_return_redo_and_resubmit(workspace, qtbot, tmp_path):
    insp = submitted(workspace, STF_01="fail")
    other = add_branch(workspace, "0232", "城西支行")
    later = start(workspace, "branch-onsite", other)  # a newer draft, listed first by date
    with workspace.acting_as(Role.LEAD):
        review.return_inspection(workspace, insp.id, "Retake the counter photo", ["STF-01"])
    returned = inspections.get_inspection(workspace, insp.id)
    assert later.visit_start >= returned.visit_start

    ctx = make_ctx(workspace, tmp_path)
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.reload()
    for column, order in (
        (cols.DATE, Qt.SortOrder.DescendingOrder),
        (cols.DATE, Qt.SortOrder.AscendingOrder),
        (cols.BRANCH, Qt.SortOrder.AscendingOrder),
    ):
        page.table.sortByColumn(column, order)
        top = page.model.index(0, cols.STATUS)
        assert top.data(cols.ROW_ROLE).id == insp.id  # the returned one stands first
    assert page.model.index(0, cols.STATUS).data().startswith("Returned: 1 item")

    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    assert editor.session.mode is EditorMode.EDIT
    assert "Retake the counter photo" in editor.banner.text()
    card = editor.focus_item("STF-01")
    assert card is not None and card.property("redo") is True
    assert card.thread is not None and card.thread.isVisible()
    assert "Retake the counter photo" in card.thread.labels[0].text()

    qtbot.keyClick(focused(), Qt.Key.Key_Y)  # the first change: a draft again, a new revision
    redone = inspections.get_inspection(workspace, insp.id)
    assert redone.status == "draft" and redone.revision == returned.revision + 1
    assert "Retake the counter photo" in editor.banner.text()  # the reason stays in view

    dialog = editor.open_submit()
    assert dialog is not None
    dialog.inspector.pad.add_stroke([QPointF(10, 30), QPointF(60, 50), QPointF(120, 20)])
    assert dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    final = inspections.get_inspection(workspace, insp.id)
    assert final.status == "submitted" and final.revision > returned.revision
    assert editor.session.mode is EditorMode.LOCKED
    assert not editor.session.redo_items()
    page.reload()
    page.table.sortByColumn(cols.BRANCH, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, cols.STATUS).data(cols.ROW_ROLE).id == later.id  # not pinned
