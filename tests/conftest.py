"""Shared test helpers: scenarios built from plain dicts, and Monte Carlo comparisons.

Test modules import the helpers directly (``from conftest import build_scenario``);
pytest puts this directory on ``sys.path`` because ``tests/`` is not a package.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from simulator.allocator import keep_freed_memory
from simulator.scenario import Scenario, scenario_from_dict

keep_freed_memory()  # as the app and the command line do: a test process's memory behaves as theirs

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PRESETS = sorted((ROOT / "scenarios").glob("*.yaml"))
ALL_FEATURES = ROOT / "bench" / "all_features.yaml"

BASE: dict[str, Any] = {
    "name": "Test funnel",
    "horizon": 12,
    "discount_rate": 0.0,
    "simulation": {"customers": 200, "replicates": 5, "seed": 1},
}
"""The smallest useful scenario: a free front end, no CAC, no discounting, no churn."""


def merge(base: dict, overrides: dict) -> dict:
    """``base`` with ``overrides`` merged in, nested mappings key by key (lists are replaced)."""
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def build_scenario(**overrides: Any) -> Scenario:
    """A validated scenario: :data:`BASE` with ``overrides`` merged in.

    Examples
    --------
    >>> build_scenario(horizon=24, retention={"churn": 0.1}).horizon
    24
    """
    return scenario_from_dict(merge(BASE, overrides))


def mean_and_se(samples: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mean across independent replicates and its standard error (sample sd / sqrt(n))."""
    x = np.asarray(samples, dtype=float)
    n = x.shape[axis]
    return x.mean(axis=axis), x.std(axis=axis, ddof=1) / math.sqrt(n)


def assert_within_se(samples: np.ndarray, expected, z: float = 4.0, label: str = "estimate") -> None:
    """Assert the replicate mean of ``samples`` is within ``z`` standard errors of ``expected``.

    ``samples`` has replicates on axis 0 (e.g. ``result.clv`` or ``result.active_per_buyer``);
    ``expected`` is a scalar or an array matching the remaining axes. A tiny absolute
    slack covers cells with no spread at all (e.g. everyone is active at period 0).
    """
    mean, se = mean_and_se(samples)
    expected = np.broadcast_to(np.asarray(expected, dtype=float), np.shape(mean))
    slack = z * se + 1e-9 * np.maximum(1.0, np.abs(expected))
    gap = np.abs(mean - expected)
    bad = np.flatnonzero(np.atleast_1d(gap > slack))
    assert bad.size == 0, (
        f"{label}: Monte Carlo mean differs from the closed form by more than {z} standard errors at "
        f"index {bad.tolist()}: mean {np.atleast_1d(mean)[bad]}, expected {np.atleast_1d(expected)[bad]}, "
        f"se {np.atleast_1d(se)[bad]}"
    )


def assert_share_within(observed: float, expected: float, trials: int, z: float = 4.0, label: str = "share") -> None:
    """Assert an observed proportion of ``trials`` Bernoulli outcomes is within ``z`` binomial SEs."""
    se = math.sqrt(max(expected * (1 - expected), 1e-12) / trials)
    assert abs(observed - expected) <= z * se, f"{label}: {observed:.5f} vs expected {expected:.5f} (se {se:.5f})"


@pytest.fixture
def scenario_file(tmp_path):
    """Write YAML text to a scenario file in a temporary directory and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_yaml(scenario_file) -> Path:
    """A small valid scenario file that runs in milliseconds."""
    return scenario_file(
        "version: 1\n"
        "name: Small test funnel\n"
        "horizon: 6\n"
        "discount_rate: 0.1\n"
        "simulation: {customers: 200, replicates: 8, seed: 3}\n"
        "acquisition:\n"
        "  channels:\n"
        "    - {name: Search ads, share: 1.0, cac: 50}\n"
        "front_end: {name: Intro, price: 20, unit_cost: 5}\n"
        "back_end:\n"
        "  - {name: Course, price: 200, take_rate: {low: 0.2, high: 0.4}, delay: 1}\n"
        "subscription: {adoption: 0.5, price: 10}\n"
        "retention: {churn: 0.1}\n"
    )


def run_async(coro):
    """``asyncio.run(coro)`` in a thread of its own: Playwright's sync API (the browser tests, in the
    same process) leaves an event loop running on the main thread, where asyncio.run refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
