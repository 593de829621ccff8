"""Lever sensitivity (the "CLV trinity"): how much each input moves net value per buyer.

Each lever present in a scenario (a non-zero price, take rate, churn, cost …) is
moved down and up by ``step`` (±10% by default), the rest held, and the
scenario re-simulated with the same seed: common random numbers, so the
difference is the lever, not noise. A variant that changes only money (a
price, a cost, CAC, the save discount, word of mouth) leaves every customer's
behaviour as it was, so it is not simulated again but repriced from the base
run's behaviour (:func:`simulator.engine.reprice`): the same numbers, bit for
bit, at a fraction of the time. Other variants replay the base run's random
draws where they are the same (:func:`simulator.engine.simulate_like`); a take
rate's variants simulate again only the customers whose decision at that rung
changes, from where the base run left them. An uncertain input is scaled as a whole
(its low, high and mode); rates are clipped to their bounds. Every variant is
built through the scenario model (dict round-trip and validation), so it is a
valid scenario; a variant the schema refuses (e.g. referrals that would
snowball) is reported with its reason instead of a number.

Levers are tagged with the trinity's groups: ``revenue`` (prices, take rates,
adoption, repeat buying, referrals), ``loyalty`` (churn, the save offer, the
loyalty programme's effect) and ``cost`` (cost to serve, loyalty cost, CAC,
commission, referral rewards).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .distributions import BOUNDS
from .engine import simulate_keeping_behaviour, simulate_like
from .metrics import Band
from .problems import ArgumentError, Problem
from .scenario import Scenario, ScenarioError, Uncertain, centre, scenario_from_dict, scenario_to_dict

GROUPS = ("revenue", "loyalty", "cost")

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Lever:
    """One input that can be moved: where it sits in the scenario and what kind of number it is."""

    key: str
    """What the lever is, e.g. ``rung_price`` (a translation key of :mod:`presentation.catalogue`)."""
    target: str | None
    """The rung or channel it belongs to, if any."""
    path: Path
    kind: str
    """rate, money or count: decides the bounds."""
    group: str

    @property
    def where(self) -> str:
        """The field's path as written in a scenario file: ``back_end[1].price``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
        return out


@dataclass(frozen=True)
class LeverEffect:
    """The change in net value per paid buyer with one lever moved down and up."""

    lever: Lever
    base: float
    """The lever's current value (the centre of a range)."""
    low_input: float
    high_input: float
    low: Band | None
    """Change in net value per buyer (variant − base, per replicate) with the lever at (1 − step); None if refused."""
    high: Band | None
    notes: tuple[Problem, ...] = ()
    """Why a side is missing: the schema's problems with the refused variant."""
    low_se: float | None = None
    """Standard error of ``low.mean`` (sd of the per-replicate changes / √replicates)."""
    high_se: float | None = None

    @property
    def swing(self) -> float:
        """|high − low| of the mean changes (0 for a missing side)."""
        lo = self.low.mean if self.low is not None and self.low.mean is not None else 0.0
        hi = self.high.mean if self.high is not None and self.high.mean is not None else 0.0
        return abs(hi - lo)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.lever.key,
            "target": self.lever.target,
            "field": self.lever.where,
            "group": self.lever.group,
            "base": self.base,
            "low_input": self.low_input,
            "high_input": self.high_input,
            "low": None if self.low is None else vars(self.low),
            "high": None if self.high is None else vars(self.high),
            "low_se": self.low_se,
            "high_se": self.high_se,
            "swing": self.swing,
            "note": "; ".join(map(str, self.notes)) or None,
        }


@dataclass(frozen=True)
class Sensitivity:
    """Every lever's effect, largest swing first."""

    scenario_name: str
    currency: str
    periods_per_year: int
    step: float
    seed: int | None
    customers: int
    replicates: int
    base: Band
    """Net value per paid buyer of the scenario as it is."""
    effects: tuple[LeverEffect, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_name,
            "currency": self.currency,
            "step": self.step,
            "seed": self.seed,
            "customers": self.customers,
            "replicates": self.replicates,
            "base_net_value": vars(self.base),
            "levers": [e.to_dict() for e in self.effects],
        }


def _nonzero(value: float | Uncertain | None) -> bool:
    if value is None:
        return False
    if isinstance(value, Uncertain):
        return value.low != 0 or value.high != 0
    return float(value) != 0


