"""Export: chosen inspections, their forms, branches and photos into one signed package file."""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from pyrage import x25519
from sqlalchemy.engine import Connection

from bqinspect.base.collector import sync_job
from bqinspect.base.errors import Refused, refuse_write_errors
from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.messages import declare
from bqinspect.domain.ownership import Part, may_change
from bqinspect.store.models import utcnow
from bqinspect.store.workspace import Workspace
from bqinspect.sync import crypto
from bqinspect.sync.feedback import write_feedback
from bqinspect.sync.keys import DeviceIdentity, load_identity
from bqinspect.sync.package import BRANCHES, FORMS_DIR, STAFF, PackageWriter, record_name
from bqinspect.sync.records import (
    BranchList,
    BranchRecord,
    Counts,
    InspectionRecord,
    StaffList,
    StaffRecord,
)
from bqinspect.sync.snapshot import chunks, load_records, table

CHOOSE_WHAT_EXPORT_ALL = declare(
    "sync.export.choose_what_export_all",
    "choose what to export: all, changed since a date, or named inspections",
    "请选择导出内容：全部、某日期后的更改，或指定的检查",
)
NOTHING_EXPORT_NO_INSPECTION = declare(
    "sync.export.nothing_export_no_inspection",
    "nothing to export: no inspection was chosen",
    "无可导出内容：未选择任何检查",
)
DESTINATION_FOLDER_DOES_EXIST = declare(
    "sync.export.destination_folder_does_exist",
    "the destination folder does not exist",
    "目标文件夹不存在",
)
NO_INSPECTION = declare(
    "sync.export.no_inspection",
    "no inspection {value}",
    "没有检查记录 {value}",
)

log = logging.getLogger(__name__)

BATCH = 100


@dataclass(frozen=True)
class FeedbackExport:
    """Whether the package carries the feedback register, and with the customers' contacts."""

    included: bool
    contact: bool


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: uuid.UUID
    inspection_ids: list[uuid.UUID]
    forms: int
    branches: int
    photos: int
    size: int
    encrypted_to: int
    seconds: float

    @property
    def inspections(self) -> int:
        return len(self.inspection_ids)


