"""Per-replicate parameter arrays: the scenario with every uncertain number drawn.

:func:`draw_parameters` walks a :class:`~simulator.scenario.Scenario` and returns
:class:`Parameters`, whose numeric fields are arrays of shape ``(replicates,)``.
Structural settings (the ladder's delays and billing, the horizon, the number
of saves) cannot be uncertain and stay scalars.

Each uncertain input draws from the stream keyed by its path
(``"retention.churn"``, ``"back_end[core-course].take_rate"``,
``"acquisition.channels[Search ads].cac"``; :class:`~simulator.randomness.Streams`):
rungs are keyed by their stable ``id``, channels by their name (its English, for
a name in two languages; and summed in name order, so reordering channels changes no number). Adding, removing or
reordering an input leaves the draws of every other input as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .distributions import ParameterDraws, beta_from_mean_heterogeneity, mean_heterogeneity_from_beta
from .randomness import Streams, root_sequence
from .scenario import Scenario, Text, text_key


@dataclass(frozen=True)
class RungParameters:
    id: str
    """The rung's stable id: keys its random streams and its cash-flow source."""
    name: Text
    """Display name (a string or ``{en, zh}``: display data only)."""
    offer_period: int
    """Period the rung is offered in: the sum of the delays up to it."""
    billing: str
    price: np.ndarray
    unit_cost: np.ndarray
    take_rate: np.ndarray
    downsell_name: Text | None
    """Display name of the downsell; None without one."""
    downsell_price: np.ndarray
    downsell_unit_cost: np.ndarray
    downsell_take_rate: np.ndarray

    @property
    def key(self) -> str:
        """The rung's source and funnel key, ``back_end[<id>]`` (names are display text only)."""
        return f"back_end[{self.id}]"

    @property
    def downsell_key(self) -> str | None:
        """``back_end[<id>].downsell``, or None without a downsell."""
        return f"{self.key}.downsell" if self.downsell_name else None


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
    non_adopters_leave: bool
    """Buyers who do not subscribe stop being active at period 1 (``subscription.non_adopters: leave``)."""
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
    """(replicates, channels) shares of paid buyers by channel (channels in name order), each row summing to 1;
    None when every channel's
    churn and take-rate multipliers are 1 (then which channel a buyer came from changes nothing)."""
    channel_churn_multiplier: np.ndarray | None = None
    """(channels,) churn multiplier per channel (in name order); None as for channel_shares."""
    channel_take_rate_multiplier: np.ndarray | None = None
    """(channels,) take-rate multiplier per channel; None as for channel_shares."""
    bgnbd_rate: np.ndarray | None = None
    """BG/NBD purchasing (``repeat_purchase.bgnbd``): mean purchases per period; None without."""
    bgnbd_shape: np.ndarray | None = None
    """Gamma shape r of the per-customer purchase rates."""
    bgnbd_a: np.ndarray | None = None
    """Beta (a, b) of the per-customer chance of leaving after a purchase (b = inf: everyone's is the mean)."""
    bgnbd_b: np.ndarray | None = None

    @property
    def has_saves(self) -> bool:
        return self.max_saves > 0 and bool(np.any(self.save_acceptance > 0))

    @property
    def has_fatigue(self) -> bool:
        return bool(np.any(self.upsell_fatigue > 0))


