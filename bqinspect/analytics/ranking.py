"""Branch ranking by mean score: grade counts, rank, change; region and sub-branch roll-ups."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bqinspect.analytics.filters import BRANCH, INSPECTION, Filter, scope, where


class Level(enum.StrEnum):
    BRANCH = "branch"
    SUB_BRANCH = "sub_branch"
    REGION = "region"


@dataclass(frozen=True)
class GradeCount:
    grade: str
    count: int


@dataclass(frozen=True)
class RankRow:
    """One branch, sub-branch or region. ``key`` is the branch code, the sub-branch name
    or the region name; ``change`` is ``mean - previous_mean`` when both exist."""

    level: Level
    key: str
    name: str
    region: str
    sub_branch: str
    inspections: int
    branches: int
    mean: float
    rank: int
    grades: tuple[GradeCount, ...]
    previous_mean: float | None
    change: float | None


@dataclass(frozen=True)
class Ranking:
    branches: tuple[RankRow, ...]
    sub_branches: tuple[RankRow, ...]
    regions: tuple[RankRow, ...]


def _keys(level: Level) -> list[ColumnElement[str]]:
    if level is Level.BRANCH:
        return [BRANCH.c.code, BRANCH.c.name, BRANCH.c.region, BRANCH.c.sub_branch]
    if level is Level.SUB_BRANCH:
        return [BRANCH.c.region, BRANCH.c.sub_branch]
    return [BRANCH.c.region]


def _row_key(level: Level, row: tuple[str, ...]) -> tuple[str, str, str, str]:
    """(key, name, region, sub-branch) of a result row."""
    if level is Level.BRANCH:
        return row[0], row[1], row[2], row[3]
    if level is Level.SUB_BRANCH:
        return row[1], row[1], row[0], row[1]
    return row[0], row[0], row[0], ""


def _scored(f: Filter) -> list[ColumnElement[bool]]:
    return [*where(f), INSPECTION.c.overall_score.is_not(None)]


def _labelled(level: Level) -> list[sa.Label[str]]:
    return [k.label(f"k{i}") for i, k in enumerate(_keys(level))]


def _grades(conn: Connection, f: Filter, level: Level) -> dict[tuple[str, ...], list[GradeCount]]:
    keys = _keys(level)
    stmt = (
        sa.select(*keys, INSPECTION.c.grade, sa.func.count())
        .select_from(scope())
        .where(*_scored(f))
        .group_by(*keys, INSPECTION.c.grade)
        .order_by(*keys, INSPECTION.c.grade)
    )
    out: dict[tuple[str, ...], list[GradeCount]] = defaultdict(list)
    for r in conn.execute(stmt):
        out[tuple(r[: len(keys)])].append(GradeCount(str(r[len(keys)] or ""), int(r[-1])))
    return out


def rank_level(conn: Connection, f: Filter, level: Level) -> tuple[RankRow, ...]:
    """Rank (``RANK()``, ties share a rank) by mean overall score, best first; the previous
    period's mean of each group comes in the same statement (an outer join)."""
    keys = _keys(level)
    mean = sa.func.avg(INSPECTION.c.overall_score)
    cur = (
        sa.select(
            *_labelled(level),
            sa.func.count().label("n"),
            sa.func.count(sa.distinct(INSPECTION.c.branch_id)).label("branches"),
            mean.label("mean"),
            sa.func.rank().over(order_by=mean.desc()).label("rank"),
        )
        .select_from(scope())
        .where(*_scored(f))
        .group_by(*keys)
        .subquery("cur")
    )
    prev_filter = f.previous()
    cur_keys = [cur.c[f"k{i}"] for i in range(len(keys))]
    if prev_filter is None:
        source: sa.FromClause = cur
        prev_mean: sa.ColumnElement[Any] = sa.null()
    else:
        prev = (
            sa.select(*_labelled(level), mean.label("mean"))
            .select_from(scope())
            .where(*_scored(prev_filter))
            .group_by(*keys)
            .subquery("prev")
        )
        source = cur.outerjoin(
            prev, sa.and_(*(cur.c[f"k{i}"] == prev.c[f"k{i}"] for i in range(len(keys))))
        )
        prev_mean = prev.c.mean
    stmt = (
        sa.select(*cur_keys, cur.c.n, cur.c.branches, cur.c.mean, cur.c.rank, prev_mean)
        .select_from(source)
        .order_by(cur.c.rank, *cur_keys)
    )
    rows = conn.execute(stmt).all()
    grades = _grades(conn, f, level)
    out = []
    for r in rows:
        group = tuple(r[: len(keys)])
        key, name, region, sub_branch = _row_key(level, tuple(str(v) for v in group))
        before = None if r[-1] is None else float(r[-1])
        out.append(
            RankRow(
                level=level,
                key=key,
                name=name,
                region=region,
                sub_branch=sub_branch,
                inspections=int(r.n),
                branches=int(r.branches),
                mean=float(r.mean),
                rank=int(r.rank),
                grades=tuple(grades.get(group, ())),
                previous_mean=before,
                change=None if before is None else float(r.mean) - before,
            )
        )
    return tuple(out)


def ranking(conn: Connection, f: Filter) -> Ranking:
    return Ranking(
        branches=rank_level(conn, f, Level.BRANCH),
        sub_branches=rank_level(conn, f, Level.SUB_BRANCH),
        regions=rank_level(conn, f, Level.REGION),
    )
