"""The staff register in reference packages, and named staff and counters in inspection records
(format 3); a version-2 package still imports."""

from __future__ import annotations

import json
from pathlib import Path

from bqinspect.domain.lifecycle import Role
from bqinspect.services import inspections as svc
from bqinspect.services.staff import import_staff, list_staff
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from tests.unit.sync_helpers import (
    field_with_inspections,
    open_ws,
    rebuild,
    record_names,
    setup_field,
    trust,
    zip_entries,
)

REGISTER = "工号,姓名,岗位,网点编号\n1023,张伟,柜员,0231\n1024,李娜,大堂经理,0231\n"


def _register(ws: Workspace) -> list[tuple[str, str, str, str]]:
    return [(m.employee_no, m.name, m.post, m.branch_code) for m in list_staff(ws)]


def _import_register(ws: Workspace, folder: Path, text: str = REGISTER) -> None:
    path = folder / "staff.csv"
    path.write_text(text, encoding="utf-8")
    import_staff(ws, path)


def test_the_register_travels_in_reference_packages_and_only_head_office_changes_it(
    tmp_path: Path,
) -> None:
    office = open_ws(tmp_path / "office")
    office.set_role(Role.OFFICE)
    setup_field(office, device="office")
    _import_register(office, tmp_path)
    laptop = open_ws(tmp_path / "laptop")
    trust(laptop, office, tmp_path, Role.OFFICE)
    first = export_package(office, tmp_path / "ref1.bqpkg", [], reference=True)
    result = import_package(laptop, first.path)
    assert [o.outcome.value for o in result.outcomes if o.entity == "staff"] == ["new", "new"]
    assert _register(laptop) == _register(office)

    _import_register(office, tmp_path, REGISTER.replace("张伟,柜员", "张伟,保安"))
    second = export_package(office, tmp_path / "ref2.bqpkg", [], reference=True)
    result = import_package(laptop, second.path)
    assert {o.key: o.outcome.value for o in result.outcomes if o.entity == "staff"} == {
        "1023": "updated",
        "1024": "unchanged",
    }
    assert _register(laptop)[0] == ("1023", "张伟", "security_guard", "0231")

    renamed = REGISTER.replace("张伟,柜员", "张伟,保安").replace("李娜", "李娜娜")
    _import_register(laptop, tmp_path, renamed)  # the register is not the laptop's to change
    trust(office, laptop, tmp_path, Role.INSPECTOR)
    back = export_package(laptop, tmp_path / "back.bqpkg", [], reference=True)
    result = import_package(office, back.path)
    refused = [o for o in result.outcomes if o.entity == "staff" and o.outcome.value == "refused"]
    assert [o.key for o in refused] == ["1024"] and "head office" in str(refused[0].reason)
    assert _register(office)[1][1] == "李娜"
    office.close()
    laptop.close()


def test_named_staff_and_counter_travel_with_the_answer_and_its_finding(tmp_path: Path) -> None:
    laptop, ids = field_with_inspections(tmp_path / "f", 1)
    _import_register(laptop, tmp_path)
    svc.set_answer(laptop, ids[0], "ENV-01", "fail", why="复核")  # submitted: an amendment
    svc.name_staff(laptop, ids[0], "ENV-01", "1023", "3", why="补记柜员")
    office = open_ws(tmp_path / "o")
    trust(office, laptop, tmp_path, Role.INSPECTOR)
    package = export_package(laptop, tmp_path / "p.bqpkg", ids).path
    assert import_package(office, package).refused == []
    answer = svc.answers_of(office, ids[0])["ENV-01"]
    assert (answer.staff_no, answer.counter) == ("1023", "3")
    (finding,) = [f for f in svc.findings_of(office, ids[0]) if f.item_id == "ENV-01"]
    assert (finding.staff_no, finding.counter) == ("1023", "3")
    laptop.close()
    office.close()


def test_a_version_2_package_still_imports(tmp_path: Path) -> None:
    """A package written before staff were named: no staff_no or counter fields."""
    field, ids = field_with_inspections(tmp_path / "f", 1)
    package = export_package(field, tmp_path / "v3.bqpkg", ids).path
    (name,) = record_names(package)
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(package))[name])
    for part in ("answers", "findings"):
        for row in record[part]:
            del row["staff_no"], row["counter"]

    def version_2(m: dict) -> dict:  # type: ignore[type-arg]
        m["format_version"] = 2
        del m["counts"]["staff"]
        return m

    old = rebuild(
        package,
        tmp_path / "v2.bqpkg",
        replace={name: json.dumps(record, ensure_ascii=False).encode()},
        manifest=version_2,
        sign_with=load_identity(field),
        relist=True,
    )
    office = open_ws(tmp_path / "o")
    trust(office, field, tmp_path, Role.OFFICE)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["new"]
    answers = svc.answers_of(office, ids[0])
    assert answers and all(a.staff_no == "" and a.counter == "" for a in answers.values())
    field.close()
    office.close()
