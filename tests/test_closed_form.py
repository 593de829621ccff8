"""Monte Carlo estimates against closed-form expectations, at fixed seeds.

Each test simulates a scenario simple enough to have a formula and checks the
replicate mean is within four standard errors of it, the standard error coming
from the spread across replicates (or from binomial variance for shares). No
expected float here depends on NumPy's random streams.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import assert_share_within, assert_within_se, build_scenario, mean_and_se

from simulator.distributions import draw
from simulator.engine import simulate
from simulator.metrics import summarise
from simulator.params import draw_parameters
from simulator.scenario import Uncertain

def betaln(a: float, b: float) -> float:
    """log B(a, b) from log-gamma."""
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


CHECKPOINTS = np.array([1, 2, 3, 5, 8, 13, 21, 34, 55])
"""Periods at which per-period curves are compared (a few cells, so four SEs stay a strict test)."""


def source(result, name: str) -> np.ndarray:
    """(R, H) revenue per paid buyer of one source."""
    return result.revenue_per_buyer[result.source_names.index(name)]


def source_cost(result, name: str) -> np.ndarray:
    """(R, H) cost per paid buyer of one source."""
    return result.cost_per_buyer[result.source_names.index(name)]


def funnel(result) -> dict[str, float]:
    return dict(zip(result.funnel_names, result.funnel_share.mean(axis=1)))


# --------------------------------------------------------------------------
# Survival
# --------------------------------------------------------------------------


def test_geometric_survival():
    """Constant churn p: the share still active at period t is (1 - p)^t."""
    p, horizon = 0.15, 24
    result = simulate(build_scenario(horizon=horizon, retention={"churn": p}), seed=11, customers=2000, replicates=30)
    t = CHECKPOINTS[CHECKPOINTS < horizon]
    assert np.all(result.active_per_buyer[:, 0] == 1.0)
    assert_within_se(result.active_per_buyer[:, t], (1 - p) ** t, label="active share")


def sbg_survival(alpha: float, beta: float, t: np.ndarray) -> np.ndarray:
    """Shifted-beta-geometric survival S(t) = B(α, β + t) / B(α, β) (Fader & Hardie 2007, eq. 7)."""
    return np.array([math.exp(betaln(alpha, beta + k) - betaln(alpha, beta)) for k in t])


@pytest.mark.parametrize(("churn", "heterogeneity"), [(0.1, 0.3), (0.3, 0.6)])
def test_shifted_beta_geometric_survival(churn, heterogeneity):
    """Heterogeneous churn ~ Beta(α, β), α + β = 1/φ - 1, α = m (α + β): survival follows the sBG curve."""
    horizon = 24
    total = 1 / heterogeneity - 1
    alpha, beta = churn * total, (1 - churn) * total
    scenario = build_scenario(horizon=horizon, retention={"churn": churn, "heterogeneity": heterogeneity})
    result = simulate(scenario, seed=12, customers=3000, replicates=30)
    t = np.array([1, 2, 3, 6, 12, 23])
    expected = sbg_survival(alpha, beta, t)
    assert_within_se(result.active_per_buyer[:, t], expected, label="sBG active share")
    # heterogeneity visibly flattens the curve: the geometric law at the same mean churn is far below by t = 12
    mean, se = mean_and_se(result.active_per_buyer[:, 12])
    assert mean - 4 * se > (1 - churn) ** 12


def test_churn_beta_given_directly():
    """``churn_beta: {alpha, beta}`` gives the same sBG survival curve."""
    alpha, beta, horizon = 1.5, 6.0, 18
    scenario = build_scenario(horizon=horizon, retention={"churn_beta": {"alpha": alpha, "beta": beta}})
    result = simulate(scenario, seed=13, customers=3000, replicates=30)
    t = CHECKPOINTS[CHECKPOINTS < horizon]
    assert_within_se(result.active_per_buyer[:, t], sbg_survival(alpha, beta, t), label="churn_beta active share")


# --------------------------------------------------------------------------
# Lifetime value
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("periods_per_year", "discount_rate"), [(12, 0.2), (1, 0.1)])
def test_constant_retention_lifetime_value(periods_per_year, discount_rate):
    """Subscription P per active period, churn p, factor δ: E[clv] = P Σ_{t<H} ((1 - p) δ)^t."""
    price, p, horizon = 30.0, 0.05, 36
    scenario = build_scenario(
        horizon=horizon,
        periods_per_year=periods_per_year,
        discount_rate=discount_rate,
        subscription={"price": price},
        retention={"churn": p},
    )
    delta = scenario.period_discount_factor
    assert delta == pytest.approx((1 + discount_rate) ** (-1 / periods_per_year))
    result = simulate(scenario, seed=14, customers=2000, replicates=30)
    expected = price * sum(((1 - p) * delta) ** t for t in range(horizon))
    assert_within_se(result.clv, expected, label="clv")
    assert_within_se(result.net_value, expected, label="net value (no CAC)")


def test_peter_case():
    """CAC 500, front end 500, rungs 1000 and 1500 at 80% / 80%, no churn, no discounting.

    clv = 500 + 0.8 × 1000 + 0.8 × 0.8 × 1500 = 2260 and net value = 1760.
    """
    scenario = build_scenario(
        name="Peter's English school",
        acquisition={"channels": [{"name": "Referral partners", "share": 1.0, "cac": 500}]},
        front_end={"name": "Intro course", "price": 500},
        back_end=[
            {"name": "Intermediate course", "price": 1000, "take_rate": 0.8, "delay": 1},
            {"name": "Advanced course", "price": 1500, "take_rate": 0.8, "delay": 1},
        ],
    )
    customers, replicates = 2000, 20
    result = simulate(scenario, seed=15, customers=customers, replicates=replicates)
    assert_within_se(result.clv, 2260.0, label="clv")
    assert_within_se(result.net_value, 1760.0, label="net value")
    np.testing.assert_allclose(result.cac_per_buyer, 500.0)
    np.testing.assert_allclose(result.front_end_profit, 0.0)
    assert_within_se(result.back_end_profit, 1760.0, label="back-end profit")
    shares = funnel(result)
    assert shares["front_end"] == 1.0
    assert_share_within(shares["Intermediate course"], 0.8, customers * replicates, label="first rung")
    assert_share_within(shares["Advanced course"], 0.64, customers * replicates, label="second rung")
    # the sale happens in the offer period: rung 1 at period 1, rung 2 at period 2
    assert_within_se(source(result, "Intermediate course")[:, 1], 800.0)
    assert_within_se(source(result, "Advanced course")[:, 2], 960.0)
    # cumulative cash is 0 right after the front-end sale, so the CAC is paid back in period 0
    np.testing.assert_array_equal(result.payback_period, 0.0)


def test_peter_case_everyone_buys():
    """With take rates of 1 there is no chance left: clv is exactly 500 + 1000 + 1500."""
    scenario = build_scenario(
        acquisition={"channels": [{"name": "Partners", "cac": 500}]},
        front_end={"name": "Intro", "price": 500},
        back_end=[
            {"name": "Intermediate", "price": 1000, "take_rate": 1.0},
            {"name": "Advanced", "price": 1500, "take_rate": 1.0},
        ],
    )
    result = simulate(scenario, seed=16)
    np.testing.assert_allclose(result.clv, 3000.0)
    np.testing.assert_allclose(result.net_value, 2500.0)


def saved_active_share(p: float, acceptance: float, max_saves: int, t: np.ndarray) -> np.ndarray:
    """P(active at period t) with a save offer.

    Churn events arrive at each boundary with probability p; the customer is
    still active after j events iff each was saved (probability a^j) and j is at
    most max_saves: Σ_{j ≤ m} C(t, j) (a p)^j (1 - p)^(t - j).
    """

    def share(k: int) -> float:
        return sum(math.comb(k, j) * (acceptance * p) ** j * (1 - p) ** (k - j) for j in range(min(k, max_saves) + 1))

    return np.array([share(int(k)) for k in t])


@pytest.mark.parametrize("max_saves", [1, 2])
def test_save_offer_lengthens_expected_lifetime(max_saves):
    """Churn p, acceptance a: E[active periods] = Σ_t P(active at t); about (1/p)(1 + a) for one save."""
    p, acceptance, horizon = 0.1, 0.5, 60
    scenario = build_scenario(
        horizon=horizon,
        retention={"churn": p, "save_offer": {"acceptance": acceptance, "max_saves": max_saves}},
    )
    result = simulate(scenario, seed=17, customers=3000, replicates=30)
    expected = saved_active_share(p, acceptance, max_saves, np.arange(horizon))
    t = CHECKPOINTS[CHECKPOINTS < horizon]
    assert_within_se(result.active_per_buyer[:, t], expected[t], label="active share with saves")
    lifetime = result.active_per_buyer.sum(axis=1)
    assert_within_se(lifetime, expected.sum(), label="expected active periods")
    if max_saves == 1:  # the horizon is long enough for the infinite-horizon value to be close
        assert expected.sum() == pytest.approx((1 / p) * (1 + acceptance), rel=0.01)


def test_save_offer_over_a_long_horizon():
    """600 periods at p = 0.1: truncation is negligible and E[active periods] = (1/p)(1 + a)."""
    p, acceptance = 0.1, 0.4
    scenario = build_scenario(horizon=600, retention={"churn": p, "save_offer": {"acceptance": acceptance}})
    result = simulate(scenario, seed=18, customers=2000, replicates=30)
    assert_within_se(result.active_per_buyer.sum(axis=1), (1 + acceptance) / p, label="expected active periods")


def test_save_offer_discounts_recurring_price():
    """After a save the subscription bills price × (1 - discount)."""
    price, p, acceptance, discount, horizon = 20.0, 0.1, 0.6, 0.25, 30
    scenario = build_scenario(
        horizon=horizon,
        subscription={"price": price},
        retention={"churn": p, "save_offer": {"acceptance": acceptance, "discount": discount, "max_saves": 1}},
    )
    result = simulate(scenario, seed=19, customers=3000, replicates=30)
    t = CHECKPOINTS[CHECKPOINTS < horizon]
    never_saved = (1 - p) ** t
    saved_once = saved_active_share(p, acceptance, 1, t) - never_saved
    expected = price * (never_saved + (1 - discount) * saved_once)
    assert_within_se(source(result, "subscription")[:, t], expected, label="subscription revenue")


def test_save_offer_discounts_per_period_upgrades():
    """A per_period plan also bills price × (1 - discount) once its customer has been saved (before or after)."""
    price, p, acceptance, discount, offer, horizon = 40.0, 0.1, 0.6, 0.5, 3, 24
    take = 0.5
    scenario = build_scenario(
        horizon=horizon,
        back_end=[{"name": "Plan", "price": price, "take_rate": take, "delay": offer, "billing": "per_period"}],
        retention={"churn": p, "save_offer": {"acceptance": acceptance, "discount": discount, "max_saves": 1}},
    )
    result = simulate(scenario, seed=39, customers=3000, replicates=30)
    t = CHECKPOINTS[(CHECKPOINTS >= offer) & (CHECKPOINTS < horizon)]
    never_saved = (1 - p) ** t
    saved_once = saved_active_share(p, acceptance, 1, t) - never_saved
    expected = take * price * (never_saved + (1 - discount) * saved_once)
    assert_within_se(source(result, "Plan")[:, t], expected, label="plan revenue with saves")


@pytest.mark.parametrize(
    "back_end",
    [[], [{"name": "Upsell", "price": 10, "take_rate": 0.5, "delay": 1}]],
    ids=["no ladder", "rung at period 1"],
)
def test_save_offer_with_certain_churn(back_end):
    """Churn 1, every leaver accepts one save: active in periods 0 and 1, gone from period 2.

    Nothing here is random, so the shares are exact, whatever the ladder.
    """
    scenario = build_scenario(
        horizon=6,
        back_end=back_end,
        retention={"churn": 1.0, "save_offer": {"acceptance": 1.0, "max_saves": 1}},
    )
    result = simulate(scenario, seed=20, customers=100, replicates=2)
    np.testing.assert_array_equal(result.active_per_buyer, np.tile([1.0, 1.0, 0, 0, 0, 0], (2, 1)))


# --------------------------------------------------------------------------
# Word of mouth
# --------------------------------------------------------------------------


@pytest.mark.parametrize("reward", [0.0, 5.0])
def test_referral_multiplier(reward):
    """k referrals per active period, churn p: K = k/p, referred = K/(1-K), total value × 1/(1-K).

    Every buyer (paid or referred) is worth P/p and refers K buyers in turn, each
    costing ``reward``: clv = (P/p - reward × K) / (1 - K).
    """
    price, p, k, horizon = 10.0, 0.1, 0.04, 300
    big_k = k / p
    scenario = build_scenario(
        horizon=horizon,
        subscription={"price": price},
        retention={"churn": p},
        referral={"per_active_customer": k, "reward": reward},
    )
    result = simulate(scenario, seed=21, customers=2000, replicates=30)
    assert_within_se(result.referred_buyers_per_buyer, big_k / (1 - big_k), label="referred buyers")
    assert_within_se(result.clv, (price / p - reward * big_k) / (1 - big_k), label="clv with referrals")
    assert_within_se(result.active_per_buyer.sum(axis=1), (1 / p) / (1 - big_k), label="active periods, all buyers")
    np.testing.assert_allclose(
        source_cost(result, "referrals").sum(axis=1) - reward * result.referred_buyers_per_buyer,
        0.0,
        atol=1e-9,
        err_msg="referred buyers cost nothing here but their reward",
    )

    without = simulate(scenario.model_copy(update={"referral": None}), seed=21, customers=2000, replicates=30)
    assert_within_se(without.clv, price / p, label="clv without referrals")
    np.testing.assert_array_equal(without.referred_buyers_per_buyer, 0.0)


def test_referred_buyers_start_next_period():
    """Referred buyers enter a period after their referrer was active: none at period 0."""
    k = 0.1
    scenario = build_scenario(horizon=2, referral={"per_active_customer": k})
    result = simulate(scenario, seed=22, customers=5000, replicates=30)
    np.testing.assert_array_equal(result.active_per_buyer[:, 0], 1.0)
    assert_within_se(result.active_per_buyer[:, 1], 1 + k, label="active per paid buyer at period 1")
    assert_within_se(result.referred_buyers_per_buyer, k, label="referred buyers")


# --------------------------------------------------------------------------
# Repeat purchases, ladder, billing, fatigue, loyalty
# --------------------------------------------------------------------------


@pytest.mark.parametrize("discount_rate", [0.0, 0.3])
def test_repeat_purchases(discount_rate):
    """Rate q, order value v, margin g, churn p: clv = v g q Σ_{t=1}^{H-1} ((1-p) δ)^t."""
    q, v, g, p, horizon = 0.3, 50.0, 0.4, 0.08, 24
    scenario = build_scenario(
        horizon=horizon,
        discount_rate=discount_rate,
        repeat_purchase={"rate": q, "order_value": v, "margin": g},
        retention={"churn": p},
    )
    delta = scenario.period_discount_factor
    result = simulate(scenario, seed=23, customers=2000, replicates=30)
    expected = v * g * q * sum(((1 - p) * delta) ** t for t in range(1, horizon))
    assert_within_se(result.clv, expected, label="clv from repeat orders")
    revenue = source(result, "repeat_orders")
    np.testing.assert_array_equal(revenue[:, 0], 0.0, err_msg="no repeat orders in period 0")
    t = CHECKPOINTS[CHECKPOINTS < horizon]
    assert_within_se(revenue[:, t], v * q * (1 - p) ** t, label="order revenue")


def test_downsell_and_funnel_shares():
    """Take 0.3, downsell 0.5 to the 70% who decline: shares 0.3 and 0.35; rung 2 goes to the 65% who bought."""
    customers, replicates = 4000, 10
    scenario = build_scenario(
        horizon=6,
        back_end=[
            {
                "name": "Course",
                "price": 100,
                "take_rate": 0.3,
                "downsell": {"name": "Course lite", "price": 40, "unit_cost": 4, "take_rate": 0.5},
            },
            {"name": "Coaching", "price": 200, "take_rate": 0.5},
        ],
    )
    result = simulate(scenario, seed=24, customers=customers, replicates=replicates)
    shares = funnel(result)
    trials = customers * replicates
    assert list(shares) == ["front_end", "Course", "Course lite", "Coaching"]
    assert_share_within(shares["Course"], 0.3, trials, label="rung")
    assert_share_within(shares["Course lite"], 0.35, trials, label="downsell")
    assert_share_within(shares["Coaching"], 0.5 * 0.65, trials, label="second rung")
    # money arrives in the offer period (delay 1 each)
    assert_within_se(source(result, "Course")[:, 1], 30.0)
    assert_within_se(source(result, "Course lite")[:, 1], 14.0)
    assert_within_se(source_cost(result, "Course lite")[:, 1], 1.4)
    assert_within_se(source(result, "Coaching")[:, 2], 65.0)


def test_second_rung_only_for_buyers_of_the_first():
    """Nobody takes rung 1 and there is no downsell: nobody is offered, so nobody buys, rung 2."""
    scenario = build_scenario(
        back_end=[{"name": "First", "price": 100, "take_rate": 0.0}, {"name": "Second", "price": 100, "take_rate": 1.0}]
    )
    result = simulate(scenario, seed=25)
    np.testing.assert_array_equal(result.funnel_share[result.funnel_names.index("Second")], 0.0)
    np.testing.assert_array_equal(source(result, "Second"), 0.0)


def test_rungs_offered_only_to_active_customers():
    """A rung after a delay of 3 at churn p reaches (1 - p)^3 of buyers."""
    p, take, customers, replicates = 0.2, 0.6, 4000, 10
    scenario = build_scenario(
        retention={"churn": p},
        back_end=[{"name": "Late offer", "price": 10, "take_rate": take, "delay": 3}],
    )
    result = simulate(scenario, seed=26, customers=customers, replicates=replicates)
    assert_share_within(funnel(result)["Late offer"], take * (1 - p) ** 3, customers * replicates)


def test_per_period_billing():
    """A per_period rung bills price (and costs unit_cost) every active period from its offer period."""
    price, unit_cost, take, p, offer, horizon = 10.0, 3.0, 0.4, 0.1, 2, 12
    scenario = build_scenario(
        horizon=horizon,
        retention={"churn": p},
        back_end=[
            {
                "name": "Plan",
                "price": price,
                "unit_cost": unit_cost,
                "take_rate": take,
                "delay": offer,
                "billing": "per_period",
            }
        ],
    )
    result = simulate(scenario, seed=27, customers=4000, replicates=30)
    t = np.array([offer, offer + 1, offer + 4, horizon - 1])
    on = take * (1 - p) ** t
    np.testing.assert_array_equal(source(result, "Plan")[:, :offer], 0.0)
    assert_within_se(source(result, "Plan")[:, t], price * on, label="plan revenue")
    assert_within_se(source_cost(result, "Plan")[:, t], unit_cost * on, label="plan cost")


@pytest.mark.parametrize("churn_reduction", [0.0, 0.5])
def test_upsell_fatigue(churn_reduction):
    """Fatigue f after an offer at period d: survival (1 - q)^t up to d, then × (1 - (q + f')) per period.

    Churn and fatigue both scale by the loyalty reduction: q = p (1 - r), f' = f (1 - r).
    """
    p, f, d, horizon = 0.05, 0.1, 3, 8
    retention = {"churn": p, "upsell_fatigue": f}
    if churn_reduction:
        retention["loyalty_program"] = {"churn_reduction": churn_reduction}
    scenario = build_scenario(
        horizon=horizon,
        retention=retention,
        back_end=[{"name": "Offer", "price": 100, "take_rate": 0.3, "delay": d}],
    )
    result = simulate(scenario, seed=28, customers=4000, replicates=30)
    before, after = p * (1 - churn_reduction), (p + f) * (1 - churn_reduction)
    t = np.array([1, d, d + 1, d + 2, horizon - 1])
    expected = np.where(t <= d, (1 - before) ** t, (1 - before) ** d * (1 - after) ** np.maximum(t - d, 0))
    assert_within_se(result.active_per_buyer[:, t], expected, label="active share with fatigue")
    # and the fatigue is visible: after the offer, survival is clearly below the no-fatigue curve
    mean, se = mean_and_se(result.active_per_buyer[:, d + 2])
    assert mean + 4 * se < (1 - before) ** (d + 2)


def test_loyalty_program():
    """Churn reduction r: survival (1 - p(1 - r))^t; cost_per_member is paid per active customer."""
    p, r, member_cost, serve_cost, horizon = 0.2, 0.5, 3.0, 2.0, 12
    scenario = build_scenario(
        horizon=horizon,
        cost_to_serve=serve_cost,
        retention={"churn": p, "loyalty_program": {"churn_reduction": r, "cost_per_member": member_cost}},
    )
    result = simulate(scenario, seed=29, customers=4000, replicates=30)
    t = CHECKPOINTS[CHECKPOINTS < horizon]
    assert_within_se(result.active_per_buyer[:, t], (1 - p * (1 - r)) ** t, label="active share with loyalty")
    np.testing.assert_allclose(source_cost(result, "loyalty"), member_cost * result.active_per_buyer)
    np.testing.assert_allclose(source_cost(result, "service"), serve_cost * result.active_per_buyer)
    lifetime = ((1 - p * (1 - r)) ** np.arange(horizon)).sum()
    assert_within_se(result.clv, -(member_cost + serve_cost) * lifetime, label="clv")


# --------------------------------------------------------------------------
# Acquisition cost, payback, uncertainty, business view
# --------------------------------------------------------------------------


def test_blended_cac():
    """Channels blend by share; cost_per_lead / conversion is a CAC; the affiliate commission adds on top."""
    scenario = build_scenario(
        acquisition={
            "channels": [
                {"name": "Ads", "share": 0.6, "cac": 100},
                {"name": "Content", "share": 0.4, "cost_per_lead": 4, "conversion": 0.05},
            ],
            "affiliate_commission": 10,
        }
    )
    result = simulate(scenario, seed=30)
    np.testing.assert_allclose(result.cac_per_buyer, 0.6 * 100 + 0.4 * 4 / 0.05 + 10)
    np.testing.assert_allclose(result.net_value, result.clv - result.cac_per_buyer)


def test_payback_period():
    """CAC 100, subscription 30 a period, nobody leaves: cash -70, -40, -10, +20, so payback at period 3."""
    scenario = build_scenario(
        horizon=6,
        acquisition={"channels": [{"name": "Ads", "cac": 100}]},
        subscription={"price": 30},
    )
    result = simulate(scenario, seed=31)
    np.testing.assert_allclose(result.cumulative_cash[0], [-70, -40, -10, 20, 50, 80])
    np.testing.assert_array_equal(result.payback_period, 3.0)

    never = simulate(scenario.model_copy(update={"horizon": 3}), seed=31)
    assert np.all(np.isinf(never.payback_period))
    assert summarise(never).metrics["payback_period"].mean is None


def test_uncertain_churn_widens_the_band():
    """An uncertain churn {0.05, 0.15} gives a much wider clv band than churn fixed at 0.1."""
    common = {"horizon": 24, "subscription": {"price": 10}}
    fixed = build_scenario(**common, retention={"churn": 0.1})
    uncertain = build_scenario(**common, retention={"churn": {"low": 0.05, "high": 0.15}})
    rf = simulate(fixed, seed=32, customers=1000, replicates=100)
    ru = simulate(uncertain, seed=32, customers=1000, replicates=100)
    bf, bu = summarise(rf).metrics["clv"], summarise(ru).metrics["clv"]
    assert bu.p95 - bu.p5 > 3 * (bf.p95 - bf.p5)
    assert bu.p5 < bf.p5 and bu.p95 > bf.p95
    # the drawn churn spans its 90% interval, and stays a probability
    churn = draw_parameters(uncertain, 2000, np.random.default_rng(32)).churn_mean
    assert np.all((churn >= 0) & (churn <= 1))
    inside = float(np.mean((churn >= 0.05) & (churn <= 0.15)))
    assert_share_within(inside, 0.9, churn.size, label="churn draws inside the 90% range")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({"low": 0.0, "high": 1.0, "dist": "normal"}, "rate"),
        ({"low": 0.9, "high": 1.0}, "rate"),
        ({"low": 0.0, "high": 0.02}, "rate"),
        ({"low": 0.1, "high": 0.9, "dist": "uniform"}, "rate"),
        ({"low": 0.0, "high": 1.0, "dist": "triangular", "mode": 0.9}, "rate"),
        ({"low": 0.2, "high": 0.6, "dist": "lognormal"}, "rate"),
        ({"low": 0.0, "high": 100.0}, "money"),
        ({"low": 5.0, "high": 500.0, "dist": "normal"}, "money"),
    ],
)
def test_uncertain_draws_stay_in_bounds(value, kind):
    """Rates stay in [0, 1] and money stays ≥ 0 whatever the distribution."""
    x = draw(Uncertain(**value), kind, 5000, np.random.default_rng(33))
    assert np.all(np.isfinite(x))
    assert np.all(x >= 0)
    if kind == "rate":
        assert np.all(x <= 1)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({"low": 0.2, "high": 0.4}, "rate"),
        ({"low": 80.0, "high": 140.0}, "money"),
        ({"low": 0.02, "high": 0.08, "dist": "normal"}, "growth"),
    ],
)
def test_range_is_a_90_percent_interval(value, kind):
    """A range {low, high} is a 90% interval for the default (and the normal) shapes."""
    x = draw(Uncertain(**value), kind, 5000, np.random.default_rng(34))
    inside = float(np.mean((x >= value["low"]) & (x <= value["high"])))
    assert_share_within(inside, 0.9, x.size, label="draws inside low..high")


def test_business_view():
    """b paid buyers a period for P periods, CAC growing by g: the cash curve is a sum of shifted cohorts."""
    b, periods, growth, cac, price, horizon = 10, 4, 0.1, 100.0, 20.0, 12
    scenario = build_scenario(
        horizon=horizon,
        acquisition={
            "channels": [{"name": "Ads", "cac": cac}],
            "buyers_per_period": b,
            "periods": periods,
            "cac_growth": growth,
        },
        subscription={"price": price},
    )
    result = simulate(scenario, seed=35)
    business = result.business
    assert business is not None
    spend = b * sum(cac * (1 + growth) ** c for c in range(periods))
    cash = np.zeros(horizon)
    for c in range(periods):
        cash[c:] += b * price
        cash[c] -= b * cac * (1 + growth) ** c
    cumulative = np.cumsum(cash)
    np.testing.assert_allclose(business.average_cac * b * periods, spend)
    np.testing.assert_allclose(business.cumulative_cash, np.tile(cumulative, (result.replicates, 1)))
    np.testing.assert_allclose(business.total_profit, b * price * sum(horizon - c for c in range(periods)) - spend)
    np.testing.assert_allclose(business.capital_needed, -cumulative.min())
    assert np.all(business.capital_needed >= 0)
    first_positive = int(np.argmax(cumulative >= 0))
    np.testing.assert_array_equal(business.cash_positive_period, first_positive)
    assert cumulative[first_positive - 1] < 0 <= cumulative[first_positive]

    summary = summarise(result)
    assert summary.business is not None
    assert summary.business["capital_needed"].mean == pytest.approx(-cumulative.min())


def test_business_view_never_cash_positive():
    """A plan that loses money on every buyer never turns cash positive and needs all its losses as capital."""
    scenario = build_scenario(
        horizon=6,
        acquisition={"channels": [{"name": "Ads", "cac": 100}], "buyers_per_period": 5, "periods": 6},
        front_end={"name": "Intro", "price": 40},
    )
    business = simulate(scenario, seed=36).business
    assert np.all(np.isinf(business.cash_positive_period))
    np.testing.assert_allclose(business.capital_needed, 5 * 60 * 6)
    assert summarise(simulate(scenario, seed=36)).business["cash_positive_period"].mean is None


def test_no_business_block_without_buyers_per_period():
    assert simulate(build_scenario(), seed=37).business is None


def test_customer_values_average_to_clv():
    """Individual customers' values (no referrals) average to the per-buyer clv."""
    scenario = build_scenario(
        horizon=24,
        discount_rate=0.1,
        front_end={"name": "Intro", "price": 50, "unit_cost": 10},
        back_end=[
            {
                "name": "Course",
                "price": 300,
                "take_rate": 0.3,
                "downsell": {"name": "Lite", "price": 90, "take_rate": 0.3},
            },
            {"name": "Plan", "price": 40, "unit_cost": 5, "take_rate": 0.4, "delay": 2, "billing": "per_period"},
        ],
        subscription={"adoption": 0.6, "price": 20, "unit_cost": 4},
        repeat_purchase={"rate": 0.2, "order_value": 60, "margin": 0.5},
        cost_to_serve=1,
        retention={
            "churn": 0.08,
            "heterogeneity": 0.2,
            "save_offer": {"acceptance": 0.3, "discount": 0.2},
            "loyalty_program": {"cost_per_member": 1, "churn_reduction": 0.1},
        },
    )
    customers, replicates = 1000, 20
    result = simulate(scenario, seed=38, customers=customers, replicates=replicates)
    values = result.customer_values
    assert values.size == customers * replicates
    per_replicate = values.reshape(replicates, customers).mean(axis=1)
    assert_within_se(per_replicate - result.clv, 0.0, label="mean customer value - clv")
    assert_within_se(per_replicate, result.clv.mean(), label="mean customer value")


# --------------------------------------------------------------------------
# Buyers who do not subscribe
# --------------------------------------------------------------------------


def test_non_adopters_who_leave():
    """non_adopters: leave, churn 0: after period 0 the active share is the adoption a; cost to serve c costs
    c × (1 + a (H − 1)) per buyer; a rung offered later reaches only subscribers; the subscription bills a × H."""
    a, c, price, take, horizon, customers, replicates = 0.3, 2.0, 10.0, 0.5, 12, 4000, 10
    scenario = build_scenario(
        horizon=horizon,
        cost_to_serve=c,
        subscription={"adoption": a, "price": price, "non_adopters": "leave"},
        back_end=[{"name": "Later", "price": 50, "take_rate": take, "delay": 2}],
    )
    result = simulate(scenario, seed=40, customers=customers, replicates=replicates)
    trials = customers * replicates
    assert np.all(result.active_per_buyer[:, 0] == 1.0)
    for t in (1, 2, horizon - 1):
        assert_share_within(float(result.active_per_buyer[:, t].mean()), a, trials, label=f"active share at {t}")
    # churn 0: whoever is active at period 1 stays to the end
    np.testing.assert_array_equal(result.active_per_buyer[:, 1:], np.repeat(result.active_per_buyer[:, 1:2], horizon - 1, 1))
    service = source_cost(result, "service").sum(axis=1)
    assert_share_within(float((service.mean() / c - 1) / (horizon - 1)), a, trials, label="cost to serve / c")
    np.testing.assert_allclose(service, c * (1 + result.active_per_buyer[:, 1] * (horizon - 1)))
    assert_share_within(funnel(result)["Later"], take * a, trials, label="later rung buyers")
    np.testing.assert_allclose(source(result, "subscription").sum(axis=1), price * horizon * result.active_per_buyer[:, 1])
    per_replicate = result.customer_values.reshape(replicates, customers).mean(axis=1)
    np.testing.assert_allclose(per_replicate, result.clv)


def test_non_adopters_stay_by_default():
    """Without non_adopters (stay), churn 0 keeps every buyer active and costing cost to serve."""
    c, horizon = 2.0, 12
    scenario = build_scenario(horizon=horizon, cost_to_serve=c, subscription={"adoption": 0.3, "price": 10.0})
    assert scenario.subscription.non_adopters == "stay"
    result = simulate(scenario, seed=41, customers=500, replicates=4)
    np.testing.assert_array_equal(result.active_per_buyer, 1.0)
    np.testing.assert_allclose(source_cost(result, "service").sum(axis=1), c * horizon)


def test_non_adopters_leave_before_a_save_offer():
    """Leaving at period 1 is not churn: a certain save offer keeps nobody who did not subscribe."""
    a, horizon, customers, replicates = 0.4, 6, 2000, 10
    scenario = build_scenario(
        horizon=horizon,
        subscription={"adoption": a, "price": 5.0, "non_adopters": "leave"},
        retention={"churn": 0.5, "save_offer": {"acceptance": 1.0, "max_saves": 10}},
    )
    result = simulate(scenario, seed=42, customers=customers, replicates=replicates)
    # subscribers are saved at every boundary (10 saves outlast 5 boundaries): active = a from period 1 on
    for t in range(1, horizon):
        assert_share_within(float(result.active_per_buyer[:, t].mean()), a, customers * replicates, label=f"active {t}")
