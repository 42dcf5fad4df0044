"""Tests for bqinspect.domain.xlsx: round trips and located refusals of broken workbooks."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.workbook.workbook import Workbook

from bqinspect.domain.formio import FormError, FormProblem, form_from_data, form_to_data, load_form
from bqinspect.domain.forms import DEFAULT_DEADLINES, Band, Form, ShowIf
from bqinspect.domain.xlsx import (
    export_xlsx,
    export_xlsx_bytes,
    format_bands,
    format_show_if,
    import_xlsx,
    import_xlsx_bytes,
    parse_bands,
    parse_show_if,
)

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini_form.yaml"
FORM_FILES = [MINI, *sorted((ROOT / "forms").glob("*.yaml"))]


@pytest.fixture(scope="module")
def mini() -> Form:
    return load_form(MINI)


@pytest.mark.parametrize("source", FORM_FILES, ids=lambda p: p.name)
def test_round_trip(source: Path, tmp_path: Path) -> None:
    form = load_form(source)
    path = tmp_path / f"{form.id}.xlsx"
    export_xlsx(form, path)
    assert import_xlsx(path) == form
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_workbook_layout(mini: Form) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx_bytes(mini)))
    assert wb.sheetnames == [
        "survey",
        "choices",
        "checks",
        "settings",
        "grades",
        "blocks",
        "checkpoints",
        "deadlines",
        "risk_types",
    ]
    survey = wb["survey"]
    assert survey.freeze_panes == "A2"
    assert all(cell.font.bold for cell in survey[1] if cell.value)
    header = [cell.value for cell in survey[1]]
    label = header.index("label::zh") + 1
    assert survey.cell(3, label).alignment.wrap_text
    assert survey.column_dimensions["C"].width >= 30
    rows = list(survey.iter_rows(min_row=2, values_only=True))
    types = [r[0] for r in rows]
    assert types[0] == "begin_group" and types[-1] == "end_group"
    assert "select_multiple FAC-15" in types
    by_name = {r[1]: dict(zip(header, r, strict=True)) for r in rows if r[0] != "end_group"}
    assert by_name["STF-05"]["bands"] == "<=10:1; <=30:0.5"
    assert by_name["SEC-05"]["bands"] == ">=30:1"
    assert by_name["STF-06"]["show_if"] == "STF-04 = pass"
    assert by_name["ENV"]["weight"] == 40
    assert [r[1] for r in wb["choices"].iter_rows(min_row=2, values_only=True)] == [
        "water",
        "glasses",
        "firstaid",
    ]


def _variant(mini: Form, change: Callable[[dict[str, Any]], None]) -> Form:
    data = form_to_data(mini)
    change(data)
    return form_from_data(data)


def test_round_trip_of_awkward_values(mini: Form) -> None:
    def change(data: dict[str, Any]) -> None:
        items = data["sections"][0]["items"]
        items[0]["text"]["en"] = "=SUM(A1) is text, not a formula"
        items[0]["guidance"]["zh"] = "第一行\n第二行"
        items[1]["show_if"] = {"item": "ENV-01", "in": ["a, b", 3, True, "3"]}
        items[2]["show_if"] = {"item": "ENV-01", "equals": "007"}
        data["sections"][2]["items"][1]["bands"] = [
            {"min": -5, "max": 2.5, "score": 0.25},
            {"min": 1e-7, "score": 1},
        ]
        data["sections"][2]["items"][1]["fail_below"] = 0.3
        data["description"] = {"zh": "说明", "en": "Notes"}
        data["scenario"] = "elderly customer"
        data["deadlines"] = {"critical": {"days": 2, "working_days": True}}
        data["checkpoints"] = [{"id": "T0", "label": {"zh": "到达", "en": "Arrive"}, "key": "1"}]
        data["sections"][0]["items"].append(
            {
                "id": "ENV-09",
                "text": {"zh": "满意度", "en": "Satisfaction"},
                "type": "choice",
                "points": 1,
                "requirement": {"zh": "改进", "en": "Improve"},
                "options": data["sections"][2]["items"][-1]["options"],
            }
        )

    form = _variant(mini, change)
    assert import_xlsx_bytes(export_xlsx_bytes(form)) == form


def test_a_control_character_is_refused_by_name_and_no_file_is_written(
    mini: Form, tmp_path: Path
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["sections"][0]["items"][0]["text"]["en"] = "Fascia \x07 signage"

    path = tmp_path / "out.xlsx"
    with pytest.raises(FormError) as refused:
        export_xlsx(_variant(mini, change), path)
    assert refused.value.text("en") == (
        f"{path}: cannot write sheet survey row 3 label::en: the text holds the control"
        " character U+0007, which a workbook cannot store; remove it from the form and export again"
    )
    assert "控制字符 U+0007" in refused.value.text("zh") and "第 3 行" in refused.value.text("zh")
    assert list(tmp_path.iterdir()) == []


def _with_norms(data: dict[str, Any]) -> None:
    """Basis, reasons, dimensions, a risk vocabulary and the deduction rule."""
    data["deduction_reason"] = "required"
    data["risk_types"] = [
        {"id": "environment", "label": {"zh": "服务环境", "en": "Service environment"}},
        {"id": "security", "label": {"zh": "安全保卫", "en": "Security"}},
    ]
    data["sections"][0]["dimension"] = "environment"
    data["sections"][2]["dimension"] = "risk"
    first = data["sections"][0]["items"][0]
    first["basis"] = "GB/T 32320-2015 5.3"
    first["reasons"] = [
        {"zh": "标牌破损", "en": "Sign damaged"},
        {"zh": "夜间不亮", "en": "Unlit at night"},
    ]
    data["sections"][2]["items"][0]["risk_type"] = "security"


def test_round_trip_of_basis_reasons_dimensions_and_risk_types(mini: Form) -> None:
    form = _variant(mini, _with_norms)
    again = import_xlsx_bytes(export_xlsx_bytes(form))
    assert again == form
    item = again.item("ENV-01")
    assert item.basis == "GB/T 32320-2015 5.3"
    assert [r.en for r in item.reasons] == ["Sign damaged", "Unlit at night"]
    assert [s.dimension for s in again.sections] == ["environment", None, "risk"]
    assert again.deduction_reason == "required"
    assert again.risk_label("security") == again.risk_types[1].label


def test_unbalanced_reasons_are_refused_at_their_cell(mini: Form, tmp_path: Path) -> None:
    form = _variant(mini, _with_norms)
    problem = _refused(form, tmp_path, _set("survey", "ENV-01", "reasons::en", "Sign damaged"))
    assert (problem.line, problem.field) == (3, "survey!ENV-01.reasons::en")
    assert str(problem.reason).startswith("2 reasons in zh but 1 in en")


def _refused(form: Form, tmp_path: Path, edit: Callable[[Workbook], None]) -> FormProblem:
    path = tmp_path / "form.xlsx"
    export_xlsx(form, path)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    with pytest.raises(FormError) as caught:
        import_xlsx_bytes(_save(wb), "form.xlsx")
    [problem] = caught.value.problems
    return problem


def test_unknown_risk_type_and_dimension_are_refused_at_their_cell(
    mini: Form, tmp_path: Path
) -> None:
    form = _variant(mini, _with_norms)
    dimension = _refused(form, tmp_path, _set("survey", "STF", "dimension", "comfort"))
    assert (dimension.line, dimension.field) == (7, "survey!STF.dimension")
    assert "Input should be 'efficiency'" in str(dimension.reason)
    risk = _refused(form, tmp_path, _set("survey", "ENV-04", "risk_type", "facility"))
    assert (risk.line, risk.field) == (4, "survey!ENV-04.risk_type")
    assert "risk type 'facility' is not in the form's risk_types" in str(risk.reason)
    rule = _refused(form, tmp_path, _set("settings", "1", "deduction_reason", "often"))
    assert rule.field == "settings!deduction_reason"
    assert "Input should be 'optional' or 'required'" in str(rule.reason)


def test_empty_deadlines_and_missing_optional_sheets(mini: Form) -> None:
    no_deadlines = _variant(mini, lambda d: d.update(deadlines={}))
    assert import_xlsx_bytes(export_xlsx_bytes(no_deadlines)).deadlines == {}
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx_bytes(mini)))
    del wb["deadlines"]
    del wb["checkpoints"]
    wb.create_sheet("notes")["A1"] = "anything here is ignored"
    form = import_xlsx_bytes(_save(wb))
    assert form.deadlines == DEFAULT_DEADLINES
    assert form == mini


# --- broken workbooks ------------------------------------------------------------------------


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _column(ws: Any, name: str) -> int:
    return [cell.value for cell in ws[1]].index(name) + 1


def _row_of(ws: Any, name: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 2).value == name:
            return row
    raise KeyError(name)


def _broken(mini: Form, tmp_path: Path, edit: Callable[[Workbook], None]) -> list[FormProblem]:
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx_bytes(mini)))
    edit(wb)
    path = tmp_path / "form.xlsx"
    path.write_bytes(_save(wb))
    with pytest.raises(FormError) as info:
        import_xlsx(path)
    problems = info.value.problems
    assert problems
    for problem in problems:
        assert problem.file == "form.xlsx"
    return problems


def _set(sheet: str, row_name: str, column: str, value: Any) -> Callable[[Workbook], None]:
    def edit(wb: Workbook) -> None:
        ws = wb[sheet]
        ws.cell(_row_of(ws, row_name), _column(ws, column)).value = value

    return edit


def test_bad_points_cell(mini: Form, tmp_path: Path) -> None:
    [problem] = _broken(mini, tmp_path, _set("survey", "ENV-05", "points", "abc"))
    assert problem.line == 5
    assert problem.field == "survey!ENV-05.points"
    assert str(problem.reason) == "'abc' is not a number (cell H5)"
    assert str(problem).startswith("form.xlsx:5: [survey!ENV-05.points]")


def test_unknown_type(mini: Form, tmp_path: Path) -> None:
    [problem] = _broken(mini, tmp_path, _set("survey", "ENV-04", "type", "stars"))
    assert (problem.line, problem.field) == (4, "survey!ENV-04.type")
    assert "unknown type 'stars'" in str(problem.reason) and "select_one LIST" in str(
        problem.reason
    )


def test_unknown_choice_list(mini: Form, tmp_path: Path) -> None:
    edit = _set("survey", "FAC-15", "type", "select_one kit")
    [problem] = _broken(mini, tmp_path, edit)
    assert problem.field == "survey!FAC-15.type"
    assert problem.line == 16
    assert "choice list 'kit' is not in the choices sheet (lists: FAC-15)" in str(problem.reason)


def test_missing_sheet(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        del wb["grades"]

    [problem] = _broken(mini, tmp_path, edit)
    assert problem.field == "grades"
    assert "missing sheet 'grades'" in str(problem.reason)


def test_missing_column(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["survey"].delete_cols(_column(wb["survey"], "name"))

    problems = _broken(mini, tmp_path, edit)
    assert [(p.line, p.field, str(p.reason)) for p in problems] == [
        (1, "survey!name", "missing column 'name'")
    ]


def test_unknown_column(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["survey"].cell(1, 40, "lable::zh")
        wb["survey"].cell(3, 40, "typo'd label")

    [problem] = _broken(mini, tmp_path, edit)
    assert (problem.line, problem.field) == (1, "survey!lable::zh")
    assert "unknown column 'lable::zh'" in str(problem.reason) and "(cell AN1)" in str(
        problem.reason
    )


def test_duplicate_item_ids(mini: Form, tmp_path: Path) -> None:
    [problem] = _broken(mini, tmp_path, _set("survey", "ENV-05", "name", "ENV-01"))
    assert problem.line == 5
    assert problem.field == "survey!ENV-01.name"
    assert "duplicate item id 'ENV-01'" in str(problem.reason)


def test_pydantic_errors_point_at_the_cell(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        _set("survey", "ENV-01", "severity", "Fatal")(wb)
        _set("survey", "ENV-04", "label::en", None)(wb)
        _set("survey", "SEC-05", "bands", "30..10:1")(wb)

    problems = {p.field: p for p in _broken(mini, tmp_path, edit)}
    assert set(problems) == {
        "survey!ENV-01.severity",
        "survey!ENV-04.label::en",
        "survey!SEC-05.bands",
    }
    severity = problems["survey!ENV-01.severity"]
    assert severity.line == 3 and "Input should be 'critical'" in str(severity.reason)
    assert str(severity.reason).endswith(f"(cell M{severity.line})")
    assert problems["survey!ENV-04.label::en"].line == 4
    assert "Field required" in str(problems["survey!ENV-04.label::en"].reason)
    assert "band min 30.0 is greater than max 10.0" in str(problems["survey!SEC-05.bands"].reason)


def test_cross_check_errors_are_located(mini: Form, tmp_path: Path) -> None:
    [problem] = _broken(mini, tmp_path, _set("survey", "STF-06", "show_if", "SEC-04 = pass"))
    assert (problem.line, problem.field) == (10, "survey!STF-06.show_if")
    assert "not an earlier item" in str(problem.reason)


def test_malformed_compact_cells(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        _set("survey", "STF-05", "bands", "<10:1")(wb)
        _set("survey", "STF-06", "show_if", "STF-04 is pass")(wb)
        _set("survey", "STF-04", "na_allowed", "maybe")(wb)

    problems = {p.field: str(p.reason) for p in _broken(mini, tmp_path, edit)}
    assert "is not like '<=10:1'" in problems["survey!STF-05.bands"]
    assert "is not like 'STF-04 = pass'" in problems["survey!STF-06.show_if"]
    assert problems["survey!STF-04.na_allowed"] == "'maybe' is not TRUE or FALSE (cell I8)"


def test_grade_and_choice_rows_are_located(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["grades"].cell(3, _column(wb["grades"], "min"), "eighty")
        wb["choices"].cell(3, _column(wb["choices"], "score"), 7)

    # malformed cells are reported first; the model is only checked on well-formed cells
    problems = _broken(mini, tmp_path, edit)
    assert [(p.line, p.field) for p in problems] == [(3, "grades!good.min")]
    assert "'eighty' is not a number" in str(problems[0].reason)

    def edit_choice(wb: Workbook) -> None:
        wb["choices"].cell(3, _column(wb["choices"], "score"), 7)

    [problem] = _broken(mini, tmp_path, edit_choice)
    assert (problem.line, problem.field) == (3, "choices!FAC-15.glasses.score")
    assert "less than or equal to 1" in str(problem.reason)


def test_overlapping_grades(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["grades"].cell(3, _column(wb["grades"], "max"), 95)

    [problem] = _broken(mini, tmp_path, edit)
    assert problem.field.startswith("grades")
    assert problem.line is not None
    assert "overlap" in str(problem.reason)


def test_unbalanced_groups(mini: Form, tmp_path: Path) -> None:
    def drop_end(wb: Workbook) -> None:
        wb["survey"].delete_rows(6)  # end_group of ENV

    [problem] = _broken(mini, tmp_path, drop_end)
    assert (problem.line, problem.field) == (6, "survey!STF.type")
    assert "section 'ENV' (row 2) is not closed" in str(problem.reason)

    def drop_begin(wb: Workbook) -> None:
        wb["survey"].delete_rows(2)

    problems = _broken(mini, tmp_path, drop_begin)
    assert [p.line for p in problems] == [2, 3, 4, 5]
    assert "outside any section" in str(problems[0].reason)
    assert str(problems[-1].reason).startswith("end_group without a matching begin_group")

    def drop_last_end(wb: Workbook) -> None:
        wb["survey"].delete_rows(wb["survey"].max_row)

    [problem] = _broken(mini, tmp_path, drop_last_end)
    assert (problem.line, problem.field) == (12, "survey!SEC.type")
    assert "has no end_group row" in str(problem.reason)


def test_empty_section(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["survey"].delete_rows(3, 3)

    [problem] = _broken(mini, tmp_path, edit)
    assert (problem.line, problem.field, str(problem.reason)) == (
        2,
        "survey!ENV",
        "section 'ENV' has no items",
    )


def test_deadline_rows(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["deadlines"]["A2"] = "urgent"
        wb["deadlines"]["A4"] = "Major"  # same as row 3 once lower-cased

    problems = _broken(mini, tmp_path, edit)
    assert [(p.line, p.field) for p in problems] == [
        (2, "deadlines!urgent.severity"),
        (4, "deadlines!major.severity"),
    ]
    assert "unknown severity 'urgent'" in str(problems[0].reason)
    assert "already has a deadline in row 3" in str(problems[1].reason)


def test_group_rows_refuse_item_columns(mini: Form, tmp_path: Path) -> None:
    [problem] = _broken(mini, tmp_path, _set("survey", "ENV", "points", 3))
    assert (problem.line, problem.field) == (2, "survey!points")
    assert "not used on a begin_group row" in str(problem.reason)


def test_settings_problems(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        ws = wb["settings"]
        ws.cell(2, _column(ws, "kind"), "audit")
        ws.cell(2, _column(ws, "form_id"), "Has Spaces")

    problems = {p.field: p for p in _broken(mini, tmp_path, edit)}
    assert set(problems) == {"settings!kind", "settings!form_id"}
    assert all(p.line == 2 for p in problems.values())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not an Excel .xlsx workbook"),
        (b"hello, this is a CSV file\n", "not an Excel .xlsx workbook"),
        (b"PK\x03\x04 broken zip", "not an Excel .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old binary .xls"),
    ],
)
def test_not_an_xlsx(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    with pytest.raises(FormError, match=reason) as info:
        import_xlsx(path)
    assert info.value.problems[0].file == "form.xlsx"


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "form.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    with pytest.raises(FormError, match=r"not an Excel \.xlsx workbook"):
        import_xlsx(path)


def test_unpacked_size_is_bounded(mini: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    from bqinspect.domain import xlsx

    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(FormError, match="more than a checklist needs"):
        import_xlsx_bytes(export_xlsx_bytes(mini), "bomb.xlsx")


def test_value_without_a_header(mini: Form, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["survey"]["AZ4"] = "stray"

    [problem] = _broken(mini, tmp_path, edit)
    assert (problem.line, problem.field) == (4, "survey")
    assert str(problem.reason) == "a value in a column without a header (cell AZ4)"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="cannot read"):
        import_xlsx(tmp_path / "gone.xlsx")


def test_lenient_cells_are_accepted(mini: Form) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx_bytes(mini)))
    ws = wb["survey"]
    row = _row_of(ws, "ENV-05")
    ws.cell(row, _column(ws, "points"), "2")
    ws.cell(row, _column(ws, "na_allowed"), "是")
    ws.cell(row, _column(ws, "required"), "yes")
    ws.cell(row, _column(ws, "severity"), "  General ")
    ws.insert_rows(row)  # a blank row is skipped
    assert import_xlsx_bytes(_save(wb)) == mini


# --- compact texts ---------------------------------------------------------------------------

_values = st.one_of(
    st.text(min_size=1, max_size=12),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@given(_values)
def test_show_if_equals_round_trip(value: Any) -> None:
    show_if = ShowIf(item="STF-04", equals=value)
    parsed = parse_show_if(format_show_if(show_if))
    assert parsed["item"] == "STF-04"
    assert parsed["equals"] == value and type(parsed["equals"]) is type(value)


@given(st.lists(_values, max_size=4))
def test_show_if_in_round_trip(values: list[Any]) -> None:
    show_if = ShowIf.model_validate({"item": "role", "in": values})
    parsed = parse_show_if(format_show_if(show_if))
    assert parsed["in"] == values
    assert [type(v) for v in parsed["in"]] == [type(v) for v in values]


def test_show_if_examples() -> None:
    assert parse_show_if("role in elderly,foreign") == {
        "item": "role",
        "in": ["elderly", "foreign"],
    }
    assert parse_show_if("STF-04 == pass") == {"item": "STF-04", "equals": "pass"}
    assert parse_show_if("SCORE = 3") == {"item": "SCORE", "equals": 3}


_bound = st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def _bands(draw: st.DrawFn) -> Band:
    low = draw(st.none() | _bound)
    high = draw(st.none() | _bound) if low is not None else draw(_bound)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Band(min=low, max=high, score=draw(st.floats(0, 1)))


@given(st.lists(_bands(), min_size=1, max_size=5))
def test_bands_round_trip(bands: list[Band]) -> None:
    parsed = [Band.model_validate(b) for b in parse_bands(format_bands(bands))]
    assert parsed == bands


def test_band_examples() -> None:
    assert parse_bands("<=10:1; <=30:0.5") == [{"max": 10, "score": 1}, {"max": 30, "score": 0.5}]
    assert parse_bands("≥30 : 1") == [{"min": 30, "score": 1}]
    assert parse_bands("10..20:0.5\n-5..-1:0") == [
        {"min": 10, "max": 20, "score": 0.5},
        {"min": -5, "max": -1, "score": 0},
    ]
    with pytest.raises(ValueError, match="no bands"):
        parse_bands(" ; ")
    assert math.isclose(parse_bands(".5..1e3:1")[0]["max"], 1000)
