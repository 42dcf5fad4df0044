"""The Chinese translation covers every visible string, and the .ts matches the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from bqinspect.base import resources

TS = resources.translations_dir() / "bqinspect_zh_CN.ts"
UI = Path(__file__).resolve().parents[2] / "bqinspect" / "ui"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    found: dict[tuple[str, str], ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _lupdate() -> str:
    tool = Path(sys.executable).with_name("pyside6-lupdate")
    return str(tool) if tool.exists() else shutil.which("pyside6-lupdate") or "pyside6-lupdate"


def test_every_string_has_a_finished_translation():
    messages = _messages(TS)
    assert len(messages) > 300
    assert ET.parse(TS).getroot().get("language") == "zh_CN"
    problems = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        forms = [f.text or "" for f in translation.iter("numerusform")]
        text = "".join(forms) if message.get("numerus") == "yes" else translation.text or ""
        if kind in ("unfinished", "obsolete", "vanished") or not text.strip():
            problems.append(f"{context}: {source!r}")
            continue
        for marker in ("%1", "%2", "%3", "%n"):
            if marker in source and marker not in text:
                problems.append(f"{context}: {source!r} lost {marker}")
    assert problems == []


def test_ts_is_up_to_date_with_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run(
        [_lupdate(), "-locations", "none", "-no-obsolete", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    in_code = set(_messages(fresh))
    in_ts = set(_messages(TS))
    assert sorted(in_code - in_ts) == [], "strings missing from the .ts (run lupdate)"
    assert sorted(in_ts - in_code) == [], "strings in the .ts that the code no longer has"
