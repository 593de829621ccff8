"""Hostile input (issue 11): nothing a file contains runs away, overflows, or escapes as a traceback.

* fuzzing (hypothesis): mutated scenario dicts are refused with a ScenarioError or simulate to finite
  numbers without a numpy warning; mutated CSV texts are fitted or refused with a CalibrationError;
* the snowball check bounds the simulated lives it is about (an upper bound, with saves, channels,
  heterogeneity and loyalty), and a runtime stop catches a run that would still snowball;
* the CLI: exit 2 with a message naming the file for a directory, a device, a FIFO; exit 130 on Ctrl-C;
  strict JSON for the most extreme accepted scenario; progress only on a terminal;
* validation is linear: 20,000 unknown keys give 21 messages quickly, libyaml parses flow style;
* CSV limits: each ``tests/fixtures/calibration/hostile_*.csv`` and its message.

The scenario ``hostile_*.yaml`` fixtures and their messages are checked in test_validation.
"""

from __future__ import annotations

import copy
import io
import json
import math
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import ALL_FEATURES, FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import commands as cli
from presentation.messages import problems_text
from simulator import referrals as referrals_module
from simulator import scenario as sc
from simulator.calibration.fit import fit_data
from simulator.calibration.reading import CalibrationError
from simulator.engine import simulate
from simulator.metrics import summarise
from simulator.problems import ProblemError
from simulator.scenario import ScenarioError, load_scenario_text, parse_yaml, scenario_from_dict, with_simulation

BASE = yaml.safe_load(ALL_FEATURES.read_text(encoding="utf-8"))
"""Every feature of the engine switched on: the seed of the scenario mutations."""


def _leaves(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*path, i))
    else:
        yield path


LEAVES = sorted(_leaves(BASE), key=str)

EXTREME_NUMBERS = st.sampled_from([0, 1, -1, 0.5, 1e-300, 1e12, 1e12 + 1, 6e307, 1e308, -1e308, 10**30, 2**63,
                                   float("nan"), float("inf"), -float("inf"), 600, 601, 1e6, 20_000_000])
HOSTILE_TEXT = st.sampled_from(["", " ", "A\x00B", "\x1b[31mred", "x" * 5000, "<script>", "line\nbreak", "名"])
VALUES = st.one_of(
    EXTREME_NUMBERS,
    st.floats(0, 1),  # plausible values too, so that many mutants are accepted and simulated
    st.floats(0, sc.MAX_MONEY),
    st.integers(0, 700),
    st.builds(lambda lo, w: {"low": lo, "high": lo + w}, st.floats(0, 0.5), st.floats(0, 0.5)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
    HOSTILE_TEXT,
    st.booleans(),
    st.none(),
    st.builds(lambda lo, hi: {"low": lo, "high": hi}, EXTREME_NUMBERS, EXTREME_NUMBERS),
    st.builds(lambda lo, hi, d: {"low": lo, "high": hi, "dist": d}, EXTREME_NUMBERS, EXTREME_NUMBERS,
              st.sampled_from(["normal", "lognormal", "uniform", "beta"])),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["low", "high", "x"]), st.integers(0, 3), max_size=2),
)


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@st.composite
def mutated_scenarios(draw):
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        _set(data, draw(st.sampled_from(LEAVES)), draw(VALUES))
    return data


def _finite_result(result) -> None:
    for name in ("revenue_per_buyer", "cost_per_buyer", "active_per_buyer", "referred_buyers_per_buyer",
                 "cac_per_buyer", "front_end_margin", "funnel_share", "customer_values"):
        values = np.asarray(getattr(result, name), dtype=float)
        assert np.isfinite(values).all(), name
    if result.business is not None:
        for name in ("cumulative_cash", "total_profit", "npv", "capital_needed", "average_cac"):
            assert np.isfinite(np.asarray(getattr(result.business, name), dtype=float)).all(), name
    # the summary the CLI prints as JSON: strict (no NaN or infinity once "never" is null)
    json.loads(cli._json(summarise(result).to_dict()))


FUZZ_CASES = 150


