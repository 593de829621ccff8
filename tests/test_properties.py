"""Invariants over random valid scenarios (hypothesis).

The strategy builds scenario dicts with every feature switched on or off at
random: a ladder of 0-3 rungs (optional downsell, once or per_period billing),
subscription, repeat purchases, churn with heterogeneity, save offer, loyalty,
fatigue, word of mouth (kept below the validation limit) and uncertain ranges.
Runs are small (200 customers × 5 replicates, horizon ≤ 24) so each example
takes milliseconds. ``derandomize=True``: the same examples every run, in the
spirit of a fixed seed.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import simulate
from simulator.metrics import summarise
from simulator.scenario import Scenario, dump_scenario, load_scenario_text, scenario_from_dict

PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True)
EPS = 1e-9

RATE = st.integers(0, 100).map(lambda k: k / 100)
SMALL_RATE = st.integers(0, 15).map(lambda k: k / 100)
MONEY = st.sampled_from([0.0, 1.0, 9.99, 25.0, 100.0, 497.0, 2000.0])
COST = st.sampled_from([0.0, 0.5, 5.0, 40.0])


def ranged(values: st.SearchStrategy[float]) -> st.SearchStrategy:
    """A fixed value, or sometimes a {low, high} range made of two such values."""
    pair = st.tuples(values, values).map(sorted).map(lambda lh: {"low": lh[0], "high": lh[1]})
    return st.one_of(values, values, pair)


@st.composite
def rungs(draw, index: int) -> dict:
    rung = {
        "name": f"Rung {index + 1}",
        "price": draw(ranged(MONEY)),
        "unit_cost": draw(COST),
        "take_rate": draw(ranged(RATE)),
        "delay": draw(st.integers(0, 6)),
        "billing": draw(st.sampled_from(["once", "per_period"])),
    }
    if draw(st.booleans()):
        rung["downsell"] = {"name": f"Rung {index + 1} lite", "price": draw(MONEY), "take_rate": draw(RATE)}
    return rung


@st.composite
def scenario_dicts(draw, referral: bool = True) -> dict:
    """Plain data for a random valid scenario."""
    data: dict = {
        "name": "Property funnel",
        "horizon": draw(st.integers(1, 24)),
        "periods_per_year": draw(st.sampled_from([1, 4, 12])),
        "discount_rate": draw(st.sampled_from([0.0, 0.1, 0.5])),
        "simulation": {"customers": 200, "replicates": 5, "seed": draw(st.integers(0, 2**32 - 1))},
        "acquisition": {
            "channels": [{"name": "Ads", "cac": draw(ranged(MONEY))}],
            "affiliate_commission": draw(COST),
        },
        "front_end": {"name": "Intro", "price": draw(ranged(MONEY)), "unit_cost": draw(COST)},
        "back_end": [draw(rungs(i)) for i in range(draw(st.integers(0, 3)))],
        "cost_to_serve": draw(COST),
        "retention": {
            "churn": draw(ranged(RATE)),
            "heterogeneity": draw(st.one_of(st.just(0.0), ranged(st.sampled_from([0.0, 0.1, 0.5, 0.9])))),
            "upsell_fatigue": draw(SMALL_RATE),
        },
    }
    if draw(st.booleans()):
        data["subscription"] = {"adoption": draw(RATE), "price": draw(ranged(MONEY)), "unit_cost": draw(COST)}
    if draw(st.booleans()):
        data["repeat_purchase"] = {"rate": draw(RATE), "order_value": draw(MONEY), "margin": draw(RATE)}
    if draw(st.booleans()):
        data["retention"]["save_offer"] = {
            "acceptance": draw(RATE),
            "discount": draw(RATE),
            "max_saves": draw(st.integers(0, 3)),
        }
    if draw(st.booleans()):
        data["retention"]["loyalty_program"] = {"cost_per_member": draw(COST), "churn_reduction": draw(RATE)}
    if draw(st.booleans()):
        data["acquisition"].update(
            buyers_per_period=draw(ranged(st.sampled_from([1.0, 50.0]))),
            periods=draw(st.integers(1, 30)),
            cac_growth=draw(st.sampled_from([-0.1, 0.0, 0.05])),
        )
    if referral and draw(st.booleans()):
        # below the snowball limit: k × expected active periods < 0.95
        lifetime = scenario_from_dict(data).expected_active_periods()
        fraction = draw(st.sampled_from([0.1, 0.5, 0.9]))
        k = math.floor(fraction * 0.95 / lifetime * 1e4) / 1e4
        data["referral"] = {"per_active_customer": min(k, 1.0), "reward": draw(COST)}
    return data


def build(data: dict) -> Scenario:
    return scenario_from_dict(data)


def rung_index(result, name: str) -> int:
    return result.source_names.index(name)


# --------------------------------------------------------------------------
# No NaN, shares in range, identities
# --------------------------------------------------------------------------


def assert_finite_tree(value, path: str = "summary") -> None:
    """Every number in a nested summary dict is finite (None stands for 'not applicable')."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert_finite_tree(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            assert_finite_tree(item, f"{path}[{i}]")
    elif isinstance(value, float):
        assert math.isfinite(value), f"{path} = {value}"


