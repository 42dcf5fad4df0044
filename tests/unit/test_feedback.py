"""The customer feedback register: lifecycle, reply-date rules, overdue, the finding it opens."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bqinspect.base import clock
from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain import feedback as fb
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.workdays import WorkCalendar
from bqinspect.services import feedback as svc
from bqinspect.services.branches import save_branch
from bqinspect.services.feedback_view import FeedbackFilter, get_feedback, list_feedback
from bqinspect.services.rectification import Action, advance, get_finding
from bqinspect.store.workspace import Workspace

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def ws(empty_workspace: Workspace) -> Workspace:
    empty_workspace.set_role(Role.LEAD)
    save_branch(empty_workspace, {"code": "0101", "name": "人民路支行", "region": "东区"})
    save_branch(empty_workspace, {"code": "0102", "name": "解放路支行", "region": "西区"})
    return empty_workspace


def _add(ws: Workspace, **kw: object) -> svc.FeedbackView:
    values: dict[str, object] = {
        "branch": "0101",
        "channel": "hotline",
        "category": "fees",
        "content": "客户反映短信服务费未经同意开通",
    }
    values.update(kw)
    return svc.add_feedback(ws, **values)  # type: ignore[arg-type]


def test_a_feedback_item_goes_through_its_lifecycle(ws: Workspace) -> None:
    item = _add(ws, contact_name="王女士", contact_phone="13800000000", assigned_to="李经理")
    assert item.status == "received" and item.assigned_to == "李经理"
    assert item.reply_due == clock.today() + timedelta(days=15)
    item = svc.add_step(ws, item.id, "调取录像，核实开通记录")
    assert item.status == "handling"
    item = svc.reply(ws, item.id, "已退还服务费并致歉", method="phone", accepted=True)
    assert item.status == "replied" and item.accepted is True and item.reply_method == "phone"
    assert item.replied_at == clock.now() and not item.replied_late
    item = svc.follow_up(ws, item.id, "一周后回访，客户满意")
    item = svc.close(ws, item.id)
    assert item.status == "closed" and item.closed_at is not None
    with pytest.raises(Refused, match="closed already"):
        svc.close(ws, item.id)
    item = svc.reopen(ws, item.id, "客户再次来电")
    assert item.status == "handling" and item.closed_at is None
    kinds = [s.kind for s in get_feedback(ws, item.id).steps]
    assert kinds == [
        "receive", "assign", "step", "reply", "follow_up", "close", "reopen"
    ]  # fmt: skip
    assert all(s.role == "lead" for s in get_feedback(ws, item.id).steps)
    assert item.revision == 6  # the five changes after it was recorded (a refusal is none)


def test_refusals_name_the_reason(ws: Workspace) -> None:
    with pytest.raises(Refused, match="no branch 9999"):
        _add(ws, branch="9999")
    with pytest.raises(Refused, match="unknown channel 'fax'"):
        _add(ws, channel="fax")
    with pytest.raises(Refused, match="unknown category"):
        _add(ws, category="weather")
    with pytest.raises(Refused, match="content is empty"):
        _add(ws, content="  ")
    with pytest.raises(Refused, match="future"):
        _add(ws, received_at=clock.now() + timedelta(days=1))
    item = _add(ws)
    with pytest.raises(Refused, match="reply before closing"):
        svc.close(ws, item.id)
    with pytest.raises(NotFound):
        svc.close(ws, "ffffffff")
    assert get_feedback(ws, str(item.id)[:8]).id == item.id


def test_refusals_are_shown_in_the_language_asked_for_when_shown(ws: Workspace) -> None:
    with pytest.raises(Refused) as channel:
        _add(ws, channel="fax")
    with pytest.raises(Refused) as control:
        _add(ws, content="投诉\ud800内容")
    item = _add(ws)
    with pytest.raises(Refused) as step:
        svc.close(ws, item.id)
    for refused in (channel, control, step):
        english, chinese = refused.value.text("en"), refused.value.text("zh")
        assert english != chinese
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in english), english
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.split(":", 1)[-1]), chinese
    assert "'fax'" in channel.value.text("zh")


def test_an_inspector_installation_may_not_change_the_register(ws: Workspace) -> None:
    item = _add(ws)
    with ws.acting_as(Role.INSPECTOR), pytest.raises(Refused, match="lead and head office"):
        svc.reply(ws, item.id, "x")
    with ws.acting_as(Role.INSPECTOR), pytest.raises(Refused, match="feedback data"):
        _add(ws)


def test_the_reply_date_follows_the_banks_rules() -> None:
    rules = [
        fb.ReplyRule(None, None, 15),
        fb.ReplyRule(fb.Channel.REGULATOR_REFERRAL, None, 10),
        fb.ReplyRule(fb.Channel.REGULATOR_REFERRAL, fb.Category.FEES, 5, working_days=True),
        fb.ReplyRule(None, fb.Category.SERVICE_ATTITUDE, 3),
    ]
    cal = WorkCalendar()
    friday = date(2025, 3, 7)
    rule = fb.rule_for(rules, fb.Channel.REGULATOR_REFERRAL, fb.Category.FEES)
    assert fb.reply_due(friday, rule, cal) == date(2025, 3, 14)  # five working days
    rule = fb.rule_for(rules, fb.Channel.REGULATOR_REFERRAL, fb.Category.PRODUCTS)
    assert fb.reply_due(friday, rule, cal) == date(2025, 3, 17)
    rule = fb.rule_for(rules, fb.Channel.HOTLINE, fb.Category.SERVICE_ATTITUDE)
    assert rule.days == 3
    assert fb.rule_for([], fb.Channel.LETTER, fb.Category.OTHER).days == 15
    # extended: 30, then 60 days from receipt
    assert fb.reply_due(friday, rules[0], cal, extensions=1) == friday + timedelta(days=30)
    assert fb.reply_due(friday, rules[0], cal, extensions=2) == friday + timedelta(days=60)


def test_rules_set_in_the_settings_give_the_reply_date(ws: Workspace) -> None:
    svc.set_reply_rules(ws, [fb.ReplyRule(fb.Channel.ONLINE, None, 2)])
    assert _add(ws, channel="online").reply_due == clock.today() + timedelta(days=2)
    assert _add(ws, channel="letter").reply_due == clock.today() + timedelta(days=15)
    with pytest.raises(ValueError, match="rule 1: days"):
        fb.parse_rules([{"channel": "online", "days": 0}])
    with pytest.raises(ValueError, match="rule 1"):
        fb.parse_rules([{"channel": "telex", "days": 3}])


def test_overdue_is_derived_and_an_extension_moves_the_date(ws: Workspace) -> None:
    received = clock.now() - timedelta(days=20)
    late = _add(ws, received_at=received)
    on_time = _add(ws)
    replied = svc.reply(ws, _add(ws, received_at=received).id, "已处理")
    assert late.overdue and not on_time.overdue and not replied.overdue
    assert replied.replied_late
    overdue = list_feedback(ws, FeedbackFilter(overdue_only=True))
    assert [r.id for r in overdue] == [late.id]
    assert list_feedback(ws)[0].id == late.id  # overdue first
    assert {r.id for r in list_feedback(ws, FeedbackFilter(open_only=True))} == {
        late.id,
        on_time.id,
    }
    extended = svc.extend(ws, late.id, "情况复杂，已告知客户延长至30日")
    assert extended.reply_due == received.astimezone(ws.zone()).date() + timedelta(days=30)
    assert not extended.overdue
    svc.extend(ws, late.id, "特殊情况，经上级审批再延30日")
    reopened = svc.close(ws, svc.reply(ws, replied.id, "再次答复").id)
    assert not svc.reopen(ws, reopened.id, "客户再次来电").overdue  # replied once, in time
    with pytest.raises(Refused, match="twice"):
        svc.extend(ws, late.id, "again")


def test_filters_by_channel_category_branch_and_status(ws: Workspace) -> None:
    a = _add(ws, channel="at_branch", category="facilities")
    b = _add(ws, branch="0102", channel="online", category="products")
    svc.reply(ws, b.id, "已答复")
    assert [r.id for r in list_feedback(ws, FeedbackFilter(channel="at_branch"))] == [a.id]
    assert [r.id for r in list_feedback(ws, FeedbackFilter(category="products"))] == [b.id]
    assert [r.id for r in list_feedback(ws, FeedbackFilter(branch="0102"))] == [b.id]
    assert [r.id for r in list_feedback(ws, FeedbackFilter(status="replied"))] == [b.id]


def test_feedback_opens_a_finding_whose_closure_shows_on_it(ws: Workspace) -> None:
    item = _add(ws, contact_name="王女士", contact_phone="13800000000")
    item = svc.open_finding(ws, item.id, severity="major", requirement="规范收费服务开通流程")
    assert item.finding_id is not None and item.finding_status == "open"
    finding = get_finding(ws, item.finding_id)
    assert finding.source == "feedback" and finding.inspection_id is None
    assert finding.description == item.content and "王女士" not in finding.description
    assert "13800000000" not in finding.requirement
    with pytest.raises(Refused, match="already"):
        svc.open_finding(ws, item.id)
    advance(ws, item.finding_id, Action.START)  # the lead records the branch's steps
    advance(ws, item.finding_id, Action.SUBMIT, text="已整改")
    advance(ws, item.finding_id, Action.VERIFY)
    shown = get_feedback(ws, item.id)
    assert shown.finding_status == "verified" and shown.finding_closed


def test_the_feedback_tables_arrive_by_upgrade(home: Path) -> None:
    from bqinspect.store.db import open_database
    from tests.unit.test_store import _database_at

    path = _database_at(home, "0004")
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "feedback" not in tables
    db = open_database(home)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM feedback").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM feedbackevent").scalar() == 0
    db.dispose()


def test_a_reply_before_receipt_is_refused(ws: Workspace) -> None:
    item = _add(ws)
    with pytest.raises(Refused, match="before the feedback was received"):
        svc.reply(ws, item.id, "x", replied_at=datetime(2020, 1, 1).astimezone())
    assert svc.parse_accepted("是") is True and svc.parse_accepted("no") is False
    with pytest.raises(Refused, match="yes or no"):
        svc.parse_accepted("maybe")


@pytest.mark.postgres
def test_the_register_on_postgresql(pg_url: str, home: Path) -> None:
    from bqinspect.store.workspace import open_workspace
    from tests.pg import fresh_database

    with fresh_database(pg_url) as url:
        ws = open_workspace(home, url, actor="测试员")
        try:
            ws.set_role(Role.OFFICE)
            save_branch(ws, {"code": "0101", "name": "人民路支行"})
            item = _add(ws, received_at=clock.now() - timedelta(days=16))
            assert [r.id for r in list_feedback(ws, FeedbackFilter(overdue_only=True))] == [item.id]
            item = svc.open_finding(ws, svc.reply(ws, item.id, "已答复", accepted=False).id)
            assert item.finding_status == "open" and item.replied_late
            assert get_feedback(ws, str(item.id)[:6]).steps[-1].kind == "open_finding"
        finally:
            ws.close()
