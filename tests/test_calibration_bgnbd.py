"""BG/NBD and Gamma-Gamma: closed forms at fixed parameters, published CDNOW values, recovery from simulated data;
the BG/BB's conditional forms; model choice by holdout and per-customer forecasts.

Published values: Fader, Hardie & Lee (2005) fit the 2357-customer CDNOW sample
(``fixtures/calibration/cdnow_2357_summary.csv``: x, t_x, T in weeks and the mean
spend zbar, as redistributed with the MIT-licensed ``lifetimes``) to r = 0.243,
α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4; Hardie's spreadsheet
gives E[X(t)] and the conditional expectation 1.226 of a customer with x = 2,
t_x = 30.43, T = 38.86 over 39 weeks; the Gamma-Gamma note (Fader & Hardie,
note 025) gives p = 6.25, q = 3.74, γ = 15.44 and each customer's expected spend.
The donations data (``donations_summary.csv``, Fader, Hardie & Shang 2010) check
the BG/BB's P(alive) (their table 6) and conditional expectation (Hardie's sheet).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulator.calibration.bgbb import bgbb_conditional_expected, bgbb_p_alive
from simulator.calibration.fit import fit_data
from simulator.calibration.bgnbd import (
    bgnbd_conditional_expected,
    bgnbd_covariate_log_likelihood,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_p_alive,
    fit_bgnbd,
    fit_bgnbd_covariate,
    fit_gamma_gamma,
    gamma_gamma_expected_spend,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calibration"
PUBLISHED = (0.243, 4.414, 0.793, 2.426)


@pytest.fixture(scope="module")
def sample():
    return pd.read_csv(FIXTURES / "cdnow_2357_summary.csv")


@pytest.fixture(scope="module")
def fitted(sample):
    return fit_bgnbd(sample["x"], sample["t_x"], sample["T"])


# --------------------------------------------------------------------------
# Published CDNOW values
# --------------------------------------------------------------------------


def test_fit_reproduces_the_published_cdnow_parameters(fitted, sample):
    assert fitted.customers == 2357
    assert np.allclose(fitted.params, PUBLISHED, rtol=0.003, atol=6e-4)
    assert fitted.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    for iv in (fitted.r, fitted.alpha, fitted.a, fitted.b):
        assert iv.low < iv.estimate < iv.high


def test_expected_purchases_match_hardies_sheet(fitted):
    times = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00])
    expected = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576])
    assert np.allclose(bgnbd_expected_purchases(fitted.params, times), expected, atol=6e-4)


def test_conditional_expectation_matches_hardies_sheet(fitted):
    assert float(bgnbd_conditional_expected(fitted.params, 39, 2, 30.43, 38.86)) == pytest.approx(1.226, abs=1e-3)


# --------------------------------------------------------------------------
# Closed forms against direct integration over λ ~ Gamma(r, α), p ~ Beta(a, b)
# --------------------------------------------------------------------------


def _integrate(f, params):
    """∫∫ f(λ, p) dGamma(r, α)(λ) dBeta(a, b)(p), by 400-point Gauss-Legendre on each quantile scale."""
    r, alpha, a, b = params
    u, w = np.polynomial.legendre.leggauss(400)
    u, w = (u + 1) / 2, w / 2
    lam = stats.gamma(r, scale=1 / alpha).ppf(u)[:, None]
    p = stats.beta(a, b).ppf(u)[None, :]
    return float((w[:, None] * w[None, :] * f(lam, p)).sum())


HISTORIES = [(0, 0.0, 20.0), (1, 5.0, 20.0), (3, 18.0, 30.0), (4, 6.0, 39.0)]


@pytest.mark.parametrize("x,t_x,T", HISTORIES)
def test_likelihood_p_alive_and_conditional_expectation_by_integration(x, t_x, T):
    """FHL 2005: L(λ, p) = (1-p)^x λ^x e^{-λT} + δ_{x>0} p (1-p)^{x-1} λ^x e^{-λ t_x}; alive, a customer buys
    (1 - e^{-λ p t}) / p times in the next t (the process stops at rate λ p)."""
    params, t = (0.5, 3.0, 1.2, 2.5), 26.0

    def alive(lam, p):
        return (1 - p) ** x * lam**x * np.exp(-lam * T)

    def dead(lam, p):
        return p * (1 - p) ** (x - 1) * lam**x * np.exp(-lam * t_x) if x > 0 else 0.0 * lam * p

    total = _integrate(lambda lam, p: alive(lam, p) + dead(lam, p), params)
    assert float(bgnbd_log_likelihood(params, x, t_x, T)) == pytest.approx(np.log(total), abs=1e-6)
    p_alive = _integrate(alive, params) / total
    assert float(bgnbd_p_alive(params, x, t_x, T)) == pytest.approx(p_alive, rel=1e-6)
    future = _integrate(lambda lam, p: alive(lam, p) * -np.expm1(-lam * p * t) / p, params) / total
    assert float(bgnbd_conditional_expected(params, t, x, t_x, T)) == pytest.approx(future, rel=1e-6)


def test_p_alive_is_one_without_repeat_purchases_and_falls_with_time_since_the_last():
    T = np.linspace(1, 100, 50)
    assert np.all(bgnbd_p_alive(PUBLISHED, 0, 0, T) == 1.0)
    p = bgnbd_p_alive(PUBLISHED, 3, 1.0, T)
    assert np.all(np.diff(p) < 0) and np.all((p > 0) & (p < 1))


# --------------------------------------------------------------------------
# The process itself: simulated customers
# --------------------------------------------------------------------------


def simulate_bgnbd(params, T: np.ndarray, rng, extra: float = 0.0):
    """(x, t_x) over (0, T] and the purchases in (T, T + extra] of customers drawn from BG/NBD."""
    r, alpha, a, b = params
    n = T.size
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    x, t_x, later = np.zeros(n), np.zeros(n), np.zeros(n)
    t = np.zeros(n)
    on = np.ones(n, dtype=bool)
    while on.any():
        idx = np.flatnonzero(on)
        t[idx] += rng.exponential(1 / lam[idx])
        inside = t[idx] <= T[idx]
        after = ~inside & (t[idx] <= T[idx] + extra)
        x[idx[inside]] += 1
        t_x[idx[inside]] = t[idx[inside]]
        later[idx[after]] += 1
        stop = (t[idx] > T[idx] + extra) | (rng.random(idx.size) < p[idx])
        on[idx[stop]] = False
    return x, t_x, later


def test_expected_purchases_match_simulated_customers():
    rng = np.random.default_rng(3)
    params = (0.6, 4.0, 0.8, 3.0)
    n = 200_000
    x, _, _ = simulate_bgnbd(params, np.full(n, 30.0), rng)
    se = x.std() / np.sqrt(n)
    assert abs(x.mean() - float(bgnbd_expected_purchases(params, 30.0))) < 4 * se


def test_known_parameters_are_recovered_from_simulated_data():
    rng = np.random.default_rng(11)
    params = (0.5, 6.0, 0.7, 2.5)
    T = rng.integers(26, 53, 8000).astype(float)
    x, t_x, _ = simulate_bgnbd(params, T, rng)
    fit = fit_bgnbd(x, t_x, T)
    for iv, true in zip((fit.r, fit.alpha, fit.a, fit.b), params):
        half = (np.log(iv.high) - np.log(iv.low)) / 2  # 1.96 standard errors on the log scale
        assert abs(np.log(iv.estimate) - np.log(true)) < 1.6 * half, (iv, true)


def test_conditional_expectations_sum_to_what_the_simulated_customers_bought_later():
    rng = np.random.default_rng(5)
    params = (0.5, 6.0, 0.7, 2.5)
    T = rng.integers(26, 53, 50_000).astype(float)
    x, t_x, later = simulate_bgnbd(params, T, rng, extra=39.0)
    pred = bgnbd_conditional_expected(params, 39.0, x, t_x, T)
    se = later.std() * np.sqrt(later.size)
    assert abs(pred.sum() - later.sum()) < 4 * se
    assert np.corrcoef(pred, later)[0, 1] > 0.3


# --------------------------------------------------------------------------
# The BG/NBD with a time-invariant covariate (Fader & Hardie 2007)
# --------------------------------------------------------------------------


def test_covariate_likelihood_is_the_bgnbd_with_each_customers_alpha(sample):
    x, t_x, T = sample["x"], sample["t_x"], sample["T"]
    z = np.linspace(-1.0, 1.0, x.size)
    r, alpha, a, b = PUBLISHED
    # g = 0: the plain BG/NBD
    assert np.allclose(bgnbd_covariate_log_likelihood((r, alpha, a, b, 0.0), x, t_x, T, z),
                       bgnbd_log_likelihood(PUBLISHED, x, t_x, T))
    # a customer with covariate z has α exp(-g z): the plain likelihood at that α, one customer at a time
    g = 0.7
    one = [float(bgnbd_log_likelihood((r, alpha * np.exp(-g * zi), a, b), xi, ti, Ti)[()])
           for xi, ti, Ti, zi in zip(x[:20], t_x[:20], T[:20], z[:20])]
    assert np.allclose(bgnbd_covariate_log_likelihood((r, alpha, a, b, g), x[:20], t_x[:20], T[:20], z[:20]), one)


def test_a_covariate_without_effect_is_found_to_have_none(sample):
    """Noise as the covariate: g's interval holds 0, the other parameters are the plain fit's, the likelihood
    barely moves (twice its gain is a χ²(1) draw under no effect)."""
    x, t_x, T = sample["x"], sample["t_x"], sample["T"]
    z = np.random.default_rng(2).normal(size=x.size)
    plain = fit_bgnbd(x, t_x, T)
    fit = fit_bgnbd_covariate(x, t_x, T, z, covariate="noise", start=plain)
    assert fit.g.low < 0 < fit.g.high
    assert 0 <= fit.log_likelihood - plain.log_likelihood < stats.chi2.ppf(0.999, 1) / 2
    assert np.allclose(fit.params[:4], plain.params, rtol=0.1)


def test_covariate_parameters_are_recovered_from_simulated_data():
    rng = np.random.default_rng(17)
    r, alpha0, a, b, g = 0.5, 6.0, 0.7, 2.5, 0.8
    n = 8000
    z = rng.normal(size=n)
    T = rng.integers(26, 53, n).astype(float)
    x, t_x, _ = simulate_bgnbd((r, alpha0 * np.exp(-g * z), a, b), T, rng)
    fit = fit_bgnbd_covariate(x, t_x, T, z, covariate="z")
    half = (fit.g.high - fit.g.low) / 2
    assert abs(fit.g.estimate - g) < 1.6 * half, fit.g
    # α₀ is the rate parameter at the data's mean covariate: at z̄ the true α is α₀ exp(-g z̄)
    for iv, true in zip((fit.r, fit.alpha, fit.a, fit.b), (r, alpha0 * np.exp(-g * z.mean()), a, b)):
        half = (np.log(iv.high) - np.log(iv.low)) / 2
        assert abs(np.log(iv.estimate) - np.log(true)) < 1.6 * half, (iv, true)
    # and the fit beats the plain BG/NBD's by far: the covariate carries real information
    assert fit.log_likelihood > fit_bgnbd(x, t_x, T).log_likelihood + 50


def test_covariate_forecasts_rank_simulated_customers_better_than_the_plain_bgnbd():
    """With a real covariate effect, the per-customer expectations of the covariate model sum to what the
    customers bought later and correlate with it more than the plain model's."""
    rng = np.random.default_rng(23)
    r, alpha0, a, b, g = 0.5, 6.0, 0.7, 2.5, 1.0
    n = 30_000
    z = rng.normal(size=n)
    T = rng.integers(26, 53, n).astype(float)
    x, t_x, later = simulate_bgnbd((r, alpha0 * np.exp(-g * z), a, b), T, rng, extra=39.0)
    fit = fit_bgnbd_covariate(x, t_x, T, z, covariate="z")
    pred = bgnbd_conditional_expected(fit.customer_params(z), 39.0, x, t_x, T)
    plain = bgnbd_conditional_expected(fit_bgnbd(x, t_x, T).params, 39.0, x, t_x, T)
    se = later.std() * np.sqrt(later.size)
    assert abs(pred.sum() - later.sum()) < 4 * se
    assert np.corrcoef(pred, later)[0, 1] > np.corrcoef(plain, later)[0, 1]


