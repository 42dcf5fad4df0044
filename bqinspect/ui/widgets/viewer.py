"""A photo viewer: the display copy scaled to the window, previous/next, caption, remove."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bqinspect.ui.widgets.thumbnails import PhotoThumb


class PhotoViewer(QDialog):
    """Non-modal; edits go out through signals so the owner commits them."""

    caption_edited = Signal(object, str)  # photo id, caption
    remove_requested = Signal(object)  # photo id
    redact_requested = Signal(object)  # the PhotoThumb shown: open its redaction dialog

    def __init__(
        self,
        photos: list[PhotoThumb],
        start: int,
        load_display: Callable[[str], bytes | None],
        *,
        editable: bool = True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._photos = photos
        self._load = load_display
        self._row = max(0, min(start, len(photos) - 1))
        self._pixmap = QPixmap()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 680)

        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setStyleSheet("background: #111; color: #ddd;")
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
        layout.addWidget(self.image, 1)
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
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(data)
        self.caption.setText(photo.caption)
        self.position.setText(f"{self._row + 1} / {len(self._photos)}")
        self.prev_button.setEnabled(self._row > 0)
        self.next_button.setEnabled(self._row < len(self._photos) - 1)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            self.image.setText(self.tr("This photo cannot be shown"))
            return
        self.image.setPixmap(
            self._pixmap.scaled(
                self.image.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _caption_done(self) -> None:
        photo = self.current()
        if photo is None or self.caption.isReadOnly() or self.caption.text() == photo.caption:
            return
        updated = PhotoThumb(photo.photo_id, photo.sha256, self.caption.text(), photo.thumbnail)
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
