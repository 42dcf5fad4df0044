"""No plaintext of an encrypted package outlives its import, even when the import is killed."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bqinspect.sync import crypto
from bqinspect.sync.export import export_package
from bqinspect.sync.imports import import_package, sweep_plaintext
from bqinspect.sync.keys import export_public
from tests.unit.sync_helpers import field_with_inspections, open_ws, trust

CHILD = Path(__file__).with_name("import_child.py")
ROUNDS = 20
ZIP_MAGIC = b"PK\x03\x04"


def _plaintext_left(home: Path, markers: list[bytes]) -> list[str]:
    """Files under ``home`` that are, or contain, part of the decrypted package."""
    found = []
    for path in home.rglob("*"):
        if not path.is_file() or path.suffix in (".sqlite", ".sqlite-wal", ".sqlite-shm"):
            continue
        data = path.read_bytes()
        if data.startswith(ZIP_MAGIC) or any(m in data for m in markers):
            found.append(str(path.relative_to(home)))
    return found


def _run_child(home: Path, package: Path, kill_after: int | None) -> tuple[int, int]:
    """Run one import; kill it after ``kill_after`` progress lines. (lines seen, exit code)"""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(home), str(package)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline().strip() == "ready"
        seen = 0
        for line in child.stdout:
            if kill_after is not None and seen >= kill_after:
                child.send_signal(signal.SIGKILL)
                break
            if line.startswith("progress"):
                seen += 1
        for _ in child.stdout:
            pass
    return seen, child.wait()


@pytest.mark.slow
def test_killed_encrypted_imports_leave_no_plaintext(tmp_path: Path) -> None:
    field, ids = field_with_inspections(tmp_path / "field", 6)
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    export_public(office, tmp_path / "office.pub")
    package = tmp_path / "enc.bqpkg"
    export_package(field, package, ids, recipients=crypto.read_recipients(tmp_path / "office.pub"))
    field.close()
    office.close()
    template = tmp_path / "office"
    # What a leak would contain: the package's own entry names, which only the plaintext has.
    markers = [b"manifest.json", b"records/inspections/"]
    assert not any(m in package.read_bytes() for m in markers)

    # One whole run tells how many progress lines an import makes.
    whole = tmp_path / "whole"
    shutil.copytree(template, whole)
    total, code = _run_child(whole, package, None)
    assert code == 0 and total > 2

    rng = random.Random(20)
    for round_no in range(ROUNDS):
        home = tmp_path / f"round-{round_no}"
        shutil.copytree(template, home)
        kill_after = rng.randint(0, total - 1)
        _, code = _run_child(home, package, kill_after)
        assert code in (-signal.SIGKILL, 0)
        assert _plaintext_left(home, markers) == [], f"round {round_no}, after {kill_after}"
        shutil.rmtree(home)


def test_leftovers_of_earlier_versions_are_swept_before_an_import(tmp_path: Path) -> None:
    field, ids = field_with_inspections(tmp_path / "field", 1)
    office = open_ws(tmp_path / "office")
    trust(office, field, tmp_path)
    export_public(office, tmp_path / "office.pub")
    package = tmp_path / "enc.bqpkg"
    export_package(field, package, ids, recipients=crypto.read_recipients(tmp_path / "office.pub"))
    tmp = office.home / "tmp"
    tmp.mkdir(exist_ok=True)
    (tmp / "import-0123abcd.zip").write_bytes(ZIP_MAGIC + b"left by a killed import")
    (tmp / ".import-0123abcd.zip.4242.part").write_bytes(ZIP_MAGIC)
    (tmp / "unrelated.txt").write_text("kept")
    import_package(office, package)
    assert sorted(p.name for p in tmp.iterdir()) == ["unrelated.txt"]
    assert sweep_plaintext(office) == 0
    field.close()
    office.close()
