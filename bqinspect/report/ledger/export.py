"""Write the supervision ledger of a scope to XLSX or PDF, chosen by the file's suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import declare
from bqinspect.report.ledger.pdf import write_ledger_pdf
from bqinspect.report.ledger.rows import Scope, ledger_rows
from bqinspect.report.ledger.xlsx import write_ledger_xlsx
from bqinspect.store.workspace import Workspace

LEDGER_WRITTEN_AS_XLSX = declare(
    "report.ledger.export.ledger_written_as_xlsx",
    "{name}: the ledger is written as .xlsx or .pdf",
    "{name}：监督日志只能导出为 .xlsx 或 .pdf",
)

SUFFIXES = (".xlsx", ".pdf")


@dataclass(frozen=True)
class LedgerFile:
    """A written ledger: where, how many acts, and pages (0 for a sheet)."""

    path: Path
    acts: int
    pages: int


def export_ledger(ws: Workspace, scope: Scope, path: Path, *, lang: str = "") -> LedgerFile:
    """The ledger of ``scope`` in ``path`` (.xlsx or .pdf); contents in ``lang`` (the content
    language setting by default), headers in Chinese and English."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise Refused(LEDGER_WRITTEN_AS_XLSX(name=path.name), "--out")
    lang = lang or ("en" if str(ws.setting("content_lang") or "zh") == "en" else "zh")
    rows = ledger_rows(ws, scope)
    if suffix == ".xlsx":
        write_ledger_xlsx(rows, scope, path, lang=lang, zone=str(ws.zone()))
        return LedgerFile(path, len(rows), 0)
    pages = write_ledger_pdf(
        rows,
        scope,
        path,
        lang=lang,
        bank_name=str(ws.setting("bank_name") or ""),
        font=str(ws.setting("report_font") or ""),
    )
    return LedgerFile(path, len(rows), pages)
