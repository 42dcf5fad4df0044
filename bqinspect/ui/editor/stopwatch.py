"""Mystery-shopping stopwatch: one big button per checkpoint, a running clock, derived times."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.domain.forms import AnswerType, Checkpoint
from bqinspect.ui.editor.inputs import digit_of, duration_text
from bqinspect.ui.editor.session import EditorSession
from bqinspect.ui.widgets import theme


def shortcut_for(checkpoint: Checkpoint) -> QKeySequence | None:
    """Alt+digit: works anywhere in the editor and never collides with rating digits."""
    if checkpoint.key and checkpoint.key.isdigit():
        return QKeySequence(f"Alt+{checkpoint.key}")
    return None


class CorrectionDialog(QDialog):
    """Correct a checkpoint time; a reason is required (the correction is audited)."""

    corrected = Signal(str, object, str)  # checkpoint id, aware datetime, reason

    def __init__(
        self, checkpoint: Checkpoint, at: datetime, lang: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.checkpoint = checkpoint
        self._day = at.astimezone()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        local = at.astimezone()
        self.time = QTimeEdit(QTime(local.hour, local.minute, local.second))
        self.time.setDisplayFormat("HH:mm:ss")
        self.reason = QLineEdit()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._check)
        self.labels = [QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self.labels[0], self.time)
        form.addRow(self.labels[1], self.reason)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.lang = lang
        self.retranslate()
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.reason.text().strip()))

    def corrected_time(self) -> datetime:
        day = self._day
        value = QDateTime(QDate(day.year, day.month, day.day), self.time.time())
        return value.toPython().astimezone()

    def _accept(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            return
        self.corrected.emit(self.checkpoint.id, self.corrected_time(), reason)
        self.accept()

    def retranslate(self) -> None:
        label = self.checkpoint.label.get(self.lang)
        self.setWindowTitle(self.tr("Correct checkpoint"))
        self.info.setText(
            self.tr(
                "Correct the time of %1. The old and new time and your reason are recorded."
            ).replace("%1", f"{self.checkpoint.id} {label}")
        )
        self.labels[0].setText(self.tr("Time"))
        self.labels[1].setText(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why the mark was wrong"))


class StopwatchPanel(QFrame):
    """Press a checkpoint when it happens; a marked checkpoint opens the correction dialog."""

    def __init__(self, session: EditorSession, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("panel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; font-size: 14px;")
        self.clock = QLabel("00:00")
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_caption = QLabel()
        self.clock_caption.setObjectName("muted")
        self.clock_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for number, checkpoint in enumerate(session.form.checkpoints):
            button = QPushButton()
            button.setObjectName("checkpoint")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, cp=checkpoint: self.press(cp.id))
            sequence = shortcut_for(checkpoint)
            if sequence is not None:
                # a QShortcut marks at once (a button shortcut would animate the click first)
                shortcut = QShortcut(sequence, self, lambda cp=checkpoint.id: self.press(cp))
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            self.buttons[checkpoint.id] = button
            grid.addWidget(button, number // 2, number % 2)
        self.derived_title = QLabel()
        self.derived_title.setStyleSheet("font-weight: 600;")
        self.derived = QLabel()
        self.derived.setTextFormat(Qt.TextFormat.RichText)
        self.derived.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("legend")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.clock)
        layout.addWidget(self.clock_caption)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addWidget(self.derived_title)
        layout.addWidget(self.derived)
        layout.addStretch()
        layout.addWidget(self.hint)
        self.timer = QTimer(self)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self.tick)
        self.dialog: CorrectionDialog | None = None
        session.marks_changed.connect(self.refresh)
        session.answers_changed.connect(lambda _ids: self._refresh_derived())
        self.retranslate()
        self.refresh()

    # behaviour ------------------------------------------------------------------------------------
    def press(self, checkpoint_id: str) -> CorrectionDialog | None:
        """Mark now; a checkpoint already marked opens the correction dialog instead."""
        if self.session.read_only:
            return None
        if checkpoint_id in self.session.marks:
            return self.correct(checkpoint_id)
        self.session.mark(checkpoint_id)
        return None

    def correct(self, checkpoint_id: str) -> CorrectionDialog:
        checkpoint = next(c for c in self.session.form.checkpoints if c.id == checkpoint_id)
        at = self.session.marks.get(checkpoint_id) or clock.local_now()
        self.dialog = CorrectionDialog(checkpoint, at, self.lang, self)
        self.dialog.corrected.connect(lambda cp, when, why: self.session.mark(cp, when, why=why))
        self.dialog.open()
        return self.dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = digit_of(event)
        if digit is not None:
            for checkpoint in self.session.form.checkpoints:
                if checkpoint.key == str(digit):
                    self.press(checkpoint.id)
                    event.accept()
                    return
        super().keyPressEvent(event)

    def _origin(self) -> datetime | None:
        marks = self.session.marks
        first = self.session.form.checkpoints[0].id if self.session.form.checkpoints else None
        if first and first in marks:
            return marks[first]
        return min(marks.values()) if marks else None

    def _end(self) -> datetime | None:
        checkpoints = self.session.form.checkpoints
        if checkpoints and checkpoints[-1].id in self.session.marks:
            return self.session.marks[checkpoints[-1].id]
        return None

    def tick(self) -> None:
        origin = self._origin()
        if origin is None:
            self.clock.setText("00:00")
            return
        end = self._end() or clock.now().astimezone(origin.tzinfo)
        seconds = max(0.0, (end - origin).total_seconds())
        minutes, secs = divmod(int(seconds), 60)
        hours, minutes = divmod(minutes, 60)
        self.clock.setText(
            f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
        )

    def refresh(self) -> None:
        marks = self.session.marks
        next_id = next((c.id for c in self.session.form.checkpoints if c.id not in marks), None)
        for checkpoint in self.session.form.checkpoints:
            button = self.buttons[checkpoint.id]
            marked = checkpoint.id in marks
            button.setProperty("marked", marked)
            button.setProperty("next", checkpoint.id == next_id)
            button.style().unpolish(button)
            button.style().polish(button)
            button.setEnabled(not self.session.read_only)
            key = f"  Alt+{checkpoint.key}" if checkpoint.key else ""
            when = f"\n{marks[checkpoint.id].astimezone():%H:%M:%S}" if marked else "\n—"
            button.setText(f"{checkpoint.id} {checkpoint.label.get(self.lang)}{when}")
            button.setToolTip(
                (
                    self.tr("Marked: click to correct")
                    if marked
                    else self.tr("Click when it happens")
                )
                + key
            )
        # the clock runs between the first and the last checkpoint only
        running = bool(marks) and self._end() is None and not self.session.read_only
        if running and not self.timer.isActive():
            self.timer.start()
        elif not running:
            self.timer.stop()
        self.tick()
        self._refresh_derived()

    def _refresh_derived(self) -> None:
        rows = []
        for item in self.session.form.items():
            if item.type is not AnswerType.DURATION or item.derive is None:
                continue
            value = self.session.value(item.id)
            failed = self.session.failed(item.id)
            color = theme.FAIL if failed else (theme.PASS if value is not None else theme.MUTED)
            shown = duration_text(value) if value is not None else "—"
            rows.append(
                f"<tr><td>{item.text.get(self.lang)}</td>"
                f'<td align="right" style="color:{color}; font-weight:600;">&nbsp;{shown}</td></tr>'
            )
        self.derived.setText("<table width='100%'>" + "".join(rows) + "</table>")
        self.derived_title.setVisible(bool(rows))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Stopwatch"))
        self.clock_caption.setText(self.tr("since arrival"))
        self.derived_title.setText(self.tr("Measured times"))
        self.hint.setText(
            self.tr(
                "Alt+0…7 marks a checkpoint from anywhere (or 0…7 while this panel has focus). "
                "Click a marked checkpoint to correct it."
            )
        )
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
