"""Random streams keyed by what they draw: an unrelated edit leaves every other draw as it was.

Each uncertain input draws from the stream of its path, each per-customer
decision (churn, saves, each rung's take by its id, adoption, channel, repeat
orders, referrals) from its own stream per chunk. So a rung nobody buys, an
extra uncertain cost, reordered channels or a renamed rung change nothing else
(bit for bit, at the same seed): the comparison shows the lever, not noise.
"""

from __future__ import annotations

import numpy as np
from conftest import build_scenario, merge
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import simulate
from simulator.params import draw_parameters
from simulator.randomness import Streams, key_words
from simulator.scenario import scenario_from_dict, scenario_to_dict

BASE = {
    "horizon": 18,
    "simulation": {"customers": 400, "replicates": 6, "seed": 11},
    "acquisition": {
        "channels": [
            {"name": "Search", "share": 0.5, "cac": {"low": 40, "high": 70}, "take_rate_multiplier": 1.5},
            {"name": "Social", "share": 0.3, "cac": 30, "churn_multiplier": 1.4},
            {"name": "Partners", "share": 0.2, "cost_per_lead": 3, "conversion": {"low": 0.05, "high": 0.1}},
        ],
    },
    "front_end": {"name": "Kit", "price": 19, "unit_cost": 8},
    "back_end": [
        {
            "name": "Course",
            "price": 200,
            "take_rate": {"low": 0.2, "high": 0.4},
            "delay": 1,
            "downsell": {"name": "Lite", "price": 60, "take_rate": 0.3},
        },
        {"name": "Plan", "price": 30, "take_rate": 0.4, "delay": 2, "billing": "per_period"},
    ],
    "subscription": {"adoption": 0.5, "price": {"low": 9, "high": 14}},
    "repeat_purchase": {"rate": 0.2, "order_value": 40, "margin": 0.5, "heterogeneity": 0.2},
    "retention": {
        "churn": {"low": 0.06, "high": 0.12},
        "heterogeneity": 0.3,
        "save_offer": {"acceptance": 0.4, "discount": 0.2, "max_saves": 2},
        "loyalty_program": {"cost_per_member": 1, "churn_reduction": 0.1},
    },
    "referral": {"per_active_customer": 0.01, "reward": 5},
}

NOBODY = {"name": "Nobody buys this", "id": "nobody", "price": 500, "take_rate": 0.0, "delay": 3}


def run(data: dict, **kw):
    return simulate(build_scenario(**data), **kw)


def rows(result, keys):
    return result.funnel_share[[result.funnel_index(k) for k in keys]]


def test_a_rung_nobody_buys_and_an_uncertain_cost_change_no_other_draw():
    """The issue's example: the active series and the other steps' take shares stay identical."""
    a = run(BASE)
    with_more = merge(BASE, {"back_end": BASE["back_end"] + [NOBODY], "cost_to_serve": {"low": 1, "high": 3}})
    b = run(with_more)
    assert np.array_equal(a.active_per_buyer, b.active_per_buyer)
    assert np.array_equal(a.referred_buyers_per_buyer, b.referred_buyers_per_buyer)
    assert np.array_equal(rows(a, a.funnel_keys), rows(b, a.funnel_keys))
    assert np.array_equal(b.funnel_share[b.funnel_index("back_end[nobody]")], np.zeros(a.replicates))
    for key in a.source_keys:
        if key not in ("service", "referrals"):  # service: the new cost; referrals: referred buyers cost it too
            i, j = a.source_index(key), b.source_index(key)
            assert np.array_equal(a.revenue_per_buyer[i], b.revenue_per_buyer[j]), key
            assert np.array_equal(a.cost_per_buyer[i], b.cost_per_buyer[j]), key
    assert np.array_equal(a.cac_per_buyer, b.cac_per_buyer)
    assert not np.array_equal(
        a.cost_per_buyer[a.source_index("service")], b.cost_per_buyer[b.source_index("service")]
    )


