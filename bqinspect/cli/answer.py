"""``bqinspect answer ID ITEM VALUE``: one answer (and note), read for the item's type."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from bqinspect.base.errors import Refused
from bqinspect.cli.common import EXIT_OK, out, workspace

if TYPE_CHECKING:
    from bqinspect.services.inspections import AnswerRow

DESCRIPTION = (
    "Answer one item of an inspection, committed at once. VALUE is read for the item's type "
    "as the editor reads it: yes/no (also pass/fail, 是/否), numbers, a rating, x/y for a "
    "count (or x when the count is fixed), an option's value or label (several separated by "
    "commas), a date or an ISO date-time (without a zone: the bank's), seconds or m:ss for a "
    "duration; 'na' is not applicable and an empty VALUE clears the answer. Once the "
    "inspection is submitted the change is an amendment: --reason is required, it is audited "
    "and the stored score and findings are recomputed. Prints the item's new state and the "
    "live score."
)


def cmd_answer(args: argparse.Namespace) -> int:
    from bqinspect.domain.answer_text import read_answer
    from bqinspect.domain.values import ValueProblem
    from bqinspect.services import inspections as svc
    from bqinspect.services.inspections.common import item_of

    why = args.reason or ""
    with workspace(args) as ws:
        head = svc.find_inspection(ws, args.id)
        item = item_of(svc.form_of(ws, head), args.item)
        try:
            typed = read_answer(item, args.value, ws.zone())
        except ValueProblem as exc:
            raise Refused(exc.reason, where=item.id) from None
        if args.note is not None:  # first, so a finding drafted by the answer carries it
            svc.set_note(ws, head.id, item.id, args.note, why=why)
        saved = svc.set_answer(ws, head.id, item.id, typed.value, na=typed.na, why=why)
        revision = svc.get_inspection(ws, head.id).revision
    answer = saved.answers.get(item.id)
    scored = saved.score.items[item.id]
    parts = [f"{item.id} = {_state(answer)}"]
    if scored.applicable:
        parts.append(f"{round(scored.achieved, 2):g}/{scored.points:g} points")
    if answer is not None and answer.note:
        parts.append(f"note {answer.note!r}")
    if item.id in saved.findings:
        finding = saved.findings[item.id]
        parts.append("finding withdrawn" if finding is None else f"finding {finding.severity}")
    out(" · ".join(parts))
    veto = f" · veto {', '.join(saved.score.veto_hits)}" if saved.score.veto_hits else ""
    out(f"score {saved.score.overall:.2f} · grade {saved.score.grade}{veto} · revision {revision}")
    return EXIT_OK


def _state(answer: AnswerRow | None) -> str:
    if answer is None or (answer.value is None and not answer.is_na):
        return "(not answered)"
    if answer.is_na:
        return "na"
    value = answer.value
    if isinstance(value, dict) and set(value) == {"x", "y"}:
        return f"{value['x']}/{value['y']}"  # a count, as typed
    if isinstance(value, list):
        return ",".join(map(str, value))  # options, as typed
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def add_parsers(sub: Any) -> None:
    """Add ``answer`` to the main parser's sub-commands."""
    p = sub.add_parser("answer", help="answer one item of an inspection", description=DESCRIPTION)
    p.add_argument("id", metavar="ID", help="inspection id (or unique prefix)")
    p.add_argument("item", metavar="ITEM", help="the item's id in the form, e.g. ENV-01")
    p.add_argument("value", metavar="VALUE", help="the answer as typed ('na': not applicable)")
    p.add_argument("--note", metavar="TEXT", help="the item's note")
    p.add_argument("--reason", metavar="TEXT", help="why (required once submitted: an amendment)")
    p.set_defaults(handler=cmd_answer)
