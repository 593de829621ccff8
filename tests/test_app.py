"""The app's logic without a browser.

Two kinds of tests:

* ``streamlit.testing.v1.AppTest`` runs ``app.py`` headless: every preset runs,
  each group of levers moves the numbers it should, uploads (good and bad),
  language, shareable links and compare mode;
* plain tests of :mod:`presentation.levers` (scenario ↔ levers) and
  :mod:`presentation.i18n` (strings, number formats, translated errors).

What a person sees in a real browser is tested in ``tests/e2e``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from presentation import i18n, share
from presentation import levers as ui_state  # the older name of the lever module, in these tests
from presentation.messages import problems_text
from simulator.max_cac import DEFAULT_CONFIDENCE, max_affordable_cac
from presentation.texts import text_in
from simulator.scenario import (
    ScenarioError,
    Uncertain,
    dump_scenario,
    load_scenario,
    load_scenario_text,
    scenario_from_dict,
    scenario_to_dict,
)
from tests.app_cards import cards

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SCENARIOS = ROOT / "scenarios"
PRESET_FILES = sorted(p.name for p in SCENARIOS.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
DEFAULT = load_scenario(SCENARIOS / ui_state.DEFAULT_PRESET)
CJK = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def start(lang: str | None = "en", context: dict | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    if context is not None:
        at.context = context
    at.run()
    assert not at.exception, at.exception
    return at


def number(text: str) -> float:
    """The number in a formatted value: ``¥2,259`` → 2259, ``-¥300`` → -300, ``4.52×``, ``80%``; inf for never."""
    if text in (i18n.t("en", "at_once"), i18n.t("zh", "at_once")):
        return 0.0
    m = re.search(r"-?[\d,]*\.?\d+", text.replace("−", "-"))
    if m is None:
        return math.inf
    value = float(m[0].replace(",", ""))
    if "-" in text.split(m[0])[0] and value > 0:
        value = -value
    if "万" in text:
        value *= 1e4
    if re.search(r"\d(\.\d+)?M\b", text):
        value *= 1e6
    return value


def metrics(at: AppTest, lang: str = "en") -> dict[str, float]:
    """Headline numbers by key (clv, cac, …)."""
    conf = i18n.fmt_percent(DEFAULT_CONFIDENCE, lang, 0)  # "Most you can pay (80% sure)"
    labels = {i18n.t(lang, f"m_{k}", confidence=conf): k for k in
              ("clv", "cac", "ltv_cac", "net_value", "payback", "max_cac", "prob_profit", "front_end_profit")}
    return {labels[m.label]: number(m.value) for m in cards(at) if m.label in labels}


def business_metrics(at: AppTest, lang: str = "en") -> dict[str, float]:
    """The business view's numbers by key (total_profit, npv, capital_needed, cash_positive_period)."""
    labels = {i18n.t(lang, f"b_{k}"): k for k in ("total_profit", "npv", "capital_needed", "cash_positive_period")}
    return {labels[m.label]: number(m.value) for m in cards(at) if m.label in labels}


def key(at: AppTest, lever: str, suffix: str = "") -> str:
    return f"{at.session_state['gen']}:{lever}{suffix}"


def open_group(at: AppTest, group: str) -> AppTest:
    at.session_state[f"group:{group}"] = True
    at.run()
    assert not at.exception
    return at


def current(at: AppTest):
    return load_scenario_text(at.session_state["current_yaml"])


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


# --------------------------------------------------------------------------
# The app runs
# --------------------------------------------------------------------------


def test_opens_on_the_default_preset_with_all_headline_numbers():
    at = start()
    assert at.session_state["preset"] == ui_state.DEFAULT_PRESET
    assert current(at) == DEFAULT
    m = metrics(at)
    assert set(m) == {"clv", "cac", "ltv_cac", "net_value", "payback", "max_cac", "prob_profit", "front_end_profit"}
    assert m["cac"] == pytest.approx(500)
    assert m["net_value"] == pytest.approx(m["clv"] - m["cac"], abs=1.5)
    assert not errors(at) and not at.warning
    # every headline has a 90% band under it
    bands = [c.band for c in cards(at) if c.band.startswith("90%")]
    assert len(bands) == 7
    # the URL carries the language and the scenario
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    token = at.query_params["s"]
    token = token[0] if isinstance(token, list) else token
    assert share.decode_scenario(token) == DEFAULT


