"""Parameter uncertainty: a scenario's ``{low, high, dist}`` as a small distribution object.

A range in a scenario is a 90% interval. Each replicate draws every uncertain
input once (so the bands show what we don't know as well as chance); fixed
numbers are broadcast. :func:`from_field` builds the distribution of one field;
each class (in the manner of the Ciw library's ``dists``) has

* ``sample(size, rng)``: ``size`` draws, clipped to the field's bounds;
* ``mean()``: the closed-form mean (before clipping);
* ``interval(level)``: the central interval holding ``level`` of the mass;
* ``describe()``: plain data (the shape's name and parameters), for reports.

The default shape depends on the kind of field:

* rates (probabilities, shares): a Beta matched to the interval's midpoint and
  spread, so draws stay inside [0, 1];
* money and counts: a lognormal whose 5th and 95th percentiles are low and
  high (a normal clipped at 0 where low is 0);
* growth rates: a normal.

``uniform`` and ``triangular`` (and ``beta`` on a field that is not a rate)
read low and high as the support, not a 90% interval.

The Beta's (mean, heterogeneity) ↔ (α, β) conversion, heterogeneity = 1 / (α + β + 1),
lives in :func:`beta_from_mean_heterogeneity` and :func:`mean_heterogeneity_from_beta`
alone; the engine, the calibration and the app all call these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from .problems import ArgumentError
from .scenario import MAX_COUNT, MAX_MONEY, Uncertain

Z90 = 1.6448536269514722
"""Standard-normal quantile of 0.95: a 90% interval spans ±Z90 standard deviations."""

BOUNDS = {"rate": (0.0, 1.0), "polarisation": (0.0, 0.99), "money": (0.0, MAX_MONEY), "count": (0.0, MAX_COUNT),
          "growth": (-0.5, 1.0)}
"""What draws are clipped to: the schema's own bounds of each kind (so a far tail of a wide range stays a number
the schema accepts, and a lever moved by the sensitivity tool stays inside them)."""

MAX_CONCENTRATION = 1e12
"""α + β used for heterogeneity 0: a Beta so tight that every draw is the mean itself."""


# --------------------------------------------------------------------------
# The Beta's two parametrisations: the one conversion
# --------------------------------------------------------------------------


def _out(x: np.ndarray):
    return float(x) if np.ndim(x) == 0 else x


def beta_from_mean_heterogeneity(mean, heterogeneity):
    """(α, β) of the Beta with mean α / (α + β) = ``mean`` and 1 / (α + β + 1) = ``heterogeneity``.

    Works on floats and arrays alike. A heterogeneity of 0 (no spread) gives
    α + β = :data:`MAX_CONCENTRATION`. Inverse: :func:`mean_heterogeneity_from_beta`.
    """
    m = np.asarray(mean, dtype=float)
    h = np.asarray(heterogeneity, dtype=float)
    total = np.where(h > 0, 1.0 / np.maximum(h, 1e-12) - 1.0, MAX_CONCENTRATION)
    return _out(m * total), _out((1.0 - m) * total)


def mean_heterogeneity_from_beta(alpha, beta):
    """(mean, heterogeneity) = (α / (α + β), 1 / (α + β + 1)) of Beta(α, β); floats or arrays."""
    a = np.asarray(alpha, dtype=float)
    total = a + np.asarray(beta, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):  # infinite α and β: no defined mean, heterogeneity 0
        return _out(a / total), _out(1.0 / (total + 1.0))


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


# --------------------------------------------------------------------------
# The distributions
# --------------------------------------------------------------------------


def _z(level: float) -> float:
    if not 0 < level < 1:
        raise ArgumentError.of("level", "open_unit_interval", got=level)
    return Z90 if level == 0.9 else NormalDist().inv_cdf((1 + level) / 2)


@dataclass(frozen=True)
class Distribution:
    """Base class: ``sample`` draws and clips to ``bounds``; subclasses define ``_draw``, ``mean``, ``_ppf``."""

    bounds: tuple[float, float] = (-math.inf, math.inf)

    def sample(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """``size`` draws (float array), clipped to ``bounds``."""
        lo, hi = self.bounds
        return np.clip(self._draw(size, rng), lo, hi)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """The central interval holding ``level`` of the (unclipped) distribution's mass."""
        if not 0 < level < 1:
            raise ArgumentError.of("level", "open_unit_interval", got=level)
        return self._ppf((1 - level) / 2), self._ppf((1 + level) / 2)

    def mean(self) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def _draw(self, size: int, rng: np.random.Generator) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _ppf(self, q: float) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """The shape's name and parameters as plain data, with its mean and 90% interval."""
        params = {k: v for k, v in self.__dict__.items() if k != "bounds"}
        lo, hi = self.interval(0.9) if not isinstance(self, Fixed) else (self.value, self.value)
        out = {"dist": type(self).__name__.lower(), **params, "mean": self.mean(), "interval90": [lo, hi]}
        if any(math.isfinite(b) for b in self.bounds):
            out["bounds"] = [b if math.isfinite(b) else None for b in self.bounds]  # None: unbounded
        return out


@dataclass(frozen=True)
class Fixed(Distribution):
    """A number we are sure of: every draw is ``value``; draws nothing from the generator."""

    value: float = 0.0

    def sample(self, size: int, rng: np.random.Generator | None = None) -> np.ndarray:
        return np.full(size, float(self.value))

    def mean(self) -> float:
        return float(self.value)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        return float(self.value), float(self.value)


@dataclass(frozen=True)
class Normal(Distribution):
    mu: float = 0.0
    sigma: float = 1.0

    def _draw(self, size, rng):
        return rng.normal(self.mu, self.sigma, size)

    def mean(self) -> float:
        return self.mu

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        z = _z(level)
        return self.mu - z * self.sigma, self.mu + z * self.sigma


