"""Each article preset in ``scenarios/`` states the article's numbers, and the engine reproduces them.

One section per preset: first the numbers the article gives, read from the
scenario (and its description), then a simulation checked against a closed
form within four standard errors (from the spread across replicates, or the
binomial variance for shares). Sizes are small: a few thousand customers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from conftest import assert_share_within, assert_within_se, mean_and_se

from simulator.channels import single_channel_scenario
from simulator.distributions import beta_from_interval
from simulator.engine import simulate
from simulator.scenario import LocalText, Uncertain, centre, load_scenario, scenario_from_dict, scenario_to_dict, text_key

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
CJK = re.compile(r"[\u4e00-\u9fff]")

ARTICLE_OF = {
    "peter_english_school.yaml": "000",
    "which_fish_pond.yaml": "000",
    "affiliate_web_host.yaml": "001",
    "jade_trust_ladder.yaml": "001",
    "consulting_clv_trinity.yaml": "002",
    "renovation_refresh.yaml": "003",
    "wedding_anniversary.yaml": "003",
    "costco_membership.yaml": "004",
    "heavy_equipment.yaml": "004",
    "rising_cac.yaml": "004",
    "rising_cac_with_retention.yaml": "004",
}
"""Preset file → the article it is drawn from (``/work/shared/seeds/README.md`` digests them)."""


@dataclass(frozen=True)
class Cite:
    """A number the description must state: a plain number, or a rate written as a percentage.

    Read from the scenario (or, for the article's own figures, written here), so a wrong number
    in the YAML, or a description that says something else, fails the test. ``english_only``
    where the Chinese text words it differently (一两百元, 八折).
    """

    value: float
    percent: bool = False
    english_only: bool = False

    def forms(self) -> list[str]:
        x = round(100 * self.value if self.percent else self.value, 6)
        if float(x).is_integer():
            return [f"{int(x):,}", f"{int(x)}"]
        return [f"{x:.2f}", f"{x:.2f}".rstrip("0")]

    def found_in(self, text: str) -> bool:
        tail = r"(?:%|–[\d.]+%)" if self.percent else r"(?![\d]|[.,]\d)"
        return any(re.search(rf"(?<![\d.,]){re.escape(f)}{tail}", text) for f in self.forms())

    def __str__(self) -> str:
        return self.forms()[0] + ("%" if self.percent else "")


def num(value, **kw) -> Cite:
    return Cite(centre(value), **kw)


def pct(value, **kw) -> Cite:
    return Cite(centre(value), percent=True, **kw)


def _citations(s) -> list[Cite]:
    """The numbers each preset's description states, read from the scenario itself."""
    c = lambda x: centre(x)  # noqa: E731
    ch = s.acquisition.channels
    ret = s.retention
    rep = s.repeat_purchase
    name = text_key(s.name)
    if name == "Peter's English school":
        r1, r2 = s.back_end
        return [num(ch[0].cac), num(s.front_end.price), num(r1.price), num(r2.price), pct(r1.take_rate),
                pct(r2.take_rate), num(c(r1.price) + c(r2.price))]
    if name == "Affiliate-funded web host":
        sub = s.subscription
        return [num(sub.price), num(12 * c(sub.price)), num(s.acquisition.affiliate_commission),
                num(round(1 / c(ret.churn))), num(sub.unit_cost), pct(ret.churn.low), pct(ret.churn.high),
                pct(s.discount_rate)]
    if name == "The jade seller's trust ladder":
        r1, r2 = s.back_end
        return [num(s.front_end.price.low, english_only=True), num(s.front_end.price.high, english_only=True),
                num(r1.price), num(r2.price), pct(r1.take_rate), pct(r2.take_rate), num(ch[0].cac),
                num(s.front_end.unit_cost), pct(ret.churn), num(ret.heterogeneity)]
    if name == "Consulting packages (the CLV trinity)":
        _, package, premium = s.back_end
        return [num(s.front_end.price), num(package.price), num(premium.price), num(c(package.price) + c(premium.price)),
                pct(ret.save_offer.discount, english_only=True), num(package.unit_cost)]
    if name == "Costco-style membership":
        (up,) = s.back_end
        return [num(s.subscription.price), num(c(s.subscription.price) + c(up.price)),
                pct(c(up.unit_cost) / c(rep.order_value)), num(rep.order_value), num(up.unit_cost), pct(rep.margin),
                pct(up.take_rate), pct(ret.churn), num(ch[0].cac), pct(s.discount_rate)]
    if name == "Renovation made repeatable":
        r1, r2 = s.back_end
        fe = s.front_end
        return [num(r1.price), num(r2.price), num(fe.price), pct(1 - c(fe.unit_cost) / c(fe.price)),
                num(ch[0].cost_per_lead), pct(ch[0].conversion), num(c(ch[0].cost_per_lead) / c(ch[0].conversion)),
                pct(r2.take_rate), num(r1.unit_cost), pct(ret.churn), pct(s.discount_rate)]
    if name == "Wedding anniversaries":
        fe = s.front_end
        return [num(fe.price), pct(1 - c(fe.unit_cost) / c(fe.price)), num(ch[0].cac), pct(rep.rate.low),
                pct(rep.rate.high), num(rep.order_value), pct(rep.margin), num(ret.loyalty_program.cost_per_member),
                pct(ret.churn), pct(s.discount_rate)]
    if name == "Heavy equipment":
        fe, sub, (trade,) = s.front_end, s.subscription, s.back_end
        return [num(fe.price), pct(1 - c(fe.unit_cost) / c(fe.price)), num(ch[0].cac), num(sub.price),
                num(sub.unit_cost), pct(sub.adoption), num(rep.order_value), pct(rep.margin), pct(rep.rate),
                num(trade.price), num(trade.unit_cost), num(c(fe.price) - c(trade.price)), pct(ret.churn),
                pct(s.discount_rate)]
    if name == "Rising acquisition cost":
        acq = s.acquisition
        return [num(ch[0].cac), pct(acq.cac_growth), num(s.front_end.price), num(s.front_end.unit_cost),
                num(rep.order_value), pct(rep.margin), pct(rep.rate), num(s.cost_to_serve), pct(ret.churn),
                num(acq.buyers_per_period), pct(s.discount_rate)]
    if name == "Rising acquisition cost, investing in retention":
        loyalty = ret.loyalty_program
        return [num(ch[0].cac), pct(s.acquisition.cac_growth), num(loyalty.cost_per_member), pct(ret.churn),
                pct(c(ret.churn) * (1 - c(loyalty.churn_reduction)))]
    if name == "Which fish pond (channel choice)":
        search, coupon, partner, video = ch
        r1, r2 = s.back_end
        return [Cite(5000), Cite(50),  # the article's own example: worth 5000, bought for 50
                num(search.cac), num(search.max_buyers), num(coupon.cac), num(coupon.max_buyers),
                num(coupon.churn_multiplier), num(partner.cac), num(partner.max_buyers),
                num(partner.churn_multiplier), num(partner.take_rate_multiplier), num(video.cost_per_lead),
                pct(video.conversion.low), pct(video.conversion.high), num(s.front_end.price), num(r1.price),
                num(r2.price), num(s.subscription.price), pct(ret.churn), pct(r1.take_rate), pct(r2.take_rate)]
    raise AssertionError(f"no citations listed for preset {name!r}")


def load(name: str):
    return load_scenario(SCENARIOS / name)


def edit(scenario, **sections):
    """A copy with top-level keys replaced (nested mappings merged one level)."""
    data = scenario_to_dict(scenario)
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return scenario_from_dict(data)


def revenue(result, name: str) -> np.ndarray:
    """(R, H) revenue per paid buyer of one source."""
    return result.revenue_per_buyer[result.source_names.index(name)]


def cost(result, name: str) -> np.ndarray:
    return result.cost_per_buyer[result.source_names.index(name)]


def funnel(result, step: str) -> float:
    return float(result.funnel_share[result.funnel_names.index(step)].mean())


def sbg_survival(churn: float, heterogeneity: float, t) -> np.ndarray:
    """Shifted-beta-geometric survival S(t) = B(α, β + t) / B(α, β), α + β = 1/φ - 1 (Fader & Hardie 2007)."""
    total = 1 / heterogeneity - 1
    a, b = churn * total, (1 - churn) * total

    def betaln(x, y):
        return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)

    return np.array([math.exp(betaln(a, b + k) - betaln(a, b)) for k in np.atleast_1d(t)])


