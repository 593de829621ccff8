"""The most a plan can pay to acquire a buyer: max affordable CAC or affiliate commission.

With one seed (common random numbers) the acquisition cost touches nothing in a
run but the period-0 acquisition cost: every other cash flow, and so each
replicate's CLV, is the same whatever the cost. Net value per buyer is
therefore exactly linear in the cost, replicate by replicate::

    net_r(x) = clv_r - commission_r - x · w_r          (lever "cac")
    net_r(x) = clv_r - channel_cost_r - x              (lever "commission")

where ``w_r`` is replicate r's blended channel cost relative to its mean (1 when
every channel is fixed; several channels are scaled by one common factor, so
the mix is kept). The break-even cost of replicate r solves ``net_r(x) = 0``,
and the highest cost that breaks even with confidence ``q`` is the ``1 - q``
quantile of those break-even costs: at that cost, a share ``q`` of replicates
is profitable (for lever ``"cac"`` the answer is then reported as a whole
acquisition cost, the commission included, like the engine's ``cac``).
"Pays back within N periods" adds the same rule for the
(undiscounted) cumulative cash at period N, also with confidence ``q``; the
answer is the lower of the two.

:func:`max_affordable_cac` solves this from one simulation. With ``verify=True``
it re-simulates at the answer (same seed) and, should the two disagree (they
cannot while the engine draws the cost from its own random stream), solves
the quantile equation by re-simulation with :func:`scipy.optimize.brentq`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Literal

import numpy as np

from .engine import simulate
from .metrics import Band
from .params import draw_parameters
from .problems import ArgumentError, ProblemError
from .result import SimulationResult
from .scenario import Scenario, scenario_from_dict, scenario_to_dict

Lever = Literal["cac", "commission"]
CONFIDENCES = (0.5, 0.8, 0.95)
"""The confidence levels the workshop offers."""
DEFAULT_CONFIDENCE = 0.8
"""The confidence the app's "Most you can pay" shows first (the Simulate page's headline, the Tools view's default)."""


class NoAffordableCac(ProblemError):
    """No acquisition cost ≥ 0 breaks even (or pays back) with the confidence asked for.

    One problem, ``no_affordable_cost``: the ``lever``, the ``rule`` that fails (``break_even`` or
    ``payback`` within ``payback_within`` periods), the share of replicates meeting it at 0
    (``at_zero``), the ``confidence`` asked for, and the affiliate ``commission`` still paid.
    """


@dataclass(frozen=True, eq=False)
class MaxCacResult:
    """The highest acquisition cost per paid buyer that still works, and how it was found.

    Money is per paid front-end buyer, in the scenario's currency. For lever
    ``"cac"`` the value is the whole acquisition cost per buyer as the engine's
    ``cac`` reports it: the blended channel cost (mean over replicates) plus the
    affiliate commission, which stays as it is (``commission``); only the
    channel costs move. For ``"commission"`` it is the affiliate commission per buyer.
    """

    lever: str
    value: float
    """The answer: the highest cost at which the plan breaks even (and pays back) with ``confidence``."""
    confidence: float
    payback_within: int | None
    payback_binding: bool
    """True when the payback rule, not break-even, sets the answer."""
    value_break_even: float
    """The answer from the break-even rule alone."""
    value_payback: float | None
    """The answer from the payback rule alone (None without ``payback_within``)."""
    current: float
    """The scenario's own cost for this lever (mean over replicates)."""
    break_even: np.ndarray
    """(R,) per replicate: the highest cost that satisfies every rule asked for in that replicate."""
    band: Band
    """Mean, p5, p50, p95 of ``break_even`` across replicates."""
    prob_profit_at_value: float
    """Share of replicates with net value > 0 at ``value`` (≈ confidence unless payback binds)."""
    prob_payback_at_value: float | None
    """Share of replicates whose cumulative cash at period ``payback_within`` is ≥ 0 at ``value``."""
    currency: str
    seed: int | None
    customers: int
    replicates: int
    commission: float = 0.0
    """Lever ``"cac"``: the mean affiliate commission included in ``value`` and ``current`` (0 for ``"commission"``)."""
    verified: bool = False
    """True when the answer was checked by re-simulating at it."""

    def scenario_for(self, scenario: Scenario) -> Scenario:
        """``scenario`` with its acquisition cost set to the answer (to simulate it)."""
        return scenario_at(scenario, self.lever, self.value, self.current, commission=self.commission)

    @property
    def headroom(self) -> float:
        """How much more than today the plan could pay per buyer (negative: it already pays too much)."""
        return self.value - self.current

    def to_dict(self) -> dict[str, Any]:
        return {
            "lever": self.lever,
            "value": _num(self.value),
            "confidence": self.confidence,
            "payback_within": self.payback_within,
            "payback_binding": self.payback_binding,
            "value_break_even": _num(self.value_break_even),
            "value_payback": None if self.value_payback is None else _num(self.value_payback),
            "current": self.current,
            "headroom": _num(self.headroom),
            "band": vars(self.band),
            "prob_profit_at_value": self.prob_profit_at_value,
            "prob_payback_at_value": self.prob_payback_at_value,
            "commission_included": self.commission,
            "currency": self.currency,
            "seed": self.seed,
            "customers": self.customers,
            "replicates": self.replicates,
            "verified": self.verified,
        }


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def check_confidence(confidence: float) -> float:
    """``confidence`` as a float strictly between 0 and 1, or an :class:`ArgumentError` (code ``confidence_range``)."""
    try:
        q = float(confidence)
    except (TypeError, ValueError):
        raise ArgumentError.of("confidence", "confidence_range", got=confidence) from None
    if not 0.0 < q < 1.0:
        raise ArgumentError.of("confidence", "confidence_range", got=confidence)
    return q


