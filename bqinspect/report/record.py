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

from sqlmodel import Session, select

from bqinspect.base.errors import NotFound
from bqinspect.store.models import (
    Answer,
    Branch,
    Finding,
    FormVersion,
    Inspection,
    Photo,
    Signature,
    TimerMark,
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


def _inspection(insp: Inspection, branch: Branch | None, fv: FormVersion | None) -> dict[str, Any]:
    # The branch by its bank code and the form by its content hash: the row ids of branches
    # and form versions are local to each database (every installation installs the shipped
    # forms itself), so they must not make the same record hash differently elsewhere.
    return {
        "id": insp.id,
        "branch": {"code": branch.code if branch else None},
        "form": {
            "form_id": fv.form_id if fv else None,
            "version": fv.version if fv else None,
            "sha256": fv.sha256 if fv else None,
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


def _answer(a: Answer) -> dict[str, Any]:
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
    )


def _finding(f: Finding) -> dict[str, Any]:
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
    )


def _photo(p: Photo) -> dict[str, Any]:
    return _columns(p, "id", "item_id", "finding_id", "caption", "position", sha256="blob_sha256")


def _signature(sig: Signature) -> dict[str, Any]:
    return {
        "role": sig.role,
        "name": sig.name,
        "image_sha256": hashlib.sha256(sig.image).hexdigest(),
        "signed_at": sig.signed_at,
    }


def record_document(s: Session, inspection_id: uuid.UUID) -> dict[str, Any]:
    """The record of one inspection as plain data, read in one session.

    Holds what the inspection says (header, answers, timer marks, findings, photo references
    with captions, signatures). Left out on purpose: bookkeeping times (``created_at``,
    ``updated_at``, ``exported_at``), the audit trail, reviews and the rectification events
    that follow a notice. Photo and signature images are represented by their sha256.
    """
    insp = s.get(Inspection, inspection_id)
    if insp is None:
        raise NotFound(f"no inspection {inspection_id}", where="inspection")
    branch = s.get(Branch, insp.branch_id)
    fv = s.get(FormVersion, insp.form_version_id)
    answers = s.exec(select(Answer).where(Answer.inspection_id == inspection_id)).all()
    marks = s.exec(select(TimerMark).where(TimerMark.inspection_id == inspection_id)).all()
    findings = s.exec(select(Finding).where(Finding.inspection_id == inspection_id)).all()
    photos = s.exec(select(Photo).where(Photo.inspection_id == inspection_id)).all()
    sigs = s.exec(select(Signature).where(Signature.inspection_id == inspection_id)).all()
    return {
        "format": RECORD_FORMAT,
        "inspection": _inspection(insp, branch, fv),
        "answers": [_answer(a) for a in sorted(answers, key=lambda a: a.item_id)],
        "timers": [
            {"checkpoint": m.checkpoint, "at": m.at, "corrected": m.corrected}
            for m in sorted(marks, key=lambda m: m.checkpoint)
        ],
        "findings": [_finding(f) for f in sorted(findings, key=lambda f: str(f.id))],
        "photos": [_photo(p) for p in sorted(photos, key=lambda p: (p.position, str(p.id)))],
        "signatures": [
            _signature(sig)
            for sig in sorted(sigs, key=lambda g: (g.role, _plain(g.signed_at), g.name))
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
