"""Nothing a file or a link contains can break the page (issue 11, the app's part).

* the levers' ranges are finite for any finite value the schema may let through (6e307 raised
  OverflowError and left "Something went wrong" with no widget);
* a link or an upload that validates but cannot be drawn is refused like an invalid one: the
  scenario on screen and every widget stay;
* a part of a page that raises shows a message in the page's language; the sidebar keeps its
  widgets, and the last scenario that could be drawn comes back.

The "cannot be drawn" cases are made by hand (a lever builder that raises for one scenario's
name), since the real ones are fixed: the guard must hold for the next one nobody knows of.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from presentation import i18n, levers, share
from simulator.scenario import dump_scenario, load_scenario, load_scenario_text, scenario_from_dict, scenario_to_dict
from tests.app_cards import cards

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DEFAULT = load_scenario(ROOT / "scenarios" / levers.DEFAULT_PRESET)
WIDGETS = ("button", "segmented_control", "checkbox", "number_input", "selectbox", "slider", "select_slider",
           "text_input", "text_area", "toggle", "radio", "multiselect", "file_uploader", "download_button")
BOOM = "Boom scenario"


def start(lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def widgets(at: AppTest) -> dict[str, int]:
    """How many widgets of each kind the page holds (main area and sidebar)."""
    return {kind: len(getattr(at, kind)) for kind in WIDGETS}


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key=f"upload_{at.session_state['upload_n']}").upload(name, content).run()
    assert not at.exception, at.exception
    return at


def with_money(value: float, name: str | None = None):
    """The default preset with its front-end and first rung's prices at ``value``, built without validation
    (``model_copy``), so the levers are tested at any finite value whatever bound the schema sets."""
    rung = DEFAULT.back_end[0].model_copy(update={"price": value})
    update = {"front_end": DEFAULT.front_end.model_copy(update={"price": value}),
              "back_end": [rung, *DEFAULT.back_end[1:]]}
    if name is not None:
        update["name"] = name
    return DEFAULT.model_copy(update=update)


def money_yaml(value: float) -> str:
    data = scenario_to_dict(DEFAULT)
    data["front_end"]["price"] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def boom(monkeypatch):
    """The lever builder raises for scenarios named BOOM: a scenario that validates and cannot be drawn."""
    real = levers.controls

    def controls(scenario):
        if scenario.name == BOOM:
            raise OverflowError("a fault nobody knows of yet")
        return real(scenario)

    monkeypatch.setattr(levers, "controls", controls)
    return with_money(100.0, BOOM)


# --------------------------------------------------------------------------
# The levers: finite ranges for any finite value
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [6e307, 1.7e308, sys.float_info.max, 1e15, 1e-300, 0.0])
def test_every_lever_has_a_finite_range_whatever_the_money(value):
    ctrls = levers.controls(with_money(value))
    price = next(c for c in ctrls if c.key == "front_end.price")
    for c in ctrls:
        lo, hi, step = levers.slider_range(c, [c.point, *c.range])
        assert all(math.isfinite(x) for x in (c.lo, c.hi, c.step, lo, hi, step, c.point, *c.range)), c.key
        assert lo <= c.point <= hi and step > 0, c.key
    assert price.hi >= min(value, sys.float_info.max)  # the slider reaches the value it holds


@pytest.mark.parametrize("typed", [6e307, 1.7e308, sys.float_info.max])
def test_typing_a_huge_value_widens_the_slider_to_a_finite_end(typed):
    price = next(c for c in levers.controls(DEFAULT) if c.key == "front_end.price")
    lo, hi, step = levers.slider_range(price, [typed])
    assert math.isfinite(hi) and math.isfinite(step) and hi >= typed and step > 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_huge_amounts_are_written_not_refused(lang):
    assert i18n.fmt_money(6e307, lang, "USD") == "$6e+307"
    assert i18n.fmt_money(-1.7e308, lang, "CNY") == "-¥1.7e+308"
    assert i18n.fmt_number(2.5e15, lang) == "2.5e+15"
    assert i18n.fmt_ratio(1e300, lang).startswith("1e+300")
    assert i18n.fmt_percent(1e300, lang) == "1e+302%"


def test_bare_addresses_never_become_links():
    text = "see https://evil.example, HTTP://x.example, www.evil.example or mail boss@evil.example"
    shown = i18n.escape_markdown(text)
    plain = shown.replace("\\", "").replace(i18n.WORD_JOINER, "")
    assert plain == text  # the text as typed, once the escapes are undone and the joiners (invisible) dropped
    for pattern in ("https://", "HTTP://", "www.", "www\\.", "@e"):
        assert pattern not in shown.replace("\\:", ":")


# --------------------------------------------------------------------------
# Links and uploads
# --------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the engine's overflow at 6e307 is the core's to bound
@pytest.mark.parametrize("value", [6e307, 1e300, 1.7e308])
def test_a_link_with_huge_money_opens_with_every_widget(value):
    plain = start()
    at = start(s=share.encode_text(money_yaml(value)))
    assert widgets(at) == widgets(plain)
    price = load_scenario_text(at.session_state["current_yaml"]).front_end.price
    if price == value:  # the schema lets it through: it is drawn, levers and numbers
        assert not at.error and not at.warning, [e.value for e in [*at.error, *at.warning]]
        assert len(cards(at)) == len(cards(plain))
    else:  # the schema bounds money: the link is refused and the preset shown
        assert at.session_state["current_yaml"] == plain.session_state["current_yaml"]
        assert i18n.t("en", "link_failed") in at.warning[0].value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_hostile_link_leaves_the_preset_with_a_message(boom, lang):
    plain = start(lang)
    at = start(lang, s=share.encode_scenario(boom))
    assert load_scenario_text(at.session_state["current_yaml"]) == load_scenario_text(plain.session_state["current_yaml"])
    message = " ".join(w.value for w in at.warning)
    assert i18n.t(lang, "link_failed") in message
    assert i18n.escape_markdown(i18n.t(lang, "pr_not_drawable")) in message
    assert widgets(at) == widgets(plain)
    assert len(cards(at)) == len(cards(plain)) > 0


def test_a_hostile_upload_keeps_the_previous_scenario_and_every_widget(boom):
    at = start()
    at.slider(key=f"{at.session_state['gen']}:front_end.price").set_value(300.0).run()
    before_yaml, before = at.session_state["current_yaml"], widgets(at)
    upload(at, "boom.yaml", dump_scenario(boom).encode())
    assert at.session_state["current_yaml"] == before_yaml
    assert widgets(at) == before
    message = " ".join(e.value for e in at.error)
    assert i18n.escape_markdown("boom.yaml") in message
    assert i18n.escape_markdown(i18n.t("en", "pr_not_drawable")) in message


@pytest.mark.parametrize("content", [
    b"name: x\nhorizon: " + b"9" * 5000 + b"\n",  # an integer of 5,000 digits
    b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",  # deep nesting
    b"\x00\x01\x02" * 1000,  # binary
])
def test_uploads_the_core_refuses_keep_the_scenario_and_the_widgets(content):
    at = start()
    before_yaml, before = at.session_state["current_yaml"], widgets(at)
    upload(at, "hostile.yaml", content)
    assert at.session_state["current_yaml"] == before_yaml
    assert widgets(at) == before
    assert at.error and i18n.escape_markdown("hostile.yaml") in at.error[0].value


# --------------------------------------------------------------------------
# A view that raises
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_view_that_raises_shows_a_message_and_keeps_the_sidebar(monkeypatch, lang):
    from appviews import runs

    plain = start(lang)

    def broken(*args, **kwargs):
        raise RuntimeError("a chart nobody can draw")

    monkeypatch.setattr(runs, "chart_specs", broken)
    at = start(lang)
    assert [e.value for e in at.error] == [i18n.t(lang, "view_failed")]
    assert widgets(at) == widgets(plain)  # the sidebar is whole
    assert load_scenario_text(at.session_state["current_yaml"]) == DEFAULT


def test_a_scenario_that_breaks_a_view_gives_way_to_the_last_good_one(monkeypatch):
    from appviews import runs

    at = start()
    good_yaml, before = at.session_state["current_yaml"], widgets(at)
    real = runs.chart_specs

    def figures(yaml_b, *args, **kwargs):
        if load_scenario_text(yaml_b).front_end.price == 300:
            raise RuntimeError("a chart nobody can draw at this price")
        return real(yaml_b, *args, **kwargs)

    monkeypatch.setattr(runs, "chart_specs", figures)
    at.slider(key=f"{at.session_state['gen']}:front_end.price").set_value(300.0).run()
    assert not at.exception
    assert at.session_state["current_yaml"] == good_yaml  # the last scenario drawn whole is back
    assert [e.value for e in at.error] == [i18n.t("en", "drawing_failed")]
    assert widgets(at) == before
    at.slider(key=f"{at.session_state['gen']}:front_end.price").set_value(250.0).run()  # and the page goes on
    assert not at.exception and load_scenario_text(at.session_state["current_yaml"]).front_end.price == 250
    assert len(cards(at)) > 0 and widgets(at) == before


def test_a_sidebar_that_raises_keeps_the_numbers(monkeypatch):
    from appviews import sidebar

    plain = start()

    def broken(*args, **kwargs):
        raise RuntimeError("a lever nobody can draw")

    monkeypatch.setattr(sidebar, "_render_controls", broken)
    at = start()
    assert [e.value for e in at.sidebar.error] == [i18n.t("en", "view_failed")]
    assert len(cards(at)) == len(cards(plain)) > 0
