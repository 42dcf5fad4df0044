"""A form's validation errors in a form author's words: where in the document, and why.

The validators raise structured messages (kept by pydantic in the error's context); pydantic's
own errors (a missing or unknown key, a wrong type, a value out of range …) are mapped by their
type to declared messages with pydantic's parameters. A type not mapped keeps pydantic's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic_core import ErrorDetails

from bqinspect.domain.forms import LocatedError
from bqinspect.domain.messages import Message, Text, Words, declare

Loc = tuple[str | int, ...]

MISSING = declare("domain.form_errors.missing", "Field required", "缺少必填字段")
EXTRA = declare("domain.form_errors.extra", "Extra inputs are not permitted", "不认识的字段")
ONE_OF = declare("domain.form_errors.one_of", "Input should be {expected}", "应为 {expected}")
EITHER = declare("domain.form_errors.either", "{values} or {last}", "{values} 或 {last}")
TEXT = declare("domain.form_errors.text", "Input should be a valid string", "应为文本")
TOO_SHORT_ONE = declare(
    "domain.form_errors.string_too_short_one",
    "String should have at least 1 character",
    "不能为空",
)
TOO_SHORT = declare(
    "domain.form_errors.string_too_short",
    "String should have at least {min_length} characters",
    "至少需要 {min_length} 个字符",
)
TOO_LONG_ONE = declare(
    "domain.form_errors.string_too_long_one",
    "String should have at most 1 character",
    "只能是一个字符",
)
TOO_LONG = declare(
    "domain.form_errors.string_too_long",
    "String should have at most {max_length} characters",
    "最多 {max_length} 个字符",
)
PATTERN = declare(
    "domain.form_errors.pattern",
    "String should match pattern '{pattern}'",
    "格式不对，应符合 '{pattern}'",
)
PATTERN_ID = declare(
    "domain.form_errors.pattern_id",
    "String should match pattern '{pattern}'",
    "只能使用字母、数字和 _ . -（不能有空格或中文）：'{pattern}'",
)
PATTERN_FORM_ID = declare(
    "domain.form_errors.pattern_form_id",
    "String should match pattern '{pattern}'",
    "只能使用小写字母、数字和 _ . -，并以小写字母或数字开头：'{pattern}'",
)
PATTERN_CHECKPOINT_ID = declare(
    "domain.form_errors.pattern_checkpoint_id",
    "String should match pattern '{pattern}'",
    "只能使用字母、数字和 _：'{pattern}'",
)
INTEGER = declare("domain.form_errors.integer", "Input should be a valid integer", "应为整数")
INTEGER_PARSING = declare(
    "domain.form_errors.integer_parsing",
    "Input should be a valid integer, unable to parse string as an integer",
    "应为整数",
)
INTEGER_FRACTION = declare(
    "domain.form_errors.integer_fraction",
    "Input should be a valid integer, got a number with a fractional part",
    "应为整数，不能有小数",
)
NUMBER = declare("domain.form_errors.number", "Input should be a valid number", "应为数字")
NUMBER_PARSING = declare(
    "domain.form_errors.number_parsing",
    "Input should be a valid number, unable to parse string as a number",
    "应为数字",
)
FINITE = declare("domain.form_errors.finite", "Input should be a finite number", "应为有限的数字")
BOOLEAN = declare(
    "domain.form_errors.boolean", "Input should be a valid boolean", "应为 true 或 false"
)
BOOLEAN_PARSING = declare(
    "domain.form_errors.boolean_parsing",
    "Input should be a valid boolean, unable to interpret input",
    "应为 true 或 false",
)
AT_LEAST = declare(
    "domain.form_errors.at_least", "Input should be greater than or equal to {ge}", "应不小于 {ge}"
)
ABOVE = declare("domain.form_errors.above", "Input should be greater than {gt}", "应大于 {gt}")
AT_MOST = declare(
    "domain.form_errors.at_most", "Input should be less than or equal to {le}", "应不大于 {le}"
)
BELOW = declare("domain.form_errors.below", "Input should be less than {lt}", "应小于 {lt}")
FEW_ITEMS_ONE = declare(
    "domain.form_errors.few_items_one",
    "List should have at least 1 item after validation, not {actual_length}",
    "至少需要 1 项，现有 {actual_length} 项",
)
FEW_ITEMS = declare(
    "domain.form_errors.few_items",
    "List should have at least {min_length} items after validation, not {actual_length}",
    "至少需要 {min_length} 项，现有 {actual_length} 项",
)
LIST = declare(
    "domain.form_errors.list", "Input should be a valid list", "应为列表（每行以 - 开头）"
)
MAPPING = declare(
    "domain.form_errors.mapping", "Input should be a valid dictionary", "应为“键: 值”的映射"
)
MODEL = declare(
    "domain.form_errors.model",
    "Input should be a valid dictionary or instance of {class_name}",
    "应为{class_name}（“键: 值”的映射）",
)
MODEL_TEXT = declare(
    "domain.form_errors.model_text",
    "Input should be a valid dictionary or instance of Text",
    "应为双语文本：分别写 zh: 和 en:",
)

# what each part of a form is called, where pydantic names its class
_PARTS = {
    name: declare(f"domain.form_errors.part.{name.lower()}", name, zh)
    for name, zh in (
        ("Form", "表单"),
        ("Item", "检查项"),
        ("Section", "部分"),
        ("Option", "选项"),
        ("Band", "评分区间"),
        ("Grading", "评级规则"),
        ("GradeBand", "等级区间"),
        ("ShowIf", "显示条件"),
        ("Derive", "计时推算"),
        ("Check", "子项"),
        ("Dwell", "停留条件"),
        ("Block", "区块"),
        ("Checkpoint", "计时点"),
        ("RiskType", "风险类型"),
        ("Deadline", "整改期限"),
    )
}
_PATTERNS = {
    r"^[A-Za-z0-9_.-]+$": PATTERN_ID,
    r"^[a-z0-9][a-z0-9_.-]*$": PATTERN_FORM_ID,
    r"^[A-Za-z0-9_]+$": PATTERN_CHECKPOINT_ID,
}
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _number(value: Any) -> Any:
    """A bound as pydantic shows it: ``0.0`` as ``0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _expected(expected: str) -> Words:
    """Pydantic's "'a', 'b' or 'c'" as a list shown in the language of the reader."""
    values = _QUOTED.findall(expected)
    joined = " or ".join([", ".join(values[:-1]), values[-1]]) if len(values) > 1 else ""
    if len(values) == 1 and values[0] == expected:
        return expected
    if not joined or joined != expected:
        return expected
    return EITHER(values=values[:-1], last=values[-1])


