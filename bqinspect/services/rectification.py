"""Rectification use cases: a finding through its lifecycle, the tracker list, repeat findings."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bqinspect.base import clock
from bqinspect.base.errors import NotFound, Problem, Refused
from bqinspect.domain.forms import SEVERITY_ORDER, Severity
from bqinspect.domain.lifecycle import (
    EXTENSION_DECISIONS,
    EXTENSION_EVENTS,
    FINDING,
    FindingAction,
    FindingStatus,
    InspectionStatus,
    is_draft,
)
from bqinspect.domain.lifecycle import available_actions as available_actions
from bqinspect.domain.lifecycle import is_overdue as is_overdue
from bqinspect.domain.ownership import Part
from bqinspect.photos import IngestedPhoto
from bqinspect.services.inspections.common import require_owner
from bqinspect.services.rectification_texts import (
    ASKED_THIS_EXTENSION_SOMEONE,
    CANNOT_FINDING_THAT_ONLY,
    EXTENSION_ALREADY_WAITING_DECISION,
    EXTENSION_REQUEST_NEEDS_NEW,
    INSPECTION_STILL_DRAFT_FINDINGS,
    LATER_THAN_CURRENT_DUE,
    LONGER_THAN_CHARACTERS,
    NEEDS_TEXT_RESPONSE_REASON,
    NO_EXTENSION_REQUEST_WAITING,
    NO_FINDING,
    TAKES_NO_DUE_DATE,
    TAKES_NO_PHOTOS,
    TIME_ACTION_NEEDS_TIME,
    UNKNOWN_ACTION,
    VERIFICATION_METHOD,
)
from bqinspect.store.blobs import store_blob
from bqinspect.store.models import (
    AuditEvent,
    Branch,
    Finding,
    Inspection,
    Photo,
    utcnow,
)
from bqinspect.store.models import FindingEvent as FindingEvent  # the events history() returns
from bqinspect.store.workspace import Workspace

log = logging.getLogger(__name__)

MAX_TEXT = 4000
REPEAT_WINDOW_DAYS = 365
VERIFY_METHODS = ("", "overt", "mystery", "photo_review")


# The use case's names for the finding lifecycle (``advance`` takes an action by its value).
Action = FindingAction
TRANSITIONS = FINDING.transitions


@dataclass(frozen=True)
class Advanced:
    """The result of one action: the finding as it is now and the event that was appended."""

    finding: Finding
    event: FindingEvent


@dataclass(frozen=True)
class FindingRow:
    """One line of the rectification tracker."""

    id: uuid.UUID
    inspection_id: uuid.UUID | None
    branch_id: uuid.UUID
    branch_code: str
    branch_name: str
    region: str
    item_id: str | None
    description: str
    severity: str
    requirement: str
    responsible: str
    due_date: date | None
    status: str
    source: str
    visit_date: date | None
    points_deducted: float
    extension_requested: date | None
    overdue: bool
    revision: int


def escalated(severity: Severity) -> Severity:
    """One severity level up (a repeat finding: common practice); critical stays critical."""
    index = SEVERITY_ORDER.index(severity)
    return SEVERITY_ORDER[max(0, index - 1)]


def halved_due(issued: date, due: date | None, today: date) -> date | None:
    """The deadline of a re-issued finding: half the original span, from today, at least a day."""
    if due is None:
        return None
    span = max(1, (due - issued).days)
    return today + timedelta(days=max(1, math.ceil(span / 2)))


# reading ----------------------------------------------------------------------------------------
def get_finding(ws: Workspace, finding_id: uuid.UUID) -> Finding:
    with ws.db.session() as s:
        row = s.get(Finding, finding_id)
    if row is None:
        raise NotFound(NO_FINDING(finding_id=finding_id), where="finding")
    return row


def history(ws: Workspace, finding_id: uuid.UUID) -> list[FindingEvent]:
    """Every event of a finding, oldest first."""
    with ws.db.session() as s:
        return list(
            s.exec(
                select(FindingEvent)
                .where(FindingEvent.finding_id == finding_id)
                .order_by(col(FindingEvent.at))
            ).all()
        )


def evidence(ws: Workspace, finding_id: uuid.UUID) -> list[Photo]:
    """Photos attached through the finding's events (responses, re-checks), oldest first."""
    with ws.db.session() as s:
        return list(
            s.exec(
                select(Photo)
                .where(
                    Photo.finding_id == finding_id,
                    col(Photo.finding_event_id).is_not(None),
                )
                .order_by(col(Photo.created_at), col(Photo.position))
            ).all()
        )


