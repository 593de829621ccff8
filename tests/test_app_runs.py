"""The app's runs are bounded (issue 11): in size (the run budget), in bytes (the run cache), in time
(a run stops when its session has gone)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from appviews import runs
from presentation import i18n, levers, share
from simulator.engine import simulate
from simulator.scenario import dump_scenario, load_scenario, load_scenario_text, scenario_to_dict, scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = load_scenario(ROOT / "scenarios" / levers.DEFAULT_PRESET)


def sized(customers: int, replicates: int, horizon: int | None = None):
    data = scenario_to_dict(DEFAULT)
    data["simulation"] = {**data.get("simulation", {}), "customers": customers, "replicates": replicates}
    if horizon is not None:
        data["horizon"] = horizon
    return scenario_from_dict(data)


# --------------------------------------------------------------------------
# The run budget
# --------------------------------------------------------------------------


@pytest.mark.parametrize("customers, replicates, horizon", [
    (20_000_000, 50, 20), (2_000, 100_000, 10), (1_000_000, 1_000, 600), (10_000_000, 1, 600), (1, 1_600, 600),
    (2_000_000, 500, 36),
])
def test_every_run_in_the_app_stays_within_the_budget(customers, replicates, horizon):
    scenario = sized(customers, replicates, horizon)
    s = levers.run_sizes(scenario)
    assert s.lifetimes <= levers.RUN_BUDGET
    assert 1 <= s.customers <= customers and 1 <= s.replicates <= replicates
    assert s.clamped == (customers * replicates * horizon > levers.RUN_BUDGET)
    assert s.lifetimes > levers.RUN_BUDGET / 4 or not s.clamped  # the budget is used, not wasted


def test_a_run_within_the_budget_is_the_files():
    s = levers.run_sizes(DEFAULT)
    assert (s.customers, s.replicates) == (DEFAULT.simulation.customers, DEFAULT.simulation.replicates)
    assert not s.clamped and levers.budget_text("en", s) == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_limit_is_stated_on_the_page(lang):
    big = sized(2_000_000, 500, 36)  # 3.6e10 customer-periods asked
    s = levers.run_sizes(big)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["s"] = share.encode_scenario(big)
    at.run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert levers.budget_text(lang, s) in captions
    assert i18n.fmt_number(levers.RUN_BUDGET, lang) in captions
    assert load_scenario_text(at.session_state["current_yaml"]).simulation.customers == 2_000_000  # the file keeps its size


# --------------------------------------------------------------------------
# The run cache: bounded in bytes
# --------------------------------------------------------------------------


def _result(seed: int, replicates: int = 20):
    return simulate(DEFAULT, seed=seed, customers=50, replicates=replicates)


def test_the_cache_keeps_its_bytes_under_the_bound_whatever_is_asked():
    one = runs.result_bytes(_result(0))
    cache = runs.RunCache(max_bytes=int(3.5 * one))
    for seed in range(12):
        cache.put(("s", seed), _result(seed))
        assert cache.bytes <= cache.max_bytes
    assert len(cache) == 3  # the three most recent
    assert [("s", k) in cache for k in (8, 9, 10, 11)] == [False, True, True, True]
    assert cache.bytes == sum(runs.result_bytes(cache.get(("s", k))) for k in (9, 10, 11))


def test_the_cache_drops_the_least_recently_used():
    one = runs.result_bytes(_result(0))
    cache = runs.RunCache(max_bytes=int(2.5 * one))
    cache.put("a", _result(1))
    cache.put("b", _result(2))
    assert cache.get("a") is not None  # a used: b is now the oldest
    cache.put("c", _result(3))
    assert "a" in cache and "c" in cache and "b" not in cache


def test_a_result_larger_than_the_bound_is_not_kept():
    small = _result(0, replicates=5)
    cache = runs.RunCache(max_bytes=runs.result_bytes(small) + 1)
    cache.put("small", small)
    cache.put("big", _result(1, replicates=50))
    assert "big" not in cache and "small" in cache and cache.bytes <= cache.max_bytes


def test_result_bytes_counts_every_array():
    r = _result(0)
    assert runs.result_bytes(r) >= r.revenue_per_buyer.nbytes + r.cost_per_buyer.nbytes + r.customer_values.nbytes


def test_the_server_cache_is_bounded_at_about_a_gigabyte():
    assert runs.CACHE_BYTES <= 1 << 30
    assert runs.run_cache().max_bytes == runs.CACHE_BYTES


def test_cached_results_are_shared_and_read_only():
    yaml_text = dump_scenario(DEFAULT)
    a = runs.simulate_cached(yaml_text, 5, 40, 4)
    b = runs.simulate_cached(yaml_text, 5, 40, 4)
    assert a is b
    with pytest.raises(ValueError):
        a.revenue_per_buyer[0, 0, 0] = 1.0
    np.testing.assert_array_equal(a.revenue_per_buyer, simulate(DEFAULT, seed=5, customers=40, replicates=4).revenue_per_buyer)


# --------------------------------------------------------------------------
# A run ends when its session has gone
# --------------------------------------------------------------------------


def test_outside_a_served_session_there_is_no_cancel():
    assert runs.session_cancel() is None


def test_the_cancel_says_true_once_the_session_is_gone(monkeypatch):
    from types import SimpleNamespace

    import streamlit.runtime as runtime_module
    import streamlit.runtime.scriptrunner as scriptrunner

    active = {"abc"}
    fake = SimpleNamespace(is_active_session=lambda sid: sid in active)
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda suppress_warning=False: SimpleNamespace(session_id="abc"))
    monkeypatch.setattr(runtime_module.Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(runtime_module.Runtime, "instance", classmethod(lambda cls: fake))
    cancel = runs.session_cancel()
    assert cancel is not None and cancel() is False
    active.clear()  # the browser left
    assert cancel() is True


# --------------------------------------------------------------------------
# Stop: a stopped run is not started again until asked
# --------------------------------------------------------------------------


def test_a_stopped_tool_waits_for_run_again():
    import hashlib

    pond = load_scenario(ROOT / "scenarios" / "which_fish_pond.yaml")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.query_params["view"] = "tools"
    at.query_params["s"] = share.encode_scenario(pond)
    at.run()
    at.session_state["tool"] = "channels"
    digest = hashlib.sha256(at.session_state["current_yaml"].encode()).hexdigest()[:16]
    at.session_state[f"stop:channels:{digest}"] = True  # what pressing Stop during the run leaves for the rerun
    at.run()
    assert not at.exception
    assert [i.value for i in at.info if i.value == i18n.t("en", "run_stopped")]
    assert not at.table  # nothing computed
    del at.session_state[f"stop:channels:{digest}"]  # a button's click lasts one run
    at.run()  # any other rerun: still stopped
    assert not at.table
    at.button(key=f"again:channels:{digest}").click().run()
    assert not at.exception and at.table  # Run again: the comparison is back
