"""Photos of a visit: one ingest loop, several photos attached in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bqinspect.base.errors import NotFound, Refused
from bqinspect.base.progress import Cancelled, ProgressFn, check, no_progress
from bqinspect.domain.forms import AnswerType, Form, PhotoRule
from bqinspect.domain.messages import declare
from bqinspect.photo_workers import ingest_many
from bqinspect.photos import IngestedPhoto, PhotoError, PhotoSource
from bqinspect.services.inspections.answers import write_answer
from bqinspect.services.inspections.common import audit, begin_change, form_of, item_of, load
from bqinspect.services.inspections.findings import Saved, settle
from bqinspect.store.blobs import store_blob
from bqinspect.store.models import Inspection, Photo, utcnow
from bqinspect.store.record import PhotoRow, row_of
from bqinspect.store.workspace import Workspace

NO_PHOTO = declare(
    "services.inspections.photos.no_photo",
    "no photo {photo_id}",
    "没有照片 {photo_id}",
)
NO_PHOTOS_THIS_ITEM = declare(
    "services.inspections.photos.no_photos_this_item",
    "no photos for this item on a covert visit (security devices, cash, faces)",
    "暗访中此项目不得拍照（安防设备、现金、人脸）",
)

DEFAULT_MAX_EDGE = 2048
COUNTED = {AnswerType.PHOTO, AnswerType.SIGNATURE}  # items whose answer is their photo count


@dataclass(frozen=True)
class Ingested:
    """The photos that could be read, in order, and why the others could not."""

    photos: list[IngestedPhoto]
    problems: list[PhotoError]


@dataclass(frozen=True)
class PhotosChanged:
    """An item's photos after a change, how many the change attached (one already there
    counts too) and, for a photo item, its new answer and score."""

    item_id: str | None
    photos: list[PhotoRow]
    saved: Saved | None
    attached: int = 0


def photo_max_edge(ws: Workspace) -> int:
    """The ``photo_max_edge`` setting: the longest edge of a stored display copy."""
    try:
        return int(ws.setting("photo_max_edge") or DEFAULT_MAX_EDGE)
    except (TypeError, ValueError):
        return DEFAULT_MAX_EDGE


class _NextName:
    """Progress that names the photo read next, as the ingest's own text."""

    def __init__(self, progress: ProgressFn, names: list[str]):
        self.progress = progress
        self.names = names

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.progress(done, total, self.names[done] if done < total else "")

    def cancelled(self) -> bool:
        return self.progress.cancelled()


def ingest_photos(
    ws: Workspace, sources: Sequence[PhotoSource], progress: ProgressFn = no_progress
) -> Ingested:
    """Read and shrink the photos on two worker processes; a cancel raises ``Cancelled``."""
    check(progress)
    named = _NextName(progress, [source.name for source in sources])
    results = ingest_many(sources, progress=named, max_edge=photo_max_edge(ws))
    if len(results) < len(sources):
        raise Cancelled()
    check(progress)
    done = [r for r in results if isinstance(r, IngestedPhoto)]
    return Ingested(done, [r for r in results if isinstance(r, PhotoError)])


def add_photos(
    ws: Workspace,
    inspection_id: uuid.UUID,
    sources: Sequence[PhotoSource],
    *,
    item_id: str | None = None,
    progress: ProgressFn = no_progress,
    why: str = "",
) -> tuple[PhotosChanged, list[PhotoError]]:
    """Ingest photos and attach those that could be read, in one transaction."""
    ingested = ingest_photos(ws, sources, progress)
    if not ingested.photos:
        return PhotosChanged(item_id, [], None), ingested.problems
    changed = attach_photos(ws, inspection_id, ingested.photos, item_id=item_id, why=why)
    return changed, ingested.problems


