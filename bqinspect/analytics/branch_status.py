"""Each branch's last score, grade, trend against its previous inspection and open findings."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, DEFAULT_STATUSES, INSPECTION, scored_visit
from bqinspect.store.models import Finding, FindingStatus

FINDING = sa.inspect(Finding).local_table
FLAT_WITHIN = 1.0  # score points: a smaller change against the previous inspection is flat


class Trend(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"
    NONE = "none"  # fewer than two scored inspections


@dataclass(frozen=True)
class BranchStatus:
    """``last_score`` and ``grade`` are of the latest submitted or approved inspection with a
    score (by visit start); open findings are not verified, overdue ones are due before today."""

    branch_id: uuid.UUID
    last_score: float | None
    grade: str
    previous_score: float | None
    open_findings: int
    overdue_findings: int

    @property
    def trend(self) -> Trend:
        if self.last_score is None or self.previous_score is None:
            return Trend.NONE
        change = self.last_score - self.previous_score
        if abs(change) < FLAT_WITHIN:
            return Trend.FLAT
        return Trend.UP if change > 0 else Trend.DOWN


def _latest() -> sa.Subquery:
    order = (INSPECTION.c.visit_start.desc(), INSPECTION.c.id.desc())
    ranked = (
        sa.select(
            INSPECTION.c.branch_id,
            INSPECTION.c.overall_score.label("score"),
            INSPECTION.c.grade,
            sa.func.row_number()
            .over(partition_by=INSPECTION.c.branch_id, order_by=order)
            .label("n"),
            sa.func.lead(INSPECTION.c.overall_score)
            .over(partition_by=INSPECTION.c.branch_id, order_by=order)
            .label("previous"),
        )
        .where(
            INSPECTION.c.status.in_(DEFAULT_STATUSES),
            INSPECTION.c.overall_score.is_not(None),
            scored_visit(),
        )
        .subquery("ranked")
    )
    return sa.select(ranked).where(ranked.c.n == 1).subquery("latest")


def _findings(today: date) -> sa.Subquery:
    is_open = FINDING.c.status != FindingStatus.VERIFIED.value
    overdue = sa.and_(is_open, FINDING.c.due_date < today)
    return (
        sa.select(
            FINDING.c.branch_id,
            sa.func.sum(sa.case((is_open, 1), else_=0)).label("open"),
            sa.func.sum(sa.case((overdue, 1), else_=0)).label("overdue"),
        )
        .group_by(FINDING.c.branch_id)
        .subquery("open_findings")
    )


def branch_status(conn: Connection, today: date) -> list[BranchStatus]:
    """One row per branch (every branch, by code), in one statement."""
    latest, found = _latest(), _findings(today)
    stmt = (
        sa.select(
            BRANCH.c.id,
            latest.c.score,
            latest.c.grade,
            latest.c.previous,
            found.c.open,
            found.c.overdue,
        )
        .select_from(
            BRANCH.outerjoin(latest, latest.c.branch_id == BRANCH.c.id).outerjoin(
                found, found.c.branch_id == BRANCH.c.id
            )
        )
        .order_by(BRANCH.c.code)
    )
    return [
        BranchStatus(
            branch_id=uuid.UUID(str(bid)) if not isinstance(bid, uuid.UUID) else bid,
            last_score=None if score is None else float(score),
            grade=str(grade or ""),
            previous_score=None if prev is None else float(prev),
            open_findings=int(n_open or 0),
            overdue_findings=int(n_over or 0),
        )
        for bid, score, grade, prev, n_open, n_over in conn.execute(stmt)
    ]
