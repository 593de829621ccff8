"""The Simulate page's chart columns go to Arrow from their buffers (``appviews.vega._column``), not through
``pa.array``, which imports pandas on its first call: the arrays must be the very ones ``pa.array`` builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from appviews import vega
from presentation import charts
from simulator.engine import simulate
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def _reference(values) -> pa.Array:
    """What the columns were before: pa.array, texts as large strings."""
    if isinstance(values, np.ndarray):
        return pa.array(values)
    values = list(values)
    if values and all(isinstance(v, str) for v in values):
        return pa.array(values, type=pa.large_string())
    return pa.array(values)


def _same(a: pa.Array, b: pa.Array) -> bool:
    if a.type != b.type or len(a) != len(b) or a.null_count != b.null_count:
        return False
    if pa.types.is_floating(a.type):
        return np.array_equal(a.to_numpy(zero_copy_only=False), b.to_numpy(zero_copy_only=False), equal_nan=True)
    return a.to_pylist() == b.to_pylist()


@pytest.mark.parametrize("preset", ["peter_english_school", "affiliate_web_host", "consulting_clv_trinity",
                                    "rising_cac_with_retention", "which_fish_pond"])
def test_every_chart_column_is_the_array_pa_array_builds(preset):
    result = simulate(load_scenario(ROOT / "scenarios" / f"{preset}.yaml"), seed=1, customers=300, replicates=12)
    checked = 0
    for lang in ("en", "zh"):
        for runs in ({"B": result}, {"A": result, "B": result}):
            for fig in charts.figures(runs, lang).values():
                for table in fig.data.values():
                    for name, values in table.items():
                        assert _same(vega._column(values), _reference(values)), (fig.name, name)
                        checked += 1
    assert checked > 100


@pytest.mark.parametrize("values", [
    np.array([], dtype=float), np.array([1.5, np.nan, -0.0]), np.array([1, 2], dtype=np.int32),
    np.array([3, 4], dtype=np.uint8), np.array([True, False, True, True, False, False, True, True, False]),
    np.arange(12.0)[::2], ["a", "ü中", ""], [1.5, float("nan")], [1, 2, 3], [True, False], [], [None, "a"],
    [1, 2.5], np.array(["x", "y"]),
])
def test_edge_columns_are_the_array_pa_array_builds(values):
    assert _same(vega._column(values), _reference(values))


def test_only_the_value_chart_in_compare_mode_is_drawn_afresh_and_keeps_its_renderer():
    """In compare mode the value histogram carries a digest of its data (new data, a new spec: the browser
    draws it afresh, as updating it in place left B's bars A's); alone, and every other chart, it is updated
    in place (no digest). Either way the layout's own ``usermeta`` (the canvas renderer) stays."""
    scenario = load_scenario(ROOT / "scenarios" / "peter_english_school.yaml")
    a = simulate(scenario, rng=1, customers=300, replicates=20)
    b = simulate(scenario.model_copy(update={"name": "B"}), rng=2, customers=300, replicates=20)
    alone = vega.specs(charts.figures({"B": b}, "en"))
    pair = vega.specs(charts.figures({"A": a, "B": b}, "en"))
    for name, spec in alone.items():
        if spec is not None:
            assert "rev" not in spec.get("usermeta", {}), name
    for name, spec in pair.items():
        if spec is not None and name != "value":
            assert "rev" not in spec.get("usermeta", {}), name
    meta = pair["value"]["usermeta"]
    assert meta["rev"] and meta["embedOptions"] == alone["value"]["usermeta"]["embedOptions"]
    moved = vega.specs(charts.figures({"A": a, "B": simulate(scenario, rng=3, customers=300, replicates=20)}, "en"))
    assert moved["value"]["usermeta"]["rev"] != meta["rev"]  # new data, a new spec
