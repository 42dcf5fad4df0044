"""The audit dialog, the revisions dialog, their entry points, and the roles in the window."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMenu, QWidget

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.services import rectification as rect
from bqinspect.services.audit_log import inspection_audit
from bqinspect.store.workspace import Workspace
from bqinspect.sync.keys import export_public, list_devices, load_identity
from bqinspect.ui import i18n
from bqinspect.ui.audit.dialog import AuditDialog, open_audit_dialog
from bqinspect.ui.audit.entry import add_record_actions
from bqinspect.ui.audit.models import AuditModel, ChangesModel
from bqinspect.ui.audit.revisions_dialog import RevisionsDialog, open_revisions_dialog
from bqinspect.ui.context import AppContext
from bqinspect.ui.pages.finding_detail import FindingDetail
from bqinspect.ui.pages.settings import SettingsPage
from bqinspect.ui.sync.page import SyncPage
from tests.gui.gui_data import make_ctx
from tests.unit.sync_helpers import make_inspection, open_ws, return_to_inspector, setup_field


def amended_record(ws: Workspace) -> uuid.UUID:
    """r1 submitted; r2 ENV-01 amended fail → pass; r3 ENV-05 amended, returned; r4 a note,
    resubmitted."""
    ws.set_setting("timezone", "Asia/Shanghai")
    branch, fv = setup_field(ws)
    load_identity(ws)
    iid = make_inspection(ws, branch, fv)
    svc.set_answer(ws, iid, "ENV-01", "pass", why="复查后灯箱已修好")
    svc.set_answer(ws, iid, "ENV-05", "fail", why="再次核对")
    return_to_inspector(ws, iid, "请补充说明")
    svc.set_note(ws, iid, "STF-04", "柜员已佩戴工牌", why="补充说明")
    svc.submit(ws, iid)
    return iid


@pytest.fixture
def record(tmp_path: Path) -> Iterator[tuple[Workspace, uuid.UUID]]:
    ws = open_ws(tmp_path / "field", actor="王晓明")
    yield ws, amended_record(ws)
    ws.close()


@pytest.fixture
def ctx(qtbot, record, tmp_path) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    context = make_ctx(record[0], tmp_path)
    i18n.set_language(context, "en")
    yield context
    i18n.set_language(context, "en")


def _texts(model: AuditModel | ChangesModel, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount(QModelIndex()))]


def _audit(qtbot, ctx, iid) -> AuditDialog:  # type: ignore[no-untyped-def]
    dialog = open_audit_dialog(ctx, iid)
    qtbot.addWidget(dialog)
    return dialog


def test_audit_dialog_shows_every_change(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    ws, iid = record
    dialog = _audit(qtbot, ctx, iid)
    lines = inspection_audit(ws, iid, "en")
    assert dialog.model.rowCount() == len(lines) > 5
    assert dialog.isVisible()
    assert "0231" in dialog.windowTitle()
    shown = [_texts(dialog.model, n) for n in range(dialog.model.rowCount())]
    amended = next(t for t in shown if t[AuditModel.FIELD] == "ENV-01 · answer")
    assert amended[AuditModel.ACTOR] == "王晓明"
    assert amended[AuditModel.ROLE] == "Inspector"
    assert amended[AuditModel.DEVICE] == "field-laptop (this device)"
    assert amended[AuditModel.CHANGE] == "Fail → Pass"
    assert amended[AuditModel.REASON] == "复查后灯箱已修好"
    assert amended[AuditModel.REVISION] == "r2"
    returned = next(t for t in shown if t[AuditModel.FIELD] == "status (returned)")
    assert returned[AuditModel.CHANGE] == "Submitted → Returned"
    assert returned[AuditModel.ROLE] == "Supervision lead"
    assert dialog.count.text() == f"{len(lines)} change(s)"


def test_filter_keeps_matching_rows(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    dialog = _audit(qtbot, ctx, record[1])
    total = dialog.model.rowCount()
    dialog.filter.setText("灯箱")
    assert dialog.proxy.rowCount() == 1
    assert [line.why for line in dialog.shown()] == ["复查后灯箱已修好"]
    assert dialog.count.text() == f"1 of {total} shown"
    dialog.filter.setText("SUPERVISION")  # any shown cell, any case
    assert {line.role for line in dialog.shown()} == {"lead"}
    dialog.filter.setText("nothing like this")
    assert dialog.proxy.rowCount() == 0
    assert not dialog.export_button.isEnabled()
    dialog.filter.clear()
    assert dialog.proxy.rowCount() == total


def test_export_writes_the_shown_rows_off_the_gui_thread(qtbot, record, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, iid = record
    ctx = make_ctx(ws, tmp_path, threaded=True)
    dialog = _audit(qtbot, ctx, iid)
    chooser = dialog.choose_export_file()
    target = tmp_path / "out" / "audit"
    target.parent.mkdir()
    with qtbot.waitSignal(dialog.exported) as blocker:
        chooser.fileSelected.emit(str(target))
    path = blocker.args[0]
    assert path == target.with_name("audit.xlsx")
    qtbot.waitUntil(lambda: dialog.task is None)
    assert "audit.xlsx" in dialog.outcome.text()
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet.max_row == dialog.model.rowCount() + 1
    assert sheet["A1"].value == "Time (Asia/Shanghai)"  # headings in the window's language
    dialog.filter.setText("灯箱")
    with qtbot.waitSignal(dialog.exported) as blocker:
        dialog.export_to(tmp_path / "out" / "one.xlsx")
    rows = list(openpyxl.load_workbook(blocker.args[0]).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][5:11] == ("ENV-01", "value", "update", "fail", "pass", "复查后灯箱已修好")


def test_export_failure_is_told(qtbot, ctx, record, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _audit(qtbot, ctx, record[1])
    with qtbot.waitSignal(dialog.exported) as blocker:
        dialog.export_to(tmp_path / "no such folder" / "a.xlsx")
    assert blocker.args == [None]
    assert dialog.export_button.isEnabled()


def test_revisions_dialog_shows_the_amended_answer_with_its_reason(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    dialog = open_revisions_dialog(ctx, record[1])
    qtbot.addWidget(dialog)
    assert [dialog.first.itemData(i) for i in range(dialog.first.count())] == [1, 2, 3, 4]
    steps = [dialog.steps_model.index(n, 1).data() for n in range(dialog.steps_model.rowCount())]
    assert steps == [
        "created",
        "submitted",
        "amended",
        "amended",
        "returned",
        "revised",
        "submitted",
    ]
    assert (dialog.first.currentData(), dialog.second.currentData()) == (3, 4)
    dialog.choose(1, 2)
    rows = [_texts(dialog.changes_model, n) for n in range(dialog.changes_model.rowCount())]
    env01 = next(r for r in rows if r[ChangesModel.ITEM] == "ENV-01")
    assert env01[ChangesModel.FIELD] == "answer"
    assert (env01[ChangesModel.OLD], env01[ChangesModel.NEW]) == ("Fail", "Pass")
    assert env01[ChangesModel.REASON] == "复查后灯箱已修好"
    assert env01[ChangesModel.WHO] == "王晓明 (Inspector)"
    assert all(r[ChangesModel.ITEM] != "STF-04" for r in rows)
    assert dialog.summary.text() == f"{len(rows)} change(s) between r1 and r2"
    dialog.choose(4, 4)
    assert dialog.changes_model.rowCount() == 0
    assert dialog.summary.text() == "Choose two different revisions to compare."


def test_list_and_finding_detail_open_the_dialogs(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    ws, iid = record
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = QMenu(parent)
    add_record_actions(menu, ctx, iid, parent)
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Audit trail…", "Revisions…"]
    menu.actions()[0].trigger()
    menu.actions()[1].trigger()
    assert len(parent.findChildren(AuditDialog)) == 1
    assert len(parent.findChildren(RevisionsDialog)) == 1

    detail = FindingDetail(ctx)
    qtbot.addWidget(detail)
    finding = next(f for f in rect.list_findings(ws) if f.item_id == "ENV-05")
    with ws.acting_as(Role.LEAD):
        rect.advance(ws, finding.id, rect.Action.START, "孙丽", "已安排维修")
    detail.show_finding(finding)
    qtbot.mouseClick(detail.audit_button, Qt.MouseButton.LeftButton)
    dialog = detail.audit_button.dialog
    assert dialog is not None and dialog.isVisible()
    reasons = [
        dialog.model.index(n, AuditModel.REASON).data() for n in range(dialog.model.rowCount())
    ]
    assert "已安排维修" in reasons


def test_settings_role_is_saved_and_reloaded(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    ws = record[0]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    picker = page.role_box.picker
    assert picker.role() is Role.INSPECTOR
    assert "field laptop" in picker.explanation.text()
    with qtbot.waitSignal(page.role_box.saved):
        picker.combo.setCurrentIndex(picker.combo.findData("lead"))
    assert ws.role() is Role.LEAD
    assert "approves" in picker.explanation.text()
    assert page.saved.isVisible() or page.saved.text()
    again = open_ws(ws.home)
    try:
        assert again.role() is Role.LEAD
    finally:
        again.close()
    reloaded = SettingsPage(ctx)
    qtbot.addWidget(reloaded)
    assert reloaded.role_box.picker.role() is Role.LEAD
    assert [picker.combo.itemText(i) for i in range(3)] == [
        "Inspector",
        "Supervision lead",
        "Head office",
    ]


def test_trust_dialog_asks_the_device_role(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = open_ws(tmp_path / "office", actor="总行分析员")
    try:
        other.set_setting("device_name", "head-office")
        key = tmp_path / "office.pub"
        export_public(other, key)
        page = SyncPage(ctx)
        qtbot.addWidget(page)
        dialog = page.ask_role(key)
        assert "office.pub" in dialog.question.text()
        assert dialog.picker.role() is Role.INSPECTOR
        dialog.picker.combo.setCurrentIndex(dialog.picker.combo.findData("office"))
        with qtbot.waitSignal(ctx.status_message) as blocker:
            dialog.buttons.accepted.emit()
        assert blocker.args == ["Trusted head-office as Head office"]
        roles = {d.name: d.role for d in list_devices(ctx.workspace)}
        assert roles["head-office"] == "office"
    finally:
        other.close()


def test_dialogs_in_chinese(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language(ctx, "zh_CN")
    dialog = _audit(qtbot, ctx, record[1])
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers[0] == "时间"
    assert dialog.export_button.text() == "导出 XLSX…"
    revisions = open_revisions_dialog(ctx, record[1])
    qtbot.addWidget(revisions)
    assert revisions.steps_model.index(0, 1).data() == "创建"


def test_screenshots_include_the_history_dialogs(qapp, record, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    from bqinspect.ui import screenshots

    paths = screenshots.render_all(record[0], tmp_path / "shots", ("en",))
    by_name = {p.name: p for p in paths}
    for name in ("en-audit.png", "en-revisions.png", "en-trust-device.png", "en-settings.png"):
        with Image.open(by_name[name]) as image:
            assert image.size == screenshots.SIZE


def test_dialogs_follow_a_change_made_elsewhere(qtbot, ctx, record) -> None:  # type: ignore[no-untyped-def]
    ws, iid = record
    audit = _audit(qtbot, ctx, iid)
    revisions = open_revisions_dialog(ctx, iid)
    qtbot.addWidget(revisions)
    before = audit.model.rowCount()
    audit.filter.setText("ENV-04")
    assert audit.proxy.rowCount() == 0
    svc.set_answer(ws, iid, "ENV-04", 3, why="重新清点")
    ctx.data_changed.emit("inspection")
    assert audit.model.rowCount() == before + 1
    assert audit.proxy.rowCount() == 1  # the filter stays
    assert revisions.second.currentData() == 5  # the newest, as before
    assert revisions.first.currentData() == 3
    revisions.choose(4, 5)
    rows = [_texts(revisions.changes_model, n) for n in range(revisions.changes_model.rowCount())]
    assert [(r[ChangesModel.ITEM], r[ChangesModel.NEW]) for r in rows] == [("ENV-04", "3")]
