"""Which fish pond: compare acquisition channels, and split a budget across them.

:func:`compare_channels` simulates the scenario once per channel, as if that
channel brought every paid buyer (its share set to 1, the others' to 0), all
with the same seed. Every run then draws the same random numbers (common random
numbers), so the differences between channels are their costs and customer
quality (``churn_multiplier``, ``take_rate_multiplier``), not noise.

:func:`best_split` spends an acquisition budget per period across channels to
maximise the expected net value of the buyers it wins: the linear programme

    maximise Σ_k v_k x_k   subject to   Σ_k c_k x_k ≤ budget,   0 ≤ x_k ≤ max_buyers_k

with ``x_k`` buyers from channel ``k``, ``c_k`` its mean CAC and ``v_k`` its
mean net value per buyer (CLV - CAC over the horizon). Without capacities the
answer is "everything to the channel with the best net value per unit spent";
each channel's ``max_buyers`` is what makes the split interesting. Solved with
``scipy.optimize.linprog`` (HiGHS). Channels with a negative expected net value
get nothing, even if budget is left over.

Pure: no I/O, no printing; randomness only through the seed passed on to
:func:`simulator.engine.simulate`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable, Mapping

import numpy as np

from .engine import simulate
from .randomness import resolve_seed
from .metrics import Band
from .problems import Problem
from .scenario import Scenario, ScenarioError, Text, scenario_from_dict, scenario_to_dict, text_key

CHANNEL_METRICS = ("cac", "clv", "ltv_cac", "net_value", "payback_period")
"""The per-channel bands of a :class:`ChannelOutcome`, in display order."""


@dataclass(frozen=True)
class ChannelOutcome:
    """One channel simulated as the only source of paid buyers; money per paid buyer."""

    name: Text
    """Display name (a string or ``{en, zh}``)."""
    cac: Band
    clv: Band
    ltv_cac: Band
    net_value: Band
    payback_period: Band
    """In periods; None entries where most replicates never pay back."""
    prob_profit: float
    """Share of replicates in which a buyer from this channel is worth more than they cost."""
    max_buyers: float | None
    """The channel's capacity per period from the scenario (None = unlimited)."""
    net_value_per_replicate: np.ndarray = field(repr=False)
    """(R,) net value per buyer in each replicate (same seeds across channels), for bands of a split."""

    @property
    def mean_cac(self) -> float:
        return float(self.cac.mean) if self.cac.mean is not None else 0.0

    @property
    def mean_net_value(self) -> float:
        return float(np.mean(self.net_value_per_replicate))


@dataclass(frozen=True)
class ChannelComparison:
    """Every channel of a scenario, each simulated alone with the same seed."""

    scenario_name: Text
    currency: str
    seed: int
    customers: int
    replicates: int
    horizon: int
    periods_per_year: int
    channels: tuple[ChannelOutcome, ...]

    @property
    def best(self) -> Text:
        """Name of the channel with the highest mean net value per buyer."""
        return max(self.channels, key=lambda c: c.mean_net_value).name

    def to_dict(self) -> dict:
        """Plain data for JSON (per-replicate arrays left out; names in English)."""
        out = {k: v for k, v in asdict(self).items() if k != "channels"}
        out["scenario_name"] = text_key(self.scenario_name)
        out["channels"] = [
            {k: (asdict(v) if isinstance(v, Band) else v) for k, v in vars(c).items() if k != "net_value_per_replicate"}
            | {"name": text_key(c.name)}
            for c in self.channels
        ]
        out["best"] = text_key(self.best)
        return out


@dataclass(frozen=True)
class ChannelAllocation:
    name: Text
    buyers: float
    """Paid buyers bought from this channel per period."""
    spend: float
    """buyers × mean CAC."""
    expected_profit: float
    """buyers × mean net value per buyer."""


@dataclass(frozen=True)
class ChannelSplit:
    """The best split of an acquisition budget per period (:func:`best_split`)."""

    budget: float
    allocations: tuple[ChannelAllocation, ...]
    total_buyers: float
    total_spend: float
    unspent: float
    expected_profit: float
    """Σ buyers × mean net value: expected net value of one period's buyers over the horizon."""
    profit: Band
    """The same across replicates (same seeds for every channel), for the chosen split."""

    def to_dict(self) -> dict:
        """Plain data for JSON (names in English)."""
        out = asdict(self)
        for entry, allocation in zip(out["allocations"], self.allocations):
            entry["name"] = text_key(allocation.name)
        return out


def single_channel_scenario(scenario: Scenario, index: int) -> Scenario:
    """The scenario with channel ``index`` bringing every paid buyer (share 1, every other channel share 0).

    The other channels stay in the file with share 0, so each single-channel run
    draws its parameters in the same order and uses the same random numbers.
    """
    data = scenario_to_dict(scenario)
    channels = data.setdefault("acquisition", {}).get("channels")
    if channels is None:  # the default single channel
        return scenario
    for j, ch in enumerate(channels):
        ch["share"] = 1.0 if j == index else 0.0
    return scenario_from_dict(data)


