"""Bad input gets one clear message naming the field and the rule; good input round-trips.

Every ``tests/fixtures/bad_*.yaml`` (and ``hostile_*.yaml``, issue 11) is listed in ``tests/fixtures/expected_messages.yaml``
with a substring its message must contain.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import yaml
from conftest import ALL_FEATURES, FIXTURES, PRESETS, ROOT, build_scenario

from cli import commands as cli
from presentation.messages import problems_text
from simulator.engine import simulate
from simulator.metrics import summarise
from simulator.scenario import (
    MAX_FILE_BYTES,
    ScenarioError,
    dump_scenario,
    load_scenario,
    load_scenario_text,
    save_scenario,
    scenario_from_dict,
)

EXPECTED = yaml.safe_load((FIXTURES / "expected_messages.yaml").read_text(encoding="utf-8"))
EXPECTED_IN = {"en": EXPECTED,
               "zh": yaml.safe_load((FIXTURES / "expected_messages_zh.yaml").read_text(encoding="utf-8"))}
BAD_FILES = sorted(FIXTURES.glob("bad_*.yaml")) + sorted(FIXTURES.glob("hostile_*.yaml"))  # hostile: issue 11


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_bad_fixture_has_an_expected_message(lang):
    assert {p.name for p in BAD_FILES} == set(EXPECTED_IN[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_fixture_gives_its_message(path, lang):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    messages = problems_text(info.value, lang)
    assert len(messages) == 1, messages
    assert EXPECTED_IN[lang][path.name] in messages[0]
    assert "\n" not in messages[0]


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_cli_refuses_bad_fixture_in_process(path, command, capsys):
    """Exit code 2, the message (prefixed by the file) on stderr, nothing on stdout, no traceback."""
    code = cli.main([command, str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert EXPECTED[path.name] in err
    assert str(path) in err
    assert "Traceback" not in err


SUBPROCESS_CASES = [
    ("validate", "bad_malformed_yaml.yaml"),
    ("validate", "bad_yaml_alias.yaml"),
    ("validate", "bad_not_a_mapping.yaml"),
    ("validate", "bad_unknown_key.yaml"),
    ("validate", "bad_nan.yaml"),
    ("run", "bad_probability_above_one.yaml"),
    ("run", "bad_run_too_large.yaml"),
    ("run", "bad_referral_loop.yaml"),
]


@pytest.fixture(scope="module")
def subprocess_outcomes():
    """Run every SUBPROCESS_CASES command at once (the machine has two cores; each start costs ~0.4 s)."""
    procs = {
        case: subprocess.Popen(
            [sys.executable, "-m", "simulator", case[0], str(FIXTURES / case[1])],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for case in SUBPROCESS_CASES
    }
    outcomes = {}
    for case, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        outcomes[case] = (proc.returncode, out, err)
    return outcomes


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_cli_refuses_bad_fixture_in_subprocess(case, subprocess_outcomes):
    code, out, err = subprocess_outcomes[case]
    assert code == 2, err
    assert EXPECTED[case[1]] in err
    assert "Traceback" not in err
    assert out == ""


def test_good_file_validates(capsys):
    path = PRESETS[0]
    assert cli.main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "valid" in out and err == ""


def test_good_file_validates_in_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "validate", str(PRESETS[0])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file_is_invalid_input(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert cli.main(["validate", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "Traceback" not in err


# --------------------------------------------------------------------------
# Size limit and aliases: refused before parsing
# --------------------------------------------------------------------------


def test_file_over_one_megabyte_is_refused_before_parsing(tmp_path, capsys):
    """The content is broken YAML too, so only a size check made first can produce the size message."""
    path = tmp_path / "huge.yaml"
    path.write_text("name: [unclosed\n" + "#" * MAX_FILE_BYTES, encoding="utf-8")
    for load, source in ((load_scenario, path), (load_scenario_text, path.read_text(encoding="utf-8"))):
        with pytest.raises(ScenarioError) as info:
            load(source)
        assert "limited to 1,000,000 bytes" in problems_text(info.value, "en")[0]
    assert cli.main(["validate", str(path)]) == 2
    assert "limited to 1,000,000 bytes" in capsys.readouterr().err


def test_file_of_exactly_one_megabyte_is_accepted(tmp_path):
    head = "version: 1\nname: Padded\n# "
    path = tmp_path / "padded.yaml"
    path.write_bytes((head + "x" * (MAX_FILE_BYTES - len(head) - 1) + "\n").encode())
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_scenario(path).name == "Padded"


def test_billion_laughs_is_refused():
    text = "name: x\n" + "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text)
    assert info.value.problems[0].code == "yaml_alias"


def test_not_utf8_is_refused():
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(b"name: \xff\xfe\n")
    assert problems_text(info.value, "en") == ["file is not UTF-8 text (byte 6)"]


# --------------------------------------------------------------------------
# More messages, built in code
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("retention: {zzzz: 1}", "retention.zzzz: unknown key; known keys: churn,"),
        ("back_end: [{name: a, take_rat: 0.5}]", "back_end[0].take_rat: unknown key; did you mean 'take_rate'?"),
        ("horizon: twelve", "horizon: must be a whole number (got 'twelve')"),
        ("horizon: 601", "horizon: must be ≤ 600 (got 601)"),
        ("back_end: [{name: '   '}]", "back_end[0].name: must not be empty"),
        ("retention: {churn: {low: 0.3, high: 1.2}}", "retention.churn: must be ≤ 1 (got 1.2)"),
        ("version: 2", "version: must be 1 (got 2)"),
        ("back_end: [{name: a, billing: monthly}]", "back_end[0].billing: must be 'once' or 'per_period'"),
        (
            "acquisition: {channels: [{name: a, cac: 3, cost_per_lead: 2, conversion: 0.1}]}",
            "acquisition.channels[0]: give either cac, or cost_per_lead with conversion, not both",
        ),
        ("acquisition: {channels: [{name: a}]}", "acquisition.channels[0]: needs cac"),
        ("acquisition: {channels: []}", "acquisition.channels: needs at least one entry"),
        (
            "retention: {churn: 0.1, churn_beta: {alpha: 1, beta: 9}}",
            "retention: give either churn with heterogeneity, or churn_beta, not both",
        ),
        ("front_end: {name: a, price: {low: 0, high: 5, dist: lognormal}}", "front_end.price: lognormal needs low > 0"),
        ("front_end: {name: a, price: {low: 1, high: 5, mode: 2}}", "mode is only used with dist: triangular"),
        ("horizon: 600\nsimulation: {customers: 1, replicates: 100000}", "simulation: simulated futures (replicates) × horizon"),
        ("retention: {save_offer: {max_saves: 11}}", "retention.save_offer.max_saves: must be ≤ 10"),
    ],
)
def test_message_names_the_field_and_the_rule(snippet, expected):
    with pytest.raises(ScenarioError) as info:
        load_scenario_text("name: x\n" + snippet + "\n")
    messages = problems_text(info.value, "en")
    assert any(expected in m for m in messages), messages


def test_every_problem_is_reported():
    data = {"name": "x", "horizon": 0, "back_end": [{"name": "a", "take_rate": 2}], "retention": {"churn": -1}}
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data)
    text = str(info.value)
    for path in ("horizon:", "back_end[0].take_rate:", "retention.churn:"):
        assert path in text


@pytest.mark.parametrize(
    "names", [("Course", "Course"), ("front_end", "Coaching")], ids=["twice the same", "named front_end"]
)
def test_duplicate_step_names_are_not_silently_merged(names):
    """The funnel is reported per step by name: two steps with one name must not collapse into one.

    Either validation refuses the clashing name (naming the field), or the summary keeps every step.
    """
    data = {
        "name": "Duplicate steps",
        "back_end": [{"name": name, "price": 100, "take_rate": 0.5} for name in names],
    }
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as exc:
        assert "back_end[" in str(exc) and "name" in str(exc)
        return
    summary = summarise(simulate(scenario, seed=1, customers=200, replicates=2))
    assert len(summary.funnel) == 3, summary.funnel
    assert summary.funnel.get("front_end") == 1.0, summary.funnel


# --------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------

ROUND_TRIP_FILES = [*PRESETS, ALL_FEATURES]


@pytest.mark.parametrize("path", ROUND_TRIP_FILES, ids=lambda p: p.name)
def test_load_dump_load_round_trips(path, tmp_path):
    scenario = load_scenario(path)
    again = load_scenario_text(dump_scenario(scenario))
    assert again == scenario
    save_scenario(scenario, tmp_path / "saved.yaml")
    assert load_scenario(tmp_path / "saved.yaml") == scenario


def test_round_trip_keeps_simulated_numbers(tmp_path):
    """A saved and reloaded scenario simulates to identical numbers at the same seed."""
    scenario = load_scenario(ALL_FEATURES)
    save_scenario(scenario, tmp_path / "saved.yaml")
    again = load_scenario(tmp_path / "saved.yaml")
    a = simulate(scenario, seed=3, customers=100, replicates=3)
    b = simulate(again, seed=3, customers=100, replicates=3)
    np.testing.assert_array_equal(a.clv, b.clv)


def test_round_trip_of_every_optional_section():
    scenario = build_scenario(
        description="All the optional blocks",
        currency="EUR",
        acquisition={
            "channels": [
                {"name": "Ads", "share": 0.5, "cac": {"low": 10, "high": 20}},
                {"name": "Leads", "share": 0.5, "cost_per_lead": 2, "conversion": 0.1},
            ],
            "buyers_per_period": 100,
            "periods": 6,
            "cac_growth": 0.02,
        },
        back_end=[
            {
                "name": "Course",
                "price": 100,
                "take_rate": {"low": 0.1, "high": 0.3, "dist": "uniform"},
                "downsell": {"name": "Lite", "price": 30, "take_rate": 0.2},
            },
            {
                "name": "Plan",
                "price": {"low": 10, "high": 30, "dist": "triangular", "mode": 15},
                "billing": "per_period",
                "delay": 2,
            },
        ],
        subscription={"adoption": 0.5, "price": 9},
        repeat_purchase={"rate": 0.1, "order_value": 40, "margin": 0.3},
        retention={
            "churn_beta": {"alpha": 1.0, "beta": 9.0},
            "save_offer": {"acceptance": 0.2, "discount": 0.1, "max_saves": 2},
            "loyalty_program": {"cost_per_member": 1, "churn_reduction": 0.1},
            "upsell_fatigue": 0.01,
        },
        referral={"per_active_customer": 0.01, "reward": 5},
    )
    assert load_scenario_text(dump_scenario(scenario)) == scenario


def test_exponent_without_a_dot_reads_as_a_number():
    """YAML 1.1 would read 1e3 as text; scenario files read it as 1000."""
    from simulator.scenario import load_scenario_text

    s = load_scenario_text("name: x\nfront_end: {name: f, price: 1e3, unit_cost: 2.5e-1}\ncost_to_serve: 1E2\n")
    assert (s.front_end.price, s.front_end.unit_cost, s.cost_to_serve) == (1000.0, 0.25, 100.0)


@pytest.mark.parametrize("name", ["service", "front_end", "referrals", "subscription"])
def test_a_rung_may_take_any_name_even_a_built_in_sources(name):
    """Names are display text only (cash flows are keyed by the rung's id): a rung called "subscription"
    is its own source, beside the engine's subscription."""
    from simulator.engine import simulate
    from simulator.scenario import load_scenario_text

    s = load_scenario_text(f"name: x\nback_end: [{{name: {name}, price: 5, take_rate: 1}}]\n"
                           "simulation: {customers: 50, replicates: 2, seed: 1}\n")
    r = simulate(s)
    assert r.source_names.count(name) == 2 and r.source_keys.count(name) == 1
    rung = r.source_keys.index(f"back_end[{s.back_end[0].id}]")
    assert r.revenue_per_buyer[rung].sum(axis=1).mean() == pytest.approx(5.0)  # everyone takes it, at period 1
