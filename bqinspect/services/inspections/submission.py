"""Signatures, the check before submission, and submitting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import select

from bqinspect.base.errors import Problem, Refused
from bqinspect.domain.checks import all_answered
from bqinspect.domain.forms import DeductionReason, PhotoRule
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.domain.scoring import ScoreResult
from bqinspect.services.inspections.common import (
    audit,
    editable,
    form_of,
    load,
    refresh_status,
    require_owner,
    revise,
)
from bqinspect.services.inspections.findings import settle, store_scores
from bqinspect.services.inspections.reading import read_inspection, score_of
from bqinspect.store.models import Answer, InspectionStatus, Signature, utcnow
from bqinspect.store.record import AnswerRow, SignatureRow, row_of
from bqinspect.store.workspace import Workspace

SIGNATURE_MUST_PNG_IMAGE = declare(
    "services.inspections.submission.signature_must_png_image",
    "a signature must be a PNG image",
    "签名必须是 PNG 图像",
)
SIGNER_S_NAME_REQUIRED = declare(
    "services.inspections.submission.signer_s_name_required",
    "the signer's name is required",
    "签名人姓名为必填项",
)
INSPECTOR_S_SIGNATURE_REQUIRED = declare(
    "services.inspections.submission.inspector_s_signature_required",
    "the inspector's signature is required",
    "须有检查员签名",
)
INSPECTION_RETURNED = declare(
    "services.inspections.submission.inspection_returned",
    "inspection is {status}, not returned",
    "检查状态为{status}，不是已退回",
)
REFUSED = declare(
    "services.inspections.submission.refused",
    "{what}: {message}",
    "{what}：{message}",
)


@dataclass(frozen=True)
class Missing:
    """Something submission needs: an answer, a photo or a note of one item (or a signature)."""

    item_id: str
    what: str  # answer | checks | dwell | photo | note | reason | signature
    message: str


def _reason_given(answer: AnswerRow | None) -> bool:
    """A deduction's reason: one chosen from the item's reasons, or typed into the note."""
    return answer is not None and bool(answer.deduction_reason.strip() or answer.note.strip())


def check_submission(ws: Workspace, inspection_id: uuid.UUID) -> list[Missing]:
    """Everything that blocks submission, in form order."""
    record = read_inspection(ws, inspection_id)
    form = form_of(ws, record.inspection)
    answers = record.answer_map()
    result = score_of(ws, record)
    photo_items = {p.item_id for p in record.visit_photos() if p.item_id}
    missing: list[Missing] = []
    reasons_required = form.deduction_reason is DeductionReason.REQUIRED
    for item in form.items():
        item_score = result.items[item.id]
        if not item_score.visible or item_score.gated:
            continue  # hidden, or zeroed by a failed gate: nothing more to ask
        answer = answers.get(item.id)
        # a photo item's answer is its photo count (set when photos are attached)
        answered = answer is not None and (answer.is_na or answer.value is not None)
        if item.required and not answered:
            missing.append(Missing(item.id, "answer", "not answered"))
            continue
        if answer is not None and answer.value is not None and not all_answered(item, answer.value):
            missing.append(Missing(item.id, "checks", "not every check is answered"))
        if item_score.pending and item.dwell is not None:
            minutes = f"{item.dwell.seconds / 60:g}"
            missing.append(
                Missing(
                    item.id,
                    "dwell",
                    f"failed before {minutes} min in the branch: the fail does not count yet",
                )
            )
        if item_score.failed and not item_score.gated:
            if item.photo_on_fail is PhotoRule.REQUIRED and item.id not in photo_items:
                missing.append(Missing(item.id, "photo", "failed: a photo is required"))
            if item.note_on_fail and not (answer and answer.note.strip()):
                missing.append(Missing(item.id, "note", "failed: a note is required"))
                continue
        if reasons_required and item_score.deducted > 0 and not _reason_given(answer):
            missing.append(Missing(item.id, "reason", "points deducted: a reason is required"))
    return missing


def add_signature(
    ws: Workspace, inspection_id: uuid.UUID, role: str, name: str, png: bytes
) -> SignatureRow:
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Refused(SIGNATURE_MUST_PNG_IMAGE(), where="signature")
    if not name.strip():
        raise Refused(SIGNER_S_NAME_REQUIRED(), where="signature")
    with ws.session() as s:
        insp = load(s, inspection_id)
        require_owner(ws, Part.INSPECTION)
        editable(insp)
        for old in s.exec(
            select(Signature).where(
                Signature.inspection_id == inspection_id, Signature.role == role
            )
        ).all():
            s.delete(old)
        sig = Signature(inspection_id=inspection_id, role=role, name=name.strip(), image=png)
        s.add(sig)
        s.flush()
        return row_of(SignatureRow, sig)


def submit(ws: Workspace, inspection_id: uuid.UUID) -> ScoreResult:
    """Validate, lock the answers, store the scores and the findings; audited."""
    missing = check_submission(ws, inspection_id)
    if missing:
        raise Refused(
            [Problem(m.item_id, REFUSED(what=m.what, message=m.message)) for m in missing]
        )
    if not any(sig.role == "inspector" for sig in read_inspection(ws, inspection_id).signatures):
        raise Refused(INSPECTOR_S_SIGNATURE_REQUIRED(), where="signature")
    with ws.session() as s:
        insp = load(s, inspection_id)
        require_owner(ws, Part.INSPECTION)
        editable(insp)
        old_status = insp.status
        if InspectionStatus(insp.status) is InspectionStatus.RETURNED:
            insp.revision += 1  # resubmitted as it is: a new revision for the lead to review
        form = form_of(ws, insp)
        result = settle(s, ws, insp, form, []).score
        answers = s.exec(select(Answer).where(Answer.inspection_id == insp.id)).all()
        store_scores(s, insp, {a.item_id: a for a in answers}, result)
        insp.work_status = InspectionStatus.SUBMITTED.value
        refresh_status(insp)
        insp.submitted_at = utcnow()
        insp.visit_end = insp.visit_end or utcnow()
        insp.updated_at = utcnow()
        s.add(insp)
        audit(
            s,
            ws,
            "inspection",
            insp.id,
            "submit",
            field="status",
            old=old_status,
            new=insp.status,
            revision=insp.revision,
        )
    return result


def revise_returned(ws: Workspace, inspection_id: uuid.UUID, why: str = "") -> None:
    """Start redoing a returned inspection: a draft again, as a new revision (audited)."""
    with ws.session() as s:
        insp = load(s, inspection_id)
        require_owner(ws, Part.INSPECTION)
        if InspectionStatus(insp.status) is not InspectionStatus.RETURNED:
            raise Refused(INSPECTION_RETURNED(status=insp.status), where="status")
        revise(s, ws, insp, why)
