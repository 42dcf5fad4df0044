"""Import and merge: new, unchanged, updated, conflicts, refusals, signers, branches, photos."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.base.progress import Cancelled
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.services.branches import list_branches, save_branch
from bqinspect.store.models import (
    AuditEvent,
    Conflict,
    Device,
    Finding,
    ImportRecord,
    Review,
)
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package, select_inspections
from bqinspect.sync.imports import SignerRefused, import_package
from bqinspect.sync.keys import load_identity
from bqinspect.sync.merge import Outcome
from tests.pg import fresh_database
from tests.unit.sync_helpers import (
    approve,
    back_to_draft,
    db_content_hash,
    field_with_inspections,
    make_inspection,
    open_ws,
    return_to_inspector,
    setup_field,
    table_counts,
    trust,
)


@pytest.fixture
def field(tmp_path: Path) -> Iterator[tuple[Workspace, list[uuid.UUID]]]:
    ws, ids = field_with_inspections(tmp_path / "field", 2)
    yield ws, ids
    ws.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(
    request: pytest.FixtureRequest, tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]]
) -> Iterator[Workspace]:
    """Head office: on SQLite, and on a fresh PostgreSQL database of the test server."""
    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        ws = open_ws(tmp_path / "office", url, actor="总行分析员")
        stack.callback(ws.close)
        ws.set_setting("device_name", "head-office")
        trust(ws, field[0], tmp_path)
        yield ws


def outcomes(result: object, entity: str = "inspection") -> list[str]:
    return [o.outcome.value for o in result.outcomes if o.entity == entity]  # type: ignore[attr-defined]


def export(ws: Workspace, path: Path, ids: list[uuid.UUID]) -> Path:
    return export_package(ws, path, ids).path


def test_new_then_the_same_package_again_changes_nothing(field, office, tmp_path) -> None:
    ws, ids = field
    package = export(ws, tmp_path / "p.bqpkg", ids)
    first = import_package(office, package)
    assert outcomes(first) == ["new", "new"]
    assert outcomes(first, "branch") == ["new"]
    assert first.forms_new == 1
    assert first.blobs_new == 2
    assert first.changed
    after_first = db_content_hash(office)
    again = import_package(office, package)
    assert outcomes(again) == ["unchanged", "unchanged"]
    assert not again.changed
    assert again.summary().startswith("already imported on ")
    assert "nothing changed" in again.summary()
    assert db_content_hash(office) == after_first
    with office.db.session() as s:
        records = s.exec(select(ImportRecord)).all()
    assert len(records) == 1
    assert records[0].counts is not None
    assert records[0].counts["inspections"]["new"] == 2
    assert records[0].result == "imported"
    # the history tells what happened (it once said "nothing changed (2 new …)")
    assert records[0].message.startswith("inspections: 2 new, 0 updated")


def test_importer_that_never_saw_the_form_scores_the_same(field, office, tmp_path) -> None:
    ws, ids = field
    assert office.form_versions() == []
    import_package(office, export(ws, tmp_path / "p.bqpkg", ids))
    for iid in ids:
        mine = svc.get_inspection(office, iid)
        theirs = svc.get_inspection(ws, iid)
        assert mine.overall_score == theirs.overall_score
        assert mine.grade == theirs.grade
        assert svc.current_score(office, iid).overall == pytest.approx(
            svc.current_score(ws, iid).overall
        )
        assert svc.current_score(office, iid).grade == theirs.grade
        assert office.form(mine.form_version_id).id == "mini-onsite"
    assert [r.id for r in svc.list_inspections(office)] == [r.id for r in svc.list_inspections(ws)]


def test_photos_signatures_findings_and_audit_arrive_intact(field, office, tmp_path) -> None:
    ws, ids = field
    import_package(office, export(ws, tmp_path / "p.bqpkg", ids))
    for iid in ids:
        theirs = svc.photos_of(ws, iid)
        mine = svc.photos_of(office, iid)
        assert [p.id for p in mine] == [p.id for p in theirs]
        for p in mine:
            a, b = svc.photo_blob(office, p.blob_sha256), svc.photo_blob(ws, p.blob_sha256)
            assert a is not None and b is not None
            assert (a.display, a.thumbnail, a.taken_at) == (b.display, b.thumbnail, b.taken_at)
        assert [s.image for s in svc.signatures_of(office, iid)] == [
            s.image for s in svc.signatures_of(ws, iid)
        ]
        assert [(f.id, f.item_id, f.due_date) for f in svc.findings_of(office, iid)] == [
            (f.id, f.item_id, f.due_date) for f in svc.findings_of(ws, iid)
        ]
        trail = [(e.action, e.entity) for e in svc.audit_trail(office, iid)]
        assert ("submit", "inspection") in trail


def _resubmit(ws: Workspace, iid: uuid.UUID, **answers: object) -> None:
    back_to_draft(ws, iid, "照片不清晰")
    for item, value in answers.items():
        svc.set_answer(ws, iid, item.replace("_", "-"), value)
    svc.submit(ws, iid)


def test_newer_revision_replaces_the_inspectors_part(field, office, tmp_path) -> None:
    ws, ids = field
    import_package(office, export(ws, tmp_path / "p1.bqpkg", ids))
    assert [f.item_id for f in svc.findings_of(office, ids[0])] == ["ENV-01"]
    _resubmit(ws, ids[0], ENV_01="pass", ENV_04=3)
    result = import_package(office, export(ws, tmp_path / "p2.bqpkg", ids))
    assert sorted(outcomes(result)) == ["unchanged", "updated"]
    mine = svc.get_inspection(office, ids[0])
    assert mine.revision == 2
    assert svc.answers_of(office, ids[0])["ENV-04"].value == 3
    assert svc.answers_of(office, ids[0])["ENV-01"].value == "pass"
    assert mine.overall_score == svc.get_inspection(ws, ids[0]).overall_score
    # The finding drafted for ENV-01 is gone on both sides: the item passes now.
    assert svc.findings_of(office, ids[0]) == []
    actions = [e.action for e in svc.audit_trail(office, ids[0])]
    assert actions.count("submit") == 2 and "revise" in actions
    # the return was played as the lead on the field laptop: not its to send
    assert "return" not in actions
    assert any(o.entity == "inspection.part" for o in result.refused)


def test_older_revision_is_refused_for_that_record_only(field, office, tmp_path) -> None:
    ws, ids = field
    old = export(ws, tmp_path / "old.bqpkg", ids)
    _resubmit(ws, ids[0], ENV_04=4)
    import_package(office, export(ws, tmp_path / "new.bqpkg", ids[:1]))
    result = import_package(office, old)
    by_id = {o.key: o for o in result.outcomes if o.entity == "inspection"}
    assert by_id[str(ids[0])].outcome is Outcome.REFUSED
    assert "older than the stored revision 2" in str(by_id[str(ids[0])].reason)
    assert by_id[str(ids[1])].outcome is Outcome.NEW
    assert svc.get_inspection(office, ids[0]).revision == 2
    with office.db.session() as s:
        record = s.exec(select(ImportRecord)).all()[-1]
    assert record.result == "imported-with-refusals"


def test_same_revision_different_edit_is_a_recorded_conflict(field, office, tmp_path) -> None:
    ws, ids = field
    import_package(office, export(ws, tmp_path / "p1.bqpkg", ids[:1]))
    # Both sides change the submitted record: two different edits that are each revision 2.
    svc.set_note(office, ids[0], "ENV-04", "总行复核备注", why="复核")
    svc.set_note(ws, ids[0], "ENV-04", "补充说明：门前有施工围挡", why="补记")
    package = export(ws, tmp_path / "p2.bqpkg", ids[:1])
    result = import_package(office, package)
    assert outcomes(result) == ["conflict"]
    assert "stored data is kept" in str(result.outcomes[-1].reason)
    assert svc.answers_of(office, ids[0])["ENV-04"].note == "总行复核备注"
    with office.db.session() as s:
        conflicts = s.exec(select(Conflict)).all()
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.entity, c.entity_id, c.revision, c.resolved) == ("inspection", str(ids[0]), 2, False)
    mine = {a["item_id"]: a for a in c.local["answers"]}
    theirs = {a["item_id"]: a for a in c.incoming["answers"]}
    assert mine["ENV-04"]["note"] == "总行复核备注"
    assert theirs["ENV-04"]["note"] == "补充说明：门前有施工围挡"
    assert c.import_id is not None
    before = db_content_hash(office)
    again = import_package(office, package)
    assert outcomes(again) == ["conflict"]
    assert not again.changed
    assert db_content_hash(office) == before


def test_review_travels_back_to_the_field(field, office, tmp_path) -> None:
    ws, ids = field
    import_package(office, export(ws, tmp_path / "p1.bqpkg", ids))
    approve(office, ids[0], "同意")
    with office.session() as s:
        s.add(Review(inspection_id=ids[0], reviewer="督导组长", decision="approved", comment="好"))
    trust(ws, office, tmp_path, Role.OFFICE)
    back = export_package(office, tmp_path / "back.bqpkg", ids).path
    result = import_package(ws, back)
    assert sorted(outcomes(result)) == ["unchanged", "updated"]
    assert svc.get_inspection(ws, ids[0]).status == "approved"
    with ws.db.session() as s:
        reviews = s.exec(select(Review)).all()
    assert sorted((r.reviewer, r.comment) for r in reviews) == [
        ("总行分析员", "同意"),
        ("督导组长", "好"),
    ]
    # The field's older view (submitted) does not undo the approval at head office.
    again = import_package(office, export(ws, tmp_path / "p2.bqpkg", ids))
    assert svc.get_inspection(office, ids[0]).status == "approved"
    assert "refused" not in outcomes(again)


def test_approved_here_returned_there_is_a_conflict(field, office, tmp_path) -> None:
    ws, ids = field
    package = export(ws, tmp_path / "p1.bqpkg", ids[:1])
    other = open_ws(tmp_path / "office2")
    other.set_setting("device_name", "branch-office")
    trust(other, ws, tmp_path)
    import_package(office, package)
    import_package(other, package)
    approve(office, ids[0], "ok")
    return_to_inspector(other, ids[0], "缺照片")
    trust(office, other, tmp_path, Role.LEAD)
    result = import_package(office, export_package(other, tmp_path / "o.bqpkg", ids[:1]).path)
    assert outcomes(result) == ["conflict"]
    assert svc.get_inspection(office, ids[0]).status == "approved"
    with office.db.session() as s:
        (conflict,) = s.exec(select(Conflict)).all()
    assert conflict.entity == "inspection.review"
    assert (conflict.local["decision"], conflict.incoming["decision"]) == ("approved", "returned")
    other.close()


def test_a_draft_sent_again_by_its_device_is_an_update(tmp_path) -> None:
    ws = open_ws(tmp_path / "f")
    branch, fv = setup_field(ws)
    iid = make_inspection(ws, branch, fv, submit=False)
    office = open_ws(tmp_path / "o")
    trust(office, ws, tmp_path)
    assert outcomes(import_package(office, export(ws, tmp_path / "d1.bqpkg", [iid]))) == ["new"]
    svc.set_answer(ws, iid, "SEC-14", "2025-01-31")
    result = import_package(office, export(ws, tmp_path / "d2.bqpkg", [iid]))
    assert outcomes(result) == ["updated"]
    assert svc.answers_of(office, iid)["SEC-14"].value == "2025-01-31"
    ws.close()
    office.close()


def test_unknown_signer_accepted_once_is_audited(field, tmp_path) -> None:
    ws, ids = field
    stranger = open_ws(tmp_path / "stranger")
    fp = load_identity(ws).fingerprint
    package = export(ws, tmp_path / "p.bqpkg", ids[:1])
    with pytest.raises(SignerRefused):
        import_package(stranger, package)
    with pytest.raises(SignerRefused) as wrong:
        import_package(stranger, package, accept_signer="0" * 32)
    assert "is not this signer's" in wrong.value.reason
    spaced = " ".join(fp[i : i + 4] for i in range(0, 32, 4))
    result = import_package(stranger, package, accept_signer=spaced)
    assert result.accepted_once
    assert outcomes(result) == ["new"]
    with stranger.db.session() as s:
        device = s.exec(select(Device).where(Device.name == "field-laptop")).one()
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "accept-once")).all()
    assert (device.trusted, device.revoked, device.is_self) == (False, False, False)
    assert len(events) == 1
    assert events[0].entity_id == fp
    assert events[0].actor == "测试员"
    # Once means once: the next package from that device is refused again.
    with pytest.raises(SignerRefused):
        import_package(stranger, export(ws, tmp_path / "p2.bqpkg", ids[1:]))
    stranger.close()


def test_branches_are_matched_by_code(field, office, tmp_path) -> None:
    ws, ids = field
    local = save_branch(
        office,
        {"code": "0231", "name": "城东支行营业部（演示）", "region": "华东分行", "manager": "孙丽"},
    )
    result = import_package(office, export(ws, tmp_path / "p.bqpkg", ids[:1]))
    assert outcomes(result, "branch") == ["unchanged"]
    assert svc.get_inspection(office, ids[0]).branch_id == local.id
    assert len(list_branches(office)) == 1


def test_branch_edits_merge_by_revision(field, office, tmp_path) -> None:
    ws, ids = field
    import_package(office, export(ws, tmp_path / "p1.bqpkg", ids[:1]))
    (fb,) = list_branches(ws)
    save_branch(ws, {"code": "0231", "name": fb.name, "manager": "周强"}, branch_id=fb.id)
    # A field laptop may not change a branch: head office's.
    refused_edit = import_package(office, export(ws, tmp_path / "p2.bqpkg", ids))
    assert outcomes(refused_edit, "branch") == ["refused"]
    assert "branch 0231 (manager) is head office's" in str(refused_edit.refused[0].reason)
    assert list_branches(office)[0].manager != "周强"
    # Another head-office installation may.
    trust(office, ws, tmp_path, Role.OFFICE)
    result = import_package(office, export(ws, tmp_path / "p2b.bqpkg", ids))
    assert outcomes(result, "branch") == ["updated"]
    assert list_branches(office)[0].manager == "周强"
    # Same revision, different content on both sides: a conflict; the office's row is kept.
    (ob,) = list_branches(office)
    with office.session() as s:
        row = s.get(type(ob), ob.id)
        row.phone = "0571-1"
        s.add(row)
    with ws.session() as s:
        row = s.get(type(fb), fb.id)
        row.phone = "0571-2"
        s.add(row)
    result = import_package(office, export(ws, tmp_path / "p3.bqpkg", ids))
    assert outcomes(result, "branch") == ["conflict"]
    assert list_branches(office)[0].phone == "0571-1"


def test_shared_photo_is_stored_once(tmp_path) -> None:
    ws = open_ws(tmp_path / "f")
    branch, fv = setup_field(ws)
    ids = [make_inspection(ws, branch, fv, seed=7) for _ in range(3)]
    office = open_ws(tmp_path / "o")
    trust(office, ws, tmp_path)
    result = import_package(office, export(ws, tmp_path / "p.bqpkg", ids))
    assert result.blobs_new == 1
    assert table_counts(office)["photoblob"] == 1
    assert table_counts(office)["photo"] == 3
    ws.close()
    office.close()


def test_finding_verified_at_head_office_reaches_the_field(field, office, tmp_path) -> None:
    ws, ids = field
    import_package(office, export(ws, tmp_path / "p.bqpkg", ids[:1]))
    (finding,) = svc.findings_of(office, ids[0])
    with office.session() as s:
        row = s.get(Finding, finding.id)
        row.status = "verified"
        row.revision += 1
        s.add(row)
    trust(ws, office, tmp_path)
    result = import_package(ws, export_package(office, tmp_path / "b.bqpkg", ids[:1]).path)
    assert outcomes(result) == ["updated"]
    assert svc.findings_of(ws, ids[0])[0].status == "verified"


def test_export_marks_what_was_exported(field, tmp_path) -> None:
    ws, ids = field
    assert all(r.exported_at is None for r in svc.list_inspections(ws))
    export(ws, tmp_path / "p.bqpkg", ids[:1])
    marked = {r.id: r.exported_at for r in svc.list_inspections(ws)}
    assert marked[ids[0]] is not None
    assert marked[ids[1]] is None


def test_failed_or_cancelled_export_leaves_nothing(field, tmp_path) -> None:
    ws, ids = field
    with pytest.raises(Refused, match="destination folder does not exist"):
        export(ws, tmp_path / "missing" / "p.bqpkg", ids)

    class CancelAtOnce:
        def __call__(self, done: int, total: int, text: str = "") -> None:
            pass

        def cancelled(self) -> bool:
            return True

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_package(ws, out / "p.bqpkg", ids, progress=CancelAtOnce())
    assert list(out.iterdir()) == []
    tmp = ws.home / "tmp"
    assert not tmp.exists() or list(tmp.iterdir()) == []
    assert all(r.exported_at is None for r in svc.list_inspections(ws))


def test_select_inspections(field) -> None:
    ws, ids = field
    assert set(select_inspections(ws, everything=True)) == set(ids)
    assert select_inspections(ws, refs=[str(ids[1])[:8]]) == [ids[1]]
    now = clock.now()
    assert set(select_inspections(ws, since=now - timedelta(hours=1))) == set(ids)
    assert select_inspections(ws, since=now + timedelta(days=1)) == []
    with pytest.raises(Refused, match="choose what to export"):
        select_inspections(ws)


def test_package_kind_and_counts_in_manifest(field, tmp_path) -> None:
    from bqinspect.sync.package import OpenPackage

    ws, ids = field
    with OpenPackage(export(ws, tmp_path / "p.bqpkg", ids)) as pkg:
        m = pkg.manifest
        assert (m.format, m.format_version, m.kind) == ("bqinspect-package", 3, "inspections")
        assert (m.counts.inspections, m.counts.forms, m.counts.branches) == (2, 1, 1)
        assert m.source.device_name == "field-laptop"
        pkg.check_all()
        assert sorted(pkg.index.inspection_ids) == sorted(ids)


def test_reference_package_brings_forms_and_branches_to_the_field(field, tmp_path) -> None:
    from bqinspect.sync.package import OpenPackage

    ws, _ids = field
    save_branch(ws, {"code": "0305", "name": "滨江支行（演示）", "region": "华东分行"})
    result = export_package(ws, tmp_path / "ref.bqpkg", [], reference=True)
    assert (result.inspections, result.forms, result.branches) == (0, 1, 2)
    with OpenPackage(result.path) as pkg:
        assert pkg.manifest.kind == "reference"
    newcomer = open_ws(tmp_path / "newcomer")
    trust(newcomer, ws, tmp_path)
    imported = import_package(newcomer, result.path)
    assert outcomes(imported) == []
    assert sorted(outcomes(imported, "branch")) == ["new", "new"]
    assert imported.forms_new == 1 and imported.changed
    assert [f.form_id for f in newcomer.form_versions()] == ["mini-onsite"]
    with pytest.raises(Refused, match="nothing to export"):
        export_package(ws, tmp_path / "none.bqpkg", [])
    newcomer.close()


def test_rectification_with_evidence_travels_back(field, office, tmp_path) -> None:
    from bqinspect.photos import ingest_bytes
    from bqinspect.services import rectification as rect
    from tests.unit.sync_helpers import photo_bytes

    ws, ids = field
    first = export(ws, tmp_path / "p.bqpkg", ids[:1])
    import_package(office, first)
    (finding,) = svc.findings_of(office, ids[0])
    office.set_role(Role.OFFICE)  # the follow-up is the lead's and head office's
    rect.advance(office, finding.id, rect.Action.START, "网点负责人")
    photo = ingest_bytes(photo_bytes(99), "after.jpg")
    rect.advance(office, finding.id, rect.Action.SUBMIT, "网点负责人", "已更换灯箱", photos=[photo])
    rect.advance(office, finding.id, rect.Action.VERIFY, "总行", "现场复核通过")
    trust(ws, office, tmp_path, Role.OFFICE)
    result = import_package(ws, export_package(office, tmp_path / "b.bqpkg", ids[:1]).path)
    assert outcomes(result) == ["updated"]
    (mine,) = svc.findings_of(ws, ids[0])
    assert (mine.status, mine.revision, mine.followup_revision) == ("verified", 1, 3)
    assert [e.kind for e in rect.history(ws, finding.id)] == ["start", "submit", "verify"]
    (evidence,) = rect.evidence(ws, finding.id)
    assert evidence.inspection_id == ids[0]
    blob = svc.photo_blob(ws, evidence.blob_sha256)
    assert blob is not None and blob.display == photo.display
    # The field's old package comes back to the office: the verified finding stays verified.
    again = import_package(office, first)
    assert "refused" not in outcomes(again)
    assert svc.findings_of(office, ids[0])[0].status == "verified"
