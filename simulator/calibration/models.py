"""Choosing a repeat-buying model by its holdout, and forecasting each customer.

Every model (BG/BB, BG/NBD, and the BG/NBD with the first purchase's amount as a
time-invariant covariate) is fitted on the calibration window of a period
log and, when the log goes on after the calibration end, scored on the
holdout: the predicted customer-periods with a purchase after the calibration
end (each customer's conditional expectation given their own history, summed)
against the actual ones, overall and by quarter. The model with the smallest
holdout error is chosen; without a holdout, the one that tracks the
calibration periods' purchases best (the two likelihoods are not on one
scale: the BG/BB's is a probability of whole periods, the BG/NBD's a density
in continuous time, so log-likelihoods and BIC are shown but do not decide).

The covariate model (Fader & Hardie 2007) lets the Gamma rate parameter depend on
z = log(1 + the amount of the customer's first purchase period): α_i = α₀ exp(-g (z_i - z̄)).
It describes individuals, not a population a scenario can start from, so when it is
chosen the fitted scenario still follows the plain BG/NBD (see :func:`scenario_model`);
the per-customer forecasts follow the chosen model.

Per customer: P(alive), expected purchase periods over the holdout (or the
next N periods) and expected value = expected purchases × Gamma-Gamma spend
per purchase period.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .bgbb import BGBBFit, bgbb_conditional_expected, bgbb_expected_per_period, bgbb_p_alive, fit_bgbb
from .bgnbd import (
    BGNBDCovariateFit,
    BGNBDFit,
    GammaGammaFit,
    bgnbd_conditional_expected,
    bgnbd_expected_purchases,
    bgnbd_p_alive,
    fit_bgnbd,
    fit_bgnbd_covariate,
    fit_gamma_gamma,
    gamma_gamma_expected_spend,
)
from .periods import PeriodLog
from .reading import CalibrationError
from .sbg import Interval

MODELS = ("bgbb", "bgnbd", "bgnbd_first_amount")
COVARIATES = {"bgnbd_first_amount": "log_first_amount"}
"""The covariate each covariate model uses (``log_first_amount``: log(1 + the first purchase period's amount))."""
QUARTER = {"week": 13, "month": 3, "year": 1}
"""Periods per holdout "quarter" (a year is its own bucket)."""
DEFAULT_FORECAST_PERIODS = {"week": 52, "month": 12, "year": 3}
"""The next N periods forecast per customer without a holdout: a year (3 years of years)."""
TRACKING_GRID = 257
"""Points of the log α grid the covariate BG/NBD's tracking is computed on."""


@dataclass(frozen=True)
class CustomerHistories:
    """Per customer who first bought in the calibration window: (x, t_x, T) and what came after."""

    ids: np.ndarray
    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    spend: np.ndarray
    """Mean spend per repeat purchase period in the calibration window (0 without one)."""
    holdout: np.ndarray
    """Purchase periods after the calibration end."""
    holdout_revenue: np.ndarray
    holdout_by_period: np.ndarray
    """(holdout periods,) all customers' purchase periods in each holdout period."""
    first_amount: np.ndarray
    """The amount of the customer's first purchase period (the front-end sale)."""
    first: np.ndarray
    """The customer's first purchase period."""

    def covariate(self, name: str) -> np.ndarray:
        """A time-invariant covariate of each customer by its code (see :data:`COVARIATES`)."""
        if name == "log_first_amount":
            return np.log1p(np.maximum(self.first_amount, 0.0))
        raise ValueError(f"unknown covariate {name!r}")  # a caller's bug


def customer_histories(log: PeriodLog) -> CustomerHistories:
    end = log.calibration_end
    keep = log.first <= end
    f = log.first
    cal = log.repeat & (log.period_index <= end)
    c = log.customer
    x = np.bincount(c[cal], minlength=f.size)
    last = np.zeros(f.size, dtype=np.int64)
    np.maximum.at(last, c[cal], log.period_index[cal])
    t_x = np.where(x > 0, last - f, 0)
    spend = np.bincount(c[cal], weights=log.amount[cal], minlength=f.size) / np.maximum(x, 1)
    hold = (log.period_index > end) & keep[c]
    h_n = np.bincount(c[hold], minlength=f.size)
    h_rev = np.bincount(c[hold], weights=log.amount[hold], minlength=f.size)
    by = np.bincount(log.period_index[hold] - end - 1, minlength=log.last_period - end)
    front = log.period_index == f[c]
    first_amount = np.bincount(c[front], weights=log.amount[front], minlength=f.size)
    return CustomerHistories(ids=log.ids[keep], x=x[keep], t_x=t_x[keep], T=(end - f)[keep], spend=spend[keep],
                             holdout=h_n[keep], holdout_revenue=h_rev[keep], holdout_by_period=by,
                             first_amount=first_amount[keep], first=f[keep])


def typical_histories(choice: "ModelChoice", x, t_x, T) -> CustomerHistories:
    """Made-up customers with the histories (x, t_x, T) and the data's typical first purchase.

    The typical first purchase is the one at the mean of log(1 + amount) over the calibration
    customers, so a covariate model gives them its α₀. Used to draw P(alive) by x and t_x.
    """
    x, t_x, T = (np.asarray(v) for v in np.broadcast_arrays(x, t_x, T))
    typical = float(np.expm1(np.log1p(np.maximum(choice.histories.first_amount, 0.0)).mean()))
    zeros = np.zeros(x.size)
    return CustomerHistories(ids=np.arange(x.size), x=x, t_x=t_x, T=T, spend=zeros, holdout=zeros,
                             holdout_revenue=zeros, holdout_by_period=np.zeros(0),
                             first_amount=np.full(x.size, typical), first=np.zeros(x.size, dtype=np.int64))


@dataclass(frozen=True)
class QuarterScore:
    first: int
    """First holdout period of the quarter (0 = the first after the calibration end)."""
    last: int
    predicted: float
    actual: int

    @property
    def error(self) -> float:
        return self.predicted / self.actual - 1.0 if self.actual else float("nan")


@dataclass(frozen=True)
class ModelScore:
    """One model's fit and its scores."""

    model: str
    params: tuple[tuple[str, Interval], ...]
    """(symbol, estimate with 95% interval) in the model's notation."""
    log_likelihood: float
    customers: int
    fit: BGBBFit | BGNBDFit | BGNBDCovariateFit = field(repr=False)
    tracking: np.ndarray = field(repr=False)
    """Expected purchase periods in each calendar period 0..last (cohorts by first period; unconditional)."""
    tracking_error: float
    """Mean absolute error of ``tracking`` over the calibration periods, relative to their mean."""
    predicted: float | None = None
    """Holdout purchase periods, Σ customers' conditional expectations; None without a holdout."""
    actual: int | None = None
    by_quarter: tuple[QuarterScore, ...] = ()

    @property
    def k(self) -> int:
        return len(self.params)

    @property
    def covariate(self) -> str | None:
        """The covariate's code (:data:`COVARIATES`), None for a model without."""
        return COVARIATES.get(self.model)

    @property
    def bic(self) -> float:
        return self.k * np.log(self.customers) - 2 * self.log_likelihood

    @property
    def error(self) -> float | None:
        if self.predicted is None or not self.actual:
            return None
        return self.predicted / self.actual - 1.0


@dataclass(frozen=True)
class ModelChoice:
    """Every model's score, the chosen one and why (a code: ``holdout_error`` or ``tracking_error``)."""

    scores: tuple[ModelScore, ...]
    chosen: str
    reason: str
    histories: CustomerHistories = field(repr=False)
    period: str = "week"
    holdout_periods: int = 0

    def score(self, model: str | None = None) -> ModelScore:
        name = model or self.chosen
        return next(s for s in self.scores if s.model == name)

    def to_dict(self, log: PeriodLog) -> dict:
        """Plain numbers for JSON: every model's fit and scores, the chosen one, and its ``holdout``.

        ``scenario_model`` names the model the fitted scenario follows (:func:`scenario_model`).
        ``holdout`` is ``{predicted, actual, error, by_quarter}`` of the chosen model (None without a
        holdout): ``predicted`` counts customer-periods with a purchase after the calibration end, summed
        over the customers; each quarter names its first and last period and the first's date.
        """
        def iv(i: Interval) -> dict:
            return {"estimate": _num(i.estimate), "low95": _num(i.low), "high95": _num(i.high)}

        def holdout(s: ModelScore):
            if s.predicted is None:
                return None
            end = log.calibration_end
            return {"predicted": s.predicted, "actual": s.actual, "error": _num(s.error),
                    "by_quarter": [{"first_period": end + 1 + q.first, "last_period": end + 1 + q.last,
                                    "start": log.label(end + 1 + q.first), "predicted": q.predicted,
                                    "actual": q.actual, "error": _num(q.error)} for q in s.by_quarter]}

        models = [{"model": s.model, "covariate": s.covariate, "params": {ASCII.get(k, k): iv(v) for k, v in s.params},
                   "log_likelihood": s.log_likelihood, "bic": s.bic, "customers": s.customers,
                   "tracking_error": _num(s.tracking_error), "holdout": holdout(s)} for s in self.scores]
        return {"models": models, "chosen": self.chosen, "reason": self.reason, "scenario_model": scenario_model(self),
                "calibration_end_period": log.calibration_end, "last_period": log.last_period,
                "holdout": holdout(self.score())}


ASCII = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "α₀": "alpha0"}
"""The models' symbols spelled for JSON keys."""


def _num(x: float | None) -> float | None:
    """A float for JSON: NaN and infinities become None."""
    return None if x is None or not np.isfinite(x) else float(x)


def _customer_params(score: ModelScore, h: CustomerHistories) -> tuple:
    """The BG/NBD's (r, α, a, b), with each customer's α_i for a covariate model."""
    if isinstance(score.fit, BGNBDCovariateFit):
        return score.fit.customer_params(h.covariate(score.fit.covariate))
    return score.fit.params


def conditional_expected(score: ModelScore, h: CustomerHistories, future) -> np.ndarray:
    """Each customer's expected purchase periods in the ``future`` periods after the calibration end."""
    if score.model == "bgbb":
        return bgbb_conditional_expected(score.fit.params, future, h.x, h.t_x, h.T)
    return bgnbd_conditional_expected(_customer_params(score, h), future, h.x, h.t_x, h.T)


def p_alive(score: ModelScore, h: CustomerHistories) -> np.ndarray:
    if score.model == "bgbb":
        return bgbb_p_alive(score.fit.params, h.x, h.t_x, h.T)
    return bgnbd_p_alive(_customer_params(score, h), h.x, h.t_x, h.T)


def _tracking(model: str, fit, log: PeriodLog, h: CustomerHistories) -> np.ndarray:
    """Expected purchase periods in each calendar period, the customers' cohorts summed (unconditional)."""
    periods = log.last_period + 1
    sizes = np.bincount(log.first[log.first <= log.calibration_end], minlength=periods).astype(float)
    age = np.arange(periods)
    if model == "bgbb":
        per = bgbb_expected_per_period(fit.params, age)
    elif isinstance(fit, BGNBDCovariateFit):
        # each customer's own α_i: E[X(t)] on a fine grid of log α (linear interpolation between its
        # points, relative error ~1e-5), each cohort's customers spread on the grid, summed in calendar time
        r, alpha, a, b = fit.customer_params(h.covariate(fit.covariate))
        grid = np.linspace(np.log(alpha.min()), np.log(alpha.max()) + 1e-12, TRACKING_GRID)
        pos = np.interp(np.log(alpha), grid, np.arange(grid.size))
        low = np.minimum(pos.astype(int), grid.size - 2)
        frac = pos - low
        weights = np.zeros((periods, grid.size))
        np.add.at(weights, (h.first, low), 1.0 - frac)
        np.add.at(weights, (h.first, low + 1), frac)
        cum = bgnbd_expected_purchases((r, np.exp(grid)[:, None], a, b), age[None, :])
        per = weights @ np.diff(cum, axis=1, prepend=0.0)  # (first period, age)
        out = np.zeros(periods)
        for f0 in np.flatnonzero(weights.sum(axis=1)):  # one pass per first period, not per customer
            out[f0:] += per[f0, :periods - f0]
        return out
    else:
        cum = bgnbd_expected_purchases(fit.params, age)
        per = np.diff(cum, prepend=0.0)
    return np.convolve(sizes, per)[:periods]


def _score(model: str, fit, log: PeriodLog, h: CustomerHistories) -> ModelScore:
    if model == "bgbb":
        params = (("α", fit.purchase_alpha), ("β", fit.purchase_beta), ("γ", fit.dropout_alpha),
                  ("δ", fit.dropout_beta))
    elif isinstance(fit, BGNBDCovariateFit):
        params = (("r", fit.r), ("α₀", fit.alpha), ("a", fit.a), ("b", fit.b), ("g", fit.g))
    else:
        params = (("r", fit.r), ("α", fit.alpha), ("a", fit.a), ("b", fit.b))
    track = _tracking(model, fit, log, h)
    end = log.calibration_end
    rep = log.repeat & (log.first[log.customer] <= end)
    actual = np.bincount(log.period_index[rep], minlength=log.last_period + 1)
    calib = slice(1, end + 1)
    mean = max(float(actual[calib].mean()), 1e-12) if end >= 1 else 1.0
    tracking_error = float(np.abs(track[calib] - actual[calib]).mean() / mean) if end >= 1 else float("nan")
    score = ModelScore(model=model, params=params, log_likelihood=fit.log_likelihood, customers=fit.customers,
                       fit=fit, tracking=track, tracking_error=tracking_error)
    horizon = log.last_period - end
    if horizon <= 0:
        return score
    q = QUARTER[log.period]
    cum = {0: np.zeros(h.x.size)}
    edges = list(range(0, horizon, q)) + [horizon]
    for e in edges[1:]:
        cum[e] = conditional_expected(score, h, e)
    quarters = tuple(QuarterScore(first=a, last=b - 1, predicted=float((cum[b] - cum[a]).sum()),
                                  actual=int(h.holdout_by_period[a:b].sum())) for a, b in zip(edges, edges[1:]))
    return ModelScore(**{**score.__dict__, "predicted": float(cum[horizon].sum()), "actual": int(h.holdout.sum()),
                         "by_quarter": quarters})


def compare_models(log: PeriodLog, bgbb: BGBBFit | None = None) -> ModelChoice:
    """Fit BG/BB, BG/NBD and the covariate BG/NBD on the calibration window, score them and choose.

    See the module's docstring. ``bgbb`` reuses a BG/BB fit already made on the same window.
    """
    h = customer_histories(log)
    bgbb = bgbb or fit_bgbb(log)
    scores = [_score("bgbb", bgbb, log, h)]
    try:
        plain = fit_bgnbd(h.x, h.t_x, h.T)
    except CalibrationError:  # the BG/NBD did not converge on these data: the BG/BB stands alone
        plain = None
    if plain is not None:
        scores.append(_score("bgnbd", plain, log, h))
        for model, covariate in COVARIATES.items():
            z = h.covariate(covariate)
            if np.ptp(z) == 0:  # the same for everyone: nothing to scale by
                continue
            try:
                fit = fit_bgnbd_covariate(h.x, h.t_x, h.T, z, covariate=covariate, start=plain)
            except CalibrationError:
                continue
            scores.append(_score(model, fit, log, h))
    scores = tuple(scores)
    horizon = log.last_period - log.calibration_end
    if horizon > 0 and all(s.error is not None for s in scores):
        chosen, reason = min(scores, key=lambda s: abs(s.error)).model, "holdout_error"
    else:
        chosen, reason = min(scores, key=lambda s: s.tracking_error).model, "tracking_error"
    return ModelChoice(scores=scores, chosen=chosen, reason=reason, histories=h, period=log.period,
                       holdout_periods=max(horizon, 0))


def scenario_model(choice: ModelChoice) -> str:
    """The model a fitted scenario follows: the chosen one, or the plain BG/NBD for a covariate model.

    A scenario simulates new customers whose covariate is not known, so it takes the BG/NBD fitted
    without one on the same window.
    """
    return "bgnbd" if choice.chosen in COVARIATES else choice.chosen


@dataclass(frozen=True)
class CustomerForecast:
    table: pd.DataFrame
    """customer_id, x, t_x, T, p_alive, expected_orders, expected_spend, expected_value (and, with a holdout,
    actual_orders and actual_value), sorted by expected_value, highest first."""
    periods: int
    """The periods ``expected_orders`` covers (the holdout, or the next N)."""
    model: str
    spend: GammaGammaFit | None


def customer_forecasts(choice: ModelChoice, periods: int | None = None, model: str | None = None) -> CustomerForecast:
    """P(alive), expected purchase periods and Gamma-Gamma value for each customer.

    ``periods`` defaults to the holdout's length when there is one, else a year
    (:data:`DEFAULT_FORECAST_PERIODS`). Without a Gamma-Gamma fit (fewer than
    three repeat buyers) the expected spend is each customer's own mean, or the
    mean of all.
    """
    h = choice.histories
    score = choice.score(model)
    n = int(periods or choice.holdout_periods or DEFAULT_FORECAST_PERIODS[choice.period])
    orders = conditional_expected(score, h, n)
    gg = fit_gamma_gamma(h.x, h.spend)
    if gg is not None and gg.q.estimate > 1:
        spend = gamma_gamma_expected_spend(gg.params, h.x, h.spend)
    else:
        overall = float(np.sum(h.spend * h.x) / max(h.x.sum(), 1))
        spend = np.where(h.x > 0, h.spend, overall)
    table = pd.DataFrame({"customer_id": h.ids, "x": h.x, "t_x": h.t_x, "T": h.T, "p_alive": p_alive(score, h),
                          "expected_orders": orders, "expected_spend": spend, "expected_value": orders * spend})
    if choice.holdout_periods and n == choice.holdout_periods:
        table["actual_orders"] = h.holdout
        table["actual_value"] = h.holdout_revenue
    table = table.sort_values("expected_value", ascending=False, kind="stable").reset_index(drop=True)
    return CustomerForecast(table=table, periods=n, model=score.model, spend=gg)


def top_decile_share(predicted: np.ndarray, actual: np.ndarray) -> float:
    """Share of ``actual`` held by the tenth of customers with the highest ``predicted``."""
    predicted, actual = np.asarray(predicted, dtype=float), np.asarray(actual, dtype=float)
    k = max(1, predicted.size // 10)
    top = np.argsort(-predicted, kind="stable")[:k]
    return float(actual[top].sum() / actual.sum()) if actual.sum() else float("nan")
