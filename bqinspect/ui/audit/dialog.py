"""The audit dialog of one inspection or one finding: a filterable table, exportable to XLSX."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDir, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.services import audit_log
from bqinspect.services import inspections as insp_svc
from bqinspect.services import rectification as rect
from bqinspect.services.audit_xlsx import export_audit_xlsx
from bqinspect.ui.audit.models import AuditFilter, AuditModel
from bqinspect.ui.context import AppContext
from bqinspect.ui.i18n import content_language
from bqinspect.ui.sync.common import save_file, summary_label
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets import dialogs
from bqinspect.ui.widgets.tables import record_table

log = logging.getLogger(__name__)

DIALOG_SIZE = (1180, 620)


class AuditDialog(QDialog):
    """Every audited change of a record, oldest first; the filter matches any shown text."""

    exported = Signal(object)  # the Path written, or None when the export failed

    def __init__(
        self,
        ctx: AppContext,
        subject: str,
        load: Callable[[str], Sequence[audit_log.AuditLine]],
        file_stem: str,
        parent: QWidget | None = None,
    ):
        """``load(lang)`` reads the lines (values readable in ``lang``): now, after a change
        elsewhere in the app, and after a change of language."""
        super().__init__(parent)
        self.ctx = ctx
        self.subject = subject
        self.load = load
        self.lines: tuple[audit_log.AuditLine, ...] = ()
        self.file_stem = file_stem
        self.task: Task | None = None
        self.resize(*DIALOG_SIZE)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_table(self.proxy)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuditModel.CHANGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AuditModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.outcome = summary_label()
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.choose_export_file)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.filter.textChanged.connect(self._filter_changed)
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()

    def reload(self) -> None:
        """Read the lines again (the filter stays)."""
        self.lines = tuple(self.load(content_language(self.ctx.language)))
        self.model.set_rows(self.lines)
        self._update_count()

    def _data_changed(self, entity: str) -> None:
        if entity != "settings":
            self.reload()

    # filter ------------------------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def shown(self) -> list[audit_log.AuditLine]:
        """The lines the filter lets through, in the table's order."""
        return [
            self.lines[self.proxy.mapToSource(self.proxy.index(n, 0)).row()]
            for n in range(self.proxy.rowCount())
        ]

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), len(self.lines)
        if shown == total:
            self.count.setText(self.tr("%n change(s)", "", total))
        else:
            self.count.setText(
                self.tr("%1 of %2 shown").replace("%1", str(shown)).replace("%2", str(total))
            )
        self.export_button.setEnabled(shown > 0 and self.task is None)

    # export ------------------------------------------------------------------------------------
    def choose_export_file(self) -> QFileDialog:
        def chosen(name: str) -> None:
            self.export_to(Path(name))

        return save_file(
            self,
            self.tr("Export the audit trail"),
            str(Path(QDir.homePath()) / f"{self.file_stem}.xlsx"),
            self.tr("Excel workbooks (*.xlsx);;All files (*)"),
            chosen,
        )

    def export_to(self, path: Path) -> Task | None:
        """Write the shown lines to ``path`` off the GUI thread; ``exported`` tells the end."""
        if self.task is not None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        lines, title = self.shown(), self.tr("Audit trail: %1").replace("%1", self.subject)
        zone, lang = str(self.ctx.workspace.zone()), content_language(self.ctx.language)

        def work(_progress: Progress) -> Path:
            return export_audit_xlsx(lines, path, title=title, zone=zone, lang=lang)

        self.export_button.setEnabled(False)
        self.outcome.setText(self.tr("Exporting…"))
        task = make_task(work, on_success=self._exported, on_error=self._failed, parent=self)
        task.finished.connect(self._task_over)
        self.task = task
        start_task(task, self.ctx.pool)
        return task

    def _task_over(self) -> None:
        self.task = None
        self._update_count()

    def _exported(self, path: Path) -> None:
        text = self.tr("Wrote %1").replace("%1", str(path))
        self.outcome.setText(text)
        self.ctx.status_message.emit(text)
        self.exported.emit(path)

    def _failed(self, exc: BaseException) -> None:
        log.error("audit export failed: %s", exc)
        self.outcome.setText("")
        self._box = dialogs.inform(self, self.tr("Cannot export"), str(exc) or type(exc).__name__)
        self.exported.emit(None)

    # language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        title = self.tr("Audit trail: %1").replace("%1", self.subject)
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.filter.setPlaceholderText(self.tr("Filter: actor, device, item, value, reason…"))
        self.export_button.setText(self.tr("Export XLSX…"))
        self.close_button.setText(self.tr("Close"))
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def show_dialog(dialog: QDialog) -> None:
    """Show a non-modal dialog in front; it is deleted when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


def inspection_subject(ctx: AppContext, inspection_id: uuid.UUID) -> str:
    """``0231 · 2025-03-03`` (the branch and the visit's day in the bank's zone)."""
    head = insp_svc.get_inspection(ctx.workspace, inspection_id)
    day = head.visit_start.astimezone(ctx.workspace.zone())
    return f"{head.branch_code} · {day:%Y-%m-%d}"


def open_audit_dialog(
    ctx: AppContext, inspection_id: uuid.UUID, parent: QWidget | None = None
) -> AuditDialog:
    """Show the audit trail of an inspection with its answers, photos and findings."""
    subject = inspection_subject(ctx, inspection_id)
    stem = f"audit-{subject.replace(' · ', '-')}"

    def load(lang: str) -> list[audit_log.AuditLine]:
        return audit_log.inspection_audit(ctx.workspace, inspection_id, lang)

    dialog = AuditDialog(ctx, subject, load, stem, parent)
    show_dialog(dialog)
    return dialog


def open_finding_audit(
    ctx: AppContext, finding_id: uuid.UUID, parent: QWidget | None = None
) -> AuditDialog:
    """Show the audit trail of one finding (what was found, its follow-up and steps)."""
    finding = rect.get_finding(ctx.workspace, finding_id)
    subject = " · ".join(t for t in (finding.item_id or "", finding.description) if t)
    stem = f"audit-finding-{finding.item_id or str(finding_id)[:8]}"

    def load(lang: str) -> list[audit_log.AuditLine]:
        return audit_log.finding_audit(ctx.workspace, finding_id, lang)

    dialog = AuditDialog(ctx, subject, load, stem, parent)
    show_dialog(dialog)
    return dialog
