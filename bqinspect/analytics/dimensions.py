"""Dimension averages: the section percentages mapped onto the evaluation dimensions."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bqinspect.analytics.filters import FORM_VERSION, INSPECTION, Filter, scope, where
from bqinspect.analytics.labels import Label
from bqinspect.analytics.sqlfn import json_float, json_object_rows, json_records, json_text
from bqinspect.domain.forms import DIMENSION_ORDER, Dimension

DIMENSION_LABELS: dict[str, Label] = {
    Dimension.EFFICIENCY: Label("服务效率", "Service efficiency"),
    Dimension.ATTITUDE: Label("服务态度", "Service attitude"),
    Dimension.ENVIRONMENT: Label("服务环境", "Service environment"),
    Dimension.CONTENT: Label("服务内容", "Service content"),
    Dimension.QUALITY: Label("服务质量", "Service quality"),
    Dimension.RISK: Label("风险管理", "Risk management"),
    Dimension.STAFF: Label("人力资源", "Human resources"),
    Dimension.DISCLOSURE: Label("信息披露", "Information disclosure"),
}


@dataclass(frozen=True)
class DimensionAverage:
    """``mean`` over the inspections with at least one scored section in the dimension."""

    dimension: str
    title: Label
    inspections: int
    mean: float


@dataclass(frozen=True)
class SectionDimension:
    """One section of one frozen form version, its dimension and its weight there."""

    form_id: str
    version: str
    section_id: str
    dimension: str
    weight: float

    TEXTS: ClassVar[tuple[str, ...]] = ("form_id", "version", "section_id", "dimension")


def section_dimensions(conn: Connection) -> list[SectionDimension]:
    """Read from the frozen definitions (a small table). A version older than the
    dimensions takes them from the newest version of the same form that declares them."""
    rows = conn.execute(
        sa.select(
            FORM_VERSION.c.form_id, FORM_VERSION.c.version, FORM_VERSION.c.definition
        ).order_by(FORM_VERSION.c.created_at)
    ).all()
    sections = [(r.form_id, r.version, json.loads(r.definition).get("sections", [])) for r in rows]
    latest: dict[tuple[str, str], str] = {}
    for form_id, _, secs in sections:
        for s in secs:
            if s.get("dimension"):
                latest[(form_id, s["id"])] = s["dimension"]
    mapped = []
    for form_id, version, secs in sections:
        for s in secs:
            dimension = s.get("dimension") or latest.get((form_id, s["id"]))
            weight = float(s.get("weight", 0) or 0)
            if dimension and weight > 0:
                mapped.append(SectionDimension(form_id, version, s["id"], dimension, weight))
    return mapped


def dimension_averages(conn: Connection, f: Filter) -> tuple[DimensionAverage, ...]:
    """Per inspection, a dimension's score is the weight-averaged percentage of its sections
    (the weights of the inspection's frozen form; sections without a percentage left out);
    the figure is the mean of those scores over the inspections, in the plan's order."""
    mapped = section_dimensions(conn)
    if not mapped:
        return ()
    dialect = conn.dialect.name
    records = json_records(json.dumps([asdict(m) for m in mapped]), dialect, "records")
    dims = sa.select(
        *(json_text(records.c.value, key).label(key) for key in SectionDimension.TEXTS),
        json_float(records.c.value, "weight").label("weight"),
    ).subquery("dims")
    entries = json_object_rows(INSPECTION.c.section_scores, dialect, "sec")
    percent = json_float(entries.c.value, "percent")
    dimension = dims.c.dimension
    per_inspection = (
        sa.select(
            dimension.label("dimension"),
            (sa.func.sum(dims.c.weight * percent) / sa.func.sum(dims.c.weight)).label("score"),
        )
        .select_from(
            scope()
            .join(entries, sa.true())
            .join(
                dims,
                sa.and_(
                    dims.c.form_id == FORM_VERSION.c.form_id,
                    dims.c.version == FORM_VERSION.c.version,
                    dims.c.section_id == entries.c.key,
                ),
            )
        )
        .where(*where(f), percent.is_not(None))
        .group_by(INSPECTION.c.id, dimension)
        .subquery("per_inspection")
    )
    stmt = sa.select(
        per_inspection.c.dimension,
        sa.func.count(),
        sa.func.avg(per_inspection.c.score),
    ).group_by(per_inspection.c.dimension)
    found = {str(d): (int(n), float(mean)) for d, n, mean in conn.execute(stmt)}
    return tuple(
        DimensionAverage(d.value, DIMENSION_LABELS[d], *found[d.value])
        for d in DIMENSION_ORDER
        if d.value in found
    )
