"""Import: decrypt, check everything, decide on the signer, then merge in one transaction."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa
from pyrage import x25519

from bqinspect.base.collector import sync_job
from bqinspect.base.errors import refuse_write_errors
from bqinspect.base.progress import ProgressFn, no_progress
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.messages import Message, Words, declare, render
from bqinspect.domain.ownership import parse_role
from bqinspect.store.db import KEEP_BACKUPS, refuse_storage_errors, rolling_backup
from bqinspect.store.models import utcnow
from bqinspect.store.workspace import Workspace
from bqinspect.sync import crypto
from bqinspect.sync.digests import confirm_skips, merged_entries, save_digests
from bqinspect.sync.history import history_counts
from bqinspect.sync.keys import (
    SignerStatus,
    age_identity,
    normalize_fingerprint,
    pretty_fingerprint,
    self_device_id,
    signer_status,
)
from bqinspect.sync.merge import Merger, Outcome, RecordOutcome
from bqinspect.sync.package import OpenPackage, StoredPhotos
from bqinspect.sync.parts import Signer
from bqinspect.sync.reimport import already_merged
from bqinspect.sync.safezip import DEFAULT_LIMITS, Limits, PackageError, sniff
from bqinspect.sync.snapshot import chunks, table
from bqinspect.sync.txn import write_transaction

NO_SUCH_FILE = declare(
    "sync.imports.no_such_file",
    "no such file",
    "文件不存在",
)

SIGNED_BY_REVOKED = declare(
    "sync.imports.signed_by_revoked",
    "signed by device {device} (key fingerprint {fingerprint}), whose key was revoked here",
    "签名方为设备 {device}（密钥指纹 {fingerprint}），其密钥已在本机吊销",
)
SIGNED_BY_UNTRUSTED = declare(
    "sync.imports.signed_by_untrusted",
    "signed by device {device} (key fingerprint {fingerprint}), which is not a trusted device here",
    "签名方为设备 {device}（密钥指纹 {fingerprint}），不是本机信任的设备",
)
TRUST_OR_ACCEPT = declare(
    "sync.imports.trust_or_accept",
    "{reason}; trust it with `bqinspect keys trust FILE` using that device's public key file, "
    "or accept this package once with --accept-signer {fp}",
    "{reason}；可用该设备的公钥文件执行 `bqinspect keys trust FILE` 信任它，"
    "或用 --accept-signer {fp} 仅接收这一个数据包",
)
NOT_THIS_SIGNER = declare(
    "sync.imports.not_this_signer",
    "{reason}; the fingerprint given to accept ({given}) is not this signer's",
    "{reason}；用于接收的指纹（{given}）不是该签名方的",
)
COUNTS = declare(
    "sync.imports.counts",
    "inspections: {new} new, {updated} updated, {unchanged} unchanged, {conflict} conflicts, "
    "{refused} refused",
    "检查：新增 {new}，更新 {updated}，未变 {unchanged}，冲突 {conflict}，拒绝 {refused}",
)
PARTS_REFUSED = declare(
    "sync.imports.parts_refused",
    "{counts}; {parts} changes refused (not the signer's to make)",
    "{counts}；拒绝修改 {parts} 处（签名方无权修改）",
)
ALREADY_IMPORTED = declare(
    "sync.imports.already_imported",
    "already imported on {when}: nothing changed ({counts})",
    "已于 {when} 导入：没有任何更改（{counts}）",
)
NOTHING_CHANGED = declare(
    "sync.imports.nothing_changed",
    "nothing changed ({counts})",
    "没有任何更改（{counts}）",
)

log = logging.getLogger(__name__)


class SignerRefused(PackageError):
    """The package is intact but signed by a device that is not trusted here."""

    def __init__(self, reason: Words, fingerprint: str, device_name: str, status: SignerStatus):
        super().__init__(reason, "signer")
        self.fingerprint = fingerprint
        self.device_name = device_name
        self.status = status


@dataclass
class ImportResult:
    """The report of one import: what happened to each record, and why."""

    path: Path
    package_id: uuid.UUID
    manifest_sha256: str
    created_at: datetime
    source_device: str
    source_fingerprint: str
    source_person: str
    signer: SignerStatus
    accepted_once: bool
    encrypted: bool
    outcomes: list[RecordOutcome] = field(default_factory=list)
    forms_new: int = 0
    blobs_new: int = 0
    conflicts_recorded: int = 0
    warnings: list[Words] = field(default_factory=list)
    import_id: uuid.UUID | None = None
    previously_imported_at: datetime | None = None
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.import_id is not None

    def count(self, outcome: Outcome, entity: str = "inspection") -> int:
        return sum(1 for o in self.outcomes if o.entity == entity and o.outcome is outcome)

    def counts(self, entity: str = "inspection") -> dict[str, int]:
        return {o.value: self.count(o, entity) for o in Outcome}

    @property
    def refused(self) -> list[RecordOutcome]:
        return [o for o in self.outcomes if o.outcome is Outcome.REFUSED]

    def summary_words(self) -> Message:
        """What the import did, in a line (the import history keeps it)."""
        text = COUNTS(**self.counts())
        parts = self.count(Outcome.REFUSED, "inspection.part")
        if parts:
            text = PARTS_REFUSED(counts=text, parts=parts)
        if not self.changed:
            if self.previously_imported_at is not None:
                when = f"{self.previously_imported_at:%Y-%m-%d %H:%M} UTC"
                return ALREADY_IMPORTED(when=when, counts=text)
            return NOTHING_CHANGED(counts=text)
        return text

    def summary(self, lang: str | None = None) -> str:
        return self.summary_words().render(lang)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "package_id": str(self.package_id),
            "manifest_sha256": self.manifest_sha256,
            "created_at": self.created_at.isoformat(),
            "source": {
                "device": self.source_device,
                "fingerprint": self.source_fingerprint,
                "person": self.source_person,
                "signer": self.signer.value,
                "accepted_once": self.accepted_once,
            },
            "encrypted": self.encrypted,
            "changed": self.changed,
            "import_id": str(self.import_id) if self.import_id else None,
            "previously_imported_at": (
                self.previously_imported_at.isoformat() if self.previously_imported_at else None
            ),
            "inspections": self.counts(),
            "branches": self.counts("branch"),
            "feedback": self.counts("feedback"),
            "forms_new": self.forms_new,
            "photos_new": self.blobs_new,
            "conflicts_recorded": self.conflicts_recorded,
            "records": [o.to_json() for o in self.outcomes],
            "warnings": [render(w) for w in self.warnings],
            "seconds": round(self.seconds, 3),
        }


def _decide_signer(
    ws: Workspace, pkg: OpenPackage, accept: str | None
) -> tuple[SignerStatus, bool]:
    source = pkg.manifest.source
    status, _row = signer_status(ws, source.public_key)
    if status in (SignerStatus.SELF, SignerStatus.TRUSTED):
        return status, False
    fp = pkg.signer_fingerprint
    if accept and normalize_fingerprint(accept) == fp:
        return status, True
    signed = SIGNED_BY_REVOKED if status is SignerStatus.REVOKED else SIGNED_BY_UNTRUSTED
    reason = signed(device=source.device_name or "?", fingerprint=pretty_fingerprint(fp))
    if accept:
        reason = NOT_THIS_SIGNER(reason=reason, given=accept)
    raise SignerRefused(TRUST_OR_ACCEPT(reason=reason, fp=fp), fp, source.device_name, status)


def _signer(ws: Workspace, pkg: OpenPackage, status: SignerStatus) -> Signer:
    """What the signer may change here: this installation's role for its own packages, the
    role a trusted device was trusted in, an inspector's for a package accepted once."""
    source = pkg.manifest.source
    name = source.device_name or pretty_fingerprint(pkg.signer_fingerprint)
    if status is SignerStatus.SELF:
        return Signer(ws.role(), name)
    _status, row = signer_status(ws, source.public_key)
    if status is SignerStatus.TRUSTED and row is not None:
        try:
            return Signer(parse_role(row.role), name)
        except ValueError:
            log.warning("device %s has an unknown role %r; taken as an inspector", name, row.role)
    return Signer(Role.INSPECTOR, name)


