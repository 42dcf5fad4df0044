"""The editor's view of one inspection: commits every edit through the services at once."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from bqinspect.base.errors import Refused
from bqinspect.domain.forms import Form, Item
from bqinspect.domain.scoring import ScoreResult, score
from bqinspect.services import inspections as svc
from bqinspect.services.branches import get_branch
from bqinspect.store.models import Answer, Branch, Finding, Inspection, Photo
from bqinspect.store.workspace import Workspace
from bqinspect.ui.widgets.thumbnails import PhotoThumb

log = logging.getLogger(__name__)

READ_ONLY_STATUSES = {"submitted", "approved"}


class EditorSession(QObject):
    """Holds the inspection's current state; every change goes to the database first.

    Methods return True when the change was committed; a refusal is reported through
    :attr:`refused` (where, message) and changes nothing.
    """

    saved = Signal(object)  # datetime (aware) of the commit
    answers_changed = Signal(list)  # item ids whose answer, note or visibility changed
    score_changed = Signal()
    findings_changed = Signal()
    photos_changed = Signal(object)  # item id (or None for the inspection)
    marks_changed = Signal()
    status_changed = Signal()
    refused = Signal(str, str)  # where (item id, "signature", ...), message

    def __init__(self, ws: Workspace, inspection_id: uuid.UUID, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.inspection_id = inspection_id
        self.inspection: Inspection = svc.get_inspection(ws, inspection_id)
        self.form: Form = svc.form_of(ws, self.inspection)
        self.branch: Branch = get_branch(ws, self.inspection.branch_id)
        self.answers: dict[str, Answer] = {}
        self.findings: dict[str, Finding] = {}
        self.marks: dict[str, datetime] = {}
        self.photos: dict[str | None, list[Photo]] = {}
        self.result: ScoreResult = score(self.form, {})
        self._thumbs: dict[str, bytes] = {}
        self.reload()

    # state --------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.inspection = svc.get_inspection(self.ws, self.inspection_id)
        self._reload_answers()
        self._reload_findings()
        self.marks = svc.timer_marks(self.ws, self.inspection_id)
        self._reload_photos()

    def _reload_answers(self) -> None:
        self.answers = svc.answers_of(self.ws, self.inspection_id)
        self.result = score(
            self.form,
            svc.answer_states(self.answers),
            visit_date=self.inspection.visit_start.astimezone(UTC).date(),
        )

    def _reload_findings(self) -> bool:
        found = {f.item_id: f for f in svc.findings_of(self.ws, self.inspection_id) if f.item_id}
        changed = {k: (f.id, f.updated_at) for k, f in found.items()} != {
            k: (f.id, f.updated_at) for k, f in self.findings.items()
        }
        self.findings = found
        return changed

    def _reload_photos(self) -> None:
        grouped: dict[str | None, list[Photo]] = defaultdict(list)
        for photo in svc.photos_of(self.ws, self.inspection_id):
            grouped[photo.item_id].append(photo)
        self.photos = dict(grouped)

    @property
    def read_only(self) -> bool:
        return self.inspection.status in READ_ONLY_STATUSES

    @property
    def is_mystery(self) -> bool:
        return self.inspection.kind == "mystery"

    def item(self, item_id: str) -> Item:
        return self.form.item(item_id)

    def value(self, item_id: str) -> Any:
        answer = self.answers.get(item_id)
        return None if answer is None else answer.value

    def is_na(self, item_id: str) -> bool:
        answer = self.answers.get(item_id)
        return bool(answer and answer.is_na)

    def note(self, item_id: str) -> str:
        answer = self.answers.get(item_id)
        return answer.note if answer else ""

    def visible(self, item_id: str) -> bool:
        return self.result.items[item_id].visible

    def failed(self, item_id: str) -> bool:
        return self.result.items[item_id].failed

    def visible_items(self) -> list[str]:
        return [i.id for i in self.form.items() if self.result.items[i.id].visible]

    def photo_thumbs(self, item_id: str | None) -> list[PhotoThumb]:
        thumbs = []
        for photo in self.photos.get(item_id, []):
            data = self._thumbs.get(photo.blob_sha256)
            if data is None:
                blob = svc.photo_blob(self.ws, photo.blob_sha256)
                data = blob.thumbnail if blob else b""
                self._thumbs[photo.blob_sha256] = data
            thumbs.append(PhotoThumb(photo.id, photo.blob_sha256, photo.caption, data))
        return thumbs

    def display_image(self, sha256: str) -> bytes | None:
        blob = svc.photo_blob(self.ws, sha256)
        return blob.display if blob else None

    # edits --------------------------------------------------------------------------------------
    def _refuse(self, where: str, exc: Refused) -> bool:
        log.info("refused at %s: %s", where, exc)
        self.refused.emit(where, str(exc))
        return False

    def _committed(self, changed: Iterable[str]) -> None:
        before = {k: v.visible for k, v in self.result.items.items()}
        self._reload_answers()
        flipped = [k for k, v in self.result.items.items() if before.get(k) != v.visible]
        findings_changed = self._reload_findings()
        self.answers_changed.emit(list(dict.fromkeys([*changed, *flipped])))
        self.score_changed.emit()
        if findings_changed:
            self.findings_changed.emit()
        self.saved.emit(datetime.now().astimezone())

    def set_answer(self, item_id: str, value: Any, *, na: bool = False) -> bool:
        if (
            na == self.is_na(item_id)
            and value == self.value(item_id)
            and (na or item_id in self.answers or value is None)
        ):
            return True  # nothing changed: no write, no audit noise
        try:
            svc.set_answer(self.ws, self.inspection_id, item_id, value, na=na)
        except Refused as exc:
            return self._refuse(item_id, exc)
        self._committed([item_id])
        return True

    def set_note(self, item_id: str, text: str) -> bool:
        if text == self.note(item_id):
            return True
        try:
            svc.set_note(self.ws, self.inspection_id, item_id, text)
        except Refused as exc:
            return self._refuse(item_id, exc)
        answer = self.answers.get(item_id)
        if answer is not None:
            answer.note = text
        else:
            self.answers = svc.answers_of(self.ws, self.inspection_id)
        self.saved.emit(datetime.now().astimezone())
        return True

    def mark(self, checkpoint: str, at: datetime | None = None, *, why: str = "") -> bool:
        try:
            durations = svc.mark_timer(self.ws, self.inspection_id, checkpoint, at, why=why)
        except Refused as exc:
            return self._refuse("checkpoint", exc)
        self.marks = svc.timer_marks(self.ws, self.inspection_id)
        self.marks_changed.emit()
        self._committed(durations)
        return True

    def attach(self, item_id: str | None, photos: list[Any]) -> int:
        """Attach ingested photos; returns how many were attached."""
        attached = 0
        for ingested in photos:
            try:
                svc.attach_photo(self.ws, self.inspection_id, ingested, item_id=item_id)
            except Refused as exc:
                self._refuse(item_id or "photo", exc)
                break
            attached += 1
        if attached:
            self._photos_committed(item_id)
        return attached

    def _photos_committed(self, item_id: str | None) -> None:
        self._reload_photos()
        if item_id is not None and self.item(item_id).type.value in ("photo", "signature"):
            count = len(self.photos.get(item_id, []))
            try:
                svc.set_answer(self.ws, self.inspection_id, item_id, count or None)
            except Refused as exc:
                self._refuse(item_id, exc)
            self._committed([item_id])
        else:
            self.saved.emit(datetime.now().astimezone())
        self.photos_changed.emit(item_id)

    def remove_photo(self, photo_id: uuid.UUID) -> bool:
        item_id = next(
            (k for k, rows in self.photos.items() if any(p.id == photo_id for p in rows)), None
        )
        try:
            svc.remove_photo(self.ws, photo_id)
        except Refused as exc:
            return self._refuse(item_id or "photo", exc)
        self._photos_committed(item_id)
        return True

    def set_caption(self, photo_id: uuid.UUID, caption: str) -> bool:
        try:
            svc.set_photo_caption(self.ws, photo_id, caption)
        except Refused as exc:
            return self._refuse("photo", exc)
        self._reload_photos()
        self.saved.emit(datetime.now().astimezone())
        return True

    def update_finding(self, finding_id: uuid.UUID, **fields: Any) -> bool:
        try:
            svc.update_finding(self.ws, finding_id, **fields)
        except Refused as exc:
            return self._refuse("finding", exc)
        self._reload_findings()
        self.saved.emit(datetime.now().astimezone())
        return True

    # submission ---------------------------------------------------------------------------------
    def check(self) -> list[svc.Missing]:
        return svc.check_submission(self.ws, self.inspection_id)

    def submit(self, signatures: list[tuple[str, str, bytes]]) -> ScoreResult | None:
        """Store the signatures (role, name, png) and submit; None if refused."""
        try:
            for role, name, png in signatures:
                svc.add_signature(self.ws, self.inspection_id, role, name, png)
            result = svc.submit(self.ws, self.inspection_id)
        except Refused as exc:
            self.refused.emit("submit", str(exc))
            return None
        self.reload()
        self.status_changed.emit()
        self.score_changed.emit()
        self.saved.emit(datetime.now().astimezone())
        return result
