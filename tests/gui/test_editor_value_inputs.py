"""Typed values in the editor: refused keys and values say why, and the card marks lost points."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from bqinspect.ui.editor.inputs import CountInput, NumberInput, TimestampInput
from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import focused, make_ctx, show_active, start, value_of

WAIT = "EFF-04"  # minutes: full points up to 15, half up to 30, a finding beyond
DEVICES = "FAC-11"  # working of all self-service devices; below 90 % fails
ACCESS = "FAC-03"  # four accessibility facilities: x of 4
CALLED = "EFF-03"  # a moment


@pytest.fixture
def editor(workspace, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    insp = start(workspace, "branch-onsite")
    widget = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def _stored(editor: InspectionEditor, item_id: str) -> object:
    return value_of(editor.session.ws, editor.session.inspection_id, item_id)


def test_a_letter_in_a_number_is_refused_visibly(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(WAIT)
    assert card is not None and isinstance(card.input, NumberInput)
    qtbot.keyClicks(focused(), "2a")
    assert card.input.edit.text() == "2"
    assert card.problem.isVisible() and "Only digits" in card.problem.text()


def test_a_value_that_loses_points_is_marked(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(WAIT)
    assert card is not None
    assert not card.outcome.isVisible()
    qtbot.keyClicks(focused(), "22")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert _stored(editor, WAIT) == 22
    assert card.outcome.isVisible()
    assert card.outcome.text() == "▼ Points lost · 2 of 4 pts"
    card = editor.focus_item(WAIT)
    card.input.edit.selectAll()
    qtbot.keyClicks(focused(), "12")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert card.outcome.text() == "✓ Full points · 4 of 4 pts"


def test_an_out_of_range_number_is_put_back_when_the_focus_moves_on(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(WAIT)
    assert card is not None
    qtbot.keyClicks(focused(), "12")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    card = editor.focus_item(WAIT)
    card.input.edit.selectAll()
    qtbot.keyClicks(focused(), "9999999999999")  # beyond what the field takes
    assert editor.focus_item("EFF-05") is not None  # the focus moves on
    assert card.input.edit.text() == "12"
    assert _stored(editor, WAIT) == 12
    assert card.problem.isVisible()
    assert "“9999999999999” is not taken" in card.problem.text()


def test_a_refused_count_is_put_back_with_the_reason(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(ACCESS)
    assert card is not None and isinstance(card.input, CountInput)
    qtbot.keyClicks(focused(), "7")  # of 4
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert _stored(editor, ACCESS) is None
    assert card.input.x_edit.text() == ""
    assert card.problem.isVisible() and "4" in card.problem.text()


def test_a_failed_count_says_failed(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(DEVICES)
    assert card is not None and isinstance(card.input, CountInput)
    qtbot.keyClicks(focused(), "3")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "5")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert _stored(editor, DEVICES) == {"x": 3, "y": 5}
    assert card.outcome.isVisible()
    assert card.outcome.text().startswith("✗ Failed")


def test_nothing_can_be_typed_onto_an_unset_time(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(CALLED)
    assert card is not None and isinstance(card.input, TimestampInput)
    field = card.input.edit
    assert focused() is field
    for char in "—y5y5y5":
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = Qt.Key.Key_unknown if char == "—" else Qt.Key(ord(char.upper()))
            QApplication.sendEvent(
                field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )
    assert field.lineEdit().text() == "—"
    assert _stored(editor, CALLED) is None
    assert card.problem.isVisible() and "press T" in card.problem.text()


def test_a_decimal_comma_is_read_as_the_field_shows_it(editor, qtbot):  # type: ignore[no-untyped-def]
    card = editor.focus_item(WAIT)
    assert card is not None
    qtbot.keyClicks(focused(), "12,5")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert _stored(editor, WAIT) == 12.5
    card = editor.focus_item(WAIT)
    card.input.edit.selectAll()
    qtbot.keyClicks(focused(), "1,5,5")  # one decimal mark: the second comma is refused
    assert card.input.edit.text() == "1,55"
    assert card.problem.isVisible()


def test_units_and_the_core_refusals_follow_the_ui_language(editor, qtbot):  # type: ignore[no-untyped-def]
    from bqinspect.ui import i18n

    card = editor.focus_item(WAIT)
    assert card is not None and isinstance(card.input, NumberInput)
    assert card.input.unit.text() == "min"
    i18n.set_language(editor.ctx, "zh_CN")
    try:
        assert card.input.unit.text() == "分钟"
        card = editor.focus_item(ACCESS)
        assert card is not None
        qtbot.keyClicks(focused(), "7")  # of 4
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        assert card.problem.isVisible()
        assert "x 必须在 0 到 4 之间" in card.problem.text(), card.problem.text()
    finally:
        i18n.set_language(editor.ctx, "en")
