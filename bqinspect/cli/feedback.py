"""``bqinspect feedback``: the customer feedback register: add, list, show, handle, reply, close."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.cli.common import EXIT_OK, out, parse_time, workspace
from bqinspect.domain.messages import said

if TYPE_CHECKING:
    from bqinspect.services.feedback_view import FeedbackView

CHANNELS = ("at_branch", "hotline", "online", "letter", "regulator_referral", "other")
CATEGORIES = (
    "service_attitude",
    "business_process",
    "facilities",
    "fees",
    "products",
    "information_disclosure",
    "other",
)
DESCRIPTION = (
    "The customer feedback register (the lead's and head office's): channel, category, branch, "
    "content and the customer's contact (office copy only), a reply date from the bank's rules "
    "(default 15 days from receipt), handling steps, the reply and whether the customer "
    "accepted it, follow-up and closure. Exit status 1, with the reason, on any refusal."
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def as_json(v: FeedbackView, *, steps: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(v.id),
        "branch": v.branch_code,
        "branch_name": v.branch_name,
        "channel": v.channel,
        "category": v.category,
        "received_at": _when(v.received_at),
        "content": v.content,
        "contact_name": v.contact_name,
        "contact_phone": v.contact_phone,
        "assigned_to": v.assigned_to,
        "reply_due": _when(v.reply_due),
        "extensions": v.extensions,
        "status": v.status,
        "overdue": v.overdue,
        "replied_at": _when(v.replied_at),
        "replied_late": v.replied_late,
        "reply_method": v.reply_method,
        "reply": v.reply_text,
        "accepted": v.accepted,
        "follow_up": v.follow_up,
        "closed_at": _when(v.closed_at),
        "finding": str(v.finding_id) if v.finding_id else None,
        "finding_status": v.finding_status or None,
        "revision": v.revision,
    }
    if steps:
        data["steps"] = [
            {"kind": s.kind, "at": _when(s.at), "actor": s.actor, "role": s.role, "text": s.text}
            for s in v.steps
        ]
    return data


def _line(v: FeedbackView) -> str:
    flag = "OVERDUE" if v.overdue else ""
    due = v.reply_due.isoformat() if v.reply_due else "—"
    return (
        f"{str(v.id)[:8]}  {v.branch_code:<6} {v.channel:<18} {v.category:<22} "
        f"{v.status:<8} due {due} {flag}".rstrip()
    )


def _received(ws: Any, text: str | None) -> Any:
    if not text:
        return None
    moment = parse_time(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ws.zone())


def cmd_add(args: argparse.Namespace) -> int:
    from bqinspect.services.feedback import add_feedback

    with workspace(args) as ws:
        item = add_feedback(
            ws,
            branch=args.branch,
            channel=args.channel,
            category=args.category,
            content=args.text,
            received_at=_received(ws, args.received),
            contact_name=args.contact_name or "",
            contact_phone=args.contact_phone or "",
            assigned_to=args.assign or "",
        )
    out(str(item.id))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from bqinspect.services.feedback_view import FeedbackFilter, list_feedback

    f = FeedbackFilter(
        channel=args.channel or "",
        category=args.category or "",
        branch=args.branch or "",
        status=args.status or "",
        open_only=args.open,
        overdue_only=args.overdue,
    )
    with workspace(args) as ws:
        rows = list_feedback(ws, f)
    if args.json:
        out(json.dumps([as_json(v) for v in rows], ensure_ascii=False, indent=2))
    elif not rows:
        out("no feedback matches")
    else:
        for v in rows:
            out(_line(v))
    return EXIT_OK


def _show(v: FeedbackView, as_json_output: bool) -> None:
    if as_json_output:
        out(json.dumps(as_json(v, steps=True), ensure_ascii=False, indent=2))
        return
    out(_line(v))
    out(f"received {v.received_at.isoformat()} at {v.branch_code} {v.branch_name}")
    out(f"content: {v.content}")
    if v.contact_name or v.contact_phone:
        out("contact: " + " ".join(x for x in (v.contact_name, v.contact_phone) if x))
    if v.assigned_to:
        out(f"assigned to: {v.assigned_to}")
    if v.replied_at:
        accepted = {True: "accepted", False: "not accepted", None: "acceptance not known"}
        out(f"reply {v.replied_at.isoformat()} by {v.reply_method}: {v.reply_text}")
        out(f"  {accepted[v.accepted]}{' (late)' if v.replied_late else ''}")
    if v.follow_up:
        out(f"follow-up: {v.follow_up}")
    if v.finding_id:
        out(f"finding {v.finding_id}: {v.finding_status or 'not on this machine'}")
    for s in v.steps:
        out(f"  {s.at.isoformat()}  {s.kind:<12} {s.actor} ({s.role}) {s.text}".rstrip())


def cmd_show(args: argparse.Namespace) -> int:
    from bqinspect.services.feedback_view import get_feedback

    with workspace(args) as ws:
        _show(get_feedback(ws, args.id), args.json)
    return EXIT_OK


def _change(args: argparse.Namespace) -> int:
    """Run one change of a feedback item and print it as it is now."""
    from bqinspect.services import feedback as svc

    with workspace(args) as ws:
        action = args.action
        if action == "reply":
            accepted = None if args.accepted is None else svc.parse_accepted(args.accepted)
            view = svc.reply(ws, args.id, args.text, method=args.method, accepted=accepted)
        elif action == "close":
            view = svc.close(ws, args.id, args.text or "")
        elif action == "open-finding":
            view = svc.open_finding(
                ws, args.id, severity=args.severity, requirement=args.requirement or ""
            )
        else:
            changes = {
                "step": svc.add_step,
                "assign": svc.assign,
                "extend": svc.extend,
                "follow-up": svc.follow_up,
                "reopen": svc.reopen,
            }
            view = changes[action](ws, args.id, args.text)
    out(_line(view))
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    """Print the bank's reply-date rules; set one (same channel and category replaced), or reset."""
    from bqinspect.domain import feedback as fb
    from bqinspect.services import feedback as svc

    with workspace(args) as ws:
        rules = svc.reply_rules(ws)
        if args.reset:
            rules = list(fb.DEFAULT_RULES)
            svc.set_reply_rules(ws, rules)
        elif args.days is not None:
            try:
                (rule,) = fb.parse_rules(
                    [
                        {
                            "channel": args.channel or "",
                            "category": args.category or "",
                            "days": args.days,
                            "working_days": args.working_days,
                        }
                    ]
                )
            except ValueError as exc:
                raise Refused(said(exc), where="--days") from exc
            rules = [r for r in rules if (r.channel, r.category) != (rule.channel, rule.category)]
            svc.set_reply_rules(ws, [*rules, rule])
            rules = svc.reply_rules(ws)
    if args.json:
        out(json.dumps(fb.rules_setting(rules), ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in sorted(rules, key=lambda r: -r.specificity):
        unit = "working days" if r.working_days else "days"
        channel = r.channel.value if r.channel else "any channel"
        category = r.category.value if r.category else "any category"
        out(f"{channel:<18} {category:<22} {r.days} {unit}")
    out(f"default: {fb.DEFAULT_SOURCE}")
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add ``feedback`` and its actions to the main parser's sub-commands."""
    group = sub.add_parser(
        "feedback", help="the customer feedback register", description=DESCRIPTION
    ).add_subparsers(metavar="ACTION")
    p = group.add_parser("add", help="record a feedback item (prints its id)")
    p.add_argument("--branch", required=True, metavar="CODE")
    p.add_argument("--channel", required=True, metavar="C", help=", ".join(CHANNELS))
    p.add_argument("--category", required=True, metavar="K", help=", ".join(CATEGORIES))
    p.add_argument("--text", required=True, metavar="T", help="what the customer said")
    p.add_argument("--received", metavar="ISO", help="when it was received (default: now)")
    p.add_argument("--contact-name", metavar="NAME", help="the customer's name (office copy)")
    p.add_argument("--contact-phone", metavar="PHONE", help="the customer's phone (office copy)")
    p.add_argument("--assign", metavar="NAME", help="who handles it")
    p.set_defaults(handler=cmd_add)

    p = group.add_parser("list", help="the register, overdue first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--open", action="store_true", help="only those not replied to yet")
    p.add_argument("--overdue", action="store_true", help="only those past their reply date")
    p.add_argument("--channel", choices=CHANNELS)
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--branch", metavar="CODE")
    p.add_argument("--status", choices=("received", "handling", "replied", "closed"))
    p.set_defaults(handler=cmd_list)

    p = group.add_parser("show", help="one item with its steps")
    p.add_argument("id", help="feedback id (or unique prefix)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)

    p = group.add_parser("reply", help="the reply to the customer")
    p.add_argument("id")
    p.add_argument("--text", required=True, metavar="T")
    p.add_argument("--accepted", metavar="yes|no", help="did the customer accept the reply")
    p.add_argument(
        "--method",
        default="phone",
        choices=("phone", "in_person", "letter", "online", "sms", "other"),
        help="how the customer was answered (default phone)",
    )
    p.set_defaults(handler=_change, action="reply")

    p = group.add_parser("close", help="close an item that was replied to")
    p.add_argument("id")
    p.add_argument("--text", metavar="T", help="a closing note")
    p.set_defaults(handler=_change, action="close")

    texts = {
        "step": ("a handling step: what was done", "T"),
        "assign": ("who handles it", "NAME"),
        "extend": ("extend the reply date (30, then 60 days) with the reason", "REASON"),
        "follow-up": ("what a later check found", "T"),
        "reopen": ("reopen a closed item, with the reason", "REASON"),
    }
    for action, (help_text, metavar) in texts.items():
        p = group.add_parser(action, help=help_text)
        p.add_argument("id")
        p.add_argument("--text", required=True, metavar=metavar)
        p.set_defaults(handler=_change, action=action)

    p = group.add_parser(
        "rules",
        help="the bank's reply-date rules: print, set one, or reset",
        description="Days from receipt to the reply, per channel and/or category (the most "
        "specific rule wins). The default, 15 days for every item, follows the 2020 consumer-"
        "complaint rules; a rule given again for the same channel and category replaces it.",
    )
    p.add_argument("--channel", choices=CHANNELS, help="the rule's channel (default: any)")
    p.add_argument("--category", choices=CATEGORIES, help="the rule's category (default: any)")
    p.add_argument("--days", type=int, metavar="N", help="set the rule: N days (1–365)")
    p.add_argument("--working-days", action="store_true", help="count working days")
    p.add_argument("--reset", action="store_true", help="back to the default rule")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rules)

    p = group.add_parser("open-finding", help="open a finding on the item's branch")
    p.add_argument("id")
    p.add_argument(
        "--severity", default="general", choices=("critical", "major", "general", "observation")
    )
    p.add_argument("--requirement", metavar="T", help="what the branch is to do")
    p.set_defaults(handler=_change, action="open-finding")
