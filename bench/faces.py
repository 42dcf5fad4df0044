"""How well the face detector does: real photos shipped in scikit-image, and the project's own.

    .venv/bin/python bench/faces.py [--json FILE]

Real faces: ``astronaut`` and ``camera`` (one face each), and the 100 faces of ``lfw_subset``
(Labeled Faces in the Wild, 25x25 crops, scaled to 100 px on a 200 px grey canvas, since a
detector needs a face's surroundings); its 100 non-face crops and ``coffee``, ``chelsea``,
``rocket``, ``motorcycle_left``, ``hubble_deep_field`` have none. The project's own images:
the demo's scene photos, the photos the tests make, the README's screenshots and the icon:
no face, so every box there is a false one. scikit-image is a test dependency
(``pip install -e '.[test]'``); its data is read from the wheel, scikit-image is not imported.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bqinspect.redaction.boxes import Box  # noqa: E402
from bqinspect.redaction.detect import detect_in_image  # noqa: E402

# where the faces are (fractions x, y, w, h): a detection overlapping one by half finds it
FACES = {
    "astronaut": [(0.33, 0.10, 0.22, 0.24)],
    "camera": [(0.37, 0.20, 0.15, 0.15)],
}
NO_FACE = ["coffee", "chelsea", "rocket", "motorcycle_left", "hubble_deep_field"]


@dataclass
class Outcome:
    image: str
    faces: int
    found: int
    missed: int
    false_boxes: int


def _data() -> Path:
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("scikit-image is not installed (pip install -e '.[test]')")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _open(folder: Path, name: str) -> Image.Image:
    path = next(folder.glob(f"{name}.*"))
    return Image.open(path).convert("RGB")


def score(name: str, image: Image.Image, faces: list[tuple[float, float, float, float]]) -> Outcome:
    boxes = detect_in_image(image).boxes
    truth = [Box(*f) for f in faces]
    hit = [any(b.overlap(t) >= 0.5 for b in boxes) for t in truth]
    false = [b for b in boxes if not any(b.overlap(t) >= 0.5 for t in truth)]
    return Outcome(name, len(truth), sum(hit), len(truth) - sum(hit), len(false))


def _lfw(folder: Path) -> list[tuple[str, Image.Image, bool]]:
    crops = np.load(folder / "lfw_subset.npy")
    out = []
    for i, crop in enumerate(crops):
        face = Image.fromarray((crop * 255).astype("uint8")).resize((100, 100), Image.BICUBIC)
        canvas = Image.new("L", (200, 200), int(crop.mean() * 255))
        canvas.paste(face, (50, 50))
        out.append((f"lfw_subset[{i}]", canvas, i < 100))
    return out


def _own_images() -> list[tuple[str, Image.Image]]:
    from bqinspect.services.demo import demo_photo
    from tests.unit.sync_helpers import photo_bytes
    from tests.unit.test_report import jpeg as report_jpeg

    rng = random.Random(7)
    out = [(f"demo_photo({label})", demo_photo(label, rng)) for label in ("门楣", "大堂", "柜台")]
    out += [(f"tests jpeg({n})", report_jpeg(n)) for n in range(3)]
    out += [(f"tests photo_bytes({n})", photo_bytes(n)) for n in range(3)]
    images = [(name, Image.open(io.BytesIO(data)).convert("RGB")) for name, data in out]
    for path in [*sorted((REPO / "docs").rglob("*.png")), REPO / "resources/icons/bqinspect.png"]:
        images.append((str(path.relative_to(REPO)), Image.open(path).convert("RGB")))
    return images


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    args = parser.parse_args(argv)
    folder = _data()
    outcomes = [score(n, _open(folder, n), f) for n, f in FACES.items()]
    outcomes += [score(n, _open(folder, n), []) for n in NO_FACE]
    for outcome in outcomes:
        print(
            f"{outcome.image:<22} faces {outcome.faces}  found {outcome.found}  "
            f"missed {outcome.missed}  false boxes {outcome.false_boxes}"
        )
    lfw = [
        (n, score(n, img, [(0.25, 0.25, 0.5, 0.5)] if face else []))
        for n, img, face in _lfw(folder)
    ]
    faces = [o for n, o in lfw if o.faces]
    others = [o for n, o in lfw if not o.faces]
    missed = [o.image for o in faces if o.missed]
    print(
        f"lfw_subset faces:     {sum(o.found for o in faces)} of {len(faces)} found, "
        f"{sum(o.false_boxes for o in faces)} false boxes; missed {', '.join(missed) or 'none'}"
    )
    print(
        f"lfw_subset non-faces: {sum(o.false_boxes for o in others)} false boxes "
        f"on {len(others)} crops"
    )
    own = [score(n, img, []) for n, img in _own_images()]
    falsely = [f"{o.image} ({o.false_boxes})" for o in own if o.false_boxes]
    print(
        f"project images:       {sum(o.false_boxes for o in own)} false boxes on {len(own)} "
        f"images{': ' + ', '.join(falsely) if falsely else ''}"
    )
    if args.json:
        everything = outcomes + [o for _n, o in lfw] + own
        args.json.write_text(json.dumps([asdict(o) for o in everything], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
