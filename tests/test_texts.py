"""Texts in two languages: the schema's ``{en, zh}`` names and stories, and every place that shows them.

A name, the description or the source may be plain text (the same in every language) or
``{en: ..., zh: ...}``. The core keeps them as display data (keys come from the English); the
presentation layer picks the page's language with :func:`presentation.texts.text_in`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import BASE, build_scenario, merge

from cli import commands as cli
from presentation import charts, i18n, levers, presenter
from presentation.report import build_report
from presentation.texts import text_in
from simulator.engine import simulate
from simulator.scenario import (
    LocalText,
    ScenarioError,
    default_rung_id,
    dump_scenario,
    load_scenario,
    load_scenario_text,
    scenario_from_dict,
    scenario_to_dict,
    text_key,
)

ROOT = Path(__file__).resolve().parent.parent
PETER_FILE = ROOT / "scenarios" / "peter_english_school.yaml"
PETER = load_scenario(PETER_FILE)
HOST = load_scenario(ROOT / "scenarios" / "affiliate_web_host.yaml")
ENGLISH = ("Intro course", "Intermediate course", "Advanced course", "Advertising")
CHINESE = ("入门课程", "中级课程", "高级课程", "广告")


def problems(data: dict) -> list[tuple[str, str, dict]]:
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    return [(p.path, p.code, dict(p.params)) for p in err.value.problems]


def plain(data):
    """Scenario data with every {en, zh} text replaced by its English (a file written before translations)."""
    if isinstance(data, dict):
        if data and set(data) <= {"en", "zh"}:
            return data.get("en") or data.get("zh")
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


# --------------------------------------------------------------------------
# The schema
# --------------------------------------------------------------------------


def test_a_text_is_a_string_or_one_text_per_language():
    s = build_scenario(name={"en": "Course ladder", "zh": "课程阶梯"}, description={"zh": "只有中文。"},
                       source="Article 000", front_end={"name": {"en": " Intro "}})
    assert isinstance(s.name, LocalText) and (s.name.en, s.name.zh) == ("Course ladder", "课程阶梯")
    assert (s.description.en, s.description.zh) == (None, "只有中文。") and s.source == "Article 000"
    assert (s.front_end.name.en, s.front_end.name.zh) == ("Intro", None)  # blanks around a name are dropped, as for plain names


def test_text_problems_name_the_language():
    assert problems(merge(BASE, {"name": {}})) == [("name", "text_needs_language", {})]
    assert problems(merge(BASE, {"name": {"eng": "x"}})) == [("name.eng", "extra_forbidden", {"suggestion": "en"})]
    assert problems(merge(BASE, {"name": {"en": "x", "zh": " "}})) == [("name.zh", "string_too_short", {"min_length": 1})]
    assert problems(merge(BASE, {"name": {"en": "x" * 81}})) == [("name.en", "string_too_long", {"max_length": 80})]
    assert problems(merge(BASE, {"description": {"zh": "长" * 5001}})) == [
        ("description.zh", "string_too_long", {"max_length": 5000})]
    assert problems(merge(BASE, {"name": 7})) == [("name", "string_type", {"got": 7})]
    text = "name: {en: x}\nfront_end: {name: {en: A, zh: B, fr: C}}\n"
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(text)
    assert [p.path for p in err.value.problems] == ["front_end.name.fr"]


def test_the_text_problem_reads_in_both_languages():
    from presentation.messages import problems_text

    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(merge(BASE, {"name": {}}))
    assert "en or zh" in " ".join(problems_text(err.value.problems, "en"))
    assert "请至少给出一种语言" in " ".join(problems_text(err.value.problems, "zh"))


def test_a_plain_file_loads_and_saves_as_before():
    """Version 1 with plain strings: the same data back, no new keys, so the same bytes from the same dumper."""
    data = plain(scenario_to_dict(PETER))
    data.pop("source")
    s = scenario_from_dict(data)
    assert s.source is None and isinstance(s.name, str) and isinstance(s.back_end[0].name, str)
    assert scenario_to_dict(s) == data
    text = dump_scenario(s)
    assert "en:" not in text and "source" not in text and dump_scenario(load_scenario_text(text)) == text


def test_a_bilingual_file_round_trips():
    text = dump_scenario(PETER)
    assert load_scenario_text(text) == PETER and dump_scenario(load_scenario_text(text)) == text


def test_keys_come_from_the_english_so_a_translation_changes_no_number():
    assert default_rung_id(LocalText(en="Core course!", zh="核心课程")) == "core-course"
    assert default_rung_id(LocalText(zh="核心课程")) == default_rung_id("核心课程")
    assert text_key(LocalText(en="Ads", zh="广告")) == "Ads" and text_key(LocalText(zh="广告")) == "广告"
    pond = load_scenario(ROOT / "scenarios" / "which_fish_pond.yaml")
    english = scenario_from_dict(plain(scenario_to_dict(pond)))
    a, b = simulate(pond, customers=300, replicates=4), simulate(english, customers=300, replicates=4)
    for attr in ("revenue_per_buyer", "cost_per_buyer", "active_per_buyer", "funnel_share", "customer_values"):
        np.testing.assert_array_equal(getattr(a, attr), getattr(b, attr))
    assert [r.id for r in pond.back_end] == [r.id for r in english.back_end]


def test_step_names_are_unique_in_each_language():
    ladder = [{"name": {"en": "Course A", "zh": "课程"}, "price": 1}, {"name": {"en": "Course B", "zh": "课程"}, "price": 2}]
    assert problems(merge(BASE, {"back_end": ladder})) == [
        ("back_end[1].name", "duplicate_name", {"name": "课程", "first": "back_end[0]"})]
    ladder[1]["name"] = {"en": "Course B", "zh": "课程二"}
    scenario_from_dict(merge(BASE, {"back_end": ladder}))
    # a plain name is the same text in both languages
    ladder[1]["name"] = "Course A"
    assert problems(merge(BASE, {"back_end": ladder}))[0][:2] == ("back_end[1].name", "duplicate_name")


# --------------------------------------------------------------------------
# Presentation
# --------------------------------------------------------------------------


def test_text_in_falls_back_on_the_other_language():
    both = LocalText(en="Intro course", zh="入门课程")
    assert (text_in(both, "en"), text_in(both, "zh")) == ("Intro course", "入门课程")
    assert text_in(LocalText(zh="入门课程"), "en") == "入门课程" and text_in("Plain", "zh") == "Plain"
    assert text_in(None, "en") == ""


def test_a_renamed_rung_is_renamed_in_the_page_language_and_keeps_the_other():
    renamed = levers.edit_rung(PETER, 0, name="Masterclass")  # on the English page
    name = renamed.back_end[0].name
    assert (text_in(name, "en"), text_in(name, "zh")) == ("Masterclass", "中级课程")
    assert renamed.back_end[0].id == PETER.back_end[0].id
    in_chinese = levers.edit_rung(PETER, 0, name="大师课", lang="zh")
    assert (text_in(in_chinese.back_end[0].name, "en"), text_in(in_chinese.back_end[0].name, "zh")) == (
        "Intermediate course", "大师课")


def test_catalogue_strings_fill_a_two_language_field_in_their_language():
    assert i18n.t("zh", "ctl_cac", name=PETER.acquisition.channels[0].name) == "获客成本 · 广告"
    assert i18n.t("en", "ctl_cac", name=PETER.acquisition.channels[0].name) == "CAC · Advertising"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lever_labels_name_products_and_channels_in_the_page_language(lang):
    labels = [levers.label(c, lang, PETER.periods_per_year) for c in levers.controls(PETER)]
    words = ENGLISH if lang == "en" else CHINESE
    other = CHINESE if lang == "en" else ENGLISH
    assert all(any(w in label for label in labels) for w in words), labels
    assert not any(w in label for label in labels for w in other)


def test_without_a_subscription_only_its_price_is_offered():
    """Peter's school has no subscription: no 'Subscription adoption 100%' at a price of 0."""
    keys = {c.key for c in levers.controls(PETER)}
    assert "subscription.price" in keys
    assert not keys & {"subscription.adoption", "subscription.unit_cost"}
    assert {"subscription.adoption", "subscription.unit_cost"} <= {c.key for c in levers.controls(HOST)}
    # raising the price starts a subscription, with its adoption to set next
    started = levers.apply(PETER, {"subscription.price": 30.0})
    assert started.subscription is not None and started.subscription.price == 30.0
    assert "subscription.adoption" in {c.key for c in levers.controls(started)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_and_presenter_name_the_steps_in_the_page_language(lang):
    result = simulate(PETER, customers=300, replicates=4)
    figs = charts.figures({"A": result}, lang)
    steps = set(figs["funnel"].data["funnel"]["step"])
    sources = set(figs["money"].data["money"]["source"])
    words = ENGLISH[1:3] if lang == "en" else CHINESE[1:3]
    other = ENGLISH if lang == "zh" else CHINESE
    assert set(words) <= steps and set(words) <= sources
    assert not (steps | sources) & set(other)
    story = presenter.slides(result, PETER.description, lang, PETER.source)
    assert story[0].title == text_in(PETER.name, lang)
    assert not any(w in s.caption for s in story for w in other)


def test_steps_nobody_buys_are_left_out_of_the_funnel_and_its_sentence():
    data = scenario_to_dict(PETER)
    data["back_end"][1]["take_rate"] = 0.0
    result = simulate(scenario_from_dict(data), customers=200, replicates=3)
    steps = list(charts.funnel_data({"A": result}, "en")["funnel"]["step"])
    assert steps == [i18n.t("en", "src_front_end"), "Intermediate course"]
    funnel = presenter.slides(result, "", "en")[2]
    assert "Intermediate course" in funnel.caption and "Advanced course" not in funnel.caption


def test_the_report_is_in_its_language():
    html = build_report(PETER, customers=200, replicates=4, lang="zh")
    assert "彼得的英语学校" in html and "中级课程" in html and "来源：文章000" in html
    assert not any(w in html for w in ENGLISH) and "Peter&#x27;s English school" not in html


def test_cli_tables_follow_lang_and_json_keeps_the_english(capsys):
    args = ["run", str(PETER_FILE), "--customers", "100", "--replicates", "3"]
    assert cli.main([*args, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "彼得的英语学校" in out and "中级课程" in out and not any(w in out for w in ENGLISH[1:])
    assert cli.main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Peter's English school"
    assert set(data["funnel"]) == {"front_end", "Intermediate course", "Advanced course"}


def test_cli_json_of_the_tools_carries_english_names(capsys):
    pond = ROOT / "scenarios" / "which_fish_pond.yaml"
    small = ["--customers", "100", "--replicates", "3"]
    assert cli.main(["channels", str(pond), "--json", "--budget", "1000", *small]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario_name"] == "Which fish pond (channel choice)"
    assert data["channels"][0]["name"] == "Search ads" and data["split"]["allocations"][0]["name"] == "Search ads"
    assert cli.main(["sensitivity", str(PETER_FILE), "--json", *small]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "Peter's English school"
    assert not re.search(r"[\u4e00-\u9fff]", json.dumps(data, ensure_ascii=False))


def test_file_names_follow_the_page_language():
    from presentation import share

    assert share.file_stem(text_in(PETER.name, "en")) == "peter_s_english_school"
    assert share.file_stem(text_in(PETER.name, "zh")) == "彼得的英语学校"