def compare_channels(
    scenario: Scenario,
    *,
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ChannelComparison:
    """Simulate each channel as if it were the only one, all with the same seed.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario with one or more channels.
    seed : int, optional
        Default: the scenario's seed, else fresh entropy (recorded in the result).
    customers, replicates : int, optional
        Override the scenario's ``simulation`` block.
    progress : callable, optional
        Called with the fraction done (0..1) as channels finish.
    cancel : callable, optional
        Handed to each run (:func:`simulator.engine.simulate`): True stops it with
        :class:`~simulator.problems.Cancelled`.

    Returns
    -------
    ChannelComparison
    """
    seed = resolve_seed(scenario, seed)
    outcomes = []
    channels = scenario.acquisition.channels
    for k, ch in enumerate(channels):
        result = simulate(single_channel_scenario(scenario, k), rng=seed, customers=customers, replicates=replicates,
                          cancel=cancel)
        outcomes.append(
            ChannelOutcome(
                name=ch.name,
                cac=Band.of(result.cac_per_buyer),
                clv=Band.of(result.clv),
                ltv_cac=Band.of(result.ltv_cac),
                net_value=Band.of(result.net_value),
                payback_period=Band.of(result.payback_period),
                prob_profit=result.prob_profit,
                max_buyers=ch.max_buyers,
                net_value_per_replicate=result.net_value,
            )
        )
        if progress is not None:
            progress((k + 1) / len(channels))
    return ChannelComparison(
        scenario_name=scenario.name,
        currency=scenario.currency,
        seed=seed,
        customers=result.customers,
        replicates=result.replicates,
        horizon=result.horizon,
        periods_per_year=result.periods_per_year,
        channels=tuple(outcomes),
    )


def best_split(
    comparison: ChannelComparison, budget: float, *, max_buyers: Mapping[str, float | None] | None = None
) -> ChannelSplit:
    """The split of an acquisition budget per period across channels with the highest expected net value.

    Parameters
    ----------
    comparison : ChannelComparison
        From :func:`compare_channels`.
    budget : float
        Money available for acquisition per period (≥ 0).
    max_buyers : mapping of channel name (its English, for a name in two languages) to capacity, optional
        Overrides the channels' ``max_buyers`` (None = unlimited).

    Returns
    -------
    ChannelSplit

    Raises
    ------
    ScenarioError
        For a negative or non-finite budget, an unknown channel name, or a channel that costs
        nothing per buyer, is worth something, and has no capacity (the best split would be unbounded).
    """
    from scipy.optimize import linprog

    if not np.isfinite(budget) or budget < 0:
        raise ScenarioError.of("budget", "finite_at_least", ge=0, got=float(budget))
    caps = {text_key(c.name): c.max_buyers for c in comparison.channels}
    for name, cap in (max_buyers or {}).items():
        if name not in caps:
            raise ScenarioError.of("max_buyers", "unknown_channel", name=name, known=tuple(caps))
        if cap is not None and (not np.isfinite(cap) or cap < 0):
            raise ScenarioError.of(f"max_buyers['{name}']", "finite_at_least", ge=0, got=float(cap))
        caps[name] = cap
    chans = comparison.channels
    cost = np.array([c.mean_cac for c in chans])
    value = np.array([c.mean_net_value for c in chans])
    free = [
        Problem(f"acquisition.channels[{i}]", "free_channel_unbounded", {"channel": text_key(c.name)})
        for i, c in enumerate(chans)
        if cost[i] <= 0 and value[i] > 0 and caps[text_key(c.name)] is None
    ]
    if free:
        raise ScenarioError(free)
    bounds = [(0.0, caps[text_key(c.name)] if value[i] > 0 else 0.0) for i, c in enumerate(chans)]
    # HiGHS reads coefficients ≥ 1e20 as infinite: scale huge money (accepted up to 1e12 per field, so
    # values of 1e16 and CACs of 1e21 happen) to order 1; the optimum x is the same
    money = max(np.max(np.abs(cost)), np.max(np.abs(value)), budget)
    cost_scale = max(np.max(np.abs(cost)), 1.0) if money > 1e15 else 1.0
    value_scale = max(np.max(np.abs(value)), 1.0) if money > 1e15 else 1.0
    solved = linprog(-value / value_scale, A_ub=cost[None, :] / cost_scale, b_ub=[budget / cost_scale],
                     bounds=bounds, method="highs")
    if solved.status != 0:  # pragma: no cover - bounded and feasible (x = 0) by construction
        raise RuntimeError(f"linprog failed: {solved.message}")
    x = np.clip(solved.x, 0.0, None)
    spend = x * cost
    per_replicate = sum(xk * c.net_value_per_replicate for xk, c in zip(x, chans))
    allocations = tuple(
        ChannelAllocation(c.name, float(xk), float(sk), float(xk * vk)) for c, xk, sk, vk in zip(chans, x, spend, value)
    )
    return ChannelSplit(
        budget=float(budget),
        allocations=allocations,
        total_buyers=float(x.sum()),
        total_spend=float(spend.sum()),
        unspent=float(max(0.0, budget - spend.sum())),
        expected_profit=float(x @ value),
        profit=Band.of(np.broadcast_to(per_replicate, (comparison.replicates,))),
    )
