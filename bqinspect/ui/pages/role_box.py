"""The Settings group of this installation's role: what it may change here and on import."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from bqinspect.domain.lifecycle import Role
from bqinspect.ui.context import AppContext
from bqinspect.ui.widgets.role_picker import RolePicker

log = logging.getLogger(__name__)


class RoleBox(QGroupBox):
    """Stores the chosen role at once (``Workspace.set_role``)."""

    saved = Signal(object)  # the Role stored

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.picker = RolePicker(ctx.workspace.role())
        self.picker.changed.connect(self._chosen)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.label, self.picker)
        form.addRow(self.note)
        self.retranslate()

    def _chosen(self, role: Role) -> None:
        if role is self.ctx.workspace.role():
            return
        self.ctx.workspace.set_role(role)
        log.info("this installation's role is now %s", role.value)
        self.saved.emit(role)
        self.ctx.data_changed.emit("settings")

    def retranslate(self) -> None:
        self.setTitle(self.tr("This installation's role"))
        self.label.setText(self.tr("Role:"))
        self.note.setText(
            self.tr(
                "Actions are offered by this role, and what it may change is checked here and "
                "on every import. Each device you trust is given its own role on the Sync page."
            )
        )
        self.picker.retranslate()
