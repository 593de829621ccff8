"""The Monte Carlo engine: cohorts of paid front-end buyers through the funnel.

``simulate(scenario, rng=...)`` is pure: no I/O, no global random state. It
returns a :class:`~simulator.result.SimulationResult` holding per-replicate,
per-period cash flows by source, from which :mod:`simulator.metrics` derives
every number the CLI, the app and the reports show.

How one customer is simulated
-----------------------------
Time is in periods; the front-end sale is period 0. At each later period
boundary an active customer leaves with probability

    p = min(1, (p_i + fatigue × offers made so far) × (1 - loyalty churn_reduction))

where ``p_i`` is the customer's own churn (everyone's mean churn, or a draw from
Beta(α, β) under heterogeneity: the shifted-beta-geometric model, Fader & Hardie
2007). :mod:`simulator.lifetimes` turns that into leaving times by jumping
between back-end offers (a handful of array operations per rung, not per
period). A
customer about to leave accepts the save offer with probability ``acceptance``
(up to ``max_saves`` times); a saved customer stays active in that period, pays
discounted recurring prices from then on, and draws a fresh budget (the
geometric law is memoryless, so this is exact).

Rungs are offered at fixed periods (the sum of delays) to customers still
active then who bought the previous step (or its downsell). Under
``subscription.non_adopters: leave`` a buyer who does not subscribe leaves at
boundary 1, before any churn event (no save offer, no later offers, no cost). Recurring flows
(subscription, per-period upgrades, cost to serve, loyalty cost, repeat orders)
are step functions of time per customer; per-replicate period totals come from
histograms of the change points (``np.bincount``), never from a
customers × periods matrix. Repeat orders: a customer active for L periods
places one order per active period ≥ 1 with probability ``rate``: the period
totals are drawn as Binomial(active customers, rate) per period and replicate
(exact in distribution), and for the sample of individual customer values each
customer's count is Binomial(L - 1, rate).

Channel quality: where a channel sets ``churn_multiplier`` or
``take_rate_multiplier``, each paid buyer is assigned a channel from the
replicate's shares, their own churn ``p_i`` is multiplied by that channel's
churn multiplier (before fatigue and loyalty) and every back-end take rate
offered to them by its take-rate multiplier (clipped to 1).

Referred buyers (word of mouth) enter a period after their referrer was active,
``Poisson(per_active_customer × active customers)`` per period, and follow the
replicate's simulated per-buyer cash curve shifted to their start; they refer
in turn (a branching process, solved period by period: :mod:`simulator.referrals`).

Repeat buying that varies between customers: with ``repeat_purchase.heterogeneity``
(or ``rate_beta``) each customer has their own order chance ~ Beta(α, β) and their
own orders are drawn (:func:`_orders_by_customer`). With Beta churn this is the
BG/BB model (Fader, Hardie & Shang 2010) with its timing: drop-out at the period
boundary first, then the period's purchase opportunity.

Behaviour, then money
---------------------
Each chunk is simulated in two steps: :func:`_chunk_behaviour` decides what its
customers do (who stays how long, buys which rung, subscribes, orders when) and
returns their volumes per replicate and period; :func:`_price_chunk` multiplies
them by the replicate's prices and costs. CAC, word of mouth (its draws depend
only on the active customers) and the business view come after all chunks. So a
variant that changes only money gives the same volumes: :func:`reprice` prices
a kept run's behaviour (:func:`simulate_keeping_behaviour`) without simulating
it again, and :func:`simulate_like` replays a kept run's recorded draws where a
variant asks for the very same ones; both give what :func:`simulate` gives, bit
for bit (the sensitivity tool's levers use them). A variant that moves one
rung's take rates (and money) goes further: a customer's life depends only on
their own draws and offers, and everything before that rung's take decision is
as it was, so only the customers whose decision there changes are simulated
again, from the state the kept run saved just before it (:class:`_Ladder`,
:meth:`simulator.lifetimes.Lifetimes.resumed`); the chunk's volumes are counts,
so taking their old part out and putting their new part in is exact.

Random streams: keyed by what they draw (NEP 19, SPEC 7)
--------------------------------------------------------
``rng`` (an int, a Generator or None; :func:`simulator.randomness.root_sequence`)
gives the run one root ``SeedSequence``. Every stream is derived from it by a
stable hash of a key (:class:`simulator.randomness.Streams`), never by the
order of the calls:

* each uncertain input's per-replicate draws: its path, e.g. ``retention.churn``,
  ``back_end[<rung id>].take_rate``, ``acquisition.channels[<name>].cac``;
* each per-customer decision, per chunk (the chunk plan depends only on
  customers and replicates): ``channel``, ``churn`` (the Beta draw of p_i),
  ``churn.budget`` (hazard budgets), ``saves`` (acceptances) and
  ``saves.budget`` per save number, ``back_end[<id>].take`` and
  ``back_end[<id>].downsell.take`` for each rung (by its stable id, not its
  position or name), ``subscription.adoption``, ``repeat_orders`` (and
  ``.chance``, ``.gaps``, ``.sample``); ``referrals`` once per run.

What this preserves, at the same seed and run size (bit for bit):

* an input's draws do not depend on any other input: making one more input
  uncertain, adding, removing or reordering rungs or channels, or renaming a
  rung that keeps its id leaves every other input's per-replicate values as
  they were (channels are summed in name order, so reordering them changes no
  number at all);
* each customer's random numbers for a decision do not depend on the other
  decisions or on where the engine stops to look: leaving times count from
  fixed budgets (:mod:`simulator.lifetimes`), and a save's fresh budget is
  the customer's own draw for that save number. So an edit that changes
  nobody's churn hazard and nobody's offers leaves the active series, every
  other step's take shares, and the other sources' cash identical: e.g. a rung
  nobody buys appended to the ladder, an uncertain cost, a new price.

What it cannot preserve: an edit that changes who is active or who is offered
what changes what follows from it, as it must. Under upsell fatigue every
offer (even of a rung nobody buys) raises churn; a rung inserted before
others is a gate (those who decline it are not offered the next); churn, the
save offer, loyalty and channel multipliers or shares change lives or
assignments; then the take draws are used by other customers, repeat orders
and referrals (drawn per active customer) follow the new active counts. A
different number of customers or replicates is a different chunk plan and
draws afresh.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from typing import Callable

import numpy as np

from .lifetimes import NEVER, Lifetimes, hazard_from_churn
from .params import Parameters, draw_parameters
from .problems import Cancelled
from .randomness import RecordedDraws, Streams, root_sequence
from .referrals import referrals
from .result import BusinessResult, SimulationResult
from .scenario import Scenario

CHUNK_CUSTOMERS = 1 << 18
"""Customer-lifetimes simulated at once; bounds memory at a few hundred MB whatever the run size."""

RECORD_LIFETIMES = 1_000_000
"""Largest run (customers × replicates) whose random draws :func:`simulate_keeping_behaviour` records for
:func:`simulate_like` (70-80 bytes per lifetime with every feature on: some 80 MB at this size); larger runs'
variants draw their numbers again (the same numbers, at the full cost). Up to the same size the run also keeps
each chunk's customers at each rung's take decision (:class:`_Ladder`, about 30 bytes a lifetime per rung: held
memory 13.6 -> 31.4 MB for the consulting preset at 2,000 x 100, three rungs, measured with tracemalloc)."""

VALUE_SAMPLE = 50_000
"""About this many individual customer values (whole replicates) are kept for the value distribution."""

@dataclass
class _Totals:
    """Running per-replicate sums over all chunks (money, not yet per buyer)."""

    revenue: np.ndarray  # (S, R, H)
    cost: np.ndarray  # (S, R, H)
    active: np.ndarray  # (R, H) active customers
    funnel: np.ndarray  # (F, R) buyers per step


def simulate(
    scenario: Scenario,
    *,
    rng: int | np.random.Generator | None = None,
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> SimulationResult:
    """Simulate the scenario's funnel.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    rng : int, numpy.random.Generator or None
        The only source of randomness, normalised once (:func:`simulator.randomness.root_sequence`):
        an int is the seed; None takes the scenario's ``simulation.seed``, else
        fresh entropy; a Generator's seed sequence gives the run a new child
        (its draws so far play no part; two runs given the same Generator differ).
    seed : int, optional
        Shorthand for ``rng=seed`` (kept for callers that name it); refused together with ``rng``.
    customers, replicates : int, optional
        Override the scenario's ``simulation`` block.
    progress : callable, optional
        Called with the fraction done (0..1) after each chunk.
    cancel : callable, optional
        Asked before each chunk; when it returns True the run stops there and raises
        :class:`~simulator.problems.Cancelled` (a person pressed Stop, or left the page).
        It draws no random number: a run it lets finish is identical to one without it.

    Returns
    -------
    SimulationResult
        Its ``seed`` reproduces the run (``simulate(scenario, rng=result.seed)`` with the same sizes),
        or is None when no int does (a Generator that was spawned from or built from a non-int seed).

    Raises
    ------
    TypeError
        When both ``rng`` and ``seed`` are given, or ``seed`` is not an int.
    Cancelled
        When ``cancel`` returned True (its ``done``: the fraction of the chunks finished).
    """
    if seed is not None:
        if rng is not None:
            raise TypeError("simulate() takes rng or seed, not both (seed=n is shorthand for rng=n)")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"seed must be an int (got {type(seed).__name__}); pass a Generator as rng=")
        rng = int(seed)
    return _run(scenario, rng, customers, replicates, progress, cancel, keep=False)[0]


def simulate_keeping_behaviour(
    scenario: Scenario,
    *,
    rng: int | np.random.Generator | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    record_draws: bool = True,
) -> tuple[SimulationResult, "Behaviour"]:
    """:func:`simulate`, and what its customers did (:class:`Behaviour`), to price variants with :func:`reprice`.

    Keeps every chunk's volumes (a few arrays per replicate and period, and the kept customers' own) and,
    with ``record_draws`` and up to :data:`RECORD_LIFETIMES` customer-lifetimes, every per-customer draw
    (70-80 bytes a lifetime, for :func:`simulate_like`). Without them the behaviour is a few hundred KB at
    the app's sizes and serves :func:`reprice` alone. The result is :func:`simulate`'s, bit for bit.
    """
    result, behaviour = _run(scenario, rng, customers, replicates, progress, cancel, keep=True,
                             record=record_draws)
    return result, behaviour


def behaviour_key(scenario: Scenario, *, rng: int, customers: int | None = None,
                  replicates: int | None = None) -> tuple | None:
    """What decides a run's customers' behaviour, as a hashable key: the seed, the sizes and a digest of
    every input but money (the fields :func:`same_behaviour` compares).

    Runs of two scenarios with one key behave alike, customer by customer: a :class:`Behaviour` kept
    under it prices either with :func:`reprice`. None when no int seed reproduces the run (then nothing
    can be reused). Costs one :func:`~simulator.params.draw_parameters` (well under a millisecond for
    the presets).
    """
    n, reps, _streams, p, seed = run_inputs(scenario, rng, customers, replicates)
    if seed is None:
        return None
    digest = hashlib.blake2b(digest_size=20)
    for name, value in _behaviour_items(p):
        digest.update(name.encode())
        if isinstance(value, np.ndarray):
            digest.update(f"{value.dtype.str}{value.shape}".encode())
            digest.update(np.ascontiguousarray(value).tobytes())
        else:
            digest.update(repr(value).encode("utf-8"))
    return seed, n, reps, digest.hexdigest()


@dataclass(frozen=True)
class Behaviour:
    """What a run's customers did, without the money: who stayed how long, bought what, ordered when.

    The volumes per chunk (active customers, buyers, subscribers, discounted periods, orders, per
    replicate and period) and the inputs that decided them. :func:`reprice` turns them into the
    result of a variant that changes only money (prices, costs, CAC, the save discount, referral
    rewards and rates): every random number and every decision is the run's, so the variant's
    result is the one :func:`simulate` gives it at the same seed, bit for bit.
    """

    streams: Streams
    seed: int | None
    customers: int
    parameters: Parameters
    chunks: tuple["_Volumes", ...]
    draws: dict | None
    """None for a run larger than :data:`RECORD_LIFETIMES`; else every per-customer generator's draws (:class:`~simulator.randomness.RecordedDraws`), by chunk and decision."""
    ladders: tuple["_Ladder", ...] | None = None
    """Where draws are recorded (and repeat orders are not per customer): each chunk's customers at each
    rung's take decision, to resume take-rate variants (:func:`_chunk_take_variant`)."""


