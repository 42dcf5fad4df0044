"""Rows of a CSV (UTF-8 or GB18030) or XLSX list by their headers, refusals naming the row."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bqinspect.base.errors import Problem, Refused
from bqinspect.domain.messages import declare

FILE_NEITHER_UTF_NOR = declare(
    "services.table_file.file_neither_utf_nor",
    "file is neither UTF-8 nor GB18030 text",
    "文件既不是 UTF-8 也不是 GB18030 文本",
)
FILE_LARGER_THAN_MIB = declare(
    "services.table_file.file_larger_than_mib",
    "file is larger than 20 MiB",
    "文件大于 20 MiB",
)
FILE_EMPTY = declare(
    "services.table_file.file_empty",
    "file is empty",
    "文件为空",
)
ROW_MISSING_COLUMN_S = declare(
    "services.table_file.row_missing_column_s",
    "row 1: missing column(s) {value} (found: {value2})",
    "第 1 行：缺少列 {value}（现有：{value2}）",
)
MORE_THAN_ROWS = declare(
    "services.table_file.more_than_rows",
    "more than {max_rows} rows",
    "超过 {max_rows} 行",
)
READABLE_XLSX_FILE = declare(
    "services.table_file.readable_xlsx_file",
    "not a readable .xlsx file ({exc})",
    "不是可读取的 .xlsx 文件（{exc}）",
)
CANNOT_READ = declare(
    "services.table_file.cannot_read",
    "cannot read: {strerror}",
    "无法读取：{strerror}",
)

MAX_ROWS = 20000
MAX_FILE_BYTES = 20 * 1024 * 1024
YES = ("", "1", "true", "yes", "y", "是", "启用", "在岗", "x")
NO = ("0", "false", "no", "n", "否", "停用", "离岗")


def yes_no(raw: Any) -> bool | None:
    """A yes/no cell (empty is yes); None when it is neither."""
    text = str(raw).strip().lower() if raw is not None else ""
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def cell_text(raw: Any) -> str:
    """A cell as text: a whole number typed in a spreadsheet (1023.0) as its digits."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return "" if raw is None else str(raw).strip()


def _rows_from_csv(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Refused(FILE_NEITHER_UTF_NOR())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise Refused(READABLE_XLSX_FILE(exc=exc)) from exc
    try:
        sheet = wb.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_rows(
    path: Path, aliases: Mapping[str, str], required: Sequence[str]
) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values by field) for each data row; ``aliases`` maps a header (lower
    case) to its field."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Refused(CANNOT_READ(strerror=exc.strerror), where=name) from exc
    if size > MAX_FILE_BYTES:
        raise Refused(FILE_LARGER_THAN_MIB(), where=name)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows = _rows_from_xlsx(path)
        else:
            rows = _rows_from_csv(path.read_bytes())
    except Refused as exc:
        raise Refused([Problem(name, p.reason) for p in exc.problems]) from exc
    if not rows:
        raise Refused(FILE_EMPTY(), where=name)
    header = [aliases.get(str(h or "").strip().lower()) for h in rows[0]]
    missing = [f for f in required if f not in header]
    if missing:
        raise Refused(
            ROW_MISSING_COLUMN_S(
                value=", ".join(missing), value2=", ".join(str(h) for h in rows[0] if h)
            ),
            where=name,
        )
    if len(rows) - 1 > MAX_ROWS:
        raise Refused(MORE_THAN_ROWS(max_rows=MAX_ROWS), where=name)
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        values = {h: v for h, v in zip(header, row, strict=False) if h is not None}
        result.append((number, values))
    return result
