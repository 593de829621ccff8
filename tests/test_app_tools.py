"""The app's Tools view (AppTest): each tool answers for the current scenario, and agrees with the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from presentation import i18n, share
from presentation.texts import text_in
from simulator.max_cac import max_affordable_cac
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
PETER = load_scenario(ROOT / "scenarios" / "peter_english_school.yaml")
POND = load_scenario(ROOT / "scenarios" / "which_fish_pond.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")


def tools(lang: str = "en", scenario=None, tool: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["view"] = "tools"
    if scenario is not None:
        at.query_params["s"] = share.encode_scenario(scenario)
    at.run()
    assert not at.exception, at.exception
    if tool is not None:
        at.session_state["tool"] = tool
        at.run()
        assert not at.exception, at.exception
    return at


def money(text: str) -> float:
    return float(re.sub(r"[^\d.\-]", "", text))


def test_most_you_can_pay_agrees_with_the_engine():
    at = tools()
    assert at.title[0].value == i18n.t("en", "tools_title")
    values = {m.label: m.value for m in at.metric}
    expected = max_affordable_cac(PETER, confidence=0.8, seed=7)
    assert money(values["Highest affordable"]) == pytest.approx(expected.value, abs=1)
    assert values["Chance of profit"] == "80%"  # re-simulated at the answer: 80% of futures break even
    # a stricter confidence can only lower what you can pay
    at.session_state["mc_confidence"] = 0.95
    at.run()
    assert money({m.label: m.value for m in at.metric}["Highest affordable"]) <= expected.value
    # asking for payback within 0 months: the answer is what the first sale brings (500), no more
    at.session_state["mc_payback_on"] = True
    at.run()
    at.session_state["mc_payback"] = 0
    at.run()
    assert not at.exception
    assert money({m.label: m.value for m in at.metric}["Highest affordable"]) == pytest.approx(500, abs=1)


def test_the_tools_follow_the_levers():
    at = tools()
    before = money({m.label: m.value for m in at.metric}["Highest affordable"])
    at.slider(key=f"{at.session_state['gen']}:front_end.price").set_value(700.0).run()
    assert not at.exception
    assert money({m.label: m.value for m in at.metric}["Highest affordable"]) == pytest.approx(before + 200, abs=2)


def test_which_fish_pond_ranks_channels_and_splits_a_budget():
    at = tools(scenario=POND, tool="channels")
    table = at.table[0].value
    # the table reads Markdown in its cells: the names are escaped (they show as typed)
    assert list(table["Channel"]) == [i18n.escape_markdown(text_in(c.name, "en")) for c in POND.acquisition.channels]
    best = [c.value for c in at.caption if c.value.startswith("Best pond")]
    assert best and "Partner schools" in best[0] and "zh=" not in best[0]  # the name in the page language only
    split = at.table[1].value
    spend = sum(money(v) for v in split["Spend"])
    assert spend <= at.session_state["ch_budget"] + 1
    at.session_state["ch_budget"] = 0.0
    at.run()
    assert not at.exception
    assert all(money(v) == 0 for v in at.table[1].value["Spend"])


def test_one_channel_explains_how_to_compare_ponds():
    at = tools(tool="channels")
    assert at.info and "one acquisition channel" in at.info[0].value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sensitivity_shows_the_biggest_lever(lang):
    at = tools(lang, tool="sensitivity")
    top = [m.value for m in at.markdown if i18n.t(lang, "sens_top", lever="", change="", step="")[:6] in m.value]
    assert top
    if lang == "zh":
        assert CJK.search(top[0])


def test_calculators_show_the_formula_and_the_simulation_side_by_side():
    at = tools(tool="calc")
    labels = [m.label for m in at.metric]
    assert labels.count("Formula gives") == 3 and labels.count("Simulation gives") == 3


def test_report_builds_a_self_contained_file():
    at = tools(tool="report")
    at.button(key="report_build").click().run()
    assert not at.exception
    assert at.success and "KB" in at.success[0].value
    key, html = at.session_state["report_html"]
    # self-contained: the report's own three scripts (chart specs, the Vega bundle, the drawing), none loaded
    assert html.lower().count("<script") == 3 and not re.search(r"<script[^>]*\bsrc\b", html, re.I)
    assert text_in(PETER.name, "en").replace("'", "&#x27;") in html



def test_the_formulas_inputs_are_typable_and_the_seed_case_gives_750():
    """Article 001's historical CLV: 1,500,000 of profit from 2,000 customers is 750 a customer."""
    at = tools(tool="calc")
    profit = next(n for n in at.number_input if n.key.endswith(":historical:total_profit"))
    customers = next(n for n in at.number_input if n.key.endswith(":historical:customers"))
    profit.set_value(1_500_000.0).run()
    customers = next(n for n in at.number_input if n.key.endswith(":historical:customers"))
    customers.set_value(2_000.0).run()
    assert not at.exception
    results = [m.value for m in at.metric if m.label == "Formula gives"]
    assert results[0] == "¥750"
    none = next(n for n in at.number_input if n.key.endswith(":historical:customers"))
    none.set_value(0.0).run()  # nothing to divide by: a message, not a crash
    assert not at.exception and at.warning


@pytest.mark.parametrize("name", ["cash", "funnel", "money", "active", "value"])
def test_the_compare_mode_png_draws_a_and_b(name):
    """In compare mode the PNG dropped A: it now draws A (pinned) and B (current), as the page does."""
    from appviews import tools as tools_view
    from simulator.scenario import dump_scenario, scenario_from_dict, scenario_to_dict

    data = scenario_to_dict(PETER)
    data["front_end"]["price"] = 250
    data["simulation"] = {**data["simulation"], "customers": 300, "replicates": 20}
    b = dump_scenario(scenario_from_dict(data))
    a = dump_scenario(scenario_from_dict({**scenario_to_dict(PETER), "simulation": data["simulation"]}))
    spec = tools_view.png_chart(b, a, "en", name).to_dict(validate=False)
    seen = {row.get("scenario") for rows in spec["datasets"].values() for row in rows if isinstance(row, dict)}
    assert {i18n.t("en", "label_a"), i18n.t("en", "label_b")} <= seen, seen
    alone = tools_view.png_chart(b, None, "en", name).to_dict(validate=False)
    seen = {row.get("scenario") for rows in alone["datasets"].values() for row in rows if isinstance(row, dict)}
    assert i18n.t("en", "label_a") not in seen
