"""Max affordable CAC / commission: closed forms, agreement with the engine, payback, errors, CLI."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from conftest import build_scenario

from cli import commands as cli
from presentation.messages import problems_text
from simulator.engine import simulate
from simulator.max_cac import NoAffordableCac, max_affordable_cac, scenario_at

DETERMINISTIC = dict(
    acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 50}]},
    front_end={"name": "Intro", "price": 100, "unit_cost": 0},
    back_end=[{"name": "Course", "price": 300, "take_rate": 1.0, "delay": 1}],
)
"""No uncertainty, no churn, no discounting, everyone buys: CLV is exactly 400 in every replicate."""

UNCERTAIN = dict(
    horizon=24,
    discount_rate=0.1,
    simulation={"customers": 300, "replicates": 400, "seed": 11},
    acquisition={
        "channels": [
            {"name": "Search", "share": 0.6, "cac": {"low": 40, "high": 90}},
            {"name": "Social", "share": 0.4, "cost_per_lead": 3, "conversion": {"low": 0.05, "high": 0.1}},
        ],
        "affiliate_commission": 10,
    },
    front_end={"name": "Intro", "price": 30, "unit_cost": 10},
    back_end=[{"name": "Course", "price": 400, "take_rate": {"low": 0.1, "high": 0.4}, "delay": 2}],
    subscription={"adoption": 0.5, "price": 12, "unit_cost": 2},
    retention={"churn": {"low": 0.05, "high": 0.15}},
)
"""Uncertain inputs, two channels (one priced per lead) and a commission."""


def test_closed_form_equals_value_per_buyer():
    s = build_scenario(**DETERMINISTIC)
    for q in (0.5, 0.8, 0.95):
        res = max_affordable_cac(s, confidence=q)
        assert res.value == pytest.approx(400.0, abs=1e-9)
        assert res.current == pytest.approx(50.0)
        assert res.headroom == pytest.approx(350.0, abs=1e-9)
    # the commission on top of the 50 channel cost: 400 - 50
    assert max_affordable_cac(s, lever="commission").value == pytest.approx(350.0, abs=1e-9)


def test_peter_school_median_is_the_expected_value():
    # article 000: 500 + 0.8 × 1000 + 0.8 × 0.8 × 1500 = 2260 of value per buyer, no churn, no discounting
    s = build_scenario(
        simulation={"customers": 2000, "replicates": 100, "seed": 5},
        acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 500}]},
        front_end={"name": "Intro", "price": 500},
        back_end=[
            {"name": "Intermediate", "price": 1000, "take_rate": 0.8, "delay": 1},
            {"name": "Advanced", "price": 1500, "take_rate": 0.8, "delay": 1},
        ],
    )
    res = max_affordable_cac(s, confidence=0.5)
    se_median = 1.2533 * res.break_even.std(ddof=1) / math.sqrt(res.replicates)
    assert abs(res.value - 2260.0) <= 4 * se_median + 1e-9


@pytest.mark.parametrize("q", [0.5, 0.8, 0.95])
def test_prob_profit_at_the_answer_is_the_confidence(q):
    s = build_scenario(**UNCERTAIN)
    res = max_affordable_cac(s, confidence=q)
    assert res.prob_profit_at_value == pytest.approx(q, abs=1.0 / res.replicates)
    # the engine agrees: re-simulate with every channel's cost scaled to the answer, same seed
    same = simulate(res.scenario_for(s), seed=res.seed)
    assert np.mean(same.cac_per_buyer) == pytest.approx(res.value, rel=1e-9)  # commission included
    assert res.commission == pytest.approx(10.0)
    assert abs(same.prob_profit - q) <= 1.0 / res.replicates + 1e-12
    # and with fresh random numbers, within sampling error (the answer's own error plus the new run's)
    fresh = simulate(res.scenario_for(s), seed=12345)
    assert abs(fresh.prob_profit - q) <= 4 * math.sqrt(2 * q * (1 - q) / res.replicates)


def test_commission_lever_agrees_with_the_engine():
    s = build_scenario(**UNCERTAIN)
    res = max_affordable_cac(s, confidence=0.8, lever="commission")
    assert res.current == pytest.approx(10.0)
    run = simulate(res.scenario_for(s), seed=res.seed)
    assert abs(run.prob_profit - 0.8) <= 1.0 / res.replicates + 1e-12


def test_cac_includes_the_commission_like_the_engine():
    # article 001: no channel cost, a $95 commission; the whole CAC and the commission have the same room
    s = build_scenario(**{**UNCERTAIN, "acquisition": {"channels": [{"name": "Affiliates", "share": 1.0, "cac": 0}],
                                                       "affiliate_commission": 95}})
    cac = max_affordable_cac(s, confidence=0.8)
    commission = max_affordable_cac(s, confidence=0.8, lever="commission")
    assert cac.current == pytest.approx(95.0) and commission.current == pytest.approx(95.0)
    assert cac.value == pytest.approx(commission.value)
    run = simulate(cac.scenario_for(s), seed=cac.seed)
    assert np.mean(run.cac_per_buyer) == pytest.approx(cac.value)
    assert abs(run.prob_profit - 0.8) <= 1.0 / cac.replicates + 1e-12
    assert scenario_at(s, "cac", 150.0, 95.0, commission=95.0).acquisition.channels[0].cac == pytest.approx(55.0)


def test_channel_costs_are_the_engine_s_own_without_the_commission():
    """channel_cost reads the parameter draws alone (no customer simulated): they must be exactly what a run of
    the scenario with no commission charges per buyer, replicate by replicate, and the commission the rest."""
    from simulator.max_cac import channel_cost
    from simulator.scenario import scenario_from_dict, scenario_to_dict

    s = build_scenario(**{**UNCERTAIN, "acquisition": {**UNCERTAIN["acquisition"],
                                                       "affiliate_commission": {"low": 5, "high": 15}}})
    data = scenario_to_dict(s)
    data["acquisition"]["affiliate_commission"] = 0.0
    without = simulate(scenario_from_dict(data), seed=7, customers=1, replicates=50).cac_per_buyer
    channel = channel_cost(s, seed=7, replicates=50)
    np.testing.assert_array_equal(channel, without)
    commission = simulate(s, seed=7, customers=1, replicates=50).cac_per_buyer - channel
    assert np.ptp(commission) > 1 and abs(commission.mean() - 10) < 2  # the commission's own draws, 5–15


def test_verify_keeps_the_exact_answer():
    s = build_scenario(**UNCERTAIN)
    plain = max_affordable_cac(s, confidence=0.8)
    checked = max_affordable_cac(s, confidence=0.8, verify=True)
    assert checked.verified and not plain.verified
    assert checked.value == plain.value


def test_reusing_a_run_gives_the_same_answer():
    s = build_scenario(**UNCERTAIN)
    run = simulate(s, seed=3)
    assert max_affordable_cac(s, confidence=0.8, result=run).value == max_affordable_cac(s, confidence=0.8, seed=3).value


def test_payback_within_n_periods_closed_form():
    # a free front end and a 10-a-period plan, no churn: cash at period N is 10 (N + 1) - CAC
    s = build_scenario(
        horizon=24,
        acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 20}]},
        subscription={"adoption": 1.0, "price": 10},
    )
    res = max_affordable_cac(s, confidence=0.8, payback_within=5)
    assert res.value_break_even == pytest.approx(240.0)
    assert res.value_payback == pytest.approx(60.0)
    assert res.value == pytest.approx(60.0)
    assert res.payback_binding
    at = simulate(res.scenario_for(s), seed=res.seed)
    assert at.payback_period.max() <= 5
    assert not max_affordable_cac(s, confidence=0.8, payback_within=23).payback_binding


def test_payback_rule_agrees_with_the_engine():
    s = build_scenario(**UNCERTAIN)
    res = max_affordable_cac(s, confidence=0.8, payback_within=6)
    assert res.payback_binding
    run = simulate(res.scenario_for(s), seed=res.seed)
    share = float(np.mean(run.cumulative_cash[:, 6] >= -1e-9))
    assert abs(share - 0.8) <= 1.0 / res.replicates + 1e-12


def test_no_affordable_cac_is_a_clear_error():
    s = build_scenario(**{**DETERMINISTIC, "acquisition": {**DETERMINISTIC["acquisition"], "affiliate_commission": 500}})
    with pytest.raises(NoAffordableCac) as info:
        max_affordable_cac(s)
    (message,) = problems_text(info.value, "en")
    assert re.search(r"no acquisition cost ≥ 0 works.*affiliate commission of 500", message), message
    assert re.search(r"[\u4e00-\u9fff]", problems_text(info.value, "zh")[0])


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.2, "high"])
def test_bad_confidence(bad):
    with pytest.raises(ValueError) as info:
        max_affordable_cac(build_scenario(**DETERMINISTIC), confidence=bad)
    assert problems_text(info.value, "en")[0].startswith("confidence: must be")


def test_bad_payback_and_lever():
    s = build_scenario(**DETERMINISTIC)
    with pytest.raises(ValueError) as info:
        max_affordable_cac(s, payback_within=12)
    assert re.match(r"payback_within: must be between 0 and 11 \(the horizon is 12", problems_text(info.value, "en")[0])
    with pytest.raises(ValueError) as info:
        max_affordable_cac(s, lever="price")
    assert problems_text(info.value, "en") == ["lever: must be 'cac' or 'commission' (got 'price')"]


def test_cli_max_cac_json(small_yaml, capsys):
    assert cli.main(["max-cac", str(small_yaml), "--confidence", "80%", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["confidence"] == 0.8 and data["lever"] == "cac"
    from simulator.scenario import load_scenario

    direct = max_affordable_cac(load_scenario(small_yaml), confidence=0.8)
    assert data["value"] == pytest.approx(direct.value)


def test_cli_max_cac_table_and_commission(small_yaml, capsys):
    assert cli.main(["max-cac", str(small_yaml), "--commission", "--payback-within", "3"]) == 0
    out = capsys.readouterr().out
    assert "Affiliate commission with 50% confidence" in out and "within 3 periods" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--confidence", "1.2"], "argument --confidence: must be between 0 and 1"),
        (["--confidence", "abc"], "argument --confidence: must be a number"),
        (["--payback-within", "99"], "payback_within: must be between 0 and 5"),
        (["--payback-within", "-1"], "argument --payback-within: must be ≥ 0"),
    ],
)
def test_cli_max_cac_bad_input(small_yaml, capsys, args, message):
    assert cli.main(["max-cac", str(small_yaml), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1


def test_cli_max_cac_payback_beyond_the_horizon_in_chinese(small_yaml, capsys):
    """An argument the core refuses is worded by the catalogue in --lang: exit 2, one Chinese line."""
    assert cli.main(["max-cac", str(small_yaml), "--payback-within", "99", "--lang", "zh"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()[-1:]
    assert line == "错误：payback_within：必须在 0 到 5 之间（模拟时长为 6 期；实际为 99）", line


def test_cli_max_cac_missing_file(tmp_path, capsys):
    assert cli.main(["max-cac", str(tmp_path / "none.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err
