"""Compare mode in a real browser: every chart follows the levers for B (and, alone, for the one scenario).

Regression: after a lever move, "Spread of customer value" kept A's bars for B (Streamlit's
browser side took the new data for an append of the old, as its first and last rows were
unchanged); a fresh load drew it right. The test moves a lever with A pinned and checks that
the charts change and that the value chart, as drawn, is what a fresh load of the same address draws.
Without A pinned the value chart is updated in place (drawing it afresh costs some 60 ms of the
browser's time per lever move); the same check holds there, for every chart. Updated in place, a chart may
differ from one drawn afresh by anti-aliasing alone (:func:`_differing`).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from presentation import i18n

from .helpers import CHART, wait_idle, wait_ready

PRICE = "Price · Intro course"
CHARTS = 5


def _differing(a: bytes, b: bytes) -> float:
    """The share of pixels two screenshots differ in beyond anti-aliasing (a channel off by more than 48 of 255):
    a chart updated in place and one drawn afresh differ only below that; a bar or line in another place
    differs in hundreds of pixels."""
    x, y = (np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=np.int16) for shot in (a, b))
    if x.shape != y.shape:
        return 1.0
    return float(np.mean(np.abs(x - y).max(axis=2) > 48))


def _chart_shots(page) -> list[bytes]:
    page.wait_for_timeout(600)  # Vega's redraw settles
    charts = page.locator(CHART)
    return [charts.nth(i).screenshot(animations="disabled") for i in range(CHARTS)]


@pytest.mark.parametrize("pin", [True, False], ids=["A pinned", "alone"])
def test_the_charts_follow_a_lever_move_as_a_fresh_load_draws_them(context, server, pin):
    page = context.new_page()
    page.goto(f"{server.url}?lang=en")
    wait_ready(page)
    if pin:
        page.get_by_role("button", name=i18n.t("en", "pin"), exact=True).click()
        wait_idle(page)
        wait_ready(page)
    pinned = _chart_shots(page)

    slider = page.get_by_role("slider", name=PRICE)
    slider.focus()
    for _ in range(30):  # ¥500 → ¥800: every customer is worth ¥300 more
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "¥800", timeout=20_000)
    wait_idle(page)
    wait_ready(page)
    moved = _chart_shots(page)

    fresh = context.new_page()
    fresh.goto(page.url)  # the same scenarios, drawn from scratch
    wait_ready(fresh)
    drawn_fresh = _chart_shots(fresh)

    names = ["cash", "funnel", "active", "money", "value"]
    changed = [n for n, a, b in zip(names, pinned, moved) if _differing(a, b) > 0.002]
    assert "value" in changed and "cash" in changed, changed  # the customers are worth more
    # drawn as a fresh load draws the same scenarios (same browser, same size)
    for name, shot, fresh_shot in zip(names, moved, drawn_fresh):
        assert _differing(shot, fresh_shot) < 0.0005, f"{name}: not what a fresh load draws"
