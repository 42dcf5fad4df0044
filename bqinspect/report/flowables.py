"""Small drawing pieces of the report: severity chips, score bars, photo boxes, QR codes."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from bqinspect.report.images import ImageProblem, PrintImage, fit
from bqinspect.report.styles import FAINT, GRID, INK, MUTED, RULE


class _JpegReader(ImageReader):
    """A JPEG that reportlab embeds as it is, named by its bytes.

    reportlab names every image it places by a digest of its decoded pixels, and so decodes
    each photo once more only to name it; the bytes of the JPEG name it just as well.
    """

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._dataA = None  # no soft mask
        self._named = data

    def getRGBData(self) -> bytes:
        # drawImage asks for it only to name the image: the embedded JPEG is read via jpeg_fh
        return self._named


def image_reader(data: bytes) -> ImageReader:
    """A reader for reportlab's drawImage: JPEGs are named by their bytes, not decoded."""
    reader = _JpegReader(data)
    if reader.jpeg_fh() is not None:
        return reader
    return ImageReader(reader)  # the same image, named by its pixels (e.g. a PNG's alpha)


class Chip(Flowable):
    """A filled rounded label, e.g. a severity or a grade."""

    def __init__(
        self,
        text: str,
        fill: colors.Color,
        font: str,
        size: float = 7.5,
        *,
        text_colour: colors.Color = colors.white,
        pad: float = 3.5,
    ):
        super().__init__()
        self.text = text
        self.fill = fill
        self.font = font
        self.size = size
        self.text_colour = text_colour
        self.pad = pad
        self.width = stringWidth(text, font, size) + 2 * pad
        self.height = size + 2 * pad * 0.7

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(self.fill)
        c.setStrokeColor(self.fill)
        c.roundRect(0, 0, self.width, self.height, min(3, self.height / 2), fill=1, stroke=0)
        c.setFillColor(self.text_colour)
        c.setFont(self.font, self.size)
        c.drawCentredString(self.width / 2, self.height / 2 - self.size * 0.36, self.text)


class ScoreBar(Flowable):
    """A horizontal bar for a percentage, with a tick where the previous inspection stood."""

    def __init__(
        self,
        percent: float | None,
        fill: colors.Color,
        width: float,
        height: float = 7,
        previous: float | None = None,
    ):
        super().__init__()
        self.percent = percent
        self.fill = fill
        self.width = width
        self.height = height
        self.previous = previous

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.width, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(colors.HexColor("#EEF0F3"))
        c.rect(0, 0, self.width, self.height, fill=1, stroke=0)
        if self.percent is not None:
            c.setFillColor(self.fill)
            c.rect(0, 0, self.width * max(0.0, min(100.0, self.percent)) / 100, self.height, 0, 1)
        c.setStrokeColor(colors.white)
        c.setLineWidth(0.6)
        for mark in (25, 50, 75):
            x = self.width * mark / 100
            c.line(x, 0, x, self.height)
        if self.previous is not None:
            x = self.width * max(0.0, min(100.0, self.previous)) / 100
            c.setStrokeColor(INK)
            c.setLineWidth(1.2)
            c.line(x, -1.5, x, self.height + 1.5)


class PhotoBox(Flowable):
    """One photo fitted and centred in a fixed box, with a caption under it.

    When the photo cannot be used, a framed placeholder says so instead. The image and the
    box height may be given as functions, called when the box is first laid out (the photo may
    still be in preparation while the text before it is laid out).
    """

    def __init__(
        self,
        image: PrintImage | ImageProblem | Callable[[], PrintImage | ImageProblem],
        box_w: float,
        box_h: float | Callable[[], float],
        caption: Paragraph,
        *,
        problem_text: str,
        font: str,
    ):
        super().__init__()
        self._image = image
        self.box_w = box_w
        self._box_h = box_h
        self.caption = caption
        self.problem_text = problem_text
        self.font = font
        self._cap_h = 0.0

    @property
    def image(self) -> PrintImage | ImageProblem:
        if callable(self._image):
            self._image = self._image()
        return self._image

    @property
    def box_h(self) -> float:
        if callable(self._box_h):
            self._box_h = self._box_h()
        return self._box_h

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, self._cap_h = self.caption.wrap(self.box_w, 1000)
        return self.box_w, self.box_h + 3 + self._cap_h

    def draw(self) -> None:
        c = self.canv
        top = self._cap_h + 3
        image = self.image
        if isinstance(image, PrintImage):
            w, h = fit(image.aspect, 1.0, self.box_w, self.box_h)
            x = (self.box_w - w) / 2
            y = top + (self.box_h - h) / 2
            reader = image_reader(image.data)
            c.drawImage(reader, x, y, w, h, mask="auto")
            c.setStrokeColor(GRID)
            c.setLineWidth(0.4)
            c.rect(x, y, w, h, stroke=1, fill=0)
        else:
            c.setStrokeColor(RULE)
            c.setFillColor(colors.HexColor("#F5F6F8"))
            c.setDash(3, 2)
            c.rect(0, top, self.box_w, self.box_h, stroke=1, fill=1)
            c.setDash()
            c.setFillColor(MUTED)
            c.setFont(self.font, 8)
            c.drawCentredString(self.box_w / 2, top + self.box_h / 2, self.problem_text)
        self.caption.drawOn(c, 0, 0)


class SignatureImage(Flowable):
    """A captured signature fitted into a box; a blank writing line when there is none."""

    def __init__(self, image: PrintImage | None, width: float, height: float):
        super().__init__()
        self.image = image
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.width, avail_width)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.image is not None:
            w, h = fit(self.image.aspect, 1.0, self.width, self.height - 4)
            reader = image_reader(self.image.data)
            c.drawImage(reader, 0, 3, w, h, mask="auto")
        c.setStrokeColor(FAINT)
        c.setLineWidth(0.5)
        c.line(0, 1, self.width, 1)


def qr_drawing(text: str, size: float, font: str) -> Drawing:
    """A QR code as vector shapes (no image round trip), ``size`` points square.

    ``font`` becomes the drawing's initial font so that no unembedded standard font is named.
    """
    widget = QrCodeWidget(text, barLevel="M", barBorder=0, barFillColor=INK)
    modules = widget.draw()  # encodes once; the widget itself would encode again to be drawn
    x0, y0, x1, y1 = modules.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.initialFontName = font
    drawing.add(modules)
    return drawing
