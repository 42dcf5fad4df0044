"""The Sync page shell: this device's key fingerprint and keys, the export and import tabs."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QDir, QEvent, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.sync.imports import ImportResult
from bqinspect.sync.keys import export_public, load_identity, pretty_fingerprint, trust_file
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.roles import role_name
from bqinspect.ui.sync import worker
from bqinspect.ui.sync.common import dropped_path, save_file
from bqinspect.ui.sync.conflicts import ConflictsPanel
from bqinspect.ui.sync.export_wizard import ExportWizard
from bqinspect.ui.sync.history_panel import HistoryPanel
from bqinspect.ui.sync.import_panel import ImportPanel
from bqinspect.ui.sync.trust_dialog import TrustDialog
from bqinspect.ui.tasks import Task, make_task, start_task
from bqinspect.ui.widgets.dialogs import pick_file

log = logging.getLogger(__name__)


class SyncPage(QWidget):
    """Export chosen inspections to a package file; import package files (also by drag-and-drop)."""

    STEP_CHOOSE = ExportWizard.STEP_CHOOSE
    STEP_DESTINATION = ExportWizard.STEP_DESTINATION
    STEP_RESULT = ExportWizard.STEP_RESULT

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setAcceptDrops(True)
        self._identity: tuple[str, str] | Refused | None = None  # (name, fingerprint), or why not
        self.identity_task: Task | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.device_label = QLabel()
        self.device_label.setObjectName("muted")
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_key_button = QPushButton()
        self.export_key_button.clicked.connect(self.choose_public_key_destination)
        self.trust_button = QPushButton()
        self.trust_button.clicked.connect(self.choose_device_to_trust)
        top = QHBoxLayout()
        top.addWidget(self.device_label, 1)
        top.addWidget(self.export_key_button)
        top.addWidget(self.trust_button)

        self.export_wizard = ExportWizard(ctx, self.busy)
        self.conflicts = ConflictsPanel(ctx)
        self.import_panel = ImportPanel(ctx, self.busy, self.conflicts)
        self.import_panel.imported.connect(self._imported)
        self.history = HistoryPanel(ctx)
        self._expose_parts()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.export_wizard, "")
        self.tabs.addTab(self.import_panel, "")
        self.tabs.addTab(self.history, "")
        self.tabs.currentChanged.connect(lambda _index: self._refresh_history())

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.reloader = changes.Reloader(ctx, self, (changes.INSPECTION,), self._data_changed)
        self.retranslate()
        self.refresh()
        # the process that imports and exports, started now so the first job does not wait
        start_task(make_task(lambda _progress: worker.start_worker(), parent=self), ctx.pool)

    def _expose_parts(self) -> None:
        """The parts' signals, widgets and actions that the main window and the tests reach here."""
        wizard, panel, conflicts = self.export_wizard, self.import_panel, self.conflicts
        self.export_finished = wizard.export_finished
        self.import_finished = panel.import_finished
        self.export_model = wizard.export_model
        self.steps = wizard.steps
        self.next_button = wizard.next_button
        self.back_button = wizard.back_button
        self.destination = wizard.destination
        self.destination_error = wizard.destination_error
        self.recipients_list = wizard.recipients_list
        self.recipients_note = wizard.recipients_note
        self.chosen_label = wizard.chosen_label
        self.export_summary = wizard.export_summary
        self.add_recipient = wizard.add_recipient
        self.check_where = wizard.check_where
        self.chosen = wizard.chosen
        self.go_to_step = wizard.go_to_step
        self.start_export = wizard.start_export
        self.import_summary = panel.import_summary
        self.outcomes_model = panel.outcomes_model
        self.signer_panel = panel.signer_panel
        self.signer_text = panel.signer_text
        self.accept_once_button = panel.accept_once_button
        self.accept_signer_once = panel.accept_signer_once
        self.conflicts_model = conflicts.conflicts_model
        self.conflicts_table = conflicts.conflicts_table
        self.conflicts_title = conflicts.conflicts_title
        self.conflict_detail = conflicts.conflict_detail
        self.resolve_button = conflicts.resolve_button
        self.selected_conflict = conflicts.selected_conflict
        self.resolve_selected_conflict = conflicts.resolve_selected_conflict

    # data ----------------------------------------------------------------------------------------
    def busy(self) -> bool:
        """Whether an export or an import is running (one at a time)."""
        return self.export_wizard.task is not None or self.import_panel.task is not None

    @property
    def last_import(self) -> ImportResult | None:
        return self.import_panel.last_import

    def refresh(self) -> None:
        """Read again what the page shows, each off the GUI thread but the history."""
        self.export_wizard.refresh()
        self.conflicts.refresh()
        self._refresh_history()
        self._read_identity()

    def _imported(self) -> None:
        """An import ended: what it changed is announced (``data_changed``), which reloads the
        page once; an import that changed nothing has the conflicts and history read here."""
        result = self.import_panel.last_import
        if result is not None and result.changed:
            return
        self.conflicts.refresh()
        self._refresh_history()

    def _refresh_history(self) -> None:
        """The history is read while its tab is shown (and again each time it is shown)."""
        if self.tabs.currentWidget() is self.history:
            self.history.refresh()

    def _data_changed(self, _changed: frozenset[str]) -> None:
        self.refresh()

    def _read_identity(self) -> Task:
        """This device's name and key fingerprint, read off the GUI thread."""
        ws = self.ctx.workspace

        def read(_progress: object) -> tuple[str, str] | Refused:
            try:
                ident = load_identity(ws)
            except Refused as exc:  # shown in the language of the moment, as it changes
                return exc
            return ident.name, pretty_fingerprint(ident.fingerprint)

        task = make_task(read, on_success=self._identity_read, parent=self)
        self.identity_task = task
        start_task(task, self.ctx.pool)
        return task

    def _identity_read(self, identity: tuple[str, str] | Refused) -> None:
        self._identity = identity
        self._update_device_label()

    def _update_device_label(self) -> None:
        if self._identity is None:
            return
        if isinstance(self._identity, Refused):
            self.device_label.setText(str(self._identity))
            return
        name, fingerprint = self._identity
        self.device_label.setText(
            self.tr("This device: %1 · key fingerprint %2")
            .replace("%1", name)
            .replace("%2", fingerprint)
        )

    def import_file(self, path: Path, *, accept_signer: str | None = None) -> Task | None:
        """Check and import a package off the GUI thread; the report appears when done."""
        if self.busy():
            return None
        self.tabs.setCurrentIndex(1)
        return self.import_panel.import_file(path, accept_signer=accept_signer)

    # drag and drop -------------------------------------------------------------------------------
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        return dropped_path(mime.urls())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.busy() and self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None or self.busy():
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)

    # keys --------------------------------------------------------------------------------------
    def choose_public_key_destination(self) -> QFileDialog:
        name = f"{load_identity(self.ctx.workspace).name}.pub"
        return save_file(
            self,
            self.tr("Save this device's public key"),
            str(Path(QDir.homePath()) / name),
            self.tr("Public key files (*.pub);;All files (*)"),
            lambda n: self.save_public_key(Path(n)),
        )

    def save_public_key(self, path: Path) -> None:
        export_public(self.ctx.workspace, path)
        self.ctx.status_message.emit(self.tr("Wrote %1").replace("%1", str(path)))

    def choose_device_to_trust(self) -> QFileDialog:
        def chosen(path: Path) -> None:
            self.ask_role(path)

        return pick_file(
            self,
            self.tr("Trust the device of this public key file"),
            self.tr("Public key files (*.pub *.txt);;All files (*)"),
            chosen,
        )

    def ask_role(self, path: Path) -> TrustDialog:
        """Ask the role of the device of the key file ``path``, then trust it in that role."""
        dialog = TrustDialog(path, self)
        dialog.chosen.connect(lambda role: self.trust_device(path, role))
        self.trust_dialog = dialog
        dialog.open()
        return dialog

    def trust_device(self, path: Path, role: Role = Role.INSPECTOR) -> bool:
        try:
            row = trust_file(self.ctx.workspace, path, role=role)
        except Refused as exc:
            self.ctx.status_message.emit(str(exc))
            self.import_panel.show_error(str(exc))
            return False
        self.ctx.status_message.emit(
            self.tr("Trusted %1 as %2")
            .replace("%1", row.name or str(row.id))
            .replace("%2", role_name(row.role))
        )
        return True

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Sync"))
        self.export_key_button.setText(self.tr("Export my public key…"))
        self.trust_button.setText(self.tr("Trust a device…"))
        self.tabs.setTabText(0, self.tr("Export"))
        self.tabs.setTabText(1, self.tr("Import"))
        self.tabs.setTabText(2, self.tr("History"))
        self.export_wizard.retranslate()
        self.import_panel.retranslate()
        self.conflicts.retranslate()
        self.history.retranslate()
        self._update_device_label()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
