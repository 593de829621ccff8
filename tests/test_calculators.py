"""Quick calculators: the formulas, the article's worked example, and their place beside the simulation."""

from __future__ import annotations

import pytest
from conftest import ROOT, build_scenario

from simulator.calculators import average_clv, calculators_for, channel_sales, historical_clv, naive_totals
from simulator.engine import simulate
from simulator.scenario import centre, load_scenario

from presentation.i18n import calculation_reasons
from presentation.messages import problems_text


def test_article_001_historical_clv():
    # 2000 steady customers brought 1,500,000 of net profit: 750 per customer
    assert historical_clv(1_500_000, 2_000) == 750.0
    with pytest.raises(ValueError) as info:
        historical_clv(1_000, 0)
    assert problems_text(info.value, "en") == ["customers: must be > 0 (got 0)"]


def test_average_and_channel_formulas():
    assert average_clv(order_value=50, purchase_frequency=2, margin=0.5, lifespan=10) == pytest.approx(500.0)
    assert channel_sales(traffic=1000, conversion=0.02, order_value=50, repeat_rate=1.5) == pytest.approx(1500.0)


def test_they_agree_when_nothing_is_left_out():
    s = build_scenario(
        front_end={"name": "Intro", "price": 100, "unit_cost": 40},
        back_end=[{"name": "Course", "price": 300, "take_rate": 1.0, "delay": 1}],
        subscription={"adoption": 1.0, "price": 10, "unit_cost": 5},
    )
    calc = calculators_for(s, simulate(s))
    # 60 + 300 + 12 × 5 = 420 per buyer, every way of counting
    for row in calc.rows()[:2]:
        assert row.formula_value == pytest.approx(420.0)
        assert row.simulation_value == pytest.approx(420.0)
        assert row.reasons == ("agree",)
        assert calculation_reasons(row, "en").startswith("They agree")
    channel = calc.channel
    assert channel.inputs["repeat"] == pytest.approx(1 + 1 + 12)  # front end, course, 12 plan periods
    assert channel.formula_value == pytest.approx(1000 * (100 + 300 + 120))
    assert channel.simulation_value == pytest.approx(channel.formula_value)
    assert channel.reasons == ("no_conversion",)


def test_web_host_formulas_from_the_scenario():
    s = load_scenario(ROOT / "scenarios" / "affiliate_web_host.yaml")
    calc = calculators_for(s, simulate(s, customers=500, replicates=40))
    avg = calc.average
    churn = centre(s.retention.churn)
    assert churn == pytest.approx(1 / 60, rel=0.01)  # customers stay about five years
    assert avg.inputs["lifespan"] == pytest.approx(1 / churn)  # 1 / mean churn, under the 120-month horizon
    assert avg.inputs["margin"] == pytest.approx((7.95 - 1.5) / 7.95)
    assert avg.formula_value == pytest.approx((7.95 - 1.5) / churn)
    assert "discount" in avg.reasons and "uncertainty" in avg.reasons
    # 10% a year: the undiscounted, backward-looking figure is higher than the forward-looking CLV
    assert calc.historical.formula_value > calc.historical.simulation_value
    assert "折现" in calculation_reasons(avg, "zh")


def test_naive_totals_follow_the_ladder():
    s = build_scenario(
        horizon=24,
        front_end={"name": "Intro", "price": 500},
        back_end=[{"name": "Mid", "price": 1000, "take_rate": 0.8, "delay": 1},
                  {"name": "Top", "price": 1500, "take_rate": 0.8, "delay": 1}],
        retention={"churn": 0.1},
    )
    n = naive_totals(s)
    assert n.lifespan == pytest.approx(10.0)
    assert n.revenue == pytest.approx(500 + 800 + 960)  # article 000's ladder, everyone offered
    calc = calculators_for(s, simulate(s))
    assert "churn_ladder" in calc.average.reasons  # the simulation loses customers before the offers
    assert calc.average.simulation_value < calc.average.formula_value
    assert set(calc.to_dict()) == {"historical", "average", "channel"}