def attach_photos(
    ws: Workspace,
    inspection_id: uuid.UUID,
    photos: Sequence[IngestedPhoto],
    *,
    item_id: str | None = None,
    caption: str = "",
    why: str = "",
) -> PhotosChanged:
    """Link ingested photos to an inspection (or one of its items), all or none (after
    submission: an amendment with ``why``, audited)."""
    with ws.session() as s:
        insp = load(s, inspection_id)
        locked = begin_change(s, ws, insp, why)
        form = form_of(ws, insp)
        if item_id is not None:
            item = item_of(form, item_id)
            if item.photo_on_fail is PhotoRule.FORBIDDEN:
                raise Refused(
                    NO_PHOTOS_THIS_ITEM(),
                    where=item_id,
                )
        for ingested in photos:
            _link(s, insp, ingested, item_id, caption)
            if locked:
                where = f"{insp.id}/{item_id}" if item_id else str(insp.id)
                audit(
                    s,
                    ws,
                    "photo",
                    where,
                    "add",
                    field="photo",
                    new=ingested.sha256,
                    why=why,
                    revision=insp.revision,
                )
        insp.updated_at = utcnow()
        s.add(insp)
        return _changed(s, ws, insp, form, item_id, attached=len(photos))


def attach_photo(
    ws: Workspace,
    inspection_id: uuid.UUID,
    ingested: IngestedPhoto,
    *,
    item_id: str | None = None,
    caption: str = "",
) -> PhotoRow:
    """Attach one ingested photo; returns it (the stored one if it was attached already)."""
    changed = attach_photos(ws, inspection_id, [ingested], item_id=item_id, caption=caption)
    return next(p for p in changed.photos if p.blob_sha256 == ingested.sha256)


def _link(
    s: Session, insp: Inspection, ingested: IngestedPhoto, item_id: str | None, caption: str
) -> None:
    store_blob(s, ingested)
    same = s.exec(
        select(Photo).where(
            Photo.inspection_id == insp.id,
            Photo.blob_sha256 == ingested.sha256,
            Photo.item_id == item_id,
        )
    ).first()
    if same is not None:
        return
    count = len(s.exec(select(Photo.id).where(Photo.inspection_id == insp.id)).all())
    s.add(
        Photo(
            inspection_id=insp.id,
            item_id=item_id,
            blob_sha256=ingested.sha256,
            caption=caption,
            position=count,
        )
    )
    s.flush()


def _item_photos(s: Session, inspection_id: uuid.UUID, item_id: str | None) -> list[Photo]:
    q = select(Photo).where(
        Photo.inspection_id == inspection_id,
        col(Photo.finding_event_id).is_(None),
        Photo.item_id == item_id if item_id is not None else col(Photo.item_id).is_(None),
    )
    return list(s.exec(q.order_by(col(Photo.position))).all())


def _changed(
    s: Session,
    ws: Workspace,
    insp: Inspection,
    form: Form,
    item_id: str | None,
    *,
    attached: int = 0,
) -> PhotosChanged:
    """The item's photos; a photo or signature item's answer becomes its photo count."""
    s.flush()
    rows = _item_photos(s, insp.id, item_id)
    saved = None
    if item_id is not None and form.item(item_id).type in COUNTED:
        answer = write_answer(s, ws, insp, form.item(item_id), len(rows) or None)
        saved = settle(s, ws, insp, form, [item_id], [answer])
    return PhotosChanged(item_id, [row_of(PhotoRow, p) for p in rows], saved, attached)


def remove_photo(ws: Workspace, photo_id: uuid.UUID, *, why: str = "") -> PhotosChanged:
    with ws.session() as s:
        photo = s.get(Photo, photo_id)
        if photo is None:
            raise NotFound(NO_PHOTO(photo_id=photo_id))
        item_id = photo.item_id
        if photo.inspection_id is None:
            s.delete(photo)
            return PhotosChanged(item_id, [], None)
        insp = load(s, photo.inspection_id)
        if begin_change(s, ws, insp, why):
            where = f"{insp.id}/{item_id}" if item_id else str(insp.id)
            audit(
                s,
                ws,
                "photo",
                where,
                "remove",
                field="photo",
                old=photo.blob_sha256,
                why=why,
                revision=insp.revision,
            )
        s.delete(photo)
        return _changed(s, ws, insp, form_of(ws, insp), item_id)


def set_photo_caption(ws: Workspace, photo_id: uuid.UUID, caption: str) -> PhotoRow:
    with ws.session() as s:
        photo = s.get(Photo, photo_id)
        if photo is None:
            raise NotFound(NO_PHOTO(photo_id=photo_id))
        photo.caption = caption
        photo.updated_at = utcnow()
        s.add(photo)
        s.flush()
        return row_of(PhotoRow, photo)
