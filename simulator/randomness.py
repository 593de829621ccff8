"""Where a run's random numbers come from: one seed, and streams keyed by what they draw.

NumPy NEP 19 and Scientific Python SPEC 7: one keyword, ``rng`` (an int, a
``numpy.random.Generator`` or None), normalised once with
``np.random.default_rng``; never the global state.

* :func:`resolve_seed` is the one place a run's seed is decided: an explicit
  int, else the scenario's ``simulation.seed``, else fresh entropy (which the
  result records, so an unseeded run can be repeated).
* :func:`root_sequence` turns the caller's ``rng`` into the run's root
  :class:`numpy.random.SeedSequence` (a fresh child of the generator's own
  seed sequence) and the seed to record, or None when no int reproduces it.
* :class:`Streams` derives an independent generator for each *key* (an
  input's path such as ``"retention.churn"``, a decision such as ``"saves"``
  with a chunk index) by appending a stable hash of the key to the root's
  ``spawn_key``. The key, not the order of the calls, decides the numbers, so
  drawing one more thing never shifts anything else.
"""

from __future__ import annotations

import hashlib
from numbers import Integral
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from .scenario import Scenario

RngLike = int | np.random.Generator | None


def fresh_seed() -> int:
    """A new seed from the operating system's entropy, to be recorded.

    32 bits: short enough to read in a report and type back into the app's seed lever, and still
    one of four billion; it seeds a :class:`numpy.random.SeedSequence`, which spreads it over the
    generator's whole state.
    """
    return int(np.random.SeedSequence().generate_state(1, np.uint32)[0])


def resolve_seed(scenario: "Scenario", seed: int | None = None) -> int:
    """The seed of a run: ``seed`` if given, else the scenario's ``simulation.seed``, else fresh entropy.

    Raises
    ------
    TypeError
        When ``seed`` is not an int (a Generator belongs in ``rng=``).
    """
    if seed is None:
        seed = scenario.simulation.seed
    if seed is None:
        return fresh_seed()
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"a seed must be an int (got {type(seed).__name__})")
    return int(seed)


def root_sequence(scenario: "Scenario", rng: RngLike) -> tuple[np.random.SeedSequence, int | None]:
    """The run's root seed sequence and the seed that reproduces the run (None when unknown).

    An int or None goes through :func:`resolve_seed`. Anything else is
    normalised with ``np.random.default_rng`` (a Generator is used as is); the
    root is a new child of its seed sequence (``SeedSequence.spawn``), so two
    runs given the same Generator draw different numbers, and ``rng=default_rng(n)``
    draws exactly what ``rng=n`` does. The generator's own state (its draws so
    far) plays no part. The seed is recorded when the generator still is
    ``default_rng(n)``'s: entropy an int, no spawn key, nothing spawned yet.
    """
    if rng is None or (isinstance(rng, Integral) and not isinstance(rng, bool)):
        seed = resolve_seed(scenario, None if rng is None else int(rng))
        return np.random.SeedSequence(seed).spawn(1)[0], seed
    gen = np.random.default_rng(rng)
    seq = getattr(gen.bit_generator, "seed_seq", None)
    if not isinstance(seq, np.random.SeedSequence):  # e.g. a legacy-seeded bit generator: draw a root from it
        return np.random.SeedSequence(gen.integers(0, 2**32, size=8, dtype=np.uint64).tolist()), None
    known = isinstance(seq.entropy, Integral) and seq.spawn_key == () and seq.n_children_spawned == 0
    seed = int(seq.entropy) if known else None
    return seq.spawn(1)[0], seed


def key_words(key: str) -> tuple[int, ...]:
    """Four 32-bit words of the BLAKE2b digest of ``key``: a stable hash (never Python's salted ``hash``)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


class Streams:
    """Independent generators keyed by what they draw, all derived from one root seed sequence.

    ``streams("retention.churn")`` and ``streams("saves", 3)`` (chunk 3) are
    reproducible functions of the root and the key alone. Keys append four
    words to the root's spawn key, so they never coincide with a
    ``SeedSequence.spawn`` child (which appends one).
    """

    def __init__(self, root: np.random.SeedSequence):
        self.root = root

    def sequence(self, key: str, *index: int) -> np.random.SeedSequence:
        root = self.root
        spawn_key = tuple(root.spawn_key) + key_words(key) + tuple(int(i) for i in index)
        return np.random.SeedSequence(root.entropy, spawn_key=spawn_key, pool_size=root.pool_size)

    def __call__(self, key: str, *index: int) -> np.random.Generator:
        """The generator for ``key`` (and chunk ``index``): a new one, at its start, on every call."""
        return np.random.Generator(np.random.PCG64(self.sequence(key, *index)))


def _same_arguments(a: tuple, b: tuple) -> bool:
    """Whether two calls' arguments are equal (arrays by shape, dtype and values)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.shape == y.shape
                    and x.dtype == y.dtype and np.array_equal(x, y)):
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True


class RecordedDraws:
    """A generator's draws, recorded to be replayed: the same calls give the same numbers without drawing them.

    ``recording(gen)`` wraps a generator and keeps each call's method, arguments, result and the bit
    generator's state after it. ``replaying(make)`` answers the same calls, in the same order, from the
    record; from the first call that differs (another method or other arguments) it draws live from a
    generator made by ``make()`` and set to the state the record had reached. Either way the numbers
    are those the generator itself would give: a replay is a shortcut, never a change. Recorded
    arrays are read-only (made so when drawn), so no user of a draw can change the record.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, object, dict]] = []

    def recording(self, gen: np.random.Generator) -> "_Recording":
        return _Recording(gen, self)

    def replaying(self, make) -> "_Replaying":
        return _Replaying(make, self)


class _Recording:
    def __init__(self, gen: np.random.Generator, record: RecordedDraws):
        self._gen, self._record = gen, record

    def __getattr__(self, name: str):
        method = getattr(self._gen, name)

        def call(*args):
            out = method(*args)
            if isinstance(out, np.ndarray):
                out.flags.writeable = False  # kept as drawn: whoever uses it must not change it
            self._record.calls.append((name, args, out, self._gen.bit_generator.state))
            return out

        return call


class _Replaying:
    def __init__(self, make, record: RecordedDraws):
        self._make, self._record = make, record
        self._next = 0
        self._live: np.random.Generator | None = None

    def __getattr__(self, name: str):
        def call(*args):
            calls = self._record.calls
            i = self._next
            self._next += 1
            if self._live is None:
                if i < len(calls) and calls[i][0] == name and _same_arguments(calls[i][1], args):
                    return calls[i][2]  # read-only, as recorded
                self._live = self._make()
                if i > 0:
                    self._live.bit_generator.state = calls[i - 1][3]
            return getattr(self._live, name)(*args)

        return call
