"""``bqinspect branches``: import branches from CSV or XLSX (all or nothing), list them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bqinspect.cli.common import EXIT_OK, out, workspace


def cmd_import(args: argparse.Namespace) -> int:
    from bqinspect.services.branches import import_branches

    with workspace(args) as ws:
        result = import_branches(ws, Path(args.file), dry_run=args.dry_run)
    verb = "would import" if args.dry_run else "imported"
    out(f"{verb}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from bqinspect.services.branches import list_branches

    with workspace(args) as ws:
        rows = list_branches(ws)
    if args.json:
        listed = [
            {
                "code": b.code,
                "name": b.name,
                "region": b.region,
                "sub_branch": b.sub_branch,
                "manager": b.manager,
                "active": b.active,
            }
            for b in rows
        ]
        out(json.dumps(listed, ensure_ascii=False, indent=2))
    else:
        for b in rows:
            out(f"{b.code:<8} {b.region:<8} {b.name}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``branches`` and its actions to the main parser's sub-commands."""
    branches = sub.add_parser("branches", help="branches").add_subparsers(metavar="ACTION")
    p = branches.add_parser("import", help="import branches from CSV or XLSX (all or nothing)")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check only, change nothing")
    p.set_defaults(handler=cmd_import)
    p = branches.add_parser("list", help="list branches")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
