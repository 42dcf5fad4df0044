"""What every inspection use case shares: loading, the lock after submission, the audit."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.forms import Form, Item
from bqinspect.domain.lifecycle import LOCKED as LOCKED
from bqinspect.domain.lifecycle import is_locked
from bqinspect.domain.storable import NotStorable, check_storable
from bqinspect.store.models import AuditEvent, Finding, Inspection, utcnow
from bqinspect.store.record import InspectionHead
from bqinspect.store.workspace import Workspace


def load(s: Session, inspection_id: uuid.UUID) -> Inspection:
    row = s.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(f"no inspection {inspection_id}", where="inspection")
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


def editable(insp: Inspection, *, allow_locked: bool = False, why: str = "") -> bool:
    """True when the inspection is locked (a change must then be audited and explained)."""
    locked = is_locked(insp.status)
    if locked and not allow_locked:
        raise Refused(
            f"inspection is {insp.status}: answers are locked after submission",
            where="inspection",
        )
    if locked and not why.strip():
        raise Refused("a change after submission needs a reason", where="why")
    return locked


def form_of(ws: Workspace, insp: Inspection | InspectionHead) -> Form:
    return ws.form(insp.form_version_id)


def visit_date(insp: Inspection | InspectionHead) -> date:
    return insp.visit_start.astimezone(UTC).date()


def item_of(form: Form, item_id: str) -> Item:
    try:
        return form.item(item_id)
    except KeyError:
        raise Refused(f"the form has no item {item_id}", where="item") from None


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
    """Set changed fields on a record; after submission each change is audited and the
    record gets a new revision."""
    changed = False
    require_storable("reason", why)
    for key, value in fields.items():
        require_storable(key, value)
        old = getattr(row, key)
        if old == value:
            continue
        setattr(row, key, value)
        changed = True
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
            )
    if audited and changed:
        row.revision += 1
    row.updated_at = utcnow()
    s.add(row)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value
