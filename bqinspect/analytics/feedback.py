"""Customer feedback counted by channel, category and branch, with the time to reply."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from statistics import mean

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bqinspect.analytics.filters import BRANCH, Filter
from bqinspect.analytics.stats import p90
from bqinspect.domain.feedback import is_overdue, replied_late
from bqinspect.store.models import Feedback

FEEDBACK = sa.inspect(Feedback).local_table
ALL, CHANNEL, CATEGORY, BRANCH_GROUP = "all", "channel", "category", "branch"
GROUPS = (ALL, CHANNEL, CATEGORY, BRANCH_GROUP)


@dataclass(frozen=True)
class FeedbackRow:
    """``group`` is ``all``, ``channel``, ``category`` or ``branch``; ``key`` its value.

    Open: not replied to yet. Overdue: open and past its reply date on ``today``. Replied on
    time: the reply on or before its reply date (both in UTC days). Days to reply: receipt to
    reply, in days (fractions kept). Accepted: the replies the customer accepted, of those
    whose answer is known. The period and the branch filters select by receipt and branch;
    the inspection filters (form, kind, status) do not apply to feedback."""

    group: str
    key: str
    items: int
    open: int
    overdue: int
    replied: int
    replied_on_time: int
    accepted: int
    answered: int  # replies whose acceptance is known
    mean_days_to_reply: float | None
    p90_days_to_reply: float | None

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.answered if self.answered else None


@dataclass(frozen=True)
class _Item:
    channel: str
    category: str
    branch: str
    status: str
    received_at: datetime
    replied_at: datetime | None
    reply_due: date | None
    accepted: bool | None


def _where(f: Filter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.period is not None:
        clauses.append(FEEDBACK.c.received_at >= f.period.start)
        clauses.append(FEEDBACK.c.received_at < f.period.end)
    if f.regions:
        clauses.append(BRANCH.c.region.in_(f.regions))
    if f.sub_branches:
        clauses.append(BRANCH.c.sub_branch.in_(f.sub_branches))
    if f.branch_codes:
        clauses.append(BRANCH.c.code.in_(f.branch_codes))
    return clauses


def _row(group: str, key: str, items: list[_Item], today: date) -> FeedbackRow:
    replied = [i for i in items if i.replied_at is not None]
    days = [(i.replied_at - i.received_at).total_seconds() / 86400 for i in replied if i.replied_at]
    on_time = [
        i
        for i in replied
        if i.replied_at is not None and not replied_late(i.reply_due, i.replied_at.date())
    ]
    answered = [i for i in replied if i.accepted is not None]
    return FeedbackRow(
        group=group,
        key=key,
        items=len(items),
        open=sum(1 for i in items if i.replied_at is None and i.status != "closed"),
        overdue=sum(
            1
            for i in items
            if is_overdue(i.status, i.reply_due, today, replied=i.replied_at is not None)
        ),
        replied=len(replied),
        replied_on_time=len(on_time),
        accepted=sum(1 for i in answered if i.accepted),
        answered=len(answered),
        mean_days_to_reply=mean(days) if days else None,
        p90_days_to_reply=p90(days) if days else None,
    )


def _grouped(items: Iterable[_Item], today: date) -> tuple[FeedbackRow, ...]:
    items = list(items)
    if not items:
        return ()
    rows = [_row(ALL, "", items, today)]
    for group, key_of in (
        (CHANNEL, lambda i: i.channel),
        (CATEGORY, lambda i: i.category),
        (BRANCH_GROUP, lambda i: i.branch),
    ):
        by: dict[str, list[_Item]] = defaultdict(list)
        for item in items:
            by[key_of(item)].append(item)
        rows += [_row(group, key, by[key], today) for key in sorted(by)]
    return tuple(rows)


def feedback_counts(conn: Connection, f: Filter, today: date) -> tuple[FeedbackRow, ...]:
    """The feedback received in the filter's period at its branches: all, then by channel,
    category and branch."""
    query = (
        sa.select(
            FEEDBACK.c.channel,
            FEEDBACK.c.category,
            BRANCH.c.code,
            FEEDBACK.c.status,
            FEEDBACK.c.received_at,
            FEEDBACK.c.replied_at,
            FEEDBACK.c.reply_due,
            FEEDBACK.c.accepted,
        )
        .select_from(FEEDBACK.join(BRANCH, FEEDBACK.c.branch_id == BRANCH.c.id))
        .where(*_where(f))
    )
    return _grouped((_Item(*r) for r in conn.execute(query)), today)
