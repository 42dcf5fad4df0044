"""The marks drawn on a record's photos, written with the inspector's part they belong to."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.sync.records import InspectionRecord
from bqinspect.sync.snapshot import chunks, table


def queue_annotations(
    pending: dict[str, list[dict[str, Any]]],
    record: InspectionRecord,
    photo_ids: Iterable[uuid.UUID],
) -> None:
    """Queue the marks of those of ``photo_ids`` (photos queued or stored) that have any."""
    wanted = set(photo_ids)
    pending["photoannotation"] += [
        a.model_dump() for a in record.annotations if a.photo_id in wanted
    ]


def replace_annotations(
    conn: Connection,
    pending: dict[str, list[dict[str, Any]]],
    record: InspectionRecord,
    local: InspectionRecord,
) -> None:
    """The stored marks of the record's visit photos give way to the incoming ones."""
    t = table("photoannotation")
    for part in chunks([a.photo_id for a in local.annotations]):
        conn.execute(sa.delete(t).where(t.c.photo_id.in_(part)))
    queue_annotations(pending, record, (p.id for p in record.photos if p.finding_event_id is None))
