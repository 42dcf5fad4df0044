"""What every inspection use case shares: loading, the lock after submission, the audit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.forms import Form, Item
from bqinspect.domain.lifecycle import LOCKED as LOCKED
from bqinspect.domain.lifecycle import InspectionStatus, effective_status, is_locked
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import OWNER_NAMES, Part, may_change
from bqinspect.domain.storable import NotStorable, check_storable
from bqinspect.store.models import AuditEvent, Finding, Inspection, utcnow
from bqinspect.store.record import InspectionHead
from bqinspect.store.workspace import Workspace

NO_INSPECTION = declare(
    "services.inspections.common.no_inspection",
    "no inspection {inspection_id}",
    "没有检查记录 {inspection_id}",
)
THIS_INSTALLATION_S_DATA = declare(
    "services.inspections.common.this_installation_s_data",
    "this installation is the {value}'s: {value2} data is {value3}'s",
    "本机角色为{value}：{value2}数据归{value3}所有",
)
INSPECTION_ANSWERS_ARE_LOCKED = declare(
    "services.inspections.common.inspection_answers_are_locked",
    "inspection is {status}: answers are locked after submission",
    "检查状态为{status}：提交后答案已锁定",
)
INSPECTION_APPROVED_LEAD_MUST = declare(
    "services.inspections.common.inspection_approved_lead_must",
    "inspection is approved: the lead must reopen it before anything changes",
    "检查已批准：须由组长重新打开后才能修改",
)
INSPECTION_SUBMITTED_ANSWERS_ARE = declare(
    "services.inspections.common.inspection_submitted_answers_are",
    "inspection is submitted: answers are locked after submission;"
    " a change (an amendment) needs a reason",
    "检查已提交：提交后答案已锁定；修改（更正）须说明理由",
)
FORM_HAS_NO_ITEM = declare(
    "services.inspections.common.form_has_no_item",
    "the form has no item {item_id}",
    "表单中没有项目 {item_id}",
)


@dataclass(frozen=True)
class DraftHead:
    """What answering a draft reads of its inspection: its columns, no model object."""

    id: uuid.UUID
    branch_id: uuid.UUID
    form_version_id: uuid.UUID
    kind: str
    status: str
    visit_start: datetime
    submitted_at: datetime | None


def load(s: Session, inspection_id: uuid.UUID) -> Inspection:
    row = s.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(NO_INSPECTION(inspection_id=inspection_id), where="inspection")
    return row


def audit(
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
    revision: int | None = None,
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
            role=ws.role().value,
            device_id=ws.device_id(),
            revision=revision,
        )
    )


def require_owner(ws: Workspace, part: Part, s: Session | None = None) -> None:
    """Refuse a change of ``part`` on an installation whose role does not own it (the role
    read in ``s`` when a transaction is open)."""
    role = ws.role(s)
    if not may_change(role, part):
        raise Refused(
            THIS_INSTALLATION_S_DATA(value=role.value, value2=part.value, value3=OWNER_NAMES[part]),
            where="role",
        )


def refresh_status(insp: Inspection) -> None:
    """Derive the stored status from the inspector's and the lead's parts."""
    insp.status = effective_status(
        insp.work_status, insp.decision, insp.reviewed_revision, insp.revision
    ).value


def editable(insp: Inspection) -> None:
    """Refuse unless the inspection is still being written (a draft, or returned to redo)."""
    if is_locked(insp.status):
        raise Refused(
            INSPECTION_ANSWERS_ARE_LOCKED(status=insp.status),
            where="inspection",
        )


def begin_change(s: Session, ws: Workspace, insp: Inspection, why: str = "") -> bool:
    """Open a change of the inspector's part; True when it must be audited.

    A draft changes freely. A submitted inspection is *amended*: every change needs a reason
    and is a new revision. A returned one becomes a draft again as a new revision (the lead's
    reason is why). An approved one changes only after the lead reopens it.
    """
    require_owner(ws, Part.INSPECTION, s)
    require_storable("reason", why)
    status = InspectionStatus(insp.status)
    if status is InspectionStatus.APPROVED:
        raise Refused(
            INSPECTION_APPROVED_LEAD_MUST(),
            where="inspection",
        )
    if status is InspectionStatus.SUBMITTED:
        if not why.strip():
            raise Refused(
                INSPECTION_SUBMITTED_ANSWERS_ARE(),
                where="why",
            )
        insp.revision += 1
        return True
    if status is InspectionStatus.RETURNED:
        revise(s, ws, insp, why)
        return True
    return insp.submitted_at is not None  # a revised draft: its changes are audited too


def revise(s: Session, ws: Workspace, insp: Inspection, why: str = "") -> None:
    """A returned inspection becomes a draft again, as a new revision (audited)."""
    insp.work_status = InspectionStatus.DRAFT.value
    insp.revision += 1
    old = insp.status
    refresh_status(insp)
    s.add(insp)
    audit(
        s,
        ws,
        "inspection",
        insp.id,
        "revise",
        field="status",
        old=old,
        new=insp.status,
        why=why,
        revision=insp.revision,
    )


def form_of(ws: Workspace, insp: Inspection | InspectionHead | DraftHead) -> Form:
    return ws.form(insp.form_version_id)


def visit_date(insp: Inspection | InspectionHead | DraftHead) -> date:
    return insp.visit_start.astimezone(UTC).date()


def item_of(form: Form, item_id: str) -> Item:
    try:
        return form.item(item_id)
    except KeyError:
        raise Refused(FORM_HAS_NO_ITEM(item_id=item_id), where="item") from None


def require_storable(where: str, value: Any) -> None:
    """Refuse, naming ``where``, a value that could not be stored and given back faithfully."""
    try:
        check_storable(value)
    except NotStorable as exc:
        raise Refused(exc.reason, where=f"{where}{'.' + exc.path if exc.path else ''}") from exc


def apply_fields(
    s: Session,
    ws: Workspace,
    row: Inspection | Finding,
    entity: str,
    fields: dict[str, Any],
    *,
    audited: bool,
    why: str,
) -> None:
    """Set changed fields on a record; when ``audited`` each change is audited (the caller
    counts the revision)."""
    require_storable("reason", why)
    for key, value in fields.items():
        require_storable(key, value)
        old = getattr(row, key)
        if old == value:
            continue
        setattr(row, key, value)
        if audited:
            audit(
                s,
                ws,
                entity,
                row.id,
                "update",
                field=key,
                old=_jsonable(old),
                new=_jsonable(value),
                why=why,
                revision=row.revision,
            )
    row.updated_at = utcnow()
    s.add(row)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value
