"""``bqinspect demo``: fill a workspace with demo branches and inspections (and tour it)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bqinspect.cli.common import EXIT_OK, err, out, workspace
from bqinspect.cli.inspections import list_all


def cmd_demo(args: argparse.Namespace) -> int:
    from bqinspect.base.progress import TextProgress
    from bqinspect.services.demo import create_demo
    from bqinspect.services.inspections import list_inspections

    with workspace(args) as ws:
        if list_inspections(ws) and not args.force:
            out(f"workspace {ws.home} already has inspections; use --force to add demo data")
        else:
            counts = create_demo(
                ws,
                branches=args.branches,
                inspections_count=args.inspections,
                progress=TextProgress(sys.stderr),
            )
            out(
                f"demo workspace in {ws.home}: {counts.branches} branches, "
                f"{counts.inspections} inspections and {counts.history} of history, "
                f"{counts.forms} forms"
            )
    return list_all(args) if args.tour else EXIT_OK


def ensure_demo(args: argparse.Namespace) -> None:
    """Create the demo workspace on the first start of a demo data directory."""
    from bqinspect.services.demo import create_demo
    from bqinspect.services.inspections import list_inspections

    with workspace(args) as ws:
        if not list_inspections(ws):
            err(f"first start: creating a demo workspace in {ws.home} …")
            create_demo(ws)


def add_parsers(sub: Any) -> None:
    """Add ``demo`` to the main parser's sub-commands."""
    p = sub.add_parser("demo", help="create a demo workspace (demo branches and inspections)")
    p.add_argument("--branches", type=int, default=20)
    p.add_argument("--inspections", type=int, default=12)
    p.add_argument("--force", action="store_true", help="add demo data to a non-empty workspace")
    p.add_argument(
        "--tour",
        "--headless-tour",
        dest="tour",
        action="store_true",
        help="then list what was created (the headless demo)",
    )
    p.set_defaults(handler=cmd_demo)
