"""A straightforward reference model of the engine's funnel: one customer at a time, one period at a time.

This is the benchmark's yardstick and the engine's cross-check (``tests/test_reference.py``).
It implements the funnel as the engine's docstring states it, in plain Python, with no
vectorisation, no hazard budgets and no histograms:

* each paid buyer gets a channel (from the replicate's shares) when channel quality varies, their
  own churn ``p_i`` (Beta(α, β) under heterogeneity, else the mean) times the channel's churn
  multiplier, and a subscription decision;
* at every period boundary t = 1, 2, … an active customer leaves with probability
  ``min(1, (p_i + fatigue × offers so far) × (1 - loyalty churn_reduction))``; a customer about to
  leave accepts the save offer with probability ``acceptance`` while saves remain (``max_saves``),
  stays, and pays discounted recurring prices from that period on; non-subscribers leave at
  boundary 1 under ``subscription.non_adopters: leave``, before any churn event;
* in the period of each rung's offer, active customers who bought the previous step (or its
  downsell) are offered it, buy it with the take rate (times the channel's multiplier, clipped to
  1), and if not, the downsell with its take rate; every offer (the downsell's too) counts for
  upsell fatigue from the next boundary on;
* in every active period the customer pays the subscription and per-period rungs they hold, costs
  the cost to serve and the loyalty cost, and from period 1 on orders with the repeat chance
  (their own Beta draw when repeat buying varies between customers);
* word of mouth: every active customer (paid or referred) brings Poisson(``per_active_customer``)
  buyers in each period, who start in the next period and are simulated as customers in their own
  right (their own lives, their own referrals; they cost a reward and no CAC).

The per-replicate inputs are drawn by :func:`simulator.params.draw_parameters` from the run's seed,
so at the same seed the engine and the reference see the same replicates and differ only by the
per-customer chance, which the reference draws from Python's own :mod:`random` (Mersenne
Twister; Beta draws with ``betavariate``, exact) seeded from a stream of its own.
BG/NBD purchasing (``repeat_purchase.bgnbd``) is not modelled here.

``drop`` removes one feature (``"save_offer"``, ``"loyalty"``, ``"fatigue"``, ``"heterogeneity"``,
``"downsell"``, ``"referrals"``, ``"repeat"``): a deliberately broken reference, which the tests
check the comparison can tell apart.
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.engine import _sources, assemble_result, run_inputs  # noqa: E402
from simulator.result import SimulationResult  # noqa: E402
from simulator.scenario import Scenario  # noqa: E402

FEATURES = ("save_offer", "loyalty", "fatigue", "heterogeneity", "downsell", "referrals", "repeat")
"""What ``drop`` may remove."""


def _poisson(rand: random.Random, lam: float) -> int:
    """Poisson(lam) by multiplying uniforms (Knuth): exact, and fast for the small rates of word of mouth."""
    if lam <= 0.0:
        return 0
    if lam > 30.0:  # never for the presets' word of mouth; a normal sum of smaller Poissons stays exact
        half = lam / 2.0
        return _poisson(rand, half) + _poisson(rand, lam - half)
    limit = math.exp(-lam)
    k, prod = 0, rand.random()
    while prod > limit:
        k += 1
        prod *= rand.random()
    return k


class _Replicate:
    """Replicate j's inputs as Python floats, and its running totals."""

    def __init__(self, p, j: int, horizon: int, drop: frozenset, n_sources: int, keys: list[str]):
        f = lambda x: float(x[j])  # noqa: E731
        self.horizon = horizon
        self.keys = keys
        self.fe_price, self.fe_cost = f(p.front_end_price), f(p.front_end_unit_cost)
        self.het = p.churn_alpha is not None and "heterogeneity" not in drop
        self.churn_mean = f(p.churn_mean)
        if self.het:
            self.alpha, self.beta = f(p.churn_alpha), f(p.churn_beta)
        self.loyalty = 1.0 if "loyalty" in drop else 1.0 - f(p.churn_reduction)
        self.fatigue = 0.0 if "fatigue" in drop else f(p.upsell_fatigue)
        has_saves = p.max_saves > 0 and "save_offer" not in drop
        self.max_saves = p.max_saves if has_saves else 0
        self.acceptance = f(p.save_acceptance)
        self.save_discount = f(p.save_discount)
        self.adoption = f(p.subscription_adoption)
        self.sub_price, self.sub_cost = f(p.subscription_price), f(p.subscription_unit_cost)
        self.non_adopters_leave = p.non_adopters_leave
        self.repeat = "repeat" not in drop
        self.repeat_rate = f(p.repeat_rate)
        self.repeat_het = p.repeat_alpha is not None
        if self.repeat_het:
            self.repeat_a, self.repeat_b = f(p.repeat_alpha), f(p.repeat_beta)
        self.order_value = f(p.repeat_order_value)
        self.order_cost = f(p.repeat_order_value) * (1.0 - f(p.repeat_margin))
        self.per_active_cost = f(p.cost_to_serve) + f(p.loyalty_cost)
        self.service, self.loyalty_cost = f(p.cost_to_serve), f(p.loyalty_cost)
        self.referral_rate = 0.0 if "referrals" in drop else f(p.referrals_per_active)
        self.reward = f(p.referral_reward)
        if p.channel_shares is not None:
            self.cum_shares = list(np.cumsum(p.channel_shares[j]))
            self.churn_mult = [float(x) for x in p.channel_churn_multiplier]
            self.take_mult = [float(x) for x in p.channel_take_rate_multiplier]
        else:
            self.cum_shares = None
        # the ladder by offer period: [(rung index, billing, price, cost, take, downsell?, its price, cost, take)]
        self.rungs_at: dict[int, list] = {}
        for k, rung in enumerate(p.rungs):
            ds = rung.downsell_name is not None and "downsell" not in drop
            if rung.offer_period < horizon:
                self.rungs_at.setdefault(rung.offer_period, []).append(
                    (k, rung.billing, f(rung.price), f(rung.unit_cost), f(rung.take_rate),
                     ds, f(rung.downsell_price), f(rung.downsell_unit_cost), f(rung.downsell_take_rate)))
        src = {key: i for i, key in enumerate(keys)}
        self.src = src
        self.rung_src = [src[r.key] for r in p.rungs]
        self.ds_src = [src[r.downsell_key] if r.downsell_name else None for r in p.rungs]
        # running totals over this replicate's customers (money, not yet per buyer)
        self.revenue = [[0.0] * horizon for _ in range(n_sources)]
        self.cost = [[0.0] * horizon for _ in range(n_sources)]
        self.active = [0] * horizon
        self.funnel = [0] * (1 + 2 * len(p.rungs))

    def customer(self, rand: random.Random, start: int, referred: bool) -> list[int]:
        """Simulate one customer who starts in period ``start``; add their flows; return their referrals' starts.

        A paid buyer's flows go to their sources; a referred buyer's all go to ``referrals`` (as the engine
        reports them), with the reward and without CAC.
        """
        H = self.horizon
        local_h = H - start
        rev, cost = self.revenue, self.cost
        ref = self.src["referrals"]

        def pay(source: int, t: int, amount: float, c: float) -> None:
            s = ref if referred else source
            rev[s][start + t] += amount
            cost[s][start + t] += c

        churn_mult = take_mult = 1.0
        if self.cum_shares is not None:
            u = rand.random()
            c = sum(1 for cum in self.cum_shares[:-1] if u >= cum)
            churn_mult, take_mult = self.churn_mult[c], self.take_mult[c]
        p_i = rand.betavariate(self.alpha, self.beta) if self.het and self.alpha > 0 and self.beta > 0 else (
            self.churn_mean)
        p_i *= churn_mult
        adopt = False
        if self.adoption > 0 or self.non_adopters_leave:
            adopt = rand.random() < self.adoption
        q_i = self.repeat_rate
        if self.repeat_het and self.repeat_a > 0 and self.repeat_b > 0:
            q_i = rand.betavariate(self.repeat_a, self.repeat_b)
        if referred:
            cost[ref][start] += self.reward
        pay(self.src["front_end"], 0, self.fe_price, self.fe_cost)
        if not referred:
            self.funnel[0] += 1

        offers = 0
        saves_left = self.max_saves
        discounted = False
        holds = []  # (source, price, cost) of the per-period rungs held
        eligible = True  # bought the previous step (everyone bought the front end)
        starts = []
        t = 0
        while t < local_h:
            if t >= 1:
                # the boundary between periods t-1 and t
                if t == 1 and self.non_adopters_leave and not adopt:
                    break
                churn = min(1.0, (p_i + self.fatigue * offers) * self.loyalty)
                if rand.random() < churn:
                    if saves_left > 0 and rand.random() < self.acceptance:
                        saves_left -= 1
                        discounted = True
                    else:
                        break
            # period t: active
            self.active[start + t] += 1
            for k, billing, price, unit_cost, take, ds, ds_price, ds_cost, ds_take in self.rungs_at.get(t, ()):
                if not eligible:
                    break
                offers += 1
                if rand.random() < min(take * take_mult, 1.0):
                    if not referred:
                        self.funnel[1 + 2 * k] += 1
                    if billing == "once":
                        pay(self.rung_src[k], t, price, unit_cost)
                    else:
                        holds.append((self.rung_src[k], price, unit_cost))
                    continue
                if ds:
                    offers += 1
                    if rand.random() < min(ds_take * take_mult, 1.0):
                        if not referred:
                            self.funnel[2 + 2 * k] += 1
                        pay(self.ds_src[k], t, ds_price, ds_cost)
                        continue
                eligible = False
            # what an active period pays and costs
            keep = 1.0 - self.save_discount if discounted else 1.0
            if adopt:
                pay(self.src["subscription"], t, self.sub_price * keep, self.sub_cost)
            for s, price, unit_cost in holds:
                pay(s, t, price * keep, unit_cost)
            pay(self.src["service"], t, 0.0, self.service)
            pay(self.src["loyalty"], t, 0.0, self.loyalty_cost)
            if t >= 1 and self.repeat and q_i > 0 and rand.random() < q_i:
                pay(self.src["repeat_orders"], t, self.order_value, self.order_cost)
            if self.referral_rate > 0 and start + t + 1 < H:
                starts.extend([start + t + 1] * _poisson(rand, self.referral_rate))
            t += 1
        return starts


