"""The editor's live score: nothing to show before the first answer, provisional until done."""

from __future__ import annotations

from bqinspect.services import inspections
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.widgets import theme
from tests.gui.gui_data import answer_all, make_ctx, start


def _editor(qtbot, ws, tmp_path, inspection_id):  # type: ignore[no-untyped-def]
    editor = InspectionEditor(make_ctx(ws, tmp_path), inspection_id)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    return editor


def test_an_empty_inspection_has_no_score_and_one_answer_gives_a_provisional_one(
    workspace, qtbot, tmp_path
):
    insp = start(workspace, "branch-onsite")
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    header = editor.header
    assert header.score.text() == "—"
    assert header.grade.text() == "No answers yet"
    assert theme.FAIL not in header.grade.styleSheet()
    assert not header.provisional.isVisible()

    assert editor.session.set_answer("ENV-01", "pass")
    assert header.score.text() == "100.0"
    assert header.provisional.isVisible()
    assert header.provisional.text().startswith("1 of ")
    assert header.grade.text() == "Provisional"  # no grade until every required item is answered
    assert theme.NA in header.grade.styleSheet()


def test_a_fully_answered_inspection_shows_its_grade(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    answer_all(workspace, insp.id)
    editor = _editor(qtbot, workspace, tmp_path, insp.id)
    header = editor.header
    stored = inspections.current_score(workspace, insp.id)
    assert header.score.text() == f"{stored.overall:.1f}"
    assert not header.provisional.isVisible()
    assert header.grade.text() != "Provisional"
    assert theme.grade_color(stored.grade) in header.grade.styleSheet()