def sweep_plaintext(ws: Workspace) -> int:
    """Remove decrypted packages that earlier versions left in ``tmp/`` when killed mid-import."""
    removed = 0
    tmp = ws.home / "tmp"
    for leftover in [*tmp.glob("import-*.zip"), *tmp.glob(".import-*.part")]:
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed


def _decrypted(
    ws: Workspace,
    path: Path,
    identities: Sequence[x25519.Identity],
    progress: ProgressFn,
) -> BinaryIO | None:
    """The decrypted package in a file without a name, or None if ``path`` is not encrypted."""
    if not crypto.is_encrypted(sniff(path)):
        return None
    sweep_plaintext(ws)
    plain = crypto.anonymous_file(ws.home / "tmp")
    try:
        crypto.decrypt_into(path, plain, [age_identity(ws), *identities], progress)
    except BaseException:
        plain.close()
        raise
    return plain


@sync_job
def import_package(
    ws: Workspace,
    path: Path,
    *,
    accept_signer: str | None = None,
    identities: Sequence[x25519.Identity] = (),
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressFn = no_progress,
) -> ImportResult:
    """Import a package file; a broken, tampered or untrusted package changes nothing."""
    started = time.perf_counter()
    if not path.is_file():
        raise PackageError(NO_SUCH_FILE(), str(path))
    own_device = self_device_id(ws)  # read only: an import that changes nothing writes nothing
    with refuse_write_errors(ws.home / "tmp"):  # the decrypted package is kept there, nameless
        plain = _decrypted(ws, path, identities, progress)
    try:
        with OpenPackage(path, limits, data=plain) as pkg:
            status, accepted = _decide_signer(ws, pkg, accept_signer)
            with ws.db.engine.connect() as conn:
                merged = merged_entries(conn)
                again = already_merged(conn, pkg, merged, progress)
            m = pkg.manifest
            result = ImportResult(
                path=path,
                package_id=m.package_id,
                manifest_sha256=pkg.manifest_sha256,
                created_at=m.created_at,
                source_device=m.source.device_name,
                source_fingerprint=pkg.signer_fingerprint,
                source_person=m.source.person,
                signer=status,
                accepted_once=accepted,
                encrypted=plain is not None,
            )
            if again is not None:  # the same package, left as it merged: nothing to do
                result.previously_imported_at = again.first_imported_at
                result.outcomes = again.outcomes
                return _done(result, started)
            signer = _signer(ws, pkg, status)
            index = pkg.check_all(progress, merged=merged, stored_photos=_stored_photos(ws))
            keys = [f"inspection:{i}" for i in index.inspection_ids]
            keys += [f"branch:{c}" for c in index.branch_codes]
            keys += [f"form:{s}" for s in index.form_shas]
            keys.append(f"device:{m.source.public_key}")
            _backup_before_import(ws, pkg)
            import_id = uuid.uuid4()
            with refuse_storage_errors(ws.db), write_transaction(ws.db.engine, keys) as conn:
                result.previously_imported_at = _previous_import(conn, pkg)
                merger = Merger(
                    conn,
                    pkg,
                    import_id=import_id,
                    self_device_id=own_device,
                    signer=signer,
                    progress=progress,
                )
                confirm_skips(conn, pkg, merger.ledger)
                stats = merger.run()
                result.outcomes = stats.outcomes
                result.forms_new = stats.forms_new
                result.blobs_new = stats.blobs_new
                result.warnings = stats.warnings
                result.conflicts_recorded = len(stats.conflicts)
                if not stats.changed:
                    conn.rollback()
                else:
                    if accepted:
                        _record_acceptance(conn, ws, pkg, status)
                    result.import_id = import_id  # before the record: its summary says so
                    _record_import(conn, result, import_id, stats.conflicts)
                    save_digests(conn, pkg, stats.outcomes)  # last: any write above forgets
    finally:
        if plain is not None:
            plain.close()
    return _done(result, started)


