"""A table model of refusal problems (where, why) as reported by the core's ``Refused``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from bqinspect.base.errors import Problem
from bqinspect.ui.models.table import Index, RowTableModel


class ProblemsModel(RowTableModel[Problem]):
    """Rows are problems; a common file name is left out of "where" (the panel shows it)."""

    WHERE, REASON = range(2)
    COLUMNS = 2

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._file = ""
        self.field_names: dict[str, str] = {}  # field code in "where" -> name shown

    def set_problems(self, problems: list[Problem], file_name: str = "") -> None:
        self._file = file_name
        self.set_rows(problems)

    def problems(self) -> list[Problem]:
        return self.rows()

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        problem = self.row_at(index)
        if problem is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.where(problem) if index.column() == self.WHERE else str(problem.reason)
        return None

    def headers(self) -> list[str]:
        return [self.tr("Where"), self.tr("Problem")]