@dataclass(frozen=True)
class LogNormal(Distribution):
    """exp(Normal(mu, sigma))."""

    mu: float = 0.0
    sigma: float = 1.0

    def _draw(self, size, rng):
        return rng.lognormal(self.mu, self.sigma, size)

    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        z = _z(level)
        return math.exp(self.mu - z * self.sigma), math.exp(self.mu + z * self.sigma)


@dataclass(frozen=True)
class Uniform(Distribution):
    low: float = 0.0
    high: float = 1.0

    def _draw(self, size, rng):
        return rng.uniform(self.low, self.high, size)

    def mean(self) -> float:
        return (self.low + self.high) / 2

    def _ppf(self, q: float) -> float:
        return self.low + q * (self.high - self.low)


@dataclass(frozen=True)
class Triangular(Distribution):
    low: float = 0.0
    mode: float = 0.5
    high: float = 1.0

    def _draw(self, size, rng):
        return rng.triangular(self.low, self.mode, self.high, size)

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    def _ppf(self, q: float) -> float:
        lo, c, hi = self.low, self.mode, self.high
        split = (c - lo) / (hi - lo)
        if q <= split:
            return lo + math.sqrt(q * (hi - lo) * (c - lo))
        return hi - math.sqrt((1 - q) * (hi - lo) * (hi - c))


@dataclass(frozen=True)
class Beta(Distribution):
    """``low + (high - low) × Beta(alpha, beta)``: a probability on [0, 1] by default."""

    alpha: float = 1.0
    beta: float = 1.0
    low: float = 0.0
    high: float = 1.0

    @classmethod
    def from_mean_heterogeneity(cls, mean: float, heterogeneity: float, **kw) -> "Beta":
        a, b = beta_from_mean_heterogeneity(mean, heterogeneity)
        return cls(alpha=a, beta=b, **kw)

    def _draw(self, size, rng):
        x = rng.beta(self.alpha, self.beta, size)
        if (self.low, self.high) == (0.0, 1.0):
            return x
        return self.low + (self.high - self.low) * x

    def mean(self) -> float:
        return self.low + (self.high - self.low) * mean_heterogeneity_from_beta(self.alpha, self.beta)[0]

    def heterogeneity(self) -> float:
        return mean_heterogeneity_from_beta(self.alpha, self.beta)[1]

    def _ppf(self, q: float) -> float:
        from scipy.special import betaincinv  # only reports ask for intervals: keep scipy off the engine's import

        return self.low + (self.high - self.low) * float(betaincinv(self.alpha, self.beta, q))


def default_dist(value: Uncertain, kind: str) -> str:
    """The shape used when a range gives no ``dist``."""
    if kind in ("rate", "polarisation"):
        return "beta"
    if kind in ("money", "count"):
        return "lognormal" if value.low > 0 else "normal"
    return "normal"


def from_field(value: float | Uncertain | None, kind: str, default: float = 0.0) -> Distribution:
    """The distribution of one scenario field: :class:`Fixed` for a number, else the range's shape.

    Parameters
    ----------
    value : float, Uncertain or None
        The scenario's number (None: ``default``).
    kind : {"rate", "polarisation", "money", "count", "growth"}
        Decides the default shape and the bounds draws are clipped to.
    """
    if value is None:
        value = default
    if not isinstance(value, Uncertain):
        return Fixed(value=float(value))
    lo, hi = value.low, value.high
    if hi - lo <= 1e-150 * max(1.0, abs(lo), abs(hi)):  # equal ends, or a spread whose variance underflows
        return Fixed(value=float(value.centre))
    bounds = BOUNDS[kind]
    dist = value.dist or default_dist(value, kind)
    if dist == "normal":
        return Normal(bounds, mu=(lo + hi) / 2, sigma=(hi - lo) / (2 * Z90))
    if dist == "lognormal":
        return LogNormal(bounds, mu=(math.log(lo) + math.log(hi)) / 2, sigma=(math.log(hi) - math.log(lo)) / (2 * Z90))
    if dist == "uniform":
        return Uniform(bounds, low=lo, high=hi)
    if dist == "triangular":
        return Triangular(bounds, low=lo, mode=value.mode, high=hi)
    if dist == "beta":
        if kind in ("rate", "polarisation") and 0 <= lo and hi <= 1 and 0 < (lo + hi) / 2 < 1:
            a, b = beta_from_interval(lo, hi)
            return Beta(bounds, alpha=a, beta=b)
        # not a probability: a symmetric Beta(2, 2) bell with [low, high] as its support
        return Beta(bounds, alpha=2.0, beta=2.0, low=lo, high=hi)
    raise ValueError(f"unknown distribution {dist!r}")  # pragma: no cover - the schema admits no other names


def draw(value: float | Uncertain, kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """One value per replicate: ``size`` draws of an uncertain number, or ``size`` copies of a fixed one."""
    return from_field(value, kind).sample(size, rng)


class ParameterDraws:
    """Draws each uncertain input once per replicate, each from the stream keyed by its path.

    ``d(value, kind, "retention.churn")`` draws from ``streams("retention.churn")``
    (:class:`~simulator.randomness.Streams`): the path, not the order of the
    calls, decides the numbers, so adding, removing or reordering inputs leaves
    every other input's draws as they were. Fixed numbers draw nothing.
    """

    def __init__(self, replicates: int, streams):
        self.replicates = replicates
        self._streams = streams

    def __call__(self, value: float | Uncertain | None, kind: str, key: str, default: float = 0.0) -> np.ndarray:
        dist = from_field(value, kind, default)
        if isinstance(dist, Fixed):
            return dist.sample(self.replicates)
        return dist.sample(self.replicates, self._streams(key))
