"""Models of the rectification tracker: findings across inspections, a filter, a severity chip."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QObject,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from bqinspect.base import clock
from bqinspect.domain.forms import SEVERITY_ORDER
from bqinspect.domain.lifecycle import FindingStatus, is_closed, is_overdue
from bqinspect.services.rectification import FindingRow
from bqinspect.ui.labels import FINDING_STATUS, SEVERITY, label
from bqinspect.ui.models.table import Index, RowTableModel
from bqinspect.ui.widgets.theme import FAIL, MUTED, PASS, SEVERITY_COLORS, WARN

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1  # the FindingRow of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a sortable key of a cell
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 3  # severity code, for the chip delegate

OVERDUE_BACKGROUND = "#fdecea"
_STATUS_COLORS = {
    FindingStatus.OPEN: FAIL,
    FindingStatus.RECTIFYING: WARN,
    FindingStatus.SUBMITTED: "#1c5d99",
    FindingStatus.VERIFIED: PASS,
    FindingStatus.REJECTED: "#8e24aa",
}
_SEVERITY_RANK = {s.value: i for i, s in enumerate(SEVERITY_ORDER)}
_STATUS_RANK = {s.value: i for i, s in enumerate(FindingStatus)}


class FindingsModel(RowTableModel[FindingRow]):
    BRANCH, ITEM, SEVERITY_, REQUIREMENT, RESPONSIBLE, DUE, STATUS = range(7)
    COLUMNS = 7

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.today = clock.today()

    def set_rows(self, rows: Iterable[FindingRow], today: date | None = None) -> None:
        self.today = today or clock.today()
        super().set_rows(rows)

    def finding(self, row: int) -> FindingRow:
        return self.row_object(row)

    def row_of(self, finding_id: uuid.UUID) -> int:
        return self.find_row(lambda r: r.id == finding_id)

    def _display(self, row: FindingRow, column: int) -> str:
        if column == self.BRANCH:
            return f"{row.branch_code} {row.branch_name}"
        if column == self.ITEM:
            return f"{row.item_id} {row.description}" if row.item_id else row.description
        if column == self.SEVERITY_:
            return label(SEVERITY, row.severity)
        if column == self.REQUIREMENT:
            return row.requirement
        if column == self.RESPONSIBLE:
            return row.responsible
        if column == self.DUE:
            if row.due_date is None:
                return ""
            # a pending extension request is marked; the tooltip and the detail give the date
            return row.due_date.isoformat() + (" →" if row.extension_requested else "")
        if column == self.STATUS:
            return label(FINDING_STATUS, row.status)
        return ""

    def _overdue_text(self, row: FindingRow) -> str:
        days = (self.today - row.due_date).days if row.due_date else 0
        return self.tr("%n day(s) overdue", "", days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        overdue = is_overdue(row, self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == FINDING_ROLE:
            return row
        if role == SEVERITY_ROLE:
            return row.severity
        if role == SORT_ROLE:
            if column == self.SEVERITY_:
                return _SEVERITY_RANK.get(row.severity, 9)
            if column == self.DUE:
                return row.due_date.isoformat() if row.due_date else "9999"
            if column == self.STATUS:
                return _STATUS_RANK.get(row.status, 9)
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (self.ITEM, self.REQUIREMENT):
                return self._display(row, column)
            if column in (self.DUE, self.STATUS):
                tips = [self._overdue_text(row)] if overdue else []
                if row.extension_requested:
                    tips.append(
                        self.tr("Extension to %1 requested").replace(
                            "%1", row.extension_requested.isoformat()
                        )
                    )
                return "\n".join(tips) or None
            return None
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DUE and overdue:
                return QBrush(QColor(FAIL))
            if column == self.STATUS:
                return QBrush(QColor(_STATUS_COLORS.get(row.status, MUTED)))
            if is_closed(row.status):
                return QBrush(QColor(MUTED))
        if role == Qt.ItemDataRole.FontRole and column in (self.DUE, self.STATUS) and overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headers(self) -> list[str]:
        return [
            self.tr("Branch"),
            self.tr("Item"),
            self.tr("Severity"),
            self.tr("Requirement"),
            self.tr("Responsible"),
            self.tr("Due"),
            self.tr("Status"),
        ]


ANY = ""
NOT_CLOSED = "not_closed"


class FindingsFilter(QSortFilterProxyModel):
    """Status (or "not closed"), severity, branch code, overdue only and a text search."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.status = ANY
        self.severity = ANY
        self.branch = ANY
        self.overdue_only = False
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self,
        *,
        status: str | None = None,
        severity: str | None = None,
        branch: str | None = None,
        overdue_only: bool | None = None,
        text: str | None = None,
    ) -> None:
        self.beginFilterChange()
        if status is not None:
            self.status = status
        if severity is not None:
            self.severity = severity
        if branch is not None:
            self.branch = branch
        if overdue_only is not None:
            self.overdue_only = overdue_only
        if text is not None:
            self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, FindingsModel)
        row = model.finding(source_row)
        if self.status == NOT_CLOSED:
            if is_closed(row.status):
                return False
        elif self.status and row.status != self.status:
            return False
        if self.severity and row.severity != self.severity:
            return False
        if self.branch and row.branch_code != self.branch:
            return False
        if self.overdue_only and not is_overdue(row, model.today):
            return False
        if self.text:
            haystack = " ".join(
                [
                    row.branch_code,
                    row.branch_name,
                    row.region,
                    row.item_id or "",
                    row.description,
                    row.requirement,
                    row.responsible,
                ]
            ).casefold()
            if self.text not in haystack:
                return False
        return True


class SeverityChipDelegate(QStyledItemDelegate):
    """Paints the severity as a small rounded chip in the severity colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        code = index.data(SEVERITY_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        metrics = QFontMetrics(opt.font)
        width = metrics.horizontalAdvance(text) + 14
        height = metrics.height() + 4
        rect = QRectF(
            opt.rect.x() + 6,
            opt.rect.y() + (opt.rect.height() - height) / 2,
            min(width, opt.rect.width() - 8),
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SEVERITY_COLORS.get(str(code), MUTED)))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(QColor("white"))
        painter.setFont(opt.font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 20, hint.height() + 4)
