"""The app backs the database up when it starts, in the background, at most once a day."""

from __future__ import annotations

from pathlib import Path

from bqinspect.services.maintenance import list_backups
from bqinspect.store.workspace import open_workspace
from bqinspect.ui.app import start_daily_backup
from tests.gui.gui_data import make_ctx


def test_start_makes_one_backup_a_day_off_the_gui_thread(qtbot, tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "data")
    ctx = make_ctx(ws, tmp_path, threaded=True)
    with qtbot.waitSignal(ctx.status_message, timeout=60_000) as said:
        first = start_daily_backup(ctx)
    assert "Daily backup saved" in said.args[0]
    qtbot.waitUntil(lambda: first.delivered, timeout=60_000)
    assert len(list_backups(ws)) == 1
    second = start_daily_backup(ctx)  # the same day: nothing new
    qtbot.waitUntil(lambda: second.delivered, timeout=60_000)
    assert len(list_backups(ws)) == 1
    ctx.pool.waitForDone()
    ws.close()
