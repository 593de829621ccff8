"""The command line: ``run``, ``compare``, ``validate``, ``docs``, exit codes and the JSON contract.

Most tests call :func:`cli.commands.main` in-process (fast); a few start
``python -m simulator`` to check the real entry point.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from cli import commands as cli

METRIC_KEYS = {
    "clv",
    "cac",
    "net_value",
    "ltv_cac",
    "front_end_profit",
    "back_end_profit",
    "payback_period",
    "referred_buyers",
}
SERIES_KEYS = {"active_share", "revenue", "cost", "profit", "cumulative_cash"}


def run_json(capsys, *args: str) -> dict:
    code = cli.main([*args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_run_json_has_the_documented_keys(small_yaml, capsys):
    data = run_json(capsys, "run", str(small_yaml))
    assert set(data["metrics"]) >= METRIC_KEYS
    for key in METRIC_KEYS:
        assert set(data["metrics"][key]) == {"mean", "p5", "p50", "p95"}, key
    assert 0 <= data["prob_profit"] <= 1
    assert data["funnel"]["front_end"] == 1.0
    assert "Course" in data["funnel"]
    horizon = 6
    assert set(data["series"]) >= SERIES_KEYS
    for key in SERIES_KEYS:
        band = data["series"][key]
        assert set(band) >= {"mean", "p5", "p95"}, key
        for stat in ("mean", "p5", "p95"):
            assert len(band[stat]) == horizon, (key, stat)
    assert data["series"]["active_share"]["mean"][0] == 1.0
    assert "percentiles" in data["customer_value"] and "top20_share" in data["customer_value"]
    assert (data["seed"], data["customers"], data["replicates"], data["name"]) == (3, 200, 8, "Small test funnel")
    m = data["metrics"]
    assert m["net_value"]["mean"] == pytest.approx(m["clv"]["mean"] - m["cac"]["mean"])
    assert m["cac"]["mean"] == pytest.approx(50.0)


def test_run_json_business_block(scenario_file, capsys):
    path = scenario_file(
        "name: Business\nhorizon: 6\nsimulation: {customers: 100, replicates: 4, seed: 1}\n"
        "acquisition: {channels: [{name: Ads, cac: 30}], buyers_per_period: 100, periods: 3}\n"
        "subscription: {price: 10}\nretention: {churn: 0.1}\n"
    )
    business = run_json(capsys, "run", str(path))["business"]
    assert set(business) >= {"total_profit", "capital_needed", "cash_positive_period"}
    assert business["capital_needed"]["mean"] >= 0


def test_run_json_payback_never_reached_is_null(scenario_file, capsys):
    path = scenario_file("name: Never pays back\nhorizon: 3\nacquisition: {channels: [{name: Ads, cac: 100}]}\n")
    data = run_json(capsys, "run", str(path), "--customers", "50", "--replicates", "3")
    assert data["metrics"]["payback_period"]["mean"] is None


def test_run_overrides_and_seed(small_yaml, capsys):
    base = run_json(capsys, "run", str(small_yaml))
    same = run_json(capsys, "run", str(small_yaml))
    assert same == base
    other = run_json(capsys, "run", str(small_yaml), "--seed", "4")
    assert other["seed"] == 4
    assert other["metrics"]["clv"] != base["metrics"]["clv"]
    sized = run_json(capsys, "run", str(small_yaml), "--customers", "50", "--replicates", "3")
    assert (sized["customers"], sized["replicates"]) == (50, 3)


def test_run_prints_a_table(small_yaml, capsys):
    assert cli.main(["run", str(small_yaml)]) == 0
    out = capsys.readouterr().out
    assert "Small test funnel" in out
    assert "Lifetime value (CLV)" in out and "Course" in out


def test_run_json_in_subprocess(small_yaml):
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "run", str(small_yaml), "--json", "--replicates", "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["replicates"] == 4 and set(data["metrics"]) >= METRIC_KEYS
    assert "Traceback" not in proc.stderr


def test_compare_same_file_gives_exact_zero_differences(small_yaml, capsys):
    """Both sides use the same seed (common random numbers), so A vs A differs by exactly 0."""
    data = run_json(capsys, "compare", str(small_yaml), str(small_yaml))
    assert data["a"] == data["b"]
    assert set(data["difference"]) >= {"clv", "net_value"}
    for key, band in data["difference"].items():
        assert band == {"mean": 0.0, "p5": 0.0, "p50": 0.0, "p95": 0.0}, key
    assert data["prob_profit_difference"] == 0


def test_compare_two_scenarios(small_yaml, scenario_file, capsys):
    dearer = scenario_file(small_yaml.read_text(encoding="utf-8").replace("cac: 50", "cac: 80"), "dearer.yaml")
    data = run_json(capsys, "compare", str(small_yaml), str(dearer))
    assert data["difference"]["cac"]["mean"] == pytest.approx(30.0)
    assert data["difference"]["clv"]["mean"] == pytest.approx(0.0, abs=1e-9)  # CAC does not touch clv
    assert data["difference"]["net_value"]["mean"] == pytest.approx(-30.0)
    assert cli.main(["compare", str(small_yaml), str(dearer)]) == 0
    out = capsys.readouterr().out
    assert "B - A" in out


def test_unexpected_failure_exits_1_without_traceback(small_yaml, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(cli, "simulate", broken)
    assert cli.main(["run", str(small_yaml)]) == 1
    err = capsys.readouterr().err
    assert "engine exploded" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["frobnicate"],
        ["run", "x.yaml", "--customers", "0"],
        ["run", "x.yaml", "--seed", "-1"],
        ["run", "x.yaml", "--replicates", "many"],
    ],
    ids=["missing file", "unknown command", "zero customers", "negative seed", "not a number"],
)
def test_usage_errors_exit_2(argv, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


def test_oversized_run_from_the_command_line_is_invalid(small_yaml, capsys):
    """Overrides are checked against the same limits as the file."""
    assert cli.main(["run", str(small_yaml), "--customers", "20000000", "--replicates", "100"]) == 2
    err = capsys.readouterr().err
    assert "exceeds the limit" in err and "Traceback" not in err


def test_run_scenario_with_churn_beta(scenario_file, capsys):
    """A valid scenario must run: churn_beta is an accepted way to give per-customer churn."""
    path = scenario_file(
        "name: Churn beta\nhorizon: 6\nsimulation: {customers: 100, replicates: 3}\n"
        "retention:\n  churn_beta: {alpha: 1, beta: 9}\n"
    )
    assert cli.main(["validate", str(path)]) == 0
    capsys.readouterr()
    code = cli.main(["run", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["name"] == "Churn beta"


def test_docs_prints_the_format(capsys):
    assert cli.main(["docs"]) == 0
    out = capsys.readouterr().out
    for key in ("back_end", "take_rate", "retention", "referral"):
        assert key in out
