"""The section list: a model with per-section progress and a delegate that draws it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from bqinspect.domain.forms import Form, Section
from bqinspect.domain.scoring import ScoreResult, SectionScore
from bqinspect.ui.widgets import theme

SECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the form's Section
ANSWERED_ROLE = Qt.ItemDataRole.UserRole + 2  # int
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 3  # int: visible items
FAILED_ROLE = Qt.ItemDataRole.UserRole + 4  # int
PERCENT_ROLE = Qt.ItemDataRole.UserRole + 5  # float | None

_Index = QModelIndex | QPersistentModelIndex


class SectionListModel(QAbstractListModel):
    """One row per form section; :meth:`update_scores` emits targeted ``dataChanged``."""

    def __init__(self, form: Form, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self.form = form
        self.lang = lang
        self._scores: dict[str, SectionScore] = {}

    def update_scores(self, result: ScoreResult) -> None:
        for row, section in enumerate(self.form.sections):
            new = result.sections.get(section.id)
            if new != self._scores.get(section.id):
                if new is not None:
                    self._scores[section.id] = new
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.form.sections:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.form.sections) - 1, 0))

    def row_of(self, section_id: str) -> int:
        return next((i for i, s in enumerate(self.form.sections) if s.id == section_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.form.sections)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.form.sections):
            return None
        section: Section = self.form.sections[index.row()]
        stats = self._scores.get(section.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return section.title.get(self.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            if stats is None:
                return section.title.get(self.lang)
            return f"{section.title.get(self.lang)}: {stats.answered}/{stats.total}"
        if role == SECTION_ROLE:
            return section
        if role == ANSWERED_ROLE:
            return stats.answered if stats else 0
        if role == TOTAL_ROLE:
            return stats.total if stats else len(section.items)
        if role == FAILED_ROLE:
            return stats.failed if stats else 0
        if role == PERCENT_ROLE:
            return stats.percent if stats else None
        return None


class SectionDelegate(QStyledItemDelegate):
    """Title, "answered/total", failed count, section %, and a thin progress bar."""

    ROW_HEIGHT = 54

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(200, self.ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor("#e3edf7") if selected else QColor("white"))
        if selected:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), QColor(theme.ACCENT))
        painter.setPen(QPen(QColor("#e5e7eb")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())

        answered = int(index.data(ANSWERED_ROLE) or 0)
        total = int(index.data(TOTAL_ROLE) or 0)
        failed = int(index.data(FAILED_ROLE) or 0)
        percent = index.data(PERCENT_ROLE)
        inner = rect.adjusted(12, 6, -10, -8)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#111827"))
        title_rect = QRect(inner.left(), inner.top(), inner.width() - 50, 20)
        title = painter.fontMetrics().elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            title_rect.width(),
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        if percent is not None:
            painter.setPen(QColor(theme.ACCENT))
            painter.drawText(
                QRect(inner.right() - 50, inner.top(), 50, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{percent:.0f}%",
            )
        font.setBold(False)
        painter.setFont(font)
        line = QRect(inner.left(), inner.top() + 20, inner.width(), 16)
        painter.setPen(QColor(theme.MUTED))
        painter.drawText(
            line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{answered}/{total}"
        )
        if failed:
            painter.setPen(QColor(theme.FAIL))
            painter.drawText(
                line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"✗ {failed}"
            )
        bar = QRect(inner.left(), rect.bottom() - 6, inner.width(), 3)
        painter.fillRect(bar, QColor("#e5e7eb"))
        if total:
            done = QRect(bar.left(), bar.top(), int(bar.width() * answered / total), bar.height())
            painter.fillRect(done, QColor(theme.PASS if answered == total else theme.ACCENT))
        painter.restore()
