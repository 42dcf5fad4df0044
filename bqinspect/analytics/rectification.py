"""Rectification follow-up of the findings raised at the filtered inspections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, INSPECTION, Filter, scope, where
from bqinspect.analytics.sqlfn import seconds_between, utc_date
from bqinspect.analytics.stats import p90
from bqinspect.store.models import Finding, FindingEvent, FindingStatus

FINDING = sa.inspect(Finding).local_table
EVENT = sa.inspect(FindingEvent).local_table
CLOSED = FindingStatus.VERIFIED.value
VERIFY, REJECT = "verify", "reject"
ALL = "all"
SEVERITY = "severity"
RISK_TYPE = "risk_type"


@dataclass(frozen=True)
class RectificationRow:
    """``group`` is ``all``, ``severity`` or ``risk_type``; ``key`` its value (``""`` for all).

    Open: not verified. Overdue: open and due before ``today``. Closed on time: verified on or
    before the due date (UTC day). Days to close: visit start to verification. Rejection rate:
    rejections over all verification decisions (verify + reject events)."""

    group: str
    key: str
    findings: int
    open: int
    overdue: int
    closed: int
    closed_on_time: int
    mean_days_to_close: float | None
    p90_days_to_close: float | None
    decisions: int
    rejections: int

    @property
    def rejection_rate(self) -> float | None:
        return self.rejections / self.decisions if self.decisions else None


@dataclass(frozen=True)
class OverdueFinding:
    branch_code: str
    item_id: str
    severity: str
    risk_type: str
    due_date: date
    days_overdue: int


@dataclass(frozen=True)
class Rectification:
    rows: tuple[RectificationRow, ...]
    overdue: tuple[OverdueFinding, ...]


@dataclass
class _Sums:
    findings: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0
    on_time: int = 0
    days_sum: float = 0.0
    decisions: int = 0
    rejections: int = 0


def _joined() -> sa.FromClause:
    return scope().join(FINDING, FINDING.c.inspection_id == INSPECTION.c.id)


def _is_open() -> sa.ColumnElement[bool]:
    return FINDING.c.status != CLOSED


def _count_if(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.sum(sa.case((cond, 1), else_=0))


def rectification(conn: Connection, f: Filter, today: date) -> Rectification:
    """One aggregate per (severity, risk type), summed up here for the totals; the days to
    close are fetched per closed finding for the p90. No finding: no row."""
    days = seconds_between(INSPECTION.c.visit_start, FINDING.c.closed_at) / 86400.0
    closed = FINDING.c.status == CLOSED
    group = (FINDING.c.severity, FINDING.c.risk_type)
    decided = (
        sa.select(
            EVENT.c.finding_id,
            sa.func.count().label("decisions"),
            _count_if(EVENT.c.kind == REJECT).label("rejections"),
        )
        .where(EVENT.c.kind.in_((VERIFY, REJECT)))
        .group_by(EVENT.c.finding_id)
        .subquery("decided")
    )
    stmt = (
        sa.select(
            *group,
            sa.func.count(),
            _count_if(_is_open()),
            _count_if(sa.and_(_is_open(), FINDING.c.due_date < today)),
            _count_if(closed),
            _count_if(sa.and_(closed, utc_date(FINDING.c.closed_at) <= FINDING.c.due_date)),
            sa.func.sum(sa.case((closed, days), else_=None)),
            sa.func.sum(decided.c.decisions),
            sa.func.sum(decided.c.rejections),
        )
        .select_from(_joined().outerjoin(decided, decided.c.finding_id == FINDING.c.id))
        .where(*where(f))
        .group_by(*group)
    )
    sums: dict[tuple[str, str], _Sums] = {}
    for sev, risk, n, n_open, n_over, n_closed, n_on_time, day_sum, dec, rej in conn.execute(stmt):
        sums[(sev, risk)] = _Sums(
            int(n),
            int(n_open),
            int(n_over),
            int(n_closed),
            int(n_on_time),
            float(day_sum or 0),
            int(dec or 0),
            int(rej or 0),
        )
    lists: dict[tuple[str, str], list[float]] = defaultdict(list)
    closed_days = (
        sa.select(*group, days)
        .select_from(_joined())
        .where(*where(f), closed, FINDING.c.closed_at.is_not(None))
    )
    for sev, risk, d in conn.execute(closed_days):
        lists[(sev, risk)].append(float(d))
    rows = [_row(ALL, "", sums.items(), lists)] if sums else []
    for name, pos in ((SEVERITY, 0), (RISK_TYPE, 1)):
        for key in sorted({k[pos] for k in sums}):
            rows.append(_row(name, key, [(k, v) for k, v in sums.items() if k[pos] == key], lists))
    return Rectification(tuple(rows), _overdue(conn, f, today))


def _row(
    group: str,
    key: str,
    parts: Iterable[tuple[tuple[str, str], _Sums]],
    lists: dict[tuple[str, str], list[float]],
) -> RectificationRow:
    total = _Sums()
    values: list[float] = []
    for k, s in parts:
        total.findings += s.findings
        total.open += s.open
        total.overdue += s.overdue
        total.closed += s.closed
        total.on_time += s.on_time
        total.days_sum += s.days_sum
        total.decisions += s.decisions
        total.rejections += s.rejections
        values.extend(lists.get(k, ()))
    return RectificationRow(
        group=group,
        key=key,
        findings=total.findings,
        open=total.open,
        overdue=total.overdue,
        closed=total.closed,
        closed_on_time=total.on_time,
        mean_days_to_close=total.days_sum / len(values) if values else None,
        p90_days_to_close=p90(values),
        decisions=total.decisions,
        rejections=total.rejections,
    )


def _overdue(conn: Connection, f: Filter, today: date) -> tuple[OverdueFinding, ...]:
    stmt = (
        sa.select(
            BRANCH.c.code,
            FINDING.c.item_id,
            FINDING.c.severity,
            FINDING.c.risk_type,
            FINDING.c.due_date,
        )
        .select_from(_joined())
        .where(*where(f), _is_open(), FINDING.c.due_date < today)
        .order_by(FINDING.c.due_date, BRANCH.c.code, FINDING.c.item_id, FINDING.c.severity)
    )
    return tuple(
        OverdueFinding(str(code), str(item or ""), str(sev), str(risk), due, (today - due).days)
        for code, item, sev, risk, due in conn.execute(stmt)
    )
