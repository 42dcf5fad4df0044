"""Where the main window goes: the first fits the available screen, and so must a restored one."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1366, 768)
# room for the title bar above the window and the borders the window manager adds around it
FRAME = QMargins(8, 40, 8, 8)


def available(window: QWidget) -> QRect:
    """The available geometry (panels and docks left out) of the window's screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def inner(window: QWidget) -> QRect:
    """Where the window itself (its frame left out) may lie on its screen's available area."""
    return available(window).marginsRemoved(FRAME)


def fitted(wanted: QRect, area: QRect) -> QRect:
    """``wanted`` made to lie inside ``area``: shrunk where it is too big, moved where it is out."""
    width = max(1, min(wanted.width(), area.width()))
    height = max(1, min(wanted.height(), area.height()))
    left = min(max(wanted.left(), area.left()), area.left() + area.width() - width)
    top = min(max(wanted.top(), area.top()), area.top() + area.height() - height)
    return QRect(left, top, width, height)


def first_geometry(area: QRect) -> QRect:
    """The window on first start: the preferred size where it fits, centred on ``area``."""
    size = fitted(QRect(area.topLeft(), PREFERRED), area).size()
    left = area.left() + (area.width() - size.width()) // 2
    top = area.top() + (area.height() - size.height()) // 2
    return QRect(left, top, size.width(), size.height())


def place_first(window: QWidget) -> None:
    """Size and place a window that has no remembered geometry."""
    window.setGeometry(first_geometry(inner(window)))


def bring_on_screen(window: QWidget) -> None:
    """Move and shrink a restored window so that all of it is on its screen."""
    target = fitted(window.geometry(), inner(window))
    if target != window.geometry():
        window.setGeometry(target)
