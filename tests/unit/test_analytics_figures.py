"""Every head-office figure against a plain-Python computation over random data, on both engines."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bqinspect.analytics import filters
from bqinspect.analytics.figures import Figures, all_figures
from bqinspect.analytics.filters import Filter, Period
from bqinspect.analytics.headline import Headline
from bqinspect.analytics.timings import MEASURES
from bqinspect.store.db import open_database
from tests.pg import fresh_database
from tests.unit.analytics_world import (
    FORMS,
    REGIONS,
    STATUSES,
    SUB_BRANCHES,
    TODAY,
    WInspection,
    World,
    store,
    worlds,
)

NOW = datetime(2026, 5, 15, 12, tzinfo=UTC)
JAN1 = date(2026, 1, 1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """A migrated, empty database on each engine."""
    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        db = open_database(tmp_path, url)
        stack.callback(db.dispose)
        yield db.engine


def _subset(values: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    """Mostly "all", so that the combined filter leaves something to count."""
    some = st.lists(st.sampled_from(values), min_size=1, unique=True).map(tuple)
    return st.integers(0, 3).flatmap(lambda n: some if n == 0 else st.just(()))


def _days(start: int, length: int) -> Period:
    return filters.date_range(JAN1 + timedelta(days=start), JAN1 + timedelta(days=start + length))


periods = st.one_of(
    st.none(),
    st.integers(1, 6).map(lambda m: filters.month(2026, m)),
    st.integers(1, 2).map(lambda q: filters.quarter(2026, q)),
    st.just(filters.year(2026)),
    st.builds(_days, st.integers(0, 170), st.integers(0, 90)),
)

filter_values = st.builds(
    Filter,
    period=periods,
    regions=_subset(REGIONS),
    sub_branches=_subset(SUB_BRANCHES),
    branch_codes=_subset(tuple(f"B{k:02d}" for k in range(5))),
    form_ids=_subset(tuple(sorted(FORMS))),
    kind=st.sampled_from([None, None, "onsite", "mystery"]),
    statuses=st.one_of(st.just(filters.DEFAULT_STATUSES), _subset(STATUSES)),
)


# -- the plain-Python reference ----------------------------------------------------------


def matches(w: WInspection, f: Filter, *, period: bool = True) -> bool:
    return (
        w.status in f.statuses
        and w.status != "draft"
        and (not period or f.period is None or f.period.contains(w.visit_start))
        and (not f.regions or w.branch.region in f.regions)
        and (not f.sub_branches or w.branch.sub_branch in f.sub_branches)
        and (not f.branch_codes or w.branch.code in f.branch_codes)
        and (not f.form_ids or w.form_id in f.form_ids)
        and (f.kind is None or w.kind == f.kind)
    )


def q90(values: list[float]) -> float:
    return (
        values[0] if len(values) == 1 else statistics.quantiles(values, n=10, method="inclusive")[8]
    )


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def expected_ranking(world: World, f: Filter) -> dict[str, list[tuple]]:
    keyers = {
        "branch": lambda w: w.branch.code,
        "sub_branch": lambda w: (w.branch.region, w.branch.sub_branch),
        "region": lambda w: w.branch.region,
    }
    out: dict[str, list[tuple]] = {}
    for level, key in keyers.items():
        groups: dict[object, list[WInspection]] = defaultdict(list)
        for w in world.inspections:
            if matches(w, f):
                groups[key(w)].append(w)
        prev: dict[object, list[float]] = defaultdict(list)
        pf = f.previous()
        if pf is not None:
            for w in world.inspections:
                if matches(w, pf):
                    prev[key(w)].append(w.score)
        means = {k: mean([w.score for w in ws]) for k, ws in groups.items()}
        rows = []
        for k, ws in groups.items():
            rank = 1 + sum(1 for m in means.values() if m > means[k])
            grades = tuple(sorted(Counter(w.grade for w in ws).items()))
            before = mean(prev[k]) if prev.get(k) else None
            rows.append(
                (
                    rank,
                    k,
                    len(ws),
                    len({w.branch.code for w in ws}),
                    means[k],
                    grades,
                    before,
                    None if before is None else means[k] - before,
                )
            )
        out[level] = sorted(rows, key=lambda r: (r[0], str(r[1])))
    return out


def actual_ranking(fig: Figures) -> dict[str, list[tuple]]:
    def key(level: str, r) -> object:  # type: ignore[no-untyped-def]
        return (r.region, r.sub_branch) if level == "sub_branch" else r.key

    out = {}
    for level, rows in (
        ("branch", fig.ranking.branches),
        ("sub_branch", fig.ranking.sub_branches),
        ("region", fig.ranking.regions),
    ):
        out[level] = sorted(
            [
                (
                    r.rank,
                    key(level, r),
                    r.inspections,
                    r.branches,
                    pytest.approx(r.mean),
                    tuple((g.grade, g.count) for g in r.grades),
                    None if r.previous_mean is None else pytest.approx(r.previous_mean),
                    None if r.change is None else pytest.approx(r.change),
                )
                for r in rows
            ],
            key=lambda r: (r[0], str(r[1])),
        )
    return out


def expected_headline(world: World, f: Filter) -> Headline:
    now = [w for w in world.inspections if matches(w, f)]
    pf = f.previous()
    before = [w.score for w in world.inspections if pf is not None and matches(w, pf)]
    m = mean([w.score for w in now]) if now else None
    p = mean(before) if before else None
    return Headline(
        inspections=len(now),
        branches=len({w.branch.code for w in now}),
        mean=m,
        previous_mean=p,
        change=None if m is None or p is None else m - p,
        with_veto=sum(1 for w in now if w.veto),
    )


def expected_sections(world: World, f: Filter) -> list[tuple]:
    values: dict[str, list[float]] = defaultdict(list)
    for w in world.inspections:
        if matches(w, f):
            for sid, p in w.sections.items():
                if p is not None:
                    values[sid].append(p)
    return [(sid, len(v), mean(v)) for sid, v in sorted(values.items())]


def expected_weakest(world: World, f: Filter) -> list[tuple]:
    stats: dict[str, list] = defaultdict(lambda: [0, 0, 0.0, set()])
    for w in world.inspections:
        if not matches(w, f):
            continue
        for item, a in w.answers.items():
            if a.is_na or a.possible is None:
                continue
            s = stats[item]
            s[0] += 1
            s[2] += a.possible - (a.awarded or 0.0)
            if item in w.findings:
                s[1] += 1
                s[3].add(w.branch.code)
    rows = [(i, n, k, k / n, lost, len(b)) for i, (n, k, lost, b) in stats.items()]
    return sorted(rows, key=lambda r: (-r[3], -r[4], r[0]))


def expected_repeats(world: World, f: Filter) -> list[tuple]:
    series: dict[tuple[str, str], list[WInspection]] = defaultdict(list)
    for w in world.inspections:
        if matches(w, f, period=False):
            series[(w.branch.code, w.form_id)].append(w)
    found: dict[tuple[str, str, str], list[datetime]] = defaultdict(list)
    for (code, form_id), ws in series.items():
        ws.sort(key=lambda w: w.visit_start)
        for before, now in itertools.pairwise(ws):
            if f.period is not None and not f.period.contains(now.visit_start):
                continue
            for item in now.findings:
                if item in before.findings:
                    found[(code, form_id, item)].append(now.visit_start)
    rows = [(c, fid, i, len(v), max(v)) for (c, fid, i), v in found.items()]
    return sorted(rows, key=lambda r: (-r[3], r[0], r[1], r[2]))


def expected_trends(world: World, f: Filter) -> set[tuple]:
    groups: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for w in world.inspections:
        if not matches(w, f):
            continue
        label = f"{w.visit_start.year}-{w.visit_start.month:02d}"
        groups[("bank", "bank", label)].append(w.score)
        groups[("region", w.branch.region, label)].append(w.score)
        if f.branch_codes:
            groups[("branch", w.branch.code, label)].append(w.score)
    return {(*k, len(v), mean(v)) for k, v in groups.items()}


def expected_veto(world: World, f: Filter) -> list[tuple]:
    hits: dict[str, list[WInspection]] = defaultdict(list)
    for w in world.inspections:
        if matches(w, f):
            for item in w.veto:
                hits[item].append(w)
    rows = [(i, len(ws), len({w.branch.code for w in ws})) for i, ws in hits.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def expected_rectification(world: World, f: Filter) -> list[tuple]:
    found = [(w, x) for w in world.inspections if matches(w, f) for x in w.findings.values()]
    groups: list[tuple[str, str, list]] = [("all", "", found)] if found else []
    for name, attr in (("severity", "severity"), ("risk_type", "risk_type")):
        for key in sorted({getattr(x, attr) for _, x in found}):
            groups.append((name, key, [(w, x) for w, x in found if getattr(x, attr) == key]))
    rows = []
    for name, key, part in groups:
        closed = [(w, x) for w, x in part if x.status == "verified"]
        days = [(x.closed_at - w.visit_start).total_seconds() / 86400 for w, x in closed]
        events = [e for _, x in part for e in x.events]
        decisions = sum(1 for e in events if e in ("verify", "reject"))
        rows.append(
            (
                name,
                key,
                len(part),
                sum(1 for _, x in part if x.status != "verified"),
                sum(1 for _, x in part if x.status != "verified" and x.due < TODAY),
                len(closed),
                sum(1 for _, x in closed if x.closed_at.date() <= x.due),
                pytest.approx(mean(days)) if days else None,
                pytest.approx(q90(days)) if days else None,
                decisions,
                sum(1 for e in events if e == "reject"),
            )
        )
    return rows


def expected_overdue(world: World, f: Filter) -> list[tuple]:
    rows = [
        (x.due, w.branch.code, item, x.severity, (TODAY - x.due).days)
        for w in world.inspections
        if matches(w, f)
        for item, x in w.findings.items()
        if x.status != "verified" and x.due < TODAY
    ]
    return sorted(rows)


def expected_timings(world: World, f: Filter) -> list[tuple]:
    rows = []
    for m in MEASURES:
        values: list[tuple[str, str, float]] = []
        for w in world.inspections:
            if matches(w, f) and m.start in w.marks and m.end in w.marks:
                a, b = w.marks[m.start], w.marks[m.end]
                if b >= a:
                    values.append((w.branch.code, f"{a.hour:02d}", (b - a).total_seconds()))
        if not values:
            continue
        groups = [("all", "", [v for _, _, v in values])]
        for name, pos in (("branch", 0), ("hour", 1)):
            keys = sorted({v[pos] for v in values})
            groups += [(name, k, [v[2] for v in values if v[pos] == k]) for k in keys]
        for name, key, vs in groups:
            over = sum(1 for v in vs if v > m.threshold) / len(vs)
            rows.append(
                (m.name, name, key, len(vs), statistics.median(vs), pytest.approx(q90(vs)), over)
            )
    return rows


# -- the property ---------------------------------------------------------------------------


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds(), f=filter_values)
def test_every_figure_matches_a_plain_computation(
    engine: sa.Engine, world: World, f: Filter
) -> None:
    store(engine, world)
    for each in (f, Filter(period=f.period), Filter()):
        check_figures(engine, world, each)


def check_figures(engine: sa.Engine, world: World, f: Filter) -> None:
    fig = all_figures(engine, f, today=TODAY, now=NOW)

    assert fig.headline == expected_headline(world, f)

    assert actual_ranking(fig) == expected_ranking(world, f)
    assert [(s.section_id, s.inspections, pytest.approx(s.mean)) for s in fig.sections] == (
        expected_sections(world, f)
    )
    assert [
        (
            w.item_id,
            w.applicable,
            w.failed,
            w.fail_rate,
            pytest.approx(w.points_lost),
            w.branches_failing,
        )
        for w in fig.weakest
    ] == expected_weakest(world, f)
    assert [
        (r.branch_code, r.form_id, r.item_id, r.repeats, r.last_visit) for r in fig.repeats
    ] == expected_repeats(world, f)
    assert {
        (t.level, t.key, t.period.label, t.inspections, t.mean) for t in fig.trends
    } == expected_trends(world, f)
    assert [(v.item_id, v.inspections, v.branches) for v in fig.veto] == expected_veto(world, f)
    assert [
        (
            r.group,
            r.key,
            r.findings,
            r.open,
            r.overdue,
            r.closed,
            r.closed_on_time,
            r.mean_days_to_close,
            r.p90_days_to_close,
            r.decisions,
            r.rejections,
        )
        for r in fig.rectification.rows
    ] == expected_rectification(world, f)
    assert [
        (o.due_date, o.branch_code, o.item_id, o.severity, o.days_overdue)
        for o in fig.rectification.overdue
    ] == expected_overdue(world, f)
    assert [
        (t.measure, t.group, t.key, t.visits, t.median, t.p90, t.over_threshold)
        for t in fig.timings
    ] == expected_timings(world, f)
    assert fig.empty == (not any(matches(w, f) for w in world.inspections))
