"""Painting photo marks with QPainter into the rectangle an image is shown in."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from bqinspect.domain.annotations import (
    ARROW_HEAD,
    RGB,
    TEXT_HEIGHT,
    Shape,
    ShapeKind,
    arrow_head,
    stroke_px,
)

OUTLINE = QColor(20, 20, 20)  # a dark edge under every mark, as on the notice


def _colour(shape: Shape) -> QColor:
    return QColor(*RGB[shape.colour])


def paint_shapes(painter: QPainter, target: QRectF, shapes: Sequence[Shape]) -> None:
    """Draw ``shapes`` (normalised to the image) on the image shown in ``target``."""
    if not shapes or target.isEmpty():
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width = stroke_px(target.width(), target.height())
    for shape in shapes:
        _paint(painter, target, shape, width)
    painter.restore()


def _point(target: QRectF, p: tuple[float, float]) -> QPointF:
    return QPointF(target.left() + p[0] * target.width(), target.top() + p[1] * target.height())


def _paint(painter: QPainter, target: QRectF, shape: Shape, width: float) -> None:
    pts = [_point(target, p) for p in shape.points]
    long_edge = max(target.width(), target.height())
    if shape.kind is ShapeKind.TEXT:
        font = QFont(painter.font())
        font.setPixelSize(max(8, round(TEXT_HEIGHT * long_edge)))
        font.setBold(True)
        path = QPainterPath()
        path.addText(pts[0] + QPointF(0, font.pixelSize() * 0.85), font, shape.text)
        painter.strokePath(path, QPen(OUTLINE, max(2.0, font.pixelSize() / 6)))
        painter.fillPath(path, _colour(shape))
        return
    for colour, extra in ((OUTLINE, 2.0), (_colour(shape), 0.0)):
        pen = QPen(colour, width + extra)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if shape.kind is ShapeKind.ARROW:
            tail, head = (pts[0].x(), pts[0].y()), (pts[1].x(), pts[1].y())
            left, right = arrow_head(tail, head, ARROW_HEAD * long_edge)
            painter.drawLine(pts[0], pts[1])
            painter.setBrush(colour)
            painter.drawPolygon(QPolygonF([pts[1], QPointF(*left), QPointF(*right)]))
        elif shape.kind is ShapeKind.FREEHAND:
            painter.drawPolyline(QPolygonF(pts))
        elif shape.kind is ShapeKind.RECT:
            painter.drawRect(QRectF(pts[0], pts[1]).normalized())
        else:
            painter.drawEllipse(QRectF(pts[0], pts[1]).normalized())


def marked_pixmap(pixmap: QPixmap, shapes: Sequence[Shape]) -> QPixmap:
    """A copy of ``pixmap`` with ``shapes`` drawn on it (a thumbnail with its marks)."""
    if not shapes or pixmap.isNull():
        return pixmap
    out = QPixmap(pixmap)
    painter = QPainter(out)
    paint_shapes(painter, QRectF(out.rect()), shapes)
    painter.end()
    return out
