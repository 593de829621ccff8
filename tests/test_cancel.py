"""Long runs stop when asked: the engine's ``cancel`` signal, checked between chunks (issue 11)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from simulator import engine
from simulator.channels import compare_channels
from simulator.problems import Cancelled
from simulator.scenario import load_scenario
from simulator.sensitivity import sensitivity

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SCENARIO = load_scenario(SCENARIOS / "peter_english_school.yaml")
PONDS = load_scenario(SCENARIOS / "which_fish_pond.yaml")


def _arrays(result) -> dict[str, np.ndarray]:
    return {f.name: getattr(result, f.name) for f in fields(result) if isinstance(getattr(result, f.name), np.ndarray)}


def test_a_cancel_after_the_first_chunk_stops_the_run(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_CUSTOMERS", 100)  # 100 customers a chunk: 5 chunks of one replicate
    assert len(engine._chunk_plan(100, 5)) == 5
    asked, done = [], []

    def cancel() -> bool:
        asked.append(len(done))
        return len(done) >= 1  # True once the first chunk has finished

    with pytest.raises(Cancelled) as info:
        engine.simulate(SCENARIO, seed=1, customers=100, replicates=5, progress=done.append, cancel=cancel)
    assert done == [pytest.approx(0.2)]  # one chunk ran, no other
    assert asked == [0, 1]  # asked before each chunk
    assert info.value.done == pytest.approx(0.2)


def test_a_cancel_before_the_run_starts_simulates_nothing():
    done = []
    with pytest.raises(Cancelled) as info:
        engine.simulate(SCENARIO, seed=1, customers=50, replicates=3, progress=done.append, cancel=lambda: True)
    assert done == [] and info.value.done == 0.0


def test_a_cancel_that_never_fires_gives_identical_numbers(monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_CUSTOMERS", 100)
    plain = engine.simulate(SCENARIO, seed=7, customers=150, replicates=4)
    asked = []
    watched = engine.simulate(SCENARIO, seed=7, customers=150, replicates=4,
                              cancel=lambda: asked.append(1) is not None)
    assert len(asked) == len(engine._chunk_plan(150, 4)) > 1
    a, b = _arrays(plain), _arrays(watched)
    assert a.keys() == b.keys() and a
    for name in a:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    assert plain.seed == watched.seed


def test_the_tools_hand_the_cancel_to_every_run():
    with pytest.raises(Cancelled):
        compare_channels(PONDS, seed=1, customers=50, replicates=3, cancel=lambda: True)
    with pytest.raises(Cancelled):
        sensitivity(SCENARIO, seed=1, customers=50, replicates=3, cancel=lambda: True)


def test_a_report_stops_when_asked():
    from presentation.report import build_report

    with pytest.raises(Cancelled):
        build_report(SCENARIO, customers=50, replicates=3, cancel=lambda: True)
