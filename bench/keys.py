"""Benchmark the editor's keys: key press → committed and key press → screen updated.

    .venv/bin/python bench/keys.py [--rounds 5] [--keys 120] [--clock wall|cpu] [--json FILE]

Drives the real ``InspectionEditor`` offscreen (1366×768) on the shipped 115-item on-site form,
in an application made as the window makes it (its style, style sheet and fonts), with
synthetic key events, sent as the window would deliver them:

* answer keys: Y or N on a yes/no item's card, each a change (pass ↔ fail); the clock stops
  once the touched card and the header's score have been painted;
* note keys: a letter typed into an item's note; the clock stops once the note is painted.
  A note is committed on a pause, so its commit is timed on its own: the pause's timer
  firing → the use case returned ("note flush").

*Committed* is the moment the use case returned (``set_answer`` / ``set_note``); *screen
updated* is after the posted events are delivered, until none is left (the window lays out and
paints what changed then; one pass of the event loop, as before, left a part of it to the
next key), and
the watched widgets have been painted since the key: one that was not is repainted before the
clock stops (before, both were always repainted once more, which counted a second paint and
flush of pixels already on screen). Each subject key is interleaved with its floor: the same
key into a bare ``QLineEdit``, watched the same way. Prints p50 and p99 of each (over all
rounds), the per-round p99 median and min–max, and the ratios to the floor; ``--json FILE``
writes each by name. ``--clock cpu`` times the GUI thread's CPU time instead of the wall
clock: on a machine busy with other work it tells the code's cost from the wait for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QEventLoop, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from bqinspect.domain.forms import AnswerType
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace, open_workspace
from bqinspect.ui.app import create_application
from bqinspect.ui.context import AppContext
from bqinspect.ui.editor.card import ItemCard
from bqinspect.ui.editor.page import InspectionEditor
from bqinspect.ui.tasks import InlinePool

ROOT = Path(__file__).resolve().parent.parent
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.thread_time}
tick = time.perf_counter  # --clock cpu: the GUI thread's CPU time, which other processes'
# load does not stretch (a key waiting for the processor costs nothing there)


@dataclass
class Series:
    """Milliseconds of one measure, per round."""

    rounds: list[list[float]] = field(default_factory=list)

    def start_round(self) -> None:
        self.rounds.append([])

    def add(self, ms: float) -> None:
        self.rounds[-1].append(ms)

    def all(self) -> list[float]:
        return [v for r in self.rounds for v in r]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Clock:
    """When the wrapped use case last returned."""

    def __init__(self) -> None:
        self.returned = 0.0

    def wrap(self, name: str) -> None:
        original: Callable[..., Any] = getattr(svc, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            self.returned = tick()
            return result

        setattr(svc, name, timed)


class PaintWatch(QObject):
    """Whether each watched widget has been painted since :meth:`arm`."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.widgets = widgets
        self.painted: set[int] = set()
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.add(id(watched))
        return False

    def arm(self) -> None:
        self.painted.clear()

    def finish(self) -> None:
        """Repaint what has not been painted since the key."""
        for widget in self.widgets:
            if id(widget) not in self.painted:
                widget.repaint()


def key_event(key: Qt.Key, text: str) -> tuple[QKeyEvent, QKeyEvent]:
    mods = Qt.KeyboardModifier.NoModifier
    return (
        QKeyEvent(QEvent.Type.KeyPress, key, mods, text),
        QKeyEvent(QEvent.Type.KeyRelease, key, mods, text),
    )


def press(target: QWidget, key: Qt.Key, text: str) -> None:
    down, up = key_event(key, text)
    QApplication.sendEvent(target, down)
    QApplication.sendEvent(target, up)


def settle_events(app: QApplication) -> None:
    """Deliver what is posted until nothing is left: a change posts a layout request, the layout
    moves widgets and posts the paint, and one pass of the event loop does not do it all."""
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None
    for _ in range(50):
        if not dispatcher.processEvents(QEventLoop.ProcessEventsFlag.AllEvents):
            return


def prepare(home: Path) -> tuple[Workspace, Any]:
    ws = open_workspace(home, actor="基准测试员")
    fv = catalog.install_form(ws, catalog.load_form_file(ROOT / "forms" / "branch-onsite.yaml"))
    branch = branches.save_branch(ws, {"code": "B0001", "name": "基准测试网点（演示）"})
    insp = svc.start_inspection(ws, branch.id, fv.id, inspectors=["基准测试员"])
    return ws, insp