def _one_of(ctx: Mapping[str, Any]) -> Message:
    return ONE_OF(expected=_expected(str(ctx.get("expected", ""))))


def _pattern(ctx: Mapping[str, Any]) -> Message:
    pattern = str(ctx.get("pattern", ""))
    return _PATTERNS.get(pattern, PATTERN)(pattern=pattern)


def _model(ctx: Mapping[str, Any]) -> Message:
    name = str(ctx.get("class_name", ""))
    if name == "Text":
        return MODEL_TEXT()
    part = _PARTS.get(name)
    return MODEL(class_name=part() if part is not None else name)


def _sized(one: Text, many: Text, key: str) -> Callable[[Mapping[str, Any]], Message]:
    def make(ctx: Mapping[str, Any]) -> Message:
        size = ctx.get(key)
        return one() if size == 1 else many(**{key: size})

    return make


def _few(ctx: Mapping[str, Any]) -> Message | None:
    if ctx.get("field_type") != "List":
        return None
    if ctx.get("min_length") == 1:
        return FEW_ITEMS_ONE(actual_length=ctx.get("actual_length"))
    return FEW_ITEMS(min_length=ctx.get("min_length"), actual_length=ctx.get("actual_length"))


def _bound(text: Text, key: str) -> Callable[[Mapping[str, Any]], Message]:
    return lambda ctx: text(**{key: _number(ctx.get(key))})


def _plain(text: Text) -> Callable[[Mapping[str, Any]], Message]:
    return lambda _ctx: text()


_BY_TYPE: dict[str, Callable[[Mapping[str, Any]], Message | None]] = {
    "missing": _plain(MISSING),
    "extra_forbidden": _plain(EXTRA),
    "enum": _one_of,
    "literal_error": _one_of,
    "string_type": _plain(TEXT),
    "string_too_short": _sized(TOO_SHORT_ONE, TOO_SHORT, "min_length"),
    "string_too_long": _sized(TOO_LONG_ONE, TOO_LONG, "max_length"),
    "string_pattern_mismatch": _pattern,
    "int_type": _plain(INTEGER),
    "int_parsing": _plain(INTEGER_PARSING),
    "int_from_float": _plain(INTEGER_FRACTION),
    "float_type": _plain(NUMBER),
    "float_parsing": _plain(NUMBER_PARSING),
    "finite_number": _plain(FINITE),
    "bool_type": _plain(BOOLEAN),
    "bool_parsing": _plain(BOOLEAN_PARSING),
    "greater_than_equal": _bound(AT_LEAST, "ge"),
    "greater_than": _bound(ABOVE, "gt"),
    "less_than_equal": _bound(AT_MOST, "le"),
    "less_than": _bound(BELOW, "lt"),
    "too_short": _few,
    "list_type": _plain(LIST),
    "dict_type": _plain(MAPPING),
    "model_type": _model,
}


def words_of(exc: BaseException) -> Words:
    """The structured message an exception was raised with, else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def error_reason(error: ErrorDetails) -> Words:
    """Why pydantic refused a value, as a declared message where the type is known."""
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    raised = ctx.get("error")
    if isinstance(raised, BaseException):
        return words_of(raised)
    make = _BY_TYPE.get(error["type"])
    reason = make(ctx) if make is not None else None
    return reason if reason is not None else error["msg"].removeprefix("Value error, ")


def error_place(error: ErrorDetails) -> tuple[Loc, Words]:
    """Where in the document an error belongs (a located validator error says more) and why."""
    loc: Loc = tuple(error["loc"])
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, LocatedError):
        loc = (*loc, *raised.loc)
    return loc, error_reason(error)
