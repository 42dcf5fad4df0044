"""Timer marks of a mystery visit; the durations derived from them are written as answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare
from bqinspect.domain.rules import derived_durations
from bqinspect.services.inspections.common import audit, begin_change, form_of, load
from bqinspect.services.inspections.findings import Saved, settle
from bqinspect.store.models import Answer, TimerMark, utcnow
from bqinspect.store.record import read_timer_marks
from bqinspect.store.workspace import Workspace

TIMER_MARK_NEEDS_TIME = declare(
    "services.inspections.timer.timer_mark_needs_time",
    "a timer mark needs a time zone",
    "计时标记需要带时区",
)
FORM_HAS_NO_CHECKPOINT = declare(
    "services.inspections.timer.form_has_no_checkpoint",
    "the form has no checkpoint {checkpoint}",
    "表单中没有计时节点 {checkpoint}",
)


@dataclass(frozen=True)
class TimerMarked:
    """Every mark after the change, the durations derived from them and what they touched."""

    marks: dict[str, datetime]
    durations: dict[str, float | str | None]
    saved: Saved


def mark_timer(
    ws: Workspace,
    inspection_id: uuid.UUID,
    checkpoint: str,
    at: datetime | None = None,
    *,
    why: str = "",
) -> TimerMarked:
    """Record (or correct) a checkpoint; derived durations are written into their items.

    Correcting a mark that was already set is audited, with ``why``.
    """
    at = at or utcnow()
    if at.tzinfo is None:
        raise Refused(TIMER_MARK_NEEDS_TIME(), where=checkpoint)
    with ws.session() as s:
        insp = load(s, inspection_id)
        begin_change(s, ws, insp, why)
        form = form_of(ws, insp)
        if checkpoint not in {c.id for c in form.checkpoints}:
            raise Refused(FORM_HAS_NO_CHECKPOINT(checkpoint=checkpoint), where="checkpoint")
        mark = s.exec(
            select(TimerMark).where(
                TimerMark.inspection_id == inspection_id, TimerMark.checkpoint == checkpoint
            )
        ).first()
        if mark is None:
            mark = TimerMark(inspection_id=inspection_id, checkpoint=checkpoint, at=at)
        else:
            audit(
                s,
                ws,
                "timer",
                f"{inspection_id}/{checkpoint}",
                "correct",
                field="at",
                old=mark.at.isoformat(),
                new=at.isoformat(),
                why=why or "corrected",
                revision=insp.revision,
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
        insp.updated_at = utcnow()
        s.add(insp)
        saved = settle(s, ws, insp, form, list(durations))
        # as the database gives them back (one spelling of times for every mark)
        stored = read_timer_marks(s.connection(), inspection_id)
    return TimerMarked(marks=stored, durations=durations, saved=saved)
