"""The page's key figures: inspections, branches, mean score and its change, veto inspections."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import INSPECTION, Filter, scope, where
from bqinspect.analytics.sqlfn import json_array_rows


@dataclass(frozen=True)
class Headline:
    """``mean`` is over the scored inspections (``None`` without any); ``change`` is against
    the previous period; ``with_veto`` counts inspections with at least one veto hit."""

    inspections: int
    branches: int
    mean: float | None
    previous_mean: float | None
    change: float | None
    with_veto: int


def _counts(conn: Connection, f: Filter) -> tuple[int, int, float | None]:
    n, branches, mean = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.distinct(INSPECTION.c.branch_id)),
            sa.func.avg(INSPECTION.c.overall_score),
        )
        .select_from(scope())
        .where(*where(f))
    ).one()
    return int(n), int(branches), None if mean is None else float(mean)


def headline(conn: Connection, f: Filter) -> Headline:
    n, branches, mean = _counts(conn, f)
    prev_filter = f.previous()
    prev = _counts(conn, prev_filter)[2] if prev_filter is not None else None
    hits = json_array_rows(INSPECTION.c.veto_hits, conn.dialect.name, "veto")
    with_veto = conn.execute(
        sa.select(sa.func.count(sa.distinct(INSPECTION.c.id)))
        .select_from(scope().join(hits, sa.true()))
        .where(*where(f), hits.c.value.is_not(None))
    ).scalar_one()
    change = None if mean is None or prev is None else mean - prev
    return Headline(n, branches, mean, prev, change, int(with_veto))