# --------------------------------------------------------------------------
# Gamma-Gamma spend
# --------------------------------------------------------------------------


def test_gamma_gamma_reproduces_the_published_cdnow_values(sample):
    fit = fit_gamma_gamma(sample["x"], sample["zbar"])
    assert np.allclose(fit.params, (6.25, 3.74, 15.44), atol=0.01)
    head = sample.head(10)
    expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
    got = gamma_gamma_expected_spend((6.25, 3.74, 15.44), head["x"], head["zbar"])
    assert np.allclose(got, expected, atol=0.1)


def test_gamma_gamma_recovers_known_parameters():
    rng = np.random.default_rng(2)
    p, q, g = 4.0, 3.0, 20.0
    nu = rng.gamma(q, 1 / g, 4000)
    x = rng.integers(1, 8, 4000)
    mean_spend = rng.gamma(p * x, 1 / (nu * x))  # the mean of x Gamma(p, ν) spends
    fit = fit_gamma_gamma(x, mean_spend)
    for iv, true in zip((fit.p, fit.q, fit.gamma), (p, q, g)):
        assert iv.low < true < iv.high, (iv, true)


# --------------------------------------------------------------------------
# BG/BB conditional forms (Fader, Hardie & Shang 2010, donations)
# --------------------------------------------------------------------------

