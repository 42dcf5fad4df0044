"""The redaction dialog: faces proposed off the GUI thread, a box added with the mouse, saved."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from bqinspect.redaction.boxes import BoxKind
from bqinspect.services import inspections, redaction
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.redaction.dialog import RedactionDialog
from tests.face_photos import jpeg_of
from tests.gui.gui_data import make_ctx, show_active, start


@pytest.fixture
def editor(workspace, qtbot, tmp_path):
    insp = start(workspace, "mystery-cash")
    widget = InspectionEditor(make_ctx(workspace, tmp_path, threaded=True), insp.id)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    widget.resume()
    return widget


def test_a_found_face_and_a_box_drawn_with_the_mouse_are_saved(
    editor, workspace, qtbot, tmp_path, monkeypatch
):
    card = editor.current
    lobby = tmp_path / "lobby.jpg"
    lobby.write_bytes(jpeg_of("astronaut"))
    with qtbot.waitSignal(editor.intake.finished):
        editor.add_photo_files(card.item_id, [lobby])
    (photo,) = inspections.photos_of(workspace, editor.session.inspection_id, card.item_id)
    threads: list[threading.Thread] = []
    detect = redaction.propose_faces

    def watched(ws, photo_id):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return detect(ws, photo_id)

    monkeypatch.setattr(redaction, "propose_faces", watched)

    editor.view_photo(card.item_id, 0)
    editor.viewer.redact_button.click()
    dialog = editor.viewer.findChild(RedactionDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.canvas.proposals) == 1)
    assert threads and threads[0] is not threading.main_thread()
    assert dialog.canvas.proposals[0].box.kind is BoxKind.FACE
    assert "1" in dialog.status.text()

    canvas = dialog.canvas
    dialog.kind.setCurrentIndex(dialog.kind.findData(BoxKind.SCREEN))
    area = canvas.image_rect()
    top_left = QPoint(int(area.x() + area.width() * 0.05), int(area.y() + area.height() * 0.7))
    bottom_right = QPoint(int(area.x() + area.width() * 0.3), int(area.y() + area.height() * 0.9))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=top_left)
    qtbot.mouseMove(canvas, bottom_right)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=bottom_right)
    assert len(canvas.proposals) == 2
    drawn = canvas.proposals[1].box
    assert (drawn.kind, drawn.auto) == (BoxKind.SCREEN, False)
    assert drawn.x == pytest.approx(0.05, abs=0.01) and drawn.h == pytest.approx(0.2, abs=0.01)
    assert dialog.boxes.item(1).text() == "Screen (drawn)"

    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=top_left)  # a click adds nothing
    assert len(canvas.proposals) == 2
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    state = saved.args[0]
    assert [b.kind for b in state.boxes] == [BoxKind.FACE, BoxKind.SCREEN]
    assert redaction.redaction_of(workspace, photo.id) == state


def test_an_unchecked_proposal_is_not_redacted(editor, workspace, qtbot, tmp_path):
    card = editor.current
    lobby = tmp_path / "lobby.jpg"
    lobby.write_bytes(jpeg_of("astronaut"))
    with qtbot.waitSignal(editor.intake.finished):
        editor.add_photo_files(card.item_id, [lobby])
    (photo,) = inspections.photos_of(workspace, editor.session.inspection_id, card.item_id)
    editor.view_photo(card.item_id, 0)
    editor.viewer.redact_button.click()
    dialog = editor.viewer.findChild(RedactionDialog)
    qtbot.waitUntil(lambda: len(dialog.canvas.proposals) == 1)
    dialog.boxes.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.accepted_boxes() == []
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save()
    assert saved.args[0] is None and redaction.redaction_of(workspace, photo.id) is None


def test_closing_the_dialog_while_it_looks_for_faces_is_harmless(
    editor, workspace, qtbot, tmp_path
):
    card = editor.current
    lobby = tmp_path / "lobby.jpg"
    lobby.write_bytes(jpeg_of("astronaut"))
    with qtbot.waitSignal(editor.intake.finished):
        editor.add_photo_files(card.item_id, [lobby])
    (photo,) = inspections.photos_of(workspace, editor.session.inspection_id, card.item_id)
    editor.view_photo(card.item_id, 0)
    editor.viewer.redact_button.click()
    dialog = editor.viewer.findChild(RedactionDialog)
    task = dialog.task
    dialog.reject()
    qtbot.waitUntil(lambda: task.delivered)
    assert redaction.redaction_of(workspace, photo.id) is None
    assert editor.viewer.findChild(RedactionDialog) is None