def _quantile(x: np.ndarray, q: float) -> float:
    """The q-quantile (linear interpolation), tolerating ±inf entries."""
    finite = np.clip(x, -1e300, 1e300)
    v = float(np.quantile(finite, q))
    return np.inf if v >= 1e299 else (-np.inf if v <= -1e299 else v)


def channel_cost(scenario: Scenario, *, seed: int, replicates: int) -> np.ndarray:
    """(R,) each replicate's blended channel cost per paid buyer, without the commission.

    The engine draws every input from its own child stream, keyed by what it draws, before any
    customer is simulated (:func:`simulator.params.draw_parameters`); the parameter draws alone of
    the same scenario with the commission set to 0 therefore give the full run's per-replicate
    channel costs, without simulating anyone (the scenario is copied, not validated again: only a
    fixed 0 changes).
    """
    acquisition = scenario.acquisition.model_copy(update={"affiliate_commission": 0.0})
    return draw_parameters(scenario.model_copy(update={"acquisition": acquisition}), replicates, seed).cac_per_buyer


def _scale(value: Any, factor: float) -> Any:
    """A scenario number (float or range dict) times ``factor``."""
    if isinstance(value, dict):
        out = dict(value)
        for key in ("low", "high", "mode"):
            if out.get(key) is not None:
                out[key] = out[key] * factor
        return out
    return float(value) * factor


def scenario_at(scenario: Scenario, lever: Lever, value: float, current: float, *, commission: float = 0.0) -> Scenario:
    """The scenario with its acquisition cost set to ``value`` per paid buyer.

    Lever ``"commission"`` sets the affiliate commission. Lever ``"cac"``: ``value``
    and ``current`` are whole acquisition costs including ``commission`` (which is
    kept); every channel's cost (its cac, or its cost per lead) is scaled by
    ``(value - commission) / (current - commission)``, keeping the channel mix;
    where the channels cost nothing today each channel's cac becomes ``value - commission``.
    """
    value, current = value - commission, current - commission
    data = scenario_to_dict(scenario)
    acq = data.setdefault("acquisition", {})
    if lever == "commission":
        acq["affiliate_commission"] = float(value)
        return scenario_from_dict(data)
    channels = acq.get("channels") or [{"name": "Paid ads", "share": 1.0, "cac": 0.0}]
    out = []
    for ch in channels:
        ch = dict(ch)
        if current > 0:
            factor = value / current
            if "cac" in ch:
                ch["cac"] = _scale(ch["cac"], factor)
            else:
                ch["cost_per_lead"] = _scale(ch["cost_per_lead"], factor)
        else:
            ch.pop("cost_per_lead", None)
            ch.pop("conversion", None)
            ch["cac"] = float(value)
        out.append(ch)
    acq["channels"] = out
    return scenario_from_dict(data)


