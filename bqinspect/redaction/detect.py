"""Faces found by the frontal and profile Haar cascades shipped in opencv-python-headless."""

from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from bqinspect.redaction.boxes import Box, BoxKind, merged

# The detector scans the display copy downscaled to this long edge: a face a tenth of the
# photo's height is still 70 pixels there. A 12 MP photo takes about 1-3 s (bench/photos.py
# --redaction), so the window runs it off the GUI thread.
DETECT_EDGE = 1024
# between window sizes: 1.15 or 1.2 are up to twice as fast but miss 1 or 3 more lfw faces
SCALE_STEP = 1.1
MIN_FACE = 0.03  # of the scanned image's shorter edge: smaller faces are not identifiable
_CASCADES = ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml")
_local = threading.local()  # a CascadeClassifier is not to be shared between threads


@dataclass(frozen=True)
class Detection:
    """What the detector proposed on one image, and how long it took."""

    boxes: tuple[Box, ...]
    seconds: float
    scanned_width: int
    scanned_height: int


class DetectorMissing(RuntimeError):
    """OpenCV's face cascades are not installed (OpenCV 5 dropped them)."""


def cascade_dir() -> Path:
    return Path(cv2.data.haarcascades)  # type: ignore[attr-defined]


def _classifiers() -> tuple[cv2.CascadeClassifier, cv2.CascadeClassifier]:
    found = getattr(_local, "classifiers", None)
    if found is None:
        loaded = []
        for name in _CASCADES:
            classifier = cv2.CascadeClassifier(str(cascade_dir() / name))
            if classifier.empty():
                raise DetectorMissing(f"the face cascade {name} is missing from OpenCV")
            loaded.append(classifier)
        found = _local.classifiers = (loaded[0], loaded[1])
    return found


def _gray(image: Image.Image, edge: int) -> np.ndarray:
    img = ImageOps.exif_transpose(image).convert("L")
    scale = min(1.0, edge / max(img.size))
    if scale < 1.0:
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        img = img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    # no histogram equalisation: on a photo with a large flat or noisy background it moves the
    # face's tones so far that the cascades miss it (measured: bench/faces.py)
    return np.asarray(img, dtype=np.uint8)


def _scan(classifier: cv2.CascadeClassifier, gray: np.ndarray, min_px: int) -> list[tuple]:
    found = classifier.detectMultiScale(
        gray, scaleFactor=SCALE_STEP, minNeighbors=6, minSize=(min_px, min_px)
    )
    return [tuple(int(v) for v in r) for r in found]


def detect_in_image(image: Image.Image, *, edge: int = DETECT_EDGE) -> Detection:
    """Faces in an (upright) image, frontal and profile, facing either way."""
    started = time.perf_counter()
    gray = _gray(image, edge)
    height, width = gray.shape
    min_px = max(20, round(min(width, height) * MIN_FACE))
    frontal, profile = _classifiers()
    rects = _scan(frontal, gray, min_px) + _scan(profile, gray, min_px)
    # the profile cascade knows faces turned one way: the mirror finds the others
    rects += [(width - x - w, y, w, h) for x, y, w, h in _scan(profile, gray[:, ::-1], min_px)]
    boxes = [
        Box.from_pixels(x, y, w, h, width, height, kind=BoxKind.FACE, auto=True)
        for x, y, w, h in rects
    ]
    return Detection(
        boxes=tuple(merged(boxes)),
        seconds=time.perf_counter() - started,
        scanned_width=width,
        scanned_height=height,
    )


def detect_faces(data: bytes, *, edge: int = DETECT_EDGE) -> Detection:
    """Faces in an encoded image (the stored display copy, upright already)."""
    with Image.open(io.BytesIO(data)) as img:
        img.draft("L", (edge, edge))
        return detect_in_image(img, edge=edge)
