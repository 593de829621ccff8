"""Channel quality (churn and take-rate multipliers), the channel comparison, the budget split, CLI and chart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import BASE, assert_share_within, assert_within_se, build_scenario, merge

from presentation import charts
from cli import commands as cli
from presentation.messages import problems_text
from simulator.channels import best_split, compare_channels, single_channel_scenario
from simulator.engine import simulate
from simulator.params import draw_parameters
from presentation.texts import text_in
from simulator.scenario import ScenarioError, load_scenario, scenario_from_dict, text_key

FISH_POND = Path(__file__).resolve().parent.parent / "scenarios" / "which_fish_pond.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")
OKABE_ITO = {charts.BLUE, charts.ORANGE, charts.SKY, charts.GREEN, charts.YELLOW, charts.VERMILLION, charts.PURPLE}


def channels(*specs: dict) -> dict:
    return {"channels": list(specs)}


# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------


def test_quality_defaults_are_neutral():
    ch = build_scenario().acquisition.channels[0]
    assert (ch.churn_multiplier, ch.take_rate_multiplier, ch.max_buyers) == (1.0, 1.0, None)
    assert draw_parameters(build_scenario(), 3, np.random.default_rng(0)).channel_shares is None


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("churn_multiplier", 0, "acquisition.channels[0].churn_multiplier: must be > 0.0 (got 0)"),
        ("take_rate_multiplier", -0.5, "acquisition.channels[0].take_rate_multiplier: must be ≥ 0.0 (got -0.5)"),
        ("max_buyers", -1, "acquisition.channels[0].max_buyers: must be ≥ 0.0 (got -1)"),
        ("churn_multiplier", "high", "acquisition.channels[0].churn_multiplier: must be a number (got 'high')"),
    ],
)
def test_bad_quality_values_name_the_field_and_the_rule(key, value, message):
    data = merge(BASE, {"acquisition": channels({"name": "Ads", "cac": 10, key: value})})
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert problems_text(err.value, "en") == [message]


def test_misspelt_quality_key_gets_a_suggestion():
    data = merge(BASE, {"acquisition": channels({"name": "Ads", "cac": 10, "churn_multiplyer": 2})})
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert problems_text(err.value, "en") == ["acquisition.channels[0].churn_multiplyer: unknown key; did you mean 'churn_multiplier'?"]


# --------------------------------------------------------------------------
# Engine: closed forms
# --------------------------------------------------------------------------


@pytest.mark.parametrize("m", [0.5, 2.0])
def test_churn_multiplier_gives_geometric_lifetime_mean_one_over_m_churn(m):
    """One channel with churn multiplier m: survival (1 - m p)^t, mean lifetime 1 / (m p) (long horizon)."""
    p, horizon = 0.05, 400
    s = build_scenario(horizon=horizon, retention={"churn": p},
                       acquisition=channels({"name": "Pond", "cac": 1, "churn_multiplier": m}))
    result = simulate(s, seed=21, customers=1500, replicates=20)
    t = np.array([1, 3, 8, 20])
    assert_within_se(result.active_per_buyer[:, t], (1 - m * p) ** t, label="survival")
    lifetime = (1 - (1 - m * p) ** horizon) / (m * p)
    assert lifetime == pytest.approx(1 / (m * p), rel=1e-3)
    assert_within_se(result.active_per_buyer.sum(axis=1), lifetime, label="mean lifetime")


def test_customers_follow_the_churn_of_their_own_channel():
    """Two channels: survival is the share-weighted mixture 0.3 (1 - 3p)^t + 0.7 (1 - p)^t."""
    p = 0.06
    s = build_scenario(horizon=30, retention={"churn": p}, acquisition=channels(
        {"name": "Deal seekers", "share": 0.3, "cac": 1, "churn_multiplier": 3},
        {"name": "Loyal", "share": 0.7, "cac": 1},
    ))
    result = simulate(s, seed=22, customers=2000, replicates=20)
    t = np.array([1, 2, 5, 10, 20, 29])
    assert_within_se(result.active_per_buyer[:, t], 0.3 * (1 - 3 * p) ** t + 0.7 * (1 - p) ** t, label="mixture")


def test_churn_multiplier_scales_heterogeneous_churn_clipped_at_one():
    """Churn p_i ~ Beta(α, β): active at period 1 = 1 - E[min(1, m p_i)], where
    E[min(1, m X)] = m E[X; X < 1/m] + P(X ≥ 1/m) and E[X; X < x] = α / (α + β) · I_x(α + 1, β)."""
    from scipy.special import betainc

    c, m = 0.1, 2.5
    a, b = c * (1 / 0.2 - 1), (1 - c) * (1 / 0.2 - 1)
    x = 1 / m
    churn = m * c * betainc(a + 1, b, x) + (1 - betainc(a, b, x))
    assert churn < m * c  # some customers' churn is clipped at 1
    s = build_scenario(horizon=3, retention={"churn": c, "heterogeneity": 0.2},
                       acquisition=channels({"name": "Pond", "cac": 1, "churn_multiplier": m}))
    n, reps = 4000, 10
    result = simulate(s, seed=23, customers=n, replicates=reps)
    assert_share_within(result.active_per_buyer[:, 1].mean(), 1 - churn, n * reps, label="active at 1")


def test_take_rate_multiplier_per_channel_clipped_to_one():
    """Rung bought by 0.4 × min(1, 0.6 × 2) + 0.6 × 0.6 × 0.5 of buyers; its downsell by the decliners × 0.5 × m."""
    s = build_scenario(
        acquisition=channels(
            {"name": "Partners", "share": 0.4, "cac": 1, "take_rate_multiplier": 2},
            {"name": "Coupons", "share": 0.6, "cac": 1, "take_rate_multiplier": 0.5},
        ),
        back_end=[{"name": "Course", "price": 100, "take_rate": 0.6, "delay": 1,
                   "downsell": {"name": "Mini", "price": 10, "take_rate": 0.5}}],
    )
    n, reps = 4000, 10
    result = simulate(s, seed=24, customers=n, replicates=reps)
    shares = dict(zip(result.funnel_names, result.funnel_share.mean(axis=1)))
    course = 0.4 * 1.0 + 0.6 * 0.3
    mini = 0.4 * 0.0 + 0.6 * (1 - 0.3) * 0.25
    assert_share_within(shares["Course"], course, n * reps, label="course")
    assert_share_within(shares["Mini"], mini, n * reps, label="downsell")


def test_neutral_multipliers_change_nothing():
    """Multipliers of exactly 1 draw no channels: bit-identical results to a file without them."""
    spec = dict(horizon=12, retention={"churn": 0.1, "heterogeneity": 0.3},
                back_end=[{"name": "Course", "price": 100, "take_rate": 0.5}])
    plain = build_scenario(**spec, acquisition=channels({"name": "A", "share": 0.5, "cac": 5},
                                                         {"name": "B", "share": 0.5, "cac": 9}))
    ones = build_scenario(**spec, acquisition=channels(
        {"name": "A", "share": 0.5, "cac": 5, "churn_multiplier": 1, "take_rate_multiplier": 1, "max_buyers": 10},
        {"name": "B", "share": 0.5, "cac": 9}))
    a, b = simulate(plain, seed=5), simulate(ones, seed=5)
    np.testing.assert_array_equal(a.revenue_per_buyer, b.revenue_per_buyer)
    np.testing.assert_array_equal(a.active_per_buyer, b.active_per_buyer)
    np.testing.assert_array_equal(a.customer_values, b.customer_values)


# --------------------------------------------------------------------------
# compare_channels
# --------------------------------------------------------------------------


def two_ponds(**extra) -> dict:
    """A 1-a-period subscription with churn 0.1; pond B's buyers churn twice as fast."""
    return merge(BASE, {
        "horizon": 60,
        "subscription": {"price": 1.0},
        "retention": {"churn": 0.1},
        "acquisition": channels({"name": "A", "share": 0.5, "cac": 2.0},
                                {"name": "B", "share": 0.5, "cac": 1.0, "churn_multiplier": 2}),
        **extra,
    })


