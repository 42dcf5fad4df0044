"""The revisions of an inspection and what changed between two of them, from its audit trail."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bqinspect.services.audit_log import AuditLine, inspection_audit
from bqinspect.store.workspace import Workspace

# what happens to the record as a whole (the rest are changes of its parts)
STEPS = ("create", "submit", "approve", "return", "revise", "reopen")
AMEND = "amend"  # a step of our own: the first change of a revision that no step opened
_PARTS = ("inspection", "answer", "photo", "timer")


@dataclass(frozen=True)
class Step:
    """One step in a revision's life: created, submitted, returned, approved, amended…"""

    revision: int
    action: str
    at: datetime
    actor: str
    role: str
    device: str
    why: str


@dataclass(frozen=True)
class Revision:
    number: int
    steps: tuple[Step, ...]
    changes: int  # changed answers, notes, photos, timer marks and header fields in it

    @property
    def first(self) -> Step:
        return self.steps[0]


@dataclass(frozen=True)
class Change:
    """One part changed between two revisions: its first old and last new value, by whom and
    why (every reason given on the way, in order)."""

    subject: str  # the item or checkpoint; "" for the header
    field: str  # value, note, photo, at, or a header field
    old: str
    new: str
    revision: int  # the last revision that changed it
    at: datetime
    actor: str
    role: str
    why: str


def _revision(line: AuditLine) -> int:
    return line.revision if line.revision is not None else 1


def _own(line: AuditLine) -> bool:
    """A line of the record itself (not of one of its findings)."""
    return line.entity in _PARTS


def _is_step(line: AuditLine) -> bool:
    return line.entity == "inspection" and line.action in STEPS


def _step(line: AuditLine, action: str = "") -> Step:
    return Step(
        _revision(line),
        action or line.action,
        line.at,
        line.actor,
        line.role,
        line.device,
        line.why,
    )


def revisions_of(lines: Sequence[AuditLine]) -> list[Revision]:
    """The revisions found in an inspection's audit lines, oldest first."""
    steps: dict[int, list[Step]] = {}
    counts: dict[int, int] = {}
    for line in (x for x in lines if _own(x)):
        number = _revision(line)
        own = steps.setdefault(number, [])
        if _is_step(line):
            own.append(_step(line))
            continue
        counts[number] = counts.get(number, 0) + 1
        if not own:
            own.append(_step(line, AMEND))
    return [Revision(n, tuple(steps[n]), counts.get(n, 0)) for n in sorted(steps) if steps[n]]


def _key(line: AuditLine) -> tuple[str, str, str]:
    if line.entity == "photo":
        return (line.entity_id, "photo", str(line.new or line.old))
    return (line.entity_id, line.entity, line.field)


def changes_of(lines: Sequence[AuditLine], first: int, second: int) -> list[Change]:
    """What changed after revision ``first`` up to ``second`` (either order), one change per
    part and field, in the order of their first change; parts changed back are left out."""
    low, high = sorted((first, second))
    grouped: dict[tuple[str, str, str], list[AuditLine]] = {}
    for line in lines:
        if _own(line) and not _is_step(line) and low < _revision(line) <= high:
            grouped.setdefault(_key(line), []).append(line)
    out = []
    for group in grouped.values():
        start, end = group[0], group[-1]
        if start.entity == "photo":
            had, has = start.action == "remove", end.action == "add"
            if had == has:
                continue
            sha = end.new_text or end.old_text
            old, new = (sha, "") if had else ("", sha)
        else:
            if start.old == end.new:
                continue
            old, new = start.old_text, end.new_text
        reasons = list(dict.fromkeys(g.why for g in group if g.why))
        out.append(
            Change(
                subject=end.subject,
                field=end.field or end.entity,
                old=old,
                new=new,
                revision=_revision(end),
                at=end.at,
                actor=end.actor,
                role=end.role,
                why="; ".join(reasons),
            )
        )
    return out


@dataclass(frozen=True)
class History:
    """An inspection's audit lines with the revisions found in them."""

    lines: tuple[AuditLine, ...]
    revisions: tuple[Revision, ...]

    def changes(self, first: int, second: int) -> list[Change]:
        return changes_of(self.lines, first, second)


def history(ws: Workspace, inspection_id: uuid.UUID, lang: str = "zh") -> History:
    lines = inspection_audit(ws, inspection_id, lang)
    return History(tuple(lines), tuple(revisions_of(lines)))
