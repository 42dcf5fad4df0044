"""Benchmark photo ingest on 12 MP JPEGs against libjpeg-turbo's ``djpeg -scale 1/2``.

Interleaved for ``--rounds`` rounds (at least 5): per photo, the floor (``djpeg -scale 1/2``,
libjpeg-turbo's own decoder as a process, writing to the null device), ``ingest_file`` and the
naive full decode; per batch of ``--n`` photos, ``ingest_many`` on two threads and on two
processes (photos/s). Prints the median and min-max of each and of each ratio; targets:
ingest <= 1.6x the floor, >= 20 photos/s on two processes. ``--json FILE`` writes each ratio
by name and the figures.

The redaction section (``--redaction``, or ``--only-redaction``) times, interleaved, one 12 MP
photo with a real face (scikit-image's astronaut on a noisy 4000x3000 frame): its own ingest,
face detection on its display copy, and the redacted copy; median and min-max of each, and
detection against ingest.

    .venv/bin/python bench/photos.py [--n 16] [--rounds 5] [--redaction] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.interleave import Series, ratio, run_rounds, timed, verdict, write_json
from bqinspect.photo_workers import Workers, _drop_process_pool, ingest_many, start_workers
from bqinspect.photos import IngestedPhoto, ingest_file
from bqinspect.redaction.detect import detect_faces
from bqinspect.redaction.pixelate import redacted_copy

WIDTH, HEIGHT = 4000, 3000
# libjpeg-turbo's command-line decoder (Debian: libjpeg-turbo-progs, installed by the set-up
# for the tests); the floor every photo is measured against.
DJPEG = shutil.which("djpeg") or "djpeg"


def make_photos(folder: Path, count: int) -> list[Path]:
    """Noisy 4000x3000 JPEGs (about 4 MB each, like a phone's) with EXIF orientation 6."""
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    paths = []
    for i in range(count):
        bands = [
            Image.blend(
                gradient.rotate(angle, expand=False), Image.effect_noise((WIDTH, HEIGHT), 50), 0.2
            )
            for angle in (0, 90 + i, 180)
        ]
        img = Image.merge("RGB", bands)
        exif = Image.Exif()
        exif[ExifTags.Base.Orientation] = 6
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2024:05:06 07:08:09"
        path = folder / f"IMG_{i:04d}.jpg"
        img.save(path, "JPEG", quality=92, exif=exif.tobytes())
        paths.append(path)
    return paths


def naive_ingest(path: Path) -> tuple[bytes, bytes]:
    """What one writes first: full decode, transpose, thumbnail(2048), then the small one."""
    data = path.read_bytes()
    hashlib.sha256(data).hexdigest()
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        oriented = ImageOps.exif_transpose(img)
    oriented.thumbnail((2048, 2048))
    display = io.BytesIO()
    oriented.convert("RGB").save(display, "JPEG", quality=85)
    thumb = oriented.copy()
    thumb.thumbnail((320, 320))
    small = io.BytesIO()
    thumb.convert("RGB").save(small, "JPEG", quality=85)
    return display.getvalue(), small.getvalue()


def face_photo(folder: Path) -> Path:
    """A 4000x3000 JPEG with a real face (the astronaut, 1500 px tall) in a noisy frame."""
    from tests.face_photos import skimage_data

    frame = Image.merge("RGB", [Image.effect_noise((WIDTH, HEIGHT), 40)] * 3)
    with Image.open(skimage_data() / "astronaut.png") as face:
        frame.paste(face.convert("RGB").resize((1500, 1500)), (1200, 700))
    path = folder / "IMG_FACE.jpg"
    frame.save(path, "JPEG", quality=92)
    return path


def spread(times: list[float]) -> dict[str, float]:
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
    }


def redaction_section(folder: Path, rounds: int) -> dict[str, object]:
    """Ingest, detection and the redacted copy of one 12 MP photo, interleaved each round."""
    path = face_photo(folder)
    photo = ingest_file(path)
    detect_faces(photo.display)  # warm up: the cascades load once per thread
    times: dict[str, list[float]] = {"ingest": [], "detect": [], "redact": []}
    faces = 0
    for _ in range(rounds):
        start = time.perf_counter()
        photo = ingest_file(path)
        times["ingest"].append(time.perf_counter() - start)
        start = time.perf_counter()
        found = detect_faces(photo.display)
        times["detect"].append(time.perf_counter() - start)
        start = time.perf_counter()
        redacted_copy(photo.display, found.boxes)
        times["redact"].append(time.perf_counter() - start)
        faces = len(found.boxes)
    result: dict[str, object] = {name: spread(t) for name, t in times.items()}
    ratio = statistics.median(times["detect"]) / statistics.median(times["ingest"])
    result |= {"faces": faces, "rounds": rounds, "detect_over_ingest": ratio}
    print(f"redaction, one {WIDTH}x{HEIGHT} photo with a face, {rounds} rounds interleaved:")
    for name, t in times.items():
        s = spread(t)
        low, high = s["min_s"], s["max_s"]
        print(f"  {name:<7} median {s['median_s']:.3f} s  (min {low:.3f}, max {high:.3f})")
    print(f"  faces found {faces}; detection / ingest = {ratio:.2f}x")
    return result


