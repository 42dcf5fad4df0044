"""Appeals (申诉): the branch's appeal of a deduction, recorded by the lead, and the decision.

The branch's appeal arrives at the lead, who records it in the branch's name within the window
(``appeal_window_days`` working days after the lead's approval, 5 by default) and then upholds
or overturns it. The inspector's answers stay as they were seen: an overturn is the lead's
override (``Appeal.decision``), which scoring honours (``restored`` items score in full), so
the stored score, grade and findings are recomputed through the amendment path
(``findings.settle``), the lead's part of the inspection gets a new revision and the change is
audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.appeals import AppealDecision, window_closes, window_days
from bqinspect.domain.lifecycle import Decision
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.photos import IngestedPhoto
from bqinspect.services.inspections.common import (
    audit,
    form_of,
    load,
    require_owner,
    require_storable,
)
from bqinspect.services.inspections.findings import settle
from bqinspect.services.review import MAX_TEXT
from bqinspect.store.blobs import store_blob
from bqinspect.store.lookup import find_finding as find_finding
from bqinspect.store.models import Appeal, Finding, Inspection, Review, utcnow
from bqinspect.store.record import AppealRow as AppealRow
from bqinspect.store.record import appeal_row
from bqinspect.store.workspace import Workspace

REASON_REQUIRED = declare(
    "services.appeals.reason_required",
    "a reason is required",
    "必须填写理由",
)
REASON_LONGER_THAN_CHARACTERS = declare(
    "services.appeals.reason_longer_than_characters",
    "the reason is longer than {max_text} characters",
    "理由超过 {max_text} 个字符",
)
NO_FINDING_THERE_NO = declare(
    "services.appeals.no_finding_there_no",
    "no finding {finding_id}: there is no such deduction",
    "没有发现问题 {finding_id}：不存在该扣分",
)
INSPECTION_APPROVED_YET_NO = declare(
    "services.appeals.inspection_approved_yet_no",
    "the inspection is not approved yet: no notice was issued to appeal against",
    "检查尚未批准：尚未下发可申诉的通知书",
)
FINDING_DEDUCTED_NO_POINTS = declare(
    "services.appeals.finding_deducted_no_points",
    "the finding deducted no points: there is nothing to appeal",
    "该问题未扣分：无可申诉内容",
)
THIS_DEDUCTION_WAS_APPEALED = declare(
    "services.appeals.this_deduction_was_appealed",
    "this deduction was appealed already: one appeal each",
    "此扣分已申诉：每项只能申诉一次",
)
THIS_DEDUCTION_WAS_APPEALED_2 = declare(
    "services.appeals.this_deduction_was_appealed_2",
    "this deduction was not appealed: nothing to decide",
    "此扣分未被申诉：无需决定",
)
APPEAL_WAS_DECIDED_ALREADY = declare(
    "services.appeals.appeal_was_decided_already",
    "the appeal was decided already ({decision})",
    "该申诉已有决定（{decision}）",
)

WINDOW_SETTING = "appeal_window_days"


@dataclass(frozen=True)
class Decided:
    """A decided appeal and the inspection's stored score and grade before and after it."""

    appeal: AppealRow
    score_before: float | None
    score_after: float | None
    grade_before: str | None
    grade_after: str | None


def _reason(text: str) -> str:
    body = text.strip()
    if not body:
        raise Refused(REASON_REQUIRED(), where="reason")
    if len(body) > MAX_TEXT:
        raise Refused(REASON_LONGER_THAN_CHARACTERS(max_text=MAX_TEXT), where="reason")
    require_storable("reason", body)
    return body


def _finding(s: Session, finding_id: uuid.UUID) -> Finding:
    finding = s.get(Finding, finding_id)
    if finding is None:
        raise NotFound(NO_FINDING_THERE_NO(finding_id=finding_id), where="finding")
    return finding


def _appeal(s: Session, finding_id: uuid.UUID) -> Appeal | None:
    return s.exec(select(Appeal).where(Appeal.finding_id == finding_id)).first()


def issued_on(s: Session, ws: Workspace, finding: Finding) -> date:
    """The day the notice was issued: the lead's approval of the inspection (the finding's own
    day for a finding of no inspection); refused while the inspection is not approved."""
    if finding.inspection_id is None:
        return finding.created_at.astimezone(ws.zone()).date()
    insp = load(s, finding.inspection_id)
    if insp.decision != Decision.APPROVED.value:
        raise Refused(
            INSPECTION_APPROVED_YET_NO(),
            where="inspection",
        )
    approved = s.exec(
        select(Review.at)
        .where(Review.inspection_id == insp.id, Review.decision == Decision.APPROVED.value)
        .order_by(col(Review.at).desc())
    ).first()
    at = approved or insp.updated_at
    return at.astimezone(ws.zone()).date()


def window_of(ws: Workspace, finding_id: uuid.UUID) -> date:
    """The last day an appeal of this deduction may be lodged."""
    with ws.db.session() as s:
        return _closes(s, ws, _finding(s, finding_id))


@dataclass(frozen=True)
class Window:
    """Whether a deduction may be appealed now: the window's last day, or why not."""

    closes: date | None  # None: no notice was issued yet
    open: bool
    reason: str  # why it is not open ("" when open)