DONATIONS = (1.204, 0.750, 0.657, 2.783)


def test_bgbb_p_alive_matches_table_6():
    got = bgbb_p_alive(DONATIONS, [0, 2, 6], [0, 4, 6], [6, 6, 6])
    assert np.allclose(got, [0.11, 0.59, 0.93], atol=0.005)


def test_bgbb_conditional_expectation_matches_hardies_sheet():
    d = pd.read_csv(FIXTURES / "donations_summary.csv")
    total = float((bgbb_conditional_expected(DONATIONS, 5, d.frequency, d.recency, d.periods) * d.weights).sum())
    assert total == pytest.approx(12884.2, rel=5e-4)


@pytest.mark.parametrize("params", [DONATIONS, (6.93, 27.13, 105.8, 4204.0)], ids=["donations", "large_delta"])
def test_bgbb_conditional_expectation_one_period_ahead_is_p_alive_times_the_posterior_chance(params):
    """One period ahead: P(alive at n + 1) × E[p | alive, x, n] = P(alive) (α + x) / (α + β + n).

    Also with a drop-out Beta as concentrated as a small log's fit can give (γ + δ in the thousands),
    where the formula's terms overflow one by one."""
    x, t_x, n = np.array([0, 2, 5, 3]), np.array([0, 4, 6, 3]), np.array([6, 6, 7, 9])
    a, b, _, _ = params
    want = bgbb_p_alive(params, x, t_x, n) * (a + x) / (a + b + n)
    assert np.allclose(bgbb_conditional_expected(params, 1, x, t_x, n), want, rtol=1e-9)


