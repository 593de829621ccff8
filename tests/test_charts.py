"""Chart builders (presentation.charts): valid Vega-Lite, translated, readable, and drawing the right numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from presentation import charts, i18n
from simulator import simulate
from simulator.scenario import load_scenario, scenario_from_dict, scenario_to_dict

ROOT = Path(__file__).resolve().parent.parent
PRESETS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix.lower() in (".yaml", ".yml"))
PETER = ROOT / "scenarios" / "peter_english_school.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")
OKABE_ITO = {charts.BLUE, charts.ORANGE, charts.SKY, charts.GREEN, charts.YELLOW, charts.VERMILLION, charts.PURPLE,
             charts.BLACK}


def run(path: Path, customers: int = 400, replicates: int = 30, **changes):
    scenario = load_scenario(path)
    if changes:
        data = scenario_to_dict(scenario)
        for section, values in changes.items():
            data[section] = {**data.get(section, {}), **values}
        scenario = scenario_from_dict(data)
    return simulate(scenario, customers=customers, replicates=replicates, seed=3)


@pytest.fixture(scope="module")
def peter():
    return run(PETER, customers=2000, replicates=100)


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


CASES = [(p, "en") for p in PRESETS] + [(PETER, "zh")]  # the words do not depend on the preset


@pytest.mark.parametrize(("path", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_every_chart_is_valid_vega_lite_in_both_languages(path, lang):
    a = run(path)
    b = run(path, front_end={"price": 1.0})
    for runs in ({"This scenario": a}, {"A": a, "B": b}):
        for name, fig in charts.figures(runs, lang).items():
            spec = fig.chart().to_dict()  # Altair validates against the Vega-Lite schema
            json.dumps(spec)  # plain JSON, nothing exotic
            titles = [" ".join(n["text"]) if isinstance(n["text"], list) else n["text"]  # a long title: lines
                      for n in _walk(spec) if "text" in n and "subtitle" in n]
            assert titles, name
            assert all(bool(CJK.search(t)) == (lang == "zh") for t in titles), (name, titles)
            assert any("tooltip" in n for n in _walk(spec)), f"{name} has no hover tooltips"
            # every named dataset the layout reads is supplied
            names = {n["name"] for n in _walk(spec) if set(n) == {"name"}}
            assert set(fig.data) <= names <= set(spec["datasets"]), (name, names, set(fig.data))
            assert set(fig.data) <= set(fig.spec()["datasets"])


def test_layouts_are_built_once_per_key(peter):
    fig = charts.cash_figure({"x": peter}, "en")
    assert charts.layout_spec(fig.name, fig.key) is charts.layout_spec(fig.name, fig.key)
    spec = fig.spec()
    assert set(fig.data) <= set(spec["datasets"])
    assert spec is not charts.layout_spec(fig.name, fig.key)  # the cached layout is never handed out to mutate
    other = charts.cash_figure({"x": run(PETER, front_end={"price": 100.0})}, "en")
    assert other.key == fig.key  # a slider move brings new data, not a new layout


def test_fonts_are_projector_size_and_colours_colour_blind_safe(peter):
    for name, fig in charts.figures({"A": peter, "B": peter}, "en").items():
        spec = fig.chart().to_dict()
        config = spec["config"]
        assert config["axis"]["labelFontSize"] >= 14 and config["axis"]["titleFontSize"] >= 14
        assert config["legend"]["labelFontSize"] >= 14
        title = spec.get("title") or {}
        assert title.get("fontSize", 0) >= 20, name
        colours = {c for n in _walk(spec) if isinstance(n.get("range"), list) for c in n["range"] if
                   isinstance(c, str) and c.startswith("#")}
        assert colours <= OKABE_ITO | set(charts.COST_COLORS), (name, colours - OKABE_ITO)
    assert charts.run_colors(1) == [charts.BLUE] and charts.run_colors(2) == [charts.ORANGE, charts.BLUE]


def test_funnel_of_100_buyers(peter):
    df = charts.funnel_data({"x": peter}, "en")["funnel"].sort_values("order")
    assert list(df.step) == ["Front end", "Intermediate course", "Advanced course"]
    assert df.buyers.tolist() == pytest.approx([100, 80, 64], abs=1.5)
    zh = charts.funnel_data({"x": peter}, "zh")["funnel"]
    assert zh.step.iloc[0] == "前端"


def test_cash_curve_and_payback_point(peter):
    data = charts.cash_data({"x": peter}, "en")
    cash = data["cash"]
    assert cash["mean"].to_numpy() == pytest.approx(peter.cumulative_cash.mean(axis=0))
    assert (cash.p5 <= cash["mean"] + 1e-9).all() and (cash["mean"] <= cash.p95 + 1e-9).all()
    (point,) = data["payback"].itertuples()
    assert point.period == int(np.median(peter.payback_period))
    assert point.label.startswith("Payback: ")
    assert data["cash_notes"].empty
    # a plan that never pays back says so, and marks no point
    never = run(PETER, acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 100000}]})
    data = charts.cash_data({"x": never}, "en")
    assert data["payback"].empty and "not within 12 months" in data["cash_notes"].text.iloc[0]


def test_money_sources_add_up_to_the_profit(peter):
    data = charts.money_data({"x": peter}, "en")
    money, profit = data["money"], data["profit"]
    by_period = money.groupby("period")["value"].sum().to_numpy()
    assert by_period == pytest.approx(profit["profit"].to_numpy(), abs=1e-6)
    assert set(money.source) == {"Front end", "Intermediate course", "Advanced course", "Acquisition (CAC)"}
    assert (money[money.is_cost].value <= 0).all() and (money[~money.is_cost].value >= 0).all()


def test_active_customers_and_value_spread():
    result = run(ROOT / "scenarios" / "peter_english_school.yaml", retention={"churn": 0.2})
    active = charts.active_data({"x": result}, "en")["active"]
    assert active["mean"].iloc[0] == pytest.approx(100)
    assert active["mean"].is_monotonic_decreasing
    data = charts.value_data({"x": result, "y": result}, "zh")
    value = data["value"]
    for _, part in value.groupby("scenario"):
        assert part.share.sum() == pytest.approx(100)
    assert data["top20"].share.between(0.2, 1).all()
    assert "前 20% 的客户" in data["value_notes"].text.iloc[0]


def test_compare_mode_puts_a_and_b_on_the_same_charts(peter):
    cheaper = run(PETER, customers=2000, replicates=100, front_end={"price": 250.0})
    figs = charts.figures({"A (pinned)": peter, "B (current)": cheaper}, "en")
    for fig in figs.values():
        scenarios = set().union(*(set(df["scenario"]) for df in fig.data.values() if "scenario" in df))
        assert scenarios == {"A (pinned)", "B (current)"}, fig.name
    money = figs["money"].chart().to_dict()
    assert any("xOffset" in n for n in _walk(money))  # grouped bars, A beside B


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_business_chart_marks_capital_needed_and_cash_positive(lang):
    """With buyers every period the business view adds a chart: cash dips (capital needed), then turns positive."""
    host = ROOT / "scenarios" / "affiliate_web_host.yaml"
    a = run(host, acquisition={"buyers_per_period": 100, "periods": 6})
    b = run(host, acquisition={"buyers_per_period": 100, "periods": 6, "cac_growth": 0.1})
    for runs in ({"This scenario": a}, {"A": a, "B": b}):
        figs = charts.figures(runs, lang)
        assert "business" in figs
        spec = figs["business"].chart().to_dict()  # validates against the Vega-Lite schema
        json.dumps(spec)
    data = charts.business_data({"x": a}, lang)
    curve, marks = data["business"], data["business_marks"]
    assert len(curve) == a.horizon
    mean = a.business.cumulative_cash.mean(axis=0)
    np.testing.assert_allclose(curve["mean"].to_numpy(), mean)
    # the host pays $95 commission up front for $7.95 a month: six months of buying dig a hole, then it fills
    notes = data["business_notes"]
    assert len(notes) == 2 and notes["text"].str.startswith("▼").iloc[0]
    low = marks[marks["shape"] == "triangle-down"].iloc[0]
    assert low["period"] == int(np.argmin(mean)) and low["mean"] < 0
    positive = marks[marks["shape"] == "diamond"].iloc[0]
    assert positive["period"] > low["period"] and mean[int(positive["period"])] >= 0 - abs(low["mean"]) * 0.05
    if lang == "zh":
        assert all(CJK.search(text) for text in [*marks["label"], *notes["text"]])


def test_no_business_chart_without_the_business_view(peter):
    assert "business" not in charts.figures({"x": peter}, "en")
    assert charts.business_chart({"x": peter}, "en") is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_titles_and_subtitles_wrap_instead_of_being_cut_off(lang, peter):
    """Half-width charts at 1280 px cut "Of 100 buyers, how many buy eac…": titles now come in lines that fit."""
    from presentation.charts import TITLE_WIDTH, _display_width, wrap_line

    for text, width in (("Of 100 buyers, how many buy each step", 30), ("每 100 位买家中，有多少人购买每一步", 20)):
        lines = wrap_line(text, width)
        assert len(lines) > 1 and all(_display_width(line) <= width for line in lines), lines
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing dropped
    figs = charts.figures({"This scenario": peter}, lang)
    for name, fig in figs.items():
        title = fig.layout().to_dict(validate=False)["title"]
        width = TITLE_WIDTH // 2 if name in ("funnel", "active") else TITLE_WIDTH
        lines = title["text"] if isinstance(title["text"], list) else [title["text"]]
        assert all(_display_width(line) <= width for line in lines), (name, lines)
        assert all(_display_width(line) <= int(width * 1.4) for line in title.get("subtitle") or []), name
        # Vega never cuts a half-width chart's line with "…"; a full-width chart's only where it is wider than the
        # chart's whole container (narrower pages than the wrapping is made for)
        assert title.get("limit") == (0 if name in ("funnel", "active") else {"expr": charts.TITLE_LIMIT})


def test_a_cac_that_would_flatten_every_bar_is_left_out_and_said():
    """Over 120 months the web host's month-0 $95 CAC bar flattened its $8-a-month bars: it is now left out of
    the bars and of the profit line, and its amount said in the corner; Peter's CAC is the size of his bars and stays."""
    host = run(ROOT / "scenarios" / "affiliate_web_host.yaml")
    data = charts.money_data({"x": host}, "en")
    assert "Acquisition (CAC)" not in set(data["money"].source)
    cac = float(host.cac_per_buyer.mean())
    notes = " ".join(data["money_notes"].text)
    assert i18n.fmt_money(cac, "en", "USD") in notes and "Left out" in notes
    by_period = data["money"].groupby("period")["value"].sum().to_numpy()
    assert by_period == pytest.approx(data["profit"]["profit"].to_numpy(), abs=1e-6)  # profit without the CAC
    tallest = data["money"].groupby("period")["value"].apply(lambda v: v.clip(lower=0).sum()).max()
    assert data["money_notes"]["headroom"].iloc[0] > tallest  # the note sits above the bars
    peter = run(PETER)
    kept = charts.money_data({"x": peter}, "en")
    assert "Acquisition (CAC)" in set(kept["money"].source) and kept["money_notes"].empty


