"""Table models of the audit view: audit lines, a record's revision steps, and changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from bqinspect.services.audit_log import AuditLine
from bqinspect.services.revisions import Change, Revision, Step
from bqinspect.ui.audit.texts import (
    action_name,
    change_text,
    field_name,
    value_text,
    when,
    where,
)
from bqinspect.ui.models.table import Index, Row, RowTableModel
from bqinspect.ui.roles import role_name

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class _Model(RowTableModel[Row]):
    """Read-only text cells from :meth:`texts`; the row object under ``ROW_ROLE``."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts(row)[index.column()]
        return None

    def texts(self, row: Row) -> list[str]:
        raise NotImplementedError


def device_text(device: str, this_device: bool, label: str) -> str:
    if this_device:
        return f"{device} ({label})" if device else label
    return device


class AuditModel(_Model[AuditLine]):
    TIME, ACTOR, ROLE, DEVICE, FIELD, CHANGE, REASON, REVISION = range(8)
    COLUMNS = 8

    def headers(self) -> list[str]:
        return [
            self.tr("Time"),
            self.tr("Actor"),
            self.tr("Role"),
            self.tr("Device"),
            self.tr("Field"),
            self.tr("Old → new"),
            self.tr("Reason"),
            self.tr("Revision"),
        ]

    def texts(self, row: AuditLine) -> list[str]:
        return [
            when(row.at),
            row.actor,
            role_name(row.role),
            device_text(row.device, row.this_device, self.tr("this device")),
            where(row.subject, row.field, row.action),
            change_text(row.field, row.old_text, row.new_text),
            row.why,
            f"r{row.revision}" if row.revision is not None else "",
        ]


class AuditFilter(QSortFilterProxyModel):
    """Rows with the filter text in any shown cell, whatever its case."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class StepsModel(_Model[Step]):
    """Every step of every revision, oldest first."""

    REVISION, STEP, TIME, WHO, ROLE, REASON = range(6)
    COLUMNS = 6

    def set_revisions(self, revisions: list[Revision]) -> None:
        self.set_rows(step for r in revisions for step in r.steps)

    def headers(self) -> list[str]:
        return [
            self.tr("Revision"),
            self.tr("Step"),
            self.tr("Time"),
            self.tr("By"),
            self.tr("Role"),
            self.tr("Reason"),
        ]

    def texts(self, row: Step) -> list[str]:
        return [
            f"r{row.revision}",
            action_name(row.action),
            when(row.at),
            row.actor,
            role_name(row.role),
            row.why,
        ]


class ChangesModel(_Model[Change]):
    ITEM, FIELD, OLD, NEW, REVISION, WHO, TIME, REASON = range(8)
    COLUMNS = 8

    def headers(self) -> list[str]:
        return [
            self.tr("Item"),
            self.tr("Field"),
            self.tr("Before"),
            self.tr("After"),
            self.tr("Revision"),
            self.tr("By"),
            self.tr("Time"),
            self.tr("Reason"),
        ]

    def texts(self, row: Change) -> list[str]:
        return [
            row.subject or self.tr("header"),
            field_name(row.field),
            value_text(row.field, row.old) or "—",
            value_text(row.field, row.new) or "—",
            f"r{row.revision}",
            f"{row.actor} ({role_name(row.role)})" if row.role else row.actor,
            when(row.at),
            row.why,
        ]
