"""Checking a fit against what happened after the calibration window.

The fitted scenario is simulated with the engine (its own repeat-order and
drop-out draws), each cohort starting in the period of its first purchases;
the predicted repeat orders per calendar period are compared with the actual
ones (a repeat order = a customer's purchases in one period after their first,
as in the fit). The closed form of the model the scenario came from (BG/BB, FHS 2010, or
BG/NBD, FHL 2005) is shown beside the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..engine import simulate
from ..scenario import Scenario, scenario_from_dict, scenario_to_dict
from .bgbb import BGBBFit, bgbb_expected_per_period
from .bgnbd import BGNBDFit, bgnbd_expected_purchases
from .periods import PeriodLog


@dataclass(frozen=True)
class HoldoutComparison:
    """Predicted and actual repeat orders per calendar period, and holdout totals."""

    table: pd.DataFrame
    """period, label, actual, predicted (engine mean), predicted_p5, predicted_p95, closed_form, holdout (bool)."""
    calibration_end: int
    actual_total: int
    predicted_total: float
    closed_form_total: float
    replicates: int
    customers: int

    @property
    def error(self) -> float:
        """Relative error of the engine's holdout total: predicted / actual - 1."""
        return self.predicted_total / self.actual_total - 1.0 if self.actual_total else float("nan")

    @property
    def closed_form_error(self) -> float:
        return self.closed_form_total / self.actual_total - 1.0 if self.actual_total else float("nan")


def engine_orders_per_buyer(scenario: Scenario, horizon: int, *, customers: int, replicates: int, seed: int) -> np.ndarray:
    """(replicates, horizon) repeat orders per buyer by period since the first purchase, simulated by the engine."""
    data = scenario_to_dict(scenario)
    data["horizon"] = int(horizon)
    data["discount_rate"] = 0.0
    data["simulation"] = {"customers": int(customers), "replicates": int(replicates), "seed": int(seed)}
    rep = dict(data["repeat_purchase"])
    rep.update(order_value=1.0, margin=1.0)  # revenue per buyer = orders per buyer
    data["repeat_purchase"] = rep
    result = simulate(scenario_from_dict(data))
    return result.revenue_per_buyer[result.source_index("repeat_orders")]


def holdout_comparison(
    log: PeriodLog,
    scenario: Scenario,
    bgbb: BGBBFit | BGNBDFit | None = None,
    *,
    customers: int | None = None,
    replicates: int = 20,
    seed: int = 7,
) -> HoldoutComparison:
    """Simulate the fitted scenario for the customers who started in the calibration window and compare.

    Parameters
    ----------
    log : PeriodLog
        The whole log (calibration and holdout); ``log.calibration_end`` splits it.
    scenario : Scenario
        The fitted scenario (from :func:`~simulator.calibration.fit.fit_data`).
    bgbb : BGBBFit or BGNBDFit, optional
        The fit the scenario came from (``FitReport.scenario_fit``): adds its closed-form expectation.
    customers : int, optional
        Simulated buyers per replicate (default: as many as the data's calibration customers).
    """
    periods = log.last_period + 1
    starters = log.first <= log.calibration_end
    sizes = np.bincount(log.first[starters], minlength=periods).astype(float)
    n = int(customers or starters.sum())
    per_buyer = engine_orders_per_buyer(scenario, periods, customers=n, replicates=replicates, seed=seed)
    # calendar period w gets Σ_f size_f × orders per buyer at age w - f
    predicted = np.stack([np.convolve(sizes, row)[:periods] for row in per_buyer])
    closed = np.zeros(periods)
    if bgbb is not None:
        age = np.arange(periods)
        if isinstance(bgbb, BGNBDFit):
            per = np.diff(bgnbd_expected_purchases(bgbb.params, age), prepend=0.0)
        else:
            per = bgbb_expected_per_period(bgbb.params, age)
        closed = np.convolve(sizes, per)[:periods]
    rep = log.repeat & starters[log.customer]
    actual = np.bincount(log.period_index[rep], minlength=periods)
    k = np.arange(periods)
    holdout = k > log.calibration_end
    table = pd.DataFrame({
        "period": k, "label": [log.label(i) for i in k], "actual": actual,
        "predicted": predicted.mean(axis=0), "predicted_p5": np.percentile(predicted, 5, axis=0),
        "predicted_p95": np.percentile(predicted, 95, axis=0), "closed_form": closed, "holdout": holdout,
    })
    return HoldoutComparison(
        table=table, calibration_end=log.calibration_end, actual_total=int(actual[holdout].sum()),
        predicted_total=float(predicted[:, holdout].sum(axis=1).mean()),
        closed_form_total=float(closed[holdout].sum()), replicates=replicates, customers=n,
    )
