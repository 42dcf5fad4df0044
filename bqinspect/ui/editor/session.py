"""The editor's view of one inspection: commits every edit through the services (a note's
text on a pause in typing), and takes back only what each commit changed."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from bqinspect.base.errors import Refused
from bqinspect.domain.annotations import Shape
from bqinspect.domain.forms import AnswerType, Form, Item
from bqinspect.domain.lifecycle import Decision, InspectionStatus, Role
from bqinspect.domain.returns import latest_decision, redo_items
from bqinspect.domain.scoring import ScoreResult
from bqinspect.domain.staff import Badge
from bqinspect.services import inspections as svc
from bqinspect.services import review
from bqinspect.services.branches import get_branch
from bqinspect.services.staff import branch_badges
from bqinspect.store.workspace import Workspace
from bqinspect.ui.editor.mode import EditorMode, answers_editable, mode_of
from bqinspect.ui.widgets.thumbnails import PhotoThumb

log = logging.getLogger(__name__)

SYNC_PAUSE_MS = 1500  # after the last commit, the disk is synced


class EditorSession(QObject):
    """Holds the inspection's current state; every change goes to the database first.

    The state is read once (and again after submission); each edit then takes the state the
    use case returns after its commit. Methods return True when the change was committed; a
    refusal is reported through :attr:`refused` (where, message) and changes nothing.
    """

    saved = Signal(object)  # datetime (aware) of the commit
    pending = Signal()  # text was typed that is not committed yet (a note, before its pause)
    answers_changed = Signal(list)  # item ids whose answer, note or visibility changed
    score_changed = Signal()
    findings_changed = Signal(list)  # item ids whose drafted finding changed
    photos_changed = Signal(object)  # item id (or None for the inspection)
    marks_changed = Signal()
    status_changed = Signal()  # the status, the revision, the mode or the reviews changed
    revision_changed = Signal()  # an amendment made a new revision (the status is the same)
    comments_changed = Signal(str)  # item id ("" for the whole inspection)
    commented = Signal()  # the user added a comment
    refused = Signal(str, str)  # where (item id, "signature", ...), message

    def __init__(self, ws: Workspace, inspection_id: uuid.UUID, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = ws
        self.inspection_id = inspection_id
        record = svc.read_inspection(ws, inspection_id)
        self.inspection: svc.InspectionHead = record.inspection
        self.form: Form = svc.form_of(ws, self.inspection)
        self.branch = get_branch(ws, self.inspection.branch_id)
        self.answers: dict[str, svc.AnswerRow]
        self.findings: dict[str, svc.FindingRow]  # drafted from items, by item id
        self.marks: dict[str, datetime]
        self.photos: dict[str | None, list[svc.PhotoRow]]  # by item id (None: the visit)
        self.photo_marks: dict[uuid.UUID, tuple[Shape, ...]]  # drawn on photos, by photo id
        self.result: ScoreResult
        self.reviews: list[svc.ReviewRow]  # oldest first
        self.comments: dict[str, list[svc.ItemCommentRow]]  # by item id ("": the inspection)
        self.amend_reason = ""  # given once by Amend…, passed as why= with every change
        # Typed text not committed yet. A note is committed on a pause in typing, on leaving
        # it and on close (commit_note, store_typed); while amending, typed text (notes, text
        # answers) waits until the user moves on: one audited amendment per field.
        self._typed_notes: dict[str, str] = {}
        self._typed_answers: dict[str, Any] = {}
        self._thumbs: dict[str, bytes] = {}
        self._register: list[Badge] | None = None
        self._role = ws.role()
        # a commit survives a killed program at once; the disk is synced after a pause in work
        # (a checkpoint) so that a power cut too loses nothing older than the pause
        self.sync_timer = QTimer(self)
        self.sync_timer.setSingleShot(True)
        self.sync_timer.setInterval(SYNC_PAUSE_MS)
        self.sync_timer.timeout.connect(ws.db.checkpoint)
        self._take(record)

    # state --------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._take(svc.read_inspection(self.ws, self.inspection_id))

    def refresh_role(self) -> bool:
        """Read the installation's role again (after a settings change); True if it changed."""
        role, self._role = self._role, self.ws.role()
        return role is not self._role

    def _take(self, record: svc.Record) -> None:
        self._role = self.ws.role()
        self.inspection = record.inspection
        self.answers = record.answer_map()
        self.result = svc.score_of(self.ws, record)
        self.findings = {f.item_id: f for f in svc.sorted_findings(record.findings) if f.item_id}
        self.marks = {m.checkpoint: m.at for m in record.timer_marks}
        grouped: dict[str | None, list[svc.PhotoRow]] = defaultdict(list)
        for photo in record.visit_photos():
            grouped[photo.item_id].append(photo)
        self.photos = dict(grouped)
        self.photo_marks = {pid: a.shapes for pid, a in record.annotations.items()}
        self.reviews = sorted(record.reviews, key=lambda r: r.at)
        comments: dict[str, list[svc.ItemCommentRow]] = defaultdict(list)
        for row in sorted(record.item_comments, key=lambda c: c.at):
            comments[row.item_id].append(row)
        self.comments = dict(comments)
        self._settle_amendment()

    def _settle_amendment(self) -> None:
        if self.inspection.status != InspectionStatus.SUBMITTED:
            self.amend_reason = ""  # approved, returned or a draft: the amendment is over

    def _refresh_head(self) -> None:
        """Re-read the header after a change of a record submitted before: the revision rises
        and a returned inspection becomes a draft again."""
        if self.inspection.submitted_at is None:
            return
        status, revision = self.inspection.status, self.inspection.revision
        self.inspection = svc.get_inspection(self.ws, self.inspection_id)
        self._settle_amendment()
        if self.inspection.status != status:
            self.status_changed.emit()
        elif self.inspection.revision != revision:
            self.revision_changed.emit()

    @property
    def role(self) -> Role:
        """The installation's role, read when the inspection is read (and refresh_role)."""
        return self._role

    @property
    def mode(self) -> EditorMode:
        return mode_of(self.role, self.inspection.status, amending=bool(self.amend_reason))

    @property
    def read_only(self) -> bool:
        """The answers, notes, photos and timer marks cannot be changed now."""
        return not answers_editable(self.mode)

    @property
    def why(self) -> str:
        """The reason every change carries (an amendment's), or none."""
        return self.amend_reason if self.mode is EditorMode.AMEND else ""

    def latest_review(self) -> svc.ReviewRow | None:
        return latest_decision(self.reviews)

    def open_return(self) -> svc.ReviewRow | None:
        """The return the inspector is answering: returned, or a draft redone since."""
        latest = self.latest_review()
        status = InspectionStatus(self.inspection.status)
        if latest is None or latest.decision != Decision.RETURNED:
            return None
        return latest if status in (InspectionStatus.RETURNED, InspectionStatus.DRAFT) else None

    def redo_items(self) -> list[str]:
        """The items the lead named to redo in the open return (none when there is none)."""
        if self.open_return() is None:
            return []
        return redo_items(self.reviews, [c for rows in self.comments.values() for c in rows])

    def comments_on(self, item_id: str) -> list[svc.ItemCommentRow]:
        return self.comments.get(item_id, [])

    @property
    def is_mystery(self) -> bool:
        return self.inspection.kind == "mystery"

    def item(self, item_id: str) -> Item:
        return self.form.item(item_id)

    def value(self, item_id: str) -> Any:
        if item_id in self._typed_answers:
            return self._typed_answers[item_id]
        answer = self.answers.get(item_id)
        return None if answer is None else answer.value

    def is_na(self, item_id: str) -> bool:
        answer = self.answers.get(item_id)
        return bool(answer and answer.is_na)

    def note(self, item_id: str) -> str:
        if item_id in self._typed_notes:
            return self._typed_notes[item_id]
        answer = self.answers.get(item_id)
        return answer.note if answer else ""

    def visible(self, item_id: str) -> bool:
        return self.result.items[item_id].visible

    def failed(self, item_id: str) -> bool:
        return self.result.items[item_id].failed

    def visible_items(self) -> list[str]:
        return [i.id for i in self.form.items() if self.result.items[i.id].visible]

    def answered_required(self) -> tuple[int, int]:
        """How many of the shown required items are answered (N/A counts), and how many
        there are."""
        required = [i.id for i in self.form.items() if i.required and self.visible(i.id)]
        done = sum(1 for i in required if self.is_na(i) or self.value(i) is not None)
        return done, len(required)

    def photo_thumbs(self, item_id: str | None) -> list[PhotoThumb]:
        thumbs = []
        for photo in self.photos.get(item_id, []):
            data = self._thumbs.get(photo.blob_sha256)
            if data is None:
                blob = svc.photo_blob(self.ws, photo.blob_sha256)
                data = blob.thumbnail if blob else b""
                self._thumbs[photo.blob_sha256] = data
            marks = self.photo_marks.get(photo.id, ())
            thumbs.append(PhotoThumb(photo.id, photo.blob_sha256, photo.caption, data, marks))
        return thumbs

    def display_image(self, sha256: str) -> bytes | None:
        blob = svc.photo_blob(self.ws, sha256)
        return blob.display if blob else None

    # edits --------------------------------------------------------------------------------------
    def _refuse(self, where: str, exc: Refused) -> bool:
        log.info("refused at %s: %s", where, exc)
        self.refused.emit(where, str(exc))
        return False

    def refuse(self, where: str, exc: Refused) -> None:
        """Report a refusal of work done elsewhere for this inspection (photos being added)."""
        self._refuse(where, exc)

    def _stamp(self) -> None:
        self.sync_timer.start()
        self._refresh_head()
        self.saved.emit(datetime.now().astimezone())
        if self.has_pending:
            self.pending.emit()  # what is still typed is not claimed as saved

    def _committed(self, saved: svc.Saved, changed: Iterable[str]) -> None:
        """Take the state a use case returned: its answers, the score, its findings."""
        before = {k: v.visible for k, v in self.result.items.items()}
        self.answers.update(saved.answers)
        self.result = saved.score
        flipped = [k for k, v in self.result.items.items() if before.get(k) != v.visible]
        for item_id, finding in saved.findings.items():
            if finding is None:
                self.findings.pop(item_id, None)
            else:
                self.findings[item_id] = finding
        self.answers_changed.emit(list(dict.fromkeys([*changed, *flipped])))
        self.score_changed.emit()
        if saved.findings:
            self.findings_changed.emit(list(saved.findings))
        self._stamp()

    def set_answer(self, item_id: str, value: Any, *, na: bool = False) -> bool:
        if (
            na == self.is_na(item_id)
            and value == self.value(item_id)
            and (na or item_id in self.answers or value is None)
        ):
            return True  # nothing changed: no write, no audit noise
        if self.mode is EditorMode.AMEND and self.item(item_id).type is AnswerType.TEXT and not na:
            self._typed_answers[item_id] = value
            return True
        return self._store_answer(item_id, value, na=na)

    def _store_answer(self, item_id: str, value: Any, *, na: bool = False) -> bool:
        self._typed_answers.pop(item_id, None)
        stored = self.answers.get(item_id)
        if stored is not None and (stored.value, stored.is_na) == (value, na):
            return True  # typed, then put back as it was
        try:
            saved = svc.set_answer(self.ws, self.inspection_id, item_id, value, na=na, why=self.why)
        except Refused as exc:
            return self._refuse(item_id, exc)
        self._committed(saved, [item_id])
        return True

    @property
    def has_pending(self) -> bool:
        """Typed text is held that is not committed yet."""
        return bool(self._typed_notes or self._typed_answers)

    def set_note(self, item_id: str, text: str) -> bool:
        """Hold a note's typed text; :meth:`commit_note` (on a pause, on leaving the field) or
        :meth:`store_typed` (on moving on, on close) commits it."""
        if text == self.note(item_id):
            return True
        self._typed_notes[item_id] = text
        self.pending.emit()
        return True

    def commit_note(self, item_id: str) -> bool:
        """Commit an item's typed note (not while amending: that waits until the user moves
        on); False if refused."""
        if item_id not in self._typed_notes or self.mode is EditorMode.AMEND:
            return True
        return self._store_note(item_id, self._typed_notes[item_id])

    def _store_note(self, item_id: str, text: str) -> bool:
        self._typed_notes.pop(item_id, None)
        stored = self.answers.get(item_id)
        if text == (stored.note if stored else ""):
            if not self.has_pending:  # typed back to what is stored: all of it is saved
                self.saved.emit(datetime.now().astimezone())
            return True
        try:
            self.answers[item_id] = svc.set_note(
                self.ws, self.inspection_id, item_id, text, why=self.why
            )
        except Refused as exc:
            return self._refuse(item_id, exc)
        self._stamp()
        return True

    def mark(self, checkpoint: str, at: datetime | None = None, *, why: str = "") -> bool:
        try:
            marked = svc.mark_timer(
                self.ws, self.inspection_id, checkpoint, at, why=why or self.why
            )
        except Refused as exc:
            return self._refuse("checkpoint", exc)
        self.marks = marked.marks
        self.marks_changed.emit()
        self._committed(marked.saved, marked.durations)
        return True

    def photos_committed(self, changed: svc.PhotosChanged) -> None:
        """Take an item's photos (and its answer, for a photo item) after they changed."""
        self.photos[changed.item_id] = changed.photos
        if changed.saved is not None:
            self._committed(changed.saved, [changed.item_id] if changed.item_id else [])
        else:
            self._stamp()
        self.photos_changed.emit(changed.item_id)

    def remove_photo(self, photo_id: uuid.UUID) -> bool:
        item_id = next(
            (k for k, rows in self.photos.items() if any(p.id == photo_id for p in rows)), None
        )
        try:
            changed = svc.remove_photo(self.ws, photo_id, why=self.why)
        except Refused as exc:
            return self._refuse(item_id or "photo", exc)
        self.photos_committed(changed)
        return True

    def set_caption(self, photo_id: uuid.UUID, caption: str) -> bool:
        try:
            row = svc.set_photo_caption(self.ws, photo_id, caption)
        except Refused as exc:
            return self._refuse("photo", exc)
        rows = self.photos.get(row.item_id, [])
        self.photos[row.item_id] = [row if p.id == row.id else p for p in rows]
        self._stamp()
        return True

    def set_photo_marks(self, photo_id: uuid.UUID, shapes: tuple[Shape, ...]) -> bool:
        """Store the marks drawn on a photo; its item's thumbnails show them."""
        item_id = next(
            (k for k, rows in self.photos.items() if any(p.id == photo_id for p in rows)), None
        )
        try:
            svc.save_annotations(self.ws, photo_id, shapes, why=self.why)
        except Refused as exc:
            return self._refuse(item_id or "photo", exc)
        self.photo_marks[photo_id] = shapes
        self._stamp()
        self.photos_changed.emit(item_id)
        return True

    def named(self, item_id: str) -> tuple[str, str]:
        """The staff member (badge number) and the counter the item's answer names."""
        answer = self.answers.get(item_id)
        return (answer.staff_no, answer.counter) if answer else ("", "")

    def staff_register(self) -> list[Badge]:
        """The branch's active staff, for completing a badge number (read once)."""
        if self._register is None:
            self._register = branch_badges(self.ws, self.inspection.branch_id)
        return self._register

    def set_staff(self, item_id: str, staff: str, counter: str) -> bool:
        try:
            saved = svc.name_staff(
                self.ws, self.inspection_id, item_id, staff, counter, why=self.why
            )
        except Refused as exc:
            return self._refuse(item_id, exc)
        self._committed(saved, [item_id])
        return True

    def update_finding(self, finding_id: uuid.UUID, **fields: Any) -> bool:
        try:
            row = svc.update_finding(self.ws, finding_id, why=self.why, **fields)
        except Refused as exc:
            return self._refuse("finding", exc)
        if row.item_id is not None:
            self.findings[row.item_id] = row
        self._stamp()
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
        self._stamp()
        return result

    # amendment, review ----------------------------------------------------------------------
    def begin_amendment(self, reason: str) -> bool:
        """Amend… on a submitted inspection: from now on every change carries ``reason``."""
        reason = reason.strip()
        if self.mode is not EditorMode.LOCKED or not reason:
            return False
        self.amend_reason = reason
        self.status_changed.emit()
        return True

    def end_amendment(self) -> None:
        self.store_typed()
        if self.amend_reason:
            self.amend_reason = ""
            self.status_changed.emit()

    def store_typed(self) -> bool:
        """Store the text typed while amending (when the user moves on); False if refused."""
        notes, self._typed_notes = self._typed_notes, {}
        texts, self._typed_answers = self._typed_answers, {}
        ok = True
        for item_id, value in texts.items():
            ok = self._store_answer(item_id, value) and ok
        for item_id, text in notes.items():
            ok = self._store_note(item_id, text) and ok
        return ok

    def comment(self, item_id: str, text: str) -> bool:
        """Add a comment on an item ("" for the whole inspection); comments are only added."""
        try:
            row = review.comment(self.ws, self.inspection_id, text, item_id)
        except Refused as exc:
            return self._refuse(item_id or "comment", exc)
        self.comments.setdefault(item_id, []).append(row)
        self.comments_changed.emit(item_id)
        self.commented.emit()
        return True

    def approve(self, text: str = "", signature_png: bytes | None = None) -> bool:
        try:
            review.approve(self.ws, self.inspection_id, text=text, signature_png=signature_png)
        except Refused as exc:
            return self._refuse("review", exc)
        return self._decided()

    def return_inspection(self, reason: str, items: Iterable[str]) -> bool:
        try:
            review.return_inspection(self.ws, self.inspection_id, reason, list(items))
        except Refused as exc:
            return self._refuse("review", exc)
        return self._decided()

    def reopen(self, reason: str) -> bool:
        try:
            review.reopen(self.ws, self.inspection_id, reason)
        except Refused as exc:
            return self._refuse("review", exc)
        return self._decided()

    def _decided(self) -> bool:
        self.reload()
        self.status_changed.emit()
        for item_id in self.comments:
            self.comments_changed.emit(item_id)
        self.saved.emit(datetime.now().astimezone())
        return True
