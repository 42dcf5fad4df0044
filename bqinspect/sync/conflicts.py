"""Recorded import conflicts: list them, show what differs, and mark them resolved (audited)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bqinspect.base.errors import NotFound
from bqinspect.domain.messages import declare
from bqinspect.store.models import AuditEvent, Branch, Conflict, Finding, ImportRecord, Inspection
from bqinspect.store.workspace import Workspace

NO_CONFLICT = declare(
    "sync.conflicts.no_conflict",
    "no conflict {conflict_id}",
    "没有冲突 {conflict_id}",
)


@dataclass(frozen=True)
class Difference:
    path: str  # e.g. answers[ENV-04].note
    local: Any
    incoming: Any


@dataclass(frozen=True)
class ConflictRow:
    id: uuid.UUID
    entity: str
    entity_id: str
    revision: int
    created_at: datetime
    source: str  # the device of the import that met it
    differences: list[Difference]
    label: str = ""  # what the record is, for people (branch, visit date, item…)


def _key(row: Any) -> str:
    if isinstance(row, dict):
        for name in ("item_id", "checkpoint", "id", "photo_id"):
            if name in row:
                return str(row[name])
    return json.dumps(row, sort_keys=True, ensure_ascii=False)[:40]


def differences(local: Any, incoming: Any, path: str = "") -> list[Difference]:
    """Where two JSON values differ; list rows are matched by item id / checkpoint / id / photo."""
    if isinstance(local, dict) and isinstance(incoming, dict):
        out: list[Difference] = []
        for key in sorted(set(local) | set(incoming)):
            if str(key).startswith("_"):  # what resolving needs (signature images), not data
                continue
            sub = f"{path}.{key}" if path else str(key)
            out += differences(local.get(key), incoming.get(key), sub)
        return out
    if isinstance(local, list) and isinstance(incoming, list):
        mine = {_key(r): r for r in local}
        theirs = {_key(r): r for r in incoming}
        out = []
        for key in sorted(set(mine) | set(theirs)):
            out += differences(mine.get(key), theirs.get(key), f"{path}[{key}]")
        return out
    return [] if local == incoming else [Difference(path, local, incoming)]


def list_conflicts(ws: Workspace, *, include_resolved: bool = False) -> list[ConflictRow]:
    with ws.db.session() as s:
        query = select(Conflict, ImportRecord).join(
            ImportRecord, col(Conflict.import_id) == col(ImportRecord.id), isouter=True
        )
        if not include_resolved:
            query = query.where(Conflict.resolved == False)  # noqa: E712
        rows = s.exec(query.order_by(col(Conflict.created_at).desc())).all()
        labels = _labels(s, [c.entity_id for c, _imp in rows])
    return [
        ConflictRow(
            id=c.id,
            entity=c.entity,
            entity_id=c.entity_id,
            revision=c.revision,
            created_at=c.created_at,
            source=imp.source_device if imp is not None else "",
            differences=differences(c.local, c.incoming),
            label=labels.get(c.entity_id, c.entity_id),
        )
        for c, imp in rows
    ]


def _labels(s: Any, keys: list[str]) -> dict[str, str]:
    """People's names for conflicting records: inspections, findings and branches."""
    ids = []
    for key in keys:
        try:
            ids.append(uuid.UUID(key))
        except ValueError:
            continue
    out: dict[str, str] = {}
    if ids:
        query = (
            select(Inspection, Branch)
            .join(Branch, col(Inspection.branch_id) == col(Branch.id))
            .where(col(Inspection.id).in_(ids))
        )
        for insp, branch in s.exec(query).all():
            out[str(insp.id)] = (
                f"{branch.code} {branch.name} {insp.visit_start:%Y-%m-%d} {insp.kind}"
            )
        for finding, branch in s.exec(
            select(Finding, Branch)
            .join(Branch, col(Finding.branch_id) == col(Branch.id))
            .where(col(Finding.id).in_(ids))
        ).all():
            out[str(finding.id)] = f"{branch.code} {finding.item_id or ''} {finding.description}"
    for branch in s.exec(select(Branch).where(col(Branch.code).in_(keys))).all():
        out[branch.code] = f"{branch.code} {branch.name}"
    return out


def resolve(ws: Workspace, conflict_id: uuid.UUID, why: str = "") -> None:
    """Mark a conflict resolved, keeping the stored data (audited)."""
    with ws.session() as s:
        row = s.get(Conflict, conflict_id)
        if row is None:
            raise NotFound(NO_CONFLICT(conflict_id=conflict_id), where="conflict")
        row.resolved = True
        s.add(row)
        s.add(
            AuditEvent(
                actor=ws.who(),
                entity=row.entity,
                entity_id=row.entity_id,
                action="resolve-conflict",
                field="",
                old={"revision": row.revision},
                new={"kept": "stored"},
                why=why,
            )
        )
