"""``bqinspect inspections show``: one inspection's whole record, as text or stable JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bqinspect.cli.common import EXIT_OK, out, workspace

if TYPE_CHECKING:
    from bqinspect.domain.forms import Form
    from bqinspect.services.inspections import InspectionHead, Record
    from bqinspect.store.workspace import Workspace

JsonObject = dict[str, Any]


def cmd_show(args: argparse.Namespace) -> int:
    from bqinspect.services.inspections import find_inspection, form_of, read_inspection

    with workspace(args) as ws:
        record = read_inspection(ws, find_inspection(ws, args.id).id)
        shown = record_json(ws, record, form_of(ws, record.inspection))
    if args.json:
        out(json.dumps(shown, ensure_ascii=False, indent=2, default=str))
    else:
        for line in record_lines(shown):
            out(line)
    return EXIT_OK


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def record_json(ws: Workspace, record: Record, form: Form) -> JsonObject:
    """The record as the documented JSON object (keys stable: see the README)."""
    from bqinspect.services.inspections import sorted_findings

    head = record.inspection
    answers = record.answer_map()
    threads: dict[str, list[JsonObject]] = {}
    for c in sorted(record.item_comments, key=lambda c: c.at):
        threads.setdefault(c.item_id, []).append(
            {"at": _when(c.at), "author": c.author, "role": c.role, "text": c.text}
        )
    order = {item.id: n for n, item in enumerate(form.items())}
    return {
        **_header(head),
        "score": _score(ws, record),
        "answers": [
            {
                "item": a.item_id,
                "value": a.value,
                "na": a.is_na,
                "note": a.note,
                "points_awarded": a.points_awarded,
                "points_possible": a.points_possible,
            }
            for a in sorted(answers.values(), key=lambda a: order.get(a.item_id, len(order)))
        ],
        "findings": [
            {
                "id": str(f.id),
                "item": f.item_id,
                "severity": f.severity,
                "status": f.status,
                "description": f.description,
                "responsible": f.responsible,
                "due_date": None if f.due_date is None else f.due_date.isoformat(),
                "points_deducted": f.points_deducted,
                "revision": f.revision,
                "followup_revision": f.followup_revision,
            }
            for f in sorted_findings(record.findings)
        ],
        "signatures": [
            {"role": g.role, "name": g.name, "signed_at": _when(g.signed_at)}
            for g in sorted(record.signatures, key=lambda g: g.signed_at)
        ],
        "reviews": [
            {
                "at": _when(r.at),
                "reviewer": r.reviewer,
                "role": r.role,
                "decision": r.decision,
                "comment": r.comment,
                "revision": r.inspection_revision,
            }
            for r in sorted(record.reviews, key=lambda r: r.at)
        ],
        "comments": [
            {"item": item or None, "comments": thread}
            for item, thread in sorted(threads.items(), key=lambda t: order.get(t[0], -1))
        ],
        "audit": [
            {
                "at": _when(a.at),
                "actor": a.actor,
                "role": a.role,
                "device": None if a.device_id is None else str(a.device_id),
                "entity": a.entity,
                "entity_id": a.entity_id,
                "action": a.action,
                "field": a.field,
                "old": a.old,
                "new": a.new,
                "reason": a.why,
                "revision": a.revision,
            }
            for a in record.audit
        ],
    }


def _header(head: InspectionHead) -> JsonObject:
    return {
        "id": str(head.id),
        "branch": head.branch_code,
        "form": head.form_id,
        "form_version": head.form_version,
        "kind": head.kind,
        "status": head.status,
        "work_status": head.work_status,
        "decision": head.decision or None,
        "revision": head.revision,
        "reviewed_revision": head.reviewed_revision,
        "review_revision": head.review_revision,
        "inspectors": list(head.inspectors),
        "lead": head.lead,
        "visit_start": _when(head.visit_start),
        "visit_end": _when(head.visit_end),
        "submitted_at": _when(head.submitted_at),
        "notes": head.notes,
        "internal_notes": head.internal_notes,
    }


def _score(ws: Workspace, record: Record) -> JsonObject:
    """The stored score once submitted (what reports print), else the live one of a draft."""
    from bqinspect.domain.lifecycle import is_draft
    from bqinspect.services.inspections import score_of

    head = record.inspection
    if head.overall_score is not None and not is_draft(head.status):
        return {
            "overall": head.overall_score,
            "grade": head.grade,
            "sections": dict(head.section_scores or {}),
            "veto_hits": list(head.veto_hits or ()),
            "stored": True,
        }
    live = score_of(ws, record)
    return {
        "overall": round(live.overall, 2),
        "grade": live.grade,
        "sections": live.stored_sections(),
        "veto_hits": list(live.veto_hits),
        "stored": False,
    }


# text -------------------------------------------------------------------------------------------
def record_lines(shown: Mapping[str, Any]) -> Iterable[str]:
    """The JSON object as lines for a person."""
    yield (
        f"inspection {shown['id']} · branch {shown['branch']} · form {shown['form']} "
        f"{shown['form_version']} ({shown['kind']})"
    )
    reviewed = shown["reviewed_revision"]
    yield (
        f"status {shown['status']} (work {shown['work_status']}, decision "
        f"{shown['decision'] or '—'}) · revision {shown['revision']}"
        + (f" (reviewed r{reviewed})" if reviewed is not None else "")
        + f" · review revision {shown['review_revision']}"
    )
    yield (
        f"inspectors {', '.join(shown['inspectors']) or '—'} · lead {shown['lead'] or '—'} · "
        f"visit {shown['visit_start']}"
    )
    score = shown["score"]
    veto = f" · veto {', '.join(score['veto_hits'])}" if score["veto_hits"] else ""
    yield (
        f"score {score['overall']:.2f} · grade {score['grade']}{veto} "
        f"({'stored' if score['stored'] else 'live'})"
    )
    for section, s in score["sections"].items():
        percent = "—" if s.get("percent") is None else f"{s['percent']:.1f} %"
        yield f"  {section:<8} weight {s.get('weight')}: {percent}"
    yield f"findings ({len(shown['findings'])}):"
    for f in shown["findings"]:
        yield (
            f"  {f['item'] or '—':<8} {f['severity']:<9} {f['status']:<10} "
            f"due {f['due_date'] or '—'}  {f['description']}"
        )
    yield f"reviews ({len(shown['reviews'])}):"
    for r in shown["reviews"]:
        yield (
            f"  {r['at']}  {r['reviewer']} ({r['role']}) {r['decision']} r{r['revision']}: "
            f"{r['comment']}"
        )
    yield f"comments ({sum(len(t['comments']) for t in shown['comments'])}):"
    for thread in shown["comments"]:
        yield f"  {thread['item'] or 'whole inspection'}:"
        for c in thread["comments"]:
            yield f"    {c['at']}  {c['author']} ({c['role']}): {c['text']}"
    yield f"audit ({len(shown['audit'])}):"
    for a in shown["audit"]:
        change = f" {a['field']}: {_plain(a['old'])} → {_plain(a['new'])}" if a["field"] else ""
        yield (
            f"  {a['at']}  {a['actor'] or '—'} ({a['role'] or '—'}, device "
            f"{(a['device'] or '—')[:8]}) {a['entity']} {a['action']}{change}"
            + (f"  reason: {a['reason']}" if a["reason"] else "")
            + (f"  r{a['revision']}" if a["revision"] is not None else "")
        )


def _plain(value: Any) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False, default=str)