# --------------------------------------------------------------------------
# Every preset: bilingual description citing its article, assumptions marked
# --------------------------------------------------------------------------


def test_every_preset_is_covered_here():
    assert set(ARTICLE_OF) == {p.name for p in SCENARIOS.glob("*.yaml")}


def languages(text) -> tuple[str, str]:
    """(English, Chinese) of a text given in both languages: the English holds no Chinese, the Chinese some."""
    assert isinstance(text, LocalText) and text.en and text.zh, "give the text as {en: ..., zh: ...}"
    assert not CJK.search(text.en), "the English text should hold no Chinese"
    assert CJK.search(text.zh), "the Chinese text should be in Chinese"
    return text.en, text.zh


def texts(s) -> dict[str, object]:
    """Every text field of a scenario, by path."""
    out = {"name": s.name, "description": s.description, "source": s.source, "front_end.name": s.front_end.name}
    out |= {f"acquisition.channels[{i}].name": c.name for i, c in enumerate(s.acquisition.channels)}
    for i, rung in enumerate(s.back_end):
        out[f"back_end[{i}].name"] = rung.name
        if rung.downsell is not None:
            out[f"back_end[{i}].downsell.name"] = rung.downsell.name
    return out


@pytest.mark.parametrize("name", list(ARTICLE_OF))
def test_every_text_reads_in_both_languages(name):
    """Names of the scenario, its product, channels and rungs, its story and its source: English and Chinese."""
    for path, text in texts(load(name)).items():
        try:
            languages(text)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {path}: {exc}") from None


