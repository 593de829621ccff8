"""Every preset in ``scenarios/`` (and the benchmark scenario) validates and simulates."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import ALL_FEATURES, PRESETS

from cli import commands as cli
from simulator.engine import simulate
from simulator.metrics import summarise
from simulator.scenario import load_scenario, text_key

FILES = [*PRESETS, ALL_FEATURES]


def test_there_are_presets():
    assert PRESETS, "scenarios/ holds no *.yaml presets"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_preset_validates_and_simulates(path):
    scenario = load_scenario(path)
    assert text_key(scenario.name).strip()
    result = simulate(scenario, customers=300, replicates=8)
    assert result.seed == scenario.simulation.seed
    assert result.active_per_buyer.shape == (8, scenario.horizon)
    for values in (result.clv, result.net_value, result.cac_per_buyer, result.referred_buyers_per_buyer):
        assert np.all(np.isfinite(values))
    assert np.all(np.isfinite(result.cumulative_cash))
    assert np.all((result.funnel_share >= 0) & (result.funnel_share <= 1 + 1e-9))
    summary = summarise(result)
    json.dumps(summary.to_dict(), allow_nan=False)
    assert set(summary.funnel) >= {"front_end", *(text_key(rung.name) for rung in scenario.back_end)}  # JSON: English


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_preset_runs_from_the_command_line(path, capsys):
    code = cli.main(["run", str(path), "--json", "--customers", "100", "--replicates", "3"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["name"] == text_key(load_scenario(path).name)
    assert data["metrics"]["clv"]["mean"] is not None