def test_twice_the_churn_halves_the_lifetime_value():
    """CLV of a 1-per-period subscription = Σ_{t<H} (1 - m p)^t: about 10 for pond A and 5 for pond B."""
    cmp = compare_channels(scenario_from_dict(two_ponds()), seed=3, customers=3000, replicates=10)
    a, b = cmp.channels
    assert (a.name, b.name) == ("A", "B")
    assert (a.cac.mean, b.cac.mean) == (2.0, 1.0)
    p, h = 0.1, 60
    for ch, m in ((a, 1), (b, 2)):
        expected = (1 - (1 - m * p) ** h) / (m * p)
        result = simulate(single_channel_scenario(scenario_from_dict(two_ponds()), cmp.channels.index(ch)),
                          seed=3, customers=3000, replicates=10)
        assert_within_se(result.clv, expected, label=f"CLV {ch.name}")
        assert ch.clv.mean == pytest.approx(result.clv.mean())
    assert b.clv.mean < a.clv.mean
    assert b.net_value.mean < a.net_value.mean  # cheaper to buy, but worth less
    assert cmp.best == "A"
    assert cmp.seed == 3 and cmp.replicates == 10


def test_identical_ponds_give_identical_numbers_common_random_numbers():
    data = two_ponds()
    data["acquisition"] = channels({"name": "A", "share": 0.5, "cac": 2.0, "churn_multiplier": 1.5},
                                   {"name": "B", "share": 0.5, "cac": 2.0, "churn_multiplier": 1.5})
    a, b = compare_channels(scenario_from_dict(data), seed=4, customers=500, replicates=5).channels
    np.testing.assert_array_equal(a.net_value_per_replicate, b.net_value_per_replicate)


