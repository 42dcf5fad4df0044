"""Translated names of audited actions and fields, and how an old → new change reads."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from bqinspect.ui.labels import EVENT, label, status_label

CONTEXT = "audit"

ACTIONS = {
    "create": QT_TRANSLATE_NOOP("audit", "created"),
    "submit": QT_TRANSLATE_NOOP("audit", "submitted"),
    "approve": QT_TRANSLATE_NOOP("audit", "approved"),
    "return": QT_TRANSLATE_NOOP("audit", "returned"),
    "revise": QT_TRANSLATE_NOOP("audit", "revised"),
    "reopen": QT_TRANSLATE_NOOP("audit", "reopened"),
    "amend": QT_TRANSLATE_NOOP("audit", "amended"),
    "update": QT_TRANSLATE_NOOP("audit", "changed"),
    "add": QT_TRANSLATE_NOOP("audit", "added"),
    "remove": QT_TRANSLATE_NOOP("audit", "removed"),
    "correct": QT_TRANSLATE_NOOP("audit", "corrected"),
    "delete": QT_TRANSLATE_NOOP("audit", "deleted"),
    "resolve-conflict": QT_TRANSLATE_NOOP("audit", "conflict resolved"),
}

FIELDS = {
    "value": QT_TRANSLATE_NOOP("audit", "answer"),
    "note": QT_TRANSLATE_NOOP("audit", "note"),
    "photo": QT_TRANSLATE_NOOP("audit", "photo"),
    "at": QT_TRANSLATE_NOOP("audit", "time"),
    "status": QT_TRANSLATE_NOOP("audit", "status"),
    "inspectors": QT_TRANSLATE_NOOP("audit", "inspectors"),
    "lead": QT_TRANSLATE_NOOP("audit", "lead"),
    "notes": QT_TRANSLATE_NOOP("audit", "notes"),
    "internal_notes": QT_TRANSLATE_NOOP("audit", "internal notes"),
    "visit_start": QT_TRANSLATE_NOOP("audit", "visit start"),
    "visit_end": QT_TRANSLATE_NOOP("audit", "visit end"),
    "shopper_alias": QT_TRANSLATE_NOOP("audit", "shopper alias"),
    "severity": QT_TRANSLATE_NOOP("audit", "severity"),
    "description": QT_TRANSLATE_NOOP("audit", "description"),
    "observation": QT_TRANSLATE_NOOP("audit", "observation"),
    "requirement": QT_TRANSLATE_NOOP("audit", "requirement"),
    "responsible": QT_TRANSLATE_NOOP("audit", "responsible"),
    "due_date": QT_TRANSLATE_NOOP("audit", "due date"),
}

ANSWERS = {
    "pass": QT_TRANSLATE_NOOP("audit", "Pass"),
    "fail": QT_TRANSLATE_NOOP("audit", "Fail"),
}

ARROW = " → "


def _translate(table: dict[str, object], code: str) -> str:
    text = table.get(code)
    return QCoreApplication.translate(CONTEXT, str(text)) if text is not None else code


def action_name(code: str) -> str:
    """An audited action; a rectification step by its name in the finding's history."""
    if code not in ACTIONS and code in EVENT:
        return label(EVENT, code)
    return _translate(ACTIONS, code)


def field_name(code: str) -> str:
    return _translate(FIELDS, code)


def where(subject: str, field: str, action: str) -> str:
    """``ENV-01 · answer``; the record's own status changes by their action."""
    name = field_name(field) if field else action_name(action)
    if field == "status":
        name = f"{name} ({action_name(action)})"
    return f"{subject} · {name}" if subject else name


def value_text(field: str, text: str) -> str:
    """A readable stored value; statuses and yes/no answers by their translated name."""
    if field == "status" and text:
        return status_label(text)
    if field == "value" and text in ANSWERS:
        return _translate(ANSWERS, text)
    return text


def change_text(field: str, old: str, new: str) -> str:
    """``old → new``; a value only set or only cleared reads as such."""
    old, new = value_text(field, old), value_text(field, new)
    if old and new:
        return old + ARROW + new
    if new:
        return ARROW + new
    return old + ARROW + "—" if old else ""


def when(moment: datetime) -> str:
    """A time already in the bank's zone, to the second."""
    return f"{moment:%Y-%m-%d %H:%M:%S}"
