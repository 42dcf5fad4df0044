"""The Qt binding in use survives a long session: void calls must not leak references to None."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
before = sys.getrefcount(None)
for _ in range(30000):
    app.processEvents()
print(before - sys.getrefcount(None))
"""


def test_many_void_qt_calls_keep_none_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 100
