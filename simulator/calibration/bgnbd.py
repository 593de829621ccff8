"""The beta-geometric/NBD (BG/NBD) model of repeat buying, fitted by maximum likelihood.

Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an
alternative to the Pareto/NBD model", Marketing Science 24(2). While active, a
customer buys as a Poisson process of rate λ (λ ~ Gamma(r, α) across
customers); right after each purchase, a customer leaves for good with
probability p (p ~ Beta(a, b) across customers). Unlike the BG/BB, a customer
can leave only after a purchase: someone who has not bought for a while may
simply be slow, not gone.

A customer's calibration history is (x, t_x, T): x repeat purchases, the last
at t_x after the first purchase (0 if none), observed for T. On a period log,
times are whole periods and a purchase is a period with a purchase, the unit
the BG/BB counts too.

Closed forms (FHL 2005): the log-likelihood (eq. 6), E[X(t)] (eq. 9),
P(alive | x, t_x, T) (eq. 11 of the note "computing P(alive)") and the
conditional expectation E[Y(t) | x, t_x, T] (eq. 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1

from ..problems import Problem
from .reading import CalibrationError, FitError
from .sbg import Interval, covariance, interval_log

Params = tuple[float, float, float, float]
"""(r, α, a, b)."""

LOG_BOUNDS = (np.log(1e-4), np.log(1e5))


@dataclass(frozen=True)
class BGNBDFit:
    """A fitted BG/NBD model (r, α, a, b) with 95% intervals (log scale, from the Hessian)."""

    r: Interval
    alpha: Interval
    a: Interval
    b: Interval
    log_likelihood: float
    customers: int
    iterations: int
    covariance: np.ndarray | None = None
    """Covariance of (log r, log α, log a, log b) at the optimum (None without intervals)."""
    notes: tuple[Problem, ...] = ()

    @property
    def params(self) -> Params:
        return (self.r.estimate, self.alpha.estimate, self.a.estimate, self.b.estimate)

    @property
    def purchase_rate(self) -> float:
        """Mean purchase rate per period of an active customer, r / α."""
        return self.r.estimate / self.alpha.estimate

    @property
    def dropout(self) -> float:
        """Mean chance of leaving after a purchase, a / (a + b)."""
        return self.a.estimate / (self.a.estimate + self.b.estimate)


def bgnbd_log_likelihood(params: Params, x, t_x, T) -> np.ndarray:
    """log L(r, α, a, b | x, t_x, T) of each customer (FHL 2005, eq. 6)."""
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x),
                      -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def bgnbd_expected_purchases(params: Params, t) -> np.ndarray:
    """E[X(t)]: expected repeat purchases in (0, t] of a customer just acquired (FHL 2005, eq. 9)."""
    r, alpha, a, b = params
    t = np.asarray(t, dtype=float)
    z = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z))


def _log_odds_dead(params: Params, x, t_x, T) -> np.ndarray:
    """log of a/(b + x - 1) ((α + T)/(α + t_x))^(r + x) for x > 0, -inf for x = 0."""
    r, alpha, a, b = params
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
                        + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x)), -np.inf)


def bgnbd_p_alive(params: Params, x, t_x, T) -> np.ndarray:
    """P(still active at T | x, t_x, T) = 1 / (1 + δ_{x>0} a/(b+x-1) ((α+T)/(α+t_x))^(r+x))."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    return np.exp(-np.logaddexp(0.0, _log_odds_dead(params, x, t_x, T)))


def bgnbd_conditional_expected(params: Params, t, x, t_x, T) -> np.ndarray:
    """E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the history (FHL 2005, eq. 10)."""
    r, alpha, a, b = params
    x, t_x, T, t = (np.asarray(v, dtype=float) for v in (x, t_x, T, t))
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    return head * tail * bgnbd_p_alive(params, x, t_x, T)


