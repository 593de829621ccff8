"""What a person sees, in a real headless Chromium: load, slider by keyboard, bad upload, language, download.

Two tests also measure speed: the first page load and the slider-to-update latency
(median of several key presses, each a new scenario, so every one simulates).
They record the figures (printed at the end of the run and written to
``build/e2e-timings.json``) but assert only behaviour: wall-clock limits belong
to the benchmark, ``make bench-browser`` (bench/app_latency.py), which prints
the same medians against the issue's targets (3 s, 300 ms).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from presentation import i18n, share
from simulator.scenario import load_scenario_text

from .helpers import (
    INSTRUMENT,
    METRIC,
    METRIC_LABEL,
    VIEWPORT,
    headline_values,
    first_loads,
    record_first_loads,
    record_slider_timings,
    slider_latencies,
    wait_idle,
    wait_ready,
)

PRESSES = 9
PRICE = "Price · Intro course"


def open_app(context, server, query: str = "lang=en", instrument: bool = False):
    page = context.new_page()
    if instrument:
        page.add_init_script(INSTRUMENT)
    page.goto(f"{server.url}?{query}")
    wait_ready(page)
    return page


def query_param(page, name: str) -> str | None:
    values = parse_qs(urlparse(page.url).query).get(name)
    return values[0] if values else None



def wait_clv_near(page, expected: float, tolerance: float = 4 * 1.6 + 1) -> None:
    """Wait until the first headline number (CLV, ¥) is within ``tolerance`` of ``expected``: the closed form
    500 + 0.8 × 1000 + 0.64 × 1500 (+ the price change); 2,000 × 200 customers give an SE of about ¥1.6,
    so four of them and ¥1 of display rounding, less than one slider step (¥10)."""
    try:
        page.wait_for_function(
            f"(() => {{ const el = document.querySelector('{METRIC}'); if (!el) return false;"
            f" const x = parseFloat(el.textContent.replace(/[^0-9.\\-]/g, ''));"
            f" return Math.abs(x - {expected}) <= {tolerance}; }})()", timeout=20_000)
    except Exception as exc:
        raise AssertionError(f"CLV {headline_values(page)[:1]} not within {tolerance:.1f} of {expected}") from exc

def test_first_page_load(browser, server):
    """Cold: the first visit after the server started (Python imports included). Warm: a new visitor.

    Each visit must reach a drawn page (headline numbers, five charts, no script running) and every
    new visitor sees the same numbers; how long it took is recorded, not judged (``make bench-browser``).
    """
    seen: list[list[str]] = []
    loads = first_loads(browser, f"{server.url}?lang=en", visits=3, on_ready=lambda page: seen.append(
        headline_values(page)))
    assert len(seen) == 3 and seen[0], "no headline numbers on the first page"
    assert seen[1] == seen[0] and seen[2] == seen[0], seen
    # Peter's CLV: 500 + 0.8 × 1000 + 0.64 × 1500 = 2260; 2,000 × 200 customers give an SE of about ¥1.6
    clv = float(re.sub(r"[^\d.]", "", seen[0][0]))
    assert abs(clv - 2260) <= 4 * 1.6 + 1, seen[0][0]
    record_first_loads(loads)


def test_keyboard_slider_updates_numbers_and_charts(context, server):
    page = open_app(context, server, instrument=True)
    before = headline_values(page)
    slider = page.get_by_role("slider", name=PRICE)
    assert slider.get_attribute("aria-valuetext") == "¥500"
    slider.focus()
    timings = slider_latencies(page, PRESSES)  # each press a new scenario; each waits for numbers and charts
    after = headline_values(page)
    assert slider.get_attribute("aria-valuetext") == f"¥{500 + 10 * PRESSES}"
    assert after != before
    wait_clv_near(page, 2260 + 10 * PRESSES)  # lifetime value rises with the front-end price, one for one
    record_slider_timings(timings)


def _upload(page, name: str, content: bytes) -> None:
    """Upload through the sidebar's file uploader (a fresh one appears after each upload)."""
    wait_idle(page)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stFileUploaderDropzoneInput\"]').length === 1", timeout=20_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "application/x-yaml", "buffer": content}])


