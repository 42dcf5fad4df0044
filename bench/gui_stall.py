"""Benchmark the GUI thread's stalls: the longest gap of a 10 ms timer while the window works.

    .venv/bin/python bench/gui_stall.py [--rounds 5] [--scenarios import,export,...]
                                        [--untuned] [--steps] [--json FILE]

The real ``MainWindow`` runs offscreen (1366×768) on a real thread pool; each scenario drives
its pages as a user would, and their background tasks (``ui/tasks.py``) run as in the app:

* ``import``: the Sync page imports a package of 1,000 inspections into a fresh office (a copy
  of one office made once; the window is built before the clock starts, and with it the sync
  worker process, kept from round to round as the app keeps it);
* ``export``: the Sync page exports those 1,000 inspections (all checked) to a new file;
* ``notice``: the Inspections page builds the 115-item / 40-finding / 80-photo notice;
* ``ingest``: the editor adds 20 photos (12 MP JPEGs) to a new inspection;
* ``analytics``: the Analytics page refreshes its figures on the 1,000 inspections;
* ``list10k``: the Inspections page opened on 10,000 inspections, scrolled to the end, sorted
  by each column both ways, a filter typed key by key;
* ``branches2k``: the same on the Branches page with 2,000 branches.

A 10 ms ``QTimer`` (precise) ticks on the GUI thread while a scenario runs and for 0.3 s after
its last task has reported (the finish slots and the reloads they ask for); the figure is the
longest gap between two ticks. The floor is the same timer over an idle window of the same
duration, measured just before, on the same window: idle, scenario, idle, scenario … for
``--rounds`` rounds (at least 5). Prints per scenario the median and min–max of the longest
gap in ms and its ratio to idle; target: the gap ≤ 50 ms. ``--untuned`` runs with the
collector as Python leaves it: the sync jobs untuned (``base.collector.tuned = False``) and a
list's first rows not frozen (``ui.tasks.keep_long_lived``), to measure the tuning's effect;
``--threaded`` runs the import and export jobs on a thread of the window's process, as before
they had a worker process of their own (``ui.sync.worker.in_process = False``), to measure the
worker's effect; ``--steps`` prints a list's worst actions. The data is made once per run, in
a temporary directory. ``sys.setswitchinterval`` is left as Python has it (5 ms): the app does
not change it either.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from bench.interleave import Series, verdict, write_json

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0
TICK_MS = 10
TAIL_S = 0.3  # after the last task reported: its finish slot and the reloads it asked for
SCENARIOS = ("import", "export", "notice", "ingest", "analytics", "list10k", "branches2k")


# the timer ---------------------------------------------------------------------------------
class GapMeter:
    """The longest gap between two ticks of a 10 ms timer on the GUI thread.

    The timer runs all the time (it also wakes the loop that waits for a task); ``start`` and
    ``stop`` bound the gaps that count.
    """

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.longest, self.last = 0.0, time.perf_counter()

    def stop(self) -> float:
        """The longest gap in ms (the time since the last tick counts too)."""
        self._tick()
        return self.longest * 1000


def spin_until(done: Callable[[], bool], limit: float = 600.0) -> None:
    """Run the event loop until ``done()`` (checked after each batch of events)."""
    app = QApplication.instance()
    assert app is not None
    end = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("the scenario did not end")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def spin_for(seconds: float) -> None:
    end = time.perf_counter() + seconds
    spin_until(lambda: time.perf_counter() >= end)


# the data, made once -------------------------------------------------------------------------
@dataclass
class Data:
    folder: Path
    source: Path  # 1,000 submitted inspections with a photo each
    package: Path  # their package
    office: Path  # an empty office that trusts the source's key
    notice: Path  # the 80-photo inspection
    notice_id: uuid.UUID
    photos: list[Path]  # 20 phone photos
    big_list: Path  # 10,000 inspections
    branches: Path  # 2,000 branches
    facts: dict[str, float] = field(default_factory=dict)


def make_data(folder: Path, wanted: set[str], photos: int) -> Data:
    from bench import report as report_bench
    from bench import start as start_bench
    from bench import sync as sync_bench
    from bqinspect.services import catalog
    from bqinspect.store.workspace import open_workspace
    from bqinspect.sync.export import export_package
    from bqinspect.sync.keys import export_public, trust_file

    facts: dict[str, float] = {}
    t0 = time.perf_counter()
    source, package, office = folder / "source", folder / "first.bqpkg", folder / "office"
    if wanted & {"import", "export", "analytics"}:
        ws = open_workspace(source)
        ws.set_setting("device_name", "bench-field")
        sync_bench.fill(ws, 1000, 1, seed=11)
        export_package(ws, package, sync_bench._ids(ws))
        export_public(ws, folder / "source.pub")
        ws.close()
        off = open_workspace(office)
        trust_file(off, folder / "source.pub")
        off.close()
        facts["source_seconds"] = time.perf_counter() - t0
    notice, notice_id, files = folder / "notice", uuid.uuid4(), []
    if wanted & {"notice", "ingest"}:
        t1 = time.perf_counter()
        pictures = folder / "photos"
        pictures.mkdir()
        files = report_bench.make_photos(pictures, max(photos, 20) if "notice" in wanted else 20)
        ws = open_workspace(notice)
        catalog.install_form(ws, catalog.load_form_file(ROOT / "forms" / "branch-onsite.yaml"))
        if "notice" in wanted:
            made = report_bench.make_inspection(ws, files[:photos], 40, random.Random(3))
            notice_id = made[0]  # type: ignore[assignment]
        ws.close()
        facts["photos_seconds"] = time.perf_counter() - t1
    big = folder / "big"
    if "list10k" in wanted:
        t1 = time.perf_counter()
        start_bench.fill(big, 10_000)
        facts["list10k_seconds"] = time.perf_counter() - t1
    many = folder / "branches"
    if "branches2k" in wanted:
        t1 = time.perf_counter()
        fill_branches(many, 2_000)
        facts["branches2k_seconds"] = time.perf_counter() - t1
    return Data(folder, source, package, office, notice, notice_id, files[:20], big, many, facts)


REGIONS = ("华东分行", "华南分行", "华北分行", "西南分行", "East region", "North region")


def fill_branches(folder: Path, count: int, seed: int = 9) -> None:
    """``count`` branches (Chinese and English names, regions), two inspections each."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    from bqinspect.services.catalog import install_shipped_forms
    from bqinspect.store.workspace import open_workspace

    rng = random.Random(seed)
    ws = open_workspace(folder)
    try:
        forms = install_shipped_forms(ws)
        table = dict(SQLModel.metadata.tables)
        end = datetime(2026, 6, 30, tzinfo=UTC)
        branches = [
            {
                "id": uuid.uuid4(), "code": f"{k:05d}",
                "name": f"{rng.choice('东南西北中')}城{k}支行营业部" if k % 3 else f"Branch {k}",
                "name_en": "", "region": REGIONS[k % len(REGIONS)],
                "sub_branch": f"第{k % 40}支行", "address": f"演示路 {k} 号",
                "manager": rng.choice(("孙丽", "王强", "Li Na", "赵敏")),
                "phone": f"021-{rng.randrange(10**7, 10**8)}", "active": k % 17 != 0,
                "revision": 1, "created_at": end, "updated_at": end,
            }
            for k in range(count)
        ]  # fmt: skip
        rows = []
        for n in range(count * 2):
            form = forms[n % len(forms)]
            visit = end - timedelta(minutes=rng.randrange(365 * 24 * 60))
            score = round(rng.uniform(50, 100), 2)
            rows.append({
                "id": uuid.uuid4(), "branch_id": branches[n % count]["id"],
                "form_version_id": form.id, "kind": form.kind, "status": "approved",
                "inspectors": ["甲"], "lead": "", "shopper_alias": "", "visit_start": visit,
                "visit_end": visit + timedelta(hours=2), "notes": "", "internal_notes": "",
                "overall_score": score, "grade": "good" if score >= 80 else "pass",
                "section_scores": None, "veto_hits": None, "submitted_at": visit,
                "created_at": visit, "updated_at": visit, "revision": 1,
                "work_status": "draft", "decision": "", "review_revision": 0,
            })  # fmt: skip
        with ws.db.engine.begin() as conn:
            conn.execute(sa.insert(table["branch"]), branches)
            conn.execute(sa.insert(table["inspection"]), rows)
    finally:
        ws.close()


