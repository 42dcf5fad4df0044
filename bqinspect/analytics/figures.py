"""Every figure of the head-office page for one filter, in one call (run it off the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine

from bqinspect.analytics.dimensions import DimensionAverage, dimension_averages
from bqinspect.analytics.feedback import FeedbackRow, feedback_counts
from bqinspect.analytics.filters import Filter, PeriodUnit
from bqinspect.analytics.headline import Headline, headline
from bqinspect.analytics.items import RepeatFinding, WeakItem, repeat_findings, weakest_items
from bqinspect.analytics.labels import form_texts
from bqinspect.analytics.ranking import Ranking, ranking
from bqinspect.analytics.rectification import Rectification, rectification
from bqinspect.analytics.sections import SectionAverage, section_averages
from bqinspect.analytics.staff import StaffFigures, staff_failures
from bqinspect.analytics.timings import TimingStat, timings
from bqinspect.analytics.trends import TrendPoint, trends
from bqinspect.analytics.veto import VetoHit, veto_hits


@dataclass(frozen=True)
class Figures:
    filter: Filter
    today: date
    computed_at: datetime
    headline: Headline
    ranking: Ranking
    sections: tuple[SectionAverage, ...]
    dimensions: tuple[DimensionAverage, ...]
    weakest: tuple[WeakItem, ...]
    repeats: tuple[RepeatFinding, ...]
    trends: tuple[TrendPoint, ...]
    veto: tuple[VetoHit, ...]
    rectification: Rectification
    timings: tuple[TimingStat, ...]
    staff: StaffFigures
    feedback: tuple[FeedbackRow, ...] = ()

    @property
    def empty(self) -> bool:
        """No inspection matches the filter."""
        return self.headline.inspections == 0


def all_figures(
    engine: Engine,
    f: Filter,
    *,
    today: date,
    now: datetime,
    trend_unit: PeriodUnit = PeriodUnit.MONTH,
) -> Figures:
    """All figures in one read transaction, so they agree with one another."""
    with engine.connect() as conn, conn.begin():
        texts = form_texts(conn)
        return Figures(
            filter=f,
            today=today,
            computed_at=now,
            headline=headline(conn, f),
            ranking=ranking(conn, f),
            sections=section_averages(conn, f, texts),
            dimensions=dimension_averages(conn, f),
            weakest=weakest_items(conn, f, texts),
            repeats=repeat_findings(conn, f, texts),
            trends=trends(conn, f, trend_unit),
            veto=veto_hits(conn, f, texts),
            rectification=rectification(conn, f, today),
            timings=timings(conn, f),
            feedback=feedback_counts(conn, f, today),
            staff=staff_failures(conn, f),
        )
