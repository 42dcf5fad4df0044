"""An audit trail to an XLSX sheet: a bold header row, set widths, the header frozen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bqinspect.base.errors import refuse_write_errors
from bqinspect.services.audit_log import AuditLine

DATETIME = "yyyy-mm-dd hh:mm:ss"
TEXT = "@"
INT = "0"
ROLE_NAMES = {
    "zh": {"inspector": "检查员", "lead": "督导组长", "office": "总行", "branch": "网点"},
    "en": {"inspector": "inspector", "lead": "lead", "office": "head office", "branch": "branch"},
}


@dataclass(frozen=True)
class _Column:
    zh: str
    en: str
    width: float
    number_format: str
    value: Callable[[AuditLine], Any]


def _local(moment: datetime) -> datetime:
    """Excel has no time zones: the bank's wall time (the header names the zone)."""
    return moment.replace(tzinfo=None, microsecond=0)


def _columns(lang: str, this_device: str) -> list[_Column]:
    roles = ROLE_NAMES.get(lang, ROLE_NAMES["en"])

    def device(line: AuditLine) -> str:
        return f"{line.device} ({this_device})" if line.this_device else line.device

    return [
        _Column("时间", "Time", 20, DATETIME, lambda a: _local(a.at)),
        _Column("操作人", "Actor", 14, TEXT, lambda a: a.actor),
        _Column("角色", "Role", 11, TEXT, lambda a: roles.get(a.role, a.role)),
        _Column("设备", "Device", 22, TEXT, device),
        _Column("对象", "Entity", 10, TEXT, lambda a: a.entity),
        _Column("项目", "Item", 12, TEXT, lambda a: a.subject),
        _Column("字段", "Field", 14, TEXT, lambda a: a.field),
        _Column("操作", "Action", 12, TEXT, lambda a: a.action),
        _Column("原值", "Old", 30, TEXT, lambda a: a.old_text),
        _Column("新值", "New", 30, TEXT, lambda a: a.new_text),
        _Column("原因", "Reason", 36, TEXT, lambda a: a.why),
        _Column("版本", "Revision", 9, INT, lambda a: a.revision),
    ]


def export_audit_xlsx(
    lines: Sequence[AuditLine], path: Path, *, title: str, zone: str, lang: str = "zh"
) -> Path:
    """Write ``lines`` to one sheet (headings in ``lang``, times in the bank's ``zone``)."""
    zh = lang == "zh"
    columns = _columns(lang, "本机" if zh else "this device")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "审计记录" if zh else "Audit"
    headers = [c.zh if zh else c.en for c in columns]
    headers[0] = f"{headers[0]}（{zone}）" if zh else f"{headers[0]} ({zone})"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for line in lines:
        sheet.append([c.value(line) for c in columns])
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = column.number_format
            cell.alignment = wrap
    book.properties.title = title
    with refuse_write_errors(path):
        book.save(path)
    return path
