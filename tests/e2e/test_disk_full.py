"""A full disk or a file-size limit: one clear refusal naming the path and the cause, exit 1,
no partial file, no traceback, and the database exactly as before.

The small filesystems are tmpfs mounts this test makes (the test command runs as root); the
file-size limit is RLIMIT_FSIZE on the child process.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bqinspect.base.errors import WriteFailed
from bqinspect.services import inspections as svc
from bqinspect.store.workspace import Workspace
from bqinspect.sync import crypto
from bqinspect.sync.export import export_package
from bqinspect.sync.keys import export_public
from tests.diskfull import fill, tmpfs
from tests.unit.sync_helpers import (
    db_content_hash,
    field_with_inspections,
    make_inspection,
    open_ws,
    photo_bytes,
    setup_field,
    trust,
)

REPO = Path(__file__).resolve().parents[2]


def _cli(
    home: Path, *args: str | Path, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("BQINSPECT_DB_URL", None)

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then write() fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-m", "bqinspect", "--data-dir", str(home), *map(str, args)],
        capture_output=True, text=True, env=env, preexec_fn=limit, timeout=600,
    )  # fmt: skip


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, list[uuid.UUID]]]:
    ws, ids = field_with_inspections(tmp_path_factory.mktemp("field") / "data", 6)
    yield ws, ids
    ws.close()


@pytest.fixture
def office_key(tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]]) -> Path:
    """A public key to encrypt to (a second workspace's)."""
    office = open_ws(tmp_path / "keyholder")
    export_public(office, tmp_path / "office.pub")
    office.close()
    return tmp_path / "office.pub"


@pytest.mark.parametrize("encrypted", [False, True])
def test_export_to_a_full_disk(
    tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]], office_key: Path, encrypted: bool
) -> None:
    ws, _ = field
    with tmpfs(tmp_path / "stick", "64k") as stick:
        target = stick / "out.bqpkg"
        extra = ["--encrypt-to", str(office_key)] if encrypted else []
        result = _cli(ws.home, "export", "--all", "--out", target, *extra)
        _refused(result, str(target), "the disk is full")
        assert list(stick.iterdir()) == [], "a partial file was left"


def test_export_under_a_file_size_limit(
    tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]]
) -> None:
    ws, _ = field
    target = tmp_path / "out.bqpkg"
    result = _cli(ws.home, "export", "--all", "--out", target, fsize=48 * 1024)
    _refused(result, str(target), "larger than this system allows")
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "a partial file was left"


def _office_on_small_disk(
    tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]], stick: Path, *, encrypted: bool
) -> tuple[Path, Path, str]:
    ws, ids = field
    office = open_ws(stick / "office")
    trust(office, ws, tmp_path)
    export_public(office, tmp_path / "office.pub")  # makes the office's keys before the disk fills
    recipients = ()
    if encrypted:
        recipients = tuple(crypto.read_recipients(tmp_path / "office.pub"))
    package = export_package(ws, tmp_path / "in.bqpkg", ids, recipients=recipients).path
    before = db_content_hash(office)
    home = office.home
    office.close()
    fill(stick, package.stat().st_size // 2)  # room to open the database, not to import
    return home, package, before


def test_opening_a_database_on_a_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        ws = open_ws(disk / "data")
        home = ws.home
        ws.close()
        fill(disk, 0)
        _refused(_cli(home, "inspections", "list"), str(home), "the disk is full")


@pytest.mark.parametrize("encrypted", [False, True])
def test_import_onto_a_full_disk(
    tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]], encrypted: bool
) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        home, package, before = _office_on_small_disk(tmp_path, field, disk, encrypted=encrypted)
        result = _cli(home, "import", package)
        err = _refused(result, "the disk is full")
        assert str(home) in err  # the database file, or the folder holding the decrypted copy
        (disk / "filler.bin").unlink()
        office = open_ws(home)
        try:
            assert db_content_hash(office) == before
        finally:
            office.close()
        assert [p.name for p in (home / "tmp").glob("*")] == []


def test_backup_onto_a_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        ws = open_ws(disk / "data")
        home = ws.home
        ws.close()
        size = (home / "bqinspect.sqlite").stat().st_size
        fill(disk, size // 2)  # room to open the database, not to copy it
        result = _cli(home, "db", "backup")
        _refused(result, str(home / "backups"), "the disk is full")
        assert list((home / "backups").glob("*")) == []


def test_report_to_a_full_disk(tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]]) -> None:
    ws, ids = field
    with tmpfs(tmp_path / "stick", "32k") as stick:
        target = stick / "notice.pdf"
        result = _cli(ws.home, "report", str(ids[0]), "--out", target)
        _refused(result, str(target), "No space left on device")
        assert list(stick.iterdir()) == []


def test_a_clear_disk_works_again(tmp_path: Path, field: tuple[Workspace, list[uuid.UUID]]) -> None:
    """The same commands succeed once there is room: the refusals were about the disk."""
    ws, _ = field
    with tmpfs(tmp_path / "stick", "16m") as stick:
        result = _cli(ws.home, "export", "--all", "--out", stick / "out.bqpkg")
        assert result.returncode == 0, result.stderr
    shutil.rmtree(tmp_path / "stick", ignore_errors=True)


def _draft_on_small_disk(disk: Path) -> tuple[Workspace, uuid.UUID]:
    ws = open_ws(disk / "data")
    branch, fv = setup_field(ws)
    return ws, make_inspection(ws, branch, fv, submit=False, fail_env01=False)


def test_photo_attach_onto_a_full_disk(tmp_path: Path) -> None:
    """A photo that does not fit is refused naming the database and the cause; the draft is as
    it was, and once there is room the same photo attaches."""
    photo = tmp_path / "lobby.jpg"
    photo.write_bytes(photo_bytes(7, (2400, 1800)))
    with tmpfs(tmp_path / "disk", "8m") as disk:
        ws, inspection_id = _draft_on_small_disk(disk)
        try:
            before = db_content_hash(ws)
            filler = fill(disk, 16 * 1024)
            with pytest.raises(WriteFailed) as refused:
                svc.add_photos(ws, inspection_id, [photo], item_id="ENV-01")
            text = str(refused.value)
            assert str(ws.home) in text and "the disk is full" in text, text
            filler.unlink()
            assert db_content_hash(ws) == before
            changed, problems = svc.add_photos(ws, inspection_id, [photo], item_id="ENV-01")
            assert problems == [] and len(changed.photos) == 1
        finally:
            ws.close()


def test_a_settings_write_onto_a_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        ws = open_ws(disk / "data")
        try:
            ws.set_setting("inspector_name", "王晓明")
            before = db_content_hash(ws)
            fill(disk, 0)
            with pytest.raises(WriteFailed) as refused:
                ws.set_setting("inspector_name", "李" * 5000)
            assert str(ws.home) in str(refused.value)
            assert "the disk is full" in str(refused.value)
            assert ws.setting("inspector_name") == "王晓明"
            assert db_content_hash(ws) == before
        finally:
            ws.close()
