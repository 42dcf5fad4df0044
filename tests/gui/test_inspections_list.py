"""The inspections list: model, filters, sorting, new inspection, open, delete a draft."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from bqinspect.services import inspections
from bqinspect.ui.inspections import model as cols
from bqinspect.ui.inspections.filters import InspectionFilter
from bqinspect.ui.inspections.model import ROW_ROLE, InspectionTableModel
from bqinspect.ui.inspections.page import InspectionsPage
from tests.gui.gui_data import add_branch, answer_all, make_ctx, start


@pytest.fixture
def filled(workspace):
    """Three inspections: two branches, both kinds, one submitted."""
    east = add_branch(workspace, "0231", "城东支行营业部")
    west = add_branch(workspace, "0245", "城西支行营业部")
    day = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
    a = start(workspace, "branch-onsite", east, visit_start=day)
    b = start(workspace, "mystery-cash", west, visit_start=day + timedelta(days=5))
    c = start(workspace, "branch-onsite", west, visit_start=day + timedelta(days=20))
    answer_all(workspace, c.id)
    inspections.add_signature(workspace, c.id, "inspector", "王晓明", b"\x89PNG\r\n\x1a\n0")
    inspections.submit(workspace, c.id)
    return workspace, (a, b, c)


def test_table_model(qtmodeltester, filled):
    ws, (a, _b, c) = filled
    model = InspectionTableModel()
    model.set_rows(inspections.list_inspections(ws))
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == cols.COLUMN_COUNT
    row = model.row_of(c.id)
    assert model.index(row, cols.STATUS).data() == "Submitted"
    assert float(model.index(row, cols.SCORE).data()) == pytest.approx(100.0)
    assert model.index(row, cols.GRADE).data() == "Excellent"
    assert model.index(model.row_of(a.id), cols.SCORE).data() == ""
    assert model.index(row, 0).data(ROW_ROLE).id == c.id
    assert model.headerData(cols.BRANCH, Qt.Orientation.Horizontal) == "Branch"


def test_filters_and_sorting(qtmodeltester, filled):
    ws, (a, b, c) = filled
    model = InspectionTableModel()
    model.set_rows(inspections.list_inspections(ws))
    qtmodeltester.check(model)

    def shown() -> set:
        return {model.index(r, 0).data(ROW_ROLE).id for r in range(model.rowCount())}

    model.apply_filter(InspectionFilter(status="draft"))
    assert shown() == {a.id, b.id}
    model.apply_filter(InspectionFilter(kind="mystery"))
    assert shown() == {b.id}
    model.apply_filter(InspectionFilter(branch_code="0245"))
    assert shown() == {b.id, c.id}
    model.apply_filter(InspectionFilter(since=date(2025, 3, 12), until=date(2025, 3, 20)))
    assert shown() == {b.id}
    model.apply_filter(InspectionFilter(text="城东"))
    assert shown() == {a.id}
    model.apply_filter(InspectionFilter(text="城西 mystery-cash"))
    assert shown() == {b.id}
    model.apply_filter(InspectionFilter(branch_code="0245", text="城西"))
    model.sort(cols.DATE, Qt.SortOrder.DescendingOrder)  # sorted with a filter on
    assert [model.index(r, 0).data(ROW_ROLE).id for r in range(2)] == [c.id, b.id]
    assert model.total() == 3
    model.apply_filter(InspectionFilter())
    model.sort(cols.SCORE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data(ROW_ROLE).id == c.id
    model.sort(cols.DATE, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data(ROW_ROLE).id for r in range(3)] == [a.id, b.id, c.id]


def test_empty_state_for_a_new_user(empty_workspace, qtbot, tmp_path):
    page = InspectionsPage(make_ctx(empty_workspace, tmp_path))
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.primary.text() == "Go to Branches"
    with qtbot.waitSignal(page.navigate_requested) as blocker:
        page.empty.primary.click()
    assert blocker.args == ["branches"]


def test_new_inspection_dialog_creates_and_opens(workspace, qtbot, tmp_path):
    add_branch(workspace)
    ctx = make_ctx(workspace, tmp_path)
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty
    assert page.empty.primary.text() == "New inspection…"
    dialog = page.new_inspection()
    dialog.form.setCurrentIndex(dialog.form.findText("cash", Qt.MatchFlag.MatchContains))
    assert dialog.kind.text() == "Mystery shopping"
    dialog.inspectors.setText("王晓明, 李静")
    dialog.alias.setText("顾客A")
    with qtbot.waitSignal(ctx.open_inspection) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    stored = inspections.get_inspection(workspace, blocker.args[0])
    assert stored.kind == "mystery" and stored.inspectors == ("王晓明", "李静")
    assert stored.shopper_alias == "顾客A"
    assert page.stack.currentWidget() is page.table
    assert page.selected_id() == stored.id


def test_delete_only_a_draft_after_confirmation(filled, qtbot, tmp_path):
    ws, (a, _b, c) = filled
    page = InspectionsPage(make_ctx(ws, tmp_path))
    qtbot.addWidget(page)
    assert page.select(c.id)
    assert not page.delete_button.isEnabled()  # submitted: cannot be deleted
    assert page.select(a.id)
    assert page.delete_button.isEnabled() and page.open_button.text() == "Resume"
    page.delete_selected()
    box = page.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.No).click()
    assert inspections.get_inspection(ws, a.id).status == "draft"  # kept
    page.delete_selected()
    box = next(b for b in page.findChildren(QMessageBox) if b.isVisible())
    with qtbot.waitSignal(box.finished):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert a.id not in {r.id for r in inspections.list_inspections(ws)}
    assert page.model.rowCount() == 2


def test_filters_are_remembered(filled, qtbot, tmp_path):
    ws, _rows = filled
    ctx = make_ctx(ws, tmp_path)
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    page.status.setCurrentIndex(page.status.findData("submitted"))
    page.search.setText("城西")
    assert page.model.rowCount() == 1
    again = InspectionsPage(ctx)
    qtbot.addWidget(again)
    assert again.current_filter() == InspectionFilter(status="submitted", text="城西")
    assert again.model.rowCount() == 1


def test_the_list_is_read_off_the_gui_thread_and_the_newest_reload_wins(
    qtbot, filled, tmp_path, monkeypatch
):
    import threading

    from bqinspect.ui.inspections import page as page_module

    ws, (a, b, c) = filled
    readers: list[threading.Thread] = []
    gate = threading.Event()
    real_load = page_module.load_list

    def load(workspace):  # type: ignore[no-untyped-def]
        readers.append(threading.current_thread())
        if len(readers) == 1:
            gate.wait(10)  # the first read is still running when the second is asked for
        return real_load(workspace)

    monkeypatch.setattr(page_module, "load_list", load)
    ctx = make_ctx(ws, tmp_path, threaded=True)
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    first = page.loading
    assert first is not None and page.model.rowCount() == 0  # built before its rows arrive
    qtbot.waitUntil(lambda: len(readers) == 1)
    inspections.delete_draft(ws, a.id)
    page.reload()
    assert first.is_cancelled()
    gate.set()
    qtbot.waitUntil(lambda: page.last_load is not None)
    assert threading.main_thread() not in readers
    assert {r.id for r in page.last_load.rows} == {b.id, c.id}  # the second read, not the first
    assert page.model.rowCount() == 2
    ctx.pool.waitForDone()


def test_the_model_sorts_by_key_and_the_selection_follows_its_row(qtbot, filled, tmp_path):
    ws, (a, b, c) = filled
    page = InspectionsPage(make_ctx(ws, tmp_path))
    qtbot.addWidget(page)
    assert page.select(c.id)
    page.table.sortByColumn(cols.DATE, Qt.SortOrder.AscendingOrder)
    assert [r.id for r in page.model.rows()] == [a.id, b.id, c.id]  # sorted in the model
    assert page.table.model() is page.model  # no proxy: the model sorts and filters
    assert page.selected_id() == c.id
    page.table.sortByColumn(cols.DATE, Qt.SortOrder.DescendingOrder)
    assert [page.model.index(r, 0).data(ROW_ROLE).id for r in range(3)] == [c.id, b.id, a.id]
    assert page.selected_id() == c.id
    page.reload()  # new rows arrive in the order chosen
    assert [r.id for r in page.model.rows()] == [c.id, b.id, a.id]


def _accepted_before(f: InspectionFilter, row) -> bool:  # type: ignore[no-untyped-def]
    """What the list's filter proxy accepted, field by field (the reference)."""
    from bqinspect.ui.inspections.filters import search_text

    if f.status and row.status != f.status:
        return False
    if f.kind and row.kind != f.kind:
        return False
    if f.branch_code and row.branch_code != f.branch_code:
        return False
    day = row.visit_start.astimezone().date()
    if (f.since and day < f.since) or (f.until and day > f.until):
        return False
    return all(word in search_text(row) for word in f.text.casefold().split())


def test_the_filter_made_once_accepts_what_each_field_says(filled):
    import itertools

    ws, _rows = filled
    rows = inspections.list_inspections(ws)
    model = InspectionTableModel()
    model.set_rows(rows)
    grid = itertools.product(
        ("", "draft", "submitted"),
        ("", "mystery"),
        ("", "0245"),
        (None, date(2025, 3, 12)),
        (None, date(2025, 3, 20)),
        ("", "城西", "城 branch-onsite", "无"),
    )
    for status, kind, code, since, until, text in grid:
        f = InspectionFilter(status, kind, code, since, until, text)
        model.apply_filter(f)
        expected = [r.id for r in model.all_rows() if _accepted_before(f, r)]
        assert [r.id for r in model.rows()] == expected, f
        assert [r.id for r in rows if f.accepts(r)] == [r.id for r in rows if r.id in expected]
