"""Marks drawn on a visit's photo: saved as vector data beside it, the pixels left untouched."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.annotations import MAX_SHAPES, Shape, shapes_to_json
from bqinspect.domain.messages import declare
from bqinspect.services.inspections.common import audit, begin_change, load
from bqinspect.store.models import Photo, PhotoAnnotation, utcnow
from bqinspect.store.record import AnnotationRow, read_annotations
from bqinspect.store.workspace import Workspace

AT_MOST_MARKS_ON = declare(
    "services.inspections.annotations.at_most_marks_on",
    "at most {max_shapes} marks on one photo",
    "一张照片最多 {max_shapes} 个标注",
)
NO_PHOTO = declare(
    "services.inspections.annotations.no_photo",
    "no photo {photo_id}",
    "没有照片 {photo_id}",
)
ONLY_VISIT_S_PHOTOS = declare(
    "services.inspections.annotations.only_visit_s_photos",
    "only a visit's photos take marks",
    "只有检查现场照片可以标注",
)


def annotations_of(ws: Workspace, photo_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, AnnotationRow]:
    """The marks of those photos that have any, by photo id."""
    with ws.db.engine.connect() as conn:
        return read_annotations(conn, photo_ids)


def save_annotations(
    ws: Workspace, photo_id: uuid.UUID, shapes: Sequence[Shape], *, why: str = ""
) -> AnnotationRow | None:
    """Replace a visit photo's marks (none: the row goes); the inspector's part, so after
    submission an amendment with ``why``, audited. Returns the stored marks."""
    if len(shapes) > MAX_SHAPES:
        raise Refused(AT_MOST_MARKS_ON(max_shapes=MAX_SHAPES), where="marks")
    with ws.session() as s:
        photo = s.get(Photo, photo_id)
        if photo is None:
            raise NotFound(NO_PHOTO(photo_id=photo_id), where="photo")
        if photo.inspection_id is None or photo.finding_event_id is not None:
            raise Refused(ONLY_VISIT_S_PHOTOS(), where="photo")
        stored = s.get(PhotoAnnotation, photo_id)
        old = stored.shapes if stored is not None else []
        new = shapes_to_json(shapes)
        if old == new:
            return _row(stored, shapes) if stored is not None else None
        insp = load(s, photo.inspection_id)
        if begin_change(s, ws, insp, why):
            audit(
                s,
                ws,
                "photo",
                f"{insp.id}/{photo.item_id}" if photo.item_id else str(insp.id),
                "annotate",
                field="marks",
                old=len(old),
                new=len(new),
                why=why,
                revision=insp.revision,
            )
        insp.updated_at = photo.updated_at = utcnow()
        s.add(insp)
        s.add(photo)
        if not new:
            if stored is not None:
                s.delete(stored)
            return None
        if stored is None:
            stored = PhotoAnnotation(photo_id=photo_id, shapes=new, revision=1)
        else:
            stored.shapes = new
            stored.revision += 1
            stored.updated_at = utcnow()
        s.add(stored)
        s.flush()
        return _row(stored, shapes)


def _row(stored: PhotoAnnotation, shapes: Sequence[Shape]) -> AnnotationRow:
    return AnnotationRow(stored.photo_id, tuple(shapes), stored.revision, stored.updated_at)
