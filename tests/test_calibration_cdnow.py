"""Validation on real data: CDNOW, fit on weeks 1–39, predict the repeat purchases of weeks 40–78.

The data stay in ``../shared/data/cdnow/`` beside the checkout. Without them
these tests skip, except when ``CI=true``, where a missing file is a failure.

Actual: 18,469 repeat purchases (customer-weeks) in weeks 40–78. The BG/BB
under-predicts every holdout quarter (its per-period drop-out decays too fast
for CDNOW, where a customer leaves only after buying); the BG/NBD models meet
the issue's 5% aim, and the one chosen by its holdout error (the BG/NBD with
the first purchase's amount as covariate, Fader & Hardie 2007) is tested here
as the aim is stated (no band around today's error). The per-customer aim of the issue (correlation ≥
0.65, top tenth ≥ 50% of the holdout purchase weeks) is held as an expected
failure (``strict=False``, ``raises=AssertionError``: only a missed aim counts):
once a model meets it the run reports XPASS, the cue to drop the marker.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from simulator.calibration.fit import fit_data
from simulator.calibration.holdout import holdout_comparison
from simulator.calibration.models import customer_forecasts, top_decile_share

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/cdnow" / "CDNOW_master.txt"


def require(path: Path) -> Path:
    """The data file, or skip (fail when CI=true) with a clear message."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CDNOW data missing at {path} (required when CI=true)")
        pytest.skip(f"CDNOW data not found at {path} (kept outside the repository in ../shared/data/cdnow/)")
    return path


