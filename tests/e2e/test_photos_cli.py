"""``bqinspect photos attach`` and ``photos list`` end to end, an iPhone HEIC among the files."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pillow_heif
from PIL import ExifTags, Image

from bqinspect.domain.annotations import Colour, Shape, ShapeKind
from bqinspect.services import inspections as svc
from tests.e2e.test_cli import run
from tests.unit.sync_helpers import VISIT, open_ws, photo_bytes, setup_field

pillow_heif.register_heif_opener()


def _heic(path: Path) -> Path:
    exif = Image.Exif()
    exif[ExifTags.Base.DateTime] = "2026:11:30 10:11:12"
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(out, "HEIF", exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return path


def _inspection(home: Path) -> str:
    ws = open_ws(home)
    branch, fv = setup_field(ws)
    iid = svc.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=VISIT).id
    ws.close()
    return str(iid)


def test_attach_prints_the_ids_and_list_shows_sizes_hashes_times_and_marks(
    home: Path, tmp_path: Path
) -> None:
    iid = _inspection(home)
    jpeg = tmp_path / "lobby.jpg"
    jpeg.write_bytes(photo_bytes(3))
    heic = _heic(tmp_path / "IMG_0001.HEIC")

    attached = run("photos", "attach", iid[:8], str(jpeg), str(heic), "--item", "ENV-01", home=home)
    assert attached.returncode == 0, attached.stderr
    ids = attached.stdout.split()
    assert len(ids) == 2

    listed = run("photos", "list", iid, "--json", home=home)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == ids
    assert [r["item"] for r in rows] == ["ENV-01", "ENV-01"]
    assert rows[0]["sha256"] == hashlib.sha256(jpeg.read_bytes()).hexdigest()
    assert (rows[0]["mime"], rows[0]["width"], rows[0]["height"]) == ("image/jpeg", 640, 480)
    assert rows[0]["bytes"] == jpeg.stat().st_size
    assert rows[1]["sha256"] == hashlib.sha256(heic.read_bytes()).hexdigest()
    assert (rows[1]["mime"], rows[1]["width"], rows[1]["height"]) == ("image/heif", 400, 300)
    assert rows[1]["taken_at"] == "2026-11-30T10:11:12"
    assert rows[0]["annotations"] == {"revision": 0, "shapes": []}

    ws = open_ws(home)
    arrow = Shape(ShapeKind.ARROW, Colour.RED, ((0.1, 0.1), (0.5, 0.5)))
    svc.save_annotations(ws, svc.photos_of(ws, svc.find_inspection(ws, iid).id)[1].id, [arrow])
    ws.close()
    rows = json.loads(run("photos", "list", iid, "--json", home=home).stdout)
    assert rows[1]["annotations"] == {"revision": 1, "shapes": [arrow.to_json()]}
    table = run("photos", "list", iid, home=home).stdout.splitlines()
    assert table[1].startswith(ids[1]) and "400x300" in table[1] and "1 arrow" in table[1]


def test_a_refused_file_is_named_and_nothing_is_attached(home: Path, tmp_path: Path) -> None:
    iid = _inspection(home)
    good = tmp_path / "good.jpg"
    good.write_bytes(photo_bytes(4))
    clip = tmp_path / "IMG_0002.MOV"
    clip.write_bytes(b"\x00\x00\x00\x18ftypqt  " + bytes(200))
    result = run("photos", "attach", iid, str(good), str(clip), home=home)
    assert result.returncode == 1
    assert str(clip) in result.stderr and "QuickTime video files are not accepted" in result.stderr
    assert str(good) not in result.stderr
    assert result.stdout == ""
    assert run("photos", "list", iid, home=home).stdout.strip() == "no photos"
    missing = run("photos", "attach", iid, str(tmp_path / "nowhere.jpg"), home=home)
    assert missing.returncode == 1 and "nowhere.jpg" in missing.stderr
