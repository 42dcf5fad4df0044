"""Code, forms and documents cite norms or modules, never notes kept outside the repository."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCANNED = ["bqinspect", "forms", "docs", "packaging", "README.md"]
OUTSIDE = ["DESIGN.md", "DOMAIN.md", "DESIGN §", "DOMAIN §"]


def _text_files(root: Path) -> list[Path]:
    """Every text file at or under ``root``: binary files (a NUL byte) and caches are left out."""
    candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return [p for p in candidates if "__pycache__" not in p.parts and b"\0" not in p.read_bytes()]


def outside_citations(repo: Path = REPO) -> list[str]:
    """``path:line: text`` for every line that names a document outside the repository."""
    hits: list[str] = []
    for name in SCANNED:
        for path in _text_files(repo / name):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for number, line in enumerate(lines, start=1):
                if any(marker in line for marker in OUTSIDE):
                    hits.append(f"{path.relative_to(repo)}:{number}: {line.strip()}")
    return hits


def test_scanned_places_exist() -> None:
    missing = [name for name in SCANNED if not (REPO / name).exists()]
    assert missing == []


def test_the_check_sees_an_outside_citation(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "a.yaml").write_text("id: a\n# weights per DOMAIN §8\n", encoding="utf-8")
    (tmp_path / "forms" / "b.bin").write_bytes(b"\0DESIGN.md")
    (tmp_path / "README.md").write_text("See docs/architecture.md.\n", encoding="utf-8")
    assert outside_citations(tmp_path) == ["forms/a.yaml:2: # weights per DOMAIN §8"]


def test_nothing_cites_a_document_outside_the_repository() -> None:
    hits = outside_citations()
    assert hits == [], "cite the norm or the module meant instead:\n" + "\n".join(hits)
