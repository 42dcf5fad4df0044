"""Table model of the branch list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from bqinspect.store.models import Branch
from bqinspect.ui.widgets.theme import MUTED

_Index = QModelIndex | QPersistentModelIndex
BRANCH_ROLE = Qt.ItemDataRole.UserRole + 1  # the Branch of a row


class BranchesModel(QAbstractTableModel):
    CODE, NAME, REGION, SUB_BRANCH, MANAGER, PHONE, ACTIVE = range(7)
    _FIELDS = ("code", "name", "region", "sub_branch", "manager", "phone", "active")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Branch] = []

    def set_branches(self, branches: list[Branch]) -> None:
        self.beginResetModel()
        self._rows = list(branches)
        self.endResetModel()

    def branch(self, row: int) -> Branch:
        return self._rows[row]

    def row_of(self, code: str) -> int:
        return next((i for i, b in enumerate(self._rows) if b.code == code), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._FIELDS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        branch = self._rows[index.row()]
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Code"),
            self.tr("Name"),
            self.tr("Region"),
            self.tr("Sub-branch"),
            self.tr("Manager"),
            self.tr("Phone"),
            self.tr("Active"),
        ][section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.ACTIVE)
            self.dataChanged.emit(self.index(0, self.ACTIVE), last)
