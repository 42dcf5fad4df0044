"""The feedback register in packages: office to office with contacts, to the field without,
an inspector's package may not change it, a version-2 package still imports."""

from __future__ import annotations

import json
from pathlib import Path

from bqinspect.domain.lifecycle import Role
from bqinspect.services import feedback as svc
from bqinspect.services.feedback_view import get_feedback, list_feedback
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.feedback_records import FEEDBACK
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import load_identity
from tests.unit.sync_helpers import field_with_inspections, open_ws, rebuild, trust, zip_entries

PHONE = "13912345678"


def _lead_with_feedback(root: Path) -> tuple[Workspace, list, svc.FeedbackView]:  # type: ignore[type-arg]
    lead, ids = field_with_inspections(root / "lead", 1, device="lead-pc")
    lead.set_role(Role.LEAD)
    item = svc.add_feedback(
        lead,
        branch="0231",
        channel="at_branch",
        category="service_attitude",
        content="柜员态度生硬",
        contact_name="赵先生",
        contact_phone=PHONE,
    )
    return lead, ids, item


def _entries(path: Path) -> dict[str, bytes]:
    return {i.filename: d for i, d in zip_entries(path)}


def _outcomes(result: object) -> list[str]:
    return [o.outcome.value for o in result.outcomes if o.entity == "feedback"]  # type: ignore[attr-defined]


def test_office_to_office_carries_the_contact_and_later_steps(tmp_path: Path) -> None:
    lead, ids, item = _lead_with_feedback(tmp_path)
    office = open_ws(tmp_path / "office")
    office.set_role(Role.OFFICE)
    trust(office, lead, tmp_path, Role.LEAD)
    first = export_package(lead, tmp_path / "1.bqpkg", ids, feedback_contact=True)
    assert _outcomes(import_package(office, first.path)) == ["new"]
    got = get_feedback(office, item.id)
    assert (got.contact_name, got.contact_phone, got.content) == ("赵先生", PHONE, "柜员态度生硬")
    svc.add_step(lead, item.id, "调阅监控")
    svc.reply(lead, item.id, "已致歉并加强培训", accepted=True)
    # the window's export leaves the contact out; the office keeps the one it has
    second = export_package(lead, tmp_path / "2.bqpkg", ids)
    assert PHONE.encode() not in _entries(second.path)[FEEDBACK]
    assert _outcomes(import_package(office, second.path)) == ["updated"]
    got = get_feedback(office, item.id)
    assert got.status == "replied" and got.accepted is True and got.contact_phone == PHONE
    assert [s.kind for s in got.steps] == ["receive", "step", "reply"]
    assert _outcomes(import_package(office, second.path)) == ["unchanged"]
    lead.close()
    office.close()


def test_the_field_gets_no_contact_and_an_inspector_may_not_change_it(tmp_path: Path) -> None:
    lead, ids, item = _lead_with_feedback(tmp_path)
    laptop = open_ws(tmp_path / "laptop")
    trust(laptop, lead, tmp_path, Role.LEAD)
    to_field = export_package(lead, tmp_path / "field.bqpkg", ids, feedback_contact=False)
    raw = _entries(to_field.path)[FEEDBACK]
    assert PHONE.encode() not in raw and "赵先生".encode() not in raw
    import_package(laptop, to_field.path)
    assert [(f.contact_name, f.contact_phone) for f in list_feedback(laptop)] == [("", "")]

    # the laptop's own packages carry no register; one forged to close the item is refused
    trust(lead, laptop, tmp_path, Role.INSPECTOR)
    own = export_package(laptop, tmp_path / "own.bqpkg", ids)
    assert FEEDBACK not in _entries(own.path)
    register = json.loads(raw)
    register["feedback"][0] |= {"status": "closed", "revision": 9}

    def counted(m: dict) -> dict:  # type: ignore[type-arg]
        m["counts"]["feedback"] = 1
        return m

    forged = rebuild(
        own.path,
        tmp_path / "forged.bqpkg",
        add=[(FEEDBACK, json.dumps(register, ensure_ascii=False).encode())],
        manifest=counted,
        sign_with=load_identity(laptop),
        relist=True,
    )
    result = import_package(lead, forged)
    (refused,) = [o for o in result.outcomes if o.entity == "feedback"]
    assert refused.outcome.value == "refused" and "lead and head office" in str(refused.reason)
    assert get_feedback(lead, item.id).status == "received"
    lead.close()
    laptop.close()


def test_a_version_2_package_still_imports(tmp_path: Path) -> None:
    field, ids = field_with_inspections(tmp_path / "f", 1)
    package = export_package(field, tmp_path / "v3.bqpkg", ids).path

    def version_2(m: dict) -> dict:  # type: ignore[type-arg]
        m["format_version"] = 2
        del m["counts"]["feedback"]
        return m

    old = rebuild(
        package, tmp_path / "v2.bqpkg", manifest=version_2, sign_with=load_identity(field)
    )
    office = open_ws(tmp_path / "o")
    trust(office, field, tmp_path, Role.OFFICE)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["new"]
    assert list_feedback(office) == []
    field.close()
    office.close()


def test_no_report_reads_the_feedback_register() -> None:
    """The notice (and its branch copy) is built from the inspection record only: nothing in
    the report package reads the register, so a customer's contact cannot reach it."""
    report = Path(__file__).resolve().parents[2] / "bqinspect" / "report"
    for path in report.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "contact_" not in text, path  # no part of any report reads a customer's contact
        if "ledger" not in path.parts:  # the supervision ledger lists feedback handled
            assert "Feedback" not in text, path
