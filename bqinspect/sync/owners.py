"""Which stored data the ids of incoming records already belong to: no record takes another's."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.domain.messages import Message, declare
from bqinspect.sync.records import InspectionRecord
from bqinspect.sync.snapshot import chunks, table

ID_TAKEN = declare(
    "sync.owners.id_taken",
    "id {id} already belongs to other stored data",
    "编号 {id} 已属于本机其他已存数据",
)


def owners_of(
    conn: Connection, records: list[InspectionRecord], local: dict[uuid.UUID, InspectionRecord]
) -> dict[uuid.UUID, Any]:
    """For every id in the records already stored elsewhere: what it belongs to.

    Ids the stored copy of the same inspection already has are known to be its own.
    """
    known: set[uuid.UUID] = set()
    for stored in local.values():
        known |= stored.child_ids()

    def fresh(rows: Iterable[Any]) -> list[uuid.UUID]:
        return [r.id for r in rows if r.id not in known]

    owners: dict[uuid.UUID, Any] = {}
    by_table = {
        "answer": fresh(a for r in records for a in r.answers),
        "timermark": fresh(m for r in records for m in r.timer_marks),
        "finding": fresh(f for r in records for f in r.findings),
        "review": fresh(v for r in records for v in r.reviews),
        "itemcomment": fresh(c for r in records for c in r.item_comments),
        "signature": fresh(s for r in records for s in r.signatures),
    }
    for name, ids in by_table.items():
        t = table(name)
        for part in chunks(ids, 2000):
            for row in conn.execute(sa.select(t.c.id, t.c.inspection_id).where(t.c.id.in_(part))):
                owners[row.id] = row.inspection_id
    photo, finding, event = table("photo"), table("finding"), table("findingevent")
    for part in chunks(fresh(p for r in records for p in r.photos), 2000):
        query = (
            sa.select(photo.c.id, photo.c.inspection_id, finding.c.inspection_id.label("via"))
            .select_from(photo.outerjoin(finding, photo.c.finding_id == finding.c.id))
            .where(photo.c.id.in_(part))
        )
        for photo_row in conn.execute(query):
            owners[photo_row.id] = photo_row.inspection_id or photo_row.via
    for part in chunks(fresh(e for r in records for e in r.finding_events), 2000):
        query = (
            sa.select(event.c.id, finding.c.inspection_id)
            .select_from(event.join(finding, event.c.finding_id == finding.c.id))
            .where(event.c.id.in_(part))
        )
        for event_row in conn.execute(query):
            owners[event_row.id] = event_row.inspection_id
    audit = table("auditevent")
    for part in chunks(fresh(a for r in records for a in r.audit), 2000):
        for row in conn.execute(
            sa.select(audit.c.id, audit.c.entity_id).where(audit.c.id.in_(part))
        ):
            owners[row.id] = ("audit", row.entity_id)
    return owners


def clash(record: InspectionRecord, owners: dict[uuid.UUID, Any]) -> Message | None:
    """Why ``record`` may not be merged (one of its ids belongs to other stored data), or None."""
    iid = record.inspection.id
    for part in (
        record.answers,
        record.timer_marks,
        record.photos,
        record.findings,
        record.finding_events,
        record.reviews,
        record.item_comments,
        record.signatures,
    ):
        for row in part:
            owner = owners.get(row.id)
            if owner is not None and owner != iid:
                return ID_TAKEN(id=row.id)
    return None
