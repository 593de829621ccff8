"""When customers leave: per-customer churn, save offers and upsell fatigue.

Rather than flipping a coin per customer per period, each customer draws an
exponential "hazard budget" E; they leave at the first period boundary where
the cumulative hazard Σ -log(1 - p) reaches it (the inverse transform of the
discrete survival function). The hazard is constant between back-end offers,
so :class:`Lifetimes` jumps from one offer period to the next in a few array
operations. A customer about to leave may be saved (the save offer); the
geometric law is memoryless, so a saved customer simply draws a fresh budget.

Each customer's next churn event is kept as a point on the time axis,
``due = start + budget / hazard`` (``start``: 0, or the boundary of their
last save or hazard change); they leave (or are saved) at boundary
``ceil(due)``. ``due`` changes only when the customer's hazard does (an offer
under upsell fatigue) or at a save, never as time passes, so *where* the
engine stops to look (the offer periods) does not change when anyone leaves.
The random numbers are keyed per customer: the initial budgets come from one
generator, and the fresh budget of a customer's k-th save is the customer's
own entry of a level-k draw, so no customer's draws depend on the order in
which others were saved.
"""

from __future__ import annotations

import numpy as np

NEVER = np.iinfo(np.int32).max
"""``Lifetimes.leave`` of a customer still active."""

SOON = 1e-9
"""Least ``due - start``: an event is at least one boundary after its start (a hazard of +inf leaves at once)."""


def hazard_from_churn(churn: np.ndarray) -> np.ndarray:
    """Per-boundary hazard -log(1 - p), +inf where p = 1. Overwrites ``churn`` (a temporary)."""
    np.minimum(churn, 1.0, out=churn)
    np.negative(churn, out=churn)
    with np.errstate(divide="ignore"):
        np.log1p(churn, out=churn)
    np.negative(churn, out=churn)
    return churn


def new_hazard(base, offers, fatigue, loyalty) -> np.ndarray:
    """-log(1 - (p_i + fatigue × offers) × loyalty), elementwise (a new array)."""
    new = np.multiply(offers, fatigue)
    new += base
    new *= loyalty
    return hazard_from_churn(new)


