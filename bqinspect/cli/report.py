"""``bqinspect report ID --out FILE.pdf`` and ``bqinspect report verify FILE.pdf``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.cli.common import EXIT_OK, EXIT_REFUSED, workspace
from bqinspect.domain.messages import declare

UNEXPECTED_ARGUMENT_USE_OUT = declare(
    "cli.report.unexpected_argument_use_out",
    "unexpected argument {file}; use --out FILE.pdf",
    "多余的参数 {file}；请使用 --out FILE.pdf",
)
OUT_FILE_PDF_REQUIRED = declare(
    "cli.report.out_file_pdf_required",
    "--out FILE.pdf is required",
    "必须给出 --out FILE.pdf",
)
GIVE_PDF_VERIFY_BQINSPECT = declare(
    "cli.report.give_pdf_verify_bqinspect",
    "give the PDF to verify: bqinspect report verify FILE.pdf",
    "请给出要验证的 PDF：bqinspect report verify FILE.pdf",
)

if TYPE_CHECKING:
    from bqinspect.store.workspace import Workspace

USAGE = (
    "bqinspect report INSPECTION_ID --out FILE.pdf [--audience branch|office] "
    "[--lang zh|en|both] [--page-size A4|Letter]\n"
    "       bqinspect report verify FILE.pdf"
)
DESCRIPTION = (
    "Write the rectification notice (整改通知书) of one inspection as a PDF, or verify that a "
    "report PDF matches the record now in the database. INSPECTION_ID is the inspection's id "
    "or a unique prefix of it (see `bqinspect inspections list`). The branch copy leaves out "
    "the mystery shopper's identity and internal notes; the office copy has everything. "
    "verify exits 0 when the PDF matches the current record and 1 when it does not."
)


def add_parsers(subparsers: Any) -> None:
    """Add the ``report`` command to the main parser's sub-commands."""
    p = subparsers.add_parser(
        "report",
        help="write an inspection's rectification notice (PDF), or verify one",
        usage=USAGE,
        description=DESCRIPTION,
    )
    p.add_argument(
        "target", metavar="INSPECTION_ID", help="inspection id (or 'verify' to check a PDF)"
    )
    p.add_argument("file", nargs="?", metavar="FILE.pdf", help="with verify: the PDF to check")
    p.add_argument("--out", "-o", metavar="FILE.pdf", help="where to write the PDF")
    p.add_argument("--audience", choices=["branch", "office"], default="branch")
    p.add_argument("--lang", choices=["zh", "en", "both"], default="zh")
    p.add_argument(
        "--page-size",
        choices=["A4", "Letter"],
        default=None,
        help="default: the report_page_size setting (A4)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report (or verify one); the exit status."""
    if args.target == "verify":
        if not args.file:
            raise Refused(GIVE_PDF_VERIFY_BQINSPECT(), where="FILE")
        with workspace(args) as ws:
            return _verify(ws, Path(args.file))
    if args.file:
        raise Refused(UNEXPECTED_ARGUMENT_USE_OUT(file=repr(args.file)), where="arguments")
    if not args.out:
        raise Refused(OUT_FILE_PDF_REQUIRED(), where="--out")
    with workspace(args) as ws:
        return _build(ws, args)


def _build(ws: Workspace, args: argparse.Namespace) -> int:
    from bqinspect.base.progress import TextProgress
    from bqinspect.report.builder import build_report
    from bqinspect.services.inspections import find_inspection

    insp = find_inspection(ws, args.target)
    progress = TextProgress(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
    info = build_report(
        ws,
        insp.id,
        Path(args.out),
        audience=args.audience,
        lang=args.lang,
        page_size=args.page_size,
        progress=progress,
    )
    for warning in info.warnings:
        sys.stderr.write(f"bqinspect: warning: {warning}\n")
    sys.stdout.write(
        f"{info.path}: {info.pages} pages, {info.size / 1024:.0f} KiB, {info.audience} copy, "
        f"record {info.record_id} revision {info.revision} sha256 {info.record_sha256}\n"
    )
    return EXIT_OK


def _verify(ws: Workspace, pdf: Path) -> int:
    from bqinspect.report.verify import verify_report

    result = verify_report(ws, pdf)
    stream = sys.stdout if result.matches else sys.stderr
    stream.write(f"{pdf}: {result.message}\n")
    return EXIT_OK if result.matches else EXIT_REFUSED
