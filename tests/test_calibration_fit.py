"""Fitting: sBG and BG/BB closed forms, recovery of known parameters, the scenario written, history tables.

Synthetic data are generated here with known parameters, following the
models' own timing (drop-out at the start of a period, then the purchase
opportunity), so a fit must recover them within its 95% intervals.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.special import betaln

from simulator.calibration.bgbb import (
    Histories,
    bgbb_expected_per_period,
    bgbb_expected_purchases,
    bgbb_log_likelihood,
    bgbb_pmf,
)
from presentation.calibration_text import fitted_scenario, fitted_yaml
from presentation.messages import problems_text
from simulator.calibration.fit import fit_data
from simulator.calibration.holdout import holdout_comparison
from simulator.calibration.reading import read_retention
from simulator.calibration.sbg import fit_sbg, sbg_retention_rate, sbg_survival
from simulator.engine import simulate
from simulator.metrics import summarise
from simulator.scenario import load_scenario_text, scenario_to_dict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calibration"


def inside(interval, value) -> bool:
    return interval.low <= value <= interval.high


# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------


def sbg_counts(a: float, b: float, customers: int, periods: int, rng) -> np.ndarray:
    """Customers still active at periods 0..periods of one cohort, churn ~ Beta(a, b)."""
    theta = rng.beta(a, b, customers)
    life = rng.geometric(theta)  # leaves at boundary `life`: active in periods 0..life-1
    return np.array([(life > t).sum() for t in range(periods + 1)])


def bgbb_log_csv(params, customers: int, periods: int, rng, start_weeks: int = 8) -> bytes:
    """A weekly transaction log (customer id, ISO date, amount) drawn from BG/BB with first weeks spread.

    Every purchase falls on the first day of its week, and customer 0 starts in week 0,
    so calendar weeks counted from the first date are the model's periods.
    """
    a, b, g, d = params
    p = rng.beta(a, b, customers)
    theta = rng.beta(g, d, customers)
    first = rng.integers(0, start_weeks, customers)
    first[0] = 0
    span = periods + start_weeks
    t = np.arange(1, span + 1)
    alive = rng.random((customers, span)) >= theta[:, None]  # survives the boundary before period t
    alive = np.cumprod(alive, axis=1).astype(bool)
    buys = alive & (rng.random((customers, span)) < p[:, None])
    week = first[:, None] + t[None, :]
    buys &= week < span  # the log ends at one date for everyone: weeks 0..span-1
    rows = [(i, first[i]) for i in range(customers)]
    ci, ti = np.nonzero(buys)
    rows += list(zip(ci, week[ci, ti]))
    origin = np.datetime64("2024-01-01")
    amounts = np.round(rng.lognormal(3.0, 0.5, len(rows)), 2)
    lines = ["customer_id,date,amount"]
    lines += [f"c{c:05d},{origin + np.timedelta64(7 * int(w), 'D')},{v}" for (c, w), v in zip(rows, amounts)]
    return ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------
# sBG
# --------------------------------------------------------------------------


def test_sbg_closed_forms():
    """S(t) = B(a, b+t)/B(a, b); S(t)/S(t-1) = (b+t-1)/(a+b+t-1); S equals E[(1-θ)^t] under Beta(a, b)."""
    a, b = 0.7, 1.2
    t = np.arange(0, 10)
    s = sbg_survival(a, b, t)
    assert s[0] == pytest.approx(1.0)
    assert np.allclose(s[1:] / s[:-1], sbg_retention_rate(a, b, t[1:]))
    assert s[1] == pytest.approx(b / (a + b))
    # E[(1 - θ)^t] by quadrature on the Beta density
    x = np.linspace(1e-6, 1 - 1e-6, 200_001)
    dens = np.exp((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - betaln(a, b))
    assert np.trapezoid(dens * (1 - x) ** 5, x) == pytest.approx(s[5], rel=2e-3)


def test_sbg_reproduces_fader_hardie_2007():
    """The 'regular' and 'high end' customers of Fader & Hardie (2007): a, b = 0.704, 1.182 and 0.668, 3.806."""
    fit = fit_sbg(read_retention(FIXTURES / "retention_regular.csv"))
    assert fit.alpha.estimate == pytest.approx(0.704, abs=0.001)
    assert fit.beta.estimate == pytest.approx(1.182, abs=0.001)
    assert fit.churn.estimate == pytest.approx(0.704 / (0.704 + 1.182), abs=0.001)
    assert fit.heterogeneity.estimate == pytest.approx(1 / (0.704 + 1.182 + 1), abs=0.001)
    high = read_retention(b"active\n1000\n869\n743\n653\n593\n551\n517\n491\n")
    fit = fit_sbg(high)
    assert (fit.alpha.estimate, fit.beta.estimate) == pytest.approx((0.668, 3.806), abs=0.002)


@pytest.mark.parametrize("a, b, seed", [(0.8, 2.5, 1), (3.0, 12.0, 2), (0.4, 0.9, 3)])
def test_sbg_recovers_known_parameters(a, b, seed):
    rng = np.random.default_rng(seed)
    cohorts = [sbg_counts(a, b, n, periods, rng) for n, periods in ((3000, 12), (2000, 8), (2500, 5))]
    text = "cohort,period,active\n" + "".join(
        f"c{i},{t},{n}\n" for i, counts in enumerate(cohorts) for t, n in enumerate(counts))
    fit = fit_sbg(read_retention(text.encode()))
    assert inside(fit.alpha, a) and inside(fit.beta, b), (fit.alpha, fit.beta)
    assert inside(fit.churn, a / (a + b)) and inside(fit.heterogeneity, 1 / (a + b + 1))
    assert fit.customers == 7500 and fit.cohorts == 3


def test_sbg_homogeneous_data_gives_no_heterogeneity():
    """Exactly geometric counts: the fit says heterogeneity ≈ 0, and why."""
    counts = [round(10000 * 0.8**t) for t in range(10)]
    fit = fit_sbg(read_retention(("active\n" + "\n".join(map(str, counts))).encode()))
    assert fit.churn.estimate == pytest.approx(0.2, abs=1e-3)
    assert fit.heterogeneity.estimate < 1e-3


def test_multi_cohort_fixture_and_gaps():
    table = read_retention(FIXTURES / "retention_cohorts.csv")
    assert [c.name for c in table.cohorts] == ["2024-01", "2024-02", "2024-03"]
    fit = fit_sbg(table)
    assert 0 < fit.churn.low < fit.churn.estimate < fit.churn.high < 1
    # a table with a gap (periods 0, 2, 4) uses S(0) - S(2) for those lost between
    gap = fit_sbg(read_retention(b"period,active\n0,1000\n2,468\n4,326\n6,262\n"))
    full = fit_sbg(read_retention(FIXTURES / "retention_regular.csv"))
    assert gap.churn.estimate == pytest.approx(full.churn.estimate, abs=0.05)


# --------------------------------------------------------------------------
# BG/BB
# --------------------------------------------------------------------------

PARAMS = (0.9, 5.0, 0.6, 5.0)


def test_bgbb_likelihood_sums_to_one_over_all_histories():
    """Σ over every binary purchase history of length n of L(x, t_x, n) = 1 (eq. 5 is a distribution)."""
    n = 6
    xs, txs = [], []
    for hist in itertools.product([0, 1], repeat=n):
        buys = [i + 1 for i, h in enumerate(hist) if h]
        xs.append(len(buys))
        txs.append(buys[-1] if buys else 0)
    h = Histories(np.array(xs), np.array(txs), np.full(len(xs), n), np.ones(len(xs), dtype=int))
    assert np.exp(bgbb_log_likelihood(PARAMS, h)).sum() == pytest.approx(1.0, abs=1e-10)


def test_bgbb_closed_forms_agree():
    """pmf (eq. 8) sums to 1; its mean is E[X(n)] (eq. 7) and the sum of per-period expectations."""
    for n in (1, 5, 20):
        pmf = bgbb_pmf(PARAMS, n)
        assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
        mean = float(np.dot(np.arange(n + 1), pmf))
        assert mean == pytest.approx(float(bgbb_expected_purchases(PARAMS, n)), rel=1e-9)
        assert mean == pytest.approx(bgbb_expected_per_period(PARAMS, np.arange(1, n + 1)).sum(), rel=1e-9)
    # P(X(n) = 0) by hand for n = 1: 1 - E[(1-θ)] E[p]
    a, b, g, d = PARAMS
    assert bgbb_pmf(PARAMS, 1)[0] == pytest.approx(1 - d / (g + d) * a / (a + b))
    # γ = 1 uses the limit of eq. 7
    p1 = (0.9, 5.0, 1.0, 5.0)
    assert float(bgbb_expected_purchases(p1, 10)) == pytest.approx(np.dot(np.arange(11), bgbb_pmf(p1, 10)), rel=1e-9)


@pytest.fixture(scope="module")
def synthetic_fit():
    csv = bgbb_log_csv(PARAMS, 6000, 30, np.random.default_rng(42))
    return fit_data(csv, period="week", calibration_end="2024-05-20")


def test_bgbb_recovers_known_parameters(synthetic_fit):
    fit = synthetic_fit.bgbb
    a, b, g, d = PARAMS
    assert inside(fit.purchase_rate, a / (a + b)), fit.purchase_rate
    assert inside(fit.purchase_heterogeneity, 1 / (a + b + 1)), fit.purchase_heterogeneity
    assert inside(fit.churn, g / (g + d)), fit.churn
    assert inside(fit.heterogeneity, 1 / (g + d + 1)), fit.heterogeneity
    for interval, true in zip((fit.purchase_alpha, fit.purchase_beta, fit.dropout_alpha, fit.dropout_beta), PARAMS):
        assert inside(interval, true), (interval, true)
    assert fit.customers == 6000


def test_fitted_scenario_carries_the_fit(synthetic_fit):
    r = synthetic_fit
    s = r.scenario
    assert s.periods_per_year == 52 and s.horizon == 156
    assert s.retention.churn == pytest.approx(r.bgbb.churn.estimate, rel=1e-5)
    assert s.retention.heterogeneity == pytest.approx(r.bgbb.heterogeneity.estimate, rel=1e-5)
    assert s.repeat_purchase.rate == pytest.approx(r.bgbb.purchase_rate.estimate, rel=1e-5)
    assert s.repeat_purchase.heterogeneity == pytest.approx(r.bgbb.purchase_heterogeneity.estimate, rel=1e-5)
    assert s.repeat_purchase.order_value == pytest.approx(r.order_value.mean, rel=1e-5)
    assert r.order_value.mean == pytest.approx(math.exp(3.0 + 0.5**2 / 2), rel=0.03)  # lognormal(3, 0.5) amounts
    assert r.order_value.log_sigma == pytest.approx(0.5, abs=0.03)
    # the YAML (worded by the presentation layer) loads back to the same scenario, marks what is missing, and runs
    worded, text = fitted_scenario(r, "en"), fitted_yaml(r, "en")
    assert load_scenario_text(text) == worded
    assert scenario_to_dict(worded)["retention"] == scenario_to_dict(s)["retention"]
    for field in ("cac:", "unit_cost:", "margin:", "cost_to_serve:", "back_end:"):
        line = next(x for x in text.splitlines() if x.strip().startswith(field))
        assert "# TODO" in line, line
    assert "TODO" in worded.description
    summary = summarise(simulate(s, customers=500, replicates=5))
    assert summary.metrics["clv"].mean > s.front_end.price


def test_holdout_engine_matches_closed_form_and_data(synthetic_fit):
    """The engine's prediction (cohorts at their own start weeks) equals the BG/BB formula and the synthetic truth."""
    r = synthetic_fit
    cmp = holdout_comparison(r.log, r.scenario, r.scenario_fit, replicates=10)
    t = cmp.table
    assert cmp.actual_total > 1000
    # engine vs formula: the spread across replicates bounds the gap
    per_rep_sd = (t.predicted_p95[t.holdout].sum() - t.predicted_p5[t.holdout].sum()) / (2 * 1.645)
    assert abs(cmp.predicted_total - cmp.closed_form_total) < 4 * max(per_rep_sd, 1.0)
    # data drawn from the model: the holdout total is predicted within a few percent
    assert abs(cmp.error) < 0.08, cmp.error


