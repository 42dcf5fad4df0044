"""DEMO history's findings along their lifecycle: on time, late, rejected and reworked, overdue.

Each step is stored as :func:`bqinspect.services.rectification.advance` stores it (the finding's
new status, due date and revision, a ``FindingEvent`` and an ``AuditEvent``, evidence photos on
a submission), with the time of the step in the past instead of now.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from bqinspect.photos import IngestedPhoto
from bqinspect.services.bulk_rows import row
from bqinspect.services.rectification import TRANSITIONS, Action, halved_due
from bqinspect.store.models import AuditEvent, FindingEvent, Photo

TEXTS = {
    Action.SUBMIT: "演示：已完成整改，附整改后照片。",
    Action.REJECT: "演示：整改不到位，请重新整改。",
}
RECENT_DAYS = 180  # older findings are all closed by now; only recent ones may stay overdue


@dataclass(frozen=True)
class Step:
    action: Action
    day: date


Row = dict[str, Any]


@dataclass
class Trail:
    """The rows one finding's history adds (the finding's row itself is updated in place)."""

    events: list[Row]
    audits: list[Row]
    photos: list[Row]


def _at(day: date, rng: random.Random, tz: Any) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)), tzinfo=tz)


def plan(issued: date, due: date, today: date, rng: random.Random) -> list[Step]:
    """The steps of one finding issued on ``issued``, all before ``today``."""
    steps = _steps(issued, due, today, rng)
    kept = next((i for i, step in enumerate(steps) if step.day > today), len(steps))
    return steps[:kept]  # a late or reworked finding due just before today is still under way


def _steps(issued: date, due: date, today: date, rng: random.Random) -> list[Step]:
    start = issued + timedelta(days=rng.randint(1, 3))
    roll = rng.random()
    recent = (today - issued).days <= RECENT_DAYS
    if due >= today:  # still running: somewhere along the way
        stage = rng.choice([[], [Action.START], [Action.START, Action.SUBMIT]])
        days = [start, start + timedelta(days=1)]
        return [Step(a, min(d, today)) for a, d in zip(stage, days, strict=False)]
    if recent and roll < 0.15:  # overdue: never reported back
        return [Step(Action.START, start)] if rng.random() < 0.6 else []
    span = max(2, (due - start).days)
    if roll < 0.6:  # closed on time
        submitted = start + timedelta(days=rng.randint(1, max(1, span - 1)))
        return [
            Step(Action.START, start),
            Step(Action.SUBMIT, submitted),
            Step(Action.VERIFY, min(due, submitted + timedelta(days=1))),
        ]
    if roll < 0.8:  # closed late
        submitted = due + timedelta(days=rng.randint(2, 20))
        return [
            Step(Action.START, start),
            Step(Action.SUBMIT, submitted),
            Step(Action.VERIFY, submitted + timedelta(days=rng.randint(1, 4))),
        ]
    submitted = start + timedelta(days=rng.randint(1, max(1, span - 1)))
    rejected = submitted + timedelta(days=1)
    steps = [
        Step(Action.START, start),
        Step(Action.SUBMIT, submitted),
        Step(Action.REJECT, rejected),
    ]
    if recent and roll < 0.9:
        return steps  # rejected and not yet reworked
    again = rejected + timedelta(days=rng.randint(2, 5))
    return [
        *steps,
        Step(Action.REWORK, rejected + timedelta(days=1)),
        Step(Action.SUBMIT, again),
        Step(Action.VERIFY, again + timedelta(days=1)),
    ]


def _snapshot(finding: Row) -> dict[str, Any]:
    due: date | None = finding["due_date"]
    return {
        "status": finding["status"],
        "severity": finding["severity"],
        "due_date": due.isoformat() if due else None,
    }


def apply(
    finding: Row,
    issued: date,
    steps: list[Step],
    *,
    branch_actor: str,
    verifier: str,
    evidence: IngestedPhoto,
    rng: random.Random,
) -> Trail:
    """Move the finding's row through ``steps``, returning the rows that record them."""
    trail = Trail([], [], [])
    last: datetime = finding["created_at"]
    for step in steps:
        at = max(_at(step.day, rng, last.tzinfo), last + timedelta(minutes=30))
        last = at
        before = _snapshot(finding)
        data: dict[str, Any] = {"from": finding["status"]}
        result = ""
        target = TRANSITIONS[step.action].target
        if target is not None:
            finding["status"] = target.value
        if step.action is Action.VERIFY:
            finding["closed_at"] = at
            result = "passed"
            data["method"] = "photo_review"
        elif step.action is Action.REJECT:
            result = "not_passed"
            finding["due_date"] = halved_due(issued, finding["due_date"], step.day)
        if step.action in (Action.REWORK, Action.REJECT):
            finding["closed_at"] = None
        data["to"] = finding["status"]
        after = _snapshot(finding)
        if after["due_date"] != before["due_date"]:
            data["due_date"] = after["due_date"]
        actor = verifier if step.action in (Action.VERIFY, Action.REJECT) else branch_actor
        text = TEXTS.get(step.action, "")
        event = row(FindingEvent, finding_id=finding["id"], kind=step.action.value, actor=actor,
                    at=at, text=text, result=result, data=data)  # fmt: skip
        if step.action is Action.SUBMIT:
            data["photos"] = [evidence.sha256]
            trail.photos.append(
                row(
                    Photo,
                    inspection_id=finding["inspection_id"],
                    finding_id=finding["id"],
                    finding_event_id=event["id"],
                    blob_sha256=evidence.sha256,
                    position=0,
                    created_at=at,
                    updated_at=at,
                )
            )
        trail.events.append(event)
        finding["followup_revision"] += 1
        finding["updated_at"] = at
        trail.audits.append(
            row(
                AuditEvent,
                at=at,
                actor=actor,
                entity="finding",
                entity_id=str(finding["id"]),
                action=step.action.value,
                field="status",
                old=before,
                new=after,
                why=text,
            )
        )
    return trail
