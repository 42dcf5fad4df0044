"""Canonical JSON of one inspection record and its sha256 (what a report is verified against)."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from bqinspect.domain.annotations import shapes_to_json
from bqinspect.store.record import (
    AnnotationRow,
    AnswerRow,
    FindingRow,
    InspectionHead,
    PhotoRow,
    Record,
    RedactionRow,
    SignatureRow,
    read_record,
)
from bqinspect.store.workspace import Workspace

log = logging.getLogger(__name__)

RECORD_FORMAT = "bqinspect.inspection-record/1"
# The parts of a record, in document order; each also gets its own hash so that a mismatch can
# say what changed.
PARTS = ("inspection", "answers", "timers", "findings", "photos", "signatures")


@dataclass(frozen=True)
class RecordDigest:
    """The sha256 of a record's canonical JSON, its revision and the hash of each part."""

    record_id: uuid.UUID
    sha256: str
    revision: int
    parts: dict[str, str]


def _plain(value: Any) -> Any:
    """A JSON value with one spelling for each datetime, date, uuid and float."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # 2.0 and 2 are the same number on every database backend.
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical_bytes(document: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: equal records give equal bytes."""
    return json.dumps(
        _plain(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def _inspection(insp: InspectionHead) -> dict[str, Any]:
    # The branch by its bank code and the form by its content hash: the row ids of branches
    # and form versions are local to each database (every installation installs the shipped
    # forms itself), so they must not make the same record hash differently elsewhere.
    return {
        "id": insp.id,
        "branch": {"code": insp.branch_code},
        "form": {
            "form_id": insp.form_id,
            "version": insp.form_version,
            "sha256": insp.form_sha256,
        },
        "inspectors": list(insp.inspectors),
    } | _columns(
        insp,
        "kind",
        "status",
        "revision",
        "lead",
        "shopper_alias",
        "visit_start",
        "visit_end",
        "notes",
        "internal_notes",
        "overall_score",
        "grade",
        "section_scores",
        "veto_hits",
        "submitted_at",
    )


def _columns(row: Any, *names: str, **renamed: str) -> dict[str, Any]:
    """The named attributes of a row (``key="attribute"`` to store one under another key)."""
    out = {name: getattr(row, name) for name in names}
    out.update({key: getattr(row, attr) for key, attr in renamed.items()})
    return out


def _answer(a: AnswerRow) -> dict[str, Any]:
    return _columns(
        a,
        "item_id",
        "value",
        "note",
        "points_awarded",
        "points_possible",
        "deduction_reason",
        "answered_at",
        na="is_na",
    ) | _named(a)


def _finding(f: FindingRow) -> dict[str, Any]:
    return _columns(
        f,
        "id",
        "item_id",
        "severity",
        "risk_type",
        "description",
        "observation",
        "requirement",
        "responsible",
        "due_date",
        "status",
        "source",
        "points_deducted",
        "deduction_reason",
        "closed_at",
        "revision",
    ) | _named(f)


def _named(row: AnswerRow | FindingRow) -> dict[str, Any]:
    """The staff member and counter named, when any (a record naming nobody hashes as it did
    before they could be named)."""
    if not row.staff_no and not row.counter:
        return {}
    return {"staff_no": row.staff_no, "counter": row.counter}


def _photo(
    p: PhotoRow, marks: AnnotationRow | None, redaction: RedactionRow | None
) -> dict[str, Any]:
    out = _columns(p, "id", "item_id", "finding_id", "caption", "position", sha256="blob_sha256")
    if marks is not None:  # a photo without marks reads as before they existed
        out["marks"] = shapes_to_json(marks.shapes)
    if redaction is not None:  # only then: the record of an unredacted photo hashes as before
        out["redaction"] = _columns(
            redaction, "original_sha256", "redacted_sha256", "revision", boxes="boxes"
        )
    return out


def _signature(sig: SignatureRow) -> dict[str, Any]:
    return {
        "role": sig.role,
        "name": sig.name,
        "image_sha256": hashlib.sha256(sig.image).hexdigest(),
        "signed_at": sig.signed_at,
    }


def record_document(s: Session, inspection_id: uuid.UUID) -> dict[str, Any]:
    """The record of one inspection as plain data, read in the session's transaction."""
    return document_of(read_record(s.connection(), inspection_id))


def document_of(record: Record) -> dict[str, Any]:
    """The canonical document of a stored record.

    Holds what the inspection says (header, answers, timer marks, findings, photo references
    with captions, the marks drawn on them and any redaction's boxes and hashes, signatures).
    Left out on purpose: bookkeeping times (``created_at``, ``updated_at``, ``exported_at``), the
    audit trail, reviews and the rectification events that follow a notice. Photo and signature
    images are represented by their sha256.
    """
    return {
        "format": RECORD_FORMAT,
        "inspection": _inspection(record.inspection),
        "answers": [_answer(a) for a in sorted(record.answers, key=lambda a: a.item_id)],
        "timers": [
            {"checkpoint": m.checkpoint, "at": m.at, "corrected": m.corrected}
            for m in sorted(record.timer_marks, key=lambda m: m.checkpoint)
        ],
        "findings": [_finding(f) for f in sorted(record.findings, key=lambda f: str(f.id))],
        "photos": [
            _photo(p, record.annotations.get(p.id), record.redactions.get(p.id))
            for p in sorted(record.own_photos(), key=lambda p: (p.position, str(p.id)))
        ],
        "signatures": [
            _signature(sig)
            for sig in sorted(
                record.signatures, key=lambda g: (g.role, _plain(g.signed_at), g.name)
            )
        ],
    }


def digest_of(document: dict[str, Any]) -> RecordDigest:
    """Hashes of a record document made by :func:`record_document`."""
    body = document["inspection"]
    return RecordDigest(
        record_id=uuid.UUID(str(body["id"])),
        sha256=hashlib.sha256(canonical_bytes(document)).hexdigest(),
        revision=int(body["revision"]),
        parts={p: hashlib.sha256(canonical_bytes(document[p])).hexdigest() for p in PARTS},
    )


def record_digest(ws: Workspace, inspection_id: uuid.UUID) -> RecordDigest:
    with ws.db.session() as s:
        document = record_document(s, inspection_id)
    return digest_of(document)


def record_hash(ws: Workspace, inspection_id: uuid.UUID) -> tuple[str, int]:
    """(sha256 hex of the record's canonical JSON, the inspection's revision)."""
    digest = record_digest(ws, inspection_id)
    return digest.sha256, digest.revision