@pytest.mark.parametrize("preset", PRESET_FILES)
def test_every_preset_runs(preset):
    at = open_group(start(), "back_end")
    at.selectbox(key="preset").set_value(preset).run()
    assert not at.exception, at.exception
    assert not errors(at), errors(at)
    scenario = load_scenario(SCENARIOS / preset)
    assert current(at) == scenario
    assert at.subheader[0].value == i18n.escape_markdown(text_in(scenario.name, "en"))
    m = metrics(at)
    assert len(m) == 8
    assert all(not math.isnan(v) for v in m.values())
    # levers exist for the preset's ladder
    for i, _ in enumerate(scenario.back_end):
        assert key(at, f"back_end.{i}.take_rate") in at.session_state or any(
            s.key == key(at, f"back_end.{i}.take_rate~r") for s in at.slider)


# lever, group to open, new slider value, the headline that moves, and which way
LEVERS = [
    ("acquisition.channels.0.cac", "acquisition", 800.0, "cac", +1),
    ("acquisition.affiliate_commission", "acquisition", 40.0, "net_value", -1),
    ("front_end.price", "front_end", 200.0, "front_end_profit", -1),
    ("front_end.unit_cost", "front_end", 100.0, "clv", -1),
    ("back_end.0.take_rate", "back_end", 50.0, "clv", -1),
    ("back_end.1.price", "back_end", 2000.0, "clv", +1),
    ("subscription.price", "back_end", 20.0, "clv", +1),
    ("retention.churn", "retention", 10.0, "clv", -1),
    ("retention.loyalty_program.cost_per_member", "retention", 5.0, "clv", -1),
    ("cost_to_serve", "costs", 20.0, "clv", -1),
    ("back_end.1.unit_cost", "costs", 500.0, "clv", -1),
    ("referral.per_active_customer", "word_of_mouth", 2.0, "clv", +1),
    ("discount_rate", "advanced", 30.0, "clv", -1),
]


@pytest.mark.parametrize(("lever", "group", "value", "metric", "direction"), LEVERS,
                         ids=[lever for lever, *_ in LEVERS])
def test_each_group_of_levers_moves_its_numbers(lever, group, value, metric, direction):
    at = start()
    before = metrics(at)
    open_group(at, group)
    at.slider(key=key(at, lever)).set_value(value).run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    after = metrics(at)
    assert direction * (after[metric] - before[metric]) > 0, (before, after)
    # the lever's value went into the scenario (rates are shown in percent)
    node = scenario_to_dict(current(at))
    for part in lever.split("."):
        node = node[int(part)] if part.isdigit() else node[part]
    assert node == pytest.approx(value / 100 if lever in ("back_end.0.take_rate", "retention.churn",
                                                          "referral.per_active_customer", "discount_rate") else value)


def test_sample_size_and_seed_sit_in_the_advanced_group():
    at = start()
    open_group(at, "advanced")
    at.number_input(key=key(at, "simulation.replicates")).set_value(50).run()
    at.number_input(key=key(at, "simulation.seed")).set_value(11).run()
    assert not at.exception
    sim = current(at).simulation
    assert (sim.replicates, sim.seed) == (50, 11)
    assert any(c.band == "of 50 simulated futures" for c in cards(at))  # under "Chance of profit"
    # seed and sample size are not repeated in the page's captions: they sit under Advanced only
    assert not any("seed" in c.lower() or "replicate" in c.lower()
                   for c in [c.value for c in at.caption] + [c.band for c in cards(at)])
    assert not any("seed" in i.value.lower() for i in at.info)


def test_uncertainty_toggle_turns_a_lever_into_a_range_and_widens_the_band():
    at = open_group(start(), "back_end")
    band = next(c.band for c in cards(at) if c.band.startswith("90%"))
    lever = "back_end.0.take_rate"
    at.toggle(key=key(at, lever, "~u")).set_value(True).run()
    assert not at.exception
    rng = at.slider(key=key(at, lever, "~r"))
    assert isinstance(rng.value, tuple) and rng.value[0] < 80 < rng.value[1]
    rng.set_value((40.0, 95.0)).run()
    value = current(at).back_end[0].take_rate
    assert isinstance(value, Uncertain) and (value.low, value.high) == (0.4, 0.95)
    low, high = (number(x) for x in band.split(":", 1)[1].split("–"))
    low2, high2 = (number(x) for x in next(c.band for c in cards(at) if c.band.startswith("90%"))
                   .split(":", 1)[1].split("–"))
    assert high2 - low2 > 2 * (high - low)
    # switching it off again brings back the one number the lever had
    at.toggle(key=key(at, lever, "~u")).set_value(False).run()
    assert current(at).back_end[0].take_rate == pytest.approx(0.8)


