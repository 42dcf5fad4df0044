"""Appeals travel in packages (format 3) under the ownership rules; a version-2 package imports."""

from __future__ import annotations

import json
from pathlib import Path

from bqinspect.base import clock
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.services import appeals, review
from bqinspect.services import inspections as svc
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from bqinspect.sync.records import FORMAT_VERSION, READABLE_VERSIONS
from tests.unit.sync_helpers import (
    field_with_inspections,
    open_ws,
    photo_bytes,
    rebuild,
    record_names,
    trust,
    zip_entries,
)


def _lead_with_an_overturn(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A laptop's inspection at the lead's, approved; its deduction appealed and overturned."""
    laptop, ids = field_with_inspections(tmp_path / "laptop", 1)
    lead = open_ws(tmp_path / "lead", actor="组长")
    lead.set_role(Role.LEAD)
    trust(lead, laptop, tmp_path)
    import_package(lead, export_package(laptop, tmp_path / "up.bqpkg", ids).path)
    review.approve(lead, ids[0])
    (finding,) = svc.findings_of(lead, ids[0])
    photo = ingest_bytes(photo_bytes(42), "repair.jpg")
    appeals.lodge(lead, finding.id, "灯箱当日已报修", [photo], now=clock.now())
    appeals.decide(lead, finding.id, overturn=True, reason="报修单属实")
    return laptop, lead, ids[0], finding.id, photo.sha256


def test_an_overturn_travels_with_its_photo_and_restored_score(tmp_path: Path) -> None:
    assert FORMAT_VERSION == 3 and READABLE_VERSIONS == (1, 2, 3)
    laptop, lead, iid, finding_id, sha = _lead_with_an_overturn(tmp_path)
    restored = svc.get_inspection(lead, iid).overall_score
    package = export_package(lead, tmp_path / "back.bqpkg", [iid]).path

    office = open_ws(tmp_path / "office")
    trust(office, lead, tmp_path, Role.OFFICE)
    trust(office, laptop, tmp_path)
    result = import_package(office, package)
    assert result.refused == []
    got = appeals.appeal_of(office, finding_id)
    assert got is not None and (got.decision, got.decision_reason) == ("overturned", "报修单属实")
    assert got.photos == (sha,) and svc.photo_blob(office, sha) is not None
    assert svc.get_inspection(office, iid).overall_score == restored

    trust(laptop, lead, tmp_path, Role.LEAD)  # the return package: the inspector learns of it
    before = svc.get_inspection(laptop, iid).overall_score
    assert import_package(laptop, package).refused == []
    assert appeals.appeal_of(laptop, finding_id) is not None
    after = svc.get_inspection(laptop, iid)
    assert before is not None and after.overall_score == restored and restored > before
    assert after.revision == 1  # the inspector's part is untouched
    assert import_package(laptop, package).refused == []  # again: nothing changes
    for ws in (laptop, lead, office):
        ws.close()


def test_an_appeal_from_a_signer_trusted_as_an_inspector_is_refused(tmp_path: Path) -> None:
    laptop, lead, iid, finding_id, _sha = _lead_with_an_overturn(tmp_path)
    package = export_package(lead, tmp_path / "back.bqpkg", [iid]).path
    office = open_ws(tmp_path / "office")
    trust(office, lead, tmp_path, Role.INSPECTOR)  # the lead's device, trusted as an inspector
    result = import_package(office, package)
    assert appeals.appeal_of(office, finding_id) is None
    assert any("appeal " in str(r.reason) and "the lead's" in str(r.reason) for r in result.refused)
    for ws in (laptop, lead, office):
        ws.close()


def test_a_version_2_package_still_imports(tmp_path: Path) -> None:
    laptop, ids = field_with_inspections(tmp_path / "f", 1)
    package = export_package(laptop, tmp_path / "v3.bqpkg", ids).path
    (name,) = record_names(package)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(package))[name])
    del record["appeals"]

    def version_2(m: dict) -> dict:  # type: ignore[type-arg]
        m["format_version"] = 2
        return m

    old = rebuild(
        package,
        tmp_path / "v2.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        manifest=version_2,
        sign_with=load_identity(laptop),
        relist=True,
    )
    office = open_ws(tmp_path / "o")
    trust(office, laptop, tmp_path, Role.OFFICE)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["new"]
    assert svc.get_inspection(office, ids[0]).overall_score is not None
    assert appeals.appeals_by_finding(office) == {}
    laptop.close()
    office.close()
