"""The layers of bqinspect, read from the imports of every module (no module is run).

Order, lowest first; a module may import its own layer (same package) and the layers below:

    domain  ←  base  ←  photos, store  ←  services | report | sync | analytics  ←  ui | cli

``services``, ``report``, ``sync`` and ``analytics`` are peers: none imports another, except
that ``analytics`` may import ``report`` (the periodic summary uses the report's kit). The
front ends (``ui``, ``cli``) reach storage only through the use cases and the workspace, never
``store.db`` or ``store.models``. A second test imports every core module in a fresh process
and checks that no Qt module was loaded.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "bqinspect"

LEVEL = {
    "": 0,  # bqinspect/__init__.py: the name and version
    "domain": 0,
    "base": 1,
    "photos": 2,
    "photo_workers": 2,  # photo batches on worker processes
    "redaction": 2,  # face detection and the redacted copy (OpenCV, Pillow), the bank's setting
    "store": 2,
    "services": 3,
    "report": 3,
    "sync": 3,
    "analytics": 3,
    "ui": 4,
    "cli": 4,
    "__main__": 5,
}
PEERS_AT = {3}  # packages on this level must not import each other
PEER_EDGES = {("analytics", "report")}  # the one allowed edge: the summary PDF uses report's kit
FRONT_ENDS = {"ui", "cli"}
FRONT_END_STORE_OK = {"bqinspect.store.workspace"}
CORE = ["domain", "base", "redaction", "store", "services", "report", "sync", "analytics"]


def _part(module: str) -> str:
    """The top-level part of ``bqinspect.x.y`` (``x``), or ``""`` for ``bqinspect`` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path, repo: Path = REPO) -> str:
    rel = path.relative_to(repo).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, repo: Path = REPO) -> list[tuple[int, str]]:
    """Every ``bqinspect`` module a file imports, with the line (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    me = _module_name(path, repo)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("bqinspect")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("bqinspect"):
                continue
            if mod == "bqinspect":
                # ``from bqinspect import x``: x is a subpackage, or a name of bqinspect/__init__
                for alias in node.names:
                    sub = repo / "bqinspect" / alias.name
                    is_module = sub.is_dir() or sub.with_suffix(".py").exists()
                    found.append((node.lineno, f"bqinspect.{alias.name}" if is_module else mod))
            else:
                found.append((node.lineno, mod))
    return found


def _violations(repo: Path = REPO) -> list[str]:
    bad: list[str] = []
    for path in sorted((repo / "bqinspect").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        me = _module_name(path, repo)
        mine = _part(me)
        assert mine in LEVEL, f"{me}: bqinspect/{mine} has no layer in this test"
        for line, target in _imports(path, repo):
            theirs = _part(target)
            where = f"{path.relative_to(repo)}:{line} imports {target}"
            assert theirs in LEVEL, f"{where}: bqinspect/{theirs} has no layer in this test"
            if theirs == mine:
                continue
            if LEVEL[theirs] > LEVEL[mine]:
                bad.append(f"{where} (upward: {mine} is below {theirs})")
            elif (
                LEVEL[theirs] == LEVEL[mine]
                and LEVEL[mine] in PEERS_AT
                and (mine, theirs) not in PEER_EDGES
            ):
                bad.append(f"{where} (peers {mine} and {theirs} must not import each other)")
            elif (
                mine in FRONT_ENDS
                and theirs == "store"
                and not any(target.startswith(ok) for ok in FRONT_END_STORE_OK)
            ):
                bad.append(f"{where} (front ends use the services, not store.db / store.models)")
    return bad


def test_imports_follow_the_layers() -> None:
    assert _violations() == []


def test_the_layer_check_sees_relative_and_package_imports(tmp_path: Path) -> None:
    for sub in ("sync", "ui", "services"):
        (tmp_path / "bqinspect" / sub).mkdir(parents=True)
        (tmp_path / "bqinspect" / sub / "__init__.py").write_text("")
    (tmp_path / "bqinspect" / "__init__.py").write_text("")
    (tmp_path / "bqinspect" / "sync" / "probe.py").write_text(
        "from ..services import inspections\nfrom bqinspect import ui\n"
    )
    (tmp_path / "bqinspect" / "services" / "fine.py").write_text("from bqinspect.domain import x\n")
    assert _violations(tmp_path) == [
        "bqinspect/sync/probe.py:1 imports bqinspect.services "
        "(peers sync and services must not import each other)",
        "bqinspect/sync/probe.py:2 imports bqinspect.ui (upward: sync is below ui)",
    ]


def test_analytics_may_import_report_and_no_other_peer(tmp_path: Path) -> None:
    for sub in ("analytics", "report", "sync"):
        (tmp_path / "bqinspect" / sub).mkdir(parents=True)
        (tmp_path / "bqinspect" / sub / "__init__.py").write_text("")
    (tmp_path / "bqinspect" / "__init__.py").write_text("")
    (tmp_path / "bqinspect" / "analytics" / "pdf.py").write_text(
        "from bqinspect.report import kit\nfrom bqinspect.sync import rows\n"
    )
    (tmp_path / "bqinspect" / "report" / "back.py").write_text(
        "from bqinspect.analytics import x\n"
    )
    assert _violations(tmp_path) == [
        "bqinspect/analytics/pdf.py:2 imports bqinspect.sync "
        "(peers analytics and sync must not import each other)",
        "bqinspect/report/back.py:1 imports bqinspect.analytics "
        "(peers report and analytics must not import each other)",
    ]


PROBE = """
import importlib, json, pkgutil, sys
import bqinspect, bqinspect.photos
names = []
for pkg in %r:
    try:
        mod = importlib.import_module("bqinspect." + pkg)
    except ModuleNotFoundError as exc:
        if exc.name == "bqinspect." + pkg:
            continue
        raise
    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
        if ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
        names.append(info.name)
bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "bqinspect.ui")))
print(json.dumps({"imported": names, "qt": bad}))
"""


def test_core_modules_import_no_qt() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE % (CORE,)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["qt"] == []
    assert any(name.startswith("bqinspect.domain.") for name in result["imported"])
    assert any(name.startswith("bqinspect.services.") for name in result["imported"])
    assert any(name.startswith("bqinspect.base.") for name in result["imported"])
