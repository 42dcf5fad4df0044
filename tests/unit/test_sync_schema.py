"""The package format's schema: published JSON Schemas match the models that validate."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bqinspect.sync.records import (
    InspectionRecord,
    Manifest,
    json_schemas,
    write_json_schemas,
)
from bqinspect.sync.safezip import Limits, PackageError, name_problem, parse_json

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "bqinspect" / "sync" / "schema"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def test_published_schemas_are_generated_from_the_models(tmp_path: Path) -> None:
    written = {p.name: p.read_text(encoding="utf-8") for p in write_json_schemas(tmp_path)}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert written == shipped, "regenerate with: python -m bqinspect.sync.records"
    for name, schema in json_schemas().items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:bqinspect-package:3:{name}"
        assert schema["additionalProperties"] is False


def _manifest(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "bqinspect-package",
        "format_version": 1,
        "package_id": str(uuid.uuid4()),
        "created_at": "2025-03-03T16:00:00+08:00",
        "app_version": "0.1.0",
        "source": {"device_id": str(uuid.uuid4()), "public_key": "ab" * 32},
        "counts": {},
        "files": [{"name": "blobs/" + "c" * 64, "sha256": "c" * 64, "size": 3}],
    }
    data.update(changes)
    return data


def test_manifest_times_are_normalised_to_utc() -> None:
    m = Manifest.model_validate(_manifest())
    assert m.created_at == datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"format_version": 4}, "format_version"),
        ({"created_at": "2025-03-03T16:00:00"}, "created_at"),
        ({"extra": 1}, "extra"),
        ({"files": [{"name": "../x", "sha256": "c" * 64, "size": 1}]}, "files.0.name"),
        ({"files": [{"name": "a", "sha256": "C" * 64, "size": 1}]}, "files.0.sha256"),
        ({"files": [{"name": "a", "sha256": "c" * 64, "size": -1}]}, "files.0.size"),
    ],
)
def test_manifest_refusals_name_the_field(changes: dict[str, Any], where: str) -> None:
    with pytest.raises(ValidationError) as info:
        Manifest.model_validate(_manifest(**changes))
    assert where in [".".join(str(p) for p in e["loc"]) for e in info.value.errors()]


def test_manifest_refuses_a_name_listed_twice() -> None:
    entry = {"name": "blobs/" + "c" * 64, "sha256": "c" * 64, "size": 3}
    with pytest.raises(ValidationError, match="twice"):
        Manifest.model_validate(_manifest(files=[entry, entry]))


def _record() -> dict[str, Any]:
    iid, fid = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = NOW.isoformat()
    return {
        "inspection": {
            "id": iid,
            "branch_code": "0231",
            "form_sha256": "f" * 64,
            "kind": "onsite",
            "status": "submitted",
            "inspectors": ["王晓明"],
            "visit_start": stamp,
            "created_at": stamp,
            "updated_at": stamp,
        },
        "answers": [
            {"id": str(uuid.uuid4()), "item_id": "ENV-01", "value": "fail", "answered_at": stamp}
        ],
        "findings": [
            {
                "id": fid,
                "severity": "general",
                "status": "open",
                "source": "inspection",
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
        "photos": [
            {
                "id": str(uuid.uuid4()),
                "finding_id": fid,
                "blob_sha256": "a" * 64,
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
        "blobs": [
            {"sha256": "a" * 64, "display": "b" * 64, "thumbnail": "c" * 64, "created_at": stamp}
        ],
    }


def test_a_consistent_record_validates_and_names_its_blob_files() -> None:
    record = InspectionRecord.model_validate(_record())
    assert record.blob_files() == {"b" * 64, "c" * 64}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["answers"].append(dict(r["answers"][0], id=str(uuid.uuid4()))),
            "answered twice",
        ),
        (lambda r: r["photos"][0].update(blob_sha256="d" * 64), "photo blob not in this record"),
        (
            lambda r: r["photos"][0].update(finding_id=str(uuid.uuid4())),
            "finding not in this record",
        ),
        (lambda r: r["answers"][0].update(id=r["inspection"]["id"]), "is used twice"),
        (lambda r: r["answers"][0].update(points_awarded=float("inf")), "finite number"),
        (lambda r: r["inspection"].update(notes="x" * 100_001), "at most 100000 characters"),
    ],
)
def test_inconsistent_records_are_refused(edit: Any, message: str) -> None:
    data = _record()
    edit(data)
    with pytest.raises(ValidationError, match=message):
        InspectionRecord.model_validate(data)


def test_json_limits() -> None:
    assert parse_json(b'{"a": [1, 2]}', "x") == {"a": [1, 2]}
    for bad, message in [
        (b'{"a": 1, "a": 2}', "duplicate key 'a'"),
        (b'{"a": NaN}', "NaN is not allowed"),
        (b'{"a": ', "not valid JSON: line 1 column 7"),
        (b"\xff\xfe", "not UTF-8"),
        (b"1" * 5000, "not acceptable JSON"),
    ]:
        with pytest.raises(PackageError, match=message):
            parse_json(bad, "x")
    with pytest.raises(PackageError, match="larger than 10 bytes"):
        parse_json(json.dumps({"k": "v" * 20}).encode(), "x", Limits(max_json_bytes=10))


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("manifest.json", None),
        ("blobs/" + "a" * 64, None),
        ("", "empty entry name"),
        ("a" * 300, "entry name longer than 200 characters"),
        ("records/x y.json", "unexpected characters in entry name"),
        ("records//x.json", "empty or '.' path component in entry name"),
        ("d:x.json", "drive letter in entry name (absolute path)"),
    ],
)
def test_entry_names(name: str, problem: str | None) -> None:
    found = name_problem(name)
    assert (None if found is None else str(found)) == problem
