"""Checking and normalising an answer value against its item's answer type."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bqinspect.domain.checks import normalize_checks
from bqinspect.domain.forms import AnswerType, Item
from bqinspect.domain.messages import Message, Words, declare
from bqinspect.domain.scoring import ABSENT, FAIL, PASS
from bqinspect.domain.storable import date_problem, number_problem, text_problem

MUST_NUMBER = declare(
    "domain.values.must_number",
    "{what} must be a number",
    "{what} 必须是数字",
)
MUST_FINITE_NUMBER_AT = declare(
    "domain.values.must_finite_number_at",
    "{what} must be a finite number of at most 15 digits",
    "{what} 必须是不超过 15 位的有限数字",
)
MUST_WHOLE_NUMBER = declare(
    "domain.values.must_whole_number",
    "{what} must be a whole number",
    "{what} 必须是整数",
)
ANSWER_MUST_PASS_FAIL = declare(
    "domain.values.answer_must_pass_fail",
    "answer must be 'pass' or 'fail', not {value}",
    "答案必须是“合格”或“不合格”，而不是 {value}",
)
RATING_MUST_BETWEEN = declare(
    "domain.values.rating_must_between",
    "rating must be between 1 and {scale}",
    "评分必须在 1 到 {scale} 之间",
)
VALUE_MUST_NEGATIVE = declare(
    "domain.values.value_must_negative",
    "value must not be negative",
    "数值不能为负",
)
COUNT_NEEDS_X_OK = declare(
    "domain.values.count_needs_x_ok",
    "a count needs x (OK) and y (checked)",
    "计数需要 x（合格数）和 y（检查数）",
)
Y_CHECKED_MUST_AT = declare(
    "domain.values.y_checked_must_at",
    "y (checked) must be at least 1",
    "y（检查数）至少为 1",
)
X_MUST_BETWEEN = declare(
    "domain.values.x_must_between",
    "x must be between 0 and {y}",
    "x 必须在 0 到 {y} 之间",
)
ONE_OPTIONS = declare(
    "domain.values.one_options",
    "{value} is not one of the options",
    "{value} 不是可选项之一",
)
MULTIPLE_CHOICE_ANSWER_LIST = declare(
    "domain.values.multiple_choice_answer_list",
    "a multiple choice answer is a list of options",
    "多选答案应为选项列表",
)
OPTIONS_THIS_ITEM = declare(
    "domain.values.options_this_item",
    "not options of this item: {unknown}",
    "不是此项目的选项：{unknown}",
)
TIME_NEEDS_TIME_ZONE = declare(
    "domain.values.time_needs_time_zone",
    "a time needs its time zone",
    "时间需要带时区",
)
TEXT_ANSWER_MUST_TEXT = declare(
    "domain.values.text_answer_must_text",
    "text answer must be text",
    "文字答案必须是文本",
)
TEXT_LONGER_THAN_CHARACTERS = declare(
    "domain.values.text_longer_than_characters",
    "text is longer than 20,000 characters",
    "文字超过 20,000 个字符",
)
TEXT = declare(
    "domain.values.text",
    "text {problem}",
    "文字{problem}",
)
MUST_NUMBER_2 = declare(
    "domain.values.must_number_2",
    "{what} must be a number, not {value}",
    "{what} 必须是数字，而不是 {value}",
)
DATE_TIME = declare(
    "domain.values.date_time",
    "{value} is not a date and time",
    "{value} 不是日期时间",
)
DATE_YYYY_MM_DD = declare(
    "domain.values.date_yyyy_mm_dd",
    "{value} is not a date (YYYY-MM-DD)",
    "{value} 不是日期（YYYY-MM-DD）",
)


class ValueProblem(ValueError):
    """An answer value does not fit its item; the message says why."""

    @property
    def reason(self) -> Words:
        reason = self.args[0] if self.args else ""
        return reason if isinstance(reason, Message) else str(reason)


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise ValueProblem(MUST_NUMBER(what=what))
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError as exc:
            raise ValueProblem(MUST_NUMBER_2(what=what, value=repr(value))) from exc
    if not isinstance(value, int | float) or number_problem(value):
        raise ValueProblem(MUST_FINITE_NUMBER_AT(what=what))
    if abs(value) >= 1e15:
        raise ValueProblem(MUST_FINITE_NUMBER_AT(what=what))
    return float(value)


def _whole(value: Any, what: str) -> int:
    number = _finite(value, what)
    if number != int(number):
        raise ValueProblem(MUST_WHOLE_NUMBER(what=what))
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
            raise ValueProblem(ANSWER_MUST_PASS_FAIL(value=repr(value)))
        return value
    if t is AnswerType.RATING:
        r = _whole(value, "rating")
        if not 1 <= r <= item.scale:
            raise ValueProblem(RATING_MUST_BETWEEN(scale=item.scale))
        return r
    if t is AnswerType.CHECKS:
        try:
            return normalize_checks(item, value)
        except ValueError as exc:
            raise ValueProblem(*exc.args) from exc
    if value == ABSENT and item.derive is not None and item.derive.absent_after is not None:
        return ABSENT
    if t in (AnswerType.NUMBER, AnswerType.DURATION):
        n = _finite(value, "value")
        if n < 0:
            raise ValueProblem(VALUE_MUST_NEGATIVE())
        return int(n) if n == int(n) and abs(n) < 2**53 else n
    if t is AnswerType.COUNT:
        if not isinstance(value, Mapping):
            raise ValueProblem(COUNT_NEEDS_X_OK())
        x = _whole(value.get("x"), "x")
        y = item.count_of if item.count_of is not None else _whole(value.get("y"), "y")
        if y <= 0:
            raise ValueProblem(Y_CHECKED_MUST_AT())
        if not 0 <= x <= y:
            raise ValueProblem(X_MUST_BETWEEN(y=y))
        return {"x": x, "y": y}
    if t is AnswerType.CHOICE:
        assert item.options is not None
        if value not in {o.value for o in item.options}:
            raise ValueProblem(ONE_OPTIONS(value=repr(value)))
        return value
    if t is AnswerType.MULTICHOICE:
        assert item.options is not None
        if not isinstance(value, list | tuple):
            raise ValueProblem(MULTIPLE_CHOICE_ANSWER_LIST())
        allowed = [o.value for o in item.options]
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValueProblem(OPTIONS_THIS_ITEM(unknown=unknown))
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
                raise ValueProblem(DATE_YYYY_MM_DD(value=repr(value))) from exc
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
                raise ValueProblem(DATE_TIME(value=repr(value))) from exc
        if parsed.tzinfo is None:
            raise ValueProblem(TIME_NEEDS_TIME_ZONE())
        if problem := date_problem(parsed):
            raise ValueProblem(problem)
        return parsed.isoformat()
    if t is AnswerType.TEXT:
        if not isinstance(value, str):
            raise ValueProblem(TEXT_ANSWER_MUST_TEXT())
        if len(value) > 20000:
            raise ValueProblem(TEXT_LONGER_THAN_CHARACTERS())
        problem = text_problem(value)
        if problem:
            raise ValueProblem(TEXT(problem=problem))
        return value
    # photo / signature items hold a count of what is attached
    return _whole(value, "count")
