"""The import history keeps why each record was refused as a message: a Chinese lead reads it in
Chinese, in the window and on the command line, and an English reader in English; rows written
before (plain English text) still read as they were written."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bqinspect.cli.main import main
from bqinspect.domain import messages
from bqinspect.domain.messages import Message, render
from bqinspect.domain.ownership import OWNER_NAMES, Part
from bqinspect.services import inspections as svc
from bqinspect.services.branches import list_branches
from bqinspect.store.models import ImportRecord
from bqinspect.sync import reasons
from bqinspect.sync.history import import_history
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from bqinspect.sync.merge import Outcome
from bqinspect.sync.package import record_name
from tests.unit.parties import Parties, three_parties
from tests.unit.sync_helpers import make_inspection, rebuild, zip_entries


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Parties]:
    parties = three_parties(tmp_path, durable=False)
    yield parties
    parties.close()


def _self_approved(world: Parties) -> tuple[uuid.UUID, Path]:
    """A record at head office, and a package of its next revision that the laptop approved
    itself (re-signed with the laptop's own key): the lead's part is not the laptop's."""
    ws = world.laptop
    (branch,) = list_branches(ws)
    iid = make_inspection(ws, branch, ws.form_versions()[0])
    import_package(world.office, world.export(ws, [iid]))
    svc.set_answer(ws, iid, "ENV-04", 3, why="复核计数")
    honest = world.export(ws, [iid])
    name = record_name(iid)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(honest))[name])
    record["inspection"] |= {
        "status": "approved",
        "decision": "approved",
        "reviewed_revision": 2,
        "review_revision": 1,
        "lead": "王晓明",
    }
    crafted = rebuild(
        honest,
        world.folder / "self-approved.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        relist=True,
        sign_with=load_identity(ws),
    )
    return iid, crafted


