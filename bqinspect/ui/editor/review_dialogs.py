"""The review's dialogs: a required reason (amend, reopen), return with items to redo, approve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.ui.widgets import theme
from bqinspect.ui.widgets.signature import SignaturePad


@dataclass(frozen=True)
class RedoChoice:
    """An item the lead may name to redo."""

    item_id: str
    text: str
    failed: bool


class _TextDialog(QDialog):
    """A prompt, a text box and OK / Cancel; OK waits for text when the text is required."""

    def __init__(self, *, required: bool, parent: QWidget | None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.required = required
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(88)
        self.text.textChanged.connect(self._update)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("primary")
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.prompt)
        self.body.addWidget(self.text)
        self.resize(520, 240)

    def finish_layout(self, title: str, prompt: str, ok_text: str) -> None:
        self.setWindowTitle(title)
        self.prompt.setText(prompt)
        self.ok_button.setText(ok_text)
        self.body.addWidget(self.buttons)
        self._update()

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def ready(self) -> bool:
        return bool(self.reason()) or not self.required

    def _update(self) -> None:
        self.ok_button.setEnabled(self.ready())

    def _ok(self) -> None:
        if self.ready():
            self.deliver()
            self.accept()

    def deliver(self) -> None:
        raise NotImplementedError


class ReasonDialog(_TextDialog):
    """Asks for a required reason: ``given(reason)`` on OK."""

    given = Signal(str)

    def __init__(self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(required=True, parent=parent)
        self.finish_layout(title, prompt, ok_text)

    def deliver(self) -> None:
        self.given.emit(self.reason())


class ReturnDialog(_TextDialog):
    """A required reason and a checklist of the items to redo (failed ones first)."""

    returned = Signal(str, list)  # reason, item ids

    def __init__(self, choices: Sequence[RedoChoice], parent: QWidget | None = None):
        super().__init__(required=True, parent=parent)
        self.items_label = QLabel(self.tr("Items to redo (failed items first):"))
        self.items = QListWidget()
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        ordered = sorted(choices, key=lambda c: not c.failed)  # stable: form order kept
        for choice in ordered:
            mark = self.tr("failed") if choice.failed else ""
            text = f"{choice.item_id}  {choice.text}" + (f"  ({mark})" if mark else "")
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, choice.item_id)
            row.setToolTip(text)
            if choice.failed:
                row.setForeground(QColor(theme.FAIL))
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.items.addItem(row)
        self.body.addWidget(self.items_label)
        self.body.addWidget(self.items, 1)
        self.finish_layout(
            self.tr("Return to the inspector"),
            self.tr(
                "Why is it returned? The inspector sees this reason, and each item named "
                "below gets it as a comment."
            ),
            self.tr("Return"),
        )
        self.resize(640, 520)

    def check(self, item_id: str, on: bool = True) -> None:
        for row in range(self.items.count()):
            item = self.items.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == item_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def listed(self) -> list[str]:
        return [
            self.items.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.items.count())
        ]

    def chosen(self) -> list[str]:
        return [
            self.items.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.items.count())
            if self.items.item(r).checkState() == Qt.CheckState.Checked
        ]

    def deliver(self) -> None:
        self.returned.emit(self.reason(), self.chosen())


class ApproveDialog(_TextDialog):
    """An optional comment and, if the lead chooses, a signature: ``approved(text, png)``."""

    approved = Signal(str, object)  # comment, PNG bytes or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(required=False, parent=parent)
        self.sign = QCheckBox(self.tr("Sign as the lead"))
        self.pad = SignaturePad()
        self.pad.hide()
        self.sign.toggled.connect(self._sign_toggled)
        self.pad.changed.connect(self._update)
        self.body.addWidget(self.sign)
        self.body.addWidget(self.pad, 1)
        self.finish_layout(
            self.tr("Approve the inspection"),
            self.tr("Approving locks this revision. A comment is optional."),
            self.tr("Approve"),
        )

    def _sign_toggled(self, on: bool) -> None:
        self.pad.setVisible(on)
        self.resize(self.width(), 420 if on else 240)
        self._update()

    def ready(self) -> bool:
        return not (self.sign.isChecked() and self.pad.is_empty())

    def deliver(self) -> None:
        png = self.pad.to_png() if self.sign.isChecked() else None
        self.approved.emit(self.reason(), png)
