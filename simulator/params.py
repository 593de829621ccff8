"""Per-replicate parameter arrays: the scenario with every uncertain number drawn.

:func:`draw_parameters` walks a :class:`~simulator.scenario.Scenario` in a fixed
order and returns :class:`Parameters`, whose numeric fields are arrays of shape
``(replicates,)``. Structural settings (the ladder's delays and billing, the
horizon, the number of saves) cannot be uncertain and stay scalars.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .distributions import ParameterDraws
from .scenario import Scenario


@dataclass(frozen=True)
class RungParameters:
    name: str
    offer_period: int
    """Period the rung is offered in: the sum of the delays up to it."""
    billing: str
    price: np.ndarray
    unit_cost: np.ndarray
    take_rate: np.ndarray
    downsell_name: str | None
    downsell_price: np.ndarray
    downsell_unit_cost: np.ndarray
    downsell_take_rate: np.ndarray


@dataclass(frozen=True)
class Parameters:
    """Every input of one run, one value per replicate (arrays of shape ``(replicates,)``)."""

    replicates: int
    horizon: int
    discount_factor: float
    cac_per_buyer: np.ndarray
    """Blended channel cost plus affiliate commission, per paid front-end buyer."""
    front_end_price: np.ndarray
    front_end_unit_cost: np.ndarray
    rungs: tuple[RungParameters, ...]
    subscription_adoption: np.ndarray
    subscription_price: np.ndarray
    subscription_unit_cost: np.ndarray
    repeat_rate: np.ndarray
    repeat_order_value: np.ndarray
    repeat_margin: np.ndarray
    repeat_alpha: np.ndarray | None
    """Beta α of the per-customer repeat-order chance; None when everyone orders with repeat_rate."""
    repeat_beta: np.ndarray | None
    cost_to_serve: np.ndarray
    loyalty_cost: np.ndarray
    churn_reduction: np.ndarray
    churn_mean: np.ndarray
    churn_alpha: np.ndarray | None
    """Beta α of per-customer churn; None when everyone churns at churn_mean."""
    churn_beta: np.ndarray | None
    upsell_fatigue: np.ndarray
    save_acceptance: np.ndarray
    save_discount: np.ndarray
    max_saves: int
    referrals_per_active: np.ndarray
    referral_reward: np.ndarray
    buyers_per_period: np.ndarray
    acquisition_periods: int
    cac_growth: np.ndarray
    channel_shares: np.ndarray | None = None
    """(replicates, channels) shares of paid buyers by channel, each row summing to 1; None when every channel's
    churn and take-rate multipliers are 1 (then which channel a buyer came from changes nothing)."""
    channel_churn_multiplier: np.ndarray | None = None
    """(channels,) churn multiplier per channel; None as for channel_shares."""
    channel_take_rate_multiplier: np.ndarray | None = None
    """(channels,) take-rate multiplier per channel; None as for channel_shares."""

    @property
    def has_saves(self) -> bool:
        return self.max_saves > 0 and bool(np.any(self.save_acceptance > 0))

    @property
    def has_fatigue(self) -> bool:
        return bool(np.any(self.upsell_fatigue > 0))


def _repeat_chance(rep, d: ParameterDraws) -> dict[str, np.ndarray | None]:
    """repeat_rate, and the Beta (α, β) of the per-customer chance when it varies (BG/BB's beta-Bernoulli).

    The rate is drawn at the same point of the draw order as always; the
    heterogeneity is drawn only when the scenario sets it, so scenarios without
    it keep their random streams.
    """
    rate = d(rep.rate if rep else 0.0, "rate")
    none = {"repeat_rate": rate, "repeat_alpha": None, "repeat_beta": None}
    if rep is None:
        return none
    if rep.rate_beta is not None:
        alpha = np.full(rate.size, rep.rate_beta.alpha)
        beta = np.full(rate.size, rep.rate_beta.beta)
        return {"repeat_rate": alpha / (alpha + beta), "repeat_alpha": alpha, "repeat_beta": beta}
    if "heterogeneity" not in rep.model_fields_set:
        return none
    het = np.minimum(d(rep.heterogeneity, "polarisation"), 0.99)
    if not np.any(het > 0):
        return none
    # mean m = α / (α + β), polarisation φ = 1 / (α + β + 1), as for churn
    total = np.where(het > 0, 1.0 / np.maximum(het, 1e-12) - 1.0, 1e12)
    return {"repeat_rate": rate, "repeat_alpha": rate * total, "repeat_beta": (1.0 - rate) * total}


def draw_parameters(scenario: Scenario, replicates: int, rng: np.random.Generator) -> Parameters:
    """Draw every uncertain input once per replicate (see :mod:`simulator.distributions`)."""
    d = ParameterDraws(replicates, rng)
    acq = scenario.acquisition
    blended = np.zeros(replicates)
    shares_total = np.zeros(replicates)
    channel_shares = []
    for ch in acq.channels:
        share = d(ch.share, "rate")
        channel_shares.append(share)
        shares_total += share
        if ch.cac is not None:
            cac = d(ch.cac, "money")
        else:
            cac = d(ch.cost_per_lead, "money") / np.maximum(d(ch.conversion, "rate"), 1e-9)
        blended += share * cac
    # shares sum to 1 at their centres (validated); uncertain draws are renormalised
    cac_per_buyer = blended / np.maximum(shares_total, 1e-12) + d(acq.affiliate_commission, "money")

    rungs = []
    offer_period = 0
    for rung in scenario.back_end:
        offer_period += rung.delay
        ds = rung.downsell
        rungs.append(
            RungParameters(
                name=rung.name,
                offer_period=offer_period,
                billing=rung.billing,
                price=d(rung.price, "money"),
                unit_cost=d(rung.unit_cost, "money"),
                take_rate=d(rung.take_rate, "rate"),
                downsell_name=ds.name if ds else None,
                downsell_price=d(ds.price if ds else 0.0, "money"),
                downsell_unit_cost=d(ds.unit_cost if ds else 0.0, "money"),
                downsell_take_rate=d(ds.take_rate if ds else 0.0, "rate"),
            )
        )

    sub = scenario.subscription
    rep = scenario.repeat_purchase
    ret = scenario.retention
    loyalty = ret.loyalty_program
    save = ret.save_offer
    ref = scenario.referral

    if ret.churn_beta is not None:
        alpha = np.full(replicates, ret.churn_beta.alpha)
        beta = np.full(replicates, ret.churn_beta.beta)
        churn_mean = alpha / (alpha + beta)
        heterogeneous = True
    else:
        churn_mean = d(ret.churn, "rate")
        het = d(ret.heterogeneity, "polarisation")
        het = np.minimum(het, 0.99)
        heterogeneous = bool(np.any(het > 0))
        # mean m = α / (α + β), polarisation φ = 1 / (α + β + 1)  =>  α + β = 1/φ - 1
        # replicates drawn with no heterogeneity get a Beta so tight it is the mean itself
        total = np.where(het > 0, 1.0 / np.maximum(het, 1e-12) - 1.0, 1e12)
        alpha = churn_mean * total
        beta = (1.0 - churn_mean) * total
    return Parameters(
        replicates=replicates,
        horizon=scenario.horizon,
        discount_factor=scenario.period_discount_factor,
        cac_per_buyer=cac_per_buyer,
        front_end_price=d(scenario.front_end.price, "money"),
        front_end_unit_cost=d(scenario.front_end.unit_cost, "money"),
        rungs=tuple(rungs),
        subscription_adoption=d(sub.adoption if sub else 0.0, "rate"),
        subscription_price=d(sub.price if sub else 0.0, "money"),
        subscription_unit_cost=d(sub.unit_cost if sub else 0.0, "money"),
        **_repeat_chance(rep, d),
        repeat_order_value=d(rep.order_value if rep else 0.0, "money"),
        repeat_margin=d(rep.margin if rep else 0.0, "rate"),
        cost_to_serve=d(scenario.cost_to_serve, "money"),
        loyalty_cost=d(loyalty.cost_per_member if loyalty else 0.0, "money"),
        churn_reduction=d(loyalty.churn_reduction if loyalty else 0.0, "rate"),
        churn_mean=churn_mean,
        churn_alpha=alpha if heterogeneous else None,
        churn_beta=beta if heterogeneous else None,
        upsell_fatigue=d(ret.upsell_fatigue, "rate"),
        save_acceptance=d(save.acceptance if save else 0.0, "rate"),
        save_discount=d(save.discount if save else 0.0, "rate"),
        max_saves=save.max_saves if save else 0,
        referrals_per_active=d(ref.per_active_customer if ref else 0.0, "rate"),
        referral_reward=d(ref.reward if ref else 0.0, "money"),
        buyers_per_period=d(acq.buyers_per_period, "count"),
        acquisition_periods=acq.periods,
        cac_growth=d(acq.cac_growth, "growth"),
        **_channel_quality(acq.channels, channel_shares, shares_total),
    )


def _channel_quality(channels, shares: list[np.ndarray], total: np.ndarray) -> dict:
    """Per-channel customer quality for the engine; empty (defaults) when every multiplier is 1."""
    churn = np.array([ch.churn_multiplier for ch in channels], dtype=float)
    take = np.array([ch.take_rate_multiplier for ch in channels], dtype=float)
    if np.all(churn == 1.0) and np.all(take == 1.0):
        return {}
    return {
        "channel_shares": np.stack(shares, axis=1) / np.maximum(total, 1e-12)[:, None],
        "channel_churn_multiplier": churn,
        "channel_take_rate_multiplier": take,
    }

