"""Plain words: simulated futures, help texts, the bands' one explanation, one "most you can pay", the glossary.

Pure tests of :mod:`presentation.levers` and the catalogue, and the Glossary page through AppTest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from appviews.glossary import TERMS
from presentation import i18n, presenter
from presentation import levers
from presentation.catalogue import TEXT
from simulator import simulate
from simulator.max_cac import DEFAULT_CONFIDENCE, max_affordable_cac
from simulator.scenario import load_scenario, scenario_from_dict, scenario_to_dict

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
PETER = load_scenario(SCENARIOS / "peter_english_school.yaml")
HOST = load_scenario(SCENARIOS / "affiliate_web_host.yaml")
TRINITY = load_scenario(SCENARIOS / "consulting_clv_trinity.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")


def with_business(scenario):
    data = scenario_to_dict(scenario)
    data["acquisition"] = {**data["acquisition"], "buyers_per_period": 100, "periods": 6}
    return scenario_from_dict(data)


# --------------------------------------------------------------------------
# "simulated futures", never "replicates", wherever a person reads it
# --------------------------------------------------------------------------


def test_the_catalogue_says_simulated_futures_not_replicates():
    for key, entry in TEXT.items():
        en = re.sub(r"\{[^}]*\}", "", entry["en"])  # fields such as {replicates} are not words
        en = en.replace("(replicates)", "")  # a problem may name the file's key, in brackets
        assert "replicate" not in en.lower(), key
        assert "重复次数" not in entry.get("zh", "") and "次重复" not in entry.get("zh", ""), key


def test_cli_sizes_line_reads_simulated_futures():
    assert i18n.t("en", "cli_sizes", customers=2000, replicates=200, seed=7) == (
        "2,000 customers × 200 simulated futures, seed 7")
    assert "200 种模拟未来" in i18n.t("zh", "cli_sizes", customers=2000, replicates=200, seed=7)


# --------------------------------------------------------------------------
# Bands: explained once, and called sampling noise when nothing is uncertain
# --------------------------------------------------------------------------


def test_has_uncertainty_finds_a_range_anywhere():
    assert not levers.has_uncertainty(PETER)  # every input a plain number
    assert levers.has_uncertainty(HOST)  # a range in the file
    assert levers.has_uncertainty(TRINITY)
    data = scenario_to_dict(PETER)
    data["back_end"][1] = {**data["back_end"][1], "take_rate": {"low": 0.7, "high": 0.9}}  # deep in a list
    assert levers.has_uncertainty(scenario_from_dict(data))
    data = scenario_to_dict(PETER)
    data["retention"] = {"churn": 0.1, "heterogeneity": 0.3}  # customers differ, but no input is unknown
    assert not levers.has_uncertainty(scenario_from_dict(data))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bands_text_names_sampling_noise_only_when_nothing_is_uncertain(lang):
    plain = levers.bands_text(lang, 2000, uncertain=True)
    noise = levers.bands_text(lang, 2000, uncertain=False)
    assert plain == i18n.t(lang, "bands_note")
    assert noise.startswith(plain) and "2,000" in noise and len(noise) > len(plain)
    if lang == "en":
        assert plain == "The small range under each number: 9 in 10 simulated futures fall in it."
        assert "only the sampling noise of 2,000 simulated customers" in noise


def test_the_simulate_page_explains_the_bands_once():
    def captions(at):
        return [c.value for c in at.caption]

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    peter = [c for c in captions(at) if "9 in 10 simulated futures" in c]
    assert len(peter) == 1 and "sampling noise of 2,000 simulated customers" in peter[0]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = "zh"
    from presentation import share
    at.query_params["s"] = share.encode_scenario(HOST)
    at.run()
    assert not at.exception
    host = [c for c in captions(at) if c.startswith(i18n.t("zh", "bands_note"))]
    assert host == [i18n.t("zh", "bands_note")]  # the web host has ranges: no word of noise


# --------------------------------------------------------------------------
# Headline numbers: a help text each, and one "most you can pay"
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_headline_number_has_a_help_text(lang):
    scenario = with_business(HOST)
    result = simulate(scenario, customers=300, replicates=20, seed=3)
    rows = levers.headlines(result, lang, scenario=scenario) + levers.business_headlines(result, lang)
    assert len(rows) == 8 + 5
    for h in rows:
        assert len(h.help) > (30 if lang == "zh" else 80), (h.key, h.help)  # what it is and how to read it
        assert "{" not in h.help and bool(CJK.search(h.help)) == (lang == "zh"), h.key
    other = {h.key: h.help for h in levers.headlines(result, "zh" if lang == "en" else "en", scenario=scenario)}
    assert all(other[h.key] != h.help for h in rows if h.key in other)


def test_most_you_can_pay_is_the_tools_number_with_its_confidence():
    result = simulate(PETER, customers=2000, replicates=200, seed=7)
    rows = {h.key: h for h in levers.headlines(result, "en", scenario=PETER)}
    most = rows["max_cac"]
    tools = max_affordable_cac(PETER, confidence=DEFAULT_CONFIDENCE, seed=7)  # what Tools shows by default
    assert most.raw == pytest.approx(tools.value, rel=1e-12)
    assert most.value == i18n.fmt_money(tools.value, "en", result.currency)
    assert most.label == "Most you can pay (80% sure)"
    assert "80%" in most.help
    assert most.raw < rows["clv"].raw  # the 80% answer sits below the mean CLV (about ¥2,240 < ¥2,259)
    zh = {h.key: h for h in levers.headlines(result, "zh", scenario=PETER)}
    assert zh["max_cac"].label == "获客最多可付（80% 把握）"


def test_most_you_can_pay_when_no_cost_breaks_even():
    data = scenario_to_dict(PETER)
    data["front_end"] = {**data["front_end"], "unit_cost": 5000}  # every first sale loses ¥4,500
    scenario = scenario_from_dict(data)
    result = simulate(scenario, customers=200, replicates=20, seed=1)
    assert levers.most_you_can_pay(scenario, result) is None
    most = {h.key: h for h in levers.headlines(result, "en", scenario=scenario)}["max_cac"]
    assert most.value == "none" and most.raw is None


def test_presenter_says_the_same_most_you_can_pay():
    result = simulate(PETER, customers=2000, replicates=50, seed=7)
    headline = {h.key: h for h in levers.headlines(result, "en", scenario=PETER)}["max_cac"]
    value = presenter.slides(result, PETER.description, "en", scenario=PETER)[-1]
    assert value.chart == "value" and f"80% sure, is {headline.value}" in value.caption


# --------------------------------------------------------------------------
# The glossary
# --------------------------------------------------------------------------


def test_every_glossary_term_has_its_three_texts_in_both_languages():
    for term in TERMS:
        for key in (f"g_{term}", f"g_{term}_text", f"g_{term}_where"):
            assert {"en", "zh"} <= set(TEXT[key]), key
            assert CJK.search(TEXT[key]["zh"]) and not CJK.search(TEXT[key]["en"]), key
    required = {"clv", "cac", "ltv_cac", "payback", "take_rate", "heterogeneity", "save_offer", "loyalty",
                "fatigue", "referral", "front_back", "futures", "prob_profit", "max_cac"}
    assert required <= set(TERMS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_glossary_page_shows_every_entry(lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = lang
    at.query_params["view"] = "glossary"
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["view"] == "glossary"
    assert at.title[0].value == i18n.t(lang, "glossary_title")
    headings = [h.value for h in at.subheader]
    assert headings == [i18n.t(lang, f"g_{term}") for term in TERMS]
    texts = [m.value for m in at.markdown]
    captions = [c.value for c in at.caption]
    for term in TERMS:
        assert i18n.t(lang, f"g_{term}_text") in texts, term
        assert any(i18n.t(lang, f"g_{term}_where") in c for c in captions), term
    other = "zh" if lang == "en" else "en"
    assert not any(i18n.t(other, f"g_{term}") in headings for term in TERMS)