def test_add_and_remove_a_rung():
    at = open_group(start(), "back_end")
    rungs = len(DEFAULT.back_end)
    at.button(key=key(at, "add_rung")).click().run()
    assert not at.exception
    assert len(current(at).back_end) == rungs + 1
    assert current(at).back_end[-1].name == i18n.t("en", "new_rung_name", n=rungs + 1)
    at.slider(key=key(at, f"back_end.{rungs}.take_rate")).set_value(90.0).run()
    assert current(at).back_end[-1].take_rate == pytest.approx(0.9)
    at.button(key=key(at, "remove_rung.0")).click().run()
    assert not at.exception
    ladder = current(at).back_end
    assert len(ladder) == rungs and ladder[0].name == DEFAULT.back_end[1].name
    assert ladder[-1].take_rate == pytest.approx(0.9)  # the moved lever survived the rebuild


def test_settings_that_make_no_valid_scenario_warn_and_keep_the_last_numbers():
    at = start()
    open_group(at, "word_of_mouth")
    before = metrics(at)
    at.slider(key=key(at, "referral.per_active_customer")).set_value(10.0).run()  # snowballs at 0 churn
    assert not at.exception
    assert at.warning and i18n.escape_markdown("referral.per_active_customer") in at.warning[0].value
    assert metrics(at) == before


# --------------------------------------------------------------------------
# Uploads, downloads and links
# --------------------------------------------------------------------------

