"""``bqinspect inspections``: list (a table or JSON), start, submit, show one, its deductions."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from bqinspect.base.errors import Problem, Refused
from bqinspect.cli import inspection_show
from bqinspect.cli.common import (
    EXIT_OK,
    err,
    out,
    parse_date,
    parse_time,
    read_file,
    usage,
    workspace,
)
from bqinspect.domain.messages import declare

REFUSED = declare(
    "cli.inspections.refused",
    "{what}: {message}",
    "{what}：{message}",
)
INSPECTOR_S_SIGNATURE_REQUIRED = declare(
    "cli.inspections.inspector_s_signature_required",
    "the inspector's signature is required",
    "须有检查员签名",
)


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


def cmd_start(args: argparse.Namespace) -> int:
    """Start an inspection on the newest installed version of the form, or a re-check of the
    branch's open findings (``--recheck``); prints its id alone."""
    from bqinspect.services.branches import get_branch
    from bqinspect.services.catalog import find_form_version
    from bqinspect.services.inspections import start_inspection
    from bqinspect.services.recheck import start_recheck

    if bool(args.form) == bool(args.recheck):
        raise argparse.ArgumentTypeError("give either --form FORM_ID or --recheck")
    with workspace(args) as ws:
        visit = args.at
        if visit is not None and visit.tzinfo is None:
            visit = visit.replace(tzinfo=ws.zone())
        if args.recheck:
            insp = start_recheck(
                ws, args.branch, inspectors=args.inspector or (), visit_start=visit
            )
            for item in ws.form(insp.form_version_id).items():  # what to answer, off stdout
                err(f"{item.id}  {item.severity.value:<11} {item.text.zh}")
        else:
            insp = start_inspection(
                ws,
                get_branch(ws, args.branch).id,
                find_form_version(ws, args.form).id,
                inspectors=args.inspector or (),
                visit_start=visit,
            )
    out(str(insp.id))
    return EXIT_OK


def cmd_submit(args: argparse.Namespace) -> int:
    """Sign and submit; a refusal lists everything missing and changes nothing."""
    from bqinspect.services import inspections as svc

    if bool(args.manager) != bool(args.manager_signature):
        raise argparse.ArgumentTypeError("--manager and --manager-signature go together")
    signature = read_file(args.signature, "--signature") if args.signature else None
    manager = read_file(args.manager_signature, "--manager-signature") if args.manager else None
    with workspace(args) as ws:
        head = svc.find_inspection(ws, args.id)
        problems = [
            Problem(m.item_id, REFUSED(what=m.what, message=m.message))
            for m in svc.check_submission(ws, head.id)
        ]
        signed = any(g.role == "inspector" for g in svc.signatures_of(ws, head.id))
        if signature is None and not signed:
            problems.append(Problem("signature", INSPECTOR_S_SIGNATURE_REQUIRED()))
        if problems:
            raise Refused(problems)
        if signature is not None:
            name = args.name or (head.inspectors[0] if head.inspectors else ws.who())
            svc.add_signature(ws, head.id, "inspector", name, signature)
        if manager is not None:
            svc.add_signature(ws, head.id, "manager", args.manager, manager)
        result = svc.submit(ws, head.id)
        after = svc.get_inspection(ws, head.id)
        findings = len(svc.findings_of(ws, head.id))
    veto = f" · veto {', '.join(result.veto_hits)}" if result.veto_hits else ""
    out(
        f"submitted {after.id} revision {after.revision}: score {result.overall:.2f} · "
        f"grade {result.grade}{veto} · {findings} finding(s)"
    )
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``inspections`` and its actions to the main parser's sub-commands."""
    group = sub.add_parser("inspections", help="inspections: list, start, submit, show")
    group.set_defaults(handler=lambda _args: usage(group))
    insp = group.add_subparsers(metavar="ACTION")
    p = insp.add_parser("list", help="list inspections")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--status", choices=["draft", "submitted", "approved", "returned"])
    p.add_argument("--kind", choices=["onsite", "mystery"])
    p.add_argument("--branch", help="branch code")
    p.add_argument("--since", help="visits on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="visits on or before this date")
    p.add_argument("--search", help="text search")
    p.set_defaults(handler=cmd_list)

    p = insp.add_parser(
        "start",
        help="start an inspection; prints its id alone on a line",
        description="Start an inspection at a branch on the newest installed version of a "
        "form (or FORM_ID@VERSION), or with --recheck a re-check visit (复查) of the branch's "
        "open findings, one item each. Prints the new inspection's id, alone on a line, so "
        "ID=$(bqinspect inspections start ...) works.",
    )
    p.add_argument("--branch", required=True, metavar="CODE", help="the branch's code")
    p.add_argument("--form", metavar="FORM_ID", help="form id (or id@version)")
    p.add_argument(
        "--recheck",
        action="store_true",
        help="a re-check visit of the branch's open findings (instead of --form): a pass "
        "verifies the finding once the lead approves the visit",
    )
    p.add_argument(
        "--inspector",
        action="extend",
        nargs="+",
        metavar="NAME",
        help="inspector name(s); default: this installation's user",
    )
    p.add_argument(
        "--at",
        type=parse_time,
        metavar="ISO",
        help="visit start, ISO 8601 (without a zone: the bank's); default now",
    )
    p.set_defaults(handler=cmd_start)

    p = insp.add_parser(
        "submit",
        help="sign and submit an inspection",
        description="Sign (PNG signatures) and submit: the answers are locked, the scores and "
        "findings stored. A refusal lists everything still missing and changes nothing.",
    )
    p.add_argument("id", metavar="ID", help="inspection id (or unique prefix)")
    p.add_argument("--signature", metavar="PNG", help="the inspector's signature")
    p.add_argument("--name", help="the inspector signing (default: the first inspector)")
    p.add_argument("--manager", metavar="NAME", help="the branch manager signing too")
    p.add_argument("--manager-signature", metavar="PNG", help="the branch manager's signature")
    p.set_defaults(handler=cmd_submit)

    p = insp.add_parser(
        "show",
        help="one inspection: header, status, revisions, scores, findings, reviews, audit",
        description="Show one inspection's record: header, status (work status and the "
        "lead's decision), the inspector's and the lead's revisions, scores, answers, "
        "findings, signatures, reviews, comments by item, and its audit trail.",
    )
    p.add_argument("id", metavar="ID", help="inspection id (or unique prefix)")
    p.add_argument("--json", action="store_true", help="machine-readable output (see README)")
    p.set_defaults(handler=inspection_show.cmd_show)

    from bqinspect.cli.deductions import add_inspection_parser

    add_inspection_parser(insp)
