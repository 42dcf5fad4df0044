"""Inspector calibration: planted leniency and planted item differences are found, nothing else."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
import sqlalchemy as sa

from bqinspect.analytics.calibration import calibration, item_counts, score_groups
from bqinspect.analytics.item_calibration import ItemCounts, compare_items
from bqinspect.analytics.leniency import (
    Leniency,
    LeniencyFit,
    NotEnoughData,
    ScoreGroup,
    Verdict,
    fit_leniency,
)
from bqinspect.services.branches import list_branches, save_branch
from bqinspect.store.models import Answer, Finding, Inspection, InspectionStatus
from bqinspect.store.workspace import Workspace, open_workspace
from tests.pg import fresh_database

PLANTED = {"宽松（演示）": 8.0, "严格（演示）": -8.0, **{f"检查员{n}": 0.0 for n in range(6)}}
FORMS = {"onsite": 0.0, "mystery": -6.0}


@dataclass(frozen=True)
class Visit:
    branch: str
    form: str
    team: frozenset[str]
    score: float


def simulate(seed: int, visits: int = 600, branches: int = 30, noise: float = 4.0) -> list[Visit]:
    """Inspections at random branches by random inspectors (some in pairs), planted effects."""
    rng = random.Random(seed)
    level = {f"B{n:02d}": rng.gauss(0, 8) for n in range(branches)}
    names = sorted(PLANTED)
    out = []
    for _ in range(visits):
        branch, form = rng.choice(sorted(level)), rng.choice(sorted(FORMS))
        team = frozenset(rng.sample(names, 1 if rng.random() < 0.7 else 2))
        effect = sum(PLANTED[k] for k in team) / len(team)
        y = 74 + level[branch] + FORMS[form] + effect + rng.gauss(0, noise)
        out.append(Visit(branch, form, team, y))
    return out


def groups_of(visits: list[Visit]) -> list[ScoreGroup]:
    return [ScoreGroup((v.branch, v.form), v.team, 1, v.score, 0.0) for v in visits]


def by_name(fit: LeniencyFit) -> dict[str, Leniency | NotEnoughData]:
    return {r.inspector: r for r in fit.inspectors}


def test_the_fit_recovers_planted_effects_within_their_intervals() -> None:
    fit = fit_leniency(groups_of(simulate(seed=20260301)))
    rows = by_name(fit)
    assert set(rows) == set(PLANTED)
    for name, planted in PLANTED.items():
        row = rows[name]
        assert isinstance(row, Leniency)
        assert row.low <= planted <= row.high, (name, row)
        assert row.high - row.low < 4  # informative, not merely wide
        assert row.inspections >= row.comparisons > 50
    verdicts = {name: r.verdict for name, r in rows.items() if isinstance(r, Leniency)}
    assert verdicts.pop("宽松（演示）") is Verdict.LENIENT
    assert verdicts.pop("严格（演示）") is Verdict.STRICT
    assert set(verdicts.values()) == {Verdict.IN_LINE}
    assert fit.residual_sd == pytest.approx(4.0, rel=0.15)
    assert fit.inspections == 600 and fit.cells == 60
    assert fit.degrees_of_freedom == 600 - 60 - (len(PLANTED) - 1)


def test_simultaneous_intervals_hold_at_about_their_confidence() -> None:
    covered = 0
    runs = 40
    for seed in range(runs):
        rows = by_name(fit_leniency(groups_of(simulate(seed, visits=160, branches=12))))
        covered += all(
            isinstance(r, Leniency) and r.low <= PLANTED[k] <= r.high for k, r in rows.items()
        )
    assert covered >= 0.85 * runs  # 95 % jointly; a fixed seed makes this exact


def _dummy_regression(visits: list[Visit], names: list[str]) -> list[Fraction]:
    """θ by the full least-squares fit with one dummy per cell, in exact arithmetic."""
    cells = sorted({(v.branch, v.form) for v in visits})
    rows = []
    for v in visits:
        x = [Fraction(int((v.branch, v.form) == c)) for c in cells]
        share = {k: Fraction(1, len(v.team)) for k in v.team}
        x += [share.get(k, Fraction(0)) - share.get(names[-1], Fraction(0)) for k in names[:-1]]
        rows.append((x, Fraction(v.score)))
    p = len(rows[0][0])
    a = [[sum(x[i] * x[j] for x, _ in rows) for j in range(p)] + [sum(x[i] * y for x, y in rows)]
         for i in range(p)]  # fmt: skip
    for c in range(p):
        pivot = next(r for r in range(c, p) if a[r][c] != 0)
        a[c], a[pivot] = a[pivot], a[c]
        a[c] = [v / a[c][c] for v in a[c]]
        for r in range(p):
            if r != c and a[r][c] != 0:
                a[r] = [v - a[r][c] * w for v, w in zip(a[r], a[c], strict=True)]
    beta = [a[len(cells) + j][p] for j in range(len(names) - 1)]
    return [*beta, -sum(beta)]


def test_the_absorbed_fit_equals_the_full_dummy_regression() -> None:
    visits = simulate(seed=5, visits=90, branches=6)
    names = sorted(PLANTED)
    exact = _dummy_regression(visits, names)
    rows = by_name(fit_leniency(groups_of(visits), min_comparisons=1))
    for name, value in zip(names, exact, strict=True):
        row = rows[name]
        assert isinstance(row, Leniency)
        assert row.index == pytest.approx(float(value), abs=1e-9)


def test_pooled_groups_give_the_same_fit_as_single_inspections() -> None:
    visits = simulate(seed=11, visits=200, branches=8)
    single = fit_leniency(groups_of(visits))
    pooled: dict[tuple[str, str, frozenset[str]], list[float]] = {}
    for v in visits:
        pooled.setdefault((v.branch, v.form, v.team), []).append(v.score)
    groups = []
    for (b, f, team), ys in pooled.items():
        mean = sum(ys) / len(ys)
        groups.append(ScoreGroup((b, f), team, len(ys), mean, sum((y - mean) ** 2 for y in ys)))
    together = fit_leniency(groups)
    assert together.residual_sd == pytest.approx(single.residual_sd)
    for a, b in zip(single.inspectors, together.inspectors, strict=True):
        assert isinstance(a, Leniency) and isinstance(b, Leniency)
        assert (b.index, b.low, b.high) == pytest.approx((a.index, a.low, a.high))


def test_not_enough_data_is_said_plainly() -> None:
    visits = simulate(seed=3, visits=300, branches=10)
    visits += [Visit("B00", "onsite", frozenset({"新人"}), 80.0)] * 2  # two comparisons only
    visits += [Visit("远郊", "onsite", frozenset({"独行"}), 70.0 + n) for n in range(8)]
    rows = by_name(fit_leniency(groups_of(visits), min_comparisons=5))
    newcomer, alone = rows["新人"], rows["独行"]
    assert isinstance(newcomer, NotEnoughData) and isinstance(alone, NotEnoughData)
    assert (newcomer.comparisons, newcomer.inspections) == (2, 2)
    assert "fewer than 5" in newcomer.reason
    assert (alone.comparisons, alone.inspections) == (0, 8)
    assert all(isinstance(rows[k], Leniency) for k in PLANTED)

    lone = fit_leniency(groups_of([v for v in visits if v.team == frozenset({"独行"})]))
    assert [type(r) for r in lone.inspectors] == [NotEnoughData]
    assert lone.residual_sd is None and lone.inspections == 0
    assert fit_leniency([]).inspectors == []


def _item_rows(seed: int) -> list[ItemCounts]:
    """Twenty items failed 15 % of the time by everyone, but I07 60 % by one inspector."""
    rng = random.Random(seed)
    names = sorted(PLANTED)
    rows = []
    for n in range(500):
        cell = (f"B{n % 25:02d}", "onsite")
        team = frozenset({names[n % len(names)]})
        for item in range(20):
            rate = 0.6 if item == 7 and "严格（演示）" in team else 0.15
            rows.append(ItemCounts(cell, team, f"I{item:02d}", 1, int(rng.random() < rate)))
    return rows


def test_items_a_planted_difference_is_found_and_no_null_item() -> None:
    report = compare_items(_item_rows(seed=8), false_discovery_rate=0.05)
    found = [(d.inspector, d.item_id) for d in report.differences]
    assert found == [("严格（演示）", "I07")]
    (d,) = report.differences
    assert d.stricter and d.fail_rate > 0.45 and d.peer_fail_rate < 0.25
    assert d.q_value <= 0.05 and d.p_value <= d.q_value
    assert report.tests == 20 * len(PLANTED)


def test_items_with_too_few_checks_are_not_tested() -> None:
    rows = [ItemCounts(("B1", "onsite"), frozenset({k}), "I01", 3, 3) for k in ("甲", "乙")]
    report = compare_items(rows, min_checks=5)
    assert report.tests == 0 and report.differences == []


# the same figure read from a database, on SQLite and on PostgreSQL -----------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(request: pytest.FixtureRequest, tmp_path: Path, mini_form) -> Iterator[Workspace]:  # type: ignore[no-untyped-def]
    from bqinspect.services.catalog import install_form

    with ExitStack() as stack:
        url = None
        if request.param == "postgres":
            url = stack.enter_context(fresh_database(request.getfixturevalue("pg_url")))
        home = tmp_path / "office"
        home.mkdir()
        ws = open_workspace(home, url, actor="总行分析员")
        stack.callback(ws.close)
        install_form(ws, mini_form)
        yield ws


ITEMS = ["ENV-01", "ENV-04", "STF-06"]


def _store(ws: Workspace, visits: list[Visit], fails: dict[tuple[int, str], bool]) -> None:
    """Submitted inspections with the simulated scores; one draft that must not count."""
    (fv,) = ws.form_versions()
    ids = {
        code: save_branch(ws, {"code": code, "name": f"{code}（演示）"}).id
        for code in sorted({v.branch for v in visits})
    }
    start = datetime(2025, 1, 6, 9, tzinfo=UTC)
    inspections, answers, findings = [], [], []
    for n, v in enumerate([*visits, Visit(visits[0].branch, "onsite", visits[0].team, 0.0)]):
        insp_id = uuid.uuid4()
        draft = n == len(visits)
        inspections.append(
            {
                "id": insp_id,
                "branch_id": ids[v.branch],
                "form_version_id": fv.id,
                "kind": "onsite",
                "status": InspectionStatus.DRAFT if draft else InspectionStatus.SUBMITTED,
                "inspectors": sorted(v.team),
                "visit_start": start + timedelta(days=n),
                "overall_score": v.score,
            }
        )
        for item in ITEMS:
            failed = draft or fails[(n, item)]
            answers.append(
                {
                    "id": uuid.uuid4(),
                    "inspection_id": insp_id,
                    "item_id": item,
                    "value": "fail" if failed else "pass",
                    "points_awarded": 0.0 if failed else 1.0,
                    "points_possible": 1.0,
                }
            )
            if failed:
                findings.append(
                    {
                        "id": uuid.uuid4(),
                        "inspection_id": insp_id,
                        "branch_id": ids[v.branch],
                        "item_id": item,
                        "severity": "general",
                    }
                )
    with ws.db.engine.begin() as conn:
        conn.execute(sa.insert(Inspection), inspections)
        conn.execute(sa.insert(Answer), answers)
        conn.execute(sa.insert(Finding), findings)


def test_calibration_from_the_database_matches_the_plain_computation(office: Workspace) -> None:
    visits = [
        Visit(v.branch, "mini-onsite", v.team, round(v.score, 2))
        for v in simulate(seed=42, visits=240, branches=10)
    ]
    rng = random.Random(42)
    fails = {
        (n, item): rng.random() < (0.7 if item == "ENV-04" and "严格（演示）" in v.team else 0.1)
        for n, v in enumerate(visits)
        for item in ITEMS
    }
    _store(office, visits, fails)
    counted = [Inspection.status.in_([InspectionStatus.SUBMITTED, InspectionStatus.APPROVED])]
    figure = calibration(office.db.engine, counted)

    # the plain computation, over the generated data itself
    branch_ids = {b.code: str(b.id) for b in list_branches(office)}
    expected = fit_leniency(
        ScoreGroup((branch_ids[v.branch], v.form), v.team, 1, v.score, 0.0) for v in visits
    )
    assert figure.leniency.degrees_of_freedom == expected.degrees_of_freedom
    assert figure.leniency.residual_sd == pytest.approx(expected.residual_sd, rel=1e-9)
    for got, want in zip(figure.leniency.inspectors, expected.inspectors, strict=True):
        assert isinstance(got, Leniency) and isinstance(want, Leniency)
        assert got.inspector == want.inspector and got.comparisons == want.comparisons
        assert (got.index, got.low, got.high) == pytest.approx((want.index, want.low, want.high))
        assert got.low <= PLANTED[got.inspector] <= got.high
    plain_items = compare_items(
        ItemCounts((branch_ids[v.branch], v.form), v.team, item, 1, int(fails[(n, item)]))
        for n, v in enumerate(visits)
        for item in ITEMS
    )
    assert figure.items == plain_items
    found = {(d.inspector, d.item_id): d.stricter for d in figure.items.differences}
    assert found.pop(("严格（演示）", "ENV-04")) is True
    # a peer of the strict inspector may stand out as lenient next to them, never as strict
    assert not any(found.values())

    with office.db.engine.connect() as conn:
        assert sum(g.count for g in score_groups(conn, counted)) == len(visits)
        assert sum(r.checked for r in item_counts(conn, counted)) == len(visits) * len(ITEMS)
        late = [*counted, Inspection.visit_start >= datetime(2025, 4, 1, tzinfo=UTC)]
        assert sum(g.count for g in score_groups(conn, late)) == len(visits) - 85
