"""Trusting a device: which role its packages are given (inspector, lead or head office)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from bqinspect.domain.lifecycle import Role
from bqinspect.ui.widgets.role_picker import RolePicker


class TrustDialog(QDialog):
    """Asks the role of the device whose public key file is ``path``; ``chosen`` on OK."""

    chosen = Signal(object)  # the Role

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.picker = RolePicker(Role.INSPECTOR)
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.picker)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.retranslate()

    def accept(self) -> None:
        self.chosen.emit(self.picker.role())
        super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Trust a device"))
        self.question.setText(
            self.tr("Which role does the device of %1 have?").replace("%1", self.path.name)
        )
        self.note.setText(
            self.tr(
                "Its packages may change here only what this role owns; anything else they "
                "carry changed is refused, with the reason."
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(self.tr("Trust"))
        self.picker.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
