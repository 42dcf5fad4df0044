"""Use cases return the state after their commit; photos come in through one ingest loop."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bqinspect.base.progress import Cancelled
from bqinspect.domain.formio import load_form
from bqinspect.services import branches, catalog
from bqinspect.services import inspections as I

DATA = Path(__file__).resolve().parents[1] / "data"
PHOTO_ITEM = """
      - id: ENV-09
        text: {zh: 网点外景照片, en: Photo of the branch front}
        type: photo
        points: 0
"""


def _jpeg(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


class _CancelAfter:
    """A progress that asks to stop once ``n`` photos were started."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.started = 0

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.started = done

    def cancelled(self) -> bool:
        return self.started >= self.n


@pytest.fixture
def started(empty_workspace, tmp_path):  # type: ignore[no-untyped-def]
    text = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
    anchor = "  - id: STF\n"
    form_file = tmp_path / "photo_form.yaml"
    form_file.write_text(text.replace(anchor, PHOTO_ITEM.lstrip("\n") + anchor), "utf-8")
    ws = empty_workspace
    fv = catalog.install_form(ws, load_form(form_file))
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    visit = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    return ws, I.start_inspection(ws, branch.id, fv.id, visit_start=visit)


def test_set_answer_returns_the_answer_score_and_touched_findings(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    saved = I.set_answer(ws, insp.id, "ENV-01", "fail")
    assert saved.answers["ENV-01"].value == "fail"
    assert saved.score == I.current_score(ws, insp.id)
    assert set(saved.findings) == {"ENV-01"}
    drafted = saved.findings["ENV-01"]
    assert drafted is not None and drafted.id == I.findings_of(ws, insp.id)[0].id
    again = I.set_answer(ws, insp.id, "ENV-04", 4)
    assert set(again.answers) == {"ENV-04"} and again.findings == {}
    cleared = I.set_answer(ws, insp.id, "ENV-01", "pass")
    assert cleared.findings == {"ENV-01": None} and I.findings_of(ws, insp.id) == []


def test_set_note_returns_the_stored_answer(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    row = I.set_note(ws, insp.id, "ENV-04", "门前有杂物")
    assert row == I.answers_of(ws, insp.id)["ENV-04"]


def test_photos_of_a_photo_item_are_its_answer(started, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    files = []
    for n, colour in enumerate(["red", "green", "blue"]):
        path = tmp_path / f"p{n}.jpg"
        path.write_bytes(_jpeg(colour))
        files.append(path)
    bad = tmp_path / "notes.txt"
    bad.write_text("not a photo")
    changed, problems = I.add_photos(ws, insp.id, [*files[:2], bad], item_id="ENV-09")
    assert [str(p) for p in problems] and "notes.txt" in str(problems[0])
    assert changed.attached == 2 and len(changed.photos) == 2
    assert changed.photos == I.photos_of(ws, insp.id, "ENV-09")
    assert changed.saved is not None and changed.saved.answers["ENV-09"].value == 2
    assert I.answers_of(ws, insp.id)["ENV-09"].value == 2
    removed = I.remove_photo(ws, changed.photos[0].id)
    assert len(removed.photos) == 1 and removed.saved is not None
    assert removed.saved.answers["ENV-09"].value == 1
    pasted, _ = I.add_photos(
        ws, insp.id, [I.RawPhoto(_jpeg("blue"), "paste.jpg")], item_id="ENV-09"
    )
    assert pasted.saved is not None and pasted.saved.answers["ENV-09"].value == 2


def test_photos_of_other_items_leave_the_answer_alone(started) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    changed, _ = I.add_photos(ws, insp.id, [I.RawPhoto(_jpeg("red"), "a.jpg")], item_id="ENV-01")
    assert changed.saved is None and len(changed.photos) == 1
    assert "ENV-01" not in I.answers_of(ws, insp.id)


def test_a_cancel_between_photos_writes_nothing(started, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, insp = started
    files = []
    for n, colour in enumerate(["red", "green", "blue"]):
        path = tmp_path / f"p{n}.jpg"
        path.write_bytes(_jpeg(colour))
        files.append(path)
    progress = _CancelAfter(2)
    with pytest.raises(Cancelled):
        I.add_photos(ws, insp.id, files, item_id="ENV-09", progress=progress)
    assert I.photos_of(ws, insp.id) == [] and "ENV-09" not in I.answers_of(ws, insp.id)


def test_the_photo_max_edge_setting_is_read_once_one_way(started) -> None:  # type: ignore[no-untyped-def]
    ws, _ = started
    assert I.photo_max_edge(ws) == 2048
    ws.set_setting("photo_max_edge", "not a number")
    assert I.photo_max_edge(ws) == 2048
    ws.set_setting("photo_max_edge", 64)
    photo = I.ingest_photos(ws, [I.RawPhoto(_jpeg("red"), "a.jpg")]).photos[0]
    assert max(photo.display_width, photo.display_height) <= 64


def test_a_timer_mark_returns_marks_and_durations(workspace) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    fv = catalog.find_form_version(ws, "mystery-cash")
    form = ws.form(fv.id)
    branch = branches.save_branch(ws, {"code": "0231", "name": "城东支行营业部"})
    insp = I.start_inspection(ws, branch.id, fv.id)
    t0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    wait_item = next(
        i for i in form.items() if i.derive and (i.derive.start, i.derive.end) == ("T3", "T4")
    )
    I.mark_timer(ws, insp.id, "T3", t0)
    marked = I.mark_timer(ws, insp.id, "T4", t0 + timedelta(minutes=12))
    assert set(marked.marks) == {"T3", "T4"} and marked.marks == I.timer_marks(ws, insp.id)
    assert marked.saved.answers[wait_item.id].value == 720
    assert marked.saved.score == I.current_score(ws, insp.id)
