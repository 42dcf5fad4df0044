"""The greeting and dwell rules as the shopper sees them on the cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bqinspect.services import inspections
from bqinspect.ui.editor.inputs import DurationInput
from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import make_ctx, show_active, start


def test_no_greeting_and_an_early_fail_are_shown_for_what_they_are(workspace, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    insp = start(workspace, "mystery-cash", visit_start=visit)
    inspections.mark_timer(workspace, insp.id, "T1", visit)
    inspections.mark_timer(workspace, insp.id, "T3", visit + timedelta(seconds=6))
    inspections.set_answer(workspace, insp.id, "STF-04", "fail")
    inspections.mark_timer(workspace, insp.id, "T7", visit + timedelta(minutes=6))
    editor = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    editor.resume()

    greeting = editor.focus_item("STF-05")
    assert greeting is not None and isinstance(greeting.input, DurationInput)
    assert greeting.input.edit.text() == ""
    assert greeting.input.edit.placeholderText() == "did not happen"
    assert greeting.outcome.text() == "✗ Failed · 0 of 3 pts"
    assert not greeting.problem.isVisible()
    lobby = editor.focus_item("STF-04")
    assert lobby is not None
    assert lobby.outcome.text() == "○ The fail counts after 15 min in the branch"
    greeting = editor.focus_item("STF-05")  # leaving the empty field keeps "did not happen"
    editor.focus_item("STF-06")
    assert inspections.answers_of(workspace, insp.id)["STF-05"].value == "absent"
