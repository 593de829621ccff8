"""Model your own business in a real browser: from the blank funnel to a SaaS, by typing only.

Name, USD, monthly periods, a $0 trial, a $29 plan at 40% adoption, a $99 Pro upgrade taken by 25%, CAC 120.
Downloaded, uploaded in a fresh session and downloaded again: the same bytes and the same numbers.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from presentation.texts import text_in
from simulator.scenario import load_scenario_text

from .helpers import METRIC, VIEWPORT, headline_values, wait_idle, wait_ready

SHOTS = Path("build/e2e-shots")


def _type(page, name: str, value: str) -> None:
    """Type into the number box or text field labelled ``name`` and leave it (Enter), then wait for the answer."""
    wait_idle(page)
    field = page.get_by_role("spinbutton", name=name, exact=True)
    if field.count() == 0:
        field = page.get_by_role("textbox", name=name, exact=True)
    field.fill(value)
    field.press("Enter")
    wait_idle(page)


def _open_group(page, title: str) -> None:
    wait_idle(page)
    page.locator('section[data-testid="stSidebar"] summary').filter(has_text=title).first.click()
    wait_idle(page)


def _download(page) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download this scenario (YAML)").click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def test_blank_to_saas_by_typing_only_then_download_and_upload_it_back(context, server):
    page = context.new_page()
    page.goto(f"{server.url}?lang=en")
    wait_ready(page)
    page.get_by_role("button", name="New scenario").click()
    page.get_by_role("button", name="Blank funnel").click()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Scenario name")).to_have_count(0)  # settings start closed

    _open_group(page, "Scenario settings")
    _type(page, "Scenario name", "My SaaS")
    _type(page, "Front-end offer's name", "Free trial")
    expect(page.locator("h3").filter(has_text="My SaaS")).to_have_count(1, timeout=20_000)
    _type(page, "CAC · Main channel", "120")
    _type(page, "Price · Free trial", "0")
    _open_group(page, "Back end")
    _type(page, "Subscription price per month", "29")
    _type(page, "Subscription adoption", "40")
    page.get_by_role("button", name="Add a rung").click()
    wait_idle(page)
    _type(page, "Name of rung 1", "Pro")
    _type(page, "Price · Pro", "99")
    _type(page, "Take rate · Pro", "25")
    wait_ready(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "blank_to_saas.png"), full_page=True)

    name, text = _download(page)
    assert name == "my_saas.yaml"
    s = load_scenario_text(text)
    assert (text_in(s.name, "en"), s.currency, s.periods_per_year, text_in(s.front_end.name, "en"),
            s.front_end.price) == ("My SaaS", "USD", 12, "Free trial", 0)
    assert (s.subscription.price, s.subscription.adoption) == (29, 0.4)
    assert [(text_in(r.name, "en"), r.price, r.take_rate) for r in s.back_end] == [("Pro", 99, 0.25)]
    assert s.acquisition.channels[0].cac == 120
    numbers = headline_values(page)
    assert numbers[1] == "$120"  # CAC

    fresh = context.browser.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
    other = fresh.new_page()
    other.goto(f"{server.url}?lang=en")
    wait_ready(other)
    wait_idle(other)
    other.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "my_saas.yaml", "mimeType": "application/x-yaml", "buffer": text.encode()}])
    other.get_by_text("Loaded “My SaaS” from my_saas.yaml.").wait_for(timeout=20_000)
    wait_idle(other)
    expect(other.locator(METRIC).nth(1)).to_have_text("$120", timeout=20_000)
    assert headline_values(other) == numbers
    name_again, text_again = _download(other)
    assert (name_again, text_again) == (name, text)  # byte for byte
    fresh.close()
