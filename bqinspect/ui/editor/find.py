"""Ctrl+F: find an item by id or text and jump to it on Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from bqinspect.domain.forms import Form


class FindBar(QLineEdit):
    """Type part of an id or text; Enter jumps to the best match, Escape closes."""

    found = Signal(str)  # item id
    closed = Signal()

    def __init__(self, form: Form, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self.entries = QStringListModel(self)
        self.completer_ = QCompleter(self.entries, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setMaxVisibleItems(12)
        self.completer_.activated.connect(self._chosen)
        self.setCompleter(self.completer_)
        self.setClearButtonEnabled(True)
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.entries.setStringList(
            [f"{item.id}  {item.text.get(lang)}" for item in self.form.items()]
        )
        self.retranslate()

    def match(self, text: str) -> str | None:
        """The item id best matching ``text``: exact id, id prefix, then text contains."""
        needle = text.strip().split("  ")[0].casefold()
        if not needle:
            return None
        items = self.form.items()
        for test in (
            lambda i: i.id.casefold() == needle,
            lambda i: i.id.casefold().startswith(needle),
            lambda i: needle in i.id.casefold(),
            lambda i: needle in i.text.zh.casefold() or needle in i.text.en.casefold(),
        ):
            hit = next((i.id for i in items if test(i)), None)
            if hit:
                return hit
        return None

    def _chosen(self, text: str) -> None:
        hit = self.match(text)
        if hit:
            self.found.emit(hit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            popup = self.completer_.popup()
            current = popup.currentIndex() if popup is not None and popup.isVisible() else None
            text = current.data() if current is not None and current.isValid() else self.text()
            if popup is not None:
                popup.hide()
            hit = self.match(str(text))
            if hit:
                self.found.emit(hit)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Find an item by number or words, Enter to go there"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
