"""Simulations cached across the app's views, keyed by (scenario YAML, seed, sample size).

One cache for the simulator page, presenter mode and the tools, so moving between
views never simulates the same scenario twice; the headline numbers, chart data and
presenter sentences built from a run are cached beside it.
"""

from __future__ import annotations

import streamlit as st

from presentation import charts, levers, presenter
from presentation.texts import text_in
from simulator.engine import simulate
from simulator.result import SimulationResult
from simulator.scenario import Scenario, load_scenario_text

from . import vega


@st.cache_data(show_spinner=False, max_entries=64)
def simulate_cached(yaml_text: str, seed: int, customers: int, replicates: int,
                    _scenario: Scenario | None = None) -> SimulationResult:
    """One run, cached by (scenario YAML, seed, sample size).

    ``_scenario`` (not part of the key) is the same scenario already parsed, when the caller has it:
    parsing the YAML again would cost more than some simulations.
    """
    scenario = _scenario if _scenario is not None else load_scenario_text(yaml_text)
    return simulate(scenario, seed=seed, customers=customers, replicates=replicates)


def simulate_for(yaml_text: str, seed: int, customers: int, replicates: int,
                 scenario: Scenario | None = None) -> SimulationResult:
    """:func:`simulate_cached`, handing over the scenario when the caller already parsed it."""
    return simulate_cached(yaml_text, seed, customers, replicates, _scenario=scenario)


def _pair(yaml_b: str, yaml_a: str | None, seed: int, customers: int, replicates: int,
          scenario_b: Scenario | None = None):
    b = simulate_for(yaml_b, seed, customers, replicates, scenario_b)
    a = simulate_for(yaml_a, seed, customers, replicates) if yaml_a is not None else None
    return b, a


@st.cache_data(show_spinner=False, max_entries=64)
def headlines(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
              _scenario_b: Scenario | None = None):
    """The headline numbers of the current run (with B − A in compare mode), formatted for ``lang``."""
    b, a = _pair(yaml_b, yaml_a, seed, customers, replicates, _scenario_b)
    scenario_b = _scenario_b if _scenario_b is not None else load_scenario_text(yaml_b)
    scenario_a = load_scenario_text(yaml_a) if yaml_a is not None else None
    return (levers.headlines(b, lang, a, scenario=scenario_b, pinned_scenario=scenario_a),
            levers.business_headlines(b, lang, a))


@st.cache_data(show_spinner=False, max_entries=64)
def figures(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
            labels: tuple[str, ...], _scenario_b: Scenario | None = None) -> dict[str, charts.Figure]:
    """The charts' data (and layout keys) for the current run, and the pinned one in compare mode."""
    b, a = _pair(yaml_b, yaml_a, seed, customers, replicates, _scenario_b)
    pair = {labels[0]: a, labels[1]: b} if a is not None else {labels[-1]: b}
    return charts.figures(pair, lang)


@st.cache_resource(show_spinner=False, max_entries=64)
def chart_specs(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
                labels: tuple[str, ...], _scenario_b: Scenario | None = None) -> dict[str, dict | None]:
    """The charts of :func:`figures` ready for ``st.vega_lite_chart`` (:func:`appviews.vega.specs`: data as
    Arrow bytes), built once per run and kept whole (a resource: never pickled, never copied; nobody
    changes them)."""
    b, a = _pair(yaml_b, yaml_a, seed, customers, replicates, _scenario_b)
    pair = {labels[0]: a, labels[1]: b} if a is not None else {labels[-1]: b}
    return vega.specs(charts.figures(pair, lang))


@st.cache_data(show_spinner=False, max_entries=16)
def slides(yaml_text: str, lang: str, seed: int, customers: int, replicates: int) -> list[presenter.Slide]:
    """Presenter mode's steps for a scenario: each chart's sentence, from the run's numbers."""
    result = simulate_for(yaml_text, seed, customers, replicates)
    scenario = load_scenario_text(yaml_text)
    return presenter.slides(result, scenario.description, lang, scenario.source, scenario=scenario)


@st.cache_data(show_spinner=False, max_entries=16)
def name_of(yaml_text: str, lang: str) -> str:
    """The scenario's name in ``lang``."""
    return text_in(load_scenario_text(yaml_text).name, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def uncertain(yaml_text: str) -> bool:
    """Whether some input of the scenario is a range (:func:`presentation.levers.has_uncertainty`)."""
    return levers.has_uncertainty(load_scenario_text(yaml_text))
