"""The base of the read-only table models: a list of row objects shown in named columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are objects of one type; subclasses give ``COLUMNS``, :meth:`headers` and ``data``.

    :meth:`set_rows` resets the model; :meth:`retranslate` tells the views that the headers
    and every cell need to be shown again (after a language change).
    """

    COLUMNS = 0

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_object(self, row: int) -> Row:
        return self._rows[row]

    def find_row(self, matches: Callable[[Row], bool]) -> int:
        """The number of the first row that ``matches``, or -1."""
        return next((n for n, row in enumerate(self._rows) if matches(row)), -1)

    def row_at(self, index: Index) -> Row | None:
        """The row object of a valid ``index`` of this model, else None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def headers(self) -> list[str]:
        """The translated column titles, one per column."""
        raise NotImplementedError

    def retranslate(self) -> None:
        last = self.COLUMNS - 1
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    # Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = self.headers()
        return titles[section] if 0 <= section < len(titles) else None
