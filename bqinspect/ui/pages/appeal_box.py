"""A finding's appeal (申诉) on its detail: record the branch's appeal, then uphold or overturn."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Problem
from bqinspect.domain.ownership import Part, may_change
from bqinspect.photos import PhotoError
from bqinspect.services import appeals
from bqinspect.services import inspections as insp_svc
from bqinspect.services.appeals import AppealRow
from bqinspect.ui.context import AppContext
from bqinspect.ui.pages.problems_panel import problems_of
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets.dialogs import pick_photo_files
from bqinspect.ui.widgets.theme import FAIL, MUTED


class AppealBox(QGroupBox):
    """The appeal of the shown finding's deduction: its state, and the lead's next step."""

    changed = Signal(object)  # uuid of the finding whose appeal changed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.finding_id: uuid.UUID | None = None
        self.appeal: AppealRow | None = None
        self.window: appeals.Window | None = None
        self.points = 0.0
        self.photos: list[Path] = []
        self.task: Task | None = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(56)
        self.add_photos = QPushButton()
        self.add_photos.clicked.connect(
            lambda: pick_photo_files(self, lambda paths: self._set_photos(self.photos + paths))
        )
        self.photos_label = QLabel()
        self.photos_label.setObjectName("muted")
        self.lodge_button = QPushButton()
        self.lodge_button.clicked.connect(self.lodge)
        self.uphold_button = QPushButton()
        self.uphold_button.clicked.connect(lambda: self.decide(overturn=False))
        self.overturn_button = QPushButton()
        self.overturn_button.setObjectName("primary")
        self.overturn_button.clicked.connect(lambda: self.decide(overturn=True))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {FAIL};")
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.photos_label, 1)
        for button in (
            self.add_photos,
            self.lodge_button,
            self.uphold_button,
            self.overturn_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.retranslate()
        self.hide()

    # showing -----------------------------------------------------------------------------------
    def show_finding(self, finding_id: uuid.UUID | None, points: float) -> None:
        if finding_id != self.finding_id:
            self.text.clear()
            self._set_photos([])
            self.error.hide()
        self.finding_id, self.points = finding_id, points
        ws = self.ctx.workspace
        self.appeal = None if finding_id is None else appeals.appeal_of(ws, finding_id)
        self.window = (
            appeals.window(ws, finding_id)
            if finding_id is not None and self.appeal is None and points > 0
            else None
        )
        self._fill()

    def _fill(self) -> None:
        appeal = self.appeal
        self.setVisible(self.finding_id is not None and (self.points > 0 or appeal is not None))
        lead = may_change(self.ctx.workspace.role(), Part.APPEAL)
        busy = self.task is not None
        lodging = appeal is None and lead and self.window is not None and self.window.open
        deciding = appeal is not None and not appeal.decision and lead
        self.text.setVisible(lodging or deciding)
        self.add_photos.setVisible(lodging)
        self.photos_label.setVisible(lodging)
        self.lodge_button.setVisible(lodging)
        self.uphold_button.setVisible(deciding)
        self.overturn_button.setVisible(deciding)
        for button in (self.lodge_button, self.uphold_button, self.overturn_button):
            button.setEnabled(not busy)
        self.text.setPlaceholderText(
            self.tr("The branch's reason for the appeal")
            if lodging
            else self.tr("The reason for the decision")
        )
        self.state.setText(self._state_html())

    def _state_html(self) -> str:
        appeal = self.appeal
        if appeal is None:
            if self.finding_id is None or self.points <= 0:
                return ""
            window = self.window
            if window is None or window.closes is None:
                reason = window.reason if window else ""
                return f"<span style='color:{MUTED}'>{html.escape(reason)}</span>"
            day = window.closes.isoformat()
            if not window.open:
                closed = self.tr("Not appealed: the appeal window closed on %1.")
                return (
                    f"<span style='color:{MUTED}'>{html.escape(closed.replace('%1', day))}</span>"
                )
            text = self.tr("Not appealed. The branch may appeal until %1.")
            return html.escape(text.replace("%1", day))
        lodged = self.tr("Appealed on %1 by %2").replace(
            "%1", appeal.lodged_at.astimezone().strftime("%Y-%m-%d %H:%M")
        )
        lines = [
            f"<b>{html.escape(lodged.replace('%2', appeal.lodged_by or '—'))}</b>",
            html.escape(appeal.reason),
        ]
        if appeal.photos:
            lines.append(html.escape(self.tr("%n evidence photo(s)", "", len(appeal.photos))))
        if appeal.decision:
            decided = (
                self.tr("Overturned: the points are restored")
                if appeal.decision == "overturned"
                else self.tr("Upheld: the deduction stands")
            )
            lines.append(f"<b>{html.escape(decided)}</b> · {html.escape(appeal.decided_by)}")
            lines.append(html.escape(appeal.decision_reason))
        else:
            waiting = html.escape(self.tr("Waiting for the lead to decide."))
            lines.append(f"<span style='color:{MUTED}'>{waiting}</span>")
        return "<br>".join(lines)

    def _set_photos(self, paths: list[Path]) -> None:
        self.photos = list(dict.fromkeys(paths))
        self.photos_label.setText(
            self.tr("%n evidence photo(s) chosen", "", len(self.photos)) if self.photos else ""
        )

    # acting ------------------------------------------------------------------------------------
    def lodge(self) -> Task | None:
        """Record the branch's appeal with the typed reason and the chosen photos."""
        finding_id, ws, reason, photos = (
            self.finding_id,
            self.ctx.workspace,
            self.text.toPlainText(),
            list(self.photos),
        )
        if finding_id is None:
            return None

        def work(progress: Progress) -> object:
            ingested = insp_svc.ingest_photos(ws, photos, progress)
            if ingested.problems:
                raise ingested.problems[0]
            return appeals.lodge(ws, finding_id, reason, ingested.photos)

        return self._run(work)

    def decide(self, *, overturn: bool) -> Task | None:
        """Uphold or overturn the appeal with the typed reason."""
        finding_id, ws, reason = self.finding_id, self.ctx.workspace, self.text.toPlainText()
        if finding_id is None:
            return None
        return self._run(
            lambda _p: appeals.decide(ws, finding_id, overturn=overturn, reason=reason)
        )

    def _run(self, work: Callable[[Progress], object]) -> Task | None:
        if self.task is not None:
            return None
        self.error.hide()
        task = make_task(work, on_success=self._done, on_error=self._failed, parent=self)
        self.task = task
        self._fill()
        start_task(task, self.ctx.pool)
        return task

    def _done(self, _result: object) -> None:
        self.task = None
        self.text.clear()
        self._set_photos([])
        finding_id = self.finding_id
        self.show_finding(finding_id, self.points)
        self.ctx.status_message.emit(self.tr("Appeal saved"))
        self.changed.emit(finding_id)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, PhotoError):
            problems = [Problem("", str(exc))]
        else:
            problems = problems_of(exc, doing="appeal")
        self.error.setText("\n".join(str(p) for p in problems))
        self.error.show()
        self._fill()

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(self.tr("Appeal"))
        self.add_photos.setText(self.tr("Evidence photos…"))
        self.lodge_button.setText(self.tr("Record appeal"))
        self.uphold_button.setText(self.tr("Uphold"))
        self.overturn_button.setText(self.tr("Overturn"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
