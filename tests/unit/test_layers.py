"""The core never imports Qt or the GUI: every core module is imported in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = ["domain", "store", "services", "report", "sync"]

PROBE = """
import importlib, json, pkgutil, sys
import bqinspect, bqinspect.photos, bqinspect.paths, bqinspect.resources, bqinspect.cli
names = []
for pkg in %r:
    mod = importlib.import_module("bqinspect." + pkg)
    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
        if ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
        names.append(info.name)
bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "bqinspect.ui")))
print(json.dumps({"imported": names, "qt": bad}))
"""


def test_core_modules_import_no_qt() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE % (CORE,)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["qt"] == []
    assert any(name.startswith("bqinspect.domain.") for name in result["imported"])
    assert any(name.startswith("bqinspect.services.") for name in result["imported"])
