"""Typed results of a simulation run.

:class:`SimulationResult` holds per-replicate arrays, all **per paid front-end
buyer** (money in the scenario's currency). Derived quantities (profit, cash
curve, CLV, payback) are properties computed from them, so there is one source
of truth; :mod:`simulator.metrics` turns them into bands.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .scenario import Text


@dataclass(frozen=True)
class BusinessResult:
    """The business view: a cohort of paid buyers acquired each period.

    ``cumulative_cash`` has shape (replicates, horizon), in money (not per buyer).
    """

    cumulative_cash: np.ndarray
    total_profit: np.ndarray
    """Undiscounted profit over the horizon, per replicate."""
    npv: np.ndarray
    """Discounted profit over the horizon, per replicate."""
    capital_needed: np.ndarray
    """Minus the lowest cumulative cash (0 if it never dips below 0), per replicate."""
    cash_positive_period: np.ndarray
    """First period after the low point at which cumulative cash is ≥ 0; +inf if never."""
    average_cac: np.ndarray

    @classmethod
    def from_cash(cls, cash: np.ndarray, average_cac: np.ndarray, discount_factor: float) -> "BusinessResult":
        cum = np.cumsum(cash, axis=1)
        low = np.argmin(cum, axis=1)
        positive = cum >= 0
        after_low = np.arange(cum.shape[1])[None, :] >= low[:, None]
        ok = positive & after_low
        period = np.where(ok.any(axis=1), ok.argmax(axis=1), np.inf).astype(float)
        period = np.where(cum.min(axis=1) >= 0, 0.0, period)
        disc = discount_factor ** np.arange(cash.shape[1])
        return cls(
            cumulative_cash=cum,
            total_profit=cash.sum(axis=1),
            npv=cash @ disc,
            capital_needed=np.maximum(0.0, -cum.min(axis=1)),
            cash_positive_period=period,
            average_cac=average_cac,
        )


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Everything one run produced; arrays are per paid front-end buyer.

    Shapes: ``S`` sources, ``R`` replicates, ``H`` periods, ``F`` funnel steps.
    """

    scenario_name: Text
    """Display text (a string or ``{en, zh}``), as in the scenario: presentation picks the language."""
    currency: str
    seed: int | None
    customers: int
    replicates: int
    horizon: int
    periods_per_year: int
    discount_factor: float
    """Per-period discount factor δ = (1 + d) ** (-1 / periods_per_year)."""
    source_names: tuple[Text, ...]
    """Display names (strings or ``{en, zh}``, as in the scenario; presentation picks the language): front_end, each rung's (and downsell's) name, subscription, repeat_orders, service, loyalty,
    acquisition, referrals. Look sources up by :attr:`source_keys` (:meth:`source_index`): names are text."""
    revenue_per_buyer: np.ndarray  # (S, R, H)
    cost_per_buyer: np.ndarray  # (S, R, H); acquisition at period 0, referral rewards under referrals
    active_per_buyer: np.ndarray  # (R, H) active customers (paid and referred) per paid buyer
    referred_buyers_per_buyer: np.ndarray  # (R,)
    cac_per_buyer: np.ndarray  # (R,) channel cost + affiliate commission
    front_end_margin: np.ndarray  # (R,) front-end price - unit cost
    funnel_names: tuple[Text, ...]
    """Display names (as source_names): front_end, then each rung's (and downsell's) name."""
    funnel_share: np.ndarray  # (F, R) share of paid buyers who bought each step
    customer_values: np.ndarray
    """A sample of individual customers' own discounted gross profit (before CAC, without referrals)."""
    business: BusinessResult | None
    source_keys: tuple[str, ...] = ()
    """Stable keys, parallel to source_names: ``front_end``, ``back_end[<rung id>]``, ``back_end[<rung id>].downsell``,
    then the built-in sources (their keys are their names). Empty only for results built by hand."""
    funnel_keys: tuple[str, ...] = ()
    """Stable keys, parallel to funnel_names: ``front_end``, ``back_end[<rung id>]``, ``back_end[<rung id>].downsell``."""

    def source_index(self, key: str) -> int:
        """Row of ``revenue_per_buyer`` / ``cost_per_buyer`` of the source ``key`` (e.g. ``"acquisition"``)."""
        return (self.source_keys or self.source_names).index(key)

    def funnel_index(self, key: str) -> int:
        """Row of ``funnel_share`` of the step ``key`` (e.g. ``"back_end[core-course]"``)."""
        return (self.funnel_keys or self.funnel_names).index(key)

    def with_business(self, business: BusinessResult) -> "SimulationResult":
        return replace(self, business=business)

    # -- per period ----------------------------------------------------------
    @cached_property
    def revenue_by_period(self) -> np.ndarray:
        """(R, H) revenue per paid buyer."""
        return self.revenue_per_buyer.sum(axis=0)

    @cached_property
    def cost_by_period(self) -> np.ndarray:
        """(R, H) cost per paid buyer, CAC included at period 0."""
        return self.cost_per_buyer.sum(axis=0)

    @cached_property
    def profit_per_buyer(self) -> np.ndarray:
        """(R, H) cash per paid buyer per period, CAC included."""
        return self.revenue_by_period - self.cost_by_period

    @cached_property
    def cumulative_cash(self) -> np.ndarray:
        """(R, H) undiscounted cumulative cash per paid buyer, CAC included."""
        return np.cumsum(self.profit_per_buyer, axis=1)

    @cached_property
    def discount(self) -> np.ndarray:
        return self.discount_factor ** np.arange(self.horizon)

    # -- per replicate -------------------------------------------------------
    @cached_property
    def clv(self) -> np.ndarray:
        """(R,) discounted gross profit per paid buyer over the horizon, referrals included, before CAC."""
        acquisition = self.cost_per_buyer[self.source_index("acquisition")]
        return (self.profit_per_buyer + acquisition) @ self.discount

    @cached_property
    def net_value(self) -> np.ndarray:
        """(R,) clv - cac."""
        return self.clv - self.cac_per_buyer

    @cached_property
    def ltv_cac(self) -> np.ndarray:
        """(R,) clv / cac; NaN where CAC is 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.cac_per_buyer > 0, self.clv / self.cac_per_buyer, np.nan)

    @cached_property
    def front_end_profit(self) -> np.ndarray:
        """(R,) front-end margin - cac (period 0, so undiscounted)."""
        return self.front_end_margin - self.cac_per_buyer

    @cached_property
    def back_end_profit(self) -> np.ndarray:
        """(R,) everything after the front-end sale: clv - front-end margin."""
        return self.clv - self.front_end_margin

    @cached_property
    def payback_period(self) -> np.ndarray:
        """(R,) first period with cumulative cash ≥ 0; +inf where not reached within the horizon."""
        ok = self.cumulative_cash >= -1e-9
        return np.where(ok.any(axis=1), ok.argmax(axis=1), np.inf).astype(float)

    @cached_property
    def prob_profit(self) -> float:
        """Share of replicates with net value > 0."""
        return float(np.mean(self.net_value > 0))

    @cached_property
    def max_affordable_cac(self) -> np.ndarray:
        """(R,) the acquisition cost per buyer at which net value is 0: the clv itself."""
        return self.clv
