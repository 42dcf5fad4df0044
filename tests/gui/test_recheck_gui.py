"""The re-check in the window: started from the branch's button; deduction reasons chosen by key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bqinspect.domain.recheck import REASONS, is_recheck
from bqinspect.services import inspections
from bqinspect.services.branches import save_branch
from bqinspect.services.recheck import start_recheck
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.editor.reasons import ReasonPopup
from bqinspect.ui.pages.branches import BranchesPage
from tests.gui.gui_data import focused, make_ctx, show_active
from tests.inspection_factory import submitted_inspection


@pytest.fixture
def issued(empty_workspace, mini_form):  # type: ignore[no-untyped-def]
    """Branch 0101 with two open findings (ENV-04, SEC-04)."""
    submitted_inspection(empty_workspace, mini_form)
    return empty_workspace


def _note(ws, inspection_id, item_id) -> str:  # type: ignore[no-untyped-def]
    answer = inspections.answers_of(ws, inspection_id).get(item_id)
    return "" if answer is None else answer.note


def test_branch_button_starts_a_recheck_and_opens_it(issued, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_branch(issued, {"code": "0500", "name": "无问题网点"})
    ctx = make_ctx(issued, tmp_path)
    page = BranchesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.select_code("0500")
    assert page.start_recheck() is None
    assert "0500 has no open findings" in page.result_label.text()
    assert inspections.list_inspections(issued, branch="0500") == []

    page.select_code("0101")
    assert page.recheck_button.isEnabled()
    with qtbot.waitSignal(ctx.open_inspection) as opened:
        qtbot.mouseClick(page.recheck_button, Qt.MouseButton.LeftButton)
    insp = inspections.get_inspection(issued, opened.args[0])
    form = inspections.form_of(issued, insp)
    assert is_recheck(form) and len(form.items()) == 2
    assert not page.result_label.isVisible()


def test_reasons_are_chosen_by_one_key_or_typed(issued, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = issued
    insp = start_recheck(ws, "0101")
    first, second = (i.id for i in inspections.form_of(ws, insp).items())
    editor = InspectionEditor(make_ctx(ws, tmp_path), insp.id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    editor.resume()

    card = editor.focus_item(first)
    assert card is not None and not card.reasons.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # fail: the points are lost
    qtbot.waitUntil(card.reasons.isVisible)
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # the second common reason, by one key
    qtbot.waitUntil(lambda: _note(ws, insp.id, first) == REASONS[1].en)
    assert editor.current is card

    card = editor.focus_item(second)
    assert card is not None
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    qtbot.waitUntil(card.reasons.isVisible)
    qtbot.keyClick(focused(), Qt.Key.Key_R)  # the popup: a reason of one's own
    popup = card.reasons.popup
    assert isinstance(popup, ReasonPopup)
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClicks(popup.edit, "lamp still broken")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _note(ws, insp.id, second) == "lamp still broken")
    assert not popup.isVisible()

    qtbot.keyClick(focused(), Qt.Key.Key_R)  # and again: Enter takes the highlighted one
    popup = card.reasons.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup.edit, Qt.Key.Key_Down)
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _note(ws, insp.id, second) == f"lamp still broken\n{REASONS[1].en}")

    qtbot.keyClick(focused(), Qt.Key.Key_Y)  # a pass loses nothing: no reasons offered
    qtbot.waitUntil(lambda: not card.reasons.isVisible())
