"""Stored inspections as package records, read in bulk (for export, and to compare on import)."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from bqinspect.sync.records import (
    AnswerRecord,
    AuditRecord,
    BlobRecord,
    FindingEventRecord,
    FindingRecord,
    InspectionHeader,
    InspectionRecord,
    ItemCommentRecord,
    PhotoRecord,
    ReviewRecord,
    SignatureRecord,
    TimerMarkRecord,
)

CHUNK = 400


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _rows(conn: Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(query)]


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _pick(row: dict[str, Any], model: type[Any]) -> dict[str, Any]:
    return {k: row[k] for k in model.model_fields if k in row}


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
    out: dict[uuid.UUID, InspectionRecord] = {}
    for part in chunks(list(ids)):
        out.update(_load_chunk(conn, part, self_device_id, blob_hashes or {}))
    return out


def _load_chunk(
    conn: Connection,
    ids: Sequence[uuid.UUID],
    self_device_id: uuid.UUID | None,
    blob_hashes: dict[str, tuple[str, str]],
) -> dict[uuid.UUID, InspectionRecord]:
    insp, branch, form = table("inspection"), table("branch"), table("formversion")
    heads = _rows(
        conn,
        sa.select(insp, branch.c.code.label("branch_code"), form.c.sha256.label("form_sha256"))
        .join(branch, insp.c.branch_id == branch.c.id)
        .join(form, insp.c.form_version_id == form.c.id)
        .where(insp.c.id.in_(ids)),
    )
    if not heads:
        return {}
    ids = [h["id"] for h in heads]
    answers = _children(conn, "answer", ids)
    marks = _children(conn, "timermark", ids)
    findings_rows = _rows(
        conn, sa.select(table("finding")).where(table("finding").c.inspection_id.in_(ids))
    )
    findings = _by(findings_rows, "inspection_id")
    finding_owner = {f["id"]: f["inspection_id"] for f in findings_rows}
    events_rows = (
        _rows(
            conn,
            sa.select(table("findingevent")).where(
                table("findingevent").c.finding_id.in_(list(finding_owner))
            ),
        )
        if finding_owner
        else []
    )
    event_owner = {e["id"]: finding_owner[e["finding_id"]] for e in events_rows}
    events = _by(({**e, "_owner": finding_owner[e["finding_id"]]} for e in events_rows), "_owner")
    photo = table("photo")
    cond: sa.ColumnElement[bool] = photo.c.inspection_id.in_(ids)
    if finding_owner:
        cond = cond | photo.c.finding_id.in_(list(finding_owner))
    if event_owner:
        cond = cond | photo.c.finding_event_id.in_(list(event_owner))
    photos: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for p in _rows(conn, sa.select(photo).where(cond)):
        owner = (
            p["inspection_id"]
            or finding_owner.get(p["finding_id"])
            or event_owner.get(p["finding_event_id"])
        )
        photos[owner].append(p)
    shas = sorted({p["blob_sha256"] for rows in photos.values() for p in rows})
    blob = table("photoblob")
    meta_cols = [c for c in blob.c if c.name not in ("display", "thumbnail")]
    blobs = {
        b["sha256"]: b
        for part in chunks(shas)
        for b in _rows(conn, sa.select(*meta_cols).where(blob.c.sha256.in_(part)))
    }
    reviews = _children(conn, "review", ids)
    comments = _children(conn, "itemcomment", ids)
    signatures = _children(conn, "signature", ids)
    audit = _audit_rows(conn, ids, finding_owner)

    out: dict[uuid.UUID, InspectionRecord] = {}
    for h in heads:
        iid = h["id"]
        header = _pick(h, InspectionHeader)
        header["origin_device_id"] = h["source_device_id"] or self_device_id
        own_photos = photos.get(iid, [])
        out[iid] = InspectionRecord.model_validate(
            {
                "inspection": header,
                "answers": [_pick(a, AnswerRecord) for a in answers.get(iid, [])],
                "timer_marks": [_pick(m, TimerMarkRecord) for m in marks.get(iid, [])],
                "blobs": [
                    _blob(blobs[s], blob_hashes)
                    for s in sorted({p["blob_sha256"] for p in own_photos})
                ],
                "photos": [_pick(p, PhotoRecord) for p in own_photos],
                "findings": [_pick(f, FindingRecord) for f in findings.get(iid, [])],
                "finding_events": [_pick(e, FindingEventRecord) for e in events.get(iid, [])],
                "reviews": [_pick(r, ReviewRecord) for r in reviews.get(iid, [])],
                "item_comments": [_pick(c, ItemCommentRecord) for c in comments.get(iid, [])],
                "signatures": [
                    {**_pick(s, SignatureRecord), "image": _png_sha(s["image"])}
                    for s in signatures.get(iid, [])
                ],
                "audit": [_pick(a, AuditRecord) for a in audit.get(iid, [])],
            }
        )
    return out


def _children(
    conn: Connection, name: str, ids: Sequence[uuid.UUID]
) -> dict[Any, list[dict[str, Any]]]:
    t = table(name)
    return _by(_rows(conn, sa.select(t).where(t.c.inspection_id.in_(ids))), "inspection_id")


def _blob(row: dict[str, Any], blob_hashes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    display, thumbnail = blob_hashes.get(row["sha256"], (row["sha256"], row["sha256"]))
    return {**_pick(row, BlobRecord), "display": display, "thumbnail": thumbnail}


def _audit_rows(
    conn: Connection, ids: Sequence[uuid.UUID], finding_owner: dict[Any, Any]
) -> dict[Any, list[dict[str, Any]]]:
    audit = table("auditevent")
    keys = [str(i) for i in ids]
    owner_of: dict[str, Any] = {str(i): i for i in ids}
    owner_of.update({str(f): owner for f, owner in finding_owner.items()})
    cond: sa.ColumnElement[bool] = audit.c.entity_id.in_(list(owner_of))
    for key in keys:
        cond = cond | audit.c.entity_id.startswith(key + "/", autoescape=True)
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(conn, sa.select(audit).where(cond).order_by(audit.c.at)):
        owner = owner_of.get(row["entity_id"]) or owner_of.get(row["entity_id"].split("/")[0])
        if owner is not None:
            out[owner].append(row)
    return out
