"""Quick calculators: the CLV formulas people know, beside what the simulation gives.

Three textbook formulas (the articles in ``/work/shared/seeds``):

* **historical CLV** = total profit ÷ customers (article 001: 1,500,000 ÷ 2,000 = 750);
* **average-based CLV** = order value × purchase frequency × margin × lifespan;
* **channel formula**: sales = traffic × conversion × order value × repeat rate (article 003).

:func:`calculators_for` fills each from a scenario's own numbers, as someone
with a spreadsheet would (central values, one average churn, lifespan
1 / churn, no discounting), and sets it beside the simulation's figure for the
same thing, with the reasons they differ that apply to this scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .problems import ArgumentError
from .result import SimulationResult
from .scenario import Scenario, Uncertain, centre


MAX_INPUT = 1e15
"""Largest magnitude of a calculator input: a product of four stays far inside the float range (finite)."""


def _checked(**inputs: float) -> None:
    """Each input a finite number of magnitude at most :data:`MAX_INPUT` (else an ArgumentError naming it)."""
    for name, value in inputs.items():
        x = float(value)
        if not np.isfinite(x):
            raise ArgumentError.of(name, "finite_number", got=x)
        if abs(x) > MAX_INPUT:
            raise ArgumentError.of(name, "less_than_equal" if x > 0 else "greater_than_equal",
                                   **({"le": MAX_INPUT} if x > 0 else {"ge": -MAX_INPUT}), got=x)


def historical_clv(total_profit: float, customers: float) -> float:
    """Historical CLV: the profit past customers brought, per customer (total profit ÷ customers).

    >>> historical_clv(1_500_000, 2_000)
    750.0
    """
    _checked(total_profit=total_profit, customers=customers)
    if customers <= 0:
        raise ArgumentError.of("customers", "greater_than", gt=0, got=customers)
    return float(total_profit) / float(customers)


def average_clv(order_value: float, purchase_frequency: float, margin: float, lifespan: float) -> float:
    """Average-based CLV: order value × purchases per period × margin × lifespan in periods."""
    _checked(order_value=order_value, purchase_frequency=purchase_frequency, margin=margin, lifespan=lifespan)
    return float(order_value) * float(purchase_frequency) * float(margin) * float(lifespan)


def channel_sales(traffic: float, conversion: float, order_value: float, repeat_rate: float) -> float:
    """Channel formula: sales = traffic × conversion rate × average order value × repeat-purchase rate.

    ``repeat_rate`` is purchases per buyer (1 = buys once).
    """
    _checked(traffic=traffic, conversion=conversion, order_value=order_value, repeat_rate=repeat_rate)
    return float(traffic) * float(conversion) * float(order_value) * float(repeat_rate)


@dataclass(frozen=True)
class Calculation:
    """One formula filled from a scenario, beside the simulation's figure for the same thing."""

    key: str
    """historical, average or channel (translation keys ``calc_<key>`` and ``calc_<key>_f``)."""
    inputs: dict[str, float]
    """Input name (translation key ``in_<name>``) → value used."""
    formula_value: float
    simulation_value: float
    simulation_p5: float
    simulation_p95: float
    reasons: tuple[str, ...] = field(default_factory=tuple)
    """Why they differ: translation keys ``why_<reason>`` of :mod:`presentation.catalogue`; ("agree",) if they don't."""

    @property
    def difference(self) -> float:
        """Formula − simulation."""
        return self.formula_value - self.simulation_value

    def to_dict(self) -> dict[str, Any]:
        return {
            "formula": self.key,
            "inputs": dict(self.inputs),
            "formula_value": self.formula_value,
            "simulation_value": self.simulation_value,
            "simulation_band": [self.simulation_p5, self.simulation_p95],
            "difference": self.difference,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Calculators:
    historical: Calculation
    average: Calculation
    channel: Calculation

    def rows(self) -> tuple[Calculation, ...]:
        return (self.historical, self.average, self.channel)

    def to_dict(self) -> dict[str, Any]:
        return {c.key: c.to_dict() for c in self.rows()}


def _uncertain(scenario: Scenario) -> bool:
    """True if any input of the scenario is a range."""

    def walk(obj: Any) -> bool:
        if isinstance(obj, Uncertain):
            return obj.low != obj.high
        if isinstance(obj, (list, tuple)):
            return any(walk(x) for x in obj)
        if hasattr(obj, "__pydantic_fields__"):
            return any(walk(getattr(obj, name)) for name in type(obj).model_fields)
        return False

    return walk(scenario)


@dataclass(frozen=True)
class _Naive:
    """The scenario's expected purchases and money for one buyer, the spreadsheet way."""

    lifespan: float
    purchases: float
    revenue: float
    gross_profit: float


def naive_totals(scenario: Scenario) -> _Naive:
    """Per buyer, from central values: lifespan = 1 / churn (the horizon if no churn, capped at it);
    everyone who bought the previous step is offered the next; no discounting."""
    s = scenario
    ret = s.retention
    if ret.churn_beta is not None:
        churn = ret.churn_beta.alpha / (ret.churn_beta.alpha + ret.churn_beta.beta)
    else:
        churn = centre(ret.churn)
    if ret.loyalty_program is not None:
        churn *= 1 - centre(ret.loyalty_program.churn_reduction)
    life = min(1.0 / churn, float(s.horizon)) if churn > 0 else float(s.horizon)
    purchases = 1.0
    revenue = centre(s.front_end.price)
    profit = revenue - centre(s.front_end.unit_cost)
    reach, offer = 1.0, 0
    for rung in s.back_end:
        offer += rung.delay
        if offer >= s.horizon:
            break
        took = reach * centre(rung.take_rate)
        times = 1.0 if rung.billing == "once" else max(0.0, life - offer)
        purchases += took * times
        revenue += took * times * centre(rung.price)
        profit += took * times * (centre(rung.price) - centre(rung.unit_cost))
        if rung.downsell is not None:
            ds = reach * (1 - centre(rung.take_rate)) * centre(rung.downsell.take_rate)
            purchases += ds
            revenue += ds * centre(rung.downsell.price)
            profit += ds * (centre(rung.downsell.price) - centre(rung.downsell.unit_cost))
            took += ds
        reach = took
    if s.subscription is not None:
        n = centre(s.subscription.adoption) * life
        purchases += n
        revenue += n * centre(s.subscription.price)
        profit += n * (centre(s.subscription.price) - centre(s.subscription.unit_cost))
    if s.repeat_purchase is not None:
        n = centre(s.repeat_purchase.rate) * max(0.0, life - 1)
        value = centre(s.repeat_purchase.order_value)
        purchases += n
        revenue += n * value
        profit += n * value * centre(s.repeat_purchase.margin)
    profit -= life * centre(s.cost_to_serve)
    if ret.loyalty_program is not None:
        profit -= life * centre(ret.loyalty_program.cost_per_member)
    return _Naive(life, purchases, revenue, profit)


def calculators_for(scenario: Scenario, result: SimulationResult) -> Calculators:
    """The three formulas filled from ``scenario``, each beside ``result``'s figure for the same thing.

    * historical: the simulated cohort's total undiscounted profit before CAC ÷ its
      customers, beside the simulated CLV (discounted, looking forward);
    * average-based: averages of the scenario (see :func:`naive_totals`), beside the simulated CLV;
    * channel: sales from 1,000 visitors (the blended conversion of channels that
      give one; else traffic counts buyers), beside the simulated revenue per buyer
      for as many buyers (undiscounted, referrals included).
    """
    r = result
    s = scenario
    ret = s.retention
    clv = r.clv
    p5, p95 = (float(x) for x in np.percentile(clv, [5, 95]))
    uncertain = _uncertain(s)
    disc = s.discount_rate > 0

    # historical: a finished cohort, undiscounted, before acquisition
    acq = r.source_index("acquisition")
    profit_total = (r.profit_per_buyer + r.cost_per_buyer[acq]).sum(axis=1)  # per buyer, (R,)
    hist_value = historical_clv(float(profit_total.mean()) * r.customers, r.customers)
    reasons = ["backward"] + (["discount"] if disc else [])
    historical = Calculation(
        "historical", {"total_profit": float(profit_total.mean()) * r.customers, "customers": float(r.customers)},
        hist_value, float(clv.mean()), p5, p95, tuple(reasons) if disc else ("agree",),
    )

    # average-based
    naive = naive_totals(s)
    order_value = naive.revenue / naive.purchases if naive.purchases else 0.0
    frequency = naive.purchases / naive.lifespan if naive.lifespan else 0.0
    margin = naive.gross_profit / naive.revenue if naive.revenue else 0.0
    avg = average_clv(order_value, frequency, margin, naive.lifespan)
    reasons = []
    if disc:
        reasons.append("discount")
    churn_mean = centre(ret.churn) if ret.churn_beta is None else 1.0
    if churn_mean > 0 and any(rung.delay > 0 for rung in s.back_end):
        reasons.append("churn_ladder")
    if churn_mean > 0 and s.horizon < 3 / max(churn_mean, 1e-9):
        reasons.append("horizon")
    if ret.churn_beta is not None or centre(ret.heterogeneity) > 0:
        reasons.append("heterogeneity")
    if ret.save_offer is not None and centre(ret.save_offer.acceptance) > 0:
        reasons.append("saves")
    if centre(ret.upsell_fatigue) > 0:
        reasons.append("fatigue")
    if s.referral is not None and centre(s.referral.per_active_customer) > 0:
        reasons.append("referrals")
    if uncertain:
        reasons.append("uncertainty")
    average = Calculation(
        "average", {"order_value": order_value, "frequency": frequency, "margin": margin, "lifespan": naive.lifespan},
        avg, float(clv.mean()), p5, p95, tuple(reasons) or ("agree",),
    )

    # channel formula: sales from 1,000 visitors
    convs = [(centre(ch.share), centre(ch.conversion)) for ch in s.acquisition.channels if ch.conversion is not None]
    traffic = 1000.0
    if convs:
        conversion = sum(w * c for w, c in convs) / sum(w for w, _ in convs)
    else:
        conversion = 1.0
    revenue_per_buyer = r.revenue_by_period.sum(axis=1)  # undiscounted, (R,)
    buyers = traffic * conversion
    sim_sales = revenue_per_buyer * buyers
    chan = channel_sales(traffic, conversion, order_value, naive.purchases)
    reasons = ["no_conversion"] if not convs else []
    for extra in ("churn_ladder", "heterogeneity", "saves", "fatigue", "referrals", "uncertainty"):
        if extra in average.reasons:
            reasons.append(extra)
    s5, s95 = (float(x) for x in np.percentile(sim_sales, [5, 95]))
    channel = Calculation(
        "channel", {"traffic": traffic, "conversion": conversion, "order_value": order_value,
                    "repeat": naive.purchases},
        chan, float(sim_sales.mean()), s5, s95, tuple(reasons) or ("agree",),
    )
    return Calculators(historical, average, channel)
