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
from scipy.special import digamma, gammaln, hyp2f1

from ..problems import Problem
from ..scenario import POLARISATION_MAX
from .reading import CalibrationError, FitError
from .sbg import Z95, Interval, covariance, interval_log, invert_hessian

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



def polarised_note(log_a: float, log_b: float) -> list[Problem]:
    """A note when the fitted drop-out's heterogeneity 1 / (a + b + 1) passes the scenario's ceiling
    (:data:`~simulator.scenario.POLARISATION_MAX`): the scenario carries the ceiling instead."""
    het = 1.0 / (float(np.exp(log_a) + np.exp(log_b)) + 1.0)
    if het <= POLARISATION_MAX:
        return []
    return [Problem("", "fit_bgnbd_dropout_polarised", {"fitted": round(het, 4), "kept": POLARISATION_MAX})]

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
    notes += polarised_note(res_x[2], res_x[3])
    cov, why = covariance(f, res_x) if not at_limit else (None, "at_limit")
    if why:
        notes.append(Problem("", "fit_no_intervals", {"cause": why}))
    ivs = [interval_log(res_x[i], None if cov is None else cov[i, i]) for i in range(4)]
    return BGNBDFit(r=ivs[0], alpha=ivs[1], a=ivs[2], b=ivs[3], log_likelihood=-float(res_fun),
                    customers=int(customers), iterations=int(res.nit), covariance=cov, notes=tuple(notes))


# --------------------------------------------------------------------------
# BG/NBD with a time-invariant covariate (Fader & Hardie 2007, "Incorporating time-invariant covariates into
# the Pareto/NBD and BG/NBD models", eq. for the BG/NBD: α_i = α₀ exp(-g z_i))
# --------------------------------------------------------------------------

CovParams = tuple[float, float, float, float, float]
"""(r, α₀, a, b, g)."""


@dataclass(frozen=True)
class BGNBDCovariateFit:
    """A BG/NBD whose Gamma rate parameter depends on one covariate z: α_i = α₀ exp(-g (z_i - z̄)).

    Customers with a higher z buy more often when g > 0 (their mean rate is r / α_i). z̄ is the
    fitting data's mean, so α₀ is the rate parameter of a customer at the mean; intervals are 95%,
    from the Hessian (log scale for r, α₀, a, b; linear for g).
    """

    r: Interval
    alpha: Interval
    a: Interval
    b: Interval
    g: Interval
    log_likelihood: float
    customers: int
    iterations: int
    covariate: str
    """The covariate's code (``log_first_amount``: log(1 + the first purchase period's amount))."""
    covariate_mean: float
    covariance: np.ndarray | None = None
    """Covariance of (log r, log α₀, log a, log b, g) at the optimum (None without intervals)."""
    notes: tuple[Problem, ...] = ()

    @property
    def params(self) -> CovParams:
        return (self.r.estimate, self.alpha.estimate, self.a.estimate, self.b.estimate, self.g.estimate)

    def customer_params(self, z) -> tuple:
        """(r, α_i, a, b) for covariate values ``z``: the plain BG/NBD formulas take them customer by customer."""
        r, alpha0, a, b, g = self.params
        return (r, alpha0 * np.exp(-g * (np.asarray(z, dtype=float) - self.covariate_mean)), a, b)


def _cov_terms(v, x, t_x, T, z):
    """Per-customer log-likelihood and its gradient in v = (log r, log α₀, log a, log b, g); z centred."""
    r, alpha0, a, b = np.exp(v[:4])
    g = v[4]
    al = alpha0 * np.exp(-g * z)
    A = gammaln(r + x) - gammaln(r) + r * np.log(al) \
        + gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(al + T)
    rep = x > 0
    bx = np.where(rep, b + x - 1, 1.0)
    a4 = np.where(rep, np.log(a) - np.log(bx) - (r + x) * np.log(al + t_x), -np.inf)
    L = np.logaddexp(a3, a4)
    w3, w4 = np.exp(a3 - L), np.exp(a4 - L)
    d_r = digamma(r + x) - digamma(r) + np.log(al) - w3 * np.log(al + T) - w4 * np.where(rep, np.log(al + t_x), 0.0)
    d_al = r / al - w3 * (r + x) / (al + T) - w4 * (r + x) / (al + t_x)
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - w4 / bx
    grad = np.stack([d_r * r, d_al * al, d_a * a, d_b * b, -d_al * al * z])
    return A + L, grad


def bgnbd_covariate_log_likelihood(params: CovParams, x, t_x, T, z) -> np.ndarray:
    """log L(r, α₀, a, b, g | x, t_x, T, z) of each customer: FHL 2005 eq. 6 with α_i = α₀ exp(-g z_i)."""
    r, alpha0, a, b, g = params
    x, t_x, T, z = (np.asarray(v, dtype=float) for v in (x, t_x, T, z))
    return bgnbd_log_likelihood((r, alpha0 * np.exp(-g * z), a, b), x, t_x, T)