def _break_even(result: SimulationResult, channel: np.ndarray, lever: Lever, payback_within: int | None):
    """Per-replicate break-even costs (R,) for net value, and for cash at period N (or None); and the current cost."""
    commission = result.cac_per_buyer - channel
    gross = result.clv  # discounted, before acquisition
    cash_n = None
    if payback_within is not None:
        cash_n = result.cumulative_cash[:, payback_within] + result.cac_per_buyer  # undiscounted, before acquisition
    if lever == "commission":
        current = float(commission.mean())
        return gross - channel, (None if cash_n is None else cash_n - channel), current
    current = float(channel.mean())
    weight = channel / current if current > 0 else np.ones_like(channel)

    def solve(total: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (total - commission) / weight
        return np.where(weight > 0, x, np.where(total - commission >= 0, np.inf, -np.inf))

    return solve(gross), (None if cash_n is None else solve(cash_n)), current


def max_affordable_cac(
    scenario: Scenario,
    *,
    confidence: float = 0.5,
    payback_within: int | None = None,
    lever: Lever = "cac",
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    verify: bool = False,
    progress: Callable[[float], None] | None = None,
    result: SimulationResult | None = None,
) -> MaxCacResult:
    """The highest acquisition cost per paid buyer at which the plan still works, with ``confidence``.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    confidence : float
        Share of replicates that must break even at the answer (0.5, 0.8, 0.95 …), strictly between 0 and 1.
    payback_within : int, optional
        Also require the undiscounted cumulative cash at period N (0 = the
        front-end sale) to be ≥ 0 with the same confidence; ``0 ≤ N < horizon``.
    lever : {"cac", "commission"}
        ``"cac"``: the blended channel cost per paid buyer (several channels are
        scaled by one factor); ``"commission"``: the affiliate commission per buyer.
    seed, customers, replicates : optional
        Override the scenario's ``simulation`` block.
    verify : bool
        Re-simulate at the answer with the same seed and, if the quantile rule is
        not met there, solve it by re-simulation with ``scipy.optimize.brentq``.
    progress : callable, optional
        Called with the fraction done of the main run.
    result : SimulationResult, optional
        A run of this very scenario (e.g. the one the app shows) to reuse instead of simulating again;
        ``seed``, ``customers`` and ``replicates`` are then taken from it.

    Returns
    -------
    MaxCacResult

    Raises
    ------
    ArgumentError
        For a confidence outside (0, 1), a payback period outside the horizon or an unknown lever.
    NoAffordableCac
        When even a cost of 0 does not break even (or pay back) with that confidence.
    """
    q = check_confidence(confidence)
    if lever not in ("cac", "commission"):
        raise ArgumentError.of("lever", "literal_error", expected=("cac", "commission"), got=lever)
    if payback_within is not None:
        if isinstance(payback_within, bool) or not isinstance(payback_within, (int, np.integer)):
            raise ArgumentError.of("payback_within", "int_type", got=payback_within)
        if not 0 <= payback_within < scenario.horizon:
            raise ArgumentError.of("payback_within", "payback_beyond_horizon", last=scenario.horizon - 1,
                                   horizon=scenario.horizon, got=int(payback_within))
        payback_within = int(payback_within)
    if result is None:
        result = simulate(scenario, rng=seed, customers=customers, replicates=replicates, progress=progress)
    elif result.seed is None:
        raise ValueError("result must record its seed (simulate with rng=an int) to be reused")  # a caller's bug
    channel = channel_cost(scenario, seed=result.seed, replicates=result.replicates)
    be_profit, be_payback, current = _break_even(result, channel, lever, payback_within)
    value_profit = _quantile(be_profit, 1.0 - q)
    value_payback = None if be_payback is None else _quantile(be_payback, 1.0 - q)
    value = value_profit if value_payback is None else min(value_profit, value_payback)
    if not value >= 0:
        rule = "break_even" if value_payback is None or value_profit < 0 else "payback"
        at_zero = float(np.mean((be_profit if rule == "break_even" else be_payback) > 0))
        commission = float(np.mean(result.cac_per_buyer - channel)) if lever == "cac" else 0.0
        raise NoAffordableCac.of("", "no_affordable_cost", lever=lever, rule=rule, payback_within=payback_within,
                                 at_zero=at_zero, confidence=q, commission=max(commission, 0.0))
    verified = False
    if verify and np.isfinite(value):
        value = _verify(scenario, lever, value, current, q, payback_within, result,
                        predicted=float(np.mean(be_profit > value)))
        verified = True
    be = be_profit if be_payback is None else np.minimum(be_profit, be_payback)
    # lever "cac": report whole acquisition costs, as the engine's cac does (channel cost + commission)
    shift = float(np.mean(result.cac_per_buyer - channel)) if lever == "cac" else 0.0
    return MaxCacResult(
        lever=lever,
        value=float(value) + shift,
        confidence=q,
        payback_within=payback_within,
        payback_binding=value_payback is not None and value_payback < value_profit,
        value_break_even=value_profit + shift,
        value_payback=None if value_payback is None else value_payback + shift,
        current=current + shift,
        break_even=be + shift,
        band=Band.of(be + shift),
        prob_profit_at_value=float(np.mean(be_profit > value)),
        prob_payback_at_value=None if be_payback is None else float(np.mean(be_payback >= value)),
        currency=result.currency,
        seed=result.seed,
        customers=result.customers,
        replicates=result.replicates,
        commission=shift,
        verified=verified,
    )


def _verify(scenario, lever, value, current, q, payback_within, base: SimulationResult, predicted: float) -> float:
    """Re-simulate at ``value`` (same seed); keep it if the share of profitable replicates is the one predicted,
    else solve "the (1 - q) quantile of net value (and of cash at period N) is 0" with brentq."""
    from scipy.optimize import brentq

    def run(x: float) -> SimulationResult:
        return simulate(scenario_at(scenario, lever, x, current), rng=base.seed, customers=base.customers,
                        replicates=base.replicates)

    def shortfall(x: float) -> float:
        r = run(x)
        g = _quantile(r.net_value, 1.0 - q)
        if payback_within is not None:
            g = min(g, _quantile(r.cumulative_cash[:, payback_within], 1.0 - q))
        return g

    check = run(value)
    if abs(float(np.mean(check.net_value > 0)) - predicted) <= 1.0 / base.replicates + 1e-12:
        return value
    scale = max(1.0, abs(value), float(np.mean(np.abs(base.clv))))
    lo, hi = 0.0, max(2.0 * value, scale)
    if shortfall(lo) < 0 or shortfall(hi) > 0:  # no sign change: keep the exact answer
        return value
    return float(brentq(shortfall, lo, hi, xtol=1e-6 * scale))
