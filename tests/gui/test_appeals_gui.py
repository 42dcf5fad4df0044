"""An appeal through the finding detail's own widgets: record, refuse, overturn, read-only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt

from bqinspect.base import clock
from bqinspect.domain.lifecycle import Role
from bqinspect.services import appeals, review
from bqinspect.services import inspections as insp_svc
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.findings import FINDING_ROLE
from bqinspect.ui.pages.ledger_dialog import LedgerDialog
from bqinspect.ui.pages.rectifications import RectificationsPage
from bqinspect.ui.tasks import InlinePool
from tests.inspection_factory import submitted_inspection


@pytest.fixture
def page(qtbot, empty_workspace, mini_form, tmp_path, frozen_clock):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp = submitted_inspection(ws, mini_form, "0101", clock.now())
    ws.set_role(Role.LEAD)
    review.approve(ws, insp.id)
    ctx = AppContext(
        ws, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat), pool=InlinePool()
    )
    ctx.language = "en"
    widget = RectificationsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def _select(page: RectificationsPage, item: str) -> None:
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data(FINDING_ROLE).item_id == item:
            page.table.selectRow(r)
            return
    raise AssertionError(f"{item} is not shown")


def _click(qtbot, box, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.task is None)


def _photo(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (80, 60), "orange").save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return path


def test_record_and_overturn_through_the_widgets(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = page.ctx.workspace
    _select(page, "SEC-04")
    box = page.detail.appeal
    finding = page.selected()
    assert box.isVisible() and "may appeal until" in box.state.text()
    assert not box.uphold_button.isVisible()

    _click(qtbot, box, box.lodge_button)  # no reason: refused, shown
    assert box.error.isVisible() and "reason" in box.error.text()
    assert appeals.appeal_of(ws, finding.id) is None

    box.text.setPlainText("监控当日检修，附维修单")
    box._set_photos([_photo(tmp_path / "repair.jpg")])
    with qtbot.waitSignal(page.detail.changed):
        _click(qtbot, box, box.lodge_button)
    stored = appeals.appeal_of(ws, finding.id)
    assert stored is not None and len(stored.photos) == 1
    assert "监控当日检修" in box.state.text() and "1 evidence photo" in box.state.text()
    assert box.uphold_button.isVisible() and not box.lodge_button.isVisible()

    before = insp_svc.get_inspection(ws, finding.inspection_id)
    box.text.setPlainText("维修单属实")
    _click(qtbot, box, box.overturn_button)
    assert "Overturned" in box.state.text() and "维修单属实" in box.state.text()
    assert not box.text.isVisible()
    after = insp_svc.get_inspection(ws, finding.inspection_id)
    assert after.overall_score > before.overall_score
    assert after.review_revision == before.review_revision + 1


def test_an_inspector_sees_the_appeal_without_acting(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = page.ctx.workspace
    _select(page, "ENV-04")
    finding = page.selected()
    appeals.lodge(ws, finding.id, "门前为邻铺施工")
    appeals.decide(ws, finding.id, overturn=False, reason="照片显示在本网点")
    ws.set_role(Role.INSPECTOR)
    page.detail.show_finding(finding)
    box = page.detail.appeal
    assert "Upheld" in box.state.text() and "照片显示在本网点" in box.state.text()
    buttons = (box.lodge_button, box.uphold_button, box.overturn_button, box.add_photos)
    assert not any(b.isVisible() for b in buttons)


def test_the_ledger_is_exported_from_the_tracker(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    qtbot.mouseClick(page.ledger_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(LedgerDialog)
    assert dialog is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData(".xlsx"))
    with qtbot.waitSignal(dialog.exported) as blocker:
        dialog.export_to(tmp_path / "ledger")
    written = blocker.args[0]
    assert written.path == tmp_path / "ledger.xlsx" and written.acts == 1
    assert "1 supervision act" in dialog.outcome.text()
    sheet = load_workbook(written.path).active
    assert sheet is not None and sheet.cell(row=3, column=4).value == "On-site inspection"
    dialog.export_to(tmp_path / "no such folder" / "ledger.xlsx")
    qtbot.waitUntil(lambda: dialog.task is None)
    assert "no such folder" in dialog.outcome.text()


def test_the_appeal_window_is_a_setting(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.ui.pages.settings import SettingsPage

    ws = page.ctx.workspace
    settings = SettingsPage(page.ctx)
    qtbot.addWidget(settings)
    assert settings.appeal_days.value() == 5
    _select(page, "SEC-04")
    finding = page.selected()
    before = appeals.window_of(ws, finding.id)
    settings.appeal_days.setValue(2)
    assert ws.setting(appeals.WINDOW_SETTING) == 2
    assert appeals.window_of(ws, finding.id) < before
