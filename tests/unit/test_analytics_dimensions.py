"""Dimension averages against a plain-Python computation over random data, on both engines."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from sqlmodel import Session

from bqinspect.analytics.dimensions import dimension_averages
from bqinspect.analytics.filters import FORM_VERSION, Filter
from bqinspect.store.db import open_database
from bqinspect.store.models import FormVersion
from tests.pg import fresh_database
from tests.unit.analytics_world import World, store, worlds
from tests.unit.test_analytics_figures import filter_values, matches

# form id -> section id -> (dimension or None, weight) as the stored version 1 declares them
DECLARED = {
    "onsite-a": {"S1": ("environment", 2.0), "S2": ("attitude", 1.0)},
    "mystery-a": {"S1": ("environment", 1.0), "S2": (None, 3.0)},  # older than dimensions
}
NEWER = {"mystery-a": {"S2": "risk"}}  # a later version of the form declares S2's dimension


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        db = open_database(tmp_path, url)
        stack.callback(db.dispose)
        yield db.engine


def _declare(engine: sa.Engine) -> None:
    """Give the world's form versions their dimensions and weights, and add a newer version."""
    with engine.begin() as conn:
        for form_id, sections in DECLARED.items():
            definition = json.loads(
                conn.execute(
                    sa.select(FORM_VERSION.c.definition).where(FORM_VERSION.c.form_id == form_id)
                ).scalar_one()
            )
            for section in definition["sections"]:
                dimension, weight = sections[section["id"]]
                section["weight"] = weight
                if dimension:
                    section["dimension"] = dimension
            conn.execute(
                sa.update(FORM_VERSION)
                .where(FORM_VERSION.c.form_id == form_id)
                .values(definition=json.dumps(definition))
            )
    with Session(engine) as s:
        for form_id, sections in NEWER.items():
            definition = {
                "id": form_id,
                "sections": [{"id": k, "weight": 1, "dimension": v} for k, v in sections.items()],
            }
            s.add(
                FormVersion(
                    form_id=form_id,
                    version="2",
                    kind="mystery",
                    title_zh=form_id,
                    title_en=form_id,
                    sha256=f"{form_id}-2",
                    definition=json.dumps(definition),
                    created_at=datetime(2030, 1, 1, tzinfo=UTC),
                )
            )
        s.commit()


def expected(world: World, f: Filter) -> list[tuple[str, int, float]]:
    per_dimension: dict[str, list[float]] = defaultdict(list)
    for w in world.inspections:
        if not matches(w, f):
            continue
        sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for sid, percent in w.sections.items():
            dimension, weight = DECLARED[w.form_id][sid]
            dimension = dimension or NEWER.get(w.form_id, {}).get(sid)
            if percent is not None and dimension:
                sums[dimension][0] += weight * percent
                sums[dimension][1] += weight
        for dimension, (total, weights) in sums.items():
            per_dimension[dimension].append(total / weights)
    order = ["efficiency", "attitude", "environment", "content", "quality", "risk", "staff"]
    return [
        (d, len(per_dimension[d]), sum(per_dimension[d]) / len(per_dimension[d]))
        for d in order
        if per_dimension[d]
    ]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds(), f=filter_values)
def test_dimension_averages_match_a_plain_computation(
    engine: sa.Engine, world: World, f: Filter
) -> None:
    store(engine, world)
    _declare(engine)
    for each in (f, Filter()):
        with engine.connect() as conn:
            got = dimension_averages(conn, each)
        assert [(d.dimension, d.inspections, pytest.approx(d.mean)) for d in got] == expected(
            world, each
        )


def test_without_declared_dimensions_there_is_no_figure(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert dimension_averages(conn, Filter()) == ()