def _stored_photos(ws: Workspace) -> StoredPhotos:
    """Which photos of a package the database stores already (their files are not read)."""

    def stored(shas: Collection[str]) -> set[str]:
        t = table("photoblob")
        with ws.db.engine.connect() as conn:
            return {
                r.sha256
                for part in chunks(list(shas), 2000)
                for r in conn.execute(sa.select(t.c.sha256).where(t.c.sha256.in_(part)))
            }

    return stored


def _done(result: ImportResult, started: float) -> ImportResult:
    result.seconds = time.perf_counter() - started
    log.info("imported %s: %s", result.path.name, result.summary())
    return result


def _backup_before_import(ws: Workspace, pkg: OpenPackage) -> None:
    """A rolling backup before a package is merged, unless it was imported before (a no-op)."""
    if ws.db.sqlite_path is None:
        return
    with ws.db.engine.connect() as conn:
        if _previous_import(conn, pkg) is not None:
            return
    keep = int(ws.setting("backup_keep") or KEEP_BACKUPS)
    rolling_backup(ws.db, "pre-import", keep, lean=True)


def _previous_import(conn: sa.Connection, pkg: OpenPackage) -> datetime | None:
    t = table("importrecord")
    row = conn.execute(
        sa.select(t.c.imported_at)
        .where(t.c.package_id == str(pkg.manifest.package_id), t.c.sha256 == pkg.manifest_sha256)
        .order_by(t.c.imported_at)
    ).first()
    return row.imported_at if row else None


