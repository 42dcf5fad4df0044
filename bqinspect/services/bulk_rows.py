"""Plain row dicts for bulk inserts, carrying the defaults the SQLModel tables declare."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from bqinspect.store.models import utcnow

_TEMPLATES: dict[type[SQLModel], dict[str, Any]] = {}


def row(table: type[SQLModel], **values: Any) -> dict[str, Any]:
    """A row of ``table``: its declared defaults, a fresh ``id``, then ``values``.

    Defaults made by a factory (times) are taken once: pass every time the row should carry.
    Building a model instance per row costs ~0.3 ms; a dict, a microsecond.
    """
    template = _TEMPLATES.get(table)
    if template is None:
        template = _TEMPLATES[table] = table.model_construct().model_dump()
    out = {**template, **values}
    if "id" in template and "id" not in values:
        out["id"] = uuid.uuid4()
    return out


def insert_all(
    s: Session, tables: Sequence[type[SQLModel]], rows: dict[type[SQLModel], list[dict[str, Any]]]
) -> None:
    """Insert the rows of each table in the order given (parents first), one statement each."""
    conn = s.connection()  # Core, not the ORM's bulk path: plain executemany
    for table in tables:
        if rows.get(table):
            conn.execute(sa.insert(sa.inspect(table).local_table), rows[table])


@dataclass
class Upserted:
    """What storing a register's rows did: rows created, changed and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def into(self, result: Any) -> None:
        """Copy the counts onto an import's result."""
        result.created, result.updated, result.unchanged = (
            self.created,
            self.updated,
            self.unchanged,
        )


def upsert_by(
    s: Session, table: type[SQLModel], key: str, cleaned: Sequence[dict[str, Any]]
) -> Upserted:
    """Store ``cleaned`` rows of a register (branches, staff) matched by ``key``: a new one is
    added, a changed one takes the new values and one more ``revision``."""
    done = Upserted()
    existing = {getattr(r, key): r for r in s.exec(select(table)).all()}
    for clean in cleaned:
        stored = existing.get(clean[key])
        if stored is None:
            s.add(table(**clean))
            done.created += 1
            continue
        changed = {k: v for k, v in clean.items() if getattr(stored, k) != v}
        if not changed:
            done.unchanged += 1
            continue
        for name, value in changed.items():
            setattr(stored, name, value)
        stored.updated_at = utcnow()
        stored.revision += 1  # type: ignore[attr-defined]
        s.add(stored)
        done.updated += 1
    return done
