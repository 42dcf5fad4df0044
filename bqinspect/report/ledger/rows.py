"""The supervision ledger's rows (监督日志): one per supervision act, from one source per kind.

A source is a function ``(session, scope, zone) -> list[LedgerRow]`` registered in
:data:`SOURCES`; a new kind of act (a re-check visit, a feedback handled) is one more function.
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
from bqinspect.store.models import (
    Appeal,
    Branch,
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
                kind="mystery" if insp.kind == "mystery" else "inspection",
                content=fv.title_zh,
                content_en=fv.title_en,
                people="、".join(insp.inspectors) if insp.kind != "mystery" else "",
                problems=tuple(problems[f.id] for f in own),
                score=insp.overall_score,
                grade=insp.grade,
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
}


def ledger_rows(ws: Workspace, scope: Scope) -> list[LedgerRow]:
    """Every supervision act of the scope, oldest first."""
    zone = ws.zone()
    with ws.db.session() as s:
        rows = [row for source in SOURCES.values() for row in source(s, scope, zone)]
    return sorted(rows, key=lambda r: (r.at, r.branch_code, r.kind))


def overturned(problem: Problem) -> bool:
    return problem.appeal == AppealDecision.OVERTURNED.value
