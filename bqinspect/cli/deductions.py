"""The deduction sheet (扣分明细表) on the command line: one inspection's, or a period's."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.cli.analytics import output_path
from bqinspect.cli.analytics_filter import add_filter_options, filter_of
from bqinspect.cli.common import EXIT_OK, out, workspace
from bqinspect.domain.messages import declare

CANNOT_WRITE = declare(
    "cli.deductions.cannot_write",
    "cannot write {path}: {value}",
    "无法写入 {path}：{value}",
)

if TYPE_CHECKING:
    from bqinspect.analytics.deductions import Deduction

HELP = "the deduction sheet in CBSS style: item, basis, points, deducted, reason (XLSX)"


def _write(rows: tuple[Deduction, ...], path: Path, args: argparse.Namespace, **kw: Any) -> None:
    from bqinspect.analytics.deductions_xlsx import write_deductions
    from bqinspect.base import clock

    try:
        write_deductions(rows, path, exported_at=clock.now(), lang=args.lang, **kw)
    except OSError as exc:
        raise Refused(CANNOT_WRITE(path=path, value=exc.strerror or exc), "--out") from exc
    total = sum(r.deducted for r in rows)
    out(f"{path}: {len(rows)} deduction(s), {total:g} point(s) deducted")


def cmd_inspection(args: argparse.Namespace) -> int:
    from bqinspect.analytics.deductions import inspection_deductions
    from bqinspect.analytics.deductions_xlsx import inspection_heading
    from bqinspect.analytics.labels import form_texts
    from bqinspect.services.inspections import find_inspection

    path = output_path(args.out, ".xlsx")
    with workspace(args) as ws:
        head = find_inspection(ws, args.id)
        with ws.db.engine.connect() as conn, conn.begin():
            rows = inspection_deductions(conn, head.id, form_texts(conn))
    heading = inspection_heading(rows, args.lang) or [("ID", str(head.id))]
    _write(rows, path, args, heading=heading)
    return EXIT_OK


def cmd_period(args: argparse.Namespace) -> int:
    from bqinspect.analytics.deductions import period_deductions
    from bqinspect.analytics.deductions_xlsx import period_heading
    from bqinspect.analytics.labels import form_texts

    path = output_path(args.out, ".xlsx")
    with workspace(args) as ws:
        f = filter_of(ws, args)
        with ws.db.engine.connect() as conn, conn.begin():
            rows = period_deductions(conn, f, form_texts(conn))
    _write(rows, path, args, heading=period_heading(f), per_period=True)
    return EXIT_OK


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", "-o", metavar="FILE.xlsx")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="headers and item texts")


def add_inspection_parser(actions: Any) -> None:
    """``bqinspect inspections deductions ID --out FILE.xlsx``."""
    p = actions.add_parser(
        "deductions",
        help=HELP,
        description="One inspection's deductions as stored at submission, in form order.",
    )
    p.add_argument("id", metavar="ID", help="inspection id (or unique prefix)")
    _options(p)
    p.set_defaults(handler=cmd_inspection)


def add_period_parser(figures: Any) -> None:
    """``bqinspect analytics deductions --out FILE.xlsx [filters]``."""
    p = figures.add_parser(
        "deductions",
        help=HELP,
        description="The deductions of the inspections the filter counts, by visit.",
    )
    _options(p)
    add_filter_options(p)
    p.set_defaults(handler=cmd_period)