BAD_UPLOADS = {
    "not_yaml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8"),
    "broken_yaml": (b"name: [unclosed\nfront_end: {", "not valid YAML"),
    "too_large": (b"name: big\n" + b"# padding\n" * 30_000, "limited to 262,144 bytes"),
    "unknown_key": (b"name: x\nretention: {churnn: 0.1}\n", "retention.churnn: unknown key; did you mean 'churn'?"),
    "invalid_value": (b"name: x\nback_end:\n  - {name: A, price: 10, take_rate: 1.3}\n",
                      "back_end[0].take_rate: must be ≤ 1 (got 1.3)"),
    "not_a_mapping": (b"- just\n- a list\n", "must be a YAML mapping"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_shows_a_clear_message_and_keeps_the_scenario(case):
    content, expected = BAD_UPLOADS[case]
    at = start()
    at.slider(key=key(at, "front_end.price")).set_value(300.0).run()  # a state that is not the preset's
    before_yaml, before = at.session_state["current_yaml"], metrics(at)
    at.file_uploader(key=f"upload_{at.session_state['upload_n']}").upload("bad.yaml", content).run()
    assert not at.exception, at.exception
    assert at.session_state["current_yaml"] == before_yaml
    assert metrics(at) == before
    assert at.slider(key=key(at, "front_end.price")).value == 300.0
    message = " ".join(errors(at))
    assert i18n.escape_markdown("bad.yaml") in message and "unchanged" in message
    assert i18n.escape_markdown(expected) in message


def test_upload_errors_are_in_the_chosen_language():
    at = start(lang="zh")
    at.file_uploader(key=f"upload_{at.session_state['upload_n']}").upload(
        "bad.yaml", BAD_UPLOADS["invalid_value"][0]).run()
    message = " ".join(errors(at))
    assert "当前场景保持不变" in message
    assert "take\\_rate（购买率）：必须 ≤ 1（实际为 1\\.3）" in message
    assert "must be" not in message


def test_uploaded_text_is_never_rendered_as_markup():
    evil = "<img src=x onerror=alert(1)> **bold** [link](http://example.com) :red[x]"
    text = dump_scenario(scenario_from_dict({"name": evil[:80], "description": evil}))
    at = start()
    at.file_uploader(key=f"upload_{at.session_state['upload_n']}").upload("evil.yaml", text.encode()).run()
    assert not at.exception
    assert current(at).name == evil[:80]
    shown = at.subheader[0].value
    assert shown == i18n.escape_markdown(evil[:80])
    for token in ("<", ">", "*", "[", "]", "(", ")", ":"):
        assert f"\\{token}" in shown  # every markup character is escaped


def test_a_downloaded_file_uploads_back_to_exactly_the_same_state():
    at = start()
    open_group(at, "retention")
    open_group(at, "back_end")
    at.slider(key=key(at, "front_end.price")).set_value(250.0).run()
    at.toggle(key=key(at, "back_end.0.take_rate", "~u")).set_value(True).run()
    at.slider(key=key(at, "retention.churn")).set_value(4.5).run()
    downloaded = at.session_state["current_yaml"]  # what the download button serves
    before = metrics(at)
    fresh = start()
    fresh.file_uploader(key=f"upload_{fresh.session_state['upload_n']}").upload("mine.yaml", downloaded.encode()).run()
    assert not fresh.exception
    assert fresh.session_state["current_yaml"] == downloaded
    assert metrics(fresh) == before
    assert fresh.success and i18n.escape_markdown("mine.yaml") in fresh.success[0].value


def test_a_shared_link_reproduces_the_view():
    at = start()
    at.slider(key=key(at, "front_end.price")).set_value(150.0).run()
    token = at.query_params["s"]
    token = token[0] if isinstance(token, list) else token
    other = start(lang="zh", s=token)
    assert other.session_state["current_yaml"] == at.session_state["current_yaml"]
    assert metrics(other, "zh") == metrics(at)
    assert other.session_state["preset"] is None  # not one of the presets any more


def test_a_damaged_link_falls_back_to_the_default_with_a_message():
    at = start(s="1.definitely-not-a-scenario")
    assert not at.exception
    assert current(at) == DEFAULT
    assert at.warning and "could not be read" in at.warning[0].value


# --------------------------------------------------------------------------
# Language and compare mode
# --------------------------------------------------------------------------


def test_language_switch_changes_labels_numbers_and_url():
    at = start()
    en_labels = [m.label for m in cards(at)]
    en_groups = [e.label for e in at.expander]
    assert i18n.t("en", "m_clv") in en_labels
    at.segmented_control(key="lang").set_value("zh").run()
    assert not at.exception
    zh_labels = [m.label for m in cards(at)]
    assert i18n.t("zh", "m_clv") in zh_labels and not set(en_labels) & set(zh_labels) - {"LTV : CAC"}
    assert all(CJK.search(g) for g in (e.label for e in at.expander))
    assert [e.label for e in at.expander] != en_groups
    assert at.title[0].value == i18n.t("zh", "app_title")
    ratio = next(m.value for m in cards(at) if m.label == i18n.t("zh", "m_ltv_cac"))
    assert ratio.endswith("倍")
    lang = at.query_params["lang"]
    assert (lang[0] if isinstance(lang, list) else lang) == "zh"
    # levers keep their values across the switch
    at.slider(key=key(at, "front_end.price")).set_value(300.0).run()
    at.segmented_control(key="lang").set_value("en").run()
    assert at.slider(key=key(at, "front_end.price")).value == 300.0
    assert at.slider(key=key(at, "front_end.price")).label.startswith("Price")


def test_language_defaults_to_the_browser_locale():
    at = start(lang=None, context={"locale": "zh-CN"})
    assert at.session_state["lang"] == "zh"
    assert at.title[0].value == i18n.t("zh", "app_title")
    at = start(lang=None, context={"locale": "en-GB"})
    assert at.session_state["lang"] == "en"


def test_compare_mode_shows_b_against_a_with_differences():
    at = start()
    at.button(key="pin").click().run()
    pinned = at.session_state["pinned_yaml"]
    assert pinned == at.session_state["current_yaml"]
    at.slider(key=key(at, "front_end.price")).set_value(250.0).run()
    assert not at.exception
    deltas = {m.label: m.delta for m in cards(at)}
    assert deltas[i18n.t("en", "m_clv")] == "-¥250"
    assert deltas[i18n.t("en", "m_cac")] is None or deltas[i18n.t("en", "m_cac")] == ""  # same CAC: no arrow
    assert at.info and "same random numbers" in at.info[0].value and "seed" not in at.info[0].value
    token = at.query_params["a"]
    assert share.decode_scenario(token[0] if isinstance(token, list) else token) == load_scenario_text(pinned)
    at.button(key="unpin").click().run()
    assert at.session_state["pinned_yaml"] is None and not at.info


# --------------------------------------------------------------------------
# presentation.levers: scenario <-> levers
# --------------------------------------------------------------------------


def _untouched(levers):
    return {c.key: c.initial for c in levers}


@pytest.mark.parametrize("preset", PRESET_FILES)
def test_levers_left_alone_leave_the_scenario_exactly_as_it_was(preset):
    scenario = load_scenario(SCENARIOS / preset)
    levers = ui_state.controls(scenario)
    for c in levers:
        assert c.lo <= c.point <= c.hi, c
        lo, hi = c.range
        assert c.lo <= lo < hi <= c.hi or c.lo == c.hi, c
        assert c.group in ui_state.GROUPS
        assert ui_state.english_help(c.help_key), c.help_key
        assert c.help_key in i18n.HELP_ZH, c.help_key
        assert ui_state.label(c, "zh", 12) != ui_state.label(c, "en", 12)
    assert dump_scenario(ui_state.apply(scenario, _untouched(levers))) == dump_scenario(scenario)


def test_every_group_has_levers():
    groups = {c.group for c in ui_state.controls(load_scenario(SCENARIOS / "consulting_clv_trinity.yaml"))} \
        if (SCENARIOS / "consulting_clv_trinity.yaml").exists() else {c.group for c in ui_state.controls(DEFAULT)}
    assert groups == set(ui_state.GROUPS)


def test_a_moved_lever_rounds_to_its_step_and_creates_missing_sections():
    levers = ui_state.controls(DEFAULT)
    values = _untouched(levers)
    values["retention.save_offer.acceptance"] = 30.000000000000004  # float noise from the browser
    values["subscription.price"] = 9.5
    s = ui_state.apply(DEFAULT, values)
    assert s.retention.save_offer.acceptance == 0.3
    assert s.retention.save_offer.max_saves == 1  # the schema's default for the rest of the section
    assert s.subscription.price == 9.5 and s.subscription.adoption == 1.0
    assert "repeat_purchase" not in scenario_to_dict(s)  # untouched optional sections stay out


def test_a_range_keeps_its_distribution_and_mode_inside_it():
    s = scenario_from_dict({"name": "x", "front_end": {"name": "f", "price": {"low": 10, "high": 30, "dist": "triangular",
                                                                              "mode": 12}},
                            "acquisition": {"channels": [{"name": "c", "cac": {"low": 5, "high": 9,
                                                                                "dist": "lognormal"}}]}})
    levers = ui_state.controls(s)
    values = _untouched(levers)
    values["front_end.price"] = (15.0, 30.0)
    values["acquisition.channels.0.cac"] = (0.0, 9.0)
    out = ui_state.apply(s, values)
    assert out.front_end.price == Uncertain(low=15, high=30, dist="triangular", mode=15)
    assert out.acquisition.channels[0].cac == Uncertain(low=0, high=9)  # lognormal cannot start at 0


def test_moving_churn_replaces_churn_beta_by_the_same_pair():
    s = scenario_from_dict({"name": "x", "retention": {"churn_beta": {"alpha": 1, "beta": 9}}})
    levers = {c.key: c for c in ui_state.controls(s)}
    assert levers["retention.churn"].point == pytest.approx(10.0)
    assert levers["retention.heterogeneity"].point == pytest.approx(100 / 11)
    values = _untouched(levers.values())
    values["retention.churn"] = 20.0
    out = ui_state.apply(s, values)
    assert out.retention.churn_beta is None
    assert out.retention.churn == 0.2 and out.retention.heterogeneity == pytest.approx(1 / 11)


def test_read_upload_refuses_large_files_before_parsing():
    with pytest.raises(ScenarioError) as info:
        ui_state.read_upload(b"#" * (ui_state.MAX_UPLOAD_BYTES + 1))
    assert "limited to 262,144 bytes" in problems_text(info.value, "en")[0]
    assert ui_state.read_upload(dump_scenario(DEFAULT).encode()) == DEFAULT


def test_add_and_remove_rung_helpers():
    more = ui_state.add_rung(DEFAULT, "Upsell 3")
    assert [r.name for r in more.back_end][-1] == "Upsell 3"
    assert ui_state.remove_rung(more, len(more.back_end) - 1) == DEFAULT
    empty = DEFAULT
    for _ in DEFAULT.back_end:
        empty = ui_state.remove_rung(empty, 0)
    assert empty.back_end == [] and "back_end" not in scenario_to_dict(empty)
    assert ui_state.new_rung_name(DEFAULT, "zh") == "追加销售 3"


def test_headlines_in_compare_mode_carry_b_minus_a():
    from simulator import simulate

    a = simulate(DEFAULT, customers=200, replicates=20)
    data = scenario_to_dict(DEFAULT)
    data["front_end"] = {**data["front_end"], "price": 100}
    b = simulate(scenario_from_dict(data), customers=200, replicates=20)
    rows = {h.key: h for h in ui_state.headlines(b, "en", a, scenario=scenario_from_dict(data), pinned_scenario=DEFAULT)}
    assert rows["clv"].delta == "-¥400" and rows["cac"].delta is None
    assert rows["cac"].delta_color == "inverse" and rows["payback"].delta_color == "inverse"
    assert rows["front_end_profit"].value == "-¥400"
    assert rows["max_cac"].delta == "-¥400"  # the price cut is paid by every buyer: ¥400 less to spend on each
    zh = {h.key: h for h in ui_state.headlines(b, "zh", scenario=scenario_from_dict(data))}
    assert zh["ltv_cac"].value.endswith("倍") and zh["clv"].band.startswith("90% 区间")


# --------------------------------------------------------------------------
# i18n
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("x", "en", "zh"), [
    (0, "0", "0"),
    (2259.4, "2,259", "2,259"),
    (12345.0, "12,345", "1.23万"),
    (-12345.0, "-12,345", "-1.23万"),
    (250_000_000.0, "250M", "2.5亿"),
    (4.5, "4.5", "4.5"),
    (0.25, "0.25", "0.25"),
])
def test_numbers_are_formatted_per_language(x, en, zh):
    assert i18n.fmt_number(x, "en") == en
    assert i18n.fmt_number(x, "zh") == zh