def levers(scenario: Scenario) -> list[Lever]:
    """The levers present in ``scenario`` (sections that exist, values that are not 0), in file order."""
    out: list[Lever] = []

    def add(key, path, kind, group, value, target=None):
        if _nonzero(value):
            out.append(Lever(key, target, path, kind, group))

    s = scenario
    add("fe_price", ("front_end", "price"), "money", "revenue", s.front_end.price, s.front_end.name)
    for i, rung in enumerate(s.back_end):
        add("rung_price", ("back_end", i, "price"), "money", "revenue", rung.price, rung.name)
        add("rung_take_rate", ("back_end", i, "take_rate"), "rate", "revenue", rung.take_rate, rung.name)
    if s.subscription is not None:
        add("sub_price", ("subscription", "price"), "money", "revenue", s.subscription.price)
        add("sub_adoption", ("subscription", "adoption"), "rate", "revenue", s.subscription.adoption)
    if s.repeat_purchase is not None:
        add("repeat_rate", ("repeat_purchase", "rate"), "rate", "revenue", s.repeat_purchase.rate)
        add("repeat_value", ("repeat_purchase", "order_value"), "money", "revenue", s.repeat_purchase.order_value)
    if s.referral is not None:
        add("referral_rate", ("referral", "per_active_customer"), "rate", "revenue", s.referral.per_active_customer)
    ret = s.retention
    if ret.churn_beta is not None:
        out.append(Lever("churn", None, ("retention", "churn_beta"), "rate", "loyalty"))
    else:
        add("churn", ("retention", "churn"), "rate", "loyalty", ret.churn)
    if ret.save_offer is not None and ret.save_offer.max_saves > 0:
        add("save_acceptance", ("retention", "save_offer", "acceptance"), "rate", "loyalty", ret.save_offer.acceptance)
        add("save_discount", ("retention", "save_offer", "discount"), "rate", "loyalty", ret.save_offer.discount)
    if ret.loyalty_program is not None:
        lp = ret.loyalty_program
        add("loyalty_reduction", ("retention", "loyalty_program", "churn_reduction"), "rate", "loyalty", lp.churn_reduction)
        add("loyalty_cost", ("retention", "loyalty_program", "cost_per_member"), "money", "cost", lp.cost_per_member)
    add("cost_to_serve", ("cost_to_serve",), "money", "cost", s.cost_to_serve)
    for i, ch in enumerate(s.acquisition.channels):
        if ch.cac is not None:
            add("channel_cac", ("acquisition", "channels", i, "cac"), "money", "cost", ch.cac, ch.name)
        else:
            add("channel_cac", ("acquisition", "channels", i, "cost_per_lead"), "money", "cost", ch.cost_per_lead, ch.name)
    add("commission", ("acquisition", "affiliate_commission"), "money", "cost", s.acquisition.affiliate_commission)
    if s.referral is not None:
        add("referral_reward", ("referral", "reward"), "money", "cost", s.referral.reward)
    return out


def _get(obj: Any, path: Path) -> Any:
    for part in path:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)
    return obj


def _set(data: dict, path: Path, value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part] if isinstance(part, int) else node.setdefault(part, {})
    node[path[-1]] = value


def scale_value(value: float | Uncertain, factor: float, kind: str) -> float | dict:
    """``value`` times ``factor``, clipped to the bounds of its kind; a range is scaled as a whole."""
    lo, hi = BOUNDS[kind]

    def one(x: float) -> float:
        return float(min(max(x * factor, lo), hi))

    if isinstance(value, Uncertain):
        data = value.model_dump(mode="json", exclude_none=True, exclude_unset=True)
        for key in ("low", "high", "mode"):
            if data.get(key) is not None:
                data[key] = one(data[key])
        return data
    return one(float(value))


def with_lever(scenario: Scenario, lever: Lever, factor: float) -> tuple[Scenario, float]:
    """The scenario with ``lever`` multiplied by ``factor`` (validated), and the lever's new central value.

    Raises :class:`~simulator.scenario.ScenarioError` if the schema refuses the variant.
    """
    data = scenario_to_dict(scenario)
    if lever.path == ("retention", "churn_beta"):
        cb = scenario.retention.churn_beta
        total = cb.alpha + cb.beta
        mean = min(max(cb.alpha / total * factor, 1e-9), 1 - 1e-9)
        _set(data, lever.path, {"alpha": mean * total, "beta": (1 - mean) * total})
        return scenario_from_dict(data), mean
    new = scale_value(_get(scenario, lever.path), factor, lever.kind)
    _set(data, lever.path, new)
    value = centre(Uncertain.model_validate(new)) if isinstance(new, dict) else new
    return scenario_from_dict(data), value


def _current(scenario: Scenario, lever: Lever) -> float:
    if lever.path == ("retention", "churn_beta"):
        cb = scenario.retention.churn_beta
        return cb.alpha / (cb.alpha + cb.beta)
    return centre(_get(scenario, lever.path))


WORKERS = 2
"""Variants simulated at once (threads: numpy's array work runs outside the GIL, so two cores share them)."""


def _se(change: np.ndarray) -> float | None:
    return float(change.std(ddof=1) / np.sqrt(change.size)) if change.size > 1 else None


