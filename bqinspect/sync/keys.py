"""Device identity: an Ed25519 signing key and an age key made on first use; trusted devices."""

from __future__ import annotations

import contextlib
import enum
import hashlib
import logging
import os
import re
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519
from sqlmodel import col, select

from bqinspect.base import paths
from bqinspect.base.errors import NotFound, Problem, Refused, refuse_write_errors
from bqinspect.domain.lifecycle import Role
from bqinspect.domain.messages import declare
from bqinspect.store.models import AuditEvent, Device, utcnow
from bqinspect.store.workspace import Workspace

DEVICE_SIGNING_KEY_ED = declare(
    "sync.keys.device_signing_key_ed",
    "the device signing key is not an Ed25519 key",
    "本设备签名密钥不是 Ed25519 密钥",
)
PUBLIC_KEY_FILE_LARGER = declare(
    "sync.keys.public_key_file_larger",
    "not a public key file (larger than 64 KiB)",
    "不是公钥文件（大于 64 KiB）",
)
NO_PUBLIC_KEY_FOUND = declare(
    "sync.keys.no_public_key_found",
    "no public key found in this file",
    "文件中没有找到公钥",
)
NO_KNOWN_DEVICE = declare(
    "sync.keys.no_known_device",
    "no known device {ref}",
    "没有已知设备 {ref}",
)
MATCHES_DEVICES_GIVE_MORE = declare(
    "sync.keys.matches_devices_give_more",
    "{ref} matches {matches} devices; give more of the fingerprint",
    "{ref} 匹配 {matches} 台设备；请给出更长的指纹",
)
FILE_HAS_NO_BQINSPECT = declare(
    "sync.keys.file_has_no_bqinspect",
    "the file has no bqinspect signing key (a '# bqinspect-ed25519:' line);"
    " export it with `bqinspect keys export-public`",
    "文件中没有 bqinspect 签名密钥（“# bqinspect-ed25519:”一行）；"
    "请用 `bqinspect keys export-public` 导出",
)
THIS_THIS_DEVICE_S = declare(
    "sync.keys.this_this_device_s",
    "this is this device's own key; it cannot be revoked here",
    "这是本设备自己的密钥，不能在此吊销",
)
DEVICE_SIGNING_KEY_DAMAGED = declare(
    "sync.keys.device_signing_key_damaged",
    "the device signing key is damaged: {exc}",
    "本设备签名密钥已损坏：{exc}",
)
DEVICE_AGE_KEY_DAMAGED = declare(
    "sync.keys.device_age_key_damaged",
    "the device age key is damaged",
    "本设备 age 密钥已损坏",
)
CANNOT_READ = declare(
    "sync.keys.cannot_read",
    "cannot read: {value}",
    "无法读取：{value}",
)
PUBLIC_KEY_FILE_UTF = declare(
    "sync.keys.public_key_file_utf",
    "not a public key file (not UTF-8 text)",
    "不是公钥文件（不是 UTF-8 文本）",
)
THIS_PRIVATE_KEY_NEVER = declare(
    "sync.keys.this_private_key_never",
    "this is a PRIVATE key: never share it; export the public key file instead",
    "这是私钥：切勿分享；请导出公钥文件",
)
AGE_PUBLIC_KEY_AGE = declare(
    "sync.keys.age_public_key_age",
    "not an age public key (age1…)",
    "不是 age 公钥（age1…）",
)
BYTE_HEX_ED_KEY = declare(
    "sync.keys.byte_hex_ed_key",
    "not a 32-byte hex Ed25519 key",
    "不是 32 字节十六进制的 Ed25519 密钥",
)
DEVICE_ID_UUID = declare(
    "sync.keys.device_id_uuid",
    "device-id is not a UUID",
    "device-id 不是 UUID",
)

log = logging.getLogger(__name__)

SIGNING_KEY_FILE = "device-ed25519.pem"
AGE_KEY_FILE = "device-age.key"
PUBLIC_FILE_HEADER = "# bqinspect device public key"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class SignerStatus(enum.StrEnum):
    SELF = "self"
    TRUSTED = "trusted"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


def fingerprint(public_key_hex: str) -> str:
    """32 hex digits identifying a signing key, shown to people in groups of four."""
    return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]


def pretty_fingerprint(fp: str) -> str:
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4))


def normalize_fingerprint(text: str) -> str:
    return re.sub(r"[\s:-]", "", text).lower()


@dataclass(frozen=True)
class DeviceIdentity:
    """This installation's keys; the private halves never leave the data directory."""

    device_id: uuid.UUID
    name: str
    signing_key: Ed25519PrivateKey
    age_identity: x25519.Identity

    @property
    def public_key(self) -> str:
        raw = self.signing_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return raw.hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def age_recipient(self) -> str:
        return str(self.age_identity.to_public())

    def sign(self, data: bytes) -> bytes:
        return self.signing_key.sign(data)


