"""Table model of the branch list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from bqinspect.services.branches import Branch
from bqinspect.ui.models.table import Index, RowTableModel
from bqinspect.ui.widgets.theme import MUTED

BRANCH_ROLE = Qt.ItemDataRole.UserRole + 1  # the Branch of a row


class BranchesModel(RowTableModel[Branch]):
    CODE, NAME, REGION, SUB_BRANCH, MANAGER, PHONE, ACTIVE = range(7)
    _FIELDS = ("code", "name", "region", "sub_branch", "manager", "phone", "active")
    COLUMNS = len(_FIELDS)

    def set_branches(self, branches: list[Branch]) -> None:
        self.set_rows(branches)

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
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ACTIVE:
                return self.tr("Yes") if branch.active else self.tr("No")
            return getattr(branch, self._FIELDS[column])
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME and branch.address:
            return branch.address
        if role == Qt.ItemDataRole.ForegroundRole and not branch.active:
            return QColor(MUTED)
        return None

    def headers(self) -> list[str]:
        return [
            self.tr("Code"),
            self.tr("Name"),
            self.tr("Region"),
            self.tr("Sub-branch"),
            self.tr("Manager"),
            self.tr("Phone"),
            self.tr("Active"),
        ]