def test_missing_data_skips_locally_and_fails_on_ci(tmp_path, monkeypatch):
    missing = tmp_path / "CDNOW_master.txt"
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="CDNOW data not found"):
        require(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required when CI=true"):
        require(missing)


@pytest.fixture(scope="module")
def cdnow():
    report = fit_data(require(DATA), period="week", calibration_end="1997-09-30")
    # 100,000 simulated buyers × 40 futures: the BG/NBD's few heavy buyers make a noisy mean otherwise
    cmp = holdout_comparison(report.log, report.scenario, report.scenario_fit, customers=100_000, replicates=40,
                             seed=11)
    return report, cmp


def test_the_log_is_read_and_cut_into_78_weeks(cdnow):
    report, _ = cdnow
    log = report.log
    assert report.columns == {"customer": "customer_id", "date": "date", "amount": "dollar_value"}
    assert log.ids.size == 23_570
    assert (log.calibration_end, log.last_period) == (38, 77)  # weeks 1–39 fit, 40–78 held out
    assert log.first.max() == 11  # every customer's first purchase is in the first 12 weeks
    assert report.bgbb.customers == 23_570


def test_fitted_parameters_are_plausible_and_tight(cdnow):
    report, _ = cdnow
    b = report.bgbb
    # about one week in twenty with a purchase while active, about one in twenty leaving each week
    assert 0.03 < b.purchase_rate.estimate < 0.08 and b.purchase_rate.high - b.purchase_rate.low < 0.01
    assert 0.03 < b.churn.estimate < 0.09
    assert b.churn.low < b.churn.estimate < b.churn.high
    assert report.order_value.mean == pytest.approx(41.3, abs=1.0)  # dollars per repeat customer-week
    # the scenario follows the chosen model's family: the BG/NBD's purchases, leaving only after one (no churn);
    # the covariate BG/NBD describes individuals, so its scenario is the BG/NBD fitted without the covariate
    g = report.scenario.repeat_purchase.bgnbd
    assert report.models.chosen in ("bgnbd", "bgnbd_first_amount") and g is not None
    assert report.scenario.retention.churn == 0
    assert 0 < g.dropout < 1 and g.dropout_heterogeneity > 0 and g.rate == pytest.approx(
        report.models.score("bgnbd").fit.purchase_rate, rel=1e-5)


def test_customers_with_a_larger_first_purchase_buy_more_often(cdnow):
    """Fader & Hardie's (2007) covariate BG/NBD on CDNOW: a larger first purchase, a higher purchase rate
    (g > 0, its 95% interval clear of 0), and a likelihood better than the plain BG/NBD's by more than BIC's
    price of the extra parameter."""
    report, _ = cdnow
    cov, plain = report.models.score("bgnbd_first_amount"), report.models.score("bgnbd")
    assert cov.fit.g.low > 0
    assert cov.bic < plain.bic
    assert cov.covariate == "log_first_amount"


def test_engine_prediction_matches_the_fitted_models_formula(cdnow):
    """The engine simulating the written (BG/NBD) scenario agrees with the closed form within 1% over the
    holdout, and week by week."""
    _, cmp = cdnow
    t = cmp.table
    assert abs(cmp.predicted_total / cmp.closed_form_total - 1) < 0.01
    late = t[t.period >= 14]
    assert np.allclose(late.predicted, late.closed_form, rtol=0.05)


def test_calibration_weeks_are_tracked(cdnow):
    _, cmp = cdnow
    t = cmp.table
    calib = t[~t.holdout]
    assert calib.predicted.sum() == pytest.approx(calib.actual.sum(), rel=0.03)


def test_holdout_actuals_are_the_data(cdnow):
    """The held-out truth itself: 18,469 repeat customer-weeks in weeks 40–78 of the log (no model involved)."""
    _, cmp = cdnow
    assert cmp.actual_total == 18_469


def test_the_chosen_model_predicts_the_holdout_within_5_percent(cdnow):
    """The issue's aim: fitted on weeks 1–39, the chosen model's customer-weeks with a purchase in weeks 40–78."""
    report, _ = cdnow
    choice = report.models
    chosen = choice.score()
    assert chosen.actual == 18_469  # the same truth as the engine's comparison counts
    assert sum(q.actual for q in chosen.by_quarter) == chosen.actual
    assert sum(q.predicted for q in chosen.by_quarter) == pytest.approx(chosen.predicted, rel=1e-9)
    assert abs(chosen.error) < 0.05, f"holdout error {chosen.error:+.1%} ({chosen.model})"
    assert all(abs(chosen.error) <= abs(s.error) for s in choice.scores)
    assert {s.model for s in choice.scores} == {"bgbb", "bgnbd", "bgnbd_first_amount"}


@pytest.fixture(scope="module")
def customers(cdnow):
    report, _ = cdnow
    return customer_forecasts(report.models).table


def test_every_customer_is_forecast(customers):
    t = customers
    assert len(t) == 23_570 and t.customer_id.is_unique
    assert t.p_alive.between(0, 1).all() and (t.expected_orders >= 0).all() and (t.expected_value >= 0).all()
    assert t.actual_orders.sum() == 18_469


def test_top_tenth_by_expected_value_brings_half_the_holdout_revenue(customers):
    """The peers' figure (lifetimes / pymc-marketing: 51%): whom to call, by expected value."""
    t = customers
    assert top_decile_share(t.expected_value, t.actual_value) >= 0.50


@pytest.mark.xfail(strict=False, raises=AssertionError,
                   reason="the issue's per-customer aim (correlation ≥ 0.65 with actual holdout purchase weeks, "
                   "top tenth ≥ 50% of them) is above what every model tried reaches on CDNOW: BG/BB, BG/NBD on "
                   "weeks, BG/NBD on days (collapsed to one purchase a day, forecast as expected purchases or as "
                   "expected purchase weeks), the BG/NBD with the first purchase's amount as covariate (weeks or "
                   "days) and the Pareto/NBD (weeks or days): all 0.629–0.640 and 43.8–44.2% (the best possible "
                   "tenth holds 66%). Even the holdout's own mean per (x, t_x) cell, an in-sample oracle, reaches "
                   "only 44.8%; 5-fold cross-validated cell means 42.7%. bench/cdnow_per_customer.py")
def test_per_customer_expected_orders_track_the_holdout(customers):
    t = customers
    corr = float(np.corrcoef(t.expected_orders, t.actual_orders)[0, 1])
    share = top_decile_share(t.expected_orders, t.actual_orders)
    assert corr >= 0.65 and share >= 0.50, f"correlation {corr:.3f}, top tenth {share:.1%}"
