"""Hostile links in a real browser (issue 11): the page keeps the preset, its widgets and says why;
user text with bare addresses never becomes a link."""

from __future__ import annotations

import pytest
import yaml

from presentation import i18n, levers, share
from simulator.scenario import load_scenario, scenario_to_dict

from .helpers import METRIC, wait_idle, wait_ready
from .server import ROOT

DEFAULT = load_scenario(ROOT / "scenarios" / levers.DEFAULT_PRESET)
ALERT = '[data-testid="stAlert"]'
NAME = '[data-testid="stMainBlockContainer"] h3'  # the scenario's name, under the title
SIDEBAR_WIDGETS = ('section[data-testid="stSidebar"] [data-testid="stSlider"], '
                   'section[data-testid="stSidebar"] [data-testid="stNumberInput"]')


def _token(data: dict) -> str:
    return share.encode_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _open(context, server, token: str):
    page = context.new_page()
    page.goto(f"{server.url}?lang=en&s={token}")
    return page


def _sidebar_sliders(page) -> int:
    """The levers in the sidebar (number boxes and sliders), once they are drawn."""
    page.locator(SIDEBAR_WIDGETS).first.wait_for(timeout=30_000)
    wait_idle(page)
    return page.locator(SIDEBAR_WIDGETS).count()


def test_a_hostile_link_leaves_the_preset_with_a_message_and_every_widget(context, server):
    plain = context.new_page()
    plain.goto(f"{server.url}?lang=en")
    wait_ready(plain)
    sliders, metrics = _sidebar_sliders(plain), plain.locator(METRIC).count()
    assert sliders > 0 and metrics > 0
    name = plain.locator(NAME).first.inner_text()
    hostile = scenario_to_dict(DEFAULT)
    hostile["name"] = "<script>alert(1)</script> https://evil.example"
    hostile["back_end"][0]["take_rate"] = 1.3  # refused: the link is bad
    for token in (_token(hostile), "1.definitely-not-a-scenario"):
        page = _open(context, server, token)
        wait_ready(page)
        alert = page.locator(ALERT, has_text=i18n.t("en", "link_failed"))
        alert.wait_for(timeout=20_000)
        assert page.locator(NAME).first.inner_text() == name  # the preset is on screen
        assert _sidebar_sliders(page) == sliders and page.locator(METRIC).count() == metrics
        content = page.content()
        assert "Traceback" not in content and i18n.t("en", "unexpected") not in content
        page.close()


@pytest.mark.parametrize("price", [6e307, 1e300])
def test_a_link_with_huge_money_still_draws_the_page(context, server, price):
    data = scenario_to_dict(DEFAULT)
    data["front_end"]["price"] = price
    page = _open(context, server, _token(data))
    page.wait_for_selector(METRIC, timeout=60_000)
    wait_idle(page, timeout=60_000)
    page.locator(SIDEBAR_WIDGETS).first.wait_for(timeout=20_000)
    assert i18n.t("en", "unexpected") not in page.content()
    assert i18n.t("en", "details_in_log") not in page.content()
    assert _sidebar_sliders(page) > 0  # the levers are there, whether the schema took the value or refused it


def test_bare_addresses_in_user_text_are_not_links(context, server):
    data = scenario_to_dict(DEFAULT)
    data["name"] = "Visit https://evil.example now"
    data["description"] = "See www.evil.example, write to boss@evil.example, or [click](https://evil.example)."
    data["front_end"]["name"] = "http://evil.example/offer"
    page = _open(context, server, _token(data))
    wait_ready(page)
    assert page.locator(NAME, has_text="evil").first.is_visible()
    wait_idle(page)
    links = page.locator('a[href*="evil"]:not([href^="#"])')  # a heading's own anchor is no link out
    assert links.count() == 0, [links.nth(i).get_attribute("href") for i in range(links.count())]
    shown = page.locator(NAME).first.inner_text().replace("\u2060", "")
    assert shown == "Visit https://evil.example now"  # the text as typed, not a link
