"""An answer typed as text, read for its item's answer type the way the editor reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bqinspect.domain.forms import AnswerType, Item
from bqinspect.domain.messages import declare
from bqinspect.domain.scoring import FAIL, PASS
from bqinspect.domain.values import ValueProblem, normalize_value

ONE_CHECKS = declare(
    "domain.answer_text.one_checks",
    "{value} is not one of the checks ({known})",
    "{value} 不是检查点之一（{known}）",
)
ANSWER_WITH_PASS_FAIL = declare(
    "domain.answer_text.answer_with_pass_fail",
    "answer {value} with pass or fail, not {verdict}",
    "请用“合格”或“不合格”回答 {value}，而不是 {verdict}",
)

ONE_OPTIONS = declare(
    "domain.answer_text.one_options",
    "{value} is not one of the options ({values})",
    "{value} 不是可选项之一（{values}）",
)
ITEM_ANSWERED_BY_ATTACHING = declare(
    "domain.answer_text.item_answered_by_attaching",
    "a {value} item is answered by attaching one, not typed",
    "{value} 类项目通过附加来回答，不能输入",
)
ANSWER_YES_PASS_NO = declare(
    "domain.answer_text.answer_yes_pass_no",
    "answer yes/pass or no/fail, not {text_}",
    "请回答 是/合格 或 否/不合格，而不是 {text_}",
)
MISSING = declare(
    "domain.answer_text.missing",
    "{what} is missing",
    "缺少{what}",
)
THIS_ITEM_CANNOT_ANSWERED = declare(
    "domain.answer_text.this_item_cannot_answered",
    "this item cannot be answered 'not applicable'",
    "此项目不能答“不适用”",
)
REFUSED = declare(
    "domain.answer_text.refused",
    "{value} is not {what}",
    "{value} 不是{what}",
)
DATE_TIME_ISO = declare(
    "domain.answer_text.date_time_iso",
    "{text_} is not a date and time (ISO 8601)",
    "{text_} 不是日期时间（ISO 8601）",
)

NOT_APPLICABLE = frozenset({"na", "n/a", "不适用"})
YES = frozenset({"yes", "y", "pass", "ok", "true", "1", "是", "合格", "通过"})
NO = frozenset({"no", "n", "fail", "false", "0", "否", "不合格", "不通过"})
ATTACHED = frozenset({AnswerType.PHOTO, AnswerType.SIGNATURE})


@dataclass(frozen=True)
class TypedAnswer:
    """What a typed answer means: a stored value (``None`` clears it) or not applicable."""

    value: Any = None
    na: bool = False


def parse_number(text: str) -> float | None:
    """A decimal number (a comma as the decimal mark too); None when empty; ValueError when
    unreadable."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    return int(value) if value == int(value) else value


def parse_seconds(text: str) -> float | None:
    """``m:ss``, ``h:mm:ss`` or plain seconds; None when empty; ValueError when unreadable."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if not all(p.strip().isdigit() for p in parts) or len(parts) > 3:
        raise ValueError(text)
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return float(total)


def read_answer(item: Item, text: str, zone: tzinfo) -> TypedAnswer:
    """The answer ``text`` gives ``item``, checked as it would be stored; raises
    :class:`ValueProblem` naming what was expected. Empty text clears the answer, ``na`` is
    not applicable; a time without its zone is read in ``zone``."""
    text = text.strip()
    if not text:
        return TypedAnswer()
    if text.casefold() in NOT_APPLICABLE:
        if not item.na_allowed:
            raise ValueProblem(THIS_ITEM_CANNOT_ANSWERED())
        return TypedAnswer(na=True)
    if item.type in ATTACHED:
        raise ValueProblem(ITEM_ANSWERED_BY_ATTACHING(value=item.type.value))
    return TypedAnswer(value=normalize_value(item, _typed(item, text, zone)))


def _typed(item: Item, text: str, zone: tzinfo) -> Any:
    t = item.type
    if t is AnswerType.YESNO:
        word = text.casefold()
        if word in YES:
            return PASS
        if word in NO:
            return FAIL
        raise ValueProblem(ANSWER_YES_PASS_NO(text_=repr(text)))
    if t in (AnswerType.RATING, AnswerType.NUMBER):
        return _read(parse_number, text, "a number")
    if t is AnswerType.DURATION:
        return _read(parse_seconds, text, "seconds, m:ss or h:mm:ss")
    if t is AnswerType.COUNT:
        x, _, y = text.partition("/")
        count: dict[str, Any] = {"x": _read(parse_number, x, "x/y (OK of checked)")}
        if y.strip() or item.count_of is None:
            count["y"] = _read(parse_number, y, "x/y (OK of checked)")
        return count
    if t is AnswerType.CHECKS:
        return _checks(item, text)
    if t is AnswerType.CHOICE:
        return _option(item, text)
    if t is AnswerType.MULTICHOICE:
        words = [w for w in text.replace("，", ",").split(",") if w.strip()]
        return [_option(item, w) for w in words]
    if t is AnswerType.TIMESTAMP:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueProblem(DATE_TIME_ISO(text_=repr(text))) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return text  # text and dates are checked as typed


def _read(parse: Any, text: str, what: str) -> Any:
    try:
        value = parse(text)
    except ValueError:
        raise ValueProblem(REFUSED(value=repr(text.strip()), what=what)) from None
    if value is None:
        raise ValueProblem(MISSING(what=what))
    return value


def _checks(item: Item, text: str) -> dict[str, str]:
    """``pass`` (every check passed), or the failed checks' ids, or ``ID=pass, ID=fail``;
    a check not named passes."""
    if text.casefold() in YES:
        return {c.id: PASS for c in item.checks or ()}
    ids = {c.id.casefold(): c.id for c in item.checks or ()}
    answers: dict[str, str] = {}
    for word in (w.strip() for w in text.replace("，", ",").split(",") if w.strip()):
        name, _, verdict = word.partition("=")
        check_id = ids.get(name.strip().casefold())
        if check_id is None:
            known = ", ".join(c.id for c in item.checks or ())
            raise ValueProblem(ONE_CHECKS(value=repr(name.strip()), known=known))
        yes = verdict.strip().casefold() in YES
        if verdict.strip() and not yes and verdict.strip().casefold() not in NO:
            raise ValueProblem(ANSWER_WITH_PASS_FAIL(value=name.strip(), verdict=repr(verdict)))
        answers[check_id] = PASS if yes else FAIL
    return {c.id: answers.get(c.id, PASS) for c in item.checks or ()}


def _option(item: Item, text: str) -> str:
    """An option named by its value or by its label in either language."""
    word = text.strip().casefold()
    for option in item.options or ():
        names = (option.value, option.label.zh, option.label.en)
        if word in {n.casefold() for n in names}:
            return option.value
    values = ", ".join(o.value for o in item.options or ())
    raise ValueProblem(ONE_OPTIONS(value=repr(text.strip()), values=values))
