"""The audit view of an inspection and a finding, its XLSX export, and revisions side by side."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bqinspect.base.errors import NotFound
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.services import inspections as svc
from bqinspect.services import rectification as rect
from bqinspect.services.audit_log import (
    AuditLine,
    finding_audit,
    inspection_audit,
    readable,
    readable_pair,
)
from bqinspect.services.audit_xlsx import export_audit_xlsx
from bqinspect.services.revisions import AMEND, history
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from tests.pg import fresh_database
from tests.unit.sync_helpers import (
    make_inspection,
    open_ws,
    photo_bytes,
    return_to_inspector,
    setup_field,
    trust,
)

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def field(tmp_path: Path) -> Iterator[tuple[Workspace, uuid.UUID]]:
    """A field laptop (keys made first, so every change names it) with one amended record:
    r1 submitted; r2 an amended answer; returned by the lead; r3 a new note, resubmitted."""
    ws = open_ws(tmp_path / "field", actor="王晓明")
    ws.set_setting("timezone", "Asia/Shanghai")
    branch, fv = setup_field(ws)
    load_identity(ws)
    iid = make_inspection(ws, branch, fv)
    svc.set_answer(ws, iid, "ENV-01", "pass", why="复查后灯箱已修好")
    return_to_inspector(ws, iid, "请补充说明")
    svc.set_note(ws, iid, "STF-04", "柜员已佩戴工牌", why="补充说明")
    svc.submit(ws, iid)
    yield ws, iid
    ws.close()


def _change(lines: list[AuditLine], subject: str, field: str) -> AuditLine:
    return next(line for line in lines if (line.subject, line.field) == (subject, field))


def test_inspection_audit_names_time_actor_role_device_and_values(field) -> None:
    ws, iid = field
    lines = inspection_audit(ws, iid)
    amended = _change(lines, "ENV-01", "value")
    assert amended.at.tzinfo is not None and amended.at.utcoffset() == ZONE.utcoffset(amended.at)
    assert (amended.actor, amended.role) == ("王晓明", "inspector")
    assert (amended.device, amended.this_device) == ("field-laptop", True)
    assert amended.device_id == ws.device_id()
    assert (amended.old_text, amended.new_text) == ("fail", "pass")
    assert amended.why == "复查后灯箱已修好"
    assert amended.revision == 2
    note = _change(lines, "STF-04", "note")
    assert (note.old_text, note.new_text, note.revision) == ("", "柜员已佩戴工牌", 3)
    returned = next(line for line in lines if line.action == "return")
    assert (returned.role, returned.why) == ("lead", "请补充说明")
    assert [line.at for line in lines] == sorted(line.at for line in lines)


def test_readable_values() -> None:
    assert readable({"value": None, "na": True}, ZONE, "zh") == "不适用"
    assert readable({"value": ["water", "glasses"], "na": False}, ZONE, "en") == "water, glasses"
    assert readable({"x": 4, "y": 4.5}, ZONE) == "x: 4, y: 4.5"
    assert readable("2025-03-03T01:30:00+00:00", ZONE) == "2025-03-03 09:30:00"
    assert readable("a" * 64, ZONE) == "a" * 12
    assert readable(True, ZONE, "en") == "yes"
    assert readable(None, ZONE) == ""
    before = {"status": "open", "due_date": "2025-04-02", "responsible": ""}
    after = {"status": "rectifying", "due_date": "2025-04-02", "responsible": "孙丽"}
    assert readable_pair(before, after, ZONE) == (
        "status: open, responsible: ",
        "status: rectifying, responsible: 孙丽",
    )
    assert readable_pair({"value": "fail", "na": False}, {"value": "pass", "na": False}, ZONE) == (
        "fail",
        "pass",
    )


def test_finding_audit_lists_its_rectification_steps(field) -> None:
    ws, iid = field
    svc.set_answer(ws, iid, "ENV-05", "fail", why="再次核对")
    finding = next(f for f in svc.findings_of(ws, iid) if f.item_id == "ENV-05")
    with ws.acting_as(Role.LEAD):
        rect.advance(ws, finding.id, rect.Action.START, "孙丽", "已安排维修")
    lines = finding_audit(ws, finding.id, "en")
    assert [line.action for line in lines][-1] == "start"
    assert lines[-1].why == "已安排维修"
    assert (lines[-1].old_text, lines[-1].new_text) == ("status: open", "status: rectifying")
    assert all(line.entity == "finding" for line in lines)
    with pytest.raises(NotFound):
        finding_audit(ws, uuid.uuid4())


def test_xlsx_export_is_readable_with_headings_by_language(field, tmp_path) -> None:
    ws, iid = field
    lines = inspection_audit(ws, iid)
    for lang, first, reason in (("zh", "时间（Asia/Shanghai）", "原因"), ("en", "Time", "Reason")):
        path = export_audit_xlsx(
            lines, tmp_path / f"audit-{lang}.xlsx", title="audit", zone="Asia/Shanghai", lang=lang
        )
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        header = [c.value for c in sheet[1]]
        assert header[0].startswith(first)
        assert reason in header
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == len(lines) + 1
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        amended = next(r for r in rows if r[5] == "ENV-01" and r[6] == "value")
        at = _change(lines, "ENV-01", "value").at
        assert amended[0] == at.replace(tzinfo=None, microsecond=0)
        assert isinstance(amended[0], datetime)
        assert amended[8:11] == ("fail", "pass", "复查后灯箱已修好")
        assert amended[3].startswith("field-laptop")


def test_revisions_with_who_when_why(field) -> None:
    ws, iid = field
    revs = history(ws, iid).revisions
    assert [r.number for r in revs] == [1, 2, 3]
    assert [s.action for s in revs[0].steps] == ["create", "submit"]
    assert [(s.action, s.why) for s in revs[1].steps] == [
        (AMEND, "复查后灯箱已修好"),
        ("return", "请补充说明"),
    ]
    assert [s.action for s in revs[2].steps] == ["revise", "submit"]
    assert revs[1].changes >= 1 and revs[2].changes == 1


def test_changes_between_two_revisions(field) -> None:
    ws, iid = field
    past = history(ws, iid)
    r1_r2 = past.changes(1, 2)
    assert [(c.subject, c.field, c.old, c.new, c.why) for c in r1_r2 if c.field == "value"] == [
        ("ENV-01", "value", "fail", "pass", "复查后灯箱已修好")
    ]
    assert all(c.subject != "STF-04" for c in r1_r2)
    r1_r3 = past.changes(3, 1)  # either order
    assert {(c.subject, c.field) for c in r1_r3} >= {("ENV-01", "value"), ("STF-04", "note")}
    assert past.changes(2, 2) == []
    # an answer changed and changed back is no change
    svc.set_answer(ws, iid, "ENV-04", 3, why="看错")
    svc.set_answer(ws, iid, "ENV-04", 5, why="改回")
    again = history(ws, iid)
    last = again.revisions[-1].number
    assert [c for c in again.changes(3, last) if c.subject == "ENV-04"] == []


def test_photo_and_header_amendments_between_revisions(field) -> None:
    ws, iid = field
    before = history(ws, iid).revisions[-1].number
    photo = ingest_bytes(photo_bytes(7), "stf04.jpg")
    svc.attach_photos(ws, iid, [photo], item_id="STF-04", why="补拍工牌")
    svc.set_inspection_fields(ws, iid, notes="网点正在装修", why="补充背景")
    removed = next(p for p in svc.photos_of(ws, iid) if p.item_id == "ENV-01")
    svc.remove_photo(ws, removed.id, why="照片模糊")
    past = history(ws, iid)
    after = past.revisions[-1].number
    assert after == before + 3
    assert [s.action for s in past.revisions[-1].steps] == [AMEND]
    found = {(c.subject, c.field): c for c in past.changes(before, after)}
    assert (found["STF-04", "photo"].old, found["STF-04", "photo"].new) == ("", photo.sha256[:12])
    assert found["STF-04", "photo"].why == "补拍工牌"
    assert (found["ENV-01", "photo"].old, found["ENV-01", "photo"].new) == (
        removed.blob_sha256[:12],
        "",
    )
    assert (found["", "notes"].new, found["", "notes"].why) == ("网点正在装修", "补充背景")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """Head office: on SQLite, and on a fresh PostgreSQL database of the test server."""
    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        ws = open_ws(tmp_path / "office", url, actor="总行分析员")
        stack.callback(ws.close)
        yield ws


def test_audit_view_is_identical_after_import(field, office, tmp_path) -> None:
    ws, iid = field
    office.set_setting("timezone", "Asia/Shanghai")
    office.set_setting("device_name", "head-office")
    load_identity(office)
    # The fixture plays the lead on the field laptop too; trusted as head office, its package
    # may carry the lead's rows (an inspector's could not: see the ownership tests).
    trust(office, ws, tmp_path, Role.OFFICE)
    package = export_package(ws, tmp_path / "p.bqpkg", [iid]).path
    import_package(office, package)
    here, there = inspection_audit(ws, iid), inspection_audit(office, iid)

    def shown(line: AuditLine) -> AuditLine:
        return dataclasses.replace(line, this_device=False)

    assert [shown(a) for a in there] == [shown(a) for a in here]
    assert any(a.this_device for a in here)
    assert not any(a.this_device for a in there if a.device == "field-laptop")
    assert history(office, iid).revisions == history(ws, iid).revisions
