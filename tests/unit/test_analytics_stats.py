"""The statistics helpers against published values and brute-force exact computations."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

import pytest

from bqinspect.analytics.stats import (
    benjamini_hochberg,
    fisher_exact,
    incomplete_beta,
    t_cdf,
    t_quantile,
)


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        (0.975, 1, 12.706204736174707),  # standard t tables
        (0.975, 10, 2.2281388519649385),
        (0.995, 5, 4.032142983557536),
        (0.95, 30, 1.6972608865939574),
    ],
)
def test_t_quantile_matches_tables(p: float, df: float, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-9)
    assert t_quantile(1 - p, df) == pytest.approx(-expected, rel=1e-9)


def test_t_quantile_tends_to_the_normal() -> None:
    z, df = 1.959963984540054, 1e7
    # Cornish–Fisher: t_p = z + (z³ + z) / (4 df) + O(1/df²)
    assert t_quantile(0.975, df) == pytest.approx(z + (z**3 + z) / (4 * df), rel=1e-9)


def test_t_cdf_closed_forms() -> None:
    assert t_cdf(0.0, 7) == pytest.approx(0.5)
    for t in (-3.0, -0.4, 1.0, 2.5, 9.0):
        # one degree of freedom is the Cauchy distribution; two has a closed form too
        assert t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, rel=1e-12)
        assert t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), rel=1e-12)


def test_incomplete_beta_closed_forms() -> None:
    for x in (0.0, 0.1, 0.5, 0.93, 1.0):
        assert incomplete_beta(1, 1, x) == pytest.approx(x)
        assert incomplete_beta(2, 1, x) == pytest.approx(x * x)
        assert incomplete_beta(1, 3, x) == pytest.approx(1 - (1 - x) ** 3)
    with pytest.raises(ValueError):
        incomplete_beta(1, 1, 1.5)


def _fisher_brute(a: int, b: int, c: int, d: int) -> Fraction:
    """Two-sided Fisher p by enumerating every table with the same margins, exactly."""
    r1, c1, n = a + b, a + c, a + b + c + d

    def prob(x: int) -> Fraction:
        return Fraction(math.comb(r1, x) * math.comb(n - r1, c1 - x), math.comb(n, c1))

    observed = prob(a)
    return sum(
        (prob(x) for x in range(max(0, c1 - (n - r1)), min(r1, c1) + 1) if prob(x) <= observed),
        Fraction(0),
    )


def test_fisher_exact_published_values() -> None:
    assert fisher_exact(3, 1, 1, 3) == pytest.approx(0.4857142857142857)  # the lady tasting tea
    assert fisher_exact(1, 9, 11, 3) == pytest.approx(0.0027594561852200836)
    assert fisher_exact(0, 0, 0, 0) == pytest.approx(1.0)


def test_fisher_exact_equals_exact_enumeration() -> None:
    for a, b, c, d in product([0, 1, 4, 9], [0, 2, 7], [1, 3, 12], [0, 5, 8]):
        assert fisher_exact(a, b, c, d) == pytest.approx(float(_fisher_brute(a, b, c, d)))


def test_benjamini_hochberg() -> None:
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # the worked example of Benjamini & Hochberg (1995), fifteen p-values: four rejected at 5 %
    ps = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
          0.4262, 0.5719, 0.6528, 0.7590, 1.0000]  # fmt: skip
    q = benjamini_hochberg(ps)
    assert sum(v <= 0.05 for v in q) == 4
    assert all(0 <= v <= 1 for v in q) and q == sorted(q)
    assert benjamini_hochberg([]) == []
