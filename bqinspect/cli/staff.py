"""``bqinspect staff``: import the staff register from CSV or XLSX (all or nothing), list, show."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bqinspect.cli.common import EXIT_OK, out, workspace


def cmd_import(args: argparse.Namespace) -> int:
    from bqinspect.services.staff import import_staff

    with workspace(args) as ws:
        result = import_staff(ws, Path(args.file), dry_run=args.dry_run)
    verb = "would import" if args.dry_run else "imported"
    out(f"{verb}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from bqinspect.domain.staff import post_name
    from bqinspect.services.staff import list_staff

    with workspace(args) as ws:
        rows = list_staff(ws, branch=args.branch)
    if args.json:
        listed = [
            {
                "employee_no": m.employee_no,
                "name": m.name,
                "post": m.post,
                "branch": m.branch_code,
                "active": m.active,
            }
            for m in rows
        ]
        out(json.dumps(listed, ensure_ascii=False, indent=2))
    else:
        for m in rows:
            left = "" if m.active else "  (inactive)"
            out(f"{m.branch_code:<8} {m.employee_no:<10} {m.name} · {post_name(m.post)}{left}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from bqinspect.domain.staff import post_name
    from bqinspect.services.staff import get_staff
    from bqinspect.services.staff_items import named_items

    with workspace(args) as ws:
        member = get_staff(ws, args.employee_no)
        items = named_items(ws, member.employee_no)
    if args.json:
        shown = {
            "employee_no": member.employee_no,
            "name": member.name,
            "post": member.post,
            "branch": member.branch_code,
            "active": member.active,
            "items": [
                {
                    "inspection": str(n.inspection_id) if n.inspection_id else None,
                    "branch": n.branch_code,
                    "visit_start": n.visit_start.isoformat() if n.visit_start else None,
                    "item_id": n.item_id,
                    "text": n.text,
                    "counter": n.counter,
                    "failed": n.failed,
                    "points_lost": n.points_lost,
                }
                for n in items
            ],
        }
        out(json.dumps(shown, ensure_ascii=False, indent=2))
        return EXIT_OK
    out(f"{member.employee_no} {member.name} · {post_name(member.post)} · {member.branch_code}")
    out(f"named in {len(items)} item(s), {sum(n.failed for n in items)} failed")
    for n in items:
        day = f"{n.visit_start:%Y-%m-%d}" if n.visit_start else "          "
        mark = "✗" if n.failed else "✓"
        counter = f" counter {n.counter}" if n.counter else ""
        out(f"  {day} {mark} {n.item_id or '-':<8} {n.text}{counter}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``staff`` and its actions to the main parser's sub-commands."""
    staff = sub.add_parser("staff", help="the branches' staff register").add_subparsers(
        metavar="ACTION"
    )
    p = staff.add_parser("import", help="import the staff register from CSV or XLSX")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check only, change nothing")
    p.set_defaults(handler=cmd_import)
    p = staff.add_parser("list", help="list the staff register")
    p.add_argument("--branch", metavar="CODE", help="one branch's staff")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = staff.add_parser("show", help="one employee and the items they were named in")
    p.add_argument("employee_no", metavar="EMPLOYEE_NO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
