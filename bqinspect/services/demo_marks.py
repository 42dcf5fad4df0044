"""Demo data: marks drawn on the first photo of a demo inspection (an arrow and a label)."""

from __future__ import annotations

import uuid

from bqinspect.domain.annotations import Colour, Shape, ShapeKind
from bqinspect.services.inspections.annotations import save_annotations
from bqinspect.services.inspections.reading import read_inspection
from bqinspect.store.workspace import Workspace

DEMO_MARKS = (
    Shape(ShapeKind.ELLIPSE, Colour.YELLOW, ((0.56, 0.18), (0.9, 0.5))),
    Shape(ShapeKind.ARROW, Colour.RED, ((0.2, 0.75), (0.55, 0.42))),
    Shape(ShapeKind.TEXT, Colour.WHITE, ((0.06, 0.8),), "演示：标注位置"),
)


def add_demo_marks(ws: Workspace, inspection_id: uuid.UUID) -> None:
    """Mark the inspection's first photo taken for an item, if it has one (a draft's change)."""
    photo = next((p for p in read_inspection(ws, inspection_id).visit_photos() if p.item_id), None)
    if photo is not None:
        save_annotations(ws, photo.id, DEMO_MARKS)
