"""Cell painters of the Analytics tables: an inline score bar and a leniency interval bar."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from bqinspect.ui.pages.analytics.models import VALUE_ROLE
from bqinspect.ui.widgets.theme import ACCENT, BORDER, MUTED, SURFACE, grade_color

Index = QModelIndex | QPersistentModelIndex


def _background(painter: QPainter, option: QStyleOptionViewItem) -> None:
    style = option.widget.style() if option.widget else None
    if style is not None:
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )


class ScoreBarDelegate(QStyledItemDelegate):
    """The mean score as text followed by a bar of its share of 100, coloured by grade band."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(VALUE_ROLE)
        if not isinstance(value, float):
            super().paint(painter, option, index)
            return
        painter.save()
        _background(painter, option)
        rect = QRectF(option.rect).adjusted(6, 0, -6, 0)
        text_width = 40.0
        painter.setPen(option.palette.text().color())
        painter.drawText(
            QRectF(rect.left(), rect.top(), text_width, rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{value:.1f}",
        )
        track = QRectF(rect.left() + text_width + 8, rect.center().y() - 5, 0, 10)
        track.setRight(rect.right())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SURFACE))
        painter.drawRoundedRect(track, 3, 3)
        bar = QRectF(track)
        bar.setWidth(track.width() * max(0.0, min(value, 100.0)) / 100.0)
        painter.setBrush(QColor(grade_color(_band(value))))
        painter.drawRoundedRect(bar, 3, 3)
        painter.restore()


def _band(score: float) -> str:
    return (
        "excellent" if score >= 90 else "good" if score >= 80 else "pass" if score >= 60 else "fail"
    )


class IntervalDelegate(QStyledItemDelegate):
    """A leniency interval (low, index, high) drawn on a symmetric scale around zero."""

    SPAN = 10.0  # score points each side of zero

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(VALUE_ROLE)
        if not isinstance(value, tuple):
            super().paint(painter, option, index)
            return
        low, mid, high = (float(v) for v in value)
        painter.save()
        _background(painter, option)
        rect = QRectF(option.rect).adjusted(8, 0, -8, 0)
        y = rect.center().y()

        def x(v: float) -> float:
            share = (max(-self.SPAN, min(self.SPAN, v)) + self.SPAN) / (2 * self.SPAN)
            return rect.left() + share * rect.width()

        painter.setPen(QPen(QColor(BORDER), 1))
        painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
        painter.setPen(QPen(QColor(MUTED), 1, Qt.PenStyle.DashLine))
        painter.drawLine(int(x(0)), int(rect.top() + 3), int(x(0)), int(rect.bottom() - 3))
        painter.setPen(QPen(QColor(ACCENT), 3))
        painter.drawLine(int(x(low)), int(y), int(x(high)), int(y))
        painter.setBrush(QColor(ACCENT))
        painter.drawEllipse(QRectF(x(mid) - 4, y - 4, 8, 8))
        painter.restore()
