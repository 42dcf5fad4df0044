"""Benchmark the notice: 115 items, 40 findings, 80 photos (12 MP JPEGs) against its floor.

The floor is bare reportlab placing the same photos resampled to their printed size (bare
Pillow, at the report's DPI and JPEG quality, on two threads as the report does), three to a
row, with no text. Interleaved (floor, notice, floor, notice ...) for ``--rounds`` rounds (at
least 5); prints median and min-max of each and of the ratio; targets: the notice <= 1.5x the
floor and <= 15 MB. ``--json FILE`` writes the ratios by name and the figures.

    .venv/bin/python bench/report.py [--findings 40] [--photos 80] [--rounds 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from PIL import ExifTags, Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from bench.interleave import Series, ratio, run_rounds, timed, verdict, write_json
from bqinspect.domain.forms import AnswerType, Form, PhotoRule
from bqinspect.domain.scoring import achievement
from bqinspect.photo_workers import ingest_many
from bqinspect.report import build_report
from bqinspect.report.images import JPEG_QUALITY, PRINT_DPI, fit
from bqinspect.report.pages import MARGIN_X
from bqinspect.report.photo_grid import PHOTO_GAP, photo_box
from bqinspect.services import branches, catalog, inspections
from bqinspect.services.demo import demo_value
from bqinspect.store.workspace import Workspace, open_workspace

WIDTH, HEIGHT = 4000, 3000


def make_photos(folder: Path, count: int) -> list[Path]:
    """Distinct noisy 4000x3000 JPEGs (about 3-4 MB each, like a phone's), EXIF orientation 6."""
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    noise = Image.effect_noise((WIDTH, HEIGHT), 50)
    bases = [
        Image.merge(
            "RGB",
            [Image.blend(gradient.rotate(a + k * 7), noise, 0.2) for a in (0, 90, 180)],
        )
        for k in range(4)
    ]
    paths = []
    for i in range(count):
        img = bases[i % len(bases)].copy()
        img.paste((40 + i * 2 % 200, 90, 160), (200 + i * 30, 200, 600 + i * 30, 500))
        exif = Image.Exif()
        exif[ExifTags.Base.Orientation] = 6 if i % 2 else 1
        path = folder / f"IMG_{i:04d}.jpg"
        img.save(path, "JPEG", quality=90, exif=exif.tobytes())
        paths.append(path)
    return paths


def failing_value(form: Form, item_id: str, rng: random.Random) -> object | None:
    """A value that fails the item (tries the demo generator a few times)."""
    item = form.item(item_id)
    for _ in range(40):
        value, na = demo_value(item, rng, 0.0)
        if na or value is None:
            continue
        ach = achievement(item, value)
        if ach is not None and ach < item.failure_threshold:
            return value
    return None


def passing_value(form: Form, item_id: str, rng: random.Random) -> object | None:
    item = form.item(item_id)
    for _ in range(40):
        value, na = demo_value(item, rng, 1.0)
        if not na and value is not None:
            return value
    return None


def make_inspection(
    ws: Workspace, photo_files: list[Path], findings: int, rng: random.Random
) -> tuple[object, int, int]:
    """An on-site inspection with ``findings`` failed items and the photos spread over them."""
    fv = catalog.find_form_version(ws, "branch-onsite")
    form = ws.form(fv.id)
    branch = branches.save_branch(
        ws,
        {
            "code": "BENCH01",
            "name": "基准测试支行营业部（演示）",
            "region": "华东分行",
            "sub_branch": "城东支行",
            "address": "演示市城东路 1 号",
            "manager": "李经理",
        },
    )
    insp = inspections.start_inspection(
        ws,
        branch.id,
        fv.id,
        inspectors=["张检查", "王检查"],
        visit_start=datetime(2026, 5, 6, 1, 30, tzinfo=UTC),
    )
    candidates = [
        i
        for i in form.items()
        if i.scored
        and not i.gate
        and not i.show_if
        and i.type not in (AnswerType.DURATION, AnswerType.PHOTO, AnswerType.SIGNATURE)
        and i.photo_on_fail is not PhotoRule.FORBIDDEN
    ]
    to_fail = {i.id for i in rng.sample(candidates, min(findings, len(candidates)))}
    for item in form.items():
        if item.type in (AnswerType.DURATION, AnswerType.PHOTO, AnswerType.SIGNATURE):
            continue
        maker = failing_value if item.id in to_fail else passing_value
        value = maker(form, item.id, rng)
        if value is None:
            continue
        try:
            inspections.set_answer(ws, insp.id, item.id, value)
        except Exception:  # an item hidden by show_if: fine for a benchmark
            continue
        if item.id in to_fail:
            inspections.set_note(
                ws,
                insp.id,
                item.id,
                "现场发现该项不达标：" + "标识破损、位置不醒目，客户难以辨认；" * rng.randint(1, 3),
            )
    failed = [f for f in inspections.findings_of(ws, insp.id)]
    ingested = [p for p in ingest_many(photo_files, workers=2) if not isinstance(p, Exception)]
    for n, photo in enumerate(ingested):
        finding = failed[n % len(failed)]
        inspections.attach_photo(
            ws, insp.id, photo, item_id=finding.item_id, caption=f"{finding.item_id} 现场照片"
        )
    return insp.id, len(failed), len(ingested)


def print_copy(data: bytes, box_w: float, box_h: float) -> tuple[bytes, float, float]:
    """Bare Pillow: the stored copy decoded, resampled to its printed size at the report's DPI
    and encoded as JPEG; with the printed width and height in points."""
    with Image.open(io.BytesIO(data)) as img:
        w, h = fit(img.width, img.height, box_w, box_h)
        size = (math.ceil(w / 72 * PRINT_DPI), math.ceil(h / 72 * PRINT_DPI))
        img.draft("RGB", size)
        small = img.convert("RGB").resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue(), w, h


def floor_pdf(ws: Workspace, inspection_id: object, out: Path) -> float:
    """Seconds for bare reportlab to place the photos resampled to print size (on two threads,
    as the report does), three to a row, and nothing else."""
    photos = inspections.photos_of(ws, inspection_id)  # type: ignore[arg-type]
    blobs = [inspections.photo_blob(ws, photo.blob_sha256) for photo in photos]
    box_w, box_h = photo_box(A4[0] - 2 * MARGIN_X, 3)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        copies = list(pool.map(lambda b: print_copy(b.display, box_w, box_h), blobs))
    canv = Canvas(str(out), pagesize=A4)
    y = A4[1] - 25 * 2.8346
    for n, (data, w, h) in enumerate(copies):
        col = n % 3
        if col == 0 and n:
            y -= box_h + PHOTO_GAP
            if y < 30 * 2.8346:
                canv.showPage()
                y = A4[1] - 25 * 2.8346
        x = MARGIN_X + col * (box_w + PHOTO_GAP)
        canv.drawImage(ImageReader(io.BytesIO(data)), x, y - h, w, h)
    canv.showPage()
    canv.save()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=40)
    parser.add_argument("--photos", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=5, help="rounds, at least 5 (default 5)")
    parser.add_argument("--json", type=Path, help="write the ratios and figures to this file")
    parser.add_argument("--keep", type=Path, help="copy the PDFs into this folder")
    args = parser.parse_args()
    rl_config.useA85 = 0
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "photos").mkdir()
        t = time.perf_counter()
        files = make_photos(tmp / "photos", args.photos)
        print(f"made {len(files)} photos of {WIDTH}x{HEIGHT} in {time.perf_counter() - t:.1f} s")
        ws = open_workspace(tmp / "ws")
        ws.set_setting("bank_name", "演示银行 Demo Bank")
        catalog.install_shipped_forms(ws)
        t = time.perf_counter()
        insp_id, n_findings, n_photos = make_inspection(ws, files, args.findings, rng)
        form = ws.form(inspections.get_inspection(ws, insp_id).form_version_id)  # type: ignore[arg-type]
        print(
            f"inspection: {len(form.items())} items, {n_findings} findings, {n_photos} photos "
            f"(set up in {time.perf_counter() - t:.1f} s)"
        )
        report_pdf, floor_file = tmp / "report.pdf", tmp / "floor.pdf"
        info = build_report(ws, insp_id, report_pdf, audience="office")  # type: ignore[arg-type]
        series = run_rounds(
            max(5, args.rounds),
            {
                "floor": lambda _: floor_pdf(ws, insp_id, floor_file),
                "notice": lambda _: timed(
                    lambda: build_report(ws, insp_id, report_pdf, audience="office")  # type: ignore[arg-type]
                ),
            },
            [None],
        )
        size, floor_size, pages = report_pdf.stat().st_size, floor_file.stat().st_size, info.pages
        over = ratio("notice_over_floor", series["notice"], series["floor"])
        sizes = Series("notice_size_over_floor", "x", [size / floor_size])
        print("notice against bare reportlab placing the photos resampled to print size:")
        for item in (*series.values(), over):
            print(item.line())
        print(f"  notice / floor: {verdict(over.median, 1.5)}")
        print(
            f"  notice {size / 2**20:.2f} MiB ({verdict(size / 2**20, 15)} MiB), floor "
            f"{floor_size / 2**20:.2f} MiB, {pages} pages"
        )
        write_json(
            args.json,
            [over, sizes],
            {
                "items": len(form.items()),
                "findings": n_findings,
                "photos": n_photos,
                "notice_mib": size / 2**20,
                "floor_mib": floor_size / 2**20,
                "series": {name: s.figures() for name, s in series.items()},
            },
        )
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "bench-report.pdf").write_bytes(report_pdf.read_bytes())
            (args.keep / "bench-floor.pdf").write_bytes(floor_file.read_bytes())
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
