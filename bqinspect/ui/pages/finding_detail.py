"""The right side of the rectification tracker: one finding, its history and its next steps."""

from __future__ import annotations

import html
import logging
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.base.errors import Problem, Refused
from bqinspect.domain.lifecycle import (
    EXTENSION_DECISIONS,
    FINDING,
    USER_ACTIONS,
    available_actions,
    is_overdue,
)
from bqinspect.photos import PhotoError
from bqinspect.services import inspections as insp_svc
from bqinspect.services import rectification as rect
from bqinspect.ui.audit.entry import FindingAuditButton
from bqinspect.ui.context import AppContext
from bqinspect.ui.labels import (
    ACTION,
    EVENT,
    FINDING_STATUS,
    SEVERITY,
    SOURCE,
    VERIFY_METHOD,
    label,
)
from bqinspect.ui.pages.appeal_box import AppealBox
from bqinspect.ui.pages.problems_panel import problems_of
from bqinspect.ui.redaction.dialog import open_redaction
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets.dialogs import pick_photo_files
from bqinspect.ui.widgets.progress import TaskProgressDialog
from bqinspect.ui.widgets.theme import FAIL, MUTED, SEVERITY_COLORS
from bqinspect.ui.widgets.thumbnails import PhotoThumb, ThumbnailStrip
from bqinspect.ui.widgets.viewer import PhotoViewer

log = logging.getLogger(__name__)


_FORWARD = (
    rect.Action.START,
    rect.Action.SUBMIT,
    rect.Action.VERIFY,
    rect.Action.REWORK,
    rect.Action.GRANT_EXTENSION,
)


