"""Marks on the notice: the printed photo carries them where they were drawn; the hash knows."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from bqinspect.domain.annotations import RGB, Colour, Shape, ShapeKind
from bqinspect.report import build_report
from bqinspect.report.verify import verify_report
from bqinspect.services import inspections as svc
from tests.unit.sync_helpers import make_inspection, open_ws, setup_field

ARROW = Shape(ShapeKind.ARROW, Colour.RED, ((0.1, 0.5), (0.9, 0.5)))


def _printed_photo(pdf: Path) -> Image.Image:
    """The largest image of the notice (the photo; the rest are signatures and the logo)."""
    images = [i.image for page in PdfReader(pdf).pages for i in page.images]
    best = max((i for i in images if i is not None), key=lambda i: i.width * i.height)
    return best.convert("RGB")


def _near(pixel: tuple[int, ...], rgb: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, rgb, strict=True))


def test_the_notice_prints_the_arrow_where_it_was_drawn(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "ws")
    branch, fv = setup_field(ws)
    iid = make_inspection(ws, branch, fv, submit=False)
    photo_id = svc.photos_of(ws, iid)[0].id
    plain = _printed_photo(build_report(ws, iid, tmp_path / "plain.pdf").path)
    svc.save_annotations(ws, photo_id, [ARROW])
    info = build_report(ws, iid, tmp_path / "marked.pdf")
    marked = _printed_photo(info.path)
    assert marked.size == plain.size
    w, h = marked.size
    across = [(w // 2, h // 2 + dy) for dy in range(-3, 4)]  # a few pixels across the line
    assert any(_near(marked.getpixel(p), RGB[Colour.RED]) for p in across)  # type: ignore[arg-type]
    assert not any(_near(plain.getpixel(p), RGB[Colour.RED]) for p in across)  # type: ignore[arg-type]
    away = (w // 2, h // 8)  # far from the arrow the photo prints as it was
    assert all(
        abs(a - b) < 25
        for a, b in zip(marked.getpixel(away), plain.getpixel(away), strict=True)  # type: ignore[arg-type]
    )
    assert verify_report(ws, info.path).matches
    svc.save_annotations(ws, photo_id, [])  # the marks are part of the record the notice shows
    assert not verify_report(ws, info.path).matches
    ws.close()


def test_every_kind_of_mark_lands_where_its_points_say() -> None:
    import io

    from bqinspect.report.marks import marked

    out = io.BytesIO()
    Image.new("RGB", (400, 300), (128, 128, 128)).save(out, "JPEG")
    shapes = [
        Shape(ShapeKind.RECT, Colour.BLUE, ((0.1, 0.1), (0.3, 0.3))),
        Shape(ShapeKind.ELLIPSE, Colour.YELLOW, ((0.5, 0.1), (0.9, 0.5))),
        Shape(ShapeKind.FREEHAND, Colour.WHITE, ((0.1, 0.8), (0.3, 0.8), (0.5, 0.8))),
        Shape(ShapeKind.TEXT, Colour.RED, ((0.6, 0.7),), "破损"),
    ]
    with Image.open(io.BytesIO(marked(out.getvalue(), shapes))) as img:
        drawn = img.convert("RGB")

    def any_near(points: list[tuple[int, int]], rgb: tuple[int, int, int]) -> bool:
        return any(_near(drawn.getpixel(p), rgb) for p in points)  # type: ignore[arg-type]

    assert any_near([(40 + dx, 60) for dx in range(-3, 4)], RGB[Colour.BLUE])  # left edge
    assert any_near([(280, 30 + dy) for dy in range(-3, 4)], RGB[Colour.YELLOW])  # top
    assert any_near([(80, 240 + dy) for dy in range(-3, 4)], RGB[Colour.WHITE])
    label = [drawn.getpixel((x, y)) for x in range(240, 300) for y in range(210, 235)]
    assert sum(1 for r, g, b in label if r > g + 80 and r > b + 80) > 20  # type: ignore[misc]
    assert _near(drawn.getpixel((200, 150)), (128, 128, 128))  # type: ignore[arg-type]
    assert marked(b"not an image", shapes) == b"not an image"
