"""The one filter every head-office figure takes, its period builders and its SQL WHERE clauses."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from bqinspect.domain.recheck import FORM_PREFIX as RECHECK_PREFIX
from bqinspect.store.models import Branch, FormVersion, Inspection, InspectionStatus

DEFAULT_STATUSES: tuple[str, ...] = (
    InspectionStatus.SUBMITTED.value,
    InspectionStatus.APPROVED.value,
)
NEVER_COUNTED = frozenset({InspectionStatus.DRAFT.value})

INSPECTION = sa.inspect(Inspection).local_table
BRANCH = sa.inspect(Branch).local_table
FORM_VERSION = sa.inspect(FormVersion).local_table


class PeriodUnit(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    """A half-open range of visit starts, ``start <= visit_start < end``, in aware datetimes."""

    start: datetime
    end: datetime
    unit: PeriodUnit = PeriodUnit.RANGE

    def __post_init__(self) -> None:
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError("a period needs aware datetimes")
        if self.end <= self.start:
            raise ValueError("a period must end after it starts")

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    @property
    def label(self) -> str:
        """``2026-03``, ``2026Q1``, ``2026`` or ``2026-01-01…2026-01-31`` (days included)."""
        s = self.start
        if self.unit is PeriodUnit.MONTH:
            return f"{s.year}-{s.month:02d}"
        if self.unit is PeriodUnit.QUARTER:
            return f"{s.year}Q{(s.month - 1) // 3 + 1}"
        if self.unit is PeriodUnit.YEAR:
            return str(s.year)
        last = self.end - timedelta(microseconds=1)
        return f"{s.date().isoformat()}…{last.date().isoformat()}"


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def month(year: int, number: int, tz: tzinfo = UTC) -> Period:
    """A calendar month, midnight to midnight in ``tz``."""
    nxt = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return Period(_midnight(date(year, number, 1), tz), _midnight(nxt, tz), PeriodUnit.MONTH)


def quarter(year: int, number: int, tz: tzinfo = UTC) -> Period:
    """A calendar quarter (1 to 4)."""
    if not 1 <= number <= 4:
        raise ValueError(f"no quarter {number}")
    first = date(year, 3 * number - 2, 1)
    nxt = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(_midnight(first, tz), _midnight(nxt, tz), PeriodUnit.QUARTER)


def year(number: int, tz: tzinfo = UTC) -> Period:
    """A calendar year."""
    return Period(
        _midnight(date(number, 1, 1), tz), _midnight(date(number + 1, 1, 1), tz), PeriodUnit.YEAR
    )


def date_range(since: date, until: date, tz: tzinfo = UTC) -> Period:
    """Custom days, both included: ``since`` 00:00 up to the end of ``until`` in ``tz``."""
    return Period(_midnight(since, tz), _midnight(until + timedelta(days=1), tz))


def previous(period: Period) -> Period:
    """The period just before: the previous month, quarter or year when ``period`` is one,
    else the range of the same length that ends where ``period`` starts."""
    tz = period.start.tzinfo or UTC
    s = period.start
    if period.unit is PeriodUnit.MONTH:
        return month(s.year, s.month - 1, tz) if s.month > 1 else month(s.year - 1, 12, tz)
    if period.unit is PeriodUnit.QUARTER:
        q = (s.month - 1) // 3 + 1
        return quarter(s.year, q - 1, tz) if q > 1 else quarter(s.year - 1, 4, tz)
    if period.unit is PeriodUnit.YEAR:
        return year(s.year - 1, tz)
    return Period(period.start - period.length, period.start)


@dataclass(frozen=True)
class Filter:
    """What a figure counts. Empty tuples and ``None`` mean "all"; the period is by visit start.

    Drafts never count, even when named in ``statuses``.
    """

    period: Period | None = None
    regions: tuple[str, ...] = ()
    sub_branches: tuple[str, ...] = ()
    branch_codes: tuple[str, ...] = ()
    form_ids: tuple[str, ...] = ()
    kind: str | None = None  # "onsite" | "mystery"
    statuses: tuple[str, ...] = field(default=DEFAULT_STATUSES)

    @property
    def counted_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in self.statuses if s not in NEVER_COUNTED)

    def with_period(self, period: Period | None) -> Filter:
        return replace(self, period=period)

    def previous(self) -> Filter | None:
        """The same filter over the previous period, or ``None`` without a period."""
        return None if self.period is None else self.with_period(previous(self.period))


def scope() -> FromClause:
    """Inspections joined to their branch and form version: what :func:`where` filters."""
    return INSPECTION.join(BRANCH, INSPECTION.c.branch_id == BRANCH.c.id).join(
        FORM_VERSION, INSPECTION.c.form_version_id == FORM_VERSION.c.id
    )


def scored_visit() -> ColumnElement[bool]:
    """Not a re-check visit (复查), whose score says how many findings were rectified, not how
    well the branch serves: it is left out of every figure."""
    rechecks = sa.select(FORM_VERSION.c.id).where(
        FORM_VERSION.c.form_id.startswith(RECHECK_PREFIX, autoescape=True)
    )
    return INSPECTION.c.form_version_id.not_in(rechecks)


def where(f: Filter) -> list[ColumnElement[bool]]:
    """The filter as WHERE clauses over :func:`scope` (inspection, branch, form version)."""
    clauses: list[ColumnElement[bool]] = [
        INSPECTION.c.status.in_(f.counted_statuses),
        scored_visit(),
    ]
    if f.period is not None:
        clauses.append(INSPECTION.c.visit_start >= f.period.start)
        clauses.append(INSPECTION.c.visit_start < f.period.end)
    if f.regions:
        clauses.append(BRANCH.c.region.in_(f.regions))
    if f.sub_branches:
        clauses.append(BRANCH.c.sub_branch.in_(f.sub_branches))
    if f.branch_codes:
        clauses.append(BRANCH.c.code.in_(f.branch_codes))
    if f.form_ids:
        clauses.append(FORM_VERSION.c.form_id.in_(f.form_ids))
    if f.kind is not None:
        clauses.append(INSPECTION.c.kind == f.kind)
    return clauses
