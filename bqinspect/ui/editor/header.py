"""The editor's header: where and what, live score and grade, saved time, report, and the
actions the role and the status offer (submit, amend, approve, return, reopen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.lifecycle import InspectionStatus
from bqinspect.ui.editor.mode import EditorMode
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.labels import kind_label, status_label
from bqinspect.ui.reports import ReportButton
from bqinspect.ui.widgets import theme
from bqinspect.ui.widgets.saved import SavedIndicator


class EditorHeader(QWidget):
    back = Signal()
    submit = Signal()
    report = Signal(str)  # audience: branch | office
    amend = Signal()
    end_amend = Signal()
    approve = Signal()
    return_ = Signal()
    reopen = Signal()

    def __init__(self, session: EditorSession, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setMinimumWidth(120)  # long branch names shrink (full name in the tooltip)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status = QLabel()
        self.status.setObjectName("grade")
        self.score_caption = QLabel()
        self.score_caption.setObjectName("muted")
        self.score = QLabel()
        self.score.setObjectName("score")
        self.grade = QLabel()
        self.grade.setObjectName("grade")
        self.provisional = QLabel()  # how much is answered while the score is not yet final
        self.provisional.setObjectName("muted")
        self.saved = SavedIndicator()
        self.report_button = ReportButton()
        self.report_button.requested.connect(self.report.emit)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit.emit)
        self.amend_button = self._action_button(self.amend, primary=True)
        self.end_amend_button = self._action_button(self.end_amend)
        self.return_button = self._action_button(self.return_)
        self.approve_button = self._action_button(self.approve, primary=True)
        self.reopen_button = self._action_button(self.reopen)

        names = QVBoxLayout()
        names.setSpacing(0)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.status)
        top.addStretch(1)
        names.addLayout(top)
        names.addWidget(self.subtitle)
        score = QVBoxLayout()
        score.setSpacing(0)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score)
        score_row.addWidget(self.grade)
        score.addWidget(self.score_caption, 0, Qt.AlignmentFlag.AlignRight)
        score.addLayout(score_row)
        score.addWidget(self.provisional, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addSpacing(8)
        layout.addLayout(names, 1)
        layout.addLayout(score)
        layout.addSpacing(16)
        right = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addStretch(1)  # right-aligned, also when Submit is hidden
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.submit_button)
        for button in (
            self.amend_button,
            self.end_amend_button,
            self.return_button,
            self.approve_button,
            self.reopen_button,
        ):
            buttons.addWidget(button)
        right.addLayout(buttons)
        right.addWidget(self.saved, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(right)
        self.retranslate()

    def update_state(self) -> None:
        s = self.session
        insp = s.inspection
        branch = s.branch
        self.title.setText(f"{branch.code}  {branch.name}")
        self.title.setToolTip(self.title.text())
        form_title = s.form.title.get(self.lang)
        when = insp.visit_start.astimezone().strftime("%Y-%m-%d %H:%M")
        people = "、".join(insp.inspectors) if self.lang == "zh" else ", ".join(insp.inspectors)
        self.subtitle.setText(
            f"{kind_label(insp.kind)} · {form_title} v{s.form.version} · {when} · {people}"
        )
        self.subtitle.setToolTip(self.subtitle.text())
        color = theme.STATUS_COLORS.get(insp.status, theme.MUTED)
        self.status.setText(status_label(insp.status))
        theme.set_style(self.status, f"background: {color}; color: white;")
        self._show_score()
        mode, status = s.mode, InspectionStatus(insp.status)
        self.submit_button.setVisible(mode is EditorMode.EDIT)
        self.amend_button.setVisible(mode is EditorMode.LOCKED)
        self.end_amend_button.setVisible(mode is EditorMode.AMEND)
        reviewing = mode is EditorMode.REVIEW
        self.approve_button.setVisible(reviewing and status is InspectionStatus.SUBMITTED)
        self.return_button.setVisible(reviewing and status is InspectionStatus.SUBMITTED)
        self.reopen_button.setVisible(reviewing and status is InspectionStatus.APPROVED)

    def show_score(self) -> None:
        """Show the score again (after an answer: the rest of the header is unchanged)."""
        self._show_score()

    def _show_score(self) -> None:
        """The final score, or the live one: "no answers yet" until something is answered, and
        provisional, with no grade, until every shown required item is (or a veto decides)."""
        s, insp = self.session, self.session.inspection
        final = s.read_only and insp.overall_score is not None
        overall = (
            insp.overall_score if final and insp.overall_score is not None else s.result.overall
        )
        grade = insp.grade if final and insp.grade else s.result.grade
        vetoed = bool(insp.veto_hits if final else s.result.veto_hits)
        answered, total = self.session.answered_required()
        self.score_caption.setText(self.tr("Final score") if final else self.tr("Live score"))
        provisional = not final and not vetoed and answered < total
        self.provisional.setVisible(provisional and answered > 0)
        self.provisional.setText(
            self.tr("%1 of %2 required items answered")
            .replace("%1", str(answered))
            .replace("%2", str(total))
        )
        self.score.setText("—" if provisional and answered == 0 else f"{overall:.1f}")
        if provisional:  # no grade yet: it would change with the answers still to come
            self.grade.setText(
                self.tr("No answers yet") if answered == 0 else self.tr("Provisional")
            )
            self.grade.setToolTip(
                self.tr("The grade is given once every required item is answered.")
            )
            theme.set_style(self.grade, f"background: {theme.NA}; color: white;")
            return
        try:
            label = s.form.grading.band(grade).label.get(self.lang)
        except StopIteration:
            label = grade
        if vetoed:
            label += " · " + self.tr("veto")
        self.grade.setText(label)
        self.grade.setToolTip("")
        theme.set_style(self.grade, f"background: {theme.grade_color(grade)}; color: white;")

    def _action_button(self, signal: Signal, *, primary: bool = False) -> QPushButton:
        button = QPushButton()
        if primary:
            button.setObjectName("primary")
        button.clicked.connect(signal.emit)
        button.hide()
        return button

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.update_state()

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("← Inspections"))
        self.back_button.setToolTip(self.tr("Back to the list (everything is already saved)"))
        self.submit_button.setText(self.tr("Submit…"))
        self.submit_button.setToolTip(self.tr("Check, sign and submit (Ctrl+Shift+S)"))
        self.amend_button.setText(self.tr("Amend…"))
        self.amend_button.setToolTip(
            self.tr("Correct the submitted answers: give the reason once, every change is audited")
        )
        self.end_amend_button.setText(self.tr("Done amending"))
        self.end_amend_button.setToolTip(self.tr("Lock the answers again"))
        self.approve_button.setText(self.tr("Approve…"))
        self.approve_button.setToolTip(self.tr("Approve this revision, optionally signed"))
        self.return_button.setText(self.tr("Return…"))
        self.return_button.setToolTip(
            self.tr("Return it to the inspector with a reason and the items to redo")
        )
        self.reopen_button.setText(self.tr("Reopen…"))
        self.reopen_button.setToolTip(
            self.tr("Reopen the approved inspection, with a reason, so it can be amended")
        )
        self.update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
