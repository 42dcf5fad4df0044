"""A table model of refusal problems (where, why) as reported by the core's ``Refused``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from bqinspect.services.errors import Problem

_Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractTableModel):
    """Rows are problems; a common file name is left out of "where" (the panel shows it)."""

    WHERE, REASON = range(2)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Problem] = []
        self._file = ""
        self.field_names: dict[str, str] = {}  # field code in "where" -> name shown

    def set_problems(self, problems: list[Problem], file_name: str = "") -> None:
        self.beginResetModel()
        self._rows = list(problems)
        self._file = file_name
        self.endResetModel()

    def problems(self) -> list[Problem]:
        return list(self._rows)

    def where(self, problem: Problem) -> str:
        where = problem.where
        if self._file and where.startswith(self._file):
            rest = where[len(self._file) :].lstrip(" :")
            if rest.isdigit():
                return self.tr("line %1").replace("%1", rest)
            if rest.startswith("row "):
                parts = rest.split(" ", 2)
                field = f", {self.field_names.get(parts[2], parts[2])}" if len(parts) > 2 else ""
                return self.tr("row %1").replace("%1", parts[1]) + field
            return rest or self._file
        return where

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        problem = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.where(problem) if index.column() == self.WHERE else problem.reason
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.tr("Where") if section == self.WHERE else self.tr("Problem")

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
