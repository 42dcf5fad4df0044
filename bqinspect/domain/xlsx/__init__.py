"""Checklist forms to and from Excel workbooks (.xlsx), XLSForm-like; opening one safely."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from pydantic import ValidationError

from bqinspect.domain.formio import FormError, FormProblem
from bqinspect.domain.forms import AUTHORING, Form
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
    reader = FormReader(name)
    try:
        form_data = reader.read(wb)
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise _refuse(name, f"cannot read the workbook ({type(exc).__name__}: {exc})") from exc
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
        raise _refuse(path.name, f"cannot read: {exc.strerror or exc}") from exc
    return import_xlsx_bytes(data, path.name)
