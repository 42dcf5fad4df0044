"""Trends: mean score and number of inspections per month or quarter, for the bank, each region
and each named branch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bqinspect.analytics.filters import (
    BRANCH,
    INSPECTION,
    Filter,
    Period,
    PeriodUnit,
    month,
    quarter,
    scope,
    where,
)
from bqinspect.analytics.ranking import Level

BANK = "bank"


@dataclass(frozen=True)
class TrendPoint:
    """``level`` is ``bank``, ``region`` or ``branch``; ``key`` the region or branch code."""

    level: str
    key: str
    period: Period
    inspections: int
    mean: float


def _bucket_of(moment: datetime, unit: PeriodUnit, tz: tzinfo) -> Period:
    local = moment.astimezone(tz)
    if unit is PeriodUnit.QUARTER:
        return quarter(local.year, (local.month - 1) // 3 + 1, tz)
    return month(local.year, local.month, tz)


def buckets(first: datetime, last: datetime, unit: PeriodUnit, tz: tzinfo) -> list[Period]:
    """Calendar months or quarters from the one holding ``first`` to the one holding ``last``."""
    out = [_bucket_of(first, unit, tz)]
    while out[-1].end <= last:
        out.append(_bucket_of(out[-1].end, unit, tz))
    return out


def _span(conn: Connection, f: Filter) -> tuple[datetime, datetime] | None:
    """The first and the last visit start to cover (a period's start and its last instant)."""
    if f.period is not None:
        return f.period.start, f.period.end - timedelta(microseconds=1)
    lo, hi = conn.execute(
        sa.select(sa.func.min(INSPECTION.c.visit_start), sa.func.max(INSPECTION.c.visit_start))
        .select_from(scope())
        .where(*where(f))
    ).one()
    return None if lo is None else (lo, hi)


def trends(
    conn: Connection, f: Filter, unit: PeriodUnit = PeriodUnit.MONTH
) -> tuple[TrendPoint, ...]:
    """Periods without an inspection are absent; branches only when the filter names them."""
    span = _span(conn, f)
    if span is None:
        return ()
    tz = f.period.start.tzinfo if f.period is not None and f.period.start.tzinfo else UTC
    periods = buckets(span[0], span[1], unit, tz)
    bucket = sa.case(
        *[(INSPECTION.c.visit_start < p.end, i) for i, p in enumerate(periods)], else_=None
    ).label("bucket")
    levels: list[tuple[str, list[ColumnElement[str]]]] = [
        (BANK, []),
        (Level.REGION.value, [BRANCH.c.region]),
    ]
    if f.branch_codes:
        levels.append((Level.BRANCH.value, [BRANCH.c.code]))
    out: list[TrendPoint] = []
    for level, keys in levels:
        stmt = (
            sa.select(*keys, bucket, sa.func.count(), sa.func.avg(INSPECTION.c.overall_score))
            .select_from(scope())
            .where(*where(f), INSPECTION.c.overall_score.is_not(None))
            .group_by(*keys, bucket)
        )
        for row in conn.execute(stmt):
            key = str(row[0]) if keys else BANK
            index, n, mean = row[len(keys)], row[-2], row[-1]
            if index is None:
                continue
            out.append(TrendPoint(level, key, periods[int(index)], int(n), float(mean)))
    out.sort(key=lambda t: (t.level != BANK, t.level, t.key, t.period.start))
    return tuple(out)
