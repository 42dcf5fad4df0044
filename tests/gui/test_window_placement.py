"""The main window: its title names the app once, and it fits the available screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from bqinspect.ui import geometry
from bqinspect.ui.main_window import GEOMETRY_KEY, MainWindow
from tests.gui.gui_data import make_ctx

# a 1366×768 screen with a 40-pixel panel on top, as on the branch laptops
LAPTOP = QRect(0, 40, 1366, 728)


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> QRect:
    monkeypatch.setattr(geometry, "available", lambda _window: LAPTOP)
    return LAPTOP.marginsRemoved(geometry.FRAME)


def test_the_title_leaves_the_application_name_to_the_platform(workspace, qtbot, tmp_path):
    window = MainWindow(make_ctx(workspace, tmp_path))
    qtbot.addWidget(window)
    # X11 and Wayland show "<title> — <display name>": the name must not be in the title too
    QGuiApplication.setApplicationDisplayName("bqinspect")
    shown = f"{window.windowTitle()} — {QGuiApplication.applicationDisplayName()}"
    assert shown.count("bqinspect") == 1
    assert window.windowTitle() == "Branch inspections"


def test_the_first_window_fits_the_available_screen(workspace, qtbot, tmp_path, laptop):
    window = MainWindow(make_ctx(workspace, tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert laptop.contains(window.geometry()), window.geometry()
    assert window.width() == laptop.width()  # as large as the screen allows
    for name in window.page_names():  # no page makes the window wider than the screen
        window.show_page(name)
        assert window.minimumSizeHint().width() <= laptop.width(), name


def test_first_geometry_keeps_the_preferred_size_where_there_is_room():
    big = QRect(0, 0, 1920, 1080).marginsRemoved(geometry.FRAME)
    placed = geometry.first_geometry(big)
    assert placed.size() == geometry.PREFERRED
    assert big.contains(placed)


def test_a_remembered_window_off_the_screen_is_brought_back(workspace, qtbot, tmp_path, laptop):
    ctx = make_ctx(workspace, tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.setGeometry(QRect(1900, 900, 1340, 700))  # saved on a larger second monitor
    ctx.settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    assert laptop.contains(again.geometry()), again.geometry()
    assert again.width() <= 1340