def verify_signature(public_key_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` owner-only with ``data``, atomically; an existing file is kept."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with refuse_write_errors(path):
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            f = os.fdopen(fd, "wb")
            try:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            finally:
                with contextlib.suppress(OSError):  # a second error while closing is not news
                    f.close()
            with contextlib.suppress(FileExistsError):  # another process made it first
                os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _read_private(path: Path) -> bytes:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077 and os.name == "posix":
        log.warning("%s was readable by others (mode %o); making it owner-only", path, mode)
        path.chmod(0o600)
    return path.read_bytes()


def _load_keys(home: Path) -> tuple[Ed25519PrivateKey, x25519.Identity]:
    folder = paths.keys_dir(home)
    sign_path = folder / SIGNING_KEY_FILE
    age_path = folder / AGE_KEY_FILE
    if not sign_path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_private(sign_path, pem)
        log.info("made this device's signing key in %s", sign_path)
    if not age_path.exists():
        ident = x25519.Identity.generate()
        text = f"# bqinspect device age key\n# public key: {ident.to_public()}\n{ident}\n"
        _write_private(age_path, text.encode("ascii"))
    try:
        key = serialization.load_pem_private_key(_read_private(sign_path), password=None)
    except (ValueError, TypeError) as exc:
        raise Refused(DEVICE_SIGNING_KEY_DAMAGED(exc=exc), where=str(sign_path)) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise Refused(DEVICE_SIGNING_KEY_ED(), where=str(sign_path))
    secret = [
        line.strip()
        for line in _read_private(age_path).decode("ascii", "replace").splitlines()
        if line.strip().startswith("AGE-SECRET-KEY-")
    ]
    try:
        age = x25519.Identity.from_str(secret[0])
    except (IndexError, pyrage.IdentityError) as exc:
        raise Refused(DEVICE_AGE_KEY_DAMAGED(), where=str(age_path)) from exc
    return key, age


def age_identity(ws: Workspace) -> x25519.Identity:
    """This device's age key (made on first use), without touching the database."""
    return _load_keys(ws.home)[1]


def self_device_id(ws: Workspace) -> uuid.UUID | None:
    """The Device row of this installation's key, if it was registered already (read only)."""
    key, _age = _load_keys(ws.home)
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        .hex()
    )
    with ws.db.session() as s:
        row = s.exec(select(Device).where(Device.public_key == public)).first()
    return row.id if row is not None else None


def device_name(ws: Workspace) -> str:
    return str(ws.setting("device_name") or "") or socket.gethostname() or "bqinspect"


def load_identity(ws: Workspace) -> DeviceIdentity:
    """This device's identity, made on first use and registered in the Device table."""
    key, age = _load_keys(ws.home)
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        .hex()
    )
    name = device_name(ws)
    with ws.session() as s:
        row = s.exec(select(Device).where(Device.public_key == public)).first()
        if row is None:
            row = Device(name=name, public_key=public, is_self=True, trusted=True)
            s.add(row)
            s.add(
                AuditEvent(
                    actor=ws.who(),
                    entity="device",
                    entity_id=fingerprint(public),
                    action="create-key",
                    new={"name": name},
                )
            )
        elif not row.is_self or row.revoked:
            row.is_self = True
            row.trusted = True
            row.updated_at = utcnow()
            s.add(row)
        device_id = row.id
    return DeviceIdentity(device_id=device_id, name=name, signing_key=key, age_identity=age)


# public key files -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PublicKeyFile:
    """A device's exported public keys: an age recipients file with bqinspect comments."""

    public_key: str
    device_id: uuid.UUID | None
    name: str
    age_recipients: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def public_file_text(identity: DeviceIdentity) -> str:
    return "\n".join(
        [
            PUBLIC_FILE_HEADER,
            "# Give this file to head office so it trusts this device's packages",
            "# (bqinspect keys trust FILE), or encrypt packages to this device with it",
            "# (bqinspect export --encrypt-to FILE, or: age -R FILE).",
            f"# device-id: {identity.device_id}",
            f"# device-name: {identity.name}",
            f"# fingerprint: {pretty_fingerprint(identity.fingerprint)}",
            f"# bqinspect-ed25519: {identity.public_key}",
            identity.age_recipient,
            "",
        ]
    )


def export_public(ws: Workspace, dest: Path) -> DeviceIdentity:
    identity = load_identity(ws)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(public_file_text(identity), encoding="utf-8")
    tmp.replace(dest)
    return identity


def read_public_file(path: Path) -> PublicKeyFile:
    """Parse an exported public key file; every refusal names the file and line."""
    where = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(CANNOT_READ(value=exc.strerror or exc), where=where) from exc
    if len(raw) > 64 * 1024:
        raise Refused(PUBLIC_KEY_FILE_LARGER(), where=where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(PUBLIC_KEY_FILE_UTF(), where=where) from exc
    public = ""
    device_id: uuid.UUID | None = None
    name = ""
    recipients: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, _, value = line.lstrip("#").strip().partition(":")
            value = value.strip()
            if key == "bqinspect-ed25519":
                if not _HEX64.match(value):
                    problems.append(Problem(f"{where}:{number}", BYTE_HEX_ED_KEY()))
                public = value
            elif key == "device-id":
                try:
                    device_id = uuid.UUID(value)
                except ValueError:
                    problems.append(Problem(f"{where}:{number}", DEVICE_ID_UUID()))
            elif key == "device-name":
                name = value[:200]
            continue
        if line.startswith("AGE-SECRET-KEY-"):
            problems.append(
                Problem(
                    f"{where}:{number}",
                    THIS_PRIVATE_KEY_NEVER(),
                )
            )
            continue
        try:
            x25519.Recipient.from_str(line)
        except pyrage.RecipientError:
            problems.append(Problem(f"{where}:{number}", AGE_PUBLIC_KEY_AGE()))
            continue
        recipients.append(line)
    if problems:
        raise Refused(problems)
    if not public and not recipients:
        raise Refused(NO_PUBLIC_KEY_FOUND(), where=where)
    return PublicKeyFile(public, device_id, name, tuple(recipients))


# trusted devices --------------------------------------------------------------------------------
def list_devices(ws: Workspace) -> list[Device]:
    with ws.db.session() as s:
        rows = s.exec(select(Device).order_by(col(Device.is_self).desc(), Device.name)).all()
    return list(rows)


def find_device(ws: Workspace, ref: str) -> Device:
    """A device by id, fingerprint (or a unique prefix of 8+ digits) or exact name."""
    wanted = normalize_fingerprint(ref)
    matches = []
    for row in list_devices(ws):
        fp = fingerprint(row.public_key)
        if (
            str(row.id) == ref.strip().lower()
            or (len(wanted) >= 8 and fp.startswith(wanted))
            or row.name == ref
        ):
            matches.append(row)
    if not matches:
        raise NotFound(NO_KNOWN_DEVICE(ref=repr(ref)), where="device")
    if len(matches) > 1:
        raise Refused(MATCHES_DEVICES_GIVE_MORE(ref=repr(ref), matches=len(matches)))
    return matches[0]


def trust_file(ws: Workspace, path: Path, role: Role = Role.INSPECTOR) -> Device:
    """Trust the device whose public key file this is, in ``role`` (audited): what its
    packages may change here follows that role."""
    info = read_public_file(path)
    if not info.public_key:
        raise Refused(
            FILE_HAS_NO_BQINSPECT(),
            where=path.name,
        )
    with ws.session() as s:
        row = s.exec(select(Device).where(Device.public_key == info.public_key)).first()
        old = None
        if row is None:
            taken = info.device_id is not None and s.get(Device, info.device_id) is not None
            row = Device(
                id=info.device_id if info.device_id and not taken else uuid.uuid4(),
                public_key=info.public_key,
                name=info.name,
            )
        else:
            old = {"trusted": row.trusted, "revoked": row.revoked, "role": row.role}
        row.trusted = True
        row.role = role.value
        row.revoked = False
        row.name = info.name or row.name
        row.updated_at = utcnow()
        s.add(row)
        s.add(
            AuditEvent(
                actor=ws.who(),
                entity="device",
                entity_id=info.fingerprint,
                action="trust",
                old=old,
                new={"name": row.name, "trusted": True, "role": role.value},
                why=f"public key file {path.name}",
            )
        )
    return row


def revoke(ws: Workspace, ref: str, why: str = "") -> Device:
    """Stop trusting a device: its packages are refused from now on (audited)."""
    target = find_device(ws, ref)
    if target.is_self:
        raise Refused(THIS_THIS_DEVICE_S(), where="device")
    with ws.session() as s:
        row = s.get(Device, target.id)
        assert row is not None
        row.revoked = True
        row.trusted = False
        row.note = why or row.note
        row.updated_at = utcnow()
        s.add(row)
        s.add(
            AuditEvent(
                actor=ws.who(),
                entity="device",
                entity_id=fingerprint(row.public_key),
                action="revoke",
                new={"name": row.name},
                why=why,
            )
        )
    return row


def signer_status(ws: Workspace, public_key: str) -> tuple[SignerStatus, Device | None]:
    with ws.db.session() as s:
        row = s.exec(select(Device).where(Device.public_key == public_key)).first()
    if row is None:
        return SignerStatus.UNKNOWN, None
    if row.revoked:
        return SignerStatus.REVOKED, row
    if row.is_self:
        return SignerStatus.SELF, row
    return (SignerStatus.TRUSTED if row.trusted else SignerStatus.UNKNOWN), row