@pytest.mark.parametrize("name", list(ARTICLE_OF))
def test_source_names_its_article_and_the_story_marks_assumptions(name):
    s = load(name)
    article = ARTICLE_OF[name]
    en, zh = languages(s.source)
    assert en.startswith(f"Article {article} "), "the English source should name its article"
    assert zh.startswith(f"文章{article} "), "the Chinese source should name its article"
    english, chinese = languages(s.description)
    assert not re.match(r"Article \d|文章\d", english) and not chinese.startswith("文章"), "the article is the source line"
    assert re.search(r"\b[Aa]ssum", english) and "假设" in chinese, "assumed numbers must be marked in both languages"


@pytest.mark.parametrize("name", list(ARTICLE_OF))
def test_description_states_the_scenarios_own_numbers_in_both_languages(name):
    """Each number the description gives is the one in the scenario: change either and this fails."""
    s = load(name)
    english, chinese = languages(s.description)
    cites = _citations(s)
    assert len(cites) >= 5
    missing = [str(c) for c in cites if not c.found_in(english)]
    assert not missing, f"the English description does not state the scenario's {missing}"
    missing = [str(c) for c in cites if not c.english_only and not c.found_in(chinese)]
    assert not missing, f"the Chinese description does not state the scenario's {missing}"


def test_a_wrong_number_is_caught():
    """The check above can fail: a description stating another price than the scenario's does not pass."""
    s = load("affiliate_web_host.yaml")
    for text in (s.description.en, s.description.zh):
        assert num(s.subscription.price).found_in(text)
        assert not num(7.5).found_in(text) and not num(95.4 + 1).found_in(text)
        assert not pct(0.0117 + 0.001).found_in(text)
    # and a scenario whose number moved no longer matches its story
    wrong = edit(s, subscription={"price": 7.5})
    missing = [str(c) for c in _citations(wrong) if not c.found_in(wrong.description.en)]
    assert missing == ["7.50", "90"]
    assert not Cite(5).found_in("costs 50 a month") and not Cite(50).found_in("costs 500 or 5.50")