def test_comparison_is_reproducible_and_json_safe():
    s = scenario_from_dict(two_ponds())
    one = compare_channels(s, seed=8, customers=300, replicates=4)
    two = compare_channels(s, seed=8, customers=300, replicates=4)
    assert one.to_dict() == two.to_dict()
    text = json.dumps(one.to_dict(), allow_nan=False)
    assert json.loads(text)["best"] == "A"


def test_fish_pond_preset_the_cheapest_pond_is_not_the_best():
    s = load_scenario(FISH_POND)
    cmp = compare_channels(s, customers=1000, replicates=20)
    by = {text_key(c.name): c for c in cmp.channels}
    cheapest = min(cmp.channels, key=lambda c: c.cac.mean)
    assert text_key(cheapest.name) == "Coupon-site affiliates"
    assert cheapest.clv.mean == min(c.clv.mean for c in cmp.channels)  # deal seekers: worst customers
    assert text_key(cmp.best) == "Partner schools"
    assert by["Partner schools"].ltv_cac.mean > by["Search ads"].ltv_cac.mean


# --------------------------------------------------------------------------
# best_split
# --------------------------------------------------------------------------


def ponds_with_caps(caps: list[float | None], cacs=(100.0, 50.0, 80.0), quality=(1.0, 3.0, 0.5)) -> dict:
    names = ["Search", "Coupons", "Partners"]
    return merge(BASE, {
        "horizon": 24,
        "front_end": {"name": "Intro", "price": 60},
        "subscription": {"price": 20},
        "retention": {"churn": 0.1},
        "acquisition": channels(*[
            {"name": n, "share": round(1 / 3, 10) if i < 2 else 1 - 2 * round(1 / 3, 10), "cac": c,
             "churn_multiplier": q, **({"max_buyers": cap} if cap is not None else {})}
            for i, (n, c, q, cap) in enumerate(zip(names, cacs, quality, caps))
        ]),
    })


def greedy(values, costs, caps, budget):
    """Fractional knapsack: fill channels by net value per unit of spend."""
    x = np.zeros(len(values))
    for k in sorted(range(len(values)), key=lambda k: -values[k] / costs[k]):
        if values[k] <= 0:
            continue
        x[k] = min(caps[k] if caps[k] is not None else np.inf, budget / costs[k])
        budget -= x[k] * costs[k]
    return x


