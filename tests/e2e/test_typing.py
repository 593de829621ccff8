"""Typing a lever in a real browser: a spinbutton named like its slider, values beyond the slider's range."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from simulator.scenario import load_scenario_text

from .helpers import METRIC, wait_idle, wait_ready

CAC = "CAC · Advertising"
SHOTS = Path(os.environ.get("E2E_SHOTS", "build/e2e-shots"))


def test_typing_cac_beyond_the_slider_range_reaches_the_headline_and_the_download(context, server):
    page = context.new_page()
    page.goto(f"{server.url}?lang=en")
    wait_ready(page)
    slider = page.get_by_role("slider", name=CAC)
    assert float(slider.get_attribute("max")) < 12_345  # the slider ran to ¥2,000
    box = page.get_by_role("spinbutton", name=CAC)
    box.fill("12345")
    box.press("Enter")
    expect(page.locator(METRIC).nth(1)).to_have_text("¥12,345", timeout=20_000)  # CAC, the second number
    wait_idle(page)
    slider = page.get_by_role("slider", name=CAC)
    assert float(slider.get_attribute("max")) >= 12_345
    assert slider.get_attribute("aria-valuetext") == "¥12,345"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('section[data-testid="stSidebar"]').screenshot(path=str(SHOTS / "typed_cac_sidebar.png"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download this scenario (YAML)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert load_scenario_text(text).acquisition.channels[0].cac == 12345
    assert "cac: 12345" in text
