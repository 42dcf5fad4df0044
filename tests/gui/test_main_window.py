"""Main window: pages loaded from the list, editor opened in place, state remembered, app set-up."""

from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from bqinspect.base.errors import Refused
from bqinspect.ui import app as app_module
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.inspections.new_dialog import NewInspectionDialog
from bqinspect.ui.inspections.page import InspectionsPage
from bqinspect.ui.main_window import GEOMETRY_KEY, PAGE_KEY, PAGES, MainWindow
from bqinspect.ui.pages.forms import FormsPage
from tests.gui.gui_data import make_ctx, start


def test_the_window_has_every_listed_page_in_order(workspace, qtbot, tmp_path):
    window = MainWindow(make_ctx(workspace, tmp_path))
    qtbot.addWidget(window)
    assert window.page_names() == [name for name, _page in PAGES]
    assert [type(window.pages[name]) for name in window.page_names()] == [
        spec.load() for _n, spec in PAGES
    ]
    assert window.nav.count() == len(PAGES)
    assert window.stack.count() == len(PAGES)
    analytics = window.page_names().index("analytics")
    assert window.nav.item(analytics).text() == "Analytics"


def test_only_the_page_shown_is_built_and_the_others_when_first_shown(workspace, qtbot, tmp_path):
    ctx = make_ctx(workspace, tmp_path)
    ctx.settings.setValue(PAGE_KEY, "branches")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    built = [name for name in window.page_names() if window.pages.built(name) is not None]
    assert built == ["branches"]
    assert window.stack.currentWidget() is window.pages.built("branches")
    assert window.stack.count() == len(PAGES)  # a placeholder holds each other slot

    forms = window.show_page("forms")
    assert isinstance(forms, FormsPage)
    assert window.stack.currentWidget() is forms
    assert window.stack.indexOf(forms) == window.page_names().index("forms")
    assert window.stack.count() == len(PAGES)
    assert window.show_page("forms") is forms  # built once


def test_window_opens_the_editor_in_place_and_remembers_its_state(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    ctx = make_ctx(workspace, tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.page_names()[0] == "inspections"
    assert window.nav.count() == len(window.page_names())
    assert isinstance(window.stack.currentWidget(), InspectionsPage)
    ctx.open_inspection.emit(insp.id)
    assert isinstance(window.editor, InspectionEditor)
    assert window.stack.currentWidget() is window.editor
    if "branches" in window.page_names():
        window.show_page("branches")
        window.show_page("inspections")
        assert window.stack.currentWidget() is window.editor  # the visit is still open
    window.editor.header.back_button.click()
    assert window.editor is None
    assert isinstance(window.stack.currentWidget(), InspectionsPage)

    window.resize(1000, 650)
    last = window.page_names()[-1]
    window.show_page(last)
    window.close()
    assert isinstance(ctx.settings.value(GEOMETRY_KEY), QByteArray)
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    # restoreGeometry keeps the window on the (800×800 offscreen) screen: compare the height
    assert again.size().height() == 650
    assert again.stack.currentWidget() is again.pages[last]


def test_new_inspection_from_the_menu(workspace, qtbot, tmp_path):
    window = MainWindow(make_ctx(workspace, tmp_path))
    qtbot.addWidget(window)
    window.show_page(window.page_names()[-1])
    window.new_action.trigger()
    assert isinstance(window.stack.currentWidget(), InspectionsPage)
    assert window.findChild(NewInspectionDialog) is not None


def test_application_font_and_names(qapp):
    font, sheet = qapp.font(), qapp.styleSheet()
    try:
        app = app_module.create_application()
        assert app is qapp
        assert app.applicationName() == "bqinspect"
        assert app.font().family() == app_module.UI_FONT_FAMILY
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)


def test_exception_hook_friendly_for_refusals_crash_dialog_for_bugs(qtbot):
    hook = app_module.ExceptionHook()
    hook(Refused, Refused("photo.jpg: not an image"), None)
    try:
        raise ValueError("a bug")
    except ValueError as exc:
        hook(ValueError, exc, exc.__traceback__)
    friendly, crash = hook.boxes
    assert friendly.icon() == QMessageBox.Icon.Warning
    assert "not an image" in friendly.text()
    assert crash.icon() == QMessageBox.Icon.Critical
    assert "ValueError: a bug" in crash.detailedText()
    for box in list(hook.boxes):
        with qtbot.waitSignal(box.finished):
            box.close()
    assert hook.boxes == []
    assert QApplication.instance() is not None


def test_run_gui_smoke_test_opens_the_window_and_exits(workspace, qapp, tmp_path):
    font, sheet = qapp.font(), qapp.styleSheet()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", "en")
    try:
        code = app_module.run_gui(lambda: workspace, settings=settings, smoke_test=True)
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
    assert code == 0
    assert isinstance(settings.value(GEOMETRY_KEY), QByteArray)  # the window was shown and closed
    assert not isinstance(sys.excepthook, app_module.ExceptionHook)  # uninstalled again


def test_run_gui_reports_an_unusable_database(qapp, tmp_path, monkeypatch):
    from bqinspect.store.db import DatabaseError

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def broken():  # type: ignore[no-untyped-def]
        raise DatabaseError("bqinspect.sqlite was written by a newer version of bqinspect")

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", "en")
    font, sheet = qapp.font(), qapp.styleSheet()
    try:
        code = app_module.run_gui(broken, settings=settings)
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
    assert code == 1
    assert "newer version" in shown[0]
