"""Photo bytes stored once, addressed by the sha256 of the original file."""

from __future__ import annotations

from datetime import UTC

from sqlmodel import Session

from bqinspect.photos import IngestedPhoto
from bqinspect.store.models import PhotoBlob
from bqinspect.store.workspace import Workspace


def store_blob(s: Session, photo: IngestedPhoto) -> PhotoBlob:
    """The blob row for ``photo``, added to the session if it is not stored yet."""
    blob = s.get(PhotoBlob, photo.sha256)
    if blob is not None:
        return blob
    blob = PhotoBlob(
        sha256=photo.sha256,
        display=photo.display,
        thumbnail=photo.thumbnail,
        mime=photo.mime,
        original_size=photo.original_size,
        original_width=photo.original_width,
        original_height=photo.original_height,
        display_width=photo.display_width,
        display_height=photo.display_height,
        # EXIF has no time zone: the camera's wall clock is kept as if it were UTC
        taken_at=photo.taken_at.replace(tzinfo=UTC) if photo.taken_at else None,
    )
    s.add(blob)
    s.flush()
    return blob


def photo_blob(ws: Workspace, sha256: str) -> PhotoBlob | None:
    """The stored blob (display copy, thumbnail, metadata), None if it is not stored."""
    with ws.db.session() as s:
        return s.get(PhotoBlob, sha256)
