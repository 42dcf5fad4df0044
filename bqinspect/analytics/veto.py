"""Veto hits: how often each veto item failed, at how many inspections and branches."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import INSPECTION, Filter, scope, where
from bqinspect.analytics.labels import FormTexts, Label
from bqinspect.analytics.sqlfn import json_array_rows


@dataclass(frozen=True)
class VetoHit:
    item_id: str
    text: Label
    inspections: int
    branches: int


def veto_hits(conn: Connection, f: Filter, texts: FormTexts) -> tuple[VetoHit, ...]:
    """From the veto items stored with each submitted score; most hits first."""
    hits = json_array_rows(INSPECTION.c.veto_hits, conn.dialect.name, "veto")
    stmt = (
        sa.select(
            hits.c.value,
            sa.func.count(sa.distinct(INSPECTION.c.id)),
            sa.func.count(sa.distinct(INSPECTION.c.branch_id)),
        )
        .select_from(scope().join(hits, sa.true()))
        .where(*where(f), hits.c.value.is_not(None))
        .group_by(hits.c.value)
    )
    rows = [
        VetoHit(str(item), texts.item(str(item)), int(n), int(b))
        for item, n, b in conn.execute(stmt)
    ]
    rows.sort(key=lambda v: (-v.inspections, v.item_id))
    return tuple(rows)