def test_history_tables(synthetic_fit):
    r = synthetic_fit
    cohorts = r.cohorts()
    first = cohorts[cohorts.period == 0]
    assert (first.share == 1.0).all() and first.customers.sum() == 6000
    curve = r.repeat_curve()
    assert curve.ever_repeated.between(0, 1).all()
    assert curve.ever_repeated.iloc[0] == pytest.approx(curve.repeat_rate.iloc[0])
    assert curve.ever_repeated.iloc[10] > curve.ever_repeated.iloc[0]
    a, b, g, d = PARAMS
    # share buying at age 1 = E[p] E[1 - θ]
    assert curve.repeat_rate.iloc[0] == pytest.approx(a / (a + b) * d / (g + d), abs=0.02)
    clv = r.clv(margin=0.5)
    assert clv.iloc[-1].cohort == "all" and clv.iloc[-1].customers == 6000
    assert clv.profit_per_customer.to_numpy() == pytest.approx(0.5 * clv.revenue_per_customer.to_numpy())
    params = r.parameters()
    assert "repeat_purchase.heterogeneity" in set(params.field)


def test_month_and_year_periods_and_calendar_labels(synthetic_fit):
    csv = bgbb_log_csv(PARAMS, 500, 60, np.random.default_rng(1))
    month = fit_data(csv, period="month")
    assert month.scenario.periods_per_year == 12 and month.log.label(1) == "2024-02"
    year = fit_data(csv, period="year")
    assert year.scenario.periods_per_year == 1 and year.log.label(1) == "2025"


