"""The rectification tracker page: table, filters, overdue highlight and lifecycle actions."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush

from bqinspect.base import clock
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as insp_svc
from bqinspect.services import rectification as rect
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.findings import (
    FINDING_ROLE,
    NOT_CLOSED,
    OVERDUE_BACKGROUND,
    FindingsModel,
)
from bqinspect.ui.pages.rectifications import RectificationsPage
from bqinspect.ui.tasks import InlinePool
from tests.inspection_factory import submitted_inspection


@pytest.fixture
def ctx(qtbot, empty_workspace, mini_form, tmp_path, frozen_clock):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    today = clock.now()
    submitted_inspection(ws, mini_form, "0101", today - timedelta(days=60))  # both findings overdue
    submitted_inspection(ws, mini_form, "0202", today)  # critical due tomorrow, general in 30 days
    ws.set_role(Role.LEAD)  # the follow-up is the lead's
    context = AppContext(
        ws, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat), pool=InlinePool()
    )
    context.language = "en"
    return context


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = RectificationsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _shown(page: RectificationsPage) -> list[tuple[str, str]]:
    rows = []
    for r in range(page.proxy.rowCount()):
        finding = page.proxy.index(r, 0).data(FINDING_ROLE)
        rows.append((finding.branch_code, finding.item_id))
    return rows


def _select(page: RectificationsPage, code: str, item: str) -> rect.FindingRow:
    for r in range(page.proxy.rowCount()):
        finding = page.proxy.index(r, 0).data(FINDING_ROLE)
        if (finding.branch_code, finding.item_id) == (code, item):
            page.table.selectRow(r)
            return finding
    raise AssertionError(f"{code} {item} is not shown")


def test_table_lists_findings_and_highlights_overdue(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 4
    # sorted by due date: the two overdue findings of 0101 first
    assert _shown(page)[:2] == [("0101", "SEC-04"), ("0101", "ENV-04")]
    overdue = page.proxy.index(0, FindingsModel.DUE)
    background = overdue.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color().name() == OVERDUE_BACKGROUND
    assert "overdue" in overdue.data(Qt.ItemDataRole.ToolTipRole)
    fresh = page.proxy.index(3, FindingsModel.DUE)
    assert fresh.data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.proxy.index(0, FindingsModel.SEVERITY_).data() == "Critical"
    assert page.proxy.index(0, FindingsModel.BRANCH).data() == "0101 网点 0101"
    assert "4 of 4" in page.count_label.text() and "2 overdue" in page.count_label.text()


def test_filters_narrow_the_table_and_are_remembered(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.overdue_only.setChecked(True)
    assert sorted(_shown(page)) == [("0101", "ENV-04"), ("0101", "SEC-04")]
    page.overdue_only.setChecked(False)
    page.severity.setCurrentIndex(page.severity.findData("critical"))
    assert sorted(_shown(page)) == [("0101", "SEC-04"), ("0202", "SEC-04")]
    page.branch.setCurrentIndex(page.branch.findData("0202"))
    assert _shown(page) == [("0202", "SEC-04")]
    page.search.setText("cctv")  # item texts are stored in the content language (zh)
    assert _shown(page) == []
    page.search.setText("监控")
    assert _shown(page) == [("0202", "SEC-04")]
    page.search.clear()

    again = RectificationsPage(ctx)
    qtbot.addWidget(again)
    assert again.severity.currentData() == "critical"
    assert again.branch.currentData() == "0202"
    assert _shown(again) == [("0202", "SEC-04")]


def _photo(path: Path, color: str) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return path


def _act(qtbot, page: RectificationsPage, action: rect.Action) -> bool:  # type: ignore[no-untyped-def]
    button = page.detail.buttons[action]
    assert button.isVisible(), f"{action} is not offered"
    with qtbot.waitSignal(page.detail.action_finished, timeout=10000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.task is None)
    return bool(blocker.args[0])


def test_lifecycle_through_the_buttons(page, ctx, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    finding = _select(page, "0202", "ENV-04")
    detail = page.detail
    visible = {a for a, b in detail.buttons.items() if b.isVisible()}
    assert visible == {rect.Action.START, rect.Action.REQUEST_EXTENSION, rect.Action.COMMENT}

    assert _act(qtbot, page, rect.Action.START)
    assert page.selected().status == "rectifying"

    # a response needs text: refused, shown, nothing changed
    assert not _act(qtbot, page, rect.Action.SUBMIT)
    assert detail.error.isVisible() and "text" in detail.error.text()
    assert rect.get_finding(ws, finding.id).status == "rectifying"

    detail.text.setPlainText("门前已清扫，安排专人值守")
    detail.set_pending_photos([_photo(tmp_path / "after.jpg", "green")])
    assert "after.jpg" in detail.photos_label.text()
    assert _act(qtbot, page, rect.Action.SUBMIT)
    assert page.selected().status == "submitted"
    assert detail.evidence.photo_model.rowCount() == 1
    assert detail.pending_photos == [] and detail.text.toPlainText() == ""
    assert "submitted a response" in detail.history.toPlainText()
    assert "门前已清扫" in detail.history.toPlainText()

    detail.text.setPlainText("仍有杂物")
    assert _act(qtbot, page, rect.Action.REJECT)
    assert page.selected().status == "rejected"
    assert _act(qtbot, page, rect.Action.REWORK)
    detail.text.setPlainText("再次整改完成")
    assert _act(qtbot, page, rect.Action.SUBMIT)
    detail.method.setCurrentIndex(detail.method.findData("photo_review"))
    assert _act(qtbot, page, rect.Action.VERIFY)

    # verified: no longer shown under "Not closed"; the history has every step
    assert page.status.currentData() == NOT_CLOSED
    assert ("0202", "ENV-04") not in _shown(page)
    kinds = [e.kind for e in rect.history(ws, finding.id)]
    assert kinds == ["start", "submit", "reject", "rework", "submit", "verify"]
    assert rect.history(ws, finding.id)[-1].data["method"] == "photo_review"


def test_extension_request_and_grant(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    finding = _select(page, "0202", "SEC-04")
    detail = page.detail
    assert detail.new_due.isVisible()
    wanted = clock.today() + timedelta(days=20)
    detail.new_due.setDate(wanted)
    detail.text.setPlainText("需采购新摄像头")
    assert _act(qtbot, page, rect.Action.REQUEST_EXTENSION)
    assert page.selected().extension_requested == wanted
    assert not detail.buttons[rect.Action.REQUEST_EXTENSION].isVisible()
    due = page.proxy.index(page.table.currentIndex().row(), FindingsModel.DUE)
    assert due.data().endswith(" →")
    assert wanted.isoformat() in due.data(Qt.ItemDataRole.ToolTipRole)
    # the one who asked does not decide: the buttons say why, the service refuses
    grant = detail.buttons[rect.Action.GRANT_EXTENSION]
    assert grant.isVisible() and not grant.isEnabled()
    assert not detail.buttons[rect.Action.DENY_EXTENSION].isEnabled()
    assert detail.own_request.isVisible() and "someone else" in detail.own_request.text()
    assert "someone else" in grant.toolTip()
    ctx.workspace.actor = "督导 张华"  # the lead decides
    page.refresh()
    _select(page, "0202", "SEC-04")
    assert grant.isEnabled() and not detail.own_request.isVisible()
    assert _act(qtbot, page, rect.Action.GRANT_EXTENSION)
    assert rect.get_finding(ctx.workspace, finding.id).due_date == wanted
    assert page.selected().extension_requested is None


def test_the_observation_is_the_inspectors_note(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws = ctx.workspace
    finding = _select(page, "0101", "ENV-04")
    assert page.detail.values["observation"].text() == "—"
    inspection_id = rect.get_finding(ws, finding.id).inspection_id
    with ws.acting_as(Role.INSPECTOR):  # the note written after the answer drafted the finding
        insp_svc.set_note(ws, inspection_id, "ENV-04", "门前堆放纸箱", why="补记")
    page.refresh()
    _select(page, "0101", "ENV-04")
    assert page.detail.values["observation"].text() == "门前堆放纸箱"


def test_evidence_keeps_the_panel_inside_its_column(page, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.resize(1190, 700)
    _select(page, "0202", "ENV-04")
    detail = page.detail
    assert _act(qtbot, page, rect.Action.START)
    detail.text.setPlainText("已整改")
    scroll = page.splitter.widget(1)
    names = [f"整改后现场照片-营业厅入口-{n:02d}-IMG_2024051{n}.jpg" for n in range(8)]
    detail.set_pending_photos([_photo(tmp_path / name, "green") for name in names])
    assert detail.photos_label.isVisible()
    assert detail.minimumSizeHint().width() <= scroll.viewport().width()
    assert _act(qtbot, page, rect.Action.SUBMIT)
    assert detail.evidence.photo_model.rowCount() == 8
    assert detail.minimumSizeHint().width() <= scroll.viewport().width()


def test_a_corrupt_evidence_photo_is_refused_and_changes_nothing(page, ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    finding = _select(page, "0101", "ENV-04")
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    page.detail.text.setPlainText("见照片")
    page.detail.set_pending_photos([bad])
    assert not _act(qtbot, page, rect.Action.COMMENT)
    assert "broken.jpg" in page.detail.error.text()
    assert rect.history(ctx.workspace, finding.id) == []
    assert page.detail.pending_photos == [bad]  # kept, so the user can fix the choice


def test_responsible_is_saved_when_edited(page, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    finding = _select(page, "0101", "SEC-04")
    edit = page.detail.responsible
    edit.setText("网点主任 李四")
    edit.editingFinished.emit()
    assert rect.get_finding(ctx.workspace, finding.id).responsible == "网点主任 李四"
    row = page.proxy.index(page.table.currentIndex().row(), FindingsModel.RESPONSIBLE)
    assert row.data() == "网点主任 李四"
