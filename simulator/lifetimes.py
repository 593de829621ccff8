"""When customers leave: per-customer churn, save offers and upsell fatigue.

Rather than flipping a coin per customer per period, each customer draws an
exponential "hazard budget" E; they leave at the first period boundary where
the cumulative hazard Σ -log(1 - p) reaches it (the inverse transform of the
discrete survival function). The hazard is constant between back-end offers,
so :class:`Lifetimes` jumps from one offer period to the next in a few array
operations. A customer about to leave may be saved (the save offer); the
geometric law is memoryless, so a saved customer simply draws a fresh budget.
"""

from __future__ import annotations

import numpy as np

NEVER = np.iinfo(np.int32).max
"""``Lifetimes.leave`` of a customer still active."""


def hazard_from_churn(churn: np.ndarray) -> np.ndarray:
    """Per-boundary hazard -log(1 - p), +inf where p = 1. Overwrites ``churn`` (a temporary)."""
    np.minimum(churn, 1.0, out=churn)
    np.negative(churn, out=churn)
    with np.errstate(divide="ignore"):
        np.log1p(churn, out=churn)
    np.negative(churn, out=churn)
    return churn


def refresh_hazard(hazard, offered, base, offers, fatigue, loyalty) -> None:
    """After offers: hazard = -log(1 - (p_i + fatigue × offers) × loyalty) for the customers offered.

    A full-array pass when most customers were offered, a gather/scatter when few were.
    """
    if np.count_nonzero(offered) > offered.size // 4:
        new = np.multiply(offers, fatigue)
        new += base
        new *= loyalty
        np.copyto(hazard, hazard_from_churn(new), where=offered)
        return
    idx = np.flatnonzero(offered)
    rows = idx // offered.shape[1]
    churn = base.ravel()[idx] if base.shape == offered.shape else base[rows, 0]
    churn = (churn + fatigue[rows, 0] * offers.ravel()[idx]) * loyalty[rows, 0]
    hazard.ravel()[idx] = hazard_from_churn(churn)


class Lifetimes:
    """Tracks when each customer of a chunk leaves, boundary by boundary in jumps.

    ``leave`` is the boundary at which a customer leaves (active in periods
    0..leave-1); ``NEVER`` while they are still active. ``first_save`` is the
    period from which discounted prices apply.
    """

    def __init__(self, hazard: np.ndarray, saves: np.ndarray | None, rng: np.random.Generator):
        self.rng = rng
        self.hazard = hazard
        self.budget = rng.standard_exponential(hazard.shape)
        self.pos = 0  # boundaries consumed so far (same for everyone outside save rounds)
        self.leave = np.full(hazard.shape, NEVER, dtype=np.int32)
        self.alive = np.ones(hazard.shape, dtype=bool)
        self.saves = saves
        self.first_save = np.full(hazard.shape, NEVER, dtype=np.int32) if saves is not None else None
        self._steps = np.empty(hazard.shape)  # scratch, reused by every advance
        self._hit = np.empty(hazard.shape, dtype=bool)

    def active(self) -> np.ndarray:
        """Customers still active (a read-only view: do not modify)."""
        return self.alive

    def advance(self, to: int) -> None:
        """Consume boundaries pos+1..to: decide who leaves (or is saved) there."""
        span = to - self.pos
        if span <= 0:
            return
        h, steps, hit = self.hazard, self._steps, self._hit
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            np.divide(self.budget, h, out=steps)  # hazard budget left, in boundaries
            np.less_equal(steps, span, out=hit)  # the next event is within reach: ceil(x) ≤ span ⇔ x ≤ span
            hit &= self.alive
            idx = np.flatnonzero(hit)
            event = np.maximum(np.ceil(steps.ravel()[idx]), 1).astype(np.int32) + self.pos
            np.multiply(h, span, out=steps)
            self.budget -= steps
        if idx.size:
            if self.saves is None:
                self._leave(idx, event)
            else:
                saved = self.saves.ravel()[idx] > 0
                self._leave(idx[~saved], event[~saved])
                if saved.any():
                    self._events(idx[saved], event[saved], to)
        self.pos = to

    def _leave(self, idx: np.ndarray, event: np.ndarray) -> None:
        self.leave.ravel()[idx] = event
        self.alive.ravel()[idx] = False

    def _events(self, idx: np.ndarray, event: np.ndarray, to: int) -> None:
        """Customers ``idx`` are saved at boundary ``event``; follow them until ``to``."""
        saves = self.saves.ravel()
        while idx.size:
            saves[idx] -= 1
            first = self.first_save.ravel()
            first[idx] = np.minimum(first[idx], event)
            # fresh budget from the save boundary on (memoryless)
            h = self.hazard.ravel()[idx]
            budget = self.rng.standard_exponential(idx.size)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                steps = np.maximum(np.ceil(budget / h), 1)
            nxt = event + steps
            again = nxt <= to
            span = to - event  # boundaries event+1..to are consumed now (none if the save was at `to`)
            with np.errstate(invalid="ignore"):
                self.budget.ravel()[idx] = budget - np.where(span > 0, h * span, 0.0)
            idx, event = idx[again], nxt[again].astype(np.int32)
            # another churn event before `to`: saved again while saves last, else gone
            saved = saves[idx] > 0
            self._leave(idx[~saved], event[~saved])
            idx, event = idx[saved], event[saved]
