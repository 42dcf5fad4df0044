"""Rectification deadlines by severity and timer-derived durations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from bqinspect.domain.forms import AnswerType, Deadline, Form
from bqinspect.domain.scoring import ABSENT
from bqinspect.domain.workdays import CHINA, WorkCalendar


def add_working_days(start: date, days: int, calendar: WorkCalendar = CHINA) -> date:
    """``days`` working days after ``start`` on ``calendar`` (public holidays and make-up days)."""
    return calendar.add_working_days(start, days)


def due_date(start: date, deadline: Deadline, calendar: WorkCalendar = CHINA) -> date:
    if deadline.working_days:
        return add_working_days(start, deadline.days, calendar)
    return start + timedelta(days=deadline.days)


def derived_durations(form: Form, marks: Mapping[str, datetime]) -> dict[str, float | str | None]:
    """Seconds for each duration item whose two checkpoints are marked (None if one is missing).

    A negative span (end before start) is returned as None: it is a marking error, not a time.
    An item with ``absent_after`` is ``ABSENT`` once that checkpoint is marked with no end
    before it (nobody greeted before the ticket was taken): the event never came.
    """
    result: dict[str, float | str | None] = {}
    for item in form.items():
        if item.type is not AnswerType.DURATION or item.derive is None:
            continue
        start, end = marks.get(item.derive.start), marks.get(item.derive.end)
        by = marks.get(item.derive.absent_after) if item.derive.absent_after else None
        if by is not None and (end is None or end > by):
            result[item.id] = ABSENT
            continue
        if start is None or end is None:
            result[item.id] = None
            continue
        seconds = (end - start).total_seconds()
        result[item.id] = round(seconds, 3) if seconds >= 0 else None
    return result
