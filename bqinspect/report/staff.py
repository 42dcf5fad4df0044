"""Whom a finding concerns on the notice: the staff member (from the register) and the counter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from sqlmodel import Session, col, select

from bqinspect.domain.staff import post_name
from bqinspect.report.labels import Words
from bqinspect.store.models import StaffMember


@dataclass(frozen=True)
class Concerns:
    """A badge number as seen, the register's name and post for it ("" when not listed), and
    the counter number."""

    staff_no: str
    name: str
    post: str
    counter: str


def register_names(s: Session, numbers: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The register's (name, post) of each badge number listed in it."""
    wanted = sorted({n for n in numbers if n})
    if not wanted:
        return {}
    rows = s.exec(select(StaffMember).where(col(StaffMember.employee_no).in_(wanted))).all()
    return {m.employee_no: (m.name, m.post) for m in rows}


def concerns_of(staff_no: str, counter: str, names: dict[str, tuple[str, str]]) -> Concerns | None:
    if not staff_no and not counter:
        return None
    name, post = names.get(staff_no, ("", ""))
    return Concerns(staff_no, name, post, counter)


def concerns_markup(w: Words, c: Concerns) -> str:
    """``1023 张伟 · 柜员　　窗口 3`` in the notice's language (escaped for a paragraph)."""
    parts = []
    if c.staff_no:
        who = " ".join(p for p in (c.staff_no, c.name) if p)
        if c.post:
            who += " · " + w.pick(post_name(c.post, "zh"), post_name(c.post, "en"))
        parts.append(escape(who))
    if c.counter:
        parts.append(f'<font color="#5F6670">{escape(w("counter"))}</font> {escape(c.counter)}')
    return "　　".join(parts)