# --------------------------------------------------------------------------
# 1. Peter's English school (article 000)
# --------------------------------------------------------------------------


def test_peter_numbers():
    s = load("peter_english_school.yaml")
    assert [centre(c.cac) for c in s.acquisition.channels] == [500]
    assert centre(s.front_end.price) == 500
    assert [centre(r.price) for r in s.back_end] == [1000, 1500]
    assert [centre(r.take_rate) for r in s.back_end] == [0.8, 0.8]  # the second 80% is assumed
    assert [r.delay for r in s.back_end] == [1, 1] and s.periods_per_year == 12  # a month apart
    assert centre(s.retention.churn) == 0 and s.discount_rate == 0  # as in the article


def test_peter_back_end_is_2500_behind_each_500_front_end_sale_at_full_take_up():
    s = load("peter_english_school.yaml")
    full = edit(s, back_end=[{**r, "take_rate": 1.0} for r in scenario_to_dict(s)["back_end"]])
    result = simulate(full, customers=500, replicates=4)
    np.testing.assert_allclose(result.front_end_profit, 0.0)  # the front end is run at break-even
    np.testing.assert_allclose(result.back_end_profit, 2500.0)
    np.testing.assert_allclose(result.net_value, 2500.0)  # the whole profit is in the back end


def test_peter_back_end_at_the_stated_take_rates():
    s = load("peter_english_school.yaml")
    result = simulate(s, customers=3000, replicates=20)
    t1, t2 = centre(s.back_end[0].take_rate), centre(s.back_end[1].take_rate)
    assert_within_se(result.back_end_profit, 1000 * t1 + 1500 * t1 * t2, label="Peter back end")
    assert_within_se(result.clv, 500 + 1000 * t1 + 1500 * t1 * t2, label="Peter CLV")  # 2260


# --------------------------------------------------------------------------
# 2. The affiliate-funded web host (article 001)
# --------------------------------------------------------------------------


def test_host_commission_is_about_one_year_of_revenue_and_customers_stay_five_years():
    s = load("affiliate_web_host.yaml")
    price, commission = centre(s.subscription.price), centre(s.acquisition.affiliate_commission)
    assert price == 7.95 and commission == 95
    assert commission == pytest.approx(12 * price, rel=0.01)  # $95.40 a year
    assert s.periods_per_year == 12
    assert 1 / centre(s.retention.churn) == pytest.approx(60, abs=0.5)  # months: about five years


def test_host_lifetime_averages_sixty_months():
    """At the central churn p = 1/60 with a long horizon, active months average (1 - (1-p)^H) / p ≈ 60."""
    s = load("affiliate_web_host.yaml")
    p = centre(s.retention.churn)
    long = edit(s, horizon=600, retention={"churn": p})
    result = simulate(long, customers=2000, replicates=10)
    months = result.active_per_buyer.sum(axis=1)
    expected = (1 - (1 - p) ** 600) / p
    assert expected == pytest.approx(60, abs=1)
    assert_within_se(months, expected, label="active months")
    # lifetime revenue is five years of $95.40: five times the commission
    assert_within_se(result.revenue_by_period.sum(axis=1), 7.95 * expected, label="lifetime revenue")


def test_host_clv_is_several_times_the_commission():
    """CLV = (price - cost) Σ_t δ^t E[(1 - p)^t], churn p ~ the preset's Beta over replicates."""
    s = load("affiliate_web_host.yaml")
    result = simulate(s, customers=1000, replicates=60)
    a, b = beta_from_interval(s.retention.churn.low, s.retention.churn.high)
    t = np.arange(s.horizon)
    survival = np.exp([math.lgamma(b + k) + math.lgamma(a + b) - math.lgamma(b) - math.lgamma(a + b + k) for k in t])
    expected = (7.95 - 1.5) * (s.period_discount_factor ** t * survival).sum()
    assert_within_se(result.clv, expected, label="host CLV")
    assert expected / 95 > 2.5
    assert result.clv.mean() / result.cac_per_buyer.mean() > 2.5
    assert result.prob_profit == 1.0


