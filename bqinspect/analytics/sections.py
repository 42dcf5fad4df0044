"""Section averages: the mean of the stored section percentages over the filtered inspections."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import INSPECTION, Filter, scope, where
from bqinspect.analytics.labels import FormTexts, Label
from bqinspect.analytics.sqlfn import json_float, json_object_rows


@dataclass(frozen=True)
class SectionAverage:
    """Sections are matched by id across forms (the shipped forms share their section ids)."""

    section_id: str
    title: Label
    inspections: int
    mean: float


def section_averages(conn: Connection, f: Filter, texts: FormTexts) -> tuple[SectionAverage, ...]:
    """Sections without an applicable item at an inspection (percent null) do not count there."""
    entries = json_object_rows(INSPECTION.c.section_scores, conn.dialect.name, "sec")
    percent = json_float(entries.c.value, "percent")
    stmt = (
        sa.select(entries.c.key, sa.func.count(percent), sa.func.avg(percent))
        .select_from(scope().join(entries, sa.true()))
        .where(*where(f), entries.c.key.is_not(None), percent.is_not(None))
        .group_by(entries.c.key)
        .order_by(entries.c.key)
    )
    return tuple(
        SectionAverage(str(key), texts.section(str(key)), int(n), float(mean))
        for key, n, mean in conn.execute(stmt)
    )
