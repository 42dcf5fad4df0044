"""The schema revisions the migrations know, read from their files without importing Alembic."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

VERSIONS = Path(__file__).with_name("migrations") / "versions"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class Migration:
    """One migration file's own revision and the revisions it follows."""

    revision: str
    down: tuple[str, ...]


def _constant(node: ast.expr | None) -> tuple[str, ...]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(v for item in node.elts for v in _constant(item))
    return ()


def read_migration(path: Path) -> Migration | None:
    """The ``revision`` and ``down_revision`` assigned at the top of a migration file."""
    values: dict[str, tuple[str, ...]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            values[node.target.id] = _constant(node.value)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                values[target.id] = _constant(node.value)
    own = values.get("revision", ())
    if len(own) != 1:
        return None
    return Migration(revision=own[0], down=values.get("down_revision", ()))


@cache
def migrations() -> tuple[Migration, ...]:
    found = (read_migration(path) for path in sorted(VERSIONS.glob("*.py")))
    return tuple(m for m in found if m is not None)


def known_revisions() -> set[str]:
    return {m.revision for m in migrations()}


def head_revision() -> str:
    """The one revision no other migration follows."""
    followed = {down for m in migrations() for down in m.down}
    heads = sorted(m.revision for m in migrations() if m.revision not in followed)
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The revision the database was last upgraded to; None for a database never upgraded."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return None
        version = sa.table(VERSION_TABLE, sa.column("version_num"))
        rows = conn.execute(sa.select(version.c.version_num)).scalars().all()
    return str(rows[0]) if len(rows) == 1 else None