# --------------------------------------------------------------------------
# 3. The jade seller's trust ladder (article 001)
# --------------------------------------------------------------------------


def test_jade_price_steps_and_shrinking_take_rates():
    s = load("jade_trust_ladder.yaml")
    assert isinstance(s.front_end.price, Uncertain)
    assert (s.front_end.price.low, s.front_end.price.high) == (100, 200)
    first, second = s.back_end
    assert 1000 <= centre(first.price) < 10_000  # several thousand
    assert 10_000 <= centre(second.price) < 100_000  # tens of thousands
    assert centre(first.take_rate) > centre(second.take_rate)
    assert [centre(first.take_rate), centre(second.take_rate)] == [0.30, 0.12]  # assumed
    assert [centre(r.unit_cost) / centre(r.price) for r in s.back_end] == [0.5, 0.5]  # half of each price
    assert (first.delay, second.delay, s.periods_per_year) == (2, 4, 4)  # half a year, then a year after that


def test_jade_ladder_climbers_follow_the_sbg_survival():
    """Buyers of step k: the product of take rates times S(offer period) (take-up independent of churn)."""
    s = load("jade_trust_ladder.yaml")
    n, reps = 4000, 10
    result = simulate(s, customers=n, replicates=reps)
    r1, r2 = s.back_end
    t1, t2 = r1.delay, r1.delay + r2.delay
    k1, k2 = centre(r1.take_rate), centre(r2.take_rate)
    s1, s2 = sbg_survival(s.retention.churn, s.retention.heterogeneity, [t1, t2])
    assert_share_within(funnel(result, r1.name), k1 * s1, n * reps, label="thousands")
    assert_share_within(funnel(result, r2.name), k1 * k2 * s2, n * reps, label="tens of thousands")
    # the back end is worth many times the 100–200 first purchase
    back = (k1 * s1 * centre(r1.price) + k1 * k2 * s2 * centre(r2.price))
    assert back > 5 * 200


# --------------------------------------------------------------------------
# 4. Consulting packages: the CLV trinity (article 002)
# --------------------------------------------------------------------------


def test_consulting_ladder_and_the_three_levers():
    s = load("consulting_clv_trinity.yaml")
    assert centre(s.front_end.price) == 10
    course, package, premium = s.back_end
    assert package.billing == premium.billing == "per_period" and s.periods_per_year == 12
    assert centre(package.price) == 1000
    assert centre(package.price) + centre(premium.price) == 5000  # the upgrade adds its step to the package
    assert s.retention.save_offer is not None and s.retention.loyalty_program is not None
    assert centre(s.cost_to_serve) > 0 and centre(package.unit_cost) > 0


def test_consulting_lifeboat_and_loyalty_programme_each_keep_clients_longer():
    """Same seed and parameter draws with and without each lever: active months per client go down without it."""
    s = load("consulting_clv_trinity.yaml")
    kw = dict(customers=2000, replicates=20, seed=5)
    base = simulate(s, **kw).active_per_buyer.sum(axis=1)
    for lever in ("save_offer", "loyalty_program"):
        data = scenario_to_dict(s)
        del data["retention"][lever]
        without = simulate(scenario_from_dict(data), **kw).active_per_buyer.sum(axis=1)
        mean, se = mean_and_se(base - without)
        assert mean - 4 * se > 0, f"removing the {lever} should shorten lives (diff {mean:.2f} ± {se:.2f} months)"


# --------------------------------------------------------------------------
# 5. Costco-style membership (article 004)
# --------------------------------------------------------------------------


