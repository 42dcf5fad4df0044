"""What the Analytics page reads for one filter, computed off the GUI thread (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bqinspect.analytics.calibration import Calibration, calibration
from bqinspect.analytics.figures import Figures, all_figures
from bqinspect.analytics.filters import Filter, Period, PeriodUnit, where
from bqinspect.analytics.funnel import Stage, funnel
from bqinspect.analytics.trends import TrendPoint, trends
from bqinspect.services.inspections import InspectionRow, list_inspections
from bqinspect.store.workspace import Workspace

# the trend lines: the unit of their points and how far back they reach from the period's end
TREND_SPAN: dict[PeriodUnit, tuple[PeriodUnit, timedelta]] = {
    PeriodUnit.MONTH: (PeriodUnit.MONTH, timedelta(days=365)),
    PeriodUnit.QUARTER: (PeriodUnit.QUARTER, timedelta(days=730)),
    PeriodUnit.YEAR: (PeriodUnit.QUARTER, timedelta(days=730)),
    PeriodUnit.RANGE: (PeriodUnit.MONTH, timedelta(days=365)),
}


@dataclass(frozen=True)
class PageFigures:
    """Everything one filter shows; ``visits`` are the inspections of the one branch filtered
    on (empty without a branch)."""

    figures: Figures
    calibration: Calibration
    trends: tuple[TrendPoint, ...]
    funnel: tuple[Stage, ...]
    visits: tuple[InspectionRow, ...]


def trend_filter(f: Filter) -> tuple[Filter, PeriodUnit]:
    """The filter of the trend lines: the same choices over a longer span up to the period's
    end, by month or quarter."""
    if f.period is None:
        return f, PeriodUnit.MONTH
    unit, back = TREND_SPAN[f.period.unit]
    start = min(f.period.start, f.period.end - back)
    return f.with_period(Period(start, f.period.end)), unit


def compute(ws: Workspace, f: Filter, *, today: date, now: datetime) -> PageFigures:
    engine = ws.db.engine
    figures = all_figures(engine, f, today=today, now=now)
    longer, unit = trend_filter(f)
    with engine.connect() as conn:
        lines = trends(conn, longer, unit)
        stages = funnel(conn, f)
    visits: tuple[InspectionRow, ...] = ()
    if len(f.branch_codes) == 1:
        period = f.period
        rows = list_inspections(
            ws,
            branch=f.branch_codes[0],
            kind=f.kind,
            since=period.start if period else None,
            until=period.end if period else None,
        )
        visits = tuple(
            r
            for r in rows
            if r.status in f.counted_statuses and (period is None or period.contains(r.visit_start))
        )
    return PageFigures(figures, calibration(engine, where(f)), lines, stages, visits)