def _repeat_chance(rep, d: ParameterDraws) -> dict[str, np.ndarray | None]:
    """repeat_rate, and the Beta (α, β) of the per-customer chance when it varies (BG/BB's beta-Bernoulli);
    or, for ``repeat_purchase.bgnbd``, the BG/NBD's rate, shape and drop-out Beta (repeat_rate 0)."""
    rate = d(rep.rate if rep else 0.0, "rate", "repeat_purchase.rate")
    none = {"repeat_rate": rate, "repeat_alpha": None, "repeat_beta": None}
    if rep is None:
        return none
    if rep.bgnbd is not None:
        g = rep.bgnbd
        drop = d(g.dropout, "rate", "repeat_purchase.bgnbd.dropout")
        het = np.minimum(d(g.dropout_heterogeneity, "polarisation", "repeat_purchase.bgnbd.dropout_heterogeneity"),
                         0.99)
        a, b = beta_from_mean_heterogeneity(drop, het)
        return {"repeat_rate": np.zeros_like(rate), "repeat_alpha": None, "repeat_beta": None,
                "bgnbd_rate": d(g.rate, "count", "repeat_purchase.bgnbd.rate"),
                "bgnbd_shape": np.full(rate.size, float(g.rate_shape)), "bgnbd_a": a, "bgnbd_b": b}
    if rep.rate_beta is not None:
        alpha = np.full(rate.size, rep.rate_beta.alpha)
        beta = np.full(rate.size, rep.rate_beta.beta)
        return {"repeat_rate": mean_heterogeneity_from_beta(alpha, beta)[0], "repeat_alpha": alpha, "repeat_beta": beta}
    het = np.minimum(d(rep.heterogeneity, "polarisation", "repeat_purchase.heterogeneity"), 0.99)
    if not np.any(het > 0):
        return none
    alpha, beta = beta_from_mean_heterogeneity(rate, het)
    return {"repeat_rate": rate, "repeat_alpha": alpha, "repeat_beta": beta}


def _channel_key(names: list[str], k: int) -> str:
    """``acquisition.channels[<name>]``; a repeated name gets ``#2``, ``#3``... by its occurrence."""
    name = names[k]
    nth = names[:k].count(name)
    return f"acquisition.channels[{name}{'' if nth == 0 else f'#{nth + 1}'}]"


