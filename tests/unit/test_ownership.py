"""Ownership on import: each case once seen on the old merge, where the latest package won.

Each test says what the old code did. The laptop is an inspector's, trusted as one; the lead's
laptop and head office are trusted in their roles (``tests.unit.parties``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.services import review
from bqinspect.services.branches import list_branches, save_branch
from bqinspect.store.models import Conflict, Inspection
from bqinspect.sync.imports import ImportResult, import_package
from bqinspect.sync.keys import load_identity
from bqinspect.sync.merge import Outcome
from bqinspect.sync.package import record_name
from tests.pg import fresh_database
from tests.unit.parties import Parties, three_parties
from tests.unit.sync_helpers import (
    GOOD_ANSWERS,
    make_inspection,
    open_ws,
    rebuild,
    trust,
    zip_entries,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def parties(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Parties]:
    """Three parties; head office on SQLite and on a fresh PostgreSQL database."""
    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        world = three_parties(tmp_path, url)
        stack.callback(world.close)
        yield world


def _inspections(world: Parties, count: int = 1) -> list[uuid.UUID]:
    """Submitted inspections made on the laptop, already at head office and the lead's."""
    ws = world.laptop
    (branch,) = list_branches(ws)
    fv = ws.form_versions()[0]
    ids = [make_inspection(ws, branch, fv, seed=i) for i in range(count)]
    package = world.export(ws, ids)
    for other in (world.lead, world.office):
        assert {o.outcome for o in import_package(other, package).outcomes} >= {Outcome.NEW}
    return ids


def _outcome(result: ImportResult, iid: uuid.UUID) -> Outcome:
    (found,) = [o for o in result.outcomes if o.entity == "inspection" and o.key == str(iid)]
    return found.outcome


def _refusals(result: ImportResult) -> list[str]:
    return [str(o.reason) for o in result.refused]


def _crafted(
    world: Parties, package: Path, iid: uuid.UUID, edit: Callable[[dict[str, Any]], None]
) -> Path:
    """``package`` with record ``iid`` edited by ``edit(dict)``, signed again by the laptop's
    own key: a hostile laptop's package that passes every check of the file."""
    name = record_name(iid)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(package))[name])
    edit(record)
    return rebuild(
        package,
        world.folder / f"crafted-{uuid.uuid4().hex[:6]}.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        relist=True,
        sign_with=load_identity(world.laptop),
    )


def test_internal_notes_stay_head_offices_after_two_laptop_edits(parties: Parties) -> None:
    (iid,) = _inspections(parties)
    svc.set_inspection_fields(parties.office, iid, internal_notes="网点负责人已约谈")
    svc.set_answer(parties.laptop, iid, "ENV-04", 3, why="复核计数")
    svc.set_note(parties.laptop, iid, "ENV-04", "两处污渍", why="补记")
    # The old merge took the laptop's revision 3 as a newer copy of the whole record:
    # "1 updated", and the notes were replaced by the laptop's empty value.
    result = parties.send(parties.laptop, parties.office)
    assert _outcome(result, iid) is Outcome.UPDATED
    head = svc.get_inspection(parties.office, iid)
    assert head.internal_notes == "网点负责人已约谈"
    assert head.review_revision == 1
    assert head.revision == 3
    answer = svc.answers_of(parties.office, iid)["ENV-04"]
    assert (answer.value, answer.note) == (3, "两处污渍")
    assert head.overall_score == svc.get_inspection(parties.laptop, iid).overall_score


def test_laptop_revision_two_does_not_undo_the_approval_of_revision_one(parties: Parties) -> None:
    (iid,) = _inspections(parties)
    with parties.office.acting_as(Role.LEAD):
        review.approve(parties.office, iid, text="同意")
    svc.set_answer(parties.laptop, iid, "ENV-04", 3, why="复核计数")
    # The old merge replaced the record with the laptop's (submitted, no decision): "updated",
    # no conflict, and the approval was gone.
    result = parties.send(parties.laptop, parties.office)
    assert _outcome(result, iid) is Outcome.UPDATED
    record = svc.read_inspection(parties.office, iid)
    head = record.inspection
    assert (head.decision, head.reviewed_revision, head.revision) == ("approved", 1, 2)
    assert head.status == "submitted"  # revision 2 awaits the lead's review
    assert [(r.decision, r.inspection_revision) for r in record.reviews] == [("approved", 1)]