def _record_acceptance(
    conn: sa.Connection, ws: Workspace, pkg: OpenPackage, status: SignerStatus
) -> None:
    """Remember the signer as a known (not trusted) device and audit the one-time acceptance."""
    source = pkg.manifest.source
    device = table("device")
    if status is SignerStatus.UNKNOWN:
        exists = conn.execute(
            sa.select(device.c.id).where(device.c.public_key == source.public_key)
        ).first()
        if exists is None:
            taken = conn.execute(
                sa.select(device.c.id).where(device.c.id == source.device_id)
            ).first()
            now = utcnow()
            conn.execute(
                sa.insert(device).values(
                    id=uuid.uuid4() if taken else source.device_id,
                    name=source.device_name,
                    public_key=source.public_key,
                    is_self=False,
                    trusted=False,
                    revoked=False,
                    note="seen in an import accepted once",
                    created_at=now,
                    updated_at=now,
                )
            )
    conn.execute(
        sa.insert(table("auditevent")).values(
            id=uuid.uuid4(),
            at=utcnow(),
            actor=ws.who(),
            entity="device",
            entity_id=pkg.signer_fingerprint,
            action="accept-once",
            field="",
            old={"status": status.value},
            new={"device": source.device_name, "package_id": str(pkg.manifest.package_id)},
            why=f"package {pkg.path.name} accepted once from a {status.value} signer",
        )
    )


def _record_import(
    conn: sa.Connection,
    result: ImportResult,
    import_id: uuid.UUID,
    conflicts: list[dict[str, Any]],
) -> None:
    counts: dict[str, Any] = {
        "inspections": result.counts(),
        "branches": result.counts("branch"),
        "forms_new": result.forms_new,
        "photos_new": result.blobs_new,
        "conflicts_recorded": len(conflicts),
    }
    summary = result.summary_words()
    counts |= history_counts(summary, result.outcomes)
    refused = sum(
        result.count(Outcome.REFUSED, e) for e in ("inspection", "inspection.part", "branch")
    )
    outcome = "imported"
    if conflicts:
        outcome = "imported-with-conflicts"
    if refused:
        outcome = "imported-with-refusals" if outcome == "imported" else outcome + "-and-refusals"
    conn.execute(
        sa.insert(table("importrecord")).values(
            id=import_id,
            package_id=str(result.package_id),
            sha256=result.manifest_sha256,
            source_device=f"{result.source_device} ({result.source_fingerprint})"[:500],
            source_person=result.source_person,
            imported_at=utcnow(),
            counts=counts,
            result=outcome,
            message=summary.render("en")[:2000],
        )
    )
    if conflicts:
        conn.execute(sa.insert(table("conflict")), conflicts)
