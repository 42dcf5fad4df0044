"""The findings drafted from failed items, kept in step with the answers, and their edits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.forms import Form, Item, Severity
from bqinspect.domain.lifecycle import is_locked
from bqinspect.domain.rules import due_date
from bqinspect.domain.scoring import ScoreResult, score
from bqinspect.services.inspections.common import apply_fields, load, visit_date
from bqinspect.store.models import Answer, Finding, FindingSource, FindingStatus, Inspection
from bqinspect.store.record import AnswerRow, FindingRow, answer_states, row_of
from bqinspect.store.workspace import Workspace

FINDING_FIELDS = {
    "severity",
    "description",
    "observation",
    "requirement",
    "responsible",
    "due_date",
    "deduction_reason",
    "risk_type",
}


@dataclass(frozen=True)
class Saved:
    """The state a committed change left: the answers it touched, the live score and the
    item findings it drafted, updated or removed (``None``: removed)."""

    answers: dict[str, AnswerRow]
    score: ScoreResult
    findings: dict[str, FindingRow | None]


def _finding_texts(ws: Workspace, item: Item) -> tuple[str, str]:
    lang = str(ws.setting("content_lang") or "zh")
    requirement = item.requirement.get(lang) if item.requirement else ""
    return item.text.get(lang), requirement


def settle(s: Session, ws: Workspace, insp: Inspection, form: Form, touched: list[str]) -> Saved:
    """After a write: score the answers and, on a draft, keep one drafted finding per failed
    item (drafts of items no longer failed are removed). ``touched``: item ids written."""
    s.flush()
    answers = {
        a.item_id: a for a in s.exec(select(Answer).where(Answer.inspection_id == insp.id)).all()
    }
    result = score(form, answer_states(answers), visit_date=visit_date(insp))
    changed = {} if is_locked(insp.status) else _sync(s, ws, insp, form, answers, result)
    return Saved(
        answers={k: row_of(AnswerRow, answers[k]) for k in touched if k in answers},
        score=result,
        findings=changed,
    )


def _sync(
    s: Session,
    ws: Workspace,
    insp: Inspection,
    form: Form,
    answers: dict[str, Answer],
    result: ScoreResult,
) -> dict[str, FindingRow | None]:
    findings = {
        f.item_id: f
        for f in s.exec(
            select(Finding).where(
                Finding.inspection_id == insp.id, col(Finding.item_id).is_not(None)
            )
        ).all()
    }
    changed: dict[str, Finding | None] = {}
    for item in form.items():
        item_score = result.items[item.id]
        wanted = item_score.failed and not item_score.gated
        finding = findings.get(item.id)
        deducted = round(item.points - item_score.achieved, 4)
        if wanted and finding is None:
            severity = Severity.CRITICAL if item.veto else item.severity
            description, requirement = _finding_texts(ws, item)
            finding = Finding(
                inspection_id=insp.id,
                branch_id=insp.branch_id,
                item_id=item.id,
                severity=severity.value,
                risk_type=item.risk_type or "",
                description=description,
                requirement=requirement,
                observation=answers[item.id].note if item.id in answers else "",
                due_date=due_date(visit_date(insp), form.deadline(severity), ws.work_calendar()),
                source=(
                    FindingSource.MYSTERY if insp.kind == "mystery" else FindingSource.INSPECTION
                ).value,
                points_deducted=deducted,
            )
            s.add(finding)
            changed[item.id] = finding
        elif wanted and finding is not None:
            if finding.points_deducted != deducted:
                changed[item.id] = finding
            finding.points_deducted = deducted
            s.add(finding)
        elif not wanted and finding is not None and finding.status == FindingStatus.OPEN:
            s.delete(finding)
            changed[item.id] = None
    s.flush()
    return {k: None if f is None else row_of(FindingRow, f) for k, f in changed.items()}


def update_finding(
    ws: Workspace, finding_id: uuid.UUID, *, why: str = "", **fields: Any
) -> FindingRow:
    """Edit a finding's fields; after submission each change is audited. Returns it as stored."""
    unknown = set(fields) - FINDING_FIELDS
    if unknown:
        raise Refused(f"cannot set {', '.join(sorted(unknown))}", where="finding")
    if "severity" in fields and fields["severity"] not in {s.value for s in Severity}:
        raise Refused(f"unknown severity {fields['severity']!r}", where="severity")
    with ws.session() as s:
        finding = s.get(Finding, finding_id)
        if finding is None:
            raise NotFound(f"no finding {finding_id}")
        locked = False
        if finding.inspection_id is not None:
            insp = load(s, finding.inspection_id)
            locked = is_locked(insp.status)
        apply_fields(s, ws, finding, "finding", fields, audited=locked, why=why)
        s.flush()
        return row_of(FindingRow, finding)
