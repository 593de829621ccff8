"""The beta-geometric/beta-Bernoulli (BG/BB) model of repeat buying, fitted by maximum likelihood.

Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time
noncontractual setting", Marketing Science 29(6). A customer makes the
front-end purchase at period 0. At each later period t = 1, 2, ...:

1. an active customer drops out at the start of the period with probability θ
   (θ ~ Beta(γ, δ) across customers);
2. a customer still active buys in the period with probability p
   (p ~ Beta(α, β) across customers).

This is the engine's timing exactly: leaving is decided at the boundary, then
the period's repeat order is drawn, so the scenario gets
``retention.churn = γ / (γ + δ)``, ``retention.heterogeneity = 1 / (γ + δ + 1)``,
``repeat_purchase.rate = α / (α + β)`` and
``repeat_purchase.heterogeneity = 1 / (α + β + 1)``.

A customer's history in the calibration window is summarised by (x, t_x, n):
x repeat periods with a purchase, the last one at t_x (0 if none), out of n
opportunities. The likelihood (FHS 2010, eq. 5) depends on nothing else, so
customers are grouped by (x, t_x, n) and each group is evaluated once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, expit, gammaln, logit

from ..problems import Problem
from .periods import PeriodLog
from .reading import CalibrationError, FitError
from .sbg import Interval, beta_intervals, covariance

LOG_KAPPA_BOUNDS = (np.log(1e-3), np.log(1e6))

MAX_TERMS = 20_000_000
"""Likelihood terms (Σ n - t_x over distinct histories) above this are refused: memory stays under ~1 GB."""

@dataclass(frozen=True)
class Histories:
    """Sufficient statistics (x, t_x, n) of the calibration window, grouped, with counts."""

    x: np.ndarray
    t_x: np.ndarray
    n: np.ndarray
    count: np.ndarray

    @property
    def customers(self) -> int:
        return int(self.count.sum())


@dataclass(frozen=True)
class BGBBFit:
    """A fitted BG/BB model in the scenario's terms, with 95% intervals."""

    purchase_alpha: Interval
    purchase_beta: Interval
    purchase_rate: Interval
    """Mean chance an active customer buys in a period: ``repeat_purchase.rate``."""
    purchase_heterogeneity: Interval
    """1 / (α + β + 1): ``repeat_purchase.heterogeneity``."""
    dropout_alpha: Interval
    dropout_beta: Interval
    churn: Interval
    """Mean drop-out chance per period, γ / (γ + δ): ``retention.churn``."""
    heterogeneity: Interval
    """1 / (γ + δ + 1): ``retention.heterogeneity``."""
    log_likelihood: float
    customers: int
    opportunities: int
    """The most repeat-purchase periods any customer had in the calibration window."""
    iterations: int
    notes: tuple[Problem, ...] = ()
    """Remarks on the fit (a code and its numbers each; worded by the presentation layer)."""

    @property
    def params(self) -> tuple[float, float, float, float]:
        """(α, β, γ, δ)."""
        return (self.purchase_alpha.estimate, self.purchase_beta.estimate,
                self.dropout_alpha.estimate, self.dropout_beta.estimate)


def histories(log: PeriodLog) -> Histories:
    """(x, t_x, n) per customer first buying in the calibration window, grouped."""
    end = log.calibration_end
    keep_c = log.first <= end
    f = log.first
    rep = log.repeat & (log.period_index <= end)
    cust = log.customer[rep]
    x = np.bincount(cust, minlength=f.size)
    last = np.zeros(f.size, dtype=np.int64)
    np.maximum.at(last, cust, log.period_index[rep])
    t_x = np.where(x > 0, last - f, 0)
    n = end - f
    x, t_x, n = x[keep_c], t_x[keep_c], n[keep_c]
    key = np.stack([x, t_x, n], axis=1)
    uniq, count = np.unique(key, axis=0, return_counts=True)
    return Histories(x=uniq[:, 0], t_x=uniq[:, 1], n=uniq[:, 2], count=count)


def bgbb_log_likelihood(params: tuple[float, float, float, float], h: Histories) -> np.ndarray:
    """log L(α, β, γ, δ | x, t_x, n) of each group (FHS 2010, eq. 5)."""
    return _Likelihood(h)(params)


