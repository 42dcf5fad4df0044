"""A page's reload applies what changed: new rows shown, the selection and the checks kept, no
reset; an import or an export reads the Sync page's list once; branches sort by every column."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from bqinspect.services.branches import save_branch
from bqinspect.sync.export import export_package
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.inspections.page import InspectionsPage
from bqinspect.ui.models.branches import BranchesModel
from bqinspect.ui.pages.branches import BranchesPage
from bqinspect.ui.sync import export_wizard
from bqinspect.ui.sync.page import SyncPage
from bqinspect.ui.tasks import InlinePool
from tests.gui.gui_data import add_branch, make_ctx, start
from tests.unit.sync_helpers import field_with_inspections, open_ws, trust

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def _resets(model) -> list[int]:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    model.modelReset.connect(lambda: seen.append(1))
    return seen


def test_new_inspections_appear_and_the_selection_stays(qtbot, workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    east = add_branch(workspace, "0231", "城东支行营业部")
    first = start(workspace, "branch-onsite", east)
    second = start(workspace, "branch-onsite", east)
    ctx = make_ctx(workspace, tmp_path)
    page = InspectionsPage(ctx)
    qtbot.addWidget(page)
    assert page.select(first.id)
    resets = _resets(page.model)
    third = start(workspace, "mystery-cash", add_branch(workspace, "0245", "城西支行营业部"))
    ctx.data_changed.emit(changes.ALL)  # as an import announces what it changed
    assert {r.id for r in page.model.rows()} == {first.id, second.id, third.id}
    assert page.selected_id() == first.id
    assert resets == []
    assert page.count.text() == "3 inspection(s)"


@pytest.fixture
def field(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, ids = field_with_inspections(tmp_path / "field", 3)
    yield ws, ids
    ws.close()


def _sync_page(qtbot, ws, tmp_path: Path) -> SyncPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(
        ws, QSettings(str(tmp_path / "sync.ini"), QSettings.Format.IniFormat), pool=InlinePool()
    )
    ctx.language = "en"
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def _count_reads(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    reads: list[int] = []
    real = export_wizard.worker.list_inspections  # on the sync worker when it is idle

    def counted(ws):  # type: ignore[no-untyped-def]
        reads.append(1)
        return real(ws)

    monkeypatch.setattr(export_wizard.worker, "list_inspections", counted)
    return reads


def test_an_import_reads_the_export_list_once(qtbot, field, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    package = export_package(ws, tmp_path / "p.bqpkg", ids).path
    office = open_ws(tmp_path / "office")
    try:
        trust(office, ws, tmp_path)
        page = _sync_page(qtbot, office, tmp_path)
        reads = _count_reads(monkeypatch)
        with qtbot.waitSignal(page.import_finished, timeout=30_000):
            page.import_file(package)
        assert reads == [1]
        assert page.export_model.rowCount() == 3
    finally:
        office.close()


def test_an_export_reads_its_list_once_and_keeps_the_checks(
    qtbot, field, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ws, ids = field
    page = _sync_page(qtbot, ws, tmp_path)
    page.check_where(lambda row: row.id == ids[0])
    resets = _resets(page.export_model)
    reads = _count_reads(monkeypatch)
    page.go_to_step(page.STEP_DESTINATION)
    page.destination.setText(str(tmp_path / "out.bqpkg"))
    with qtbot.waitSignal(page.export_finished, timeout=30_000):
        page.start_export()
    assert reads == [1]
    assert resets == []
    assert page.chosen() == [ids[0]]
    marked = {r.id for r in page.export_model.rows() if r.exported_at is not None}
    assert marked == {ids[0]}


def test_branches_sort_by_every_column_ties_by_code(qtbot, empty_workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for code, name, region, active in (
        ("0103", "城西支行", "华东", True),
        ("0101", "城东支行营业部", "华东", True),
        ("0102", "Airport branch", "华北", False),
        ("0104", "城东支行营业部", "华南", True),
    ):
        save_branch(
            empty_workspace, {"code": code, "name": name, "region": region, "active": active}
        )
    page = BranchesPage(make_ctx(empty_workspace, tmp_path))
    qtbot.addWidget(page)
    page.show()

    def codes() -> list[str]:
        return [
            page.model.index(r, BranchesModel.CODE).data() for r in range(page.model.rowCount())
        ]

    assert codes() == ["0101", "0102", "0103", "0104"]
    page.table.selectRow(2)  # 0103
    page.table.sortByColumn(BranchesModel.NAME, ASC)
    assert codes() == ["0102", "0101", "0104", "0103"]  # the same name twice: by code
    assert page.selected().code == "0103"
    page.table.sortByColumn(BranchesModel.NAME, DESC)
    assert codes() == ["0103", "0101", "0104", "0102"]
    page.table.sortByColumn(BranchesModel.REGION, ASC)
    assert codes() == ["0101", "0103", "0102", "0104"]
    page.table.sortByColumn(BranchesModel.ACTIVE, ASC)
    assert codes() == ["0102", "0101", "0103", "0104"]
    page.table.sortByColumn(BranchesModel.CODE, DESC)
    assert codes() == ["0104", "0103", "0102", "0101"]
    # no figures yet (no inspections): every figure column keeps the code order
    for column in range(BranchesModel.LAST_SCORE, BranchesModel.COLUMNS):
        page.table.sortByColumn(column, ASC)
        assert codes() == ["0101", "0102", "0103", "0104"]
    page.search.setText("城东 0104")
    assert codes() == ["0104"]
