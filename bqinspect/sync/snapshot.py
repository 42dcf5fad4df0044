"""Stored inspections as package records, read in bulk (for export, and to compare on import)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from bqinspect.domain.annotations import shapes_to_json
from bqinspect.store.record import AnnotationRow, BlobMeta, Record, chunks, read_records
from bqinspect.sync.records import (
    AnnotationRecord,
    AnswerRecord,
    AppealRecord,
    AuditRecord,
    BlobRecord,
    FindingEventRecord,
    FindingRecord,
    InspectionHeader,
    InspectionRecord,
    ItemCommentRecord,
    PhotoRecord,
    RedactionRecord,
    ReviewRecord,
    SignatureRecord,
    TimerMarkRecord,
)

__all__ = ["chunks", "load_records", "table"]


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def _pick(row: Any, model: type[Any]) -> dict[str, Any]:
    """The fields of a stored row (a frozen dataclass) that the package record ``model`` has."""
    names = {f.name for f in fields(row)}
    return {k: getattr(row, k) for k in model.model_fields if k in names}


def _png_sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_records(
    conn: Connection,
    ids: Sequence[uuid.UUID],
    *,
    self_device_id: uuid.UUID | None = None,
    blob_hashes: dict[str, tuple[str, str]] | None = None,
) -> dict[uuid.UUID, InspectionRecord]:
    """Records for the stored inspections ``ids`` (missing ids are left out).

    ``blob_hashes`` maps a photo's sha256 to the content hashes of its display copy and
    thumbnail; photos not in it get a placeholder (enough to compare, not to export).
    """
    stored = read_records(conn, ids)
    return {iid: _package_record(r, self_device_id, blob_hashes or {}) for iid, r in stored.items()}


def _package_record(
    r: Record, self_device_id: uuid.UUID | None, blob_hashes: dict[str, tuple[str, str]]
) -> InspectionRecord:
    header = _pick(r.inspection, InspectionHeader)
    header["origin_device_id"] = r.inspection.source_device_id or self_device_id
    return InspectionRecord.model_validate(
        {
            "inspection": header,
            "answers": [_pick(a, AnswerRecord) for a in r.answers],
            "timer_marks": [_pick(m, TimerMarkRecord) for m in r.timer_marks],
            "blobs": [_blob(b, blob_hashes) for b in r.blobs.values()],
            "photos": [_pick(p, PhotoRecord) for p in r.photos],
            "findings": [_pick(f, FindingRecord) for f in r.findings],
            "finding_events": [_pick(e, FindingEventRecord) for e in r.finding_events],
            "reviews": [_pick(v, ReviewRecord) for v in r.reviews],
            "item_comments": [_pick(c, ItemCommentRecord) for c in r.item_comments],
            "signatures": [
                {**_pick(s, SignatureRecord), "image": _png_sha(s.image)} for s in r.signatures
            ],
            "audit": [_pick(a, AuditRecord) for a in r.audit],
            "annotations": [_annotation(a) for a in r.annotations.values()],
            "redactions": [
                {**_pick(x, RedactionRecord), "boxes": [dict(b) for b in x.boxes]}
                for x in r.redactions.values()
            ],
            "appeals": [_pick(a, AppealRecord) for a in r.appeals],
        }
    )


def _annotation(row: AnnotationRow) -> dict[str, Any]:
    return {**_pick(row, AnnotationRecord), "shapes": shapes_to_json(row.shapes)}


def _blob(meta: BlobMeta, blob_hashes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    display, thumbnail = blob_hashes.get(meta.sha256, (meta.sha256, meta.sha256))
    return {**_pick(meta, BlobRecord), "display": display, "thumbnail": thumbnail}