@pytest.mark.parametrize("budget", [0.0, 3000.0, 12000.0, 1e6])
def test_split_respects_budget_and_capacities_and_matches_the_greedy_optimum(budget):
    caps = [100.0, 40.0, 30.0]
    cmp = compare_channels(scenario_from_dict(ponds_with_caps(caps)), seed=2, customers=500, replicates=5)
    split = best_split(cmp, budget)
    x = np.array([a.buyers for a in split.allocations])
    spend = np.array([a.spend for a in split.allocations])
    assert spend.sum() <= budget + 1e-6
    assert np.all(x >= -1e-9) and np.all(x <= np.array(caps) + 1e-9)
    values = [c.mean_net_value for c in cmp.channels]
    costs = [c.mean_cac for c in cmp.channels]
    np.testing.assert_allclose(x, greedy(values, costs, caps, budget), atol=1e-6)
    assert split.expected_profit == pytest.approx(float(np.dot(x, values)))
    assert split.total_spend + split.unspent == pytest.approx(budget)
    assert split.profit.mean == pytest.approx(split.expected_profit)


def test_without_capacities_everything_goes_to_the_best_channel_per_unit_spend():
    cmp = compare_channels(scenario_from_dict(ponds_with_caps([None, None, None])), seed=2, customers=500,
                           replicates=5)
    split = best_split(cmp, 8000)
    ratio = [c.mean_net_value / c.mean_cac for c in cmp.channels]
    best = int(np.argmax(ratio))
    assert split.allocations[best].spend == pytest.approx(8000)
    assert split.total_spend == pytest.approx(8000)


def test_a_channel_that_loses_money_gets_nothing():
    data = ponds_with_caps([10.0, 1000.0, 10.0], cacs=(100.0, 5000.0, 80.0))
    cmp = compare_channels(scenario_from_dict(data), seed=2, customers=500, replicates=5)
    assert cmp.channels[1].mean_net_value < 0
    split = best_split(cmp, 1e6)
    assert split.allocations[1].buyers == 0
    assert split.unspent > 0  # money is left rather than spent on a losing pond


def test_max_buyers_can_be_overridden_by_name():
    cmp = compare_channels(scenario_from_dict(ponds_with_caps([100.0, 40.0, 30.0])), seed=2, customers=300,
                           replicates=3)
    split = best_split(cmp, 1e6, max_buyers={"Partners": 5.0, "Coupons": 0.0})
    got = {a.name: a.buyers for a in split.allocations}
    assert got["Partners"] == pytest.approx(5.0) and got["Coupons"] == 0.0 and got["Search"] == pytest.approx(100.0)


def test_split_errors_are_clear():
    free = merge(BASE, {"subscription": {"price": 5}, "acquisition": channels(
        {"name": "Ads", "share": 0.5, "cac": 10}, {"name": "Referrals", "share": 0.5, "cac": 0})})
    cmp = compare_channels(scenario_from_dict(free), seed=1, customers=100, replicates=2)
    with pytest.raises(ScenarioError) as err:
        best_split(cmp, 100)
    assert problems_text(err.value, "en") == [
        "acquisition.channels[1] (Referrals): costs nothing per buyer and has no max_buyers, so the best split is "
        "unbounded; give it max_buyers"
    ]
    split = best_split(cmp, 100, max_buyers={"Referrals": 7})
    assert split.allocations[1].buyers == pytest.approx(7) and split.allocations[1].spend == 0
    with pytest.raises(ScenarioError) as err:
        best_split(cmp, -1)
    assert problems_text(err.value, "en") == ["budget: must be a finite number ≥ 0 (got -1)"]
    with pytest.raises(ScenarioError) as err:
        best_split(cmp, 100, max_buyers={"Tv": 3})
    assert "no channel named 'Tv'" in problems_text(err.value, "en")[0]


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def test_cli_channels_table_and_split(capsys):
    code = cli.main(["channels", str(FISH_POND), "--budget", "150000", "--customers", "300", "--replicates", "4"])
    out, err = capsys.readouterr()
    assert code == 0, err
    for name in ("Search ads", "Coupon-site affiliates", "Partner schools", "Short-video ads"):
        assert out.count(name) >= 2  # in the channel table and in the split
    assert "Best channel by net value per buyer: Partner schools" in out
    assert "Best split of a budget of 150,000 per period" in out