def test_same_laptop_revision_with_other_content_is_a_conflict(
    parties: Parties, tmp_path: Path
) -> None:
    (iid,) = _inspections(parties)
    second = open_ws(tmp_path / "laptop2", actor="李娜")
    try:
        second.set_setting("device_name", "field-laptop-2")
        trust(second, parties.laptop, parties.folder, Role.INSPECTOR)
        trust(parties.office, second, parties.folder, Role.INSPECTOR)
        import_package(second, parties.export(parties.laptop, [iid]))
        svc.set_note(parties.laptop, iid, "ENV-04", "第一台笔记本", why="补记")
        svc.set_note(second, iid, "ENV-04", "第二台笔记本", why="补记")
        parties.send(parties.laptop, parties.office)
        # The old merge took the later package of an equal revision: an overwrite.
        result = parties.send(second, parties.office)
        assert _outcome(result, iid) is Outcome.CONFLICT
        assert svc.answers_of(parties.office, iid)["ENV-04"].note == "第一台笔记本"
        with parties.office.db.session() as s:
            (conflict,) = s.exec(select(Conflict)).all()
        assert (conflict.entity, conflict.entity_id) == ("inspection", str(iid))
        assert conflict.revision == 2
    finally:
        second.close()


def test_a_self_approval_by_a_laptop_is_refused_and_the_rest_merges(parties: Parties) -> None:
    (iid,) = _inspections(parties)
    svc.set_answer(parties.laptop, iid, "ENV-04", 3, why="复核计数")
    honest = parties.export(parties.laptop, [iid])
    lead_review = {
        "id": str(uuid.uuid4()),
        "reviewer": "王晓明",
        "decision": "approved",
        "comment": "自己批准",
        "inspection_revision": 2,
        "at": "2025-03-10T02:00:00Z",
        "role": "lead",
    }

    def self_approve(record: dict[str, Any]) -> None:
        record["inspection"] |= {
            "status": "approved",
            "decision": "approved",
            "reviewed_revision": 2,
            "review_revision": 1,
            "lead": "王晓明",
        }
        record["reviews"].append(lead_review)

    crafted = _crafted(parties, honest, iid, self_approve)
    for receiver in (parties.office, parties.lead):
        # The old merge took the record as the laptop sent it: approved by its own inspector.
        result = import_package(receiver, crafted)
        reasons = _refusals(result)
        assert any(
            f"package {result.package_id}" in r
            and f"record {iid}" in r
            and "decision" in r
            and "the lead's" in r
            for r in reasons
        ), reasons
        assert any(f"review {lead_review['id']} is written as lead" in r for r in reasons)
        record = svc.read_inspection(receiver, iid)
        assert (record.inspection.decision, record.inspection.status) == ("", "submitted")
        assert record.reviews == ()
        # the rest of the package merged: the laptop's amendment
        assert record.inspection.revision == 2
        assert svc.answers_of(receiver, iid)["ENV-04"].value == 3


def test_a_branch_renamed_by_a_laptop_is_refused_and_its_inspections_arrive(
    parties: Parties,
) -> None:
    ws = parties.laptop
    (branch,) = list_branches(ws)
    save_branch(ws, {"code": branch.code, "name": "改名支行"}, branch_id=branch.id)
    iid = make_inspection(ws, branch, ws.form_versions()[0])
    # The old merge took the laptop's newer branch revision: the branch was renamed.
    result = parties.send(ws, parties.office)
    (outcome,) = [o for o in result.outcomes if o.entity == "branch"]
    assert outcome.outcome is Outcome.REFUSED
    assert f"branch {branch.code} (name) is head office's" in str(outcome.reason)
    (stored,) = list_branches(parties.office)
    assert stored.name == "城东支行营业部（演示）"
    assert _outcome(result, iid) is Outcome.NEW
    assert svc.get_inspection(parties.office, iid).branch_id == stored.id


