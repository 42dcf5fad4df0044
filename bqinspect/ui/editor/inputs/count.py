"""A count answer: x of y checked things found OK."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from bqinspect.domain.forms import Item
from bqinspect.ui.editor.inputs.base import AnswerInput


class CountInput(AnswerInput):
    """ "x of y": OK items out of those checked; digits go into x, Tab to y."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.x_edit = QLineEdit()
        self.y_edit = QLineEdit()
        for edit in (self.x_edit, self.y_edit):
            edit.setMaximumWidth(70)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,5}$"), edit))
            edit.editingFinished.connect(self._editing_finished)
            edit.inputRejected.connect(
                lambda: self.refused.emit(self.tr("Only digits can be typed here."))
            )
        self.of = QLabel()
        self.row.addWidget(self.x_edit)
        self.row.addWidget(self.of)
        if item.count_of is not None:
            self.y_edit.setText(str(item.count_of))
            self.y_edit.setReadOnly(True)
            self.y_edit.hide()
            self.fixed = QLabel(str(item.count_of))
            self.row.addWidget(self.fixed)
        else:
            self.row.addWidget(self.y_edit)
        self.ok_label = QLabel()
        self.ok_label.setObjectName("muted")
        self.row.addWidget(self.ok_label)
        self.na_button = self._add_na_button()
        self.row.addStretch()
        self._value: Any = None

    def focus_widget(self) -> QWidget | None:
        return self.x_edit

    def set_state(self, value: Any, na: bool) -> None:
        self._value = value
        if isinstance(value, dict):
            if self.x_edit.text() != str(value.get("x", "")):
                self.x_edit.setText(str(value.get("x", "")))
            if self.item.count_of is None and self.y_edit.text() != str(value.get("y", "")):
                self.y_edit.setText(str(value.get("y", "")))
        elif value is None and not self.x_edit.hasFocus() and not self.y_edit.hasFocus():
            self.x_edit.clear()
            if self.item.count_of is None:
                self.y_edit.clear()
        if self.na_button is not None:
            self.na_button.setChecked(na)

    def restore(self, value: Any, na: bool) -> None:
        """After a refused count (more OK than checked) the fields show the stored one, even
        while they have the focus."""
        if not isinstance(value, dict):
            self.x_edit.clear()
            if self.item.count_of is None:
                self.y_edit.clear()
        self.set_state(value, na)

    def _editing_finished(self) -> None:
        typing_y_next = self.sender() is self.x_edit and self.item.count_of is None
        editing = self.x_edit.hasFocus() or self.y_edit.hasFocus()
        if editing and typing_y_next and not self.y_edit.text():
            return  # y still to come
        self.commit_pending()

    def commit_pending(self) -> None:
        if self.read_only:
            return
        x_text, y_text = self.x_edit.text().strip(), self.y_edit.text().strip()
        if not x_text and not (self.item.count_of is None and y_text):
            if self._value is not None:
                self.committed.emit(None, False)
            return
        if not x_text or not y_text:
            return
        value = {"x": int(x_text), "y": int(y_text)}
        if value != self._value:
            self.committed.emit(value, False)

    def retranslate(self, lang: str) -> None:
        self.of.setText(self.tr("of"))
        self.ok_label.setText(self.tr("OK"))
        if self.na_button is not None:
            self.na_button.setText(self.tr("N/A"))
