"""Customer feedback use cases: record, assign, handle, reply, follow up, close, open a finding."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.domain import feedback as fb
from bqinspect.domain.forms import DEFAULT_DEADLINES, Severity
from bqinspect.domain.messages import declare, said
from bqinspect.domain.ownership import Part
from bqinspect.domain.rules import due_date
from bqinspect.domain.storable import NotStorable, check_storable
from bqinspect.services.feedback_view import FeedbackView, local_date, read_one, resolve
from bqinspect.services.inspections.common import require_owner
from bqinspect.store.models import Branch, Feedback, FeedbackEvent, Finding, FindingSource
from bqinspect.store.workspace import Workspace

ACCEPTED_YES_NO = declare(
    "services.feedback.accepted_yes_no",
    "--accepted is yes or no, not {text_}",
    "--accepted 应为 yes 或 no，而不是 {text_}",
)
EMPTY = declare(
    "services.feedback.empty",
    "{what} is empty",
    "{what}为空",
)
LONGER_THAN_CHARACTERS = declare(
    "services.feedback.longer_than_characters",
    "{what} is longer than {limit} characters",
    "{what}超过 {limit} 个字符",
)
TIME_RECEIVED_NEEDS_TIME = declare(
    "services.feedback.time_received_needs_time",
    "the time received needs its time zone",
    "受理时间需要带时区",
)
TIME_RECEIVED_FUTURE = declare(
    "services.feedback.time_received_future",
    "the time received is in the future",
    "受理时间晚于当前时间",
)
NO_BRANCH = declare(
    "services.feedback.no_branch",
    "no branch {branch}",
    "没有网点 {branch}",
)
REPLY_DATE_WAS_EXTENDED = declare(
    "services.feedback.reply_date_was_extended",
    "the reply date was extended twice already",
    "答复期限已延长两次",
)
REPLY_DATED_BEFORE_FEEDBACK = declare(
    "services.feedback.reply_dated_before_feedback",
    "the reply is dated before the feedback was received",
    "答复日期早于意见受理日期",
)
THIS_FEEDBACK_OPENED_FINDING = declare(
    "services.feedback.this_feedback_opened_finding",
    "this feedback opened a finding already",
    "该意见已生成过发现问题",
)

MAX_TEXT = 4000
RULES_SETTING = "feedback_reply_rules"


# the bank's reply-deadline rules ------------------------------------------------------------------
def reply_rules(ws: Workspace) -> list[fb.ReplyRule]:
    """The bank's rules (the ``feedback_reply_rules`` setting), else the default 15 days."""
    try:
        return fb.parse_rules(ws.setting(RULES_SETTING))
    except ValueError:
        return list(fb.DEFAULT_RULES)


def set_reply_rules(ws: Workspace, rules: list[fb.ReplyRule]) -> None:
    require_owner(ws, Part.FEEDBACK)
    ws.set_setting(RULES_SETTING, fb.rules_setting(rules))


