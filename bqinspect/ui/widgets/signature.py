"""A signature pad: draw with mouse, pen or finger; export as a PNG with a transparent ground."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QSizePolicy, QVBoxLayout, QWidget

from bqinspect.ui.widgets.images import png_bytes

INK = QColor("#0d1b4c")


class SignaturePad(QWidget):
    """Collects strokes; :meth:`to_png` renders them cropped to the ink."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self.setMinimumSize(320, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._hint = ""
        self.retranslate()

    # content ----------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self.update()
        self.changed.emit()

    def add_stroke(self, points: list[QPointF]) -> None:
        """Add a whole stroke (used by tests and by replaying input)."""
        if len(points) > 1:
            self._strokes.append(list(points))
            self.update()
            self.changed.emit()

    def to_png(self, height: int = 160) -> bytes:
        """The ink as a PNG, scaled to ``height`` pixels, with a small margin."""
        if self.is_empty():
            raise ValueError("the signature pad is empty")
        path = self._path()
        bounds = path.boundingRect().adjusted(-6, -6, 6, 6)
        scale = height / max(bounds.height(), 1.0)
        width = max(1, int(bounds.width() * scale))
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        painter.setPen(self._pen(3.0 / scale))
        painter.drawPath(path)
        painter.end()
        return png_bytes(image)

    # input --------------------------------------------------------------------------------------
    def _start(self, pos: QPointF) -> None:
        self._drawing = True
        self._strokes.append([pos])

    def _extend(self, pos: QPointF) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(pos)
            self.update()

    def _finish(self) -> None:
        if self._drawing:
            self._drawing = False
            if self._strokes and len(self._strokes[-1]) < 2:
                self._strokes[-1].append(self._strokes[-1][0] + QPointF(0.5, 0.5))
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._start(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._finish()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._start(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._finish()
        event.accept()

    # painting -----------------------------------------------------------------------------------
    def _path(self) -> QPainterPath:
        path = QPainterPath()
        for stroke in self._strokes:
            if not stroke:
                continue
            path.moveTo(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
        return path

    @staticmethod
    def _pen(width: float) -> QPen:
        pen = QPen(INK, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, QColor("white"))
        painter.setPen(QPen(QColor("#c3cad4"), 1, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(rect, 4, 4)
        baseline = rect.bottom() - 28
        painter.drawLine(QPointF(rect.left() + 16, baseline), QPointF(rect.right() - 16, baseline))
        if self.is_empty():
            painter.setPen(QColor("#9aa4b2"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._hint)
        painter.setPen(self._pen(2.5))
        painter.drawPath(self._path())

    def retranslate(self) -> None:
        self._hint = self.tr("Sign here with the mouse or a pen")
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SignatureDialog(QDialog):
    """A pad in a small non-modal dialog; ``signed(png)`` on OK."""

    signed = Signal(bytes)

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.pad = SignaturePad()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Reset
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        reset = self.buttons.button(QDialogButtonBox.StandardButton.Reset)
        if reset is not None:
            reset.clicked.connect(self.pad.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 260)

    def _ok(self) -> None:
        if self.pad.is_empty():
            return
        self.signed.emit(self.pad.to_png())
        self.accept()
