"""Benchmark sync: export, import and re-import of N inspections, each against a raw baseline.

    .venv/bin/python bench/sync.py [--inspections 1000] [--photos 3] [--big-gb 0] [--json FILE]

The source workspace is filled with bulk inserts (the shipped 115-item on-site form, realistic
answers from the demo generator, 3 distinct ~150 KB photos per inspection). Baselines are
measured in the same run on the same rows:

* import and re-import: a raw ``sqlite3`` ``executemany`` of the same rows into an empty
  database with the same schema and the app's settings (WAL, synchronous=FULL, foreign keys),
  in one transaction, without any check or merge;
* export: a raw ``sqlite3`` read of the same rows written as JSON and stored blobs into a ZIP
  (no validation, no signature).

``--big-gb N`` also encrypts and decrypts an N GiB stream with age, reporting throughput and
the peak memory of the process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from PIL import Image, ImageDraw
from sqlmodel import SQLModel

from bqinspect.domain.scoring import AnswerState, score
from bqinspect.services.branches import save_branch
from bqinspect.services.catalog import install_form, load_form_file
from bqinspect.services.demo import demo_value
from bqinspect.store.workspace import Workspace, open_workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import export_public, trust_file

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["branch", "formversion", "inspection", "answer", "photoblob", "photo"]


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
            for name in ("photoblob", "inspection", "answer", "photo"):
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


def _raw_rows(db: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    con = sqlite3.connect(db)
    out = {}
    for name in TABLES:
        cur = con.execute(f'SELECT * FROM "{name}"')
        out[name] = ([c[0] for c in cur.description], cur.fetchall())
    con.close()
    return out


def baseline_import(source: Path, folder: Path) -> float:
    """Raw sqlite3 executemany of the same rows into an empty copy of the schema."""
    data = _raw_rows(source)
    target = folder / "baseline.sqlite"
    src = sqlite3.connect(source)
    schema = [
        r[0]
        for r in src.execute("SELECT sql FROM sqlite_master WHERE type='table' AND sql NOT NULL")
    ]
    src.close()
    con = sqlite3.connect(target)
    # The app's own settings (store/db.py), so the ratio shows the cost of checking and merging.
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    for statement in schema:
        con.execute(statement)
    con.commit()
    started = time.perf_counter()
    con.execute("BEGIN")
    for name in TABLES:
        cols, rows = data[name]
        marks = ", ".join("?" for _ in cols)
        con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    con.commit()
    seconds = time.perf_counter() - started
    con.close()
    return seconds


def baseline_export(source: Path, folder: Path) -> float:
    """Raw sqlite3 read of the same rows, written as JSON and stored blobs into a ZIP."""
    started = time.perf_counter()
    data = _raw_rows(source)
    with zipfile.ZipFile(folder / "baseline.zip", "w") as z:
        for name, (cols, rows) in data.items():
            if name == "photoblob":
                for row in rows:
                    rec = dict(zip(cols, row, strict=True))
                    z.writestr(f"blobs/{rec['sha256']}.d", rec["display"])
                    z.writestr(f"blobs/{rec['sha256']}.t", rec["thumbnail"])
                continue
            text = json.dumps([list(r) for r in rows], ensure_ascii=False, default=str)
            z.writestr(f"{name}.json", text, compress_type=zipfile.ZIP_DEFLATED)
    return time.perf_counter() - started


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inspections", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--big-gb", type=float, default=0.0, help="also stream N GiB via age")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bqinspect-bench-sync-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"inspections": args.inspections, "photos_each": args.photos}

    source = open_workspace(folder / "source")
    source.set_setting("device_name", "bench-field")
    facts = fill(source, args.inspections, args.photos)
    results.update(facts)
    source_db = source.db.sqlite_path
    assert source_db is not None
    ids = [r.id for r in source.db.engine.connect().execute(
        sa.select(SQLModel.metadata.tables["inspection"].c.id))]  # fmt: skip
    results["answers"] = source.db.engine.connect().execute(
        sa.text("SELECT count(*) FROM answer")).scalar_one()  # fmt: skip

    package = folder / "bench.bqpkg"
    t0 = time.perf_counter()
    export_package(source, package, ids)
    results["export_seconds"] = time.perf_counter() - t0
    results["package_bytes"] = package.stat().st_size

    office = open_workspace(folder / "office")
    export_public(source, folder / "source.pub")
    trust_file(office, folder / "source.pub")
    t0 = time.perf_counter()
    first = import_package(office, package)
    results["import_seconds"] = time.perf_counter() - t0
    assert first.counts()["new"] == args.inspections, first.summary()
    t0 = time.perf_counter()
    again = import_package(office, package)
    results["reimport_seconds"] = time.perf_counter() - t0
    assert not again.changed, again.summary()
    # Peak memory of this process through export, import and re-import (before the baselines,
    # which hold every row in memory).
    results["sync_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    source.close()
    office.close()
    results["baseline_import_seconds"] = baseline_import(source_db, folder)
    results["baseline_export_seconds"] = baseline_export(source_db, folder)
    results["baseline_zip_bytes"] = (folder / "baseline.zip").stat().st_size
    results["export_ratio"] = results["export_seconds"] / results["baseline_export_seconds"]
    results["import_ratio"] = results["import_seconds"] / results["baseline_import_seconds"]
    results["reimport_ratio"] = results["reimport_seconds"] / results["baseline_import_seconds"]
    results["size_ratio"] = results["package_bytes"] / results["baseline_zip_bytes"]
    if args.big_gb:
        results["big_stream"] = big_stream(folder, args.big_gb)

    n = args.inspections
    print(f"{n} inspections, {results['answers']} answers, {n * args.photos} photos")
    print(f"  export    {results['export_seconds']:7.2f} s  "
          f"({results['export_ratio']:.1f}x raw dump {results['baseline_export_seconds']:.2f} s)  "
          f"{results['package_bytes'] / 2**20:.1f} MiB "
          f"({results['size_ratio']:.2f}x raw zip)")  # fmt: skip
    print(f"  import    {results['import_seconds']:7.2f} s  "
          f"({results['import_ratio']:.1f}x raw executemany "
          f"{results['baseline_import_seconds']:.2f} s)")  # fmt: skip
    print(f"  re-import {results['reimport_seconds']:7.2f} s  "
          f"({results['reimport_ratio']:.1f}x raw executemany)")  # fmt: skip
    if "big_stream" in results:
        b = results["big_stream"]
        print(f"  age {b['gib']} GiB: encrypt {b['encrypt_mib_s']:.0f} MiB/s, decrypt "
              f"{b['decrypt_mib_s']:.0f} MiB/s, "
              f"peak RSS growth {b['peak_rss_growth_mib']:.1f} MiB")  # fmt: skip
    print(f"  peak RSS through export/import/re-import {results['sync_peak_rss_mib']:.0f} MiB; "
          f"files in {folder}")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
