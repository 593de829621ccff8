"""Problems as data, rendered by one catalogue in English and Chinese, for the app and the CLI.

The core raises :class:`~simulator.problems.Problem` records (path, code, parameters);
:mod:`presentation.messages` turns them into sentences. The fixtures' messages in
both languages (``expected_messages.yaml``, ``expected_messages_zh.yaml``) are checked in test_validation.
"""

from __future__ import annotations

import re
import string

import pytest
import yaml
from conftest import FIXTURES

from cli import commands as cli
from presentation import levers as ui_state
from presentation.catalogue import TEXT
from presentation.messages import problem_text, problems_text
from simulator.problems import Problem
from simulator.scenario import ScenarioError, load_scenario

CJK = re.compile(r"[\u4e00-\u9fff]")
BAD_FILES = sorted(FIXTURES.glob("bad_*.yaml"))
EXPECTED_ZH = yaml.safe_load((FIXTURES / "expected_messages_zh.yaml").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_exists_in_both_languages_with_the_same_fields():
    for key, entry in TEXT.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["zh"].strip() or not entry["en"].strip(), key
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_cli_validate_in_chinese(path, capsys):
    """``validate --lang zh``: exit 2, every line Chinese (the rule too, not only a lead word)."""
    assert cli.main(["validate", str(path), "--lang", "zh"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("错误：") for line in lines), err
    for line in lines:
        rule = line.removeprefix("错误：").removeprefix(f"{path}：")
        assert CJK.search(rule), line
        if "YAML：" not in rule:  # PyYAML's own description of a syntax error stays as PyYAML wrote it
            assert not re.search(r"[a-z]+ [a-z]+ [a-z]+", rule), line
    assert EXPECTED_ZH[path.name] in err


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "zh_TW", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "zh_CN"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_cli_language_defaults_from_the_locale(environ, lang):
    assert cli.default_lang(environ) == lang


def test_cli_tables_in_chinese(small_yaml, capsys):
    assert cli.main(["run", str(small_yaml), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "客户终身价值（CLV）" in out and "漏斗" in out and "Lifetime value" not in out


BAD_SCENARIOS = [
    b"\xff\xfe",
    b"name: [",
    b"a: &x 1\nb: *x\n",
    b"- 1\n",
    b"",
    b"name: x\nhorizon: 0\n",
    b"name: x\nhorizon: 1.5\n",
    b"name: x\nretention: {churn: 2}\n",
    b"name: x\nfront_end: {name: f, price: -1}\n",
    b"name: x\nfront_end: {name: f, price: .nan}\n",
    b"name: x\nfront_end: {name: f, price: {low: 9, high: 3}}\n",
    b"name: x\nfront_end: {name: f, price: {low: 1, high: 3, dist: triangular}}\n",
    b"name: x\nfront_end: {name: f, price: {low: 1, high: 3, dist: triangular, mode: 9}}\n",
    b"name: x\nfront_end: {name: f, price: {low: 1, high: 3, mode: 2}}\n",
    b"name: x\nfront_end: {name: f, price: {low: 0, high: 3, dist: lognormal}}\n",
    b"name: x\nfront_end: {name: f, price: {low: 0, high: 3, dist: cauchy}}\n",
    b"name: x\nfront_end: {name: f, price: [1, 2]}\n",
    b"name: x\nfront_end: {name: 5}\n",
    b"name: x\nfront_end: 3\n",
    b"name: x\nacquisition: {channels: [{name: a, cac: 1, cost_per_lead: 2, conversion: 0.1}]}\n",
    b"name: x\nacquisition: {channels: [{name: a}]}\n",
    b"name: x\nacquisition: {channels: [{name: a, cost_per_lead: 1, conversion: 0}]}\n",
    b"name: x\nacquisition: {channels: [{name: a, share: 0.5, cac: 1}]}\n",
    b"name: x\nacquisition: {channels: []}\n",
    b"name: x\nretention: {churn: 0.1, churn_beta: {alpha: 1, beta: 2}}\n",
    b"name: x\nrepeat_purchase: {rate: 0.1, rate_beta: {alpha: 1, beta: 2}}\n",
    b"name: ' '\n",
    b"description: no name\n",
    b"name: x\nversion: 2\n",
    b"name: x\nback_end: [{name: a, billing: monthly}]\n",
    b"name: x\nback_end: [{name: a}, {name: a}]\n",
    b"name: x\nfront_end: {name: f, price: ten}\n",
    b"name: x\nsimulation: {customers: 20000000, replicates: 100}\n",
    b"name: x\nhorizon: 600\nsimulation: {customers: 1, replicates: 100000}\n",
    b"name: x\nreferral: {per_active_customer: 0.5}\n",
    b"name: x\nfrontend: {}\n",
    b"name: x\nretention: {zzzz: 1}\n",
    b"name: x\nback_end: " + b"[" + b",".join(b"{name: r%d}" % i for i in range(13)) + b"]\n",
    b"name: " + b"n" * 81 + b"\n",
    b"name: x\nsimulation: {seed: true}\n",
]


@pytest.mark.parametrize("text", BAD_SCENARIOS, ids=range(len(BAD_SCENARIOS)))
def test_every_problem_has_words_in_both_languages(text):
    """Every code the schema produces is in the catalogue; the Chinese rule is Chinese, the path as written."""
    with pytest.raises(ScenarioError) as info:
        ui_state.read_upload(text)
    for problem in info.value.problems:
        assert f"pr_{problem.code}" in TEXT or any(k.startswith(f"pr_{problem.code}_") for k in TEXT), problem
        en, zh = problem_text(problem, "en"), problem_text(problem, "zh")
        assert CJK.search(zh), (problem, zh)
        assert not CJK.search(en), (problem, en)
        if problem.path:
            assert en.startswith(problem.path) and zh.startswith(problem.path), (en, zh)


# the codes of the core's notes, warnings and argument checks, each with the parameters it is raised with
NOTES_AND_ARGUMENTS = [
    Problem("", "fit_everyone_left"),
    Problem("", "fit_no_heterogeneity"),
    Problem("", "fit_no_purchase_heterogeneity"),
    Problem("", "fit_no_dropout_heterogeneity"),
    Problem("", "fit_bgnbd_rates_alike"),
    Problem("", "fit_bgnbd_dropout_alike"),
    Problem("", "fit_bgnbd_dropout_polarised", {"fitted": 0.9991, "kept": 0.99}),
    *(Problem("", "fit_no_intervals", {"cause": c}) for c in ("at_limit", "curvature_unknown", "flat", "not_a_maximum")),
    Problem("", "fit_wide_intervals"),
    Problem("", "fit_wide_intervals_bgbb"),
    Problem("", "fit_few_opportunities", {"most": 2}),
    Problem("", "dates_ambiguous", {"chosen": "%d/%m/%Y", "swapped": "%m/%d/%Y", "column": "date"}),
    Problem("", "few_customers", {"customers": 40}),
    Problem("", "calibration_end_late", {"end": "2030-01-01", "last": "2024-07-12"}),
    Problem("", "late_first_purchases", {"customers": 1200}),
    Problem("confidence", "confidence_range", {"got": 1.5}),
    Problem("step", "step_range", {"got": "x"}),
    Problem("payback_within", "payback_beyond_horizon", {"last": 11, "horizon": 12, "got": 99}),
    Problem("payback_within", "int_type", {"got": 2.5}),
    Problem("lever", "literal_error", {"expected": ("cac", "commission"), "got": "price"}),
    Problem("level", "open_unit_interval", {"got": 1.0}),
    Problem("customers", "greater_than", {"gt": 0, "got": 0}),
]


@pytest.mark.parametrize("problem", NOTES_AND_ARGUMENTS, ids=lambda p: f"{p.code}-{p.params.get('cause', '')}")
def test_every_note_and_argument_check_has_words_in_both_languages(problem):
    en, zh = problem_text(problem, "en"), problem_text(problem, "zh")
    assert problem.code not in en and "{" not in en and "{" not in zh, (en, zh)
    assert CJK.search(zh) and not CJK.search(en), (en, zh)
    assert not re.search(r"[a-z]+ [a-z]+ [a-z]+", zh), zh


def test_every_code_the_core_writes_is_in_the_catalogue_and_in_this_file():
    """A static look at simulator/: every ``Problem(path, "code"`` and ``.of(path, "code"`` has words."""
    import pathlib

    core = pathlib.Path(__file__).resolve().parent.parent / "simulator"
    found = set()
    for path in core.rglob("*.py"):
        found |= set(re.findall(r'(?:Problem\(|\.of\()\s*[^,()]+(?:\([^()]*\))?,\s*"([a-z0-9_]+)"', path.read_text()))
    assert {"fit_no_intervals", "period_invalid", "no_affordable_cost"} <= found  # the scan finds them
    for code in found:
        assert f"pr_{code}" in TEXT or any(k.startswith(f"pr_{code}_") for k in TEXT), code
    new = {p.code for p in NOTES_AND_ARGUMENTS}
    assert {c for c in found if c.startswith("fit_") and c != "fit_not_converged"} <= new


def test_the_core_carries_codes_and_numbers_not_sentences():
    with pytest.raises(ScenarioError) as info:
        load_scenario(FIXTURES / "bad_probability_above_one.yaml")
    assert info.value.problems == (Problem("back_end[1].take_rate", "less_than_equal", {"le": 1, "got": 1.3}),)
    assert str(info.value) == "back_end[1].take_rate: less_than_equal {le=1, got=1.3}"


def test_an_unknown_code_is_shown_as_itself_never_dropped():
    problem = Problem("horizon", "a_new_rule", {"got": 3})
    assert problem_text(problem, "en") == "horizon: a_new_rule {got=3}"
    assert problem_text(problem, "zh").startswith("horizon（模拟时长）：a_new_rule")
