"""Resolving a recorded conflict by taking the incoming side: the part is written as it arrived.

A conflict keeps both sides of one owner's part (``sync.parts``): the inspector's part of an
inspection (with the signature images it needs), the lead's part, what a finding records or its
follow-up, a branch, or one append-only row. Taking the incoming side replaces the stored part
with it in one transaction and audits the decision.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.lifecycle import effective_status
from bqinspect.domain.messages import declare
from bqinspect.store.models import utcnow
from bqinspect.store.workspace import Workspace
from bqinspect.sync.parts import IMAGES_KEY, LEAD_SIGNATURE
from bqinspect.sync.records import (
    AnnotationRecord,
    AnswerRecord,
    AuditRecord,
    FindingEventRecord,
    ItemCommentRecord,
    PhotoRecord,
    ReviewRecord,
    SignatureRecord,
    TimerMarkRecord,
)
from bqinspect.sync.snapshot import table

NO_FINDING = declare(
    "sync.resolve.no_finding",
    "no finding {entity_id}",
    "没有发现问题 {entity_id}",
)
NO_CONFLICT = declare(
    "sync.resolve.no_conflict",
    "no conflict {conflict_id}",
    "没有冲突 {conflict_id}",
)
CONFLICT_RESOLVED_ALREADY = declare(
    "sync.resolve.conflict_resolved_already",
    "the conflict is resolved already",
    "该冲突已解决",
)
CONFLICT_CAN_ONLY_KEPT = declare(
    "sync.resolve.conflict_can_only_kept",
    "a {entity} conflict can only be kept as stored",
    "{entity} 冲突只能保留本机版本",
)
INCOMING_SIGNATURE_HAS_NO = declare(
    "sync.resolve.incoming_signature_has_no",
    "the incoming signature {id} has no image",
    "传入的签名 {id} 没有图像",
)

_ROW_MODELS: dict[str, Any] = {
    "review": ReviewRecord,
    "itemcomment": ItemCommentRecord,
    "auditevent": AuditRecord,
    "findingevent": FindingEventRecord,
}
_HEADER_TIMES = ("visit_start", "visit_end", "submitted_at", "created_at")
_HEADER_FIELDS = (
    "kind",
    "inspectors",
    "shopper_alias",
    "notes",
    "overall_score",
    "grade",
    "section_scores",
    "veto_hits",
    "revision",
    "work_status",
)
_FOUND_FIELDS = (
    "item_id",
    "severity",
    "risk_type",
    "description",
    "observation",
    "requirement",
    "source",
    "points_deducted",
    "deduction_reason",
    "revision",
    "staff_no",
    "counter",
)
_BRANCH_FIELDS = (
    "name",
    "name_en",
    "region",
    "sub_branch",
    "address",
    "manager",
    "phone",
    "active",
)


def take_incoming(ws: Workspace, conflict_id: uuid.UUID, why: str = "") -> None:
    """Replace the stored side of a conflict with the incoming one, and mark it resolved."""
    conflict = table("conflict")
    with ws.db.engine.begin() as conn:
        row = conn.execute(sa.select(conflict).where(conflict.c.id == conflict_id)).first()
        if row is None:
            raise NotFound(NO_CONFLICT(conflict_id=conflict_id), where="conflict")
        if row.resolved:
            raise Refused(CONFLICT_RESOLVED_ALREADY(), where="conflict")
        apply = _APPLY.get(row.entity)
        if apply is None:
            raise Refused(CONFLICT_CAN_ONLY_KEPT(entity=row.entity), where="conflict")
        apply(conn, row.entity_id, row.incoming)
        conn.execute(sa.update(conflict).where(conflict.c.id == conflict_id).values(resolved=True))
        conn.execute(
            sa.insert(table("auditevent")).values(
                id=uuid.uuid4(),
                at=utcnow(),
                actor=ws.who(),
                entity=row.entity,
                entity_id=row.entity_id,
                action="resolve-conflict",
                field="",
                old={"revision": row.revision},
                new={"kept": "incoming"},
                why=why,
                role=ws.role().value,
                device_id=ws.device_id(),
            )
        )


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _refresh_status(conn: Connection, inspection_id: uuid.UUID) -> None:
    insp = table("inspection")
    row = conn.execute(sa.select(insp).where(insp.c.id == inspection_id)).one()
    status = effective_status(row.work_status, row.decision, row.reviewed_revision, row.revision)
    conn.execute(sa.update(insp).where(insp.c.id == inspection_id).values(status=status.value))


def _inspection(conn: Connection, entity_id: str, incoming: dict[str, Any]) -> None:
    """The inspector's part: header fields, answers, timer marks, visit photos and their marks,
    signatures."""
    iid = uuid.UUID(entity_id)
    head = incoming["inspection"]
    values = {k: head[k] for k in _HEADER_FIELDS if k in head}
    values |= {k: _time(head.get(k)) for k in _HEADER_TIMES}
    insp = table("inspection")
    conn.execute(sa.update(insp).where(insp.c.id == iid).values(**values, updated_at=utcnow()))
    _replace(conn, "answer", iid, [AnswerRecord.model_validate(a) for a in incoming["answers"]])
    marks = [TimerMarkRecord.model_validate(m) for m in incoming["timer_marks"]]
    _replace(conn, "timermark", iid, marks)
    images = {k: base64.b64decode(v) for k, v in incoming.get(IMAGES_KEY, {}).items()}
    signature = table("signature")
    conn.execute(
        sa.delete(signature).where(
            signature.c.inspection_id == iid, signature.c.role != LEAD_SIGNATURE
        )
    )
    for raw in incoming["signatures"]:
        sig = SignatureRecord.model_validate(raw)
        if sig.image not in images:
            raise Refused(INCOMING_SIGNATURE_HAS_NO(id=sig.id), where="conflict")
        conn.execute(
            sa.insert(signature).values(
                **sig.model_dump(exclude={"image"}), inspection_id=iid, image=images[sig.image]
            )
        )
    photo = table("photo")
    conn.execute(
        sa.delete(photo).where(photo.c.inspection_id == iid, photo.c.finding_event_id.is_(None))
    )
    blob = table("photoblob")
    for raw in incoming["photos"]:
        p = PhotoRecord.model_validate({**raw, "updated_at": raw.get("created_at")})
        if conn.execute(sa.select(blob.c.sha256).where(blob.c.sha256 == p.blob_sha256)).first():
            conn.execute(sa.insert(photo).values(**p.model_dump(), inspection_id=iid))
    _restore_annotations(conn, incoming.get("annotations", []))
    _refresh_status(conn, iid)


def _restore_annotations(conn: Connection, incoming: list[dict[str, Any]]) -> None:
    """The incoming marks of the photos just written (the stored ones went with the photos)."""
    photo, t = table("photo"), table("photoannotation")
    for raw in incoming:
        a = AnnotationRecord.model_validate({**raw, "updated_at": utcnow()})
        if conn.execute(sa.select(photo.c.id).where(photo.c.id == a.photo_id)).first():
            conn.execute(sa.insert(t).values(**a.model_dump()))


def _replace(conn: Connection, name: str, iid: uuid.UUID, rows: list[Any]) -> None:
    t = table(name)
    conn.execute(sa.delete(t).where(t.c.inspection_id == iid))
    if rows:
        conn.execute(sa.insert(t), [{**r.model_dump(), "inspection_id": iid} for r in rows])


def _review(conn: Connection, entity_id: str, incoming: dict[str, Any]) -> None:
    iid = uuid.UUID(entity_id)
    insp = table("inspection")
    conn.execute(sa.update(insp).where(insp.c.id == iid).values(**incoming, updated_at=utcnow()))
    _refresh_status(conn, iid)


def _finding(conn: Connection, entity_id: str, incoming: dict[str, Any]) -> None:
    values = {k: incoming[k] for k in _FOUND_FIELDS if k in incoming}
    _update_finding(conn, entity_id, values)


def _followup(conn: Connection, entity_id: str, incoming: dict[str, Any]) -> None:
    values = {
        "due_date": _day(incoming.get("due_date")),
        "closed_at": _time(incoming.get("closed_at")),
        "responsible": incoming.get("responsible", ""),
        "status": incoming["status"],
        "followup_revision": incoming["followup_revision"],
    }
    _update_finding(conn, entity_id, values)


def _update_finding(conn: Connection, entity_id: str, values: dict[str, Any]) -> None:
    t = table("finding")
    done = conn.execute(
        sa.update(t).where(t.c.id == uuid.UUID(entity_id)).values(**values, updated_at=utcnow())
    )
    if done.rowcount == 0:
        raise NotFound(NO_FINDING(entity_id=entity_id), where="conflict")


def _branch(conn: Connection, entity_id: str, incoming: dict[str, Any]) -> None:
    t = table("branch")
    values = {k: incoming[k] for k in _BRANCH_FIELDS if k in incoming}
    conn.execute(sa.update(t).where(t.c.code == entity_id).values(**values, updated_at=utcnow()))


def _append_row(name: str) -> Callable[[Connection, str, dict[str, Any]], None]:
    def apply(conn: Connection, entity_id: str, incoming: dict[str, Any]) -> None:
        row = _ROW_MODELS[name].model_validate(incoming)
        t = table(name)
        values = row.model_dump(exclude={"id"})
        conn.execute(sa.update(t).where(t.c.id == uuid.UUID(entity_id)).values(**values))

    return apply


_APPLY: dict[str, Callable[[Connection, str, dict[str, Any]], None]] = {
    "inspection": _inspection,
    "inspection.review": _review,
    "finding": _finding,
    "finding.followup": _followup,
    "branch": _branch,
    **{name: _append_row(name) for name in _ROW_MODELS},
}