# the window ------------------------------------------------------------------------------------
class Window:
    """A main window on the workspace in ``home``, shown on ``page``, tasks on a real pool."""

    def __init__(self, home: Path, page: str) -> None:
        from bqinspect.store.workspace import open_workspace
        from bqinspect.ui.context import AppContext
        from bqinspect.ui.main_window import PAGE_KEY, MainWindow

        self.ws = open_workspace(home)
        settings = QSettings(str(home / "bench-ui.ini"), QSettings.Format.IniFormat)
        settings.setValue(PAGE_KEY, page)
        self.ctx = AppContext(self.ws, settings)
        self.ctx.language = "zh_CN"
        self.window = MainWindow(self.ctx)
        self.window.resize(1366, 768)
        self.window.show()
        self.page: Any = self.window.show_page(page)
        self.settle()

    def settle(self) -> None:
        """Until the pool is idle and the events it posted are handled."""
        pool = self.ctx.pool
        spin_until(lambda: pool.activeThreadCount() == 0)  # type: ignore[attr-defined]
        spin_for(0.2)

    def close(self) -> None:
        self.settle()
        self.window.close()
        self.window.deleteLater()
        self.ctx.pool.waitForDone()  # type: ignore[attr-defined]
        spin_for(0.05)
        self.ws.close()


