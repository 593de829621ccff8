"""Validation on real data: CDNOW, fit on weeks 1–39, predict the repeat purchases of weeks 40–78.

The data stay in ``../shared/data/cdnow/`` beside the checkout. Without them
these tests skip, except when ``CI=true``, where a missing file is a failure.

Measured (see ``bench/cdnow_validation.py``): actual 18,469 repeat purchases
(customer-weeks) in weeks 40–78; the engine simulating the fitted scenario
predicts about 16,100 and the BG/BB formula 16,178, i.e. -12 to -13%: the
issue's aim of 5% is *not* met. Most of the gap (about 2,200 of 2,400) falls in
two bursts of buying the model cannot know about (weeks 43–50, the 1997
holiday season, and weeks 61–65). Those figures are measurements, kept in the
benchmark, not pinned here: a better model must not fail the suite.
``test_holdout_total_within_5_percent`` holds the aim as an expected failure
(``strict=False``): while the model misses it the suite stays green, and once
it is met the run reports XPASS, the cue to drop the marker. ``raises=
AssertionError`` keeps the marker from hiding anything else (a crash in the
fit, missing data on CI): only a missed aim counts as the expected failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from simulator.calibration.fit import fit_data
from simulator.calibration.holdout import holdout_comparison

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
    return report, holdout_comparison(report.log, report.scenario, report.bgbb, replicates=20, seed=11)


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
    assert report.scenario.repeat_purchase.heterogeneity > 0 and report.scenario.retention.heterogeneity > 0


def test_engine_prediction_matches_the_bgbb_formula(cdnow):
    """The engine simulating the written scenario agrees with the closed form, week by week and in total."""
    _, cmp = cdnow
    t = cmp.table
    se_total = float(((t.predicted_p95 - t.predicted_p5)[t.holdout].sum()) / (2 * 1.645) / np.sqrt(cmp.replicates))
    assert abs(cmp.predicted_total - cmp.closed_form_total) < 4 * se_total + 0.01 * cmp.closed_form_total
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


@pytest.mark.xfail(strict=False, raises=AssertionError,
                   reason="the issue's 5% aim: BG/BB under-predicts CDNOW weeks 40–78 (holiday and spring 1998 "
                   "bursts; bench/cdnow_validation.py measures by how much)")
def test_holdout_total_within_5_percent(cdnow):
    _, cmp = cdnow
    assert abs(cmp.error) < 0.05, f"holdout error {cmp.error:+.1%}"
