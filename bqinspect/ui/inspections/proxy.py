"""Filtering and sorting of the inspections table: status, kind, branch, date range, text;
returned inspections stand first whatever the sort."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from bqinspect.domain.lifecycle import InspectionStatus
from bqinspect.services.inspections import InspectionRow
from bqinspect.ui.inspections.model import ROW_ROLE, SORT_ROLE


@dataclass(frozen=True)
class InspectionFilter:
    """Empty fields do not filter."""

    status: str = ""
    kind: str = ""
    branch_code: str = ""
    since: date | None = None  # visit date, local, inclusive
    until: date | None = None
    text: str = ""

    def accepts(self, row: InspectionRow) -> bool:
        if self.status and row.status != self.status:
            return False
        if self.kind and row.kind != self.kind:
            return False
        if self.branch_code and row.branch_code != self.branch_code:
            return False
        day = row.visit_start.astimezone().date()
        if self.since and day < self.since:
            return False
        if self.until and day > self.until:
            return False
        if self.text:
            haystack = " ".join(
                [
                    row.branch_code,
                    row.branch_name,
                    row.region,
                    row.form_id,
                    row.form_title_zh,
                    row.form_title_en,
                    *row.inspectors,
                    str(row.id),
                ]
            ).casefold()
            return all(word in haystack for word in self.text.casefold().split())
        return True


class InspectionFilterProxy(QSortFilterProxyModel):
    """Sorts by the model's sort role, returned inspections (work to redo) first in either
    order; filters with an :class:`InspectionFilter`."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._filter = InspectionFilter()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def current_filter(self) -> InspectionFilter:
        return self._filter

    def set_filter(self, value: InspectionFilter) -> None:
        if value != self._filter:
            self.beginFilterChange()
            self._filter = value
            self.endFilterChange()

    def update_filter(self, **changes: object) -> None:
        self.set_filter(replace(self._filter, **changes))  # type: ignore[arg-type]

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if model is None:
            return True
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return row is None or self._filter.accepts(row)

    def lessThan(
        self,
        source_left: QModelIndex | QPersistentModelIndex,
        source_right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        left, right = _pinned(source_left), _pinned(source_right)
        if left != right:
            # Qt sorts a descending column by the same comparison reversed: keep pinned first
            return left if self.sortOrder() == Qt.SortOrder.AscendingOrder else right
        return super().lessThan(source_left, source_right)


def _pinned(index: QModelIndex | QPersistentModelIndex) -> bool:
    row = index.data(ROW_ROLE)
    return isinstance(row, InspectionRow) and row.status == InspectionStatus.RETURNED