def test_a_revision_of_one_million_blocks_no_later_edit(parties: Parties) -> None:
    (iid,) = _inspections(parties)
    with parties.laptop.db.session() as s:
        s.execute(sa.update(Inspection).where(Inspection.id == iid).values(revision=1_000_000))  # type: ignore[arg-type]
        s.commit()
    assert _outcome(parties.send(parties.laptop, parties.office), iid) is Outcome.UPDATED
    # Head office's next edits are its own part (counted apart): the old code counted them on
    # the record's one revision, beyond what its export would write, and the export failed.
    svc.set_inspection_fields(parties.office, iid, internal_notes="跟踪整改")
    with parties.office.acting_as(Role.LEAD):
        review.comment(parties.office, iid, "请补充照片", item_id="ENV-01")
    back = parties.send(parties.office, parties.lead)
    assert _outcome(back, iid) is Outcome.UPDATED
    on_lead = svc.read_inspection(parties.lead, iid)
    assert on_lead.inspection.internal_notes == "跟踪整改"
    assert [c.text for c in on_lead.item_comments] == ["请补充照片"]
    # and the laptop's own next edit still travels
    svc.set_note(parties.laptop, iid, "ENV-04", "再次复核", why="补记")
    again = parties.send(parties.laptop, parties.office)
    assert _outcome(again, iid) is Outcome.UPDATED
    head = svc.get_inspection(parties.office, iid)
    assert (head.revision, head.internal_notes) == (1_000_001, "跟踪整改")
    assert svc.answers_of(parties.office, iid)["ENV-04"].note == "再次复核"


def test_a_return_package_shows_decisions_and_comments_on_the_laptop(parties: Parties) -> None:
    kept, redo = _inspections(parties, 2)
    review.approve(parties.lead, kept, text="同意")
    review.return_inspection(parties.lead, redo, "照片不清晰", items=["ENV-01"])
    review.comment(parties.lead, redo, "整体尚可")
    result = parties.send(parties.lead, parties.laptop)
    assert {_outcome(result, kept), _outcome(result, redo)} == {Outcome.UPDATED}
    assert _refusals(result) == []
    assert svc.get_inspection(parties.laptop, kept).status == "approved"
    returned = svc.read_inspection(parties.laptop, redo)
    assert returned.inspection.status == "returned"
    assert [(r.decision, r.comment, r.role) for r in returned.reviews] == [
        ("returned", "照片不清晰", "lead")
    ]
    assert sorted((c.item_id, c.text, c.role) for c in returned.item_comments) == [
        ("", "整体尚可", "lead"),
        ("ENV-01", "照片不清晰", "lead"),
    ]
    # The inspector redoes it: a draft again, a new revision, resubmitted; the lead takes it.
    svc.set_answer(parties.laptop, redo, "ENV-01", "pass", why="已重拍")
    svc.submit(parties.laptop, redo)
    parties.send(parties.laptop, parties.lead)
    head = svc.get_inspection(parties.lead, redo)
    assert (head.status, head.revision) == ("submitted", 2)


