"""The findings drafted from failed items, kept in step with the answers, and their edits."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.appeals import AppealDecision
from bqinspect.domain.checks import describe_failed
from bqinspect.domain.forms import Deadline, Form, Item, Severity
from bqinspect.domain.lifecycle import is_draft
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.domain.recheck import is_recheck
from bqinspect.domain.rules import due_date
from bqinspect.domain.scoring import ScoreResult, score
from bqinspect.domain.staff import MAX_BADGE
from bqinspect.domain.workdays import WorkCalendar
from bqinspect.services.inspections.common import (
    DraftHead,
    apply_fields,
    begin_change,
    load,
    require_owner,
    visit_date,
)
from bqinspect.store.models import (
    Answer,
    Appeal,
    Finding,
    FindingEvent,
    FindingSource,
    FindingStatus,
    Inspection,
)
from bqinspect.store.record import AnswerRow, FindingRow, answer_states, row_of
from bqinspect.store.workspace import Workspace

LONGER_THAN_CHARACTERS = declare(
    "services.inspections.findings.longer_than_characters",
    "longer than {max_badge} characters",
    "超过 {max_badge} 个字符",
)

CANNOT_SET = declare(
    "services.inspections.findings.cannot_set",
    "cannot set {value}",
    "无法设置 {value}",
)
UNKNOWN_SEVERITY = declare(
    "services.inspections.findings.unknown_severity",
    "unknown severity {value}",
    "未知严重程度 {value}",
)
NO_FINDING = declare(
    "services.inspections.findings.no_finding",
    "no finding {finding_id}",
    "没有发现问题 {finding_id}",
)

FOLLOWUP_FIELDS = frozenset({"responsible", "due_date"})
FINDING_FIELDS = {
    "severity",
    "description",
    "observation",
    "requirement",
    "responsible",
    "due_date",
    "deduction_reason",
    "risk_type",
    "staff_no",
    "counter",
}


@dataclass(frozen=True)
class Saved:
    """The state a committed change left: the answers it touched, the live score and the
    item findings it drafted, updated or removed (``None``: removed)."""

    answers: dict[str, AnswerRow]
    score: ScoreResult
    findings: dict[str, FindingRow | None]


@dataclass(frozen=True)
class _Stated:
    """What settling a draft reads of an answer: its columns, no model object."""

    value: Any
    is_na: bool
    note: str
    staff_no: str = ""
    counter: str = ""


def _answers(
    s: Session, insp: Inspection | DraftHead, *, issued: bool
) -> Mapping[str, Answer | _Stated]:
    """The inspection's answers by item id: model objects when the stored scores are written
    back (``issued``), else only the columns scoring and drafting read."""
    where = Answer.inspection_id == insp.id
    if issued:
        return {a.item_id: a for a in s.exec(select(Answer).where(where)).all()}
    t = Answer.__table__  # type: ignore[attr-defined]
    query = sa.select(t.c.item_id, t.c.value, t.c.is_na, t.c.note, t.c.staff_no, t.c.counter)
    rows = s.connection().execute(query.where(t.c.inspection_id == insp.id)).all()
    return {row[0]: _Stated(*row[1:]) for row in rows}


def _touched(
    s: Session,
    insp: Inspection | DraftHead,
    touched: list[str],
    written: Iterable[Answer | AnswerRow],
) -> dict[str, AnswerRow]:
    """The touched answers as stored: those just written (flushed) as they are, only the
    others read."""
    held = {a.item_id: row_of(AnswerRow, a) for a in written if a.item_id in touched}
    missing = [i for i in touched if i not in held]
    if missing:
        query = select(Answer).where(
            Answer.inspection_id == insp.id, col(Answer.item_id).in_(missing)
        )
        held.update({a.item_id: row_of(AnswerRow, a) for a in s.exec(query).all()})
    return held


def finding_source(form: Form, kind: str) -> FindingSource:
    """Where a form's item findings come from: the form's own source (a branch self-check),
    else the visit's kind (mystery shopping or inspection)."""
    if form.finding_source is not None:
        return FindingSource(form.finding_source.value)
    return FindingSource.MYSTERY if kind == "mystery" else FindingSource.INSPECTION


