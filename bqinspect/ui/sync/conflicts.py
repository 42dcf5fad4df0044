"""Recorded sync conflicts: the list, what differs in the selected one, and resolving it."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bqinspect.base.errors import Refused
from bqinspect.sync.conflicts import ConflictRow, list_conflicts, resolve
from bqinspect.sync.resolve import take_incoming
from bqinspect.ui import changes
from bqinspect.ui.context import AppContext
from bqinspect.ui.sync.common import sync_table
from bqinspect.ui.sync.models import ConflictsModel
from bqinspect.ui.tasks import Task, make_task, start_task
from bqinspect.ui.widgets.dialogs import inform

log = logging.getLogger(__name__)


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if value == "":
        return "(empty)"
    return str(value)


class ConflictsPanel(QWidget):
    """Conflicts not yet resolved; resolving keeps the stored data or takes the incoming side,
    and records the decision."""

    resolved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loading: Task | None = None  # the conflicts being read, off the GUI thread
        self.conflicts_title = QLabel()
        self.conflicts_title.setStyleSheet("font-weight: 600;")
        self.conflicts_model = ConflictsModel(self)
        self.conflicts_table = sync_table(self.conflicts_model, ConflictsModel.RECORD)
        self.conflicts_table.selectionModel().selectionChanged.connect(
            lambda *_: self._show_conflict()
        )
        self.conflict_detail = QPlainTextEdit()
        self.conflict_detail.setReadOnly(True)
        self.resolve_button = QPushButton()
        self.resolve_button.clicked.connect(self.resolve_selected_conflict)
        self.take_button = QPushButton()
        self.take_button.clicked.connect(self.take_incoming_selected)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.conflicts_title, 1)
        head.addWidget(self.resolve_button)
        head.addWidget(self.take_button)
        box.addLayout(head)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.conflicts_table)
        split.addWidget(self.conflict_detail)
        split.setSizes([500, 400])
        box.addWidget(split, 1)

    def refresh(self) -> Task:
        """Read the conflicts off the GUI thread (a newer read supersedes one still running)."""
        if self.loading is not None and not self.loading.delivered:
            self.loading.cancel()
        ws = self.ctx.workspace
        task = make_task(
            lambda _progress: list_conflicts(ws),
            on_success=self._loaded,
            on_error=lambda exc: log.warning("the conflicts could not be read: %s", exc),
            parent=self,
        )
        self.loading = task
        start_task(task, self.ctx.pool)
        return task

    def _loaded(self, rows: list[ConflictRow]) -> None:
        self.conflicts_model.set_conflicts(rows)
        self._show_conflict()
        self._retranslate_count()

    def selected_conflict(self) -> ConflictRow | None:
        rows = self.conflicts_table.selectionModel().selectedRows()
        return self.conflicts_model.conflict(rows[0].row()) if rows else None

    def _show_conflict(self) -> None:
        row = self.selected_conflict()
        self.resolve_button.setEnabled(row is not None)
        self.take_button.setEnabled(row is not None)
        if row is None:
            self.conflict_detail.setPlainText(
                self.tr("Select a conflict to see what differs.")
                if self.conflicts_model.rowCount()
                else ""
            )
            return
        lines = [row.label, self.tr("Stored → incoming:"), ""]
        for d in row.differences[:200]:
            lines.append(f"{d.path}:\n    {_value(d.local)}\n  → {_value(d.incoming)}")
        self.conflict_detail.setPlainText("\n".join(lines))

    def resolve_selected_conflict(self) -> None:
        row = self.selected_conflict()
        if row is None:
            return
        resolve(self.ctx.workspace, row.id, why=self.tr("kept the stored data"))
        self.refresh()
        self.resolved.emit()
        self.ctx.data_changed.emit(changes.INSPECTION)

    def take_incoming_selected(self) -> None:
        row = self.selected_conflict()
        if row is None:
            return
        try:
            take_incoming(self.ctx.workspace, row.id, why=self.tr("took the incoming data"))
        except Refused as exc:
            inform(self, self.tr("The incoming side cannot be taken"), str(exc))
            return
        self.refresh()
        self.resolved.emit()
        self.ctx.data_changed.emit(changes.ALL)

    def retranslate(self) -> None:
        self.resolve_button.setText(self.tr("Keep stored"))
        self.take_button.setText(self.tr("Take incoming"))
        self.conflicts_model.retranslate()
        self._retranslate_count()
        self._show_conflict()

    def _retranslate_count(self) -> None:
        self.conflicts_title.setText(
            self.tr("Recorded conflicts (%n)", "", self.conflicts_model.rowCount())
        )
