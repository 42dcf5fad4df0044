"""The date and time answer fields: shown state, T for today/now, clearing, read-only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime
from PySide6.QtGui import QKeyEvent

from bqinspect.domain.forms import Item
from bqinspect.ui.editor.inputs import DateInput, KeyResult, TimestampInput, make_input


def _item(kind: str) -> Item:
    return Item.model_validate(
        {"id": "X-1", "text": {"zh": "时间", "en": "When"}, "type": kind, "required": False}
    )


def _key(key: Qt.Key) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, "")


@pytest.fixture
def commits() -> list[tuple[object, bool]]:
    return []


def _input(qtbot, kind: str, commits: list) -> DateInput | TimestampInput:  # type: ignore[no-untyped-def]
    widget = make_input(_item(kind))
    qtbot.addWidget(widget)
    widget.retranslate("en")
    widget.committed.connect(lambda value, na: commits.append((value, na)))
    return widget


def test_date_field(qtbot, commits, frozen_clock):
    field = _input(qtbot, "date", commits)
    assert isinstance(field, DateInput)
    assert field.edit.text() == "—"  # unset
    field.set_state("2025-03-10", False)
    assert field.edit.date() == QDate(2025, 3, 10) and commits == []  # showing is not editing
    field.set_state("not a date", False)
    assert field.edit.text() == "—" and commits == []
    assert field.handle_key(_key(Qt.Key.Key_T)) is KeyResult.HANDLED
    assert commits == [("2025-03-10", False)]  # today on the program's clock
    field.edit.setDate(QDate(2024, 12, 31))  # the user picks a day
    assert commits[-1] == ("2024-12-31", False)
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)  # Up moves between items, it does not step the day
    assert field.edit.date() == QDate(2024, 12, 31) and len(commits) == 2
    assert field.handle_key(_key(Qt.Key.Key_Delete)) is KeyResult.HANDLED
    assert commits[-1] == (None, False)
    field.set_read_only(True)
    assert field.handle_key(_key(Qt.Key.Key_T)) is KeyResult.IGNORED
    assert len(commits) == 3  # a submitted inspection's date stays as it is


def test_timestamp_field(qtbot, commits, frozen_clock):
    field = _input(qtbot, "timestamp", commits)
    assert isinstance(field, TimestampInput)
    assert field.edit.text() == "—"
    stored = datetime(2025, 3, 10, 9, 30, 15).astimezone().isoformat()
    field.set_state(stored, False)
    assert field.edit.dateTime() == QDateTime(QDate(2025, 3, 10), QTime(9, 30, 15))
    assert commits == []
    frozen_clock.advance(timedelta(seconds=12.5))
    assert field.handle_key(_key(Qt.Key.Key_T)) is KeyResult.HANDLED
    ((value, na),) = commits
    assert not na and datetime.fromisoformat(str(value)) == frozen_clock.peek()
    field.edit.setDateTime(field.edit.minimumDateTime())  # back to "—"
    assert commits[-1] == (None, False)
    field.set_state(None, False)
    assert field.edit.text() == "—" and len(commits) == 2
