"""Inspector leniency: a least-squares fit separating branch-and-form effects from inspectors'.

The model, for the overall score y of an inspection of form f at branch b by the team S:

    y = α(b, f) + Σ_{k ∈ S} θ_k / |S| + ε,    Σ_k θ_k = 0,    ε ~ N(0, σ²) independent

α(b, f) is a fixed effect per branch-and-form cell (what that branch scores on that form), θ_k
the inspector's leniency in score points: how much higher an inspection by k comes out than one
by the average inspector at the same branches and forms. A team shares an inspection equally.
The cell effects are absorbed by centring within each cell (Frisch–Waugh–Lovell), so the normal
equations are only as large as the number of inspectors; the constraint is imposed by writing
θ_K = −(θ_1 + … + θ_{K−1}). σ² is the residual mean square on n − cells − (K − 1) degrees of
freedom, Var(θ̂) = σ² C (Z̃ᵀZ̃)⁻¹ Cᵀ with C the constraint matrix, and each interval is
θ̂_k ± t·se_k with the t quantile at 1 − (1 − confidence) / (2K): simultaneous (Bonferroni)
intervals over the K inspectors, so that "every inspector inside their interval" holds at the
stated confidence. An inspector is flagged lenient or strict when their interval excludes 0.

Only comparable inspections inform θ: an inspection counts as a comparison when its cell also
holds an inspection without that inspector. Inspectors with fewer comparisons than asked, or not
linked to the others through shared cells, are reported as not having enough data, and their
inspections are left out of the fit.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bqinspect.analytics.stats import t_quantile

Cell = tuple[str, str]  # (branch, form family)


@dataclass(frozen=True)
class ScoreGroup:
    """The inspections of one cell by one team: how many, their mean score and spread."""

    cell: Cell
    inspectors: frozenset[str]
    count: int
    mean: float
    sum_squares: float  # Σ (y − mean)² within the group


class Verdict(enum.StrEnum):
    LENIENT = "lenient"
    STRICT = "strict"
    IN_LINE = "in_line"


@dataclass(frozen=True)
class Leniency:
    """One inspector's leniency index (score points) with its simultaneous interval."""

    inspector: str
    index: float
    low: float
    high: float
    comparisons: int
    inspections: int

    @property
    def verdict(self) -> Verdict:
        if self.low > 0:
            return Verdict.LENIENT
        if self.high < 0:
            return Verdict.STRICT
        return Verdict.IN_LINE


@dataclass(frozen=True)
class NotEnoughData:
    """An inspector the data cannot compare with the others, and why."""

    inspector: str
    comparisons: int
    inspections: int
    reason: str


@dataclass(frozen=True)
class LeniencyFit:
    inspectors: list[Leniency | NotEnoughData]
    confidence: float
    inspections: int  # inspections in the fit
    cells: int
    degrees_of_freedom: int
    residual_sd: float | None
    critical_t: float | None


def merge(groups: Iterable[ScoreGroup]) -> list[ScoreGroup]:
    """One group per (cell, team): counts, means and sums of squares pooled exactly."""
    pooled: dict[tuple[Cell, frozenset[str]], ScoreGroup] = {}
    for g in groups:
        key = (g.cell, g.inspectors)
        old = pooled.get(key)
        if old is None:
            pooled[key] = g
            continue
        n = old.count + g.count
        mean = (old.count * old.mean + g.count * g.mean) / n
        delta = g.mean - old.mean
        ss = old.sum_squares + g.sum_squares + delta * delta * old.count * g.count / n
        pooled[key] = ScoreGroup(g.cell, g.inspectors, n, mean, ss)
    return list(pooled.values())


def comparisons(groups: Sequence[ScoreGroup]) -> dict[str, int]:
    """Per inspector, their inspections in cells that also hold an inspection without them."""
    by_cell: dict[Cell, list[ScoreGroup]] = defaultdict(list)
    for g in groups:
        by_cell[g.cell].append(g)
    found: dict[str, int] = defaultdict(int)
    for cell_groups in by_cell.values():
        for g in cell_groups:
            for k in g.inspectors:
                if any(k not in other.inspectors for other in cell_groups):
                    found[k] += g.count
    return found


def _inspections(groups: Sequence[ScoreGroup]) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for g in groups:
        for k in g.inspectors:
            found[k] += g.count
    return found


def _largest_component(groups: Sequence[ScoreGroup]) -> set[str]:
    """The inspectors linked to the most inspections through shared teams and cells."""
    parent: dict[str, str] = {}

    def root(k: str) -> str:
        parent.setdefault(k, k)
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first_in_cell: dict[Cell, str] = {}
    for g in groups:
        for k in g.inspectors:
            parent[root(k)] = root(first_in_cell.setdefault(g.cell, k))
    weight: dict[str, int] = defaultdict(int)
    for g in groups:
        weight[root(next(iter(g.inspectors)))] += g.count
    if not weight:
        return set()
    best = max(sorted(weight), key=lambda r: weight[r])
    return {k for k in parent if root(k) == best}


