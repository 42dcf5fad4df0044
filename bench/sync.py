"""Benchmark sync: what re-importing, a few changed records and more inspections cost.

    .venv/bin/python bench/sync.py [--sizes 100,1000,5000] [--rounds 5] [--large-rounds N]
                                   [--photos 3] [--changed 0.02] [--big-gb 0] [--json FILE]

Each figure is a ratio against a floor measured in the same run, rounds interleaved (every
round measures every size: floor, subject, floor, subject ...), printed as median and min–max:

* ``reimport_vs_import_N``: importing a package already imported ÷ its first import (the
  floor, into a fresh office in the same round); answered early (``sync.reimport``);
* ``changed_vs_import_N``: a package in which ``--changed`` of the records were edited since
  (a newer revision with changed notes), imported where the first package was ÷ the first
  import; ideally about that share. Its backup before the import is the first to hold the
  photos the first import brought (lean backups keep each photo once, in a store they share);
* ``changed_again_vs_import_N``: then a package in which another ``--changed`` of the records
  were edited, ÷ the first import: an office's usual import, its backup storing no photo again;
* ``export_per_inspection_N_vs_S`` and ``import_per_inspection_N_vs_S``: the cost per inspection
  of exporting / first-importing N inspections ÷ that of the smallest size S;
* ``gc_import_N`` (the largest size ≤ 1,000): the first import with the collector as Python
  leaves it ÷ the same import with the collector tuned for the job (``base.collector``), and
  the full collections and their time in each.

The source workspaces are filled with bulk inserts (the shipped 115-item on-site form,
realistic answers from the demo generator, distinct ~150 KB photos). ``--big-gb N`` also
encrypts and decrypts an N GiB stream with age (throughput and the peak memory of the process).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from PIL import Image, ImageDraw
from sqlmodel import SQLModel

from bqinspect.base import collector
from bqinspect.domain.scoring import AnswerState, score
from bqinspect.services.branches import save_branch
from bqinspect.services.catalog import install_form, load_form_file
from bqinspect.services.demo import demo_value
from bqinspect.store.workspace import Workspace, open_workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import export_public, trust_file

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["branch", "formversion", "inspection", "answer", "photoblob", "photo", "auditevent"]


def template_jpeg(seed: int, size: tuple[int, int], quality: int) -> bytes:
    rng = random.Random(seed)
    img = Image.effect_noise(size, 14).convert("RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(20):
        x, y = rng.randint(0, size[0] - 60), rng.randint(0, size[1] - 60)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.rectangle((x, y, x + rng.randint(40, 300), y + rng.randint(30, 200)), fill=colour)  # type: ignore[arg-type]
    draw.text((20, size[1] - 60), "DEMO benchmark photo", fill=(255, 255, 255), font_size=36)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def fill(ws: Workspace, count: int, photos: int, seed: int = 7) -> dict[str, Any]:
    """Bulk-insert ``count`` submitted inspections with answers and photos; returns facts."""
    rng = random.Random(seed)
    fv = install_form(ws, load_form_file(ROOT / "forms" / "branch-onsite.yaml"))
    form = ws.form(fv.id)
    branches = [
        save_branch(
            ws, {"code": f"B{i:04d}", "name": f"基准测试网点{i}（演示）", "region": "华东分行"}
        )
        for i in range(20)
    ]
    display_t = template_jpeg(1, (1600, 1200), 80)
    thumb_t = template_jpeg(2, (320, 240), 80)
    t = {name: SQLModel.metadata.tables[name] for name in TABLES}
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def flush() -> None:
        with ws.db.engine.begin() as conn:
            for name in ("photoblob", "inspection", "answer", "photo", "auditevent"):
                if rows[name]:
                    conn.execute(sa.insert(t[name]), rows[name])
                rows[name] = []

    for n in range(count):
        iid = uuid.uuid4()
        visit = now - timedelta(days=n % 365, hours=n % 7)
        answers = {}
        for item in form.items():
            value, na = demo_value(item, rng, 0.85)
            if value is None and not na:
                continue
            answers[item.id] = (value, na)
        result = score(
            form, {k: AnswerState(value=v, na=na) for k, (v, na) in answers.items()},
            visit_date=visit.date(),
        )  # fmt: skip
        rows["inspection"].append({
            "id": iid, "branch_id": branches[n % len(branches)].id, "form_version_id": fv.id,
            "kind": "onsite", "status": "submitted", "inspectors": ["王晓明", "李静"],
            "lead": "", "shopper_alias": "", "visit_start": visit,
            "visit_end": visit + timedelta(hours=2), "notes": "基准测试数据（演示）",
            "internal_notes": "", "overall_score": round(result.overall, 2),
            "grade": result.grade, "veto_hits": result.veto_hits,
            "section_scores": {k: {"percent": s.percent, "weight": s.weight}
                               for k, s in result.sections.items()},
            "submitted_at": visit + timedelta(hours=2), "created_at": visit,
            "updated_at": visit + timedelta(hours=2), "revision": 1,
        })  # fmt: skip
        for item_id, (value, na) in answers.items():
            s = result.items[item_id]
            rows["answer"].append({
                "id": uuid.uuid4(), "inspection_id": iid, "item_id": item_id, "value": value,
                "is_na": na, "note": "", "deduction_reason": "",
                "points_awarded": round(s.achieved, 4) if s.applicable else None,
                "points_possible": s.points if s.applicable else None,
                "answered_at": visit + timedelta(minutes=1),
            })  # fmt: skip
        for entity_id, action in ((str(iid), "submit"), (f"{iid}/ENV-01", "answer")):
            rows["auditevent"].append({
                "id": uuid.uuid4(), "at": visit + timedelta(hours=2), "actor": "王晓明",
                "entity": "inspection", "entity_id": entity_id, "action": action, "field": "",
                "old": None, "new": None, "why": "基准测试（演示）", "role": "inspector",
                "device_id": None, "revision": 1,
            })  # fmt: skip
        for k in range(photos):
            tag = os.urandom(16)  # trailing bytes after EOI make each photo distinct
            display, thumbnail = display_t + tag, thumb_t + tag
            sha = hashlib_sha(display + b"original")
            rows["photoblob"].append({
                "sha256": sha, "display": display, "thumbnail": thumbnail, "mime": "image/jpeg",
                "original_size": 4_000_000, "original_width": 4000, "original_height": 3000,
                "display_width": 1600, "display_height": 1200, "taken_at": visit,
                "created_at": visit,
            })  # fmt: skip
            rows["photo"].append({
                "id": uuid.uuid4(), "inspection_id": iid, "item_id": form.items()[k].id,
                "finding_id": None, "finding_event_id": None, "blob_sha256": sha,
                "caption": f"现场照片{k + 1}（演示）", "position": k,
                "created_at": visit, "updated_at": visit,
            })  # fmt: skip
        if len(rows["answer"]) > 20_000:
            flush()
    flush()
    return {
        "fill_seconds": time.perf_counter() - started,
        "display_bytes": len(display_t),
        "thumbnail_bytes": len(thumb_t),
    }


def hashlib_sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


BIG_STREAM_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from pyrage import x25519
from bqinspect.sync import crypto

folder, size = Path(sys.argv[1]), int(sys.argv[2])
plain, enc, dec = folder / "big.bin", folder / "big.age", folder / "big.out"
block = os.urandom(1 << 20)
with plain.open("wb") as f:
    for _ in range(size >> 20):
        f.write(block)
ident = x25519.Identity.generate()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
crypto.encrypt_file(plain, enc, [ident.to_public()])
t1 = time.perf_counter()
crypto.decrypt_file(enc, dec, [ident])
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
same = dec.stat().st_size == size
for p in (plain, enc, dec):
    p.unlink()
print(json.dumps({
    "encrypt_seconds": t1 - t0, "decrypt_seconds": t2 - t1,
    "encrypt_mib_s": size / 2**20 / (t1 - t0), "decrypt_mib_s": size / 2**20 / (t2 - t1),
    "peak_rss_growth_mib": (peak - before) / 1024, "round_trip_ok": same,
}))
"""


