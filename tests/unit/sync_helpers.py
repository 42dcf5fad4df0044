"""Builders for sync tests: workspaces with inspections, packages, and a content hash of the DB."""

from __future__ import annotations

import hashlib
import io
import json
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PIL import Image
from sqlmodel import SQLModel

from bqinspect.domain.formio import load_form
from bqinspect.domain.lifecycle import Role
from bqinspect.photos import ingest_bytes
from bqinspect.services import inspections as svc
from bqinspect.services import review
from bqinspect.services.branches import save_branch
from bqinspect.services.catalog import install_form
from bqinspect.store.models import Branch, FormVersion
from bqinspect.store.workspace import Workspace, open_workspace

DATA = Path(__file__).resolve().parent.parent / "data"
MINI = DATA / "mini_form.yaml"
VISIT = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
GOOD_ANSWERS: dict[str, Any] = {
    "ENV-01": "pass",
    "ENV-04": 5,
    "ENV-05": "pass",
    "STF-04": "pass",
    "STF-05": 8,
    "STF-06": 4,
    "SEC-04": {"x": 4, "y": 4},
    "SEC-05": 45,
    "FAC-15": ["water", "glasses", "firstaid"],
}


def open_ws(home: Path, db_url: str | None = None, actor: str = "测试员") -> Workspace:
    home.mkdir(parents=True, exist_ok=True)
    return open_workspace(home, db_url, actor=actor)


def setup_field(ws: Workspace, *, device: str = "field-laptop") -> tuple[Branch, FormVersion]:
    ws.set_setting("device_name", device)
    fv = install_form(ws, load_form(MINI))
    branch = save_branch(
        ws,
        {"code": "0231", "name": "城东支行营业部（演示）", "region": "华东分行", "manager": "孙丽"},
    )
    return branch, fv


def photo_bytes(seed: int, size: tuple[int, int] = (640, 480)) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", size, tuple(rng.randint(0, 255) for _ in range(3)))  # type: ignore[arg-type]
    for _ in range(6):
        x, y = rng.randint(0, size[0] - 40), rng.randint(0, size[1] - 40)
        img.paste(tuple(rng.randint(0, 255) for _ in range(3)), (x, y, x + 40, y + 30))  # type: ignore[arg-type]
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def signature_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (120, 40), (10, 20, 90, 255)).save(out, "PNG")
    return out.getvalue()


def make_inspection(
    ws: Workspace,
    branch: Branch,
    fv: FormVersion,
    *,
    submit: bool = True,
    fail_env01: bool = True,
    seed: int = 1,
    visit: datetime = VISIT,
) -> uuid.UUID:
    """A mini-form inspection with answers, one failed item with a photo, and a signature."""
    insp = svc.start_inspection(ws, branch.id, fv.id, inspectors=["王晓明"], visit_start=visit)
    for item_id, value in GOOD_ANSWERS.items():
        if item_id == "ENV-01" and fail_env01:
            value = "fail"
        svc.set_answer(ws, insp.id, item_id, value)
    if fail_env01:
        svc.set_note(ws, insp.id, "ENV-01", "门楣灯箱破损")
        svc.attach_photo(
            ws, insp.id, ingest_bytes(photo_bytes(seed), "env01.jpg"), item_id="ENV-01"
        )
    if submit:
        svc.add_signature(ws, insp.id, "inspector", "王晓明", signature_png())
        svc.submit(ws, insp.id)
    return insp.id


def field_with_inspections(
    home: Path, count: int = 2, *, device: str = "field-laptop", db_url: str | None = None
) -> tuple[Workspace, list[uuid.UUID]]:
    ws = open_ws(home, db_url)
    branch, fv = setup_field(ws, device=device)
    ids = [
        make_inspection(ws, branch, fv, seed=i, visit=VISIT + timedelta(days=i))
        for i in range(count)
    ]
    return ws, ids


def trust(
    importer: Workspace, exporter: Workspace, folder: Path, role: Role = Role.INSPECTOR
) -> None:
    """``importer`` trusts ``exporter``'s device, in ``role``."""
    from bqinspect.sync.keys import export_public, trust_file

    key = folder / f"key-{uuid.uuid4().hex[:6]}.pub"
    export_public(exporter, key)
    trust_file(importer, key, role)


