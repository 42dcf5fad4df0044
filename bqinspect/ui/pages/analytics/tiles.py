"""The key-figure tiles of the Analytics page: a large number over a short caption."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bqinspect.ui.widgets.theme import BORDER


class Tile(QFrame):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(
            f"Tile {{ border: 1px solid {BORDER}; border-radius: 4px; background: white; }}"
        )
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 20px; font-weight: 600; border: none;")
        self.note = QLabel()
        self.note.setStyleSheet("font-size: 11px; border: none;")
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setStyleSheet("border: none;")
        top = QHBoxLayout()
        top.addWidget(self.value)
        top.addWidget(self.note)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.caption)

    def show_value(self, value: str, note: str = "", color: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setStyleSheet(f"font-size: 11px; border: none; color: {color or 'inherit'};")


class Tiles(QWidget):
    NAMES = ("inspections", "branches", "mean", "veto", "open", "overdue")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tiles = {name: Tile(name) for name in self.NAMES}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for tile in self.tiles.values():
            layout.addWidget(tile, 1)

    def __getitem__(self, name: str) -> Tile:
        return self.tiles[name]
