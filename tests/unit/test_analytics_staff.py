"""Failures by post and by staff member, counted from the answers naming them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bqinspect.analytics.filters import Filter
from bqinspect.analytics.staff import UNLISTED, staff_failures
from bqinspect.services import inspections as I
from bqinspect.services.staff import import_staff
from tests.unit.test_report import VISIT, onsite

REGISTER = (
    "工号,姓名,岗位,网点编号\n1023,张伟,柜员,0231\n1024,李娜,柜员,0231\n1030,周安,保安,0231\n"
)


def test_failures_are_counted_by_post_and_by_staff_member(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path: Path
) -> None:
    _counted(empty_workspace, mini_form, tmp_path)


@pytest.mark.postgres
def test_the_same_counts_on_postgresql(pg_url, home, mini_form, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bqinspect.store.workspace import open_workspace
    from tests.pg import fresh_database

    with fresh_database(pg_url) as url:
        ws = open_workspace(home, url, actor="总行分析员")
        try:
            _counted(ws, mini_form, tmp_path)
        finally:
            ws.close()


def _counted(ws, mini_form, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = onsite(ws, mini_form)  # ENV-01 and SEC-05 fail
    (tmp_path / "s.csv").write_text(REGISTER, encoding="utf-8")
    import_staff(ws, tmp_path / "s.csv")
    I.name_staff(ws, first, "ENV-01", "1023", "3")  # failed, 1023
    I.name_staff(ws, first, "STF-04", "1023")  # passed, 1023
    I.name_staff(ws, first, "SEC-05", "1030")  # failed, the guard
    I.name_staff(ws, first, "ENV-05", "B-77")  # passed, not in the register
    I.submit(ws, first)
    second = onsite(ws, mini_form, visit=VISIT + timedelta(days=7))
    I.name_staff(ws, second, "ENV-01", "1024")  # failed, another teller
    I.submit(ws, second)
    draft = onsite(ws, mini_form, photos=0, visit=VISIT + timedelta(days=9))
    I.name_staff(ws, draft, "ENV-01", "1023")  # a draft is never counted

    with ws.db.engine.connect() as conn:
        figures = staff_failures(conn, Filter())
    by_staff = {r.employee_no: (r.post, r.named, r.failed) for r in figures.by_staff}
    assert by_staff == {
        "1023": ("teller", 2, 1),
        "1024": ("teller", 1, 1),
        "1030": ("security_guard", 1, 1),
        "B-77": (UNLISTED, 1, 0),
    }
    by_post = {p.post: (p.staff, p.named, p.failed) for p in figures.by_post}
    assert by_post == {"teller": (2, 3, 2), "security_guard": (1, 1, 1), UNLISTED: (1, 1, 0)}
    assert figures.by_post[0].post == "teller"
    assert figures.by_post[0].failure_rate == pytest.approx(2 / 3)
    teller = next(r for r in figures.by_staff if r.employee_no == "1023")
    assert teller.name == "张伟" and teller.points_lost > 0
