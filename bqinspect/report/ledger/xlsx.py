"""The supervision ledger as one XLSX sheet: bilingual headers, wrapped cells, header frozen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bqinspect.base.errors import refuse_write_errors
from bqinspect.report.ledger.cells import COLUMNS, TITLE, cells_of, header
from bqinspect.report.ledger.rows import LedgerRow, Scope

WIDTHS = (6, 17, 22, 13, 28, 44, 44, 22)


def write_ledger_xlsx(
    rows: Sequence[LedgerRow], scope: Scope, path: Path, *, lang: str = "zh", zone: str = ""
) -> Path:
    """Write the ledger of ``scope`` to ``path``; contents in ``lang``, headers in both."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = TITLE[0]
    period = f"{scope.since.isoformat()} – {scope.until.isoformat()}"
    sheet.append([f"{TITLE[0]} {TITLE[1]}  {period}" + (f"  ({zone})" if zone else "")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([header(i) for i in range(len(COLUMNS))])
    top = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(rows, 1):
        sheet.append(cells_of(number, row, lang).values())
        for cell in sheet[sheet.max_row]:
            cell.alignment = top
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    book.properties.title = f"{TITLE[0]} {period}"
    with refuse_write_errors(path):
        book.save(path)
    return path
