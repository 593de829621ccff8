"""Shifted-beta-geometric (sBG) retention model, fitted by maximum likelihood.

Each customer's churn θ ~ Beta(a, b); a customer active at period t leaves at
the next boundary with probability θ. The share of a cohort still active at
period t is (Fader & Hardie 2007, "How to project customer retention", eq. 6)

    S(t) = B(a, b + t) / B(a, b),

which is exactly the engine's survival with ``retention.churn = a / (a + b)``
and ``retention.heterogeneity = 1 / (a + b + 1)``.

The fit maximises the likelihood of the observed counts (customers lost
between consecutive observed periods, and those still active at the last one;
gaps between periods are allowed) over x = (logit m, log κ) with mean churn
m = a / (a + b) and κ = a + b; standard errors come from the numerical Hessian
of the log-likelihood at the optimum, and intervals are symmetric on that scale
(so they stay inside the parameters' ranges).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, expit, logit

from ..distributions import mean_heterogeneity_from_beta
from ..problems import Problem
from .reading import FitError, RetentionTable

Z95 = 1.959963984540054

LOG_KAPPA_BOUNDS = (np.log(1e-3), np.log(1e6))
"""log(a + b) is searched in this range; at the upper end there is no detectable heterogeneity."""


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95% confidence interval."""

    estimate: float
    low: float
    high: float


def sbg_survival(a: float, b: float, t: np.ndarray) -> np.ndarray:
    """Share still active at period t: B(a, b + t) / B(a, b) (Fader & Hardie 2007, eq. 6)."""
    t = np.asarray(t, dtype=float)
    return np.exp(betaln(a, b + t) - betaln(a, b))


def sbg_retention_rate(a: float, b: float, t: np.ndarray) -> np.ndarray:
    """Period-on-period retention S(t) / S(t - 1) = (b + t - 1) / (a + b + t - 1), t ≥ 1 (eq. 8)."""
    t = np.asarray(t, dtype=float)
    return (b + t - 1) / (a + b + t - 1)


@dataclass(frozen=True)
class SBGFit:
    """A fitted sBG model in the scenario's terms, with 95% intervals."""

    alpha: Interval
    beta: Interval
    churn: Interval
    """Mean churn per period, a / (a + b): ``retention.churn``."""
    heterogeneity: Interval
    """1 / (a + b + 1): ``retention.heterogeneity``."""
    log_likelihood: float
    customers: int
    cohorts: int
    last_period: int
    """The longest observed period of any cohort."""
    iterations: int
    notes: tuple[Problem, ...] = ()
    """Remarks on the fit (a code and its numbers each; worded by the presentation layer)."""

    def survival(self, t: np.ndarray) -> np.ndarray:
        return sbg_survival(self.alpha.estimate, self.beta.estimate, t)


def _loglik_terms(table: RetentionTable):
    """(start periods, end periods or -1 for 'still active', weights) over all cohorts."""
    start, end, weight = [], [], []
    for c in table.cohorts:
        lost = c.active[:-1] - c.active[1:]
        start.append(c.periods[:-1])
        end.append(c.periods[1:])
        weight.append(lost)
        start.append(c.periods[-1:])
        end.append(np.array([-1]))
        weight.append(c.active[-1:])
    start, end, weight = (np.concatenate(x).astype(float) for x in (start, end, weight))
    keep = weight > 0
    return start[keep], end[keep], weight[keep]


def _neg_loglik(x: np.ndarray, start: np.ndarray, end: np.ndarray, weight: np.ndarray) -> float:
    m, kappa = expit(x[0]), np.exp(x[1])
    a, b = m * kappa, (1 - m) * kappa
    base = betaln(a, b)
    log_s0 = betaln(a, b + start) - base
    survived = end < 0
    log_s1 = betaln(a, b + np.where(survived, 0.0, end)) - base
    # lost between start and end: S(start) - S(end); still active: S(start)
    with np.errstate(divide="ignore"):
        gap = np.where(survived, log_s0, log_s0 + np.log(-np.expm1(np.minimum(log_s1 - log_s0, -1e-300))))
    return -float(np.sum(weight * gap))