def draw_parameters(scenario: Scenario, replicates: int, rng: Streams | np.random.Generator | int | None) -> Parameters:
    """Draw every uncertain input once per replicate (see :mod:`simulator.distributions`).

    ``rng`` is the run's :class:`~simulator.randomness.Streams`, or anything
    :func:`~simulator.randomness.root_sequence` accepts (a Generator, an int, None).
    """
    streams = rng if isinstance(rng, Streams) else Streams(root_sequence(scenario, rng)[0])
    d = ParameterDraws(replicates, streams)
    acq = scenario.acquisition
    blended = np.zeros(replicates)
    shares_total = np.zeros(replicates)
    names = [text_key(ch.name) for ch in acq.channels]  # the English of a name in two languages
    # in name order, so that reordering the channels changes neither the draws nor the sums
    order = sorted(range(len(names)), key=lambda k: (names[k], k))
    channels = [acq.channels[k] for k in order]
    channel_shares = []
    for k, ch in zip(order, channels):
        key = _channel_key(names, k)
        share = d(ch.share, "rate", f"{key}.share")
        channel_shares.append(share)
        shares_total += share
        if ch.cac is not None:
            cac = d(ch.cac, "money", f"{key}.cac")
        else:
            cac = d(ch.cost_per_lead, "money", f"{key}.cost_per_lead") / np.maximum(
                d(ch.conversion, "rate", f"{key}.conversion"), 1e-9
            )
        blended += share * cac
    # shares sum to 1 at their centres (validated); uncertain draws are renormalised
    cac_per_buyer = blended / np.maximum(shares_total, 1e-12) + d(
        acq.affiliate_commission, "money", "acquisition.affiliate_commission"
    )

    rungs = []
    offer_period = 0
    for rung in scenario.back_end:
        offer_period += rung.delay
        ds = rung.downsell
        key = f"back_end[{rung.id}]"
        rungs.append(
            RungParameters(
                id=rung.id,
                name=rung.name,
                offer_period=offer_period,
                billing=rung.billing,
                price=d(rung.price, "money", f"{key}.price"),
                unit_cost=d(rung.unit_cost, "money", f"{key}.unit_cost"),
                take_rate=d(rung.take_rate, "rate", f"{key}.take_rate"),
                downsell_name=ds.name if ds else None,
                downsell_price=d(ds.price if ds else 0.0, "money", f"{key}.downsell.price"),
                downsell_unit_cost=d(ds.unit_cost if ds else 0.0, "money", f"{key}.downsell.unit_cost"),
                downsell_take_rate=d(ds.take_rate if ds else 0.0, "rate", f"{key}.downsell.take_rate"),
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
        churn_mean = mean_heterogeneity_from_beta(alpha, beta)[0]
        heterogeneous = True
    else:
        churn_mean = d(ret.churn, "rate", "retention.churn")
        het = np.minimum(d(ret.heterogeneity, "polarisation", "retention.heterogeneity"), 0.99)
        heterogeneous = bool(np.any(het > 0))
        # replicates drawn with no heterogeneity get a Beta so tight it is the mean itself
        alpha, beta = beta_from_mean_heterogeneity(churn_mean, het)
    return Parameters(
        replicates=replicates,
        horizon=scenario.horizon,
        discount_factor=scenario.period_discount_factor,
        cac_per_buyer=cac_per_buyer,
        front_end_price=d(scenario.front_end.price, "money", "front_end.price"),
        front_end_unit_cost=d(scenario.front_end.unit_cost, "money", "front_end.unit_cost"),
        rungs=tuple(rungs),
        subscription_adoption=d(sub.adoption if sub else 0.0, "rate", "subscription.adoption"),
        subscription_price=d(sub.price if sub else 0.0, "money", "subscription.price"),
        subscription_unit_cost=d(sub.unit_cost if sub else 0.0, "money", "subscription.unit_cost"),
        non_adopters_leave=sub is not None and sub.non_adopters == "leave",
        **_repeat_chance(rep, d),
        repeat_order_value=d(rep.order_value if rep else 0.0, "money", "repeat_purchase.order_value"),
        repeat_margin=d(rep.margin if rep else 0.0, "rate", "repeat_purchase.margin"),
        cost_to_serve=d(scenario.cost_to_serve, "money", "cost_to_serve"),
        loyalty_cost=d(loyalty.cost_per_member if loyalty else 0.0, "money", "retention.loyalty_program.cost_per_member"),
        churn_reduction=d(loyalty.churn_reduction if loyalty else 0.0, "rate", "retention.loyalty_program.churn_reduction"),
        churn_mean=churn_mean,
        churn_alpha=alpha if heterogeneous else None,
        churn_beta=beta if heterogeneous else None,
        upsell_fatigue=d(ret.upsell_fatigue, "rate", "retention.upsell_fatigue"),
        save_acceptance=d(save.acceptance if save else 0.0, "rate", "retention.save_offer.acceptance"),
        save_discount=d(save.discount if save else 0.0, "rate", "retention.save_offer.discount"),
        max_saves=save.max_saves if save else 0,
        referrals_per_active=d(ref.per_active_customer if ref else 0.0, "rate", "referral.per_active_customer"),
        referral_reward=d(ref.reward if ref else 0.0, "money", "referral.reward"),
        buyers_per_period=d(acq.buyers_per_period, "count", "acquisition.buyers_per_period"),
        acquisition_periods=acq.periods,
        cac_growth=d(acq.cac_growth, "growth", "acquisition.cac_growth"),
        **_channel_quality(channels, channel_shares, shares_total),
    )


def _channel_quality(channels, shares: list[np.ndarray], total: np.ndarray) -> dict:
    """Per-channel customer quality for the engine (channels in name order); empty when every multiplier is 1."""
    churn = np.array([ch.churn_multiplier for ch in channels], dtype=float)
    take = np.array([ch.take_rate_multiplier for ch in channels], dtype=float)
    if np.all(churn == 1.0) and np.all(take == 1.0):
        return {}
    return {
        "channel_shares": np.stack(shares, axis=1) / np.maximum(total, 1e-12)[:, None],
        "channel_churn_multiplier": churn,
        "channel_take_rate_multiplier": take,
    }
