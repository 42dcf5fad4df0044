"""Benchmark the rectification report: 115 items, 40 findings, 80 photos (12 MP JPEGs).

Measures build_report (time, size, pages) and, in the same run, the floor: a bare reportlab
document that only places the same 80 stored images at the same printed size.

    .venv/bin/python bench/report.py [--findings 40] [--photos 80] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PIL import ExifTags, Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from bqinspect.domain.forms import AnswerType, Form, PhotoRule
from bqinspect.domain.scoring import achievement
from bqinspect.photos import ingest_many
from bqinspect.report import build_report
from bqinspect.report.images import fit
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


def floor_pdf(ws: Workspace, inspection_id: object, out: Path) -> float:
    """Seconds to place the same stored images at the same printed size, and nothing else."""
    photos = inspections.photos_of(ws, inspection_id)  # type: ignore[arg-type]
    width = A4[0] - 2 * MARGIN_X
    box_w, box_h = photo_box(width, 3)
    started = time.perf_counter()
    canv = Canvas(str(out), pagesize=A4)
    x0, y = MARGIN_X, A4[1] - 25 * 2.8346
    for n, photo in enumerate(photos):
        blob = inspections.photo_blob(ws, photo.blob_sha256)
        assert blob is not None
        reader = ImageReader(io.BytesIO(blob.display))
        iw, ih = reader.getSize()
        w, h = fit(iw, ih, box_w, box_h)
        col = n % 3
        if col == 0 and n:
            y -= box_h + PHOTO_GAP
            if y < 30 * 2.8346:
                canv.showPage()
                y = A4[1] - 25 * 2.8346
        canv.drawImage(reader, x0 + col * (box_w + PHOTO_GAP), y - h, w, h)
    canv.showPage()
    canv.save()
    return time.perf_counter() - started


def resampled_floor_pdf(ws: Workspace, inspection_id: object, out: Path) -> float:
    """The floor with the images resampled to the report's print size (one thread, no text)."""
    from bqinspect.report.images import prepare

    photos = inspections.photos_of(ws, inspection_id)  # type: ignore[arg-type]
    width = A4[0] - 2 * MARGIN_X
    box_w, box_h = photo_box(width, 3)
    started = time.perf_counter()
    canv = Canvas(str(out), pagesize=A4)
    y = A4[1] - 25 * 2.8346
    for n, photo in enumerate(photos):
        blob = inspections.photo_blob(ws, photo.blob_sha256)
        assert blob is not None
        image = prepare(blob.display, box_w, box_h)
        w, h = fit(image.aspect, 1.0, box_w, box_h)
        col = n % 3
        if col == 0 and n:
            y -= box_h + PHOTO_GAP
            if y < 30 * 2.8346:
                canv.showPage()
                y = A4[1] - 25 * 2.8346
        canv.drawImage(
            ImageReader(io.BytesIO(image.data)), MARGIN_X + col * (box_w + PHOTO_GAP), y - h, w, h
        )
    canv.showPage()
    canv.save()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=40)
    parser.add_argument("--photos", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (median)")
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
        report_times, floor_times, resampled_times = [], [], []
        info = None
        for _ in range(args.repeat):
            # alternate so that both see the same machine state
            floor_times.append(floor_pdf(ws, insp_id, tmp / "floor.pdf"))
            resampled_times.append(resampled_floor_pdf(ws, insp_id, tmp / "floor2.pdf"))
            t = time.perf_counter()
            info = build_report(ws, insp_id, tmp / "report.pdf", audience="office")  # type: ignore[arg-type]
            report_times.append(time.perf_counter() - t)
        assert info is not None
        floor_size = (tmp / "floor.pdf").stat().st_size
        report_t, floor_t = statistics.median(report_times), statistics.median(floor_times)
        print(
            f"report: {report_t:.2f} s (median of {args.repeat}), {info.size / 2**20:.2f} MiB, "
            f"{info.pages} pages"
        )
        print(
            f"floor : {floor_t:.2f} s, {floor_size / 2**20:.2f} MiB (the same images placed "
            "as stored, no text)"
        )
        print(f"ratio : time x{report_t / floor_t:.2f}, size x{info.size / floor_size:.2f}")
        floor2_t = statistics.median(resampled_times)
        floor2_size = (tmp / "floor2.pdf").stat().st_size
        print(
            f"floor2: {floor2_t:.2f} s, {floor2_size / 2**20:.2f} MiB (the same images resampled "
            "to the report's print size on one thread, no text)"
        )
        print(f"ratio : time x{report_t / floor2_t:.2f}, size x{info.size / floor2_size:.2f}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "bench-report.pdf").write_bytes((tmp / "report.pdf").read_bytes())
            (args.keep / "bench-floor.pdf").write_bytes((tmp / "floor.pdf").read_bytes())
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
