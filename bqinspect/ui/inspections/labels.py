"""Translated display names of statuses, kinds, grades and severities."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "labels"

STATUS = {
    "draft": QT_TRANSLATE_NOOP("labels", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("labels", "Submitted"),
    "approved": QT_TRANSLATE_NOOP("labels", "Approved"),
    "returned": QT_TRANSLATE_NOOP("labels", "Returned"),
}
KIND = {
    "onsite": QT_TRANSLATE_NOOP("labels", "On-site inspection"),
    "mystery": QT_TRANSLATE_NOOP("labels", "Mystery shopping"),
}
GRADE = {
    "excellent": QT_TRANSLATE_NOOP("labels", "Excellent"),
    "good": QT_TRANSLATE_NOOP("labels", "Good"),
    "pass": QT_TRANSLATE_NOOP("labels", "Pass"),
    "fail": QT_TRANSLATE_NOOP("labels", "Fail"),
}
SEVERITY = {
    "critical": QT_TRANSLATE_NOOP("labels", "Critical"),
    "major": QT_TRANSLATE_NOOP("labels", "Major"),
    "general": QT_TRANSLATE_NOOP("labels", "General"),
    "observation": QT_TRANSLATE_NOOP("labels", "Observation"),
}


def _label(table: dict[str, str], key: str | None) -> str:
    if not key:
        return ""
    source = table.get(key)
    return QCoreApplication.translate(CONTEXT, source) if source else key


def status_label(status: str | None) -> str:
    return _label(STATUS, status)


def kind_label(kind: str | None) -> str:
    return _label(KIND, kind)


def grade_label(grade: str | None) -> str:
    return _label(GRADE, grade)


def severity_label(severity: str | None) -> str:
    return _label(SEVERITY, severity)