def test_extreme_heterogeneity_is_written_as_beta_parameters():
    """Beyond the heterogeneity field's 0.99 the scenario gets churn_beta / rate_beta, exactly."""
    from simulator.calibration.fit import to_scenario
    from simulator.calibration.sbg import Interval, SBGFit

    def iv(x):
        return Interval(x, x, x)

    fit = SBGFit(alpha=iv(0.002), beta=iv(0.006), churn=iv(0.25), heterogeneity=iv(1 / 1.008),
                 log_likelihood=-1.0, customers=10, cohorts=1, last_period=3, iterations=1)
    s = to_scenario(period="month", name="x", retention=fit)
    assert s.retention.churn_beta.alpha == pytest.approx(0.002) and s.retention.churn_beta.beta == pytest.approx(0.006)
    assert "churn" not in s.retention.model_fields_set
    fit = SBGFit(alpha=iv(0.7), beta=iv(1.2), churn=iv(0.7 / 1.9), heterogeneity=iv(1 / 2.9),
                 log_likelihood=-1.0, customers=10, cohorts=1, last_period=3, iterations=1)
    s = to_scenario(period="month", name="x", retention=fit)
    assert s.retention.churn == pytest.approx(0.7 / 1.9, rel=1e-5)  # six significant digits in the file
    assert s.retention.heterogeneity == pytest.approx(1 / 2.9, rel=1e-5)


def test_too_many_histories_are_refused(monkeypatch):
    import simulator.calibration.bgbb as bgbb

    monkeypatch.setattr(bgbb, "MAX_TERMS", 100)
    csv = bgbb_log_csv(PARAMS, 300, 20, np.random.default_rng(3))
    with pytest.raises(bgbb.CalibrationError) as info:
        fit_data(csv, period="week")
    (message,) = problems_text(info.value, "en")
    assert "likelihood terms exceed the limit of 100: use a longer period" in message
