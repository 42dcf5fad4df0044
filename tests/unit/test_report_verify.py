"""Record hash, report verification against the database, and byte-identical output."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from bqinspect.base import clock
from bqinspect.base.errors import Refused
from bqinspect.domain.lifecycle import Role
from bqinspect.report import build_report, record_hash, verify_report
from bqinspect.report.metadata import ReportStamp
from bqinspect.report.record import canonical_bytes, record_document
from bqinspect.services import inspections as I
from bqinspect.services import review
from bqinspect.store.models import Inspection
from tests.unit.test_report import onsite, pdf_text

GENERATED = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def test_record_hash_is_stable_and_follows_every_change(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    first = record_hash(ws, insp_id)
    assert first == record_hash(ws, insp_id)
    assert len(first[0]) == 64 and first[1] == 1
    with ws.db.session() as s:
        document = record_document(s, insp_id)
    assert hashlib.sha256(canonical_bytes(document)).hexdigest() == first[0]
    text = canonical_bytes(document).decode("utf-8")
    assert json.loads(text)["format"] == "bqinspect.inspection-record/1"
    assert "王晓明" in text  # not escaped: the canonical form is UTF-8

    I.set_note(ws, insp_id, "ENV-04", "门前有烟头")
    second = record_hash(ws, insp_id)
    assert second[0] != first[0]
    [finding, *_] = I.findings_of(ws, insp_id)
    I.update_finding(ws, finding.id, responsible="李经理")
    assert record_hash(ws, insp_id)[0] not in (first[0], second[0])


def test_exporting_does_not_change_the_record(empty_workspace, mini_form) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    before = record_hash(ws, insp_id)
    with ws.session() as s:  # bookkeeping fields are not part of the record
        insp = s.get(Inspection, insp_id)
        assert insp is not None
        insp.exported_at = clock.now()
        insp.updated_at = clock.now()
        s.add(insp)
    assert record_hash(ws, insp_id) == before


def test_verify_a_matching_report(empty_workspace, mini_form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, submit=True)
    for audience in ("branch", "office"):
        info = build_report(ws, insp_id, tmp_path / f"{audience}.pdf", audience=audience)
        result = verify_report(ws, info.path)
        assert result.matches, result.message
        assert result.record_id == insp_id
        assert result.revision_in_pdf == result.current_revision == 1
        assert result.sha256_in_pdf == info.record_sha256 == record_hash(ws, insp_id)[0]
        assert "matches" in result.message


def test_verify_a_changed_record_says_what_and_which_revision(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, submit=True)
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    I.set_answer(ws, insp_id, "ENV-04", 2, why="re-checked the forecourt photos")
    result = verify_report(ws, info.path)
    assert not result.matches
    assert result.revision_in_pdf == 1 and result.current_revision == 2
    assert "answers" in result.changed and "photos" not in result.changed
    assert "revision 1" in result.message and "revision 2" in result.message

    # the same revision edited in place (a draft) is also caught
    draft = onsite(ws, mini_form, code="0232")
    info = build_report(ws, draft, tmp_path / "d.pdf")
    I.set_note(ws, draft, "ENV-04", "补充说明")
    result = verify_report(ws, info.path)
    assert not result.matches and result.current_revision == result.revision_in_pdf == 1
    assert result.changed == ["answers"] and "edited since" in result.message


def test_verify_a_status_change_and_a_record_from_elsewhere(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path, home
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, submit=True)
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    with ws.acting_as(Role.LEAD):
        review.approve(ws, insp_id, text="ok")
    result = verify_report(ws, info.path)
    assert not result.matches and result.changed == ["inspection"]

    from bqinspect.store.workspace import open_workspace

    other = open_workspace(tmp_path / "elsewhere")
    try:
        result = verify_report(other, info.path)
    finally:
        other.close()
    assert not result.matches and result.current_revision is None
    assert "not in this database" in result.message


def test_verify_reads_the_footer_when_the_metadata_was_stripped(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, submit=True)
    info = build_report(ws, insp_id, tmp_path / "r.pdf", lang="en")
    writer = PdfWriter(clone_from=PdfReader(info.path))
    writer.add_metadata({"/Keywords": "", "/Subject": "re-saved"})
    stripped = tmp_path / "stripped.pdf"
    with stripped.open("wb") as fh:
        writer.write(fh)
    assert "bqinspect-report" not in str(PdfReader(stripped).metadata)
    result = verify_report(ws, stripped)
    assert result.matches and result.revision_in_pdf == 1


def test_verify_refuses_what_is_not_a_report(empty_workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = empty_workspace
    text = tmp_path / "notes.pdf"
    text.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(Refused, match=r"notes\.pdf"):
        verify_report(ws, text)
    with pytest.raises(Refused, match="cannot read"):
        verify_report(ws, tmp_path / "missing.pdf")
    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    with plain.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(Refused, match="not a bqinspect report"):
        verify_report(ws, plain)


def test_stamp_round_trip_and_damage() -> None:
    import uuid

    stamp = ReportStamp(uuid.uuid4(), 3, "ab" * 32, "office", "zh", {"answers": "cd" * 32})
    parsed = ReportStamp.parse(stamp.keywords())
    assert parsed is not None
    assert (parsed.record_id, parsed.revision, parsed.sha256) == (
        stamp.record_id,
        3,
        stamp.sha256,
    )
    assert parsed.parts == {"answers": "cd" * 8}
    assert ReportStamp.parse("some other keywords") is None
    assert ReportStamp.parse(stamp.keywords().replace("sha256=ab", "sha256=zz")) is None


def test_output_is_byte_identical_in_invariant_mode(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path
) -> None:
    ws = empty_workspace
    insp_id = onsite(ws, mini_form, photos=3)
    paths: list[Path] = []
    for n in range(2):
        out = tmp_path / f"r{n}.pdf"
        build_report(ws, insp_id, out, lang="both", invariant=True, generated_at=GENERATED)
        paths.append(out)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    # invariant mode does not leak: a normal build afterwards carries a real creation date
    normal = build_report(ws, insp_id, tmp_path / "n.pdf")
    created = str(PdfReader(normal.path).metadata.get("/CreationDate"))
    fixed = str(PdfReader(paths[0]).metadata.get("/CreationDate"))
    assert created != fixed
    assert "2026-11-28 08:00" in pdf_text(paths[0]) or "2026-11-28" in pdf_text(paths[0])


def test_an_edit_while_the_report_reads_the_record_is_picked_up(  # type: ignore[no-untyped-def]
    empty_workspace, mini_form, tmp_path, monkeypatch
) -> None:
    import bqinspect.report.builder as builder

    ws = empty_workspace
    insp_id = onsite(ws, mini_form)
    real_gather = builder.gather
    reads: list[int] = []

    def gather_during_an_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_gather(*args, **kwargs)
        if not reads:  # someone saves a note while the report is being read
            I.set_note(ws, insp_id, "ENV-04", "同时补充的说明")
        reads.append(1)
        return result

    monkeypatch.setattr(builder, "gather", gather_during_an_edit)
    info = build_report(ws, insp_id, tmp_path / "r.pdf")
    assert len(reads) == 2
    assert info.record_sha256 == record_hash(ws, insp_id)[0]
    assert verify_report(ws, info.path).matches
