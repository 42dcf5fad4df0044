"""Plain row dicts for bulk inserts, carrying the defaults the SQLModel tables declare."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

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
