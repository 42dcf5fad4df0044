"""Two years of DEMO history: quarterly visits to every branch by a team that includes a
lenient and a strict inspector, scored by the real scoring function, findings closed or not.

The rows are what the use cases store for an inspection answered, signed, submitted and
approved (and for its findings moved along by ``rectification.advance``), written in one
transaction so that the demo workspace is built in seconds; only the times lie in the past.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import SQLModel

from bqinspect.domain.forms import AnswerType, Form, Item, PhotoRule, Severity
from bqinspect.domain.lifecycle import Decision
from bqinspect.domain.rules import derived_durations, due_date
from bqinspect.domain.scoring import AnswerState, ScoreResult, score
from bqinspect.domain.values import ValueProblem, normalize_value
from bqinspect.photos import IngestedPhoto
from bqinspect.services import demo_rectification
from bqinspect.services.bulk_rows import insert_all, row
from bqinspect.services.inspections.findings import finding_source
from bqinspect.store.blobs import store_blob
from bqinspect.store.models import (
    Answer,
    AuditEvent,
    Branch,
    Finding,
    FindingEvent,
    FormVersion,
    Inspection,
    InspectionStatus,
    Photo,
    Review,
    Signature,
    TimerMark,
)
from bqinspect.store.workspace import Workspace

Rows = dict[type[SQLModel], list[dict[str, Any]]]
QUARTERS = 8  # two years
HISTORY_END_DAYS = 45  # the worked demo inspections fill the last weeks
# a shift of the chance of a good answer: one clearly lenient and one clearly strict inspector
LENIENCY = {"李静": 0.07, "陈思远": -0.08}
PEEVES = {"陈思远": ("STF-", 0.2)}  # and hardest of all on staff conduct: items stand out too
REVIEWER = "审核组长（演示）"
NOTE = "演示：现场发现该项不达标，已拍照留存。"
HISTORY_NOTE = "演示历史记录"


@dataclass(frozen=True)
class Visit:
    """One planned historical inspection."""

    branch: Branch
    version: FormVersion
    team: list[str]
    start: datetime
    quality: float
    approved: bool


@dataclass(frozen=True)
class Kit:
    """What every historical record borrows: photos and signature images, made once."""

    photos: Sequence[IngestedPhoto]
    signatures: dict[str, bytes]
    lang: str
    today: date


# The inspection team's regular programme, which the history replays: the on-site form each
# quarter and the three mystery scenarios in turn. The special checks and the branch's own
# patrols and self-checks are left to the worked demo inspections.
REGULAR_FORMS = frozenset({"branch-onsite", "mystery-cash", "mystery-wealth", "mystery-special"})


def plan_visits(
    branches: Sequence[Branch],
    onsite: Sequence[FormVersion],
    mystery: Sequence[FormVersion],
    inspectors: Sequence[str],
    rng: random.Random,
    now: datetime,
) -> list[Visit]:
    """An on-site visit to every branch each quarter and a mystery visit every other quarter."""
    first = now - timedelta(days=HISTORY_END_DAYS + 91 * QUARTERS)
    visits = []
    for n, branch in enumerate(branches):
        base = rng.uniform(0.8, 0.95)
        for q in range(QUARTERS):
            kinds = [onsite] + ([mystery] if mystery and (q + n) % 2 else [])
            for versions in kinds:
                start = first + timedelta(days=91 * q + rng.randint(0, 88))
                start = start.replace(hour=rng.randint(1, 8), minute=rng.randint(0, 59))
                team = rng.sample(list(inspectors), 1 if rng.random() < 0.7 else 2)
                bias = sum(LENIENCY.get(k, 0.0) for k in team) / len(team)
                trend = 0.03 * q / (QUARTERS - 1)  # the branches improve a little
                visits.append(
                    Visit(
                        branch=branch,
                        version=versions[(q + n) % len(versions)],
                        team=team,
                        start=start,
                        quality=min(0.99, max(0.55, base + trend + bias)),
                        approved=(now - start).days > 60 or rng.random() < 0.5,
                    )
                )
    return sorted(visits, key=lambda v: v.start)


def _value(item: Item, rng: random.Random, quality: float, visit: date) -> tuple[Any, bool]:
    from bqinspect.services.demo import demo_value

    if item.type is AnswerType.DATE:  # dates relative to the visit, not to today
        good = rng.random() < quality
        return (visit - timedelta(days=rng.randint(5, 60) if good else 400)).isoformat(), False
    return demo_value(item, rng, max(quality, 0.985) if item.veto else quality)


def _marks(form: Form, visit: Visit, rng: random.Random) -> dict[str, datetime]:
    """Timer marks of a mystery visit: slower at busy branches and at lunchtime."""
    busy = 1.6 if visit.start.hour in (3, 4, 5) else 1.0  # 11:00–13:59 at UTC+8
    wait = rng.uniform(240, 900) * busy * (2.0 - visit.quality)
    steps = {
        "T1": 150,
        "T2": rng.uniform(3, 12) / visit.quality,
        "T3": 40,
        "T4": wait,
        "T5": 25,
        "T6": rng.uniform(180, 420),
        "T7": 420,  # the shopper stays to the 15-minute dwell before leaving
    }
    marks: dict[str, datetime] = {}
    t = visit.start
    for cp in form.checkpoints:
        t = t + timedelta(seconds=round(steps.get(cp.id, 0 if not marks else 60)))
        marks[cp.id] = t
    return marks


def _answers(
    form: Form, visit: Visit, rng: random.Random, marks: dict[str, datetime]
) -> dict[str, tuple[Any, bool]]:
    visit_day = visit.start.astimezone(UTC).date()
    found: dict[str, tuple[Any, bool]] = {
        k: (v, False) for k, v in derived_durations(form, marks).items() if v is not None
    }
    for item in form.items():
        if item.type in (AnswerType.DURATION, AnswerType.PHOTO, AnswerType.SIGNATURE):
            continue
        quality = visit.quality - sum(
            cut for k in visit.team for prefix, cut in [PEEVES.get(k, ("", 0.0))]
            if prefix and item.id.startswith(prefix)
        )  # fmt: skip
        value, na = _value(item, rng, max(0.3, quality), visit_day)
        if value is None and not na:
            continue
        try:
            found[item.id] = (None if na else normalize_value(item, value), na)
        except ValueProblem:
            continue  # the editor would refuse it; a demo answer simply stays empty
    return found


def _finding(
    insp: dict[str, Any], form: Form, item: Item, result: ScoreResult, kit: Kit
) -> dict[str, Any]:
    """The finding the services draft for a failed item (``inspections._sync_findings``)."""
    severity = Severity.CRITICAL if item.veto else item.severity
    visit_day = insp["visit_start"].astimezone(UTC).date()
    return row(
        Finding,
        inspection_id=insp["id"],
        branch_id=insp["branch_id"],
        item_id=item.id,
        severity=severity.value,
        risk_type=item.risk_type or "",
        description=item.text.get(kit.lang),
        requirement=item.requirement.get(kit.lang) if item.requirement else "",
        observation="",
        due_date=due_date(visit_day, form.deadline(severity)),
        source=finding_source(form, insp["kind"]).value,
        points_deducted=round(item.points - result.items[item.id].achieved, 4),
        created_at=insp["visit_start"],
        updated_at=insp["visit_start"],
    )


def _record(form: Form, visit: Visit, rng: random.Random, kit: Kit) -> Rows:
    """The rows of one historical inspection with everything it carries."""
    marks = _marks(form, visit, rng) if form.checkpoints else {}
    values = _answers(form, visit, rng, marks)
    visit_day = visit.start.astimezone(UTC).date()
    result = score(
        form,
        {k: AnswerState(value=v, na=na) for k, (v, na) in values.items()},
        visit_date=visit_day,
    )
    end = visit.start + timedelta(minutes=rng.randint(50, 110))
    reviewed = end + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
    insp = row(
        Inspection,
        branch_id=visit.branch.id,
        form_version_id=visit.version.id,
        kind=visit.version.kind,
        status=(InspectionStatus.APPROVED if visit.approved else InspectionStatus.SUBMITTED).value,
        work_status=InspectionStatus.SUBMITTED.value,
        decision=Decision.APPROVED.value if visit.approved else Decision.NONE.value,
        reviewed_revision=1 if visit.approved else None,
        review_revision=1 if visit.approved else 0,
        lead=REVIEWER if visit.approved else "",
        inspectors=visit.team,
        shopper_alias="暗访员 M-07（演示）" if visit.version.kind == "mystery" else "",
        visit_start=visit.start,
        visit_end=end,
        notes=HISTORY_NOTE,
        overall_score=round(result.overall, 2),
        grade=result.grade,
        veto_hits=result.veto_hits,
        section_scores=result.stored_sections(),
        submitted_at=end,
        created_at=visit.start,
        updated_at=reviewed if visit.approved else end,
    )
    rows: Rows = defaultdict(list)
    rows[Inspection].append(insp)
    rows[TimerMark] += [
        row(TimerMark, inspection_id=insp["id"], checkpoint=c, at=at, created_at=at)
        for c, at in marks.items()
    ]
    minute = 0
    findings = rows[Finding]
    for item in form.items():
        item_score = result.items[item.id]
        failed = item_score.failed and not item_score.gated
        deducted = item_score.deducted > 0 and not item_score.gated
        note = NOTE if failed and (item.note_on_fail or rng.random() < 0.5) else ""
        if deducted and (item.reasons or form.deduction_reason == "required"):
            note = item.reasons[minute % len(item.reasons)].zh if item.reasons else NOTE
        if item.id in values or note:
            value, na = values.get(item.id, (None, False))
            minute += 1
            rows[Answer].append(
                row(
                    Answer,
                    inspection_id=insp["id"],
                    item_id=item.id,
                    value=value,
                    is_na=na,
                    note=note,
                    points_awarded=round(item_score.achieved, 4) if item_score.applicable else None,
                    points_possible=item_score.points if item_score.applicable else None,
                    deduction_reason=note if item_score.failed else "",
                    answered_at=visit.start + timedelta(minutes=minute),
                )
            )
        wants_photo = item.type is AnswerType.PHOTO or (
            failed and item.photo_on_fail is PhotoRule.REQUIRED
        )
        if wants_photo and item.photo_on_fail is not PhotoRule.FORBIDDEN:
            photo = kit.photos[rng.randrange(len(kit.photos))]
            rows[Photo].append(
                row(
                    Photo,
                    inspection_id=insp["id"],
                    item_id=item.id,
                    blob_sha256=photo.sha256,
                    caption=f"{item.id} 现场照片（演示）",
                    position=len(rows[Photo]),
                    created_at=visit.start,
                    updated_at=visit.start,
                )
            )
        if failed:
            findings.append(_finding(insp, form, item, result, kit))
    signer = visit.team[0]
    rows[Signature] += [
        row(Signature, inspection_id=insp["id"], role=role, name=name,
            image=kit.signatures[name], signed_at=end)
        for role, name in (("inspector", signer), ("manager", visit.branch.manager))
    ]  # fmt: skip
    rows[AuditEvent] += _audits(insp["id"], visit, end, reviewed)
    if visit.approved:
        rows[Review].append(
            row(
                Review,
                inspection_id=insp["id"],
                reviewer=REVIEWER,
                decision=Decision.APPROVED.value,
                comment="演示审核通过",
                inspection_revision=1,
                at=reviewed,
                role="lead",
            )
        )
    for finding in findings:
        steps = demo_rectification.plan(visit_day, finding["due_date"] or visit_day, kit.today, rng)
        trail = demo_rectification.apply(
            finding,
            visit_day,
            steps if visit.approved else [],
            branch_actor=visit.branch.manager,
            verifier=signer,
            evidence=kit.photos[rng.randrange(len(kit.photos))],
            rng=rng,
        )
        rows[FindingEvent] += trail.events
        rows[Photo] += trail.photos
        rows[AuditEvent] += trail.audits
    return rows


def _audits(
    inspection_id: uuid.UUID, visit: Visit, end: datetime, reviewed: datetime
) -> list[dict[str, Any]]:
    """Create, submit and (when approved) the review, as the use cases audit them."""
    v = visit.version
    rows = [
        row(
            AuditEvent,
            at=visit.start,
            actor=visit.team[0],
            entity="inspection",
            entity_id=str(inspection_id),
            action="create",
            new={"branch": visit.branch.code, "form": f"{v.form_id}@{v.version}"},
        ),
        row(
            AuditEvent,
            at=end,
            actor=visit.team[0],
            entity="inspection",
            entity_id=str(inspection_id),
            action="submit",
            field="status",
            old=InspectionStatus.DRAFT.value,
            new=InspectionStatus.SUBMITTED.value,
            role="inspector",
            revision=1,
        ),
    ]
    if visit.approved:
        rows.append(
            row(
                AuditEvent,
                at=reviewed,
                actor=REVIEWER,
                entity="inspection",
                entity_id=str(inspection_id),
                action="approve",
                field="status",
                old=InspectionStatus.SUBMITTED.value,
                new=InspectionStatus.APPROVED.value,
                why="演示审核通过",
                role="lead",
                revision=1,
            )
        )
    return rows


TABLE_ORDER = (
    Inspection,
    TimerMark,
    Answer,
    Signature,
    Finding,
    FindingEvent,
    Photo,
    Review,
    AuditEvent,
)


@dataclass(frozen=True)
class History:
    inspections: int
    findings: int


def add_history(
    ws: Workspace,
    branches: Sequence[Branch],
    versions: Sequence[FormVersion],
    inspectors: Sequence[str],
    photos: Sequence[IngestedPhoto],
    rng: random.Random,
    now: datetime,
) -> History:
    """Write two years of history for ``branches`` in one transaction."""
    from bqinspect.services.demo import demo_signature

    regular = [v for v in versions if v.form_id in REGULAR_FORMS]
    onsite = [v for v in regular if v.kind == "onsite"]
    mystery = [v for v in regular if v.kind == "mystery"]
    visits = plan_visits(branches, onsite, mystery, inspectors, rng, now)
    names = {n for v in visits for n in v.team} | {v.branch.manager for v in visits}
    kit = Kit(
        photos=photos,
        signatures={n: demo_signature(n, rng) for n in sorted(names)},
        lang=str(ws.setting("content_lang") or "zh"),
        today=now.astimezone(UTC).date(),
    )
    rows: Rows = defaultdict(list)
    for visit in visits:
        for table, more in _record(ws.form(visit.version.id), visit, rng, kit).items():
            rows[table] += more
    with ws.session() as s:
        for photo in photos:
            store_blob(s, photo)
        insert_all(s, TABLE_ORDER, rows)
    return History(inspections=len(visits), findings=len(rows[Finding]))
