"""Checklist forms to and from Excel workbooks (.xlsx) with XLSForm-like sheets."""

from __future__ import annotations

import datetime
import io
import json
import logging
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from bqinspect.domain.formio import FormError, FormProblem
from bqinspect.domain.forms import (
    SEVERITY_ORDER,
    AnswerType,
    Band,
    Form,
    Item,
    Kind,
    LocatedError,
    Option,
    PhotoRule,
    Severity,
    ShowIf,
)

log = logging.getLogger(__name__)

MAX_XLSX_BYTES = 16 * 1024 * 1024
MAX_ROWS = 10_000  # per sheet
MAX_COLUMNS = 64
MAX_PROBLEMS = 100
MAX_ZIP_ENTRIES = 1_000
MAX_UNPACKED_BYTES = 128 * 1024 * 1024

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class _Spec:
    columns: tuple[str, ...]
    required: tuple[str, ...]


def _spec(columns: str, required: str) -> _Spec:
    return _Spec(tuple(columns.split()), tuple(required.split()))


SHEETS: dict[str, _Spec] = {
    "survey": _spec(
        "type name label::zh label::en guidance::zh guidance::en weight points na_allowed "
        "required photo_on_fail note_on_fail severity risk_type requirement::zh requirement::en "
        "veto gate block show_if overt_only scale unit bands count_of derive max_age_days "
        "fail_below",
        "type name label::zh label::en",
    ),
    "choices": _spec(
        "list_name name label::zh label::en score flagged", "list_name name label::zh label::en"
    ),
    "settings": _spec(
        "form_id version kind title::zh title::en description::zh description::en scenario "
        "veto_grade",
        "form_id version kind title::zh title::en",
    ),
    "grades": _spec("grade label::zh label::en min max", "grade min"),
    "blocks": _spec("id title::zh title::en", "id"),
    "checkpoints": _spec("id label::zh label::en key", "id"),
    "deadlines": _spec("severity days working_days", "severity days"),
}
REQUIRED_SHEETS = ("survey", "settings", "grades")
GROUP_COLUMNS = frozenset({"type", "name", "label::zh", "label::en", "weight"})
_PLAIN_TYPES = [t.value for t in AnswerType if t not in (AnswerType.CHOICE, AnswerType.MULTICHOICE)]
_SELECT = {"select_one": AnswerType.CHOICE, "select_multiple": AnswerType.MULTICHOICE}
_WRAPPED = ("label", "guidance", "requirement", "title", "description")
_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER = re.compile(rf"^{_NUM}$")
_BAND = re.compile(
    rf"^(?:(?P<op><=|>=|≤|≥)\s*(?P<bound>{_NUM})|(?P<lo>{_NUM})\s*\.\.\s*(?P<hi>{_NUM}))"
    rf"\s*:\s*(?P<score>{_NUM})$"
)
_SHOW_EQUALS = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*==?\s*(.+?)\s*$", re.S)
_SHOW_IN = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s+in\s+(.+?)\s*$", re.S | re.I)
_DERIVE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*(?:->|→)\s*([A-Za-z0-9_]+)\s*$")
_TRUE = {"true", "yes", "y", "1", "是", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "否"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- compact cell texts -----------------------------------------------------------------------


def format_number(value: float) -> str:
    """``10.0`` -> ``10``; other floats as their shortest exact repr."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def format_bands(bands: Iterable[Band]) -> str:
    """``<=10:1; <=30:0.5`` / ``>=30:1`` / ``10..20:0.5``."""
    parts = []
    for band in bands:
        score = format_number(band.score)
        if band.min is None and band.max is not None:
            parts.append(f"<={format_number(band.max)}:{score}")
        elif band.max is None and band.min is not None:
            parts.append(f">={format_number(band.min)}:{score}")
        else:
            parts.append(f"{format_number(band.min or 0)}..{format_number(band.max or 0)}:{score}")
    return "; ".join(parts)


def parse_bands(text: str) -> list[dict[str, float]]:
    """Inverse of :func:`format_bands`; ``ValueError`` names the part that is wrong."""
    parts = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
    if not parts:
        raise ValueError("no bands given")
    bands = []
    for part in parts:
        match = _BAND.match(part)
        if not match:
            raise ValueError(
                f"band {part!r} is not like '<=10:1', '>=30:1' or '10..20:0.5' (bound:score)"
            )
        band = {"score": float(match["score"])}
        if match["op"] in ("<=", "≤"):
            band["max"] = float(match["bound"])
        elif match["op"] in (">=", "≥"):
            band["min"] = float(match["bound"])
        else:
            band["min"], band["max"] = float(match["lo"]), float(match["hi"])
        bands.append(band)
    return bands


def _format_value(value: Any) -> str:
    """A show_if value: plain text when that reads back as the same string, else JSON."""
    plain = (
        isinstance(value, str)
        and value == value.strip()
        and value[:1] not in ("", "[", "{", '"')
        and "," not in value
        and _parse_value(value) == value
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse_value(text: str) -> Any:
    text = text.strip()
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return text


def format_show_if(show_if: ShowIf) -> str:
    """``STF-04 = pass`` or ``role in elderly, foreign`` (JSON where plain text is ambiguous)."""
    if show_if.in_ is None:
        return f"{show_if.item} = {_format_value(show_if.equals)}"
    values = [_format_value(v) for v in show_if.in_]
    if not values or any("," in v or '"' in v for v in values):
        return f"{show_if.item} in {json.dumps(show_if.in_, ensure_ascii=False)}"
    return f"{show_if.item} in {', '.join(values)}"


def parse_show_if(text: str) -> dict[str, Any]:
    """Inverse of :func:`format_show_if`."""
    match = _SHOW_IN.match(text)
    if match:
        rest = match[2]
        if rest.startswith("["):
            try:
                values = json.loads(rest, parse_constant=_reject_constant)
            except ValueError as exc:
                raise ValueError(f"the list after 'in' is not valid JSON: {exc}") from exc
            if not isinstance(values, list):
                raise ValueError("the value after 'in' must be a list")
        else:
            values = [_parse_value(v) for v in rest.split(",")]
            if any(v == "" for v in values):
                raise ValueError("empty value in the list after 'in'")
        return {"item": match[1], "in": values}
    match = _SHOW_EQUALS.match(text)
    if match:
        return {"item": match[1], "equals": _parse_value(match[2])}
    raise ValueError(f"{text!r} is not like 'STF-04 = pass' or 'role in elderly, foreign'")


def parse_derive(text: str) -> dict[str, str]:
    match = _DERIVE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not like 'T1->T2' (start and end timer checkpoints)")
    return {"start": match[1], "end": match[2]}


# --- export -----------------------------------------------------------------------------------


def _bilingual(prefix: str, text: Any) -> dict[str, Any]:
    if text is None:
        return {}
    return {f"{prefix}::zh": text.zh, f"{prefix}::en": text.en}


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


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
        **_bilingual("requirement", item.requirement),
        "veto": item.veto,
        "gate": item.gate,
        "block": item.block,
        "show_if": format_show_if(item.show_if) if item.show_if else None,
        "overt_only": item.overt_only,
        "unit": item.unit,
        "bands": format_bands(item.bands) if item.bands else None,
        "count_of": item.count_of,
        "derive": f"{item.derive.start}->{item.derive.end}" if item.derive else None,
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
    }
    return {
        "survey": survey,
        "choices": choices,
        "settings": [settings],
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


def _write_sheet(ws: Worksheet, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
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
            except ValueError as exc:  # openpyxl refuses control characters
                raise ValueError(f"cannot write {ws.title} row {r} {name}: {exc}") from exc
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            if name.startswith(_WRAPPED):
                cell.alignment = wrap
    for col, name in enumerate(columns, start=1):
        letter = get_column_letter(col)
        if name.startswith(_WRAPPED):
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


def export_xlsx_bytes(form: Form) -> bytes:
    """The workbook for ``form`` as bytes."""
    wb = openpyxl.Workbook()
    default = wb.active
    rows = _sheet_rows(form)
    for name, spec in SHEETS.items():
        ws = wb.create_sheet(name)
        _write_sheet(ws, spec.columns, rows[name])
    if default is not None:
        wb.remove(default)
    survey_rows = len(rows["survey"])
    _add_list_validation(wb["survey"], "severity", [s.value for s in Severity], survey_rows)
    _add_list_validation(wb["survey"], "photo_on_fail", [p.value for p in PhotoRule], survey_rows)
    _add_list_validation(wb["settings"], "kind", [k.value for k in Kind], 1)
    _add_list_validation(wb["deadlines"], "severity", [s.value for s in Severity], 4)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_xlsx(form: Form, path: Path) -> None:
    """Write ``form`` as an .xlsx workbook (atomically: a failed write leaves no half file)."""
    data = export_xlsx_bytes(form)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("exported form %s %s to %s", form.id, form.version, path)


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    number: int
    cells: dict[str, Any]


@dataclass
class _Table:
    sheet: str
    columns: dict[str, int]  # column name -> 1-based index
    rows: list[_Row] = field(default_factory=list)
    header_ok: bool = True


@dataclass(frozen=True)
class _Where:
    sheet: str
    row: int | None
    label: str | None = None  # the object on that row, e.g. an item id
    column: str | None = None
    index: int | None = None  # 1-based column index

    @property
    def field(self) -> str:
        path = ".".join(p for p in (self.label, self.column) if p)
        return f"{self.sheet}!{path}" if path else self.sheet

    @property
    def cell(self) -> str | None:
        if self.index is None or self.row is None:
            return None
        return f"{get_column_letter(self.index)}{self.row}"


class _Bad:
    """Marker for a cell that was reported as malformed."""


BAD = _Bad()


def _show(value: Any) -> str:
    """A cell value as the user saw it in Excel."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return f"the date/time {value}"
    return repr(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class _Reader:
    """Turns the sheets into form data, collecting problems and a data-path -> cell map."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[FormProblem] = []
        self.locs: dict[Loc, _Where] = {}
        self.tables: dict[str, _Table] = {}

    # problems and locations

    def report(self, where: _Where, reason: str) -> None:
        cell = where.cell
        suffix = f" (cell {cell})" if cell else ""
        self.problems.append(FormProblem(self.name, where.row, where.field, reason + suffix))

    def where(
        self, table: _Table, row: _Row | None, column: str | None, label: str | None
    ) -> _Where:
        index = table.columns.get(column) if column else None
        return _Where(table.sheet, row.number if row else 1, label, column, index)

    def mark(self, loc: Loc, where: _Where) -> None:
        self.locs[loc] = where

    # sheets

    def read_table(self, ws: Any, sheet: str) -> _Table:
        spec = SHEETS[sheet]
        rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = next(rows, None)
        table = _Table(sheet, {})
        if header is None:
            self.report(_Where(sheet, 1), "the sheet is empty: its first row must name the columns")
            table.header_ok = False
            return table
        unknown: set[int] = set()
        for index, raw in enumerate(header, start=1):
            name = _clean(raw)
            if name is None:
                continue
            key = str(name).lower()
            where = _Where(sheet, 1, None, key, index)
            if key not in spec.columns:
                unknown.add(index)
                self.report(
                    where, f"unknown column {name!r}; known columns: {', '.join(spec.columns)}"
                )
            elif key in table.columns:
                unknown.add(index)
                self.report(where, f"column {key!r} appears twice")
            else:
                table.columns[key] = index
        for missing in spec.required:
            if missing not in table.columns:
                self.report(_Where(sheet, 1, None, missing), f"missing column {missing!r}")
                table.header_ok = False
        names = {index: key for key, index in table.columns.items()}
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.report(_Where(sheet, number), f"more than {MAX_ROWS} rows")
                break
            cells = {}
            for index, raw in enumerate(values, start=1):
                value = _clean(raw)
                if value is None or index in unknown:
                    continue
                if index not in names:
                    self.report(
                        _Where(sheet, number, None, None, index),
                        "a value in a column without a header",
                    )
                    continue
                cells[names[index]] = value
            if cells:
                table.rows.append(_Row(number, cells))
        return table

    # cells

    def text(self, table: _Table, row: _Row, column: str, label: str | None) -> Any:
        value = row.cells.get(column)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value) if isinstance(value, float) else str(value)
        self.report(self.where(table, row, column, label), f"expected text, got {_show(value)}")
        return BAD

    def word(self, table: _Table, row: _Row, column: str, label: str | None) -> Any:
        value = self.text(table, row, column, label)
        return value.lower() if isinstance(value, str) else value

    def number(self, table: _Table, row: _Row, column: str, label: str | None) -> Any:
        value = row.cells.get(column)
        if value is None:
            return None
        if isinstance(value, str) and _NUMBER.match(value):
            value = float(value)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return int(value) if isinstance(value, float) and value.is_integer() else value
        self.report(self.where(table, row, column, label), f"{_show(value)} is not a number")
        return BAD

    def boolean(self, table: _Table, row: _Row, column: str, label: str | None) -> Any:
        value = row.cells.get(column)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        self.report(self.where(table, row, column, label), f"{_show(value)} is not TRUE or FALSE")
        return BAD

    def parsed(
        self, table: _Table, row: _Row, column: str, label: str | None, parse: Callable[[str], Any]
    ) -> Any:
        value = self.text(table, row, column, label)
        if not isinstance(value, str):
            return value
        try:
            return parse(value)
        except ValueError as exc:
            self.report(self.where(table, row, column, label), str(exc))
            return BAD

    def bilingual(
        self,
        table: _Table,
        row: _Row,
        prefix: str,
        loc: Loc | None,
        label: str | None,
        required: bool,
    ) -> Any:
        """``{"zh": ..., "en": ...}``; a missing half is left out for pydantic to name."""
        zh = self.text(table, row, f"{prefix}::zh", label)
        en = self.text(table, row, f"{prefix}::en", label)
        if loc is not None:
            self.mark(loc, self.where(table, row, f"{prefix}::zh", label))
            self.mark((*loc, "zh"), self.where(table, row, f"{prefix}::zh", label))
            self.mark((*loc, "en"), self.where(table, row, f"{prefix}::en", label))
        if zh is None and en is None and not required:
            return None
        return {k: v for k, v in (("zh", zh), ("en", en)) if v is not None}

    def put(self, target: dict[str, Any], key: str, value: Any, loc: Loc, where: _Where) -> None:
        """Set ``target[key]`` unless the cell was empty; remember where it came from."""
        self.mark((*loc, key), where)
        if value is not None:
            target[key] = value

    # the form

    def build(self, tables: dict[str, _Table]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        self.mark((), _Where("settings", 2))
        self._settings(tables["settings"], data)
        self._grades(tables["grades"], data)
        if "blocks" in tables:
            data["blocks"] = self._blocks(tables["blocks"])
        if "checkpoints" in tables:
            data["checkpoints"] = self._checkpoints(tables["checkpoints"])
        if "deadlines" in tables:
            data["deadlines"] = self._deadlines(tables["deadlines"])
        choices = self._choices(tables.get("choices"))
        data["sections"] = self._survey(tables["survey"], choices)
        return data

    def _settings(self, table: _Table, data: dict[str, Any]) -> None:
        if not table.rows:
            if table.header_ok:
                self.report(_Where("settings", 2), "row 2 must hold the form's settings")
            return
        for extra in table.rows[1:]:
            self.report(_Where("settings", extra.number), "only one row of settings is allowed")
        row = table.rows[0]
        t = table
        fields = (("id", "form_id"), ("version", "version"), ("scenario", "scenario"))
        for key, column in fields:
            self.put(
                data, key, self.text(t, row, column, None), (), self.where(t, row, column, None)
            )
        self.put(
            data, "kind", self.word(t, row, "kind", None), (), self.where(t, row, "kind", None)
        )
        data["title"] = self.bilingual(t, row, "title", ("title",), None, True)
        description = self.bilingual(t, row, "description", ("description",), None, False)
        if description is not None:
            data["description"] = description
        grading = data.setdefault("grading", {})
        where = self.where(t, row, "veto_grade", None)
        self.put(grading, "veto_grade", self.text(t, row, "veto_grade", None), ("grading",), where)

    def _grades(self, table: _Table, data: dict[str, Any]) -> None:
        grading = data.setdefault("grading", {})
        first = table.rows[0].number if table.rows else 1
        self.mark(("grading",), _Where("grades", first))
        self.mark(("grading", "bands"), _Where("grades", first))
        bands = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("grading", "bands", i)
            label = self.text(table, row, "grade", None)
            label = label if isinstance(label, str) else None
            self.mark(loc, self.where(table, row, None, label))
            band: dict[str, Any] = {}
            self.put(band, "grade", label, loc, self.where(table, row, "grade", label))
            band["label"] = self.bilingual(table, row, "label", (*loc, "label"), label, True)
            for key in ("min", "max"):
                value = self.number(table, row, key, label)
                self.put(band, key, value, loc, self.where(table, row, key, label))
            bands.append(band)
        grading["bands"] = bands

    def _blocks(self, table: _Table) -> list[dict[str, Any]]:
        blocks = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("blocks", i)
            block_id = self.text(table, row, "id", None)
            label = block_id if isinstance(block_id, str) else None
            self.mark(loc, self.where(table, row, None, label))
            block: dict[str, Any] = {}
            self.put(block, "id", block_id, loc, self.where(table, row, "id", label))
            block["title"] = self.bilingual(table, row, "title", (*loc, "title"), label, True)
            blocks.append(block)
        return blocks

    def _checkpoints(self, table: _Table) -> list[dict[str, Any]]:
        checkpoints = []
        for i, row in enumerate(table.rows):
            loc: Loc = ("checkpoints", i)
            cp_id = self.text(table, row, "id", None)
            label = cp_id if isinstance(cp_id, str) else None
            self.mark(loc, self.where(table, row, None, label))
            checkpoint: dict[str, Any] = {}
            self.put(checkpoint, "id", cp_id, loc, self.where(table, row, "id", label))
            checkpoint["label"] = self.bilingual(table, row, "label", (*loc, "label"), label, True)
            key = self.text(table, row, "key", label)
            self.put(checkpoint, "key", key, loc, self.where(table, row, "key", label))
            checkpoints.append(checkpoint)
        return checkpoints

    def _deadlines(self, table: _Table) -> dict[str, Any]:
        deadlines: dict[str, Any] = {}
        self.mark(("deadlines",), _Where("deadlines", 1))
        seen: dict[str, int] = {}
        for row in table.rows:
            severity = self.word(table, row, "severity", None)
            if not isinstance(severity, str):
                continue
            where = self.where(table, row, "severity", severity)
            if severity in seen:
                self.report(
                    where, f"severity {severity!r} already has a deadline in row {seen[severity]}"
                )
                continue
            seen[severity] = row.number
            if severity not in {s.value for s in Severity}:
                known = ", ".join(s.value for s in Severity)
                self.report(where, f"unknown severity {severity!r}; use one of {known}")
                continue
            loc: Loc = ("deadlines", severity)
            self.mark(loc, self.where(table, row, None, severity))
            deadline: dict[str, Any] = {}
            for key, read in (("days", self.number), ("working_days", self.boolean)):
                value = read(table, row, key, severity)
                self.put(deadline, key, value, loc, self.where(table, row, key, severity))
            deadlines[severity] = deadline
        return deadlines

    def _choices(self, table: _Table | None) -> dict[str, list[tuple[_Row, dict[str, Any]]]]:
        lists: dict[str, list[tuple[_Row, dict[str, Any]]]] = {}
        if table is None:
            return lists
        for row in table.rows:
            list_name = self.text(table, row, "list_name", None)
            value = self.text(table, row, "name", None)
            label = f"{list_name}.{value}"
            option: dict[str, Any] = {}
            if isinstance(value, str):
                option["value"] = value
            option["label"] = self.bilingual(table, row, "label", None, label, True)
            for key, read in (("score", self.number), ("flagged", self.boolean)):
                cell = read(table, row, key, label)
                if cell is not None:
                    option[key] = cell
            if isinstance(list_name, str):
                lists.setdefault(list_name, []).append((row, option))
        return lists

    def _mark_options(
        self, table: _Table, loc: Loc, options: list[tuple[_Row, dict[str, Any]]], list_name: str
    ) -> None:
        for oi, (row, option) in enumerate(options):
            label = f"{list_name}.{option.get('value')}"
            base: Loc = (*loc, "options", oi)
            self.mark(base, self.where(table, row, None, label))
            for key, column in (("value", "name"), ("score", "score"), ("flagged", "flagged")):
                self.mark((*base, key), self.where(table, row, column, label))
            for lang in ("zh", "en"):
                where = self.where(table, row, f"label::{lang}", label)
                self.mark((*base, "label", lang), where)
            self.mark((*base, "label"), self.where(table, row, "label::zh", label))

    def _survey(
        self, table: _Table, choices: dict[str, list[tuple[_Row, dict[str, Any]]]]
    ) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        self.mark(("sections",), _Where("survey", 1))
        current: tuple[dict[str, Any], _Row] | None = None  # the open section, its row
        for row in table.rows:
            type_text = self.text(table, row, "type", None)
            if not isinstance(type_text, str):
                if type_text is None:
                    self.report(
                        self.where(table, row, "type", row.cells.get("name")),
                        "every row needs a type: begin_group, end_group or an answer type",
                    )
                continue
            keyword = type_text.lower().replace(" ", "_")
            if keyword == "begin_group":
                if current is not None:
                    self.report(
                        self.where(table, row, "type", row.cells.get("name")),
                        f"section {current[0].get('id')!r} (row {current[1].number}) is not "
                        "closed: sections cannot be nested; add an end_group row first",
                    )
                    self._close(table, *current)
                section = self._section(table, row, len(sections))
                sections.append(section)
                current = (section, row)
            elif keyword == "end_group":
                self._unused(table, row, GROUP_COLUMNS - {"label::zh", "label::en", "weight"})
                if current is None:
                    self.report(
                        self.where(table, row, "type", None),
                        "end_group without a matching begin_group",
                    )
                    continue
                name = self.text(table, row, "name", None)
                if isinstance(name, str) and name != current[0].get("id"):
                    self.report(
                        self.where(table, row, "name", name),
                        f"end_group names {name!r} but the open section is "
                        f"{current[0].get('id')!r} (row {current[1].number})",
                    )
                self._close(table, *current)
                current = None
            elif current is None:
                self.report(
                    self.where(table, row, "type", row.cells.get("name")),
                    "item outside any section: put it between begin_group and end_group rows",
                )
            else:
                items = current[0]["items"]
                loc: Loc = ("sections", len(sections) - 1, "items", len(items))
                items.append(self._item(table, row, loc, choices))
        if current is not None:
            self.report(
                self.where(table, current[1], "type", current[0].get("id")),
                f"section {current[0].get('id')!r} has no end_group row",
            )
            self._close(table, *current)
        return sections

    def _close(self, table: _Table, section: dict[str, Any], row: _Row) -> None:
        if not section["items"]:
            self.report(
                self.where(table, row, None, section.get("id")),
                f"section {section.get('id')!r} has no items",
            )

    def _unused(self, table: _Table, row: _Row, allowed: Iterable[str]) -> None:
        for column in row.cells:
            if column not in allowed:
                self.report(
                    self.where(table, row, column, None),
                    f"column {column!r} is not used on a {row.cells.get('type')} row",
                )

    def _section(self, table: _Table, row: _Row, si: int) -> dict[str, Any]:
        self._unused(table, row, GROUP_COLUMNS)
        loc: Loc = ("sections", si)
        section_id = self.text(table, row, "name", None)
        label = section_id if isinstance(section_id, str) else None
        self.mark(loc, self.where(table, row, None, label))
        self.mark((*loc, "items"), self.where(table, row, None, label))
        section: dict[str, Any] = {}
        self.put(section, "id", section_id, loc, self.where(table, row, "name", label))
        section["title"] = self.bilingual(table, row, "label", (*loc, "title"), label, True)
        weight = self.number(table, row, "weight", label)
        self.put(section, "weight", weight, loc, self.where(table, row, "weight", label))
        section["items"] = []
        return section

    def _item(
        self,
        table: _Table,
        row: _Row,
        loc: Loc,
        choices: dict[str, list[tuple[_Row, dict[str, Any]]]],
    ) -> dict[str, Any]:
        t = table
        item_id = self.text(t, row, "name", None)
        label = item_id if isinstance(item_id, str) else None
        self.mark(loc, self.where(t, row, None, label))
        item: dict[str, Any] = {}

        def put(key: str, value: Any, column: str | None = None) -> None:
            self.put(item, key, value, loc, self.where(t, row, column or key, label))

        put("id", item_id, "name")
        put("type", self._type(t, row, loc, label, choices, item), "type")
        item["text"] = self.bilingual(t, row, "label", (*loc, "text"), label, True)
        for key in ("guidance", "requirement"):
            text = self.bilingual(t, row, key, (*loc, key), label, False)
            if text is not None:
                item[key] = text
        for key in ("points", "scale", "count_of", "max_age_days", "fail_below"):
            put(key, self.number(t, row, key, label))
        for key in ("na_allowed", "required", "note_on_fail", "overt_only"):
            put(key, self.boolean(t, row, key, label))
        for key in ("photo_on_fail", "severity"):
            put(key, self.word(t, row, key, label))
        for key in ("risk_type", "veto", "gate", "block", "unit"):
            put(key, self.text(t, row, key, label))
        put("bands", self.parsed(t, row, "bands", label, parse_bands))
        put("show_if", self.parsed(t, row, "show_if", label, parse_show_if))
        put("derive", self.parsed(t, row, "derive", label, parse_derive))
        if "weight" in row.cells:
            self.report(self.where(t, row, "weight", label), "weight is only for begin_group rows")
        return item

    def _type(
        self,
        table: _Table,
        row: _Row,
        loc: Loc,
        label: str | None,
        choices: dict[str, list[tuple[_Row, dict[str, Any]]]],
        item: dict[str, Any],
    ) -> Any:
        where = self.where(table, row, "type", label)
        parts = str(row.cells["type"]).split()
        keyword = parts[0].lower()
        if keyword in _PLAIN_TYPES and len(parts) == 1:
            return keyword
        if keyword in _SELECT:
            if len(parts) != 2:
                self.report(where, f"write '{keyword} LIST' with the list name from 'choices'")
                return BAD
            list_name = parts[1]
            if list_name not in choices:
                known = ", ".join(sorted(choices)) or "none"
                self.report(
                    where,
                    f"choice list {list_name!r} is not in the choices sheet (lists: {known})",
                )
                return BAD
            options = choices[list_name]
            self.mark((*loc, "options"), where)
            self._mark_options(self.tables["choices"], loc, options, list_name)
            item["options"] = [dict(option) for _row, option in options]
            return _SELECT[keyword].value
        self.report(
            where,
            f"unknown type {row.cells['type']!r}; use one of {', '.join(_PLAIN_TYPES)}, "
            "select_one LIST or select_multiple LIST",
        )
        return BAD

    def read(self, wb: Any) -> dict[str, Any] | None:
        present = {str(name).strip().lower(): name for name in wb.sheetnames}
        for sheet in REQUIRED_SHEETS:
            if sheet not in present:
                self.problems.append(
                    FormProblem(
                        self.name,
                        None,
                        sheet,
                        f"missing sheet {sheet!r} (the workbook has: {', '.join(wb.sheetnames)})",
                    )
                )
        tables: dict[str, _Table] = {}
        for sheet in SHEETS:
            if sheet in present:
                tables[sheet] = self.read_table(wb[present[sheet]], sheet)
        for name in present:
            if name not in SHEETS:
                log.debug("%s: ignoring sheet %r", self.name, name)
        self.tables = tables
        if self.problems:
            return None
        data = self.build(tables)
        return None if self.problems else data

    def validation_problems(self, exc: ValidationError) -> list[FormProblem]:
        problems = []
        for error in exc.errors():
            loc: Loc = tuple(error["loc"])
            located = (error.get("ctx") or {}).get("error")
            if isinstance(located, LocatedError):
                loc = (*loc, *located.loc)
            reason = error["msg"].removeprefix("Value error, ")
            if loc == ("grading",) and "veto_grade" in reason:
                loc = ("grading", "veto_grade")
            where = self._closest(loc)
            cell = where.cell
            suffix = f" (cell {cell})" if cell else ""
            problems.append(FormProblem(self.name, where.row, where.field, reason + suffix))
        return problems

    def _closest(self, loc: Loc) -> _Where:
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.locs:
                return self.locs[loc[:cut]]
        return _Where("settings", 2)


def _refuse(name: str, reason: str) -> FormError:
    return FormError([FormProblem(name, None, "", reason)])


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a zip bomb before openpyxl inflates it (declared sizes bound what zipfile reads)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(name, f"not an Excel .xlsx workbook ({exc})") from exc
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(
            name,
            f"the workbook unpacks to {len(entries)} parts and {unpacked / 2**20:.0f} MiB, more "
            "than a checklist needs",
        )


def import_xlsx_bytes(data: bytes, name: str = "<xlsx>") -> Form:
    """Read and validate a form workbook, or raise :class:`FormError` naming sheet and row."""
    if len(data) > MAX_XLSX_BYTES:
        raise _refuse(name, f"the file is larger than {MAX_XLSX_BYTES // 2**20} MiB")
    if data.startswith(_OLE_MAGIC):
        raise _refuse(name, "an old binary .xls workbook: save it as .xlsx in Excel and retry")
    _check_zip(data, name)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        raise _refuse(name, f"not an Excel .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    reader = _Reader(name)
    try:
        form_data = reader.read(wb)
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise _refuse(name, f"cannot read the workbook ({type(exc).__name__}: {exc})") from exc
    finally:
        wb.close()
    if form_data is None:
        raise FormError(reader.problems[:MAX_PROBLEMS])
    try:
        return Form.model_validate(form_data)
    except ValidationError as exc:
        raise FormError(reader.validation_problems(exc)[:MAX_PROBLEMS]) from exc


def import_xlsx(path: Path) -> Form:
    """Read and validate a form workbook file, or raise :class:`FormError`."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_XLSX_BYTES + 1)
    except OSError as exc:
        raise _refuse(path.name, f"cannot read: {exc.strerror or exc}") from exc
    return import_xlsx_bytes(data, path.name)
