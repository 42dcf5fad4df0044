"""The inspections a summary covers: one row each, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, FORM_VERSION, INSPECTION, Filter, scope, where


@dataclass(frozen=True)
class Covered:
    visit_start: datetime
    branch_code: str
    branch_name: str
    form_id: str
    kind: str
    score: float | None
    grade: str | None


def covered(conn: Connection, f: Filter) -> tuple[Covered, ...]:
    stmt = (
        sa.select(
            INSPECTION.c.visit_start,
            BRANCH.c.code,
            BRANCH.c.name,
            FORM_VERSION.c.form_id,
            INSPECTION.c.kind,
            INSPECTION.c.overall_score,
            INSPECTION.c.grade,
        )
        .select_from(scope())
        .where(*where(f))
        .order_by(INSPECTION.c.visit_start, BRANCH.c.code, INSPECTION.c.id)
    )
    return tuple(
        Covered(start, str(code), str(name), str(form), str(kind), score, grade)
        for start, code, name, form, kind, score, grade in conn.execute(stmt)
    )
