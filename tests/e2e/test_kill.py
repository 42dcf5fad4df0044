"""No data loss: a process answering items, or typing notes in the editor, is killed with
SIGKILL at random moments."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from bqinspect.services import branches, catalog, inspections
from bqinspect.store.db import integrity_check
from bqinspect.store.workspace import open_workspace

CHILD = Path(__file__).with_name("answer_child.py")
ROUNDS = 8
NOTE_ROUNDS = 5


def test_sigkill_at_random_moments_loses_no_reported_answer(home: Path) -> None:
    ws = open_workspace(home)
    fv = catalog.install_form(
        ws, catalog.load_form_file(catalog.shipped_form_files()[0].parent / "branch-onsite.yaml")
    )
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    insp = inspections.start_inspection(ws, branch.id, fv.id)
    ws.close()
    rng = random.Random(os.environ.get("PYTEST_XDIST_WORKER", "0") + "kill")
    reported: dict[str, str] = {}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    stack = contextlib.ExitStack()
    for round_no in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(home), str(insp.id), str(round_no)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        stack.callback(child.stdout.close)
        assert child.stdout.readline().strip() == "ready"
        kill_after = rng.randint(1, 60)
        for _ in range(kill_after):
            line = child.stdout.readline().split()
            assert line and line[0] == "saved", line
            reported[line[1]] = line[2]
        child.send_signal(signal.SIGKILL)
        # lines written before the kill landed are reports too
        for rest in child.stdout:
            parts = rest.split()
            if len(parts) == 3 and parts[0] == "saved":
                reported[parts[1]] = parts[2]
        assert child.wait() == -signal.SIGKILL

        ws = open_workspace(home)
        try:
            assert integrity_check(ws.db) == []
            stored = {k: a.value for k, a in inspections.answers_of(ws, insp.id).items()}
        finally:
            ws.close()
        for item_id, value in reported.items():
            assert stored.get(item_id) == value, f"round {round_no}: {item_id} lost"
    stack.close()
    assert len(reported) >= 10


def test_sigkill_while_typing_notes_loses_no_note_the_editor_claimed(home: Path) -> None:
    """A note is committed on a pause or on leaving it; whatever the saved indicator claimed
    is still there after a kill, whether typing went on or not."""
    ws = open_workspace(home)
    fv = catalog.install_form(
        ws, catalog.load_form_file(catalog.shipped_form_files()[0].parent / "branch-onsite.yaml")
    )
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    insp = inspections.start_inspection(ws, branch.id, fv.id)
    ws.close()
    rng = random.Random(os.environ.get("PYTEST_XDIST_WORKER", "0") + "notes")
    claimed: dict[str, str] = {}
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "QT_QPA_PLATFORM": "offscreen",
    }
    stack = contextlib.ExitStack()
    for round_no in range(NOTE_ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(home), str(insp.id), str(round_no), "notes"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        stack.callback(child.stdout.close)
        assert child.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(1, 6)):
            line = child.stdout.readline().split()
            assert line and line[0] == "noted", line
            claimed[line[1]] = line[2]
        child.send_signal(signal.SIGKILL)  # typing goes on meanwhile: mid-word, mid-pause
        for rest in child.stdout:
            parts = rest.split()
            if len(parts) == 3 and parts[0] == "noted":
                claimed[parts[1]] = parts[2]
        assert child.wait() == -signal.SIGKILL

        ws = open_workspace(home)
        try:
            assert integrity_check(ws.db) == []
            stored = {k: a.note for k, a in inspections.answers_of(ws, insp.id).items()}
        finally:
            ws.close()
        for item_id, text in claimed.items():
            # notes only grow here: what was claimed is there, maybe with more typed after it
            assert stored.get(item_id, "").startswith(text), f"round {round_no}: {item_id}"
    stack.close()
    assert len(claimed) >= 2
