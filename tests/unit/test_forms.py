"""Form files: the shipped forms validate; every broken form is refused with file, line, reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bqinspect.base import resources
from bqinspect.domain.formio import (
    FormError,
    canonical_json,
    dump_form_yaml,
    form_from_json,
    form_sha256,
    load_form,
    parse_form_text,
)
from bqinspect.domain.forms import AnswerType, DeductionReason, Dimension, Kind, PhotoRule, Severity

DATA = Path(__file__).resolve().parent.parent / "data"
BROKEN = sorted((DATA / "broken_forms").glob("*.yaml"))
SHIPPED = sorted(resources.forms_dir().glob("*.yaml"))
EXPECT = re.compile(r"#\s*expect:\s*line=(?P<line>\w+)\s+reason=(?P<reason>.+)$")


def test_there_is_a_corpus_of_broken_forms() -> None:
    assert len(BROKEN) >= 15


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_form_is_refused_with_line_and_reason(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = EXPECT.match(first)
    assert match, f"{path.name} lacks an '# expect:' line"
    with pytest.raises(FormError) as caught:
        load_form(path)
    problems = caught.value.problems
    assert problems and all(p.file == path.name for p in problems)
    line = None if match["line"] == "none" else int(match["line"])
    reason = match["reason"].strip()
    assert any(reason in f"{p.field} {p.reason!s}" and p.line == line for p in problems), (
        f"expected line {line} and {reason!r}, got: {[str(p) for p in problems]}"
    )


def test_shipped_forms_exist() -> None:
    ids = {load_form(p).id for p in SHIPPED}
    assert {"branch-onsite", "mystery-cash", "mystery-wealth", "mystery-special"} <= ids


def test_onsite_form_has_all_sections_and_at_least_100_items() -> None:
    form = load_form(resources.forms_dir() / "branch-onsite.yaml")
    assert form.kind is Kind.ONSITE
    assert [s.id for s in form.sections] == ["ENV", "FAC", "STF", "SEC", "EFF", "INF", "MGT"]
    assert len(form.items()) >= 100
    for item in form.items():
        assert item.guidance is not None, item.id
        if item.scored:
            assert item.requirement is not None, item.id
    assert {i.veto for i in form.items() if i.veto} >= {"V1", "V2", "V3", "V6"}
    assert any(i.gate == "lobby" for i in form.items())


@pytest.mark.parametrize("name", ["mystery-cash", "mystery-wealth", "mystery-special"])
def test_mystery_forms_time_the_visit(name: str) -> None:
    form = load_form(resources.forms_dir() / f"{name}.yaml")
    assert form.kind is Kind.MYSTERY
    assert [c.id for c in form.checkpoints] == [f"T{i}" for i in range(8)]
    durations = [i for i in form.items() if i.type is AnswerType.DURATION]
    derived = {(i.derive.start, i.derive.end) for i in durations if i.derive}
    assert ("T3", "T4") in derived  # wait time
    assert any(i.bands for i in durations)
    assert not any(i.overt_only for i in form.items())
    assert not any(
        i.photo_on_fail is PhotoRule.REQUIRED and i.risk_type == "security" for i in form.items()
    )


PLAN_RISK_TYPES = {
    "服务流程",
    "服务态度",
    "服务环境",
    "服务信息",
    "服务创新",
    "安全保卫",
    "合规经营",
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_item_has_its_basis_and_every_section_a_dimension(path: Path) -> None:
    form = load_form(path)  # validates, risk types against the declared vocabulary included
    assert [i.id for i in form.items() if not i.basis] == []
    assert [s.id for s in form.sections if s.dimension is None] == []
    assert {s.dimension for s in form.sections} <= set(Dimension)
    assert {r.label.zh for r in form.risk_types} == PLAN_RISK_TYPES
    assert form.deduction_reason is DeductionReason.REQUIRED
    for item in form.items():
        assert "DOMAIN" not in (item.basis or "") and "[" not in (item.basis or ""), item.id


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_items_that_fail_often_offer_common_reasons(path: Path) -> None:
    form = load_form(path)
    often = [
        i
        for i in form.items()
        if i.scored
        and (form.kind is Kind.MYSTERY or i.severity in (Severity.CRITICAL, Severity.MAJOR))
    ]
    assert often and [i.id for i in often if len(i.reasons) == 0] == []


# the sha256 of tests/data/mini_form.yaml before forms had bases, reasons, dimensions and rules
MINI_SHA256 = "b90b1ad715a5f21a3ef4f56647d076614af2c7e40f8cf65c65813496ecb0af41"


def test_a_form_without_the_later_keys_keeps_its_definition_and_sha256() -> None:
    form = load_form(DATA / "mini_form.yaml")
    frozen = canonical_json(form)
    assert form_sha256(form) == MINI_SHA256  # installing it again finds the stored version
    for key in ("basis", "reasons", "dimension", "risk_types", "deduction_reason"):
        assert f'"{key}"' not in frozen
    old = form_from_json(frozen)  # as stored before: the later keys take their defaults
    assert old.deduction_reason is DeductionReason.OPTIONAL and old.risk_types == []
    assert all(s.dimension is None for s in old.sections)
    assert all(i.basis is None and i.reasons == [] for i in old.items())
    assert old.item("ENV-01").risk_type == "environment"  # no vocabulary: any text is kept


def test_an_item_means_one_norm_across_the_shipped_forms() -> None:
    basis: dict[str, set[str]] = {}
    for path in SHIPPED:
        for item in load_form(path).items():
            basis.setdefault(item.id, set()).add(item.basis or "")
    assert {k: v for k, v in basis.items() if len(v) > 1} == {}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_form_round_trips_through_yaml_and_json(path: Path) -> None:
    form = load_form(path)
    again = parse_form_text(dump_form_yaml(form), "again.yaml")
    assert again == form
    assert form_from_json(canonical_json(form)) == form
    assert form_sha256(again) == form_sha256(form)


def test_duplicate_yaml_key_is_refused_with_its_line() -> None:
    text = (DATA / "mini_form.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1"\n', 'version: "1"\nversion: "2"\n', 1)
    with pytest.raises(FormError) as caught:
        parse_form_text(text, "dup.yaml")
    assert caught.value.problems[0].line == 3
    assert "duplicate key" in str(caught.value.problems[0].reason)


def test_error_message_names_file_line_and_field() -> None:
    text = (
        (DATA / "mini_form.yaml")
        .read_text(encoding="utf-8")
        .replace("type: count", "type: counter")
    )
    with pytest.raises(FormError) as caught:
        parse_form_text(text, "mine.yaml")
    message = str(caught.value)
    assert message.startswith("mine.yaml:")
    assert "SEC-04" in message and "type" in message
