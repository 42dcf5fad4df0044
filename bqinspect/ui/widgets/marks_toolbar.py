"""The viewer's marking tools: shape, colour, label text, undo / redo, with keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from bqinspect.domain.annotations import MAX_TEXT, RGB, Colour
from bqinspect.ui.widgets.marks_canvas import MarkCanvas, Tool

TOOL_KEYS = {
    Tool.ARROW: "A",
    Tool.RECT: "R",
    Tool.ELLIPSE: "E",
    Tool.FREEHAND: "F",
    Tool.TEXT: "T",
}
COLOUR_KEYS = {Colour.RED: "1", Colour.YELLOW: "2", Colour.BLUE: "3", Colour.WHITE: "4"}


class MarkToolbar(QWidget):
    """Drives a :class:`MarkCanvas`. Another tool (e.g. a redaction box) is one more button
    through :meth:`add_tool_button`."""

    def __init__(self, canvas: MarkCanvas, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = canvas
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._layout = layout
        self.tool_buttons: dict[Tool, QToolButton] = {}
        for tool, key in TOOL_KEYS.items():
            button = self._button(checkable=True)
            pick = partial(self.choose_tool, tool)
            button.clicked.connect(pick)
            self._shortcut(key, pick)
            self.tool_buttons[tool] = button
        self.label = QLineEdit()
        self.label.setMaxLength(MAX_TEXT)
        self.label.setMinimumWidth(180)
        self.label.textChanged.connect(self._label_changed)
        self.label.setVisible(False)
        layout.addWidget(self.label)
        layout.addSpacing(12)
        self.colour_buttons: dict[Colour, QToolButton] = {}
        for colour, key in COLOUR_KEYS.items():
            button = self._button(checkable=True)
            r, g, b = RGB[colour]
            button.setStyleSheet(
                f"QToolButton {{ background: rgb({r},{g},{b}); min-width: 18px; "
                "border: 1px solid #555; border-radius: 3px; }"
                "QToolButton:checked { border: 3px solid #000; }"
            )
            choose = partial(self.choose_colour, colour)
            button.clicked.connect(choose)
            self._shortcut(key, choose)
            self.colour_buttons[colour] = button
        layout.addSpacing(12)
        stack = canvas.undo_stack
        self.undo_button = self._button()
        self.undo_button.clicked.connect(stack.undo)
        self.redo_button = self._button()
        self.redo_button.clicked.connect(stack.redo)
        self.clear_button = self._button()
        self.clear_button.clicked.connect(canvas.clear_marks)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self._shortcut(QKeySequence.StandardKey.Undo, stack.undo)
        self._shortcut(QKeySequence.StandardKey.Redo, stack.redo)
        self._shortcut("Ctrl+Y", stack.redo)
        self._shortcut("Escape", lambda: self.choose_tool(Tool.NONE))
        self._extra_at = layout.count()
        layout.addStretch(1)
        self.choose_colour(canvas.colour)
        self.retranslate()

    def _button(self, *, checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._layout.addWidget(button)
        return button

    def _shortcut(
        self, key: str | QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    def add_tool_button(self, button: QAbstractButton) -> None:
        """Place one more tool after the marking tools (before the stretch)."""
        self._layout.insertWidget(self._extra_at, button)
        self._extra_at += 1

    def choose_tool(self, tool: Tool) -> None:
        """Pick a tool; picking the tool already chosen puts the pen down (look only)."""
        if tool is self.canvas.tool and tool is not Tool.NONE:
            tool = Tool.NONE
        self.canvas.tool = tool
        for t, button in self.tool_buttons.items():
            button.setChecked(t is tool)
        self.label.setVisible(tool is Tool.TEXT)
        if tool is Tool.TEXT:
            self.label.setFocus()
        self.canvas.setCursor(
            Qt.CursorShape.ArrowCursor if tool is Tool.NONE else Qt.CursorShape.CrossCursor
        )

    def choose_colour(self, colour: Colour) -> None:
        self.canvas.colour = colour
        for c, button in self.colour_buttons.items():
            button.setChecked(c is colour)

    def _label_changed(self, text: str) -> None:
        self.canvas.label = " ".join(text.split())

    def set_editable(self, editable: bool) -> None:
        self.canvas.editable = editable
        self.setVisible(editable)
        if not editable:
            self.choose_tool(Tool.NONE)

    def retranslate(self) -> None:
        names = {
            Tool.ARROW: self.tr("Arrow"),
            Tool.RECT: self.tr("Rectangle"),
            Tool.ELLIPSE: self.tr("Ellipse"),
            Tool.FREEHAND: self.tr("Freehand"),
            Tool.TEXT: self.tr("Text"),
        }
        for tool, button in self.tool_buttons.items():
            button.setText(names[tool])
            button.setToolTip(f"{names[tool]} ({TOOL_KEYS[tool]})")
        colours = {
            Colour.RED: self.tr("Red"),
            Colour.YELLOW: self.tr("Yellow"),
            Colour.BLUE: self.tr("Blue"),
            Colour.WHITE: self.tr("White"),
        }
        for colour, button in self.colour_buttons.items():
            button.setToolTip(f"{colours[colour]} ({COLOUR_KEYS[colour]})")
            button.setAccessibleName(colours[colour])
        self.label.setPlaceholderText(self.tr("Label text, then click"))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.redo_button.setText(self.tr("Redo"))
        self.redo_button.setToolTip(self.tr("Redo (Ctrl+Shift+Z)"))
        self.clear_button.setText(self.tr("Clear marks"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