def window(ws: Workspace, finding_id: uuid.UUID, now: datetime | None = None) -> Window:
    """The appeal window of a deduction as it stands ``now``."""
    try:
        closes = window_of(ws, finding_id)
    except Refused as exc:
        return Window(None, False, str(exc))
    if _bank_day(ws, now or utcnow()) > closes:
        return Window(closes, False, _late(closes))
    return Window(closes, True, "")


def _bank_day(ws: Workspace, at: datetime) -> date:
    return at.astimezone(ws.zone()).date()


def _late(closes: date) -> str:
    return f"the appeal window closed on {closes.isoformat()}: the appeal is too late"


def _closes(s: Session, ws: Workspace, finding: Finding) -> date:
    days = window_days(ws.setting(WINDOW_SETTING))
    return window_closes(issued_on(s, ws, finding), days, ws.work_calendar())


def lodge(
    ws: Workspace,
    finding_id: uuid.UUID,
    reason: str,
    photos: Sequence[IngestedPhoto] = (),
    *,
    now: datetime | None = None,
) -> AppealRow:
    """Record the branch's appeal of a deduction (reason and evidence photos), in its name."""
    require_owner(ws, Part.APPEAL)
    body = _reason(reason)
    at = now or utcnow()
    with ws.session() as s:
        finding = _finding(s, finding_id)
        if finding.points_deducted <= 0:
            raise Refused(FINDING_DEDUCTED_NO_POINTS(), "finding")
        if _appeal(s, finding.id) is not None:
            raise Refused(THIS_DEDUCTION_WAS_APPEALED(), "appeal")
        closes = _closes(s, ws, finding)
        if _bank_day(ws, at) > closes:
            raise Refused(_late(closes), where="window")
        for photo in photos:
            store_blob(s, photo)
        row = Appeal(
            finding_id=finding.id,
            inspection_id=finding.inspection_id,
            item_id=finding.item_id,
            points=finding.points_deducted,
            reason=body,
            photos=[p.sha256 for p in photos],
            lodged_at=at,
            lodged_by=ws.who(),
            role=ws.role().value,
            device_id=ws.device_id(),
        )
        s.add(row)
        audit(s, ws, "finding", finding.id, "appeal", new=finding.points_deducted, why=body)
        s.flush()
        return appeal_row(row.model_dump())


def decide(ws: Workspace, finding_id: uuid.UUID, *, overturn: bool, reason: str) -> Decided:
    """The lead upholds or overturns the appeal of a deduction, with a reason. An overturn
    restores the points: score, grade and findings are recomputed, as a new revision of the
    lead's part of the inspection, and audited."""
    require_owner(ws, Part.APPEAL)
    body = _reason(reason)
    with ws.session() as s:
        finding = _finding(s, finding_id)
        row = _appeal(s, finding.id)
        if row is None:
            raise Refused(THIS_DEDUCTION_WAS_APPEALED_2(), where="appeal")
        if row.decision:
            raise Refused(APPEAL_WAS_DECIDED_ALREADY(decision=row.decision), where="appeal")
        decision = AppealDecision.OVERTURNED if overturn else AppealDecision.UPHELD
        row.decision = decision.value
        row.decision_reason = body
        row.decided_at = utcnow()
        row.decided_by = ws.who()
        row.revision += 1
        row.updated_at = row.decided_at
        s.add(row)
        audit(s, ws, "finding", finding.id, decision.value, field="appeal", new=decision, why=body)
        insp = None if finding.inspection_id is None else load(s, finding.inspection_id)
        before = (None, None) if insp is None else (insp.overall_score, insp.grade)
        if insp is not None and overturn:
            _recompute(s, ws, insp, body)
        after = (None, None) if insp is None else (insp.overall_score, insp.grade)
        s.flush()
        return Decided(appeal_row(row.model_dump()), before[0], after[0], before[1], after[1])


def _recompute(s: Session, ws: Workspace, insp: Inspection, why: str) -> None:
    """Score the inspection again with the overturned items restored (the amendment path)."""
    old_score, old_grade = insp.overall_score, insp.grade
    s.flush()
    settle(s, ws, insp, form_of(ws, insp), [])
    insp.review_revision += 1  # the lead's part: a new revision
    insp.updated_at = utcnow()
    s.add(insp)
    for field, old, new in (
        ("overall_score", old_score, insp.overall_score),
        ("grade", old_grade, insp.grade),
    ):
        audit(
            s,
            ws,
            "inspection",
            insp.id,
            "overturn",
            field=field,
            old=old,
            new=new,
            why=why,
            revision=insp.review_revision,
        )


def appeal_of(ws: Workspace, finding_id: uuid.UUID) -> AppealRow | None:
    """The appeal of a deduction, None when it was not appealed."""
    with ws.db.session() as s:
        row = _appeal(s, finding_id)
        return None if row is None else appeal_row(row.model_dump())


def appeals_by_finding(ws: Workspace) -> dict[uuid.UUID, AppealRow]:
    """Every appeal, by the finding it disputes."""
    with ws.db.session() as s:
        return {a.finding_id: appeal_row(a.model_dump()) for a in s.exec(select(Appeal)).all()}
