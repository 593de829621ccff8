"""The engine's heterogeneous repeat-order chance (BG/BB's beta-Bernoulli) against closed forms.

``repeat_purchase.heterogeneity`` / ``rate_beta`` give each customer their own
order chance q ~ Beta(α, β); with Beta churn this is the BG/BB model of Fader,
Hardie & Shang (2010), with drop-out decided at the boundary before the
period's purchase opportunity. Monte Carlo means are compared with the
formulas within four standard errors at fixed seeds.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import assert_share_within, assert_within_se, build_scenario

from simulator.calibration.bgbb import bgbb_expected_per_period, bgbb_expected_purchases, bgbb_pmf
from simulator.engine import simulate
from simulator.params import draw_parameters
from presentation.messages import problems_text
from simulator.scenario import ScenarioError


def repeat_orders(result) -> np.ndarray:
    """(R, H) repeat orders per buyer (order value 1)."""
    return result.revenue_per_buyer[result.source_names.index("repeat_orders")]


def bgbb_scenario(a, b, g, d, horizon, **extra):
    return build_scenario(
        horizon=horizon,
        repeat_purchase={"rate_beta": {"alpha": a, "beta": b}, "order_value": 1.0, "margin": 1.0},
        retention={"churn_beta": {"alpha": g, "beta": d}},
        **extra,
    )


def test_expected_orders_per_period_follow_bgbb():
    """E[orders at t] = α/(α+β) · B(γ, δ+t)/B(γ, δ) for t ≥ 1, and E[X(n)] (FHS 2010 eq. 7) in total."""
    a, b, g, d, horizon = 0.7, 2.5, 0.5, 3.0, 25
    result = simulate(bgbb_scenario(a, b, g, d, horizon), seed=5, customers=3000, replicates=30)
    orders = repeat_orders(result)
    t = np.arange(horizon)
    assert np.all(orders[:, 0] == 0)
    assert_within_se(orders[:, 1:], bgbb_expected_per_period((a, b, g, d), t[1:]), label="orders per period")
    assert_within_se(orders.sum(axis=1), bgbb_expected_purchases((a, b, g, d), horizon - 1), label="E[X(n)]")


def test_count_distribution_is_bgbb():
    """Each customer's order count over n = H - 1 opportunities has the BG/BB distribution (eq. 8)."""
    a, b, g, d, horizon = 0.6, 1.8, 0.8, 4.0, 9
    result = simulate(bgbb_scenario(a, b, g, d, horizon, discount_rate=0.0), seed=9, customers=4000, replicates=10)
    counts = np.rint(result.customer_values).astype(int)  # free front end, value 1 per order, no discounting
    pmf = bgbb_pmf((a, b, g, d), horizon - 1)
    for x in range(4):
        assert_share_within(np.mean(counts == x), pmf[x], counts.size, label=f"P(X = {x})")


def test_no_churn_gives_beta_binomial_counts():
    """Without churn the count over n periods is Beta-binomial: mean n·m, variance n m (1-m) (α+β+n)/(α+β+1)."""
    rate, het, horizon = 0.3, 0.25, 13
    n = horizon - 1
    s = build_scenario(horizon=horizon, discount_rate=0.0,
                       repeat_purchase={"rate": rate, "heterogeneity": het, "order_value": 1.0, "margin": 1.0})
    counts = simulate(s, seed=3, customers=5000, replicates=8).customer_values
    kappa = 1 / het - 1
    var = n * rate * (1 - rate) * (kappa + n) / (kappa + 1)
    assert abs(counts.mean() - n * rate) < 4 * math.sqrt(var / counts.size)
    # the sample variance of a Beta-binomial: its standard error is about var·sqrt(2/N) times a kurtosis factor ≤ 3
    assert abs(counts.var() - var) < 4 * 3 * var * math.sqrt(2 / counts.size)
    binomial_var = n * rate * (1 - rate)
    assert counts.var() > 1.5 * binomial_var  # heterogeneity shows as overdispersion


def test_mean_chance_and_beta_parameters():
    """heterogeneity φ and mean m give α = m(1/φ - 1), β = (1-m)(1/φ - 1); rate_beta gives the mean α/(α+β)."""
    s = build_scenario(repeat_purchase={"rate": 0.2, "heterogeneity": 0.1, "order_value": 5.0})
    p = draw_parameters(s, 3, np.random.default_rng(0))
    assert np.allclose(p.repeat_alpha, 0.2 * 9) and np.allclose(p.repeat_beta, 0.8 * 9)
    s = build_scenario(repeat_purchase={"rate_beta": {"alpha": 1.5, "beta": 4.5}, "order_value": 5.0})
    p = draw_parameters(s, 3, np.random.default_rng(0))
    assert np.allclose(p.repeat_rate, 0.25) and np.allclose(p.repeat_alpha, 1.5)


def test_per_customer_chance_mean():
    """The mean of the per-customer chance is the rate: orders per active customer-period ≈ rate."""
    s = build_scenario(horizon=6, repeat_purchase={"rate": 0.15, "heterogeneity": 0.6, "order_value": 1.0})
    result = simulate(s, seed=2, customers=4000, replicates=20)
    assert_within_se(repeat_orders(result)[:, 1:].sum(axis=1) / 5, 0.15, label="orders per customer-period")


