"""Mystery-shopping timings (greeting, wait, handling) from the timer marks of each visit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, INSPECTION, Filter, scope, where
from bqinspect.analytics.sqlfn import local_hour, seconds_between
from bqinspect.analytics.stats import median, p90
from bqinspect.store.models import TimerMark

MARK = sa.inspect(TimerMark).local_table
ALL = "all"
BY_BRANCH = "branch"
BY_HOUR = "hour"


@dataclass(frozen=True)
class Measure:
    """A duration between two checkpoints and the number of seconds above which it is slow."""

    name: str
    start: str
    end: str
    threshold: float


# The checkpoints of the shipped mystery forms: entry T1, greeted T2, ticket T3, called T4,
# counter start T5 and end T6; thresholds are the full-score limits of their duration items.
MEASURES: tuple[Measure, ...] = (
    Measure("greeting", "T1", "T2", 10.0),
    Measure("wait", "T3", "T4", 900.0),
    Measure("handling", "T5", "T6", 300.0),
)


@dataclass(frozen=True)
class TimingStat:
    """``group`` is ``all``, ``branch`` (key: branch code) or ``hour`` (key: ``"09"``, the
    local hour of the start mark)."""

    measure: str
    group: str
    key: str
    visits: int
    median: float
    p90: float
    over_threshold: float  # share of visits strictly above the threshold

    @staticmethod
    def of(measure: Measure, group: str, key: str, values: list[float]) -> TimingStat:
        over = sum(1 for v in values if v > measure.threshold) / len(values)
        mid, high = median(values), p90(values)
        assert mid is not None and high is not None
        return TimingStat(measure.name, group, key, len(values), mid, high, over)


def utc_offset_minutes(f: Filter) -> int:
    """The hours of day are read in the period's time zone (UTC without a period)."""
    offset = f.period.start.utcoffset() if f.period is not None else None
    return int((offset or timedelta(0)).total_seconds() // 60)


def timings(
    conn: Connection, f: Filter, measures: tuple[Measure, ...] = MEASURES
) -> tuple[TimingStat, ...]:
    """One duration per visit and measure, where both marks exist and end is not before start.

    The durations are computed in SQL and fetched (one number per visit) for the percentiles.
    """
    start, end = MARK.alias("t_start"), MARK.alias("t_end")
    offset = utc_offset_minutes(f)
    out: list[TimingStat] = []
    for m in measures:
        seconds = seconds_between(start.c.at, end.c.at)
        stmt = (
            sa.select(BRANCH.c.code, local_hour(start.c.at, offset), seconds)
            .select_from(
                scope()
                .join(
                    start,
                    sa.and_(
                        start.c.inspection_id == INSPECTION.c.id, start.c.checkpoint == m.start
                    ),
                )
                .join(
                    end, sa.and_(end.c.inspection_id == INSPECTION.c.id, end.c.checkpoint == m.end)
                )
            )
            .where(*where(f), end.c.at >= start.c.at)
        )
        rows = conn.execute(stmt).all()
        if not rows:
            continue
        by_branch: dict[str, list[float]] = defaultdict(list)
        by_hour: dict[str, list[float]] = defaultdict(list)
        for code, hour, value in rows:
            by_branch[str(code)].append(float(value))
            by_hour[f"{int(hour):02d}"].append(float(value))
        out.append(TimingStat.of(m, ALL, "", [float(r[2]) for r in rows]))
        out.extend(TimingStat.of(m, BY_BRANCH, k, v) for k, v in sorted(by_branch.items()))
        out.extend(TimingStat.of(m, BY_HOUR, k, v) for k, v in sorted(by_hour.items()))
    return tuple(out)