def _finding_texts(s: Session, ws: Workspace, item: Item, value: Any) -> tuple[str, str]:
    """The finding's description (naming the failed checks of a multi-check item) and
    requirement, in the content language."""
    lang = str(ws.setting("content_lang", s) or "zh")
    requirement = item.requirement.get(lang) if item.requirement else ""
    failed = describe_failed(item, value, lang)
    text = item.text.get(lang)
    colon = "：" if lang.startswith("zh") else ": "
    return (f"{text}{colon}{failed}" if failed else text), requirement


def settle(
    s: Session,
    ws: Workspace,
    insp: Inspection | DraftHead,
    form: Form,
    touched: list[str],
    written: Iterable[Answer | AnswerRow] = (),
) -> Saved:
    """After a write: score the answers and keep one finding per failed item (a finding of an
    item no longer failed is removed while nobody has acted on it). After submission the
    stored scores are recomputed too. ``touched``: item ids written; ``written``: the answers
    written in this transaction, not read again."""
    s.flush()
    issued = not is_draft(insp.status)
    answers = _answers(s, insp, issued=issued)
    result = score(
        form, answer_states(answers), visit_date=visit_date(insp), restored=restored_items(s, insp)
    )
    changed = _sync(s, ws, insp, form, answers, result, issued=issued)
    if issued:  # an amendment: what is stored and printed follows the answers
        assert isinstance(insp, Inspection)  # a draft's head is read only for a draft
        store_scores(s, insp, {k: a for k, a in answers.items() if isinstance(a, Answer)}, result)
    return Saved(answers=_touched(s, insp, touched, written), score=result, findings=changed)


def _sync(
    s: Session,
    ws: Workspace,
    insp: Inspection | DraftHead,
    form: Form,
    answers: Mapping[str, Answer | _Stated],
    result: ScoreResult,
    *,
    issued: bool,
) -> dict[str, FindingRow | None]:
    if is_recheck(form):  # a re-check's items speak of existing findings (services.recheck)
        return {}
    # the columns compared, not the model objects: only a finding that changes is loaded
    t = Finding.__table__  # type: ignore[attr-defined]
    query = sa.select(t.c.item_id, t.c.id, t.c.points_deducted, t.c.staff_no, t.c.counter).where(
        t.c.inspection_id == insp.id, t.c.item_id.is_not(None)
    )
    findings = {r[0]: r[1:] for r in s.connection().execute(query).all()}
    changed: dict[str, Finding | None] = {}
    for item in form.items():
        item_score = result.items[item.id]
        wanted = item_score.failed and not item_score.gated
        held = findings.get(item.id)
        deducted = round(item.points - item_score.achieved, 4)
        named = _named(answers.get(item.id))
        if held is not None and not wanted:
            if _withdraw(s, held[0]):
                changed[item.id] = None
            continue
        if held is not None and tuple(held[1:]) == (deducted, named["staff_no"], named["counter"]):
            continue  # in step: nothing to write
        finding = None if held is None else s.get(Finding, held[0])
        if wanted and finding is None:
            severity = Severity.CRITICAL if item.id in result.veto_hits else item.severity
            value = answers[item.id].value if item.id in answers else None
            description, requirement = _finding_texts(s, ws, item, value)
            finding = Finding(
                inspection_id=insp.id,
                branch_id=insp.branch_id,
                item_id=item.id,
                severity=severity.value,
                risk_type=item.risk_type or "",
                description=description,
                requirement=requirement,
                observation=answers[item.id].note if item.id in answers else "",
                due_date=_due_date(visit_date(insp), form.deadline(severity), ws.work_calendar(s)),
                source=finding_source(form, insp.kind).value,
                points_deducted=deducted,
                staff_no=named["staff_no"],
                counter=named["counter"],
            )
            s.add(finding)
            changed[item.id] = finding
        elif wanted and finding is not None:
            follows: dict[str, object] = {"points_deducted": deducted, **named}
            if any(getattr(finding, k) != v for k, v in follows.items()):
                changed[item.id] = finding
                for key, value in follows.items():
                    setattr(finding, key, value)
                if issued:
                    finding.revision += 1
                s.add(finding)
    s.flush()
    return {k: None if f is None else row_of(FindingRow, f) for k, f in changed.items()}


@functools.lru_cache(maxsize=64)
def _due_date(start: date, deadline: Deadline, calendar: WorkCalendar) -> date:
    """A finding's deadline: the same for every finding of a visit with the same severity
    (counting working days on the holiday calendar is the cost of drafting one)."""
    return due_date(start, deadline, calendar)