def _pending_from(events: Sequence[FindingEvent]) -> date | None:
    pending: date | None = None
    for event in events:
        if event.kind == Action.REQUEST_EXTENSION:
            try:
                pending = date.fromisoformat(str((event.data or {}).get("requested_due")))
            except ValueError:  # an imported event without a readable date
                log.warning("extension request %s has no readable due date", event.id)
                pending = None
        elif event.kind in EXTENSION_DECISIONS:
            pending = None
    return pending


def requested_by(events: Sequence[FindingEvent]) -> str:
    """Who asked for the extension still waiting for a decision ("" when none is waiting)."""
    who = ""
    for event in events:
        if event.kind == Action.REQUEST_EXTENSION:
            who = event.actor
        elif event.kind in EXTENSION_DECISIONS:
            who = ""
    return who


def own_request_problems(action: Action, who: str, requester: str) -> list[Problem]:
    """An extension is granted or denied by someone other than the person who asked for it."""
    if action in EXTENSION_DECISIONS and requester and who == requester:
        return [
            Problem(
                "extension",
                ASKED_THIS_EXTENSION_SOMEONE(requester=requester),
            )
        ]
    return []


def pending_extension(ws: Workspace, finding_id: uuid.UUID) -> date | None:
    """The due date asked for by an extension request not yet granted or denied."""
    return _pending_from(history(ws, finding_id))


def list_findings(
    ws: Workspace,
    *,
    status: str | None = None,
    severity: str | None = None,
    branch: str | None = None,
    overdue_only: bool = False,
    today: date | None = None,
) -> list[FindingRow]:
    """Issued findings (hand-made, or of an inspection that is no longer a draft), worst first."""
    today = today or clock.today()
    with ws.db.session() as s:
        q = (
            select(Finding, Branch, Inspection)
            .join(Branch, col(Finding.branch_id) == col(Branch.id))
            .join(Inspection, col(Finding.inspection_id) == col(Inspection.id), isouter=True)
            .where(
                col(Finding.inspection_id).is_(None)
                | (col(Inspection.status) != InspectionStatus.DRAFT.value)
            )
        )
        if status:
            q = q.where(Finding.status == status)
        if severity:
            q = q.where(Finding.severity == severity)
        if branch:
            q = q.where(Branch.code == branch)
        rows = s.exec(q).all()
        ext_events = s.exec(
            select(FindingEvent)
            .where(col(FindingEvent.kind).in_(sorted(EXTENSION_EVENTS)))
            .order_by(col(FindingEvent.at))
        ).all()
    by_finding: dict[uuid.UUID, list[FindingEvent]] = {}
    for event in ext_events:
        by_finding.setdefault(event.finding_id, []).append(event)
    out = []
    for finding, br, insp in rows:
        overdue = is_overdue(finding, today)
        if overdue_only and not overdue:
            continue
        out.append(
            FindingRow(
                id=finding.id,
                inspection_id=finding.inspection_id,
                branch_id=br.id,
                branch_code=br.code,
                branch_name=br.name,
                region=br.region,
                item_id=finding.item_id,
                description=finding.description,
                severity=finding.severity,
                requirement=finding.requirement,
                responsible=finding.responsible,
                due_date=finding.due_date,
                status=finding.status,
                source=finding.source,
                visit_date=insp.visit_start.astimezone(UTC).date() if insp else None,
                points_deducted=finding.points_deducted,
                extension_requested=_pending_from(by_finding.get(finding.id, [])),
                overdue=overdue,
                revision=finding.revision,
            )
        )
    order = {s.value: i for i, s in enumerate(SEVERITY_ORDER)}
    far = date.max
    out.sort(
        key=lambda r: (not r.overdue, order.get(r.severity, 9), r.due_date or far, r.branch_code)
    )
    return out


