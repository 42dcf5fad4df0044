"""The branches page: list, add/edit through the dialog, import with row errors shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from bqinspect.services.branches import list_branches, save_branch
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.branches import BranchesModel
from bqinspect.ui.pages.branches import BranchDialog, BranchesPage
from bqinspect.ui.tasks import InlinePool


@pytest.fixture
def ctx(empty_workspace, tmp_path):  # type: ignore[no-untyped-def]
    save_branch(empty_workspace, {"code": "0101", "name": "城东支行营业部", "region": "华东"})
    save_branch(empty_workspace, {"code": "0102", "name": "城西支行", "active": False})
    context = AppContext(
        empty_workspace,
        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
        pool=InlinePool(),
    )
    context.language = "en"
    return context


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = BranchesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def _codes(page: BranchesPage) -> list[str]:
    return [page.model.index(r, BranchesModel.CODE).data() for r in range(page.model.rowCount())]


def test_list_search_and_model(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    assert _codes(page) == ["0101", "0102"]
    assert page.model.index(1, BranchesModel.ACTIVE).data() == "No"
    assert page.count_label.text() == "2 branches, 1 active"
    page.search.setText("城东")
    assert _codes(page) == ["0101"]
    assert not page.edit_button.isEnabled()
    page.table.selectRow(0)
    assert page.edit_button.isEnabled()


def test_add_branch_through_the_dialog(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    messages: list[str] = []
    ctx.status_message.connect(messages.append)
    dialog = page.add_branch()
    assert dialog.isVisible()
    dialog.edits["code"].setText("0103")
    dialog.edits["name"].setText("高新支行")
    dialog.edits["region"].setText("华东")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert [b.code for b in list_branches(ctx.workspace)] == ["0101", "0102", "0103"]
    assert page.selected() is not None and page.selected().code == "0103"
    assert messages and "0103" in messages[-1]


def test_a_refused_branch_keeps_the_dialog_open(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = page.add_branch()
    dialog.edits["code"].setText("0101")  # already used
    dialog.edits["name"].setText("重复")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "0101" in dialog.error.text()
    dialog.edits["code"].setText("bad code!")
    dialog.save()
    assert "Code:" in dialog.error.text()
    assert len(list_branches(ctx.workspace)) == 2
    dialog.reject()


def test_edit_selected_branch(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.table.selectRow(0)
    dialog = page.edit_selected()
    assert isinstance(dialog, BranchDialog)
    assert dialog.edits["name"].text() == "城东支行营业部"
    dialog.edits["manager"].setText("张伟")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    (edited,) = [b for b in list_branches(ctx.workspace) if b.code == "0101"]
    assert edited.manager == "张伟" and edited.revision == 2
    assert page.model.index(0, BranchesModel.MANAGER).data() == "张伟"


def _import(qtbot, page: BranchesPage, path: Path) -> bool:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.import_finished, timeout=20000) as blocker:
        page.import_file(path)
    return bool(blocker.args[0])


def test_import_with_bad_rows_shows_them_and_changes_nothing(page, ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "网点清单.csv"
    path.write_text(
        "网点编号,网点名称,所属分行\n0201,新街口支行,华东\n,无编号网点,华东\n"
        "bad code,坏,华东\n0201,重复,华东\n",
        encoding="utf-8",
    )
    assert not _import(qtbot, page, path)
    assert page.problems.isVisible()
    assert "网点清单.csv" in page.problems.title.text()
    assert "Nothing was changed" in page.problems.title.text()
    model = page.problems.model
    wheres = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert wheres == ["row 3, Code", "row 4, Code", "row 5, Code"]
    assert "already appears in row 2" in model.index(2, 1).data()
    assert len(list_branches(ctx.workspace)) == 2


def test_import_csv_and_xlsx(page, ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    csv_path = tmp_path / "branches.csv"
    csv_path.write_text(
        "code,name,region\n0101,城东支行营业部,华东\n0201,新街口支行,华东\n", encoding="utf-8"
    )
    assert _import(qtbot, page, csv_path)
    assert not page.problems.isVisible()
    assert page.result_label.text() == "Imported branches.csv: 1 new, 0 updated, 1 unchanged."
    assert _codes(page) == ["0101", "0102", "0201"]

    book = Workbook()
    sheet = book.active
    sheet.append(["Branch code", "Branch name", "Manager"])
    sheet.append([301, "江北支行", "王芳"])  # a number as the code, as Excel stores it
    xlsx = tmp_path / "more.xlsx"
    book.save(xlsx)
    assert _import(qtbot, page, xlsx)
    assert "0301" not in _codes(page) and "301" in _codes(page)


def test_an_unreadable_file_is_refused(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    assert not _import(qtbot, page, path)
    assert page.problems.isVisible()
    assert "xlsx" in page.problems.model.index(0, 1).data()


def test_import_button_opens_a_file_dialog(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = page.choose_import_file()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert "*.csv" in dialog.nameFilters()[0]
    dialog.reject()
