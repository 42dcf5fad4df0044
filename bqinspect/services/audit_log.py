"""The audit trail of one inspection or one finding as typed lines, in the bank's time zone."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlmodel import col, select

from bqinspect.base.errors import NotFound
from bqinspect.domain.messages import declare
from bqinspect.services.inspections import read_inspection
from bqinspect.store.models import AuditEvent, Device, Finding
from bqinspect.store.record import AuditRow, row_of
from bqinspect.store.workspace import Workspace

NO_FINDING = declare(
    "services.audit_log.no_finding",
    "no finding {finding_id}",
    "没有发现问题 {finding_id}",
)

_SHA256 = re.compile(r"[0-9a-f]{64}")
_WORDS = {
    "zh": {"na": "不适用", "yes": "是", "no": "否"},
    "en": {"na": "N/A", "yes": "yes", "no": "no"},
}


@dataclass(frozen=True)
class AuditLine:
    """One audited change: who made it where, what it changed (stored and readable), and why.

    ``subject`` is the part of the record it touched (an item, a timer checkpoint; "" for the
    record itself); ``device`` the name of the device that made it ("" when none was known),
    ``this_device`` whether that is this installation."""

    at: datetime
    actor: str
    role: str
    device_id: uuid.UUID | None
    device: str
    this_device: bool
    entity: str
    entity_id: str
    subject: str
    action: str
    field: str
    old: Any
    new: Any
    old_text: str
    new_text: str
    why: str
    revision: int | None


@dataclass(frozen=True)
class _DeviceName:
    name: str
    is_self: bool


def readable(value: Any, zone: tzinfo, lang: str = "zh") -> str:
    """A stored JSON value as text: an answer's value (or N/A), lists and points joined, a
    photo by the start of its sha256, ISO times in the bank's zone."""
    words = _WORDS.get(lang, _WORDS["en"])
    if value is None:
        return ""
    if isinstance(value, bool):
        return words["yes" if value else "no"]
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _text(value, zone)
    if isinstance(value, Mapping):
        if _is_answer(value):
            return words["na"] if value.get("na") else readable(value["value"], zone, lang)
        return ", ".join(f"{k}: {readable(v, zone, lang)}" for k, v in value.items())
    if isinstance(value, Sequence):
        return ", ".join(readable(v, zone, lang) for v in value)
    return str(value)


def readable_pair(old: Any, new: Any, zone: tzinfo, lang: str = "zh") -> tuple[str, str]:
    """The old and new value as text; of two records (a snapshot before and after a step)
    only the fields that differ."""
    if isinstance(old, Mapping) and isinstance(new, Mapping) and not _is_answer(new):
        keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
        old = {k: old.get(k) for k in keys}
        new = {k: new.get(k) for k in keys}
    return readable(old, zone, lang), readable(new, zone, lang)


def _is_answer(value: Mapping[str, Any]) -> bool:
    return set(value) <= {"value", "na"} and "value" in value


def _text(value: str, zone: tzinfo) -> str:
    if _SHA256.fullmatch(value):
        return value[:12]
    if len(value) >= 19 and value[10:11] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return f"{moment.astimezone(zone):%Y-%m-%d %H:%M:%S}"
    return value


def _devices(ws: Workspace) -> dict[uuid.UUID, _DeviceName]:
    with ws.session() as s:
        rows = s.exec(select(Device)).all()
        return {d.id: _DeviceName(d.name, d.is_self) for d in rows}


def _subject(row: AuditRow) -> str:
    return row.entity_id.partition("/")[2]


def lines_of(ws: Workspace, rows: Iterable[AuditRow], lang: str = "zh") -> list[AuditLine]:
    """Audit rows as lines, oldest first (times in the bank's zone, devices by name)."""
    zone = ws.zone()
    devices = _devices(ws)
    out = []
    for row in sorted(rows, key=lambda r: (r.at, str(r.id))):
        device = devices.get(row.device_id) if row.device_id is not None else None
        old_text, new_text = readable_pair(row.old, row.new, zone, lang)
        out.append(
            AuditLine(
                at=row.at.astimezone(zone),
                actor=row.actor,
                role=row.role,
                device_id=row.device_id,
                device=device.name if device else "",
                this_device=bool(device and device.is_self),
                entity=row.entity,
                entity_id=row.entity_id,
                subject=_subject(row),
                action=row.action,
                field=row.field,
                old=row.old,
                new=row.new,
                old_text=old_text,
                new_text=new_text,
                why=row.why,
                revision=row.revision,
            )
        )
    return out


def inspection_audit(ws: Workspace, inspection_id: uuid.UUID, lang: str = "zh") -> list[AuditLine]:
    """The audit of an inspection, its answers, photos, timer marks and findings."""
    return lines_of(ws, read_inspection(ws, inspection_id).audit, lang)


def finding_audit(ws: Workspace, finding_id: uuid.UUID, lang: str = "zh") -> list[AuditLine]:
    """The audit of one finding (its content, follow-up and rectification steps)."""
    with ws.session() as s:
        if s.get(Finding, finding_id) is None:
            raise NotFound(NO_FINDING(finding_id=finding_id), where="finding")
        events = s.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_id == str(finding_id))
            .order_by(col(AuditEvent.at))
        ).all()
        rows = [row_of(AuditRow, e) for e in events]
    return lines_of(ws, rows, lang)
