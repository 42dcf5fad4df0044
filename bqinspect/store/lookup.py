"""An inspection or a finding named by its full id or a unique prefix of it (as typed)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import SQLModel

from bqinspect.base.errors import NotFound
from bqinspect.store.record import InspectionHead, read_head
from bqinspect.store.workspace import Workspace


def _match(conn: sa.Connection, table: str, ref: str) -> uuid.UUID:
    try:
        return uuid.UUID(ref)
    except ValueError:
        pass
    rows = SQLModel.metadata.tables[table]
    needle = ref.lower()
    matches = [i for (i,) in conn.execute(sa.select(rows.c.id)) if str(i).startswith(needle)]
    if len(matches) != 1:
        raise NotFound(
            f"no {table} {ref}" if not matches else f"{ref} matches {len(matches)} {table}s",
            where=table,
        )
    return uuid.UUID(str(matches[0]))


def find_inspection(ws: Workspace, ref: str) -> InspectionHead:
    """The inspection ``ref`` names: a full uuid, or a prefix matching exactly one."""
    with ws.db.engine.connect() as conn:
        return read_head(conn, _match(conn, "inspection", ref))


def find_finding(ws: Workspace, ref: str) -> uuid.UUID:
    """The id of the finding ``ref`` names: a full uuid, or a prefix matching exactly one."""
    with ws.db.engine.connect() as conn:
        return _match(conn, "finding", ref)
