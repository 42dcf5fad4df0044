"""The photo file dialog: it starts the photo processes while the user chooses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from bqinspect import photo_workers
from bqinspect.ui.widgets.dialogs import pick_photo_files


def test_the_dialog_starts_the_photo_processes_and_gives_the_chosen_files(
    qtbot: QtBot, tmp_path: Path
) -> None:
    photo_workers._drop_process_pool(2)
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen: list[list[Path]] = []
    dialog = pick_photo_files(parent, chosen.append, folder=str(tmp_path))
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert 2 in photo_workers._pools  # started while the dialog is open
    (tmp_path / "a.jpg").write_bytes(b"")
    dialog.filesSelected.emit([str(tmp_path / "a.jpg")])
    assert chosen == [[tmp_path / "a.jpg"]]
    dialog.reject()