@PROPERTY_SETTINGS
@given(scenario_dicts())
def test_results_are_finite(data):
    result = simulate(build(data))
    for name in (
        "revenue_per_buyer",
        "cost_per_buyer",
        "active_per_buyer",
        "referred_buyers_per_buyer",
        "cac_per_buyer",
        "front_end_margin",
        "funnel_share",
        "customer_values",
        "clv",
        "net_value",
        "front_end_profit",
        "back_end_profit",
        "cumulative_cash",
    ):
        values = getattr(result, name)
        assert np.all(np.isfinite(values)), name
    # ltv_cac is NaN only where CAC is 0 (undefined); payback is +inf only where never reached
    assert np.all(np.isfinite(result.ltv_cac[result.cac_per_buyer > 0]))
    assert not np.any(np.isnan(result.payback_period))
    if result.business is not None:
        assert np.all(np.isfinite(result.business.cumulative_cash))
        assert np.all(result.business.capital_needed >= 0)
    summary = summarise(result).to_dict()
    assert_finite_tree(summary)
    json.dumps(summary, allow_nan=False)  # what the CLI prints must be strict JSON


@PROPERTY_SETTINGS
@given(scenario_dicts())
def test_funnel_shares_within_unit_interval(data):
    scenario = build(data)
    result = simulate(scenario)
    shares = result.funnel_share
    assert np.all(shares >= 0) and np.all(shares <= 1 + EPS)
    np.testing.assert_array_equal(shares[result.funnel_names.index("front_end")], 1.0)
    # each rung is offered only to buyers of the step before (rung or its downsell)
    previous = shares[0]
    for rung in scenario.back_end:
        took = shares[result.funnel_names.index(rung.name)]
        assert np.all(took <= previous + EPS), rung.name
        previous = took
        if rung.downsell is not None:
            previous = previous + shares[result.funnel_names.index(rung.downsell.name)]
            assert np.all(previous <= 1 + EPS)


@PROPERTY_SETTINGS
@given(scenario_dicts(referral=False))
def test_active_share_without_referrals(data):
    """Without word of mouth the active share starts at 1, stays in [0, 1] and never increases."""
    result = simulate(build(data))
    active = result.active_per_buyer
    np.testing.assert_array_equal(active[:, 0], 1.0)
    assert np.all(active >= 0) and np.all(active <= 1 + EPS)
    assert np.all(np.diff(active, axis=1) <= EPS)
    np.testing.assert_array_equal(result.referred_buyers_per_buyer, 0.0)


@PROPERTY_SETTINGS
@given(scenario_dicts())
def test_active_share_with_referrals_counts_everyone(data):
    """With word of mouth, active customers per paid buyer start at 1 (referred buyers join from period 1)
    and never exceed everyone there is: the paid buyer plus every buyer referred over the horizon."""
    result = simulate(build(data))
    active = result.active_per_buyer
    np.testing.assert_array_equal(active[:, 0], 1.0)
    assert np.all(active >= 0)
    assert np.all(result.referred_buyers_per_buyer >= 0)
    assert np.all(active <= 1 + result.referred_buyers_per_buyer[:, None] + EPS)


