"""Problems as data: what is wrong with an input, with no words for people.

A :class:`Problem` names where (``path``: the field as the file spells it,
``back_end[1].take_rate``; a file or column for calibration data; ``""`` for
the whole input), what (``code``: pydantic's error ``type`` such as
``less_than_equal``, or one of ours such as ``shares_sum``) and the numbers
the rule needs (``params``: ``{"le": 1, "got": 1.3}``). The presentation
layer's catalogue (:mod:`presentation.messages`) turns problems into
sentences, in every language, for the app and the CLI alike.

:class:`ProblemError` is the base of the core's exceptions that carry
problems (:class:`~simulator.scenario.ScenarioError`,
:class:`~simulator.calibration.reading.CalibrationError`, ...); its ``str()``
lists ``path: code {params}`` lines for logs and tracebacks.
:class:`ArgumentError` is the one for a tool's argument out of range (a
confidence of 1.5, a payback period beyond the horizon): the interfaces word
it like any other problem, and the CLI exits 2.

A :class:`Problem` also serves as a *note*: a remark on a result that is not
an error (a fit's "no detectable heterogeneity", ambiguous dates in a file, a
sensitivity side that was not run). Notes sit in the result (``notes``,
``warnings``) and are worded by the same catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, which rule, and the rule's numbers."""

    path: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:  # a copy of its own (a plain dict, so results with problems pickle and cache)
        object.__setattr__(self, "params", dict(self.params))

    def __str__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        text = f"{self.path}: {self.code}" if self.path else self.code
        return f"{text} {{{params}}}" if params else text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.code, self.params) == (other.path, other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.path, self.code))


class ProblemError(ValueError):
    """An input that cannot be used, with one :class:`Problem` per thing wrong (in ``problems``)."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: tuple[Problem, ...] = (problems,) if isinstance(problems, Problem) else tuple(problems)
        super().__init__("\n".join(map(str, self.problems)))

    @classmethod
    def of(cls, path: str, code: str, **params: object):
        """The error for one problem: ``ScenarioError.of("horizon", "greater_than_equal", ge=1, got=0)``."""
        return cls(Problem(path, code, params))


class ArgumentError(ProblemError):
    """A core function's argument outside what it accepts (``path``: the argument's name)."""


class Cancelled(Exception):
    """A run stopped because its ``cancel`` signal asked it to (a person pressed Stop, or left).

    Not a problem with the input: the interfaces say the run was stopped. ``done`` is the fraction
    of the run finished when it stopped (0..1).
    """

    def __init__(self, done: float):
        self.done = float(done)
        super().__init__(f"cancelled (done={self.done:.3f})")