def djpeg_floor(path: Path) -> None:
    """libjpeg-turbo's own decoder at 1/2 scale, the least any ingest of this photo costs."""
    subprocess.run(
        [DJPEG, "-scale", "1/2", "-outfile", os.devnull, str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def per_photo(run: Callable[[Path], object]) -> Callable[[Path], float]:
    """A measure: the seconds ``run`` takes on one photo."""
    return lambda path: timed(lambda: run(path))


def rate(paths: list[Path], run_in: Workers) -> Callable[[object], float]:
    """A measure: photos per second of one ingest_many batch on two workers."""

    def batch() -> None:
        results = ingest_many(paths, workers=2, run_in=run_in)
        assert all(isinstance(r, IngestedPhoto) for r in results)

    return lambda _: len(paths) / timed(batch)


def ingest_section(folder: Path, count: int, rounds: int) -> tuple[list[Series], dict[str, object]]:
    """Per photo against djpeg and the naive decode, and photos/s on two workers, interleaved."""
    start = time.perf_counter()
    paths = make_photos(folder, count)
    size = sum(p.stat().st_size for p in paths) / len(paths) / 2**20
    made = time.perf_counter() - start
    print(f"{count} photos {WIDTH}x{HEIGHT}, {size:.1f} MiB each on average, made in {made:.1f} s")
    cold = len(paths) / timed(lambda: ingest_many(paths, workers=2))  # starts the processes
    # as the window does: the processes are started when the file dialog opens, ready by the
    # time the files are chosen
    _drop_process_pool(2)
    for ready in start_workers(2):
        ready.result()
    ahead = len(paths) / timed(lambda: ingest_many(paths, workers=2))
    naive_ingest(paths[0])  # warm up caches and imports
    series = run_rounds(
        rounds,
        {
            "djpeg -scale 1/2": per_photo(djpeg_floor),
            "ingest_file": per_photo(ingest_file),
            "naive full decode": per_photo(naive_ingest),
        },
        paths,
    ) | run_rounds(
        rounds,
        {
            "2 threads, photos/s": rate(paths, "thread"),
            "2 processes, photos/s": rate(paths, "process"),
        },
        [None],
    )
    for name in ("2 threads, photos/s", "2 processes, photos/s"):
        series[name].unit = "photos/s"
    floor, ingest, naive = (
        series[n] for n in ("djpeg -scale 1/2", "ingest_file", "naive full decode")
    )
    ratios = [
        ratio("ingest_over_djpeg", ingest, floor),
        ratio("naive_over_djpeg", naive, floor),
        ratio("ingest_over_naive", ingest, naive),
        ratio(
            "processes_over_threads", series["2 processes, photos/s"], series["2 threads, photos/s"]
        ),
    ]
    print(f"per photo and per batch of {count}, {rounds} rounds interleaved:")
    for item in [*series.values(), *ratios]:
        print(item.line())
    print(f"  ingest / djpeg floor: {verdict(ratios[0].median, 1.6)}")
    processes = series["2 processes, photos/s"].median
    print(f"  2 processes: {verdict(processes, 20, at_most=False)} photos/s")
    print(f"  first batch, processes started with it: {cold:.1f} photos/s")
    print(f"  first batch, processes started ahead: {ahead:.1f} photos/s")
    sample = ingest_file(paths[0])
    print(
        f"display {sample.display_width}x{sample.display_height} "
        f"{len(sample.display) / 1024:.0f} KiB, thumbnail {len(sample.thumbnail) / 1024:.0f} KiB"
    )
    figures: dict[str, object] = {name: s.figures() for name, s in series.items()}
    return ratios, {"photos": count, "rounds": rounds, "first_batch_photos_per_s": cold} | {
        "first_batch_started_ahead_photos_per_s": ahead
    } | {"series": figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=16, help="number of photos (default 16)")
    parser.add_argument("--redaction", action="store_true", help="add the redaction section")
    parser.add_argument("--only-redaction", action="store_true", help="only that section")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, at least 5 (default 5)")
    parser.add_argument("--json", type=Path, help="write the ratios and figures to this file")
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    ratios: list[Series] = []
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bqinspect-bench-") as tmp:
        if args.redaction or args.only_redaction:
            figures["redaction"] = redaction_section(Path(tmp), rounds)
        if not args.only_redaction:
            ratios, figures["ingest"] = ingest_section(Path(tmp), args.n, rounds)
    write_json(args.json, ratios, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
