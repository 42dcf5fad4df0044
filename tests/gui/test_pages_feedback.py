"""The customer feedback page: add through the dialog, filter, reply and close with the real
widgets; the finding it opens; an inspector's installation reads only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from bqinspect.base import clock
from bqinspect.domain.feedback import FeedbackAction
from bqinspect.domain.lifecycle import Role
from bqinspect.services import feedback as svc
from bqinspect.services.branches import save_branch
from bqinspect.services.feedback_view import get_feedback
from bqinspect.ui.context import AppContext
from bqinspect.ui.pages.feedback import FeedbackPage
from bqinspect.ui.pages.feedback.model import FEEDBACK_ROLE, OVERDUE_BACKGROUND
from bqinspect.ui.tasks import InlinePool


@pytest.fixture
def ctx(qtbot, empty_workspace, tmp_path, frozen_clock):  # type: ignore[no-untyped-def]
    ws = empty_workspace
    ws.set_role(Role.LEAD)
    save_branch(ws, {"code": "0101", "name": "人民路支行"})
    save_branch(ws, {"code": "0202", "name": "解放路支行"})
    svc.add_feedback(
        ws, branch="0202", channel="letter", category="facilities", content="坡道被占用",
        received_at=clock.now() - timedelta(days=20),
    )  # fmt: skip
    context = AppContext(
        ws, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat), pool=InlinePool()
    )
    context.language = "en"
    return context


@pytest.fixture
def page(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = FeedbackPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def _rows(page: FeedbackPage) -> list[str]:
    return [
        page.model.index(r, 0).data(FEEDBACK_ROLE).content for r in range(page.model.rowCount())
    ]


def test_add_reply_and_close_through_the_page(qtbot, page: FeedbackPage) -> None:  # type: ignore[no-untyped-def]
    dialog = page.new_feedback()
    qtbot.waitUntil(dialog.isVisible)
    dialog.branch.setCurrentIndex(dialog.branch.findData("0101"))
    dialog.channel.setCurrentIndex(dialog.channel.findData("hotline"))
    dialog.category.setCurrentIndex(dialog.category.findData("fees"))
    dialog.content.setPlainText("短信费未经同意开通")  # as typed through an input method
    qtbot.keyClicks(dialog.contact_phone, "13800000000")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    new_id = created.args[0]
    assert page.selected().id == new_id and page.detail.shown_id() == new_id
    assert "13800000000" in page.detail.facts.text()
    assert set(_rows(page)) == {"短信费未经同意开通", "坡道被占用"}

    detail = page.detail
    assert not detail.buttons[FeedbackAction.CLOSE].isEnabled()  # not replied yet
    detail.text.setPlainText("已退费并致歉")
    detail.accepted.setCurrentIndex(detail.accepted.findData(True))
    with qtbot.waitSignal(detail.changed):
        qtbot.mouseClick(detail.buttons[FeedbackAction.REPLY], Qt.MouseButton.LeftButton)
    item = get_feedback(page.ctx.workspace, new_id)
    assert (item.status, item.reply_text, item.accepted) == ("replied", "已退费并致歉", True)
    assert detail.buttons[FeedbackAction.CLOSE].isEnabled()
    with qtbot.waitSignal(detail.changed):
        qtbot.mouseClick(detail.buttons[FeedbackAction.CLOSE], Qt.MouseButton.LeftButton)
    assert get_feedback(page.ctx.workspace, new_id).status == "closed"
    assert detail.buttons[FeedbackAction.REOPEN].isEnabled()
    assert not detail.buttons[FeedbackAction.REPLY].isEnabled()


def test_a_refused_step_says_why_and_changes_nothing(qtbot, page: FeedbackPage) -> None:  # type: ignore[no-untyped-def]
    detail = page.detail
    qtbot.mouseClick(detail.buttons[FeedbackAction.STEP], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not detail.error.isHidden())
    assert "step is empty" in detail.error.text()
    assert [s.kind for s in get_feedback(page.ctx.workspace, detail.shown_id()).steps] == [
        "receive"
    ]


def test_filters_and_the_overdue_row(qtbot, page: FeedbackPage) -> None:  # type: ignore[no-untyped-def]
    ws = page.ctx.workspace
    svc.add_feedback(ws, branch="0101", channel="online", category="products", content="新的")
    page.refresh()
    assert _rows(page)[0] == "坡道被占用"  # overdue first
    background = page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == OVERDUE_BACKGROUND
    page.overdue_only.setChecked(True)
    assert _rows(page) == ["坡道被占用"]
    page.overdue_only.setChecked(False)
    page.channel.setCurrentIndex(page.channel.findData("online"))
    assert _rows(page) == ["新的"]
    page.channel.setCurrentIndex(0)
    page.branch.setCurrentIndex(page.branch.findData("0202"))
    assert _rows(page) == ["坡道被占用"]
    page.branch.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData("closed"))
    assert _rows(page) == []
    assert page.detail.shown_id() is None


def test_opening_a_finding_shows_its_status(qtbot, page: FeedbackPage) -> None:  # type: ignore[no-untyped-def]
    detail = page.detail
    detail.text.setPlainText("规范坡道管理")
    with qtbot.waitSignal(detail.finding_opened):
        qtbot.mouseClick(detail.buttons[FeedbackAction.OPEN_FINDING], Qt.MouseButton.LeftButton)
    assert "Open" in detail.facts.text()
    assert not detail.buttons[FeedbackAction.OPEN_FINDING].isEnabled()


def test_an_inspectors_installation_reads_only(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.workspace.set_role(Role.INSPECTOR)
    page = FeedbackPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert not page.new_button.isEnabled()
    assert not any(b.isEnabled() for b in page.detail.buttons.values())
    assert "read only" in page.detail.note.text()
