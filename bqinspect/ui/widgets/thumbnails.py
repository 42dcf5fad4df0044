"""A strip of photo thumbnails (model/view) that opens the viewer on activation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from bqinspect.domain.annotations import Shape, marked_key
from bqinspect.ui.widgets.marks_paint import marked_pixmap

PHOTO_ROLE = Qt.ItemDataRole.UserRole + 1  # the PhotoThumb of a row
THUMB_EDGE = 72

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PhotoThumb:
    """What the strip shows of one attached photo."""

    photo_id: uuid.UUID
    sha256: str
    caption: str
    thumbnail: bytes
    shapes: tuple[Shape, ...] = ()  # marks drawn on it

    @property
    def key(self) -> str:
        return marked_key(self.sha256, self.shapes)


class PhotoListModel(QAbstractListModel):
    """Rows are photos; the decoration is the stored JPEG thumbnail."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[PhotoThumb] = []
        self._pixmaps: dict[str, QPixmap] = {}

    def set_photos(self, photos: list[PhotoThumb]) -> None:
        self.beginResetModel()
        self._rows = list(photos)
        keep = {p.key for p in photos}
        self._pixmaps = {k: v for k, v in self._pixmaps.items() if k in keep}
        self.endResetModel()

    def photos(self) -> list[PhotoThumb]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def _pixmap(self, thumb: PhotoThumb) -> QPixmap:
        pixmap = self._pixmaps.get(thumb.key)
        if pixmap is None:
            pixmap = QPixmap()
            if not pixmap.loadFromData(thumb.thumbnail):
                pixmap = QPixmap(THUMB_EDGE, THUMB_EDGE)
                pixmap.fill(Qt.GlobalColor.lightGray)
            pixmap = pixmap.scaled(
                THUMB_EDGE,
                THUMB_EDGE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap = marked_pixmap(pixmap, thumb.shapes)
            self._pixmaps[thumb.key] = pixmap
        return pixmap

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        thumb = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(thumb)
        if role == Qt.ItemDataRole.ToolTipRole:
            return thumb.caption or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return thumb.caption or thumb.sha256[:12]
        if role == PHOTO_ROLE:
            return thumb
        return None


class ThumbnailStrip(QListView):
    """A one-row strip of thumbnails; double click or Enter asks to view a photo."""

    view_requested = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.photo_model = PhotoListModel(self)
        self.setModel(self.photo_model)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB_EDGE, THUMB_EDGE))
        self.setSpacing(4)
        self.setUniformItemSizes(True)
        self.setFixedHeight(THUMB_EDGE + 14)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setStyleSheet("QListView { background: transparent; }")
        self.activated.connect(lambda index: self.view_requested.emit(index.row()))

    def set_photos(self, photos: list[PhotoThumb]) -> None:
        self.photo_model.set_photos(photos)
        self.setVisible(bool(photos))
