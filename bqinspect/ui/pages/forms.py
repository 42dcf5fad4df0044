"""Forms page: installed forms and versions, a read-only preview, import of YAML/XLSX forms."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Problem
from bqinspect.domain.formio import form_sha256
from bqinspect.services import catalog
from bqinspect.services.catalog import FormVersion
from bqinspect.store.workspace import Workspace
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.i18n import content_language
from bqinspect.ui.models.forms import (
    VERSION_ROLE,
    FormVersionRow,
    FormVersionsModel,
    preview_model,
    summary_html,
)
from bqinspect.ui.pages.problems_panel import ProblemsPanel, problems_of
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.progress import TaskProgressDialog
from bqinspect.ui.widgets.tables import record_table

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Installed:
    """What an import did: the stored version, and whether it was there already."""

    version: FormVersion
    already: bool


def install_file(ws: Workspace, path: Path) -> Installed:
    """Load, validate and install one form file (runs off the GUI thread)."""
    form = catalog.load_form_file(path)
    digest = form_sha256(form)
    already = any(fv.sha256 == digest for fv in ws.form_versions())
    return Installed(catalog.install_form(ws, form), already)


class FormsPage(QWidget):
    """Left: form versions; right: the selected version's summary and section/item tree."""

    import_finished = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self._refusal: tuple[str, list[Problem]] | None = None
        self._note: tuple[str, Installed] | None = None
        self._shown: uuid.UUID | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.import_button = QPushButton()
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(self.choose_import_file)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()

        self.model = FormVersionsModel(self)
        self.table = record_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FormVersionsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeView()
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.empty = QLabel()
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.summary)
        preview_layout.addWidget(self.tree, 1)
        preview_layout.addWidget(self.empty, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(preview)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)

        self.problems = ProblemsPanel(self)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.result_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.splitter, 4)

        self.reloader = changes.Reloader(ctx, self, (changes.FORM,), self._data_changed)
        ctx.language_changed.connect(lambda _lang: self._relabel_content())
        self.retranslate()
        self.refresh()

    # data --------------------------------------------------------------------------------------
    def refresh(self, select: uuid.UUID | None = None) -> None:
        ws = self.ctx.workspace
        keep = select or self._shown
        versions = ws.form_versions()
        newest: dict[str, FormVersion] = {}
        for fv in versions:
            if fv.form_id not in newest or fv.created_at > newest[fv.form_id].created_at:
                newest[fv.form_id] = fv
        rows = []
        for fv in sorted(versions, key=lambda v: (v.kind, v.form_id, v.created_at)):
            try:
                form = ws.form(fv.id)
                items = form.items()
                rows.append(
                    FormVersionRow(
                        fv, len(form.sections), len(items), sum(i.points for i in items), False
                    )
                )
            except Exception:  # a stored definition this version cannot read: still listed
                log.exception("cannot read stored form %s@%s", fv.form_id, fv.version)
                rows.append(FormVersionRow(fv, 0, 0, 0.0, False))
        rows = [
            FormVersionRow(
                r.version, r.sections, r.items, r.points, newest[r.version.form_id] is r.version
            )
            for r in rows
        ]
        self.model.lang = content_language(self.ctx.language)
        self.model.set_rows(rows)
        self._fit_list()
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._show_selected()

    def _fit_list(self) -> None:
        """Give the version list room for its rows (up to eight), the preview the rest."""
        rows = min(max(self.model.rowCount(), 1), 8)
        wanted = (
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        total = sum(self.splitter.sizes()) or 600
        self.splitter.setSizes([wanted, max(total - wanted, 200)])

    def _data_changed(self, _changed: frozenset[str]) -> None:
        with changes.kept_scroll(self.table):
            self.refresh()

    def selected(self) -> FormVersionRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].data(VERSION_ROLE)
        return row if isinstance(row, FormVersionRow) else None

    def _show_selected(self) -> None:
        row = self.selected()
        has = row is not None
        self.tree.setVisible(has)
        self.summary.setVisible(has)
        self.empty.setVisible(not has)
        if row is None:
            self._shown = None
            self.tree.setModel(None)
            return
        fv = row.version
        self._shown = fv.id
        lang = self.ctx.language
        try:
            form = self.ctx.workspace.form(fv.id)
        except Exception as exc:
            log.exception("cannot read stored form %s", fv.id)
            self.summary.setText(
                self.tr("This form version cannot be read: %1").replace("%1", str(exc))
            )
            self.tree.setModel(None)
            return
        old = self.tree.model()
        self.tree.setModel(preview_model(form, lang, self.tree))
        if old is not None:
            old.deleteLater()
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(summary_html(form, fv, lang))

    def _relabel_content(self) -> None:
        self.model.lang = content_language(self.ctx.language)
        self.model.retranslate()
        self._show_selected()

    # import ------------------------------------------------------------------------------------
    def choose_import_file(self) -> QFileDialog:
        return dialogs.pick_file(
            self,
            self.tr("Import a form"),
            self.tr("Checklist forms (*.yaml *.yml *.xlsx);;All files (*)"),
            self.import_file,
        )

    def import_file(self, path: Path) -> Task:
        """Validate and install a form file off the GUI thread; refusals go to the panel."""
        ws = self.ctx.workspace
        self.problems.hide()
        self._set_result("")
        self.import_button.setEnabled(False)
        checking = self.tr("Checking %1").replace("%1", path.name)

        def work(progress: Progress) -> Installed:
            progress(0, 0, checking)
            return install_file(ws, path)

        task = make_task(
            work,
            on_success=lambda result: self._imported(path, result),
            on_error=lambda exc: self._import_failed(path, exc),
            on_cancel=lambda: self.import_button.setEnabled(True),
            parent=self,
        )
        self.task = task
        TaskProgressDialog(task, self.tr("Importing a form"), self)
        start_task(task, self.ctx.pool)
        return task

    def _imported(self, path: Path, result: Installed) -> None:
        self.import_button.setEnabled(True)
        self._refusal = None
        self._note = (path.name, result)
        self._show_note()
        self.refresh(select=result.version.id)
        if not result.already:
            self.ctx.data_changed.emit(changes.FORM)
        self.ctx.status_message.emit(self.result_label.text())
        self.import_finished.emit(True)

    def _show_note(self) -> None:
        if self._note is None:
            return
        name, result = self._note
        fv = result.version
        text = (
            self.tr("%1 is already installed as %2 version %3; nothing was changed.")
            if result.already
            else self.tr("Installed %2 version %3 from %1.")
        )
        self._set_result(
            text.replace("%1", name).replace("%2", fv.form_id).replace("%3", fv.version)
        )

    def _set_result(self, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))

    def _import_failed(self, path: Path, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._note = None
        self._set_result("")
        self._refusal = (path.name, problems_of(exc, path.name, doing="form import"))
        self._show_refusal()
        self.import_finished.emit(False)

    def _show_refusal(self) -> None:
        if self._refusal is None:
            return
        name, problems = self._refusal
        self.problems.show_problems(
            self.tr(
                "%1 was not installed: %n problem(s). Nothing was changed.", "", len(problems)
            ).replace("%1", name),
            problems,
            name,
        )

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Forms"))
        self.import_button.setText(self.tr("Import form…"))
        self.import_button.setToolTip(
            self.tr(
                "A checklist form as YAML, or as an Excel workbook (XLSForm-like columns). "
                "An invalid form is refused with the file, line and reason."
            )
        )
        self.empty.setText(self.tr("No form is installed. Import a YAML or XLSX form."))
        self.model.retranslate()
        self._show_note()
        self._show_refusal()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._show_selected()
        super().changeEvent(event)
