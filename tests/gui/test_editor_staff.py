"""Naming the staff member and the counter on a card with a few keys: S, number or name, Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bqinspect.services import inspections
from bqinspect.services.staff import import_staff
from bqinspect.ui.editor.page import InspectionEditor
from tests.gui.gui_data import focused, make_ctx, show_active, start
from tests.gui.test_editor_onsite import commit_ime

REGISTER = "工号,姓名,岗位,网点编号\n1023,张伟,柜员,0231\n1024,李娜,大堂经理,0231\n"


@pytest.fixture
def editor(workspace, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    insp = start(workspace, "branch-onsite")
    (tmp_path / "staff.csv").write_text(REGISTER, encoding="utf-8")
    import_staff(workspace, tmp_path / "staff.csv")
    widget = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def _named(editor: InspectionEditor, item_id: str) -> tuple[str, str]:
    answer = inspections.answers_of(editor.session.ws, editor.session.inspection_id).get(item_id)
    return (answer.staff_no, answer.counter) if answer else ("", "")


def test_s_names_a_staff_member_by_number_then_the_counter(editor, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = editor.cards["ENV-01"]
    card.focus_card()
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # fail the item: a finding is drafted
    card = editor.focus_item("ENV-01")
    assert card is not None
    qtbot.keyClick(focused(), Qt.Key.Key_S)
    field = card.staff.field
    assert field is not None and focused() is field.staff
    qtbot.keyClicks(focused(), "1023")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused() is field.counter
    qtbot.keyClicks(focused(), "3")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _named(editor, "ENV-01") == ("1023", "3"))
    assert focused() is card
    assert field.who.text() == "张伟 · Teller"
    finding = editor.session.findings["ENV-01"]
    assert (finding.staff_no, finding.counter) == ("1023", "3")


def test_a_name_completes_and_an_unknown_badge_is_kept_as_seen(editor, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = editor.focus_item("ENV-02")
    assert card is not None
    card.focus_card()
    qtbot.keyClick(focused(), Qt.Key.Key_S)
    field = card.staff.field
    assert field is not None
    field.staff.setText("")
    commit_ime("李")  # Chinese arrives from the input method
    qtbot.waitUntil(lambda: field.completer.completionCount() == 1)
    assert field.completer.currentCompletion() == "1024 李娜 · Lobby manager"
    qtbot.keyClick(field.staff, Qt.Key.Key_Return)  # takes the one offered
    qtbot.keyClick(field.counter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _named(editor, "ENV-02") == ("1024", ""))
    card.focus_card()
    qtbot.keyClick(focused(), Qt.Key.Key_S)
    qtbot.keyClicks(field.staff, "B-77")  # replaces the selected text
    qtbot.keyClick(field.staff, Qt.Key.Key_Tab)
    assert focused() is field.counter
    qtbot.keyClicks(field.counter, "5")
    qtbot.keyClick(field.counter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _named(editor, "ENV-02") == ("B-77", "5"))
    assert field.who.text() == "not in the branch's staff register"
    qtbot.keyClick(focused(), Qt.Key.Key_S)
    qtbot.keyClicks(field.staff, "9999")
    qtbot.keyClick(field.staff, Qt.Key.Key_Escape)  # back to the card, nothing stored
    assert focused() is card and field.staff.text() == "B-77"
    assert _named(editor, "ENV-02") == ("B-77", "5")
