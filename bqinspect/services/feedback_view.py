"""Reading the customer feedback register: one item with its steps, the filtered list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlmodel import Session, col, select

from bqinspect.base import clock
from bqinspect.base.errors import NotFound
from bqinspect.domain import feedback as fb
from bqinspect.domain.lifecycle import is_closed
from bqinspect.domain.messages import declare
from bqinspect.store.models import Branch, Feedback, FeedbackEvent, Finding
from bqinspect.store.workspace import Workspace

NO_FEEDBACK = declare(
    "services.feedback_view.no_feedback",
    "no feedback {ref}",
    "没有客户意见 {ref}",
)
MATCHES_FEEDBACK_ITEMS = declare(
    "services.feedback_view.matches_feedback_items",
    "{ref} matches {ids} feedback items",
    "{ref} 匹配 {ids} 条客户意见",
)


@dataclass(frozen=True)
class FeedbackStep:
    """One appended step: what happened, who, in which role, when, and what was said."""

    id: uuid.UUID
    kind: str
    actor: str
    role: str
    at: datetime
    text: str


@dataclass(frozen=True)
class FeedbackView:
    """A feedback item as the register shows it; ``overdue`` is derived for ``today``."""

    id: uuid.UUID
    branch_code: str
    branch_name: str
    region: str
    channel: str
    category: str
    received_at: datetime
    content: str
    contact_name: str
    contact_phone: str
    assigned_to: str
    reply_due: date | None
    extensions: int
    status: str
    replied_at: datetime | None
    reply_method: str
    reply_text: str
    accepted: bool | None
    follow_up: str
    closed_at: datetime | None
    finding_id: uuid.UUID | None
    finding_status: str  # "" when no finding, or it is not on this machine
    overdue: bool
    replied_late: bool
    revision: int
    steps: tuple[FeedbackStep, ...] = ()

    @property
    def finding_closed(self) -> bool:
        return bool(self.finding_status) and is_closed(self.finding_status)

    @property
    def is_open(self) -> bool:
        return fb.is_open(self.status)


def local_date(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def view_of(
    row: Feedback,
    branch: Branch,
    finding: Finding | None,
    today: date,
    zone: tzinfo,
    steps: tuple[FeedbackStep, ...] = (),
) -> FeedbackView:
    replied_on = local_date(row.replied_at, zone) if row.replied_at else None
    return FeedbackView(
        id=row.id,
        branch_code=branch.code,
        branch_name=branch.name,
        region=branch.region,
        channel=row.channel,
        category=row.category,
        received_at=row.received_at,
        content=row.content,
        contact_name=row.contact_name,
        contact_phone=row.contact_phone,
        assigned_to=row.assigned_to,
        reply_due=row.reply_due,
        extensions=row.extensions,
        status=row.status,
        replied_at=row.replied_at,
        reply_method=row.reply_method,
        reply_text=row.reply_text,
        accepted=row.accepted,
        follow_up=row.follow_up,
        closed_at=row.closed_at,
        finding_id=row.finding_id,
        finding_status=finding.status if finding is not None else "",
        overdue=fb.is_overdue(row.status, row.reply_due, today, replied=row.replied_at is not None),
        replied_late=fb.replied_late(row.reply_due, replied_on),
        revision=row.revision,
        steps=steps,
    )


def resolve(s: Session, ref: str | uuid.UUID) -> Feedback:
    """The feedback item ``ref`` names: its id, or a prefix of it matching exactly one."""
    if isinstance(ref, uuid.UUID):
        row = s.get(Feedback, ref)
    else:
        try:
            row = s.get(Feedback, uuid.UUID(ref))
        except ValueError:
            needle = ref.strip().lower()
            ids = [
                i for i in s.exec(select(Feedback.id)).all() if needle and str(i).startswith(needle)
            ]
            if len(ids) > 1:
                raise NotFound(
                    MATCHES_FEEDBACK_ITEMS(ref=ref, ids=len(ids)), where="feedback"
                ) from None
            row = s.get(Feedback, ids[0]) if ids else None
    if row is None:
        raise NotFound(NO_FEEDBACK(ref=ref), where="feedback")
    return row


def steps_of(s: Session, feedback_id: uuid.UUID) -> tuple[FeedbackStep, ...]:
    rows = s.exec(
        select(FeedbackEvent)
        .where(FeedbackEvent.feedback_id == feedback_id)
        .order_by(col(FeedbackEvent.seq), col(FeedbackEvent.at))
    ).all()
    return tuple(FeedbackStep(e.id, e.kind, e.actor, e.role, e.at, e.text) for e in rows)


def read_one(s: Session, ws: Workspace, row: Feedback, today: date | None = None) -> FeedbackView:
    branch = s.get(Branch, row.branch_id)
    assert branch is not None  # a foreign key
    finding = s.get(Finding, row.finding_id) if row.finding_id else None
    return view_of(row, branch, finding, today or clock.today(), ws.zone(), steps_of(s, row.id))


def get_feedback(ws: Workspace, ref: str | uuid.UUID) -> FeedbackView:
    """One feedback item with its steps, oldest first."""
    with ws.session() as s:
        return read_one(s, ws, resolve(s, ref))


OPEN_STATES = {fb.FeedbackStatus.RECEIVED.value, fb.FeedbackStatus.HANDLING.value}


@dataclass(frozen=True)
class FeedbackFilter:
    """What the list shows; empty strings mean any."""

    channel: str = ""
    category: str = ""
    branch: str = ""  # a branch code
    status: str = ""
    open_only: bool = False  # not yet replied to
    overdue_only: bool = False


def list_feedback(
    ws: Workspace, f: FeedbackFilter = FeedbackFilter(), today: date | None = None
) -> list[FeedbackView]:
    """The register, overdue first, then by reply date and receipt (newest first)."""
    day = today or clock.today()
    zone = ws.zone()
    with ws.session() as s:
        q = (
            select(Feedback, Branch, Finding)
            .join(Branch, col(Branch.id) == Feedback.branch_id)
            .join(Finding, col(Finding.id) == Feedback.finding_id, isouter=True)
        )
        if f.channel:
            q = q.where(Feedback.channel == f.channel)
        if f.category:
            q = q.where(Feedback.category == f.category)
        if f.branch:
            q = q.where(Branch.code == f.branch)
        if f.status:
            q = q.where(Feedback.status == f.status)
        if f.open_only:
            q = q.where(
                col(Feedback.status).in_([fb.FeedbackStatus.RECEIVED, fb.FeedbackStatus.HANDLING])
            )
        rows = [view_of(r, b, fi, day, zone) for r, b, fi in s.exec(q).all()]
    if f.overdue_only:
        rows = [r for r in rows if r.overdue]
    far = date.max
    rows.sort(key=lambda r: -r.received_at.timestamp())
    rows.sort(key=lambda r: (not r.overdue, not r.is_open, r.reply_due or far))
    return rows
