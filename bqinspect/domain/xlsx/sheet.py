"""Reading a workbook's sheets into rows and cells, refusing each bad cell where it stands."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from bqinspect.domain.form_errors import words_of
from bqinspect.domain.formio import FormProblem
from bqinspect.domain.messages import Words, declare
from bqinspect.domain.xlsx.columns import SHEETS
from bqinspect.domain.xlsx.texts import NUMBER, format_number

MAX_ROWS = 10_000  # per sheet
MAX_COLUMNS = 64
Loc = tuple[str | int, ...]  # a path into the form data, as pydantic names it
_TRUE = {"true", "yes", "y", "1", "是", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "否"}

IN_CELL = declare("domain.xlsx.in_cell", "{reason} (cell {cell})", "{reason}（单元格 {cell}）")
DATE_TIME = declare("domain.xlsx.date_time", "the date/time {value}", "日期/时间 {value}")
EMPTY_SHEET = declare(
    "domain.xlsx.empty_sheet",
    "the sheet is empty: its first row must name the columns",
    "工作表是空的：第一行须写列名",
)
UNKNOWN_COLUMN = declare(
    "domain.xlsx.unknown_column",
    "unknown column {name}; known columns: {known}",
    "不认识的列 {name}；可用的列：{known}",
)
COLUMN_TWICE = declare(
    "domain.xlsx.column_twice", "column {name} appears twice", "列 {name} 出现了两次"
)
MISSING_COLUMN = declare("domain.xlsx.missing_column", "missing column {name}", "缺少列 {name}")
TOO_MANY_ROWS = declare("domain.xlsx.too_many_rows", "more than {max} rows", "超过 {max} 行")
NO_HEADER = declare(
    "domain.xlsx.no_header",
    "a value in a column without a header",
    "此列没有列名，却填了值",
)
EXPECTED_TEXT = declare(
    "domain.xlsx.expected_text", "expected text, got {value}", "应为文字，实际是 {value}"
)
NOT_A_NUMBER = declare("domain.xlsx.not_a_number", "{value} is not a number", "{value} 不是数字")
NOT_A_BOOLEAN = declare(
    "domain.xlsx.not_a_boolean", "{value} is not TRUE or FALSE", "{value} 不是 TRUE 或 FALSE"
)


@dataclass(frozen=True)
class Row:
    """A row with values: its number in the sheet and its cells by column name."""

    number: int
    cells: dict[str, Any]


@dataclass
class Table:
    """A sheet as read: where its known columns are and its rows with values."""

    sheet: str
    columns: dict[str, int]  # column name -> 1-based index
    rows: list[Row] = field(default_factory=list)
    header_ok: bool = True


@dataclass(frozen=True)
class Where:
    """A place in the workbook that a problem names."""

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


class Bad:
    """Marker for a cell that was reported as malformed."""


BAD = Bad()


def show(value: Any) -> Words:
    """A cell value as the user saw it in Excel."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return DATE_TIME(value=value)
    return repr(value)


def clean(value: Any) -> Any:
    """A cell value without surrounding blanks; None for an empty cell."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class SheetReader:
    """Reads one workbook's sheets and cells, collecting problems and a data-path -> cell map."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[FormProblem] = []
        self.locs: dict[Loc, Where] = {}
        self.tables: dict[str, Table] = {}

    # problems and locations

    def report(self, where: Where, reason: Words) -> None:
        self.problems.append(self.problem(where, reason))

    def problem(self, where: Where, reason: Words) -> FormProblem:
        """A problem at ``where``, naming the cell when there is one."""
        cell = where.cell
        said = IN_CELL(reason=reason, cell=cell) if cell else reason
        return FormProblem(self.name, where.row, where.field, said)

    def where(self, table: Table, row: Row | None, column: str | None, label: str | None) -> Where:
        index = table.columns.get(column) if column else None
        return Where(table.sheet, row.number if row else 1, label, column, index)

    def mark(self, loc: Loc, where: Where) -> None:
        self.locs[loc] = where

    # sheets

    def read_table(self, ws: Any, sheet: str) -> Table:
        spec = SHEETS[sheet]
        rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header = next(rows, None)
        table = Table(sheet, {})
        if header is None:
            self.report(Where(sheet, 1), EMPTY_SHEET())
            table.header_ok = False
            return table
        unknown: set[int] = set()
        for index, raw in enumerate(header, start=1):
            name = clean(raw)
            if name is None:
                continue
            key = str(name).lower()
            where = Where(sheet, 1, None, key, index)
            if key not in spec.columns:
                unknown.add(index)
                self.report(where, UNKNOWN_COLUMN(name=repr(name), known=spec.columns))
            elif key in table.columns:
                unknown.add(index)
                self.report(where, COLUMN_TWICE(name=repr(key)))
            else:
                table.columns[key] = index
        for missing in spec.required:
            if missing not in table.columns:
                self.report(Where(sheet, 1, None, missing), MISSING_COLUMN(name=repr(missing)))
                table.header_ok = False
        names = {index: key for key, index in table.columns.items()}
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.report(Where(sheet, number), TOO_MANY_ROWS(max=MAX_ROWS))
                break
            cells = {}
            for index, raw in enumerate(values, start=1):
                value = clean(raw)
                if value is None or index in unknown:
                    continue
                if index not in names:
                    self.report(Where(sheet, number, None, None, index), NO_HEADER())
                    continue
                cells[names[index]] = value
            if cells:
                table.rows.append(Row(number, cells))
        return table

    # cells

    def text(self, table: Table, row: Row, column: str, label: str | None) -> Any:
        value = row.cells.get(column)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(value) if isinstance(value, float) else str(value)
        self.report(self.where(table, row, column, label), EXPECTED_TEXT(value=show(value)))
        return BAD

    def word(self, table: Table, row: Row, column: str, label: str | None) -> Any:
        value = self.text(table, row, column, label)
        return value.lower() if isinstance(value, str) else value

    def number(self, table: Table, row: Row, column: str, label: str | None) -> Any:
        value = row.cells.get(column)
        if value is None:
            return None
        if isinstance(value, str) and NUMBER.match(value):
            value = float(value)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return int(value) if isinstance(value, float) and value.is_integer() else value
        self.report(self.where(table, row, column, label), NOT_A_NUMBER(value=show(value)))
        return BAD

    def boolean(self, table: Table, row: Row, column: str, label: str | None) -> Any:
        value = row.cells.get(column)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        self.report(self.where(table, row, column, label), NOT_A_BOOLEAN(value=show(value)))
        return BAD

    def parsed(
        self, table: Table, row: Row, column: str, label: str | None, parse: Callable[[str], Any]
    ) -> Any:
        value = self.text(table, row, column, label)
        if not isinstance(value, str):
            return value
        try:
            return parse(value)
        except ValueError as exc:
            self.report(self.where(table, row, column, label), words_of(exc))
            return BAD

    def bilingual(
        self,
        table: Table,
        row: Row,
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

    def put(self, target: dict[str, Any], key: str, value: Any, loc: Loc, where: Where) -> None:
        """Set ``target[key]`` unless the cell was empty; remember where it came from."""
        self.mark((*loc, key), where)
        if value is not None:
            target[key] = value