HISTORY_MIN_HEIGHT = 36
HISTORY_MAX_HEIGHT = 220


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class FindingDetail(QWidget):
    """Shows one finding; its action buttons follow the lifecycle of ``rectification``."""

    action_finished = Signal(bool)  # True when the action was stored
    changed = Signal(object)  # uuid of the finding that changed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.row: rect.FindingRow | None = None
        self.pending_photos: list[Path] = []
        self.task: Task | None = None
        self.today = clock.today()
        self.requester = ""  # who asked for the extension waiting for a decision

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.severity_chip = QLabel()
        self.status_chip = QLabel()
        chips = QHBoxLayout()
        chips.addWidget(self.severity_chip)
        chips.addWidget(self.status_chip)
        chips.addStretch(1)

        self.info = QFormLayout()
        self.info_labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in ("branch", "source", "due", "points"):
            self._info_row(key, wrap=True)
        self.responsible = QLineEdit()
        self.responsible.setMaxLength(200)
        self.responsible.editingFinished.connect(self._responsible_edited)
        self.info_labels["responsible"] = QLabel()
        self.info.addRow(self.info_labels["responsible"], self.responsible)
        for key in ("requirement", "observation"):
            self._info_row(key, wrap=True)

        self.evidence_title = QLabel()
        self.evidence_title.setObjectName("muted")
        self.evidence = ThumbnailStrip()
        self.evidence.view_requested.connect(self._view_evidence)
        self.history_title = QLabel()
        self.history_title.setObjectName("muted")
        self.audit_button = FindingAuditButton(ctx, lambda: self.row.id if self.row else None)
        self.history = QTextBrowser()
        self.history.setOpenLinks(False)
        self.history.setFixedHeight(HISTORY_MIN_HEIGHT)

        # next step
        self.action_box = QGroupBox()
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(72)
        self.photos_label = QLabel()
        self.photos_label.setObjectName("muted")
        self.photos_label.setWordWrap(True)  # long file names must not widen the panel
        self.add_photos = QPushButton()
        self.add_photos.clicked.connect(self.choose_photos)
        self.clear_photos = QPushButton()
        self.clear_photos.clicked.connect(lambda: self.set_pending_photos([]))
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photos_label, 1)
        photo_row.addWidget(self.add_photos)
        photo_row.addWidget(self.clear_photos)
        self.new_due = QDateEdit()
        self.new_due.setCalendarPopup(True)
        self.new_due.setDisplayFormat("yyyy-MM-dd")
        self.new_due_label = QLabel()
        self.method = QComboBox()
        for code in rect.VERIFY_METHODS:
            self.method.addItem("", code)
        self.method_label = QLabel()
        options = QFormLayout()
        options.addRow(self.new_due_label, self.new_due)
        options.addRow(self.method_label, self.method)
        self.buttons: dict[rect.Action, QPushButton] = {}
        button_row = QHBoxLayout()
        for action in USER_ACTIONS:
            button = QPushButton()
            button.setObjectName("primary" if action in _FORWARD else "")
            button.clicked.connect(lambda _checked=False, a=action: self.perform(a))
            self.buttons[action] = button
        self.button_grid = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        for kind, button in self.buttons.items():
            (first if kind in _FORWARD or kind is rect.Action.REJECT else second).addWidget(button)
        first.addStretch(1)
        second.addStretch(1)
        button_row.addLayout(self.button_grid)
        self.button_grid.addLayout(first)
        self.button_grid.addLayout(second)
        self.own_request = QLabel()
        self.own_request.setObjectName("muted")
        self.own_request.setWordWrap(True)
        self.own_request.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {FAIL};")
        self.error.hide()
        action_layout = QVBoxLayout(self.action_box)
        action_layout.addWidget(self.text)
        action_layout.addLayout(photo_row)
        action_layout.addLayout(options)
        action_layout.addLayout(button_row)
        action_layout.addWidget(self.own_request)
        action_layout.addWidget(self.error)

        self.appeal = AppealBox(ctx)
        self.appeal.changed.connect(self.changed.emit)

        self.empty = QLabel()
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.heading)
        body.addLayout(chips)
        body.addLayout(self.info)
        body.addWidget(self.action_box)
        body.addWidget(self.appeal)
        body.addWidget(self.evidence_title)
        body.addWidget(self.evidence)
        history_head = QHBoxLayout()
        history_head.addWidget(self.history_title, 1)
        history_head.addWidget(self.audit_button)
        body.addLayout(history_head)
        body.addWidget(self.history)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.body, 1)
        self.retranslate()
        self.show_finding(None)

    def _info_row(self, key: str, *, wrap: bool = False) -> None:
        name, value = QLabel(), QLabel()
        value.setWordWrap(wrap)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_labels[key] = name
        self.values[key] = value
        self.info.addRow(name, value)

    # showing -----------------------------------------------------------------------------------
    def show_finding(self, row: rect.FindingRow | None, today: date | None = None) -> None:
        self.today = today or clock.today()
        changed_finding = row is None or self.row is None or row.id != self.row.id
        self.row = row
        self.body.setVisible(row is not None)
        self.empty.setVisible(row is None)
        self.error.hide()
        if changed_finding:
            self.text.clear()
            self.set_pending_photos([])
        if row is None:
            return
        self._fill()

    def _fill(self) -> None:
        row = self.row
        if row is None:
            return
        ws = self.ctx.workspace
        self.heading.setText(
            f"{row.item_id} · {row.description}" if row.item_id else row.description
        )
        _chip(
            self.severity_chip,
            label(SEVERITY, row.severity),
            SEVERITY_COLORS.get(row.severity, MUTED),
        )
        status = label(FINDING_STATUS, row.status)
        overdue = is_overdue(row, self.today)
        if overdue:
            status += " · " + self.tr("overdue")
        _chip(self.status_chip, status, FAIL if overdue else MUTED)
        self.values["branch"].setText(
            f"{row.branch_code} {row.branch_name} · {row.region}".rstrip(" ·")
        )
        source = label(SOURCE, row.source)
        if row.visit_date:
            source += " · " + row.visit_date.isoformat()
        self.values["source"].setText(source)
        due = row.due_date.isoformat() if row.due_date else self.tr("none")
        if overdue and row.due_date:
            due += "  " + self.tr("(%n day(s) overdue)", "", (self.today - row.due_date).days)
        if row.extension_requested:
            due += "  " + self.tr("extension to %1 requested").replace(
                "%1", row.extension_requested.isoformat()
            )
        self.values["due"].setText(due)
        self.values["due"].setStyleSheet(f"color: {FAIL}; font-weight: 600;" if overdue else "")
        self.values["points"].setText(f"{row.points_deducted:g}")
        self.values["requirement"].setText(row.requirement or "—")
        self.values["observation"].setText(self._observation(row) or "—")
        if not self.responsible.hasFocus():
            self.responsible.setText(row.responsible)
        events = rect.history(ws, row.id)
        self.requester = rect.requested_by(events)
        self.history.setHtml(self._history_html(events))
        self._fit_history()
        photos = rect.evidence(ws, row.id)
        thumbs = []
        for photo in photos:
            blob = insp_svc.photo_blob(ws, photo.blob_sha256)
            if blob is not None:
                thumbs.append(
                    PhotoThumb(photo.id, photo.blob_sha256, photo.caption, blob.thumbnail)
                )
        self.evidence.set_photos(thumbs)
        self.evidence_title.setVisible(bool(thumbs))
        self.appeal.show_finding(row.id, row.points_deducted)
        self._update_actions()

    def _observation(self, row: rect.FindingRow) -> str:
        """What the inspector saw: the item's note (written after the answer drafted the
        finding, too), else the observation stored with the finding."""
        ws = self.ctx.workspace
        finding = rect.get_finding(ws, row.id)
        if finding.inspection_id is not None and finding.item_id:
            answer = insp_svc.answers_of(ws, finding.inspection_id).get(finding.item_id)
            if answer is not None and answer.note.strip():
                return answer.note
        return finding.observation

    def _fit_history(self) -> None:
        """As tall as the history needs, between a line and :data:`HISTORY_MAX_HEIGHT`."""
        document = self.history.document()
        document.setTextWidth(max(self.history.viewport().width(), 200))
        wanted = int(document.size().height()) + 2 * self.history.frameWidth() + 4
        self.history.setFixedHeight(min(max(wanted, HISTORY_MIN_HEIGHT), HISTORY_MAX_HEIGHT))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.row is not None:
            self._fit_history()

    def _history_html(self, events: list[rect.FindingEvent]) -> str:
        if not events:
            nothing = self.tr("No steps yet.")
            return f"<p style='color:{MUTED}'>{html.escape(nothing)}</p>"
        parts = []
        for event in reversed(events):
            when = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
            what = label(EVENT, event.kind)
            data = event.data or {}
            extra = []
            if data.get("requested_due"):
                extra.append(self.tr("to %1").replace("%1", str(data["requested_due"])))
            if data.get("due_date"):
                extra.append(self.tr("new due date %1").replace("%1", str(data["due_date"])))
            if data.get("method"):
                extra.append(label(VERIFY_METHOD, str(data["method"])))
            if data.get("photos"):
                extra.append(self.tr("%n photo(s)", "", len(data["photos"])))
            line = (
                f"<b>{html.escape(what)}</b> · {html.escape(event.actor or '—')}"
                f" <span style='color:{MUTED}'>{when}</span>"
            )
            if extra:
                line += f" <span style='color:{MUTED}'>({html.escape(', '.join(extra))})</span>"
            if event.text:
                line += "<br>" + html.escape(event.text).replace("\n", "<br>")
            parts.append(f"<p style='margin:0 0 6px 0'>{line}</p>")
        return "".join(parts)

    def _update_actions(self) -> None:
        row = self.row
        busy = self.task is not None
        allowed = available_actions(row.status, row.extension_requested is not None) if row else []
        own_request = bool(self.requester) and self.requester == self.ctx.workspace.who()
        why_not = self.tr("You asked for this extension: someone else grants or denies it.")
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
            decides = action in EXTENSION_DECISIONS and own_request
            button.setEnabled(not busy and not decides)
            button.setToolTip(why_not if decides else "")
        self.own_request.setText(why_not)
        self.own_request.setVisible(own_request and rect.Action.GRANT_EXTENSION in allowed)
        extension = rect.Action.REQUEST_EXTENSION in allowed
        self.new_due.setVisible(extension)
        self.new_due_label.setVisible(extension)
        if extension and row is not None:
            base = max(row.due_date or self.today, self.today)
            self.new_due.setMinimumDate(_qdate(base + timedelta(days=1)))
            self.new_due.setDate(_qdate(base + timedelta(days=14)))
        verify = rect.Action.VERIFY in allowed
        self.method.setVisible(verify)
        self.method_label.setVisible(verify)
        takes_photos = any(FINDING.transitions[a].photos_allowed for a in allowed)
        self.add_photos.setVisible(takes_photos)
        self.photos_label.setVisible(takes_photos)
        self.clear_photos.setVisible(takes_photos and bool(self.pending_photos))

    # acting ------------------------------------------------------------------------------------
    def choose_photos(self) -> None:
        pick_photo_files(self, lambda paths: self.set_pending_photos(self.pending_photos + paths))

    def set_pending_photos(self, paths: list[Path]) -> None:
        self.pending_photos = list(dict.fromkeys(paths))
        self._show_pending()
        self.clear_photos.setVisible(bool(self.pending_photos) and self.add_photos.isVisible())

    def _show_pending(self) -> None:
        if self.pending_photos:
            names = ", ".join(p.name for p in self.pending_photos[:3])
            more = len(self.pending_photos) - 3
            if more > 0:
                names += " " + self.tr("and %n more", "", more)
            self.photos_label.setText(
                self.tr("%n photo(s) to attach: ", "", len(self.pending_photos)) + names
            )
        else:
            self.photos_label.setText(self.tr("Evidence photos: none chosen"))

    def perform(self, action: rect.Action) -> Task | None:
        """Run one lifecycle action for the shown finding (photos are ingested off-thread)."""
        row = self.row
        if row is None or self.task is not None:
            return None
        ws = self.ctx.workspace
        text = self.text.toPlainText()
        rule = rect.TRANSITIONS[action]
        photos = list(self.pending_photos) if rule.photos_allowed else []
        new_due = _pydate(self.new_due.date()) if action is rect.Action.REQUEST_EXTENSION else None
        method = str(self.method.currentData() or "") if action is rect.Action.VERIFY else ""
        reading = self.tr("Reading photos")
        finding_id = row.id

        def work(progress: Progress) -> rect.Advanced:
            ingested = insp_svc.ingest_photos(ws, photos, progress)
            if ingested.problems:
                raise ingested.problems[0]
            return rect.advance(
                ws,
                finding_id,
                action,
                "",
                text,
                photos=ingested.photos,
                new_due=new_due,
                method=method,
            )

        self.error.hide()
        task = make_task(
            work,
            on_success=lambda done: self._done(action, done, bool(photos)),
            on_error=self._failed,
            on_cancel=self._cancelled,
            parent=self,
        )
        self.task = task
        self._update_actions()
        if photos:
            TaskProgressDialog(task, reading, self)
        start_task(task, self.ctx.pool)
        return task

    def _done(self, action: rect.Action, done: rect.Advanced, used_photos: bool) -> None:
        self.task = None
        self.text.clear()
        if used_photos:
            self.set_pending_photos([])
        self.ctx.status_message.emit(
            f"{label(ACTION, action.value)}: {label(FINDING_STATUS, done.finding.status)}"
        )
        self.changed.emit(done.finding.id)
        self.action_finished.emit(True)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, PhotoError):
            problems = [Problem("", str(exc))]
        else:
            problems = problems_of(exc, doing="rectification action")
        self.error.setText("\n".join(str(p) for p in problems))
        self.error.show()
        self._update_actions()
        self.action_finished.emit(False)

    def _cancelled(self) -> None:
        self.task = None
        self._update_actions()
        self.action_finished.emit(False)

    def _responsible_edited(self) -> None:
        row = self.row
        value = self.responsible.text().strip()
        if row is None or value == row.responsible:
            return
        try:
            insp_svc.update_finding(self.ctx.workspace, row.id, responsible=value)
        except Refused as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.changed.emit(row.id)

    def _view_evidence(self, index: int) -> None:
        ws = self.ctx.workspace

        def load(sha: str) -> bytes | None:
            blob = insp_svc.photo_blob(ws, sha)
            return blob.display if blob else None

        viewer = PhotoViewer(
            self.evidence.photo_model.photos(), index, load, editable=False, parent=self
        )
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.redact_requested.connect(lambda thumb: open_redaction(self.ctx, thumb, load, viewer))
        viewer.show()

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        names = {
            "branch": self.tr("Branch:"),
            "source": self.tr("Source:"),
            "due": self.tr("Due:"),
            "points": self.tr("Points deducted:"),
            "responsible": self.tr("Responsible:"),
            "requirement": self.tr("Requirement:"),
            "observation": self.tr("Observed:"),
        }
        for key, text in names.items():
            self.info_labels[key].setText(text)
        self.responsible.setPlaceholderText(self.tr("who at the branch fixes it"))
        self.evidence_title.setText(self.tr("Evidence"))
        self.history_title.setText(self.tr("History"))
        self.action_box.setTitle(self.tr("Next step"))
        self.text.setPlaceholderText(
            self.tr(
                "The branch's response and measures taken, the reason for a rejection or an "
                "extension, or a comment"
            )
        )
        self.add_photos.setText(self.tr("Add photos…"))
        self.clear_photos.setText(self.tr("Clear"))
        self.new_due_label.setText(self.tr("New due date:"))
        self.method_label.setText(self.tr("Verification method:"))
        for i, code in enumerate(rect.VERIFY_METHODS):
            self.method.setItemText(i, label(VERIFY_METHOD, code))
        for action, button in self.buttons.items():
            button.setText(label(ACTION, action.value))
        self.empty.setText(self.tr("Select a finding to see its details and next steps."))
        self._show_pending()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _chip(widget: QLabel, text: str, color: str) -> None:
    widget.setText(text)
    widget.setStyleSheet(
        f"background: {color}; color: white; border-radius: 9px; padding: 1px 9px; "
        "font-weight: 600;"
    )
