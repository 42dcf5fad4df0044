"""The Sync page's table models: inspections to export, the import report, recorded conflicts."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from bqinspect.domain.messages import render
from bqinspect.services import inspections as insp_svc
from bqinspect.sync.conflicts import ConflictRow
from bqinspect.sync.history import ImportEntry
from bqinspect.sync.merge import Outcome, RecordOutcome
from bqinspect.sync.reasons import without_record
from bqinspect.ui.labels import status_label
from bqinspect.ui.models.table import Index, Row, RowTableModel, SortedRowTableModel
from bqinspect.ui.widgets.theme import FAIL, MUTED, PASS, STATUS_COLORS, WARN

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
OUTCOME_COLORS = {
    Outcome.NEW: PASS,
    Outcome.UPDATED: "#1c5d99",
    Outcome.UNCHANGED: MUTED,
    Outcome.CONFLICT: WARN,
    Outcome.REFUSED: FAIL,
}
OUTCOME_ORDER = [Outcome.REFUSED, Outcome.CONFLICT, Outcome.NEW, Outcome.UPDATED, Outcome.UNCHANGED]


class _WholeRows:
    """Rows also come whole under ``ROW_ROLE``; :meth:`cell` gives everything else (mixed
    into a row table model, before it)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)  # type: ignore[attr-defined]
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        return self.cell(row, index.column(), role)

    def cell(self, row: Any, col: int, role: int) -> Any:
        raise NotImplementedError


class _SyncModel(_WholeRows, RowTableModel[Row]):
    """A sync table's rows, whole under ``ROW_ROLE``."""


