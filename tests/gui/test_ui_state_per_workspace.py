"""The window's state (language, last page, filters) belongs to one data directory."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from bqinspect.store.workspace import open_workspace
from bqinspect.ui import app as app_module
from bqinspect.ui import i18n
from bqinspect.ui.main_window import PAGE_KEY
from bqinspect.ui.pages.rectifications import SETTINGS_GROUP


def _run(qapp, home) -> None:  # type: ignore[no-untyped-def]
    font, sheet = qapp.font(), qapp.styleSheet()
    try:
        code = app_module.run_gui(lambda: open_workspace(home), smoke_test=True)
    finally:
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
    assert code == 0


def _used_before(settings: QSettings) -> None:
    settings.setValue(i18n.SETTINGS_KEY, "zh_CN")
    settings.setValue(PAGE_KEY, "forms")
    settings.setValue(f"{SETTINGS_GROUP}/status", "closed")
    settings.sync()


def test_a_fresh_workspace_starts_in_the_system_language_on_the_first_page(
    qapp, tmp_path, monkeypatch
):
    monkeypatch.setattr(i18n, "system_language", lambda: "en")  # LANG=en_US
    used, fresh = tmp_path / "used", tmp_path / "fresh"
    with open_workspace(used) as ws:
        _used_before(app_module.ui_settings(ws))
    try:
        _run(qapp, fresh)
        assert i18n.Translators.of(qapp).language == "en"
        with open_workspace(fresh) as ws:
            state = app_module.ui_settings(ws)
            assert state.value(PAGE_KEY) == "inspections"
            assert state.value(f"{SETTINGS_GROUP}/status") != "closed"
            assert state.value(i18n.SETTINGS_KEY) is None

        _run(qapp, used)  # the other directory keeps its own
        assert i18n.Translators.of(qapp).language == "zh_CN"
        with open_workspace(used) as ws:
            assert app_module.ui_settings(ws).value(PAGE_KEY) == "forms"
    finally:
        i18n.Translators.of(qapp).apply("en")