def test_money_ratio_percent_and_periods():
    assert i18n.fmt_money(-500, "en", "CNY") == "-¥500"
    assert i18n.fmt_money(1234.5, "en", "CHF") == "1,234 CHF"
    assert i18n.fmt_money(20000, "zh", "USD") == "$2万"
    assert i18n.fmt_ratio(4.523, "en") == "4.52×" and i18n.fmt_ratio(4.523, "zh") == "4.52 倍"
    assert i18n.fmt_percent(0.8, "en") == "80%" and i18n.fmt_percent(0.045, "zh") == "4.5%"
    assert i18n.fmt_periods(1, "en", 12) == "1 month" and i18n.fmt_periods(3, "en", 12) == "3 months"
    assert i18n.fmt_periods(3, "zh", 12) == "3 个月" and i18n.fmt_periods(2, "zh", 1) == "2 年"
    assert i18n.fmt_periods(math.inf, "en", 12, 36) == "not within 36 months"
    assert i18n.fmt_periods(math.inf, "zh", 12, 36) == "36 个月内未回本"


def test_language_detection():
    assert i18n.detect_language("zh-CN") == "zh" and i18n.detect_language("zh_TW") == "zh"
    assert i18n.detect_language("en-US") == "en" and i18n.detect_language(None) == "en"
    assert i18n.normalise_lang("ZH") == "zh" and i18n.normalise_lang("fr") is None