def _inverse(matrix: list[list[float]]) -> list[list[float]] | None:
    """Gauss–Jordan inverse with partial pivoting; None when the matrix is singular."""
    n = len(matrix)
    a = [row[:] + [1.0 if i == j else 0.0 for j in range(n)] for i, row in enumerate(matrix)]
    scale = max((abs(v) for row in matrix for v in row), default=0.0) or 1.0
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-10 * scale:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        p = a[col][col]
        a[col] = [v / p for v in a[col]]
        for r in range(n):
            if r != col and a[r][col] != 0.0:
                f = a[r][col]
                a[r] = [v - f * w for v, w in zip(a[r], a[col], strict=True)]
    return [row[n:] for row in a]


def _select(groups: list[ScoreGroup], min_comparisons: int) -> list[ScoreGroup]:
    """Drop inspectors with too few comparisons until every remaining one has enough."""
    while True:
        found = comparisons(groups)
        weak = {k for k in _inspections(groups) if found.get(k, 0) < min_comparisons}
        if not weak:
            return groups
        groups = [g for g in groups if not g.inspectors & weak]


@dataclass(frozen=True)
class _Estimate:
    effects: dict[str, Leniency]
    residual_sd: float
    critical_t: float


def _estimate(
    groups: list[ScoreGroup], names: list[str], df: int, confidence: float
) -> _Estimate | None:
    """Least squares on the cell-centred design; None when the effects are not identified."""
    last = len(names) - 1
    position = {k: i for i, k in enumerate(names)}

    def design(g: ScoreGroup) -> list[float]:
        x = [0.0] * len(names)
        for k in g.inspectors:
            x[position[k]] = 1.0 / len(g.inspectors)
        return [x[j] - x[last] for j in range(last)]  # θ_K = −Σ θ_j

    by_cell: dict[Cell, list[ScoreGroup]] = defaultdict(list)
    for g in groups:
        by_cell[g.cell].append(g)
    rows: list[tuple[int, list[float], float]] = []
    for cell_groups in by_cell.values():
        n = sum(g.count for g in cell_groups)
        zs = [design(g) for g in cell_groups]
        z_mean = [sum(g.count * z[j] for g, z in zip(cell_groups, zs, strict=True)) / n
                  for j in range(last)]  # fmt: skip
        y_mean = sum(g.count * g.mean for g in cell_groups) / n
        for g, z in zip(cell_groups, zs, strict=True):
            rows.append((g.count, [a - b for a, b in zip(z, z_mean, strict=True)], g.mean - y_mean))
    normal = [[sum(w * z[i] * z[j] for w, z, _ in rows) for j in range(last)] for i in range(last)]
    inverse = _inverse(normal)
    if inverse is None:
        return None
    rhs = [sum(w * z[i] * y for w, z, y in rows) for i in range(last)]
    beta = [sum(inverse[i][j] * rhs[j] for j in range(last)) for i in range(last)]
    rss = sum(
        w * (y - sum(b * v for b, v in zip(beta, z, strict=True))) ** 2 for w, z, y in rows
    ) + sum(g.sum_squares for g in groups)
    sigma2 = rss / df
    theta = [*beta, -sum(beta)]
    variance = [inverse[i][i] for i in range(last)] + [sum(map(sum, inverse))]
    t = t_quantile(1.0 - (1.0 - confidence) / (2 * len(names)), df)
    counted, done = comparisons(groups), _inspections(groups)
    effects = {}
    for k, est, var in zip(names, theta, variance, strict=True):
        half = t * (sigma2 * max(var, 0.0)) ** 0.5
        effects[k] = Leniency(k, est, est - half, est + half, counted[k], done[k])
    return _Estimate(effects, sigma2**0.5, t)


def fit_leniency(
    groups: Iterable[ScoreGroup], *, min_comparisons: int = 5, confidence: float = 0.95
) -> LeniencyFit:
    """Fit the model of the module docstring to per-(cell, team) score groups."""
    pooled = merge(groups)
    counted = comparisons(pooled)
    done = _inspections(pooled)
    selected = _select(pooled, min_comparisons)
    main = _largest_component(selected)
    kept = [g for g in selected if g.inspectors <= main]
    names = sorted(main)
    cells = {g.cell for g in kept}
    n_obs = sum(g.count for g in kept)
    df = n_obs - len(cells) - (len(names) - 1)
    fit = _estimate(kept, names, df, confidence) if len(names) >= 2 and df > 0 else None
    out: list[Leniency | NotEnoughData] = []
    for k in sorted(done):
        if fit is not None and k in fit.effects:
            out.append(fit.effects[k])
            continue
        if k not in _inspections(selected):
            reason = f"fewer than {min_comparisons} comparable inspections"
        elif k not in main:
            reason = "no shared branches and forms with the other inspectors"
        elif len(names) < 2 or df <= 0:
            reason = "too few comparable inspections to fit the model"
        else:
            reason = "effects cannot be told apart (always inspecting in the same teams)"
        out.append(NotEnoughData(k, counted.get(k, 0), done[k], reason))
    return LeniencyFit(
        inspectors=out,
        confidence=confidence,
        inspections=n_obs if fit else 0,
        cells=len(cells) if fit else 0,
        degrees_of_freedom=df if fit else 0,
        residual_sd=fit.residual_sd if fit else None,
        critical_t=fit.critical_t if fit else None,
    )