def select_inspections(
    ws: Workspace,
    *,
    everything: bool = False,
    since: datetime | None = None,
    refs: Sequence[str] = (),
    inspector: str = "",
    device: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """Ids to export: all, those changed since a time, and/or named ones (uuid or prefix),
    narrowed to one inspector's or one device's records (a lead's return package).
    ``inspector`` or ``device`` alone means all of theirs."""
    narrowed = bool(inspector.strip()) or device is not None
    if not (everything or since or refs or narrowed):
        raise Refused(CHOOSE_WHAT_EXPORT_ALL())
    from bqinspect.store.lookup import find_inspection

    insp = table("inspection")
    chosen: dict[uuid.UUID, None] = {}
    with ws.db.engine.connect() as conn:
        query = sa.select(insp.c.id).order_by(insp.c.visit_start, insp.c.id)
        if since is not None and not everything:
            query = query.where(insp.c.updated_at >= since)
        if everything or since is not None or (narrowed and not refs):
            chosen.update((row.id, None) for row in conn.execute(query))
        for ref in refs:
            chosen[find_inspection(ws, ref).id] = None
        if narrowed:
            theirs = _records_of(conn, inspector.strip(), device)
            chosen = {i: None for i in chosen if i in theirs}
    return list(chosen)


def leaves_the_office(
    ws: Workspace, *, inspector: str = "", device: uuid.UUID | None = None
) -> bool:
    """Whether a package carries only redacted pixels: one for an inspector or a device (a
    return package), or any package made by a lead or head office. An inspector's own package
    goes to the office and keeps the originals."""
    return bool(inspector.strip()) or device is not None or ws.role() is not Role.INSPECTOR


def _records_of(conn: Connection, inspector: str, device: uuid.UUID | None) -> set[uuid.UUID]:
    """The inspections made by ``inspector`` (one of the team) and/or on ``device``."""
    insp = table("inspection")
    query = sa.select(insp.c.id, insp.c.inspectors, insp.c.source_device_id)
    if device is not None:
        query = query.where(insp.c.source_device_id == device)
    return {
        row.id
        for row in conn.execute(query)
        if not inspector or inspector in (row.inspectors or [])
    }


def _tmp_dir(ws: Workspace) -> Path:
    path = ws.home / "tmp"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


@contextmanager
def _snapshot(ws: Workspace) -> Iterator[Connection]:
    """A read-only connection that sees one consistent state of the database."""
    with ws.db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield conn
        finally:
            conn.rollback()


@sync_job
def export_package(
    ws: Workspace,
    dest: Path,
    inspection_ids: Sequence[uuid.UUID],
    *,
    recipients: Sequence[x25519.Recipient] = (),
    reference: bool = False,
    feedback_contact: bool = False,
    redact: bool = False,
    progress: ProgressFn = no_progress,
) -> ExportResult:
    """Write a package with ``inspection_ids`` to ``dest`` (whole or not at all); mark them.

    ``reference`` adds every installed form version and every branch (head office to field).
    A lead's or head office's package carries the feedback register; the customers' contacts
    only with ``feedback_contact`` (office to office, never to an inspector or a device).
    ``redact`` (a package to a branch or an inspector) carries only the redacted pixels of a
    redacted photo: its original's display copy and thumbnail stay here.
    """
    started = time.perf_counter()
    if not inspection_ids and not reference:
        raise Refused(NOTHING_EXPORT_NO_INSPECTION())
    if not dest.parent.is_dir():
        raise Refused(DESTINATION_FOLDER_DOES_EXIST(), where=str(dest.parent))
    identity = load_identity(ws)
    if recipients:
        plain = _tmp_dir(ws) / f"export-{uuid.uuid4().hex}.zip"
    else:
        plain = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.part")
    kind = "inspections" if inspection_ids else "reference"
    # A full disk or a file-size limit is one refusal naming what could not be written: the
    # package, or (encrypted) the data directory that holds its plaintext until it is sealed.
    writing = plain.parent if recipients else dest
    writer: PackageWriter | None = None
    try:
        with refuse_write_errors(writing):
            writer = PackageWriter(plain, identity, person=ws.who(), kind=kind)
            feedback = FeedbackExport(may_change(ws.role(), Part.FEEDBACK), feedback_contact)
            counts = _write_contents(
                ws,
                writer,
                identity,
                list(inspection_ids),
                reference,
                feedback,
                redact,
                progress,
            )
            manifest = writer.finish(counts, utcnow())
        if recipients:
            crypto.encrypt_file(plain, dest, recipients, progress)
        else:
            with refuse_write_errors(dest), plain.open("rb+") as f:
                os.fsync(f.fileno())
            plain.replace(dest)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        plain.unlink(missing_ok=True)
    _mark_exported(ws, list(inspection_ids))
    log.info("exported %d inspections to %s", len(inspection_ids), dest)
    return ExportResult(
        path=dest,
        package_id=manifest.package_id,
        inspection_ids=list(inspection_ids),
        forms=counts.forms,
        branches=counts.branches,
        photos=counts.blobs,
        size=dest.stat().st_size,
        encrypted_to=len(recipients),
        seconds=time.perf_counter() - started,
    )


def _write_contents(
    ws: Workspace,
    writer: PackageWriter,
    identity: DeviceIdentity,
    ids: list[uuid.UUID],
    reference: bool,
    feedback: FeedbackExport,
    redact: bool,
    progress: ProgressFn,
) -> Counts:
    forms: set[str] = set()
    codes: set[str] = set()
    photos: set[str] = set()
    done = 0
    with _snapshot(ws) as conn:
        for part in chunks(ids, BATCH):
            check(progress)
            records = load_records(conn, part, self_device_id=identity.device_id)
            missing = set(part) - set(records)
            if missing:
                raise Refused(NO_INSPECTION(value=sorted(missing)[0]), where="inspection")
            hidden = hidden_originals(records.values()) if redact else {}
            hashes = _write_blobs(conn, writer, records.values(), set(hidden))
            _write_signatures(conn, writer, records.values())
            for iid in part:
                record = _with_blob_hashes(records[iid], hashes, hidden)
                writer.add_model(record_name(iid), record)
                forms.add(record.inspection.form_sha256)
                codes.add(record.inspection.branch_code)
                photos.update(b.sha256 for b in record.blobs)
                done += 1
            progress(done, len(ids), "writing")
        if reference:
            forms |= {r.sha256 for r in conn.execute(sa.select(table("formversion").c.sha256))}
            codes |= {r.code for r in conn.execute(sa.select(table("branch").c.code))}
        items = 0
        if feedback.included:
            items, feedback_codes = write_feedback(conn, writer, contact=feedback.contact)
            codes |= feedback_codes
        _write_forms(conn, writer, forms)
        branches = _write_branches(conn, writer, codes)
        staff = _write_staff(conn, writer) if reference else 0
    return Counts(
        inspections=len(ids),
        forms=len(forms),
        branches=branches,
        blobs=len(photos),
        feedback=items,
        staff=staff,
    )


def _write_blobs(
    conn: Connection,
    writer: PackageWriter,
    records: Iterable[InspectionRecord],
    hidden: set[str],
) -> dict[str, tuple[str, str]]:
    """Write the image files of the records' blobs but those of ``hidden`` originals."""
    shas = sorted({b.sha256 for r in records for b in r.blobs} - hidden)
    blob = table("photoblob")
    out: dict[str, tuple[str, str]] = {}
    for part in chunks(shas, 20):
        query = sa.select(blob.c.sha256, blob.c.display, blob.c.thumbnail).where(
            blob.c.sha256.in_(part)
        )
        for row in conn.execute(query):
            out[row.sha256] = (writer.add_blob(row.display), writer.add_blob(row.thumbnail))
    return out


def _write_signatures(
    conn: Connection, writer: PackageWriter, records: Iterable[InspectionRecord]
) -> None:
    ids = [s.id for r in records for s in r.signatures]
    sig = table("signature")
    for part in chunks(ids):
        for row in conn.execute(sa.select(sig.c.image).where(sig.c.id.in_(part))):
            writer.add_blob(row.image)


def hidden_originals(records: Iterable[InspectionRecord]) -> dict[str, str]:
    """The originals a redacted package leaves out: each blob's sha256 -> its redacted copy's."""
    out: dict[str, str] = {}
    for record in records:
        blob_of = {p.id: p.blob_sha256 for p in record.photos}
        for red in record.redactions:
            out[blob_of[red.photo_id]] = red.redacted_sha256
    return out


def _with_blob_hashes(
    record: InspectionRecord, hashes: dict[str, tuple[str, str]], hidden: dict[str, str]
) -> InspectionRecord:
    if not record.blobs:
        return record
    blobs = []
    for b in record.blobs:
        files = hashes[hidden.get(b.sha256, b.sha256)]
        update = {"display": files[0], "thumbnail": files[1]}
        if b.sha256 in hidden:
            update["pixels"] = "redacted"
        blobs.append(b.model_copy(update=update))
    return record.model_copy(update={"blobs": blobs})


def _write_forms(conn: Connection, writer: PackageWriter, shas: set[str]) -> None:
    form = table("formversion")
    for row in conn.execute(
        sa.select(form.c.sha256, form.c.definition).where(form.c.sha256.in_(sorted(shas)))
    ):
        writer.add_bytes(f"{FORMS_DIR}{row.sha256}.json", row.definition.encode("utf-8"))


def _write_branches(conn: Connection, writer: PackageWriter, codes: set[str]) -> int:
    branch = table("branch")
    fields = BranchRecord.model_fields
    rows = [
        BranchRecord.model_validate({k: v for k, v in r._mapping.items() if k in fields})
        for r in conn.execute(
            sa.select(branch).where(branch.c.code.in_(sorted(codes))).order_by(branch.c.code)
        )
    ]
    writer.add_model(BRANCHES, BranchList(branches=rows))
    return len(rows)


def _write_staff(conn: Connection, writer: PackageWriter) -> int:
    """The whole staff register (a reference package carries every branch)."""
    member, branch = table("staffmember"), table("branch")
    fields = StaffRecord.model_fields
    query = (
        sa.select(member, branch.c.code.label("branch_code"))
        .join(branch, member.c.branch_id == branch.c.id)
        .order_by(member.c.employee_no)
    )
    rows = [
        StaffRecord.model_validate({k: v for k, v in r._mapping.items() if k in fields})
        for r in conn.execute(query)
    ]
    if rows:
        writer.add_model(STAFF, StaffList(staff=rows))
    return len(rows)


def _mark_exported(ws: Workspace, ids: list[uuid.UUID]) -> None:
    insp = table("inspection")
    now = utcnow()
    with ws.db.engine.begin() as conn:
        for part in chunks(ids):
            conn.execute(sa.update(insp).where(insp.c.id.in_(part)).values(exported_at=now))


__all__ = ["ExportResult", "export_package", "leaves_the_office", "select_inspections"]
