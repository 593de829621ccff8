"""Front-end/back-end funnel simulator: what a customer is worth, and what you can pay to win one.

The data flows one way::

    scenario YAML ─► simulator.scenario (validate) ─► simulator.engine (simulate)
                  ─► simulator.metrics (summarise) ─► CLI / app / reports
"""

from .engine import simulate
from .metrics import Summary, summarise
from .result import SimulationResult
from .scenario import Scenario, ScenarioError, dump_scenario, load_scenario, load_scenario_text

__all__ = [
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "Summary",
    "dump_scenario",
    "load_scenario",
    "load_scenario_text",
    "simulate",
    "summarise",
]