def test_compare_labels_do_not_collide(peter):
    """Two payback labels beside their diamonds landed on each other; the business view's notes sat on the zero
    line. In compare mode the labels are lines in the corner, and the y axis reaches above them."""
    cheaper = run(PETER, front_end={"price": 250.0})
    data = charts.cash_data({"A": peter, "B": cheaper}, "en")
    notes = data["cash_notes"]
    assert [t.split(":")[0] for t in notes.text] == ["◆ A", "◆ B"] and notes.ypix.is_monotonic_increasing
    assert notes["headroom"].iloc[0] > data["cash"]["p95"].max()
    spec = charts.cash_figure({"A": peter, "B": cheaper}, "en").chart().to_dict()
    assert not any(n.get("mark", {}).get("type") == "text" and n.get("encoding", {}).get("text", {}).get("field")
                   == "label" for n in _walk(spec) if isinstance(n.get("mark"), dict))  # no label beside a diamond
    host = ROOT / "scenarios" / "affiliate_web_host.yaml"
    a = run(host, acquisition={"buyers_per_period": 100, "periods": 6})
    b = run(host, acquisition={"buyers_per_period": 100, "periods": 6, "cac_growth": 0.1})
    business = charts.business_data({"A": a, "B": b}, "en")
    top = max(0.0, float(business["business"]["p95"].max()))
    assert business["business_notes"]["headroom"].iloc[0] > top  # above the data and the zero line
