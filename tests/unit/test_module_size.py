"""Small modules with one job: no module of bqinspect is over 600 lines."""

from __future__ import annotations

from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "bqinspect"
LIMIT = 600


def test_no_module_is_over_the_limit() -> None:
    sizes = {
        str(path.relative_to(PKG.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PKG.rglob("*.py")
        if "migrations" not in path.parts  # generated once, never edited
    }
    assert len(sizes) > 50
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