def test_reordering_channels_changes_nothing():
    channels = BASE["acquisition"]["channels"]
    a = run(BASE)
    b = run(merge(BASE, {"acquisition": {"channels": channels[::-1]}}))
    for name in ("revenue_per_buyer", "cost_per_buyer", "active_per_buyer", "cac_per_buyer", "funnel_share",
                 "customer_values", "clv"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_renaming_a_rung_that_keeps_its_id_changes_nothing():
    first = dict(BASE["back_end"][0], id="course")
    a = run(merge(BASE, {"back_end": [first, BASE["back_end"][1]]}))
    b = run(merge(BASE, {"back_end": [dict(first, name="Flagship course"), BASE["back_end"][1]]}))
    for name in ("revenue_per_buyer", "cost_per_buyer", "active_per_buyer", "funnel_share", "customer_values"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.source_keys == b.source_keys and a.funnel_keys == b.funnel_keys
    assert "Flagship course" in b.funnel_names and "Course" in a.funnel_names


def test_a_default_id_survives_a_rename_in_code():
    """Without an id in the file the id is the name's slug; ``model_copy`` renames keep it (and its draws)."""
    scenario = build_scenario(**BASE)
    assert [r.id for r in scenario.back_end] == ["course", "plan"]
    renamed = scenario.model_copy(
        update={"back_end": [scenario.back_end[0].model_copy(update={"name": "Renamed"}), scenario.back_end[1]]}
    )
    a, b = simulate(scenario), simulate(renamed)
    assert np.array_equal(a.active_per_buyer, b.active_per_buyer)
    assert np.array_equal(a.funnel_share, b.funnel_share)
    assert b.funnel_names[1] == "Renamed"


def test_ids_are_written_only_where_the_name_does_not_give_them():
    """Files without ids dump without them (presets stay byte-identical); a shared slug's -2 is written."""
    data = merge({"name": "x"}, {"back_end": [{"name": "Core course!"}, {"name": "core course"}]})
    scenario = scenario_from_dict(data)
    assert [r.id for r in scenario.back_end] == ["core-course", "core-course-2"]
    assert scenario_to_dict(scenario) == {
        "name": "x", "back_end": [{"name": "Core course!"}, {"name": "core course", "id": "core-course-2"}]
    }


def test_an_input_draws_from_its_own_path():
    """Making another input uncertain (or adding a rung) leaves each input's per-replicate draws unchanged."""
    a = draw_parameters(build_scenario(**BASE), 50, np.random.default_rng(3))
    more = merge(BASE, {"front_end": {"price": {"low": 10, "high": 30}}, "back_end": [NOBODY] + BASE["back_end"]})
    b = draw_parameters(build_scenario(**more), 50, np.random.default_rng(3))
    assert np.array_equal(a.churn_mean, b.churn_mean)
    assert np.array_equal(a.churn_alpha, b.churn_alpha)
    assert np.array_equal(a.cac_per_buyer, b.cac_per_buyer)
    assert np.array_equal(a.rungs[0].take_rate, b.rungs[1].take_rate)
    assert np.array_equal(a.subscription_price, b.subscription_price)


def test_keys_hash_stably():
    """The spawn key of a stream is a fixed function of its key string (no salted ``hash``)."""
    assert key_words("retention.churn") == (2625811363, 3084554941, 2208988517, 2150480958)
    root = np.random.SeedSequence(5)
    assert Streams(root)("x").random() == Streams(np.random.SeedSequence(5))("x").random()
    assert Streams(root)("x").random() != Streams(root)("y").random()
    assert Streams(root)("x", 0).random() != Streams(root)("x", 1).random()


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    delay=st.integers(0, 20),
    price=st.floats(0, 1000),
    # 0, or at least 5e-12: a lognormal range spans at most a factor of 1e12 (scenario.MAX_LOGNORMAL_SPREAD)
    cost=st.tuples(*[st.one_of(st.just(0.0), st.floats(5e-12, 5))] * 2),
)
def test_property_a_rung_nobody_buys_changes_no_life(seed, delay, price, cost):
    base = merge(BASE, {"simulation": {"customers": 150, "replicates": 3, "seed": seed}})
    low, high = sorted(cost)
    more = merge(base, {
        "back_end": base["back_end"] + [dict(NOBODY, delay=delay, price=price)],
        "cost_to_serve": {"low": low, "high": high},
    })
    a, b = run(base), run(more)
    assert np.array_equal(a.active_per_buyer, b.active_per_buyer)
    assert np.array_equal(rows(a, a.funnel_keys), rows(b, a.funnel_keys))


def test_a_kept_id_survives_the_round_trip_through_data():
    """A rung renamed in code keeps its id through scenario_to_dict and back (the app edits via dicts)."""
    scenario = build_scenario(**BASE)
    renamed = scenario.model_copy(
        update={"back_end": [scenario.back_end[0].model_copy(update={"name": "Renamed"}), scenario.back_end[1]]}
    )
    data = scenario_to_dict(renamed)
    assert data["back_end"][0]["id"] == "course" and "id" not in data["back_end"][1]
    assert list(data["back_end"][0]) == ["name", "price", "id", "take_rate", "delay", "downsell"]
    again = scenario_from_dict(data)
    assert [r.id for r in again.back_end] == ["course", "plan"]
    assert np.array_equal(simulate(again).funnel_share, simulate(scenario).funnel_share)
