"""The export wizard: choose inspections, destination and keys, then progress and summary."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.services import inspections as insp_svc
from bqinspect.sync import crypto
from bqinspect.sync.export import ExportResult
from bqinspect.sync.keys import read_public_file
from bqinspect.sync.package import SUFFIX
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.table import KeyFilterProxy, fix_widths
from bqinspect.ui.sync import worker
from bqinspect.ui.sync.common import save_file, show_progress, summary_label, sync_table
from bqinspect.ui.sync.models import ROW_ROLE, ExportModel
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets.theme import FAIL

log = logging.getLogger(__name__)


class ExportWizard(QWidget):
    """Three steps: choose inspections, where to save and to whom to encrypt, export."""

    export_finished = Signal(object)  # ExportResult, or the exception
    STEP_CHOOSE, STEP_DESTINATION, STEP_RESULT = range(3)

    def __init__(
        self, ctx: AppContext, busy: Callable[[], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = busy
        self.task: Task | None = None
        self.loading: Task | None = None  # the list being read, off the GUI thread
        self._widths_fixed = False
        self.recipient_files: list[Path] = []
        self.last_export: ExportResult | None = None
        self._export_error = ""
        self.steps = QStackedWidget()
        self.step_label = QLabel()
        self.step_label.setObjectName("muted")
        for w in (self._build_choose(), self._build_destination(), self._build_result()):
            self.steps.addWidget(w)
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.back_button.clicked.connect(lambda: self.go_to_step(self.steps.currentIndex() - 1))
        self.next_button.clicked.connect(self._next)
        nav = QHBoxLayout()
        nav.addWidget(self.step_label, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        box = QVBoxLayout(self)
        box.addWidget(self.steps, 1)
        box.addLayout(nav)

    # building ----------------------------------------------------------------------------------
    def _build_choose(self) -> QWidget:
        choose = QWidget()
        self.export_model = ExportModel(self)
        self.export_proxy = KeyFilterProxy(self)  # sorting is the model's: one key per row
        self.export_proxy.setSourceModel(self.export_model)
        self.export_table = sync_table(self.export_proxy, ExportModel.BRANCH)
        self.export_table.setSortingEnabled(True)
        self.export_table.sortByColumn(ExportModel.DATE, Qt.SortOrder.DescendingOrder)
        self.export_table.clicked.connect(self._toggle_row)
        self.export_table.installEventFilter(self)  # its widths are fitted when first shown
        self.export_search = QLineEdit()
        self.export_search.setClearButtonEnabled(True)
        self.export_search.textChanged.connect(self.export_proxy.set_text)
        self.select_all_button = QPushButton()
        self.select_none_button = QPushButton()
        self.select_new_button = QPushButton()
        self.select_all_button.clicked.connect(lambda: self.check_where(lambda r: True))
        self.select_none_button.clicked.connect(lambda: self.check_where(lambda r: False))
        self.select_new_button.clicked.connect(
            lambda: self.check_where(lambda r: r.exported_at is None)
        )
        self.inspector_choice = QComboBox()
        self.inspector_choice.setMinimumContentsLength(8)
        self.select_inspector_button = QPushButton()
        self.select_inspector_button.clicked.connect(self.select_inspectors_records)
        self.chosen_label = QLabel()
        self.export_model.dataChanged.connect(lambda *_: self._update_export_buttons())
        self.export_model.modelReset.connect(self._update_export_buttons)
        bar = QHBoxLayout()
        bar.addWidget(self.export_search, 1)
        bar.addWidget(self.select_all_button)
        bar.addWidget(self.select_new_button)
        bar.addWidget(self.select_none_button)
        bar.addSpacing(12)
        bar.addWidget(self.inspector_choice)
        bar.addWidget(self.select_inspector_button)
        box = QVBoxLayout(choose)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.export_table, 1)
        box.addWidget(self.chosen_label)
        return choose

    def _build_destination(self) -> QWidget:
        where = QWidget()
        self.destination_label = QLabel()
        self.destination = QLineEdit()
        self.destination.textChanged.connect(lambda _t: self._update_export_buttons())
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.choose_destination)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.destination, 1)
        dest_row.addWidget(self.browse_button)
        self.recipients_label = QLabel()
        self.recipients_list = QListWidget()
        self.add_recipient_button = QPushButton()
        self.add_recipient_button.clicked.connect(self.choose_recipient_file)
        self.remove_recipient_button = QPushButton()
        self.remove_recipient_button.clicked.connect(self.remove_selected_recipient)
        self.recipients_note = QLabel()
        self.recipients_note.setWordWrap(True)
        self.recipients_note.setObjectName("muted")
        self.destination_error = QLabel()
        self.destination_error.setWordWrap(True)
        self.destination_error.setStyleSheet(f"color: {FAIL};")
        rec_buttons = QHBoxLayout()
        rec_buttons.addWidget(self.add_recipient_button)
        rec_buttons.addWidget(self.remove_recipient_button)
        rec_buttons.addStretch(1)
        box = QVBoxLayout(where)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.destination_label)
        box.addLayout(dest_row)
        box.addSpacing(12)
        box.addWidget(self.recipients_label)
        box.addWidget(self.recipients_list, 1)
        box.addLayout(rec_buttons)
        box.addWidget(self.recipients_note)
        box.addWidget(self.destination_error)
        return where

    def _build_result(self) -> QWidget:
        result = QWidget()
        self.export_progress = QProgressBar()
        self.export_progress_label = QLabel()
        self.export_cancel_button = QPushButton()
        self.export_cancel_button.clicked.connect(self.cancel_task)
        self.export_summary = summary_label()
        self.export_again_button = QPushButton()
        self.export_again_button.clicked.connect(lambda: self.go_to_step(self.STEP_CHOOSE))
        prog = QHBoxLayout()
        prog.addWidget(self.export_progress, 1)
        prog.addWidget(self.export_cancel_button)
        box = QVBoxLayout(result)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.export_progress_label)
        box.addLayout(prog)
        box.addWidget(self.export_summary)
        box.addWidget(self.export_again_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        return result

    # choosing ----------------------------------------------------------------------------------
    def refresh(self) -> Task:
        """Read the list off the GUI thread (a newer read supersedes one still running); when
        it arrives only what changed is applied: checks, selection and scroll stay."""
        if self.loading is not None and not self.loading.delivered:
            self.loading.cancel()
        ws = self.ctx.workspace
        task = make_task(
            lambda _progress: worker.list_inspections(ws),  # made off the window's lock
            on_success=self._loaded,
            on_error=lambda exc: log.warning("the export list could not be read: %s", exc),
            parent=self,
        )
        self.loading = task
        start_task(task, self.ctx.pool)
        return task

    def _loaded(self, rows: list[insp_svc.InspectionRow]) -> None:
        self.export_model.update_rows(rows)
        self._fix_widths()
        current = self.inspector_choice.currentText()
        names = sorted({name for r in rows for name in r.inspectors if name})
        self.inspector_choice.clear()
        self.inspector_choice.addItems(names)
        if current in names:
            self.inspector_choice.setCurrentText(current)
        self.select_inspector_button.setEnabled(bool(names))
        self._update_export_buttons()

    def _fix_widths(self) -> None:
        """Fit the columns to the first rows, once, and only while the list is on screen: rows
        that arrive while another tab is in front (the first import into an empty office)
        are measured when the list is first shown, not during the import's finish."""
        if self._widths_fixed or not self.export_model.rowCount():
            return
        if not self.export_table.isVisible():
            return
        fix_widths(self.export_table)  # from the first rows, not measured on each change
        self._widths_fixed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.export_table and event.type() == QEvent.Type.Show:
            self._fix_widths()
        return False

    def select_inspectors_records(self) -> None:
        """Check exactly one inspector's records: a return package for that inspector."""
        name = self.inspector_choice.currentText()
        if name:
            self.check_where(lambda r: name in r.inspectors)

    def _toggle_row(self, index: QModelIndex) -> None:
        if index.column() == ExportModel.CHECK:
            return  # the check box handles itself
        source = self.export_proxy.mapToSource(index)
        check = source.siblingAtColumn(ExportModel.CHECK)
        checked = bool(self.export_model.data(check, Qt.ItemDataRole.UserRole))
        self.export_model.setData(
            check,
            Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked,
            Qt.ItemDataRole.CheckStateRole,
        )

    def check_where(self, wanted: Any) -> None:
        self.export_model.set_checked({r.id for r in self.export_model.rows() if wanted(r)})

    def chosen(self) -> list[uuid.UUID]:
        return self.export_model.chosen()

    def go_to_step(self, step: int) -> None:
        step = max(self.STEP_CHOOSE, min(self.STEP_RESULT, step))
        if step == self.STEP_DESTINATION and not self.destination.text():
            self.destination.setText(str(self._default_destination()))
        self.steps.setCurrentIndex(step)
        self._update_export_buttons()
        self._retranslate_steps()

    def _next(self) -> None:
        step = self.steps.currentIndex()
        if step == self.STEP_CHOOSE:
            self.go_to_step(self.STEP_DESTINATION)
        elif step == self.STEP_DESTINATION:
            self.start_export()

    def _default_destination(self) -> Path:
        stamp = clock.local_now().strftime("%Y%m%d-%H%M")
        folder = Path(QDir.homePath())
        return folder / f"bqinspect-{stamp}{SUFFIX}"

    def _update_export_buttons(self) -> None:
        step = self.steps.currentIndex()
        running = self._busy()
        count = len(self.chosen())
        self.back_button.setVisible(step == self.STEP_DESTINATION)
        self.next_button.setVisible(step != self.STEP_RESULT)
        if step == self.STEP_CHOOSE:
            self.next_button.setEnabled(count > 0 and not running)
        elif step == self.STEP_DESTINATION:
            self.next_button.setEnabled(bool(self.destination.text().strip()) and not running)
        self.remove_recipient_button.setEnabled(self.recipients_list.currentRow() >= 0)
        self._retranslate_counts()

    # destination and keys ----------------------------------------------------------------------
    def choose_destination(self) -> QFileDialog:
        dialog = save_file(
            self,
            self.tr("Save package as"),
            self.destination.text() or str(self._default_destination()),
            self.tr("bqinspect packages (*%1);;All files (*)").replace("%1", SUFFIX),
            self.destination.setText,
        )
        dialog.setDefaultSuffix(SUFFIX.lstrip("."))
        return dialog

    def choose_recipient_file(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            self.tr("Encrypt to whose key?"),
            "",
            self.tr("Public key files (*.pub *.txt);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda names: [self.add_recipient(Path(n)) for n in names])
        dialog.open()
        return dialog

    def add_recipient(self, path: Path) -> bool:
        """Add a public key file to encrypt to; a bad file is refused with its reason."""
        try:
            keys = crypto.read_recipients(path)
            info = read_public_file(path)
        except Refused as exc:
            self.destination_error.setText(
                self.tr("%1 is not a public key file: %2")
                .replace("%1", path.name)
                .replace("%2", "; ".join(str(p.reason) for p in exc.problems))
            )
            return False
        self.destination_error.clear()
        if path in self.recipient_files:
            return True
        self.recipient_files.append(path)
        who = info.name or path.name
        item = QListWidgetItem(f"{who} — {len(keys)} " + self.tr("key(s)") + f" · {keys[0]!s}"[:90])
        item.setData(ROW_ROLE, str(path))
        item.setToolTip(str(path))
        self.recipients_list.addItem(item)
        self.recipients_list.setCurrentRow(self.recipients_list.count() - 1)
        self._update_export_buttons()
        self._retranslate_recipients_note()
        return True

    def remove_selected_recipient(self) -> None:
        row = self.recipients_list.currentRow()
        if row < 0:
            return
        self.recipients_list.takeItem(row)
        del self.recipient_files[row]
        self._update_export_buttons()
        self._retranslate_recipients_note()

    # running -----------------------------------------------------------------------------------
    def start_export(self) -> Task | None:
        ids = self.chosen()
        dest = Path(self.destination.text().strip()).expanduser()
        try:
            recipients = [r for f in self.recipient_files for r in crypto.read_recipients(f)]
        except Refused as exc:
            self.destination_error.setText(str(exc))
            return None
        if not ids:
            return None
        self.destination_error.clear()
        ws = self.ctx.workspace
        self._export_error = ""
        self.last_export = None
        self.go_to_step(self.STEP_RESULT)
        self._set_export_running(True)

        keys = [str(r) for r in recipients]

        def work(progress: Progress) -> ExportResult:  # redacted when it leaves the office
            return worker.export_package(ws, dest, ids, recipients=keys, progress=progress)

        task = make_task(
            work,
            on_success=self._exported,
            on_error=self._export_failed,
            on_progress=lambda d, t, text: show_progress(self.export_progress, d, t),
            on_cancel=self._export_cancelled,
            parent=self,
            result_stands=True,  # a cancel after the last check: it was written
        )
        self.task = task
        start_task(task, self.ctx.pool)
        return task

    def _set_export_running(self, running: bool) -> None:
        self.export_progress.setVisible(running)
        self.export_cancel_button.setVisible(running)
        self.export_progress_label.setVisible(running)
        self.export_again_button.setVisible(not running)
        if running:
            self.export_progress.setRange(0, 0)
            self.export_summary.clear()
        self._update_export_buttons()

    def _exported(self, result: ExportResult) -> None:
        self.task = None
        self.last_export = result
        self._set_export_running(False)
        self._show_export_summary()
        # exported_at: the pages showing inspections reload (this list too, through the page)
        self.ctx.data_changed.emit(changes.INSPECTION)
        self.ctx.status_message.emit(self.export_summary.text())
        self.export_finished.emit(result)

    def _export_failed(self, exc: BaseException) -> None:
        self.task = None
        if not isinstance(exc, Refused):
            log.error("export failed", exc_info=exc)
        self._export_error = str(exc) or type(exc).__name__
        self._set_export_running(False)
        self._show_export_summary()
        self.export_finished.emit(exc)

    def _export_cancelled(self) -> None:
        self.task = None
        self._export_error = ""
        self._set_export_running(False)
        self.export_summary.setText(self.tr("Export cancelled. No file was written."))
        self.export_finished.emit(None)

    def _show_export_summary(self) -> None:
        if self._export_error:
            self.export_summary.setText(
                self.tr("Nothing was exported: %1").replace("%1", self._export_error)
            )
            self.export_summary.setStyleSheet(f"color: {FAIL};")
            return
        r = self.last_export
        if r is None:
            return
        self.export_summary.setStyleSheet("")
        enc = (
            self.tr("encrypted to %n key(s)", "", r.encrypted_to)
            if r.encrypted_to
            else self.tr("signed, not encrypted")
        )
        lines = [
            self.tr(
                "Exported %1 inspection(s) with %2 photo(s), %3 form version(s), %4 branch(es)."
            )
            .replace("%1", str(r.inspections))
            .replace("%2", str(r.photos))
            .replace("%3", str(r.forms))
            .replace("%4", str(r.branches)),
            self.tr("File: %1").replace("%1", str(r.path)),
            self.tr("Size: %1 KiB, %2.").replace("%1", f"{r.size / 1024:.0f}").replace("%2", enc),
            self.tr("Package id: %1").replace("%1", str(r.package_id)),
            self.tr("The list marks these inspections as exported."),
        ]
        self.export_summary.setText("\n".join(lines))
        self.export_summary.setToolTip(str(r.path))

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.export_search.setPlaceholderText(self.tr("Search branch, date, status…"))
        self.select_all_button.setText(self.tr("All"))
        self.select_new_button.setText(self.tr("Not yet exported"))
        self.select_none_button.setText(self.tr("None"))
        self.select_inspector_button.setText(self.tr("Only this inspector's"))
        self.select_inspector_button.setToolTip(
            self.tr("A return package: the chosen inspector's records with your review")
        )
        self.destination_label.setText(self.tr("Save the package as:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.recipients_label.setText(self.tr("Encrypt to (public key files of head office):"))
        self.add_recipient_button.setText(self.tr("Add key file…"))
        self.remove_recipient_button.setText(self.tr("Remove"))
        self.export_cancel_button.setText(self.tr("Cancel"))
        self.export_again_button.setText(self.tr("Export more…"))
        self.export_progress_label.setText(self.tr("Writing the package…"))
        self.back_button.setText(self.tr("< Back"))
        self.export_model.retranslate()
        self._retranslate_steps()
        self._retranslate_counts()
        self._retranslate_recipients_note()
        self._show_export_summary()

    def _retranslate_steps(self) -> None:
        step = self.steps.currentIndex()
        texts = [
            self.tr("Step 1 of 3: choose the inspections"),
            self.tr("Step 2 of 3: where to save, and who may open it"),
            self.tr("Step 3 of 3: export"),
        ]
        self.step_label.setText(texts[step])
        self.next_button.setText(
            self.tr("Export") if step == self.STEP_DESTINATION else self.tr("Next >")
        )

    def _retranslate_counts(self) -> None:
        total = self.export_model.rowCount()
        chosen = len(self.chosen())
        never = sum(1 for r in self.export_model.rows() if r.exported_at is None)
        self.chosen_label.setText(
            self.tr("%1 of %2 chosen · %3 never exported")
            .replace("%1", str(chosen))
            .replace("%2", str(total))
            .replace("%3", str(never))
        )

    def _retranslate_recipients_note(self) -> None:
        if self.recipient_files:
            self.recipients_note.setText(
                self.tr(
                    "The package will be encrypted (age format): only the holders of these keys "
                    "can open it."
                )
            )
        else:
            self.recipients_note.setText(
                self.tr(
                    "No key chosen: the package is signed but not encrypted. Anyone with the "
                    "file can read it."
                )
            )
