"""Privacy redaction of a photo: faces proposed, boxes kept, the redacted copy stored as a blob."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from bqinspect.base.errors import NotFound, Refused
from bqinspect.domain.messages import declare
from bqinspect.redaction.boxes import Box, BoxError, boxes_from_json, boxes_to_json
from bqinspect.redaction.detect import Detection, detect_faces
from bqinspect.redaction.pixelate import redacted_copy
from bqinspect.redaction.settings import OFFICE_ORIGINAL, office_keeps_original
from bqinspect.services.inspections.common import audit
from bqinspect.store.models import Photo, PhotoBlob, PhotoRedaction, utcnow
from bqinspect.store.workspace import Workspace

PHOTO_HAS_NO_IMAGE = declare(
    "services.redaction.photo_has_no_image",
    "photo {id} has no image data",
    "照片 {id} 没有图像数据",
)
NO_PHOTO = declare(
    "services.redaction.no_photo",
    "no photo {ref}",
    "没有照片 {ref}",
)
NO_PHOTO_2 = declare(
    "services.redaction.no_photo_2",
    "no photo {photo_id}",
    "没有照片 {photo_id}",
)
STORED_REDACTION_PHOTO = declare(
    "services.redaction.stored_redaction_photo",
    "the stored redaction of photo {photo_id}: {exc}",
    "照片 {photo_id} 保存的打码信息：{exc}",
)
MATCHES_PHOTOS = declare(
    "services.redaction.matches_photos",
    "{ref} matches {ids} photos",
    "{ref} 匹配 {ids} 张照片",
)

__all__ = ["OFFICE_ORIGINAL", "office_keeps_original"]  # the setting, for the front ends


@dataclass(frozen=True)
class PhotoSize:
    """The photo a redaction is drawn on: its ids and the sizes of the original and display."""

    photo_id: uuid.UUID
    inspection_id: uuid.UUID | None
    sha256: str
    original_width: int
    original_height: int
    display_width: int
    display_height: int


@dataclass(frozen=True)
class Redaction:
    """A photo's redaction as stored: the boxes, both hashes and its revision."""

    photo_id: uuid.UUID
    original_sha256: str
    redacted_sha256: str
    boxes: tuple[Box, ...]
    revision: int


def find_photo(ws: Workspace, ref: str) -> PhotoSize:
    """The photo ``ref`` names: a full uuid or a prefix matching exactly one."""
    photo = SQLModel.metadata.tables["photo"]
    with ws.db.session() as s:
        try:
            found = s.get(Photo, uuid.UUID(ref))
        except ValueError:
            needle = ref.strip().lower()
            ids = [i for (i,) in s.execute(sa.select(photo.c.id)) if str(i).startswith(needle)]
            if len(ids) > 1:
                raise NotFound(MATCHES_PHOTOS(ref=ref, ids=len(ids)), where="photo") from None
            found = s.get(Photo, ids[0]) if ids and needle else None
        if found is None:
            raise NotFound(NO_PHOTO(ref=ref), where="photo")
        return _size(s, found)


def _size(s: Session, photo: Photo) -> PhotoSize:
    blob = s.get(PhotoBlob, photo.blob_sha256)
    if blob is None:
        raise NotFound(PHOTO_HAS_NO_IMAGE(id=photo.id), where="photo")
    return PhotoSize(
        photo_id=photo.id,
        inspection_id=photo.inspection_id,
        sha256=blob.sha256,
        original_width=blob.original_width or blob.display_width,
        original_height=blob.original_height or blob.display_height,
        display_width=blob.display_width,
        display_height=blob.display_height,
    )


def propose_faces(ws: Workspace, photo_id: uuid.UUID) -> Detection:
    """Faces the detector finds in the photo's display copy (nothing is stored)."""
    with ws.db.session() as s:
        photo = s.get(Photo, photo_id)
        blob = s.get(PhotoBlob, photo.blob_sha256) if photo is not None else None
        if blob is None:
            raise NotFound(NO_PHOTO_2(photo_id=photo_id), where="photo")
        display = blob.display
    return detect_faces(display)


def redaction_of(ws: Workspace, photo_id: uuid.UUID) -> Redaction | None:
    with ws.db.session() as s:
        row = s.get(PhotoRedaction, photo_id)
        return _state(row) if row is not None else None


def _state(row: PhotoRedaction) -> Redaction:
    try:
        boxes = boxes_from_json(row.boxes)
    except BoxError as exc:
        raise Refused(STORED_REDACTION_PHOTO(photo_id=row.photo_id, exc=exc)) from exc
    return Redaction(row.photo_id, row.original_sha256, row.redacted_sha256, boxes, row.revision)


def redact_photo(ws: Workspace, photo_id: uuid.UUID, boxes: Sequence[Box]) -> Redaction | None:
    """Keep ``boxes`` as the photo's redaction and store its redacted copy; no boxes: none.

    The original blob is not touched (it stays the evidence); the redacted copy is made from
    the display copy, pixelated irreversibly and re-encoded, and stored as its own blob.
    """
    with ws.session() as s:
        photo = s.get(Photo, photo_id)
        blob = s.get(PhotoBlob, photo.blob_sha256) if photo is not None else None
        if photo is None or blob is None:
            raise NotFound(NO_PHOTO_2(photo_id=photo_id), where="photo")
        row = s.get(PhotoRedaction, photo_id)
        where = f"{photo.inspection_id}/photo/{photo_id}" if photo.inspection_id else str(photo_id)
        if not boxes:
            if row is not None:
                audit(s, ws, "photo", where, "unredact", old=row.redacted_sha256)
                s.delete(row)
            return None
        stored = boxes_to_json(boxes)
        if row is not None and row.boxes == stored and row.original_sha256 == blob.sha256:
            return _state(row)  # nothing changed: no new copy, no audit event
        copy = redacted_copy(blob.display, boxes)
        if s.get(PhotoBlob, copy.sha256) is None:
            s.add(
                PhotoBlob(
                    sha256=copy.sha256,
                    display=copy.display,
                    thumbnail=copy.thumbnail,
                    mime="image/jpeg",
                    original_size=len(copy.display),
                    original_width=blob.original_width,
                    original_height=blob.original_height,
                    display_width=copy.width,
                    display_height=copy.height,
                    taken_at=blob.taken_at,
                )
            )
            s.flush()
        if row is None:
            row = PhotoRedaction(
                photo_id=photo_id,
                original_sha256=blob.sha256,
                redacted_sha256=copy.sha256,
                boxes=stored,
            )
        else:
            row.revision += 1
            row.boxes, row.original_sha256 = stored, blob.sha256
            row.redacted_sha256, row.updated_at = copy.sha256, utcnow()
        s.add(row)
        audit(
            s,
            ws,
            "photo",
            where,
            "redact",
            field="boxes",
            new={"boxes": len(boxes), "redacted_sha256": copy.sha256},
            revision=row.revision,
        )
        s.flush()
        return _state(row)