def _cli(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    assert main([str(a) for a in args]) == 0
    return capsys.readouterr().out


def test_a_refused_part_reads_in_chinese_then_in_english(
    world: Parties, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    iid, crafted = _self_approved(world)
    messages.set_language("zh")
    result = import_package(world.office, crafted)
    assert result.changed
    entry = next(e for e in import_history(world.office) if e.id == result.import_id)
    (part,) = [o for o in entry.outcomes if o.entity == "inspection.part"]
    assert part.outcome is Outcome.REFUSED and part.key == str(iid)
    assert isinstance(part.reason, Message)
    shown = render(part.reason)
    assert shown.startswith(f"数据包 {result.package_id}，记录 {iid}（")
    assert "审核部分（审核结论、" in shown and "归督导组长所有" in shown
    assert "在本机受信的角色为检查员" in shown and "保留已存数据" in shown
    assert render(entry.summary).startswith("检查：新增 0，更新 1")
    assert render(entry.result_words) == "已导入，有拒绝"

    messages.set_language("en")
    assert str(part.reason) == (
        f"package {result.package_id}, record {iid} ({part.label}): the review (decision, "
        "lead, review_revision, reviewed_revision) is the lead's; the package's signer "
        "field-laptop is trusted here as inspector: the change is refused, the stored data "
        "is kept"
    )
    assert str(entry.summary).startswith("inspections: 0 new, 1 updated")
    # the row keeps the English words too, for readers that do not know the messages
    with world.office.db.session() as s:
        row = s.get(ImportRecord, result.import_id)
        assert row is not None and row.counts is not None
        assert row.message == str(entry.summary)
        (kept,) = [r for r in row.counts["records"] if r["entity"] == "inspection.part"]
        assert kept["reason"] == str(part.reason)
        assert kept["reason_message"]["code"] == "sync.reasons.in_record"

    # the command line, in the locale's language
    home = world.office.home
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    shown_zh = _cli(capsys, "--data-dir", home, "imports")
    assert "已导入，有拒绝" in shown_zh and "归督导组长所有" in shown_zh
    assert "已拒绝 检查（部分内容）" in shown_zh
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    shown_en = _cli(capsys, "--data-dir", home, "imports", "--json")
    (listed,) = [e for e in json.loads(shown_en) if e["import_id"] == str(result.import_id)]
    (record,) = [r for r in listed["records"] if r["entity"] == "inspection.part"]
    assert record["reason"] == str(part.reason)
    assert record["reason_message"]["params"]["reason"]["code"] == "sync.reasons.not_the_signers"


def _old_row(ws: Any, at: datetime | None = None, **counts: Any) -> uuid.UUID:
    row = ImportRecord(
        imported_at=at or datetime(2024, 5, 6, 7, 8, tzinfo=UTC),
        package_id=str(uuid.uuid4()),
        sha256="0" * 64,
        source_device="old-laptop (abcd)",
        counts={"inspections": {"new": 1, "refused": 1}, "forms_new": 0, **counts},
        result="imported-with-refusals",
        message="inspections: 1 new, 0 updated, 0 unchanged, 0 conflicts, 1 refused",
    )
    with ws.db.session() as s:
        s.add(row)
        s.commit()
        return row.id


def test_a_row_written_as_plain_text_still_reads(world: Parties) -> None:
    ws = world.office
    plain = _old_row(ws)
    mixed = _old_row(
        ws,
        records=[
            {"entity": "inspection", "key": "k1", "label": "0231", "outcome": "refused",
             "reason": "revision 1 is older than the stored revision 2"},
            {"entity": "branch", "key": "0231", "label": "0231 x", "outcome": "refused",
             "reason": "kept as it was said",
             "reason_message": {"code": "sync.gone", "params": {}}},
            {"entity": "branch", "key": "0232", "label": "0232 y", "outcome": "conflict",
             "reason": "said in English",
             "reason_message": {"code": "sync.reasons.older_revision", "params": {"revision": 1}}},
            {"entity": "branch", "outcome": "no such outcome"},
            "not a record",
        ],
    )  # fmt: skip
    messages.set_language("zh")
    entries = {e.id: e for e in import_history(ws)}
    old = entries[plain]
    assert old.summary == "inspections: 1 new, 0 updated, 0 unchanged, 0 conflicts, 1 refused"
    assert old.outcomes == [] and old.counts["inspections"]["new"] == 1
    assert render(old.result_words) == "已导入，有拒绝"
    reasons_read = [o.reason for o in entries[mixed].outcomes]
    assert reasons_read == [
        "revision 1 is older than the stored revision 2",
        "kept as it was said",  # a code this version does not declare
        "said in English",  # a declared code without the parameters its words need
    ]


def test_every_owner_has_its_words_in_both_languages() -> None:
    for part in Part:
        assert reasons.owner_label(part).render("en") == OWNER_NAMES[part]
    assert reasons.role_label("") == "?"
    assert reasons.field_labels(["decision", "a_field_added_later"])[1] == "a_field_added_later"


def test_the_history_lists_the_newest_first(world: Parties) -> None:
    ws = world.office
    older = _old_row(ws, datetime(2024, 5, 6, tzinfo=UTC))
    newer = _old_row(ws, datetime(2024, 5, 7, tzinfo=UTC))
    assert [e.id for e in import_history(ws)] == [newer, older]
    assert [e.id for e in import_history(ws, limit=1)] == [newer]


def test_the_history_keeps_a_bounded_number_of_reasons(
    world: Parties, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bqinspect.sync import history
    from bqinspect.sync.ledger import RecordOutcome

    monkeypatch.setattr(history, "MAX_RECORDS", 2)
    said = reasons.OLDER_REVISION(revision=1, stored=2)
    outcomes = [RecordOutcome("branch", f"{n:04d}", "", Outcome.REFUSED, said) for n in range(3)]
    outcomes.append(RecordOutcome("branch", "0009", "", Outcome.NEW))  # no reason: not kept
    kept = history.history_counts("summary", outcomes)
    assert kept["summary"] is None and len(kept["records"]) == 2
    row = _old_row(world.office, **kept)
    (entry,) = [e for e in import_history(world.office) if e.id == row]
    assert entry.left_out == 1 and [o.key for o in entry.outcomes] == ["0000", "0001"]
    assert str(entry.summary).startswith("inspections: 1 new")  # plain text: the row's message
