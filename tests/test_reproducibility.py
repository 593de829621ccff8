"""Randomness: same seed, same numbers; different seeds, different numbers; more replicates, tighter means."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from conftest import ALL_FEATURES, assert_share_within, build_scenario, mean_and_se

from simulator.engine import simulate
from simulator.scenario import load_scenario

ARRAYS = (
    "revenue_per_buyer",
    "cost_per_buyer",
    "active_per_buyer",
    "referred_buyers_per_buyer",
    "cac_per_buyer",
    "front_end_margin",
    "funnel_share",
    "customer_values",
    "clv",
    "cumulative_cash",
)


@pytest.fixture(scope="module")
def all_features():
    """Every engine feature switched on (uncertain inputs included)."""
    return load_scenario(ALL_FEATURES)


def assert_same_result(a, b) -> None:
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.funnel_names == b.funnel_names and a.source_names == b.source_names


def test_same_seed_gives_identical_arrays(all_features):
    a = simulate(all_features, seed=5, customers=300, replicates=6)
    b = simulate(all_features, seed=5, customers=300, replicates=6)
    assert_same_result(a, b)
    assert a.seed == b.seed == 5


def test_seed_and_rng_are_the_same_stream(all_features):
    """``seed=n`` is shorthand for ``rng=np.random.default_rng(n)``."""
    a = simulate(all_features, seed=9, customers=200, replicates=4)
    b = simulate(all_features, rng=np.random.default_rng(9), customers=200, replicates=4)
    assert_same_result(a, b)


def test_scenario_seed_is_the_default(all_features):
    a = simulate(all_features, customers=200, replicates=4)
    b = simulate(all_features, seed=all_features.simulation.seed, customers=200, replicates=4)
    assert_same_result(a, b)
    assert a.seed == all_features.simulation.seed


def test_scenario_size_is_the_default():
    scenario = build_scenario(simulation={"customers": 123, "replicates": 7, "seed": 2}, retention={"churn": 0.1})
    result = simulate(scenario)
    assert (result.customers, result.replicates, result.seed) == (123, 7, 2)
    assert result.active_per_buyer.shape == (7, scenario.horizon)


def test_unseeded_run_records_a_seed_that_reproduces_it():
    """``seed: null`` means "pick one": the result must still record the seed it used (STYLE: record the seed)."""
    scenario = build_scenario(simulation={"seed": None}, retention={"churn": 0.2}, subscription={"price": 10})
    result = simulate(scenario, customers=200, replicates=4)
    assert result.seed is not None, "an unseeded run cannot be repeated"
    assert_same_result(result, simulate(scenario, seed=result.seed, customers=200, replicates=4))


def test_recorded_seed_reproduces_a_generator_run(all_features):
    """Given ``rng=default_rng(n)`` the engine records n, and re-running with it gives identical arrays."""
    result = simulate(all_features, rng=np.random.default_rng(987), customers=200, replicates=4)
    assert result.seed == 987
    assert_same_result(result, simulate(all_features, rng=result.seed, customers=200, replicates=4))


def test_an_int_rng_is_a_seed(all_features):
    a = simulate(all_features, rng=13, customers=200, replicates=4)
    assert a.seed == 13
    assert_same_result(a, simulate(all_features, seed=13, customers=200, replicates=4))


def test_seed_and_rng_together_are_refused(all_features):
    with pytest.raises(TypeError, match="not both"):
        simulate(all_features, rng=np.random.default_rng(1), seed=999, customers=50, replicates=2)
    with pytest.raises(TypeError):
        simulate(all_features, seed=np.random.default_rng(1), customers=50, replicates=2)


def test_a_generator_with_no_known_seed_records_none(all_features):
    """A generator already spawned from (or from a non-int seed) has no int seed that reproduces the run."""
    rng = np.random.default_rng(5)
    first = simulate(all_features, rng=rng, customers=100, replicates=2)
    second = simulate(all_features, rng=rng, customers=100, replicates=2)
    assert first.seed == 5 and second.seed is None
    assert not np.array_equal(first.clv, second.clv), "two runs given one Generator must draw afresh"
    assert simulate(all_features, rng=np.random.default_rng([1, 2]), customers=100, replicates=2).seed is None


def test_global_random_state_is_not_used(all_features):
    """The engine neither reads nor moves NumPy's global random state."""
    a = simulate(all_features, seed=4, customers=200, replicates=4)
    state = np.random.get_state()[1].copy()
    np.random.random(1000)  # disturb the legacy global stream: the engine must not care
    b = simulate(all_features, seed=4, customers=200, replicates=4)
    assert_same_result(a, b)
    before = np.random.get_state()[1].copy()
    simulate(all_features, seed=4, customers=200, replicates=4)
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    assert not np.array_equal(state, before)


