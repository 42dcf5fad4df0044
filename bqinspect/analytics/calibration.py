"""Inspector calibration: score groups and item counts read by SQL aggregates, then the two fits.

The database does the counting (SQLAlchemy Core, the same statements on SQLite and PostgreSQL):
per branch, form family and inspector team, the number of inspections, the sum of their overall
scores and of their squares; and per branch, form family, team and item, how many inspections
checked the item (a scored, applicable answer) and how many raised a finding on it. The models
are fitted in Python: :mod:`bqinspect.analytics.leniency` for the leniency index and
:mod:`bqinspect.analytics.item_calibration` for the items.

``clauses`` are WHERE clauses over inspection, branch and form version, the tables joined by
:func:`scope` (the head-office filter's clauses); drafts never count whatever they say.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from bqinspect.analytics.item_calibration import ItemCalibration, ItemCounts, compare_items
from bqinspect.analytics.leniency import LeniencyFit, ScoreGroup, fit_leniency
from bqinspect.store.models import Answer, Branch, Finding, FormVersion, Inspection
from bqinspect.store.models import InspectionStatus as Status

INSPECTION = sa.inspect(Inspection).local_table
BRANCH = sa.inspect(Branch).local_table
FORM_VERSION = sa.inspect(FormVersion).local_table
ANSWER = sa.inspect(Answer).local_table
FINDING = sa.inspect(Finding).local_table


@dataclass(frozen=True)
class Calibration:
    """The calibration figure: leniency per inspector and the items that set one apart."""

    leniency: LeniencyFit
    items: ItemCalibration


def scope() -> FromClause:
    """Inspections joined to their branch and form version."""
    return INSPECTION.join(BRANCH, INSPECTION.c.branch_id == BRANCH.c.id).join(
        FORM_VERSION, INSPECTION.c.form_version_id == FORM_VERSION.c.id
    )


def _team_column() -> ColumnElement[str]:
    # the JSON list as text: groupable on both engines (PostgreSQL's json has no equality)
    return sa.cast(INSPECTION.c.inspectors, sa.String).label("team")


def _team(text: str) -> frozenset[str]:
    return frozenset(str(name) for name in json.loads(text))


def _counted(clauses: Iterable[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    return [*clauses, INSPECTION.c.status != Status.DRAFT.value]


def score_groups(conn: sa.Connection, clauses: Iterable[ColumnElement[bool]]) -> list[ScoreGroup]:
    """Count, mean and within-group sum of squares of overall scores per cell and team."""
    team = _team_column()
    y = INSPECTION.c.overall_score
    query = (
        sa.select(
            INSPECTION.c.branch_id,
            FORM_VERSION.c.form_id,
            team,
            sa.func.count().label("n"),
            sa.func.sum(y).label("total"),
            sa.func.sum(y * y).label("squares"),
        )
        .select_from(scope())
        .where(*_counted(clauses), y.is_not(None))
        .group_by(INSPECTION.c.branch_id, FORM_VERSION.c.form_id, team)
    )
    groups = []
    for branch_id, form_id, text, n, total, squares in conn.execute(query):
        mean = float(total) / n
        groups.append(
            ScoreGroup(
                (str(branch_id), form_id),
                _team(text),
                int(n),
                mean,
                max(0.0, float(squares) - n * mean * mean),
            )
        )
    return groups


def item_counts(conn: sa.Connection, clauses: Iterable[ColumnElement[bool]]) -> list[ItemCounts]:
    """Per cell, team and item: inspections that checked the item and that raised a finding."""
    team = _team_column()
    raised = FINDING.c.inspection_id == ANSWER.c.inspection_id
    query = (
        sa.select(
            INSPECTION.c.branch_id,
            FORM_VERSION.c.form_id,
            team,
            ANSWER.c.item_id,
            sa.func.count(sa.distinct(ANSWER.c.inspection_id)).label("checked"),
            sa.func.count(sa.distinct(FINDING.c.inspection_id)).label("failed"),
        )
        .select_from(
            scope()
            .join(ANSWER, ANSWER.c.inspection_id == INSPECTION.c.id)
            .outerjoin(FINDING, sa.and_(raised, FINDING.c.item_id == ANSWER.c.item_id))
        )
        .where(*_counted(clauses), ANSWER.c.points_possible.is_not(None))
        .group_by(INSPECTION.c.branch_id, FORM_VERSION.c.form_id, team, ANSWER.c.item_id)
    )
    return [
        ItemCounts((str(branch_id), form_id), _team(text), item_id, int(checked), int(failed))
        for branch_id, form_id, text, item_id, checked, failed in conn.execute(query)
    ]


def calibration(
    engine: sa.Engine,
    clauses: Iterable[ColumnElement[bool]],
    *,
    min_comparisons: int = 5,
    confidence: float = 0.95,
    false_discovery_rate: float = 0.05,
    min_checks: int = 5,
) -> Calibration:
    """The calibration figure for the inspections the clauses select."""
    wanted = list(clauses)
    with engine.connect() as conn:
        groups = score_groups(conn, wanted)
        counts = item_counts(conn, wanted)
    return Calibration(
        leniency=fit_leniency(groups, min_comparisons=min_comparisons, confidence=confidence),
        items=compare_items(
            counts, false_discovery_rate=false_discovery_rate, min_checks=min_checks
        ),
    )
