"""The review side panel: score breakdown, findings, the decisions so far, the comments on the
whole inspection."""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.forms import Severity
from bqinspect.ui.editor import keys
from bqinspect.ui.editor.comments import CommentThread
from bqinspect.ui.editor.mode import may_review
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.labels import severity_label, status_label
from bqinspect.ui.roles import role_name
from bqinspect.ui.widgets import theme


class ReviewPanel(QScrollArea):
    """Reads everything from the session; :meth:`refresh` after a change."""

    jump = Signal(str, int)  # "failed" | "commented", +1 next / -1 previous

    def __init__(self, session: EditorSession, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("reviewPanel")
        self.score_title = self._heading()
        self.score = self._text()
        self.previous_failed = self._jump_button("failed", -1)
        self.next_failed = self._jump_button("failed", 1)
        self.next_commented = self._jump_button("commented", 1)
        jumps = QHBoxLayout()
        jumps.setSpacing(4)
        for button in (self.previous_failed, self.next_failed, self.next_commented):
            jumps.addWidget(button)
        jumps.addStretch(1)
        self.findings_title = self._heading()
        self.findings = self._text()
        self.history_title = self._heading()
        self.history = self._text()
        self.comments_title = self._heading()
        self.thread = CommentThread(compact=False)
        self.thread.add_requested.connect(self._add_comment)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addWidget(self.score_title)
        layout.addWidget(self.score)
        layout.addLayout(jumps)
        for widget in (
            self.findings_title,
            self.findings,
            self.history_title,
            self.history,
            self.comments_title,
            self.thread,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        session.comments_changed.connect(self._comments_changed)
        self.retranslate()

    def _jump_button(self, kind: str, delta: int) -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self.jump.emit(kind, delta))
        return button

    @staticmethod
    def _heading() -> QLabel:
        label = QLabel()
        label.setStyleSheet(f"font-weight: 600; color: {theme.ACCENT}; margin-top: 6px;")
        return label

    @staticmethod
    def _text() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def refresh(self) -> None:
        self.refresh_score()
        self.history.setText(self._history_html())
        self._comments_changed("")

    def refresh_score(self) -> None:
        """The score breakdown and the findings' count (after an answer)."""
        s = self.session
        result = s.result
        failed = sum(1 for i in result.items.values() if i.visible and i.failed)
        lines = [
            self.tr("Score %1 of 100, %2 failed item(s)")
            .replace("%1", f"{result.overall:.1f}")
            .replace("%2", str(failed))
        ]
        for section in s.form.sections:
            stats = result.sections.get(section.id)
            if stats is None or stats.percent is None:
                continue
            lines.append(f"{escape(section.title.get(self.lang))}: {stats.percent:.0f} %")
        if result.veto_hits:
            vetoes = ", ".join(result.veto_hits)
            lines.append(
                f'<span style="color:{theme.FAIL};">'
                + escape(self.tr("Veto: %1").replace("%1", vetoes))
                + "</span>"
            )
        self.score.setText("<br>".join(lines))
        counts = Counter(f.severity for f in s.findings.values())
        if counts:
            parts = [
                f"{severity_label(sev.value)} {counts[sev.value]}"
                for sev in Severity
                if counts[sev.value]
            ]
            self.findings.setText(escape(" · ".join(parts)))
        else:
            self.findings.setText(escape(self.tr("No findings")))

    def _history_html(self) -> str:
        s = self.session
        insp = s.inspection
        lines = [
            escape(
                self.tr("%1, revision %2")
                .replace("%1", status_label(insp.status))
                .replace("%2", str(insp.revision))
            )
        ]
        for review in reversed(s.reviews):
            when = review.at.astimezone().strftime("%Y-%m-%d %H:%M")
            what = status_label(review.decision) if review.decision != "reopened" else ""
            head = what or self.tr("Reopened")
            line = (
                f"<b>{escape(head)}</b> · {escape(review.reviewer)} "
                f"({escape(role_name(review.role))}) · {when} · r{review.inspection_revision}"
            )
            if review.comment:
                line += "<br>" + escape(review.comment).replace("\n", "<br>")
            lines.append(line)
        if not s.reviews:
            lines.append(escape(self.tr("Not reviewed yet")))
        return "<br>".join(lines)

    def _comments_changed(self, item_id: str) -> None:
        if item_id == "":
            s = self.session
            self.thread.set_comments(s.comments_on(""), can_add=may_review(s.mode))

    def _add_comment(self, text: str) -> None:
        if self.session.comment("", text):
            self.thread.clear_draft()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.refresh()

    def retranslate(self) -> None:
        self.score_title.setText(self.tr("Score breakdown"))
        self.findings_title.setText(self.tr("Findings"))
        self.history_title.setText(self.tr("Review"))
        self.comments_title.setText(self.tr("Comments on the whole inspection"))
        self.previous_failed.setText(self.tr("◀ Failed"))
        self.previous_failed.setToolTip(
            self.tr("Previous failed item (%1)").replace("%1", keys.PREVIOUS_FAILED)
        )
        self.next_failed.setText(self.tr("Failed ▶"))
        self.next_failed.setToolTip(
            self.tr("Next failed item (%1)").replace("%1", keys.NEXT_FAILED)
        )
        self.next_commented.setText(self.tr("Commented ▶"))
        self.next_commented.setToolTip(
            self.tr("Next item with a comment (%1; %2 goes back)")
            .replace("%1", keys.NEXT_COMMENTED)
            .replace("%2", keys.PREVIOUS_COMMENTED)
        )
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