class ExportModel(_WholeRows, SortedRowTableModel[insp_svc.InspectionRow]):
    """Inspections with a check box each; the checked ones are exported. Sorted in the model
    by one key per row (ties by visit time), filtered by ``KeyFilterProxy``; a reload applies
    what changed (:meth:`update_rows`), checks and selection stay."""

    CHECK, BRANCH, DATE, KIND, STATUS, SCORE, EXPORTED = range(7)
    COLUMNS = 7
    STATUS_ORDER = ("draft", "submitted", "returned", "approved")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._checked: set[uuid.UUID] = set()

    def set_rows(self, rows: Any) -> None:
        rows = list(rows)
        self._checked &= {r.id for r in rows}
        super().set_rows(rows)

    def update_rows(self, rows: Any) -> None:
        rows = list(rows)
        self._checked &= {r.id for r in rows}
        self._keys.pop(self.CHECK, None)
        super().update_rows(rows)

    def chosen(self) -> list[uuid.UUID]:
        return [r.id for r in self._rows if r.id in self._checked]

    def set_checked(self, ids: set[uuid.UUID]) -> None:
        self._checked = set(ids) & {r.id for r in self._rows}
        self._keys.pop(self.CHECK, None)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    # sorting and searching --------------------------------------------------------------------
    def row_id(self, row: insp_svc.InspectionRow) -> Any:
        return row.id

    def tie_key(self, row: insp_svc.InspectionRow) -> Any:
        return (row.visit_start, row.id)

    def sort_key(self, row: insp_svc.InspectionRow, column: int) -> Any:
        if column == self.CHECK:
            return row.id in self._checked
        if column == self.BRANCH:
            return (row.branch_code, row.branch_name)
        if column == self.DATE:
            return row.visit_start
        if column == self.KIND:
            return row.kind
        if column == self.STATUS:
            order = self.STATUS_ORDER
            return order.index(row.status) if row.status in order else len(order)
        if column == self.SCORE:
            return -1.0 if row.overall_score is None else row.overall_score
        return row.exported_at.timestamp() if row.exported_at else 0.0

    def search_text(self, row: insp_svc.InspectionRow) -> str:
        return " ".join(self._text(row, c) or "" for c in range(self.BRANCH, self.COLUMNS))

    def headers(self) -> list[str]:
        return [
            "",
            self.tr("Branch"),
            self.tr("Visit"),
            self.tr("Kind"),
            self.tr("Status"),
            self.tr("Score"),
            self.tr("Exported"),
        ]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.CHECK:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def cell(self, row: insp_svc.InspectionRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and col == self.CHECK:
            return Qt.CheckState.Checked if row.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATUS:
                return QBrush(QColor(STATUS_COLORS.get(row.status, MUTED)))
            if col == self.EXPORTED and row.exported_at is None:
                return QBrush(QColor(WARN))
        if role == Qt.ItemDataRole.UserRole and col == self.CHECK:
            return row.id in self._checked
        return None

    def _text(self, row: insp_svc.InspectionRow, col: int) -> str | None:
        if col == self.BRANCH:
            return f"{row.branch_code} {row.branch_name}"
        if col == self.DATE:
            return f"{row.visit_start.astimezone():%Y-%m-%d}"
        if col == self.KIND:
            return self.tr("On-site") if row.kind == "onsite" else self.tr("Mystery")
        if col == self.STATUS:
            return status_label(row.status)
        if col == self.SCORE:
            return "—" if row.overall_score is None else f"{row.overall_score:.1f}"
        if col == self.EXPORTED:
            if row.exported_at is None:
                return self.tr("not yet")
            return f"{row.exported_at.astimezone():%Y-%m-%d %H:%M}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.CHECK:
            return False
        row = self._rows[index.row()]
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(row.id)
        else:
            self._checked.discard(row.id)
        self._keys.pop(self.CHECK, None)
        self.dataChanged.emit(index, index)
        return True


class OutcomesModel(_SyncModel[RecordOutcome]):
    """The import report: one row per record, with what happened and why."""

    OUTCOME, ENTITY, RECORD, REASON = range(4)
    COLUMNS = 4

    def set_outcomes(self, rows: list[RecordOutcome]) -> None:
        order = {o: i for i, o in enumerate(OUTCOME_ORDER)}
        self.set_rows(sorted(rows, key=lambda r: (order[r.outcome], r.entity, r.label)))

    def outcomes(self) -> list[RecordOutcome]:
        return self.rows()

    def headers(self) -> list[str]:
        return [self.tr("Result"), self.tr("Type"), self.tr("Record"), self.tr("Reason")]

    def outcome_text(self, outcome: Outcome) -> str:
        return {
            Outcome.NEW: self.tr("new"),
            Outcome.UPDATED: self.tr("updated"),
            Outcome.UNCHANGED: self.tr("unchanged"),
            Outcome.CONFLICT: self.tr("conflict"),
            Outcome.REFUSED: self.tr("refused"),
        }[outcome]

    def entity_text(self, entity: str) -> str:
        return {
            "inspection": self.tr("Inspection"),
            "inspection.part": self.tr("Inspection (a part)"),
            "branch": self.tr("Branch"),
            "staff": self.tr("Staff"),
            "feedback": self.tr("Customer feedback"),
        }.get(entity, entity)

    def cell(self, row: RecordOutcome, col: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == self.OUTCOME:
                return self.outcome_text(row.outcome)
            if col == self.ENTITY:
                return self.entity_text(row.entity)
            if col == self.RECORD:
                return row.label
            if role == Qt.ItemDataRole.DisplayRole:  # the row and the panel name the record
                return render(without_record(row.reason))
            return render(row.reason)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.OUTCOME:
            return QBrush(QColor(OUTCOME_COLORS[row.outcome]))
        return None


class ImportsModel(_SyncModel[ImportEntry]):
    """The import history: one row per import that changed something, the newest first; its
    result and summary in the language chosen when shown."""

    WHEN, SOURCE, RESULT, SUMMARY = range(4)
    COLUMNS = 4

    def set_entries(self, rows: list[ImportEntry]) -> None:
        self.set_rows(rows)

    def entry(self, row: int) -> ImportEntry:
        return self.row_object(row)

    def headers(self) -> list[str]:
        return [self.tr("Imported"), self.tr("From"), self.tr("Result"), self.tr("Summary")]

    def cell(self, row: ImportEntry, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.source_device}\n{row.package_id}"
        if role == Qt.ItemDataRole.ForegroundRole and col == self.RESULT:
            refused, conflicts = "refusals" in row.result, "conflicts" in row.result
            return QBrush(QColor(FAIL if refused else WARN if conflicts else PASS))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.WHEN:
            return f"{row.imported_at.astimezone():%Y-%m-%d %H:%M}"
        if col == self.SOURCE:
            return row.source_device.split(" (")[0]
        if col == self.RESULT:
            return render(row.result_words)
        return render(row.summary)


class ConflictsModel(_SyncModel[ConflictRow]):
    """Recorded conflicts not yet resolved."""

    WHAT, RECORD, REVISION, WHEN, SOURCE = range(5)
    COLUMNS = 5

    def set_conflicts(self, rows: list[ConflictRow]) -> None:
        self.set_rows(rows)

    def conflict(self, row: int) -> ConflictRow:
        return self.row_object(row)

    def headers(self) -> list[str]:
        return [
            self.tr("Conflict"),
            self.tr("Record"),
            self.tr("Revision"),
            self.tr("Met"),
            self.tr("From"),
        ]

    def cell(self, row: ConflictRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.label}\n{row.entity} {row.entity_id}\n{row.source}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.WHAT:
            return {
                "inspection": self.tr("Inspector's data"),
                "inspection.review": self.tr("Review decision"),
                "finding": self.tr("Finding"),
                "branch": self.tr("Branch"),
                "feedback": self.tr("Customer feedback"),
            }.get(row.entity, row.entity)
        if col == self.RECORD:
            return row.label
        if col == self.REVISION:
            return str(row.revision)
        if col == self.WHEN:
            return f"{row.created_at.astimezone():%Y-%m-%d %H:%M}"
        return row.source.split(" (")[0]
