"""A built wheel carries forms, resources and migrations, and runs from where it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# what a build reads (setup.py copies forms/ and resources/ into the package)
SOURCES = (
    "bqinspect",
    "forms",
    "resources",
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
)
BUILD_SETUPTOOLS = 77  # the major version of [build-system] requires


def _build_wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the sources, so the checkout gets no build/ folder."""
    src, out = tmp_path / "src", tmp_path / "wheel"
    src.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)]
    if int(version("setuptools").split(".")[0]) >= BUILD_SETUPTOOLS:
        command.insert(5, "--no-build-isolation")  # offline, with the setuptools at hand
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = out.glob("bqinspect-*.whl")
    return wheel


@pytest.mark.slow
def test_the_wheel_has_what_an_installed_bqinspect_needs(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = "bqinspect/shipped/"
    assert {f"{shipped}forms/{p.name}" for p in (REPO / "forms").glob("*.yaml")} <= names
    assert f"{shipped}resources/fonts/wqy-zenhei.ttc" in names
    assert f"{shipped}resources/icons/bqinspect.svg" in names
    versions = REPO / "bqinspect" / "store" / "migrations" / "versions"
    migrations = {f"bqinspect/store/migrations/versions/{p.name}" for p in versions.glob("*.py")}
    assert migrations <= names and "bqinspect/store/migrations/env.py" in names
    assert "bqinspect/sync/schema/inspection.schema.json" in names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "bqinspect = bqinspect.cli.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    )

    # a pure-Python wheel installs by unpacking: run the command line from there, away from
    # the source tree, and it finds its shipped forms, fonts and migrations
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = (
        "from bqinspect.base import resources; "
        "print(resources.forms_dir()); print(resources.fonts_dir())"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert found.returncode == 0, found.stderr
    forms_dir, fonts_dir = (Path(line) for line in found.stdout.split())
    assert forms_dir == site / "bqinspect" / "shipped" / "forms"
    assert (fonts_dir / "wqy-zenhei.ttc").is_file()
    shipped_forms = sorted(str(p) for p in forms_dir.glob("*.yaml"))
    home = tmp_path / "data"
    for args in (["forms", "validate", *shipped_forms], ["--data-dir", str(home), "db", "check"]):
        result = subprocess.run(
            [sys.executable, "-m", "bqinspect", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    assert (home / "bqinspect.sqlite").is_file()
