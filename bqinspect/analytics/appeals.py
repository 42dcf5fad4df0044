"""Appeals of deductions: how many were appealed, upheld and overturned, by branch and inspector."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, INSPECTION, Filter, scope, where
from bqinspect.analytics.sqlfn import json_array_rows
from bqinspect.store.models import Appeal, Finding

FINDING = sa.inspect(Finding).local_table
APPEAL = sa.inspect(Appeal).local_table


@dataclass(frozen=True)
class AppealCount:
    """One branch's or one inspector's deductions and what became of their appeals."""

    group: str  # "branch" | "inspector"
    key: str  # the branch code or the inspector's name
    deductions: int  # findings that deducted points
    appealed: int
    pending: int
    upheld: int
    overturned: int
    points_restored: float

    @property
    def overturn_rate(self) -> float | None:
        """Overturned of decided appeals (None before any decision)."""
        decided = self.upheld + self.overturned
        return self.overturned / decided if decided else None


@dataclass(frozen=True)
class Appeals:
    by_branch: tuple[AppealCount, ...]
    by_inspector: tuple[AppealCount, ...]


def _counts(
    conn: Connection, f: Filter, group: str, key: sa.ColumnElement[str], source: sa.FromClause
) -> tuple[AppealCount, ...]:
    decision = APPEAL.c.decision
    overturned = decision == "overturned"
    stmt = (
        sa.select(
            key,
            sa.func.count(sa.distinct(FINDING.c.id)),
            sa.func.count(sa.distinct(APPEAL.c.id)),
            sa.func.count(sa.distinct(sa.case((decision == "", APPEAL.c.id)))),
            sa.func.count(sa.distinct(sa.case((decision == "upheld", APPEAL.c.id)))),
            sa.func.count(sa.distinct(sa.case((overturned, APPEAL.c.id)))),
            sa.func.coalesce(sa.func.sum(sa.case((overturned, APPEAL.c.points), else_=0.0)), 0.0),
        )
        .select_from(
            source.join(FINDING, FINDING.c.inspection_id == INSPECTION.c.id).join(
                APPEAL, APPEAL.c.finding_id == FINDING.c.id, isouter=True
            )
        )
        .where(*where(f), FINDING.c.points_deducted > 0, key.is_not(None))
        .group_by(key)
    )
    rows = [
        AppealCount(group, str(k), int(n), int(a), int(p), int(u), int(o), round(float(r), 4))
        for k, n, a, p, u, o, r in conn.execute(stmt)
    ]
    rows.sort(key=lambda r: (-r.appealed, -r.overturned, r.key))
    return tuple(rows)


def appeal_counts(conn: Connection, f: Filter) -> Appeals:
    """Deductions of the filtered inspections and their appeals, by branch and by inspector
    (an inspection of two inspectors counts for both); most appealed first."""
    people = json_array_rows(INSPECTION.c.inspectors, conn.dialect.name, "people")
    return Appeals(
        by_branch=_counts(conn, f, "branch", BRANCH.c.code, scope()),
        by_inspector=_counts(conn, f, "inspector", people.c.value, scope().join(people, sa.true())),
    )