def fit_bgnbd(x, t_x, T, weights=None) -> BGNBDFit:
    """Maximum-likelihood BG/NBD fit, searched over (log r, log α, log a, log b); intervals from the Hessian.

    Raises
    ------
    CalibrationError
        Fewer than two customers, or nobody bought again.
    FitError
        When the optimiser did not converge (with its reason).
    """
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    keep = T > 0
    x, t_x, T, w = x[keep], t_x[keep], T[keep], w[keep]
    # identical histories (whole periods: many) are evaluated once
    key, inverse = np.unique(np.stack([x, t_x, T], axis=1), axis=0, return_inverse=True)
    customers = float(w.sum())
    w = np.bincount(inverse.ravel(), weights=w, minlength=key.shape[0])
    x, t_x, T = key[:, 0], key[:, 1], key[:, 2]
    if customers < 2:
        raise CalibrationError.of("", "too_few_histories")
    if not np.any(x > 0):
        raise CalibrationError.of("", "no_repeat_buying")

    def f(v):
        ll = bgnbd_log_likelihood(tuple(np.exp(v)), x, t_x, T)
        total = float(np.dot(w, ll))
        return -total if np.isfinite(total) else 1e300

    # start: r/α at the pooled rate, a/(a+b) a third
    rate = float(np.clip(np.dot(w, x) / np.dot(w, T), 1e-3, 10.0))
    start = np.log([1.0, 1.0 / rate, 1.0, 2.0])
    bounds = [LOG_BOUNDS] * 4
    res = minimize(f, start, method="L-BFGS-B", bounds=bounds)
    if not np.isfinite(res.fun) or res.fun >= 1e300:
        raise FitError.of("", "fit_not_converged", model="bgnbd", iterations=int(res.nit), reason=str(res.message))
    # polish: L-BFGS-B may stop on a relative tolerance short of the optimum
    res2 = minimize(f, res.x, method="Nelder-Mead", bounds=bounds,
                    options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 4000})
    if res2.fun <= res.fun:
        res_x, res_fun = res2.x, res2.fun
    else:
        res_x, res_fun = res.x, res.fun
    if not res.success and res2.fun > res.fun + 1e-6:
        raise FitError.of("", "fit_not_converged", model="bgnbd", iterations=int(res.nit), reason=str(res.message))
    notes = []
    limit = (res_x <= LOG_BOUNDS[0] + 1e-3) | (res_x >= LOG_BOUNDS[1] - 1e-3)
    at_limit = bool(np.any(limit))
    if limit[0] or limit[1]:
        notes.append(Problem("", "fit_bgnbd_rates_alike"))
    if limit[2] or limit[3]:
        notes.append(Problem("", "fit_bgnbd_dropout_alike"))
    cov, why = covariance(f, res_x) if not at_limit else (None, "at_limit")
    if why:
        notes.append(Problem("", "fit_no_intervals", {"cause": why}))
    ivs = [interval_log(res_x[i], None if cov is None else cov[i, i]) for i in range(4)]
    return BGNBDFit(r=ivs[0], alpha=ivs[1], a=ivs[2], b=ivs[3], log_likelihood=-float(res_fun),
                    customers=int(customers), iterations=int(res.nit), covariance=cov, notes=tuple(notes))


# --------------------------------------------------------------------------
# Gamma-Gamma spend (Fader, Hardie & Lee 2005, "RFM and CLV", appendix; Fader & Hardie note 025)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class GammaGammaFit:
    """Spend per transaction ~ Gamma(p, ν), ν ~ Gamma(q, γ) across customers."""

    p: Interval
    q: Interval
    gamma: Interval
    log_likelihood: float
    customers: int

    @property
    def params(self) -> tuple[float, float, float]:
        return (self.p.estimate, self.q.estimate, self.gamma.estimate)

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, p γ / (q - 1) (infinite for q ≤ 1)."""
        p, q, g = self.params
        return p * g / (q - 1) if q > 1 else float("inf")


def gamma_gamma_log_likelihood(params: tuple[float, float, float], x, mean_spend) -> np.ndarray:
    """log-likelihood of each customer's mean spend over x transactions (the x-specific constant kept)."""
    p, q, g = params
    x, m = np.asarray(x, dtype=float), np.asarray(mean_spend, dtype=float)
    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g) + (p * x - 1) * np.log(m)
            + p * x * np.log(x) - (p * x + q) * np.log(x * m + g))


def gamma_gamma_expected_spend(params: tuple[float, float, float], x, mean_spend) -> np.ndarray:
    """E[spend per transaction | x, mean spend] = (p (γ + x m̄)) / (p x + q - 1); the population mean at x = 0."""
    p, q, g = params
    x, m = np.asarray(x, dtype=float), np.asarray(mean_spend, dtype=float)
    return np.where(x > 0, p * (g + x * m) / (p * x + q - 1), p * g / (q - 1))


def fit_gamma_gamma(x, mean_spend) -> GammaGammaFit | None:
    """Fit on the customers with x ≥ 1 and a positive mean spend; None with fewer than 3 of them."""
    x, m = np.asarray(x, dtype=float), np.asarray(mean_spend, dtype=float)
    keep = (x > 0) & (m > 0) & np.isfinite(m)
    x, m = x[keep], m[keep]
    if x.size < 3:
        return None

    def f(v):
        total = float(np.sum(gamma_gamma_log_likelihood(tuple(np.exp(v)), x, m)))
        return -total if np.isfinite(total) else 1e300

    start = np.log([1.0, 2.0, float(np.mean(m))])
    res = minimize(f, start, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 6000})
    if not np.isfinite(res.fun) or res.fun >= 1e300:
        return None
    cov, _ = covariance(f, res.x)
    ivs = [interval_log(res.x[i], None if cov is None else cov[i, i]) for i in range(3)]
    return GammaGammaFit(p=ivs[0], q=ivs[1], gamma=ivs[2], log_likelihood=-float(res.fun), customers=int(x.size))
