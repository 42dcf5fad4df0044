"""Drawing marks on a photo in the viewer with the mouse and the keyboard; undo and redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from bqinspect.domain.annotations import Colour, ShapeKind
from bqinspect.services import inspections
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.widgets.marks_canvas import Tool
from tests.gui.gui_data import jpeg_file, make_ctx, show_active, start


@pytest.fixture
def viewer(workspace, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    insp = start(workspace, "mystery-cash")
    editor = InspectionEditor(make_ctx(workspace, tmp_path), insp.id)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    editor.resume()
    card = editor.current
    assert card is not None
    assert editor.intake.add_png(card.item_id, jpeg_file(tmp_path).read_bytes(), "site.jpg")
    editor.view_photo(card.item_id, 0)
    shown = editor.viewer
    assert shown is not None
    shown.resize(900, 680)
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return editor, shown, card.item_id


def _at(canvas, x: float, y: float) -> QPoint:  # type: ignore[no-untyped-def]
    r = canvas.image_rect()
    return QPoint(round(r.left() + x * r.width()), round(r.top() + y * r.height()))


def _stored(workspace, editor):  # type: ignore[no-untyped-def]
    photo = inspections.photos_of(workspace, editor.session.inspection_id)[0]
    row = inspections.annotations_of(workspace, [photo.id]).get(photo.id)
    return row.shapes if row else ()


def test_an_arrow_drawn_with_the_mouse_is_stored_undone_and_redone(viewer, workspace, qtbot):  # type: ignore[no-untyped-def]
    editor, shown, item_id = viewer
    canvas = shown.canvas
    qtbot.mouseClick(shown.tools.tool_buttons[Tool.ARROW], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(shown.tools.colour_buttons[Colour.YELLOW], Qt.MouseButton.LeftButton)
    assert canvas.tool is Tool.ARROW
    start_at, end_at = _at(canvas, 0.2, 0.3), _at(canvas, 0.7, 0.6)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start_at)
    qtbot.mouseMove(canvas, _at(canvas, 0.5, 0.5))
    qtbot.mouseMove(canvas, end_at)
    with qtbot.waitSignal(shown.marks_edited):
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end_at)
    (arrow,) = _stored(workspace, editor)
    assert (arrow.kind, arrow.colour) == (ShapeKind.ARROW, Colour.YELLOW)
    (x0, y0), (x1, y1) = arrow.points
    assert abs(x0 - 0.2) < 0.01 and abs(y0 - 0.3) < 0.01
    assert abs(x1 - 0.7) < 0.01 and abs(y1 - 0.6) < 0.01
    strip = editor.cards[item_id].strip
    assert strip is not None and strip.photo_model.photos()[0].shapes == (arrow,)

    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _stored(workspace, editor) == ())
    assert shown.tools.redo_button.isEnabled() and not shown.tools.undo_button.isEnabled()
    qtbot.mouseClick(shown.tools.redo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _stored(workspace, editor) == (arrow,))


def test_keys_pick_tools_and_colours_and_a_click_places_a_label(viewer, workspace, qtbot):  # type: ignore[no-untyped-def]
    editor, shown, _item = viewer
    canvas = shown.canvas
    for key, tool in ((Qt.Key.Key_R, Tool.RECT), (Qt.Key.Key_E, Tool.ELLIPSE)):
        qtbot.keyClick(canvas, key)
        assert canvas.tool is tool
    qtbot.keyClick(canvas, Qt.Key.Key_3)
    assert canvas.colour is Colour.BLUE
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.1, 0.1))
    qtbot.mouseMove(canvas, _at(canvas, 0.4, 0.5))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.4, 0.5))
    qtbot.keyClick(canvas, Qt.Key.Key_T)
    assert shown.tools.label.isVisible()
    shown.tools.label.setText("灯箱 破损")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.5, 0.8))
    ellipse, label = _stored(workspace, editor)
    assert (ellipse.kind, ellipse.colour) == (ShapeKind.ELLIPSE, Colour.BLUE)
    assert (label.kind, label.text) == (ShapeKind.TEXT, "灯箱 破损")
    qtbot.mouseClick(shown.tools.clear_button, Qt.MouseButton.LeftButton)
    assert _stored(workspace, editor) == ()
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.tool is Tool.NONE
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 0.5, 0.5))
    assert _stored(workspace, editor) == ()