def big_stream(folder: Path, gib: float) -> dict[str, Any]:
    """Encrypt and decrypt ``gib`` GiB with age in a fresh process; its own memory growth."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", BIG_STREAM_CHILD, str(folder), str(int(gib * 1024**3))],
        check=True, capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout  # fmt: skip
    return {"gib": gib, **json.loads(out)}


@dataclass
class Size:
    """One source workspace of ``count`` inspections and its two packages."""

    count: int
    folder: Path
    source: Workspace
    first: Path
    changed: Path
    edited: int
    changed_again: Path
    edited_again: int


def prepare(folder: Path, count: int, photos: int, share: float) -> Size:
    """Fill a source, export its package, edit ``share`` of the records, export again."""
    home = folder / f"source-{count}"
    source = open_workspace(home)
    source.set_setting("device_name", f"bench-field-{count}")
    fill(source, count, photos, seed=count)
    ids = _ids(source)
    first, changed = folder / f"first-{count}.bqpkg", folder / f"changed-{count}.bqpkg"
    export_package(source, first, ids)
    picked = random.Random(count).sample(ids, 2 * max(1, round(count * share)))
    edited, edited_again = sorted(picked[: len(picked) // 2]), sorted(picked[len(picked) // 2 :])
    _edit(source, edited)
    export_package(source, changed, ids)
    again = folder / f"changed-again-{count}.bqpkg"
    _edit(source, edited_again)
    export_package(source, again, ids)
    export_public(source, folder / f"source-{count}.pub")
    return Size(count, folder, source, first, changed, len(edited), again, len(edited_again))


def _edit(source: Workspace, edited: list[uuid.UUID]) -> None:
    """A newer revision of each of ``edited``, its answers' notes changed."""
    insp, answer = SQLModel.metadata.tables["inspection"], SQLModel.metadata.tables["answer"]
    with source.db.engine.begin() as conn:
        for row in conn.execute(
            sa.select(insp.c.id, insp.c.revision, insp.c.updated_at).where(insp.c.id.in_(edited))
        ).all():
            later = {
                "revision": row.revision + 1,
                "updated_at": row.updated_at + timedelta(hours=1),
            }
            conn.execute(sa.update(insp).where(insp.c.id == row.id).values(**later))
        conn.execute(
            sa.update(answer)
            .where(answer.c.inspection_id.in_(edited))
            .values(note="复核后修改（演示）")
        )


