"""Dialogs behind one seam: non-blocking boxes and file pickers that report through callbacks.

Nothing here calls ``exec()``: each function opens its dialog, returns it (tests click its
buttons or wait on ``finished``) and calls back on the GUI thread when the user answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from bqinspect.photos import supported_formats

log = logging.getLogger(__name__)


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    *,
    yes_text: str = "",
) -> QMessageBox:
    """Ask a yes/no question; ``on_yes`` runs only if the user says yes. "No" is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    if yes_text:
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(yes_text)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(_result: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            on_yes()

    box.finished.connect(done)
    box.open()
    return box


def inform(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    details: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """Tell the user something (a refusal, a failure) without blocking."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def pick_file(
    parent: QWidget | None,
    title: str,
    name_filter: str,
    on_chosen: Callable[[Path], None],
    *,
    folder: str = "",
) -> QFileDialog:
    """Let the user choose one existing file; ``on_chosen`` gets it (not called on cancel).

    ``name_filter`` is e.g. ``"Branch lists (*.csv *.xlsx);;All files (*)"``, translated.
    """
    dialog = QFileDialog(parent, title, folder, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: on_chosen(Path(name)))
    dialog.open()
    return dialog


def photo_filter() -> str:
    patterns = {
        "JPEG": "*.jpg *.jpeg",
        "PNG": "*.png",
        "WEBP": "*.webp",
        "TIFF": "*.tif *.tiff",
        "HEIF": "*.heic *.heif",
        "AVIF": "*.avif",
    }
    wanted = " ".join(patterns.get(f, "") for f in supported_formats()).split()
    both = " ".join(sorted(set(wanted + [p.upper() for p in wanted])))
    photos = QCoreApplication.translate("dialogs", "Photos")
    everything = QCoreApplication.translate("dialogs", "All files")
    return f"{photos} ({both});;{everything} (*)"


def pick_photo_files(
    parent: QWidget | None, on_chosen: Callable[[list[Path]], None], *, folder: str = ""
) -> QFileDialog:
    """Let the user choose photo files; ``on_chosen`` gets the paths (not called on cancel).
    The photo processes start while the dialog is open, so a batch does not wait for them."""
    from bqinspect.photo_workers import start_workers

    start_workers()
    dialog = QFileDialog(
        parent, QCoreApplication.translate("dialogs", "Add photos"), folder, photo_filter()
    )
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.filesSelected.connect(lambda names: on_chosen([Path(n) for n in names]))
    dialog.open()
    return dialog