def test_cli_channels_json(capsys):
    code = cli.main(["channels", str(FISH_POND), "--json", "--customers", "200", "--replicates", "3", "--budget", "1e5"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert [c["name"] for c in data["channels"]] == [text_key(c.name) for c in load_scenario(FISH_POND).acquisition.channels]
    assert data["split"]["total_spend"] <= 1e5 + 1e-6
    assert set(data["channels"][0]) >= {"cac", "clv", "ltv_cac", "net_value", "payback_period", "prob_profit"}
    assert err == ""


def test_cli_channels_without_budget_prints_no_split(capsys):
    code = cli.main(["channels", str(FISH_POND), "--json", "--customers", "100", "--replicates", "2"])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["split"] is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--budget", "-5"], "argument --budget: must be a finite number ≥ 0 (got -5)"),
        (["--budget", "lots"], "argument --budget: must be a number (got 'lots')"),
        (["--budget", "nan"], "argument --budget: must be a finite number ≥ 0 (got nan)"),
    ],
)
def test_cli_channels_bad_budget_exits_2(args, expected, capsys):
    code = cli.main(["channels", str(FISH_POND), *args])
    _, err = capsys.readouterr()
    assert code == 2
    assert f"error: {expected}" in err
    assert "Traceback" not in err


def test_cli_channels_bad_file_and_unbounded_split_exit_2(scenario_file, capsys):
    bad = scenario_file("name: X\nacquisition:\n  channels:\n    - {name: A, cac: 1, churn_multiplier: 0}\n")
    assert cli.main(["channels", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"error: {bad}: acquisition.channels[0].churn_multiplier: must be > 0.0 (got 0)" in err
    free = scenario_file("name: Free\nhorizon: 3\nsimulation: {customers: 50, replicates: 2}\nsubscription: {price: 5}\n"
                         "acquisition:\n  channels:\n    - {name: Word of mouth, cac: 0}\n", name="free.yaml")
    assert cli.main(["channels", str(free), "--budget", "10"]) == 2
    err = capsys.readouterr().err
    assert "acquisition.channels[0] (Word of mouth): costs nothing per buyer and has no max_buyers" in err
    assert cli.main(["channels", str(free) + ".missing"]) == 2
    assert "cannot read" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Chart
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fish_comparison():
    return compare_channels(load_scenario(FISH_POND), customers=300, replicates=10)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("metric", ["net_value", "ltv_cac", "clv", "cac"])
def test_channel_chart_is_valid_translated_and_draws_the_bands(fish_comparison, lang, metric):
    spec = charts.channel_chart(fish_comparison, lang, metric).to_dict()  # Altair validates the schema
    json.dumps(spec)
    rows = spec["datasets"]["channels"]
    assert [r["channel"] for r in rows] == [text_in(c.name, lang) for c in fish_comparison.channels]
    for row, ch in zip(rows, fish_comparison.channels):
        band = getattr(ch, metric)
        assert (row["mean"], row["p5"], row["p95"]) == (band.mean, band.p5, band.p95)
    title = spec["title"]["text"]
    assert bool(CJK.search(title)) == (lang == "zh")
    assert ("哪个鱼塘" if lang == "zh" else "Which fish pond") in title
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", json.dumps(spec["layer"])))
    assert set(spec["layer"][2]["encoding"]["color"]["scale"]["range"]) <= OKABE_ITO
    assert colours  # explicit colours only
    assert spec["config"]["axis"]["labelFontSize"] >= 16


def test_channel_chart_break_even_line_and_bad_metric(fish_comparison):
    ratio = charts.channel_chart(fish_comparison, "en", "ltv_cac").to_dict()
    net = charts.channel_chart(fish_comparison, "en", "net_value").to_dict()
    for spec, x in ((ratio, 1.0), (net, 0.0)):
        rule = spec["layer"][0]
        assert rule["mark"]["type"] == "rule"
        assert spec["datasets"][rule["data"]["name"]] == [{"x": x}]
    with pytest.raises(ValueError, match="metric must be one of"):
        charts.channel_chart(fish_comparison, "en", "vibes")
