"""Summaries of a run: bands across replicates, and the JSON the CLI prints.

Every figure is per paid front-end buyer. A band is ``{mean, p5, p50, p95}``
across replicates: it carries both parameter uncertainty (each replicate drew
the uncertain inputs once) and sampling chance.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .result import SimulationResult
from .scenario import text_key

METRICS = (
    "clv",
    "cac",
    "net_value",
    "ltv_cac",
    "front_end_profit",
    "back_end_profit",
    "payback_period",
    "referred_buyers",
)

SERIES = ("active_share", "revenue", "cost", "profit", "cumulative_cash")


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


@dataclass(frozen=True)
class Band:
    """Mean and 5th/50th/95th percentiles across replicates; None where not finite (e.g. no payback)."""

    mean: float | None
    p5: float | None
    p50: float | None
    p95: float | None

    @classmethod
    def of(cls, values: np.ndarray) -> "Band":
        v = np.asarray(values, dtype=float)
        if np.isnan(v).all():
            return cls(None, None, None, None)
        v = v[~np.isnan(v)]
        p5, p50, p95 = np.percentile(v, [5, 50, 95]) if not np.isinf(v).any() else _inf_percentiles(v)
        mean = v.mean() if np.isfinite(v).all() else np.inf
        return cls(_num(mean), _num(p5), _num(p50), _num(p95))


def median_period(values: np.ndarray) -> float:
    """Nearest-rank median of periods that tolerates +inf ("never paid back"); +inf for no values."""
    s = np.sort(np.asarray(values, dtype=float))
    return float(s[(s.size - 1) // 2]) if s.size else float("inf")


def _inf_percentiles(v: np.ndarray) -> tuple[float, float, float]:
    s = np.sort(v)
    # nearest-rank percentiles tolerate +inf ("never") values
    return tuple(s[min(len(s) - 1, int(np.ceil(q / 100 * len(s))) - 1 if q else 0)] for q in (5, 50, 95))


@dataclass(frozen=True)
class SeriesBand:
    """One value per period: mean and the 5th/95th percentiles across replicates."""

    mean: list[float]
    p5: list[float]
    p95: list[float]

    @classmethod
    def of(cls, values: np.ndarray) -> "SeriesBand":
        p5, p95 = np.percentile(values, [5, 95], axis=0)
        return cls(values.mean(axis=0).tolist(), p5.tolist(), p95.tolist())


@dataclass(frozen=True)
class CustomerValue:
    """Spread of individual customers' own discounted value, and how concentrated it is."""

    percentiles: dict[str, float]
    top20_share: float | None
    """Share of all (positive) customer value earned from the top 20% of customers."""


@dataclass(frozen=True)
class Summary:
    name: str
    currency: str
    seed: int | None
    customers: int
    replicates: int
    horizon: int
    metrics: dict[str, Band]
    prob_profit: float
    prob_payback: float
    funnel: dict[str, float]
    series: dict[str, SeriesBand]
    customer_value: CustomerValue
    business: dict[str, Band] | None

    def to_dict(self) -> dict:
        """Plain data with the documented JSON keys."""
        return asdict(self)


def top_share(values: np.ndarray, top: float = 0.2) -> float | None:
    """Share of the total held by the top ``top`` fraction of values (values clipped at 0)."""
    v = np.clip(np.asarray(values, dtype=float), 0, None)
    total = v.sum()
    if v.size == 0 or total <= 0:
        return None
    k = max(1, int(round(top * v.size)))
    return float(np.partition(v, v.size - k)[v.size - k :].sum() / total)


def summarise(result: SimulationResult) -> Summary:
    """Bands for every headline metric and series of a run."""
    r = result
    per_replicate = {
        "clv": r.clv,
        "cac": r.cac_per_buyer,
        "net_value": r.net_value,
        "ltv_cac": r.ltv_cac,
        "front_end_profit": r.front_end_profit,
        "back_end_profit": r.back_end_profit,
        "payback_period": r.payback_period,
        "referred_buyers": r.referred_buyers_per_buyer,
    }
    series = {
        "active_share": r.active_per_buyer,
        "revenue": r.revenue_by_period,
        "cost": r.cost_by_period,
        "profit": r.profit_per_buyer,
        "cumulative_cash": r.cumulative_cash,
    }
    # by step name ("front_end" for the front end), in English for a name in two languages; a name taken twice: by its key
    funnel: dict[str, float] = {}
    for key, name, share in zip(r.funnel_keys or r.funnel_names, r.funnel_names, r.funnel_share):
        name = text_key(name)
        funnel[key if name in funnel else name] = float(share.mean())
    cv = r.customer_values
    pct = (5, 25, 50, 75, 95, 99)
    percentiles = {f"p{q}": float(x) for q, x in zip(pct, np.percentile(cv, pct))} if cv.size else {}
    business = None
    if r.business is not None:
        b = r.business
        business = {
            "total_profit": Band.of(b.total_profit),
            "npv": Band.of(b.npv),
            "capital_needed": Band.of(b.capital_needed),
            "cash_positive_period": Band.of(b.cash_positive_period),
            "average_cac": Band.of(b.average_cac),
        }
    return Summary(
        name=text_key(r.scenario_name),
        currency=r.currency,
        seed=r.seed,
        customers=r.customers,
        replicates=r.replicates,
        horizon=r.horizon,
        metrics={k: Band.of(v) for k, v in per_replicate.items()},
        prob_profit=r.prob_profit,
        prob_payback=float(np.mean(np.isfinite(r.payback_period))),
        funnel=funnel,
        series={k: SeriesBand.of(v) for k, v in series.items()},
        customer_value=CustomerValue(percentiles=percentiles, top20_share=top_share(cv)),
        business=business,
    )
