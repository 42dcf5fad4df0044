"""Where the audit view opens from: the Inspections list's menu and the finding detail."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from bqinspect.ui.context import AppContext

if TYPE_CHECKING:
    from bqinspect.ui.audit.dialog import AuditDialog

# The dialogs (and the spreadsheet export behind them) are imported when first opened.


def _open_audit(ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget) -> None:
    from bqinspect.ui.audit.dialog import open_audit_dialog

    open_audit_dialog(ctx, inspection_id, parent)


def _open_revisions(ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget) -> None:
    from bqinspect.ui.audit.revisions_dialog import open_revisions_dialog

    open_revisions_dialog(ctx, inspection_id, parent)


def add_record_actions(
    menu: QMenu, ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget
) -> None:
    """Add "Audit trail…" and "Revisions…" of the inspection to ``menu``."""
    menu.addAction(QCoreApplication.translate("AuditEntry", "Audit trail…")).triggered.connect(
        lambda _=False: _open_audit(ctx, inspection_id, parent)
    )
    menu.addAction(QCoreApplication.translate("AuditEntry", "Revisions…")).triggered.connect(
        lambda _=False: _open_revisions(ctx, inspection_id, parent)
    )


class FindingAuditButton(QPushButton):
    """Opens the audit trail of the finding ``current()`` names (disabled when none)."""

    def __init__(
        self,
        ctx: AppContext,
        current: Callable[[], uuid.UUID | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.current = current
        self.dialog: AuditDialog | None = None
        self.clicked.connect(self.open_audit)
        self.retranslate()

    def open_audit(self) -> AuditDialog | None:
        finding_id = self.current()
        if finding_id is None:
            return None
        from bqinspect.ui.audit.dialog import open_finding_audit

        self.dialog = open_finding_audit(self.ctx, finding_id, self.window())
        return self.dialog

    def retranslate(self) -> None:
        self.setText(QCoreApplication.translate("AuditEntry", "Audit trail…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