@settings(max_examples=FUZZ_CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(mutated_scenarios())
def test_fuzzed_scenarios_are_refused_or_simulate_to_finite_numbers(data):
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as exc:
        assert 1 <= len(exc.problems) <= sc.MAX_PROBLEMS + 1
        for lang in ("en", "zh"):
            messages = problems_text(exc, lang)
            assert all("\n" not in m for m in messages)
            assert not any(p.code in m for p, m in zip(exc.problems, messages)), "a code with no words"
        return
    try:
        small = with_simulation(scenario, customers=30, replicates=4)
    except ScenarioError:  # a horizon × replicates limit the small run cannot meet: nothing to run
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning is a failure
        result = simulate(small, seed=1)
    _finite_result(result)


def test_the_most_extreme_accepted_scenario_gives_strict_json_from_every_tool(tmp_path, capsys):
    """Every bound at its end at once: money 1e12, 600 periods, CAC doubling, 1e12 buyers, no churn."""
    money = sc.MAX_MONEY
    data = {
        "name": "Extreme", "horizon": 600, "periods_per_year": 1, "discount_rate": 0,
        "simulation": {"customers": 30, "replicates": 8, "seed": 1},
        "acquisition": {
            "channels": [
                {"name": "A", "share": 0.5, "cost_per_lead": money, "conversion": 1e-300, "churn_multiplier": 0.01,
                 "take_rate_multiplier": 100},
                {"name": "B", "share": 0.5, "cac": {"low": money / 1e6, "high": money}, "max_buyers": 1e12},
            ],
            "affiliate_commission": money, "buyers_per_period": {"low": 1e6, "high": sc.MAX_COUNT},
            "periods": 600, "cac_growth": 1.0,
        },
        "front_end": {"name": "F", "price": money, "unit_cost": {"low": 0, "high": money}},
        "back_end": [
            {"name": "R1", "price": money, "take_rate": 1, "delay": 0, "billing": "per_period",
             "downsell": {"name": "D1", "price": money, "take_rate": 1}},
            {"name": "R2", "price": {"low": money / 1e6, "high": money}, "take_rate": 1, "delay": 600,
             "billing": "per_period"},
        ],
        "subscription": {"price": money, "adoption": 1},
        "repeat_purchase": {"rate": 1, "order_value": money, "margin": 1},
        "cost_to_serve": money,
        "retention": {"churn": 0, "loyalty_program": {"cost_per_member": money, "churn_reduction": 1},
                      "save_offer": {"acceptance": 1, "discount": 1, "max_saves": 10}},
    }
    path = tmp_path / "extreme.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _finite_result(simulate(scenario_from_dict(data), seed=1))
        for command in (["run"], ["max-cac"], ["sensitivity", "--step", "0.5"], ["channels", "--budget", "1e6"]):
            assert cli.main([command[0], str(path), *command[1:], "--json"]) == 0, command
            out, err = capsys.readouterr()
            json.loads(out, parse_constant=lambda c: pytest.fail(f"{command[0]}: {c} in JSON"))
            assert "Warning" not in err


# --------------------------------------------------------------------------
# The snowball check
# --------------------------------------------------------------------------


def test_the_snowball_lifetime_bounds_the_simulated_lives():
    """Saves, a slow channel, heterogeneity and loyalty: the simulated active periods stay below the check's."""
    data = {
        "name": "Long lives", "horizon": 60,
        "simulation": {"customers": 4000, "replicates": 20, "seed": 3},
        "acquisition": {"channels": [
            {"name": "Slow", "share": 0.5, "cac": 1, "churn_multiplier": 0.3},
            {"name": "Fast", "share": 0.5, "cac": 1, "churn_multiplier": 2.0},
        ]},
        "retention": {"churn": {"low": 0.2, "high": 0.3}, "heterogeneity": 0.4,
                      "save_offer": {"acceptance": 0.6, "max_saves": 3},
                      "loyalty_program": {"churn_reduction": 0.2}},
    }
    scenario = scenario_from_dict(data)
    bound = scenario.expected_active_periods()
    assert simulate(scenario).active_per_buyer.sum(axis=1).max() <= bound
    # every buyer from the slow channel: the bound still holds, and it is tight (not the horizon)
    data["acquisition"]["channels"][1]["churn_multiplier"] = 0.3
    scenario = scenario_from_dict(data)
    assert scenario.expected_active_periods() == pytest.approx(bound)
    lives = simulate(scenario).active_per_buyer.sum(axis=1)
    assert lives.max() <= bound < 1.5 * lives.mean() < scenario.horizon


def test_the_old_check_missed_the_side_doors_the_new_one_refuses_them():
    """hostile_referral_snowball.yaml's central churn alone (0.5: two periods) would let a rate of 0.3 pass."""
    data = yaml.safe_load((FIXTURES / "hostile_referral_snowball.yaml").read_text(encoding="utf-8"))
    assert 0.3 * (1 / 0.5) < sc.MAX_LIFETIME_REFERRALS
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(data)
    assert exc.value.problems[0].code == "referral_snowball"
    # without the slow channel and the saves, the same rate passes (the check is not merely strict)
    data["acquisition"]["channels"][0]["churn_multiplier"] = 1.0
    del data["retention"]["save_offer"], data["retention"]["heterogeneity"]
    data["referral"]["per_active_customer"] = 0.2
    scenario_from_dict(data)


def test_a_run_that_would_still_snowball_stops_with_a_problem(monkeypatch):
    monkeypatch.setattr(referrals_module, "MAX_REFERRED_PER_BUYER", 0.01)
    scenario = scenario_from_dict({**BASE, "simulation": {"customers": 200, "replicates": 4, "seed": 1}})
    with pytest.raises(ScenarioError) as exc:
        simulate(scenario)
    assert exc.value.problems[0].code == "referral_runaway"
    assert "word of mouth snowballs" in problems_text(exc.value, "en")[0]


# --------------------------------------------------------------------------
# Reading files: exit 2 for every bad input, nothing read unbounded
# --------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "fit"])
def test_a_directory_is_refused_naming_the_file(tmp_path, capsys, command):
    extra = ["--period", "month"] if command == "fit" else []
    assert cli.main([command, str(tmp_path), *extra]) == 2
    err = capsys.readouterr().err
    assert "is a directory, not a file" in err and str(tmp_path.name) in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("command", ["validate", "run", "fit"])
def test_dev_zero_is_refused_before_it_is_read(capsys, command):
    extra = ["--period", "month"] if command == "fit" else []
    assert cli.main([command, "/dev/zero", *extra]) == 2
    err = capsys.readouterr().err
    assert "zero" in err and "is a device or socket, not a file" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert cli.main(["validate", str(fifo)]) == 2  # opening it for reading would block forever
    assert "is a pipe (FIFO), not a file" in capsys.readouterr().err


def test_ctrl_c_during_a_run_ends_cleanly(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "simulate", interrupted)
    assert cli.main(["run", str(ALL_FEATURES)]) == 130
    out, err = capsys.readouterr()
    assert "interrupted" in err and "Traceback" not in err and out == ""


def test_progress_is_shown_only_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    for stream, shown in ((io.StringIO(), False), (Tty(), True)):
        monkeypatch.setattr(cli.sys, "stderr", stream)
        bar = cli.ProgressBar("run", delay=0.0)
        bar(0.5)
        assert ("50%" in stream.getvalue()) is shown


def test_integers_floats_and_dates_that_python_cannot_build_are_messages():
    for text in ("version: 1\nname: x\nhorizon: " + "1" * 5000, "version: 1\nname: x\nwhen: 2020-13-45",
                 "version: 1\nname: x\nhorizon: 1e99999"):
        with pytest.raises(ScenarioError):
            load_scenario_text(text)


def test_nesting_in_data_built_in_code_is_a_message_not_a_recursion_error():
    deep: dict = {}
    node = deep
    for _ in range(5000):
        node["front_end"] = {}
        node = node["front_end"]
    with pytest.raises(ScenarioError):
        scenario_from_dict({"name": "x", "front_end": deep})


# --------------------------------------------------------------------------
# Validation linear in the input
# --------------------------------------------------------------------------


def test_twenty_thousand_unknown_keys_give_twenty_one_messages_quickly():
    text = "version: 1\nname: Many keys\n" + "".join(f"unknown_key_{i:05d}: 1\n" for i in range(20_000))
    assert 240_000 < len(text) < sc.MAX_FILE_BYTES
    start = time.process_time()
    with pytest.raises(ScenarioError) as exc:
        load_scenario_text(text)
    elapsed = time.process_time() - start
    messages = problems_text(exc.value, "en")
    assert len(messages) == sc.MAX_PROBLEMS + 1
    assert messages[-1] == f"... and {20_000 - sc.MAX_PROBLEMS:,} more problems"
    assert len(set(messages)) == len(messages)
    assert elapsed < 5.0  # the bound is 1 s on a quiet machine; generous for a shared one


def test_keys_are_shown_escaped_and_cut_short():
    with pytest.raises(ScenarioError) as exc:
        load_scenario_text('version: 1\nname: x\n"\\e[31mred": 1\n' + "k" * 1000 + ": 2\n")
    paths = [p.path for p in exc.value.problems]
    assert "\\x1b[31mred" in paths and "\x1b" not in "".join(paths)
    assert max(map(len, paths)) <= 60


def test_each_distinct_problem_is_reported_once():
    data = {"name": "x", "back_end": [{"name": f"r{i}", "take_rate": 2} for i in range(12)]}
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(data)
    assert len(exc.value.problems) == len(set(exc.value.problems)) == 12


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_libyaml_parses_a_large_flow_style_file_fast():
    assert issubclass(sc._ScenarioLoader, yaml.CSafeLoader)
    rungs = ", ".join(f"{{name: rung {i}, price: {i}, take_rate: 0.5, extra: [1, 2, 3, {{a: b}}]}}" for i in range(3500))
    text = f"{{version: 1, name: Flow, back_end: [{rungs}]}}"
    assert 240_000 < len(text) < sc.MAX_FILE_BYTES
    start = time.process_time()
    data = parse_yaml(text)
    assert time.process_time() - start < 5.0  # pure Python took 7 to 17 s
    assert len(data["back_end"]) == 3500


def test_the_pure_python_loader_keeps_the_same_refusals():
    """Without libyaml the fallback loader refuses the same things, with the same messages."""
    assert not issubclass(sc._PureScenarioLoader, getattr(yaml, "CSafeLoader", ()))
    for name in ("hostile_anchor.yaml", "hostile_duplicate_key.yaml", "hostile_big_integer.yaml",
                 "bad_yaml_alias.yaml", "hostile_deep_nesting.yaml"):
        problems = []
        for pure in (False, True):
            with pytest.raises(ScenarioError) as exc:
                parse_yaml((FIXTURES / name).read_bytes(), _pure=pure)
            problems.append(exc.value.problems)
        assert problems[0] == problems[1], name
    assert parse_yaml("a: 1e3\nb: [1, {c: d}]", _pure=True) == parse_yaml("a: 1e3\nb: [1, {c: d}]") == {
        "a": 1000.0, "b": [1, {"c": "d"}]}


# --------------------------------------------------------------------------
# CSV calibration bounded in time and memory
# --------------------------------------------------------------------------

CSV_EXPECTED = {
    "hostile_mistyped_year.csv": "row 200, column 'date': '2202-03-19' is 204.2 years after the other purchases",
    "hostile_huge_amount.csv": "row 17, column 'amount': amount 1e+308 is above the limit of 1,000,000,000,000",
    "hostile_retention_period.csv": "row 4, column 'period': the period 1000000000 is above the limit of 2,000",
    "hostile_retention_overflow.csv": "row 1, column 'active': the count 1e+30 is above the limit of",
}
CSV_EXPECTED_ZH = {
    "hostile_mistyped_year.csv": "第 200 行，列 'date'：'2202-03-19' 比其他购买晚 204.2 年",
    "hostile_huge_amount.csv": "第 17 行，列 'amount'：金额 1e+308 超过上限 1,000,000,000,000",
    "hostile_retention_period.csv": "第 4 行，列 'period'：期 1000000000 超过上限 2,000",
    "hostile_retention_overflow.csv": "第 1 行，列 'active'：人数 1e+30 超过上限",
}


def test_every_hostile_csv_has_its_message():
    assert {p.name for p in (FIXTURES / "calibration").glob("hostile_*.csv")} == set(CSV_EXPECTED) == set(CSV_EXPECTED_ZH)


@pytest.mark.parametrize("name", sorted(CSV_EXPECTED))
def test_hostile_csv_gives_its_message(name):
    with pytest.raises(CalibrationError) as exc:
        fit_data(FIXTURES / "calibration" / name, period="week")
    assert CSV_EXPECTED[name] in problems_text(exc.value, "en")[0]
    assert CSV_EXPECTED_ZH[name] in problems_text(exc.value, "zh")[0]


def test_a_huge_cell_is_refused_and_shown_cut_short(tmp_path):
    path = tmp_path / "big_id.csv"
    path.write_text("customer_id,date,amount\nc1,1997-01-01,5\n" + "x" * 5_000_000 + ",1997-01-02,5\n",
                    encoding="utf-8")
    with pytest.raises(CalibrationError) as exc:
        fit_data(path, period="week")
    message = problems_text(exc.value, "en")[0]
    assert "row 2, column 'customer_id': a cell of 5,000,000 characters" in message
    assert len(message) < 300


def test_one_mistyped_year_in_a_small_log_is_named_by_row():
    rows = [f"c{i % 7},1997-{1 + i % 12:02d}-{1 + i % 27:02d},5" for i in range(40)]
    rows[11] = "c3,2202-03-19,5"
    with pytest.raises(CalibrationError) as exc:
        fit_data(("customer_id,date,amount\n" + "\n".join(rows)).encode(), period="week", filename="small.csv")
    assert "row 12, column 'date': '2202-03-19' is 204" in problems_text(exc.value, "en")[0]


def test_a_log_spanning_too_many_periods_is_refused_before_the_tables_are_built(tmp_path):
    rows = [f"c{i % 40},{1960 + i % 55}-01-0{1 + i % 7},5" for i in range(400)]
    path = tmp_path / "fifty_years.csv"
    path.write_text("customer_id,date,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CalibrationError) as exc:
        fit_data(path, period="week")
    assert "the purchases span 2,819 weeks, more than the 2,000 periods a fit can take" in problems_text(exc.value, "en")[0]
    assert fit_data(path, period="year").scenario is not None  # the same file in years fits


CSV_CELLS = st.one_of(
    st.sampled_from(["c1", "c2", "c3", "", " ", "1997-01-01", "2202-03-19", "1e308", "-5", "nan", "inf", "0",
                     "10", "3.5", "01/02/1997", "x" * 300, "\x00", "名字", '"', "1" * 40, "99999-01-01"]),
    st.text(max_size=12),
)


@st.composite
def csv_texts(draw):
    kind = draw(st.sampled_from(["transactions", "retention"]))
    if kind == "transactions":
        rows = [[f"c{i % 7}", f"1997-{1 + i % 12:02d}-{1 + i % 27:02d}", str(5 + i % 9)] for i in range(40)]
        header = ["customer_id", "date", "amount"]
    else:
        rows = [[str(t), str(round(1000 * 0.8**t * (1 + t / 20)))] for t in range(12)]  # sBG-like
        header = ["period", "active"]
    for _ in range(draw(st.integers(0, 3))):
        row = draw(st.integers(0, len(rows) - 1))
        rows[row][draw(st.integers(0, len(header) - 1))] = draw(CSV_CELLS)
    lines = rows if draw(st.integers(0, 4)) == 0 else [header] + rows  # mostly with a header
    return "\n".join(",".join(r) for r in lines) + "\n", draw(st.sampled_from([None, kind]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(csv_texts(), st.sampled_from(["week", "month"]))
def test_fuzzed_csvs_are_fitted_or_refused_with_a_message(case, period):
    text, kind = case  # the kind given half the time, so that a mutated cell reaches the checks past detection
    try:
        fit_data(text.encode("utf-8"), period=period, kind=kind, filename="fuzz.csv")
    except CalibrationError as exc:
        for lang in ("en", "zh"):
            assert all(len(m) < 1000 for m in problems_text(exc, lang))
    except ProblemError as exc:  # pragma: no cover - any other core error is a defect
        pytest.fail(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 1e300, -1e300])
def test_calculator_inputs_that_would_overflow_are_refused(bad):
    from simulator.calculators import MAX_INPUT, average_clv, channel_sales, historical_clv
    from simulator.problems import ArgumentError

    for formula, args in ((historical_clv, (bad, 2.0)), (average_clv, (1.0, 1.0, bad, 1.0)),
                          (channel_sales, (bad, 1.0, 1.0, 1.0))):
        with pytest.raises(ArgumentError):
            formula(*args)
    assert math.isfinite(average_clv(MAX_INPUT, MAX_INPUT, MAX_INPUT, MAX_INPUT))


def test_a_range_too_narrow_for_a_float_variance_is_a_fixed_number():
    """Found by the fuzzing: {low: 0, high: 1e-300} made the Beta's variance underflow to 0 (division by zero)."""
    data = copy.deepcopy(BASE)
    data["subscription"]["adoption"] = {"low": 0, "high": 1e-300}
    data["simulation"] = {"customers": 30, "replicates": 4, "seed": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _finite_result(simulate(scenario_from_dict(data)))


def test_a_saddle_point_gives_no_intervals_instead_of_a_negative_variance():
    """Found by a longer run of the CSV fuzzer (20,000 cases, numpy warnings as errors): on the log below the
    BG/BB fit's inverse Hessian had positive variances but was not positive definite (a saddle, not a
    maximum), so the delta method's variance of log alpha came out negative and its interval NaN with a
    RuntimeWarning. Such a fit now has no intervals, and says why, in both languages."""
    from simulator.calibration.sbg import invert_hessian

    indefinite = np.array([[1.0, 2.0], [2.0, 1.0]])  # eigenvalues 3 and -1, both variances positive
    cov, why = invert_hessian(np.linalg.inv(indefinite))
    assert cov is None and why == "not_a_maximum"
    cov, why = invert_hessian(np.linalg.inv(np.array([[2.0, 1.0], [1.0, 2.0]])))  # a maximum's is kept
    assert why is None and cov.shape == (2, 2)

    rows = [[f"c{i % 7}", f"1997-{1 + i % 12:02d}-{1 + i % 27:02d}", str(5 + i % 9)] for i in range(40)]
    rows[0][0] = rows[17][0] = "1997-01-01"  # the fuzzer's two mutated cells: a date as a customer id
    text = "customer_id,date,amount\n" + "\n".join(",".join(r) for r in rows) + "\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the negative variance's sqrt warned here
        report = fit_data(text.encode("utf-8"), period="week", filename="fuzz.csv")
    fit = report.bgbb
    assert [n.params.get("cause") for n in fit.notes if n.code == "fit_no_intervals"] == ["not_a_maximum"]
    for interval in (fit.dropout_alpha, fit.dropout_beta, fit.purchase_alpha, fit.churn):
        assert np.isfinite(interval.estimate) and np.isnan(interval.low) and np.isnan(interval.high)
    assert report.scenario is not None
    for lang in ("en", "zh"):
        assert all(m.strip() for m in problems_text(fit.notes, lang))


def test_a_log_whose_bgnbd_dropout_is_all_or_nothing_is_fitted_at_the_ceiling_and_says_so():
    """Found by the fuzzer above: a fitted drop-out heterogeneity 1/(a+b+1) of 0.999 once failed the scenario's
    own bound (0.99) and came out as an error. The scenario keeps the ceiling; the notes say what was fitted."""
    rows = [[f"c{i % 7}", f"1997-{1 + i % 12:02d}-{1 + i % 27:02d}", str(5 + i % 9)] for i in range(40)]
    rows[0][0] = rows[1][0] = "1997-01-01"  # the fuzzer's two mutated cells: a date as a customer id, twice
    text = "customer_id,date,amount\n" + "\n".join(",".join(r) for r in rows) + "\n"
    report = fit_data(text.encode("utf-8"), period="week", filename="fuzz.csv")
    assert report.scenario.repeat_purchase.bgnbd.dropout_heterogeneity == 0.99
    note = [p for p in report.notes if p.code == "fit_bgnbd_dropout_polarised"]
    assert len(note) == 1 and note[0].params["fitted"] > 0.99
    assert any("0.99" in m and "all-or-nothing" in m for m in problems_text(report.notes, "en"))
    assert any("上限 0.99" in m for m in problems_text(report.notes, "zh"))