def db_content_hash(ws: Workspace) -> str:
    """sha256 over every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    with ws.db.engine.connect() as conn:
        for name in sorted(SQLModel.metadata.tables):
            t = SQLModel.metadata.tables[name]
            digest.update(f"\n#{name}\n".encode())
            order = list(t.primary_key.columns) or list(t.columns)
            for row in conn.execute(sa.select(t).order_by(*order)):
                digest.update(
                    json.dumps(
                        [_plain(v) for v in row], ensure_ascii=False, sort_keys=True, default=str
                    ).encode()
                )
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def table_counts(ws: Workspace) -> dict[str, int]:
    with ws.db.engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for name, t in SQLModel.metadata.tables.items()
        }


def approve(ws: Workspace, inspection_id: uuid.UUID, why: str = "ok") -> None:
    """Approve as the lead would (whatever this workspace's own role)."""
    with ws.acting_as(Role.LEAD):
        review.approve(ws, inspection_id, text=why)


def return_to_inspector(ws: Workspace, inspection_id: uuid.UUID, why: str = "rework") -> None:
    """Return as the lead would (whatever this workspace's own role)."""
    with ws.acting_as(Role.LEAD):
        review.return_inspection(ws, inspection_id, why)


def back_to_draft(ws: Workspace, inspection_id: uuid.UUID, why: str = "rework") -> None:
    """Returned by the lead, then taken up again by the inspector: a draft, one revision on."""
    return_to_inspector(ws, inspection_id, why)
    svc.revise_returned(ws, inspection_id, why)


# crafting packages -------------------------------------------------------------------------------
def zip_entries(path: Path) -> list[tuple[Any, bytes]]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def write_zip(path: Path, entries: list[tuple[Any, bytes]]) -> Path:
    """Write entries (ZipInfo or name, bytes) as given: duplicates and odd names included."""
    import warnings
    import zipfile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w") as z:
            for info, data in entries:
                if isinstance(info, str):
                    info = zipfile.ZipInfo(info)
                    info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
    return path


def rebuild(
    src: Path,
    dst: Path,
    *,
    drop: tuple[str, ...] = (),
    replace: dict[str, bytes] | None = None,
    add: list[tuple[Any, bytes]] | None = None,
    manifest: Any = None,
    sign_with: Any = None,
    relist: bool = False,
) -> Path:
    """Copy a package with changes. ``manifest(dict) -> dict`` edits the manifest; ``sign_with``
    (a DeviceIdentity) signs the result again; ``relist`` recomputes the manifest's file list
    (an attacker who holds a signing key)."""
    replace = replace or {}
    entries = [
        (i, replace.get(i.filename, d)) for i, d in zip_entries(src) if i.filename not in drop
    ]
    entries += add or []
    if manifest is not None or sign_with is not None or relist:
        body = {i.filename if not isinstance(i, str) else i: d for i, d in entries}
        data = json.loads(body["manifest.json"])
        if relist:
            data["files"] = sorted(
                (
                    {"name": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                    for n, d in body.items()
                    if n not in ("manifest.json", "manifest.sig")
                ),
                key=lambda f: f["name"],
            )
        if manifest is not None:
            data = manifest(data)
        raw = json.dumps(data, ensure_ascii=False, indent=1).encode()
        out = []
        for info, d in entries:
            name = info if isinstance(info, str) else info.filename
            if name == "manifest.json":
                d = raw
            elif name == "manifest.sig" and sign_with is not None:
                d = sign_with.sign(raw)
            out.append((info, d))
        entries = out
    return write_zip(dst, entries)


def record_names(path: Path) -> list[str]:
    return [
        i.filename for i, _ in zip_entries(path) if i.filename.startswith("records/inspections/")
    ]


def blob_names(path: Path) -> list[str]:
    return [i.filename for i, _ in zip_entries(path) if i.filename.startswith("blobs/")]


def exported_pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, list[uuid.UUID], Path]]:
    """A field laptop with three inspections, an office that trusts it and the package of all
    three; for a fixture (``yield from``): both workspaces are closed after it."""
    from bqinspect.sync.export import export_package

    field, ids = field_with_inspections(tmp_path / "field", 3)
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    package = export_package(field, tmp_path / "all.bqpkg", ids).path
    yield field, office, ids, package
    field.close()
    office.close()