class _Likelihood:
    """Eq. 5 for fixed histories: the index arithmetic done once, each evaluation a few table look-ups.

    Every Beta function in eq. 5 is B(α + x, β + j) or B(γ + 1, δ + k) with whole
    numbers 0 ≤ x, j, k ≤ max n, so each evaluation computes those small tables
    and gathers from them. The sum over i is evaluated on the ragged list of its
    terms (no padding), shifted by each group's largest term: the terms fall
    with i, so that is the first one or the "still alive" term.
    """

    def __init__(self, h: Histories):
        self.h = h
        self.size = int(h.n.max()) + 1 if h.n.size else 1
        length = (h.n - h.t_x).astype(np.int64)  # terms i = 0..n - t_x - 1 per group
        self.group = np.repeat(np.arange(h.x.size), length)
        starts = np.concatenate([[0], np.cumsum(length)[:-1]])
        i = np.arange(self.group.size) - np.repeat(starts, length)
        x, t_x = h.x[self.group], h.t_x[self.group]
        self.idx_p = x * self.size + (t_x - x + i)
        self.idx_d = t_x + i
        self.first_p = h.x * self.size + (h.t_x - h.x)
        self.alive_p = h.x * self.size + (h.n - h.x)
        self.has_terms = length > 0

    def __call__(self, params: tuple[float, float, float, float]) -> np.ndarray:
        a, b, g, d = params
        k = np.arange(self.size, dtype=float)
        table_p = (betaln(a + k[:, None], b + k[None, :]) - betaln(a, b)).ravel()  # B(α + x, β + j) / B(α, β)
        gd = betaln(g, d)
        alive_d = betaln(g, d + k) - gd  # B(γ, δ + n) / B(γ, δ)
        dead_d = betaln(g + 1, d + k) - gd  # B(γ + 1, δ + t) / B(γ, δ)
        h = self.h
        alive = table_p[self.alive_p] + alive_d[h.n]
        first = np.where(self.has_terms, table_p[self.first_p] + dead_d[h.t_x], -np.inf)
        shift = np.maximum(alive, first)
        terms = table_p[self.idx_p] + dead_d[self.idx_d] - shift[self.group]
        total = np.bincount(self.group, weights=np.exp(terms), minlength=h.x.size) + np.exp(alive - shift)
        return shift + np.log(total)


def _params_from(x: np.ndarray) -> tuple[float, float, float, float]:
    mp, kp, mt, kt = expit(x[0]), np.exp(x[1]), expit(x[2]), np.exp(x[3])
    return mp * kp, (1 - mp) * kp, mt * kt, (1 - mt) * kt


def fit_bgbb(log: PeriodLog) -> BGBBFit:
    """Maximum-likelihood BG/BB fit to the calibration window of a period log.

    Searched over (logit p̄, log(α + β), logit θ̄, log(γ + δ)); intervals from the
    numerical Hessian on that scale.

    Raises
    ------
    CalibrationError
        When no customer bought again (nothing to fit repeat buying to).
    FitError
        When the optimiser did not converge (with its reason).
    """
    h = histories(log)
    usable = h.n > 0
    h = Histories(h.x[usable], h.t_x[usable], h.n[usable], h.count[usable])
    if h.customers < 2:
        raise CalibrationError.of("", "too_few_histories")
    if not np.any(h.x > 0):
        raise CalibrationError.of("", "no_repeat_buying")
    terms = int(np.sum(h.n - h.t_x))
    if terms > MAX_TERMS:
        raise CalibrationError.of("", "too_many_terms", histories=int(h.x.size), terms=terms, limit=MAX_TERMS)
    w = h.count.astype(float)
    loglik = _Likelihood(h)

    def f(x):
        ll = loglik(_params_from(x))
        return -float(np.dot(w, ll))

    # start: pooled share of opportunities with a purchase; churn from the share who never bought again
    p0 = float(np.clip(np.dot(w, h.x) / np.dot(w, h.n), 1e-3, 0.9))
    start = np.array([logit(p0), np.log(2.0), logit(0.1), np.log(2.0)])
    bounds = [(-15.0, 15.0), LOG_KAPPA_BOUNDS, (-15.0, 15.0), LOG_KAPPA_BOUNDS]
    res = minimize(f, start, method="L-BFGS-B", bounds=bounds)
    if not res.success or not np.isfinite(res.fun):
        raise FitError.of("", "fit_not_converged", model="bgbb", iterations=int(res.nit), reason=str(res.message))
    x = res.x
    notes = []
    top = [x[1] >= LOG_KAPPA_BOUNDS[1] - 1e-3, x[3] >= LOG_KAPPA_BOUNDS[1] - 1e-3]
    if top[0]:
        notes.append(Problem("", "fit_no_purchase_heterogeneity"))
    if top[1]:
        notes.append(Problem("", "fit_no_dropout_heterogeneity"))
    cov, why = covariance(f, x) if not any(top) else (None, "at_limit")
    if why:
        notes.append(Problem("", "fit_no_intervals", {"cause": why}))
    elif np.any(np.sqrt(np.diag(cov)) > 3):
        notes.append(Problem("", "fit_wide_intervals_bgbb"))
    if h.n.max() < 3:
        notes.append(Problem("", "fit_few_opportunities", {"most": int(h.n.max())}))
    pa, pb, pm, ph = beta_intervals(x[0], x[1], None if cov is None else cov[:2, :2])
    da, db, dm, dh = beta_intervals(x[2], x[3], None if cov is None else cov[2:, 2:])
    return BGBBFit(
        purchase_alpha=pa, purchase_beta=pb, purchase_rate=pm, purchase_heterogeneity=ph,
        dropout_alpha=da, dropout_beta=db, churn=dm, heterogeneity=dh,
        log_likelihood=-float(res.fun), customers=h.customers, opportunities=int(h.n.max()),
        iterations=int(res.nit), notes=tuple(notes),
    )


