"""A whole on-site inspection entered with the keyboard, each edit checked in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from bqinspect.domain.forms import AnswerType, Item
from bqinspect.services import inspections
from bqinspect.ui.editor.inputs import CountInput, NumberInput
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.editor.submit import SubmitDialog
from tests.gui.gui_data import focused, jpeg_file, make_ctx, show_active, start, value_of

FAIL_ITEM = "EFF-08"  # photo required on fail; EFF-11 is shown only when it fails
SHOWN_IF_FAILED = "EFF-11"


def good_number(item: Item) -> str:
    """A value in the item's best band (or 3 when it has none)."""
    best = [b for b in item.bands or [] if b.score >= 1]
    if not best:
        return "3"
    band = best[0]
    return f"{band.min:g}" if band.min is not None else f"{max(band.max or 0, 0):g}"


@pytest.fixture
def editor(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    ctx = make_ctx(workspace, tmp_path)
    widget = InspectionEditor(ctx, insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def type_text(qtbot, text: str) -> None:
    """ASCII by key presses; Chinese as an input method commits it (one event per run)."""
    run = ""
    for char in text + "\0":
        if char.isascii() and char != "\0":
            if run:
                commit_ime(run)
                run = ""
            qtbot.keyClicks(focused(), char)
        elif char != "\0":
            run += char
        elif run:
            commit_ime(run)


def commit_ime(text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def test_whole_onsite_inspection_by_keyboard(editor, workspace, qtbot, tmp_path, monkeypatch):
    ws, session = workspace, editor.session
    insp_id = session.inspection_id
    photo = jpeg_file(tmp_path)
    # the file dialog seam: the user picks one photo
    monkeypatch.setattr(
        "bqinspect.ui.editor.page.dialogs.pick_photo_files",
        lambda parent, on_chosen, **kw: on_chosen([photo]),
    )
    answered_na = rated = numbered = False
    assert editor.current is not None and editor.current.item_id == "ENV-01"
    assert not session.visible(SHOWN_IF_FAILED)
    assert not editor.cards[SHOWN_IF_FAILED].isVisibleTo(editor)

    steps = 0
    while True:
        card = editor.current
        assert card is not None
        item = card.item
        assert card.isVisible(), f"{item.id} has focus but is hidden"
        before = item.id
        if item.type is AnswerType.YESNO and item.id == FAIL_ITEM:
            qtbot.keyClick(focused(), Qt.Key.Key_N)
            assert value_of(ws, insp_id, item.id) == "fail"
            assert editor.current is card  # a fail stays on the item
            # the dependent item appears at once
            assert session.visible(SHOWN_IF_FAILED)
            assert editor.cards[SHOWN_IF_FAILED].isVisibleTo(editor)
            # a finding is drafted and shown in the card
            finding = session.findings[item.id]
            assert card.finding is not None and card.finding.isVisible()
            # note: Ctrl+Enter opens it; typing is committed on a pause, and until then the
            # indicator claims nothing
            qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            assert focused() is card.note
            type_text(qtbot, "9:12开门")
            assert editor.header.saved.pending
            qtbot.waitUntil(
                lambda i=item.id: inspections.answers_of(ws, insp_id)[i].note == "9:12开门"
            )
            assert not editor.header.saved.pending
            qtbot.keyClick(focused(), Qt.Key.Key_Escape)
            assert focused() is card
            # photo through Ctrl+Shift+P (ingested off the GUI thread)
            with qtbot.waitSignal(session.photos_changed, timeout=10000):
                qtbot.keyClick(
                    focused(),
                    Qt.Key.Key_P,
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
                )
            assert len(inspections.photos_of(ws, insp_id, item.id)) == 1
            assert card.strip is not None and card.strip.photo_model.rowCount() == 1
            # the finding is editable: responsible person
            card.finding.responsible.setFocus()
            type_text(qtbot, "周强")
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
            stored = {f.id: f for f in inspections.findings_of(ws, insp_id)}[finding.id]
            assert stored.responsible == "周强"
            card.focus_card()
            qtbot.keyClick(focused(), Qt.Key.Key_Down)
        elif item.type is AnswerType.YESNO and item.na_allowed and not answered_na:
            qtbot.keyClick(focused(), Qt.Key.Key_0)
            assert value_of(ws, insp_id, item.id) == "NA"
            answered_na = True
        elif item.type is AnswerType.YESNO and item.id == SHOWN_IF_FAILED:
            qtbot.keyClick(focused(), Qt.Key.Key_A)  # A is N/A too
            assert value_of(ws, insp_id, item.id) == "NA"
        elif item.type is AnswerType.YESNO:
            qtbot.keyClick(focused(), Qt.Key.Key_Y)
            assert value_of(ws, insp_id, item.id) == "pass"
        elif item.type is AnswerType.CHECKS:
            assert item.checks is not None
            qtbot.keyClick(focused(), Qt.Key.Key_Y)  # every check passed: on to the next
            assert value_of(ws, insp_id, item.id) == {c.id: "pass" for c in item.checks}
        elif item.type is AnswerType.RATING:
            qtbot.keyClick(focused(), Qt.Key.Key_4)
            assert value_of(ws, insp_id, item.id) == 4
            rated = True
        elif item.type is AnswerType.NUMBER:
            assert isinstance(card.input, NumberInput) and focused() is card.input.edit
            text = good_number(item)
            type_text(qtbot, text)
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
            assert value_of(ws, insp_id, item.id) == float(text)
            numbered = True
        elif item.type is AnswerType.COUNT:
            assert isinstance(card.input, CountInput) and focused() is card.input.x_edit
            if item.count_of is not None:
                type_text(qtbot, str(item.count_of))
                qtbot.keyClick(focused(), Qt.Key.Key_Return)
                expected = {"x": item.count_of, "y": item.count_of}
            else:
                type_text(qtbot, "3")
                qtbot.keyClick(focused(), Qt.Key.Key_Tab)
                assert focused() is card.input.y_edit
                type_text(qtbot, "3")
                qtbot.keyClick(focused(), Qt.Key.Key_Return)
                expected = {"x": 3, "y": 3}
            assert value_of(ws, insp_id, item.id) == expected
        elif item.type is AnswerType.TIMESTAMP:
            qtbot.keyClick(focused(), Qt.Key.Key_T)  # now
            assert value_of(ws, insp_id, item.id) is not None
            qtbot.keyClick(focused(), Qt.Key.Key_Down)
        else:
            pytest.fail(f"no keyboard plan for {item.id} ({item.type})")
        steps += 1
        if card.item_id == session.visible_items()[-1]:
            break
        assert editor.current is not card, f"{before}: the keys did not move to the next item"
        assert steps < 200

    assert answered_na and rated and numbered
    assert value_of(ws, insp_id, SHOWN_IF_FAILED) == "NA"
    for missing in session.check():  # the form asks a reason for every deduction
        assert missing.what == "reason", missing
        inspections.set_note(ws, insp_id, missing.item_id, "扣分原因")
    assert session.check() == []
    assert "Live score" in editor.header.score_caption.text()

    dialog = editor.open_submit()
    assert isinstance(dialog, SubmitDialog)
    assert dialog.model.rowCount() == 0
    assert not dialog.submit_button.isEnabled()  # no signature yet
    pad = dialog.inspector.pad
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 40))
    for x in range(40, 240, 20):
        qtbot.mouseMove(pad, QPoint(x, 40 + (x % 60)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(250, 60))
    assert not pad.is_empty()
    assert dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)

    stored = inspections.get_inspection(ws, insp_id)
    assert stored.status == "submitted"
    signatures = inspections.signatures_of(ws, insp_id)
    assert [s.role for s in signatures] == ["inspector"]
    assert signatures[0].image.startswith(b"\x89PNG")
    # read-only, showing the final score
    assert session.read_only
    assert editor.banner.isVisible()
    assert editor.header.score_caption.text() == "Final score"
    assert editor.header.score.text() == f"{stored.overall_score:.1f}"
    assert not editor.header.submit_button.isVisible()
    card = editor.cards["ENV-01"]
    card.focus_card()
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    assert value_of(ws, insp_id, "ENV-01") == "pass"


def test_refused_value_changes_nothing(editor, workspace, qtbot):
    card = editor.focus_item("STF-05")
    assert card is not None
    assert isinstance(card.input, NumberInput)
    assert isinstance(focused(), QLineEdit)
    qtbot.keyClicks(focused(), "12")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert value_of(workspace, editor.session.inspection_id, "STF-05") == 12
    assert editor.current is not None and editor.current.item_id != "STF-05"


def test_find_jumps_to_an_item(editor, qtbot):
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is editor.find_bar
    qtbot.keyClicks(editor.find_bar, "SEC-05")
    qtbot.keyClick(editor.find_bar, Qt.Key.Key_Return)
    assert editor.current is not None and editor.current.item_id == "SEC-05"
    assert not editor.find_bar.isVisible()
    assert QApplication.focusWidget() is not None


def test_up_moves_back_and_guidance_toggles(editor, qtbot):
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert editor.current is not None and editor.current.item_id == "ENV-03"
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    card = editor.current
    assert card is not None and card.item_id == "ENV-02"
    assert not card.guidance.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_G)
    assert card.guidance.isVisible()
    # the guidance names the norm the item rests on (检查依据) and its common deduction reasons
    item = card.item
    assert item.basis and item.basis in card.guidance.text()
    for reason in item.reasons:
        assert reason.get(card.lang) in card.guidance.text()


def test_photo_files_dropped_on_a_card_are_attached(editor, workspace, qtbot, tmp_path):
    paths: list[Path] = [jpeg_file(tmp_path, f"p{i}.jpg", c) for i, c in enumerate(["red", "blue"])]
    card = editor.cards["ENV-01"]
    with qtbot.waitSignal(editor.intake.finished, timeout=10000) as blocker:
        card.photos_dropped.emit("ENV-01", paths)
    assert blocker.args[1] == 2
    assert len(inspections.photos_of(workspace, editor.session.inspection_id, "ENV-01")) == 2
    assert card.strip is not None and card.strip.photo_model.rowCount() == 2
