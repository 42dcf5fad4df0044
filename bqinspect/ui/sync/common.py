"""Small helpers the sync panels share: summary labels, tables, progress, file choosers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QWidget,
)

from bqinspect.ui.models.table import CONTENTS_ROWS
from bqinspect.ui.widgets.tables import record_table


def summary_label() -> QLabel:
    """A multi-line summary: one fact per line, selectable, never widening the window."""
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def sync_table(model: QAbstractItemModel, stretch: int) -> QTableView:
    """A record table whose column ``stretch`` takes the spare width."""
    view = record_table(model)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(CONTENTS_ROWS)
    return view


def show_progress(bar: QProgressBar, done: int, total: int) -> None:
    if total > 0:
        bar.setRange(0, total)
        bar.setValue(min(done, total))


def save_file(
    parent: QWidget, title: str, start: str, name_filter: str, on_chosen: Callable[[str], None]
) -> QFileDialog:
    """Let the user choose where to save; ``on_chosen`` gets the name (not called on cancel)."""
    dialog = QFileDialog(parent, title, start, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(on_chosen)
    dialog.open()
    return dialog


def dropped_path(urls: list[Any]) -> Path | None:
    """The first local file among dropped ``urls``, else None."""
    for url in urls:
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            return Path(url.toLocalFile())
    return None