def simulate_reference(
    scenario: Scenario,
    *,
    rng: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    drop: tuple[str, ...] = (),
) -> SimulationResult:
    """The reference model's result, shaped as the engine's (per paid buyer; no customer values, no business view).

    ``rng`` is an int seed (or None: the scenario's); the per-replicate inputs are those of
    :func:`simulator.engine.simulate` at the same seed.
    """
    unknown = set(drop) - set(FEATURES)
    if unknown:
        raise ValueError(f"drop: unknown feature(s) {sorted(unknown)}; known: {FEATURES}")
    drop = frozenset(drop)
    n, reps, streams, p, recorded_seed = run_inputs(scenario, rng, customers, replicates)
    if p.bgnbd_rate is not None:
        raise ValueError("the reference model does not model BG/NBD purchasing")
    horizon = scenario.horizon
    sources = _sources(p)
    keys = [key for key, _ in sources]
    rand = random.Random(int(streams("reference.customers").integers(0, 2**63)))
    revenue = np.zeros((len(keys), reps, horizon))
    cost = np.zeros((len(keys), reps, horizon))
    active = np.zeros((reps, horizon))
    referred = np.zeros(reps)
    funnel = np.zeros((1 + 2 * len(p.rungs), reps))
    for j in range(reps):
        rep = _Replicate(p, j, horizon, drop, len(keys), keys)
        pending = []
        for _ in range(n):
            pending.extend(rep.customer(rand, 0, False))
        while pending:  # referred buyers, generation after generation
            start = pending.pop()
            referred[j] += 1
            pending.extend(rep.customer(rand, start, True))
        revenue[:, j] = np.array(rep.revenue) / n
        cost[:, j] = np.array(rep.cost) / n
        active[j] = np.array(rep.active) / n
        funnel[:, j] = np.array(rep.funnel) / n
    cost[keys.index("acquisition"), :, 0] += p.cac_per_buyer
    return assemble_result(scenario, p, recorded_seed, n, revenue, cost, active, referred / n, funnel, np.zeros(0))


def reference_ns_per_lifetime(scenario: Scenario, customers: int, replicates: int, repeats: int = 1) -> float:
    """CPU nanoseconds per paid customer-lifetime of the reference model (the fastest of ``repeats`` runs)."""
    best = math.inf
    for i in range(repeats):
        t0 = time.process_time()
        simulate_reference(scenario, rng=i, customers=customers, replicates=replicates)
        best = min(best, time.process_time() - t0)
    return best / (customers * replicates) * 1e9
