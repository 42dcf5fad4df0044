"""Naming on an answer the staff member (the badge number seen) and the counter it concerns."""

from __future__ import annotations

import uuid

from bqinspect.domain.staff import MAX_BADGE, resolve_badge
from bqinspect.services.inspections.answers import stored_answer
from bqinspect.services.inspections.common import (
    audit,
    begin_change,
    form_of,
    item_of,
    load,
    require_storable,
)
from bqinspect.services.inspections.findings import Saved, settle
from bqinspect.services.staff import branch_badges
from bqinspect.store.models import Answer, utcnow
from bqinspect.store.workspace import Workspace


def name_staff(
    ws: Workspace,
    inspection_id: uuid.UUID,
    item_id: str,
    staff: str,
    counter: str = "",
    *,
    why: str = "",
) -> Saved:
    """Store whom an item concerns: ``staff`` as typed (an employee number, a name from the
    branch's register, or a badge number not in it) and the counter number; the item's
    finding names them too. The inspector's data: after submission an amendment."""
    counter = " ".join(counter.split())[:MAX_BADGE]
    require_storable(f"{item_id}: staff", staff)
    require_storable(f"{item_id}: counter", counter)
    with ws.session() as s:
        insp = load(s, inspection_id)
        form = form_of(ws, insp)
        item_of(form, item_id)
        staff_no = resolve_badge(staff, branch_badges(ws, insp.branch_id))
        answer = stored_answer(s, inspection_id, item_id)
        old = {"staff_no": "", "counter": ""}
        if answer is not None:
            old = {"staff_no": answer.staff_no, "counter": answer.counter}
        new = {"staff_no": staff_no, "counter": counter}
        if old == new:
            return settle(s, ws, insp, form, [item_id])
        locked = begin_change(s, ws, insp, why)
        answer = answer or Answer(inspection_id=inspection_id, item_id=item_id)
        answer.staff_no, answer.counter = staff_no, counter
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
                field="staff",
                old=old,
                new=new,
                why=why,
                revision=insp.revision,
            )
        return settle(s, ws, insp, form, [item_id])