def test_costco_fees_and_cash_back():
    s = load("costco_membership.yaml")
    assert s.periods_per_year == 1
    basic = centre(s.subscription.price)
    (upgrade,) = s.back_end
    assert basic == 60
    assert upgrade.billing == "per_period" and basic + centre(upgrade.price) == 120
    # the 2% cash back is the upgrade's cost: 2% of a member's yearly spend
    assert centre(upgrade.unit_cost) == pytest.approx(0.02 * centre(s.repeat_purchase.order_value))
    assert centre(s.repeat_purchase.margin) <= 0.05  # low-margin goods
    # year 0's shopping is the front end, at the same spend and margin as the later years
    assert centre(s.front_end.price) == centre(s.repeat_purchase.order_value) == 2500
    assert 1 - centre(s.front_end.unit_cost) / centre(s.front_end.price) == pytest.approx(centre(s.repeat_purchase.margin))


def test_costco_executive_fees_and_cash_back_follow_the_members_still_active():
    """Upgrade revenue in year t ≥ 1: 60 × take × (1 - churn)^t; the cash back 50 × take × (1 - churn)^t."""
    s = load("costco_membership.yaml")
    result = simulate(s, customers=3000, replicates=20)
    (upgrade,) = s.back_end
    take, p = centre(upgrade.take_rate), centre(s.retention.churn)
    t = np.arange(1, s.horizon)
    alive = (1 - p) ** t
    assert_within_se(revenue(result, upgrade.name)[:, t], 60 * take * alive, label="executive fee")
    assert_within_se(cost(result, upgrade.name)[:, t], 50 * take * alive, label="cash back")
    assert np.all(revenue(result, upgrade.name)[:, 0] == 0)
    # the membership fees, not the goods, carry the profit
    fees = (revenue(result, "subscription") + revenue(result, upgrade.name) - cost(result, upgrade.name)).sum(axis=1)
    goods = (revenue(result, "repeat_orders") - cost(result, "repeat_orders")).sum(axis=1)
    goods += centre(s.front_end.price) - centre(s.front_end.unit_cost)
    assert np.all(fees > goods)


# --------------------------------------------------------------------------
# 6. Renovation made repeatable (article 003)
# --------------------------------------------------------------------------


def test_renovation_699_then_599():
    s = load("renovation_refresh.yaml")
    assert s.periods_per_year == 1
    first, second = s.back_end
    assert (centre(first.price), first.delay) == (699, 0)  # paid with the first renovation
    assert (centre(second.price), second.delay) == (599, 1)  # paid the year after
    assert centre(first.take_rate) == 0.5 and centre(first.unit_cost) == centre(second.unit_cost) == 450  # assumed
    result = simulate(s, customers=4000, replicates=20)
    k1, k2, p = centre(first.take_rate), centre(second.take_rate), centre(s.retention.churn)
    assert_within_se(revenue(result, first.name)[:, 0], 699 * k1, label="+699 in year 0")
    assert_within_se(revenue(result, second.name)[:, 1], 599 * k1 * (1 - p) * k2, label="+599 in year 1")
    assert np.all(revenue(result, first.name)[:, 1:] == 0) and np.all(revenue(result, second.name)[:, [0, 2]] == 0)


# --------------------------------------------------------------------------
# 7. Wedding anniversaries (article 003)
# --------------------------------------------------------------------------


def test_wedding_anniversary_orders_every_year():
    """Orders in year t ≥ 1: rate × S(t), S(t) = (1 - churn × (1 - churn_reduction))^t; none in year 0."""
    s = load("wedding_anniversary.yaml")
    assert s.periods_per_year == 1 and s.repeat_purchase is not None and not s.back_end
    result = simulate(s, customers=3000, replicates=30)
    rate = centre(s.repeat_purchase.rate)
    value = centre(s.repeat_purchase.order_value)
    loyalty = s.retention.loyalty_program
    p = centre(s.retention.churn) * (1 - centre(loyalty.churn_reduction))
    t = np.arange(1, s.horizon)
    anniversary = revenue(result, "repeat_orders")
    assert np.all(anniversary[:, 0] == 0)  # the wedding itself is the one-off sale
    assert_within_se(anniversary[:, t], rate * value * (1 - p) ** t, label="anniversary shoots")
    orders = rate * ((1 - p) ** t).sum()
    assert orders > 1  # the one-off sale became more than one repeat order per couple on average
    assert_within_se(anniversary.sum(axis=1) / value, orders, label="orders per couple")


