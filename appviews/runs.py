"""Simulations cached across the app's views, keyed by (scenario YAML, seed, sample size).

One cache for the simulator page, presenter mode and the tools, so moving between
views never simulates the same scenario twice.
"""

from __future__ import annotations

import streamlit as st

from simulator.engine import simulate
from simulator.result import SimulationResult
from simulator.scenario import Scenario, load_scenario_text


@st.cache_data(show_spinner=False, max_entries=64)
def simulate_cached(yaml_text: str, seed: int, customers: int, replicates: int,
                    _scenario: Scenario | None = None) -> SimulationResult:
    """One run, cached by (scenario YAML, seed, sample size).

    ``_scenario`` (not part of the key) is the same scenario already parsed, when the caller has it:
    parsing the YAML again would cost more than some simulations.
    """
    scenario = _scenario if _scenario is not None else load_scenario_text(yaml_text)
    return simulate(scenario, seed=seed, customers=customers, replicates=replicates)
