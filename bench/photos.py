"""Benchmark photo ingest: naive Pillow pipeline vs ingest_file vs ingest_many on 12 MP JPEGs.

The redaction section (``--redaction``, or ``--only-redaction``) times, interleaved for
``--rounds`` rounds, one 12 MP photo with a real face (scikit-image's astronaut on a noisy
4000x3000 frame): its own ingest, face detection on its display copy, and the redacted copy;
median and min-max of each, and detection against ingest. ``--json FILE`` writes the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bqinspect.photos import IngestedPhoto, ingest_file, ingest_many
from bqinspect.redaction.detect import detect_faces
from bqinspect.redaction.pixelate import redacted_copy

WIDTH, HEIGHT = 4000, 3000


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


def timed(label: str, count: int, run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"{label:<34} {elapsed:7.2f} s  {rate:6.1f} photos/s")
    return rate


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=24, help="number of photos (default 24)")
    parser.add_argument("--workers", type=int, default=2, help="threads for ingest_many")
    parser.add_argument("--redaction", action="store_true", help="add the redaction section")
    parser.add_argument("--only-redaction", action="store_true", help="only that section")
    parser.add_argument("--rounds", type=int, default=5, help="redaction rounds (default 5)")
    parser.add_argument("--json", type=Path, help="write the redaction figures to this file")
    args = parser.parse_args(argv)
    if args.redaction or args.only_redaction or args.json:
        with tempfile.TemporaryDirectory(prefix="bqinspect-bench-") as tmp:
            figures = redaction_section(Path(tmp), max(5, args.rounds))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
        if args.only_redaction:
            return 0
    with tempfile.TemporaryDirectory(prefix="bqinspect-bench-") as tmp:
        start = time.perf_counter()
        paths = make_photos(Path(tmp), args.n)
        size = sum(p.stat().st_size for p in paths) / len(paths) / 2**20
        print(
            f"{args.n} photos {WIDTH}x{HEIGHT}, {size:.1f} MiB each on average, "
            f"made in {time.perf_counter() - start:.1f} s"
        )
        naive_ingest(paths[0])  # warm up caches and imports
        ingest_file(paths[0])

        def many() -> None:
            results = ingest_many(paths, workers=args.workers)
            assert all(isinstance(r, IngestedPhoto) for r in results)

        a = timed("(a) naive, 1 thread", args.n, lambda: [naive_ingest(p) for p in paths])
        b = timed("(b) ingest_file, 1 thread", args.n, lambda: [ingest_file(p) for p in paths])
        c = timed(f"(c) ingest_many, {args.workers} workers", args.n, many)
        print(f"(b)/(a) = {b / a:.2f}x   (c)/(a) = {c / a:.2f}x")
        sample = ingest_file(paths[0])
        display_kib, thumb_kib = len(sample.display) / 1024, len(sample.thumbnail) / 1024
        print(
            f"display {sample.display_width}x{sample.display_height} {display_kib:.0f} KiB, "
            f"thumbnail {thumb_kib:.0f} KiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
