"""Packaging: the desktop entry, AppStream metainfo, icon, installer script and the bundle."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from configparser import ConfigParser
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

import bqinspect
from bqinspect.base import resources

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
APP_ID = "io.github.bqinspect"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ISS = PACKAGING / "windows" / "bqinspect.iss"


def _run(*args: str | Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install the Debian package that provides it"
    return path


def test_desktop_entry_is_valid() -> None:
    result = _run(_tool("desktop-file-validate"), DESKTOP)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Icon"] == APP_ID
    assert section["Exec"].split()[0] == bqinspect.APP_NAME
    assert section["Name[zh_CN]"]


def test_metainfo_is_valid_and_matches_the_package() -> None:
    result = _run(_tool("appstreamcli"), "validate", "--no-net", METAINFO)
    # Newer appstream (Ubuntu 24.04) warns that there is no homepage URL; the product has no
    # public homepage to name, and that is the only warning allowed.
    issues = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:", "I:")]
    allowed = [line for line in issues if "url-homepage-missing" in line]
    assert result.returncode == 0 or (result.returncode == 3 and issues == allowed), (
        result.stdout + result.stderr
    )
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == bqinspect.APP_NAME
    release = root.find("releases/release")
    assert release is not None and release.get("version") == bqinspect.__version__


def test_icon_files_are_rendered_from_the_svg(qapp) -> None:  # type: ignore[no-untyped-def]
    # qapp: render_png would otherwise create a bare QGuiApplication that later widget tests
    # of the same session could not use.
    svg = resources.icon_path()
    assert svg == REPO / "resources" / "icons" / "bqinspect.svg" and svg.is_file()
    sys.path.insert(0, str(PACKAGING))
    try:
        from render_icon import render_png
    finally:
        sys.path.remove(str(PACKAGING))
    with Image.open(svg.with_suffix(".png")) as png:
        shipped = png.convert("RGBA")
    assert shipped.size == (256, 256)
    fresh = Image.open(io.BytesIO(render_png(svg, 256))).convert("RGBA")
    difference = ImageStat.Stat(ImageChops.difference(shipped, fresh)).mean
    assert max(difference) < 2.0, f"the PNG is stale: run packaging/render_icon.py ({difference})"
    with Image.open(svg.with_suffix(".ico")) as ico:
        sizes = set(ico.info["sizes"])
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes


def test_windows_installer_script_matches_the_package() -> None:
    text = ISS.read_text(encoding="utf-8")
    defines = dict(re.findall(r'#define\s+(\w+)\s+"([^"]*)"', text))
    assert defines["AppName"] == bqinspect.APP_NAME
    assert defines["AppVersion"] == bqinspect.__version__
    assert defines["GuiExe"] == f"{bqinspect.APP_NAME}-gui.exe"
    spec = (PACKAGING / "bqinspect.spec").read_text(encoding="utf-8")
    assert 'name=f"{NAME}-gui"' in spec  # the executable the shortcuts point at
    setup = dict(re.findall(r"^(\w+)=(.*)$", text, flags=re.MULTILINE))
    assert (ISS.parent / setup["SetupIconFile"].replace("\\", "/")).resolve().is_file()
    assert setup["AppId"].startswith("{{") and setup["PrivilegesRequired"] == "lowest"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The one-folder bundle built from this source tree (about a minute on two cores).

    The build (about 250 MB, and as much again of work files) is removed after the module's
    tests, so a run of the suite leaves no bundle behind.
    """
    import importlib.util

    assert importlib.util.find_spec("PyInstaller"), "PyInstaller must be in the test extras"
    out = tmp_path_factory.mktemp("pyinstaller")
    try:
        # Built from the files a clean checkout has: no compiled translations, no .venv, no
        # caches or earlier builds (copied without git, which a fresh machine may not have).
        source = out / "checkout"
        shutil.copytree(
            REPO,
            source,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", ".demo-data", "build", "dist", "out", "__pycache__",
                ".*_cache", ".hypothesis", "*.egg-info", "bqinspect_*.qm",
            ),
        )  # fmt: skip
        assert not list((source / "resources" / "translations").glob("bqinspect_*.qm"))
        result = _run(
            sys.executable,
            "-m",
            "PyInstaller",
            source / "packaging" / "bqinspect.spec",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            out / "dist",
            "--workpath",
            out / "work",
            timeout=900,
            cwd=source,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        folder = out / "dist" / bqinspect.APP_NAME
        assert (folder / bqinspect.APP_NAME).is_file()
        yield folder
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _bundle_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(home)
    env.pop("BQINSPECT_HOME", None)
    env.pop("BQINSPECT_DB_URL", None)
    return env


@pytest.mark.slow
def test_bundle_reports_its_version(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle / bqinspect.APP_NAME, "--version", env=_bundle_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{bqinspect.APP_NAME} {bqinspect.__version__}"


@pytest.mark.slow
def test_bundle_carries_forms_resources_and_migrations(bundle: Path, tmp_path: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "icons" / "bqinspect.svg").is_file()
    assert sorted(p.name for p in (internal / "forms").glob("*.yaml")) == sorted(
        p.name for p in (REPO / "forms").glob("*.yaml")
    )
    assert (internal / "bqinspect" / "store" / "migrations" / "env.py").is_file()
    # the face cascades privacy redaction runs offline
    assert list(internal.rglob("haarcascade_frontalface_default.xml"))
    assert list(internal.rglob("haarcascade_profileface.xml"))
    # compiled by the spec, though the checkout it was built from had only the .ts source
    qm = internal / "resources" / "translations" / "bqinspect_zh_CN.qm"
    assert qm.read_bytes().startswith(b"\x3c\xb8\x64\x18\xca\xef\x9c\x95")  # Qt .qm magic
    # the shipped forms are found through the resource helper from inside the bundle
    data = tmp_path / "data"
    result = _run(
        bundle / bqinspect.APP_NAME,
        "--data-dir",
        data,
        "forms",
        "validate",
        *sorted((internal / "forms").glob("*.yaml")),
        env=_bundle_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_bundle_opens_the_main_window_and_exits_cleanly(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = _run(
        bundle / bqinspect.APP_NAME,
        "--data-dir",
        data,
        "--smoke-test",
        env=_bundle_env(tmp_path),
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (data / "bqinspect.sqlite").is_file()
    assert "Traceback" not in result.stderr


def test_desktop_entry_installs_per_user(tmp_path: Path) -> None:
    script = PACKAGING / "linux" / "install-desktop-entry.sh"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path)}
    launcher = tmp_path / "My Apps" / "bqinspect"
    result = _run("bash", script, "--exec", launcher, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    entry = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{launcher}"' in entry.read_text(encoding="utf-8")
    icons = tmp_path / "share" / "icons" / "hicolor"
    assert (icons / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    check = _run(_tool("desktop-file-validate"), entry)
    assert check.returncode == 0 and check.stdout == "", check.stdout + check.stderr
    removed = _run("bash", script, "--uninstall", env=env)
    assert removed.returncode == 0 and not entry.exists()
