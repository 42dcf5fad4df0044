"""A mystery-shopping visit through the stopwatch buttons; derived times; audited correction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTime

from bqinspect.domain.forms import AnswerType
from bqinspect.services import inspections
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.editor.stopwatch import CorrectionDialog
from tests.gui.gui_data import focused, make_ctx, show_active, start, value_of


@pytest.fixture
def editor(workspace, qtbot, tmp_path, frozen_clock):
    frozen_clock.step = timedelta(seconds=1)  # every reading of the clock is a second later
    insp = start(workspace, "mystery-cash")
    widget = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def wait_item(editor: InspectionEditor) -> str:
    return next(
        i.id
        for i in editor.session.form.items()
        if i.type is AnswerType.DURATION
        and i.derive
        and (i.derive.start, i.derive.end) == ("T3", "T4")
    )


def test_visit_through_the_stopwatch(editor, workspace, qtbot):
    ws, session = workspace, editor.session
    panel = editor.stopwatch
    assert panel is not None
    ids = [c.id for c in session.form.checkpoints]
    assert ids == [f"T{n}" for n in range(8)]
    wait_id = wait_item(editor)

    for checkpoint in ids:
        qtbot.mouseClick(panel.buttons[checkpoint], Qt.MouseButton.LeftButton)
        marks = inspections.timer_marks(ws, session.inspection_id)
        assert checkpoint in marks  # in the database at once
        assert panel.buttons[checkpoint].property("marked") is True
        if checkpoint == "T4":
            expected = (marks["T4"] - marks["T3"]).total_seconds()
            assert value_of(ws, session.inspection_id, wait_id) == pytest.approx(expected, abs=1e-3)
    assert panel.clock.text() != "00:00" or marks["T7"] - marks["T0"] < timedelta(seconds=1)

    # A marked checkpoint opens the correction dialog: T4 was really called 12:30 after T3.
    marks = inspections.timer_marks(ws, session.inspection_id)
    dialog = panel.press("T4")
    assert isinstance(dialog, CorrectionDialog)
    target = (marks["T3"] + timedelta(seconds=750)).astimezone()
    assert target.date() == marks["T4"].astimezone().date()  # the visit is far from midnight
    dialog.time.setTime(QTime(target.hour, target.minute, target.second))
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.reason, "pressed late")
    assert ok.isEnabled()
    with qtbot.waitSignal(session.marks_changed):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    seconds = value_of(ws, session.inspection_id, wait_id)
    assert seconds == pytest.approx(
        750 - (marks["T3"].microsecond / 1e6), abs=1.0
    )  # the time edit has whole seconds
    card = editor.cards[wait_id]
    assert card.input.edit.text() in {"12:29", "12:30"}  # type: ignore[attr-defined]
    assert "12:29" in panel.derived.text() or "12:30" in panel.derived.text()
    trail = [e for e in inspections.audit_trail(ws, session.inspection_id) if e.action == "correct"]
    assert len(trail) == 1 and trail[0].why == "pressed late" and trail[0].field == "at"


def test_alt_digit_marks_from_anywhere(editor, workspace, qtbot):
    session = editor.session
    assert editor.current is not None
    qtbot.keyClick(focused(), Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert "T0" in inspections.timer_marks(workspace, session.inspection_id)
    # a plain digit on a rating card is still a rating, not a checkpoint
    rating = next(i.id for i in session.form.items() if i.type is AnswerType.RATING)
    editor.focus_item(rating)
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    assert value_of(workspace, session.inspection_id, rating) == 3
    assert "T3" not in inspections.timer_marks(workspace, session.inspection_id)


def test_digits_mark_while_the_stopwatch_has_focus(editor, workspace, qtbot):
    panel = editor.stopwatch
    assert panel is not None
    panel.setFocus()
    assert focused() is panel
    qtbot.keyClick(panel, Qt.Key.Key_1)
    assert set(inspections.timer_marks(workspace, editor.session.inspection_id)) == {"T1"}


def test_clock_runs_from_arrival_to_exit_only(editor, qtbot):
    panel = editor.stopwatch
    assert panel is not None and not panel.timer.isActive()
    panel.press("T0")
    assert panel.timer.isActive()
    before = panel.clock.text()
    qtbot.waitUntil(lambda: panel.clock.text() != before, timeout=3000)
    panel.press("T7")
    assert not panel.timer.isActive()
