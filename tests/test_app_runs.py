"""The app's runs are bounded (issue 11): in size (the run budget), in bytes (the run cache), in time
(a run stops when its session has gone)."""

from __future__ import annotations

from dataclasses import fields
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
# A money lever reprices a kept behaviour (issue 12): the numbers a fresh run gives, bit for bit
# --------------------------------------------------------------------------


def _with(scenario, **edits):
    data = scenario_to_dict(scenario)
    for path, value in edits.items():
        node = data
        *head, last = path.split(".")
        for k in head:
            node = node[int(k)] if isinstance(node, list) else node.setdefault(k, {})
        node[last] = value
    return scenario_from_dict(data)


def _all_arrays(result):
    for part in (result, result.business):
        if part is not None:
            for f in fields(part):
                value = getattr(part, f.name)
                if isinstance(value, np.ndarray):
                    yield f.name, value


def _same_as_fresh(result, scenario, seed, customers, replicates):
    fresh = simulate(scenario, seed=seed, customers=customers, replicates=replicates)
    got, want = dict(_all_arrays(result)), dict(_all_arrays(fresh))
    assert got.keys() == want.keys()
    for name in want:
        np.testing.assert_array_equal(got[name], want[name], err_msg=name)


@pytest.fixture
def simulated(monkeypatch) -> list[int]:
    """Empty caches; one entry per fresh simulation the app's runs make (repricing adds none)."""
    runs.behaviours().clear()
    runs.run_cache().clear()
    calls: list[int] = []
    real = runs.simulate_keeping_behaviour
    monkeypatch.setattr(runs, "simulate_keeping_behaviour", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.mark.parametrize("preset", ["peter_english_school.yaml", "consulting_clv_trinity.yaml",
                                    "rising_cac_with_retention.yaml", "costco_membership.yaml"])
def test_money_moves_are_repriced_and_equal_a_fresh_run(preset, simulated):
    base = load_scenario(ROOT / "scenarios" / preset)
    seed, n, reps = 11, 300, 12
    runs.simulate_cached(dump_scenario(base), seed, n, reps, _scenario=base)
    assert len(simulated) == 1 and len(runs.behaviours()) == 1
    price = float(base.front_end.price) if not hasattr(base.front_end.price, "low") else 9.0
    for k, variant in enumerate([_with(base, **{"front_end.price": price + 37.5}),
                                 _with(base, **{"cost_to_serve": 3.25}),
                                 _with(base, **{"acquisition.channels.0.cac": 123.0}
                                       if base.acquisition.channels[0].cac is not None else
                                       {"acquisition.channels.0.cost_per_lead": 4.5})]):
        got = runs.simulate_cached(dump_scenario(variant), seed, n, reps, _scenario=variant)
        assert len(simulated) == 1, f"money move {k} simulated afresh instead of repricing"
        _same_as_fresh(got, variant, seed, n, reps)


def test_a_behaviour_move_simulates_and_keeps_its_own_behaviour(simulated):
    seed, n, reps = 3, 250, 10
    churned = _with(DEFAULT, **{"retention.churn": 0.07})
    runs.simulate_cached(dump_scenario(DEFAULT), seed, n, reps, _scenario=DEFAULT)
    got = runs.simulate_cached(dump_scenario(churned), seed, n, reps, _scenario=churned)
    assert len(simulated) == 2 and len(runs.behaviours()) == 2  # churn changes lives: a fresh run
    _same_as_fresh(got, churned, seed, n, reps)
    dearer = _with(churned, **{"front_end.price": 777.0})
    got = runs.simulate_cached(dump_scenario(dearer), seed, n, reps, _scenario=dearer)
    assert len(simulated) == 2  # then a price move reprices the churned run's behaviour
    _same_as_fresh(got, dearer, seed, n, reps)
    other_seed = runs.simulate_cached(dump_scenario(dearer), seed + 1, n, reps, _scenario=dearer)
    assert len(simulated) == 3  # another seed is other customers
    _same_as_fresh(other_seed, dearer, seed + 1, n, reps)


def test_the_kept_behaviours_are_bounded_in_bytes():
    assert runs.behaviours().max_bytes == runs.BEHAVIOUR_BYTES <= 256 << 20
    from simulator.engine import simulate_keeping_behaviour

    _, b = simulate_keeping_behaviour(DEFAULT, rng=1, customers=2_000, replicates=200, record_draws=False)
    assert b.draws is None
    assert 100_000 < runs.behaviour_bytes(b) < 8 << 20  # the app's size: megabytes, not the draws' tens of MB


def test_a_kept_behaviour_is_read_only_for_every_session(simulated):
    runs.simulate_cached(dump_scenario(DEFAULT), 2, 200, 8, _scenario=DEFAULT)
    (behaviour,) = [runs.behaviours().get(k) for k in list(runs.behaviours()._items)]
    arrays = list(runs._behaviour_arrays(behaviour))
    assert len(arrays) > 10 and not any(a.flags.writeable for a in arrays)


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