# --------------------------------------------------------------------------
# 8. Heavy equipment (article 004)
# --------------------------------------------------------------------------


def test_heavy_equipment_trade_in_and_most_sales_are_repeat_sales():
    s = load("heavy_equipment.yaml")
    (trade_in,) = s.back_end
    assert trade_in.delay / s.periods_per_year == 8  # end of life: eight years
    assert centre(trade_in.price) < centre(s.front_end.price)  # the trade-in allowance
    assert centre(trade_in.take_rate) == 0.5  # half of those still active (assumed)
    n, reps = 3000, 20
    result = simulate(s, customers=n, replicates=reps)
    p = centre(s.retention.churn)
    take = centre(trade_in.take_rate)
    assert_share_within(funnel(result, trade_in.name), take * (1 - p) ** trade_in.delay, n * reps, label="trade-in")
    # closed form of lifetime revenue by source
    alive = (1 - p) ** np.arange(s.horizon)
    sub = centre(s.subscription.adoption) * centre(s.subscription.price) * alive
    rep = centre(s.repeat_purchase.rate) * centre(s.repeat_purchase.order_value) * alive[1:].sum()
    trade = take * centre(trade_in.price) * alive[trade_in.delay]
    total = centre(s.front_end.price) + sub.sum() + rep + trade
    repeat_share = (total - centre(s.front_end.price) - sub[0]) / total
    assert repeat_share > 0.5  # most of its sales are repeat sales
    by_period = result.revenue_by_period
    assert_within_se(by_period[:, 1:].sum(axis=1) / by_period.sum(axis=1), repeat_share, label="repeat share")


# --------------------------------------------------------------------------
# 9. Rising acquisition cost, with and without investing in retention (article 004)
# --------------------------------------------------------------------------


def test_rising_cac_pair_differs_only_in_retention():
    a, b = (scenario_to_dict(load(f)) for f in ("rising_cac.yaml", "rising_cac_with_retention.yaml"))
    for d in (a, b):
        d.pop("name"), d.pop("description"), d["retention"].pop("loyalty_program", None)
    assert a.pop("source") == b.pop("source")
    assert a == b


def test_rising_cac_climbs_from_hundreds_past_a_thousand():
    s = load("rising_cac.yaml")
    acq = s.acquisition
    cac0, g = centre(acq.channels[0].cac), centre(acq.cac_growth)
    assert 100 <= cac0 < 1000
    assert cac0 * (1 + g) ** (acq.periods - 1) > 1000
    result = simulate(s, customers=500, replicates=4)
    expected = cac0 * np.mean((1 + g) ** np.arange(acq.periods))
    np.testing.assert_allclose(result.business.average_cac, expected)


def _rising_cac_clv(s) -> float:
    """Closed-form CLV: front-end margin, repeat margin from period 1, service and loyalty costs while active."""
    loyalty = s.retention.loyalty_program
    cut = centre(loyalty.churn_reduction) if loyalty else 0.0
    member_cost = centre(loyalty.cost_per_member) if loyalty else 0.0
    p = centre(s.retention.churn) * (1 - cut)
    t = np.arange(s.horizon)
    weight = s.period_discount_factor ** t * (1 - p) ** t
    rep = s.repeat_purchase
    per_period = centre(rep.rate) * centre(rep.order_value) * centre(rep.margin)
    front = centre(s.front_end.price) - centre(s.front_end.unit_cost)
    return front + per_period * weight[1:].sum() - (centre(s.cost_to_serve) + member_cost) * weight.sum()


