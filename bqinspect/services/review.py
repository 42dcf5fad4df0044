"""The lead's review of a submitted inspection: comments, approve, return, reopen (audited)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlmodel import Session

from bqinspect.base.errors import Problem, Refused
from bqinspect.domain.lifecycle import (
    INSPECTION,
    Decision,
    InspectionAction,
    InspectionStatus,
)
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.services.inspections.common import (
    audit,
    form_of,
    load,
    refresh_status,
    require_owner,
    require_storable,
)
from bqinspect.services.recheck import settle_recheck
from bqinspect.store.models import Inspection, ItemComment, Review, Signature, utcnow
from bqinspect.store.record import ItemCommentRow, ReviewRow, row_of
from bqinspect.store.workspace import Workspace

REQUIRED = declare(
    "services.review.required",
    "{where} is required",
    "{where}为必填项",
)
LONGER_THAN_CHARACTERS = declare(
    "services.review.longer_than_characters",
    "{where} is longer than {max_text} characters",
    "{where}超过 {max_text} 个字符",
)
SIGNATURE_MUST_PNG_IMAGE = declare(
    "services.review.signature_must_png_image",
    "a signature must be a PNG image",
    "签名必须是 PNG 图像",
)
CANNOT_INSPECTION_THAT_ONLY = declare(
    "services.review.cannot_inspection_that_only",
    "cannot {value} an inspection that is {value2} (only {sources})",
    "无法对状态为{value2}的检查执行“{value}”（仅限：{sources}）",
)
FORM_HAS_NO_SUCH = declare(
    "services.review.form_has_no_such",
    "the form has no such item",
    "表单中没有该项目",
)

MAX_TEXT = 4000


def _text(where: str, text: str, *, required: bool) -> str:
    text = text.strip()
    if required and not text:
        raise Refused(REQUIRED(where=where), where=where)
    if len(text) > MAX_TEXT:
        raise Refused(LONGER_THAN_CHARACTERS(where=where, max_text=MAX_TEXT), where=where)
    require_storable(where, text)
    return text


def comment(
    ws: Workspace, inspection_id: uuid.UUID, text: str, item_id: str = ""
) -> ItemCommentRow:
    """Add a comment on one item (or, with no item, on the whole inspection). Comments are
    only ever added: a thread of author, time and text."""
    body = _text("comment", text, required=True)
    with ws.session() as s:
        insp = load(s, inspection_id)
        if item_id:
            _require_items(ws, insp, [item_id])
        row = _add_comment(s, ws, insp, item_id, body)
        return row_of(ItemCommentRow, row)


def approve(
    ws: Workspace,
    inspection_id: uuid.UUID,
    *,
    text: str = "",
    signature_png: bytes | None = None,
) -> ReviewRow:
    """Approve the submitted revision (optionally signed by the lead): it is then locked."""
    body = _text("comment", text, required=False)
    if signature_png is not None and not signature_png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Refused(SIGNATURE_MUST_PNG_IMAGE(), where="signature")
    with ws.session() as s:
        insp = load(s, inspection_id)
        review = _decide(s, ws, insp, InspectionAction.APPROVE, Decision.APPROVED, body)
        settle_recheck(s, ws, insp, form_of(ws, insp))  # a re-check's findings verified
        if signature_png is not None:
            s.add(Signature(inspection_id=insp.id, role="lead", name=ws.who(), image=signature_png))
        return row_of(ReviewRow, review)


def return_inspection(
    ws: Workspace, inspection_id: uuid.UUID, reason: str, items: Sequence[str] = ()
) -> ReviewRow:
    """Return the submitted revision to the inspector with a reason; each named item gets the
    reason as a comment, so the inspector sees what to redo where."""
    body = _text("reason", reason, required=True)
    with ws.session() as s:
        insp = load(s, inspection_id)
        named = list(dict.fromkeys(i.strip() for i in items if i.strip()))
        _require_items(ws, insp, named)
        review = _decide(s, ws, insp, InspectionAction.RETURN, Decision.RETURNED, body)
        for item_id in named:
            _add_comment(s, ws, insp, item_id, body)
        return row_of(ReviewRow, review)


def reopen(ws: Workspace, inspection_id: uuid.UUID, reason: str) -> ReviewRow:
    """Reopen an approved inspection, with a reason: it is under review again and may be
    amended by the inspector."""
    body = _text("reason", reason, required=True)
    with ws.session() as s:
        insp = load(s, inspection_id)
        review = _decide(s, ws, insp, InspectionAction.REOPEN, Decision.REOPENED, body)
        return row_of(ReviewRow, review)


def _decide(
    s: Session,
    ws: Workspace,
    insp: Inspection,
    action: InspectionAction,
    decision: Decision,
    text: str,
) -> Review:
    require_owner(ws, Part.REVIEW)
    current = InspectionStatus(insp.status)
    rule = INSPECTION.transitions[action]
    if current not in rule.sources:
        sources = ", ".join(sorted(rule.sources))
        raise Refused(
            CANNOT_INSPECTION_THAT_ONLY(value=action.value, value2=current.value, sources=sources),
            where="status",
        )
    insp.decision = decision.value
    insp.reviewed_revision = insp.revision
    insp.review_revision += 1
    if not insp.lead:
        insp.lead = ws.who()
    refresh_status(insp)
    insp.updated_at = utcnow()
    s.add(insp)
    review = Review(
        inspection_id=insp.id,
        reviewer=ws.who(),
        decision=decision.value,
        comment=text,
        inspection_revision=insp.revision,
        role=ws.role().value,
        device_id=ws.device_id(),
    )
    s.add(review)
    audit(
        s,
        ws,
        "inspection",
        insp.id,
        action.value,
        field="status",
        old=current.value,
        new=insp.status,
        why=text,
        revision=insp.revision,
    )
    s.flush()
    return review


def _add_comment(
    s: Session, ws: Workspace, insp: Inspection, item_id: str, text: str
) -> ItemComment:
    row = ItemComment(
        inspection_id=insp.id,
        item_id=item_id,
        author=ws.who(),
        text=text,
        role=ws.role().value,
        device_id=ws.device_id(),
    )
    s.add(row)
    s.flush()
    return row


def _require_items(ws: Workspace, insp: Inspection, items: Sequence[str]) -> None:
    form = form_of(ws, insp)
    known = {i.id for i in form.items()}
    unknown = [i for i in items if i not in known]
    if unknown:
        raise Refused([Problem(i, FORM_HAS_NO_SUCH()) for i in unknown])
