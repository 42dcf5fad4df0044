"""A choice of installation role (inspector, lead, head office) with what the chosen one may
change."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from bqinspect.domain.lifecycle import Role
from bqinspect.ui.roles import choices, may_change_text, role_name


class RolePicker(QWidget):
    """The combo box and, under it, what the chosen role may change."""

    changed = Signal(object)  # the Role chosen by the user

    def __init__(self, role: Role = Role.INSPECTOR, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox()
        for choice in choices():
            self.combo.addItem("", choice.value)
        self.explanation = QLabel()
        self.explanation.setObjectName("muted")
        self.explanation.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.explanation)
        self.set_role(role)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.retranslate()

    def role(self) -> Role:
        return Role(str(self.combo.currentData()))

    def set_role(self, role: Role) -> None:
        """Show ``role`` as chosen (without telling ``changed``)."""
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(role.value)))
        self.combo.blockSignals(False)
        self._explain()

    def _chosen(self) -> None:
        self._explain()
        self.changed.emit(self.role())

    def _explain(self) -> None:
        self.explanation.setText(may_change_text(self.role()))

    def retranslate(self) -> None:
        for index in range(self.combo.count()):
            self.combo.setItemText(index, role_name(str(self.combo.itemData(index))))
        self._explain()