def build_editor(app: QApplication, ws: Workspace, inspection_id: Any, home: Path) -> Any:
    settings = QSettings(str(home / "qsettings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(ws, settings, pool=InlinePool())
    ctx.language = "en"
    editor = InspectionEditor(ctx, inspection_id)
    for section in editor.session.form.sections:
        editor.page_for(section.id)
    editor.resize(1366, 768)
    editor.show()
    editor.activateWindow()
    deadline = time.monotonic() + 10
    while not editor.isActiveWindow() and time.monotonic() < deadline:
        app.processEvents()
    return editor


def run(rounds: int, keys: int, seed: int) -> dict[str, Series]:
    app = create_application(sys.argv)
    out = {
        name: Series()
        for name in (
            "answer_committed",
            "answer_screen",
            "answer_floor",
            "note_screen",
            "note_floor",
            "note_flush",
        )
    }
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        ws, insp = prepare(home)
        clock = Clock()
        clock.wrap("set_answer")
        clock.wrap("set_note")
        editor = build_editor(app, ws, insp.id, home)
        floor = QLineEdit(editor)  # in the same window, so the focus moves as it does for keys
        floor.setGeometry(900, 4, 300, 28)
        floor.show()
        floor.raise_()
        floor_watch = PaintWatch([floor])
        score = editor.header.score
        yesno = [i.id for i in editor.session.form.items() if i.type is AnswerType.YESNO]
        rng = random.Random(seed)
        letters = "abcdefghijklmnopqrstuvwxyz"
        for _ in range(rounds):
            for series in out.values():
                series.start_round()
            for n in range(keys):
                # the floor: the same key into a bare line edit
                floor.setFocus()
                card: ItemCard = editor.cards[yesno[n % len(yesno)]]
                # pass or fail at random, always a change (a key that changes nothing is free)
                now = editor.session.value(card.item_id)
                char = {"pass": "n", "fail": "y"}.get(str(now), rng.choice("yn"))
                floor_watch.arm()
                t0 = tick()
                press(floor, Qt.Key.Key_Y if char == "y" else Qt.Key.Key_N, char.upper())
                settle_events(app)
                floor_watch.finish()
                out["answer_floor"].add((tick() - t0) * 1000)
                if len(floor.text()) > 40:
                    floor.clear()
                # the subject: Y or N on a yes/no item's card
                editor.focus_item(card.item_id)
                settle_events(app)
                watch = PaintWatch([card, score])
                clock.returned = 0.0
                t0 = tick()
                press(card, Qt.Key.Key_Y if char == "y" else Qt.Key.Key_N, char.upper())
                settle_events(app)
                watch.finish()
                t1 = tick()
                watch.deleteLater()
                if clock.returned:
                    out["answer_committed"].add((clock.returned - t0) * 1000)
                out["answer_screen"].add((t1 - t0) * 1000)
                # a letter into a note, against the same letter into the bare line edit
                letter = rng.choice(letters)
                key = Qt.Key(Qt.Key.Key_A + letters.index(letter))
                floor.setFocus()
                floor_watch.arm()
                t0 = tick()
                press(floor, key, letter)
                settle_events(app)
                floor_watch.finish()
                out["note_floor"].add((tick() - t0) * 1000)
                note_card: ItemCard = editor.cards[yesno[(n * 7) % len(yesno)]]
                editor.focus_item(note_card.item_id)
                note_card.open_note()
                settle_events(app)
                assert note_card.note is not None
                watch = PaintWatch([note_card.note.viewport()])
                t0 = tick()
                press(note_card.note, key, letter)
                settle_events(app)
                watch.finish()
                out["note_screen"].add((tick() - t0) * 1000)
                flush = getattr(note_card, "flush_note", None)
                if n % 8 == 7 and flush is not None:  # a pause: the timer commits the note
                    clock.returned = 0.0
                    t0 = tick()
                    flush()
                    if clock.returned:
                        out["note_flush"].add((clock.returned - t0) * 1000)
        editor.close()
        ws.close()
    return out


def summary(out: dict[str, Series]) -> dict[str, float]:
    figures: dict[str, float] = {}
    for name, series in out.items():
        values = series.all()
        if not values:
            continue
        figures[f"{name}_p50_ms"] = pct(values, 0.50)
        figures[f"{name}_p99_ms"] = pct(values, 0.99)
        per_round = [pct(r, 0.99) for r in series.rounds if r]
        figures[f"{name}_round_p99_median_ms"] = statistics.median(per_round)
        figures[f"{name}_round_p99_min_ms"] = min(per_round)
        figures[f"{name}_round_p99_max_ms"] = max(per_round)
    for subject, floor in (
        ("answer_committed", "answer_floor"),
        ("answer_screen", "answer_floor"),
        ("note_screen", "note_floor"),
    ):
        for q in ("p50", "p99"):
            figures[f"{subject}_{q}_ratio"] = (
                figures[f"{subject}_{q}_ms"] / figures[f"{floor}_{q}_ms"]
            )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keys", type=int, default=120, help="answer keys per round")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    global tick
    tick = CLOCKS[args.clock]
    out = run(args.rounds, args.keys, args.seed)
    figures = summary(out)
    print(
        f"{args.rounds} rounds × {args.keys} answer keys and {args.keys} note keys"
        f" ({args.clock} clock)"
    )
    print(f"{'measure':<20}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'round p99 median (min–max)':>32}")
    for name, series in out.items():
        if not series.all():
            continue
        p = f"{name}_round_p99"
        spread = (
            f"{figures[p + '_median_ms']:.2f} "
            f"({figures[p + '_min_ms']:.2f}–{figures[p + '_max_ms']:.2f})"
        )
        print(
            f"{name:<20}{len(series.all()):>6}{figures[name + '_p50_ms']:>9.2f}"
            f"{figures[name + '_p99_ms']:>9.2f}{spread:>32}"
        )
    for key, value in figures.items():
        if key.endswith("_ratio"):
            print(f"{key:<28}{value:>8.1f}×")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
