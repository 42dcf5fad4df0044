"""Qt images as bytes: the one place that encodes a QImage to PNG."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG; empty when Qt cannot encode it (e.g. a null image)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.12 types the format as bytes but refuses bytes at run time: pass a str.
    saved = image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data()) if saved else b""
