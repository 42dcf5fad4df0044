"""The one look of the record tables (inspections, findings, branches, forms, problems)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

RESIZE_PRECISION = 50


def record_table(model: QAbstractItemModel, *, single: bool = True) -> QTableView:
    """A read-only table of ``model``: whole rows are selected (one at a time when ``single``),
    alternating row colours, no row numbers."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    # columns sized to their contents measure about a screenful of rows, not a thousand
    table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    return table
