"""The deduction sheet (扣分明细): every item that lost points, with its basis and reason."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bqinspect.analytics.filters import BRANCH, FORM_VERSION, INSPECTION, Filter, scope, where
from bqinspect.analytics.labels import FormTexts, Label
from bqinspect.store.models import Answer

ANSWER = sa.inspect(Answer).local_table
EPSILON = 1e-9  # a deduction is more than rounding


@dataclass(frozen=True)
class Deduction:
    """One scored answer that lost points: ``deducted`` = possible − awarded, ``score`` =
    awarded; ``reason`` is the chosen or typed deduction reason, else the answer's note."""

    inspection_id: uuid.UUID
    branch_code: str
    branch_name: str
    visit_start: datetime
    form_id: str
    form_version: str
    overall_score: float | None
    item_id: str
    text: Label
    basis: str
    points: float
    deducted: float
    score: float
    reason: str


def _rows(
    conn: Connection, clauses: list[ColumnElement[bool]], texts: FormTexts
) -> tuple[Deduction, ...]:
    deducted = ANSWER.c.points_possible - sa.func.coalesce(ANSWER.c.points_awarded, 0.0)
    stmt = (
        sa.select(
            INSPECTION.c.id,
            BRANCH.c.code,
            BRANCH.c.name,
            INSPECTION.c.visit_start,
            FORM_VERSION.c.form_id,
            FORM_VERSION.c.version,
            INSPECTION.c.overall_score,
            ANSWER.c.item_id,
            ANSWER.c.points_possible,
            deducted,
            ANSWER.c.deduction_reason,
            ANSWER.c.note,
        )
        .select_from(scope().join(ANSWER, ANSWER.c.inspection_id == INSPECTION.c.id))
        .where(
            *clauses,
            ANSWER.c.points_possible.is_not(None),
            ANSWER.c.is_na.is_(False),
            deducted > EPSILON,
        )
        .order_by(INSPECTION.c.visit_start, BRANCH.c.code, INSPECTION.c.id)
    )
    rows = [
        Deduction(
            inspection_id=r[0],
            branch_code=r[1],
            branch_name=r[2],
            visit_start=r[3],
            form_id=r[4],
            form_version=r[5],
            overall_score=r[6],
            item_id=r[7],
            text=texts.item(r[7]),
            basis=texts.basis(r[7]),
            points=float(r[8]),
            deducted=round(float(r[9]), 4),
            score=round(float(r[8]) - float(r[9]), 4),
            reason=(r[10] or "").strip() or (r[11] or "").strip(),
        )
        for r in conn.execute(stmt)
    ]
    first = {r.inspection_id: i for i, r in reversed(list(enumerate(rows)))}
    rows.sort(key=lambda r: (first[r.inspection_id], texts.position(r.item_id), r.item_id))
    return tuple(rows)


def period_deductions(conn: Connection, f: Filter, texts: FormTexts) -> tuple[Deduction, ...]:
    """Over the inspections the filter counts, by visit, then in form order."""
    return _rows(conn, where(f), texts)


def inspection_deductions(
    conn: Connection, inspection_id: uuid.UUID, texts: FormTexts
) -> tuple[Deduction, ...]:
    """One inspection's, in form order, whatever its status (points are stored at submission:
    a draft has none yet)."""
    return _rows(conn, [INSPECTION.c.id == inspection_id], texts)