def fit_bgnbd_covariate(x, t_x, T, z, *, covariate: str, start: BGNBDFit | None = None) -> BGNBDCovariateFit:
    """Maximum-likelihood BG/NBD with α_i = α₀ exp(-g (z_i - z̄)) (Fader & Hardie 2007).

    Searched by L-BFGS-B with the analytic gradient over (log r, log α₀, log a, log b, g), from the
    plain BG/NBD's optimum (``start``) with g = 0; intervals from the Hessian (finite differences of
    the gradient).

    Raises
    ------
    CalibrationError
        Fewer than two customers, or nobody bought again.
    FitError
        When the optimiser did not converge (with its reason).
    """
    x, t_x, T, z = (np.asarray(v, dtype=float) for v in (x, t_x, T, z))
    keep = (T > 0) & np.isfinite(z)
    x, t_x, T, z = x[keep], t_x[keep], T[keep], z[keep]
    if x.size < 2:
        raise CalibrationError.of("", "too_few_histories")
    if not np.any(x > 0):
        raise CalibrationError.of("", "no_repeat_buying")
    z_mean = float(z.mean())
    key, inverse = np.unique(np.stack([x, t_x, T, z - z_mean], axis=1), axis=0, return_inverse=True)
    w = np.bincount(inverse.ravel(), minlength=key.shape[0]).astype(float)
    x, t_x, T, z = key[:, 0], key[:, 1], key[:, 2], key[:, 3]

    def f(v):
        ll, grad = _cov_terms(v, x, t_x, T, z)
        total = float(np.sum(w * ll))  # not np.dot: a threaded BLAS dot costs more than it saves here
        if not np.isfinite(total):
            return 1e300, np.zeros(5)
        return -total, -(grad @ w)

    if start is None:
        rate = float(np.clip(np.dot(w, x) / np.dot(w, T), 1e-3, 10.0))
        v0 = np.r_[np.log([1.0, 1.0 / rate, 1.0, 2.0]), 0.0]
    else:
        v0 = np.r_[np.log(start.params), 0.0]
    bounds = [LOG_BOUNDS] * 4 + [(-20.0, 20.0)]
    res = minimize(f, v0, jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"ftol": 1e-13, "gtol": 1e-7, "maxiter": 2000})
    if not np.isfinite(res.fun) or res.fun >= 1e300 or not res.success:
        raise FitError.of("", "fit_not_converged", model="bgnbd", iterations=int(res.nit), reason=str(res.message))
    notes = []
    limit = (res.x[:4] <= LOG_BOUNDS[0] + 1e-3) | (res.x[:4] >= LOG_BOUNDS[1] - 1e-3)
    if limit[0] or limit[1]:
        notes.append(Problem("", "fit_bgnbd_rates_alike"))
    if limit[2] or limit[3]:
        notes.append(Problem("", "fit_bgnbd_dropout_alike"))
    notes += polarised_note(res.x[2], res.x[3])
    cov, why = (None, "at_limit") if np.any(limit) else _gradient_covariance(lambda v: f(v)[1], res.x)
    if why:
        notes.append(Problem("", "fit_no_intervals", {"cause": why}))
    ivs = [interval_log(res.x[i], None if cov is None else cov[i, i]) for i in range(4)]
    g = float(res.x[4])
    se = float(np.sqrt(cov[4, 4])) if cov is not None else float("nan")
    g_iv = Interval(g, g - Z95 * se, g + Z95 * se)
    return BGNBDCovariateFit(r=ivs[0], alpha=ivs[1], a=ivs[2], b=ivs[3], g=g_iv, log_likelihood=-float(res.fun),
                             customers=int(w.sum()), iterations=int(res.nit), covariate=covariate,
                             covariate_mean=z_mean, covariance=cov, notes=tuple(notes))


def _gradient_covariance(grad, v: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """Inverse of the Hessian of a negative log-likelihood, by central differences of its gradient."""
    n = v.size
    h = np.zeros((n, n))
    for i in range(n):
        step = 1e-5 * max(1.0, abs(v[i]))
        e = np.zeros(n)
        e[i] = step
        h[i] = (grad(v + e) - grad(v - e)) / (2 * step)
    return invert_hessian((h + h.T) / 2)


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

    def grad(v):
        """Gradient of f in (log p, log q, log γ): the derivatives of the log-likelihood's terms."""
        p, q, g = np.exp(v)
        both, xm = digamma(p * x + q), x * m + g
        d_p = np.sum(x * (both - digamma(p * x) + np.log(m) + np.log(x) - np.log(xm)))
        d_q = np.sum(both - digamma(q) + np.log(g) - np.log(xm))
        d_g = np.sum(q / g - (p * x + q) / xm)
        return -np.array([d_p * p, d_q * q, d_g * g])

    start = np.log([1.0, 2.0, float(np.mean(m))])
    res = minimize(f, start, jac=grad, method="L-BFGS-B", options={"ftol": 1e-14, "gtol": 1e-8, "maxiter": 2000})
    if not res.success or not np.isfinite(res.fun) or res.fun >= 1e300:  # the slower search, from where it got to
        res = minimize(f, res.x if np.isfinite(res.fun) else start, method="Nelder-Mead",
                       options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 6000})
    if not np.isfinite(res.fun) or res.fun >= 1e300:
        return None
    cov, _ = _gradient_covariance(grad, res.x)
    ivs = [interval_log(res.x[i], None if cov is None else cov[i, i]) for i in range(3)]
    return GammaGammaFit(p=ivs[0], q=ivs[1], gamma=ivs[2], log_likelihood=-float(res.fun), customers=int(x.size))