def test_different_seeds_differ(all_features):
    a = simulate(all_features, seed=1, customers=300, replicates=6)
    b = simulate(all_features, seed=2, customers=300, replicates=6)
    assert not np.array_equal(a.clv, b.clv)
    assert not np.array_equal(a.active_per_buyer, b.active_per_buyer)
    assert not np.array_equal(a.customer_values, b.customer_values)


def test_replicates_converge(all_features):
    """Mean clv with 50 and 400 replicates agree within their SEs; the SE shrinks like 1/sqrt(R)."""
    small = simulate(all_features, seed=21, customers=200, replicates=50)
    large = simulate(all_features, seed=22, customers=200, replicates=400)
    m50, se50 = mean_and_se(small.clv)
    m400, se400 = mean_and_se(large.clv)
    assert abs(m50 - m400) <= 4 * math.hypot(se50, se400)
    # sqrt(400 / 50) = 2.83; the sample sds themselves are uncertain by ~10%
    assert 2.0 < se50 / se400 < 4.0


def test_customers_shrink_sampling_noise():
    """Without parameter uncertainty the spread across replicates is pure sampling: sd ~ 1/sqrt(customers)."""
    scenario = build_scenario(horizon=12, subscription={"price": 10}, retention={"churn": 0.1})
    few = simulate(scenario, seed=23, customers=250, replicates=60)
    many = simulate(scenario, seed=24, customers=4000, replicates=60)
    ratio = few.clv.std(ddof=1) / many.clv.std(ddof=1)  # sqrt(16) = 4
    assert 2.5 < ratio < 6.0


def test_large_run_is_chunked_and_still_right():
    """customers ≥ 2**18 takes the chunked path; the shares still match their closed forms."""
    customers, p, take = 300_000, 0.2, 0.3
    scenario = build_scenario(
        horizon=6,
        retention={"churn": p},
        back_end=[{"name": "Course", "price": 100, "take_rate": take, "delay": 2}],
    )
    fractions: list[float] = []
    result = simulate(scenario, seed=25, customers=customers, replicates=1, progress=fractions.append)
    assert result.customers == customers
    assert fractions and fractions[-1] == pytest.approx(1.0)
    assert fractions == sorted(fractions)
    for t in range(1, 6):
        assert_share_within(float(result.active_per_buyer[0, t]), (1 - p) ** t, customers, label=f"active share t={t}")
    share = float(result.funnel_share[result.funnel_names.index("Course"), 0])
    assert_share_within(share, take * (1 - p) ** 2, customers, label="rung share")
    assert np.all(np.isfinite(result.clv))
    assert result.customer_values.size > 0


def test_chunked_run_is_reproducible():
    scenario = build_scenario(horizon=4, retention={"churn": 0.3}, subscription={"price": 5})
    a = simulate(scenario, seed=26, customers=2**18 + 10, replicates=1)
    b = simulate(scenario, seed=26, customers=2**18 + 10, replicates=1)
    assert_same_result(a, b)


def test_memory_is_bounded_by_chunking(all_features):
    """Four times the customers must not need four times the memory: chunks bound the working set."""

    def peak_bytes(customers: int) -> int:
        tracemalloc.start()
        try:
            simulate(all_features, seed=27, customers=customers, replicates=1)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak_bytes(300_000), peak_bytes(1_200_000)
    assert large < 2 * small, f"peak {large / 1e6:.0f} MB for 1.2M customers vs {small / 1e6:.0f} MB for 300k"


def test_a_null_seed_means_a_fresh_recorded_seed_in_the_engine_the_report_and_the_app():
    """``seed: null``: every interface draws a fresh seed and records it, and the recorded seed reproduces the run."""
    from presentation import levers
    from presentation.report import prepare_report
    from simulator.scenario import load_scenario_text

    s = load_scenario_text("name: x\nfront_end: {name: f, price: 10}\nretention: {churn: {low: 0.05, high: 0.2}}\n"
                           "simulation: {customers: 200, replicates: 20, seed: null}\n")
    first, second = simulate(s), simulate(s)
    assert first.seed is not None and second.seed is not None and first.seed != second.seed
    again = simulate(s, rng=first.seed)
    assert np.array_equal(again.active_per_buyer, first.active_per_buyer)
    seeded = levers.with_seed(s)  # the app: drawn once at load, written into the scenario
    assert seeded.simulation.seed is not None and levers.effective_seed(seeded) == seeded.simulation.seed
    assert levers.with_seed(seeded) is seeded
    assert prepare_report(s, customers=200, replicates=20).parts[0].result.seed is not None
