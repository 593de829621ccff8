"""Every lever variant the tornado prices, on every preset and the all-features scenario, is bit for bit
what a fresh ``simulate()`` of that variant gives, whichever shortcut priced it: repriced from the base
run's behaviour (money-only levers), replayed from its recorded draws, or resumed at a rung's take
decision from the base run's snapshot (take-rate levers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import simulator.engine as engine
from simulator.engine import simulate, simulate_keeping_behaviour, simulate_like
from simulator.scenario import ScenarioError, load_scenario
from simulator.sensitivity import levers, with_lever

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "scenarios").glob("*.yaml")) + [ROOT / "bench" / "all_features.yaml"]


def _arrays(r):
    return (r.revenue_per_buyer, r.cost_per_buyer, r.active_per_buyer, r.funnel_share,
            r.referred_buyers_per_buyer, r.cac_per_buyer, r.net_value,
            None if r.business is None else r.business.npv)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_lever_variant_equals_a_fresh_simulation(path, monkeypatch):
    resumed = [0]
    original = engine._chunk_take_variant

    def counting(*a, **k):
        out = original(*a, **k)
        resumed[0] += out is not None
        return out

    monkeypatch.setattr(engine, "_chunk_take_variant", counting)
    scenario = load_scenario(path)
    size = dict(rng=5, customers=300, replicates=7)
    _, behaviour = simulate_keeping_behaviour(scenario, **size)
    checked = 0
    for lever in levers(scenario):
        for factor in (0.9, 1.7):
            try:
                variant, _ = with_lever(scenario, lever, factor)
            except ScenarioError:
                continue
            quick = simulate_like(variant, behaviour, values=False)
            fresh = simulate(variant, **size)
            for x, y in zip(_arrays(quick), _arrays(fresh)):
                if x is None and y is None:
                    continue
                assert np.array_equal(x, y), f"{lever.where} × {factor}"
            checked += 1
    assert checked > 0
    has_ladder = bool(scenario.back_end)
    if has_ladder:
        assert resumed[0] > 0, "no take-rate variant took the resumed path"
