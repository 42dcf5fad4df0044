"""Hostile and broken packages: each is refused with a specific message and changes nothing."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bqinspect.base.errors import Refused
from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import SignerRefused, import_package
from bqinspect.sync.keys import DeviceIdentity, load_identity
from bqinspect.sync.merge import Outcome
from bqinspect.sync.safezip import Limits, PackageError
from tests.unit.sync_helpers import (
    back_to_draft,
    blob_names,
    db_content_hash,
    field_with_inspections,
    open_ws,
    rebuild,
    record_names,
    trust,
    write_zip,
    zip_entries,
)


@dataclass
class Field:
    ws: Workspace
    ids: list[Any]
    identity: DeviceIdentity
    first: Path  # a package with the first inspection only
    full: Path  # a package with all of them
    folder: Path


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:
    folder = tmp_path_factory.mktemp("field")
    ws, ids = field_with_inspections(folder / "data", 2)
    first = export_package(ws, folder / "first.bqpkg", ids[:1]).path
    full = export_package(ws, folder / "full.bqpkg", ids).path
    yield Field(ws, ids, load_identity(ws), first, full, folder)
    ws.close()


@pytest.fixture(scope="module")
def office_template(field: Field) -> Path:
    """Head office, trusting the field device, with the first inspection already imported."""
    home = field.folder / "office-template"
    ws = open_ws(home)
    trust(ws, field.ws, field.folder)
    import_package(ws, field.first)
    ws.close()
    return home


@pytest.fixture
def office(tmp_path: Path, office_template: Path) -> Iterator[Workspace]:
    home = tmp_path / "office"
    shutil.copytree(office_template, home)
    ws = open_ws(home)
    yield ws
    ws.close()


def refused(ws: Workspace, package: Path, **kwargs: Any) -> PackageError:
    before = db_content_hash(ws)
    with pytest.raises(PackageError) as info:
        import_package(ws, package, **kwargs)
    assert db_content_hash(ws) == before, "a refused package changed the database"
    return info.value


def _info(name: str, **attrs: Any) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    for key, value in attrs.items():
        setattr(info, key, value)
    return info


# names ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.json", "path traversal"),
        ("records/../../evil.json", "path traversal"),
        ("/etc/evil.json", "absolute path"),
        ("C:/Windows/evil.json", "drive letter"),
        ("records\\evil.json", "backslash"),
        ("records/./evil.json", "'.' path component"),
        ("records/", "directory entry"),
        ("records/evil\x01.json", "control character"),
    ],
)
def test_unsafe_entry_names(
    office: Workspace, field: Field, tmp_path: Path, name: str, message: str
) -> None:
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[(name, b"{}")])
    err = refused(office, bad)
    assert message in err.reason
    assert name in err.where or repr(name) == err.where


def test_symlink_entry(office: Workspace, field: Field, tmp_path: Path) -> None:
    link = _info("records/link.json", create_system=3, external_attr=(0o120777 << 16))
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[(link, b"/etc/passwd")])
    assert "symbolic link" in refused(office, bad).reason


def test_duplicate_entry_names(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = record_names(field.full)[0]
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[(name, b"{}")])
    err = refused(office, bad)
    assert err.reason == "duplicate entry name"
    assert err.where == name


def test_names_differing_only_by_case(office: Workspace, field: Field, tmp_path: Path) -> None:
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[("MANIFEST.json", b"{}")])
    assert "differ only by case" in refused(office, bad).reason


# sizes ------------------------------------------------------------------------------------------
def test_zip_bomb_ratio(office: Workspace, field: Field, tmp_path: Path) -> None:
    bomb = _info("blobs/" + "0" * 64, compress_type=zipfile.ZIP_DEFLATED)
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[(bomb, bytes(30 * 1024 * 1024))])
    assert bad.stat().st_size < 200_000
    err = refused(office, bad)
    assert "compression ratio" in err.reason
    assert "zip bomb" in err.reason


def test_zip_bomb_total(office: Workspace, field: Field, tmp_path: Path) -> None:
    # Entries each within every per-entry bound whose sum is beyond the total bound.
    extra = [
        (_info(f"blobs/{i:064x}", compress_type=zipfile.ZIP_DEFLATED), bytes(400_000))
        for i in range(8)
    ]
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=extra)
    limits = Limits(max_total_bytes=2_000_000, max_ratio=1000)
    err = refused(office, bad, limits=limits)
    assert "add up to more than 2000000 bytes" in err.reason


def test_declared_size_beyond_entry_bound(office: Workspace, field: Field, tmp_path: Path) -> None:
    big = _info("blobs/" + "1" * 64, compress_type=zipfile.ZIP_STORED)
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[(big, bytes(300_000))])
    err = refused(office, bad, limits=Limits(max_entry_bytes=200_000))
    assert "300000 bytes uncompressed (at most 200000)" in err.reason


def test_too_many_entries(office: Workspace, field: Field, tmp_path: Path) -> None:
    extra = [(f"blobs/{i:064x}", b"x") for i in range(60)]
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=extra)
    err = refused(office, bad, limits=Limits(max_entries=50))
    assert err.reason.startswith("too many entries:")
    assert "(at most 50)" in err.reason


def test_json_nesting_bomb(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = record_names(field.full)[0]
    bomb = b"[" * 100_000 + b"]" * 100_000
    bad = rebuild(
        field.full,
        tmp_path / "bad.bqpkg",
        replace={name: bomb},
        relist=True,
        sign_with=field.identity,
    )
    err = refused(office, bad)
    assert err.reason == "JSON nested deeper than 40 levels"
    assert err.where == name


def test_json_moderate_nesting_beyond_limit(
    office: Workspace, field: Field, tmp_path: Path
) -> None:
    name = record_names(field.full)[0]
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(field.full))[name])
    deep: Any = "x"
    for _ in range(60):
        deep = [deep]
    record["answers"][0]["value"] = deep
    bad = rebuild(
        field.full,
        tmp_path / "bad.bqpkg",
        replace={name: json.dumps(record).encode()},
        relist=True,
        sign_with=field.identity,
    )
    assert refused(office, bad).reason == "JSON nested deeper than 40 levels"


def test_json_size_bomb(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = record_names(field.full)[0]
    huge = b'{"inspection": "' + b"A" * 3_000_000 + b'"}'
    stored = _info(name, compress_type=zipfile.ZIP_STORED)
    entries = [(i, d) for i, d in zip_entries(field.full) if i.filename != name]
    plain = write_zip(tmp_path / "plain.bqpkg", [*entries, (stored, huge)])
    bad = rebuild(plain, tmp_path / "bad.bqpkg", relist=True, sign_with=field.identity)
    err = refused(office, bad, limits=Limits(max_json_bytes=1_000_000))
    assert "larger than 1000000 bytes" in err.reason
    assert err.where == name


# damaged files ----------------------------------------------------------------------------------
def test_truncated_package(office: Workspace, field: Field, tmp_path: Path) -> None:
    data = field.full.read_bytes()
    bad = tmp_path / "bad.bqpkg"
    bad.write_bytes(data[: len(data) // 2])
    err = refused(office, bad)
    assert "damaged or incomplete (truncated?)" in err.reason


def test_not_a_zip(office: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "notes.bqpkg"
    bad.write_text("这不是一个数据包\n", encoding="utf-8")
    assert refused(office, bad).reason == "not a bqinspect package (not a ZIP file)"


def test_empty_file(office: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "empty.bqpkg"
    bad.write_bytes(b"")
    assert "not a ZIP file" in refused(office, bad).reason


def test_zip_without_manifest(office: Workspace, tmp_path: Path) -> None:
    bad = write_zip(tmp_path / "other.zip", [("readme.txt", b"hello")])
    assert refused(office, bad).reason == "no manifest.json: not a bqinspect package"


# signature and hashes ---------------------------------------------------------------------------
def test_bad_signature(office: Workspace, field: Field, tmp_path: Path) -> None:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["source"]["person"] = "someone else"
        return m

    bad = rebuild(field.full, tmp_path / "bad.bqpkg", manifest=edit)
    err = refused(office, bad)
    assert err.reason.startswith("bad signature: the manifest was altered")
    assert err.where == "manifest.sig"


def test_missing_signature(office: Workspace, field: Field, tmp_path: Path) -> None:
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", drop=("manifest.sig",))
    assert "not signed" in refused(office, bad).reason


def test_signed_by_another_key_named_in_manifest(
    office: Workspace, field: Field, tmp_path: Path
) -> None:
    """An attacker's own key, named in the manifest, makes a valid signature: still unknown."""
    attacker = open_ws(tmp_path / "attacker")
    ident = load_identity(attacker)

    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["source"]["public_key"] = ident.public_key
        m["source"]["device_name"] = "field-laptop"
        return m

    bad = rebuild(field.full, tmp_path / "bad.bqpkg", manifest=edit, sign_with=ident)
    before = db_content_hash(office)
    with pytest.raises(SignerRefused) as info:
        import_package(office, bad)
    assert "not a trusted device here" in info.value.reason
    assert info.value.fingerprint == ident.fingerprint
    assert db_content_hash(office) == before
    attacker.close()


