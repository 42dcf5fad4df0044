"""Verify a report: does the PDF's record hash match the record now in the database?"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.messages import declare
from bqinspect.report.metadata import ReportStamp
from bqinspect.report.record import PARTS, record_digest
from bqinspect.store.workspace import Workspace

LARGER_THAN_MIB = declare(
    "report.verify.larger_than_mib",
    "larger than {value} MiB",
    "大于 {value} MiB",
)
BQINSPECT_REPORT_NO_RECORD = declare(
    "report.verify.bqinspect_report_no_record",
    "not a bqinspect report: no record id and hash in its metadata or footer",
    "不是 bqinspect 报告：元数据和页脚中没有记录编号和哈希",
)
CANNOT_READ_FILE = declare(
    "report.verify.cannot_read_file",
    "cannot read the file ({value})",
    "无法读取文件（{value}）",
)
READABLE_PDF = declare(
    "report.verify.readable_pdf",
    "not a readable PDF ({exc})",
    "不是可读取的 PDF（{exc}）",
)

log = logging.getLogger(__name__)

MAX_PDF_BYTES = 512 * 1024 * 1024
# The footer of every page, for a PDF whose metadata was stripped (e.g. re-saved elsewhere).
_FOOTER_ID = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*·\s*\S*")
_FOOTER_REV = re.compile(r"\br(\d+)\b")
_FOOTER_SHA = re.compile(r"sha256\s+([0-9a-f]{64})")


@dataclass(frozen=True)
class VerifyResult:
    matches: bool
    record_id: uuid.UUID
    revision_in_pdf: int
    current_revision: int | None  # None: the record is not in this database
    message: str
    sha256_in_pdf: str = ""
    current_sha256: str = ""
    changed: list[str] = field(default_factory=list)  # parts of the record that differ


def read_stamp(pdf_path: Path) -> ReportStamp:
    """The record stamp of a report PDF (metadata first, then the page footer text)."""
    name = str(pdf_path)
    try:
        size = pdf_path.stat().st_size
    except OSError as exc:
        raise Refused(CANNOT_READ_FILE(value=exc.strerror or exc), where=name) from exc
    if size > MAX_PDF_BYTES:
        raise Refused(LARGER_THAN_MIB(value=MAX_PDF_BYTES // 2**20), where=name)
    # imported here so that building reports does not need the PDF reader
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(pdf_path)
        info = reader.metadata
        keywords = str(info.get("/Keywords", "")) if info else ""
        stamp = ReportStamp.parse(keywords)
        if stamp is None and len(reader.pages) > 0:
            stamp = _from_footer(reader.pages[0].extract_text() or "")
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise Refused(READABLE_PDF(exc=exc), where=name) from exc
    if stamp is None:
        raise Refused(BQINSPECT_REPORT_NO_RECORD(), where=name)
    return stamp


def _from_footer(text: str) -> ReportStamp | None:
    text = " ".join(text.split())
    found_id = _FOOTER_ID.search(text)
    found_sha = _FOOTER_SHA.search(text)
    if not found_id or not found_sha:
        return None
    rev = _FOOTER_REV.search(text, found_id.end() - 8)
    return ReportStamp(
        record_id=uuid.UUID(found_id.group(1)),
        revision=int(rev.group(1)) if rev else 0,
        sha256=found_sha.group(1),
    )


def verify_report(ws: Workspace, pdf_path: Path) -> VerifyResult:
    """Recompute the record hash from the database and compare it with the PDF's."""
    stamp = read_stamp(Path(pdf_path))
    try:
        current = record_digest(ws, stamp.record_id)
    except NotFound:
        return VerifyResult(
            matches=False,
            record_id=stamp.record_id,
            revision_in_pdf=stamp.revision,
            current_revision=None,
            message=f"record {stamp.record_id} is not in this database",
            sha256_in_pdf=stamp.sha256,
        )
    if current.sha256 == stamp.sha256:
        return VerifyResult(
            matches=True,
            record_id=stamp.record_id,
            revision_in_pdf=stamp.revision,
            current_revision=current.revision,
            message=(
                f"matches: the report was made from the current record "
                f"(revision {current.revision}, sha256 {current.sha256[:16]}…)"
            ),
            sha256_in_pdf=stamp.sha256,
            current_sha256=current.sha256,
        )
    changed = [
        part
        for part in PARTS
        if part in stamp.parts and not current.parts[part].startswith(stamp.parts[part])
    ]
    what = f"; changed since: {', '.join(changed)}" if changed else ""
    if current.revision != stamp.revision:
        story = (
            f"made from revision {stamp.revision}, the record is now at revision {current.revision}"
        )
    else:
        story = f"made from revision {stamp.revision}, which has been edited since"
    return VerifyResult(
        matches=False,
        record_id=stamp.record_id,
        revision_in_pdf=stamp.revision,
        current_revision=current.revision,
        message=f"does not match the current record: {story}{what}",
        sha256_in_pdf=stamp.sha256,
        current_sha256=current.sha256,
        changed=changed,
    )
