"""One feedback item: what was said, the reply date, the reply, the steps, and the next step."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Refused
from bqinspect.domain.feedback import FeedbackAction, allowed_actions
from bqinspect.domain.ownership import Part, may_change
from bqinspect.services import feedback as svc
from bqinspect.services.feedback_view import FeedbackView, get_feedback, local_date
from bqinspect.store.workspace import Workspace
from bqinspect.ui.labels import FINDING_STATUS, label
from bqinspect.ui.pages.feedback.labels import (
    CATEGORY,
    CHANNEL,
    FEEDBACK_STATUS,
    REPLY_METHOD,
    STEP,
)

A = FeedbackAction
# the buttons, in their order; each takes the typed text
BUTTONS = (A.STEP, A.REPLY, A.FOLLOW_UP, A.EXTEND, A.ASSIGN, A.CLOSE, A.REOPEN, A.OPEN_FINDING)


class FeedbackDetail(QWidget):
    """Shows one item (``show_item``); ``changed`` carries its id after a step was taken."""

    changed = Signal(object)  # uuid.UUID
    finding_opened = Signal(object)  # uuid.UUID of the finding

    def __init__(self, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.item: FeedbackView | None = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps_title = QLabel()
        self.steps_title.setObjectName("sectionTitle")
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72)
        self.method = QComboBox()
        for code in REPLY_METHOD:
            self.method.addItem("", code)
        self.accepted = QComboBox()
        for value in (None, True, False):
            self.accepted.addItem("", value)
        self.buttons: dict[FeedbackAction, QPushButton] = {}
        grid = QGridLayout()
        for n, action in enumerate(BUTTONS):
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self.take(a))
            self.buttons[action] = button
            grid.addWidget(button, n // 3, n % 3)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        reply_row = QFormLayout()
        self.method_label, self.accepted_label = QLabel(), QLabel()
        reply_row.addRow(self.method_label, self.method)
        reply_row.addRow(self.accepted_label, self.accepted)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.steps_title)
        layout.addWidget(self.steps)
        layout.addWidget(self.text)
        layout.addLayout(reply_row)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()
        self.show_item(None)

    # showing -----------------------------------------------------------------------------------
    def show_item(self, item: FeedbackView | None) -> None:
        """Show ``item`` (read again with its steps), or nothing."""
        self.item = get_feedback(self.ws, item.id) if item is not None else None
        self.error.hide()
        self._fill()

    def _fill(self) -> None:
        item = self.item
        for widget in (self.facts, self.steps_title, self.steps, self.text):
            widget.setVisible(item is not None)
        if item is None:
            self.heading.setText(self.tr("Choose a feedback item"))
            for button in self.buttons.values():
                button.setEnabled(False)
            return
        self.heading.setText(
            f"{html.escape(item.branch_code)} {html.escape(item.branch_name)} · "
            f"{label(CHANNEL, item.channel)} · {label(CATEGORY, item.category)} · "
            f"{label(FEEDBACK_STATUS, item.status)}"
        )
        self.facts.setText(self._facts(item))
        self.steps.setText(
            "<br>".join(
                f"{s.at.astimezone(self.ws.zone()):%Y-%m-%d %H:%M} "
                f"<b>{label(STEP, s.kind)}</b> {html.escape(s.actor)} {html.escape(s.text)}"
                for s in item.steps
            )
        )
        mine = may_change(self.ws.role(), Part.FEEDBACK)
        allowed = set(allowed_actions(item.status)) if mine else set()
        if item.finding_id is not None:
            allowed.discard(A.OPEN_FINDING)
        for action, button in self.buttons.items():
            button.setEnabled(action in allowed)
        self.note.setText(
            "" if mine else self.tr("The register is the lead's and head office's: read only here.")
        )

    def _facts(self, item: FeedbackView) -> str:
        zone = self.ws.zone()
        due = item.reply_due.isoformat() if item.reply_due else "—"
        if item.overdue:
            overdue = self.tr("overdue")
            due = f"<span style='color:#c62828'><b>{due} · {overdue}</b></span>"
        rows = [
            (self.tr("Received"), f"{item.received_at.astimezone(zone):%Y-%m-%d %H:%M}"),
            (self.tr("Reply by"), due),
            (self.tr("Assigned to"), html.escape(item.assigned_to) or "—"),
        ]
        contact = " ".join(x for x in (item.contact_name, item.contact_phone) if x)
        if contact:
            rows.append((self.tr("Customer"), html.escape(contact)))
        rows.append((self.tr("Content"), html.escape(item.content)))
        if item.replied_at is not None:
            accepted = {
                True: self.tr("accepted"),
                False: self.tr("not accepted"),
                None: self.tr("acceptance not known"),
            }[item.accepted]
            late = " · " + self.tr("late") if item.replied_late else ""
            rows.append(
                (
                    self.tr("Reply"),
                    f"{local_date(item.replied_at, zone).isoformat()} · "
                    f"{label(REPLY_METHOD, item.reply_method)} · {accepted}{late}<br>"
                    f"{html.escape(item.reply_text)}",
                )
            )
        if item.follow_up:
            rows.append((self.tr("Follow-up"), html.escape(item.follow_up)))
        if item.finding_id is not None:
            status = (
                label(FINDING_STATUS, item.finding_status)
                if item.finding_status
                else self.tr("not on this machine")
            )
            rows.append((self.tr("Finding"), status))
        return (
            "<table>"
            + "".join(
                f"<tr><td style='padding-right:8px;color:#6b7280'>{k}</td><td>{v}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )

    # acting ------------------------------------------------------------------------------------
    def take(self, action: FeedbackAction) -> None:
        """Take ``action`` on the shown item with the typed text; a refusal is shown here."""
        item = self.item
        if item is None:
            return
        text = self.text.toPlainText()
        steps: dict[FeedbackAction, Callable[[], FeedbackView]] = {
            A.STEP: lambda: svc.add_step(self.ws, item.id, text),
            A.REPLY: lambda: svc.reply(
                self.ws,
                item.id,
                text,
                method=str(self.method.currentData()),
                accepted=self.accepted.currentData(),
            ),
            A.FOLLOW_UP: lambda: svc.follow_up(self.ws, item.id, text),
            A.EXTEND: lambda: svc.extend(self.ws, item.id, text),
            A.ASSIGN: lambda: svc.assign(self.ws, item.id, text),
            A.CLOSE: lambda: svc.close(self.ws, item.id, text),
            A.REOPEN: lambda: svc.reopen(self.ws, item.id, text),
            A.OPEN_FINDING: lambda: svc.open_finding(self.ws, item.id, requirement=text),
        }
        try:
            done = steps[action]()
        except Refused as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.text.clear()
        self.show_item(done)
        if action is A.OPEN_FINDING and done.finding_id is not None:
            self.finding_opened.emit(done.finding_id)
        self.changed.emit(done.id)

    def shown_id(self) -> uuid.UUID | None:
        return self.item.id if self.item is not None else None

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        names = {
            A.STEP: self.tr("Add step"),
            A.REPLY: self.tr("Reply"),
            A.FOLLOW_UP: self.tr("Follow up"),
            A.EXTEND: self.tr("Extend"),
            A.ASSIGN: self.tr("Assign"),
            A.CLOSE: self.tr("Close"),
            A.REOPEN: self.tr("Reopen"),
            A.OPEN_FINDING: self.tr("Open a finding"),
        }
        for action, button in self.buttons.items():
            button.setText(names[action])
        self.steps_title.setText(self.tr("Steps"))
        self.text.setPlaceholderText(
            self.tr("The step, the reply, the reason or the name, then a button below")
        )
        self.method_label.setText(self.tr("Reply method"))
        for i in range(self.method.count()):
            self.method.setItemText(i, label(REPLY_METHOD, str(self.method.itemData(i))))
        self.accepted_label.setText(self.tr("Customer"))
        texts = [self.tr("acceptance not known"), self.tr("accepted"), self.tr("not accepted")]
        for i, text in enumerate(texts):
            self.accepted.setItemText(i, text)
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
