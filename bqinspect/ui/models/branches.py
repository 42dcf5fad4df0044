"""Table model of the branch list, with each branch's latest figures beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from bqinspect.analytics.branch_status import BranchStatus, Trend
from bqinspect.services.branches import Branch
from bqinspect.ui.labels import grade_label
from bqinspect.ui.models.table import Index, SortedRowTableModel
from bqinspect.ui.widgets.theme import FAIL, MUTED, PASS

TREND_ARROWS = {Trend.UP: "▲", Trend.DOWN: "▼", Trend.FLAT: "▬", Trend.NONE: ""}

BRANCH_ROLE = Qt.ItemDataRole.UserRole + 1  # the Branch of a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the value a column sorts by
_SEARCHED = ("code", "name", "region", "sub_branch", "manager", "phone")


def search_text(branch: Branch) -> str:
    """What the search box finds a branch by, casefolded: the texts shown of its own columns
    (made with the rows, off the GUI thread)."""
    return " ".join(str(getattr(branch, name) or "") for name in _SEARCHED).casefold()


class BranchesModel(SortedRowTableModel[Branch]):
    """The branches, sorted and filtered in the model by one key and one text per row (ties
    by code); the figures arrive later and a sort by one of them is made again when they do."""

    CODE, NAME, REGION, SUB_BRANCH, MANAGER, PHONE, ACTIVE = range(7)
    LAST_SCORE, GRADE, TREND, OPEN, OVERDUE = range(7, 12)
    _FIELDS = ("code", "name", "region", "sub_branch", "manager", "phone", "active")
    COLUMNS = len(_FIELDS) + 5

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._status: dict[object, BranchStatus] = {}

    def set_branches(self, branches: list[Branch]) -> None:
        self.set_rows(branches)

    def set_status(self, rows: list[BranchStatus]) -> None:
        """The latest figures of each branch (loaded in the background), shown beside it."""
        self._status = {r.branch_id: r for r in rows}
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.LAST_SCORE), self.index(self.rowCount() - 1, self.OVERDUE)
            )
            for column in range(self.LAST_SCORE, self.COLUMNS):
                self._keys.pop(column, None)  # the figures' keys are read again
            if self.sort_column >= self.LAST_SCORE:
                self._resort()

    # sorting and searching --------------------------------------------------------------------
    def row_id(self, row: Branch) -> Any:
        return row.id

    def same_row(self, old: Branch, new: Branch) -> bool:
        fields = (*self._FIELDS, "revision", "updated_at", "address")
        return all(getattr(old, f) == getattr(new, f) for f in fields)

    def tie_key(self, row: Branch) -> Any:
        return row.code

    def sort_key(self, row: Branch, column: int) -> Any:
        if column < self.LAST_SCORE:
            if column == self.ACTIVE:
                return bool(row.active)
            return str(getattr(row, self._FIELDS[column]) or "")
        status = self._status.get(row.id)
        if status is None:
            return (0, 0.0)  # no figures yet: before every branch that has some
        value = self._figure(status, column, SORT_ROLE)
        return (1, value if value is not None else "")

    TRANSLATED_TEXT = False

    def search_text(self, row: Branch) -> str:
        return search_text(row)

    def status(self, row: int) -> BranchStatus | None:
        return self._status.get(self.row_object(row).id)

    def branch(self, row: int) -> Branch:
        return self.row_object(row)

    def row_of(self, code: str) -> int:
        return self.find_row(lambda b: b.code == code)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        branch = self.row_at(index)
        if branch is None:
            return None
        column = index.column()
        if role == BRANCH_ROLE:
            return branch
        if column >= self.LAST_SCORE:
            return self._figure(self._status.get(branch.id), column, role)
        if role == SORT_ROLE:
            role = Qt.ItemDataRole.DisplayRole
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ACTIVE:
                return self.tr("Yes") if branch.active else self.tr("No")
            return getattr(branch, self._FIELDS[column])
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME and branch.address:
            return branch.address
        if role == Qt.ItemDataRole.ForegroundRole and not branch.active:
            return QColor(MUTED)
        return None

    def _figure(self, status: BranchStatus | None, column: int, role: int) -> Any:
        if status is None:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.GRADE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.TREND and status.trend in (Trend.UP, Trend.DOWN):
                return QColor(PASS if status.trend is Trend.UP else FAIL)
            if column == self.OVERDUE and status.overdue_findings:
                return QColor(FAIL)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TREND:
            if status.previous_score is None:
                return None
            return self.tr("Previous inspection: %1").replace("%1", f"{status.previous_score:.1f}")
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return None
        sorting = role == SORT_ROLE
        if column == self.LAST_SCORE:
            if status.last_score is None:
                return -1.0 if sorting else "—"
            return status.last_score if sorting else f"{status.last_score:.1f}"
        if column == self.GRADE:
            return grade_label(status.grade) if status.grade else ""
        if column == self.TREND:
            return str(status.trend) if sorting else TREND_ARROWS[status.trend]
        if column == self.OPEN:
            return status.open_findings
        return status.overdue_findings

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Name"),
            self.tr("Region"),
            self.tr("Sub-branch"),
            self.tr("Manager"),
            self.tr("Phone"),
            self.tr("Active"),
            self.tr("Last score"),
            self.tr("Grade"),
            self.tr("Trend"),
            self.tr("Open findings"),
            self.tr("Overdue"),
        ]
