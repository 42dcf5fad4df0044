"""Filtering of the inspections table (status, kind, branch, date range, text); its sorting is
the model's own (returned inspections first whatever the sort)."""

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

from bqinspect.services.inspections import InspectionRow
from bqinspect.ui.inspections.model import ROW_ROLE, SORT_ROLE, InspectionTableModel


@dataclass(frozen=True)
class InspectionFilter:
    """Empty fields do not filter."""

    status: str = ""
    kind: str = ""
    branch_code: str = ""
    since: date | None = None  # visit date, local, inclusive
    until: date | None = None
    text: str = ""

    def accepts(self, row: InspectionRow, haystack: str | None = None) -> bool:
        """Whether ``row`` is shown; ``haystack``: its :func:`search_text`, when known."""
        if self.status and row.status != self.status:
            return False
        if self.kind and row.kind != self.kind:
            return False
        if self.branch_code and row.branch_code != self.branch_code:
            return False
        if self.since or self.until:
            day = row.visit_start.astimezone().date()
            if self.since and day < self.since:
                return False
            if self.until and day > self.until:
                return False
        if self.text:
            haystack = search_text(row) if haystack is None else haystack
            return all(word in haystack for word in self.text.casefold().split())
        return True


def search_text(row: InspectionRow) -> str:
    """What the text filter looks in, casefolded."""
    return " ".join(
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


class InspectionFilterProxy(QSortFilterProxyModel):
    """Filters with an :class:`InspectionFilter`; a sort asked of it is the source model's, so
    10,000 rows sort by one key each and the proxy keeps the model's order."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._filter = InspectionFilter()
        # id(row): (row, verdict) and (row, text); the row kept makes a reused id harmless
        self._accepted: dict[int, tuple[InspectionRow, bool]] = {}
        self._haystacks: dict[int, tuple[InspectionRow, str]] = {}
        self._everything = True  # the filter is empty
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def current_filter(self) -> InspectionFilter:
        return self._filter

    def set_filter(self, value: InspectionFilter) -> None:
        if value != self._filter:
            self._filter = value
            self._everything = value == InspectionFilter()
            self._accepted.clear()
            # one layout change, not a removal signal per run of rows (each makes the view
            # and its row header walk every row); persistent indexes and selections follow
            self.invalidate()

    def update_filter(self, **changes: object) -> None:
        self.set_filter(replace(self._filter, **changes))  # type: ignore[arg-type]

    def _accepts(self, row: InspectionRow) -> bool:
        """The filter's verdict on ``row``, made once per row and filter (a sort or an update
        of the model has the proxy ask again for every row)."""
        known = self._accepted.get(id(row))
        if known is not None and known[0] is row:
            return known[1]
        haystack = None
        if self._filter.text:
            kept = self._haystacks.get(id(row))
            if kept is None or kept[0] is not row:
                if len(self._haystacks) > 2 * self.sourceModel().rowCount() + 100:
                    self._haystacks.clear()  # rows replaced by reloads: let them go
                kept = self._haystacks[id(row)] = (row, search_text(row))
            haystack = kept[1]
        verdict = self._filter.accepts(row, haystack)
        self._accepted[id(row)] = (row, verdict)
        return verdict

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, InspectionTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self._everything:
            return True  # asked for every row after each sort: answered at once
        model = self.sourceModel()
        if isinstance(model, InspectionTableModel):
            return self._accepts(model.row_object(source_row))
        if model is None:
            return True
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return row is None or self._filter.accepts(row)