def simulate_like(
    scenario: Scenario,
    behaviour: Behaviour,
    *,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    values: bool = True,
) -> SimulationResult:
    """``simulate(scenario)`` at the behaviour's seed and size, replaying its random draws where they are the same.

    Every draw whose generator, method and arguments match the behaviour's run is taken from its
    record, the others are drawn; the numbers are those :func:`simulate` gives, bit for bit (common
    random numbers for a variant, at less cost: e.g. the per-customer churn draws of a variant that
    leaves churn as it was); a variant that changes only money is repriced (:func:`reprice`).
    ``values=False`` leaves the sample of individual customer values empty (it draws from a stream
    of its own, so nothing else changes).
    """
    p = draw_parameters(scenario, behaviour.parameters.replicates, behaviour.streams)
    if same_behaviour(behaviour.parameters, p):  # only money moves: the kept behaviour, repriced
        if progress is not None:
            progress(1.0)
        return _reprice(scenario, behaviour, p, values)
    return _run(scenario, behaviour.seed, behaviour.customers, behaviour.parameters.replicates, progress, cancel,
                keep=False, replay=behaviour, values=values, p=p)[0]


def reprice(scenario: Scenario, behaviour: Behaviour, *, values: bool = True) -> SimulationResult | None:
    """The result of ``scenario`` at the behaviour's seed and size, reusing its customers' behaviour.

    Returns None when ``scenario`` changes what customers do (any input but money, see
    :func:`same_behaviour`): then it must be simulated. ``values=False`` leaves the sample of
    individual customer values empty (for tools that read only the per-replicate numbers).
    """
    p = draw_parameters(scenario, behaviour.parameters.replicates, behaviour.streams)
    return _reprice(scenario, behaviour, p, values) if same_behaviour(behaviour.parameters, p) else None