def numerical_hessian(f, x: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of a scalar function."""
    k = x.size
    h = np.zeros((k, k))
    e = np.eye(k) * step
    f0 = f(x)
    for i in range(k):
        for j in range(i, k):
            if i == j:
                h[i, i] = (f(x + e[i]) - 2 * f0 + f(x - e[i])) / step**2
            else:
                h[i, j] = h[j, i] = (
                    f(x + e[i] + e[j]) - f(x + e[i] - e[j]) - f(x - e[i] + e[j]) + f(x - e[i] - e[j])
                ) / (4 * step**2)
    return h


def covariance(f, x: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """Inverse Hessian of a negative log-likelihood at its minimum, or None with the reason's code.

    The codes: ``curvature_unknown`` (the Hessian is not finite), ``flat`` (singular Hessian),
    ``not_a_maximum`` (not positive definite).
    """
    return invert_hessian(numerical_hessian(f, x))


def invert_hessian(h: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """The covariance from a negative log-likelihood's Hessian, or None with the reason's code (see :func:`covariance`)."""
    if not np.all(np.isfinite(h)):
        return None, "curvature_unknown"
    try:
        cov = np.linalg.inv(h)
    except np.linalg.LinAlgError:
        return None, "flat"
    if not np.all(np.isfinite(cov)):
        return None, "not_a_maximum"
    try:  # positive definite, not only positive variances: a saddle's inverse can have those (then a variance
        np.linalg.cholesky(cov)  # of a combination, as the delta method takes for alpha and beta, is negative)
    except np.linalg.LinAlgError:
        return None, "not_a_maximum"
    return cov, None


def interval_logit(x: float, var: float | None) -> Interval:
    """Estimate expit(x) with a 95% interval symmetric on the logit scale."""
    if var is None:
        return Interval(float(expit(x)), float("nan"), float("nan"))
    se = np.sqrt(var)
    return Interval(float(expit(x)), float(expit(x - Z95 * se)), float(expit(x + Z95 * se)))


def interval_log(x: float, var: float | None) -> Interval:
    """Estimate exp(x) with a 95% interval symmetric on the log scale."""
    if var is None:
        return Interval(float(np.exp(x)), float("nan"), float("nan"))
    se = np.sqrt(var)
    with np.errstate(over="ignore"):  # a flat likelihood: the interval is unbounded (inf)
        return Interval(float(np.exp(x)), float(np.exp(x - Z95 * se)), float(np.exp(x + Z95 * se)))


def beta_intervals(x_mean: float, x_kappa: float, cov: np.ndarray | None):
    """(alpha, beta, mean, heterogeneity) intervals from (logit m, log κ) and their covariance."""
    m = float(expit(x_mean))
    mean = interval_logit(x_mean, None if cov is None else cov[0, 0])
    kappa_var = None if cov is None else cov[1, 1]
    # heterogeneity 1 / (κ + 1) is decreasing in log κ: the interval's ends swap
    log_kappa = interval_log(x_kappa, kappa_var)

    def het_at(kappa: float) -> float:
        return float(mean_heterogeneity_from_beta(m * kappa, (1 - m) * kappa)[1])

    het = Interval(het_at(log_kappa.estimate), het_at(log_kappa.high), het_at(log_kappa.low))
    # log a = log m + log κ, log b = log(1 - m) + log κ  (delta method)
    ja, jb = np.array([1 - m, 1.0]), np.array([-m, 1.0])
    va = None if cov is None else float(ja @ cov @ ja)
    vb = None if cov is None else float(jb @ cov @ jb)
    alpha = interval_log(np.log(m) + x_kappa, va)
    beta = interval_log(np.log1p(-m) + x_kappa, vb)
    return alpha, beta, mean, het


def fit_sbg(table: RetentionTable) -> SBGFit:
    """Maximum-likelihood sBG fit to one or more cohorts' survival counts.

    Raises
    ------
    FitError
        When nobody left (churn cannot be estimated) or the optimiser did not converge (with its reason).
    """
    start, end, weight = _loglik_terms(table)
    lost = weight[end >= 0].sum()
    if lost == 0:
        raise FitError.of("", "no_churn")
    if np.all(end < 0) or weight[end < 0].sum() == 0:
        notes = [Problem("", "fit_everyone_left")]
    else:
        notes = []

    def f(x):
        return _neg_loglik(x, start, end, weight)

    # starting point: the pooled one-period churn
    first = [(c.active[0] - c.active[1]) / c.active[0] / max(1, c.periods[1]) for c in table.cohorts]
    m0 = float(np.clip(np.mean(first), 1e-3, 0.999))
    bounds = [(-15.0, 15.0), LOG_KAPPA_BOUNDS]
    best = None
    for k0 in (np.log(1.0), np.log(10.0)):
        res = minimize(f, np.array([logit(m0), k0]), method="L-BFGS-B", bounds=bounds)
        if best is None or (np.isfinite(res.fun) and res.fun < best.fun):
            best = res
    if not best.success or not np.isfinite(best.fun):
        raise FitError.of("", "fit_not_converged", model="sbg", iterations=int(best.nit), reason=str(best.message))
    x = best.x
    at_top = x[1] >= LOG_KAPPA_BOUNDS[1] - 1e-3
    cov, why = (None, "at_limit") if at_top else covariance(f, x)
    if at_top:
        notes.append(Problem("", "fit_no_heterogeneity"))
    elif why:
        notes.append(Problem("", "fit_no_intervals", {"cause": why}))
    elif np.any(np.sqrt(np.diag(cov)) > 3):
        notes.append(Problem("", "fit_wide_intervals"))
    alpha, beta, churn, het = beta_intervals(x[0], x[1], cov)
    return SBGFit(
        alpha=alpha, beta=beta, churn=churn, heterogeneity=het, log_likelihood=-float(best.fun),
        customers=table.customers, cohorts=len(table.cohorts),
        last_period=int(max(c.periods[-1] for c in table.cohorts)), iterations=int(best.nit), notes=tuple(notes),
    )