# --------------------------------------------------------------------------
# Model choice by holdout and per-customer forecasts (the CLI's fit --json / --customers-out)
# --------------------------------------------------------------------------


def weekly_log(tmp_path, customers=400, weeks=40, seed=0) -> Path:
    """Weekly purchases (chance 0.05–0.4 a week), leaving after a purchase with chance 0.15; first buys in weeks 0–3."""
    rng = np.random.default_rng(seed)
    rows = ["customer_id,date,amount"]
    origin = np.datetime64("2024-01-01")
    for c in range(customers):
        first, p = int(rng.integers(0, 4)) if c else 0, rng.uniform(0.05, 0.4)
        buys = [first]
        for w in range(first + 1, weeks):
            if rng.random() < p:
                buys.append(w)
                if rng.random() < 0.15:
                    break
        rows += [f"c{c},{origin + np.timedelta64(7 * w, 'D')},{round(float(rng.uniform(5, 50)), 2)}" for w in buys]
    path = tmp_path / "log.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_cli_fit_json_scores_every_model_on_the_holdout_and_writes_each_customer(tmp_path, capsys):
    import json

    from cli.commands import main

    log = weekly_log(tmp_path)
    out = tmp_path / "customers.csv"
    code = main(["fit", str(log), "--period", "week", "--calibration-end", "2024-06-23", "--json",
                 "--customers-out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    data = json.loads(captured.out)
    assert {m["model"] for m in data["models"]} == {"bgbb", "bgnbd", "bgnbd_first_amount"}
    assert data["reason"] == "holdout_error"
    assert {m["model"]: m["covariate"] for m in data["models"]}["bgnbd_first_amount"] == "log_first_amount"
    assert data["scenario_model"] == ("bgnbd" if data["chosen"] == "bgnbd_first_amount" else data["chosen"])
    chosen = next(m for m in data["models"] if m["model"] == data["chosen"])
    assert all(abs(chosen["holdout"]["error"]) <= abs(m["holdout"]["error"]) for m in data["models"])
    hold = data["holdout"]
    assert hold == chosen["holdout"] and set(hold) == {"predicted", "actual", "error", "by_quarter"}
    assert sum(q["actual"] for q in hold["by_quarter"]) == hold["actual"]
    assert sum(q["predicted"] for q in hold["by_quarter"]) == pytest.approx(hold["predicted"], rel=1e-9)
    assert hold["error"] == pytest.approx(hold["predicted"] / hold["actual"] - 1)
    # the truth: customer-weeks with a purchase after the calibration end, counted from the file
    rows = pd.read_csv(log, parse_dates=["date"])
    assert hold["actual"] == int((rows.date > "2024-06-23").sum())
    table = pd.read_csv(out)
    assert list(table.columns) == ["customer_id", "p_alive", "expected_orders", "expected_value"]
    assert len(table) == 400 and table.p_alive.between(0, 1).all()
    assert table.expected_orders.sum() == pytest.approx(hold["predicted"], rel=1e-4)  # the same holdout periods


def test_covariate_models_tracking_is_the_sum_of_its_customers_expectations(tmp_path):
    """The calendar-period tracking of the covariate BG/NBD (computed on a grid of α) equals, period by period,
    Σ over customers of E[X(age) | α_i] - E[X(age - 1) | α_i], each customer's own α_i."""
    report = fit_data(weekly_log(tmp_path, customers=300), period="week", calibration_end="2024-06-23")
    s, h = report.models.score("bgnbd_first_amount"), report.models.histories
    r, alpha, a, b = s.fit.customer_params(h.covariate(s.fit.covariate))
    periods = report.log.last_period + 1
    want = np.zeros(periods)
    for i in range(h.x.size):
        age = np.arange(periods - h.first[i])
        want[h.first[i]:] += np.diff(bgnbd_expected_purchases((r, alpha[i], a, b), age), prepend=0.0)
    assert np.allclose(s.tracking, want, rtol=1e-4, atol=1e-9)


def test_a_covariate_the_same_for_everyone_adds_no_model(tmp_path):
    rows = pd.read_csv(weekly_log(tmp_path, customers=300))
    rows["amount"] = 20.0
    path = tmp_path / "same.csv"
    rows.to_csv(path, index=False)
    report = fit_data(path, period="week", calibration_end="2024-06-23")
    assert [s.model for s in report.models.scores] == ["bgbb", "bgnbd"]


def test_without_a_holdout_the_choice_is_by_tracking_and_forecasts_cover_the_next_periods(tmp_path, capsys):
    import json

    from cli.commands import main

    out = tmp_path / "customers.csv"
    assert main(["fit", str(weekly_log(tmp_path)), "--period", "week", "--json", "--customers-out", str(out),
                 "--forecast-periods", "10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["holdout"] is None and data["reason"] == "tracking_error"
    ten = pd.read_csv(out)
    assert main(["fit", str(weekly_log(tmp_path)), "--period", "week", "--customers-out", str(out),
                 "--forecast-periods", "20", "--out", str(tmp_path / "s.yaml")]) == 0
    twenty = pd.read_csv(out)
    both = ten.merge(twenty, on="customer_id")
    assert (both.expected_orders_y >= both.expected_orders_x - 1e-12).all()  # more periods, more purchases
    assert (both.expected_orders_y > both.expected_orders_x).any()


def test_fit_uncertainty_becomes_ranges_and_widens_the_bands(tmp_path):
    from simulator.engine import simulate
    from simulator.scenario import Uncertain, scenario_from_dict, scenario_to_dict

    data = weekly_log(tmp_path, customers=300).read_bytes()
    point = fit_data(data, period="week", filename="log.csv")
    ranged = fit_data(data, period="week", filename="log.csv", uncertainty=True)
    rep_p, rep_r = point.scenario.repeat_purchase, ranged.scenario.repeat_purchase
    if rep_p.bgnbd is not None:  # the chosen BG/NBD (or, for the covariate one, the plain BG/NBD)
        fields = [(rep_p.bgnbd.rate, rep_r.bgnbd.rate), (rep_p.bgnbd.dropout, rep_r.bgnbd.dropout)]
    else:
        fields = [(rep_p.rate, rep_r.rate), (point.scenario.retention.churn, ranged.scenario.retention.churn)]
    for est, rng_ in fields:
        assert isinstance(rng_, Uncertain) and not isinstance(est, Uncertain)
        assert rng_.low < est < rng_.high

    def band(scenario):
        d = scenario_to_dict(scenario)
        d["simulation"] = {"customers": 2000, "replicates": 200, "seed": 1}
        d["front_end"]["price"] = 0.0
        clv = simulate(scenario_from_dict(d)).clv
        return np.percentile(clv, 95) - np.percentile(clv, 5)

    assert band(ranged.scenario) > 1.5 * band(point.scenario)  # the data's uncertainty now shows in the band


def test_a_fitted_bgnbd_scenario_has_levers_that_keep_it_valid():
    """The app's levers on a BG/NBD scenario: no per-period repeat chance to move; moving the others keeps it valid."""
    from presentation.levers import apply, controls
    from simulator.calibration.fit import to_scenario

    T = np.full(3000, 40.0)
    x, t_x, _ = simulate_bgnbd((0.5, 6.0, 0.7, 2.5), T, np.random.default_rng(1))
    scenario = to_scenario(period="week", name="x", bgnbd=fit_bgnbd(x, t_x, T))
    levers = controls(scenario)
    keys = {c.key for c in levers}
    assert "repeat_purchase.rate" not in keys and "repeat_purchase.order_value" in keys
    for c in levers:
        if isinstance(c.initial, (int, float)) and c.key.startswith(("repeat_purchase", "retention")):
            moved = apply(scenario, {c.key: float(c.initial) * 0.5 + 0.01})
            assert moved.repeat_purchase.bgnbd == scenario.repeat_purchase.bgnbd
