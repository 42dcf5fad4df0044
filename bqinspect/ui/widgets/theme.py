"""Colours and the application style sheet, in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QPlainTextEdit, QWidget

ACCENT = "#1c5d99"
ACCENT_DARK = "#15466f"
PASS = "#2e7d32"
FAIL = "#c62828"
NA = "#757575"
WARN = "#ef6c00"
MUTED = "#6b7280"
BORDER = "#d5dbe3"
SURFACE = "#f4f6f9"
NAV_BG = "#1f2a37"
NAV_FG = "#d8dee8"
FOCUS = "#f0a202"

SEVERITY_COLORS = {
    "critical": "#b71c1c",
    "major": "#e65100",
    "general": "#1c5d99",
    "observation": "#546e7a",
}

STATUS_COLORS = {
    "draft": "#6b7280",
    "submitted": "#1c5d99",
    "approved": "#2e7d32",
    "returned": "#c62828",
}

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {SURFACE}; }}
QListWidget#nav {{
    background: {NAV_BG}; color: {NAV_FG}; border: none; outline: none;
    padding-top: 8px;
}}
QListWidget#nav::item {{ padding: 10px 14px; border-left: 3px solid transparent; }}
QListWidget#nav::item:selected {{
    background: #2c3b4d; color: white; border-left: 3px solid {FOCUS};
}}
QListWidget#nav::item:hover:!selected {{ background: #273444; }}
QLabel#pageTitle {{ font-size: 18px; font-weight: 600; color: #1f2937; }}
QLabel#muted, QLabel[muted="true"] {{ color: {MUTED}; }}
QFrame#card {{
    background: white; border: 1px solid {BORDER}; border-radius: 6px;
}}
QFrame#card[redo="true"] {{ border: 2px solid {FAIL}; }}
QFrame#card[current="true"] {{ border: 2px solid {FOCUS}; }}
QFrame#card[failed="true"] {{ background: #fff6f6; }}
QFrame#panel {{ background: white; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame#findingPanel {{
    background: #fff3e0; border: 1px solid #f3c58b; border-radius: 4px;
}}
QFrame#commentThread {{
    background: #f5f8fc; border: 1px solid #d6e2f0; border-radius: 4px;
}}
QFrame#commentThread[redo="true"] {{ background: #fdecea; border: 1px solid #e8a3a0; }}
QLabel#threadCaption {{ font-weight: 600; color: {ACCENT}; }}
QFrame#commentThread[redo="true"] QLabel#threadCaption {{ color: {FAIL}; }}
QLineEdit:read-only, QPlainTextEdit:read-only, QAbstractSpinBox[locked="true"] {{
    background: #eef1f5; color: #374151; border: 1px solid #dde2e8;
}}
QPushButton#answer:disabled {{ background: #eef1f5; color: #9aa4b2; border-color: #dde2e8; }}
QFrame#emptyState {{ background: white; border: 1px dashed {BORDER}; border-radius: 8px; }}
QPushButton#primary {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK};
    border-radius: 4px; padding: 6px 16px; font-weight: 600;
}}
QPushButton#primary:hover {{ background: {ACCENT_DARK}; }}
QPushButton#primary:disabled {{ background: #9fb3c8; border-color: #9fb3c8; }}
QPushButton#answer {{
    border: 1px solid {BORDER}; border-radius: 4px; padding: 4px 10px; background: white;
    min-width: 48px;
}}
QPushButton#answer:checked[role="pass"] {{
    background: {PASS}; color: white; border-color: {PASS};
}}
QPushButton#answer:checked[role="fail"] {{
    background: {FAIL}; color: white; border-color: {FAIL};
}}
QPushButton#answer:checked[role="na"] {{ background: {NA}; color: white; border-color: {NA}; }}
QPushButton#answer:checked[role="value"] {{
    background: {ACCENT}; color: white; border-color: {ACCENT};
}}
QPushButton#checkpoint {{
    background: white; border: 2px solid {ACCENT}; border-radius: 8px; padding: 6px;
    font-size: 13px; text-align: center; min-height: 52px;
}}
QPushButton#checkpoint:hover {{ background: #e8f0f8; }}
QPushButton#checkpoint[marked="true"] {{ background: {ACCENT}; color: white; }}
QPushButton#checkpoint[next="true"] {{ border: 3px solid {FOCUS}; }}
QLabel#clock {{ font-size: 30px; font-weight: 600; color: #111827; }}
QLabel#score {{ font-size: 22px; font-weight: 700; color: {ACCENT}; }}
QLabel#grade {{ font-size: 14px; font-weight: 600; padding: 2px 8px; border-radius: 4px; }}
QLabel#legend {{ color: {MUTED}; font-size: 12px; }}
QLabel#itemId {{ color: {MUTED}; font-family: monospace; }}
QLabel#badge {{
    border-radius: 3px; padding: 0px 5px; font-size: 11px; color: white; background: {MUTED};
}}
QLabel#saved {{ color: {MUTED}; }}
QTableView {{ background: white; alternate-background-color: #f8fafc; gridline-color: #e5e7eb; }}
QHeaderView::section {{
    background: #eef2f6; border: none; border-right: 1px solid {BORDER};
    border-bottom: 1px solid {BORDER}; padding: 4px 6px; font-weight: 600;
}}
"""


def grade_color(grade: str | None) -> str:
    return {"excellent": PASS, "good": "#558b2f", "pass": WARN, "fail": FAIL}.get(
        grade or "", MUTED
    )


def set_read_only(widget: QPlainTextEdit | QAbstractSpinBox, read_only: bool) -> None:
    """Make a text box or a date field read-only or not, and restyle it, so that a read-only
    field looks read-only (style sheets see neither change by themselves)."""
    if widget.isReadOnly() != read_only or widget.property("locked") != read_only:
        widget.setReadOnly(read_only)
        widget.setProperty("locked", read_only)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)


def set_style(widget: QWidget, css: str) -> None:
    """Set a widget's own style sheet unless it already has it (setting one re-polishes the
    widget, which a repeated refresh need not pay for)."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)
