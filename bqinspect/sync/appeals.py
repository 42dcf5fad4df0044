"""Appeals in a package (format 3): the lead's rows, taken by their revision from a lead's signer.

An appeal is new here, or a later revision of a stored one (its decision). Only a signer trusted
as the lead or head office may add or change one; anything else is refused and named. When a
taken appeal newly overturns a deduction and the record's inspector revision is the stored one,
the scores the lead's installation stored with the overturn (header and answers' points) are
taken with it: they are derived from the same answers and the same overturns.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.domain.appeals import AppealDecision
from bqinspect.domain.messages import Message
from bqinspect.domain.ownership import Part
from bqinspect.sync.parts import Signer
from bqinspect.sync.reasons import APPEAL
from bqinspect.sync.records import AppealRecord, InspectionRecord
from bqinspect.sync.rows import RowQueue
from bqinspect.sync.snapshot import table

SCORE_FIELDS = ("overall_score", "grade", "section_scores", "veto_hits")


@dataclass
class AppealMerge:
    """What a merge of one record's appeals needs from the merger."""

    conn: Connection
    signer: Signer
    queue: RowQueue
    refuse: Callable[[Message], None]
    conflict: Callable[[str, str, int, Any, Any], bool]
    known_findings: set[uuid.UUID] = field(default_factory=set)


def merge_appeals(m: AppealMerge, record: InspectionRecord, local: InspectionRecord | None) -> bool:
    """Add or update the record's appeals; True when anything changed."""
    stored = {a.id: a for a in local.appeals} if local else {}
    changed = overturned = False
    for appeal in record.appeals:
        mine = stored.get(appeal.id)
        if mine == appeal or (mine is not None and appeal.revision < mine.revision):
            continue
        if appeal.finding_id not in m.known_findings:
            continue  # its finding was not taken here
        if not m.signer.owns(Part.APPEAL):
            m.refuse(m.signer.refusal(Part.APPEAL, APPEAL(appeal=appeal.id)))
            continue
        if mine is not None and appeal.revision == mine.revision:
            m.conflict("appeal", str(appeal.id), appeal.revision, _json(mine), _json(appeal))
            continue
        values = _row(record, appeal)
        if mine is None:
            m.queue.rows["appeal"].append(values)
        else:
            t = table("appeal")
            m.conn.execute(sa.update(t).where(t.c.id == appeal.id).values(**values))
        m.queue.want_shas(record, appeal.photos)
        was = mine.decision if mine else ""
        overturned |= (
            appeal.decision == AppealDecision.OVERTURNED and was != AppealDecision.OVERTURNED
        )
        changed = True
    if overturned and local is not None and local.inspection.revision == record.inspection.revision:
        _take_scores(m.conn, record)
    return changed


def known_of(
    local: InspectionRecord | None, known: Iterable[uuid.UUID], pending: list[dict[str, Any]]
) -> set[uuid.UUID]:
    """Findings stored or being taken here: the ones events and appeals may refer to."""
    found = set(known) | {f.id for f in (local.findings if local else ())}
    return found | {r["id"] for r in pending}


def _row(record: InspectionRecord, appeal: AppealRecord) -> dict[str, Any]:
    values = appeal.model_dump()
    values["inspection_id"] = record.inspection.id
    values["updated_at"] = appeal.decided_at or appeal.lodged_at
    values["created_at"] = appeal.lodged_at
    return values


def _take_scores(conn: Connection, record: InspectionRecord) -> None:
    """The stored scores of the same answers with the overturn, as the lead's copy has them."""
    head = record.inspection
    insp, answer = table("inspection"), table("answer")
    conn.execute(
        sa.update(insp)
        .where(insp.c.id == head.id)
        .values({name: getattr(head, name) for name in SCORE_FIELDS})
    )
    for a in record.answers:
        conn.execute(
            sa.update(answer)
            .where(answer.c.inspection_id == head.id, answer.c.item_id == a.item_id)
            .values(points_awarded=a.points_awarded, points_possible=a.points_possible)
        )


def _json(row: AppealRecord) -> Any:
    return row.model_dump(mode="json")
