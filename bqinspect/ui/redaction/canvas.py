"""The photo with its redaction boxes; a drag with the mouse adds a box of the chosen kind."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from bqinspect.redaction.boxes import Box, BoxError, BoxKind
from bqinspect.redaction.pixelate import BLOCKS

ACCEPTED = QColor("#d93025")
REMOVED = QColor("#9aa0a6")
SELECTED = QColor("#fbbc04")
MIN_DRAG = 6  # pixels on screen: a shorter drag is a click, not a box


@dataclass
class Proposal:
    """A box in the dialog and whether it will be redacted."""

    box: Box
    accepted: bool = True


class RedactionCanvas(QWidget):
    """Paints the photo scaled to fit and every box over it; emits ``drawn(Box)``."""

    drawn = Signal(object)  # Box, in fractions of the photo

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.proposals: list[Proposal] = []
        self.selected = -1
        self.kind = BoxKind.OTHER
        self._start: QPointF | None = None
        self._end: QPointF | None = None
        self.setMinimumSize(480, 360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def set_image(self, data: bytes) -> bool:
        self._pixmap = QPixmap()
        ok = self._pixmap.loadFromData(data)
        self.update()
        return ok

    def image_rect(self) -> QRectF:
        """Where the photo is painted (aspect kept, centred)."""
        if self._pixmap.isNull():
            return QRectF()
        w, h = self._pixmap.width(), self._pixmap.height()
        scale = min(self.width() / w, self.height() / h)
        pw, ph = w * scale, h * scale
        return QRectF((self.width() - pw) / 2, (self.height() - ph) / 2, pw, ph)

    def to_screen(self, box: Box) -> QRectF:
        r = self.image_rect()
        return QRectF(
            r.x() + box.x * r.width(),
            r.y() + box.y * r.height(),
            box.w * r.width(),
            box.h * r.height(),
        )

    def _fraction(self, p: QPointF) -> tuple[float, float]:
        r = self.image_rect()
        return (p.x() - r.x()) / r.width(), (p.y() - r.y()) / r.height()

    def _pixelated(self, box: Box) -> QPixmap:
        x, y, w, h = box.pixels(self._pixmap.width(), self._pixmap.height())
        piece = self._pixmap.copy(x, y, w, h)
        scale = BLOCKS / max(w, h)
        coarse = piece.scaled(
            max(1, round(w * scale)),
            max(1, round(h * scale)),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        return coarse.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio)

    # mouse --------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.image_rect().isEmpty():
            self._start = self._end = event.position()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._end = event.position()
            self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        start, self._start = self._start, None
        if start is not None and event.button() == Qt.MouseButton.LeftButton:
            end = event.position()
            if abs(end.x() - start.x()) >= MIN_DRAG and abs(end.y() - start.y()) >= MIN_DRAG:
                (x0, y0), (x1, y1) = self._fraction(start), self._fraction(end)
                try:
                    box = Box.clamped(x0, y0, x1 - x0, y1 - y0, self.kind)
                except BoxError:  # dragged wholly outside the photo
                    box = None
                if box is not None:
                    self.drawn.emit(box)
        self.update()
        super().mouseReleaseEvent(event)

    # painting -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#111"))
        if self._pixmap.isNull():
            painter.setPen(QColor("#ddd"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No image"))
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(self.image_rect(), self._pixmap, QRectF(self._pixmap.rect()))
        for index, proposal in enumerate(self.proposals):
            colour = ACCEPTED if proposal.accepted else REMOVED
            if index == self.selected:
                colour = SELECTED
            rect = self.to_screen(proposal.box)
            if proposal.accepted:  # a preview of the copy that leaves the office
                hidden = self.to_screen(proposal.box.enlarged())
                painter.drawPixmap(hidden, self._pixelated(proposal.box.enlarged()), QRectF())
            pen = QPen(colour, 3 if index == self.selected else 2)
            if not proposal.accepted:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(rect)
        if self._start is not None and self._end is not None:
            painter.setPen(QPen(SELECTED, 2, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self._start, self._end).normalized())