def _run_all(run: Callable[[Scenario], np.ndarray], jobs: list[Scenario], tick: Callable[[], None]) -> list[np.ndarray]:
    """``run`` of every job, in the jobs' order, :data:`WORKERS` at a time; ``tick`` after each, from the
    calling thread (a progress bar may only be drawn there). The first failure (a cancel) is raised here once
    the runs under way have ended; no new run starts after it."""
    if WORKERS <= 1 or len(jobs) <= 1:
        out = []
        for job in jobs:
            out.append(run(job))
            tick()
        return out
    results: list[np.ndarray | None] = [None] * len(jobs)
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="sensitivity") as pool:
        futures = {pool.submit(run, job): i for i, job in enumerate(jobs)}
        try:
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                tick()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results


def sensitivity(
    scenario: Scenario,
    *,
    step: float = 0.10,
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    progress: Callable[[float], None] | None = None,
    mirror_money: bool = True,
    cancel: Callable[[], bool] | None = None,
) -> Sensitivity:
    """Move each lever by ±``step`` and measure the change in net value per paid buyer.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    step : float
        Relative move, 0 < step < 1: each lever goes to (1 − step) and (1 + step) times its value.
    seed, customers, replicates : optional
        Override the scenario's ``simulation`` block. Every run uses the same seed.
    progress : callable, optional
        Called with the fraction done after each run.
    cancel : callable, optional
        Handed to each run (:func:`simulator.engine.simulate`): True stops it with
        :class:`~simulator.problems.Cancelled`.
    mirror_money : bool
        Money levers (prices, costs, CAC, commission, rewards) draw no random
        number and every range shape scales with its ends, so at the same seed
        net value is exactly linear in them: the (1 − step) change is minus the
        (1 + step) one, and only the latter is simulated (a third fewer runs
        or so). False simulates both sides (the tests check they agree).

    Returns
    -------
    Sensitivity
        Effects sorted by swing, largest first; each a band (mean, p5, p50, p95)
        of the per-replicate change in net value per buyer.
    """
    try:
        step = float(step)
    except (TypeError, ValueError):
        raise ArgumentError.of("step", "step_range", got=step) from None
    if not 0.0 < step < 1.0:
        raise ArgumentError.of("step", "step_range", got=step)
    found = levers(scenario)
    runs = 1 + sum(1 if mirror_money and lv.kind == "money" else 2 for lv in found)
    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / runs)

    base, behaviour = simulate_keeping_behaviour(scenario, rng=seed, customers=customers, replicates=replicates,
                                                 cancel=cancel)
    tick()

    def run(variant: Scenario) -> np.ndarray:
        """The variant's net value at the base's seed and size: repriced when it changes only money, else
        simulated (replaying the base run's draws where they are the same: common random numbers, bit for
        bit). Only net value is read: no customer values."""
        return simulate_like(variant, behaviour, cancel=cancel, values=False).net_value

    # every variant first (a refused one keeps its reason), then their runs: each reads the base run's kept
    # behaviour and draws only from its own streams, so they are independent of one another and of their order
    plans = []  # per lever: (lever, mirrored, [(factor, variant | None, value, problem | None)])
    for lever in found:
        mirrored = mirror_money and lever.kind == "money"
        sides = []
        for factor in ((1.0 + step,) if mirrored else (1.0 - step, 1.0 + step)):
            try:
                variant, value = with_lever(scenario, lever, factor)
                sides.append((factor, variant, value, None))
            except ScenarioError as exc:
                if mirrored:  # as the sequential loop did: a mirrored side has no other side to fall back on
                    raise
                sides.append((factor, None, _current(scenario, lever) * factor, exc.problems[0]))
                tick()  # a refused variant counts as done
        plans.append((lever, mirrored, sides))
    jobs = [variant for _lever, _m, sides in plans for _f, variant, _v, _p in sides if variant is not None]
    changes = _run_all(run, jobs, tick)

    effects = []
    k = 0
    for lever, mirrored, sides in plans:
        current = _current(scenario, lever)
        if mirrored:
            (_factor, _variant, value, _problem), = sides
            change = changes[k] - base.net_value
            k += 1
            se = _se(change)
            effects.append(
                LeverEffect(lever=lever, base=current, low_input=current * (1.0 - step), high_input=value,
                            low=Band.of(-change), high=Band.of(change), low_se=se, high_se=se)
            )
            continue
        bands, inputs, notes, ses = [], [], [], []
        for _factor, variant, value, problem in sides:
            inputs.append(value)
            if variant is None:
                bands.append(None)
                ses.append(None)
                notes.append(problem)
                continue
            change = changes[k] - base.net_value
            k += 1
            bands.append(Band.of(change))
            ses.append(_se(change))
        effects.append(
            LeverEffect(lever=lever, base=current, low_input=inputs[0], high_input=inputs[1],
                        low=bands[0], high=bands[1], notes=tuple(notes), low_se=ses[0], high_se=ses[1])
        )
    effects.sort(key=lambda e: -e.swing)
    return Sensitivity(
        scenario_name=scenario.name,
        currency=scenario.currency,
        periods_per_year=scenario.periods_per_year,
        step=step,
        seed=base.seed,
        customers=base.customers,
        replicates=base.replicates,
        base=Band.of(base.net_value),
        effects=tuple(effects),
    )