@pytest.mark.parametrize("action", ["approve", "return", "reopen", "comment"])
def test_a_laptop_cannot_make_a_package_that_acts_as_the_lead(
    parties: Parties, action: str
) -> None:
    (iid,) = _inspections(parties)
    ws = parties.laptop
    with pytest.raises(Refused) as refused:
        review.approve(ws, iid)
    assert [p.where for p in refused.value.problems] == ["role"]
    # A laptop whose program was altered writes the lead's rows anyway, signed by its own key.
    with ws.acting_as(Role.LEAD):
        if action == "approve":
            review.approve(ws, iid, text="自己批准")
        elif action == "return":
            review.return_inspection(ws, iid, "自己退回", items=["ENV-01"])
        elif action == "reopen":
            review.approve(ws, iid, text="自己批准")
            review.reopen(ws, iid, "自己重开")
        else:
            review.comment(ws, iid, "自己评论", item_id="ENV-04")
    package = parties.export(ws, [iid])
    for receiver in (parties.lead, parties.office):
        # The old merge added every review row and comment, whoever had written it.
        result = import_package(receiver, package)
        assert _refusals(result), action
        assert all("trusted here as inspector" in r for r in _refusals(result))
        record = svc.read_inspection(receiver, iid)
        assert (record.inspection.decision, record.inspection.status) == ("", "submitted")
        assert record.reviews == () and record.item_comments == ()
        assert not [a for a in record.audit if a.role == "lead"]
    assert sorted(GOOD_ANSWERS) == sorted(svc.answers_of(parties.lead, iid))


def _draft(world: Parties) -> uuid.UUID:
    ws = world.laptop
    (branch,) = list_branches(ws)
    return make_inspection(ws, branch, ws.form_versions()[0], submit=False)


def test_an_earlier_draft_package_sent_again_is_older_not_a_conflict(parties: Parties) -> None:
    iid = _draft(parties)
    earlier = parties.export(parties.laptop)
    svc.set_answer(parties.laptop, iid, "ENV-04", 2)
    parties.send(parties.laptop, parties.office)
    # The old merge ordered drafts of one revision by the record's time only when the newer
    # one came second: the earlier package, imported again, was a conflict of two edits.
    result = import_package(parties.office, earlier)
    assert _outcome(result, iid) is Outcome.REFUSED
    assert "older than the stored one from the same device" in str(result.refused[0].reason)
    assert svc.answers_of(parties.office, iid)["ENV-04"].value == 2
    with parties.office.db.session() as s:
        assert s.exec(select(Conflict)).all() == []


def test_head_office_notes_on_a_draft_do_not_collide_with_the_inspectors_edit(
    parties: Parties,
) -> None:
    iid = _draft(parties)
    parties.send(parties.laptop, parties.office)
    svc.set_answer(parties.laptop, iid, "ENV-04", 2)
    later = parties.export(parties.laptop)
    with parties.office.acting_as(Role.LEAD):
        svc.set_inspection_fields(parties.office, iid, internal_notes="先行关注")
    # The old merge compared the laptop's draft with the record's time here, which the notes
    # had moved past the laptop's edit: a conflict, and the inspector's answer was not taken.
    result = import_package(parties.office, later)
    assert _outcome(result, iid) is Outcome.UPDATED
    head = svc.get_inspection(parties.office, iid)
    assert head.internal_notes == "先行关注"
    assert svc.answers_of(parties.office, iid)["ENV-04"].value == 2


def test_a_finding_the_inspector_withdrew_does_not_return_with_an_old_copy(
    parties: Parties,
) -> None:
    (iid,) = _inspections(parties)
    assert [f.item_id for f in svc.findings_of(parties.lead, iid)] == ["ENV-01"]
    svc.set_answer(parties.laptop, iid, "ENV-01", "pass", why="复查合格")
    assert svc.findings_of(parties.laptop, iid) == []
    parties.send(parties.laptop, parties.office)
    assert svc.findings_of(parties.office, iid) == []
    old_copy = parties.export(parties.lead)  # the lead still holds revision 1 and its finding
    # The old merge added every finding of the record it did not store, whatever the
    # revision: the withdrawn finding came back to the inspector and to head office.
    for receiver in (parties.laptop, parties.office):
        import_package(receiver, old_copy)
        assert svc.findings_of(receiver, iid) == []
    # Once the lead has followed it up, it is the lead's and does come back.
    (finding,) = svc.findings_of(parties.lead, iid)
    svc.update_finding(parties.lead, finding.id, due_date=date(2025, 4, 30))
    import_package(parties.office, parties.export(parties.lead))
    assert [f.due_date for f in svc.findings_of(parties.office, iid)] == [date(2025, 4, 30)]
