"""The inspections table model: named columns, a row-object role and a sort role; it sorts and
filters itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bqinspect.domain.lifecycle import InspectionStatus
from bqinspect.services.inspections import InspectionRow
from bqinspect.ui.inspections.filters import InspectionFilter, search_text
from bqinspect.ui.labels import grade_label, kind_label, status_label
from bqinspect.ui.models.table import Index, SortedRowTableModel
from bqinspect.ui.widgets import theme

BRANCH, FORM, KIND, DATE, INSPECTORS, STATUS, SCORE, GRADE, EXPORTED = range(9)
COLUMN_COUNT = 9
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the InspectionRow
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts correctly
ID_ROLE = Qt.ItemDataRole.UserRole + 3  # the inspection uuid
# the status column sorts work in progress first, approved last
STATUS_ORDER = (
    InspectionStatus.DRAFT,
    InspectionStatus.SUBMITTED,
    InspectionStatus.RETURNED,
    InspectionStatus.APPROVED,
)

HEADERS = {
    BRANCH: QT_TRANSLATE_NOOP("InspectionTableModel", "Branch"),
    FORM: QT_TRANSLATE_NOOP("InspectionTableModel", "Form"),
    KIND: QT_TRANSLATE_NOOP("InspectionTableModel", "Kind"),
    DATE: QT_TRANSLATE_NOOP("InspectionTableModel", "Visit date"),
    INSPECTORS: QT_TRANSLATE_NOOP("InspectionTableModel", "Inspectors"),
    STATUS: QT_TRANSLATE_NOOP("InspectionTableModel", "Status"),
    SCORE: QT_TRANSLATE_NOOP("InspectionTableModel", "Score"),
    GRADE: QT_TRANSLATE_NOOP("InspectionTableModel", "Grade"),
    EXPORTED: QT_TRANSLATE_NOOP("InspectionTableModel", "Exported"),
}


RETURNED_BACKGROUND = "#fdecea"  # a returned inspection: work waits for the inspector


translate = QCoreApplication.translate


def _redo_text(count: int) -> str:
    """The status of a returned inspection, with how many items the lead named to redo."""
    return translate("InspectionTableModel", "Returned: %n item(s) to redo", "", count)


def _local(dt: datetime | None) -> datetime | None:
    return dt.astimezone() if dt is not None else None


class InspectionTableModel(SortedRowTableModel[InspectionRow]):
    """Rows come from ``list_inspections``; :meth:`update_rows` applies a reload (what
    changed only), :meth:`set_rows` replaces them all. Sorted in the model by one key per row,
    ties by visit time then id, returned inspections (work to redo) first in either order;
    filtered in the model by an :class:`InspectionFilter` (:meth:`apply_filter`)."""

    COLUMNS = COLUMN_COUNT
    TRANSLATED_TEXT = False  # codes, names and both titles of the form

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.lang = "zh"
        self.current_filter = InspectionFilter()

    def apply_filter(self, value: InspectionFilter) -> None:
        """Show the rows ``value`` accepts (one layout change; nothing when it is the same)."""
        if value == self.current_filter:
            return
        self.current_filter = value
        self.set_filter(None if value.is_empty else value.predicate(self.text_of))

    def search_text(self, row: InspectionRow) -> str:
        return search_text(row)

    def arrange(self, rows: list[InspectionRow]) -> list[InspectionRow]:
        returned = InspectionStatus.RETURNED
        return [r for r in rows if r.status == returned] + [r for r in rows if r.status != returned]

    def row_id(self, row: InspectionRow) -> Any:
        return row.id

    def tie_key(self, row: InspectionRow) -> Any:
        return (row.visit_start, row.id)

    def sort_key(self, row: InspectionRow, column: int) -> Any:
        return self._sort_key(row, column)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.retranslate()

    def row_of(self, inspection_id: uuid.UUID) -> int:
        return self.find_row(lambda row: row.id == inspection_id)

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("InspectionTableModel", str(HEADERS[c]))
            for c in range(COLUMN_COUNT)
        ]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # Qt model API ------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return str(row.id)
        returned = row.status == InspectionStatus.RETURNED
        if role == Qt.ItemDataRole.BackgroundRole and returned:
            return QBrush(QColor(RETURNED_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and returned and column in (BRANCH, STATUS):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS and returned:
            return QCoreApplication.translate(
                "InspectionTableModel", "Returned by the lead: open it to see what to redo"
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STATUS:
                return QBrush(QColor(theme.STATUS_COLORS.get(row.status, theme.MUTED)))
            if column == GRADE:
                return QBrush(QColor(theme.grade_color(row.grade)))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == BRANCH:
            return f"{row.branch_code} {row.branch_name}\n{row.region}"
        return None

    def _display(self, row: InspectionRow, column: int) -> str:
        if column == BRANCH:
            return f"{row.branch_code}  {row.branch_name}"
        if column == FORM:
            return row.form_title_zh if self.lang.startswith("zh") else row.form_title_en
        if column == KIND:
            return kind_label(row.kind)
        if column == DATE:
            local = _local(row.visit_start)
            return local.strftime("%Y-%m-%d %H:%M") if local else ""
        if column == INSPECTORS:
            return (
                "、".join(row.inspectors)
                if self.lang.startswith("zh")
                else ", ".join(row.inspectors)
            )
        if column == STATUS:
            if row.status == InspectionStatus.RETURNED and row.redo_items:
                return _redo_text(row.redo_items)
            return status_label(row.status)
        if column == SCORE:
            return "" if row.overall_score is None else f"{row.overall_score:.1f}"
        if column == GRADE:
            return grade_label(row.grade)
        if column == EXPORTED:
            local = _local(row.exported_at)
            return f"✓ {local:%Y-%m-%d}" if local else ""
        return ""

    @staticmethod
    def _sort_key(row: InspectionRow, column: int) -> Any:
        if column == BRANCH:
            return row.branch_code
        if column == DATE:
            return row.visit_start.timestamp()
        if column == SCORE:
            return -1.0 if row.overall_score is None else row.overall_score
        if column == EXPORTED:
            return row.exported_at.timestamp() if row.exported_at else 0.0
        if column == STATUS:
            return STATUS_ORDER.index(row.status) if row.status in STATUS_ORDER else 9
        if column == GRADE:
            order = {"excellent": 4, "good": 3, "pass": 2, "fail": 1}
            return order.get(row.grade or "", 0)
        if column == FORM:
            return row.form_id
        if column == KIND:
            return row.kind
        if column == INSPECTORS:
            return ",".join(row.inspectors)
        return ""
