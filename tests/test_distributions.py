"""Distributions as small objects: closed-form means and intervals, one Beta conversion."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from simulator.distributions import (
    MAX_CONCENTRATION,
    Beta,
    Fixed,
    LogNormal,
    Normal,
    ParameterDraws,
    Triangular,
    Uniform,
    beta_from_mean_heterogeneity,
    from_field,
    mean_heterogeneity_from_beta,
)
from simulator.randomness import Streams
from simulator.scenario import Uncertain

N = 200_000

DISTS = [
    Normal(mu=3.0, sigma=2.0),
    LogNormal(mu=1.0, sigma=0.4),
    Uniform(low=-1.0, high=5.0),
    Triangular(low=0.0, mode=1.0, high=4.0),
    Beta(alpha=2.0, beta=5.0),
    Beta(alpha=2.0, beta=2.0, low=10.0, high=30.0),
    Beta.from_mean_heterogeneity(0.3, 0.2),
]


@pytest.mark.parametrize("dist", DISTS, ids=lambda d: type(d).__name__)
def test_sample_mean_matches_the_closed_form(dist):
    x = dist.sample(N, np.random.default_rng(1))
    se = x.std(ddof=1) / math.sqrt(N)
    assert abs(x.mean() - dist.mean()) < 4 * se


@pytest.mark.parametrize("dist", DISTS, ids=lambda d: type(d).__name__)
def test_interval_holds_its_share_of_draws(dist):
    x = dist.sample(N, np.random.default_rng(2))
    lo, hi = dist.interval(0.9)
    inside = np.mean((x >= lo) & (x <= hi))
    assert abs(inside - 0.9) < 4 * math.sqrt(0.9 * 0.1 / N)
    assert dist.interval(0.5)[0] > lo and dist.interval(0.5)[1] < hi


@pytest.mark.parametrize(
    "value, kind",
    [
        (Uncertain(low=-0.1, high=0.2, dist="normal"), "growth"),
        (Uncertain(low=20, high=80), "money"),  # lognormal by default
        (Uncertain(low=5, high=9, dist="lognormal"), "count"),
        (Uncertain(low=0, high=40), "money"),  # normal (clipped at 0) where low is 0
    ],
)
def test_interval_is_the_scenarios_90_percent_interval(value, kind):
    lo, hi = from_field(value, kind).interval(0.9)
    assert lo == pytest.approx(value.low, abs=1e-9) and hi == pytest.approx(value.high)


def test_a_rate_range_is_a_beta_close_to_its_interval():
    """Rates get a moment-matched Beta: mean the midpoint, 90% interval close to low..high."""
    dist = from_field(Uncertain(low=0.2, high=0.35), "rate")
    assert isinstance(dist, Beta)
    assert dist.mean() == pytest.approx(0.275)
    lo, hi = dist.interval(0.9)
    assert lo == pytest.approx(0.2, abs=0.005) and hi == pytest.approx(0.35, abs=0.005)


def test_support_shapes_stay_in_their_support():
    for value in (Uncertain(low=2, high=6, dist="uniform"), Uncertain(low=2, high=6, dist="triangular", mode=3)):
        dist = from_field(value, "money")
        lo, hi = dist.interval(0.9)
        assert 2 < lo < hi < 6
        x = dist.sample(1000, np.random.default_rng(0))
        assert x.min() >= 2 and x.max() <= 6
    assert from_field(Uncertain(low=2, high=6, dist="uniform"), "money").interval(0.9) == pytest.approx((2.2, 5.8))


def test_fixed_numbers_are_fixed():
    dist = from_field(4.0, "money")
    assert isinstance(dist, Fixed) and dist.mean() == 4.0 and dist.interval() == (4.0, 4.0)
    assert isinstance(from_field(Uncertain(low=3, high=3), "money"), Fixed)
    assert from_field(None, "rate", default=0.5).mean() == 0.5


def test_draws_are_clipped_to_the_fields_bounds():
    x = from_field(Uncertain(low=0, high=40), "money").sample(10_000, np.random.default_rng(0))
    assert x.min() == 0.0
    x = from_field(Uncertain(low=-0.4, high=0.9, dist="normal"), "growth").sample(10_000, np.random.default_rng(0))
    assert x.min() >= -0.5 and x.max() <= 1.0


def test_describe_is_data():
    for dist in DISTS + [Fixed(value=2.0), from_field(Uncertain(low=20, high=80), "money")]:
        d = dist.describe()
        assert d["dist"] == type(dist).__name__.lower()
        json.dumps(d, allow_nan=False)
    d = from_field(Uncertain(low=20, high=80), "money").describe()
    assert d["interval90"] == pytest.approx([20, 80]) and d["bounds"][0] == 0


def test_beta_conversion_round_trips():
    m = np.array([0.01, 0.07, 0.5, 0.93])
    h = np.array([0.001, 0.3, 0.5, 0.99])
    a, b = beta_from_mean_heterogeneity(m, h)
    m2, h2 = mean_heterogeneity_from_beta(a, b)
    np.testing.assert_allclose(m2, m, rtol=1e-12)
    np.testing.assert_allclose(h2, h, rtol=1e-12)
    a2, b2 = beta_from_mean_heterogeneity(*mean_heterogeneity_from_beta(2.5, 7.0))
    assert (a2, b2) == pytest.approx((2.5, 7.0))
    assert isinstance(a2, float)


def test_no_heterogeneity_is_a_point_mass():
    a, b = beta_from_mean_heterogeneity(0.2, 0.0)
    assert a + b == pytest.approx(MAX_CONCENTRATION)
    assert Beta.from_mean_heterogeneity(0.2, 0.3).heterogeneity() == pytest.approx(0.3)


def test_fixed_inputs_draw_nothing():
    root = np.random.SeedSequence(3)
    d = ParameterDraws(5, Streams(root))
    assert np.array_equal(d(2.0, "money", "a"), np.full(5, 2.0))
    first = d(Uncertain(low=1, high=2), "money", "a")
    again = d(Uncertain(low=1, high=2), "money", "a")
    assert np.array_equal(first, again)  # the key, not the call order, decides
    assert not np.array_equal(first, d(Uncertain(low=1, high=2), "money", "b"))