def _reprice(scenario: Scenario, behaviour: Behaviour, p: Parameters, values: bool) -> SimulationResult:
    """The kept behaviour priced at ``p`` (inputs that change only money)."""
    totals = _new_totals(p)
    S = {key: i for i, (key, _) in enumerate(_sources(p))}
    sample = [v for v in (_price_chunk(p, vol, totals, S, values) for vol in behaviour.chunks) if v is not None]
    return _finish(scenario, p, behaviour.streams, behaviour.seed, behaviour.customers, totals, sample)


MONEY_FIELDS = frozenset({
    "cac_per_buyer", "front_end_price", "front_end_unit_cost", "subscription_price", "subscription_unit_cost",
    "repeat_order_value", "repeat_margin", "cost_to_serve", "loyalty_cost", "save_discount", "referrals_per_active",
    "referral_reward", "buyers_per_period", "acquisition_periods", "cac_growth", "discount_factor",
})
"""Fields of :class:`~simulator.params.Parameters` that no customer's behaviour depends on: they are
applied after the chunks (prices, costs, the save discount), or after all of them (CAC, word of mouth,
whose draws depend only on the active customers, the business view). Any other field is behaviour."""

RUNG_MONEY_FIELDS = frozenset({"price", "unit_cost", "downsell_price", "downsell_unit_cost", "name", "downsell_name"})


def _behaviour_items(p: Parameters, *, but_take_rates_of: int | None = None):
    """(name, value) of every input that decides what customers do: all but money (and, for
    ``but_take_rates_of``, that rung's take rates), with whether subscriptions bring cash and which rungs
    have a downsell."""
    yield "subscription_cash", _subscription_cash(p)
    yield "rungs", len(p.rungs)
    for field in fields(Parameters):
        if field.name not in MONEY_FIELDS and field.name != "rungs":
            yield field.name, getattr(p, field.name)
    for k, rung in enumerate(p.rungs):
        yield f"rung{k}.downsell", rung.downsell_name is None
        free = RUNG_MONEY_FIELDS | TAKE_FIELDS if k == but_take_rates_of else RUNG_MONEY_FIELDS
        for field in fields(rung):
            if field.name not in free:
                yield f"rung{k}.{field.name}", getattr(rung, field.name)


def same_behaviour(a: Parameters, b: Parameters, *, but_take_rates_of: int | None = None) -> bool:
    """Whether two runs' inputs make every customer behave alike (at the same seed): all but money equal.

    ``but_take_rates_of``: a rung whose take rates may differ too.
    """

    def equal(x, y) -> bool:
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            return isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and np.array_equal(x, y)
        return x == y

    if len(a.rungs) != len(b.rungs):
        return False
    return all(na == nb and equal(va, vb) for (na, va), (nb, vb) in
               zip(_behaviour_items(a, but_take_rates_of=but_take_rates_of),
                   _behaviour_items(b, but_take_rates_of=but_take_rates_of)))


TAKE_FIELDS = frozenset({"take_rate", "downsell_take_rate"})


def _take_rate_variant(a: Parameters, b: Parameters) -> int | None:
    """The one rung whose take rates (beside money) tell run ``b``'s inputs from run ``a``'s, or None."""
    if len(a.rungs) != len(b.rungs):
        return None
    moved = [k for k, (ra, rb) in enumerate(zip(a.rungs, b.rungs))
             if any(not np.array_equal(getattr(ra, f), getattr(rb, f)) for f in TAKE_FIELDS)]
    if len(moved) != 1 or not same_behaviour(a, b, but_take_rates_of=moved[0]):
        return None
    return moved[0]


def _subscription_cash(p: Parameters, sl: slice = slice(None)) -> bool:
    """Whether subscribers bring any cash (else the adoption draw is skipped unless non-adopters leave)."""
    return bool(np.any(p.subscription_adoption[sl] > 0) and (
        np.any(p.subscription_price[sl] > 0) or np.any(p.subscription_unit_cost[sl] > 0)))


def _new_totals(p: Parameters) -> _Totals:
    sources = _sources(p)
    reps, horizon = p.replicates, p.horizon
    return _Totals(
        revenue=np.zeros((len(sources), reps, horizon)),
        cost=np.zeros((len(sources), reps, horizon)),
        active=np.zeros((reps, horizon)),
        funnel=np.zeros((1 + 2 * len(p.rungs), reps)),
    )


