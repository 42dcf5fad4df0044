"""Shared fixtures: a fresh workspace per test, offscreen Qt, test tiers by marker."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from pytestqt.qtbot import QtBot

from bqinspect.base.clock import FrozenClock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BQINSPECT_HOME", None)
os.environ.pop("BQINSPECT_DB_URL", None)

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60
)
settings.load_profile("default")

# Every wait is on a signal or a condition; its time limit only bounds a hang. pytest-qt's
# default of 5 s was missed on a loaded two-core machine (a report task finishing in a
# teardown), so a wait that names no limit gets a generous one.
WAIT_LIMIT_MS = 120_000


def _generous(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wait(self: QtBot, *args: Any, timeout: int = WAIT_LIMIT_MS, **kwargs: Any) -> Any:
        return method(self, *args, timeout=timeout, **kwargs)

    return wait


WAITS = ("waitUntil", "waitSignal", "waitSignals", "waitActive", "waitExposed", "waitCallback")
for _name in WAITS:
    setattr(QtBot, _name, _generous(getattr(QtBot, _name)))

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use qtbot are GUI tests (marker ``gui``)."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _no_real_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test ever writes under the real home directory."""
    fake = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(fake))
    monkeypatch.setenv("XDG_DATA_HOME", str(fake / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(fake / ".config"))


@pytest.fixture
def frozen_clock() -> Iterator[FrozenClock]:
    """The program's clock stands still at 10:00 local time on 2025-03-10 (far from midnight).

    Set ``frozen_clock.step`` to move it on with every reading, or call ``advance``.
    """
    from bqinspect.base import clock

    with clock.frozen(datetime(2025, 3, 10, 10, 0).astimezone()) as frozen:
        yield frozen


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def empty_workspace(home: Path) -> Iterator[object]:
    from bqinspect.store.workspace import open_workspace

    ws = open_workspace(home, actor="测试员")
    yield ws
    ws.close()


@pytest.fixture
def workspace(empty_workspace):  # type: ignore[no-untyped-def]
    """A fresh workspace with the shipped forms installed."""
    from bqinspect.services.catalog import install_shipped_forms

    install_shipped_forms(empty_workspace)
    return empty_workspace


@pytest.fixture
def mini_form():  # type: ignore[no-untyped-def]
    from bqinspect.domain.formio import load_form

    return load_form(DATA / "mini_form.yaml")


@pytest.fixture
def pg_url() -> str:
    """URL of the throw-away PostgreSQL server started by the test command.

    In CI the server is required: a missing URL fails the test instead of skipping it.
    """
    url = os.environ.get("BQINSPECT_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("BQINSPECT_TEST_PG_URL is not set: the test command must start PostgreSQL")
        pytest.skip("no PostgreSQL server (BQINSPECT_TEST_PG_URL unset) outside CI")
    return url


@pytest.fixture(autouse=True)
def _refusals_in_english() -> Iterator[None]:
    """Each test starts with the core's refusals in English, whatever an earlier test chose."""
    from bqinspect.domain import messages

    messages.set_language("en")
    yield
    messages.set_language("en")
