"""Parameter uncertainty: turning ``{low, high, dist}`` into one draw per replicate.

A range in a scenario is a 90% interval. Each replicate draws every uncertain
input once (so the bands show what we don't know as well as chance); fixed
numbers are broadcast. The default shape depends on the kind of field:

* rates (probabilities, shares): a Beta matched to the interval's midpoint and
  spread, so draws stay inside [0, 1];
* money and counts: a lognormal whose 5th and 95th percentiles are low and
  high (a normal clipped at 0 where low is 0);
* growth rates: a normal.

``uniform`` and ``triangular`` (and ``beta`` on a field that is not a rate)
read low and high as the support, not a 90% interval.
"""

from __future__ import annotations

import numpy as np

from .scenario import Uncertain

Z90 = 1.6448536269514722
"""Standard-normal quantile of 0.95: a 90% interval spans ±Z90 standard deviations."""

BOUNDS = {"rate": (0.0, 1.0), "polarisation": (0.0, 0.99), "money": (0.0, np.inf), "count": (0.0, np.inf), "growth": (-0.5, 1.0)}


def default_dist(value: Uncertain, kind: str) -> str:
    """The shape used when a range gives no ``dist``."""
    if kind in ("rate", "polarisation"):
        return "beta"
    if kind in ("money", "count"):
        return "lognormal" if value.low > 0 else "normal"
    return "normal"


def beta_from_interval(low: float, high: float) -> tuple[float, float]:
    """Beta(α, β) with mean (low + high) / 2 and sd (high - low) / (2 · 1.645), moment-matched.

    Where that spread is impossible for a Beta with this mean, the variance is
    capped at 90% of its maximum m (1 - m).
    """
    m = (low + high) / 2
    var = ((high - low) / (2 * Z90)) ** 2
    var = min(var, 0.9 * m * (1 - m))
    nu = m * (1 - m) / var - 1
    return m * nu, (1 - m) * nu


def draw(value: float | Uncertain, kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """One value per replicate: ``size`` draws of an uncertain number, or ``size`` copies of a fixed one.

    Parameters
    ----------
    value : float or Uncertain
        The scenario's number.
    kind : {"rate", "money", "count", "growth"}
        Decides the default shape and the bounds draws are clipped to.
    size : int
        Number of replicates.
    rng : numpy.random.Generator
        Source of randomness; untouched for fixed numbers.
    """
    if not isinstance(value, Uncertain):
        return np.full(size, float(value))
    lo, hi = value.low, value.high
    if lo == hi:
        return np.full(size, float(lo))
    dist = value.dist or default_dist(value, kind)
    if dist == "normal":
        out = rng.normal((lo + hi) / 2, (hi - lo) / (2 * Z90), size)
    elif dist == "lognormal":
        out = rng.lognormal((np.log(lo) + np.log(hi)) / 2, (np.log(hi) - np.log(lo)) / (2 * Z90), size)
    elif dist == "uniform":
        out = rng.uniform(lo, hi, size)
    elif dist == "triangular":
        out = rng.triangular(lo, value.mode, hi, size)
    elif dist == "beta":
        if kind in ("rate", "polarisation") and 0 <= lo and hi <= 1 and 0 < (lo + hi) / 2 < 1:
            a, b = beta_from_interval(lo, hi)
            out = rng.beta(a, b, size)
        else:  # not a probability: a symmetric Beta(2, 2) bell with [low, high] as its support
            out = lo + (hi - lo) * rng.beta(2.0, 2.0, size)
    else:  # pragma: no cover - the schema admits no other names
        raise ValueError(f"unknown distribution {dist!r}")
    bound_lo, bound_hi = BOUNDS[kind]
    return np.clip(out, bound_lo, bound_hi)


class ParameterDraws:
    """Draws each uncertain input once per replicate, each from its own child stream.

    Every call takes a fresh child of ``rng`` (``Generator.spawn``), so adding
    or removing one uncertain input does not shift the draws of the others.
    """

    def __init__(self, replicates: int, rng: np.random.Generator):
        self.replicates = replicates
        self._rng = rng

    def __call__(self, value: float | Uncertain | None, kind: str, default: float = 0.0) -> np.ndarray:
        child = self._rng.spawn(1)[0]
        if value is None:
            value = default
        return draw(value, kind, self.replicates, child)
