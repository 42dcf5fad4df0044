"""Inspections: start, answer (committed at once), photos, timer marks, submit, audit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import or_
from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.forms import AnswerType, Form, Item, PhotoRule, Severity
from bqinspect.domain.rules import derived_durations, due_date
from bqinspect.domain.scoring import AnswerState, ScoreResult, score
from bqinspect.domain.values import ValueProblem, normalize_value
from bqinspect.photos import IngestedPhoto
from bqinspect.store.blobs import store_blob
from bqinspect.store.models import (
    Answer,
    AuditEvent,
    Branch,
    Finding,
    FindingSource,
    FindingStatus,
    FormVersion,
    Inspection,
    InspectionStatus,
    Photo,
    PhotoBlob,
    Signature,
    TimerMark,
    utcnow,
)
from bqinspect.store.workspace import Workspace

LOCKED = {InspectionStatus.SUBMITTED, InspectionStatus.APPROVED}


@dataclass(frozen=True)
class Missing:
    """Something submission needs: an answer, a photo or a note of one item (or a signature)."""

    item_id: str
    what: str  # answer | photo | note | signature
    message: str


@dataclass(frozen=True)
class InspectionRow:
    """One line of the inspections list."""

    id: uuid.UUID
    branch_code: str
    branch_name: str
    region: str
    form_id: str
    form_title_zh: str
    form_title_en: str
    kind: str
    visit_start: datetime
    inspectors: list[str]
    status: str
    overall_score: float | None
    grade: str | None
    exported_at: datetime | None
    revision: int


def _load(s: Session, inspection_id: uuid.UUID) -> Inspection:
    row = s.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(f"no inspection {inspection_id}", where="inspection")
    return row


def _audit(
    s: Session,
    ws: Workspace,
    entity: str,
    entity_id: Any,
    action: str,
    *,
    field: str = "",
    old: Any = None,
    new: Any = None,
    why: str = "",
) -> None:
    s.add(
        AuditEvent(
            actor=ws.who(),
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            field=field,
            old=old,
            new=new,
            why=why,
        )
    )


def _editable(insp: Inspection, *, allow_locked: bool = False, why: str = "") -> bool:
    """True when the inspection is locked (a change must then be audited and explained)."""
    locked = insp.status in LOCKED
    if locked and not allow_locked:
        raise Refused(
            f"inspection is {insp.status}: answers are locked after submission",
            where="inspection",
        )
    if locked and not why.strip():
        raise Refused("a change after submission needs a reason", where="why")
    return locked


def get_inspection(ws: Workspace, inspection_id: uuid.UUID) -> Inspection:
    with ws.db.session() as s:
        return _load(s, inspection_id)


def form_of(ws: Workspace, insp: Inspection) -> Form:
    return ws.form(insp.form_version_id)


def start_inspection(
    ws: Workspace,
    branch_id: uuid.UUID,
    form_version_id: uuid.UUID,
    *,
    inspectors: Iterable[str] = (),
    visit_start: datetime | None = None,
    shopper_alias: str = "",
    notes: str = "",
) -> Inspection:
    with ws.session() as s:
        branch = s.get(Branch, branch_id)
        fv = s.get(FormVersion, form_version_id)
        if branch is None:
            raise NotFound(f"no branch {branch_id}", where="branch")
        if fv is None:
            raise NotFound(f"no form version {form_version_id}", where="form")
        names = [n.strip() for n in inspectors if n.strip()] or [ws.who() or "—"]
        start = visit_start or utcnow()
        if start.tzinfo is None:
            raise Refused("visit time needs a time zone", where="visit_start")
        insp = Inspection(
            branch_id=branch_id,
            form_version_id=form_version_id,
            kind=fv.kind,
            inspectors=names,
            visit_start=start,
            shopper_alias=shopper_alias,
            notes=notes,
        )
        s.add(insp)
        s.flush()
        _audit(
            s,
            ws,
            "inspection",
            insp.id,
            "create",
            new={"branch": branch.code, "form": f"{fv.form_id}@{fv.version}"},
        )
    return insp


def answers_of(ws: Workspace, inspection_id: uuid.UUID) -> dict[str, Answer]:
    with ws.db.session() as s:
        rows = s.exec(select(Answer).where(Answer.inspection_id == inspection_id)).all()
    return {a.item_id: a for a in rows}


def answer_states(answers: dict[str, Answer]) -> dict[str, AnswerState]:
    return {k: AnswerState(value=a.value, na=a.is_na) for k, a in answers.items()}


def _visit_date(insp: Inspection) -> date:
    return insp.visit_start.astimezone(UTC).date()


def current_score(ws: Workspace, inspection_id: uuid.UUID) -> ScoreResult:
    insp = get_inspection(ws, inspection_id)
    return score(
        form_of(ws, insp),
        answer_states(answers_of(ws, inspection_id)),
        visit_date=_visit_date(insp),
    )


def _item(form: Form, item_id: str) -> Item:
    try:
        return form.item(item_id)
    except KeyError:
        raise Refused(f"the form has no item {item_id}", where="item") from None


def set_answer(
    ws: Workspace,
    inspection_id: uuid.UUID,
    item_id: str,
    value: Any = None,
    *,
    na: bool = False,
    why: str = "",
) -> Answer:
    """Store one answer and commit it before returning. ``value=None`` without NA clears it."""
    with ws.session() as s:
        insp = _load(s, inspection_id)
        locked = _editable(insp, allow_locked=bool(why), why=why)
        form = form_of(ws, insp)
        item = _item(form, item_id)
        if na and not item.na_allowed:
            raise Refused("this item cannot be answered 'not applicable'", where=item_id)
        try:
            stored = None if na else normalize_value(item, value)
        except ValueProblem as exc:
            raise Refused(str(exc), where=item_id) from exc
        answer = s.exec(
            select(Answer).where(Answer.inspection_id == inspection_id, Answer.item_id == item_id)
        ).first()
        old = None if answer is None else {"value": answer.value, "na": answer.is_na}
        if answer is None:
            answer = Answer(inspection_id=inspection_id, item_id=item_id)
        answer.value = stored
        answer.is_na = na
        answer.answered_at = utcnow()
        s.add(answer)
        insp.updated_at = utcnow()
        if locked:
            insp.revision += 1
            _audit(
                s,
                ws,
                "answer",
                f"{inspection_id}/{item_id}",
                "update",
                field="value",
                old=old,
                new={"value": stored, "na": na},
                why=why,
            )
        s.add(insp)
        s.flush()
        _sync_findings(s, ws, insp, form)
    return answer


def set_note(
    ws: Workspace, inspection_id: uuid.UUID, item_id: str, note: str, *, why: str = ""
) -> None:
    with ws.session() as s:
        insp = _load(s, inspection_id)
        locked = _editable(insp, allow_locked=bool(why), why=why)
        _item(form_of(ws, insp), item_id)
        answer = s.exec(
            select(Answer).where(Answer.inspection_id == inspection_id, Answer.item_id == item_id)
        ).first()
        if answer is None:
            answer = Answer(inspection_id=inspection_id, item_id=item_id)
        old = answer.note
        answer.note = note
        s.add(answer)
        insp.updated_at = utcnow()
        s.add(insp)
        if locked:
            insp.revision += 1  # a change after submission is a new revision of the record
            _audit(
                s,
                ws,
                "answer",
                f"{inspection_id}/{item_id}",
                "update",
                field="note",
                old=old,
                new=note,
                why=why,
            )


def set_inspection_fields(
    ws: Workspace, inspection_id: uuid.UUID, *, why: str = "", **fields: Any
) -> None:
    """Edit header fields (inspectors, notes, visit times, shopper alias…)."""
    allowed = {
        "inspectors",
        "notes",
        "internal_notes",
        "shopper_alias",
        "visit_start",
        "visit_end",
        "lead",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise Refused(f"cannot set {', '.join(sorted(unknown))}", where="inspection")
    with ws.session() as s:
        insp = _load(s, inspection_id)
        locked = _editable(insp, allow_locked=bool(why), why=why)
        _apply_fields(s, ws, insp, "inspection", fields, audited=locked, why=why)


def _apply_fields(
    s: Session,
    ws: Workspace,
    row: Inspection | Finding,
    entity: str,
    fields: dict[str, Any],
    *,
    audited: bool,
    why: str,
) -> None:
    """Set changed fields on a record; after submission each change is audited and the
    record gets a new revision."""
    changed = False
    for key, value in fields.items():
        old = getattr(row, key)
        if old == value:
            continue
        setattr(row, key, value)
        changed = True
        if audited:
            _audit(
                s,
                ws,
                entity,
                row.id,
                "update",
                field=key,
                old=_jsonable(old),
                new=_jsonable(value),
                why=why,
            )
    if audited and changed:
        row.revision += 1
    row.updated_at = utcnow()
    s.add(row)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


# timer marks ------------------------------------------------------------------------------------
def timer_marks(ws: Workspace, inspection_id: uuid.UUID) -> dict[str, datetime]:
    with ws.db.session() as s:
        rows = s.exec(select(TimerMark).where(TimerMark.inspection_id == inspection_id)).all()
    return {m.checkpoint: m.at for m in rows}


def mark_timer(
    ws: Workspace,
    inspection_id: uuid.UUID,
    checkpoint: str,
    at: datetime | None = None,
    *,
    why: str = "",
) -> dict[str, float | None]:
    """Record (or correct) a checkpoint; derived durations are written into their items.

    Correcting a mark that was already set is audited, with ``why``.
    """
    at = at or utcnow()
    if at.tzinfo is None:
        raise Refused("a timer mark needs a time zone", where=checkpoint)
    with ws.session() as s:
        insp = _load(s, inspection_id)
        locked = _editable(insp, allow_locked=bool(why), why=why)
        form = form_of(ws, insp)
        if checkpoint not in {c.id for c in form.checkpoints}:
            raise Refused(f"the form has no checkpoint {checkpoint}", where="checkpoint")
        mark = s.exec(
            select(TimerMark).where(
                TimerMark.inspection_id == inspection_id, TimerMark.checkpoint == checkpoint
            )
        ).first()
        if mark is None:
            mark = TimerMark(inspection_id=inspection_id, checkpoint=checkpoint, at=at)
        else:
            _audit(
                s,
                ws,
                "timer",
                f"{inspection_id}/{checkpoint}",
                "correct",
                field="at",
                old=mark.at.isoformat(),
                new=at.isoformat(),
                why=why or "corrected",
            )
            mark.at = at
            mark.corrected = True
        s.add(mark)
        s.flush()
        marks = {
            m.checkpoint: m.at
            for m in s.exec(select(TimerMark).where(TimerMark.inspection_id == inspection_id)).all()
        }
        durations = derived_durations(form, marks)
        existing = {
            a.item_id: a
            for a in s.exec(select(Answer).where(Answer.inspection_id == inspection_id)).all()
        }
        for item_id, seconds in durations.items():
            if seconds is None:
                continue
            answer = existing.get(item_id) or Answer(inspection_id=inspection_id, item_id=item_id)
            if answer.value != seconds:
                answer.value = seconds
                answer.is_na = False
                answer.answered_at = utcnow()
                s.add(answer)
        if locked:
            insp.revision += 1
        insp.updated_at = utcnow()
        s.add(insp)
        s.flush()
        _sync_findings(s, ws, insp, form)
    return durations


# photos ---------------------------------------------------------------------------------------
def attach_photo(
    ws: Workspace,
    inspection_id: uuid.UUID,
    ingested: IngestedPhoto,
    *,
    item_id: str | None = None,
    finding_id: uuid.UUID | None = None,
    caption: str = "",
) -> Photo:
    """Link an ingested photo (``bqinspect.photos.IngestedPhoto``) to an inspection/item."""
    with ws.session() as s:
        insp = _load(s, inspection_id)
        _editable(insp)
        if item_id is not None:
            item = _item(form_of(ws, insp), item_id)
            if item.photo_on_fail is PhotoRule.FORBIDDEN:
                raise Refused(
                    "no photos for this item on a covert visit (security devices, cash, faces)",
                    where=item_id,
                )
        store_blob(s, ingested)
        same = s.exec(
            select(Photo).where(
                Photo.inspection_id == inspection_id,
                Photo.blob_sha256 == ingested.sha256,
                Photo.item_id == item_id,
            )
        ).first()
        if same is not None:
            return same
        count = len(s.exec(select(Photo.id).where(Photo.inspection_id == inspection_id)).all())
        photo = Photo(
            inspection_id=inspection_id,
            item_id=item_id,
            finding_id=finding_id,
            blob_sha256=ingested.sha256,
            caption=caption,
            position=count,
        )
        s.add(photo)
        insp.updated_at = utcnow()
        s.add(insp)
    return photo


def photos_of(ws: Workspace, inspection_id: uuid.UUID, item_id: str | None = None) -> list[Photo]:
    with ws.db.session() as s:
        # evidence photos of a finding's rectification belong to the finding, not the visit
        q = select(Photo).where(
            Photo.inspection_id == inspection_id, col(Photo.finding_event_id).is_(None)
        )
        if item_id is not None:
            q = q.where(Photo.item_id == item_id)
        return list(s.exec(q.order_by(col(Photo.position))).all())


def photo_blob(ws: Workspace, sha256: str) -> PhotoBlob | None:
    with ws.db.session() as s:
        return s.get(PhotoBlob, sha256)


def remove_photo(ws: Workspace, photo_id: uuid.UUID) -> None:
    with ws.session() as s:
        photo = s.get(Photo, photo_id)
        if photo is None:
            raise NotFound(f"no photo {photo_id}")
        if photo.inspection_id is not None:
            _editable(_load(s, photo.inspection_id))
        s.delete(photo)


def set_photo_caption(ws: Workspace, photo_id: uuid.UUID, caption: str) -> None:
    with ws.session() as s:
        photo = s.get(Photo, photo_id)
        if photo is None:
            raise NotFound(f"no photo {photo_id}")
        photo.caption = caption
        photo.updated_at = utcnow()
        s.add(photo)


# findings -------------------------------------------------------------------------------------
def _finding_texts(ws: Workspace, item: Item) -> tuple[str, str]:
    lang = str(ws.setting("content_lang") or "zh")
    requirement = item.requirement.get(lang) if item.requirement else ""
    return item.text.get(lang), requirement


def _sync_findings(s: Session, ws: Workspace, insp: Inspection, form: Form) -> None:
    """One drafted finding per failed item; drafts of items no longer failed are removed."""
    if insp.status in LOCKED:
        return
    answers = {
        a.item_id: a for a in s.exec(select(Answer).where(Answer.inspection_id == insp.id)).all()
    }
    result = score(form, answer_states(answers), visit_date=_visit_date(insp))
    findings = {
        f.item_id: f
        for f in s.exec(
            select(Finding).where(
                Finding.inspection_id == insp.id, col(Finding.item_id).is_not(None)
            )
        ).all()
    }
    for item in form.items():
        item_score = result.items[item.id]
        wanted = item_score.failed and not item_score.gated
        finding = findings.get(item.id)
        if wanted and finding is None:
            severity = Severity.CRITICAL if item.veto else item.severity
            description, requirement = _finding_texts(ws, item)
            s.add(
                Finding(
                    inspection_id=insp.id,
                    branch_id=insp.branch_id,
                    item_id=item.id,
                    severity=severity.value,
                    risk_type=item.risk_type or "",
                    description=description,
                    requirement=requirement,
                    observation=answers[item.id].note if item.id in answers else "",
                    due_date=due_date(_visit_date(insp), form.deadline(severity)),
                    source=(
                        FindingSource.MYSTERY
                        if insp.kind == "mystery"
                        else FindingSource.INSPECTION
                    ).value,
                    points_deducted=round(item.points - item_score.achieved, 4),
                )
            )
        elif wanted and finding is not None:
            finding.points_deducted = round(item.points - item_score.achieved, 4)
            s.add(finding)
        elif not wanted and finding is not None and finding.status == FindingStatus.OPEN:
            s.delete(finding)


def findings_of(ws: Workspace, inspection_id: uuid.UUID) -> list[Finding]:
    order = {s.value: i for i, s in enumerate(Severity)}
    with ws.db.session() as s:
        rows = list(s.exec(select(Finding).where(Finding.inspection_id == inspection_id)).all())
    return sorted(rows, key=lambda f: (order.get(f.severity, 9), f.item_id or ""))


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


def update_finding(ws: Workspace, finding_id: uuid.UUID, *, why: str = "", **fields: Any) -> None:
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
            insp = _load(s, finding.inspection_id)
            locked = insp.status in LOCKED
        _apply_fields(s, ws, finding, "finding", fields, audited=locked, why=why)


# submission -----------------------------------------------------------------------------------
def check_submission(ws: Workspace, inspection_id: uuid.UUID) -> list[Missing]:
    """Everything that blocks submission, in form order."""
    insp = get_inspection(ws, inspection_id)
    form = form_of(ws, insp)
    answers = answers_of(ws, inspection_id)
    result = score(form, answer_states(answers), visit_date=_visit_date(insp))
    photo_items = {p.item_id for p in photos_of(ws, inspection_id) if p.item_id}
    missing: list[Missing] = []
    for item in form.items():
        item_score = result.items[item.id]
        if not item_score.visible or item_score.gated:
            continue  # hidden, or zeroed by a failed gate: nothing more to ask
        answer = answers.get(item.id)
        answered = answer is not None and (answer.is_na or answer.value is not None)
        if item.type is AnswerType.PHOTO:
            answered = answered or item.id in photo_items
        if item.required and not answered:
            missing.append(Missing(item.id, "answer", "not answered"))
            continue
        if item_score.failed and not item_score.gated:
            if item.photo_on_fail is PhotoRule.REQUIRED and item.id not in photo_items:
                missing.append(Missing(item.id, "photo", "failed: a photo is required"))
            if item.note_on_fail and not (answer and answer.note.strip()):
                missing.append(Missing(item.id, "note", "failed: a note is required"))
    return missing


def signatures_of(ws: Workspace, inspection_id: uuid.UUID) -> list[Signature]:
    with ws.db.session() as s:
        return list(
            s.exec(
                select(Signature)
                .where(Signature.inspection_id == inspection_id)
                .order_by(col(Signature.signed_at))
            ).all()
        )


def add_signature(
    ws: Workspace, inspection_id: uuid.UUID, role: str, name: str, png: bytes
) -> Signature:
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Refused("a signature must be a PNG image", where="signature")
    if not name.strip():
        raise Refused("the signer's name is required", where="signature")
    with ws.session() as s:
        insp = _load(s, inspection_id)
        _editable(insp)
        for old in s.exec(
            select(Signature).where(
                Signature.inspection_id == inspection_id, Signature.role == role
            )
        ).all():
            s.delete(old)
        sig = Signature(inspection_id=inspection_id, role=role, name=name.strip(), image=png)
        s.add(sig)
    return sig


def submit(ws: Workspace, inspection_id: uuid.UUID) -> ScoreResult:
    """Validate, lock the answers, store the scores and the findings; audited."""
    missing = check_submission(ws, inspection_id)
    if missing:
        raise Refused([_missing_problem(m) for m in missing])
    if not any(sig.role == "inspector" for sig in signatures_of(ws, inspection_id)):
        raise Refused("the inspector's signature is required", where="signature")
    with ws.session() as s:
        insp = _load(s, inspection_id)
        _editable(insp)
        form = form_of(ws, insp)
        _sync_findings(s, ws, insp, form)
        answers = {
            a.item_id: a
            for a in s.exec(select(Answer).where(Answer.inspection_id == insp.id)).all()
        }
        result = score(form, answer_states(answers), visit_date=_visit_date(insp))
        for item_id, answer in answers.items():
            item_score = result.items.get(item_id)
            if item_score is None:
                continue
            answer.points_awarded = round(item_score.achieved, 4) if item_score.applicable else None
            answer.points_possible = item_score.points if item_score.applicable else None
            if item_score.failed and not answer.deduction_reason:
                answer.deduction_reason = answer.note
            s.add(answer)
        old_status = insp.status
        insp.status = InspectionStatus.SUBMITTED.value
        insp.overall_score = round(result.overall, 2)
        insp.grade = result.grade
        insp.veto_hits = result.veto_hits
        insp.section_scores = {
            k: {
                "achieved": v.achieved,
                "applicable": v.applicable,
                "percent": v.percent,
                "weight": v.weight,
                "failed": v.failed,
            }
            for k, v in result.sections.items()
        }
        insp.submitted_at = utcnow()
        insp.visit_end = insp.visit_end or utcnow()
        insp.updated_at = utcnow()
        s.add(insp)
        _audit(
            s, ws, "inspection", insp.id, "submit", field="status", old=old_status, new=insp.status
        )
    return result


def _missing_problem(m: Missing) -> Any:
    from bqinspect.base.errors import Problem

    return Problem(m.item_id, f"{m.what}: {m.message}")


def set_status(
    ws: Workspace, inspection_id: uuid.UUID, status: InspectionStatus, *, why: str = ""
) -> None:
    """Review transitions: submitted → approved | returned; returned → draft (new revision)."""
    allowed = {
        (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED),
        (InspectionStatus.SUBMITTED, InspectionStatus.RETURNED),
        (InspectionStatus.RETURNED, InspectionStatus.DRAFT),
    }
    with ws.session() as s:
        insp = _load(s, inspection_id)
        current = InspectionStatus(insp.status)
        if (current, status) not in allowed:
            raise Refused(f"cannot go from {current} to {status}", where="status")
        insp.status = status.value
        if status is InspectionStatus.DRAFT:
            insp.revision += 1
        insp.updated_at = utcnow()
        s.add(insp)
        _audit(
            s,
            ws,
            "inspection",
            insp.id,
            "status",
            field="status",
            old=current.value,
            new=status.value,
            why=why,
        )


def delete_draft(ws: Workspace, inspection_id: uuid.UUID) -> None:
    with ws.session() as s:
        insp = _load(s, inspection_id)
        if insp.status != InspectionStatus.DRAFT:
            raise Refused("only a draft can be deleted", where="inspection")
        # children go with it through ON DELETE CASCADE, in the database itself
        s.execute(sa_delete(Inspection).where(col(Inspection.id) == inspection_id))
        _audit(s, ws, "inspection", inspection_id, "delete")


def audit_trail(ws: Workspace, inspection_id: uuid.UUID) -> list[AuditEvent]:
    key = str(inspection_id)
    with ws.db.session() as s:
        rows = s.exec(
            select(AuditEvent)
            .where(
                or_(
                    col(AuditEvent.entity_id) == key,
                    col(AuditEvent.entity_id).startswith(key + "/"),
                )
            )
            .order_by(col(AuditEvent.at))
        ).all()
    return list(rows)


def list_inspections(
    ws: Workspace,
    *,
    status: str | None = None,
    kind: str | None = None,
    branch: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    text: str | None = None,
) -> list[InspectionRow]:
    with ws.db.session() as s:
        q = (
            select(Inspection, Branch, FormVersion)
            .join(Branch, col(Inspection.branch_id) == col(Branch.id))
            .join(FormVersion, col(Inspection.form_version_id) == col(FormVersion.id))
        )
        if status:
            q = q.where(Inspection.status == status)
        if kind:
            q = q.where(Inspection.kind == kind)
        if branch:
            q = q.where(Branch.code == branch)
        if since:
            q = q.where(Inspection.visit_start >= since)
        if until:
            q = q.where(Inspection.visit_start <= until)
        rows = s.exec(q.order_by(col(Inspection.visit_start).desc())).all()
    out = [
        InspectionRow(
            id=i.id,
            branch_code=b.code,
            branch_name=b.name,
            region=b.region,
            form_id=f.form_id,
            form_title_zh=f.title_zh,
            form_title_en=f.title_en,
            kind=i.kind,
            visit_start=i.visit_start,
            inspectors=list(i.inspectors),
            status=i.status,
            overall_score=i.overall_score,
            grade=i.grade,
            exported_at=i.exported_at,
            revision=i.revision,
        )
        for i, b, f in rows
    ]
    if text:
        needle = text.casefold()
        out = [
            r
            for r in out
            if needle
            in " ".join(
                [
                    r.branch_code,
                    r.branch_name,
                    r.region,
                    r.form_title_zh,
                    r.form_title_en,
                    *r.inspectors,
                    str(r.id),
                ]
            ).casefold()
        ]
    return out


def find_inspection(ws: Workspace, ref: str) -> Inspection:
    """An inspection by full uuid or a unique prefix of it."""
    try:
        return get_inspection(ws, uuid.UUID(ref))
    except ValueError:
        pass
    matches = [r.id for r in list_inspections(ws) if str(r.id).startswith(ref.lower())]
    if len(matches) != 1:
        raise NotFound(
            f"no inspection {ref}" if not matches else f"{ref} matches {len(matches)} inspections",
            where="inspection",
        )
    return get_inspection(ws, matches[0])
