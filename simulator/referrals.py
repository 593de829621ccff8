"""Word of mouth: referred buyers as a branching process over periods."""

from __future__ import annotations

import numpy as np

from .params import Parameters
from .scenario import MAX_REFERRED_PER_BUYER, ScenarioError


def referrals(p: Parameters, revenue, cost, active, n: int, sources: list[str], rng: np.random.Generator):
    """Word of mouth as a branching process over periods, per replicate.

    Active customers at period t (paid and referred) bring Poisson(k × active)
    buyers who start at t + 1 and follow the replicate's per-buyer curves. The
    expected multiplier over a long horizon is 1 / (1 - k × E[active periods]).

    Returns referred buyers per paid buyer (R,), their revenue and cost by
    period (R, H) (rewards included in cost), and their active share (R, H).

    Raises :class:`~simulator.scenario.ScenarioError` (``referral_runaway``) as soon as referred
    buyers per paid buyer pass :data:`~simulator.scenario.MAX_REFERRED_PER_BUYER` in any replicate:
    validation's snowball check keeps accepted files far below it, so this is the second lock.
    """
    reps, horizon = active.shape
    k = p.referrals_per_active
    zeros = np.zeros((reps, horizon))
    if not np.any(k > 0) or horizon < 2:
        return np.zeros(reps), zeros, zeros.copy(), zeros.copy()
    own_rev = revenue.sum(axis=0)
    own_cost = cost.sum(axis=0) - cost[sources.index("acquisition")]
    arrivals = np.zeros((reps, horizon))  # referred buyers per paid buyer starting at t
    total_active = active.copy()  # paid + referred active per paid buyer
    so_far = np.zeros(reps)
    for t in range(horizon - 1):
        lam = k * total_active[:, t] * n
        arrivals[:, t + 1] = rng.poisson(np.minimum(lam, 1e15)) / n
        so_far += arrivals[:, t + 1]
        if so_far.max() > MAX_REFERRED_PER_BUYER:
            raise ScenarioError.of("referral.per_active_customer", "referral_runaway", limit=MAX_REFERRED_PER_BUYER)
        # the new buyers' own activity from t + 1 on
        total_active[:, t + 1 :] += arrivals[:, t + 1, None] * active[:, : horizon - t - 1]
    ref_rev = np.zeros((reps, horizon))
    ref_cost = np.zeros((reps, horizon))
    for s in range(1, horizon):
        w = arrivals[:, s, None]
        ref_rev[:, s:] += w * own_rev[:, : horizon - s]
        ref_cost[:, s:] += w * own_cost[:, : horizon - s]
    ref_cost += arrivals * p.referral_reward[:, None]
    return arrivals.sum(axis=1), ref_rev, ref_cost, total_active - active
