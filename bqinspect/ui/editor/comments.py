"""A thread of review comments (author, role, time, text), only ever added to, with its box."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.services.inspections import ItemCommentRow
from bqinspect.ui.roles import role_name


def comment_html(row: ItemCommentRow) -> str:
    when = row.at.astimezone().strftime("%Y-%m-%d %H:%M")
    head = f"<b>{escape(row.author)}</b> · {escape(role_name(row.role))} · {when}"
    body = escape(row.text).replace("\n", "<br>")
    return f'<span style="color:#4b5563;">{head}</span><br>{body}'


class CommentThread(QFrame):
    """Shows the comments; ``add_requested(text)`` when the user adds one (if allowed)."""

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, compact: bool = True):
        super().__init__(parent)
        self.setObjectName("commentThread")
        self.compact = compact
        self.caption = QLabel()
        self.caption.setObjectName("threadCaption")
        self.entries = QVBoxLayout()
        self.entries.setSpacing(4)
        self.labels: list[QLabel] = []
        self.comment_button = QPushButton()
        self.comment_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.comment_button.clicked.connect(self.open_box)
        self.box = QPlainTextEdit()
        self.box.setFixedHeight(64)
        self.box.hide()
        self.add_button = QPushButton()
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self._add)
        self.add_button.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.close_box)
        self.cancel_button.hide()
        self.box.textChanged.connect(
            lambda: self.add_button.setEnabled(bool(self.box.toPlainText().strip()))
        )

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.comment_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addLayout(self.entries)
        layout.addWidget(self.box)
        layout.addLayout(buttons)
        self._can_add = False
        self._count = 0
        self._redo = False
        self.retranslate()

    def set_comments(
        self, rows: Sequence[ItemCommentRow], *, can_add: bool, redo: bool = False
    ) -> None:
        """Show ``rows`` (oldest first); ``redo`` marks a thread the inspector must act on."""
        while len(self.labels) < len(rows):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.entries.addWidget(label)
            self.labels.append(label)
        for label, row in zip(self.labels, rows, strict=False):
            label.setText(comment_html(row))
            label.show()
        for label in self.labels[len(rows) :]:
            label.hide()
        self._can_add, self._count = can_add, len(rows)
        if self._redo != redo:
            self._redo = redo
            self.setProperty("redo", redo)
            self.style().unpolish(self)
            self.style().polish(self)
        self.comment_button.setVisible(can_add and not self.box.isVisible())
        if not can_add:
            self.close_box()
        self._retitle()
        self.setVisible(bool(rows) or can_add or not self.compact)

    def open_box(self) -> None:
        if not self._can_add:
            return
        for widget in (self.box, self.add_button, self.cancel_button):
            widget.show()
        self.comment_button.hide()
        self.add_button.setEnabled(bool(self.box.toPlainText().strip()))
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_box(self) -> None:
        for widget in (self.box, self.add_button, self.cancel_button):
            widget.hide()
        self.comment_button.setVisible(self._can_add)

    def clear_draft(self) -> None:
        self.box.clear()
        self.close_box()

    def _add(self) -> None:
        text = self.box.toPlainText().strip()
        if text:
            self.add_requested.emit(text)

    def _retitle(self) -> None:
        if self._redo:
            self.caption.setText(self.tr("Lead's comments: redo this item"))
        elif self._count:
            self.caption.setText(self.tr("Comments (%n)", "", self._count))
        else:
            self.caption.setText(self.tr("No comments yet"))
        self.caption.setVisible(bool(self._count) or not self.compact)

    def retranslate(self) -> None:
        self.comment_button.setText(self.tr("Comment…"))
        self.comment_button.setToolTip(
            self.tr("Add a comment; comments are kept and cannot be edited or deleted")
        )
        self.add_button.setText(self.tr("Add comment"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.box.setPlaceholderText(self.tr("What should the inspector check or redo?"))
        self._retitle()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
