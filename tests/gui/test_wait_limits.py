"""Waits that name no time limit get a generous one (a loaded machine is slow, not broken)."""

from __future__ import annotations

import inspect

from pytestqt.qtbot import QtBot

from tests.conftest import WAIT_LIMIT_MS, WAITS


def test_every_wait_defaults_to_the_generous_limit(qtbot: QtBot) -> None:
    for name in WAITS:
        wait = getattr(QtBot, name)
        timeout = inspect.signature(wait, follow_wrapped=False).parameters["timeout"]
        assert timeout.default == WAIT_LIMIT_MS, name
    qtbot.waitUntil(lambda: True)  # still works as before
