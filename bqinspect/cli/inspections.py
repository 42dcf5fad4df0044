"""``bqinspect inspections list``: the inspections, filtered, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from bqinspect.cli.common import EXIT_OK, out, parse_date, workspace


def _date(text: str | None) -> datetime | None:
    return parse_date(text) if text else None


def cmd_list(args: argparse.Namespace) -> int:
    from bqinspect.services.inspections import list_inspections

    with workspace(args) as ws:
        rows = list_inspections(
            ws,
            status=args.status,
            kind=args.kind,
            branch=args.branch,
            since=_date(args.since),
            until=_date(args.until),
            text=args.search,
        )
    if args.json:
        listed = [
            {
                "id": str(r.id),
                "branch": r.branch_code,
                "branch_name": r.branch_name,
                "region": r.region,
                "form": r.form_id,
                "kind": r.kind,
                "visit_start": r.visit_start.isoformat(),
                "inspectors": r.inspectors,
                "status": r.status,
                "score": r.overall_score,
                "grade": r.grade,
                "exported": r.exported_at is not None,
                "revision": r.revision,
            }
            for r in rows
        ]
        out(json.dumps(listed, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        score = f"{r.overall_score:6.1f}" if r.overall_score is not None else "     -"
        out(
            f"{str(r.id)[:8]}  {r.visit_start:%Y-%m-%d}  {r.branch_code:<6} {r.kind:<8} "
            f"{r.status:<10} {score} {r.grade or '-':<10} {r.branch_name}"
        )
    if not rows:
        out("no inspections")
    return EXIT_OK


def list_all(args: argparse.Namespace) -> int:
    """``inspections list`` without filters, as a table (the end of the headless demo)."""
    plain = argparse.Namespace(
        data_dir=args.data_dir,
        db_url=args.db_url,
        json=False,
        status=None,
        kind=None,
        branch=None,
        since=None,
        until=None,
        search=None,
    )
    return cmd_list(plain)


def add_parsers(sub: Any) -> None:
    """Add ``inspections`` and its actions to the main parser's sub-commands."""
    insp = sub.add_parser("inspections", help="inspections").add_subparsers(metavar="ACTION")
    p = insp.add_parser("list", help="list inspections")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--status", choices=["draft", "submitted", "approved", "returned"])
    p.add_argument("--kind", choices=["onsite", "mystery"])
    p.add_argument("--branch", help="branch code")
    p.add_argument("--since", help="visits on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="visits on or before this date")
    p.add_argument("--search", help="text search")
    p.set_defaults(handler=cmd_list)