def test_escape_markdown_leaves_plain_words_alone():
    assert i18n.escape_markdown("Intro course 80") == "Intro course 80"
    assert i18n.escape_markdown("**x**") == "\\*\\*x\\*\\*"


# --------------------------------------------------------------------------
# Channel shares, rung names and billing, the business view
# --------------------------------------------------------------------------

TWO_CHANNELS = """
name: Two ponds
acquisition:
  channels:
    - {name: Search ads, share: 0.6, cac: 100}
    - {name: Partners, share: 0.4, cac: 20}
front_end: {name: Trial, price: 10}
back_end:
  - {name: Course, price: 300, take_rate: 0.5}
"""


def test_share_sliders_give_the_rest_to_the_last_channel():
    scenario = load_scenario_text(TWO_CHANNELS)
    levers = {c.key: c for c in ui_state.controls(scenario)}
    assert "acquisition.channels.0.share" in levers and "acquisition.channels.1.share" not in levers
    moved = ui_state.apply(scenario, {"acquisition.channels.0.share": 75.0})
    assert [c.share for c in moved.acquisition.channels] == [0.75, 0.25]
    assert ui_state.channel_shares(moved) == [("Search ads", 0.75), ("Partners", 0.25)]
    # untouched, the file stays exactly as it was
    assert dump_scenario(ui_state.apply(scenario, _untouched(levers.values()))) == dump_scenario(scenario)
    # an uncertain share cannot be balanced by a remainder: no share sliders then
    data = scenario_to_dict(scenario)
    data["acquisition"]["channels"][0]["share"] = {"low": 0.5, "high": 0.7}
    data["acquisition"]["channels"][1]["share"] = {"low": 0.3, "high": 0.5}
    assert not ui_state.share_levers_ok(scenario_from_dict(data))