class Lifetimes:
    """Tracks when each customer of a chunk leaves, boundary by boundary in jumps.

    ``leave`` is the boundary at which a customer leaves (active in periods
    0..leave-1); ``NEVER`` while they are still active. It is built when asked
    for: a customer who left keeps their ``due`` (no offer or save moves it
    again), so they left at ``ceil(due)``, or at boundary 1 for those sent away
    there. ``first_save`` is the period from which discounted prices apply.

    Parameters
    ----------
    hazard : (r, n) array
        Per-boundary hazard of each customer (kept and updated in place by :meth:`refresh`).
    saves : (r, n) int8 array or None
        How many times each customer accepts the save offer (consumed).
    rng : numpy.random.Generator
        Draws the initial hazard budgets, one per customer.
    save_rng : callable, optional
        ``save_rng(k)`` gives the generator of the fresh budgets of k-th saves (one per customer).
    """

    def __init__(self, hazard: np.ndarray, saves: np.ndarray | None, rng: np.random.Generator, save_rng=None):
        self.hazard = hazard
        budget = rng.standard_exponential(hazard.shape)
        # a customer whose hazard is 0 never leaves, but keeps the budget for a later hazard (fatigue)
        self._zero = not np.all(hazard > 0)
        self.budget = budget.copy() if self._zero else None
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            due = np.divide(budget, hazard)  # a new array: the draws themselves may be read-only (a replay)
        np.fmax(due, SOON, out=due)
        self.due = due
        self.pos = 0  # boundaries consumed so far
        self._gone_at_1: np.ndarray | None = None  # customers sent away at boundary 1 (their due plays no part)
        self.alive = np.ones(hazard.shape, dtype=bool)
        self.saves = saves
        self._cap = saves.copy() if saves is not None else None
        self._save_rng = save_rng
        self._levels: dict[int, np.ndarray] = {}
        self.first_save = np.full(hazard.shape, NEVER, dtype=np.int32) if saves is not None else None
        self._scratch = np.empty(hazard.shape)
        self._hit = np.empty(hazard.shape, dtype=bool)
        self._saving = np.empty(hazard.shape, dtype=bool) if saves is not None else None
        self._leave_at_1: np.ndarray | None = None

    def leave_at_period_1(self, who: np.ndarray) -> None:
        """Customers ``who`` (an (r, n) mask) leave at boundary 1 whatever their hazard, without a save offer.

        Call before :meth:`advance` passes boundary 1; they stay active in period 0.
        """
        if self.pos >= 1:
            raise ValueError("boundary 1 has been passed")
        self._leave_at_1 = who

    def active(self) -> np.ndarray:
        """Customers still active (a read-only view: do not modify)."""
        return self.alive

    def advance(self, to: int) -> None:
        """Consume boundaries pos+1..to: decide who leaves (or is saved) there."""
        if to <= self.pos:
            return
        if self._leave_at_1 is not None:  # boundary 1 comes before any churn event (every event is at ≥ 1)
            gone = self._leave_at_1 & self.alive
            self.alive ^= gone
            self._gone_at_1 = gone
            self._leave_at_1 = None
        hit = self._hit
        np.less_equal(self.due, to, out=hit)  # the event is within reach: ceil(due) ≤ to ⇔ due ≤ to
        hit &= self.alive
        if self.saves is not None:
            saving = np.greater(self.saves, 0, out=self._saving)
            saving &= hit  # a save left: saved instead of leaving
            idx = np.flatnonzero(saving)
            if idx.size:
                hit ^= saving
                self._events(idx, np.ceil(self.due.ravel()[idx]).astype(np.int32), to)
        self.alive ^= hit  # the others leave at ceil(due), where their due stays
        self.pos = to

    @property
    def leave(self) -> np.ndarray:
        """(r, n) int32: the boundary each customer left at; ``NEVER`` for those still active."""
        out = np.minimum(self.due, float(NEVER))
        np.ceil(out, out=out)
        leave = out.astype(np.int32)
        leave[self.alive] = NEVER
        if self._gone_at_1 is not None:
            leave[self._gone_at_1] = 1
        return leave

    def refresh(self, offered: np.ndarray, base, offers, fatigue, loyalty) -> None:
        """After offers (at ``pos``): hazard = -log(1 - (p_i + fatigue × offers) × loyalty) for the customers offered.

        The hazard budget they have left, (due - pos) × old hazard, is spent at the
        new hazard from ``pos`` on. A full-array pass when most customers were
        offered, a gather/scatter when few were.
        """
        pos = self.pos
        if np.count_nonzero(offered) > offered.size // 4:
            rem = np.subtract(self.due, pos, out=self._scratch)
            with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                rem *= self.hazard  # inf × 0 (hazard 0): replaced by the kept budget below
                if self._zero:
                    np.copyto(rem, self.budget, where=self.hazard == 0)
                    np.copyto(self.budget, rem, where=offered)
                new = new_hazard(base, offers, fatigue, loyalty)
                rem /= new
            np.fmax(rem, SOON, out=rem)  # inf / inf (hazard +inf before and after): leave at once
            rem += pos
            np.copyto(self.due, rem, where=offered)
            # those not offered keep their offers, so their new hazard is the old one bit for bit
            self.hazard = new
            return
        idx = np.flatnonzero(offered)
        rows = idx // offered.shape[1]
        flat_h, flat_d = self.hazard.ravel(), self.due.ravel()
        old = flat_h[idx]
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            rem = (flat_d[idx] - pos) * old
            if self._zero:
                flat_b = self.budget.ravel()
                rem = np.where(old == 0, flat_b[idx], rem)
                flat_b[idx] = rem
            churn = base.ravel()[idx] if base.shape == offered.shape else base[rows, 0]
            churn = (churn + fatigue[rows, 0] * offers.ravel()[idx]) * loyalty[rows, 0]
            new = hazard_from_churn(churn)
            flat_h[idx] = new
            flat_d[idx] = np.fmax(rem / new, SOON) + pos

    def _leave(self, idx: np.ndarray) -> None:
        """Customers ``idx`` leave (at ``ceil(due)``, their ``due`` as it now is)."""
        self.alive.ravel()[idx] = False

    def _fresh(self, idx: np.ndarray, level: np.ndarray) -> np.ndarray:
        """The fresh budgets of customers ``idx`` at their save number ``level`` (each customer's own draw)."""
        lo, hi = int(level.min()), int(level.max())
        if lo == hi:
            return self._level(lo)[idx]
        out = np.empty(idx.size)
        for k in range(lo, hi + 1):
            at = level == k
            if at.any():
                out[at] = self._level(k)[idx[at]]
        return out

    def _level(self, k: int) -> np.ndarray:
        """Each customer's budget for their k-th save (flat; drawn when someone first reaches it).

        One exponential per customer who can be saved k times, in customer order.
        """
        if k not in self._levels:
            if self._save_rng is None:  # resumed: only the chunk's own draws
                raise LookupError(k)
            eligible = np.flatnonzero(self._cap.ravel() >= k)
            budgets = np.empty(self.hazard.size)
            budgets[eligible] = self._save_rng(k).standard_exponential(eligible.size)
            self._levels[k] = budgets
        return self._levels[k]

    def _events(self, idx: np.ndarray, event: np.ndarray, to: int) -> None:
        """Customers ``idx`` are saved at boundary ``event``; follow them until ``to``."""
        saves = self.saves.ravel()
        cap = self._cap.ravel()
        first = self.first_save.ravel()
        due = self.due.ravel()
        while idx.size:
            saves[idx] -= 1
            first[idx] = np.minimum(first[idx], event)
            # fresh budget from the save boundary on (memoryless)
            h = self.hazard.ravel()[idx]
            budget = self._fresh(idx, cap[idx] - saves[idx])
            if self._zero:
                self.budget.ravel()[idx] = budget
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                nxt = np.fmax(budget / h, SOON) + event
            due[idx] = nxt
            nxt = np.ceil(nxt)
            again = nxt <= to
            idx, event = idx[again], nxt[again].astype(np.int32)
            # another churn event before `to`: saved again while saves last, else gone (at ceil(due) = event)
            saved = saves[idx] > 0
            self._leave(idx[~saved])
            idx, event = idx[saved], event[saved]

    def snapshot(self) -> dict:
        """Every customer's state as it is now (copies), to resume some of them later (:meth:`resumed`)."""
        return {
            "hazard": self.hazard.copy(), "due": self.due.copy(), "alive": self.alive.copy(), "pos": self.pos,
            "saves": None if self.saves is None else self.saves.copy(),
            "first_save": None if self.first_save is None else self.first_save.copy(),
            "budget": None if self.budget is None else self.budget.copy(),
            # set once, never changed in place; the save budgets are drawn as the chunk goes on, into this dict
            "gone_at_1": self._gone_at_1, "leave_at_1": self._leave_at_1, "cap": self._cap, "zero": self._zero,
            "levels": self._levels,
        }

    @classmethod
    def resumed(cls, state: dict, idx: np.ndarray) -> "Lifetimes":
        """Customers ``idx`` (flat indices of a chunk) from a :meth:`snapshot`, each on a row of their own.

        Every customer's leaving depends only on their own state and draws, so they continue exactly
        as they would have among the whole chunk (their save budgets are the chunk's: a save number
        the chunk never drew raises :class:`LookupError`, and the caller simulates the chunk instead).
        """
        shape = (idx.size, 1)

        def take(a):
            return None if a is None else a.ravel()[idx].reshape(shape)  # a new array

        self = cls.__new__(cls)
        self.hazard, self.due, self.alive = take(state["hazard"]), take(state["due"]), take(state["alive"])
        self.pos = state["pos"]
        self._zero = state["zero"]
        self.budget = take(state["budget"])
        self._gone_at_1, self._leave_at_1 = take(state["gone_at_1"]), take(state["leave_at_1"])
        self.saves, self._cap, self.first_save = take(state["saves"]), take(state["cap"]), take(state["first_save"])
        self._save_rng = None
        self._levels = {k: budgets[idx] for k, budgets in state["levels"].items()}
        self._scratch = np.empty(shape)
        self._hit = np.empty(shape, dtype=bool)
        self._saving = np.empty(shape, dtype=bool) if self.saves is not None else None
        return self
