"""The engine against the reference model (``bench/reference.py``): a per-customer, per-period Python loop.

At the same seed both see the same per-replicate inputs and differ only by the per-customer chance,
so each statistic's per-replicate difference (engine − reference) has mean 0 when the two models
agree in distribution; its z-score is mean / (sd / √replicates) over replicates. Compared, on the
all-features scenario (every feature on): net value per buyer, each source's revenue and cost,
the active share at several periods, the funnel's shares, referred buyers per buyer.

The check must be able to fail: a reference with one feature dropped (the save offer, upsell fatigue,
heterogeneity of churn, the downsell, repeat orders, word of mouth) is told apart, by more than twice
the agreement's bound. (Dropping the loyalty programme's 10% churn reduction shifts the active
share by about 6 SE at this size: seen, but not by that margin, so it is not among them.)
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.reference import simulate_reference
from conftest import ALL_FEATURES
from simulator.engine import simulate
from simulator.scenario import load_scenario, scenario_from_dict, scenario_to_dict

CUSTOMERS, REPLICATES, SEED = 1_500, 10, 11
AGREE = 4.5
"""Largest |z| tolerated over all the statistics compared (about 40: a false alarm is rarer than 1 in 10,000)."""


@pytest.fixture(scope="module")
def scenario():
    data = scenario_to_dict(load_scenario(ALL_FEATURES))
    data["horizon"] = 36  # every rung is offered by period 9; shorter lives keep the Python loop quick
    return scenario_from_dict(data)


@pytest.fixture(scope="module")
def engine(scenario):
    return simulate(scenario, rng=SEED, customers=CUSTOMERS, replicates=REPLICATES)


def _z(diff: np.ndarray) -> float:
    """z-score of the mean of per-replicate differences; 0 when they are all 0 (a deterministic statistic)."""
    m, sd = float(diff.mean()), float(diff.std(ddof=1))
    if sd == 0.0:
        return 0.0 if abs(m) < 1e-9 else np.inf
    return m / (sd / np.sqrt(diff.size))


def statistics(e, r) -> dict[str, float]:
    """z-score of engine − reference for each statistic compared."""
    out = {"net_value": _z(e.net_value - r.net_value),
           "referred": _z(e.referred_buyers_per_buyer - r.referred_buyers_per_buyer)}
    for i, key in enumerate(e.source_keys):
        out[f"revenue {key}"] = _z(e.revenue_per_buyer[i].sum(axis=1) - r.revenue_per_buyer[i].sum(axis=1))
        out[f"cost {key}"] = _z(e.cost_per_buyer[i].sum(axis=1) - r.cost_per_buyer[i].sum(axis=1))
    for t in (1, 2, 3, 6, 9, 12, 24, 35):
        out[f"active {t}"] = _z(e.active_per_buyer[:, t] - r.active_per_buyer[:, t])
    for k, key in enumerate(e.funnel_keys):
        out[f"funnel {key}"] = _z(e.funnel_share[k] - r.funnel_share[k])
    return out


def test_engine_agrees_with_the_reference_in_distribution(scenario, engine):
    ref = simulate_reference(scenario, rng=SEED, customers=CUSTOMERS, replicates=REPLICATES)
    assert ref.source_keys == engine.source_keys and ref.funnel_keys == engine.funnel_keys
    np.testing.assert_array_equal(ref.cac_per_buyer, engine.cac_per_buyer)  # the same replicates' inputs
    z = statistics(engine, ref)
    worst = max(z, key=lambda k: abs(z[k]))
    assert abs(z[worst]) < AGREE, f"{worst}: z = {z[worst]:.1f}"
    # and the comparison is not vacuous: the statistics carry signal (the models are not empty)
    assert engine.active_per_buyer[:, 12].mean() > 0.5 and ref.funnel_share[1].mean() > 0.2


@pytest.mark.parametrize("feature", ["save_offer", "fatigue", "heterogeneity", "downsell", "repeat", "referrals"])
def test_a_reference_without_one_feature_disagrees(scenario, engine, feature):
    broken = simulate_reference(scenario, rng=SEED, customers=CUSTOMERS, replicates=REPLICATES, drop=(feature,))
    z = statistics(engine, broken)
    worst = max(z, key=lambda k: abs(z[k]))
    assert abs(z[worst]) > 2 * AGREE, f"dropping {feature} went unnoticed (largest |z| {z[worst]:.1f}, {worst})"