class Scenario:
    """``prepare`` (not timed) makes the window ready; ``run`` is timed; ``after`` tidies."""

    def __init__(self, data: Data, meter: GapMeter) -> None:
        self.data = data
        self.meter = meter
        self.window: Window | None = None
        self.steps: dict[str, float] = {}  # a list's actions: the longest gap of each, in ms

    def prepare(self, round_no: int) -> None: ...

    def run(self, round_no: int) -> None: ...

    def after(self) -> None: ...

    def done(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window = None


def wait_task(task: Any) -> None:
    spin_until(lambda: task is None or task.delivered)


class ImportScenario(Scenario):
    def prepare(self, round_no: int) -> None:
        home = self.data.folder / f"office-{round_no}"
        if home.exists():
            shutil.rmtree(home)
        shutil.copytree(self.data.office, home)
        self.window = Window(home, "sync")

    def run(self, round_no: int) -> None:
        assert self.window is not None
        task = self.window.page.import_file(self.data.package)
        wait_task(task)
        result = self.window.page.last_import
        if result is None or not result.changed:
            raise RuntimeError("the package was not imported")

    def after(self) -> None:
        self.done()


class ExportScenario(Scenario):
    def prepare(self, round_no: int) -> None:
        if self.window is None:
            self.window = Window(self.data.source, "sync")

    def run(self, round_no: int) -> None:
        assert self.window is not None
        page = self.window.page
        page.check_where(lambda _row: True)
        page.go_to_step(page.STEP_DESTINATION)
        page.destination.setText(str(self.data.folder / f"export-{round_no}.bqpkg"))
        wait_task(page.start_export())
        if page.export_wizard.last_export is None:
            raise RuntimeError("nothing was exported")
        page.go_to_step(page.STEP_CHOOSE)


class NoticeScenario(Scenario):
    def prepare(self, round_no: int) -> None:
        if self.window is None:
            self.window = Window(self.data.notice, "inspections")
            page = self.window.page
            page.reports.open_file = lambda _path: True  # no viewer in the benchmark
            spin_until(lambda: page.loading is None or page.loading.delivered)
        self.window.page.select(self.data.notice_id)

    def run(self, round_no: int) -> None:
        assert self.window is not None
        page = self.window.page
        wait_task(page.make_report("office"))
        if page.reports.last is None:
            raise RuntimeError("no notice was made")


class IngestScenario(Scenario):
    def prepare(self, round_no: int) -> None:
        from bqinspect.services import branches, catalog, inspections

        if self.window is None:
            self.window = Window(self.data.notice, "inspections")
        ws = self.window.ws
        fv = catalog.find_form_version(ws, "branch-onsite")
        branch = branches.save_branch(ws, {"code": f"I{round_no:03d}", "name": "照片网点"})
        insp = inspections.start_inspection(ws, branch.id, fv.id, inspectors=["基准"])
        self.editor = self.window.window.open_inspection(insp.id)
        self.window.settle()

    def run(self, round_no: int) -> None:
        editor: Any = self.editor
        wait_task(editor.intake.add_files(None, list(self.data.photos), editor))

    def after(self) -> None:
        assert self.window is not None
        self.window.window.close_editor()
        self.window.settle()


class AnalyticsScenario(Scenario):
    def prepare(self, round_no: int) -> None:
        if self.window is None:
            self.window = Window(self.data.source, "analytics")

    def run(self, round_no: int) -> None:
        assert self.window is not None
        wait_task(self.window.page.reload())


class ListScenario(Scenario):
    """Open the page on a big list, scroll to the end, sort by each column both ways, filter."""

    home_attr = "big_list"
    page_name = "inspections"
    typed = "0012"
    step_pause = 0.06  # after each action, as a user's pause

    def prepare(self, round_no: int) -> None:
        home: Path = getattr(self.data, self.home_attr)
        self.window = Window(home, "forms")

    def loaded(self, page: Any) -> bool:
        task = getattr(page, "loading", None) or getattr(page, "figures_task", None)
        return task is None or task.delivered

    def run(self, round_no: int) -> None:
        assert self.window is not None
        window = self.window.window
        page: Any = None

        def open_page() -> None:
            nonlocal page
            page = window.show_page(self.page_name)
            spin_until(lambda: self.loaded(page))

        self.step("open", open_page)
        table: QTableView = page.table
        self.step("scroll to the end", table.scrollToBottom)
        self.step("scroll to the top", table.scrollToTop)
        for column in range(page.model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                self.step(
                    f"sort {column} {order.name[:3]}",
                    lambda c=column, o=order: table.sortByColumn(c, o),
                )
        page.search.setFocus()
        for n, char in enumerate(self.typed):
            self.step(f"type {self.typed[: n + 1]}", lambda c=char: QTest.keyClick(page.search, c))
        self.step("clear the filter", page.search.clear)

    def step(self, name: str, action: Callable[[], object]) -> None:
        """One action, then a pause; its own longest gap is kept under its name."""
        meter = self.meter
        before, meter.longest = meter.longest, 0.0
        action()
        spin_for(self.step_pause)
        gap = meter.longest
        self.steps[name] = max(self.steps.get(name, 0.0), gap * 1000)
        meter.longest = max(before, gap)

    def after(self) -> None:
        self.done()


class BranchesScenario(ListScenario):
    home_attr = "branches"
    page_name = "branches"
    typed = "城1"


KINDS: dict[str, type[Scenario]] = {
    "import": ImportScenario,
    "export": ExportScenario,
    "notice": NoticeScenario,
    "ingest": IngestScenario,
    "analytics": AnalyticsScenario,
    "list10k": ListScenario,
    "branches2k": BranchesScenario,
}


def measure(scenario: Scenario, round_no: int, meter: GapMeter, idle_s: float) -> tuple[float, ...]:
    """(idle gap ms, scenario gap ms, scenario seconds, full collections) of one round."""
    scenario.prepare(round_no)
    gc.collect()
    meter.start()
    spin_for(idle_s)
    idle = meter.stop()
    full = gc.get_stats()[2]["collections"]
    meter.start()
    t0 = time.perf_counter()
    scenario.run(round_no)
    spin_for(TAIL_S)
    seconds = time.perf_counter() - t0
    gap = meter.stop()
    full = gc.get_stats()[2]["collections"] - full
    scenario.after()
    return idle, gap, seconds, float(full)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds, at least 5 (default 5)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--photos", type=int, default=80, help="photos of the notice")
    parser.add_argument("--untuned", action="store_true", help="the collector as Python has it")
    parser.add_argument("--steps", action="store_true", help="a list's worst actions")
    parser.add_argument(
        "--threaded", action="store_true", help="sync jobs on a thread, not their own process"
    )
    parser.add_argument("--json", type=Path, help="write the ratios and figures to this file")
    args = parser.parse_args()
    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(wanted) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if args.rounds < 5:
        print("note: fewer than 5 rounds is for trying things out only")

    from bqinspect.base import collector
    from bqinspect.ui import app as app_module
    from bqinspect.ui import i18n

    collector.tuned = not args.untuned
    if args.untuned:  # and a list's first rows are not frozen out of full collections
        from bqinspect.ui import tasks

        tasks.keep_long_lived = lambda: None
    if args.threaded:
        from bqinspect.ui.sync import worker

        worker.in_process = False
    app = app_module.create_application([sys.argv[0]])
    i18n.install(app, "zh_CN")
    meter = GapMeter()
    results: dict[str, dict[str, Series]] = {}
    steps: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bq-stall-") as tmp:
        started = time.perf_counter()
        data = make_data(Path(tmp), set(wanted), args.photos)
        print(f"data made in {time.perf_counter() - started:.0f} s")
        for name in wanted:
            scenario = KINDS[name](data, meter)
            warm = measure(scenario, 0, meter, 0.2)  # warm-up: imports, caches, its duration
            idle_s = warm[2]
            series = {
                key: Series(f"{name}_{key}", unit)
                for key, unit in (
                    ("idle", "ms"), ("gap", "ms"), ("ratio", "x"), ("seconds", "s"),
                    ("full_gc", "n"),
                )
            }  # fmt: skip
            for round_no in range(1, args.rounds + 1):
                idle, gap, seconds, full = measure(scenario, round_no, meter, idle_s)
                idle_s = seconds
                series["idle"].values.append(idle)
                series["gap"].values.append(gap)
                series["ratio"].values.append(gap / idle)
                series["seconds"].values.append(seconds)
                series["full_gc"].values.append(full)
            scenario.done()
            steps[name] = scenario.steps
            results[name] = series
            report(name, series, scenario.steps if args.steps else {})
    ratios = [s["ratio"] for s in results.values()]
    gaps = {n: s["gap"].figures() for n, s in results.items()}
    idles = {n: s["idle"].figures() for n, s in results.items()}
    extra = {
        "gap_ms": gaps,
        "idle_ms": idles,
        "seconds": {n: s["seconds"].figures() for n, s in results.items()},
        "full_gc": {n: s["full_gc"].figures() for n, s in results.items()},
        "steps_ms": steps,
        "collector_tuned": collector.tuned,
        "sync_jobs": "thread" if args.threaded else "process",
        "rounds": args.rounds,
        "load": os.getloadavg(),
    }
    write_json(args.json, ratios, extra)
    return 0


def report(name: str, series: dict[str, Series], steps: dict[str, float]) -> None:
    gap, idle = series["gap"], series["idle"]
    print(f"{name}:")
    for key in ("idle", "gap", "ratio", "seconds", "full_gc"):
        print(series[key].line())
    print(f"  longest gap {gap.median:.0f} ms {verdict(gap.median, TARGET_MS)} ms", end="")
    print(f" (idle {idle.median:.0f} ms, worst round {max(gap.values):.0f} ms)")
    for step, ms in sorted(steps.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {step:<24} worst gap {ms:7.0f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
