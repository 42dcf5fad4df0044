"""Checking and normalising an answer value against its item's answer type."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bqinspect.domain.checks import normalize_checks
from bqinspect.domain.forms import AnswerType, Item
from bqinspect.domain.scoring import ABSENT, FAIL, PASS
from bqinspect.domain.storable import date_problem, number_problem, text_problem


class ValueProblem(ValueError):
    """An answer value does not fit its item; the message says why."""


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise ValueProblem(f"{what} must be a number")
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError as exc:
            raise ValueProblem(f"{what} must be a number, not {value!r}") from exc
    if not isinstance(value, int | float) or number_problem(value):
        raise ValueProblem(f"{what} must be a finite number of at most 15 digits")
    if abs(value) >= 1e15:
        raise ValueProblem(f"{what} must be a finite number of at most 15 digits")
    return float(value)


def _whole(value: Any, what: str) -> int:
    number = _finite(value, what)
    if number != int(number):
        raise ValueProblem(f"{what} must be a whole number")
    return int(number)


def normalize_value(item: Item, value: Any) -> Any:
    """The stored form of ``value`` for ``item``; raises :class:`ValueProblem` if it does not fit.

    ``None`` clears the answer and is always accepted.
    """
    if value is None:
        return None
    t = item.type
    if t is AnswerType.YESNO:
        if value not in (PASS, FAIL):
            raise ValueProblem(f"answer must be 'pass' or 'fail', not {value!r}")
        return value
    if t is AnswerType.RATING:
        r = _whole(value, "rating")
        if not 1 <= r <= item.scale:
            raise ValueProblem(f"rating must be between 1 and {item.scale}")
        return r
    if t is AnswerType.CHECKS:
        try:
            return normalize_checks(item, value)
        except ValueError as exc:
            raise ValueProblem(str(exc)) from exc
    if value == ABSENT and item.derive is not None and item.derive.absent_after is not None:
        return ABSENT
    if t in (AnswerType.NUMBER, AnswerType.DURATION):
        n = _finite(value, "value")
        if n < 0:
            raise ValueProblem("value must not be negative")
        return int(n) if n == int(n) and abs(n) < 2**53 else n
    if t is AnswerType.COUNT:
        if not isinstance(value, Mapping):
            raise ValueProblem("a count needs x (OK) and y (checked)")
        x = _whole(value.get("x"), "x")
        y = item.count_of if item.count_of is not None else _whole(value.get("y"), "y")
        if y <= 0:
            raise ValueProblem("y (checked) must be at least 1")
        if not 0 <= x <= y:
            raise ValueProblem(f"x must be between 0 and {y}")
        return {"x": x, "y": y}
    if t is AnswerType.CHOICE:
        assert item.options is not None
        if value not in {o.value for o in item.options}:
            raise ValueProblem(f"{value!r} is not one of the options")
        return value
    if t is AnswerType.MULTICHOICE:
        assert item.options is not None
        if not isinstance(value, list | tuple):
            raise ValueProblem("a multiple choice answer is a list of options")
        allowed = [o.value for o in item.options]
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValueProblem(f"not options of this item: {unknown}")
        return [v for v in allowed if v in value]  # option order, no duplicates
    if t is AnswerType.DATE:
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        else:
            try:
                day = date.fromisoformat(str(value))
            except ValueError as exc:
                raise ValueProblem(f"{value!r} is not a date (YYYY-MM-DD)") from exc
        if problem := date_problem(day):
            raise ValueProblem(problem)
        return day.isoformat()
    if t is AnswerType.TIMESTAMP:
        if isinstance(value, datetime):
            parsed = value
        else:
            try:
                parsed = datetime.fromisoformat(str(value))
            except ValueError as exc:
                raise ValueProblem(f"{value!r} is not a date and time") from exc
        if parsed.tzinfo is None:
            raise ValueProblem("a time needs its time zone")
        if problem := date_problem(parsed):
            raise ValueProblem(problem)
        return parsed.isoformat()
    if t is AnswerType.TEXT:
        if not isinstance(value, str):
            raise ValueProblem("text answer must be text")
        if len(value) > 20000:
            raise ValueProblem("text is longer than 20,000 characters")
        problem = text_problem(value)
        if problem:
            raise ValueProblem(f"text {problem}")
        return value
    # photo / signature items hold a count of what is attached
    return _whole(value, "count")