def test_investing_in_retention_beats_chasing_dearer_buyers():
    plain, kept = load("rising_cac.yaml"), load("rising_cac_with_retention.yaml")
    kw = dict(customers=2000, replicates=20, seed=9)
    a, b = simulate(plain, **kw), simulate(kept, **kw)
    assert_within_se(a.clv, _rising_cac_clv(plain), label="CLV without retention")
    assert_within_se(b.clv, _rising_cac_clv(kept), label="CLV with retention")
    assert _rising_cac_clv(plain) < centre(plain.acquisition.channels[0].cac) < _rising_cac_clv(kept)
    mean, se = mean_and_se(b.business.npv - a.business.npv)
    assert mean - 4 * se > 0


# --------------------------------------------------------------------------
# 10. Which fish pond: lifetime value decides where to advertise (article 000)
# --------------------------------------------------------------------------

PONDS = {  # name: (CAC or None, cost per lead, capacity a month, churn multiplier, take-rate multiplier)
    "Search ads": (450, None, 300, 1.0, 1.0),
    "Coupon-site affiliates": (250, None, 400, 1.8, 0.5),
    "Partner schools": (300, None, 100, 0.7, 1.2),
    "Short-video ads": (None, 12, None, 1.2, 0.9),
}
"""The four ponds as the description states them (all assumed: the article gives only 5000 and 50)."""


def test_fish_pond_ponds_and_ladder_are_the_described_ones():
    s = load("which_fish_pond.yaml")
    got = {text_key(ch.name): (None if ch.cac is None else centre(ch.cac), ch.cost_per_lead, ch.max_buyers,
                     ch.churn_multiplier, ch.take_rate_multiplier) for ch in s.acquisition.channels}
    assert got == PONDS
    video = s.acquisition.channels[3]
    assert (video.conversion.low, video.conversion.high) == (0.015, 0.04)
    # "a little worse than search": churns a little faster and buys a little less often
    assert 1 < video.churn_multiplier < 1.8 and 0.5 < video.take_rate_multiplier < 1
    # an English school like Peter's: the same 500 / 1000 / 1500 ladder
    peter = load("peter_english_school.yaml")
    assert centre(s.front_end.price) == centre(peter.front_end.price) == 500
    assert [centre(r.price) for r in s.back_end] == [centre(r.price) for r in peter.back_end] == [1000, 1500]
    assert [centre(r.take_rate) for r in s.back_end] == [0.6, 0.5]
    assert (centre(s.subscription.price), centre(s.retention.churn)) == (49, 0.08)


def _pond_clv(s, churn_multiplier: float, take_multiplier: float) -> float:
    """Closed-form CLV of one pond's buyer: churn p·m, every take rate × k (capped at 1), discount δ^t."""
    q = min(1.0, centre(s.retention.churn) * churn_multiplier)
    delta = s.period_discount_factor
    t = np.arange(s.horizon)
    weight = delta ** t * (1 - q) ** t
    sub = s.subscription
    value = centre(s.front_end.price) - centre(s.front_end.unit_cost)
    value += centre(sub.adoption) * (centre(sub.price) - centre(sub.unit_cost)) * weight.sum()
    reach, period = 1.0, 0
    for rung in s.back_end:
        period += rung.delay
        reach *= min(1.0, centre(rung.take_rate) * take_multiplier)
        value += reach * (centre(rung.price) - centre(rung.unit_cost)) * weight[period]
    return value


def test_each_ponds_clv_follows_the_closed_form_and_its_quality():
    """Simulated CLV of each pond (all buyers from it) within four SEs of the closed form."""
    s = load("which_fish_pond.yaml")
    expected = {}
    for i, ch in enumerate(s.acquisition.channels):
        result = simulate(single_channel_scenario(s, i), customers=2000, replicates=10, seed=3)
        expected[text_key(ch.name)] = _pond_clv(s, ch.churn_multiplier, ch.take_rate_multiplier)
        assert_within_se(result.clv, expected[text_key(ch.name)], label=f"{text_key(ch.name)} CLV")
    # better customers are worth more: partners > search > short video > coupon-site deal seekers
    order = sorted(expected, key=expected.get, reverse=True)
    assert order == ["Partner schools", "Search ads", "Short-video ads", "Coupon-site affiliates"]