def _ids(ws: Workspace) -> list[uuid.UUID]:
    insp = SQLModel.metadata.tables["inspection"]
    with ws.db.engine.connect() as conn:
        return [r.id for r in conn.execute(sa.select(insp.c.id).order_by(insp.c.id))]


def _office(size: Size, name: str) -> Workspace:
    home = size.folder / f"office-{size.count}-{name}"
    if home.exists():
        shutil.rmtree(home)
    office = open_workspace(home)
    trust_file(office, size.folder / f"source-{size.count}.pub")
    return office


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


class GcWatch:
    """Full (generation 2) collections and the time spent in them while installed."""

    def __init__(self) -> None:
        self.full = 0
        self.seconds = 0.0
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.full += 1
            self.seconds += time.perf_counter() - self._t0

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def one_round(size: Size, gc_compare: bool) -> dict[str, float]:
    """Export, first import (the floor), re-import, the changed package; once more untuned."""
    out: dict[str, float] = {}
    again = size.folder / f"again-{size.count}.bqpkg"
    out["export"], _ = _timed(export_package, size.source, again, _ids(size.source))
    again.unlink()  # 7 GB at 5,000
    office = _office(size, "a")
    with GcWatch() as watch:
        out["import"], first = _timed(import_package, office, size.first)
    assert first.counts()["new"] == size.count, first.summary()
    out["gc_full_tuned"], out["gc_seconds_tuned"] = watch.full, watch.seconds
    out["reimport"], again = _timed(import_package, office, size.first)
    assert not again.changed and again.counts()["unchanged"] == size.count, again.summary()
    out["changed"], changed = _timed(import_package, office, size.changed)
    assert changed.counts()["updated"] == size.edited, changed.summary()
    out["changed_again"], changed = _timed(import_package, office, size.changed_again)
    assert changed.counts()["updated"] == size.edited_again, changed.summary()
    office.close()
    if gc_compare:
        collector.tuned = False
        try:
            office = _office(size, "b")
            with GcWatch() as watch:
                out["import_untuned"], _ = _timed(import_package, office, size.first)
            out["gc_full_untuned"], out["gc_seconds_untuned"] = watch.full, watch.seconds
            office.close()
        finally:
            collector.tuned = True
    return out


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def ratios(
    rounds: list[dict[int, dict[str, float]]], sizes: list[int], gc_size: int
) -> dict[str, list[float]]:
    """Each named ratio, one value per round."""
    small = sizes[0]
    out: dict[str, list[float]] = {}
    for r in rounds:
        for n in (n for n in sizes if n in r):
            m = r[n]
            out.setdefault(f"reimport_vs_import_{n}", []).append(m["reimport"] / m["import"])
            out.setdefault(f"changed_vs_import_{n}", []).append(m["changed"] / m["import"])
            out.setdefault(f"changed_again_vs_import_{n}", []).append(
                m["changed_again"] / m["import"]
            )
            if n != small:
                for what in ("export", "import"):
                    per_n, per_s = m[what] / n, r[small][what] / small
                    out.setdefault(f"{what}_per_inspection_{n}_vs_{small}", []).append(
                        per_n / per_s
                    )
        if gc_size:
            m = r[gc_size]
            out.setdefault(f"gc_import_{gc_size}", []).append(m["import_untuned"] / m["import"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000,5000", help="inspection counts, comma-separated"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--large-rounds",
        type=int,
        help="measure sizes over 1,000 in only the first N rounds (they are slow); all by default",
    )
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--changed", type=float, default=0.02, help="share of records edited")
    parser.add_argument("--big-gb", type=float, default=0.0, help="also stream N GiB via age")
    parser.add_argument("--json", help="write each ratio by name to this file")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bqinspect-bench-sync-"))
    folder.mkdir(parents=True, exist_ok=True)
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    gc_size = max((n for n in sizes if n <= 1000), default=0)
    prepared = [prepare(folder, n, args.photos, args.changed) for n in sizes]
    rounds: list[dict[int, dict[str, float]]] = []
    for number in range(args.rounds):
        rounds.append(
            {
                s.count: one_round(s, s.count == gc_size)
                for s in prepared
                if s.count <= 1000 or args.large_rounds is None or number < args.large_rounds
            }
        )
        done = "; ".join(
            f"{n}: " + ", ".join(f"{k} {v:.3g}" for k, v in m.items())
            for n, m in rounds[-1].items()
        )
        print(f"round {number + 1}/{args.rounds}: {done}", flush=True)
    named = {name: summary(values) for name, values in ratios(rounds, sizes, gc_size).items()}
    results: dict[str, Any] = {
        "sizes": sizes,
        "rounds": {n: sum(1 for r in rounds if n in r) for n in sizes},
        "photos_each": args.photos,
        "changed_share": {s.count: s.edited / s.count for s in prepared},
        "ratios": named,
        "seconds": {
            n: {k: summary([r[n][k] for r in rounds if n in r]) for k in rounds[0][n]}
            for n in sizes
        },
    }
    counted = ", ".join(f"{n}: {c}" for n, c in results["rounds"].items())
    print(f"rounds, interleaved ({counted}); median (min–max)")
    for name, v in named.items():
        print(f"  {name:34s} {v['median']:6.3f}  ({v['min']:.3f}–{v['max']:.3f})")
    for n in sizes:
        sec = results["seconds"][n]
        line = ", ".join(f"{k} {v['median']:.3g}" for k, v in sec.items())
        print(f"  {n} inspections (median seconds / counts): {line}")
    if args.big_gb:
        results["big_stream"] = b = big_stream(folder, args.big_gb)
        print(
            f"  age {b['gib']} GiB: encrypt {b['encrypt_mib_s']:.0f} MiB/s, decrypt "
            f"{b['decrypt_mib_s']:.0f} MiB/s, peak RSS growth {b['peak_rss_growth_mib']:.1f} MiB"
        )
    for s in prepared:
        s.source.close()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