# changing ---------------------------------------------------------------------------------------
def _check(
    finding: Finding,
    insp: Inspection | None,
    action: Action,
    text: str,
    photos: Sequence[IngestedPhoto],
    new_due: date | None,
    method: str,
    pending: date | None,
    today: date,
) -> list[Problem]:
    rule = TRANSITIONS[action]
    problems: list[Problem] = []
    if insp is not None and is_draft(insp.status):
        problems.append(
            Problem(
                "finding",
                INSPECTION_STILL_DRAFT_FINDINGS(),
            )
        )
        return problems
    if not FINDING.may(action, FindingStatus(finding.status)):
        allowed = ", ".join(sorted(s.value for s in rule.sources))
        problems.append(
            Problem(
                "status",
                CANNOT_FINDING_THAT_ONLY(
                    value=action.value, status=finding.status, allowed=allowed
                ),
            )
        )
    if rule.needs_text and not text.strip():
        problems.append(Problem("text", NEEDS_TEXT_RESPONSE_REASON(value=action.value)))
    if len(text) > MAX_TEXT:
        problems.append(Problem("text", LONGER_THAN_CHARACTERS(max_text=MAX_TEXT)))
    if photos and not rule.photos_allowed:
        problems.append(Problem("photos", TAKES_NO_PHOTOS(value=action.value)))
    if method not in VERIFY_METHODS or (method and action is not Action.VERIFY):
        problems.append(Problem("method", VERIFICATION_METHOD(method=repr(method))))
    if action is Action.REQUEST_EXTENSION:
        if pending is not None:
            problems.append(
                Problem("extension", EXTENSION_ALREADY_WAITING_DECISION(pending=pending))
            )
        if new_due is None:
            problems.append(Problem("due date", EXTENSION_REQUEST_NEEDS_NEW()))
        elif new_due <= today or (finding.due_date is not None and new_due <= finding.due_date):
            problems.append(
                Problem(
                    "due date",
                    LATER_THAN_CURRENT_DUE(new_due=new_due, value=finding.due_date or "none"),
                )
            )
    elif new_due is not None:
        problems.append(Problem("due date", TAKES_NO_DUE_DATE(value=action.value)))
    if action in EXTENSION_DECISIONS and pending is None:
        problems.append(Problem("extension", NO_EXTENSION_REQUEST_WAITING()))
    return problems


def _snapshot(finding: Finding) -> dict[str, Any]:
    return {
        "status": finding.status,
        "severity": finding.severity,
        "due_date": finding.due_date.isoformat() if finding.due_date else None,
    }


def advance(
    ws: Workspace,
    finding_id: uuid.UUID,
    action: Action | str,
    actor: str = "",
    text: str = "",
    *,
    photos: Sequence[IngestedPhoto] = (),
    new_due: date | None = None,
    method: str = "",
    now: datetime | None = None,
) -> Advanced:
    """Apply one lifecycle action; appends a ``FindingEvent`` and an ``AuditEvent``.

    Refused (nothing changed) when the action does not fit the finding's status, a required
    text or date is missing, or the finding belongs to an inspection that is still a draft.
    """
    try:
        act = Action(action)
    except ValueError:
        raise Refused(UNKNOWN_ACTION(action=repr(action)), where="action") from None
    now = now or utcnow()
    if now.tzinfo is None:
        raise Refused(TIME_ACTION_NEEDS_TIME(), where="now")
    today = now.astimezone().date()
    who = actor.strip() or ws.who()
    require_owner(ws, Part.FOLLOWUP)
    with ws.session() as s:
        finding = s.get(Finding, finding_id)
        if finding is None:
            raise NotFound(NO_FINDING(finding_id=finding_id), where="finding")
        insp = s.get(Inspection, finding.inspection_id) if finding.inspection_id else None
        events = list(
            s.exec(
                select(FindingEvent)
                .where(FindingEvent.finding_id == finding_id)
                .order_by(col(FindingEvent.at))
            ).all()
        )
        pending = _pending_from(events)
        problems = _check(finding, insp, act, text, photos, new_due, method, pending, today)
        problems += own_request_problems(act, who, requested_by(events))
        if problems:
            raise Refused(problems)
        for photo in photos:
            store_blob(s, photo)
        before, event = apply(
            s,
            ws,
            finding,
            insp,
            act,
            who=who,
            text=text,
            shas=[p.sha256 for p in photos],
            method=method,
            new_due=new_due,
            pending=pending,
            today=today,
            now=now,
        )
    log.info(
        "finding %s: %s (%s → %s) by %s", finding_id, act, before["status"], finding.status, who
    )
    return Advanced(finding=finding, event=event)


