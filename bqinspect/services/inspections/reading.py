"""Reading an inspection back: its record, or one part of it (all through the record reader)."""

from __future__ import annotations

import uuid
from datetime import datetime

from bqinspect.domain.forms import Severity
from bqinspect.domain.scoring import ScoreResult, score
from bqinspect.services.inspections.common import form_of, visit_date
from bqinspect.store.record import (
    AnswerRow,
    AuditRow,
    FindingRow,
    InspectionHead,
    PhotoRow,
    Record,
    SignatureRow,
    answer_states,
    read_head,
    read_record,
    read_timer_marks,
)
from bqinspect.store.workspace import Workspace

SEVERITY_ORDER = {s.value: i for i, s in enumerate(Severity)}


def read_inspection(ws: Workspace, inspection_id: uuid.UUID) -> Record:
    """The whole stored record of one inspection."""
    with ws.db.engine.connect() as conn:
        return read_record(conn, inspection_id)


def get_inspection(ws: Workspace, inspection_id: uuid.UUID) -> InspectionHead:
    with ws.db.engine.connect() as conn:
        return read_head(conn, inspection_id)


def answers_of(ws: Workspace, inspection_id: uuid.UUID) -> dict[str, AnswerRow]:
    return read_inspection(ws, inspection_id).answer_map()


def current_score(ws: Workspace, inspection_id: uuid.UUID) -> ScoreResult:
    record = read_inspection(ws, inspection_id)
    return score_of(ws, record)


def score_of(ws: Workspace, record: Record) -> ScoreResult:
    """The live score of a record's answers."""
    insp = record.inspection
    return score(
        form_of(ws, insp),
        answer_states(record.answer_map()),
        visit_date=visit_date(insp),
        restored=record.restored_items(),
    )


def timer_marks(ws: Workspace, inspection_id: uuid.UUID) -> dict[str, datetime]:
    with ws.db.engine.connect() as conn:
        return read_timer_marks(conn, inspection_id)


def photos_of(
    ws: Workspace, inspection_id: uuid.UUID, item_id: str | None = None
) -> list[PhotoRow]:
    """The visit's photos in order (evidence of a rectification belongs to the finding)."""
    rows = read_inspection(ws, inspection_id).visit_photos()
    return rows if item_id is None else [p for p in rows if p.item_id == item_id]


def sorted_findings(findings: tuple[FindingRow, ...] | list[FindingRow]) -> list[FindingRow]:
    """Most severe first, then by item."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.item_id or ""))


def findings_of(ws: Workspace, inspection_id: uuid.UUID) -> list[FindingRow]:
    return sorted_findings(read_inspection(ws, inspection_id).findings)


def signatures_of(ws: Workspace, inspection_id: uuid.UUID) -> list[SignatureRow]:
    return sorted(read_inspection(ws, inspection_id).signatures, key=lambda g: g.signed_at)


def audit_trail(ws: Workspace, inspection_id: uuid.UUID) -> list[AuditRow]:
    """The audit of the inspection and its parts (``<id>``, ``<id>/...``), oldest first."""
    key = str(inspection_id)
    return [
        a
        for a in read_inspection(ws, inspection_id).audit
        if a.entity_id == key or a.entity_id.startswith(key + "/")
    ]
