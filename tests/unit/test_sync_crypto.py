"""Package encryption: the standard age format (checked with the age tool), streamed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bqinspect.base import paths
from bqinspect.base.errors import Refused
from bqinspect.base.progress import Cancelled
from bqinspect.store.workspace import Workspace
from bqinspect.sync import crypto
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package
from bqinspect.sync.keys import AGE_KEY_FILE, export_public
from bqinspect.sync.package import OpenPackage
from tests.unit.sync_helpers import db_content_hash, field_with_inspections, open_ws, trust

AGE = shutil.which("age")
AGE_KEYGEN = shutil.which("age-keygen")


def need_age() -> str:
    if AGE is None or AGE_KEYGEN is None:  # the test command installs Debian's age package
        pytest.fail("the age command-line tool is not installed (Debian package 'age')")
    return AGE


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[tuple[Workspace, list, Workspace, Path]]:
    field, ids = field_with_inspections(tmp_path / "field", 2)
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    office_pub = tmp_path / "office.pub"
    export_public(office, office_pub)
    yield field, ids, office, office_pub
    field.close()
    office.close()


def test_encrypted_package_imports_with_the_recipients_own_key(sides, tmp_path) -> None:
    field, ids, office, office_pub = sides
    out = tmp_path / "enc.bqpkg"
    result = export_package(field, out, ids, recipients=crypto.read_recipients(office_pub))
    assert result.encrypted_to == 1
    assert out.read_bytes().startswith(crypto.AGE_MAGIC)
    assert b"manifest.json" not in out.read_bytes()
    imported = import_package(office, out)
    assert imported.encrypted
    assert imported.counts()["new"] == 2
    assert not list((office.home / "tmp").iterdir()), "a decrypted copy was left behind"


def test_the_age_tool_decrypts_our_packages(sides, tmp_path) -> None:
    age = need_age()
    field, ids, office, office_pub = sides
    out = tmp_path / "enc.bqpkg"
    export_package(field, out, ids, recipients=crypto.read_recipients(office_pub))
    key = paths.keys_dir(office.home) / AGE_KEY_FILE
    plain = tmp_path / "plain.zip"
    subprocess.run([age, "--decrypt", "-i", str(key), "-o", str(plain), str(out)], check=True)
    with zipfile.ZipFile(plain) as z:
        assert "manifest.json" in z.namelist()
    with OpenPackage(plain) as pkg:
        index = pkg.check_all()
    assert sorted(index.inspection_ids) == sorted(ids)


def test_packages_encrypted_by_the_age_tool_import(sides, tmp_path) -> None:
    age = need_age()
    field, ids, office, office_pub = sides
    plain = export_package(field, tmp_path / "plain.bqpkg", ids).path
    enc = tmp_path / "by-age.bqpkg"
    # An exported public key file is an age recipients file.
    subprocess.run([age, "-R", str(office_pub), "-o", str(enc), str(plain)], check=True)
    result = import_package(office, enc)
    assert result.encrypted
    assert [o.outcome.value for o in result.outcomes if o.entity == "inspection"] == [
        "new",
        "new",
    ]


def test_several_recipients_and_an_extra_identity_file(sides, tmp_path) -> None:
    need_age()
    field, ids, office, office_pub = sides
    keyfile = tmp_path / "shared.key"
    subprocess.run([AGE_KEYGEN, "-o", str(keyfile)], check=True, capture_output=True)
    shared_pub = tmp_path / "shared.pub"
    public = next(
        line.split(": ")[1]
        for line in keyfile.read_text().splitlines()
        if line.startswith("# public key:")
    )
    shared_pub.write_text(public + "\n")
    out = tmp_path / "enc.bqpkg"
    recipients = crypto.read_recipients(office_pub) + crypto.read_recipients(shared_pub)
    export_package(field, out, ids, recipients=recipients)
    other = open_ws(tmp_path / "other")
    trust(other, field, tmp_path)
    before = db_content_hash(other)
    with pytest.raises(Refused, match="not to this device's key"):
        import_package(other, out)
    assert db_content_hash(other) == before
    result = import_package(other, out, identities=crypto.read_identities(keyfile))
    assert result.changed
    assert import_package(office, out).changed
    other.close()


def test_truncated_encrypted_package_is_refused(sides, tmp_path) -> None:
    field, ids, office, office_pub = sides
    out = tmp_path / "enc.bqpkg"
    export_package(field, out, ids, recipients=crypto.read_recipients(office_pub))
    cut = tmp_path / "cut.bqpkg"
    cut.write_bytes(out.read_bytes()[:-100])
    before = db_content_hash(office)
    with pytest.raises(Refused, match=r"cannot decrypt|incomplete"):
        import_package(office, cut)
    altered = tmp_path / "altered.bqpkg"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x40
    altered.write_bytes(bytes(data))
    with pytest.raises(Refused, match="damaged or was altered"):
        import_package(office, altered)
    assert db_content_hash(office) == before
    assert not list((office.home / "tmp").iterdir())


def test_recipient_files_are_checked_line_by_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("# comment\nage1nonsense\nAGE-SECRET-KEY-1ABC\n", encoding="utf-8")
    with pytest.raises(Refused) as info:
        crypto.read_recipients(bad)
    assert [str(p) for p in info.value.problems] == [
        "bad.pub:2: not an age public key (age1…)",
        "bad.pub:3: a private key: use the public key file",
    ]
    empty = tmp_path / "empty.pub"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(Refused, match="no age public key"):
        crypto.read_recipients(empty)
    with pytest.raises(Refused, match="cannot read"):
        crypto.read_recipients(tmp_path / "missing.pub")


def test_cancelled_encryption_leaves_no_file(sides, tmp_path) -> None:
    _field, _ids, _office, office_pub = sides
    source = tmp_path / "big.bin"
    source.write_bytes(bytes(8 * 1024 * 1024))

    class CancelSoon:
        calls = 0

        def __call__(self, done: int, total: int, text: str = "") -> None:
            pass

        def cancelled(self) -> bool:
            self.calls += 1
            return self.calls > 3

    dest = tmp_path / "out.age"
    with pytest.raises(Cancelled):
        crypto.encrypt_file(source, dest, crypto.read_recipients(office_pub), CancelSoon())
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


STREAM_CHILD = textwrap.dedent(
    """
    import os, resource, sys
    from pathlib import Path
    from pyrage import x25519
    from bqinspect.sync import crypto

    folder = Path(sys.argv[1]); size = int(sys.argv[2])
    ident = x25519.Identity.generate()
    block = os.urandom(1 << 20)
    with open(folder / "plain.bin", "wb") as f:
        for _ in range(size >> 20):
            f.write(block)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    crypto.encrypt_file(folder / "plain.bin", folder / "enc.age", [ident.to_public()])
    crypto.decrypt_file(folder / "enc.age", folder / "dec.bin", [ident])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    same = (folder / "dec.bin").stat().st_size == size
    print(base, peak, same)
    """
)


@pytest.mark.slow
def test_large_package_streams_in_bounded_memory(tmp_path: Path) -> None:
    size = 300 * 1024 * 1024
    out = subprocess.run(
        [sys.executable, "-c", STREAM_CHILD, str(tmp_path), str(size)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    base_kib, peak_kib, same = int(out[0]), int(out[1]), out[2]
    assert same == "True"
    growth = (peak_kib - base_kib) * 1024
    assert growth < 32 * 1024 * 1024, f"memory grew by {growth / 2**20:.0f} MiB for 300 MiB"