def apply(
    s: Session,
    ws: Workspace,
    finding: Finding,
    insp: Inspection | None,
    act: Action,
    *,
    who: str,
    text: str,
    shas: Sequence[str],
    now: datetime,
    today: date,
    method: str = "",
    new_due: date | None = None,
    pending: date | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], FindingEvent]:
    """Make one checked action in session ``s``: the status, the event (with photos already
    stored as blobs, and ``extra`` data), the follow-up's revision and the audit; returns the
    finding's state before it and the event."""
    before = _snapshot(finding)
    rule = TRANSITIONS[act]
    data: dict[str, Any] = {"from": finding.status}
    result = ""
    if rule.target is not None:
        finding.status = rule.target.value
    if act is Action.VERIFY:
        finding.closed_at = now
        result = "passed"
        if method:
            data["method"] = method
    elif act is Action.REJECT:
        result = "not_passed"
        issued = (insp.visit_start if insp else finding.created_at).astimezone().date()
        finding.due_date = halved_due(issued, finding.due_date, today)
    elif act is Action.REQUEST_EXTENSION:
        assert new_due is not None
        data["requested_due"] = new_due.isoformat()
    elif act is Action.GRANT_EXTENSION:
        assert pending is not None
        finding.due_date = pending
        result = "granted"
    elif act is Action.DENY_EXTENSION:
        result = "denied"
    elif act is Action.ESCALATE:
        finding.severity = escalated(Severity(finding.severity)).value
    if act in (Action.REWORK, Action.REJECT):
        finding.closed_at = None
    data["to"] = finding.status
    data.update(extra or {})
    if finding.due_date != (date.fromisoformat(before["due_date"]) if before["due_date"] else None):
        data["due_date"] = finding.due_date.isoformat() if finding.due_date else None
    if shas:
        data["photos"] = list(shas)
    event = FindingEvent(
        finding_id=finding.id,
        kind=act.value,
        actor=who,
        at=now,
        text=text.strip(),
        result=result,
        data=data,
    )
    s.add(event)
    s.flush()
    for position, sha in enumerate(shas):
        s.add(
            Photo(
                inspection_id=finding.inspection_id,
                finding_id=finding.id,
                finding_event_id=event.id,
                blob_sha256=sha,
                position=position,
            )
        )
    finding.followup_revision += 1  # the follow-up is the lead's
    finding.updated_at = now
    s.add(finding)
    after = _snapshot(finding)
    s.add(
        AuditEvent(
            at=now,
            actor=who,
            entity="finding",
            entity_id=str(finding.id),
            action=act.value,
            field="status",
            old=before,
            new=after,
            why=text.strip(),
            role=ws.role().value,
            device_id=ws.device_id(),
            revision=finding.followup_revision,
        )
    )
    return before, event


# repeat findings ---------------------------------------------------------------------------------
def find_repeat(
    ws: Workspace, finding_id: uuid.UUID, window_days: int = REPEAT_WINDOW_DAYS
) -> Finding | None:
    """An earlier issued finding of the same branch and item within ``window_days``."""
    with ws.db.session() as s:
        finding = s.get(Finding, finding_id)
        if finding is None:
            raise NotFound(NO_FINDING(finding_id=finding_id), where="finding")
        if finding.item_id is None:
            return None
        insp = s.get(Inspection, finding.inspection_id) if finding.inspection_id else None
        when = insp.visit_start if insp else finding.created_at
        rows = s.exec(
            select(Finding, Inspection)
            .join(Inspection, col(Finding.inspection_id) == col(Inspection.id))
            .where(
                Finding.branch_id == finding.branch_id,
                Finding.item_id == finding.item_id,
                Finding.id != finding.id,
                Inspection.status != InspectionStatus.DRAFT.value,
            )
        ).all()
    earlier = [
        (i.visit_start, f)
        for f, i in rows
        if timedelta(0) < when - i.visit_start <= timedelta(days=window_days)
    ]
    return max(earlier, key=lambda pair: pair[0])[1] if earlier else None


def escalate_repeat(ws: Workspace, finding_id: uuid.UUID, actor: str = "") -> Advanced | None:
    """Raise a repeat finding one severity level, once (common practice); None if no repeat."""
    previous = find_repeat(ws, finding_id)
    if previous is None:
        return None
    if any(e.kind == Action.ESCALATE for e in history(ws, finding_id)):
        return None
    if get_finding(ws, finding_id).severity == Severity.CRITICAL:
        return None
    return advance(
        ws,
        finding_id,
        Action.ESCALATE,
        actor,
        f"repeat of finding {previous.id} (due {previous.due_date})",
    )
