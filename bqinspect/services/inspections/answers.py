"""Answers and notes, each committed at once; returns the state the change left."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, select

from bqinspect.base.errors import Refused
from bqinspect.domain.forms import Item
from bqinspect.domain.messages import declare
from bqinspect.domain.values import ValueProblem, normalize_value
from bqinspect.services.inspections.common import (
    audit,
    begin_change,
    form_of,
    item_of,
    load,
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
    if na and not item.na_allowed:
        raise Refused(THIS_ITEM_CANNOT_ANSWERED(), where=item.id)
    try:
        stored = None if na else normalize_value(item, value)
    except ValueProblem as exc:
        raise Refused(exc.reason, where=item.id) from exc
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
    stored score, grade, section scores, veto hits and findings are recomputed with it."""
    with ws.session() as s:
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
