"""Every lever typed or slid (AppTest): a number box beside each slider, exact to the cent, and a slider
whose range follows what was typed."""

from __future__ import annotations

from pathlib import Path

import yaml
from streamlit.testing.v1 import AppTest

from presentation.texts import text_in
from simulator.scenario import load_scenario_text
from tests.app_cards import cards

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def start(preset: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    if preset is not None:
        at.selectbox(key="preset").set_value(preset).run()
    assert not at.exception, at.exception
    return at


def lever(at: AppTest, path: str) -> str:
    return f"{at.session_state['gen']}:{path}"


def current(at: AppTest):
    return load_scenario_text(at.session_state["current_yaml"])


def _current_key(at: AppTest, key: str) -> str:
    """A lever widget's key now: each time the other widget of the lever changes the value, it is drawn afresh."""
    ver = at.session_state[key + "~ver"][0] if key + "~ver" in at.session_state else 0
    return key if ver == 0 else f"{key}@{ver}"


def box(at: AppTest, path: str):
    return at.number_input(key=_current_key(at, lever(at, path) + "#n"))


def slider(at: AppTest, path: str):
    return at.slider(key=_current_key(at, lever(at, path)))


def test_each_lever_has_a_number_box_with_the_slider_s_label():
    at = start()
    bar = slider(at, "front_end.price")
    number = box(at, "front_end.price")
    assert number.label == "Price · Intro course" == bar.label
    assert number.value == bar.value == 500


def test_a_typed_price_is_kept_to_the_cent_in_the_scenario_and_the_file():
    at = start("affiliate_web_host.yaml")
    box(at, "front_end.price").set_value(7.95).run()
    assert not at.exception
    assert current(at).front_end.price == 7.95
    assert yaml.safe_load(at.session_state["current_yaml"])["front_end"]["price"] == 7.95
    assert slider(at, "front_end.price").value == 7.95  # the slider holds it too


def test_typing_beyond_the_slider_widens_its_range_and_the_headline_shows_the_value():
    at = start()
    bar = slider(at, "acquisition.channels.0.cac")
    assert bar.max < 12_345
    box(at, "acquisition.channels.0.cac").set_value(12_345.0).run()
    assert not at.exception
    assert current(at).acquisition.channels[0].cac == 12_345
    assert "cac: 12345" in at.session_state["current_yaml"].replace(".0\n", "\n")
    bar = slider(at, "acquisition.channels.0.cac")
    assert bar.max >= 12_345 and bar.value == 12_345
    cac = next(m for m in cards(at) if m.label == "CAC")
    assert cac.value == "¥12,345"


def test_moving_the_slider_moves_the_number_box():
    at = start()
    slider(at, "front_end.price").set_value(710.0).run()
    assert box(at, "front_end.price").value == 710
    assert current(at).front_end.price == 710


def test_a_structural_change_keeps_the_sliders_ranges():
    """Renaming a rung used to rebuild every range from the moved values (CAC ¥0–2,000 became ¥0–10,000)."""
    at = start()
    before = slider(at, "acquisition.channels.0.cac")
    lo, hi, step = before.min, before.max, before.step
    slider(at, "acquisition.channels.0.cac").set_value(1_900.0).run()
    at.session_state["group:back_end"] = True
    at.run()
    at.text_input(key=f"{at.session_state['gen']}:rung_name.0").set_value("Core course").run()
    assert not at.exception
    assert text_in(current(at).back_end[0].name, "en") == "Core course"
    after = slider(at, "acquisition.channels.0.cac")
    assert (after.min, after.max, after.step) == (lo, hi, step)
    assert after.value == 1_900


# --------------------------------------------------------------------------
# Every name and setting editable
# --------------------------------------------------------------------------


def open_settings(at: AppTest) -> AppTest:
    at.session_state["group:settings"] = True
    at.run()
    return at


def setting(at: AppTest, field: str) -> str:
    return f"{at.session_state['gen']}:set.{field}"


def test_the_scenario_s_own_settings_are_editable():
    at = open_settings(start())
    at.text_input(key=setting(at, "name")).set_value("My SaaS").run()
    at.text_input(key=setting(at, "front_end_name")).set_value("Free trial").run()
    at.text_area(key=setting(at, "description")).set_value("Our own numbers.").run()
    at.selectbox(key=setting(at, "currency")).set_value("EUR").run()
    at.selectbox(key=setting(at, "periods_per_year")).set_value(52).run()
    assert not at.exception
    s = current(at)
    assert (text_in(s.name, "en"), text_in(s.front_end.name, "en"), text_in(s.description, "en"), s.currency,
            s.periods_per_year) == ("My SaaS", "Free trial", "Our own numbers.", "EUR", 52)
    assert text_in(s.name, "zh") == "彼得的英语学校"  # typed on the English page: the Chinese name stays
    assert s.back_end[0].price == 1000 and s.horizon == 12  # nothing else moved
    assert at.subheader[0].value == "My SaaS"
    assert "Price · Free trial" in [sl.label for sl in at.slider]


def test_a_currency_not_in_the_list_can_be_typed():
    at = open_settings(start())
    at.selectbox(key=setting(at, "currency")).set_value("__other__").run()
    at.text_input(key=setting(at, "currency_code")).set_value("chf").run()
    assert not at.exception
    assert current(at).currency == "CHF"


def test_a_blank_scenario_name_is_refused_with_a_message_and_the_old_name_kept():
    at = open_settings(start())
    at.text_input(key=setting(at, "name")).set_value("   ").run()
    assert not at.exception
    assert text_in(current(at).name, "en") == "Peter's English school"
    assert any("not changed" in e.value for e in at.error)


def test_channels_are_added_renamed_and_removed():
    at = start()
    gen = at.session_state["gen"]
    at.button(key=f"{gen}:add_channel").click().run()
    assert not at.exception
    s = current(at)
    assert [text_in(c.name, "en") for c in s.acquisition.channels] == ["Advertising", "Channel 2"]
    assert [c.share for c in s.acquisition.channels] == [1.0, 0.0] and s.acquisition.channels[1].cac == 500
    gen = at.session_state["gen"]
    at.text_input(key=f"{gen}:channel_name.1").set_value("Referral partners").run()
    assert [text_in(c.name, "en") for c in current(at).acquisition.channels] == ["Advertising", "Referral partners"]
    assert slider(at, "acquisition.channels.0.share").label.startswith("Share")
    gen = at.session_state["gen"]
    at.button(key=f"{gen}:remove_channel.0").click().run()
    s = current(at)
    assert [text_in(c.name, "en") for c in s.acquisition.channels] == ["Referral partners"]
    assert s.acquisition.channels[0].share == 1.0


# --------------------------------------------------------------------------
# Start anywhere, get back anywhere
# --------------------------------------------------------------------------


def test_new_scenario_from_the_blank_funnel_and_each_template_in_both_languages():
    for lang in ("en", "zh"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        assert not [b for b in at.button if str(b.key).startswith("new:")]  # drawn only while the popover is open
        for stem in ("blank", "course_ladder", "saas_trial", "membership", "ecommerce_repeat", "services_retainer"):
            at.session_state["new_popover"] = True  # the person opens "New scenario"
            at.run()
            button = at.button(key=f"new:{stem}")
            assert button.label and (lang == "en" or any("\u4e00" <= ch <= "\u9fff" for ch in button.label))
            button.click().run()
            assert not at.exception, (lang, stem)
            assert not at.error, (lang, stem, [e.value for e in at.error])
            assert at.session_state["preset"] is None and len(cards(at)) >= 4
    assert current(at).back_end[0].billing == "per_period"  # the last one opened: the services retainer
    at.session_state["new_popover"] = True
    at.run()
    at.button(key="new:blank").click().run()
    s = current(at)
    assert s.back_end == [] and s.subscription is None and s.front_end.price == 0


def test_reset_brings_back_the_preset_and_undo_redo_step_through_the_changes():
    at = start()
    slider(at, "front_end.price").set_value(600.0).run()
    slider(at, "front_end.price").set_value(700.0).run()
    assert current(at).front_end.price == 700
    assert at.button(key="redo").proto.disabled and not at.button(key="undo").proto.disabled
    at.button(key="undo").click().run()
    assert current(at).front_end.price == 600
    assert slider(at, "front_end.price").value == 600  # the levers show it too
    at.button(key="undo").click().run()
    assert current(at).front_end.price == 500
    at.button(key="redo").click().run()
    assert current(at).front_end.price == 600
    slider(at, "front_end.price").set_value(650.0).run()  # a new change: nothing left to redo
    assert at.button(key="redo").proto.disabled
    at.button(key="reset").click().run()
    assert current(at).front_end.price == 500
    assert at.session_state["preset"] == "peter_english_school.yaml"


def test_a_subscription_given_a_price_brings_its_adoption_lever():
    """Levers that only make sense once another is set appear then, without a structural click."""
    at = start()
    at.session_state["new_popover"] = True
    at.run()
    at.button(key="new:blank").click().run()
    at.session_state["group:back_end"] = True
    at.run()
    box(at, "subscription.price").set_value(29.0).run()
    assert not at.exception
    assert current(at).subscription.price == 29
    box(at, "subscription.adoption").set_value(40.0).run()
    assert current(at).subscription.adoption == 0.4


def test_a_typed_value_survives_a_closed_group_and_another_page():
    at = start()
    box(at, "front_end.price").set_value(777.77).run()
    at.session_state["group:front_end"] = False
    at.run()
    at.session_state["group:front_end"] = True
    at.run()
    assert box(at, "front_end.price").value == 777.77 and slider(at, "front_end.price").value == 777.77
    assert current(at).front_end.price == 777.77


def _all_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "subheader", "title", "info", "warning", "error", "success", "metric"):
        for el in getattr(at, kind):
            parts.append(str(getattr(el, "value", "")) + " " + str(getattr(el, "label", "")))
    for card in cards(at):  # the headline cards, as the browser shows their text
        parts.append(" ".join((card.label, card.value, card.delta or "", card.band, card.help)))
    for el in at.table:
        parts.append(el.value.to_string())
    return "\n".join(parts)


def test_no_page_shows_a_two_language_text_as_raw_data():
    """A name given as {en, zh} is shown in the page's language, never as "en='…' zh='…'"."""
    import re

    raw = re.compile(r"\ben=\\?'|\bzh=\\?'|LocalName|LocalStory|LocalText")  # markdown escapes the quote
    for lang in ("en", "zh"):
        for query in ({}, {"view": "tools"}):
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params["lang"] = lang
            for k, v in query.items():
                at.query_params[k] = v
            at.run()
            at.selectbox(key="preset").set_value("which_fish_pond.yaml").run()
            if query:
                at.session_state["tool"] = "channels"
                at.run()
            assert not at.exception
            text = _all_text(at)
            assert not raw.search(text), (lang, query, raw.search(text) and text[max(0, raw.search(text).start() - 80):][:160])


def test_moving_a_lever_again_and_again_leaves_no_widget_state_behind():
    """Each move draws the lever's other widget afresh (a new key); the old one's state must go, or a workshop's
    session grows by a widget per move (and every number box Streamlit draws reads the whole session state)."""
    at = start()
    box(at, "front_end.price").set_value(510.0).run()
    slider(at, "front_end.price").set_value(520.0).run()
    held = len(list(at.session_state._state._state._keys()))
    for i in range(6):
        box(at, "front_end.price").set_value(600.0 + i + 0.25).run()
        slider(at, "front_end.price").set_value(700.0 + 10 * i).run()
    assert not at.exception
    assert current(at).front_end.price == 750 and box(at, "front_end.price").value == 750
    assert len(list(at.session_state._state._state._keys())) == held
