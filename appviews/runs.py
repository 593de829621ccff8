"""Simulations cached across the app's views, keyed by (scenario YAML, seed, sample size).

One cache for the simulator page, presenter mode and the tools, so moving between
views never simulates the same scenario twice.
"""

from __future__ import annotations

import streamlit as st

from simulator.engine import simulate
from simulator.result import SimulationResult
from simulator.scenario import load_scenario_text


@st.cache_data(show_spinner=False, max_entries=64)
def simulate_cached(yaml_text: str, seed: int, customers: int, replicates: int) -> SimulationResult:
    """One run, cached by (scenario YAML, seed, sample size)."""
    return simulate(load_scenario_text(yaml_text), seed=seed, customers=customers, replicates=replicates)
