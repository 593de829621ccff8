"""Repricing a run's behaviour (``simulator.engine.reprice``) is simulating the money variant, bit for bit;
replaying its draws (``simulate_like``) is simulating any variant, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import ALL_FEATURES
from simulator.engine import reprice, simulate, simulate_keeping_behaviour, simulate_like
from simulator.randomness import RecordedDraws
from simulator.scenario import load_scenario
from simulator.sensitivity import levers, with_lever

SIZE = dict(rng=3, customers=300, replicates=4)


@pytest.fixture(scope="module")
def run():
    scenario = load_scenario(ALL_FEATURES)
    return scenario, simulate_keeping_behaviour(scenario, **SIZE)


def _arrays(r):
    return (r.revenue_per_buyer, r.cost_per_buyer, r.active_per_buyer, r.funnel_share, r.customer_values,
            r.referred_buyers_per_buyer, r.cac_per_buyer, r.net_value, None if r.business is None else r.business.npv)


def test_the_base_run_is_the_plain_run(run):
    scenario, (base, _) = run
    for a, b in zip(_arrays(base), _arrays(simulate(scenario, **SIZE))):
        np.testing.assert_array_equal(a, b)
    assert base.customer_values.size > 0


@pytest.mark.parametrize("key", ["fe_price", "rung_price", "sub_price", "repeat_value", "save_discount",
                                 "cost_to_serve", "loyalty_cost", "channel_cac", "commission", "referral_rate",
                                 "referral_reward"])
def test_a_money_variant_repriced_is_the_variant_simulated(run, key):
    scenario, (_, behaviour) = run
    for lever in [lv for lv in levers(scenario) if lv.key == key]:
        variant, _ = with_lever(scenario, lever, 1.3)
        priced = reprice(variant, behaviour)
        assert priced is not None, lever.where
        full = simulate(variant, **SIZE)
        for a, b in zip(_arrays(priced), _arrays(full)):
            np.testing.assert_array_equal(a, b)
        assert not np.array_equal(priced.net_value, run[1][0].net_value)  # the lever moved something


@pytest.mark.parametrize("key", ["rung_take_rate", "churn", "save_acceptance", "loyalty_reduction", "sub_adoption",
                                 "repeat_rate"])
def test_a_variant_that_changes_behaviour_is_not_repriced(run, key):
    scenario, (_, behaviour) = run
    lever = next(lv for lv in levers(scenario) if lv.key == key)
    variant, _ = with_lever(scenario, lever, 1.3)
    assert reprice(variant, behaviour) is None


@pytest.mark.parametrize("key", ["rung_take_rate", "churn", "save_acceptance", "loyalty_reduction", "sub_adoption",
                                 "repeat_rate", "fe_price"])
def test_a_variant_simulated_like_the_base_is_the_variant_simulated(run, key):
    scenario, (_, behaviour) = run
    for lever in [lv for lv in levers(scenario) if lv.key == key]:
        variant, _ = with_lever(scenario, lever, 0.7)
        for a, b in zip(_arrays(simulate_like(variant, behaviour)), _arrays(simulate(variant, **SIZE))):
            np.testing.assert_array_equal(a, b)


def test_a_replay_gives_the_generators_own_numbers_when_the_calls_differ():
    def make():
        return np.random.default_rng(42)

    record = RecordedDraws()
    gen = record.recording(make())
    first, second = gen.random(5), gen.beta(0.5, 2.0, 3)
    replay = record.replaying(make)
    np.testing.assert_array_equal(replay.random(5), first)  # from the record
    other = replay.beta(0.7, 2.0, 3)  # other arguments: drawn live, from where the record stood
    live = make()
    live.random(5)
    np.testing.assert_array_equal(other, live.beta(0.7, 2.0, 3))
    assert not np.array_equal(other, second)
    np.testing.assert_array_equal(replay.random(2), live.random(2))


def test_a_run_too_large_to_record_is_simulated_alike_by_drawing(run, monkeypatch):
    import simulator.engine as engine

    scenario, _ = run
    monkeypatch.setattr(engine, "RECORD_LIFETIMES", 100)
    base, behaviour = simulate_keeping_behaviour(scenario, **SIZE)
    assert behaviour.draws is None
    lever = next(lv for lv in levers(scenario) if lv.key == "churn")
    variant, _ = with_lever(scenario, lever, 0.7)
    for a, b in zip(_arrays(simulate_like(variant, behaviour)), _arrays(simulate(variant, **SIZE))):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("factor", [0.5, 0.9, 1.1, 1.7])
def test_a_take_rate_variant_resumed_at_its_rung_is_the_variant_simulated(run, monkeypatch, factor):
    """Only the customers whose decision at the rung changes are simulated again (from where they stood)."""
    import simulator.engine as engine

    scenario, (_, behaviour) = run
    assert behaviour.ladders is not None
    resumed, resume = [], engine._chunk_take_variant
    monkeypatch.setattr(engine, "_chunk_take_variant", lambda *a: resumed.append(a[1]) or resume(*a))
    for lever in [lv for lv in levers(scenario) if lv.key == "rung_take_rate"]:
        variant, _ = with_lever(scenario, lever, factor)
        like, full = simulate_like(variant, behaviour, values=False), simulate(variant, **SIZE)
        assert like.customer_values.size == 0  # values=False: no customer-value sample, all else the same
        for a, b in zip(_arrays(like)[:4] + _arrays(like)[5:], _arrays(full)[:4] + _arrays(full)[5:]):
            np.testing.assert_array_equal(a, b)
        assert resumed and resumed[-1] == lever.path[1], (lever.where, resumed)  # resumed at the moved rung
    assert len(set(resumed)) > 1


def test_variants_moving_more_than_one_rungs_take_rate_are_not_resumed(run):
    from simulator.engine import _take_rate_variant, draw_parameters

    scenario, (_, behaviour) = run
    rungs = [lv for lv in levers(scenario) if lv.key == "rung_take_rate"]
    one, _ = with_lever(scenario, rungs[0], 1.2)
    two, _ = with_lever(one, rungs[1], 1.2)
    churn, _ = with_lever(one, next(lv for lv in levers(scenario) if lv.key == "churn"), 1.2)

    def params(s):
        return draw_parameters(s, behaviour.parameters.replicates, behaviour.streams)

    assert _take_rate_variant(behaviour.parameters, params(one)) == 0
    assert _take_rate_variant(behaviour.parameters, params(two)) is None
    assert _take_rate_variant(behaviour.parameters, params(churn)) is None
    assert _take_rate_variant(behaviour.parameters, behaviour.parameters) is None


def test_customers_resumed_from_a_snapshot_leave_when_they_would_have_among_the_whole_chunk():
    from simulator.lifetimes import Lifetimes, hazard_from_churn

    gen = np.random.default_rng(8)
    shape = (3, 400)
    churn = gen.uniform(0.01, 0.3, shape)
    saves = (gen.random(shape) < 0.5).astype(np.int8)
    budgets = {k: np.random.default_rng(100 + k) for k in (1, 2)}
    whole = Lifetimes(hazard_from_churn(churn.copy()), saves, np.random.default_rng(9), lambda k: budgets[k])
    whole.advance(2)
    state = whole.snapshot()
    offered = whole.active() & (gen.random(shape) < 0.6)
    offers = offered.astype(np.int8)
    fatigue, loyalty = np.full((3, 1), 0.05), np.full((3, 1), 0.9)
    whole.refresh(offered, churn, offers, fatigue, loyalty)
    whole.advance(30)
    who = np.flatnonzero(gen.random(shape) < 0.2)
    rows = who // shape[1]
    part = Lifetimes.resumed(state, who)
    part.refresh(offered.ravel()[who][:, None], churn.ravel()[who][:, None], offers.ravel()[who][:, None],
                 fatigue[rows], loyalty[rows])
    part.advance(30)
    np.testing.assert_array_equal(part.leave.ravel(), whole.leave.ravel()[who])
    np.testing.assert_array_equal(part.first_save.ravel(), whole.first_save.ravel()[who])
    assert (whole.first_save.ravel()[who] < 30).any()  # some of them were saved on the way


def test_a_save_number_the_chunk_never_drew_is_not_made_up():
    from simulator.lifetimes import Lifetimes

    shape = (1, 50)
    whole = Lifetimes(np.full(shape, 0.5), np.full(shape, 2, dtype=np.int8), np.random.default_rng(1),
                      lambda k: np.random.default_rng(k))
    part = Lifetimes.resumed(whole.snapshot(), np.arange(10))  # before anyone was saved
    with pytest.raises(LookupError):
        part.advance(20)


def test_a_chunk_that_cannot_be_resumed_is_simulated(run, monkeypatch):
    import simulator.engine as engine
    from simulator.lifetimes import Lifetimes

    def refuse(state, who):
        raise LookupError(1)

    scenario, (_, behaviour) = run
    monkeypatch.setattr(Lifetimes, "resumed", staticmethod(refuse))
    lever = next(lv for lv in levers(scenario) if lv.key == "rung_take_rate")
    variant, _ = with_lever(scenario, lever, 1.2)
    assert engine._take_rate_variant(behaviour.parameters, engine.draw_parameters(
        variant, behaviour.parameters.replicates, behaviour.streams)) == 0
    like, full = simulate_like(variant, behaviour, values=False), simulate(variant, **SIZE)
    np.testing.assert_array_equal(like.net_value, full.net_value)
    np.testing.assert_array_equal(like.active_per_buyer, full.active_per_buyer)


PRESETS = sorted((ALL_FEATURES.parent.parent / "scenarios").glob("*.yaml")) + [ALL_FEATURES]


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_the_behaviour_key_tells_exactly_which_variants_reprice(path):
    """The app keeps behaviours under ``behaviour_key``: two scenarios share a key exactly when their inputs make
    every customer behave alike (``same_behaviour``, what :func:`reprice` needs): every money lever keeps the key,
    a lever that changes what customers do moves it (a rate may not: adoption of a subscription that brings no
    cash draws nothing)."""
    from simulator.engine import behaviour_key, same_behaviour
    from simulator.params import draw_parameters
    from simulator.randomness import Streams, root_sequence

    scenario = load_scenario(path)
    size = dict(customers=200, replicates=4)
    key = behaviour_key(scenario, rng=5, **size)
    assert key is not None and key == behaviour_key(scenario, rng=5, **size)
    assert key != behaviour_key(scenario, rng=6, **size)  # another seed: other customers
    assert key != behaviour_key(scenario, rng=5, customers=201, replicates=4)

    def params(s):
        return draw_parameters(s, 4, Streams(root_sequence(s, 5)[0]))

    moved = 0
    for lever in levers(scenario):
        variant, _ = with_lever(scenario, lever, 1.1)
        same = same_behaviour(params(scenario), params(variant))
        assert (behaviour_key(variant, rng=5, **size) == key) == same, lever.key
        assert same or lever.kind != "money", lever.key  # money never changes what customers do
        moved += not same
    assert moved > 0  # and every preset has a lever that does (a take rate, churn)
