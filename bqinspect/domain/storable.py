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

MAX_EXACT_INT: Final = 2**53
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2999


class NotStorable(ValueError):
    """A value cannot be stored and given back unchanged; ``path`` says where inside it."""

    def __init__(self, reason: str, path: str = ""):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains a character that is not valid Unicode (U+{ord(text[exc.start]):04X})"
    return None


def number_problem(number: int | float) -> str | None:
    """Why ``number`` cannot be stored exactly, or None."""
    if isinstance(number, bool):
        return None
    if isinstance(number, int):
        if abs(number) > MAX_EXACT_INT:
            return f"a whole number beyond ±{MAX_EXACT_INT:,} cannot be stored exactly"
        return None
    if not math.isfinite(number):
        return "is not a finite number"
    return None


def date_problem(value: date | datetime) -> str | None:
    """Why a date (or an aware date and time, taken in UTC) cannot be stored, or None."""
    try:
        year = value.astimezone(UTC).year if isinstance(value, datetime) else value.year
    except (OverflowError, ValueError):
        return f"dates must lie between the years {MIN_YEAR} and {MAX_YEAR}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"dates must lie between the years {MIN_YEAR} and {MAX_YEAR}"
    return None


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
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
            if isinstance(key, str) and (problem := text_problem(key)):
                yield f"{path}.{key!a}", "key " + problem
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