def _named(answer: Answer | _Stated | None) -> dict[str, str]:
    """Whom an item's finding concerns: whom its answer names (staff member, counter)."""
    if answer is None:
        return {"staff_no": "", "counter": ""}
    return {"staff_no": answer.staff_no, "counter": answer.counter}


def _withdraw(s: Session, finding_id: uuid.UUID) -> bool:
    """Remove a finding nobody has followed up yet (no lead's action, no event, no appeal), in
    one statement; True if it was removed."""
    t = Finding.__table__  # type: ignore[attr-defined]
    events = FindingEvent.__table__  # type: ignore[attr-defined]
    appeals = Appeal.__table__  # type: ignore[attr-defined]
    followed = sa.or_(
        sa.exists().where(events.c.finding_id == t.c.id),
        sa.exists().where(appeals.c.finding_id == t.c.id),
    )
    query = sa.delete(t).where(
        t.c.id == finding_id,
        t.c.status == FindingStatus.OPEN.value,
        t.c.followup_revision == 0,
        sa.not_(followed),
    )
    return bool(s.connection().execute(query).rowcount)


def restored_items(s: Session, insp: Inspection | DraftHead) -> frozenset[str]:
    """The items of ``insp`` whose deduction the lead overturned on appeal."""
    t = Appeal.__table__  # type: ignore[attr-defined]
    query = sa.select(t.c.item_id).where(
        t.c.inspection_id == insp.id, t.c.decision == AppealDecision.OVERTURNED.value
    )
    return frozenset(i for i in s.connection().execute(query).scalars() if i)


def store_scores(
    s: Session, insp: Inspection, answers: dict[str, Answer], result: ScoreResult
) -> None:
    """Store the score, grade, section scores, veto hits and each answer's points."""
    for answer in answers.values():
        item_score = result.items.get(answer.item_id)
        if item_score is None:
            continue
        answer.points_awarded = round(item_score.achieved, 4) if item_score.applicable else None
        answer.points_possible = item_score.points if item_score.applicable else None
        if item_score.failed and not answer.deduction_reason:
            answer.deduction_reason = answer.note
        s.add(answer)
    insp.overall_score = round(result.overall, 2)
    insp.grade = result.grade
    insp.veto_hits = result.veto_hits
    insp.section_scores = result.stored_sections()
    s.add(insp)


def update_finding(
    ws: Workspace, finding_id: uuid.UUID, *, why: str = "", **fields: Any
) -> FindingRow:
    """Edit a finding's fields; returns it as stored.

    What was found is the inspector's: after submission a change is an amendment (a reason,
    audited, a new revision). The follow-up (who rectifies, by when) is the inspector's while
    the inspection is a draft, then the lead's (audited, the follow-up's own revision)."""
    unknown = set(fields) - FINDING_FIELDS
    if unknown:
        raise Refused(CANNOT_SET(value=", ".join(sorted(unknown))), where="finding")
    for key in ("staff_no", "counter"):
        if len(str(fields.get(key, ""))) > MAX_BADGE:
            raise Refused(LONGER_THAN_CHARACTERS(max_badge=MAX_BADGE), where=key)
    if "severity" in fields and fields["severity"] not in {s.value for s in Severity}:
        raise Refused(UNKNOWN_SEVERITY(value=repr(fields["severity"])), where="severity")
    with ws.session() as s:
        finding = s.get(Finding, finding_id)
        if finding is None:
            raise NotFound(NO_FINDING(finding_id=finding_id))
        insp = None if finding.inspection_id is None else load(s, finding.inspection_id)
        found = {k: v for k, v in fields.items() if k not in FOLLOWUP_FIELDS}
        follow = {k: v for k, v in fields.items() if k in FOLLOWUP_FIELDS}
        if any(getattr(finding, k) != v for k, v in found.items()):
            audited = insp is not None and begin_change(s, ws, insp, why)
            if audited:
                finding.revision += 1
            apply_fields(s, ws, finding, "finding", found, audited=audited, why=why)
        if any(getattr(finding, k) != v for k, v in follow.items()):
            if insp is not None and is_draft(insp.status):
                begin_change(s, ws, insp, why)
                apply_fields(s, ws, finding, "finding", follow, audited=False, why=why)
            else:
                require_owner(ws, Part.FOLLOWUP)
                finding.followup_revision += 1
                apply_fields(s, ws, finding, "finding", follow, audited=True, why=why)
        s.flush()
        return row_of(FindingRow, finding)
