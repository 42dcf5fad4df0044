"""Failures by post and by staff member: the items naming an employee, for training needs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import BRANCH, INSPECTION, Filter, scope, where
from bqinspect.store.models import Answer, StaffMember

ANSWER = sa.inspect(Answer).local_table
STAFF = sa.inspect(StaffMember).local_table
UNLISTED = ""  # the post of a badge number not in the register


@dataclass(frozen=True)
class StaffFailures:
    """One badge number named at counted inspections of one branch: the register's name and
    post ("" when not listed), the items naming them, how many of those failed (stored points
    below the possible) and the points they lost."""

    employee_no: str
    name: str
    post: str
    branch_code: str
    named: int
    failed: int
    points_lost: float


@dataclass(frozen=True)
class PostFailures:
    post: str  # domain.staff.Post, or UNLISTED
    staff: int  # badge numbers named
    named: int
    failed: int
    points_lost: float

    @property
    def failure_rate(self) -> float | None:
        return self.failed / self.named if self.named else None


@dataclass(frozen=True)
class StaffFigures:
    by_post: tuple[PostFailures, ...]  # most failures first
    by_staff: tuple[StaffFailures, ...]  # most failures first


def staff_failures(conn: Connection, f: Filter) -> StaffFigures:
    """Counted from the answers naming a staff member at the filtered inspections."""
    possible, awarded = ANSWER.c.points_possible, ANSWER.c.points_awarded
    failed = sa.and_(possible.is_not(None), awarded.is_not(None), awarded < possible)
    stmt = (
        sa.select(
            ANSWER.c.staff_no,
            sa.func.coalesce(STAFF.c.name, ""),
            sa.func.coalesce(STAFF.c.post, UNLISTED),
            BRANCH.c.code,
            sa.func.count(),
            sa.func.sum(sa.case((failed, 1), else_=0)),
            sa.func.sum(sa.case((failed, possible - awarded), else_=0.0)),
        )
        .select_from(
            scope()
            .join(ANSWER, ANSWER.c.inspection_id == INSPECTION.c.id)
            .outerjoin(STAFF, STAFF.c.employee_no == ANSWER.c.staff_no)
        )
        .where(*where(f), ANSWER.c.staff_no != "")
        .group_by(ANSWER.c.staff_no, STAFF.c.name, STAFF.c.post, BRANCH.c.code)
    )
    rows = [
        StaffFailures(str(no), str(name), str(post), str(code), int(n), int(bad), round(lost, 4))
        for no, name, post, code, n, bad, lost in conn.execute(stmt)
    ]
    rows.sort(key=lambda r: (-r.failed, -r.points_lost, r.branch_code, r.employee_no))
    return StaffFigures(by_post=_by_post(rows), by_staff=tuple(rows))


def _by_post(rows: list[StaffFailures]) -> tuple[PostFailures, ...]:
    grouped: dict[str, list[StaffFailures]] = defaultdict(list)
    for row in rows:
        grouped[row.post].append(row)
    posts = [
        PostFailures(
            post,
            len({r.employee_no for r in group}),
            sum(r.named for r in group),
            sum(r.failed for r in group),
            round(sum(r.points_lost for r in group), 4),
        )
        for post, group in grouped.items()
    ]
    posts.sort(key=lambda p: (-p.failed, p.post))
    return tuple(posts)
