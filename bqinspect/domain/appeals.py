"""Appeals (申诉) of a deduction: the decisions, the window in working days, who may act."""

from __future__ import annotations

import enum
from datetime import date

from bqinspect.domain.workdays import WorkCalendar

DEFAULT_WINDOW_DAYS = 5  # working days after the notice (the lead's approval), a bank setting


class AppealDecision(enum.StrEnum):
    """The lead's decision on an appeal; the stored values."""

    PENDING = ""
    UPHELD = "upheld"  # the deduction stands
    OVERTURNED = "overturned"  # the deduction is withdrawn: its points are restored


def window_closes(issued: date, days: int, calendar: WorkCalendar) -> date:
    """The last day an appeal may be lodged: ``days`` working days after ``issued``."""
    return calendar.add_working_days(issued, max(0, days))


def window_days(value: object) -> int:
    """The appeal window setting as a number of working days (the default when unusable)."""
    if isinstance(value, bool):
        return DEFAULT_WINDOW_DAYS
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return DEFAULT_WINDOW_DAYS