def test_share_slider_moves_cac_in_the_app():
    token = share.encode_scenario(load_scenario_text(TWO_CHANNELS))
    at = start(s=token)
    before = metrics(at)["cac"]
    assert before == pytest.approx(0.6 * 100 + 0.4 * 20)
    at.slider(key=key(at, "acquisition.channels.0.share")).set_value(25.0).run()
    assert not at.exception
    assert metrics(at)["cac"] == pytest.approx(0.25 * 100 + 0.75 * 20)
    assert any("Partners 75%" in c.value for c in at.caption)


def test_edit_rung_renames_and_rebills_and_refuses_bad_names():
    scenario = load_scenario_text(TWO_CHANNELS)
    renamed = ui_state.edit_rung(scenario, 0, name="  Masterclass ")
    assert text_in(renamed.back_end[0].name, "en") == "Masterclass"
    monthly = ui_state.edit_rung(scenario, 0, billing="per_period")
    assert monthly.back_end[0].billing == "per_period"
    with pytest.raises(ScenarioError, match="back_end"):
        ui_state.edit_rung(scenario, 0, name="   ")
    with pytest.raises(ScenarioError):
        ui_state.edit_rung(scenario, 3, name="x")


def test_rung_name_and_billing_in_the_app():
    at = open_group(start(), "back_end")
    at.text_input(key=key(at, "rung_name.0")).set_value("Conversation club").run()
    assert not at.exception
    renamed = current(at).back_end[0].name  # typed on the English page: the Chinese name is kept
    assert (text_in(renamed, "en"), text_in(renamed, "zh")) == ("Conversation club", "中级课程")
    clv_once = metrics(at)["clv"]
    at.selectbox(key=key(at, "rung_billing.0")).set_value("per_period").run()
    assert not at.exception
    assert current(at).back_end[0].billing == "per_period"
    assert metrics(at)["clv"] > clv_once  # the course now bills every month while the customer stays
    # a blank name is refused: the error names the field, the scenario keeps its name, the field shows it again
    at.text_input(key=key(at, "rung_name.0")).set_value("  ").run()
    assert not at.exception
    assert text_in(current(at).back_end[0].name, "en") == "Conversation club"
    assert errors(at) and "name" in errors(at)[0]
    assert at.text_input(key=key(at, "rung_name.0")).value == "Conversation club"


def test_business_view_appears_when_buyers_per_period_is_set():
    at = start()
    assert not business_metrics(at)
    assert any(i18n.t("en", "business_off", unit="month")[:20] in c.value for c in at.caption)
    open_group(at, "business")
    at.slider(key=key(at, "acquisition.buyers_per_period")).set_value(100.0).run()
    at.slider(key=key(at, "acquisition.periods")).set_value(6).run()
    assert not at.exception
    b = business_metrics(at)
    assert set(b) == {"total_profit", "npv", "capital_needed", "cash_positive_period"}
    # Peter: 100 buyers a month for 6 months, each worth about CLV - CAC; no discounting in the preset
    per_buyer = metrics(at)["net_value"]
    assert b["total_profit"] == pytest.approx(600 * per_buyer, rel=0.05)
    assert b["npv"] == pytest.approx(b["total_profit"], rel=0.01)
    assert i18n.t("en", "business_title") in [h.value for h in at.main.subheader]


def test_business_headlines_match_the_result():
    from simulator import simulate
    from simulator.metrics import Band

    data = scenario_to_dict(DEFAULT)
    data["acquisition"]["buyers_per_period"] = 50
    data["acquisition"]["periods"] = 3
    result = simulate(scenario_from_dict(data), customers=500, replicates=20)
    rows = {h.key: h for h in ui_state.business_headlines(result, "zh")}
    assert list(rows) == ["b_total_profit", "b_npv", "b_capital_needed", "b_cash_positive_period", "b_average_cac"]
    assert rows["b_total_profit"].raw == pytest.approx(Band.of(result.business.total_profit).mean)
    assert rows["b_average_cac"].raw == pytest.approx(500)
    assert all(CJK.search(h.label) for h in rows.values())
    assert ui_state.business_headlines(simulate(DEFAULT, customers=100, replicates=3), "en") == []


