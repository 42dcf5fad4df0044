"""The deduction sheet as an XLSX workbook in CBSS style: item, basis, points, deducted, reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from bqinspect.analytics.deductions import Deduction
from bqinspect.analytics.export_xlsx import (
    BOLD,
    DATE,
    INT,
    SCORE,
    TEXT,
    Column,
    Sheet,
    excel_time,
    filter_lines,
    write_sheet,
)
from bqinspect.analytics.filters import Filter

HEADERS: dict[str, tuple[str, str]] = {
    "title": ("扣分明细表", "Deduction sheet"),
    "no": ("序号", "No."),
    "branch": ("网点编号", "Branch"),
    "branch_name": ("网点名称", "Branch name"),
    "visit": ("检查日期", "Visit (UTC)"),
    "form": ("检查表", "Form"),
    "item": ("检查项", "Item"),
    "text": ("考核内容", "Criterion"),
    "basis": ("检查依据", "Basis"),
    "points": ("分值", "Points"),
    "deducted": ("扣分", "Deducted"),
    "score": ("得分", "Score"),
    "reason": ("扣分原因", "Reason for deduction"),
    "total": ("合计", "Total"),
    "exported": ("导出时间（UTC）", "Exported at (UTC)"),
    "none": ("没有扣分项。", "No item lost points."),
}


def _h(key: str, lang: str) -> str:
    zh, en = HEADERS[key]
    return zh if lang.startswith("zh") else en


def _columns(lang: str, per_period: bool) -> list[Column[tuple[int, Deduction]]]:
    where: list[Column[tuple[int, Deduction]]] = [
        Column(_h("branch", lang), 10, TEXT, lambda r: r[1].branch_code),
        Column(_h("branch_name", lang), 22, TEXT, lambda r: r[1].branch_name),
        Column(_h("visit", lang), 12, DATE, lambda r: excel_time(r[1].visit_start).date()),
        Column(_h("form", lang), 16, TEXT, lambda r: r[1].form_id),
    ]
    return [
        Column(_h("no", lang), 6, INT, lambda r: r[0]),
        *(where if per_period else []),
        Column(_h("item", lang), 10, TEXT, lambda r: r[1].item_id),
        Column(_h("text", lang), 44, TEXT, lambda r: r[1].text.get(lang)),
        Column(_h("basis", lang), 36, TEXT, lambda r: r[1].basis),
        Column(_h("points", lang), 8, SCORE, lambda r: r[1].points),
        Column(_h("deducted", lang), 8, SCORE, lambda r: r[1].deducted),
        Column(_h("score", lang), 8, SCORE, lambda r: r[1].score),
        Column(_h("reason", lang), 40, TEXT, lambda r: r[1].reason),
    ]


def _heading(ws: Worksheet, lines: Sequence[tuple[str, object]], lang: str) -> None:
    """Title and header lines above the table; the table starts two rows below them."""
    ws.append([_h("title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in lines:
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = BOLD
    ws.append([])


def _total(ws: Worksheet, rows: Sequence[Deduction], lang: str, deducted_column: int) -> None:
    """The total deducted under its column, or a line saying nothing was deducted."""
    if not rows:
        ws.append([_h("none", lang)])
        return
    ws.append([_h("total", lang)])
    ws.cell(ws.max_row, 1).font = BOLD
    total = ws.cell(ws.max_row, deducted_column, round(sum(r.deducted for r in rows), 4))
    total.number_format = SCORE
    total.font = BOLD


def write_deductions(
    rows: Sequence[Deduction],
    path: Path,
    *,
    heading: Sequence[tuple[str, object]],
    exported_at: datetime,
    lang: str = "zh",
    per_period: bool = False,
) -> Path:
    """One sheet: the heading lines, then one row per deduction and the total deducted."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    _heading(ws, [*heading, (_h("exported", lang), excel_time(exported_at))], lang)
    columns = _columns(lang, per_period)
    sheet = Sheet(_h("title", lang), columns, list(enumerate(rows, start=1)))
    write_sheet(ws, sheet)
    deducted = next(i for i, c in enumerate(columns, 1) if c.header == _h("deducted", lang))
    _total(ws, rows, lang, deducted)
    book.save(path)
    return path


def inspection_heading(rows: Sequence[Deduction], lang: str) -> list[tuple[str, object]]:
    """Branch, form and visit of one inspection's sheet (from its first deduction)."""
    if not rows:
        return []
    first = rows[0]
    return [
        (_h("branch", lang), f"{first.branch_code} {first.branch_name}"),
        (_h("form", lang), f"{first.form_id} {first.form_version}"),
        (_h("visit", lang), excel_time(first.visit_start)),
        (_h("score", lang), first.overall_score),
    ]


def period_heading(f: Filter) -> list[tuple[str, object]]:
    return list(filter_lines(f))
