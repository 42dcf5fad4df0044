"""Values that can be stored and given back faithfully: the edge check for answers and packages.

A value is *storable* when every engine and every JSON reader on the way (SQLite, PostgreSQL,
the package writer, the report) keeps it exactly:

- text is valid Unicode: no lone surrogates (``"\\ud800"`` cannot be encoded as UTF-8, so an
  export or a report that meets one fails later, far from where it came in);
- numbers are finite (JSON has no Infinity or NaN) and integers lie within ±2**53, the range a
  JSON number keeps exactly in any reader (IEEE 754 doubles);
- dates lie between the years 1900 and 2999, so converting them to any time zone cannot
  leave the calendar (``9999-12-31T23:00-05:00`` is year 10000 in UTC).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, Final

from bqinspect.domain.messages import Message, declare

MAX_EXACT_INT: Final = 2**53
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2999


NOT_UNICODE = declare(
    "value.not_unicode",
    "contains a character that is not valid Unicode (U+{code_point})",
    "含有无效的 Unicode 字符（U+{code_point}）",
)
KEY_NOT_UNICODE = declare(
    "value.key_not_unicode",
    "key contains a character that is not valid Unicode (U+{code_point})",
    "键名含有无效的 Unicode 字符（U+{code_point}）",
)
INEXACT = declare(
    "value.inexact_integer",
    "a whole number beyond ±{limit} cannot be stored exactly",
    "超过 ±{limit} 的整数无法精确保存",
)
NOT_FINITE = declare("value.not_finite", "is not a finite number", "不是有限的数值")
YEAR_RANGE = declare(
    "value.year_range",
    "dates must lie between the years {min_year} and {max_year}",
    "日期必须在 {min_year} 年至 {max_year} 年之间",
)


class NotStorable(ValueError):
    """A value cannot be stored and given back unchanged; ``path`` says where inside it."""

    def __init__(self, reason: Message, path: str = ""):
        self.reason = reason
        self.path = path
        super().__init__(reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else str(self.reason)


def text_problem(value: str, *, key: bool = False) -> Message | None:
    """Why ``value`` cannot be stored, or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        point = f"{ord(value[exc.start]):04X}"
        return (KEY_NOT_UNICODE if key else NOT_UNICODE)(code_point=point)
    return None


def number_problem(number: int | float) -> Message | None:
    """Why ``number`` cannot be stored exactly, or None."""
    if isinstance(number, bool):
        return None
    if isinstance(number, int):
        if abs(number) > MAX_EXACT_INT:
            return INEXACT(limit=f"{MAX_EXACT_INT:,}")
        return None
    if not math.isfinite(number):
        return NOT_FINITE()
    return None


def date_problem(value: date | datetime) -> Message | None:
    """Why a date (or an aware date and time, taken in UTC) cannot be stored, or None."""
    try:
        year = value.astimezone(UTC).year if isinstance(value, datetime) else value.year
    except (OverflowError, ValueError):
        return YEAR_RANGE(min_year=MIN_YEAR, max_year=MAX_YEAR)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return YEAR_RANGE(min_year=MIN_YEAR, max_year=MAX_YEAR)
    return None


def _walk(value: Any, path: str) -> Iterator[tuple[str, Message]]:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, int | float):
        problem = number_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            if isinstance(key, str) and (problem := text_problem(key, key=True)):
                yield f"{path}.{key!a}", problem
            yield from _walk(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            yield from _walk(inner, f"{path}[{i}]")
    elif isinstance(value, date | datetime):
        problem = date_problem(value)
        if problem:
            yield path, problem


def check_storable(value: Any, path: str = "") -> None:
    """Raise :class:`NotStorable` naming the first part of ``value`` that cannot be stored."""
    for where, problem in _walk(value, path):
        raise NotStorable(problem, where)
