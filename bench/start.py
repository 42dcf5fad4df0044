"""Benchmark the start of the desktop app: whole processes against a bare PySide6 window.

    .venv/bin/python bench/start.py [--rounds 5] [--small 100] [--large 10000] [--json FILE]

Two data directories are made first: the shipped forms, a few branches and ``--small`` /
``--large`` inspections (bulk inserts, their answers left out: the start lists inspections,
it opens none). Each is started once to settle the day's backup. Then, interleaved,
``--rounds`` times: a process that shows a bare ``QMainWindow`` (the floor),
``bqinspect --smoke-test`` on the small data, the floor again, ``--smoke-test`` on the large
data. Every process runs offscreen and prints ``main window shown`` once its window is shown
and has processed its events; the app then opens its workspace and prints ``first page
filled`` once the first page's data is on screen, and exits.

Each process is timed from its launch to the line ``main window shown`` (the wall time, and
the CPU time of all its threads read from ``/proc`` when the line arrives, so a little of
what follows may be counted), and, for the app, to ``first page filled``. It prints the
median and min–max of each, and the two ratios that must hold (wall time): start ÷ bare ≤ 3
and start(large) ÷ start(small) ≤ 1.2; the same ratios of the CPU times follow, for a machine
too loaded for wall times to say much, and the time to the first page filled, for reference.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START_LIMIT = 3.0
FLAT_LIMIT = 1.2
BRANCHES = 40
BATCH = 5_000

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
app.processEvents()
print("main window shown", flush=True)
window.close()
app.processEvents()
"""
SHOWN = "main window shown"
FILLED = "first page filled"