def test_unset_and_zero_heterogeneity_leave_the_engine_unchanged():
    """heterogeneity 0 (or unset) takes the homogeneous path: identical numbers at the same seed."""
    base = {"rate": 0.2, "order_value": 30.0, "margin": 0.5}
    a = simulate(build_scenario(repeat_purchase=base, retention={"churn": 0.1}), seed=4)
    b = simulate(build_scenario(repeat_purchase={**base, "heterogeneity": 0.0}, retention={"churn": 0.1}), seed=4)
    assert np.array_equal(a.revenue_per_buyer, b.revenue_per_buyer)
    assert np.array_equal(a.customer_values, b.customer_values)


@pytest.mark.parametrize(
    "repeat, message",
    [
        ({"rate": 0.2, "rate_beta": {"alpha": 1, "beta": 2}},
         "repeat_purchase: give either rate with heterogeneity, or rate_beta, not both"),
        ({"heterogeneity": 1.2}, "repeat_purchase.heterogeneity: must be ≤ 0.99 (got 1.2)"),
        ({"rate_beta": {"alpha": 0, "beta": 2}}, "repeat_purchase.rate_beta.alpha: must be > 0.0 (got 0)"),
    ],
)
def test_bad_repeat_heterogeneity_is_refused(repeat, message):
    with pytest.raises(ScenarioError) as exc:
        build_scenario(repeat_purchase=repeat)
    assert message in problems_text(exc.value, "en")


@settings(max_examples=25, deadline=None)
@given(
    rate=st.floats(0.0, 1.0),
    het=st.floats(0.0, 0.99),
    churn=st.floats(0.0, 1.0),
    churn_het=st.floats(0.0, 0.99),
    horizon=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
)
def test_orders_never_exceed_active_customers(rate, het, churn, churn_het, horizon, seed):
    """At most one repeat order per active customer and period, none at period 0, no NaN; counts match totals."""
    s = build_scenario(horizon=horizon, discount_rate=0.0,
                       repeat_purchase={"rate": rate, "heterogeneity": het, "order_value": 1.0, "margin": 1.0},
                       retention={"churn": churn, "heterogeneity": churn_het})
    r = simulate(s, seed=seed, customers=300, replicates=3)
    orders = repeat_orders(r)
    assert np.all(np.isfinite(orders)) and np.all(orders >= 0)
    assert np.all(orders[:, 0] == 0)
    assert np.all(orders <= r.active_per_buyer + 1e-12)
    if het > 0 and rate > 0 and horizon > 1:
        # each customer's own orders are drawn once: the kept customers' counts add up to the totals
        # (value = orders here); the homogeneous path draws those two separately, by design
        assert r.customer_values.sum() == pytest.approx(orders.sum() * 300)


# --------------------------------------------------------------------------
# BG/NBD purchasing (repeat_purchase.bgnbd): Fader, Hardie & Lee (2005)
# --------------------------------------------------------------------------

from scipy import integrate, stats  # noqa: E402

from simulator.calibration.bgnbd import bgnbd_expected_purchases  # noqa: E402

R_, ALPHA_, A_, B_ = 0.6, 8.0, 0.7, 2.3


def bgnbd_scenario(horizon=40, customers=20_000, replicates=12, seed=5, **extra):
    rep = {"bgnbd": {"rate": R_ / ALPHA_, "rate_shape": R_, "dropout": A_ / (A_ + B_),
                     "dropout_heterogeneity": 1 / (A_ + B_ + 1)}, "order_value": 1.0, "margin": 1.0}
    return build_scenario(horizon=horizon, repeat_purchase=rep, retention={"churn": 0.0},
                          simulation={"customers": customers, "replicates": replicates, "seed": seed}, **extra)


def test_bgnbd_orders_follow_the_closed_form_within_1_percent():
    result = simulate(bgnbd_scenario())
    orders = repeat_orders(result)  # (R, H): purchases in periods 0..H-1 (period k = time in (k-1, k])
    want = np.diff(bgnbd_expected_purchases((R_, ALPHA_, A_, B_), np.arange(40)), prepend=0.0)
    assert orders[:, 0].sum() == 0
    total = orders.sum(axis=1)
    assert total.mean() == pytest.approx(want.sum(), rel=0.01)
    assert_within_se(np.cumsum(orders, axis=1), np.cumsum(want), label="E[X(t)]")


def test_bgnbd_customers_leave_only_after_a_purchase():
    """Active in period k ⇔ no leaving purchase by time k - 1: P = E_p[(1 + p (k - 1) / α)^-r], p ~ Beta(a, b)."""
    result = simulate(bgnbd_scenario(customers=10_000, replicates=10))
    k = np.arange(1, 40)
    want = [integrate.quad(lambda p, t=t: (1 + p * t / ALPHA_) ** -R_ * stats.beta(A_, B_).pdf(p), 0, 1)[0]
            for t in k - 1]
    assert np.all(result.active_per_buyer[:, 0] == 1)
    assert_within_se(result.active_per_buyer[:, 1:], want, label="P(active)")


def test_bgnbd_ladder_is_offered_only_to_customers_still_active():
    rung = {"name": "Upsell", "price": 100.0, "unit_cost": 0.0, "take_rate": 1.0, "delay": 12}
    result = simulate(bgnbd_scenario(customers=5_000, replicates=4, back_end=[rung]))
    took = result.funnel_share[1]  # the step after the front end: the one rung
    assert np.allclose(took, result.active_per_buyer[:, 12])
    assert np.all(took < 1)  # some have left by then
