"""The rectification funnel: findings of the filtered inspections by their current status."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import INSPECTION, Filter, scope, where
from bqinspect.store.models import Finding, FindingStatus

FINDING = sa.inspect(Finding).local_table
STAGES: tuple[str, ...] = (
    FindingStatus.OPEN.value,
    FindingStatus.RECTIFYING.value,
    FindingStatus.SUBMITTED.value,
    FindingStatus.VERIFIED.value,
    FindingStatus.REJECTED.value,
)


@dataclass(frozen=True)
class Stage:
    status: str
    findings: int


def funnel(conn: Connection, f: Filter) -> tuple[Stage, ...]:
    """Every stage of :data:`STAGES` in order, with zero when no finding is there."""
    stmt = (
        sa.select(FINDING.c.status, sa.func.count())
        .select_from(scope().join(FINDING, FINDING.c.inspection_id == INSPECTION.c.id))
        .where(*where(f))
        .group_by(FINDING.c.status)
    )
    counts = {str(status): int(n) for status, n in conn.execute(stmt)}
    return tuple(Stage(status, counts.get(status, 0)) for status in STAGES)
