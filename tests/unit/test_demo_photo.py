"""The generated demo photos: stamped DEMO, with their Chinese label drawn in a CJK font."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageChops

from bqinspect.services.demo import demo_photo


def _stamp(label: str) -> Image.Image:
    """The dark band at the foot of the photo, where the label is written."""
    with Image.open(io.BytesIO(demo_photo(label, random.Random(7)))) as img:
        w, h = img.size
        return img.convert("L").crop((0, h - 140, w, h))


def test_different_chinese_labels_draw_different_glyphs() -> None:
    # a font without CJK draws every Chinese character as the same box
    first, second = _stamp("现场照片"), _stamp("大堂服务")
    assert ImageChops.difference(first, second).getbbox() is not None


def test_the_stamp_is_written_and_the_photo_is_a_jpeg() -> None:
    data = demo_photo("现场照片 1", random.Random(1))
    assert data[:3] == b"\xff\xd8\xff"
    band = _stamp("现场照片 1")
    light = sum(band.histogram()[201:])
    assert light > 1000  # white text on the dark band
