"""Photos in the editor: paste from the clipboard, view, caption, remove; free text by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from bqinspect.domain.forms import AnswerType
from bqinspect.services import inspections
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.widgets.viewer import PhotoViewer
from tests.gui.gui_data import focused, jpeg_file, make_ctx, show_active, start, value_of


@pytest.fixture
def editor(workspace, qtbot, tmp_path):
    insp = start(workspace, "mystery-cash")
    widget = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def test_paste_view_caption_and_remove(editor, workspace, qtbot):
    session = editor.session
    card = editor.current
    assert card is not None
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6fb0"))
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(editor.intake.finished) as blocker:
        qtbot.keyClick(focused(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[1] == 1
    photos = inspections.photos_of(workspace, session.inspection_id, card.item_id)
    assert len(photos) == 1
    assert card.strip is not None and card.strip.photo_model.rowCount() == 1

    editor.view_photo(card.item_id, 0)
    viewer = editor.viewer
    assert isinstance(viewer, PhotoViewer) and viewer.isVisible()
    assert viewer.canvas.has_image()
    viewer.caption.setText("门楣 DEMO")
    viewer.caption.editingFinished.emit()
    assert inspections.photos_of(workspace, session.inspection_id)[0].caption == "门楣 DEMO"
    viewer.remove_button.click()
    assert inspections.photos_of(workspace, session.inspection_id) == []
    assert not card.strip.isVisible()


def test_file_that_is_not_a_photo_is_refused_with_its_name(editor, workspace, qtbot, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4 not a photo")
    good = jpeg_file(tmp_path)
    card = editor.current
    assert card is not None
    with qtbot.waitSignal(editor.intake.finished, timeout=10000) as blocker:
        editor.add_photo_files(card.item_id, [bad, good])
    item, count, problems = blocker.args
    assert (item, count) == (card.item_id, 1)
    assert len(problems) == 1 and "notes.pdf" in problems[0]
    assert "notes.pdf" in card.problem.text()
    assert len(inspections.photos_of(workspace, editor.session.inspection_id)) == 1


def test_free_text_is_saved_as_typed(editor, workspace, qtbot):
    text_item = next(i.id for i in editor.session.form.items() if i.type is AnswerType.TEXT)
    card = editor.focus_item(text_item)
    assert card is not None
    qtbot.keyClicks(focused(), "ok")
    assert value_of(workspace, editor.session.inspection_id, text_item) == "ok"
    qtbot.keyClicks(focused(), " then")
    assert value_of(workspace, editor.session.inspection_id, text_item) == "ok then"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert focused() is card
    assert "已保存" in editor.header.saved.text() or "Saved" in editor.header.saved.text()
