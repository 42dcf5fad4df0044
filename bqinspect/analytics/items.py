"""Weakest items (fail rate, points lost, branches failing) and repeat findings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, FORM_VERSION, INSPECTION, Filter, scope, where
from bqinspect.analytics.labels import FormTexts, Label
from bqinspect.store.models import Answer, Finding

ANSWER = sa.inspect(Answer).local_table
FINDING = sa.inspect(Finding).local_table


@dataclass(frozen=True)
class WeakItem:
    """``applicable``: scored answers (not NA, not hidden); ``failed``: of those, the ones with
    a finding; ``fail_rate`` = failed / applicable; ``points_lost`` = Σ (possible − awarded)."""

    item_id: str
    text: Label
    applicable: int
    failed: int
    fail_rate: float
    points_lost: float
    branches_failing: int


@dataclass(frozen=True)
class RepeatFinding:
    """An item failed at ``repeats`` inspections of a branch right after an inspection of the
    same branch and form family that failed it too; ``last_visit`` is the latest of them."""

    branch_code: str
    branch_name: str
    form_id: str
    item_id: str
    text: Label
    repeats: int
    last_visit: datetime


def _applicable() -> list[sa.ColumnElement[bool]]:
    return [ANSWER.c.points_possible.is_not(None), ANSWER.c.is_na.is_(False)]


def weakest_items(conn: Connection, f: Filter, texts: FormTexts) -> tuple[WeakItem, ...]:
    """Every item with an applicable answer, worst fail rate first, then most points lost.

    Two aggregates, merged by item: the answers (a hash join, no sort of the answer rows), and
    the findings, each checked against its answer through the (inspection, item) key."""
    answers = (
        sa.select(
            ANSWER.c.item_id,
            sa.func.count(),
            sa.func.sum(ANSWER.c.points_possible - ANSWER.c.points_awarded),
        )
        .select_from(scope().join(ANSWER, ANSWER.c.inspection_id == INSPECTION.c.id))
        .where(*where(f), *_applicable())
        .group_by(ANSWER.c.item_id)
    )
    failures = (
        sa.select(
            FINDING.c.item_id,
            sa.func.count(sa.distinct(FINDING.c.inspection_id)),
            sa.func.count(sa.distinct(INSPECTION.c.branch_id)),
        )
        .select_from(
            scope()
            .join(FINDING, FINDING.c.inspection_id == INSPECTION.c.id)
            .join(
                ANSWER,
                sa.and_(
                    ANSWER.c.inspection_id == FINDING.c.inspection_id,
                    ANSWER.c.item_id == FINDING.c.item_id,
                ),
            )
        )
        .where(*where(f), *_applicable())
        .group_by(FINDING.c.item_id)
    )
    failed = {str(item): (int(k), int(b)) for item, k, b in conn.execute(failures)}
    rows = []
    for item_id, n, pts in conn.execute(answers):
        k, b = failed.get(str(item_id), (0, 0))
        rows.append(
            WeakItem(
                item_id=str(item_id),
                text=texts.item(str(item_id)),
                applicable=int(n),
                failed=k,
                fail_rate=k / int(n),
                points_lost=float(pts or 0.0),
                branches_failing=b,
            )
        )
    rows.sort(key=lambda w: (-w.fail_rate, -w.points_lost, w.item_id))
    return tuple(rows)


def repeat_findings(conn: Connection, f: Filter, texts: FormTexts) -> tuple[RepeatFinding, ...]:
    """The previous inspection is the one just before in time among all counted inspections
    of the branch and form family (the period limits only the repeating inspection)."""
    period = f.period
    until = [INSPECTION.c.visit_start < period.end] if period else []
    seq = (
        sa.select(
            INSPECTION.c.id.label("id"),
            INSPECTION.c.branch_id.label("branch_id"),
            INSPECTION.c.visit_start.label("visit_start"),
            FORM_VERSION.c.form_id.label("form_id"),
            sa.func.lag(INSPECTION.c.id)
            .over(
                partition_by=(INSPECTION.c.branch_id, FORM_VERSION.c.form_id),
                order_by=(INSPECTION.c.visit_start, INSPECTION.c.id),
            )
            .label("prev_id"),
        )
        .select_from(scope())
        .where(*where(replace(f, period=None)), *until)
        .subquery("seq")
    )
    now = FINDING.alias("now_f")
    before = FINDING.alias("prev_f")
    in_period = [seq.c.visit_start >= period.start] if period else []
    stmt = (
        sa.select(
            BRANCH.c.code,
            BRANCH.c.name,
            seq.c.form_id,
            now.c.item_id,
            sa.func.count(sa.distinct(seq.c.id)),
            sa.func.max(seq.c.visit_start),
        )
        .select_from(
            seq.join(now, now.c.inspection_id == seq.c.id)
            .join(
                before,
                sa.and_(before.c.inspection_id == seq.c.prev_id, before.c.item_id == now.c.item_id),
            )
            .join(BRANCH, BRANCH.c.id == seq.c.branch_id)
        )
        .where(now.c.item_id.is_not(None), *in_period)
        .group_by(BRANCH.c.code, BRANCH.c.name, seq.c.form_id, now.c.item_id)
    )
    rows = [
        RepeatFinding(
            branch_code=str(code),
            branch_name=str(name),
            form_id=str(form_id),
            item_id=str(item_id),
            text=texts.item(str(item_id)),
            repeats=int(n),
            last_visit=last,
        )
        for code, name, form_id, item_id, n, last in conn.execute(stmt)
    ]
    rows.sort(key=lambda r: (-r.repeats, r.branch_code, r.form_id, r.item_id))
    return tuple(rows)
