"""Answers and notes, each committed at once; returns the state the change left."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.forms import Item
from bqinspect.domain.lifecycle import InspectionStatus
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part
from bqinspect.domain.values import ValueProblem, normalize_value
from bqinspect.services.inspections.common import (
    NO_INSPECTION,
    DraftHead,
    audit,
    begin_change,
    form_of,
    item_of,
    load,
    require_owner,
    require_storable,
)
from bqinspect.services.inspections.findings import Saved, settle
from bqinspect.store.models import Answer, Inspection, utcnow
from bqinspect.store.record import AnswerRow, row_of
from bqinspect.store.workspace import Workspace

THIS_ITEM_CANNOT_ANSWERED = declare(
    "services.inspections.answers.this_item_cannot_answered",
    "this item cannot be answered 'not applicable'",
    "此项目不能答“不适用”",
)


def _draft(s: Session, inspection_id: uuid.UUID) -> DraftHead | None:
    """The inspection's head if it is a draft never submitted (its answers change freely, not
    audited), else None; refuses an inspection that does not exist."""
    t = Inspection.__table__  # type: ignore[attr-defined]
    query = sa.select(*(t.c[name] for name in DraftHead.__dataclass_fields__))
    row = s.connection().execute(query.where(t.c.id == inspection_id)).first()
    if row is None:
        raise NotFound(NO_INSPECTION(inspection_id=inspection_id), where="inspection")
    head = DraftHead(*row)
    if head.status != InspectionStatus.DRAFT.value or head.submitted_at is not None:
        return None
    return head


def _checked(item: Item, value: Any, na: bool) -> Any:
    """The value to store for ``item`` (None for NA), or a refusal."""
    if na and not item.na_allowed:
        raise Refused(THIS_ITEM_CANNOT_ANSWERED(), where=item.id)
    try:
        return None if na else normalize_value(item, value)
    except ValueProblem as exc:
        raise Refused(exc.reason, where=item.id) from exc


def _write_draft_answer(
    s: Session, head: DraftHead, item: Item, value: Any, *, na: bool
) -> AnswerRow:
    """Store one answer of a draft in the open transaction, in two statements (the answer
    updated, else inserted, and given back as stored; the inspection's time of change)."""
    stored = _checked(item, value, na)
    now = utcnow()
    a = Answer.__table__  # type: ignore[attr-defined]
    t = Inspection.__table__  # type: ignore[attr-defined]
    conn = s.connection()
    fields = {"value": stored, "is_na": na, "answered_at": now}
    row = conn.execute(
        sa.update(a)
        .where(a.c.inspection_id == head.id, a.c.item_id == item.id)
        .values(**fields)
        .returning(*a.c)
    ).first()
    if row is None:
        new = Answer(inspection_id=head.id, item_id=item.id, answered_at=now)
        columns = {c.name: getattr(new, c.name) for c in a.c} | fields
        row = conn.execute(sa.insert(a).values(**columns).returning(*a.c)).first()
    conn.execute(sa.update(t).where(t.c.id == head.id).values(updated_at=now))
    assert row is not None
    return AnswerRow(**row._mapping)


def stored_answer(s: Session, inspection_id: uuid.UUID, item_id: str) -> Answer | None:
    return s.exec(
        select(Answer).where(Answer.inspection_id == inspection_id, Answer.item_id == item_id)
    ).first()


def write_answer(
    s: Session,
    ws: Workspace,
    insp: Inspection,
    item: Item,
    value: Any,
    *,
    na: bool = False,
    locked: bool = False,
    why: str = "",
) -> Answer:
    """Validate and store one answer in the open transaction (audited when ``locked``);
    returns it."""
    stored = _checked(item, value, na)
    answer = stored_answer(s, insp.id, item.id)
    old = None if answer is None else {"value": answer.value, "na": answer.is_na}
    if answer is None:
        answer = Answer(inspection_id=insp.id, item_id=item.id)
    answer.value = stored
    answer.is_na = na
    answer.answered_at = utcnow()
    s.add(answer)
    insp.updated_at = utcnow()
    if locked:
        audit(
            s,
            ws,
            "answer",
            f"{insp.id}/{item.id}",
            "update",
            field="value",
            old=old,
            new={"value": stored, "na": na},
            why=why,
            revision=insp.revision,
        )
    s.add(insp)
    return answer


def set_answer(
    ws: Workspace,
    inspection_id: uuid.UUID,
    item_id: str,
    value: Any = None,
    *,
    na: bool = False,
    why: str = "",
) -> Saved:
    """Store one answer and commit it before returning. ``value=None`` without NA clears it.

    After submission the change is an amendment (a reason, a new revision, audited) and the
    stored score, grade, section scores, veto hits and findings are recomputed with it.

    A draft never submitted (the answer being typed on site) is written with its columns, no
    model objects: every key runs this."""
    with ws.session() as s:
        head = _draft(s, inspection_id)
        if head is not None:
            require_owner(ws, Part.INSPECTION, s)
            require_storable("reason", why)
            form = form_of(ws, head)
            item = item_of(form, item_id)
            written = _write_draft_answer(s, head, item, value, na=na)
            return settle(s, ws, head, form, [item_id], [written])
        insp = load(s, inspection_id)
        locked = begin_change(s, ws, insp, why)
        form = form_of(ws, insp)
        item = item_of(form, item_id)
        answer = write_answer(s, ws, insp, item, value, na=na, locked=locked, why=why)
        return settle(s, ws, insp, form, [item_id], [answer])


def set_note(
    ws: Workspace, inspection_id: uuid.UUID, item_id: str, note: str, *, why: str = ""
) -> AnswerRow:
    """Store an item's note (the score and the findings do not depend on it); returns the
    answer as stored."""
    require_storable(f"{item_id}: note", note)
    with ws.session() as s:
        insp = load(s, inspection_id)
        item_of(form_of(ws, insp), item_id)
        answer = stored_answer(s, inspection_id, item_id)
        if answer is not None and answer.note == note:
            return row_of(AnswerRow, answer)
        locked = begin_change(s, ws, insp, why)
        answer = answer or Answer(inspection_id=inspection_id, item_id=item_id)
        old = answer.note
        answer.note = note
        answer.answered_at = utcnow()  # the inspector's own time of the last edit of the item
        s.add(answer)
        insp.updated_at = utcnow()
        s.add(insp)
        if locked:
            audit(
                s,
                ws,
                "answer",
                f"{inspection_id}/{item_id}",
                "update",
                field="note",
                old=old,
                new=note,
                why=why,
                revision=insp.revision,
            )
        s.flush()
        return row_of(AnswerRow, answer)
