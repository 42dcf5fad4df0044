"""The redacted copy: each box enlarged, pixelated to a few coarse blocks, then re-encoded."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps

from bqinspect.redaction.boxes import Box

BLOCKS = 6  # blocks across the longer side of a box: no face or digit survives this
THUMB_EDGE = 320
QUALITY = 85


@dataclass(frozen=True)
class RedactedCopy:
    """The redacted display copy and its thumbnail; ``sha256`` is that of ``display``."""

    display: bytes
    thumbnail: bytes
    sha256: str
    width: int
    height: int


def _pixelate(region: Image.Image) -> Image.Image:
    # a blur first, so the block averages carry no edge of what was under them
    radius = max(2, max(region.size) // 8)
    blurred = region.filter(ImageFilter.GaussianBlur(radius))
    scale = BLOCKS / max(region.size)
    small = (max(1, round(region.width * scale)), max(1, round(region.height * scale)))
    coarse = blurred.resize(small, Image.Resampling.BOX)
    return coarse.resize(region.size, Image.Resampling.NEAREST)


def redact_image(image: Image.Image, boxes: Sequence[Box]) -> Image.Image:
    """A copy of the upright RGB ``image`` with every box (enlarged) pixelated."""
    out = ImageOps.exif_transpose(image).convert("RGB")
    for box in boxes:
        x, y, w, h = box.enlarged().pixels(out.width, out.height)
        region = out.crop((x, y, x + w, y + h))
        out.paste(_pixelate(region), (x, y))
    return out


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=QUALITY)  # no EXIF: nothing of the original travels along
    return buf.getvalue()


def redacted_copy(display: bytes, boxes: Sequence[Box]) -> RedactedCopy:
    """Redact the stored display copy ``display``; the original bytes are left as they are."""
    with Image.open(io.BytesIO(display)) as img:
        img.load()
        out = redact_image(img, boxes)
    data = _jpeg(out)
    thumb = out.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return RedactedCopy(
        display=data,
        thumbnail=_jpeg(thumb),
        sha256=hashlib.sha256(data).hexdigest(),
        width=out.width,
        height=out.height,
    )
