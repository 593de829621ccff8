"""Presenter mode: the story's slides read the run's numbers aloud, in both languages, and the app steps through them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from presentation import i18n, presenter
from simulator import simulate
from presentation.texts import text_in
from simulator.scenario import LocalText, load_scenario, scenario_from_dict, scenario_to_dict

ROOT = Path(__file__).resolve().parent.parent
PETER = load_scenario(ROOT / "scenarios" / "peter_english_school.yaml")
HOST = load_scenario(ROOT / "scenarios" / "affiliate_web_host.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_story_is_told_in_the_page_language_with_its_source_last():
    story = LocalText(en="CAC 500, course 500.", zh="获客成本500元。")
    source = LocalText(en="Article 000", zh="文章000")
    assert presenter.story_in(story, "en", source) == "CAC 500, course 500.\n\nSource: Article 000"
    assert presenter.story_in(story, "zh", source) == "获客成本500元。\n\n来源：文章000"
    assert presenter.story_in("Only English here.", "zh") == "Only English here."  # one text for both
    assert presenter.story_in(LocalText(zh="只有中文。"), "en") == "只有中文。"  # nothing better to show
    assert presenter.story_in("", "en", "Article 001") == "Source: Article 001"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_peter_story_cites_the_funnel_and_the_break_even_front_end(lang):
    result = simulate(PETER, customers=2000, replicates=20, seed=1)
    slides = presenter.slides(result, PETER.description, lang, PETER.source)
    assert [s.chart for s in slides] == [None, "cash", "funnel", "money", "active", "value"]
    story, cash, funnel = slides[0], slides[1], slides[2]
    assert story.title == text_in(PETER.name, lang)
    assert bool(CJK.search(story.caption)) == (lang == "zh")
    assert story.caption.endswith(i18n.t(lang, "source_line", source=text_in(PETER.source, lang)))
    assert cash.caption.startswith(i18n.t(lang, "p_front_even"))  # CAC 500 = course price 500
    # 80% take the intermediate course and 80% of those the advanced: about 80 and 64 of 100
    numbers = [int(n) for n in re.findall(r"\b(\d+)\b", funnel.caption)]
    assert numbers[0] == 100 and abs(numbers[1] - 80) <= 2 and abs(numbers[2] - 64) <= 3
    assert all(text_in(rung.name, lang) in funnel.caption for rung in PETER.back_end)  # named in the page's language


def test_a_loss_leader_story_says_what_the_front_end_costs_and_when_it_pays_back():
    result = simulate(HOST, customers=2000, replicates=20, seed=1)
    cash = presenter.slides(result, HOST.description, "en")[1]
    front = -float(result.front_end_profit.mean())
    assert front > 0
    assert i18n.t("en", "p_front_cost", x=i18n.fmt_money(front, "en", "USD")) in cash.caption
    assert "pays it back in" in cash.caption


def test_business_slide_when_the_scenario_has_the_business_view():
    data = scenario_to_dict(HOST)
    data["acquisition"]["buyers_per_period"] = 100
    data["acquisition"]["periods"] = 12
    result = simulate(scenario_from_dict(data), customers=500, replicates=10, seed=1)
    slides = presenter.slides(result, HOST.description, "zh")
    assert slides[-1].chart == "business"
    capital = i18n.fmt_money(float(result.business.capital_needed.mean()), "zh", "USD")
    assert capital in slides[-1].caption


def test_the_app_steps_through_the_story_and_back_out():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = "en"
    at.query_params["view"] = "present"
    at.run()
    assert not at.exception
    assert at.title[0].value == text_in(PETER.name, "en").replace("'", "\\'")
    assert not at.sidebar.slider  # the levers are folded away
    assert at.button(key="p_prev").disabled
    at.button(key="p_next").click().run()
    assert not at.exception and at.session_state["slide"] == 1
    assert any(i18n.t("en", "p_front_even") in m.value.replace("\\", "") for m in at.markdown)  # shown escaped
    while not at.button(key="p_next").disabled:
        at.button(key="p_next").click().run()
        assert not at.exception
    assert at.session_state["slide"] == 5  # the last slide: Next is disabled there
    at.button(key="p_exit").click().run()
    assert not at.exception and at.session_state["view"] == "simulate"
    assert at.sidebar.slider  # the levers are back


PRESETS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_preset_story_is_true_to_its_funnel(path, lang):
    """The web host's funnel step said "No back-end ladder yet: the front end is the whole funnel" though all its
    revenue after the first month is the subscription: a step now says what the back end is, from the run."""
    scenario = load_scenario(path)
    result = simulate(scenario, customers=400, replicates=10, seed=1)
    slides = presenter.slides(result, scenario.description, lang, scenario.source, scenario=scenario)
    for s in slides:
        assert "{" not in s.caption and "}" not in s.caption, s.caption
        if lang == "zh":
            assert CJK.search(s.caption), s.caption
    funnel = next(s for s in slides if s.chart == "funnel")
    revenue = result.revenue_per_buyer.sum(axis=2).mean(axis=1)
    keys = list(result.source_keys)
    later = {k: float(v) for k, v in zip(keys, revenue) if k != "front_end" and v > 0}
    ladder = [text_in(name, lang) for key, name, share in zip(result.funnel_keys, result.funnel_names,
                                                                result.funnel_share)
              if key != "front_end" and np.any(share > 0)]
    if ladder:  # the rungs someone buys, each by its name in the page's language
        assert all(name in funnel.caption for name in ladder[:4]), funnel.caption
    elif later:  # a subscription, repeat orders or referrals: named, never "no back end"
        top = max(later, key=later.get)
        assert i18n.t(lang, f"src_{top}") in funnel.caption, funnel.caption
        assert funnel.caption != i18n.t(lang, "p_funnel_none")
    else:
        assert funnel.caption == i18n.t(lang, "p_funnel_none")


def test_a_business_that_never_turns_cash_positive_says_so_in_words():
    scenario = load_scenario(ROOT / "scenarios" / "rising_cac.yaml")
    result = simulate(scenario, customers=400, replicates=10, seed=1)
    business = presenter.slides(result, scenario.description, "en")[-1]
    assert business.chart == "business"
    assert np.isinf(np.median(result.business.cash_positive_period))
    assert "does not turn positive within" in business.caption and "after not within" not in business.caption
