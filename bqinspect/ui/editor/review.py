"""The editor's review and amendment actions: each opens its dialog and calls the session."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from bqinspect.domain.lifecycle import InspectionStatus
from bqinspect.ui.context import AppContext
from bqinspect.ui.editor.mode import EditorMode
from bqinspect.ui.editor.review_dialogs import (
    ApproveDialog,
    ReasonDialog,
    RedoChoice,
    ReturnDialog,
)
from bqinspect.ui.editor.session import EditorSession

D = TypeVar("D", ReasonDialog, ReturnDialog, ApproveDialog)


class ReviewActions(QObject):
    """Approve, return, reopen (the lead's) and Amend… (the inspector's), offered by mode."""

    def __init__(self, ctx: AppContext, session: EditorSession, lang: str, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.lang = lang
        self.window = parent
        self.dialog: QDialog | None = None

    def _reviewing(self, status: InspectionStatus) -> bool:
        s = self.session
        return s.mode is EditorMode.REVIEW and s.inspection.status == status

    def _done(self, ok: bool, message: str) -> None:
        if ok:
            self.ctx.data_changed.emit("inspection")
            self.ctx.status_message.emit(message)

    # the inspector ------------------------------------------------------------------------------
    def amend(self) -> ReasonDialog | None:
        if self.session.mode is not EditorMode.LOCKED:
            return None
        dialog = ReasonDialog(
            self.tr("Amend the submitted inspection"),
            self.tr(
                "Why are the submitted answers changed? This reason is recorded with every "
                "change you make now; the score is recomputed and the revision rises."
            ),
            self.tr("Amend"),
            self.window,
        )
        dialog.given.connect(self.session.begin_amendment)
        return self._open(dialog)

    def end_amend(self) -> None:
        if self.session.mode is EditorMode.AMEND:
            self.session.end_amendment()
            self.ctx.data_changed.emit("inspection")

    # the lead -----------------------------------------------------------------------------------
    def approve(self) -> ApproveDialog | None:
        if not self._reviewing(InspectionStatus.SUBMITTED):
            return None
        dialog = ApproveDialog(self.window)
        dialog.approved.connect(
            lambda text, png: self._done(
                self.session.approve(text, png), self.tr("Inspection approved")
            )
        )
        return self._open(dialog)

    def return_(self) -> ReturnDialog | None:
        if not self._reviewing(InspectionStatus.SUBMITTED):
            return None
        s = self.session
        choices = [
            RedoChoice(item.id, item.text.get(self.lang), s.failed(item.id))
            for item in s.form.items()
            if s.visible(item.id)
        ]
        dialog = ReturnDialog(choices, self.window)
        dialog.returned.connect(
            lambda reason, items: self._done(
                s.return_inspection(reason, items),
                self.tr("Returned to the inspector: %n item(s) to redo", "", len(items)),
            )
        )
        return self._open(dialog)

    def reopen(self) -> ReasonDialog | None:
        if not self._reviewing(InspectionStatus.APPROVED):
            return None
        dialog = ReasonDialog(
            self.tr("Reopen the approved inspection"),
            self.tr(
                "Why is it reopened? It is then under review again and the inspector may amend it."
            ),
            self.tr("Reopen"),
            self.window,
        )
        dialog.given.connect(
            lambda reason: self._done(self.session.reopen(reason), self.tr("Inspection reopened"))
        )
        return self._open(dialog)

    def _open(self, dialog: D) -> D:
        self.dialog = dialog
        dialog.open()
        return dialog
