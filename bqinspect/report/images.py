"""Photos for print: decoded, oriented and resampled to their printed size at PRINT_DPI."""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image, ImageOps

from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.domain.annotations import Shape
from bqinspect.domain.messages import declare
from bqinspect.report.marks import marked

IMAGE_DATA_EMPTY = declare(
    "report.images.image_data_empty",
    "the image data is empty",
    "图像数据为空",
)
PHOTO_S_IMAGE_DATA = declare(
    "report.images.photo_s_image_data",
    "the photo's image data is missing from the database",
    "数据库中缺少该照片的图像数据",
)
REFUSED_AS_DECOMPRESSION_BOMB = declare(
    "report.images.refused_as_decompression_bomb",
    "refused as a decompression bomb ({exc})",
    "疑似解压炸弹，已拒绝（{exc}）",
)
CANNOT_DECODE_IMAGE = declare(
    "report.images.cannot_decode_image",
    "cannot decode the image ({name}: {exc})",
    "无法解码图像（{name}：{exc}）",
)
IMAGE_X_TOO_LARGE = declare(
    "report.images.image_x_too_large",
    "image is {width}x{height}, too large",
    "图像为 {width}x{height}，过大",
)

log = logging.getLogger(__name__)

PRINT_DPI = 200
JPEG_QUALITY = 82
# A stored image already this close to the wanted size is embedded as it is (no re-encode).
PASS_THROUGH_SLACK = 1.15
MAX_PIXELS = 100_000_000


class ImageProblem(ValueError):
    """An image could not be used; the message says why."""


@dataclass(frozen=True)
class PrintImage:
    """A JPEG (or PNG for images with transparency) sized for its place on the page."""

    data: bytes
    width: int  # pixels
    height: int
    aspect: float  # width / height


@dataclass(frozen=True)
class ImageJob:
    key: str  # a name for messages (the photo's sha256)
    data: bytes | None  # None: the blob is missing
    box_w: float  # printed box in points
    box_h: float
    shapes: tuple[Shape, ...] = ()  # marks drawn on the printed copy


def fit(width: float, height: float, box_w: float, box_h: float) -> tuple[float, float]:
    """The largest size with the aspect of ``width``×``height`` that fits in the box."""
    scale = min(box_w / width, box_h / height)
    return width * scale, height * scale


def target_pixels(printed_w: float, printed_h: float, dpi: int = PRINT_DPI) -> tuple[int, int]:
    return max(1, math.ceil(printed_w / 72 * dpi)), max(1, math.ceil(printed_h / 72 * dpi))


def prepare(data: bytes, box_w: float, box_h: float, *, dpi: int = PRINT_DPI) -> PrintImage:
    """Decode, orient and downscale one image to print at ``dpi`` inside a box (points)."""
    if not data:
        raise ImageProblem(IMAGE_DATA_EMPTY())
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ImageProblem(IMAGE_X_TOO_LARGE(width=img.width, height=img.height))
            orientation = img.getexif().get(0x0112, 1)
            swapped = orientation in (5, 6, 7, 8)
            w, h = (img.height, img.width) if swapped else (img.width, img.height)
            printed = fit(w, h, box_w, box_h)
            tw, th = target_pixels(*printed, dpi=dpi)
            is_jpeg = img.format == "JPEG"
            if (
                is_jpeg
                and orientation == 1
                and img.mode in ("RGB", "L")
                and w <= tw * PASS_THROUGH_SLACK
            ):
                return PrintImage(data, w, h, w / h)
            if is_jpeg:
                draft_size = (th, tw) if swapped else (tw, th)
                img.draft(img.mode if img.mode in ("RGB", "L") else "RGB", draft_size)
            img.load()
            out = ImageOps.exif_transpose(img)
            alpha = out.mode in ("RGBA", "LA", "PA") or (
                out.mode == "P" and "transparency" in out.info
            )
            out = out.convert("RGBA" if alpha else "RGB")
            if out.width > tw or out.height > th:
                out = out.resize((tw, th), Image.Resampling.LANCZOS, reducing_gap=2.0)
            buf = io.BytesIO()
            if alpha:
                out.save(buf, "PNG", optimize=False)
            else:
                out.save(buf, "JPEG", quality=JPEG_QUALITY)
            return PrintImage(buf.getvalue(), out.width, out.height, out.width / out.height)
    except ImageProblem:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageProblem(REFUSED_AS_DECOMPRESSION_BOMB(exc=exc)) from exc
    except Exception as exc:  # Pillow raises many types on damaged data
        raise ImageProblem(CANNOT_DECODE_IMAGE(name=type(exc).__name__, exc=exc)) from exc


def _run(job: ImageJob) -> PrintImage | ImageProblem:
    if job.data is None:
        return ImageProblem(PHOTO_S_IMAGE_DATA())
    try:
        return prepare(marked(job.data, job.shapes), job.box_w, job.box_h)
    except ImageProblem as exc:
        return exc


class PreparedImages(Mapping[tuple[str, float, float], "PrintImage | ImageProblem"]):
    """Images being prepared on a small thread pool (Pillow releases the GIL while it decodes),
    looked up by key while the page layout goes on.

    Jobs are prepared in the order they were added; looking one up waits for it and every job
    added before it, so ``progress(done, total)`` and ``progress.cancelled()`` are called in
    order, on the calling thread (raises :class:`Cancelled`). Use as a context manager: leaving
    it cancels the jobs not started yet and waits for the running ones.
    """

    def __init__(self, total: int, *, workers: int = 2, progress: ProgressFn = no_progress):
        self._total = total
        self._progress = progress
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, workers), thread_name_prefix="report-img"
        )
        self._keys: dict[tuple[str, float, float], int] = {}
        self._futures: list[Future[PrintImage | ImageProblem]] = []
        self._results: list[PrintImage | ImageProblem] = []

    def add(self, key: tuple[str, float, float], job: ImageJob) -> None:
        self._keys[key] = len(self._futures)
        self._futures.append(self._pool.submit(_run, job))

    def __getitem__(self, key: tuple[str, float, float]) -> PrintImage | ImageProblem:
        index = self._keys[key]
        self._wait(index + 1)
        return self._results[index]

    def __iter__(self) -> Iterator[tuple[str, float, float]]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def results(self) -> list[PrintImage | ImageProblem]:
        """Every result, in the order the jobs were added (waits for them)."""
        self._wait(len(self._futures))
        return list(self._results)

    def _wait(self, count: int) -> None:
        while len(self._results) < count:
            check(self._progress)
            self._results.append(self._futures[len(self._results)].result())
            self._progress(len(self._results), self._total)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PreparedImages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prepare_many(
    jobs: Sequence[ImageJob],
    *,
    workers: int = 2,
    progress: ProgressFn = no_progress,
) -> list[PrintImage | ImageProblem]:
    """Prepare images on a small thread pool; result ``i`` belongs to ``jobs[i]``.

    ``progress(done, len(jobs))`` and ``progress.cancelled()`` are called on the calling
    thread; raises :class:`Cancelled`.
    """
    if not jobs:
        return []
    with PreparedImages(len(jobs), workers=workers, progress=progress) as prepared:
        for n, job in enumerate(jobs):
            prepared.add((str(n), job.box_w, job.box_h), job)
        return prepared.results()
