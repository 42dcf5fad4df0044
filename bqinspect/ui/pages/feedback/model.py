"""The table model of the feedback register: one row per item, overdue rows marked."""

from __future__ import annotations

import uuid
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bqinspect.services.feedback_view import FeedbackView, local_date
from bqinspect.ui.labels import label
from bqinspect.ui.models.table import Index, RowTableModel
from bqinspect.ui.pages.feedback.labels import CATEGORY, CHANNEL, FEEDBACK_STATUS
from bqinspect.ui.widgets.theme import ACCENT, FAIL, MUTED, PASS, WARN

FEEDBACK_ROLE = Qt.ItemDataRole.UserRole + 1  # the FeedbackView of a row
OVERDUE_BACKGROUND = "#fdecea"
_STATUS_COLORS = {"received": FAIL, "handling": WARN, "replied": ACCENT, "closed": PASS}


class FeedbackModel(RowTableModel[FeedbackView]):
    RECEIVED, BRANCH, CHANNEL_, CATEGORY_, STATUS, DUE, CONTENT = range(7)
    COLUMNS = 7

    def __init__(self, zone: tzinfo, parent: QObject | None = None):
        super().__init__(parent)
        self.zone = zone

    def row_of(self, feedback_id: uuid.UUID) -> int:
        return self.find_row(lambda r: r.id == feedback_id)

    def _display(self, row: FeedbackView, column: int) -> str:
        if column == self.RECEIVED:
            return f"{row.received_at.astimezone(self.zone):%Y-%m-%d}"
        if column == self.BRANCH:
            return f"{row.branch_code} {row.branch_name}"
        if column == self.CHANNEL_:
            return label(CHANNEL, row.channel)
        if column == self.CATEGORY_:
            return label(CATEGORY, row.category)
        if column == self.CONTENT:
            return row.content.replace("\n", " ")
        if column == self.DUE:
            if row.replied_at is not None:
                return self.tr("replied %1").replace(
                    "%1", local_date(row.replied_at, self.zone).isoformat()
                )
            return row.reply_due.isoformat() if row.reply_due else ""
        if column == self.STATUS:
            return label(FEEDBACK_STATUS, row.status)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == FEEDBACK_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CONTENT:
                return row.content
            if column in (self.DUE, self.STATUS) and row.overdue:
                return self.tr("Past its reply date")
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DUE and row.overdue:
                return QBrush(QColor(FAIL))
            if column == self.STATUS:
                return QBrush(QColor(_STATUS_COLORS.get(row.status, MUTED)))
            if row.status == "closed":
                return QBrush(QColor(MUTED))
        if role == Qt.ItemDataRole.FontRole and column in (self.DUE, self.STATUS) and row.overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headers(self) -> list[str]:
        return [
            self.tr("Received"),
            self.tr("Branch"),
            self.tr("Channel"),
            self.tr("Category"),
            self.tr("Status"),
            self.tr("Reply by"),
            self.tr("Content"),
        ]