def fill(folder: Path, count: int, seed: int = 5) -> Path:
    """A data directory with the shipped forms, ``BRANCHES`` branches and ``count`` inspections."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    from bqinspect.services.catalog import install_shipped_forms
    from bqinspect.store.workspace import open_workspace

    rng = random.Random(seed)
    ws = open_workspace(folder)
    try:
        ws.set_setting("device_name", "bench")
        forms = install_shipped_forms(ws)
        table = dict(SQLModel.metadata.tables)
        end = datetime(2026, 6, 30, tzinfo=UTC)
        branches = [
            {
                "id": uuid.uuid4(), "code": f"{k:04d}", "name": f"网点{k}", "name_en": "",
                "region": f"R{k % 5}", "sub_branch": "", "address": "", "manager": "",
                "phone": "", "active": True, "revision": 1, "created_at": end,
                "updated_at": end,
            }
            for k in range(BRANCHES)
        ]  # fmt: skip
        statuses = ("draft", "submitted", "approved", "returned")
        rows: list[dict[str, Any]] = []
        with ws.db.engine.begin() as conn:
            conn.execute(sa.insert(table["branch"]), branches)
            for n in range(count):
                form = forms[n % len(forms)]
                visit = end - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
                score = round(rng.uniform(50, 100), 2)
                rows.append({
                    "id": uuid.uuid4(), "branch_id": branches[n % BRANCHES]["id"],
                    "form_version_id": form.id, "kind": form.kind,
                    "status": statuses[n % len(statuses)], "inspectors": ["甲", "乙"],
                    "lead": "", "shopper_alias": "", "visit_start": visit,
                    "visit_end": visit + timedelta(hours=2), "notes": "", "internal_notes": "",
                    "overall_score": score, "grade": "good" if score >= 80 else "pass",
                    "section_scores": None, "veto_hits": None, "submitted_at": visit,
                    "created_at": visit, "updated_at": visit, "revision": 1,
                    "work_status": "draft", "decision": "", "review_revision": 0,
                })  # fmt: skip
                if len(rows) >= BATCH:
                    conn.execute(sa.insert(table["inspection"]), rows)
                    rows = []
            if rows:
                conn.execute(sa.insert(table["inspection"]), rows)
    finally:
        ws.close()
    return folder


def environment(home: Path) -> dict[str, str]:
    from bqinspect.base import paths

    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["HOME"] = str(home)  # the bare window and the app read the same (empty) user config
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    # as installed: compiled once (by the warm-up start), into a cache of the run's own
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env.pop(paths.ENV_DB_URL, None)
    env.pop(paths.ENV_HOME, None)
    return env


CPU: list[float] = []  # each process's CPU time (all threads) to SHOWN, in the order timed
FILLED_AT: list[float] = []  # each app process's wall time to FILLED, in the order timed
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """The CPU time so far of process ``pid``'s threads (ns-exact where schedstat exists)."""
    try:
        total = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9
    except (OSError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def timed(command: list[str], env: dict[str, str]) -> float:
    """The wall time of one process from its launch to the line SHOWN; its CPU time to then
    is appended to ``CPU`` and, when it prints FILLED, its wall time to that to ``FILLED_AT``."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    shown = filled = None
    for line in child.stdout:
        if line.strip() == SHOWN and shown is None:
            shown = time.perf_counter() - started
            CPU.append(_cpu_of(child.pid))
        elif line.strip() == FILLED:
            filled = time.perf_counter() - started
    _out, errors = child.communicate()
    if child.returncode != 0 or shown is None:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{errors}")
    if filled is not None:
        FILLED_AT.append(filled)
    return shown


def spread(times: list[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def show(label: str, times: list[float]) -> None:
    s = spread(times)
    print(f"  {label:<28} {s['median']:.3f} s  ({s['min']:.3f}–{s['max']:.3f})")


def show_ratio(label: str, ratios: list[float], limit: float | None) -> dict[str, float]:
    s = spread(ratios)
    verdict = ""
    if limit is not None:
        verdict = f", limit {limit}× — " + ("ok" if s["median"] <= limit else "OVER")
    print(f"  {label:<28} {s['median']:.2f}×  ({s['min']:.2f}–{s['max']:.2f}){verdict}")
    return s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.rounds < 5:
        parser.error("--rounds must be at least 5")

    with tempfile.TemporaryDirectory(prefix="bqinspect-start-") as tmp:
        root = Path(tmp)
        env = environment(root)
        started = time.perf_counter()
        small = fill(root / "small", args.small)
        large = fill(root / "large", args.large)
        took = time.perf_counter() - started
        print(f"data: {args.small} and {args.large} inspections in {took:.1f} s")
        bare = [sys.executable, "-c", BARE]
        app = [sys.executable, "-m", "bqinspect", "--smoke-test", "--data-dir"]
        for home in (small, large):
            timed([*app, str(home)], env)  # the day's backup, the first compile of the caches
        timed(bare, env)

        CPU.clear()
        FILLED_AT.clear()
        floor: list[float] = []
        start_small: list[float] = []
        start_large: list[float] = []
        for _ in range(args.rounds):
            floor.append(timed(bare, env))
            start_small.append(timed([*app, str(small)], env))
            floor.append(timed(bare, env))
            start_large.append(timed([*app, str(large)], env))

    # the CPU times, in the order run: floor, small, floor, large per round
    cpu_over_bare = [CPU[k + 1] / CPU[k] for k in range(0, len(CPU), 4)]
    cpu_flat = [CPU[k + 3] / CPU[k + 1] for k in range(0, len(CPU), 4)]
    # each start against the floor measured just before it
    over_bare = [s / f for s, f in zip(start_small, floor[0::2], strict=True)]
    large_over_bare = [s / f for s, f in zip(start_large, floor[1::2], strict=True)]
    flat = [big / little for big, little in zip(start_large, start_small, strict=True)]
    filled_small, filled_large = FILLED_AT[0::2], FILLED_AT[1::2]
    filled_flat = [b / s for b, s in zip(filled_large, filled_small, strict=True)]
    print(f"start to main window shown, {args.rounds} rounds, interleaved:")
    show("bare QMainWindow", floor)
    show(f"bqinspect, {args.small} inspections", start_small)
    show(f"bqinspect, {args.large} inspections", start_large)
    results = {
        "start_over_bare": show_ratio("start ÷ bare", over_bare, START_LIMIT),
        "start_large_over_bare": show_ratio(
            f"start({args.large}) ÷ bare", large_over_bare, START_LIMIT
        ),
        "start_large_over_small": show_ratio(
            f"start({args.large}) ÷ start({args.small})", flat, FLAT_LIMIT
        ),
    }
    print("CPU time of each process (less sensitive to a loaded machine, for comparison):")
    cpu = {
        "cpu_start_over_bare": show_ratio("CPU start ÷ bare", cpu_over_bare, START_LIMIT),
        "cpu_start_large_over_small": show_ratio(
            f"CPU start({args.large}) ÷ start({args.small})", cpu_flat, FLAT_LIMIT
        ),
    }
    print("start to the first page filled (its data on screen), for reference:")
    show(f"bqinspect, {args.small} inspections", filled_small)
    show(f"bqinspect, {args.large} inspections", filled_large)
    filled = {
        "filled_small_over_bare": show_ratio(
            "filled ÷ bare", [f / b for f, b in zip(filled_small, floor[0::2], strict=True)], None
        ),
        "filled_large_over_small": show_ratio(
            f"filled({args.large}) ÷ filled({args.small})", filled_flat, None
        ),
    }
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "ratios": {name: s["median"] for name, s in {**results, **cpu}.items()},
                    "spread": {**results, **cpu},
                    "filled": filled,
                    "seconds": {
                        "bare": spread(floor),
                        "start_small": spread(start_small),
                        "start_large": spread(start_large),
                        "filled_small": spread(filled_small),
                        "filled_large": spread(filled_large),
                    },
                    "inspections": {"small": args.small, "large": args.large},
                    "rounds": args.rounds,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    ok = results["start_over_bare"]["median"] <= START_LIMIT
    ok = ok and results["start_large_over_small"]["median"] <= FLAT_LIMIT
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
