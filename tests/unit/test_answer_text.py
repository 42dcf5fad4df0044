"""Answers typed as text (the command line's VALUE), read for each answer type."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest

from bqinspect.domain.answer_text import TypedAnswer, parse_seconds, read_answer
from bqinspect.domain.formio import load_form
from bqinspect.domain.forms import Form, Item
from bqinspect.domain.values import ValueProblem

REPO = Path(__file__).resolve().parents[2]
SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def forms() -> dict[str, Form]:
    return {
        name: load_form(path)
        for name, path in {
            "mini": REPO / "tests" / "data" / "mini_form.yaml",
            "onsite": REPO / "forms" / "branch-onsite.yaml",
            "mystery": REPO / "forms" / "mystery-cash.yaml",
        }.items()
    }


def item(forms: dict[str, Form], ref: str) -> Item:
    form, _, item_id = ref.partition(":")
    return forms[form].item(item_id)


@pytest.mark.parametrize(
    ("ref", "text", "value"),
    [
        ("mini:ENV-01", "yes", "pass"),
        ("mini:ENV-01", " PASS ", "pass"),
        ("mini:ENV-01", "是", "pass"),
        ("mini:ENV-01", "no", "fail"),
        ("mini:ENV-01", "不合格", "fail"),
        ("mini:ENV-04", "4", 4),
        ("mini:STF-05", "7,5", 7.5),
        ("mini:SEC-04", "3/4", {"x": 3, "y": 4}),
        ("mini:SEC-04", "3", {"x": 3, "y": 4}),  # the count is fixed at 4
        ("mini:SEC-14", "2027-03-01", "2027-03-01"),
        ("mini:FAC-15", "firstaid,老花镜", ["glasses", "firstaid"]),
        ("mini:FAC-15", "Water，water", ["water"]),
        ("mystery:STF-05", "1:30", 90.0),
        ("mystery:STF-05", "45", 45.0),
        ("mystery:MS-SUMMARY", "柜员态度良好", "柜员态度良好"),
        ("onsite:EFF-01", "2026-09-01T10:00:00+08:00", "2026-09-01T10:00:00+08:00"),
        ("onsite:EFF-01", "2026-09-01T10:00", "2026-09-01T10:00:00+08:00"),  # the bank's zone
    ],
)
def test_typed_values(forms: dict[str, Form], ref: str, text: str, value: object) -> None:
    assert read_answer(item(forms, ref), text, SHANGHAI) == TypedAnswer(value=value)


def test_na_and_empty(forms: dict[str, Form]) -> None:
    assert read_answer(item(forms, "mini:ENV-05"), "NA", UTC) == TypedAnswer(na=True)
    assert read_answer(item(forms, "mini:ENV-05"), "不适用", UTC) == TypedAnswer(na=True)
    assert read_answer(item(forms, "mini:ENV-01"), "  ", UTC) == TypedAnswer()
    with pytest.raises(ValueProblem, match="cannot be answered 'not applicable'"):
        read_answer(item(forms, "mini:ENV-01"), "na", UTC)


@pytest.mark.parametrize(
    ("ref", "text", "message"),
    [
        ("mini:ENV-01", "maybe", "yes/pass or no/fail"),
        ("mini:ENV-04", "9", "between 1 and 5"),
        ("mini:ENV-04", "four", "not a number"),
        ("mini:SEC-04", "5/4", "between 0 and 4"),
        ("mini:FAC-15", "water,tea", "not one of the options (water, glasses, firstaid)"),
        ("mini:SEC-14", "tomorrow", "not a date"),
        ("mystery:STF-05", "1:xx", "not seconds, m:ss or h:mm:ss"),
        ("onsite:EFF-01", "soon", "not a date and time"),
    ],
)
def test_refusals_say_what_was_expected(
    forms: dict[str, Form], ref: str, text: str, message: str
) -> None:
    with pytest.raises(ValueProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_answer(item(forms, ref), text, UTC)


def test_seconds() -> None:
    assert parse_seconds("1:02:03") == 3723.0
    assert parse_seconds("") is None
    with pytest.raises(ValueError):
        parse_seconds("1:2:3:4")
