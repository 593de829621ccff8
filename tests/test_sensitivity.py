"""Lever sensitivity: closed-form changes, groups, clipping, refused variants, the tornado chart, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import build_scenario

from cli import commands as cli
from presentation.charts import GROUP_COLORS, tornado_chart, tornado_data
from presentation.messages import problems_text
from simulator.engine import simulate
from simulator.sensitivity import GROUPS, Lever, levers, sensitivity, with_lever

PLAN = dict(
    horizon=12,
    simulation={"customers": 400, "replicates": 40, "seed": 2},
    acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 50}]},
    front_end={"name": "Intro", "price": 100, "unit_cost": 20},
    back_end=[{"name": "Course", "price": 300, "take_rate": 0.5, "delay": 1},
              {"name": "Masterclass", "price": 900, "take_rate": 1.0, "delay": 1}],
    subscription={"adoption": 1.0, "price": 10},
)
"""No churn, no discounting: every change has a closed form."""


def effect(sens, key, target=None):
    return next(e for e in sens.effects if e.lever.key == key and e.lever.target == target)


def test_closed_form_changes():
    sens = sensitivity(build_scenario(**PLAN), step=0.1)
    fe = effect(sens, "fe_price", "Intro")
    assert (fe.low.mean, fe.high.mean) == pytest.approx((-10.0, 10.0))
    assert fe.low.p5 == pytest.approx(-10.0) and fe.low.p95 == pytest.approx(-10.0)  # no noise: one number
    assert fe.low_se == pytest.approx(0.0, abs=1e-9)
    cac = effect(sens, "channel_cac", "Ads")
    assert (cac.low.mean, cac.high.mean) == pytest.approx((5.0, -5.0))
    sub = effect(sens, "sub_price")
    assert (sub.low.mean, sub.high.mean) == pytest.approx((-12.0, 12.0))  # 1 × 12 periods × 10 × 10%
    # a price change moves no random number: +30 for each buyer of the course, exactly, at the same seed
    course = effect(sens, "rung_price", "Course")
    share = simulate(build_scenario(**PLAN), seed=sens.seed).funnel_share[1]
    assert course.high.mean == pytest.approx(30.0 * share.mean())
    assert abs(share.mean() - 0.5) <= 4 * np.sqrt(0.25 / (400 * 40))  # half take it


def test_groups_keys_and_order():
    s = build_scenario(**PLAN, cost_to_serve=1.0, retention={"churn": 0.05, "save_offer": {"acceptance": 0.2, "discount": 0.1}})
    sens = sensitivity(s, step=0.1)
    keys = {(e.lever.key, e.lever.target) for e in sens.effects}
    assert ("commission", None) not in keys  # 0: not a lever of this scenario
    assert {("churn", None), ("save_acceptance", None), ("save_discount", None), ("cost_to_serve", None)} <= keys
    groups = {e.lever.key: e.lever.group for e in sens.effects}
    assert groups["churn"] == "loyalty" and groups["cost_to_serve"] == "cost" and groups["rung_price"] == "revenue"
    assert all(e.lever.group in GROUPS for e in sens.effects)
    swings = [e.swing for e in sens.effects]
    assert swings == sorted(swings, reverse=True)
    churn = effect(sens, "churn")
    assert churn.low.mean > 0 > churn.high.mean  # less churn, more value


def test_rates_are_clipped_and_ranges_scaled_as_a_whole():
    sens = sensitivity(build_scenario(**PLAN), step=0.1)
    master = effect(sens, "rung_take_rate", "Masterclass")
    assert master.high_input == 1.0 and master.high.mean == pytest.approx(0.0)
    assert master.low_input == pytest.approx(0.9)
    s = build_scenario(**{**PLAN, "retention": {"churn": {"low": 0.1, "high": 0.3}}})
    lever = next(lv for lv in levers(s) if lv.key == "churn")
    variant, value = with_lever(s, lever, 1.1)
    assert (variant.retention.churn.low, variant.retention.churn.high) == pytest.approx((0.11, 0.33))
    assert value == pytest.approx(0.22)
    assert lever.where == "retention.churn"


def test_churn_beta_lever_moves_the_mean():
    s = build_scenario(**PLAN, retention={"churn_beta": {"alpha": 1.0, "beta": 9.0}})
    lever = next(lv for lv in levers(s) if lv.key == "churn")
    variant, mean = with_lever(s, lever, 1.1)
    cb = variant.retention.churn_beta
    assert cb.alpha / (cb.alpha + cb.beta) == pytest.approx(0.11) and cb.alpha + cb.beta == pytest.approx(10.0)
    assert mean == pytest.approx(0.11)


def test_a_variant_the_schema_refuses_is_reported():
    # churn 0.1 over 12 periods: about 7.18 active periods; 0.125 × 1.1 referrals a period would snowball
    s = build_scenario(**PLAN, retention={"churn": 0.1}, referral={"per_active_customer": 0.125, "reward": 5})
    sens = sensitivity(s, step=0.1)
    ref = effect(sens, "referral_rate")
    assert ref.low is not None and ref.low.mean < 0
    assert ref.high is None and ref.notes[0].code == "referral_snowball"
    assert ref.to_dict()["high"] is None


@pytest.mark.parametrize("bad", [0, 1, -0.1, 2, "x"])
def test_bad_step(bad):
    with pytest.raises(ValueError) as info:
        sensitivity(build_scenario(**PLAN), step=bad)
    assert problems_text(info.value, "en")[0].startswith("step: must be a number between 0 and 1")


@pytest.mark.parametrize("lang, word", [("en", "Revenue per customer"), ("zh", "客户收入")])
def test_tornado_chart(lang, word):
    sens = sensitivity(build_scenario(**PLAN, cost_to_serve=1.0), step=0.2)
    chart = tornado_chart(sens, lang)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    text = json.dumps(spec, ensure_ascii=False)
    assert word in text and GROUP_COLORS["revenue"] in text and GROUP_COLORS["cost"] in text
    df = tornado_data(sens, lang)
    assert len(df) == 2 * len(sens.effects)
    assert list(dict.fromkeys(df["order"])) == list(range(len(sens.effects)))  # sorted by swing
    assert (df["p5"] <= df["mean"] + 1e-9).all() and (df["mean"] <= df["p95"] + 1e-9).all()


def test_tornado_chart_without_levers():
    sens = sensitivity(build_scenario(), step=0.1)  # free front end, no costs: nothing to move
    assert sens.effects == ()
    assert "No lever to move" in json.dumps(tornado_chart(sens, "en").to_dict())


def test_cli_sensitivity(small_yaml, capsys):
    assert cli.main(["sensitivity", str(small_yaml), "--step", "0.2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["step"] == 0.2 and {lv["key"] for lv in data["levers"]} >= {"fe_price", "rung_take_rate", "churn"}
    assert cli.main(["sensitivity", str(small_yaml)]) == 0
    assert "Take rate · Course" in capsys.readouterr().out
    assert cli.main(["sensitivity", str(small_yaml), "--step", "1.5"]) == 2
    assert "argument --step: must be between 0 and 1" in capsys.readouterr().err


def test_lever_where():
    assert Lever("rung_price", "Course", ("back_end", 1, "price"), "money", "revenue").where == "back_end[1].price"


def test_mirrored_money_levers_equal_simulating_both_sides():
    s = build_scenario(**{**PLAN, "cost_to_serve": {"low": 0.5, "high": 2.0},
                          "front_end": {"name": "Intro", "price": {"low": 80, "high": 120}, "unit_cost": 20},
                          "acquisition": {"channels": [{"name": "Ads", "share": 1.0, "cac": {"low": 0, "high": 90}}],
                                          "affiliate_commission": 5},
                          "retention": {"churn": {"low": 0.05, "high": 0.15}}})
    fast = sensitivity(s, step=0.1)
    full = sensitivity(s, step=0.1, mirror_money=False)
    assert [e.lever for e in fast.effects] == [e.lever for e in full.effects]
    for a, b in zip(fast.effects, full.effects):
        for x, y in ((a.low, b.low), (a.high, b.high)):
            assert (x.mean, x.p5, x.p50, x.p95) == pytest.approx((y.mean, y.p5, y.p50, y.p95), rel=1e-9, abs=1e-9)
        assert a.low_input == pytest.approx(b.low_input)
