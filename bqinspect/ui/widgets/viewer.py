"""A photo viewer: the display copy scaled to the window with its marks (drawn here, undoable),
previous/next, caption, remove."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bqinspect.domain.annotations import Shape
from bqinspect.ui.widgets.marks_canvas import MarkCanvas
from bqinspect.ui.widgets.marks_toolbar import MarkToolbar
from bqinspect.ui.widgets.thumbnails import PhotoThumb


class PhotoViewer(QDialog):
    """Non-modal; edits go out through signals so the owner commits them. With ``markable``
    the marking tools show (``marks_edited`` carries every change, undo and redo too)."""

    caption_edited = Signal(object, str)  # photo id, caption
    remove_requested = Signal(object)  # photo id
    marks_edited = Signal(object, tuple)  # photo id, its marks (tuple of Shape)
    redact_requested = Signal(object)  # the PhotoThumb shown: open its redaction dialog

    def __init__(
        self,
        photos: list[PhotoThumb],
        start: int,
        load_display: Callable[[str], bytes | None],
        *,
        editable: bool = True,
        markable: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._photos = photos
        self._load = load_display
        self._row = max(0, min(start, len(photos) - 1))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 680)

        self.canvas = MarkCanvas()
        self.canvas.shapes_edited.connect(self._marks_done)
        self.tools = MarkToolbar(self.canvas)
        self.tools.set_editable(markable and editable)
        self.position = QLabel()
        self.caption = QLineEdit()
        self.caption.setReadOnly(not editable)
        self.caption.editingFinished.connect(self._caption_done)
        self.prev_button = QPushButton()
        self.next_button = QPushButton()
        self.remove_button = QPushButton()
        self.remove_button.setVisible(editable)
        self.redact_button = QPushButton()
        self.redact_button.clicked.connect(self._redact)
        self.prev_button.clicked.connect(lambda: self.show_row(self._row - 1))
        self.next_button.clicked.connect(lambda: self.show_row(self._row + 1))
        self.remove_button.clicked.connect(self._remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)

        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.position)
        bar.addWidget(self.next_button)
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.redact_button)
        bar.addWidget(self.remove_button)
        bar.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tools)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bar)
        QShortcut(QKeySequence(Qt.Key.Key_Left), self, lambda: self.show_row(self._row - 1))
        QShortcut(QKeySequence(Qt.Key.Key_Right), self, lambda: self.show_row(self._row + 1))
        self.retranslate()
        self.show_row(self._row)

    @property
    def row(self) -> int:
        return self._row

    def current(self) -> PhotoThumb | None:
        return self._photos[self._row] if self._photos else None

    def show_row(self, row: int) -> None:
        if not self._photos:
            return
        self._row = max(0, min(row, len(self._photos) - 1))
        photo = self._photos[self._row]
        data = self._load(photo.sha256) or photo.thumbnail
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.canvas.set_image(pixmap, photo.shapes)
        self.caption.setText(photo.caption)
        self.position.setText(f"{self._row + 1} / {len(self._photos)}")
        self.prev_button.setEnabled(self._row > 0)
        self.next_button.setEnabled(self._row < len(self._photos) - 1)

    def _marks_done(self, shapes: tuple[Shape, ...]) -> None:
        photo = self.current()
        if photo is None or photo.shapes == shapes:
            return
        self._photos[self._row] = replace(photo, shapes=shapes)
        self.marks_edited.emit(photo.photo_id, shapes)

    def _caption_done(self) -> None:
        photo = self.current()
        if photo is None or self.caption.isReadOnly() or self.caption.text() == photo.caption:
            return
        updated = replace(photo, caption=self.caption.text())
        self._photos[self._row] = updated
        self.caption_edited.emit(photo.photo_id, updated.caption)

    def _redact(self) -> None:
        photo = self.current()
        if photo is not None:
            self.redact_requested.emit(photo)

    def _remove(self) -> None:
        photo = self.current()
        if photo is None:
            return
        photo_id: uuid.UUID = photo.photo_id
        del self._photos[self._row]
        self.remove_requested.emit(photo_id)
        if not self._photos:
            self.close()
        else:
            self.show_row(self._row)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Photo"))
        self.prev_button.setText(self.tr("◀ Previous"))
        self.next_button.setText(self.tr("Next ▶"))
        self.remove_button.setText(self.tr("Remove photo"))
        self.redact_button.setText(self.tr("Redact…"))
        self.redact_button.setToolTip(
            self.tr(
                "Hide faces, ID cards, screens or documents in the copies that leave the office"
            )
        )
        self.caption.setPlaceholderText(self.tr("Caption"))
        self.canvas.message = self.tr("This photo cannot be shown")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
