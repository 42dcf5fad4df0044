"""DEMO staff: a register for each demo branch, and demo answers and findings naming them."""

from __future__ import annotations

import random
from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import col, select

from bqinspect.domain.staff import Post
from bqinspect.services import inspections
from bqinspect.store.models import Answer, Branch, Finding, Inspection, StaffMember
from bqinspect.store.workspace import Workspace

SURNAMES = "张王李赵陈刘杨黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "婷", "强", "霞", "涛"]
# each demo branch's posts: a head, a lobby manager, tellers, wealth and customer managers, a guard
POSTS = (
    Post.BRANCH_HEAD,
    Post.LOBBY_MANAGER,
    Post.TELLER,
    Post.TELLER,
    Post.TELLER,
    Post.WEALTH_MANAGER,
    Post.CUSTOMER_MANAGER,
    Post.SECURITY_GUARD,
)
AMEND_WHY = "演示：补记涉及人员和窗口"


def add_demo_staff(ws: Workspace, branches: Sequence[Branch], rng: random.Random) -> int:
    """A register per branch (names marked 演示), then about half of the failed answers of
    the demo inspections name one of the branch's staff and a counter; returns how many
    employees were made."""
    with ws.session() as s:
        made = 0
        for n, branch in enumerate(branches):
            for k, post in enumerate(POSTS):
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + "（演示）"
                s.add(
                    StaffMember(
                        employee_no=f"D{n:02d}{k + 1:02d}",
                        name=name,
                        post=post.value,
                        branch_id=branch.id,
                    )
                )
                made += 1
    _name_in_worked(ws, rng)
    _name_in_history(ws, rng)
    return made


def _pick(staff: list[StaffMember], item_id: str, rng: random.Random) -> StaffMember:
    """Somebody whose post fits the item: the guard for security items, else the front line."""
    guard = item_id.upper().startswith("SEC")
    front = {Post.TELLER, Post.LOBBY_MANAGER, Post.WEALTH_MANAGER, Post.CUSTOMER_MANAGER}
    fits = [
        m for m in staff if (m.post == Post.SECURITY_GUARD) == guard and (guard or m.post in front)
    ]
    return rng.choice(fits or staff)


def _counter(post: str, rng: random.Random) -> str:
    return str(rng.randint(1, 6)) if post == Post.TELLER.value else ""


def _register(ws: Workspace) -> dict[object, list[StaffMember]]:
    with ws.db.session() as s:
        rows = s.exec(select(StaffMember).order_by(StaffMember.employee_no)).all()
    out: dict[object, list[StaffMember]] = {}
    for m in rows:
        out.setdefault(m.branch_id, []).append(m)
    return out


def _name_in_worked(ws: Workspace, rng: random.Random) -> None:
    """Through the use cases: drafts directly, submitted inspections as an amendment."""
    register = _register(ws)
    for row in inspections.list_inspections(ws):
        if row.status not in ("draft", "submitted"):
            continue
        head = inspections.get_inspection(ws, row.id)
        staff = register.get(head.branch_id, [])
        failed = [f.item_id for f in inspections.findings_of(ws, row.id) if f.item_id]
        # a draft names two of its failed items; a submitted one, one, as an amendment
        chosen = failed[:1] if row.status == "submitted" else failed[:2]
        why = AMEND_WHY if row.status == "submitted" else ""
        for item_id in chosen:
            member = _pick(staff, item_id, rng)
            inspections.name_staff(
                ws, row.id, item_id, member.employee_no, _counter(member.post, rng), why=why
            )


def _name_in_history(ws: Workspace, rng: random.Random) -> None:
    """The demo history, approved long ago: its failed answers and their findings name staff
    as they were written (there is nothing to amend)."""
    register = _register(ws)
    with ws.session() as s:
        failed = s.exec(
            select(Answer.id, Answer.inspection_id, Answer.item_id, Inspection.branch_id)
            .join(Inspection, col(Answer.inspection_id) == col(Inspection.id))
            .where(Inspection.status == "approved", col(Answer.points_awarded).is_not(None))
            .where(col(Answer.points_awarded) < col(Answer.points_possible))
        ).all()
        for answer_id, inspection_id, item_id, branch_id in failed:
            staff = register.get(branch_id)
            if not staff or rng.random() < 0.5:
                continue
            member = _pick(staff, item_id, rng)
            named = {"staff_no": member.employee_no, "counter": _counter(member.post, rng)}
            s.execute(sa.update(Answer).where(col(Answer.id) == answer_id).values(**named))
            s.execute(
                sa.update(Finding)
                .where(col(Finding.inspection_id) == inspection_id, col(Finding.item_id) == item_id)
                .values(**named)
            )
