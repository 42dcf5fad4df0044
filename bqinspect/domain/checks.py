"""Multi-check items: each named check answered pass/fail, scored and named on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bqinspect.domain.forms import Check, Item
from bqinspect.domain.messages import declare

PASS = "pass"
FAIL = "fail"
ANSWERS = (PASS, FAIL)

ANSWER_MAPS_CHECKS = declare(
    "domain.checks.answer_maps_checks",
    "a checks answer maps each check to 'pass' or 'fail'",
    "子项答案须为每个子项填写 'pass' 或 'fail'",
)
NOT_CHECKS = declare(
    "domain.checks.not_checks",
    "not checks of this item: {unknown}",
    "不是此检查项的子项：{unknown}",
)
PASS_OR_FAIL = declare(
    "domain.checks.pass_or_fail",
    "checks {wrong} must be answered 'pass' or 'fail'",
    "子项 {wrong} 须回答 'pass' 或 'fail'",
)


def check_answers(item: Item, value: Any) -> dict[str, str]:
    """The answered checks of ``value`` (check id → pass/fail), unknown ids and words left out."""
    if not isinstance(value, Mapping):
        return {}
    ids = [c.id for c in item.checks or []]
    return {k: v for k, v in value.items() if k in ids and v in ANSWERS}


def failed_checks(item: Item, value: Any) -> list[Check]:
    answers = check_answers(item, value)
    return [c for c in item.checks or [] if answers.get(c.id) == FAIL]


def checks_achievement(item: Item, value: Any) -> float | None:
    """Points of the passed checks over those of the answered ones (None: none answered)."""
    answers = check_answers(item, value)
    answered = [c for c in item.checks or [] if c.id in answers]
    possible = sum(c.points for c in answered)
    if possible <= 0:
        return None
    return sum(c.points for c in answered if answers[c.id] == PASS) / possible


def all_answered(item: Item, value: Any) -> bool:
    """Every check of a checks item answered (any other item: True)."""
    if not item.checks:
        return True
    return len(check_answers(item, value)) == len(item.checks)


def normalize_checks(item: Item, value: Any) -> dict[str, str]:
    """The stored form of a checks answer; raises ValueError naming what does not fit."""
    if not isinstance(value, Mapping):
        raise ValueError(ANSWER_MAPS_CHECKS())
    ids = [c.id for c in item.checks or []]
    unknown = [k for k in value if k not in ids]
    if unknown:
        raise ValueError(NOT_CHECKS(unknown=repr(unknown)))
    wrong = [k for k, v in value.items() if v not in ANSWERS]
    if wrong:
        raise ValueError(PASS_OR_FAIL(wrong=repr(wrong)))
    return {i: value[i] for i in ids if i in value}  # the form's order


def describe_failed(item: Item, value: Any, lang: str) -> str:
    """The failed checks by id and text, for a finding or a deduction ("" when none)."""
    return "; ".join(f"{c.id} {c.text.get(lang)}" for c in failed_checks(item, value))
