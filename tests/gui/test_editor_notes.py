"""A note is committed on a pause in typing, on leaving it and on close; the saved indicator
claims nothing before; a key refreshes only the card it touched."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bqinspect.services import inspections
from bqinspect.ui.editor.card import ItemCard
from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import focused, make_ctx, show_active, start


def _editor(qtbot, ws, tmp_path, inspection_id) -> InspectionEditor:  # type: ignore[no-untyped-def]
    editor = InspectionEditor(make_ctx(ws, tmp_path), inspection_id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    return editor


def _stored_note(ws, inspection_id, item_id: str) -> str:  # type: ignore[no-untyped-def]
    answer = inspections.answers_of(ws, inspection_id).get(item_id)
    return "" if answer is None else answer.note


def _open_note(qtbot, editor: InspectionEditor, item_id: str) -> ItemCard:  # type: ignore[no-untyped-def]
    card = editor.focus_item(item_id)
    assert card is not None
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert focused() is card.note
    return card


def test_typing_is_committed_on_a_pause_and_claimed_only_then(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    _open_note(qtbot, editor, "ENV-01")
    with qtbot.assertNotEmitted(editor.session.saved, wait=0):
        qtbot.keyClicks(focused(), "door open 9:12")
    assert editor.header.saved.pending  # nothing is claimed while the text waits
    assert editor.header.saved.text() == "Not saved yet"
    assert _stored_note(workspace, insp.id, "ENV-01") == ""
    with qtbot.waitSignal(editor.session.saved):
        pass  # the pause
    assert _stored_note(workspace, insp.id, "ENV-01") == "door open 9:12"
    assert not editor.header.saved.pending
    assert editor.header.saved.text().startswith("Saved ")


def test_leaving_the_note_commits_it_at_once(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    card = _open_note(qtbot, editor, "ENV-01")
    qtbot.keyClicks(focused(), "lobby dark")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # back to the card
    assert focused() is card
    assert _stored_note(workspace, insp.id, "ENV-01") == "lobby dark"
    assert not editor.header.saved.pending


def test_closing_the_editor_commits_the_note(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    _open_note(qtbot, editor, "ENV-01")
    qtbot.keyClicks(focused(), "queue of six")
    editor.close_editor()
    assert _stored_note(workspace, insp.id, "ENV-01") == "queue of six"


def test_an_answer_refreshes_only_the_card_it_touched(workspace, qtbot, tmp_path, monkeypatch):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    refreshed: list[str] = []
    for method in ("refresh", "refresh_finding"):
        original = getattr(ItemCard, method)

        def spy(card: ItemCard, _original=original) -> None:  # type: ignore[no-untyped-def]
            refreshed.append(card.item_id)
            _original(card)

        monkeypatch.setattr(ItemCard, method, spy)
    card = editor.focus_item("ENV-01")
    assert card is not None and editor.header.score.text() == "—"
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # a fail drafts a finding
    assert editor.session.findings["ENV-01"] is not None
    assert card.finding is not None and card.finding.isVisible()
    assert set(refreshed) == {"ENV-01"}  # none of the other 114 cards
    assert editor.header.score.text() != "—"  # and the score shows the answer


def test_after_a_pause_in_work_the_committed_answers_are_synced_to_the_disk(
    workspace, qtbot, tmp_path
):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    card = editor.focus_item("ENV-01")
    assert card is not None
    synced: list[bool] = []
    editor.session.sync_timer.timeout.connect(lambda: synced.append(True))
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # a commit: durable against a kill at once
    assert inspections.answers_of(workspace, insp.id)["ENV-01"].value == "fail"
    assert editor.session.sync_timer.isActive()
    qtbot.waitUntil(lambda: bool(synced))  # the pause: a checkpoint syncs the WAL
    with workspace.db.engine.connect() as conn:
        busy, logged, moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert busy == 0 and logged == moved
