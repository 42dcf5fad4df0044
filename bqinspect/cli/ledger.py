"""``bqinspect ledger``: the supervision ledger (监督日志) of a period and scope, XLSX or PDF."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from bqinspect.cli.common import EXIT_OK, out, workspace


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_ledger(args: argparse.Namespace) -> int:
    from bqinspect.report.ledger.export import export_ledger
    from bqinspect.report.ledger.rows import Scope

    scope = Scope(
        since=args.since,
        until=args.until,
        branches=tuple(args.branch or ()),
        region=args.region or "",
    )
    with workspace(args) as ws:
        written = export_ledger(ws, scope, Path(args.out), lang=args.lang or "")
    pages = f", {written.pages} page(s)" if written.pages else ""
    out(f"wrote {written.path}: {written.acts} supervision act(s){pages}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``ledger`` to the main parser's sub-commands."""
    p = sub.add_parser(
        "ledger",
        help="the supervision ledger (监督日志) of a period, as XLSX or PDF",
        description="One row per supervision act (inspection, mystery visit, self-check) in the "
        "period, both days included, in the bank's time zone: time, place, kind, content, "
        "problems found, rectification measures, result. Headers in Chinese and English.",
    )
    p.add_argument("--since", required=True, type=_day, metavar="DATE", help="first day")
    p.add_argument("--until", required=True, type=_day, metavar="DATE", help="last day")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.pdf")
    p.add_argument(
        "--branch", action="extend", nargs="+", metavar="CODE", help="only these branches"
    )
    p.add_argument("--region", metavar="NAME", help="only the branches of this region")
    p.add_argument("--lang", choices=("zh", "en"), help="language of the contents")
    p.set_defaults(handler=cmd_ledger)
