"""Switching the UI language at run time: everything re-translates, nothing typed is lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialogButtonBox

from bqinspect.base import resources
from bqinspect.services import inspections
from bqinspect.ui import i18n
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.main_window import MainWindow
from tests.gui.gui_data import focused, make_ctx, show_active, start


@pytest.fixture
def compiled(tmp_path_factory, qapp):
    """The app catalog compiled into a temp folder (as the set-up script does)."""
    folder = tmp_path_factory.mktemp("qm")
    tool = Path(sys.executable).with_name("pyside6-lrelease")
    release = str(tool) if tool.exists() else shutil.which("pyside6-lrelease")
    source = resources.translations_dir() / "bqinspect_zh_CN.ts"
    subprocess.run(
        [release, "-silent", str(source), "-qm", str(folder / "bqinspect_zh_CN.qm")],
        check=True,
        timeout=120,
    )
    translators = i18n.install(qapp, "en", directory=folder)
    yield translators
    translators.apply("en")


def test_language_switch_keeps_work_and_retranslates(compiled, workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    ctx = make_ctx(workspace, tmp_path, language="en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    editor = window.open_inspection(insp.id)
    assert isinstance(editor, InspectionEditor)
    show_active(qtbot, window)
    editor.focus_item("ENV-01")
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), "half typed")
    card = editor.cards["ENV-01"]
    assert window.nav.item(0).text() == "Inspections"
    assert card.note_button.text() == "Note"
    english_item = card.text.text()

    with qtbot.waitSignal(ctx.language_changed) as blocker:
        i18n.set_language(ctx, "zh_CN")
    assert blocker.args == ["zh_CN"]
    assert ctx.language == "zh_CN"
    assert ctx.settings.value(i18n.SETTINGS_KEY) == "zh_CN"
    assert window.nav.item(0).text() == "检查"
    assert window.file_menu.title() == "文件(&F)"
    assert card.note_button.text() == "备注"
    assert card.text.text() != english_item  # the form's own Chinese text
    assert card.input.buttons["pass"].text() == "✓ 合格  Y"  # type: ignore[attr-defined]
    assert editor.header.score_caption.text() == "实时得分"
    assert "Y/P 合格" in editor.legend.text()
    assert editor.section_model.index(0, 0).data() == editor.session.form.sections[0].title.zh
    # nothing typed was lost, and the note still has the focus
    assert card.note is not None and card.note.toPlainText() == "half typed"
    assert focused() is card.note
    qtbot.waitUntil(  # and it is committed once the typing pauses
        lambda: inspections.answers_of(workspace, insp.id)["ENV-01"].note == "half typed"
    )
    # Qt's own strings come from its base translation
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"

    i18n.set_language(ctx, "en")
    assert window.nav.item(0).text() == "Inspections"
    assert card.text.text() == english_item


def test_language_names_are_normalised():
    assert i18n.normalize("zh") == "zh_CN"
    assert i18n.normalize("zh-CN") == "zh_CN"
    assert i18n.normalize("en_US") == "en"
    assert i18n.content_language("zh_CN") == "zh"


def test_missing_catalog_is_reported_not_fatal(qapp, tmp_path):
    translators = i18n.Translators(qapp, tmp_path)
    try:
        assert translators.apply("zh_CN") is False
        assert QCoreApplication.translate("MainWindow", "Inspections") == "Inspections"
    finally:
        translators.apply("en")
        translators.setParent(None)
        translators.deleteLater()
