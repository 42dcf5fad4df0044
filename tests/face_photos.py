"""Real photos with faces for the redaction tests: those shipped in scikit-image's wheel."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pytest
from PIL import Image

# astronaut.png: Eileen Collins, one frontal face, top middle; camera.png: the cameraman, one
# face in three-quarter view; coffee.png: a cup, no face.
# where the faces are, in fractions of the image (x, y, w, h)
ASTRONAUT_FACE = (0.33, 0.10, 0.22, 0.24)
CAMERAMAN_FACE = (0.37, 0.20, 0.15, 0.15)


def skimage_data() -> Path:
    """scikit-image's shipped data folder, found without importing scikit-image."""
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("scikit-image (a test dependency: pip install -e '.[test]') is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def jpeg_of(name: str, quality: int = 90) -> bytes:
    """A shipped image (``astronaut``, ``camera``, ``coffee``…) as JPEG bytes, like a camera's."""
    with Image.open(skimage_data() / f"{name}.png") as img:
        out = io.BytesIO()
        img.convert("RGB").save(out, "JPEG", quality=quality)
        return out.getvalue()
