"""A multi-check item by keyboard: a digit fails that check, Y passes the rest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bqinspect.ui.editor.inputs import ChecksInput
from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import focused, make_ctx, show_active, start, value_of

EXTINGUISHERS = "SEC-14"  # four checks; only SEC-14a (no valid extinguisher) is a veto


@pytest.fixture
def editor(workspace, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    insp = start(workspace, "branch-onsite")
    widget = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def _stored(editor: InspectionEditor) -> object:
    return value_of(editor.session.ws, editor.session.inspection_id, EXTINGUISHERS)


def test_a_digit_fails_one_check_and_y_passes_the_rest(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(EXTINGUISHERS)
    assert card is not None and isinstance(card.input, ChecksInput)
    assert "SEC-14c" in card.input.labels[2].text()
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    assert _stored(editor) == {"SEC-14c": "fail"}
    qtbot.keyClick(focused(), Qt.Key.Key_Y)
    assert _stored(editor) == {
        "SEC-14a": "pass",
        "SEC-14b": "pass",
        "SEC-14c": "fail",
        "SEC-14d": "pass",
    }
    assert editor.current is not None and editor.current.item_id == EXTINGUISHERS  # stays
    qtbot.waitUntil(lambda: card.outcome.isVisible())
    assert card.outcome.text() == "✗ Failed · 2.5 of 3 pts"
    assert card.input.buttons[("SEC-14c", "fail")].isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # again: the check passes
    assert _stored(editor) == {c: "pass" for c in ("SEC-14a", "SEC-14b", "SEC-14c", "SEC-14d")}


def test_all_checks_passed_moves_on(editor, qtbot):  # type: ignore[no-untyped-def]
    editor.focus_item(EXTINGUISHERS)
    qtbot.keyClick(focused(), Qt.Key.Key_Y)
    assert _stored(editor) == {c: "pass" for c in ("SEC-14a", "SEC-14b", "SEC-14c", "SEC-14d")}
    qtbot.waitUntil(lambda: editor.current is not None and editor.current.item_id != EXTINGUISHERS)
