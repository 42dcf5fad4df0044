"""Device identity: keys made on first use, owner-only; public key files; trust and revoke."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlmodel import select

from bqinspect.base import paths
from bqinspect.base.errors import NotFound, Refused
from bqinspect.store.models import AuditEvent, Device
from bqinspect.sync.keys import (
    AGE_KEY_FILE,
    SIGNING_KEY_FILE,
    SignerStatus,
    export_public,
    find_device,
    list_devices,
    load_identity,
    read_public_file,
    revoke,
    signer_status,
    trust_file,
    verify_signature,
)
from tests.unit.sync_helpers import open_ws


def test_keys_are_made_on_first_use_owner_only(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "a")
    folder = paths.keys_dir(ws.home)
    assert not (folder / SIGNING_KEY_FILE).exists()
    first = load_identity(ws)
    for name in (SIGNING_KEY_FILE, AGE_KEY_FILE):
        mode = stat.S_IMODE((folder / name).stat().st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    again = load_identity(ws)
    assert again.public_key == first.public_key
    assert again.device_id == first.device_id
    with ws.db.session() as s:
        (row,) = s.exec(select(Device)).all()
    assert (row.public_key, row.is_self, row.trusted) == (first.public_key, True, True)
    ws.close()


def test_a_key_readable_by_others_is_made_owner_only(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "a")
    load_identity(ws)
    key = paths.keys_dir(ws.home) / SIGNING_KEY_FILE
    os.chmod(key, 0o644)
    load_identity(ws)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    ws.close()


def test_signatures_verify_only_for_the_signed_bytes(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "a")
    ident = load_identity(ws)
    sig = ident.sign(b"manifest")
    assert verify_signature(ident.public_key, sig, b"manifest")
    assert not verify_signature(ident.public_key, sig, b"manifest!")
    assert not verify_signature(ident.public_key, bytes(64), b"manifest")
    assert not verify_signature("zz", sig, b"manifest")
    ws.close()


def test_public_file_round_trip_and_trust(tmp_path: Path) -> None:
    field = open_ws(tmp_path / "f")
    field.set_setting("device_name", "检查员笔记本")
    office = open_ws(tmp_path / "o")
    ident = export_public(field, tmp_path / "field.pub")
    info = read_public_file(tmp_path / "field.pub")
    assert info.public_key == ident.public_key
    assert info.device_id == ident.device_id
    assert info.name == "检查员笔记本"
    assert info.age_recipients == (ident.age_recipient,)
    assert signer_status(office, ident.public_key)[0] is SignerStatus.UNKNOWN
    row = trust_file(office, tmp_path / "field.pub")
    assert row.id == ident.device_id
    assert signer_status(office, ident.public_key)[0] is SignerStatus.TRUSTED
    assert find_device(office, ident.fingerprint[:8]).id == row.id
    assert find_device(office, "检查员笔记本").id == row.id
    revoke(office, ident.fingerprint[:12], "笔记本丢失")
    assert signer_status(office, ident.public_key)[0] is SignerStatus.REVOKED
    with office.db.session() as s:
        actions = [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.at)).all()]
    assert actions[-2:] == ["trust", "revoke"]
    # Trusting again (a new public key file from the same device) lifts the revocation.
    trust_file(office, tmp_path / "field.pub")
    assert signer_status(office, ident.public_key)[0] is SignerStatus.TRUSTED
    assert [d.is_self for d in list_devices(office)].count(True) == 0
    load_identity(office)
    assert list_devices(office)[0].is_self is True
    field.close()
    office.close()


def test_own_key_cannot_be_revoked(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "a")
    ident = load_identity(ws)
    with pytest.raises(Refused, match="own key"):
        revoke(ws, ident.fingerprint)
    with pytest.raises(NotFound):
        find_device(ws, "deadbeefdeadbeef")
    ws.close()


def test_bad_public_key_files_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("# bqinspect-ed25519: 1234\nage1notakey\n", encoding="utf-8")
    with pytest.raises(Refused) as info:
        read_public_file(bad)
    problems = [str(p) for p in info.value.problems]
    assert problems == [
        "bad.pub:1: not a 32-byte hex Ed25519 key",
        "bad.pub:2: not an age public key (age1…)",
    ]
    secret = tmp_path / "secret.txt"
    secret.write_text("AGE-SECRET-KEY-1QQQ\n", encoding="utf-8")
    with pytest.raises(Refused, match="PRIVATE key"):
        read_public_file(secret)
    empty = tmp_path / "empty.pub"
    empty.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(Refused, match="no public key"):
        read_public_file(empty)
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    with pytest.raises(Refused, match="not UTF-8"):
        read_public_file(binary)


def test_trust_needs_the_signing_key_line(tmp_path: Path) -> None:
    ws = open_ws(tmp_path / "a")
    recipients = tmp_path / "age-only.pub"
    recipients.write_text(load_identity(ws).age_recipient + "\n", encoding="utf-8")
    with pytest.raises(Refused, match="no bqinspect signing key"):
        trust_file(ws, recipients)
    ws.close()