def test_unknown_signer(field: Field, tmp_path: Path) -> None:
    stranger = open_ws(tmp_path / "stranger")
    before = db_content_hash(stranger)
    with pytest.raises(SignerRefused) as info:
        import_package(stranger, field.full)
    assert "which is not a trusted device here" in info.value.reason
    assert f"--accept-signer {field.identity.fingerprint}" in info.value.reason
    assert db_content_hash(stranger) == before
    stranger.close()


def test_revoked_signer(office: Workspace, field: Field, tmp_path: Path) -> None:
    from bqinspect.sync.keys import revoke

    revoke(office, field.identity.fingerprint, "laptop lost")
    err = refused(office, field.full)
    assert "whose key was revoked here" in err.reason


def test_photo_altered_after_signing(office: Workspace, field: Field, tmp_path: Path) -> None:
    entries = dict((i.filename, d) for i, d in zip_entries(field.full))
    new = json.loads(entries[f"records/inspections/{field.ids[1]}.json"])  # not imported yet
    name = "blobs/" + new["blobs"][0]["display"]
    data = entries[name]
    changed = data[:-10] + bytes(10)
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", replace={name: changed})
    err = refused(office, bad)
    assert err.reason == "altered after signing (sha256 does not match the manifest)"
    assert err.where == name


