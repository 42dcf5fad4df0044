"""Importing a package: choose or drop a file, progress, the report and accepting a signer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Refused
from bqinspect.domain.messages import render
from bqinspect.sync.imports import ImportResult, SignerRefused
from bqinspect.sync.keys import pretty_fingerprint
from bqinspect.sync.package import SUFFIX
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync import worker
from bqinspect.ui.sync.common import show_progress, summary_label, sync_table
from bqinspect.ui.sync.models import OutcomesModel
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets.dialogs import pick_file
from bqinspect.ui.widgets.theme import FAIL

log = logging.getLogger(__name__)


class ImportPanel(QWidget):
    """Checks and imports a package on a worker process (``worker``: the window never
    waits for the job's interpreter lock) and reports record by record.

    ``lower`` (the conflicts) shares a splitter with the report table.
    """

    import_finished = Signal(object)  # ImportResult, or the exception
    imported = Signal()  # a package was imported: the lists need refreshing

    def __init__(
        self,
        ctx: AppContext,
        busy: Callable[[], bool],
        lower: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = busy
        self.task: Task | None = None
        self.last_import: ImportResult | None = None
        self.pending_signer: tuple[Path, SignerRefused] | None = None
        self._failure: tuple[Path, BaseException] | None = None  # shown in the language chosen

        self.drop_zone = QFrame()
        self.drop_zone.setObjectName("emptyState")
        self.drop_label = QLabel()
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setWordWrap(True)
        self.choose_file_button = QPushButton()
        self.choose_file_button.setObjectName("primary")
        self.choose_file_button.clicked.connect(self.choose_import_file)
        zone = QVBoxLayout(self.drop_zone)
        zone.addWidget(self.drop_label)
        zone.addWidget(self.choose_file_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.import_progress = QProgressBar()
        self.import_progress_label = QLabel()
        self.import_cancel_button = QPushButton()
        self.import_cancel_button.clicked.connect(self.cancel_task)
        prog = QHBoxLayout()
        prog.addWidget(self.import_progress, 1)
        prog.addWidget(self.import_cancel_button)

        self.import_summary = summary_label()
        self.signer_panel = QFrame()
        self.signer_panel.setObjectName("findingPanel")
        self.signer_text = QLabel()
        self.signer_text.setWordWrap(True)
        self.accept_once_button = QPushButton()
        self.accept_once_button.clicked.connect(self.accept_signer_once)
        signer_box = QHBoxLayout(self.signer_panel)
        signer_box.addWidget(self.signer_text, 1)
        signer_box.addWidget(self.accept_once_button, 0, Qt.AlignmentFlag.AlignTop)

        self.outcomes_model = OutcomesModel(self)
        self.outcomes_table = sync_table(self.outcomes_model, OutcomesModel.REASON)
        self.outcomes_table.setWordWrap(True)

        box = QVBoxLayout(self)
        box.addWidget(self.drop_zone)
        box.addWidget(self.import_progress_label)
        box.addLayout(prog)
        box.addWidget(self.signer_panel)
        box.addWidget(self.import_summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.outcomes_table)
        split.addWidget(lower)
        box.addWidget(split, 1)
        self._set_import_running(False)
        self.signer_panel.hide()

    # importing ---------------------------------------------------------------------------------
    def choose_import_file(self) -> QFileDialog:
        def chosen(path: Path) -> None:
            self.import_file(path)

        return pick_file(
            self,
            self.tr("Import a package"),
            self.tr("bqinspect packages (*%1 *.zip *.age);;All files (*)").replace("%1", SUFFIX),
            chosen,
        )

    def import_file(self, path: Path, *, accept_signer: str | None = None) -> Task | None:
        """Check and import a package on a worker process; the report appears when done."""
        if self._busy():
            return None
        ws = self.ctx.workspace
        self.pending_signer = None
        self.signer_panel.hide()
        self._failure = None
        self.last_import = None
        self.outcomes_model.set_outcomes([])
        self._set_import_running(True)
        self.import_summary.setStyleSheet("")
        self.import_summary.setText(self.tr("Checking %1…").replace("%1", path.name))

        def work(progress: Progress) -> ImportResult:
            return worker.import_package(ws, path, accept_signer=accept_signer, progress=progress)

        task = make_task(
            work,
            on_success=self._imported,
            on_error=lambda exc: self._import_failed(path, exc),
            on_progress=self._import_progressed,
            on_cancel=self._import_cancelled,
            parent=self,
            result_stands=True,  # a cancel after the last check: it was written
        )
        self.task = task
        start_task(task, self.ctx.pool)
        return task

    def _import_progressed(self, done: int, total: int, text: str) -> None:
        show_progress(self.import_progress, done, total)
        names = {
            "decrypting": self.tr("Decrypting"),
            "checking": self.tr("Checking every file against the signed manifest"),
            "checking records": self.tr("Checking every record"),
            "importing": self.tr("Importing"),
        }
        self.import_progress_label.setText(names.get(text, text))

    def _set_import_running(self, running: bool) -> None:
        self.import_progress.setVisible(running)
        self.import_progress_label.setVisible(running)
        self.import_cancel_button.setVisible(running)
        self.choose_file_button.setEnabled(not running)
        if running:
            self.import_progress.setRange(0, 0)

    def _imported(self, result: ImportResult) -> None:
        self.task = None
        self.last_import = result
        self._set_import_running(False)
        self.outcomes_model.set_outcomes(result.outcomes)
        self._show_import_summary()
        self.imported.emit()
        if result.changed:
            self.ctx.data_changed.emit(changes.ALL)
        self.ctx.status_message.emit(self.import_summary.text())
        self.import_finished.emit(result)

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self.task = None
        self._set_import_running(False)
        if not isinstance(exc, Refused):
            log.error("import failed", exc_info=exc)
        self._failure = (path, exc)
        if isinstance(exc, SignerRefused):
            self.pending_signer = (path, exc)
            self._failure = None  # the signer panel says what and why
            self._show_signer_panel()
        self._show_import_summary()
        self.import_finished.emit(exc)

    def _import_cancelled(self) -> None:
        self.task = None
        self._set_import_running(False)
        self.import_summary.setText(self.tr("Import cancelled. Nothing was changed."))
        self.import_finished.emit(None)

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def show_error(self, text: str) -> None:
        """Show a refusal (e.g. of a key file) where the import summary goes."""
        self.import_summary.setStyleSheet(f"color: {FAIL};")
        self.import_summary.setText(text)

    def _show_refused(self, why: str) -> None:
        self.show_error(
            self.tr("The package was refused and nothing was changed.\n%1").replace("%1", why)
        )

    def _show_import_summary(self) -> None:
        if self._failure is not None:
            path, exc = self._failure
            self._show_refused(f"{path.name}: {exc}" if str(exc) else type(exc).__name__)
            return
        r = self.last_import
        if r is None:
            if self.pending_signer is not None:  # not refused: the user has not chosen yet
                path, _exc = self.pending_signer
                self.import_summary.setStyleSheet("")
                self.import_summary.setText(
                    self.tr(
                        "%1 is not imported yet and nothing was changed: choose below whether "
                        "to import it once."
                    ).replace("%1", path.name)
                )
            else:
                self.import_summary.setText("")
            return
        self.import_summary.setStyleSheet("")
        c = r.counts()
        counts = (
            self.tr("%1 new, %2 updated, %3 unchanged, %4 conflicts, %5 refused")
            .replace("%1", str(c["new"]))
            .replace("%2", str(c["updated"]))
            .replace("%3", str(c["unchanged"]))
            .replace("%4", str(c["conflict"]))
            .replace("%5", str(c["refused"]))
        )
        source = (
            self.tr("from %1 (%2), signed %3")
            .replace("%1", r.source_device or "?")
            .replace("%2", pretty_fingerprint(r.source_fingerprint)[:19] + "…")
            .replace("%3", f"{r.created_at.astimezone():%Y-%m-%d %H:%M}")
        )
        if not r.changed and r.previously_imported_at is not None:
            head = self.tr("Already imported on %1: nothing changed.").replace(
                "%1", f"{r.previously_imported_at.astimezone():%Y-%m-%d %H:%M}"
            )
        elif not r.changed:
            head = self.tr("Nothing new in this package: nothing changed.")
        else:
            head = self.tr("Imported %1.").replace("%1", r.path.name)
        extra = []
        if r.forms_new:
            extra.append(self.tr("%n new form version(s)", "", r.forms_new))
        if r.blobs_new:
            extra.append(self.tr("%n new photo(s)", "", r.blobs_new))
        if r.encrypted:
            extra.append(self.tr("was encrypted"))
        if r.accepted_once:
            extra.append(self.tr("signer accepted once (recorded in the audit trail)"))
        lines = [head, self.tr("Inspections: %1.").replace("%1", counts), source]
        if extra:
            lines.append(", ".join(extra))
        lines += [render(w) for w in r.warnings]
        self.import_summary.setText("\n".join(lines))

    # the signer --------------------------------------------------------------------------------
    def _show_signer_panel(self) -> None:
        if self.pending_signer is None:
            self.signer_panel.hide()
            return
        _path, exc = self.pending_signer
        state = self.tr("revoked") if exc.status.value == "revoked" else self.tr("not trusted")
        self.signer_text.setText(
            self.tr(
                "This package is signed by %1, a device %2 here (key fingerprint %3). Import it "
                "only if you know where it comes from. To trust this device for good, use "
                "“Trust a device…” with its public key file."
            )
            .replace("%1", exc.device_name or "?")
            .replace("%2", state)
            .replace("%3", pretty_fingerprint(exc.fingerprint))
        )
        self.signer_panel.show()

    def accept_signer_once(self) -> Task | None:
        if self.pending_signer is None:
            return None
        path, exc = self.pending_signer
        return self.import_file(path, accept_signer=exc.fingerprint)

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.drop_label.setText(
            self.tr(
                "Drop a package file here, or choose one. It is checked in full (signature, "
                "every file's hash, every record) before anything is changed."
            )
        )
        self.choose_file_button.setText(self.tr("Choose package…"))
        self.import_cancel_button.setText(self.tr("Cancel"))
        self.accept_once_button.setText(self.tr("Import this package once"))
        self.outcomes_model.retranslate()
        self._show_import_summary()
        self._show_signer_panel()
