"""Child process for the kill test: answers items, or types notes in the editor, reporting
each commit.

Usage: python answer_child.py DATA_DIR INSPECTION_ID ROUND [notes]
Prints "saved ITEM VALUE" only after set_answer has returned (i.e. committed). With ``notes``
it drives the editor offscreen, typing into items' notes, and prints "noted ITEM TEXT" once
the editor's saved indicator claims the note (after a pause in typing, or on leaving it).
"""

import sys
import uuid

from bqinspect.domain.forms import AnswerType
from bqinspect.services import inspections
from bqinspect.store.workspace import Workspace, open_workspace


def answer(ws: Workspace, inspection_id: uuid.UUID, round_no: int) -> None:
    form = inspections.form_of(ws, inspections.get_inspection(ws, inspection_id))
    items = [i for i in form.items() if i.type is AnswerType.YESNO]
    print("ready", flush=True)
    n = 0
    while True:  # runs until killed
        item = items[n % len(items)]
        value = "pass" if (n + round_no) % 3 else "fail"
        inspections.set_answer(ws, inspection_id, item.id, value)
        print(f"saved {item.id} {value}", flush=True)
        n += 1


def type_notes(ws: Workspace, inspection_id: uuid.UUID, round_no: int, home: str) -> None:
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from bqinspect.ui.context import AppContext
    from bqinspect.ui.editor.page import InspectionEditor
    from bqinspect.ui.tasks import InlinePool

    app = QApplication([])
    settings = QSettings(f"{home}/child-qsettings.ini", QSettings.Format.IniFormat)
    editor = InspectionEditor(AppContext(ws, settings, pool=InlinePool()), inspection_id)
    for section in editor.session.form.sections:
        editor.page_for(section.id)
    editor.resize(1366, 768)
    editor.show()
    editor.activateWindow()
    while not editor.isActiveWindow():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    indicator = editor.header.saved
    items = [i.id for i in editor.session.form.items() if i.type is AnswerType.YESNO][:4]
    print("ready", flush=True)
    n = 0
    while True:  # runs until killed
        item_id = items[n % len(items)]
        editor.focus_item(item_id)
        card = editor.cards[item_id]
        card.open_note()
        assert card.note is not None
        card.note.moveCursor(card.note.textCursor().MoveOperation.End)
        QTest.keyClicks(card.note, f"-r{round_no}w{n}")
        if n % 2:  # leave the note: it is committed as the focus moves on
            editor.focus_item(items[(n + 1) % len(items)])
        while indicator.pending:  # else wait for the pause
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        claimed = editor.session.answers[item_id].note
        assert claimed == card.note.toPlainText()
        print(f"noted {item_id} {claimed}", flush=True)
        n += 1


def main() -> None:
    data_dir, inspection_id, round_no = sys.argv[1], uuid.UUID(sys.argv[2]), int(sys.argv[3])
    ws = open_workspace(data_dir)
    if sys.argv[4:] == ["notes"]:
        type_notes(ws, inspection_id, round_no, data_dir)
    else:
        answer(ws, inspection_id, round_no)


if __name__ == "__main__":
    main()