def test_record_altered_after_signing(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = record_names(field.full)[0]
    data = dict((i.filename, d) for i, d in zip_entries(field.full))[name]
    changed = data.replace(b'"pass"', b'"fail"', 1)
    assert changed != data
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", replace={name: changed})
    err = refused(office, bad)
    assert "altered after signing" in err.reason
    assert err.where == name


def test_missing_listed_file(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = blob_names(field.full)[0]
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", drop=(name,))
    err = refused(office, bad)
    assert err.reason == "listed in the manifest but missing from the package"
    assert err.where == name


def test_extra_unlisted_file(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = "records/inspections/00000000-0000-4000-8000-000000000000.json"
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", add=[(name, b"{}")])
    err = refused(office, bad)
    assert err.reason == "not listed in the manifest (added after signing?)"
    assert err.where == name


def test_blob_not_named_by_its_hash(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = "blobs/" + "a" * 64
    bad = rebuild(
        field.full,
        tmp_path / "bad.bqpkg",
        add=[(name, b"not that")],
        relist=True,
        sign_with=field.identity,
    )
    err = refused(office, bad)
    assert err.reason == "blob name is not the sha256 of its content"


def test_form_not_matching_its_hash(office: Workspace, field: Field, tmp_path: Path) -> None:
    entries = dict((i.filename, d) for i, d in zip_entries(field.full))
    form_name = next(n for n in entries if n.startswith("forms/"))
    form = json.loads(entries[form_name])
    form["title"]["en"] = "Something else"
    text = json.dumps(form, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    bad = rebuild(
        field.full,
        tmp_path / "bad.bqpkg",
        replace={form_name: text},
        relist=True,
        sign_with=field.identity,
    )
    err = refused(office, bad)
    assert err.reason == "form file name is not the sha256 of its content"


def test_record_schema_violation(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = record_names(field.full)[0]
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(field.full))[name])
    record["inspection"]["status"] = "deleted"
    bad = rebuild(
        field.full,
        tmp_path / "bad.bqpkg",
        replace={name: json.dumps(record).encode()},
        relist=True,
        sign_with=field.identity,
    )
    err = refused(office, bad)
    assert err.reason.startswith("does not match the format: inspection.status:")
    assert err.where == name


def test_record_refers_to_missing_photo(office: Workspace, field: Field, tmp_path: Path) -> None:
    name = record_names(field.full)[0]
    record = json.loads(dict((i.filename, d) for i, d in zip_entries(field.full))[name])
    assert record["blobs"]
    record["blobs"][0]["display"] = "b" * 64
    bad = rebuild(
        field.full,
        tmp_path / "bad.bqpkg",
        replace={name: json.dumps(record).encode()},
        relist=True,
        sign_with=field.identity,
    )
    assert refused(office, bad).reason == f"refers to missing photo file {'b' * 64}"


# format version ---------------------------------------------------------------------------------
def test_unknown_format_version(office: Workspace, field: Field, tmp_path: Path) -> None:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["format_version"] = 4
        return m

    bad = rebuild(field.full, tmp_path / "bad.bqpkg", manifest=edit, sign_with=field.identity)
    err = refused(office, bad)
    assert err.reason == (
        "unknown format version 4: this bqinspect reads versions 1, 2 and 3; "
        "update bqinspect to import it"
    )
    assert err.where == "manifest.json"


def test_not_our_format(office: Workspace, field: Field, tmp_path: Path) -> None:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["format"] = "something-else"
        return m

    bad = rebuild(field.full, tmp_path / "bad.bqpkg", manifest=edit, sign_with=field.identity)
    assert "unknown 'format'" in refused(office, bad).reason


# older records ----------------------------------------------------------------------------------
def test_record_older_than_stored(tmp_path: Path) -> None:
    """The office has revision 2; an old package with revision 1 is refused for that record."""
    field, ids = field_with_inspections(tmp_path / "f", 1)
    old = export_package(field, tmp_path / "old.bqpkg", ids).path
    back_to_draft(field, ids[0], "photo unclear")
    svc.set_answer(field, ids[0], "ENV-04", 4)
    svc.submit(field, ids[0])
    new = export_package(field, tmp_path / "new.bqpkg", ids).path
    office = open_ws(tmp_path / "o")
    trust(office, field, tmp_path)
    assert import_package(office, new).count(Outcome.NEW) == 1
    before = db_content_hash(office)
    result = import_package(office, old)
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == ["refused"]
    reason = str(result.refused[0].reason)
    assert reason == ("revision 1 (submitted) is older than the stored revision 2 (submitted)")
    assert not result.changed
    assert db_content_hash(office) == before
    field.close()
    office.close()


# property: random damage is always handled ---------------------------------------------------
@dataclass
class Mutation:
    kind: str
    position: float
    value: int
    length: int


mutations = st.builds(
    Mutation,
    kind=st.sampled_from(["flip", "truncate", "insert", "delete", "zero", "entry"]),
    position=st.floats(min_value=0, max_value=1, allow_nan=False),
    value=st.integers(min_value=1, max_value=255),
    length=st.integers(min_value=1, max_value=64),
)


def _mutate(data: bytes, m: Mutation) -> bytes:
    if not data:
        return bytes([m.value]) * m.length if m.kind == "insert" else data
    at = int(m.position * (len(data) - 1))
    if m.kind == "flip":
        return data[:at] + bytes([data[at] ^ m.value]) + data[at + 1 :]
    if m.kind == "truncate":
        return data[:at]
    if m.kind == "insert":
        return data[:at] + bytes([m.value]) * m.length + data[at:]
    if m.kind == "delete":
        return data[:at] + data[at + m.length :]
    if m.kind == "zero":
        return data[:at] + bytes(m.length) + data[at + m.length :]
    return data


def _mutate_entry(path: Path, dest: Path, m: Mutation) -> None:
    entries = zip_entries(path)
    i = int(m.position * (len(entries) - 1))
    info, data = entries[i]
    entries[i] = (info, _mutate(data, Mutation("flip", m.value / 255, m.value, m.length)))
    write_zip(dest, entries)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(mutations, min_size=1, max_size=3))
def test_random_damage_never_crashes(
    office: Workspace, field: Field, tmp_path: Path, steps: list[Mutation]
) -> None:
    before = db_content_hash(office)
    target = tmp_path / "mutated.bqpkg"
    source = field.full
    entry_steps = [s for s in steps if s.kind == "entry"]
    if entry_steps:  # damage inside one entry, keeping the ZIP structure valid
        _mutate_entry(field.full, tmp_path / "entry.bqpkg", entry_steps[0])
        source = tmp_path / "entry.bqpkg"
    data = source.read_bytes()
    for step in steps:
        data = _mutate(data, step)
    target.write_bytes(data)
    try:
        result = import_package(office, target)
    except Refused as exc:
        assert str(exc)
        assert db_content_hash(office) == before
    else:
        # A mutation that left the signed content intact (e.g. in a ZIP header's timestamp)
        # imports normally: the same package as the one the office already has.
        assert result.count(Outcome.REFUSED) == 0
        assert result.outcomes


# values that cannot be stored faithfully ----------------------------------------------------------
def _record_text(field: Field) -> tuple[str, str]:
    name = record_names(field.full)[0]
    return name, dict((i.filename, d) for i, d in zip_entries(field.full))[name].decode()


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("1e400", "is not a finite number"),
        ("1" * 4000, "cannot be stored exactly"),
        ('"\\ud800"', "not valid Unicode (U+D800)"),
    ],
)
def test_answer_value_that_cannot_round_trip(
    office: Workspace, field: Field, tmp_path: Path, token: str, reason: str
) -> None:
    name, text = _record_text(field)
    record = json.loads(text)
    record["answers"][0]["value"] = "PLACEHOLDER"
    body = json.dumps(record).replace('"PLACEHOLDER"', token)
    bad = rebuild(
        field.full, tmp_path / "bad.bqpkg", replace={name: body.encode()}, relist=True,
        sign_with=field.identity,
    )  # fmt: skip
    err = refused(office, bad)
    assert reason in err.reason
    assert err.where == f"{name}: answers[0].value"


def test_lone_surrogate_in_an_audit_value(office: Workspace, field: Field, tmp_path: Path) -> None:
    name, text = _record_text(field)
    record = json.loads(text)
    record["inspection"]["notes"] = "PLACEHOLDER"
    body = json.dumps(record).replace('"PLACEHOLDER"', '"ok \\udfff"')
    bad = rebuild(
        field.full, tmp_path / "bad.bqpkg", replace={name: body.encode()}, relist=True,
        sign_with=field.identity,
    )  # fmt: skip
    err = refused(office, bad)
    assert err.where == f"{name}: inspection.notes"
    assert "U+DFFF" in err.reason


@pytest.mark.parametrize("stamp", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00"])
@pytest.mark.parametrize("signed", [True, False])
def test_date_beyond_the_calendar_in_the_manifest(
    office: Workspace, field: Field, tmp_path: Path, stamp: str, signed: bool
) -> None:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["created_at"] = stamp
        return m

    sign = field.identity if signed else None
    bad = rebuild(field.full, tmp_path / "bad.bqpkg", manifest=edit, sign_with=sign)
    err = refused(office, bad)
    assert err.where == "manifest.json"
    assert "dates must lie between the years 1900 and 2999" in err.reason


def test_date_beyond_the_calendar_in_a_record(
    office: Workspace, field: Field, tmp_path: Path
) -> None:
    name, text = _record_text(field)
    record = json.loads(text)
    record["inspection"]["visit_start"] = "9999-12-31T23:00:00-05:00"
    bad = rebuild(
        field.full, tmp_path / "bad.bqpkg", replace={name: json.dumps(record).encode()},
        relist=True, sign_with=field.identity,
    )  # fmt: skip
    err = refused(office, bad)
    assert err.where == name
    assert "inspection.visit_start" in err.reason and "1900 and 2999" in err.reason


@pytest.mark.parametrize("version", [True, 1.0, "1", 2.0])
def test_format_version_must_be_an_integer(
    office: Workspace, field: Field, tmp_path: Path, version: Any
) -> None:
    def edit(m: dict[str, Any]) -> dict[str, Any]:
        m["format_version"] = version
        return m

    bad = rebuild(field.full, tmp_path / "bad.bqpkg", manifest=edit, sign_with=field.identity)
    err = refused(office, bad)
    assert err.reason.startswith(f"unknown format version {version!r}")


# property: a trusted signer's malformed content is refused by the checks behind the signature -----
def _json_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _json_paths(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += _json_paths(inner, (*path, i))
    return found


def _set_at(doc: Any, path: tuple[Any, ...], value: Any, drop: bool) -> Any:
    if not path:
        return value
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    if drop and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "0231",
            "pass",
            "fail",
            "na",
            "approved",
            "verified",
            "9999-12-31T23:59:59+00:00",
            "2026-13-45",
            "00000000-0000-0000-0000-000000000000",
            "../etc/passwd",
            "a" * 300,
            "0" * 64,
            "f" * 64,
        ],
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pick=st.floats(min_value=0, max_value=0.999),
    where=st.floats(min_value=0, max_value=0.999),
    value=odd_values,
    drop=st.booleans(),
)
def test_signed_mutations_never_crash(
    office: Workspace, field: Field, tmp_path: Path, pick: float, where: float, value: Any,
    drop: bool,
) -> None:  # fmt: skip
    """Mutated records re-signed with the trusted key: refused by name, or merged; never a crash."""
    names = [n for n in record_names(field.full)] + ["branches.json"]
    bodies = dict((i.filename, d) for i, d in zip_entries(field.full))
    names = [n for n in names if n in bodies]
    name = names[int(pick * len(names))]
    doc = json.loads(bodies[name])
    paths = _json_paths(doc)[1:]  # not the whole document
    path = paths[int(where * len(paths))]
    doc = _set_at(doc, path, value, drop)
    bad = rebuild(
        field.full, tmp_path / "signed.bqpkg", replace={name: json.dumps(doc).encode()},
        relist=True, sign_with=field.identity,
    )  # fmt: skip
    before = db_content_hash(office)
    try:
        result = import_package(office, bad)
    except Refused as exc:
        event("refused: " + str(exc).split(":")[-1].strip()[:30])
        assert str(exc)
        assert db_content_hash(office) == before
    else:
        event("imported")
        for outcome in result.outcomes:
            if outcome.outcome is Outcome.REFUSED:
                assert outcome.reason


# junk around the archive, special files, damaged encryption ---------------------------------------
def test_junk_before_the_archive(office: Workspace, field: Field, tmp_path: Path) -> None:
    bad = tmp_path / "bad.bqpkg"
    bad.write_bytes(b"MZ\x90\x00 self-extractor stub " * 10 + field.full.read_bytes())
    assert refused(office, bad).reason == "not a bqinspect package (not a ZIP file)"


def test_junk_after_the_archive(office: Workspace, field: Field, tmp_path: Path) -> None:
    bad = tmp_path / "bad.bqpkg"
    bad.write_bytes(field.full.read_bytes() + b"trailing junk" * 100)
    err = refused(office, bad)
    assert err.where == "bad.bqpkg"
    assert "junk appended" in err.reason


@pytest.mark.parametrize("kind", [0o020000, 0o060000, 0o010000])  # char device, block, FIFO
def test_special_file_entries(office: Workspace, field: Field, tmp_path: Path, kind: int) -> None:
    entries = zip_entries(field.full)
    entries.append((_info("blobs/dev", external_attr=(kind | 0o644) << 16, create_system=3), b""))
    bad = write_zip(tmp_path / "bad.bqpkg", entries)
    err = refused(office, bad)
    assert err.where == "'blobs/dev'"
    assert err.reason == "special file entry (not a regular file)"


def _encrypted(field: Field, tmp_path: Path, office: Workspace | None) -> Path:
    from bqinspect.sync import crypto
    from bqinspect.sync.keys import export_public

    holder = office if office is not None else open_ws(tmp_path / "stranger")
    export_public(holder, tmp_path / "to.pub")
    if office is None:
        holder.close()
    out = tmp_path / "enc.bqpkg"
    crypto.encrypt_file(field.full, out, crypto.read_recipients(tmp_path / "to.pub"))
    return out


def _refused_encrypted(ws: Workspace, package: Path) -> Refused:
    before = db_content_hash(ws)
    with pytest.raises(Refused) as info:
        import_package(ws, package)
    assert db_content_hash(ws) == before
    assert not list((ws.home / "tmp").glob("*")), "plaintext left behind"
    return info.value


def test_encrypted_to_another_key(office: Workspace, field: Field, tmp_path: Path) -> None:
    package = _encrypted(field, tmp_path, None)
    err = _refused_encrypted(office, package)
    assert "not to this device's key" in str(err)


@pytest.mark.parametrize("damage", ["header", "mac", "body", "truncated"])
def test_damaged_age_file(office: Workspace, field: Field, tmp_path: Path, damage: str) -> None:
    package = _encrypted(field, tmp_path, office)
    data = bytearray(package.read_bytes())
    end_of_header = data.index(b"\n---") + 1
    if damage == "header":
        data[30] ^= 0x20  # inside the recipient stanza
    elif damage == "mac":
        data[end_of_header + 5] ^= 0x01
    elif damage == "body":
        data[len(data) // 2] ^= 0x01
    else:
        del data[len(data) - 200 :]
    package.write_bytes(bytes(data))
    err = _refused_encrypted(office, package)
    assert err.problems[0].where == "enc.bqpkg"
    expected = {
        "header": "cannot decrypt the package: it is damaged or was altered",
        "mac": "cannot decrypt the package: it is damaged or was altered",
        "body": "cannot decrypt the package: it is damaged or was altered",
        # cut inside a chunk, age cannot tell a cut from damage; at a chunk edge it can
        "truncated": ("the encrypted package is incomplete", "cannot decrypt the package"),
    }[damage]
    assert str(err.problems[0].reason).startswith(expected), str(err.problems[0].reason)
