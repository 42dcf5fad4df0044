"""``bqinspect findings``: list issued findings, record a branch's appeal, decide it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Problem, Refused
from bqinspect.cli.common import EXIT_OK, out, usage, workspace
from bqinspect.domain.lifecycle import FindingStatus

if TYPE_CHECKING:
    from bqinspect.services.appeals import AppealRow
    from bqinspect.services.rectification import FindingRow

ID_HELP = "finding id (or unique prefix)"


def _appeal_state(appeal: AppealRow | None) -> str:
    if appeal is None:
        return ""
    return appeal.decision or "pending"


def _json_row(row: FindingRow, appeal: AppealRow | None) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "inspection_id": str(row.inspection_id) if row.inspection_id else None,
        "branch": row.branch_code,
        "item": row.item_id,
        "severity": row.severity,
        "status": row.status,
        "description": row.description,
        "points_deducted": row.points_deducted,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "overdue": row.overdue,
        "appeal": _appeal_state(appeal) or None,
        "appeal_reason": appeal.reason if appeal else None,
        "decision_reason": appeal.decision_reason if appeal and appeal.decision else None,
    }


def cmd_list(args: argparse.Namespace) -> int:
    from bqinspect.services.appeals import appeals_by_finding
    from bqinspect.services.rectification import list_findings

    with workspace(args) as ws:
        rows = list_findings(ws, status=args.status, branch=args.branch)
        appeals = appeals_by_finding(ws)
    if args.json:
        out(json.dumps([_json_row(r, appeals.get(r.id)) for r in rows], ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        appeal = _appeal_state(appeals.get(r.id))
        due = r.due_date.isoformat() if r.due_date else "—"
        mark = f"  appeal {appeal}" if appeal else ""
        out(
            f"{str(r.id)[:8]}  {r.branch_code}  {r.item_id or '—'}  {r.severity}  {r.status}"
            f"  -{r.points_deducted:g}  due {due}{' overdue' if r.overdue else ''}{mark}"
            f"  {r.description}"
        )
    return EXIT_OK


def cmd_appeal(args: argparse.Namespace) -> int:
    from bqinspect.services import appeals
    from bqinspect.services.inspections import ingest_photos

    with workspace(args) as ws:
        finding_id = appeals.find_finding(ws, args.id)
        ingested = ingest_photos(ws, [Path(p) for p in args.photo or ()])
        if ingested.problems:
            raise Refused([Problem(f"--photo {p.name}", p.reason) for p in ingested.problems])
        row = appeals.lodge(ws, finding_id, args.reason, ingested.photos)
        closes = appeals.window_of(ws, finding_id)
    out(
        f"appealed {row.finding_id}: -{row.points:g} points, {len(row.photos)} photo(s), "
        f"window closes {closes.isoformat()}"
    )
    return EXIT_OK


def cmd_decide(args: argparse.Namespace) -> int:
    from bqinspect.services import appeals

    with workspace(args) as ws:
        finding_id = appeals.find_finding(ws, args.id)
        decided = appeals.decide(ws, finding_id, overturn=args.overturn, reason=args.reason)
    line = f"{decided.appeal.decision} {decided.appeal.finding_id}"
    if decided.score_before != decided.score_after or decided.grade_before != decided.grade_after:
        line += (
            f": score {decided.score_before} → {decided.score_after}, "
            f"grade {decided.grade_before} → {decided.grade_after}"
        )
    out(line)
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``findings`` and its actions to the main parser's sub-commands."""
    group = sub.add_parser(
        "findings",
        help="issued findings; a branch's appeal of a deduction and the lead's decision",
        description="Issued findings and appeals (申诉). Exit status 1 when refused: past the "
        "appeal window, appealed or decided twice, a finding that deducted nothing or does "
        "not exist, an installation whose role does not own appeals (the lead's).",
    )
    actions = group.add_subparsers(metavar="ACTION")
    p = actions.add_parser("list", help="issued findings, worst first, with their appeal")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.add_argument("--branch", metavar="CODE", help="only this branch")
    p.add_argument(
        "--status", metavar="S", choices=[s.value for s in FindingStatus], help="only this status"
    )
    p.set_defaults(handler=cmd_list)

    p = actions.add_parser("appeal", help="record the branch's appeal of a finding's deduction")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--reason", required=True, metavar="T", help="the branch's reason (required)")
    p.add_argument("--photo", action="extend", nargs="+", metavar="FILE", help="evidence photo(s)")
    p.set_defaults(handler=cmd_appeal)

    p = actions.add_parser("decide", help="uphold or overturn an appeal, with a reason")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--uphold", action="store_true", help="the deduction stands")
    choice.add_argument(
        "--overturn", action="store_true", help="withdraw the deduction: its points are restored"
    )
    p.add_argument("--reason", required=True, metavar="T", help="why (required)")
    p.set_defaults(handler=cmd_decide)
    group.set_defaults(handler=lambda _args: usage(group))
