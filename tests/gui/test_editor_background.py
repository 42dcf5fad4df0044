"""Background work from the editor: photos still land after the editor closes; the report."""

from __future__ import annotations

from pathlib import Path

from bqinspect.services import inspections
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.main_window import MainWindow
from tests.gui.gui_data import answer_all, jpeg_file, make_ctx, start


def test_photos_being_added_land_after_the_editor_closed(workspace, qtbot, tmp_path):
    insp = start(workspace, "branch-onsite")
    window = MainWindow(make_ctx(workspace, tmp_path, threaded=True))
    qtbot.addWidget(window)
    editor = window.open_inspection(insp.id)
    assert isinstance(editor, InspectionEditor)
    files = [jpeg_file(tmp_path, f"p{n}.jpg", c) for n, c in enumerate(("red", "green", "blue"))]
    editor.add_photo_files("ENV-01", files)
    with qtbot.waitSignal(editor.destroyed, timeout=20000):
        window.close_editor()  # at once, while the photos are being read
    assert window.editor is None
    assert len(inspections.photos_of(workspace, insp.id, "ENV-01")) == 3


def test_report_is_built_off_the_gui_thread_and_opened(workspace, qtbot, tmp_path):
    insp = start(workspace, "mystery-wealth")
    answer_all(workspace, insp.id)
    editor = InspectionEditor(make_ctx(workspace, tmp_path, threaded=True), insp.id)
    qtbot.addWidget(editor)
    assert editor.header.report_button.isVisibleTo(editor)
    opened: list[Path] = []
    editor.reports.open_file = lambda path: opened.append(path) or True
    with qtbot.waitSignal(editor.reports.done, timeout=60000) as blocker:
        editor.header.report_button.branch_copy.trigger()
    path = blocker.args[0]
    assert opened == [path]
    assert path.read_bytes().startswith(b"%PDF")
    assert path.parent == workspace.home / "reports"
    qtbot.waitUntil(lambda: editor.reports.pending() == [])
