"""Export the supervision ledger (监督日志) of a period and region, as XLSX or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QDir, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base import clock
from bqinspect.report.ledger.export import LedgerFile, export_ledger
from bqinspect.report.ledger.rows import Scope
from bqinspect.services.branches import list_branches
from bqinspect.ui.context import AppContext
from bqinspect.ui.i18n import content_language
from bqinspect.ui.pages.problems_panel import problems_of
from bqinspect.ui.sync.common import save_file
from bqinspect.ui.tasks import Progress, Task, make_task, start_task
from bqinspect.ui.widgets.theme import FAIL

ALL = ""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class LedgerDialog(QDialog):
    """Period, region and file type; the ledger is written off the GUI thread."""

    exported = Signal(object)  # the LedgerFile written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        today = clock.today()
        self.since = QDateEdit(_qdate(today.replace(day=1)))
        self.until = QDateEdit(_qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.region = QComboBox()
        self.region.addItem("", ALL)
        regions = sorted({b.region for b in list_branches(ctx.workspace) if b.region})
        for region in regions:
            self.region.addItem(region, region)
        self.kind = QComboBox()
        self.kind.addItem("PDF", ".pdf")
        self.kind.addItem("XLSX", ".xlsx")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.choose_file)
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for name, field in zip(
            self.labels, (self.since, self.until, self.region, self.kind), strict=True
        ):
            form.addRow(name, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.retranslate()

    def scope(self) -> Scope:
        return Scope(
            _pydate(self.since.date()),
            _pydate(self.until.date()),
            region=str(self.region.currentData() or ""),
        )

    def choose_file(self) -> QFileDialog:
        suffix = str(self.kind.currentData())
        scope = self.scope() if self.until.date() >= self.since.date() else None
        stem = f"ledger-{scope.since}-{scope.until}" if scope else "ledger"
        name_filter = (
            self.tr("PDF documents (*.pdf)")
            if suffix == ".pdf"
            else self.tr("Excel workbooks (*.xlsx)")
        )
        return save_file(
            self,
            self.tr("Export the supervision ledger"),
            str(Path(QDir.homePath()) / f"{stem}{suffix}"),
            name_filter,
            lambda name: self.export_to(Path(name)),
        )

    def export_to(self, path: Path) -> Task | None:
        """Write the ledger of the chosen scope to ``path`` (its suffix: the chosen type)."""
        if self.task is not None:
            return None
        suffix = str(self.kind.currentData())
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        ws, lang = self.ctx.workspace, content_language(self.ctx.language)

        def work(_progress: Progress) -> LedgerFile:
            return export_ledger(ws, self.scope(), path, lang=lang)

        self.outcome.setStyleSheet("")
        self.outcome.setText(self.tr("Exporting…"))
        self.export_button.setEnabled(False)
        task = make_task(work, on_success=self._exported, on_error=self._failed, parent=self)
        task.finished.connect(self._over)
        self.task = task
        start_task(task, self.ctx.pool)
        return task

    def _over(self) -> None:
        self.task = None
        self.export_button.setEnabled(True)

    def _exported(self, written: LedgerFile) -> None:
        text = self.tr("Wrote %1: %n supervision act(s)", "", written.acts).replace(
            "%1", str(written.path)
        )
        self.outcome.setText(text)
        self.ctx.status_message.emit(text)
        self.exported.emit(written)

    def _failed(self, exc: BaseException) -> None:
        self.outcome.setStyleSheet(f"color: {FAIL};")
        self.outcome.setText("\n".join(str(p) for p in problems_of(exc, doing="ledger export")))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Supervision ledger"))
        for name, text in zip(
            self.labels,
            (self.tr("From:"), self.tr("To:"), self.tr("Region:"), self.tr("File type:")),
            strict=True,
        ):
            name.setText(text)
        self.region.setItemText(0, self.tr("All regions"))
        self.export_button.setText(self.tr("Export…"))
