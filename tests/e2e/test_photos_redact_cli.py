"""`bqinspect photos redact` end to end: --auto finds the face, --box hides what is drawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bqinspect.cli import main
from bqinspect.photos import ingest_bytes
from bqinspect.services import inspections as svc
from tests.face_photos import jpeg_of
from tests.unit.sync_helpers import make_inspection, open_ws, setup_field


@pytest.fixture
def photo(home: Path) -> str:
    ws = open_ws(home)
    branch, fv = setup_field(ws)
    iid = make_inspection(ws, branch, fv, submit=False, fail_env01=False)
    changed = svc.attach_photo(ws, iid, ingest_bytes(jpeg_of("astronaut"), "a.jpg"), item_id=None)
    ws.close()
    return str(changed.id)


def test_redact_auto_prints_the_face_it_hid(home: Path, photo: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(home), "photos", "redact", photo[:8], "--auto"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("face (found) ")
    x, y, w, h = (int(v) for v in lines[0].split()[-1].split(","))
    assert 150 < x < 200 and 50 < y < 90 and 80 < w < 120 and abs(w - h) <= 1  # of 512 px
    assert "1 box(es) redacted, revision 1" in lines[1]


def test_redact_box_in_pixels_of_the_original(home: Path, photo: str, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["--data-dir", str(home), "photos", "redact", photo, "--json"]
    assert main([*argv, "--box", "10,400,100,50", "--kind", "id_card"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["boxes"] == [
        {"x": 10, "y": 400, "w": 100, "h": 50, "kind": "id_card", "auto": False}
    ]
    assert done["revision"] == 1 and done["redacted_sha256"] != done["original_sha256"]
    assert main([*argv, "--add", "--auto"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert [b["kind"] for b in both["boxes"]] == ["id_card", "face"] and both["revision"] == 2
    assert main([*argv, "--clear"]) == 0
    assert json.loads(capsys.readouterr().out)["redacted_sha256"] is None


def test_redact_refuses_a_bad_box_or_no_instruction(home: Path, photo: str, capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["--data-dir", str(home), "photos", "redact", photo]
    assert main([*base, "--box", "1,2,3"]) == 1
    assert "X,Y,W,H" in capsys.readouterr().err
    assert main(base) == 1
    assert "--auto" in capsys.readouterr().err
    assert main(["--data-dir", str(home), "photos", "redact", "ffffffff", "--auto"]) == 1
    assert "no photo ffffffff" in capsys.readouterr().err
