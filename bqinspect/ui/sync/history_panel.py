"""The import history: the imports that changed something and, for the one selected, each
record it refused or met in conflict, with why, in the UI language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from bqinspect.domain.messages import render
from bqinspect.sync.history import ImportEntry, import_history
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync.common import summary_label, sync_table
from bqinspect.ui.sync.models import ImportsModel, OutcomesModel

SHOWN = 200  # the last imports listed


class HistoryPanel(QWidget):
    """The last :data:`SHOWN` imports; below, the reasons the selected one kept."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.imports_model = ImportsModel(self)
        self.imports_table = sync_table(self.imports_model, ImportsModel.SUMMARY)
        self.imports_table.selectionModel().selectionChanged.connect(lambda *_: self._show())
        self.detail = summary_label()
        self.records_model = OutcomesModel(self)
        self.records_table = sync_table(self.records_model, OutcomesModel.REASON)
        self.records_table.setWordWrap(True)
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.detail)
        below.addWidget(self.records_table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.imports_table)
        split.addWidget(lower)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(split, 1)

    def refresh(self) -> None:
        """Read the history again, keeping the selected import selected."""
        chosen = self.selected()
        self.imports_model.set_entries(import_history(self.ctx.workspace, limit=SHOWN))
        row = self.imports_model.find_row(lambda e: chosen is not None and e.id == chosen.id)
        if row < 0 and self.imports_model.rowCount():
            row = 0
        if row >= 0:
            self.imports_table.selectRow(row)
        self._show()

    def selected(self) -> ImportEntry | None:
        rows = self.imports_table.selectionModel().selectedRows()
        return self.imports_model.entry(rows[0].row()) if rows else None

    def _show(self) -> None:
        entry = self.selected()
        self.records_model.set_outcomes(entry.outcomes if entry is not None else [])
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self.selected()
        if entry is None:
            self.detail.setText(
                self.tr("No import has changed anything here yet.")
                if not self.imports_model.rowCount()
                else ""
            )
            return
        lines = [
            self.tr("Package %1 from %2")
            .replace("%1", entry.package_id)
            .replace("%2", entry.source_device or "?"),
            render(entry.summary),
        ]
        if not entry.outcomes:
            lines.append(self.tr("No record was refused or in conflict."))
        if entry.left_out:
            lines.append(
                self.tr("%n more record(s) with a reason are not kept in the history.", "",
                        entry.left_out)
            )  # fmt: skip
        self.detail.setText("\n".join(lines))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Imports that changed something here, the newest first"))
        self.imports_model.retranslate()
        self.records_model.retranslate()
        self._show_detail()