def _run(scenario, rng, customers, replicates, progress, cancel, keep: bool, replay: Behaviour | None = None,
         values: bool = True, p: Parameters | None = None, record: bool = True):
    """Simulate chunk by chunk (pricing each chunk at once); keep the chunks' volumes and draws when asked."""
    if replay is None:
        n, reps, streams, p, recorded_seed = run_inputs(scenario, rng, customers, replicates)
    else:
        n, reps, streams, recorded_seed = customers, replicates, replay.streams, replay.seed
        if p is None:
            p = draw_parameters(scenario, reps, streams)
    if replay is not None:
        draws = replay.draws
    else:  # recorded for runs small enough to keep their draws (a few tens of bytes per lifetime)
        draws = {} if keep and record and n * reps <= RECORD_LIFETIMES else None
    totals = _new_totals(p)
    S = {key: i for i, (key, _) in enumerate(_sources(p))}
    sample: list[np.ndarray] = []
    chunks = []
    kept = 0 if values else VALUE_SAMPLE
    plan = _chunk_plan(n, reps)
    # customers resumed at each rung's take decision: where draws are kept and repeat orders are drawn per period
    per_customer_orders = p.bgnbd_rate is not None or p.repeat_alpha is not None
    ladders = [] if keep and draws is not None and not per_customer_orders else None
    rung = None
    if replay is not None and replay.ladders is not None and not values:
        rung = _take_rate_variant(replay.parameters, p)
    for i, (r0, r1, c) in enumerate(plan):
        if cancel is not None and cancel():
            raise Cancelled(i / len(plan))
        keep_rows = min(r1 - r0, -(-(VALUE_SAMPLE - kept) // c)) if kept < VALUE_SAMPLE else 0
        rng_i = _ChunkStreams(streams, i, draws, replay=replay is not None)
        vol = None
        if rung is not None:
            vol = _chunk_take_variant(p, rung, replay.chunks[i], replay.ladders[i], scenario.horizon, rng_i)
        if vol is None:
            vol = _chunk_behaviour(p, r0, r1, c, scenario.horizon, rng_i, keep_rows, ladders)
        chunk_values = _price_chunk(p, vol, totals, S)
        if keep:
            chunks.append(vol)
        if chunk_values is not None:
            sample.append(chunk_values)
            kept += chunk_values.size
        if progress is not None:
            progress((i + 1) / len(plan))
    result = _finish(scenario, p, streams, recorded_seed, n, totals, sample)
    behaviour = None
    if keep:
        behaviour = Behaviour(streams, recorded_seed, n, p, tuple(chunks), draws,
                              None if ladders is None else tuple(ladders))
    return result, behaviour


def _finish(scenario, p: Parameters, streams: Streams, seed, n: int, totals: _Totals, values) -> SimulationResult:
    """Per paid buyer; CAC at period 0; word of mouth on top (its draws depend only on the active customers)."""
    keys = [key for key, _ in _sources(p)]
    revenue = totals.revenue / n
    cost = totals.cost / n
    active = totals.active / n
    # acquisition: CAC (with affiliate commission) paid at period 0 per paid buyer
    cost[keys.index("acquisition"), :, 0] += p.cac_per_buyer
    referred, ref_rev, ref_cost, ref_active = referrals(p, revenue, cost, active, n, keys, streams("customer.referrals"))
    ri = keys.index("referrals")
    revenue[ri] = ref_rev
    cost[ri] = ref_cost
    active = active + ref_active
    result = assemble_result(scenario, p, seed, n, revenue, cost, active, referred, totals.funnel / n,
                             np.concatenate(values) if values else np.zeros(0))
    if np.any(p.buyers_per_period > 0):
        result = result.with_business(_business(p, result))
    return result


def run_inputs(scenario: Scenario, rng, customers: int | None, replicates: int | None):
    """(customers, replicates, the run's streams, its per-replicate inputs, the seed to record) of a run."""
    sim = scenario.simulation
    n = int(customers or sim.customers)
    reps = int(replicates or sim.replicates)
    root, recorded_seed = root_sequence(scenario, rng)
    streams = Streams(root)
    return n, reps, streams, draw_parameters(scenario, reps, streams), recorded_seed


def assemble_result(scenario: Scenario, p: Parameters, seed: int | None, n: int, revenue, cost, active, referred,
                    funnel, values) -> SimulationResult:
    """The typed result of a run from its per-paid-buyer arrays (``funnel``: (1 + 2 × rungs, R) rows)."""
    steps = _funnel_steps(p)
    sources = _sources(p)
    return SimulationResult(
        scenario_name=scenario.name,
        currency=scenario.currency,
        seed=seed,
        customers=n,
        replicates=p.replicates,
        horizon=scenario.horizon,
        periods_per_year=scenario.periods_per_year,
        discount_factor=p.discount_factor,
        source_names=tuple(name for _, name in sources),
        revenue_per_buyer=revenue,
        cost_per_buyer=cost,
        active_per_buyer=active,
        referred_buyers_per_buyer=referred,
        cac_per_buyer=p.cac_per_buyer,
        front_end_margin=p.front_end_price - p.front_end_unit_cost,
        funnel_names=tuple(name for _, name, _ in steps),
        funnel_share=funnel[[row for _, _, row in steps]],
        customer_values=values,
        business=None,
        source_keys=tuple(key for key, _ in sources),
        funnel_keys=tuple(key for key, _, _ in steps),
    )


BUILT_IN_SOURCES = ("subscription", "repeat_orders", "service", "loyalty", "acquisition", "referrals")
"""The engine's own cash-flow sources after the ladder; their keys are also their display names."""


class _ChunkStreams:
    """The generators of one chunk's per-customer decisions: ``streams("customer.<decision>", chunk)``.

    With ``draws`` (a dict), each generator's draws are recorded there (``replay`` False) or replayed
    from there (``replay`` True; :class:`~simulator.randomness.RecordedDraws`): the same numbers either way.
    """

    def __init__(self, streams: Streams, chunk: int, draws: dict | None = None, replay: bool = False):
        self._streams = streams
        self.chunk = chunk
        self._draws = draws
        self._replay = replay

    def __call__(self, decision: str, *index: int) -> np.random.Generator:
        def make() -> np.random.Generator:
            return self._streams(f"customer.{decision}", self.chunk, *index)

        if self._draws is None:
            return make()
        key = (self.chunk, decision, *index)
        if self._replay:
            record = self._draws.get(key)
            return make() if record is None else record.replaying(make)
        record = self._draws[key] = RecordedDraws()
        return record.recording(make())


def _sources(p: Parameters) -> list[tuple[str, str]]:
    """(key, display name) of each cash-flow source: front end, each rung (and downsell), then the built-ins."""
    out = [("front_end", "front_end")]
    for rung in p.rungs:
        out.append((rung.key, rung.name))
        if rung.downsell_name:
            out.append((rung.downsell_key, rung.downsell_name))
    return out + [(name, name) for name in BUILT_IN_SOURCES]


def _funnel_steps(p: Parameters) -> list[tuple[str, str, int]]:
    """(key, display name, row in the chunk totals): front end, then each rung and its downsell."""
    steps = [("front_end", "front_end", 0)]
    for k, rung in enumerate(p.rungs):
        steps.append((rung.key, rung.name, 1 + 2 * k))
        if rung.downsell_name:
            steps.append((rung.downsell_key, rung.downsell_name, 2 + 2 * k))
    return steps


def _chunk_plan(n: int, reps: int) -> list[tuple[int, int, int]]:
    """(first replicate, end replicate, customers) per chunk; depends only on the run size."""
    if n >= CHUNK_CUSTOMERS:
        pieces = -(-n // CHUNK_CUSTOMERS)
        sizes = [n // pieces + (1 if i < n % pieces else 0) for i in range(pieces)]
        return [(r, r + 1, s) for r in range(reps) for s in sizes]
    per = max(1, CHUNK_CUSTOMERS // n)
    return [(r, min(reps, r + per), n) for r in range(0, reps, per)]


@dataclass
class _Volumes:
    """One chunk's behaviour, without the money (see :func:`_price_chunk`): replicates r0..r1-1, n customers each."""

    r0: int
    r1: int
    n: int
    active: np.ndarray  # (r, H) active customers
    funnel: np.ndarray  # (F, r) buyers per step
    rungs: list  # per rung: None (offered after the horizon) or (buyers (r,) | None, on (r, H) | None,
    #              saved-and-on (r, H) | None, downsell buyers (r,) | None)
    subs: tuple | None  # (subscribers (r, H), saved subscribers (r, H)), or None without subscription cash
    orders: np.ndarray | None  # (r, H) repeat orders
    kept: tuple | None  # the kept customers' own: (rows, leave, first_save, takes, adopt, orders)


@dataclass
class _Ladder:
    """One chunk's customers as its run left them, to resume a variant that moves one rung's take rates.

    In such a variant everything before that rung's take decision is as it was, and a customer whose
    decision there is the same stays the same to the end: a customer's life depends on their own draws
    and offers only (:mod:`simulator.lifetimes`). So only the customers whose decision changes are
    simulated again, from where they stood (:func:`_chunk_take_variant`).
    """

    base: np.ndarray  # p_i, (r, 1) or (r, n)
    loyalty: np.ndarray  # (r, 1)
    take_mult: np.ndarray | None  # (r, n)
    at: list  # per rung: None (offered after the horizon) or the customers just before its take decision:
    #           (Lifetimes snapshot, offered, offers made so far | None, take draws, downsell draws | None)
    leave: np.ndarray  # (r, n), as the chunk ended
    first_save: np.ndarray | None
    takes: list  # (rung, took, downsell took) per rung
    adopt: np.ndarray | None  # subscribers, where subscriptions bring cash


def _chunk_take_variant(p: Parameters, k: int, vol: _Volumes, ladder: _Ladder, horizon: int,
                        rng: _ChunkStreams) -> _Volumes | None:
    """The chunk's volumes when ``p`` differs from its run only in rung ``k``'s take rates (and money).

    The customers whose take (or downsell) decision at rung ``k`` changes are resumed from the run's
    state before that decision, each on a row of their own, and climb the rest of the ladder; the
    chunk's volumes (counts) lose what they gave in the run and gain what they give now. Exactly the
    volumes :func:`_chunk_behaviour` gives ``p``. None when a resumed customer reaches a save number
    the chunk never drew (the caller then simulates the chunk).
    """
    if ladder.at[k] is None:  # offered after the horizon: nothing changes
        return replace(vol, kept=None)
    r0, r1, n = vol.r0, vol.r1, vol.n
    r, sl, rung = r1 - r0, slice(vol.r0, vol.r1), p.rungs[k]
    state, offered, offers, u, u_ds = ladder.at[k]
    took = offered & (u < _take_rate(rung.take_rate[sl, None], ladder.take_mult))
    ds = None
    if rung.downsell_name:
        ds = offered & ~took & (u_ds < _take_rate(rung.downsell_take_rate[sl, None], ladder.take_mult))
    _, took_then, ds_then = ladder.takes[k]
    changed = took != took_then
    if ds is not None:
        changed |= ds != ds_then
    who = np.flatnonzero(changed)
    if not who.size:
        return replace(vol, kept=None)
    rows = who // n
    m = who.size

    def pick(a: np.ndarray | None) -> np.ndarray | None:
        """The changed customers' entries of an (r, n) array, one per row (a new array)."""
        return None if a is None else a.ravel()[who].reshape(m, 1)

    def col(x: np.ndarray) -> np.ndarray:
        return x[r0 + rows, None]

    def draws(j: int, _rung) -> tuple:
        return pick(ladder.at[j][3]), pick(ladder.at[j][4])

    base = pick(ladder.base) if ladder.base.shape == (r, n) else ladder.base[rows]
    try:
        life = Lifetimes.resumed(state, who)
        climbed = _climb(p, life, horizon, col, draws, pick(ladder.take_mult), base, ladder.loyalty[rows],
                         pick(offers), None, start=k, decided=(pick(offered), pick(took), pick(ds)))
        life.advance(horizon - 1)
    except LookupError:
        return None
    then = [(rg, pick(t), pick(d)) for rg, t, d in ladder.takes]
    now = then[:k] + climbed
    offs = (rows * (horizon + 1))[:, None]

    def row_sum(mask: np.ndarray) -> np.ndarray:
        return np.bincount(rows[mask.ravel()], minlength=r)

    adopt = pick(ladder.adopt)
    old = _tally(pick(ladder.leave), pick(ladder.first_save), then, adopt, offs, r, horizon, row_sum)
    new = _tally(np.minimum(life.leave, horizon), life.first_save, now, adopt, offs, r, horizon, row_sum)

    def moved(total, a, b):
        """The chunk's count without these customers' part in the run, with their part now (exact: counts)."""
        return None if total is None else total - a + b

    active = moved(vol.active, old[0], new[0])
    rungs = [None if v is None else tuple(map(moved, v, a, b)) for v, a, b in zip(vol.rungs, old[1], new[1])]
    subs = None if vol.subs is None else tuple(map(moved, vol.subs, old[2], new[2]))
    funnel = vol.funnel.copy()
    for j, ((_, t0, d0), (_, t1, d1)) in enumerate(zip(then, now)):
        if t0 is not None:
            funnel[1 + 2 * j] += row_sum(t1) - row_sum(t0)
        if d0 is not None:
            funnel[2 + 2 * j] += row_sum(d1) - row_sum(d0)
    orders = None if vol.orders is None else _binomial_orders(p, sl, active, rng)
    return _Volumes(r0, r1, n, active, funnel, rungs, subs, orders, None)


def _chunk_behaviour(
    p: Parameters, r0: int, r1: int, n: int, horizon: int, rng: _ChunkStreams, keep_rows: int,
    ladder: list | None = None,
) -> _Volumes:
    """Simulate replicates r0..r1-1 with ``n`` customers each: what they do, not yet what it earns.

    ``rng(decision)`` is the chunk's generator for one per-customer decision (see the module docstring).

    The first ``keep_rows`` replicates' customers are kept one by one (for their individual values).
    With ``ladder`` (a list), the chunk's :class:`_Ladder` is appended to it.
    """
    r = r1 - r0
    shape = (r, n)
    sl = slice(r0, r1)

    def col(x: np.ndarray) -> np.ndarray:
        return x[sl, None]

    # -- channel quality: churn and take-rate multipliers of each customer's channel ------
    churn_mult, take_mult = _channel_multipliers(p, sl, shape, rng("channel"))

    # -- churn per customer ------------------------------------------------
    loyalty = col(1.0 - p.churn_reduction)
    if p.churn_alpha is not None:
        a, b = col(p.churn_alpha), col(p.churn_beta)
        ok = (a > 0) & (b > 0)
        base = _beta(rng("churn"), np.where(ok, a, 1.0), np.where(ok, b, 1.0), shape)
        if not ok.all():  # a mean churn of exactly 0 or 1 leaves no spread to draw
            base = np.where(ok, base, col(p.churn_mean))
    else:
        base = col(p.churn_mean)  # (r, 1): everyone in a replicate churns alike
    if churn_mult is not None:
        base = base * churn_mult  # (r, n): p_i × the channel's multiplier (hazard_from_churn clips at 1)
    hazard = np.empty(shape)  # updated in place under fatigue
    if base.shape[-1] == 1:  # everyone in a replicate alike: the hazard per replicate, then spread (the same numbers)
        hazard[...] = hazard_from_churn(base * loyalty)
    else:
        hazard[...] = base * loyalty
        hazard = hazard_from_churn(hazard)
    saves = None
    if p.has_saves:
        # number of consecutive acceptances before a refusal, capped: P(S >= k) = a^k
        acc = col(p.save_acceptance)
        u = rng("saves").random(shape)
        saves = np.zeros(shape, dtype=np.int8)
        for k in range(1, p.max_saves + 1):
            saves += u < acc**k
    life = Lifetimes(hazard, saves, rng("churn.budget"), lambda k: rng("saves.budget", k))
    offers = np.zeros(shape, dtype=np.int8) if p.has_fatigue else None
    # BG/NBD purchasing: each customer's purchases and the boundary after the one they leave on, drawn up front
    bgnbd = _bgnbd_purchases(p, sl, shape, horizon, rng) if p.bgnbd_rate is not None else None

    # -- who subscribes (drawn here, before the ladder, because non-adopters may leave at period 1) --
    adopt = None
    sub_cash = _subscription_cash(p, sl)
    if sub_cash or p.non_adopters_leave:
        adopt = rng("subscription.adoption").random(shape) < col(p.subscription_adoption)
        if p.non_adopters_leave:
            life.leave_at_period_1(~adopt)

    # -- the ladder, rung by rung ------------------------------------------
    def draws(k: int, rung) -> tuple[np.ndarray, np.ndarray | None]:
        u = rng(f"{rung.key}.take").random(shape)
        return u, (rng(f"{rung.downsell_key}.take").random(shape) if rung.downsell_name else None)

    at = [] if ladder is not None else None
    takes = _climb(p, life, horizon, col, draws, take_mult, base, loyalty, offers, bgnbd, at=at)
    life.advance(horizon - 1)
    funnel = np.zeros((1 + 2 * len(p.rungs), r))  # buyers per step
    funnel[0] = n
    for k, (rung, took, ds) in enumerate(takes):
        if took is not None:
            funnel[1 + 2 * k] = took.sum(axis=1)
        if ds is not None:
            funnel[2 + 2 * k] = ds.sum(axis=1)

    # -- cash flows --------------------------------------------------------
    leave = np.minimum(life.leave, horizon)  # active in periods 0..leave-1
    if bgnbd is not None:
        leave = np.minimum(leave, bgnbd[0])
        if life.first_save is not None:  # a save offered after leaving silently was never made
            life.first_save[life.first_save >= leave] = NEVER
    offs = (np.arange(r, dtype=np.int64) * (horizon + 1))[:, None]
    active, rungs, subs = _tally(leave, life.first_save, takes, adopt if sub_cash else None, offs, r, horizon,
                                 lambda mask: mask.sum(axis=1))
    if ladder is not None:
        ladder.append(_Ladder(base, loyalty, take_mult, at, leave, life.first_save, takes, adopt if sub_cash else None))

    repeat = (np.any(p.repeat_rate[sl] > 0) or bgnbd is not None) and horizon > 1
    order_counts = orders_t = None
    if repeat and bgnbd is not None:
        orders_t, order_counts = _bgnbd_orders(bgnbd[1], bgnbd[2], leave, horizon)
    elif repeat and p.repeat_alpha is not None:
        # heterogeneous order chance (BG/BB): each customer's own Bernoulli process, drawn as geometric gaps
        orders_t, order_counts = _orders_by_customer(
            col(p.repeat_alpha), col(p.repeat_beta), col(p.repeat_rate), leave, horizon, rng
        )
    elif repeat:
        orders_t = _binomial_orders(p, sl, active, rng)

    kept = None
    if keep_rows:
        m = keep_rows
        # each kept customer's own orders: K ~ Binomial(L - 1, rate) over periods 1..L-1
        orders = None
        if repeat and order_counts is None:
            orders = rng("repeat_orders.sample").binomial(leave[:m] - 1, p.repeat_rate[r0 : r0 + m, None])
        if order_counts is not None:
            orders = order_counts[:m]
        kept_takes = [(rung, None if t is None else t[:m], None if d is None else d[:m]) for rung, t, d in takes]
        first_save = None if life.first_save is None else life.first_save[:m]
        kept = (m, leave[:m], first_save, kept_takes, adopt[:m] if sub_cash else None, orders)
    return _Volumes(r0, r1, n, active, funnel, rungs, subs, orders_t, kept)


def _binomial_orders(p: Parameters, sl: slice, active: np.ndarray, rng: _ChunkStreams) -> np.ndarray:
    """Orders placed in period t ≥ 1: Binomial(active customers at t, rate), exact for the totals."""
    orders_t = rng("repeat_orders").binomial(active.astype(np.int64), p.repeat_rate[sl, None].astype(float))
    return orders_t * (np.arange(active.shape[1]) >= 1)  # none in period 0 (a new array: draws may be read-only)


def _climb(p: Parameters, life: Lifetimes, horizon: int, col, draws, take_mult, base, loyalty, offers, bgnbd,
           at: list | None = None, start: int = 0, decided: tuple | None = None) -> list:
    """The ladder from rung ``start`` on: who is offered each rung, who takes it (or its downsell), and the
    offers' effect on churn under fatigue. Returns (rung, took, downsell took) per rung from ``start``.

    ``draws(k, rung)`` gives the rung's take and downsell draws; ``at`` (a list) receives each rung's
    customers just before its take decision (:class:`_Ladder`); ``decided`` is (offered, took, downsell
    took) of rung ``start`` when that decision is already made (a resumed take-rate variant).
    """
    takes = []
    took_prev = None  # everyone bought the front end
    for k in range(start, len(p.rungs)):
        rung = p.rungs[k]
        t = rung.offer_period
        if t >= horizon:
            takes.append((rung, None, None))
            if at is not None:
                at.append(None)
            continue
        if decided is not None and k == start:
            offered, took, ds = decided
        else:
            life.advance(t)
            offered = life.active().copy() if took_prev is None else life.active() & took_prev
            if bgnbd is not None:
                offered &= bgnbd[0] > t  # left after a purchase before the offer
            u, u_ds = draws(k, rung)
            if at is not None:
                at.append((life.snapshot(), offered, None if offers is None else offers.copy(), u, u_ds))
            took = offered & (u < _take_rate(col(rung.take_rate), take_mult))
            ds = None
            if rung.downsell_name:
                ds = offered & ~took & (u_ds < _take_rate(col(rung.downsell_take_rate), take_mult))
        if offers is not None:
            offers += offered
            if rung.downsell_name:
                offers += offered & ~took
            life.refresh(offered, base, offers, col(p.upsell_fatigue), loyalty)
        takes.append((rung, took, ds))
        took_prev = took if ds is None else took | ds
    return takes


def _tally(leave, first_save, takes, adopt, offs, r: int, horizon: int, row_sum) -> tuple:
    """Volumes per replicate of some customers: (active (r, H), per rung volumes, subscribers).

    ``offs`` (one column) is each row's replicate times (horizon + 1);
    ``row_sum(mask)`` counts a mask's customers per replicate. Every volume is a count (integers), so
    volumes of parts of a chunk add up to the chunk's exactly.
    """
    shape = leave.shape
    periods = np.arange(horizon)
    leave_idx = (leave + offs).ravel()
    width = r * (horizon + 1)

    def alive_sum(weights: np.ndarray | None) -> np.ndarray:
        """(r, H): Σ weights over customers still active in each period (leave > t)."""
        w = None if weights is None else np.broadcast_to(weights, shape).ravel()
        hist = np.bincount(leave_idx, w, minlength=width).reshape(r, horizon + 1)
        total = hist.sum(axis=1, keepdims=True)
        return total - np.cumsum(hist, axis=1)[:, :horizon]

    def discounted_sum(weights: np.ndarray) -> np.ndarray:
        """(r, H): Σ weights over saved customers in periods first_save..leave-1."""
        out = np.zeros((r, horizon))
        if first_save is None:
            return out
        idx = np.flatnonzero((first_save < NEVER) & (np.broadcast_to(weights, shape) > 0))
        if not idx.size:
            return out
        w = np.broadcast_to(weights, shape).ravel()[idx]
        rows = offs.ravel()[idx // shape[1]]
        start = np.bincount(first_save.ravel()[idx] + rows, w, minlength=width)
        stop = np.bincount(leave.ravel()[idx] + rows, w, minlength=width)
        return np.cumsum((start - stop).reshape(r, horizon + 1), axis=1)[:, :horizon]

    active = alive_sum(None)
    rungs: list[tuple | None] = []
    for rung, took, ds in takes:
        if took is None:
            rungs.append(None)
            continue
        if rung.billing == "once":
            volume = (row_sum(took), None, None)
        else:
            after = periods >= rung.offer_period
            volume = (None, alive_sum(took) * after, discounted_sum(took) * after)
        rungs.append(volume + (None if ds is None else row_sum(ds),))
    subs = (alive_sum(adopt), discounted_sum(adopt)) if adopt is not None else None
    return active, rungs, subs


def _price_chunk(p: Parameters, vol: _Volumes, totals: _Totals, S: dict[str, int], values: bool = True
                 ) -> np.ndarray | None:
    """Add one chunk's cash flows (its volumes at the run's prices) to ``totals``.

    Returns the individual values of the chunk's kept customers (if ``values``), or None.
    """
    sl, n = slice(vol.r0, vol.r1), vol.n

    def col(x: np.ndarray) -> np.ndarray:
        return x[sl, None]

    totals.active[sl] += vol.active
    totals.funnel[:, sl] += vol.funnel
    rev, cost = totals.revenue, totals.cost
    rev[S["front_end"], sl, 0] += n * p.front_end_price[sl]
    cost[S["front_end"], sl, 0] += n * p.front_end_unit_cost[sl]
    for rung, volume in zip(p.rungs, vol.rungs):
        if volume is None:
            continue
        buyers, on, disc, ds_buyers = volume
        t = rung.offer_period
        if rung.billing == "once":
            rev[S[rung.key], sl, t] += buyers * rung.price[sl]
            cost[S[rung.key], sl, t] += buyers * rung.unit_cost[sl]
        else:
            rev[S[rung.key], sl] += on * col(rung.price) - disc * col(rung.price * p.save_discount)
            cost[S[rung.key], sl] += on * col(rung.unit_cost)
        if ds_buyers is not None:
            rev[S[rung.downsell_key], sl, t] += ds_buyers * rung.downsell_price[sl]
            cost[S[rung.downsell_key], sl, t] += ds_buyers * rung.downsell_unit_cost[sl]
    if vol.subs is not None:
        subs, disc = vol.subs
        rev[S["subscription"], sl] += subs * col(p.subscription_price) - disc * col(
            p.subscription_price * p.save_discount
        )
        cost[S["subscription"], sl] += subs * col(p.subscription_unit_cost)
    if vol.orders is not None:
        rev[S["repeat_orders"], sl] += vol.orders * col(p.repeat_order_value)
        cost[S["repeat_orders"], sl] += vol.orders * col(p.repeat_order_value * (1.0 - p.repeat_margin))
    cost[S["service"], sl] += vol.active * col(p.cost_to_serve)
    cost[S["loyalty"], sl] += vol.active * col(p.loyalty_cost)
    if vol.kept is None or not values:
        return None
    m, leave, first_save, kept_takes, adopt, orders = vol.kept
    takes = [(rung, took, ds) for rung, (_, took, ds) in zip(p.rungs, kept_takes)]  # this run's prices
    return _customer_values(p, slice(vol.r0, vol.r0 + m), (m, n), leave, first_save, takes, adopt, orders)


def _channel_multipliers(
    p: Parameters, sl: slice, shape: tuple[int, int], rng: np.random.Generator
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Each customer's channel (drawn from the replicate's shares) mapped to its churn and take-rate multipliers.

    Returns (churn multipliers, take-rate multipliers), each of shape ``shape`` or None where every
    channel's multiplier is 1. Draws nothing when channel quality is uniform (the default), so runs
    without multipliers use exactly the random numbers they always did.
    """
    if p.channel_shares is None:
        return None, None
    shares = p.channel_shares[sl]  # (r, C), rows sum to 1
    channel = np.zeros(shape, dtype=np.intp)
    if shares.shape[1] > 1:
        # inverse transform of the categorical: channel = #{k < C - 1 : u ≥ cumulative share up to k}
        cum = np.cumsum(shares, axis=1)
        u = rng.random(shape)
        for k in range(shares.shape[1] - 1):
            channel += u >= cum[:, k, None]
    churn, take = p.channel_churn_multiplier, p.channel_take_rate_multiplier
    return (
        None if np.all(churn == 1.0) else churn[channel],
        None if np.all(take == 1.0) else take[channel],
    )


def _beta(gen: np.random.Generator, a: np.ndarray, b: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``gen.beta(a, b, shape)`` for (r, 1) parameters, bit for bit: drawn row by row with scalar parameters when
    rows are long (numpy's broadcasting loop costs a few ns per draw; the order of the draws is the same)."""
    r, n = shape
    if n < 1024:
        return gen.beta(a, b, shape)
    out = np.empty(shape)
    for i in range(r):
        out[i] = gen.beta(a[i, 0], b[i, 0], n)
    return out


def _take_rate(rate: np.ndarray, multiplier: np.ndarray | None) -> np.ndarray:
    """The take rate (r, 1), times each customer's channel multiplier (r, n) clipped to [0, 1] when given."""
    return rate if multiplier is None else np.minimum(rate * multiplier, 1.0)


def _customer_values(p, sl, shape, leave, first_save, takes, adopt, orders) -> np.ndarray:
    """Each customer's own discounted gross profit (before CAC, without referrals), flattened."""
    horizon = p.horizon
    disc = p.discount_factor ** np.arange(horizon + 1)
    annuity = np.concatenate([[0.0], np.cumsum(disc)])  # annuity[t] = Σ_{u<t} δ^u
    a_leave = annuity[leave]
    saved_from = np.minimum(first_save, leave) if first_save is not None else leave

    def col(x):
        return x[sl, None]

    value = np.broadcast_to(col(p.front_end_price - p.front_end_unit_cost), shape).astype(float)
    for rung, took, ds in takes:
        if took is None:
            continue
        t = rung.offer_period
        if rung.billing == "once":
            value = value + took * col(rung.price - rung.unit_cost) * disc[t]
        else:
            start = np.maximum(saved_from, t)
            full = a_leave - annuity[t]
            cut = a_leave - annuity[np.minimum(start, leave)]
            value = value + took * (col(rung.price - rung.unit_cost) * full - col(rung.price * p.save_discount) * cut)
        if ds is not None:
            value = value + ds * col(rung.downsell_price - rung.downsell_unit_cost) * disc[t]
    if adopt is not None:
        cut = a_leave - annuity[saved_from]
        value = value + adopt * (
            col(p.subscription_price - p.subscription_unit_cost) * a_leave
            - col(p.subscription_price * p.save_discount) * cut
        )
    if orders is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_disc = np.where(leave > 1, (a_leave - 1.0) / (leave - 1), 0.0)
        value = value + orders * col(p.repeat_order_value * p.repeat_margin) * mean_disc
    value = value - col(p.cost_to_serve + p.loyalty_cost) * a_leave
    return value.ravel()


def _orders_by_customer(
    alpha: np.ndarray, beta: np.ndarray, mean: np.ndarray, leave: np.ndarray, horizon: int, rng: _ChunkStreams
) -> tuple[np.ndarray, np.ndarray]:
    """Repeat orders when each customer has their own chance q_i ~ Beta(α, β) (the beta-Bernoulli of BG/BB).

    A customer active in periods 0..L-1 orders in each period 1..L-1 with chance q_i
    (leaving is decided at the period boundary, before that period's purchase
    opportunity: the timing of Fader, Hardie & Shang 2010). The periods with an
    order are drawn as sums of geometric gaps, one round per order: work grows
    with the number of orders, never with customers × periods. Exact in distribution.

    Returns
    -------
    orders per period (r, horizon), orders per customer (r, n)
    """
    r, n = leave.shape
    ok = (alpha > 0) & (beta > 0)
    q = rng("repeat_orders.chance").beta(np.where(ok, alpha, 1.0), np.where(ok, beta, 1.0), (r, n))
    gaps = rng("repeat_orders.gaps")
    if not ok.all():  # a mean of exactly 0 or 1 leaves no spread to draw
        q = np.where(ok, q, mean)
    end = np.minimum(leave, horizon).ravel()  # orders fall in periods 1..end-1
    q = q.ravel()
    idx = np.flatnonzero((end > 1) & (q > 0))
    chance = np.maximum(q[idx], 1e-12)
    t = np.zeros(idx.size, dtype=np.int64)
    per_period = np.zeros(r * horizon)
    counts = np.zeros(r * n, dtype=np.int64)
    while idx.size:
        t += gaps.geometric(chance)
        keep = t < end[idx]
        idx, t, chance = idx[keep], t[keep], chance[keep]
        per_period += np.bincount((idx // n) * horizon + t, minlength=r * horizon)
        counts[idx] += 1
    return per_period.reshape(r, horizon), counts.reshape(r, n)


def _bgnbd_purchases(
    p: Parameters, sl: slice, shape: tuple[int, int], horizon: int, rng: _ChunkStreams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BG/NBD purchasing (Fader, Hardie & Lee 2005): rate λ_i ~ Gamma(r, r / rate) per period while active,
    and right after each purchase the customer leaves for good with chance q_i ~ Beta(a, b).

    Time runs continuously from the front-end sale (time 0); a purchase at time s falls in period ⌈s⌉
    (periods 1..horizon-1), so the mean purchases in periods 1..m are E[X(m)] exactly. Leaving after a
    purchase in period k ends the customer's activity at boundary k + 1. Drawn one purchase round at a
    time (work grows with purchases, not customers × periods).

    Returns
    -------
    leave boundary (r, n) (``NEVER`` if they never leave this way within the horizon), and each
    purchase's flat customer index and period
    """
    r, n = shape
    shape_r = p.bgnbd_shape[sl, None]
    lam = rng("repeat_orders.rate").gamma(np.broadcast_to(shape_r, shape)) * (p.bgnbd_rate[sl, None] / shape_r)
    a, b = p.bgnbd_a[sl, None], p.bgnbd_b[sl, None]
    ok = (a > 0) & (b > 0)
    q = rng("repeat_orders.dropout").beta(np.broadcast_to(np.where(ok, a, 1.0), shape),
                                          np.broadcast_to(np.where(ok, b, 1.0), shape))
    if not ok.all():  # a mean of exactly 0 or 1 leaves no spread to draw
        q = np.where(ok, q, a / np.where(ok, a + b, np.maximum(a + b, 1e-300)))
    gaps, leaves = rng("repeat_orders.gaps"), rng("repeat_orders.leave")
    lam, q = lam.ravel(), q.ravel()
    drop = np.full(r * n, NEVER, dtype=np.int64)
    idx = np.flatnonzero(lam > 0)
    t = np.zeros(idx.size)
    who, when = [], []
    while idx.size:
        with np.errstate(over="ignore"):  # a tiny rate's gap overflows to inf: beyond the horizon
            t += gaps.standard_exponential(idx.size) / lam[idx]
        period = np.ceil(np.minimum(t, horizon)).astype(np.int64)
        keep = period < horizon
        idx, t, period = idx[keep], t[keep], period[keep]
        who.append(idx)
        when.append(period)
        gone = leaves.random(idx.size) < q[idx]
        drop[idx[gone]] = period[gone] + 1
        idx, t = idx[~gone], t[~gone]
    empty = np.zeros(0, dtype=np.int64)
    return (drop.reshape(shape), np.concatenate(who) if who else empty, np.concatenate(when) if when else empty)


def _bgnbd_orders(who: np.ndarray, when: np.ndarray, leave: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Orders per period (r, horizon) and per customer (r, n) of the BG/NBD purchases made while active."""
    r, n = leave.shape
    on = when < leave.ravel()[who]  # retention's churn (or a non-subscriber leaving) may end activity first
    who, when = who[on], when[on]
    per_period = np.bincount((who // n) * horizon + when, minlength=r * horizon).astype(float)
    counts = np.bincount(who, minlength=r * n)
    return per_period.reshape(r, horizon), counts.reshape(r, n)


def _business(p: Parameters, result: SimulationResult) -> BusinessResult:
    """Cohorts of ``buyers_per_period`` acquired each period for ``periods`` periods, CAC growing."""
    horizon = result.horizon
    profit_wo_cac = result.profit_per_buyer + result.cost_per_buyer[result.source_index("acquisition")]
    b = p.buyers_per_period[:, None]
    cohorts = min(p.acquisition_periods, horizon)
    cash = np.zeros((p.replicates, horizon))
    cac_paid = np.zeros(p.replicates)
    for c in range(cohorts):
        cac = p.cac_per_buyer * (1.0 + p.cac_growth) ** c
        cash[:, c:] += b * profit_wo_cac[:, : horizon - c]
        cash[:, c] -= b[:, 0] * cac
        cac_paid += b[:, 0] * cac
    return BusinessResult.from_cash(cash, cac_paid / np.maximum(b[:, 0] * cohorts, 1e-12), p.discount_factor)
