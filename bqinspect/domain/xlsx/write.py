"""Writing a form out to a workbook, one sheet per part, with drop-down lists where they help."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bqinspect.domain.formio import FormError, FormProblem
from bqinspect.domain.forms import (
    SEVERITY_ORDER,
    AnswerType,
    DeductionReason,
    Dimension,
    FindingOrigin,
    Form,
    Item,
    Kind,
    Option,
    PhotoRule,
    Severity,
)
from bqinspect.domain.messages import declare
from bqinspect.domain.xlsx.columns import SHEETS, WRAPPED
from bqinspect.domain.xlsx.texts import format_bands, format_derive, format_dwell, format_show_if

log = logging.getLogger(__name__)

CANNOT_WRITE_CELL = declare(
    "domain.xlsx.cannot_write_cell",
    "cannot write {sheet} row {row} {column}: {why}",
    "无法写入工作表 {sheet} 第 {row} 行的 {column}：{why}",
)
CONTROL_CHARACTER = declare(
    "domain.xlsx.control_character",
    "cannot write sheet {sheet} row {row} {column}: the text holds the control character "
    "U+{code}, which a workbook cannot store; remove it from the form and export again",
    "无法写入工作表 {sheet} 第 {row} 行的 {column}：文字中含有工作簿不能保存的控制字符 U+{code}，"
    "请从检查表中删去后再导出",
)


def _bilingual(prefix: str, text: Any) -> dict[str, Any]:
    if text is None:
        return {}
    return {f"{prefix}::zh": text.zh, f"{prefix}::en": text.en}


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _reasons(item: Item) -> dict[str, Any]:
    """The deduction reasons one a line, zh and en in two cells."""
    if not item.reasons:
        return {}
    return {
        "reasons::zh": "\n".join(r.zh for r in item.reasons),
        "reasons::en": "\n".join(r.en for r in item.reasons),
    }


def _item_row(item: Item, list_name: str | None) -> dict[str, Any]:
    if item.type is AnswerType.CHOICE:
        type_text = f"select_one {list_name}"
    elif item.type is AnswerType.MULTICHOICE:
        type_text = f"select_multiple {list_name}"
    else:
        type_text = item.type.value
    row: dict[str, Any] = {
        "type": type_text,
        "name": item.id,
        **_bilingual("label", item.text),
        **_bilingual("guidance", item.guidance),
        "points": _num(item.points),
        "na_allowed": item.na_allowed,
        "required": item.required,
        "photo_on_fail": item.photo_on_fail.value,
        "note_on_fail": item.note_on_fail,
        "severity": item.severity.value,
        "risk_type": item.risk_type,
        "basis": item.basis,
        **_reasons(item),
        **_bilingual("requirement", item.requirement),
        "veto": item.veto,
        "gate": item.gate,
        "block": item.block,
        "show_if": format_show_if(item.show_if) if item.show_if else None,
        "overt_only": item.overt_only,
        "unit": item.unit,
        "bands": format_bands(item.bands) if item.bands else None,
        "count_of": item.count_of,
        "derive": format_derive(item.derive) if item.derive else None,
        "dwell": format_dwell(item.dwell) if item.dwell else None,
        "weight_note": item.weight_note,
        "max_age_days": item.max_age_days,
        "fail_below": _num(item.fail_below),
    }
    if item.type is AnswerType.RATING or item.scale != 5:
        row["scale"] = item.scale
    return row


def _sheet_rows(form: Form) -> dict[str, list[dict[str, Any]]]:
    survey: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    lists: dict[tuple[Option, ...], str] = {}
    for section in form.sections:
        survey.append(
            {
                "type": "begin_group",
                "name": section.id,
                **_bilingual("label", section.title),
                "weight": _num(section.weight),
                "dimension": section.dimension.value if section.dimension else None,
            }
        )
        for item in section.items:
            list_name = None
            if item.options:
                key = tuple(item.options)
                list_name = lists.get(key)
                if list_name is None:  # items with identical options share one list
                    list_name = lists[key] = item.id
                    for option in item.options:
                        choices.append(
                            {
                                "list_name": list_name,
                                "name": option.value,
                                **_bilingual("label", option.label),
                                "score": _num(option.score),
                                "flagged": option.flagged,
                            }
                        )
            survey.append(_item_row(item, list_name))
        survey.append({"type": "end_group", "name": section.id})
    settings = {
        "form_id": form.id,
        "version": form.version,
        "kind": form.kind.value,
        **_bilingual("title", form.title),
        **_bilingual("description", form.description),
        "scenario": form.scenario,
        "veto_grade": form.grading.veto_grade,
        "deduction_reason": form.deduction_reason.value,
        "finding_source": form.finding_source.value if form.finding_source else None,
        "weight_note": form.weight_note,
    }
    return {
        "survey": survey,
        "choices": choices,
        "settings": [settings],
        "checks": [
            {
                "item": item.id,
                "name": check.id,
                **_bilingual("label", check.text),
                "points": _num(check.points),
                "veto": check.veto,
            }
            for item in form.items()
            for check in item.checks or []
        ],
        "grades": [
            {
                "grade": b.grade,
                **_bilingual("label", b.label),
                "min": _num(b.min),
                "max": _num(b.max),
            }
            for b in form.grading.bands
        ],
        "blocks": [{"id": b.id, **_bilingual("title", b.title)} for b in form.blocks],
        "checkpoints": [
            {"id": c.id, **_bilingual("label", c.label), "key": c.key} for c in form.checkpoints
        ],
        "risk_types": [{"id": r.id, **_bilingual("label", r.label)} for r in form.risk_types],
        "deadlines": [
            {"severity": s.value, "days": d.days, "working_days": d.working_days}
            for s in SEVERITY_ORDER
            if (d := form.deadlines.get(s)) is not None
        ],
    }


def _display_width(value: Any) -> int:
    text = str(value) if value is not None else ""
    longest = max((line for line in text.splitlines()), key=len, default="")
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in longest)


def _write_sheet(
    ws: Worksheet, columns: tuple[str, ...], rows: list[dict[str, Any]], target: str
) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(columns, start=1):
        ws.cell(1, col, name).font = bold
    for r, row in enumerate(rows, start=2):
        for col, name in enumerate(columns, start=1):
            value = row.get(name)
            if value is None:
                continue
            try:
                cell = ws.cell(r, col, value)
            except (IllegalCharacterError, ValueError) as exc:
                where = {"sheet": ws.title, "row": r, "column": name}
                found = ILLEGAL_CHARACTERS_RE.search(value) if isinstance(value, str) else None
                reason = (
                    CONTROL_CHARACTER(**where, code=f"{ord(found.group()):04X}")
                    if found
                    else CANNOT_WRITE_CELL(**where, why=str(exc))
                )
                raise FormError([FormProblem(target, None, "", reason)]) from exc
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            if name.startswith(WRAPPED):
                cell.alignment = wrap
    for col, name in enumerate(columns, start=1):
        letter = get_column_letter(col)
        if name.startswith(WRAPPED):
            width = 36
        else:
            longest = max([_display_width(name), *(_display_width(r.get(name)) for r in rows)])
            width = min(max(longest + 2, 8), 40)
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _add_list_validation(ws: Worksheet, column: str, values: Iterable[str], rows: int) -> None:
    columns = SHEETS[ws.title].columns
    letter = get_column_letter(columns.index(column) + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}{rows + 200}")


def export_xlsx_bytes(form: Form, target: str = "workbook") -> bytes:
    """The workbook for ``form`` as bytes (``target`` names it in a refusal)."""
    wb = openpyxl.Workbook()
    default = wb.active
    rows = _sheet_rows(form)
    for name, spec in SHEETS.items():
        ws = wb.create_sheet(name)
        _write_sheet(ws, spec.columns, rows[name], target)
    if default is not None:
        wb.remove(default)
    survey_rows = len(rows["survey"])
    _add_list_validation(wb["survey"], "severity", [s.value for s in Severity], survey_rows)
    _add_list_validation(wb["survey"], "photo_on_fail", [p.value for p in PhotoRule], survey_rows)
    _add_list_validation(wb["survey"], "dimension", [d.value for d in Dimension], survey_rows)
    if form.risk_types:
        risk_ids = [r.id for r in form.risk_types]
        _add_list_validation(wb["survey"], "risk_type", risk_ids, survey_rows)
    _add_list_validation(wb["settings"], "kind", [k.value for k in Kind], 1)
    _add_list_validation(wb["settings"], "deduction_reason", [d.value for d in DeductionReason], 1)
    _add_list_validation(wb["settings"], "finding_source", [o.value for o in FindingOrigin], 1)
    _add_list_validation(wb["deadlines"], "severity", [s.value for s in Severity], 4)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_xlsx(form: Form, path: Path) -> None:
    """Write ``form`` as an .xlsx workbook (atomically: a failed write leaves no half file)."""
    data = export_xlsx_bytes(form, str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("exported form %s %s to %s", form.id, form.version, path)
