"""Render the application icon (resources/icons/bqinspect.svg) to the PNG and ICO files.

Run after changing the SVG:  python packaging/render_icon.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZE = 256
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn with Qt's SVG renderer on a transparent square of ``size`` pixels."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    from PIL import Image

    svg = ICONS / "bqinspect.svg"
    png = render_png(svg, PNG_SIZE)
    (ICONS / "bqinspect.png").write_bytes(png)
    big = Image.open(io.BytesIO(render_png(svg, 256)))
    big.save(ICONS / "bqinspect.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {ICONS / 'bqinspect.png'} and {ICONS / 'bqinspect.ico'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