# --------------------------------------------------------------------------
# Closed forms (FHS 2010)
# --------------------------------------------------------------------------


def bgbb_expected_per_period(params: tuple[float, float, float, float], t: np.ndarray) -> np.ndarray:
    """Expected repeat purchases per customer in period t ≥ 1: α/(α+β) · B(γ, δ + t) / B(γ, δ); 0 at t = 0."""
    a, b, g, d = params
    t = np.asarray(t, dtype=float)
    out = a / (a + b) * np.exp(betaln(g, d + t) - betaln(g, d))
    return np.where(t >= 1, out, 0.0)


def bgbb_expected_purchases(params: tuple[float, float, float, float], n: int | np.ndarray) -> np.ndarray:
    """E[X(n)], expected repeat purchases in the first n periods after the first (FHS 2010, eq. 7)."""
    a, b, g, d = params
    n = np.asarray(n, dtype=float)
    if abs(g - 1.0) < 1e-9:  # the limit γ → 1 of eq. 7
        t = np.arange(1, int(np.max(n)) + 1)
        cum = np.concatenate([[0.0], np.cumsum(bgbb_expected_per_period(params, t))])
        return cum[n.astype(int)]
    ratio = np.exp(gammaln(g + d) + gammaln(1 + d + n) - gammaln(g + d + n) - gammaln(1 + d))
    return a / (a + b) * d / (g - 1) * (1 - ratio)


def bgbb_pmf(params: tuple[float, float, float, float], n: int) -> np.ndarray:
    """P(X(n) = x) for x = 0..n (FHS 2010, eq. 8)."""
    a, b, g, d = params
    out = np.zeros(n + 1)
    ab, gd = betaln(a, b), betaln(g, d)
    for x in range(n + 1):
        lc = gammaln(n + 1) - gammaln(x + 1) - gammaln(n - x + 1)
        total = np.exp(lc + betaln(a + x, b + n - x) - ab + betaln(g, d + n) - gd)
        i = np.arange(x, n)
        if i.size:
            lci = gammaln(i + 1) - gammaln(x + 1) - gammaln(i - x + 1)
            total += np.exp(lci + betaln(a + x, b + i - x) - ab + betaln(g + 1, d + i) - gd).sum()
        out[x] = total
    return out


def _per_customer(x, t_x, n) -> tuple[Histories, np.ndarray]:
    """Distinct (x, t_x, n) histories and, for each customer, the index of theirs."""
    key = np.stack([np.asarray(x, dtype=np.int64), np.asarray(t_x, dtype=np.int64), np.asarray(n, dtype=np.int64)],
                   axis=1)
    uniq, inverse = np.unique(key, axis=0, return_inverse=True)
    h = Histories(x=uniq[:, 0], t_x=uniq[:, 1], n=uniq[:, 2], count=np.ones(uniq.shape[0], dtype=np.int64))
    return h, inverse.ravel()


def bgbb_p_alive(params: tuple[float, float, float, float], x, t_x, n) -> np.ndarray:
    """P(active at period n + 1 | x, t_x, n) (FHS 2010, eq. 11)."""
    a, b, g, d = params
    h, inv = _per_customer(x, t_x, n)
    ll = bgbb_log_likelihood(params, h)
    alive = betaln(a + h.x, b + h.n - h.x) - betaln(a, b) + betaln(g, d + h.n + 1) - betaln(g, d)
    return np.exp(alive - ll)[inv]


def bgbb_conditional_expected(params: tuple[float, float, float, float], future, x, t_x, n) -> np.ndarray:
    """E[X(n, n + n*) | x, t_x, n]: expected purchase periods in the next n* periods (FHS 2010, eq. 13)."""
    a, b, g, d = params
    h, inv = _per_customer(x, t_x, n)
    ll = bgbb_log_likelihood(params, h)
    s = np.asarray(future, dtype=float)  # per customer, or one number for all
    if abs(g - 1.0) < 1e-9:  # eq. 13 has a removable singularity at γ = 1: step just off it
        g = 1.0 + 1e-6
    lead = betaln(a + h.x + 1, b + h.n - h.x) - betaln(a, b) - ll + gammaln(g + d) - gammaln(1 + d)
    m = h.n.astype(float)[inv]
    # head × (now - later), summed in logs: with a large δ, head alone overflows and now underflows
    log_now = gammaln(1 + d + m) - gammaln(g + d + m)
    log_later = gammaln(1 + d + m + s) - gammaln(g + d + m + s)
    return d / (g - 1) * np.exp(lead[inv] + log_now) * -np.expm1(log_later - log_now)
