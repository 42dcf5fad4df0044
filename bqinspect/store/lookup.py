"""An inspection named by its full id or a unique prefix of it (as typed on a command line)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import SQLModel

from bqinspect.base.errors import NotFound
from bqinspect.store.record import InspectionHead, read_head
from bqinspect.store.workspace import Workspace


def find_inspection(ws: Workspace, ref: str) -> InspectionHead:
    """The inspection ``ref`` names: a full uuid, or a prefix matching exactly one."""
    insp = SQLModel.metadata.tables["inspection"]
    with ws.db.engine.connect() as conn:
        try:
            return read_head(conn, uuid.UUID(ref))
        except ValueError:
            pass
        needle = ref.lower()
        matches = [i for (i,) in conn.execute(sa.select(insp.c.id)) if str(i).startswith(needle)]
        if len(matches) != 1:
            raise NotFound(
                f"no inspection {ref}"
                if not matches
                else f"{ref} matches {len(matches)} inspections",
                where="inspection",
            )
        return read_head(conn, matches[0])