def test_repeat_rate_beta_shows_as_rate_and_heterogeneity_and_moving_one_keeps_the_other():
    data = scenario_to_dict(load_scenario_text(TWO_CHANNELS))
    data["repeat_purchase"] = {"rate_beta": {"alpha": 1.0, "beta": 3.0}, "order_value": 40, "margin": 0.5}
    scenario = scenario_from_dict(data)
    levers = {c.key: c for c in ui_state.controls(scenario)}
    assert levers["repeat_purchase.rate"].point == pytest.approx(25.0)  # mean 1 / (1 + 3)
    assert levers["repeat_purchase.heterogeneity"].point == pytest.approx(20.0)  # 1 / (1 + 3 + 1)
    assert dump_scenario(ui_state.apply(scenario, _untouched(levers.values()))) == dump_scenario(scenario)
    moved = ui_state.apply(scenario, {"repeat_purchase.rate": 30.0})
    assert moved.repeat_purchase.rate_beta is None
    assert moved.repeat_purchase.rate == pytest.approx(0.30)
    assert moved.repeat_purchase.heterogeneity == pytest.approx(0.2)


def test_channel_quality_levers_change_the_value_of_a_pond():
    scenario = load_scenario_text(TWO_CHANNELS)
    levers = {c.key: c for c in ui_state.controls(scenario)}
    assert levers["acquisition.channels.1.churn_multiplier"].slider_format("USD") == "×%.2f"
    assert "acquisition.channels.0.take_rate_multiplier" in levers
    better = ui_state.apply(scenario, {"acquisition.channels.1.take_rate_multiplier": 2.0})
    assert better.acquisition.channels[1].take_rate_multiplier == 2.0
    from simulator import simulate

    base = simulate(scenario, customers=4000, replicates=4, seed=1).clv.mean()
    assert simulate(better, customers=4000, replicates=4, seed=1).clv.mean() > base
    # one channel: no quality levers (they would only rescale the whole scenario)
    assert not any("multiplier" in c.key for c in ui_state.controls(DEFAULT))


def test_calibrate_view_fits_sample_data_and_hands_the_scenario_to_the_levers():
    at = start(view="calibrate")
    assert not at.sidebar.slider  # no levers while calibrating
    at.button(key="cal:sample:transactions").click().run()
    at.button(key="cal:fit").click().run()
    assert not at.exception
    at.button(key="cal:use").click().run()
    assert not at.exception
    assert at.session_state["view"] == "simulate"
    fitted = current(at)
    assert fitted.repeat_purchase is not None and fitted.repeat_purchase.rate > 0
    assert fitted.retention.churn > 0
    assert at.success and "TODO" in at.success[0].value
    assert at.sidebar.slider and metrics(at)["clv"] > 0  # the simulator runs the fitted scenario


def test_back_button_follows_the_address_it_goes_back_to():
    """Back/Forward change the address and rerun the page: the page follows the address, as a link would."""
    at = start()
    first = dict(at.session_state["url_written"])
    at.slider(key=key(at, "front_end.price")).set_value(700.0).run()
    assert current(at).front_end.price == 700
    at.session_state["lang"] = "zh"
    at.run()
    assert at.session_state["url_written"]["lang"] == "zh"
    # the browser goes back to the first address: English, the price at 500
    for k in list(at.query_params.keys()):
        del at.query_params[k]
    for k, v in first.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert current(at).front_end.price == 500
    assert metrics(at)["cac"] == pytest.approx(500)
    # a mangled address keeps what is on screen and says so
    at.query_params["s"] = "1.not-a-scenario"
    at.run()
    assert not at.exception and at.warning
    assert current(at).front_end.price == 500


def test_a_rerun_with_an_older_address_does_not_undo_a_lever_just_moved():
    """A widget change racing the address update carries the previous address: the lever wins."""
    at = start()
    first = dict(at.session_state["url_written"])
    at.slider(key=key(at, "front_end.price")).set_value(700.0).run()
    for k in list(at.query_params.keys()):
        del at.query_params[k]
    for k, v in first.items():
        at.query_params[k] = v  # the browser has not caught up with the last write yet...
    at.slider(key=key(at, "front_end.price")).set_value(710.0)  # ...when the next move arrives
    at.run()
    assert not at.exception
    assert current(at).front_end.price == 710


def test_streamlit_magic_is_off():
    """A bare expression in a page is code, never something drawn: ``runner.magicEnabled = false``."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
