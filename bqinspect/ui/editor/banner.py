"""The banner above the cards: what the inspection's status and the role allow, in one line."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from bqinspect.domain.lifecycle import InspectionStatus
from bqinspect.ui.editor.mode import EditorMode
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.labels import status_label

TONES = {
    "info": "background: #e8f0f8; border: 1px solid #b9cfe6;",
    "locked": "background: #eceff3; border: 1px solid #c3cad4;",
    "amend": "background: #fff4db; border: 1px solid #f0c36a;",
    "redo": "background: #fdecea; border: 1px solid #e8a3a0;",
    "approved": "background: #e8f5e9; border: 1px solid #a5d6a7;",
}


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else ""


class StatusBanner(QLabel):
    """Hidden while a draft is written for the first time."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusBanner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.tone = ""

    def show_for(self, s: EditorSession) -> None:
        text, tone = self._compose(s)
        self.setText(text)
        self.tone = tone
        if tone:
            self.setStyleSheet(TONES[tone] + " border-radius: 4px; padding: 6px; color: #1f2937;")
        self.setVisible(bool(text))

    def _compose(self, s: EditorSession) -> tuple[str, str]:
        insp = s.inspection
        mode = s.mode
        latest = s.latest_review()
        returned = s.open_return()
        revision = str(insp.revision)
        if returned is not None:
            redo = len(s.redo_items())
            reason = escape(returned.comment)
            text = (
                self.tr("<b>Returned</b> by %1 on %2: “%3”.")
                .replace("%1", escape(returned.reviewer))
                .replace("%2", _when(returned.at))
                .replace("%3", reason)
            )
            if redo:
                text += self.tr(" %n item(s) to redo are marked below.", "", redo)
            if mode is EditorMode.EDIT:
                text += self.tr(" Change what is asked, then submit again (Ctrl+Shift+S).")
            return text, "redo"
        if mode is EditorMode.AMEND:
            return (
                self.tr(
                    "<b>Amending</b> (reason: “%1”), revision %2. Every change is audited "
                    "with this reason and the score is recomputed."
                )
                .replace("%1", escape(s.amend_reason))
                .replace("%2", revision),
                "amend",
            )
        if mode is EditorMode.LOCKED:
            return (
                self.tr(
                    "Submitted %1, revision %2. The answers are locked and the score is final; "
                    "to correct something, use Amend… and give the reason."
                )
                .replace("%1", _when(insp.submitted_at))
                .replace("%2", revision),
                "locked",
            )
        approved = insp.status == InspectionStatus.APPROVED
        by = escape(latest.reviewer) if latest is not None else ""
        on = _when(latest.at) if latest is not None else ""
        if mode is EditorMode.FROZEN:
            return (
                self.tr(
                    "<b>Approved</b> by %1 on %2. The inspection is locked; ask the lead to "
                    "reopen it to change anything."
                )
                .replace("%1", by)
                .replace("%2", on),
                "approved",
            )
        if mode is EditorMode.REVIEW and approved:
            return (
                self.tr(
                    "<b>Approved</b> by %1 on %2 (revision %3). Reopen it, with a reason, to "
                    "let the inspector change it."
                )
                .replace("%1", by)
                .replace("%2", on)
                .replace("%3", revision),
                "approved",
            )
        if mode is EditorMode.REVIEW and insp.status == InspectionStatus.SUBMITTED:
            return (
                self.tr(
                    "<b>Review</b> of revision %1, submitted %2. The answers are read-only: "
                    "comment on items, then approve or return it."
                )
                .replace("%1", revision)
                .replace("%2", _when(insp.submitted_at)),
                "info",
            )
        if mode in (EditorMode.REVIEW, EditorMode.VIEW):
            return (
                self.tr("%1, revision %2. Read-only: the answers are the inspector's.")
                .replace("%1", escape(status_label(insp.status)))
                .replace("%2", revision),
                "locked",
            )
        return "", ""
