"""Checklist forms to and from Excel workbooks (.xlsx), XLSForm-like; opening one safely."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from pydantic import ValidationError

from bqinspect.domain.formio import CANNOT_READ, FormError, FormProblem
from bqinspect.domain.forms import AUTHORING, Form
from bqinspect.domain.messages import Words, declare
from bqinspect.domain.xlsx.read import FormReader
from bqinspect.domain.xlsx.texts import (
    format_bands,
    format_number,
    format_show_if,
    parse_bands,
    parse_derive,
    parse_show_if,
)
from bqinspect.domain.xlsx.write import export_xlsx, export_xlsx_bytes

__all__ = [
    "MAX_PROBLEMS",
    "MAX_UNPACKED_BYTES",
    "MAX_XLSX_BYTES",
    "MAX_ZIP_ENTRIES",
    "export_xlsx",
    "export_xlsx_bytes",
    "format_bands",
    "format_number",
    "format_show_if",
    "import_xlsx",
    "import_xlsx_bytes",
    "parse_bands",
    "parse_derive",
    "parse_show_if",
]

# a workbook file is refused beyond these, before openpyxl inflates it
MAX_XLSX_BYTES = 16 * 1024 * 1024
MAX_PROBLEMS = 100
MAX_ZIP_ENTRIES = 1_000
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

NOT_XLSX = declare(
    "domain.xlsx.not_xlsx",
    "not an Excel .xlsx workbook ({why})",
    "不是 Excel .xlsx 工作簿（{why}）",
)
UNPACKS_TOO_LARGE = declare(
    "domain.xlsx.unpacks_too_large",
    "the workbook unpacks to {parts} parts and {mib} MiB, more than a checklist needs",
    "工作簿解压后有 {parts} 个部件、{mib} MiB，远超检查表所需",
)
FILE_TOO_LARGE = declare(
    "domain.xlsx.file_too_large", "the file is larger than {limit} MiB", "文件超过 {limit} MiB"
)
OLD_XLS = declare(
    "domain.xlsx.old_xls",
    "an old binary .xls workbook: save it as .xlsx in Excel and retry",
    "这是旧版 .xls 工作簿：请在 Excel 中另存为 .xlsx 后重试",
)
CANNOT_READ_WORKBOOK = declare(
    "domain.xlsx.cannot_read_workbook",
    "cannot read the workbook ({why})",
    "无法读取工作簿（{why}）",
)


def _refuse(name: str, reason: Words) -> FormError:
    return FormError([FormProblem(name, None, "", reason)])


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a zip bomb before openpyxl inflates it (declared sizes bound what zipfile reads)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            entries = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(name, NOT_XLSX(why=exc)) from exc
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        mib = f"{unpacked / 2**20:.0f}"
        raise _refuse(name, UNPACKS_TOO_LARGE(parts=len(entries), mib=mib))


def import_xlsx_bytes(data: bytes, name: str = "<xlsx>") -> Form:
    """Read and validate a form workbook, or raise :class:`FormError` naming sheet and row."""
    if len(data) > MAX_XLSX_BYTES:
        raise _refuse(name, FILE_TOO_LARGE(limit=MAX_XLSX_BYTES // 2**20))
    if data.startswith(_OLE_MAGIC):
        raise _refuse(name, OLD_XLS())
    _check_zip(data, name)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        raise _refuse(name, NOT_XLSX(why=f"{type(exc).__name__}: {exc}")) from exc
    reader = FormReader(name)
    try:
        form_data = reader.read(wb)
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise _refuse(name, CANNOT_READ_WORKBOOK(why=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        wb.close()
    if form_data is None:
        raise FormError(reader.problems[:MAX_PROBLEMS])
    try:
        return Form.model_validate(form_data, context={AUTHORING: True})
    except ValidationError as exc:
        raise FormError(reader.validation_problems(exc)[:MAX_PROBLEMS]) from exc


def import_xlsx(path: Path) -> Form:
    """Read and validate a form workbook file, or raise :class:`FormError`."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_XLSX_BYTES + 1)
    except OSError as exc:
        raise _refuse(path.name, CANNOT_READ(why=exc.strerror or exc)) from exc
    return import_xlsx_bytes(data, path.name)
