"""The viewer's image with its marks: drawn with the mouse, each change undoable (QUndoStack)."""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from bqinspect.domain.annotations import MAX_POINTS, MAX_SHAPES, Colour, Shape, ShapeKind
from bqinspect.ui.widgets.marks_paint import paint_shapes

MIN_DRAG = 4  # pixels: a shorter drag draws nothing (a click, or a slip)


class Tool(enum.StrEnum):
    """What a drag on the image does; NONE only looks. More tools may be added by name."""

    NONE = "none"
    ARROW = ShapeKind.ARROW.value
    RECT = ShapeKind.RECT.value
    ELLIPSE = ShapeKind.ELLIPSE.value
    FREEHAND = ShapeKind.FREEHAND.value
    TEXT = ShapeKind.TEXT.value


class SetShapes(QUndoCommand):
    """One change of a photo's marks: the marks before and after it."""

    def __init__(self, canvas: MarkCanvas, before: tuple[Shape, ...], after: tuple[Shape, ...]):
        super().__init__()
        self.canvas, self.before, self.after = canvas, before, after

    def redo(self) -> None:
        self.canvas.apply_shapes(self.after)

    def undo(self) -> None:
        self.canvas.apply_shapes(self.before)


class MarkCanvas(QWidget):
    """Shows a pixmap scaled to fit, its marks on top; the current tool draws new ones.

    ``shapes_edited`` is emitted for every change made here, undo and redo included, with the
    photo's whole list of marks (the owner stores it)."""

    shapes_edited = Signal(tuple)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMouseTracking(False)
        self.undo_stack = QUndoStack(self)
        self.tool = Tool.NONE
        self.colour = Colour.RED
        self.label = ""  # the text a click of the text tool places
        self.editable = True
        self.message = ""  # shown instead of an image that cannot be shown
        self._pixmap = QPixmap()
        self._shapes: tuple[Shape, ...] = ()
        self._drawing: list[QPointF] = []

    # content -------------------------------------------------------------------------------
    def set_image(self, pixmap: QPixmap, shapes: tuple[Shape, ...]) -> None:
        """Show another photo: its own marks, and a fresh undo history."""
        self._pixmap = pixmap
        self._shapes = shapes
        self._drawing = []
        self.undo_stack.clear()
        self.update()

    def shapes(self) -> tuple[Shape, ...]:
        return self._shapes

    def has_image(self) -> bool:
        return not self._pixmap.isNull()

    def apply_shapes(self, shapes: tuple[Shape, ...]) -> None:
        """Set the marks (called by the undo stack) and tell the owner."""
        self._shapes = shapes
        self.update()
        self.shapes_edited.emit(shapes)

    def change(self, shapes: tuple[Shape, ...]) -> None:
        """A new state of the marks, as one step of the undo history."""
        if shapes != self._shapes:
            self.undo_stack.push(SetShapes(self, self._shapes, shapes))

    def clear_marks(self) -> None:
        self.change(())

    # geometry ------------------------------------------------------------------------------
    def image_rect(self) -> QRectF:
        """Where the image is drawn: scaled to fit, centred."""
        if self._pixmap.isNull():
            return QRectF()
        size = QSize(self._pixmap.size()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - size.width()) / 2
        top = (self.height() - size.height()) / 2
        return QRectF(left, top, size.width(), size.height())

    def to_image(self, pos: QPointF) -> tuple[float, float]:
        """A widget position as fractions of the image (clamped to its edges)."""
        r = self.image_rect()
        x = min(1.0, max(0.0, (pos.x() - r.left()) / r.width()))
        y = min(1.0, max(0.0, (pos.y() - r.top()) / r.height()))
        return round(x, 5), round(y, 5)

    # mouse ---------------------------------------------------------------------------------
    def _drawing_allowed(self) -> bool:
        return (
            self.editable
            and self.tool is not Tool.NONE
            and self.has_image()
            and len(self._shapes) < MAX_SHAPES
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._drawing_allowed():
            super().mousePressEvent(event)
            return
        pos = event.position()
        if not self.image_rect().contains(pos):
            return
        if self.tool is Tool.TEXT:
            if self.label.strip():
                shape = Shape(ShapeKind.TEXT, self.colour, (self.to_image(pos),), self.label)
                self.change((*self._shapes, shape))
            return
        self._drawing = [pos]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._drawing:
            return
        if self.tool is Tool.FREEHAND:
            if len(self._drawing) < MAX_POINTS:
                self._drawing.append(event.position())
        else:
            self._drawing[1:] = [event.position()]
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._drawing:
            return
        if self.tool is not Tool.FREEHAND:
            self._drawing[1:] = [event.position()]
        shape = self._drawn_shape()
        self._drawing = []
        self.update()
        if shape is not None:
            self.change((*self._shapes, shape))

    def _drawn_shape(self) -> Shape | None:
        pts = self._drawing
        if len(pts) < 2:
            return None
        span = max(abs(p.x() - pts[0].x()) + abs(p.y() - pts[0].y()) for p in pts)
        if span < MIN_DRAG:
            return None
        kind = ShapeKind(self.tool.value)
        points = [
            self.to_image(p) for p in (pts if kind is ShapeKind.FREEHAND else pts[:1] + pts[-1:])
        ]
        return Shape(kind, self.colour, tuple(points))

    # painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#111"))
        target = self.image_rect()
        if target.isEmpty():
            painter.setPen(QColor("#ddd"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        shapes = self._shapes
        preview = self._drawn_shape()
        if preview is not None:
            shapes = (*shapes, preview)
        paint_shapes(painter, target, shapes)
        painter.end()