@PROPERTY_SETTINGS
@given(scenario_dicts())
def test_accounting_identities(data):
    result = simulate(build(data))
    np.testing.assert_allclose(result.clv, result.net_value + result.cac_per_buyer, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(
        result.back_end_profit + result.front_end_profit, result.net_value, rtol=1e-12, atol=1e-6
    )
    np.testing.assert_allclose(
        result.cumulative_cash[:, -1],
        result.revenue_per_buyer.sum(axis=(0, 2)) - result.cost_per_buyer.sum(axis=(0, 2)),
        rtol=1e-9,
        atol=1e-6,
    )
    if data["discount_rate"] == 0:
        # undiscounted, clv is the cash over the horizon before the CAC
        np.testing.assert_allclose(
            result.clv, result.cumulative_cash[:, -1] + result.cac_per_buyer, rtol=1e-9, atol=1e-6
        )
    summary = summarise(result)
    assert summary.metrics["net_value"].mean == pytest.approx(
        summary.metrics["clv"].mean - summary.metrics["cac"].mean, rel=1e-9, abs=1e-6
    )
    assert 0.0 <= summary.prob_profit <= 1.0


@PROPERTY_SETTINGS
@given(scenario_dicts())
def test_round_trip_through_yaml(data):
    scenario = build(data)
    assert load_scenario_text(dump_scenario(scenario)) == scenario


# --------------------------------------------------------------------------
# Monotone effects with common random numbers
# --------------------------------------------------------------------------

MONOTONE_CUSTOMERS, MONOTONE_REPLICATES = 2000, 5


def sampling_slack(per_customer_max: float) -> float:
    """Four standard errors of a difference of two means of values in [0, M] (worst-case variance M²/4).

    Under common random numbers the difference is usually exact; the slack only
    admits sampling noise where the two runs' streams part ways.
    """
    n = MONOTONE_CUSTOMERS * MONOTONE_REPLICATES
    return 4 * math.sqrt(2) * per_customer_max * 0.5 / math.sqrt(n)


@PROPERTY_SETTINGS
@given(scenario_dicts(), st.data())
def test_higher_take_rate_never_lowers_that_rungs_revenue(data, draw):
    if not data["back_end"]:
        data["back_end"] = [{"name": "Rung 1", "price": 100.0, "take_rate": 0.2}]
    i = draw.draw(st.integers(0, len(data["back_end"]) - 1), label="rung")
    low = draw.draw(RATE, label="take rate")
    high = draw.draw(st.integers(int(round(low * 100)), 100).map(lambda k: k / 100), label="higher take rate")
    price = draw.draw(st.sampled_from([10.0, 100.0]), label="price")
    data["back_end"][i].update(take_rate=low, price=price)
    data["simulation"].update(customers=MONOTONE_CUSTOMERS, replicates=MONOTONE_REPLICATES)

    lo_scenario = build(data)
    data["back_end"][i]["take_rate"] = high
    hi_scenario = build(data)
    name = lo_scenario.back_end[i].name
    lo, hi = simulate(lo_scenario), simulate(hi_scenario)
    lo_revenue = lo.revenue_per_buyer[rung_index(lo, name)].sum(axis=1).mean()
    hi_revenue = hi.revenue_per_buyer[rung_index(hi, name)].sum(axis=1).mean()
    periods = 1 if lo_scenario.back_end[i].billing == "once" else lo_scenario.horizon
    assert hi_revenue >= lo_revenue - sampling_slack(price * periods) - EPS, (low, high, lo_revenue, hi_revenue)


@PROPERTY_SETTINGS
@given(scenario_dicts(referral=False), st.data())
def test_more_churn_never_raises_the_active_share(data, draw):
    low = draw.draw(RATE, label="churn")
    high = draw.draw(st.integers(int(round(low * 100)), 100).map(lambda k: k / 100), label="higher churn")
    data["simulation"].update(customers=MONOTONE_CUSTOMERS, replicates=MONOTONE_REPLICATES)
    data["retention"]["churn"] = low
    lo = simulate(build(data))
    data["retention"]["churn"] = high
    hi = simulate(build(data))
    lo_active, hi_active = lo.active_per_buyer.mean(axis=0), hi.active_per_buyer.mean(axis=0)
    worst = int(np.argmax(hi_active - lo_active))
    assert np.all(hi_active <= lo_active + sampling_slack(1.0) + EPS), (
        f"churn {low} -> {high}: active share at period {worst} "
        f"rose from {lo_active[worst]:.4f} to {hi_active[worst]:.4f}"
    )


@PROPERTY_SETTINGS
@given(scenario_dicts(referral=False))
def test_zero_churn_keeps_everyone_active(data):
    data["retention"].update(churn=0.0, upsell_fatigue=0.0)
    result = simulate(build(data))
    np.testing.assert_array_equal(result.active_per_buyer, 1.0)


# --------------------------------------------------------------------------
# Edge values a random strategy on a grid does not reach
# --------------------------------------------------------------------------


@pytest.mark.parametrize("churn", [1e-300, 1e-320, 1e-12, 1 - 1e-12])
def test_extreme_but_valid_churn_runs_cleanly(churn):
    """Any churn in [0, 1] is valid input: the run raises no numerical warnings and stays finite."""
    scenario = scenario_from_dict(
        {
            "name": "Edge churn",
            "horizon": 6,
            "simulation": {"customers": 100, "replicates": 2, "seed": 1},
            "back_end": [{"name": "Offer", "price": 10, "take_rate": 0.5}],
            "subscription": {"price": 5},
            "retention": {"churn": churn, "save_offer": {"acceptance": 0.5}},
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = simulate(scenario)
    assert np.all(np.isfinite(result.clv))
    assert np.all(np.diff(result.active_per_buyer, axis=1) <= EPS)


def test_polarised_churn_runs_cleanly():
    """Mean churn 0.05 at heterogeneity 0.9 is Beta(0.0056, 0.1): about 2% of customers draw a churn
    below 1e-308. A realistic "polarised" setting must still run without numerical warnings."""
    scenario = scenario_from_dict(
        {
            "name": "Polarised",
            "horizon": 24,
            "simulation": {"customers": 1000, "replicates": 5, "seed": 1},
            "subscription": {"price": 10},
            "retention": {"churn": 0.05, "heterogeneity": 0.9},
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = simulate(scenario)
    assert np.all(np.isfinite(result.clv))
