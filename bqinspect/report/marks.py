"""Marks drawn on a photo's display copy for print (Pillow), from their normalised shapes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bqinspect.base import resources
from bqinspect.domain.annotations import (
    ARROW_HEAD,
    RGB,
    TEXT_HEIGHT,
    Shape,
    ShapeKind,
    arrow_head,
    stroke_px,
)
from bqinspect.report.fonts import SHIPPED_FONT

OUTLINE = (20, 20, 20)  # a dark edge under every mark, so yellow and white show on light walls


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(resources.fonts_dir() / SHIPPED_FONT), size)
    except OSError:
        return ImageFont.load_default(size)


def marked(data: bytes, shapes: Sequence[Shape], *, quality: int = 90) -> bytes:
    """The JPEG ``data`` with ``shapes`` drawn on it (the stored copy itself is not changed)."""
    if not shapes:
        return data
    try:
        with Image.open(io.BytesIO(data)) as img:
            out = img.convert("RGB")
    except Exception:  # damaged: left as it is, for prepare() to name the problem
        return data
    draw = ImageDraw.Draw(out)
    w, h = out.size
    width = stroke_px(w, h)
    for shape in shapes:
        _draw(draw, shape, w, h, width)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _draw(draw: ImageDraw.ImageDraw, shape: Shape, w: int, h: int, width: float) -> None:
    colour = RGB[shape.colour]
    pts = [(x * w, y * h) for x, y in shape.points]
    if shape.kind is ShapeKind.TEXT:
        size = max(10, round(TEXT_HEIGHT * max(w, h)))
        draw.text(
            pts[0],
            shape.text,
            font=_font(size),
            fill=colour,
            stroke_width=max(1, size // 16),
            stroke_fill=OUTLINE,
        )
        return
    for fill, extra in ((OUTLINE, 2.0), (colour, 0.0)):  # the dark edge first, then the colour
        line = max(1, round(width + extra))
        if shape.kind is ShapeKind.ARROW:
            left, right = arrow_head(pts[0], pts[1], ARROW_HEAD * max(w, h))
            draw.line(pts, fill=fill, width=line)
            draw.polygon([pts[1], left, right], fill=fill, outline=fill)
        elif shape.kind is ShapeKind.FREEHAND:
            draw.line(pts, fill=fill, width=line, joint="curve")
        else:
            (x0, y0), (x1, y1) = pts
            box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            if shape.kind is ShapeKind.RECT:
                draw.rectangle(box, outline=fill, width=line)
            else:
                draw.ellipse(box, outline=fill, width=line)