# helpers ------------------------------------------------------------------------------------------
def _text(value: str, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if required and not text:
        raise Refused(EMPTY(what=what), where=what)
    if len(text) > limit:
        raise Refused(LONGER_THAN_CHARACTERS(what=what, limit=limit), where=what)
    try:
        check_storable(text)
    except NotStorable as exc:
        raise Refused(said(exc), where=what) from exc
    return text


def _choice(kind: Any, text: str, what: str) -> str:
    try:
        return str(fb.parse_choice(kind, text, what).value)
    except ValueError as exc:
        raise Refused(said(exc), where=what) from exc


def _event(
    s: Session,
    ws: Workspace,
    row: Feedback,
    kind: fb.FeedbackAction,
    text: str = "",
    *,
    at: datetime | None = None,
    **data: Any,
) -> None:
    s.flush()
    count = s.exec(
        select(func.count()).select_from(FeedbackEvent).where(FeedbackEvent.feedback_id == row.id)
    ).one()
    s.add(
        FeedbackEvent(
            feedback_id=row.id,
            seq=count + 1,
            kind=kind.value,
            at=at or clock.now(),
            actor=ws.who(),
            role=ws.role().value,
            text=text,
            data=data or None,
        )
    )


@contextmanager
def _step(
    ws: Workspace, ref: str | uuid.UUID, action: fb.FeedbackAction
) -> Iterator[tuple[Session, Feedback]]:
    """One committed change of a feedback item: the role may, the state allows it; the item's
    revision counts it. The caller sets the fields and appends its event."""
    require_owner(ws, Part.FEEDBACK)
    with ws.session() as s:
        row = resolve(s, ref)
        try:
            row.status = fb.next_status(row.status, action).value
        except fb.FeedbackRefused as exc:
            raise Refused(said(exc), where="feedback") from exc
        yield s, row
        row.revision += 1
        row.updated_at = clock.now()
        s.add(row)


def _done(ws: Workspace, row_id: uuid.UUID) -> FeedbackView:
    with ws.session() as s:
        return read_one(s, ws, resolve(s, row_id))


# use cases ----------------------------------------------------------------------------------------
def add_feedback(
    ws: Workspace,
    *,
    branch: str,
    channel: str,
    category: str,
    content: str,
    received_at: datetime | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    assigned_to: str = "",
) -> FeedbackView:
    """Record a feedback item; its reply date comes from the bank's rules."""
    require_owner(ws, Part.FEEDBACK)
    chan = fb.Channel(_choice(fb.Channel, channel, "channel"))
    cat = fb.Category(_choice(fb.Category, category, "category"))
    text = _text(content, "content", required=True)
    name = _text(contact_name, "contact name", limit=200)
    phone = _text(contact_phone, "contact phone", limit=64)
    assignee = _text(assigned_to, "assigned to", limit=200)
    received = received_at or clock.now()
    if received.tzinfo is None:
        raise Refused(TIME_RECEIVED_NEEDS_TIME(), where="received")
    if received > clock.now():
        raise Refused(TIME_RECEIVED_FUTURE(), where="received")
    rule = fb.rule_for(reply_rules(ws), chan, cat)
    with ws.session() as s:
        br = s.exec(select(Branch).where(Branch.code == branch.strip())).first()
        if br is None:
            raise Refused(NO_BRANCH(branch=branch), where="branch")
        row = Feedback(
            branch_id=br.id,
            channel=chan.value,
            category=cat.value,
            received_at=received,
            content=text,
            contact_name=name,
            contact_phone=phone,
            assigned_to=assignee,
            reply_due=fb.reply_due(local_date(received, ws.zone()), rule, ws.work_calendar()),
            recorded_by=ws.who(),
        )
        s.add(row)
        s.flush()
        _event(s, ws, row, fb.FeedbackAction.RECEIVE, text, at=received, rule_days=rule.days)
        if assignee:
            _event(s, ws, row, fb.FeedbackAction.ASSIGN, assignee)
        row_id = row.id
    return _done(ws, row_id)


def assign(ws: Workspace, ref: str | uuid.UUID, to: str) -> FeedbackView:
    who = _text(to, "assigned to", required=True, limit=200)
    with _step(ws, ref, fb.FeedbackAction.ASSIGN) as (s, row):
        row.assigned_to = who
        _event(s, ws, row, fb.FeedbackAction.ASSIGN, who)
    return _done(ws, row.id)


def add_step(ws: Workspace, ref: str | uuid.UUID, text: str) -> FeedbackView:
    """A handling step: what was done (the item is being handled from now on)."""
    what = _text(text, "step", required=True)
    with _step(ws, ref, fb.FeedbackAction.STEP) as (s, row):
        _event(s, ws, row, fb.FeedbackAction.STEP, what)
    return _done(ws, row.id)


def extend(ws: Workspace, ref: str | uuid.UUID, reason: str) -> FeedbackView:
    """Extend the reply date (30 days from receipt, then 60), with the reason told the customer."""
    why = _text(reason, "reason", required=True)
    with _step(ws, ref, fb.FeedbackAction.EXTEND) as (s, row):
        if row.extensions >= len(fb.EXTENSIONS_DAYS):
            raise Refused(REPLY_DATE_WAS_EXTENDED(), where="feedback")
        row.extensions += 1
        rule = fb.rule_for(reply_rules(ws), fb.Channel(row.channel), fb.Category(row.category))
        received = local_date(row.received_at, ws.zone())
        row.reply_due = fb.reply_due(received, rule, ws.work_calendar(), row.extensions)
        _event(s, ws, row, fb.FeedbackAction.EXTEND, why, due=row.reply_due.isoformat())
    return _done(ws, row.id)


def reply(
    ws: Workspace,
    ref: str | uuid.UUID,
    text: str,
    *,
    method: str = fb.ReplyMethod.PHONE.value,
    accepted: bool | None = None,
    replied_at: datetime | None = None,
) -> FeedbackView:
    """The reply to the customer (what, how, when) and whether the customer accepted it."""
    what = _text(text, "reply", required=True)
    how = _choice(fb.ReplyMethod, method, "reply method")
    when = replied_at or clock.now()
    with _step(ws, ref, fb.FeedbackAction.REPLY) as (s, row):
        if when < row.received_at:
            raise Refused(REPLY_DATED_BEFORE_FEEDBACK(), where="reply")
        row.replied_at, row.reply_method, row.reply_text = when, how, what
        row.accepted = accepted
        _event(s, ws, row, fb.FeedbackAction.REPLY, what, at=when, method=how, accepted=accepted)
    return _done(ws, row.id)


def follow_up(ws: Workspace, ref: str | uuid.UUID, text: str) -> FeedbackView:
    """What a later check found: whether the measure holds."""
    what = _text(text, "follow-up", required=True)
    with _step(ws, ref, fb.FeedbackAction.FOLLOW_UP) as (s, row):
        row.follow_up = what
        _event(s, ws, row, fb.FeedbackAction.FOLLOW_UP, what)
    return _done(ws, row.id)


def close(ws: Workspace, ref: str | uuid.UUID, text: str = "") -> FeedbackView:
    what = _text(text, "note")
    with _step(ws, ref, fb.FeedbackAction.CLOSE) as (s, row):
        row.closed_at = clock.now()
        _event(s, ws, row, fb.FeedbackAction.CLOSE, what)
    return _done(ws, row.id)


def reopen(ws: Workspace, ref: str | uuid.UUID, reason: str) -> FeedbackView:
    why = _text(reason, "reason", required=True)
    with _step(ws, ref, fb.FeedbackAction.REOPEN) as (s, row):
        row.closed_at = None
        _event(s, ws, row, fb.FeedbackAction.REOPEN, why)
    return _done(ws, row.id)


def open_finding(
    ws: Workspace,
    ref: str | uuid.UUID,
    *,
    severity: str = Severity.GENERAL.value,
    requirement: str = "",
) -> FeedbackView:
    """Open a finding on the feedback's branch (source ``feedback``); its follow-up then shows
    on the feedback. The finding's texts are the feedback's content, never the contact."""
    level = Severity(_choice(Severity, severity, "severity"))
    need = _text(requirement, "requirement")
    with _step(ws, ref, fb.FeedbackAction.OPEN_FINDING) as (s, row):
        if row.finding_id is not None:
            raise Refused(THIS_FEEDBACK_OPENED_FINDING(), where="feedback")
        today = clock.today()
        finding = Finding(
            branch_id=row.branch_id,
            severity=level.value,
            description=row.content,
            requirement=need,
            due_date=due_date(today, DEFAULT_DEADLINES[level], ws.work_calendar()),
            source=FindingSource.FEEDBACK.value,
        )
        s.add(finding)
        s.flush()
        row.finding_id = finding.id
        _event(s, ws, row, fb.FeedbackAction.OPEN_FINDING, need, finding=str(finding.id))
    return _done(ws, row.id)


def parse_accepted(text: str) -> bool:
    """``yes`` / ``no`` (and 是 / 否) as the customer's answer, or Refused."""
    value = text.strip().lower()
    if value in ("yes", "y", "是"):
        return True
    if value in ("no", "n", "否"):
        return False
    raise Refused(ACCEPTED_YES_NO(text_=repr(text)), where="--accepted")
