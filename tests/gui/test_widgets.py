"""Shared widgets and models: signature pad, thumbnails, section list, tasks, saved indicator."""

from __future__ import annotations

import io
import threading
import uuid
from datetime import datetime

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt, QThreadPool

from bqinspect.base.progress import check
from bqinspect.domain.scoring import AnswerState, score
from bqinspect.ui.editor.inputs import format_seconds, parse_seconds
from bqinspect.ui.editor.sections import (
    ANSWERED_ROLE,
    FAILED_ROLE,
    TOTAL_ROLE,
    SectionListModel,
)
from bqinspect.ui.tasks import InlinePool, make_task, start_task
from bqinspect.ui.widgets.progress import TaskProgressDialog
from bqinspect.ui.widgets.saved import SavedIndicator
from bqinspect.ui.widgets.signature import SignaturePad
from bqinspect.ui.widgets.thumbnails import PHOTO_ROLE, PhotoListModel, PhotoThumb


def _jpeg(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), color).save(out, "JPEG")
    return out.getvalue()


def test_signature_pad_draws_and_exports_png(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 160)
    pad.show()
    assert pad.is_empty()
    with pytest.raises(ValueError):
        pad.to_png()
    with qtbot.waitSignal(pad.changed):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 80))
        for x in range(30, 300, 15):
            qtbot.mouseMove(pad, QPoint(x, 60 + (x // 15) % 3 * 20))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(310, 90))
    assert not pad.is_empty()
    png = pad.to_png(height=120)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.height == 120 and image.width > 120
    assert image.getextrema()[3][1] == 255  # ink is opaque, the ground transparent
    pad.clear()
    assert pad.is_empty()


def test_photo_list_model(qtmodeltester):
    model = PhotoListModel()
    thumbs = [
        PhotoThumb(uuid.uuid4(), "a" * 64, "门楣", _jpeg("red")),
        PhotoThumb(uuid.uuid4(), "b" * 64, "", b"not a jpeg"),
    ]
    model.set_photos(thumbs)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data(PHOTO_ROLE) is thumbs[0]
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "门楣"
    assert not model.index(1, 0).data(Qt.ItemDataRole.DecorationRole).isNull()  # placeholder


def test_section_model(qtmodeltester, mini_form):
    model = SectionListModel(mini_form, "zh")
    qtmodeltester.check(model)
    result = score(mini_form, {"ENV-01": AnswerState("fail"), "ENV-04": AnswerState(5)})
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append(a.row()))
    model.update_scores(result)
    assert changed == [0, 1, 2]  # first time: every section
    env = model.index(0, 0)
    assert env.data() == "服务环境"
    assert (env.data(ANSWERED_ROLE), env.data(TOTAL_ROLE), env.data(FAILED_ROLE)) == (2, 3, 1)
    changed.clear()
    result = score(mini_form, {"ENV-01": AnswerState("pass"), "ENV-04": AnswerState(5)})
    model.update_scores(result)
    assert changed == [0]  # only the section that changed
    qtmodeltester.check(model)


def test_a_task_runs_on_a_pool_thread_and_reports_on_the_gui_thread(qtbot):
    gui = threading.get_ident()
    seen: list[tuple[int, int, bool]] = []

    def work(progress):
        for n in range(3):
            progress(n, 3, f"step {n}")
        return threading.get_ident()

    task = make_task(
        work, on_progress=lambda d, t, _x: seen.append((d, t, threading.get_ident() == gui))
    )
    dialog = TaskProgressDialog(task, "working")
    qtbot.addWidget(dialog)
    pool = QThreadPool()
    with qtbot.waitSignal(task.succeeded) as blocker:
        start_task(task, pool)
    assert blocker.args[0] != gui  # the work ran on a pool thread
    qtbot.waitUntil(lambda: seen == [(0, 3, True), (1, 3, True), (2, 3, True)])
    pool.waitForDone()


def test_a_task_cancelled_on_a_pool_thread(qtbot):
    release = threading.Event()

    def slow(progress):
        release.wait(5)
        check(progress)
        return 1

    pool = QThreadPool()
    task = make_task(slow)
    start_task(task, pool)
    with qtbot.waitSignal(task.was_cancelled):
        task.cancel()
        release.set()
    pool.waitForDone()


def test_an_inline_pool_delivers_through_the_same_signals(qtbot):
    seen: list[str] = []

    def broken(_progress):
        raise OSError(28, "No space left on device")

    failed = make_task(broken, on_error=lambda exc: seen.append(type(exc).__name__))
    failed.finished.connect(lambda: seen.append("finished"))
    start_task(failed, InlinePool())
    assert seen == ["OSError", "finished"] and failed.delivered

    def work(progress):
        progress(1, 2, "half")
        return threading.get_ident()

    done = make_task(work, on_progress=lambda d, t, text: seen.append(text))
    done.succeeded.connect(seen.append)
    start_task(done, InlinePool())
    assert seen[2:] == ["half", threading.get_ident()]


def test_saved_indicator(qtbot):
    label = SavedIndicator()
    qtbot.addWidget(label)
    assert "automatically" in label.text()
    label.mark_saved(datetime(2025, 3, 1, 12, 3, 41).astimezone())
    assert label.text() == "Saved 12:03:41"


@pytest.mark.parametrize(
    ("text", "seconds"), [("12:30", 750.0), ("45", 45.0), ("1:02:03", 3723.0), ("", None)]
)
def test_durations_round_trip(text, seconds):
    assert parse_seconds(text) == seconds
    if seconds is not None and ":" in text:
        assert format_seconds(seconds) == text


def test_unreadable_duration_is_refused():
    with pytest.raises(ValueError):
        parse_seconds("12:xx")


def test_pad_replays_a_stroke(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.add_stroke([QPointF(1, 1), QPointF(50, 20)])
    assert not pad.is_empty()


def test_a_tasks_reports_are_thinned_but_never_a_new_step_or_the_last(qtbot, monkeypatch):
    from bqinspect.ui.tasks import Progress

    monkeypatch.setattr(Progress, "INTERVAL", 3600.0)  # nothing repeats within the test
    seen: list[tuple[int, int, str]] = []

    def work(progress):
        for n in range(500):
            progress(n, 1000, "checking")
        for n in range(500, 1001):
            progress(n, 1000, "importing")
        return None

    task = make_task(work, on_progress=lambda d, t, text: seen.append((d, t, text)))
    start_task(task, InlinePool())
    assert seen == [(0, 1000, "checking"), (500, 1000, "importing"), (1000, 1000, "importing")]
