"""``bqinspect review``: the lead's comments, approval, return and reopening of an inspection."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bqinspect.cli.common import EXIT_OK, out, read_file, usage, workspace

if TYPE_CHECKING:
    from bqinspect.services.inspections import InspectionHead

ID_HELP = "inspection id (or unique prefix)"


def _decided(head: InspectionHead) -> None:
    out(
        f"{head.decision} {head.id} revision {head.revision} "
        f"(review revision {head.review_revision}): status {head.status}"
    )


def cmd_approve(args: argparse.Namespace) -> int:
    from bqinspect.services import review
    from bqinspect.services.inspections import find_inspection, get_inspection

    png = read_file(args.signature, "--signature") if args.signature else None
    with workspace(args) as ws:
        head = find_inspection(ws, args.id)
        review.approve(ws, head.id, text=args.comment or "", signature_png=png)
        _decided(get_inspection(ws, head.id))
    return EXIT_OK


def cmd_return(args: argparse.Namespace) -> int:
    from bqinspect.services import review
    from bqinspect.services.inspections import find_inspection, get_inspection

    with workspace(args) as ws:
        head = find_inspection(ws, args.id)
        review.return_inspection(ws, head.id, args.reason, items=args.item or ())
        _decided(get_inspection(ws, head.id))
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace) -> int:
    from bqinspect.services import review
    from bqinspect.services.inspections import find_inspection, get_inspection

    with workspace(args) as ws:
        head = find_inspection(ws, args.id)
        review.reopen(ws, head.id, args.reason)
        _decided(get_inspection(ws, head.id))
    return EXIT_OK


def cmd_comment(args: argparse.Namespace) -> int:
    from bqinspect.services import review
    from bqinspect.services.inspections import find_inspection

    with workspace(args) as ws:
        head = find_inspection(ws, args.id)
        row = review.comment(ws, head.id, args.text, item_id=args.item or "")
    where = row.item_id or "the whole inspection"
    out(f"comment on {where} by {row.author or '—'} ({row.role}) at {row.at.isoformat()}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``review`` and its actions to the main parser's sub-commands."""
    group = sub.add_parser(
        "review",
        help="the lead's review: comment, approve, return, reopen",
        description="The lead's (or head office's) review of a submitted inspection. Exit "
        "status 1 when refused: an installation whose role does not own the review, a wrong "
        "status, a missing reason, an unknown item or inspection.",
    )
    actions = group.add_subparsers(metavar="ACTION")
    p = actions.add_parser("approve", help="approve the submitted revision (it is then locked)")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--comment", metavar="TEXT", help="the lead's comment")
    p.add_argument("--signature", metavar="PNG", help="the lead's signature")
    p.set_defaults(handler=cmd_approve)

    p = actions.add_parser("return", help="return it to the inspector, naming what to redo")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--reason", required=True, metavar="TEXT", help="why (required)")
    p.add_argument(
        "--item",
        action="extend",
        nargs="+",
        metavar="ITEM",
        help="item(s) to redo; each gets the reason as a comment",
    )
    p.set_defaults(handler=cmd_return)

    p = actions.add_parser("comment", help="comment on an item or on the whole inspection")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("text", metavar="TEXT", help="the comment (added to the thread, never edited)")
    p.add_argument("--item", metavar="ITEM", help="the item; without it the whole inspection")
    p.set_defaults(handler=cmd_comment)

    p = actions.add_parser("reopen", help="reopen an approved inspection, with a reason")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--reason", required=True, metavar="TEXT", help="why (required)")
    p.set_defaults(handler=cmd_reopen)
    group.set_defaults(handler=lambda _args: usage(group))
