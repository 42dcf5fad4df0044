"""The supervision ledger's rows (监督日志): one per supervision act, from one source per kind.

A source is a function ``(session, scope, zone) -> list[LedgerRow]`` registered in
:data:`SOURCES`: inspections, mystery visits and re-checks; branch self-checks; customer feedback
received (never the customer's contact).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlmodel import Session, col, select

from bqinspect.base.errors import Refused
from bqinspect.domain.appeals import AppealDecision
from bqinspect.domain.lifecycle import FindingAction, InspectionStatus
from bqinspect.domain.messages import declare
from bqinspect.domain.recheck import FORM_PREFIX as RECHECK_PREFIX
from bqinspect.store.models import (
    Appeal,
    Branch,
    Feedback,
    Finding,
    FindingEvent,
    FindingSource,
    FormVersion,
    Inspection,
)
from bqinspect.store.workspace import Workspace

PERIOD_ENDS_BEFORE_STARTS = declare(
    "report.ledger.rows.period_ends_before_starts",
    "the period ends ({until}) before it starts ({since})",
    "期间结束日（{until}）早于开始日（{since}）",
)

KINDS = ("inspection", "mystery", "recheck", "self_check", "feedback")


@dataclass(frozen=True)
class Scope:
    """A period (both days included, in the bank's zone) and optionally branches or a region."""

    since: date
    until: date
    branches: tuple[str, ...] = ()  # branch codes; empty: every branch
    region: str = ""

    def __post_init__(self) -> None:
        if self.until < self.since:
            raise Refused(PERIOD_ENDS_BEFORE_STARTS(until=self.until, since=self.since), "--until")


@dataclass(frozen=True)
class Problem:
    """One problem found and what was asked or done about it."""

    text: str
    points: float
    requirement: str  # what the branch was asked to do
    response: str  # the branch's latest report of what it did
    status: str  # the finding's status
    appeal: str  # "" | pending | upheld | overturned


@dataclass(frozen=True)
class LedgerRow:
    """One supervision act."""

    at: datetime  # in the bank's zone
    branch_code: str
    branch_name: str
    kind: str  # one of KINDS
    content: str  # zh
    content_en: str
    people: str
    problems: tuple[Problem, ...]
    score: float | None
    grade: str | None


Source = Callable[[Session, Scope, tzinfo], list[LedgerRow]]


def _bounds(scope: Scope, zone: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(scope.since, time(0), zone).astimezone(UTC)
    end = datetime.combine(scope.until + timedelta(days=1), time(0), zone).astimezone(UTC)
    return start, end


def _branches(s: Session, scope: Scope) -> dict[uuid.UUID, Branch]:
    query = select(Branch)
    if scope.branches:
        query = query.where(col(Branch.code).in_(scope.branches))
    if scope.region:
        query = query.where(Branch.region == scope.region)
    return {b.id: b for b in s.exec(query).all()}


def _problems(s: Session, findings: Sequence[Finding]) -> dict[uuid.UUID, Problem]:
    ids = [f.id for f in findings]
    responses: dict[uuid.UUID, str] = {}
    appeals: dict[uuid.UUID, str] = {}
    if ids:
        events = s.exec(
            select(FindingEvent)
            .where(
                col(FindingEvent.finding_id).in_(ids),
                FindingEvent.kind == FindingAction.SUBMIT.value,
            )
            .order_by(col(FindingEvent.at))
        ).all()
        responses = {e.finding_id: e.text for e in events if e.text}
        for a in s.exec(select(Appeal).where(col(Appeal.finding_id).in_(ids))).all():
            appeals[a.finding_id] = a.decision or "pending"
    out = {}
    for f in findings:
        out[f.id] = Problem(
            text=(f.description or f.observation).strip(),
            points=f.points_deducted,
            requirement=f.requirement,
            response=responses.get(f.id, ""),
            status=f.status,
            appeal=appeals.get(f.id, ""),
        )
    return out


def inspection_acts(s: Session, scope: Scope, zone: tzinfo) -> list[LedgerRow]:
    """Inspections and mystery visits issued in the period (not drafts)."""
    branches = _branches(s, scope)
    start, end = _bounds(scope, zone)
    rows = s.exec(
        select(Inspection, FormVersion)
        .join(FormVersion, col(Inspection.form_version_id) == col(FormVersion.id))
        .where(
            col(Inspection.visit_start) >= start,
            col(Inspection.visit_start) < end,
            Inspection.status != InspectionStatus.DRAFT.value,
            col(Inspection.branch_id).in_(list(branches)),
        )
    ).all()
    ids = [i.id for i, _ in rows]
    by_inspection: dict[uuid.UUID, list[Finding]] = defaultdict(list)
    findings = (
        s.exec(select(Finding).where(col(Finding.inspection_id).in_(ids))).all() if ids else []
    )
    for f in findings:
        by_inspection[f.inspection_id or uuid.UUID(int=0)].append(f)
    problems = _problems(s, findings)
    out = []
    for insp, fv in rows:
        branch = branches[insp.branch_id]
        own = sorted(by_inspection[insp.id], key=lambda f: (f.item_id or "~", str(f.id)))
        out.append(
            LedgerRow(
                at=insp.visit_start.astimezone(zone),
                branch_code=branch.code,
                branch_name=branch.name,
                kind=_kind_of(insp, fv),
                content=fv.title_zh,
                content_en=fv.title_en,
                people="、".join(insp.inspectors) if insp.kind != "mystery" else "",
                problems=tuple(problems[f.id] for f in own),
                score=insp.overall_score,
                grade=insp.grade,
            )
        )
    return out


def _kind_of(insp: Inspection, fv: FormVersion) -> str:
    if fv.form_id.startswith(RECHECK_PREFIX):
        return "recheck"  # a re-check of a branch's open findings (复查)
    return "mystery" if insp.kind == "mystery" else "inspection"


# the feedback register's codes as the ledger prints them (zh, en)
CHANNEL_NAMES = {
    "at_branch": ("网点现场", "at the branch"),
    "hotline": ("客服热线", "hotline"),
    "online": ("网站/App/微信", "website / app / WeChat"),
    "letter": ("来信", "letter"),
    "regulator_referral": ("监管转办", "regulator referral"),
    "other": ("其他", "other"),
}
CATEGORY_NAMES = {
    "service_attitude": ("服务态度", "service attitude"),
    "business_process": ("业务流程", "business process"),
    "facilities": ("设施设备", "facilities"),
    "fees": ("收费", "fees"),
    "products": ("产品", "products"),
    "information_disclosure": ("信息披露", "information disclosure"),
    "other": ("其他", "other"),
}


def feedback_handled(s: Session, scope: Scope, zone: tzinfo) -> list[LedgerRow]:
    """Customer feedback received in the period: what was said, the reply, whether it holds.
    The customer's contact is never in the ledger."""
    branches = _branches(s, scope)
    start, end = _bounds(scope, zone)
    items = s.exec(
        select(Feedback).where(
            col(Feedback.received_at) >= start,
            col(Feedback.received_at) < end,
            col(Feedback.branch_id).in_(list(branches)),
        )
    ).all()
    out = []
    for f in items:
        branch = branches[f.branch_id]
        channel = CHANNEL_NAMES.get(f.channel, (f.channel, f.channel))
        category = CATEGORY_NAMES.get(f.category, (f.category, f.category))
        answered = f.reply_text.strip()
        if f.accepted is not None:
            answered += "（客户认可）" if f.accepted else "（客户不认可）"
        problem = Problem(
            text=f.content.strip(),
            points=0.0,
            requirement=f.follow_up.strip(),
            response=answered,
            status=f.status,
            appeal="",
        )
        out.append(
            LedgerRow(
                at=f.received_at.astimezone(zone),
                branch_code=branch.code,
                branch_name=branch.name,
                kind="feedback",
                content=f"客户意见：{channel[0]}，{category[0]}",
                content_en=f"Customer feedback: {channel[1]}, {category[1]}",
                people=f.assigned_to,
                problems=(problem,),
                score=None,
                grade=None,
            )
        )
    return out


def self_checks(s: Session, scope: Scope, zone: tzinfo) -> list[LedgerRow]:
    """A branch's self-check findings (no inspection), one act per branch and day."""
    branches = _branches(s, scope)
    start, end = _bounds(scope, zone)
    findings = s.exec(
        select(Finding).where(
            Finding.source == FindingSource.SELF_CHECK.value,
            col(Finding.inspection_id).is_(None),
            col(Finding.created_at) >= start,
            col(Finding.created_at) < end,
            col(Finding.branch_id).in_(list(branches)),
        )
    ).all()
    problems = _problems(s, findings)
    acts: dict[tuple[uuid.UUID, date], list[Finding]] = defaultdict(list)
    for f in findings:
        acts[(f.branch_id, f.created_at.astimezone(zone).date())].append(f)
    out = []
    for (branch_id, _day), group in acts.items():
        branch = branches[branch_id]
        first = min(f.created_at for f in group)
        out.append(
            LedgerRow(
                at=first.astimezone(zone),
                branch_code=branch.code,
                branch_name=branch.name,
                kind="self_check",
                content="网点自查",
                content_en="Branch self-check",
                people="",
                problems=tuple(problems[f.id] for f in sorted(group, key=lambda f: f.created_at)),
                score=None,
                grade=None,
            )
        )
    return out


SOURCES: dict[str, Source] = {
    "inspection": inspection_acts,  # inspections and mystery visits
    "self_check": self_checks,
    "feedback": feedback_handled,
}


def ledger_rows(ws: Workspace, scope: Scope) -> list[LedgerRow]:
    """Every supervision act of the scope, oldest first."""
    zone = ws.zone()
    with ws.db.session() as s:
        rows = [row for source in SOURCES.values() for row in source(s, scope, zone)]
    return sorted(rows, key=lambda r: (r.at, r.branch_code, r.kind))


def overturned(problem: Problem) -> bool:
    return problem.appeal == AppealDecision.OVERTURNED.value