def test_bad_uploads_show_a_clear_message_and_keep_the_scenario(context, server):
    page = open_app(context, server)
    before = headline_values(page)
    _upload(page, "broken.yaml", b"name: Broken\nback_end:\n  - {name: A, price: 10, take_rate: 1.3}\n")
    alert = page.locator('[data-testid="stAlertContentError"]')
    alert.wait_for(timeout=20_000)
    text = alert.inner_text()
    assert "Could not load broken.yaml; the current scenario is unchanged." in text
    assert "back_end[0].take_rate: must be ≤ 1 (got 1.3)" in text
    assert "Traceback" not in page.content()
    wait_idle(page)
    assert headline_values(page) == before
    assert page.get_by_role("slider", name=PRICE).get_attribute("aria-valuetext") == "¥500"

    _upload(page, "huge.yaml", b"name: big\n" + b"#" * 300_000)
    page.get_by_text("limited to 262,144 bytes").wait_for(timeout=20_000)
    _upload(page, "picture.yaml", b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    page.get_by_text("not UTF-8 text").wait_for(timeout=20_000)
    wait_idle(page)
    assert headline_values(page) == before


def test_language_switch_translates_the_page_and_is_kept_in_the_url(context, server):
    page = open_app(context, server)
    assert page.locator("h1").first.inner_text() == i18n.t("en", "app_title")
    page.get_by_text("中文", exact=True).click()
    page.locator("h1", has_text=i18n.t("zh", "app_title")).wait_for(timeout=20_000)
    wait_ready(page)
    labels = page.locator(METRIC_LABEL).all_inner_texts()
    assert i18n.t("zh", "m_clv") in labels
    assert any(v.endswith("倍") for v in headline_values(page))
    assert page.get_by_role("slider", name="价格 · 入门课程").count() == 1  # the product's Chinese name
    assert query_param(page, "lang") == "zh"
    # a bad upload now answers in Chinese
    _upload(page, "broken.yaml", b"name: x\nretention: {churnn: 0.1}\n")
    page.get_by_text("retention.churnn：未知的键；您是不是想写 'churn'？").wait_for(timeout=20_000)


def test_download_loads_back_to_exactly_the_same_state(context, server):
    page = open_app(context, server)
    slider = page.get_by_role("slider", name=PRICE)
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_clv_near(page, 2240)
    wait_idle(page)
    before = headline_values(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download this scenario (YAML)").click()
    download = info.value
    assert download.suggested_filename == "peter_s_english_school.yaml"
    text = open(download.path(), encoding="utf-8").read()
    scenario = load_scenario_text(text)
    assert scenario.front_end.price == 480
    assert share.decode_text(query_param(page, "s")) == text  # the link carries the same file

    fresh = context.browser.new_context(viewport=VIEWPORT, locale="en-US")
    other = open_app(fresh, server)
    assert headline_values(other) != before
    _upload(other, "mine.yaml", text.encode())
    other.get_by_text("Loaded “Peter's English school” from mine.yaml.").wait_for(timeout=20_000)
    wait_clv_near(other, 2240)
    wait_idle(other)
    assert headline_values(other) == before
    assert other.get_by_role("slider", name=PRICE).get_attribute("aria-valuetext") == "¥480"
    assert share.decode_text(query_param(other, "s")) == text
    fresh.close()


def test_a_shared_link_reproduces_the_view(context, server):
    page = open_app(context, server)
    page.get_by_role("slider", name=PRICE).focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_clv_near(page, 2290)
    wait_idle(page)
    before = headline_values(page)
    url = page.url
    assert re.search(r"[?&]s=1\.", url)
    other = context.new_page()
    other.goto(url)
    wait_ready(other)
    assert headline_values(other) == before


def test_undo_after_slider_moves_brings_the_numbers_back(context, server):
    """A lever move reruns only its group and the main area (a fragment): the Undo button, drawn outside
    them, must still follow (enabled after the move) and bring the whole page back."""
    page = open_app(context, server)
    undo = page.get_by_role("button", name="Undo")
    assert undo.is_disabled()
    before = headline_values(page)
    slider = page.get_by_role("slider", name=PRICE)
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_clv_near(page, 2270)
    wait_idle(page)
    assert headline_values(page) != before
    page.wait_for_function("(() => { const b = [...document.querySelectorAll('button')].find("
                           "x => x.textContent.trim().endsWith('Undo')); return b && !b.disabled; })()",
                           timeout=20_000)
    undo.click()
    wait_clv_near(page, 2260)
    wait_idle(page)
    assert headline_values(page) == before
    assert page.get_by_role("slider", name=PRICE).get_attribute("aria-valuetext") == "¥500"
    assert load_scenario_text(share.decode_text(query_param(page, "s"))).front_end.price == 500  # and the address
