"""Branches page: the branch list, add/edit, and import from CSV/XLSX with row errors shown."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.analytics.branch_status import BranchStatus, branch_status
from bqinspect.base import clock
from bqinspect.base.errors import Problem, Refused
from bqinspect.base.progress import check
from bqinspect.services import branches as branch_svc
from bqinspect.services.branches import Branch
from bqinspect.services.recheck import start_recheck
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.models.branches import BRANCH_ROLE, BranchesModel
from bqinspect.ui.models.table import CONTENTS_ROWS, FitOnce, Prepared
from bqinspect.ui.pages.branch_staff import BranchStaffPanel
from bqinspect.ui.pages.problems_panel import ProblemsPanel, problems_of
from bqinspect.ui.tasks import Progress, Task, keep_long_lived, make_task, start_task
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.progress import TaskProgressDialog
from bqinspect.ui.widgets.tables import record_table
from bqinspect.ui.widgets.theme import FAIL

log = logging.getLogger(__name__)


class BranchDialog(QDialog):
    """Add or edit one branch; the core checks the values and the dialog shows its refusal."""

    saved = Signal(object)  # the stored Branch

    FIELDS = ("code", "name", "region", "sub_branch", "address", "manager", "phone")

    def __init__(
        self, ctx: AppContext, branch: Branch | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.branch_id = branch.id if branch else None
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for name in self.FIELDS:
            edit = QLineEdit(str(getattr(branch, name)) if branch else "")
            edit.setObjectName(name)
            self.edits[name] = edit
            self.labels[name] = QLabel()
            self.labels[name].setBuddy(edit)
            form.addRow(self.labels[name], edit)
        self.edits["code"].setMaxLength(32)
        self.active = QCheckBox()
        self.active.setChecked(branch.active if branch else True)
        form.addRow("", self.active)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {FAIL};")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: e.text() for k, e in self.edits.items()}
        values["active"] = self.active.isChecked()
        return values

    def save(self) -> None:
        try:
            branch = branch_svc.save_branch(self.ctx.workspace, self.values(), self.branch_id)
        except Refused as exc:
            self.error.setText(
                "\n".join(self._describe(p.where, str(p.reason)) for p in exc.problems)
            )
            self.error.show()
            field = exc.problems[0].where.split(" ")[-1]
            if field in self.edits:
                self.edits[field].setFocus()
            return
        self.saved.emit(branch)
        self.accept()

    def _describe(self, where: str, reason: str) -> str:
        field = where.split(" ")[-1]
        name = self.labels[field].text().rstrip(":：") if field in self.labels else where
        return f"{name}: {reason}"

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit branch") if self.branch_id else self.tr("New branch"))
        names = {
            "code": self.tr("Code:"),
            "name": self.tr("Name:"),
            "region": self.tr("Region:"),
            "sub_branch": self.tr("Sub-branch:"),
            "address": self.tr("Address:"),
            "manager": self.tr("Manager:"),
            "phone": self.tr("Phone:"),
        }
        for key, text in names.items():
            self.labels[key].setText(text)
        self.edits["code"].setPlaceholderText(self.tr("the bank's own branch number"))
        self.active.setText(self.tr("Active (offered for new inspections)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class BranchesPage(QWidget):
    """The branch list with search, add/edit and import."""

    import_finished = Signal(bool)  # True when the file was imported
    figures_loaded = Signal()  # each branch's latest figures are in the list

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.figures_task: Task | None = None
        self.loading: Task | None = None  # the branches being read
        self._kept = False  # the first rows moved out of full collections
        self.dialog: QDialog | None = None
        self._refusal: tuple[str, list[Problem]] | None = None
        self._import_note: tuple[str, branch_svc.BranchImportResult] | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton()
        self.import_button = QPushButton()
        self.recheck_button = QPushButton()
        self.recheck_button.clicked.connect(self.start_recheck)
        self.add_button.clicked.connect(self.add_branch)
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button.clicked.connect(self.choose_import_file)

        self.model = BranchesModel(self)  # it sorts and filters itself: one key per row
        self.search.textChanged.connect(self.model.set_text)
        self.table = record_table(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(BranchesModel.CODE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(CONTENTS_ROWS)
        rows = self.table.verticalHeader()  # rows of one height: never measured one by one
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(BranchesModel.NAME, QHeaderView.ResizeMode.Stretch)
        fitted = [c for c in range(BranchesModel.COLUMNS) if c != BranchesModel.NAME]
        self.widths = FitOnce(self.table, fitted)  # to the first rows, then kept
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.staff_panel = BranchStaffPanel(ctx, self)

        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self._problems: ProblemsPanel | None = None  # made when an import is refused

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.recheck_button)
        bar.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.staff_panel, 2)
        layout.addWidget(self.count_label)
        layout.addWidget(self.result_label)
        self._layout = layout

        self.reloader = changes.Reloader(
            ctx, self, (changes.BRANCH, changes.INSPECTION, changes.FINDING), self._data_changed
        )
        self.retranslate()
        self.refresh()

    @property
    def problems(self) -> ProblemsPanel:
        """Why the last import was refused: the panel is made the first time it is needed
        (four tables make a page slow to build and to paint first)."""
        if self._problems is None:
            self._problems = ProblemsPanel(self)
            self._layout.addWidget(self._problems)
        return self._problems

    # data --------------------------------------------------------------------------------------
    def refresh(self, select_code: str | None = None) -> Task:
        """Read the branches off the GUI thread; when they arrive only what changed is applied
        (the selection and scroll position stay), then their figures are read."""
        if self.loading is not None and not self.loading.delivered:
            self.loading.cancel()
        ws, prepare = self.ctx.workspace, self.model.preparer()

        def work(_progress: Progress) -> Prepared[Branch]:
            return prepare(branch_svc.list_branches(ws))  # compared and sorted here

        task = make_task(
            work,
            on_success=lambda prepared: self._loaded(prepared, select_code),
            parent=self,
        )
        task.failed.connect(lambda exc: log.warning("the branches could not be read: %s", exc))
        self.loading = task
        start_task(task, self.ctx.pool)
        return task

    def _loaded(self, prepared: Prepared[Branch], select_code: str | None) -> None:
        self.model.apply_prepared(prepared)  # the selected branch stays selected
        if not self._kept and self.model.total():
            self._kept = True
            keep_long_lived()  # the rows stay: no full collection walks them again
        self.widths.fit()  # now: before the figures are read beside the paint
        if select_code:
            self.select_code(select_code)
        self._update_counts()
        self._update_buttons()
        self.load_figures()

    def load_figures(self) -> Task:
        """Each branch's last score, trend and open findings, read off the GUI thread; a newer
        load supersedes one still running."""
        if self.figures_task is not None:
            self.figures_task.cancel()
        engine = self.ctx.workspace.db.engine
        today = clock.today()

        def work(_progress: Progress) -> list[BranchStatus]:
            with engine.connect() as conn:
                return branch_status(conn, today)

        task = make_task(work, on_success=self._figures_ready, parent=self)
        task.failed.connect(lambda exc: log.warning("branch figures failed: %s", exc))
        self.figures_task = task
        start_task(task, self.ctx.pool)
        return task

    def _figures_ready(self, rows: list[BranchStatus]) -> None:
        self.model.set_status(rows)
        self.figures_loaded.emit()

    def _data_changed(self, changed: frozenset[str]) -> None:
        if changes.BRANCH in changed:
            self.refresh()  # only what changed is applied: the scroll position stays
        else:
            self.load_figures()  # a branch's last score, trend and open findings
        self.staff_panel.show_branch(self.staff_panel.code)

    def select_code(self, code: str) -> None:
        row = self.model.row_of(code)  # -1: none, or filtered out
        if row < 0:
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def selected(self) -> Branch | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        branch = rows[0].data(BRANCH_ROLE)
        return branch if isinstance(branch, Branch) else None

    def _update_counts(self) -> None:
        rows = self.model.all_rows()
        total, active = len(rows), sum(1 for b in rows if b.active)
        self.count_label.setText(
            self.tr("%1 branches, %2 active").replace("%1", str(total)).replace("%2", str(active))
        )

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.recheck_button.setEnabled(chosen is not None)
        code = chosen.code if chosen else None
        if code != self.staff_panel.code:
            self.staff_panel.show_branch(code)

    # add / edit --------------------------------------------------------------------------------
    def add_branch(self) -> BranchDialog:
        return self._open_dialog(None)

    def edit_selected(self) -> BranchDialog | None:
        branch = self.selected()
        return self._open_dialog(branch) if branch else None

    def _open_dialog(self, branch: Branch | None) -> BranchDialog:
        dialog = BranchDialog(self.ctx, branch, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, branch: Branch) -> None:
        self.refresh(select_code=branch.code)
        self.ctx.data_changed.emit(changes.BRANCH)
        self.ctx.status_message.emit(
            self.tr("Saved branch %1 %2").replace("%1", branch.code).replace("%2", branch.name)
        )

    # re-check --------------------------------------------------------------------------------
    def start_recheck(self) -> uuid.UUID | None:
        """Start a re-check visit of the selected branch's open findings and open it."""
        branch = self.selected()
        if branch is None:
            return None
        try:
            insp = start_recheck(self.ctx.workspace, branch.code)
        except Refused:
            self._set_result(
                self.tr("Branch %1 has no open findings: there is nothing to re-check.").replace(
                    "%1", branch.code
                )
            )
            return None
        self._set_result("")
        self.ctx.data_changed.emit(changes.INSPECTION)
        self.ctx.open_inspection.emit(insp.id)
        return insp.id

    # import ------------------------------------------------------------------------------------
    def choose_import_file(self) -> QFileDialog:
        return dialogs.pick_file(
            self,
            self.tr("Import branches"),
            self.tr("Branch lists (*.csv *.xlsx *.xlsm);;All files (*)"),
            self.import_file,
        )

    def import_file(self, path: Path) -> Task:
        """Check the whole file, then import it in one transaction, off the GUI thread."""
        ws = self.ctx.workspace
        if self._problems is not None:
            self._problems.hide()
        self._set_result("")
        self.import_button.setEnabled(False)

        checking = self.tr("Checking %1").replace("%1", path.name)
        importing = self.tr("Importing %1").replace("%1", path.name)

        def work(progress: Progress) -> branch_svc.BranchImportResult:
            progress(0, 2, checking)
            branch_svc.import_branches(ws, path, dry_run=True)
            check(progress)
            progress(1, 2, importing)
            return branch_svc.import_branches(ws, path)

        task = make_task(
            work,
            on_success=lambda result: self._imported(path, result),
            on_error=lambda exc: self._import_failed(path, exc),
            on_cancel=self._import_cancelled,
            parent=self,
        )
        self.task = task
        TaskProgressDialog(task, self.tr("Importing branches"), self)
        start_task(task, self.ctx.pool)
        return task

    def _imported(self, path: Path, result: branch_svc.BranchImportResult) -> None:
        self._refusal = None
        self._import_note = (path.name, result)
        self.import_button.setEnabled(True)
        self._show_import_note()
        self.refresh()
        self.ctx.data_changed.emit(changes.BRANCH)
        self.ctx.status_message.emit(self.result_label.text())
        self.import_finished.emit(True)

    def _show_import_note(self) -> None:
        if self._import_note is None:
            return
        name, result = self._import_note
        self._set_result(
            self.tr("Imported %1: %2 new, %3 updated, %4 unchanged.")
            .replace("%1", name)
            .replace("%2", str(result.created))
            .replace("%3", str(result.updated))
            .replace("%4", str(result.unchanged))
        )

    def _set_result(self, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._import_note = None
        self._refusal = (path.name, problems_of(exc, path.name, doing="branch import"))
        self._show_refusal()
        self.import_finished.emit(False)

    def _show_refusal(self) -> None:
        if self._refusal is None:
            return
        name, problems = self._refusal
        self.problems.model.field_names = {
            "code": self.tr("Code"),
            "name": self.tr("Name"),
            "region": self.tr("Region"),
            "sub_branch": self.tr("Sub-branch"),
            "address": self.tr("Address"),
            "manager": self.tr("Manager"),
            "phone": self.tr("Phone"),
            "active": self.tr("Active"),
        }
        self.problems.show_problems(
            self.tr(
                "%1 was not imported: %n problem(s). Nothing was changed.", "", len(problems)
            ).replace("%1", name),
            problems,
            name,
        )

    def _import_cancelled(self) -> None:
        self.import_button.setEnabled(True)
        self._set_result(self.tr("Import cancelled. Nothing was changed."))
        self.import_finished.emit(False)

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Branches"))
        self.search.setPlaceholderText(self.tr("Search code, name, region, manager…"))
        self.add_button.setText(self.tr("New branch…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.import_button.setText(self.tr("Import CSV/XLSX…"))
        self.recheck_button.setText(self.tr("Re-check open findings"))
        self.recheck_button.setToolTip(
            self.tr(
                "Start a re-check visit (复查) of the selected branch: one item per open "
                "finding; a pass closes the finding once the lead approves the visit."
            )
        )
        self.import_button.setToolTip(
            self.tr(
                "Columns: code, name, region, sub_branch, address, manager, phone, active "
                "(English or Chinese headers). A file with any bad row changes nothing."
            )
        )
        self.model.retranslate()
        self._update_counts()
        self._show_import_note()
        self._show_refusal()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
