"""A lead's return package: the records of one inspector or one device, with the lead's review."""

from __future__ import annotations

from pathlib import Path

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.services import review
from bqinspect.sync.export import export_package, select_inspections
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from tests.unit.sync_helpers import field_with_inspections, open_ws, trust


def test_return_package_for_one_inspector_or_device_brings_the_review_back(
    tmp_path: Path,
) -> None:
    laptop_a, ids_a = field_with_inspections(tmp_path / "a", 2, device="laptop-a")
    laptop_b, ids_b = field_with_inspections(tmp_path / "b", 1, device="laptop-b")
    svc.set_inspection_fields(laptop_b, ids_b[0], inspectors=["李静"], why="更正检查员")
    lead = open_ws(tmp_path / "lead")
    lead.set_role(Role.LEAD)
    for laptop, ids in ((laptop_a, ids_a), (laptop_b, ids_b)):
        trust(lead, laptop, tmp_path)
        import_package(lead, export_package(laptop, tmp_path / f"{ids[0]}.bqpkg", ids).path)
    review.comment(lead, ids_a[0], "门头灯箱照片请补拍", "ENV-01")
    review.return_inspection(lead, ids_a[0], "照片不清晰", ["ENV-01"])
    review.approve(lead, ids_a[1], text="同意")
    review.approve(lead, ids_b[0], text="同意")

    assert select_inspections(lead, inspector="王晓明") == ids_a
    assert select_inspections(lead, inspector="李静") == ids_b
    device_a = load_identity(laptop_a).device_id
    assert select_inspections(lead, device=device_a) == ids_a
    assert select_inspections(lead, everything=True, inspector="nobody") == []

    back = export_package(lead, tmp_path / "back.bqpkg", select_inspections(lead, device=device_a))
    trust(laptop_a, lead, tmp_path, Role.LEAD)
    result = import_package(laptop_a, back.path)
    assert result.refused == []
    assert [svc.get_inspection(laptop_a, i).status for i in ids_a] == ["returned", "approved"]
    record = svc.read_inspection(laptop_a, ids_a[0])
    assert {(c.item_id, c.text) for c in record.item_comments} == {
        ("ENV-01", "门头灯箱照片请补拍"),
        ("ENV-01", "照片不清晰"),
    }
    assert [r.decision for r in record.reviews] == ["returned"]
    for ws in (laptop_a, laptop_b, lead):
        ws.close()


def test_a_version_1_package_still_imports(tmp_path: Path) -> None:
    """A package written before owners' parts were counted apart: one status, no roles."""
    import json

    from tests.unit.sync_helpers import rebuild, record_names, zip_entries

    field, ids = field_with_inspections(tmp_path / "f", 1)
    with field.acting_as(Role.LEAD):
        review.approve(field, ids[0], text="同意")
    package = export_package(field, tmp_path / "v2.bqpkg", ids).path
    (name,) = record_names(package)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(package))[name])
    for key in ("work_status", "decision", "reviewed_revision", "review_revision"):
        del record["inspection"][key]
    for finding in record["findings"]:
        del finding["followup_revision"]
    for part in ("reviews", "item_comments", "audit"):
        for row in record[part]:
            row.pop("role", None)
            row.pop("device_id", None)
            row.pop("revision", None)

    def version_1(m: dict) -> dict:  # type: ignore[type-arg]
        m["format_version"] = 1
        return m

    old = rebuild(
        package,
        tmp_path / "v1.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        manifest=version_1,
        sign_with=load_identity(field),
        relist=True,
    )
    office = open_ws(tmp_path / "o")
    trust(office, field, tmp_path, Role.OFFICE)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["new"]
    head = svc.get_inspection(office, ids[0])
    assert (head.status, head.work_status, head.decision) == ("approved", "submitted", "approved")
    assert (head.reviewed_revision, head.review_revision) == (1, 1)
    assert [r.decision for r in svc.read_inspection(office, ids[0]).reviews] == ["approved"]
    field.close()
    office.close()
