"""One item card: the question, its answer widget, note, photos, the drafted finding and the
review's comment thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.forms import Item, PhotoRule
from bqinspect.ui.editor.comments import CommentThread
from bqinspect.ui.editor.finding import FindingPanel
from bqinspect.ui.editor.inputs import (
    AnswerInput,
    AttachmentInput,
    KeyResult,
    NoteEdit,
    make_input,
    plain,
)
from bqinspect.ui.editor.mode import may_review
from bqinspect.ui.editor.outcome import outcome
from bqinspect.ui.editor.reasons import ReasonChips, merged
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.editor.staff import STAFF_KEY, StaffHook
from bqinspect.ui.labels import severity_label
from bqinspect.ui.widgets import theme
from bqinspect.ui.widgets.thumbnails import ThumbnailStrip

NOTE_PAUSE_MS = 400  # a note is committed once typing pauses this long
RING_INSIDE = (6, 6, -6, -6)  # the band along the edge where the focus ring is painted


def local_files(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ItemCard(QFrame):
    """Keys on the card answer the item (see keys.py); Up/Down/Enter move between cards."""

    navigate = Signal(int)  # -1 previous, +1 next
    photos_dropped = Signal(str, list)  # item id, paths
    image_dropped = Signal(str, QImage)
    view_photo = Signal(str, int)  # item id, row
    sign_requested = Signal(str)

    def __init__(
        self, item: Item, session: EditorSession, lang: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.item = item
        self.session = session
        self.lang = lang
        self.setObjectName("card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(item.photo_on_fail is not PhotoRule.FORBIDDEN)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # opaque: the card paints its whole rectangle (paintEvent), so when a card above grows
        # or shrinks this one is moved by copying its pixels, not painted again
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

        self.id_label = QLabel(item.id)
        self.id_label.setObjectName("itemId")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setStyleSheet("font-size: 14px; font-weight: 600; color: #111827;")
        self.badges = QLabel()
        self.badges.setTextFormat(Qt.TextFormat.RichText)
        self.guidance_button = QToolButton()
        self.guidance_button.setText("?")
        self.guidance_button.setCheckable(True)
        self.guidance_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.guidance_button.setVisible(self._has_guidance())
        self.guidance_button.toggled.connect(self.show_guidance)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet(
            "background: #eef4fb; border-radius: 4px; padding: 6px; color: #1f3b57;"
        )
        self.guidance.hide()

        self.input: AnswerInput = make_input(item, self)
        self.input.committed.connect(self._commit)
        self.input.leave.connect(self.focus_card)
        self.input.refused.connect(self.show_problem)
        if isinstance(self.input, AttachmentInput):
            self.input.sign_requested.connect(lambda: self.sign_requested.emit(item.id))
        proxy = self.input.focus_widget()
        if proxy is not None:
            self.setFocusProxy(proxy)

        self.note_button = QToolButton()
        self.note_button.setCheckable(True)
        self.note_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.note_button.toggled.connect(self._note_toggled)
        self.photo_button = QToolButton()
        self.photo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.photo_button.setVisible(item.photo_on_fail is not PhotoRule.FORBIDDEN)
        self.comment_button = QToolButton()
        self.comment_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comment_button.clicked.connect(self.open_comment)
        self.comment_button.hide()
        self.thread: CommentThread | None = None
        self.outcome = QLabel()  # full points, points lost or failed, for a typed value
        self.outcome.setObjectName("outcome")
        self.outcome.hide()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {theme.FAIL};")
        self.problem.hide()
        self.note: NoteEdit | None = None
        self._note_timer = QTimer(self)  # restarted by every key typed into the note
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_PAUSE_MS)
        self._note_timer.timeout.connect(self.flush_note)
        self.strip: ThumbnailStrip | None = None
        self.finding: FindingPanel | None = None
        self._current = False  # the card the keys answer: ringed
        self._finding_shown: tuple[object, bool] | None = None  # (finding, read-only) shown
        self.reasons = ReasonChips(item, lang, self)
        self.reasons.chosen.connect(self._reason_chosen)

        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.id_label, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.text, 1)
        head.addWidget(self.badges, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.guidance_button, 0, Qt.AlignmentFlag.AlignTop)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.input, 1)
        answer_row.addWidget(self.outcome)
        answer_row.addWidget(self.note_button)
        answer_row.addWidget(self.photo_button)
        answer_row.addWidget(self.comment_button)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 8, 12, 8)
        self.body.setSpacing(6)
        self.body.addLayout(head)
        self.body.addWidget(self.guidance)
        self.body.addLayout(answer_row)
        self.body.addWidget(self.reasons)
        self.body.addWidget(self.problem)
        self.staff = StaffHook(self, session, item.id, self.body)
        self.retranslate()
        self.refresh()

    # state ----------------------------------------------------------------------------------------
    @property
    def item_id(self) -> str:
        return self.item.id

    def refresh(self) -> None:
        """Show what the session holds for this item."""
        s = self.session
        self.input.set_state(s.value(self.item.id), s.is_na(self.item.id))
        self.input.set_read_only(s.read_only)
        note = s.note(self.item.id)
        if note or (self.item.note_on_fail and s.failed(self.item.id)):
            self._ensure_note()
        if self.note is not None and self.note.toPlainText() != note and not self.note.hasFocus():
            self.note.blockSignals(True)
            self.note.setPlainText(note)
            self.note.blockSignals(False)
        if self.note is not None:
            theme.set_read_only(self.note, s.read_only)
        self.note_button.setEnabled(not s.read_only or bool(note))
        self.photo_button.setEnabled(not s.read_only)
        if any(s.named(self.item.id)):
            self.staff.ensure(self.problem)
        self.staff.refresh()
        self.refresh_photos()
        self.refresh_finding()
        self.refresh_comments()
        self.refresh_state()

    def refresh_comments(self) -> None:
        """The item's comment thread: shown when there are comments, or to add one."""
        s = self.session
        rows = s.comments_on(self.item.id)
        can_add = may_review(s.mode)
        redo = self.item.id in s.redo_items()
        if rows and self.thread is None:
            self._ensure_thread()
        if self.thread is not None:
            self.thread.set_comments(rows, can_add=can_add, redo=redo)
        self.comment_button.setVisible(can_add and self.thread is None)
        if self.property("redo") != redo:
            self.setProperty("redo", redo)
            self._repolish()

    def _ensure_thread(self) -> CommentThread:
        if self.thread is None:
            self.thread = CommentThread(self)
            self.thread.add_requested.connect(self._add_comment)
            self.body.insertWidget(self.body.indexOf(self.problem), self.thread)
        return self.thread

    def open_comment(self) -> None:
        """Open the box to add a comment on this item (the lead's, in review mode)."""
        if not may_review(self.session.mode):
            return
        thread = self._ensure_thread()
        self.refresh_comments()
        thread.open_box()

    def _add_comment(self, text: str) -> None:
        if self.session.comment(self.item.id, text) and self.thread is not None:
            self.thread.clear_draft()

    def refresh_state(self) -> None:
        failed = self.session.failed(self.item.id)
        if self.property("failed") != failed:
            self.setProperty("failed", failed)
            self._repolish()
        self.setVisible(self.session.visible(self.item.id))
        self._update_badges()
        self._update_outcome()
        self._update_reasons()

    def _update_reasons(self) -> None:
        losing = self.session.result.items[self.item.id].deducted > 0
        self.reasons.set_losing(losing, self.session.read_only)

    def _update_outcome(self) -> None:
        mark = outcome(self.item, self.session.result.items[self.item.id])
        self.outcome.setVisible(mark is not None)
        if mark is not None:
            self.outcome.setText(mark.text)
            theme.set_style(self.outcome, f"color: {mark.color}; font-weight: 600;")

    def refresh_photos(self) -> None:
        thumbs = self.session.photo_thumbs(self.item.id)
        if thumbs and self.strip is None:
            self.strip = ThumbnailStrip(self)
            self.strip.view_requested.connect(lambda row: self.view_photo.emit(self.item.id, row))
            self.body.insertWidget(self.body.indexOf(self.problem) + 1, self.strip)
        if self.strip is not None:
            self.strip.set_photos(thumbs)
        self._update_badges()

    def refresh_finding(self) -> None:
        finding = self.session.findings.get(self.item.id)
        shown = (finding, self.session.read_only)
        if shown == self._finding_shown:
            return  # the answer's refresh showed it already (a key refreshes both)
        self._finding_shown = shown
        if finding is not None and self.finding is None:
            self.finding = FindingPanel(self)
            self.finding.edited.connect(self._finding_edited)
            self.body.addWidget(self.finding)
        if self.finding is not None:
            self.finding.setVisible(finding is not None)
            if finding is not None:
                self.finding.set_finding(finding)
                self.finding.set_read_only(self.session.read_only)

    def _update_badges(self) -> None:
        item, s = self.item, self.session
        parts = []
        if item.points:
            parts.append(
                self._badge(self.tr("%1 pts").replace("%1", f"{item.points:g}"), "#475569")
            )
        if item.veto:
            parts.append(self._badge(self.tr("Veto"), theme.SEVERITY_COLORS["critical"]))
        if item.gate:
            parts.append(self._badge(self.tr("Gate"), "#6a1b9a"))
        if item.photo_on_fail is PhotoRule.REQUIRED:
            has_photo = bool(s.photos.get(item.id))
            color = theme.FAIL if s.failed(item.id) and not has_photo else "#607d8b"
            parts.append(self._badge(self.tr("Photo if failed"), color))
        if item.photo_on_fail is PhotoRule.FORBIDDEN:
            parts.append(self._badge(self.tr("No photos"), "#9e9e9e"))
        if s.failed(item.id) and item.severity.value in ("critical", "major"):
            parts.append(
                self._badge(
                    severity_label(item.severity.value), theme.SEVERITY_COLORS[item.severity.value]
                )
            )
        text = "&nbsp;".join(parts)
        if self.badges.text() != text:  # rich text is laid out again on every setText
            self.badges.setText(text)

    @staticmethod
    def _badge(text: str, color: str) -> str:
        return (
            f'<span style="background:{color}; color:white; font-size:11px;">'
            f"&nbsp;{text}&nbsp;</span>"
        )

    def _repolish(self) -> None:
        style = self.style()
        style.unpolish(self)
        style.polish(self)

    def set_current(self, current: bool) -> None:
        """Ring the card the keys answer (painted by paintEvent: a move of the focus from card
        to card repaints the two rings, not the two cards and all they hold)."""
        if self._current != current:
            self._current = current
            self.update(QRegion(self.rect()) - QRegion(self.rect().adjusted(*RING_INSIDE)))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    # edits ----------------------------------------------------------------------------------------
    def _commit(self, value: Any, na: bool) -> None:
        ok = self.session.set_answer(self.item.id, value, na=na)
        stored, stored_na = self.session.value(self.item.id), self.session.is_na(self.item.id)
        if ok:
            self.show_problem("")
            self.input.set_state(stored, stored_na)
            self._update_reasons()
        else:
            # the refusal is shown through the session's refused signal (the editor routes it
            # here); the field shows the stored answer again, not the refused one
            self.input.restore(stored, stored_na)

    def _finding_edited(self, finding_id: object, field: str, value: Any) -> None:
        self.session.update_finding(finding_id, **{field: value})  # type: ignore[arg-type]

    def _ensure_note(self) -> NoteEdit:
        if self.note is None:
            self.note = NoteEdit(self)
            self.note.setPlainText(self.session.note(self.item.id))
            self.note.textChanged.connect(self._note_changed)
            self.note.escaped.connect(self.focus_card)
            self.note.left.connect(self.flush_note)
            self.body.insertWidget(self.body.indexOf(self.problem), self.note)
            self.note.setPlaceholderText(self.tr("Note: what was seen (Escape returns)"))
            self.note_button.blockSignals(True)
            self.note_button.setChecked(True)
            self.note_button.blockSignals(False)
        return self.note

    def _reason_chosen(self, reason: str) -> None:
        note = self._ensure_note()
        note.setPlainText(merged(note.toPlainText(), reason))
        self.flush_note()  # one choice, not typing: committed at once
        note.show()
        self.focus_card()

    def _note_changed(self) -> None:
        if self.note is not None and not self.session.read_only:
            self.session.set_note(self.item.id, self.note.toPlainText())
            self._note_timer.start()

    def flush_note(self) -> None:
        """Commit the note's typed text (a pause in typing, leaving the note)."""
        self._note_timer.stop()
        self.session.commit_note(self.item.id)

    def _note_toggled(self, on: bool) -> None:
        if on:
            self.open_note()
        elif self.note is not None and not self.note.toPlainText():
            self.note.hide()

    def open_note(self) -> None:
        note = self._ensure_note()
        note.show()
        note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_note(self) -> None:
        """Ctrl+Enter: open the note, or go back to the card from it."""
        if self.note is not None and self.note.hasFocus():
            self.focus_card()
        else:
            self.open_note()

    def _has_guidance(self) -> bool:
        item = self.item
        return item.guidance is not None or bool(item.basis) or bool(item.reasons)

    def _guidance_text(self) -> str:
        """The guidance, the norm the item rests on and its common deduction reasons."""
        item = self.item
        lines = [item.guidance.get(self.lang)] if item.guidance is not None else []
        if item.basis:
            lines.append(self.tr("Basis: %1").replace("%1", item.basis))
        if item.reasons:
            lines.append(self.tr("Common deduction reasons:"))
            lines += [f"  {n}. {r.get(self.lang)}" for n, r in enumerate(item.reasons, 1)]
        return "\n".join(lines)

    def show_guidance(self, on: bool) -> None:
        self.guidance.setVisible(on and self._has_guidance())
        if self.guidance_button.isChecked() != on:
            self.guidance_button.setChecked(on)

    def sizeHint(self) -> QSize:
        """The height the card's rows take at its width (a wrapped title or row of reasons
        included): its vertical size is fixed to it, so the section's layout gives it this."""
        hint = super().sizeHint()
        layout = self.layout()
        if layout is not None and self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            hint.setHeight(max(hint.height(), layout.totalHeightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # its height at the new width

    def focus_card(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The section's background behind the rounded corners, then the card as styled
        (what Qt paints for a widget that is not opaque)."""
        painter = QPainter(self)
        parent = self.parentWidget()
        if parent is not None:
            painter.fillRect(event.rect(), parent.palette().color(parent.backgroundRole()))
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        if self._current:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(theme.FOCUS), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 5, 5)
        painter.end()
        super().paintEvent(event)

    # keyboard -------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if plain(event) and key == Qt.Key.Key_Up:
            self.input.commit_pending()
            self.navigate.emit(-1)
            return
        if plain(event) and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.input.commit_pending()
            self.navigate.emit(1)
            return
        if key == Qt.Key.Key_Escape and not self.hasFocus():
            self.focus_card()
            return
        focus = QApplication.focusWidget()
        in_note = self.note is not None and focus is self.note
        in_input = focus is not None and self.input.isAncestorOf(focus)
        if not in_note and (focus is self or in_input):
            # on the card itself, or a key the answer field did not want (T in a date field)
            if plain(event) and key == Qt.Key.Key_G and self._has_guidance():
                self.show_guidance(not self.guidance.isVisible())
                return
            if plain(event) and key == STAFF_KEY and self.staff.open(self.problem):
                return
            result = self.input.handle_key(event)
            if result == KeyResult.IGNORED and plain(event) and self.reasons.handle_key(event):
                result = KeyResult.HANDLED  # a deduction reason by its key (reasons.py)
            if result == KeyResult.ADVANCE:
                self.navigate.emit(1)
            if result != KeyResult.IGNORED:
                event.accept()
                return
        super().keyPressEvent(event)

    # drag and drop ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if not self.session.read_only and (local_files(mime) or mime.hasImage()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        files = local_files(mime)
        if files:
            self.photos_dropped.emit(self.item.id, files)
        elif mime.hasImage():
            self.image_dropped.emit(self.item.id, QImage(mime.imageData()))
        event.acceptProposedAction()

    # translation --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        item = self.item
        required = "" if item.required else self.tr(" (optional)")
        self.text.setText(item.text.get(self.lang) + required)
        if self._has_guidance():
            self.guidance.setText(self._guidance_text())
        self.guidance_button.setToolTip(self.tr("Guidance (G)"))
        self.note_button.setText(self.tr("Note"))
        self.note_button.setToolTip(self.tr("Add a note (Ctrl+Enter)"))
        self.photo_button.setText(self.tr("Photo…"))
        self.photo_button.setToolTip(
            self.tr("Add photos (Ctrl+Shift+P), paste one (Ctrl+V) or drop files on the card")
        )
        if self.note is not None:
            self.note.setPlaceholderText(self.tr("Note: what was seen (Escape returns)"))
        self.comment_button.setText(self.tr("Comment…"))
        self.comment_button.setToolTip(self.tr("Comment on this item (Ctrl+Shift+M)"))
        self.input.retranslate(self.lang)
        self.reasons.retranslate(self.lang)
        self.staff.retranslate()
        self._update_badges()
        self._update_outcome()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
