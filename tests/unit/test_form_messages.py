"""A refused form file or workbook says why in the reader's language, with its file, line and
field as before: every refusal of the broken-form corpus is a declared message, and pydantic's
own errors keep pydantic's English words while reading naturally in Chinese."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bqinspect.base.errors import Refused
from bqinspect.domain import messages
from bqinspect.domain.form_errors import error_reason
from bqinspect.domain.formio import FormError, FormProblem, load_form, parse_form_text
from bqinspect.domain.forms import Form, Item, Kind, Text
from bqinspect.domain.messages import Message
from bqinspect.domain.xlsx import export_xlsx_bytes, import_xlsx_bytes
from bqinspect.services.catalog import load_form_file

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
BROKEN = sorted((DATA / "broken_forms").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zh() -> Iterator[None]:
    messages.set_language("zh")
    yield
    messages.set_language("en")


def _line(text: str, needle: str) -> int:
    """The number of the last line that holds ``needle``."""
    return max(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _refused(text: str) -> FormProblem:
    with pytest.raises(FormError) as caught:
        parse_form_text(text, "mine.yaml")
    [problem] = caught.value.problems
    return problem


# (what the author did, the edit of the mini form, text on the refused line, field, reason)
BROKEN_BY_HAND = [
    ("missing id", ("id: mini-onsite\n", ""), "version:", "id", "缺少必填字段"),
    (
        "unknown key",
        ("        type: rating\n", "        type: rating\n        hint: x\n"),
        "hint: x",
        "sections[0](ENV).items[1](ENV-04).hint",
        "不认识的字段",
    ),
    (
        "a word for a number",
        ("    weight: 40\n", "    weight: forty\n"),
        "weight: forty",
        "sections[0](ENV).weight",
        "应为数字",
    ),
    (
        "an unknown answer type",
        ("type: rating\n        points: 3\n", "type: stars\n        points: 3\n"),
        "type: stars",
        "sections[0](ENV).items[1](ENV-04).type",
        "应为 'yesno'、'rating'",
    ),
    (
        "an unknown kind",
        ("kind: onsite", "kind: audit"),
        "kind: audit",
        "kind",
        "应为 'onsite' 或 'mystery'",
    ),
    (
        "a plain title",
        ("title: {zh: 迷你检查表, en: Mini checklist}", "title: 迷你检查表"),
        "title: 迷你检查表",
        "title",
        "应为双语文本",
    ),
    (
        "negative points",
        ("points: 3\n", "points: -3\n"),
        "points: -3",
        "sections[0](ENV).items[1](ENV-04).points",
        "应不小于 0",
    ),
    (
        "a blank text",
        ("{zh: 门前整洁, en: Forecourt clean}", "{zh: '  ', en: Forecourt clean}"),
        "zh: '  '",
        "sections[0](ENV).items[1](ENV-04).text.zh",
        "文本不能为空白",
    ),
    (
        "an item id twice",
        ("- id: ENV-05", "- id: ENV-04"),
        "- id: ENV-04",
        "sections[0](ENV).items[2](ENV-04).id",
        "检查项 id 'ENV-04' 重复",
    ),
]


@pytest.mark.parametrize(
    ("edit", "marker", "field", "chinese"),
    [case[1:] for case in BROKEN_BY_HAND],
    ids=[case[0] for case in BROKEN_BY_HAND],
)
def test_a_broken_form_is_refused_in_chinese_at_its_line_and_field(
    zh: None, edit: tuple[str, str], marker: str, field: str, chinese: str
) -> None:
    old, new = edit
    assert old in MINI
    text = MINI.replace(old, new, 1)
    line = _line(text, marker)
    problem = _refused(text)
    assert (problem.line, problem.field) == (line, field)
    assert isinstance(problem.reason, Message)
    assert str(problem) == f"mine.yaml:{line}: [{field}] {problem.reason.render('zh')}"
    assert chinese in str(problem)
    assert problem.reason.render("en") != problem.reason.render("zh")


def test_not_yaml_is_said_in_chinese(zh: None) -> None:
    problem = _refused(MINI.replace("kind: onsite", "kind: on: site"))
    assert problem.line == 3
    assert str(problem).startswith("mine.yaml:3: 不是有效的 YAML：此处不能出现“键: 值”")
    assert problem.reason.render("en") == (  # type: ignore[union-attr]
        "not valid YAML: mapping values are not allowed in this context"
    )
    problem = _refused("id: [unclosed\n")
    assert "不是有效的 YAML：在方括号列表中，缺少 ',' 或 ']'" in str(problem)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_every_refusal_of_the_corpus_is_a_declared_message(zh: None, path: Path) -> None:
    with pytest.raises(FormError) as caught:
        load_form(path)
    for problem in caught.value.problems:
        assert isinstance(problem.reason, Message), str(problem)
        assert CJK.search(problem.reason.render("zh")), str(problem)
        assert str(problem).endswith(problem.reason.render("zh"))
    assert caught.value.text("en") == "\n".join(p.text("en") for p in caught.value.problems)


def test_the_catalog_refusal_names_file_line_and_field_in_chinese(zh: None, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    text = MINI.replace("    weight: 40\n", "    weight: forty\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Refused) as caught:
        load_form_file(path)
    line = _line(text, "weight: forty")
    assert str(caught.value) == f"broken.yaml:{line}: sections[0](ENV).weight：应为数字"
    assert caught.value.text("en") == (
        f"broken.yaml:{line}: sections[0](ENV).weight: "
        "Input should be a valid number, unable to parse string as a number"
    )


def _workbook(edit: dict[tuple[str, str, str], Any]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx_bytes(load_form(DATA / "mini_form.yaml"))))
    for (sheet, row_name, column), value in edit.items():
        ws = wb[sheet]
        col = [cell.value for cell in ws[1]].index(column) + 1
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == row_name)
        ws.cell(row, col).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_broken_workbook_is_refused_in_chinese_at_its_cell(zh: None) -> None:
    data = _workbook({("survey", "ENV-05", "points"): "abc", ("survey", "ENV-04", "type"): "stars"})
    with pytest.raises(FormError) as caught:
        import_xlsx_bytes(data, "form.xlsx")
    problems = {p.field: p for p in caught.value.problems}
    points = problems["survey!ENV-05.points"]
    assert points.line == 5
    assert str(points) == "form.xlsx:5: [survey!ENV-05.points] 'abc' 不是数字（单元格 H5）"
    assert str(problems["survey!ENV-04.type"]).startswith(
        "form.xlsx:4: [survey!ENV-04.type] 未知的类型 'stars'；请使用 yesno、rating"
    )
    messages.set_language("en")
    assert str(points) == "form.xlsx:5: [survey!ENV-05.points] 'abc' is not a number (cell H5)"


def test_pydantic_errors_in_a_workbook_are_said_in_chinese_at_their_cell(zh: None) -> None:
    data = _workbook({("survey", "ENV-01", "severity"): "Fatal"})
    with pytest.raises(FormError) as caught:
        import_xlsx_bytes(data, "form.xlsx")
    [problem] = caught.value.problems
    assert problem.field == "survey!ENV-01.severity"
    assert str(problem.reason).startswith("应为 'critical'、'major'、'general' 或 'observation'")
    assert str(problem.reason).endswith(f"（单元格 M{problem.line}）")


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    word: str = "x"
    short: str = Field(default="x", min_length=1)
    two: str = Field(default="xx", min_length=2)
    key: str = Field(default="x", max_length=1)
    note: str = Field(default="x", max_length=3)
    code: str = Field(default="a", pattern=r"^[A-Za-z0-9_.-]+$")
    whole: int = 1
    number: float = 1.0
    flag: bool = True
    low: float = Field(default=1, ge=0)
    above: float = Field(default=1, gt=0)
    high: float = Field(default=1, le=100)
    below: float = Field(default=1, lt=100)
    one: list[int] = Field(default=[1], min_length=1)
    pair: list[int] = Field(default=[1, 2], min_length=2)
    many: list[int] = [1]
    table: dict[str, int] = {}
    kind: Kind = Kind.ONSITE
    text: Text | None = None
    item: Item | None = None
    needed: int


BAD_SAMPLES: dict[str, Any] = {
    "word": 5,
    "short": "",
    "two": "x",
    "key": "xy",
    "note": "long",
    "code": "a b",
    "whole": "many",
    "number": "lots",
    "flag": "perhaps",
    "low": -1,
    "above": 0,
    "high": 101,
    "below": 100,
    "one": [],
    "pair": [1],
    "many": 3,
    "table": [],
    "kind": "audit",
    "text": "plain",
    "item": "plain",
    "unknown": 1,
}


def test_each_mapped_pydantic_error_keeps_pydantic_english_and_has_chinese() -> None:
    for field, value in [*BAD_SAMPLES.items(), ("whole", 2.5)]:
        with pytest.raises(ValidationError) as caught:
            _Sample.model_validate({"needed": 1, field: value})
        [error] = caught.value.errors()
        reason = error_reason(error)
        assert isinstance(reason, Message), error["type"]
        assert reason.render("en") == error["msg"], error["type"]
        assert CJK.search(reason.render("zh")), error["type"]
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate({})
    [error] = caught.value.errors()
    assert error_reason(error).render("zh") == "缺少必填字段"  # type: ignore[union-attr]


def test_a_validator_message_reaches_the_problem_unrendered() -> None:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate({})
    assert all(isinstance(error_reason(e), Message) for e in caught.value.errors())
