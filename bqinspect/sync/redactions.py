"""Photo redactions on import: a redaction with a higher revision than the stored one wins."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.sync.records import InspectionRecord, RedactionRecord
from bqinspect.sync.rows import RowQueue
from bqinspect.sync.snapshot import table


def merge_redactions(conn: Connection, queue: RowQueue, record: InspectionRecord) -> bool:
    """Queue the record's redactions that are new or newer here; True if any was.

    A redaction belongs to its photo: one whose photo was not merged (refused, or withdrawn)
    is left out. Of two different redactions of the same revision the stored one is kept.
    """
    if not record.redactions:
        return False
    t, photo = table("photoredaction"), table("photo")
    ids = [r.photo_id for r in record.redactions]
    stored = {
        row.photo_id: row.revision
        for row in conn.execute(sa.select(t.c.photo_id, t.c.revision).where(t.c.photo_id.in_(ids)))
    }
    present = {row.id for row in conn.execute(sa.select(photo.c.id).where(photo.c.id.in_(ids)))}
    present |= {row["id"] for row in queue.rows.get("photo", [])}
    changed = False
    for red in record.redactions:
        if red.photo_id not in present or stored.get(red.photo_id, 0) >= red.revision:
            continue
        if red.photo_id in stored:
            conn.execute(sa.delete(t).where(t.c.photo_id == red.photo_id))
        queue.want_blob(record, red.redacted_sha256)
        queue.rows["photoredaction"].append(_row(red))
        changed = True
    return changed


def _row(red: RedactionRecord) -> dict[str, object]:
    return {**red.model_dump(), "boxes": [b.model_dump() for b in red.boxes]}
