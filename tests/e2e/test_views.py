"""The app's other views in a real headless Chromium: presenter mode, Tools, the whole business, Calibrate.

Each test opens its view by URL (old-style links ``?view=present``, ``?view=tools``, ``?view=calibrate``,
which open the pages ``/present``, ``/tools``, ``/calibrate``; ``?s=<token>``),
acts as a person would (buttons, the sidebar's price slider by keyboard, an upload, a download) and
waits for every script run to finish (``data-test-script-state === 'notRunning'``) before it reads the page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
from playwright.sync_api import expect

from presentation import i18n, share
from simulator.scenario import centre, load_scenario, scenario_from_dict, scenario_to_dict

from .helpers import CHART, METRIC, METRIC_CARD, METRIC_LABEL, assert_one_height, metric_cards, wait_idle, wait_ready

ROOT = Path(__file__).resolve().parents[2]
PRICE = "Price · Intro course"
SCHOOL = "Peter's English school"
SIDEBAR = 'section[data-testid="stSidebar"]'
SLIDES = 6
TIMEOUT = 60_000


# --------------------------------------------------------------------------
# Page helpers
# --------------------------------------------------------------------------


def open_view(context, server, query: str, charts: int = 1):
    page = context.new_page()
    page.goto(f"{server.url}?{query}")
    wait_ready(page, charts=charts, timeout=TIMEOUT)
    return page


def query_param(page, name: str) -> str | None:
    values = parse_qs(urlparse(page.url).query).get(name)
    return values[0] if values else None


def segment(page, group: str, option: str):
    """One option of a segmented control (a radio group named by its label)."""
    return page.get_by_role("radiogroup", name=group, exact=True).get_by_role("radio", name=option, exact=True)


def button(page, key: str):
    """The button drawn with widget key ``key`` (Streamlit marks its container with ``st-key-<key>``)."""
    return page.locator(f".st-key-{key} button")


def metric(page, label: str):
    """The value of the metric whose label is ``label``."""
    card = page.locator(METRIC_CARD).filter(has=page.locator(METRIC_LABEL, has_text=label))
    return card.locator(METRIC)


def money(text: str) -> float:
    """``¥2,238`` → 2238.0 (a leading minus sign of either kind is kept)."""
    number = re.sub(r"[^\d.]", "", text)
    assert number, f"not a money value: {text!r}"
    return -float(number) if text.strip()[:1] in "-−" else float(number)


def wait_charts(page, n: int = 1, timeout: float = TIMEOUT) -> None:
    """At least ``n`` charts drawn and the script run finished."""
    page.wait_for_function(
        f"document.querySelectorAll('{CHART} svg.marks, {CHART} canvas').length >= {n} && "
        "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout, polling=100)


def wait_text(page, selector: str, text: str, timeout: float = TIMEOUT) -> None:
    """Until the first element matching ``selector`` reads ``text`` and the script run has finished."""
    page.wait_for_function(
        "([sel, text]) => { const el = document.querySelector(sel); "
        "return el && el.textContent.trim() === text && "
        "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'; }",
        arg=[selector, text], timeout=timeout, polling=100)


def view_of(page) -> str:
    """The view in the address: its path (``/present``), or ``simulate`` at the root."""
    return urlparse(page.url).path.strip("/") or "simulate"


def wait_view(page, view: str, timeout: float = 20_000) -> None:
    path = "" if view == "simulate" else view
    page.wait_for_function(f"location.pathname.replace(/^\\/+|\\/+$/g, '') === '{path}'", timeout=timeout,
                           polling=100)


def slide_text(page) -> str:
    """The sentence said over a chart slide (a markdown element, not a button's label)."""
    return page.locator('[data-testid="stMarkdown"] p').first.inner_text().strip()


def step_caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').first.inner_text().strip()


# --------------------------------------------------------------------------
# Presenter mode
# --------------------------------------------------------------------------


def _open_presenter(context, server, lang: str):
    page = context.new_page()
    page.goto(f"{server.url}?lang={lang}&view=present")
    page.wait_for_selector(METRIC, timeout=TIMEOUT)
    wait_idle(page, timeout=TIMEOUT)
    return page


def test_presenter_mode_steps_through_the_story_and_back_to_the_simulator(context, server):
    page = _open_presenter(context, server, "en")
    assert page.locator(SIDEBAR).is_hidden()
    assert page.get_by_role("slider", name=PRICE).count() == 0
    # slide 1: the scenario's story, four numbers, no chart
    assert step_caption(page) == f"Step 1 of {SLIDES}"
    assert page.locator("h1").first.inner_text() == SCHOOL
    assert page.locator(METRIC).count() == 4
    assert page.locator(CHART).count() == 0
    back, nxt = button(page, "p_prev"), button(page, "p_next")
    assert back.inner_text().endswith("Back") and nxt.inner_text().endswith("Next")
    assert back.is_disabled()

    captions = []
    for n in range(2, SLIDES + 1):  # each chart slide draws its chart and says its own sentence
        nxt.click()
        wait_text(page, '[data-testid="stCaptionContainer"]', f"Step {n} of {SLIDES}")
        wait_charts(page, 1)
        assert page.locator(CHART).count() == 1
        assert page.locator(METRIC).count() == 0
        captions.append(slide_text(page))
        assert page.locator(SIDEBAR).is_hidden()
    assert len(set(captions)) == SLIDES - 1, captions
    assert nxt.is_disabled()  # the last slide

    back.click()
    wait_text(page, '[data-testid="stCaptionContainer"]', f"Step {SLIDES - 1} of {SLIDES}")
    wait_charts(page, 1)
    assert slide_text(page) == captions[-2]
    assert view_of(page) == "present"

    leave = button(page, "p_exit")
    assert leave.inner_text().endswith("Leave presenter mode")
    leave.click()
    wait_ready(page, timeout=TIMEOUT)  # the simulator: headline numbers and its five charts
    wait_view(page, "simulate")
    assert query_param(page, "view") is None  # an old-style ?view= link leaves no trace
    expect(page.locator(SIDEBAR)).to_be_visible(timeout=20_000)
    expect(page.get_by_role("slider", name=PRICE)).to_be_visible(timeout=20_000)
    assert page.locator("h1").first.inner_text() == i18n.t("en", "app_title")
    assert query_param(page, "lang") == "en"


def test_presenter_mode_in_chinese(context, server):
    page = _open_presenter(context, server, "zh")
    assert page.locator(SIDEBAR).is_hidden()
    assert step_caption(page) == f"第 1 步，共 {SLIDES} 步"
    for key in ("p_prev", "p_next", "p_exit"):  # 上一步 / 下一步 / 退出演示模式
        text = button(page, key).inner_text()
        assert text.endswith(i18n.t("zh", key)) and i18n.t("en", key) not in text, (key, text)
    labels = page.locator(METRIC_LABEL).all_inner_texts()
    assert i18n.t("zh", "m_prob_profit") in labels and i18n.t("zh", "m_clv") in labels, labels
    button(page, "p_next").click()
    wait_text(page, '[data-testid="stCaptionContainer"]', f"第 2 步，共 {SLIDES} 步")
    wait_charts(page, 1)
    assert query_param(page, "lang") == "zh" and view_of(page) == "present"


def test_presenter_mode_entered_from_the_sidebar_keeps_view_and_language(context, server):
    """The sidebar (and its View and Language controls) is not drawn in presenter mode: the next click
    must still be in presenter mode and in Chinese (regression: it fell back to the simulator in English)."""
    page = open_view(context, server, "lang=zh", charts=5)
    segment(page, i18n.t("zh", "view_label"), i18n.t("zh", "view_present")).click()
    button(page, "p_next").wait_for(timeout=TIMEOUT)
    wait_idle(page)
    button(page, "p_next").click()
    wait_text(page, '[data-testid="stCaptionContainer"]', f"第 2 步，共 {SLIDES} 步", timeout=15_000)
    wait_charts(page, 1)
    assert (view_of(page), query_param(page, "lang")) == ("present", "zh")


# --------------------------------------------------------------------------
# Tools view
# --------------------------------------------------------------------------


def test_tools_most_you_can_pay_lever_and_report(context, server):
    page = open_view(context, server, "lang=en&view=tools", charts=1)
    assert page.locator(SIDEBAR).is_visible()
    assert segment(page, "Tool", "Most you can pay").get_attribute("aria-checked") == "true"
    highest = metric(page, "Highest affordable")
    text = highest.inner_text()
    assert text.startswith("¥"), text
    at_80 = money(text)
    assert money(metric(page, "Today").inner_text()) == 500  # Peter's school pays ¥500 a buyer
    assert metric(page, "Chance of profit").inner_text() == "80%"
    assert page.get_by_text("Also pay back within a set time").count() == 1
    assert_one_height(metric_cards(page))  # the three cards line up, however many lines their notes take

    # a stricter confidence never lets you pay more
    segment(page, "Confidence", "95%").click()
    page.wait_for_function("document.querySelector('[aria-label=\"Confidence\"] [aria-checked=\"true\"]')"
                           ".textContent.trim() === '95%'", timeout=20_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => "
        "m.textContent.includes('Chance of profit') && m.querySelector('[data-testid=\"stMetricValue\"]')"
        ".textContent.trim() === '95%')", timeout=TIMEOUT)
    wait_idle(page)
    text_95 = highest.inner_text()
    at_95 = money(text_95)
    assert at_95 <= at_80, (at_80, at_95)

    # +¥50 on the front-end price (paid by every buyer, up front): about ¥50 more to spend on a buyer
    slider = page.get_by_role("slider", name=PRICE)
    assert slider.get_attribute("aria-valuetext") == "¥500"
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "¥550", timeout=20_000)
    page.wait_for_function(
        "([before]) => { const m = [...document.querySelectorAll('[data-testid=\"stMetric\"]')].find(m => "
        "m.textContent.includes('Highest affordable')); "
        "return m && m.querySelector('[data-testid=\"stMetricValue\"]').textContent.trim() !== before && "
        "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'; }",
        arg=[text_95], timeout=TIMEOUT, polling=100)
    wait_idle(page)
    raised = money(highest.inner_text())
    assert 45 <= raised - at_95 <= 55, (at_95, raised)
    assert metric(page, "Chance of profit").inner_text() == "95%"  # the confidence stayed as chosen

    # which lever: the tornado chart
    segment(page, "Tool", "Which lever").click()
    page.get_by_text("Move each lever by").wait_for(timeout=TIMEOUT)
    wait_charts(page, 1)
    assert page.locator(METRIC).count() == 0  # the affordability numbers are gone
    assert page.locator(CHART).count() == 1

    # the report: build it, download it, read it
    segment(page, "Tool", "Report").click()
    page.get_by_role("button", name="Build the report").click()
    download_button = page.get_by_role("button", name="Download the report (HTML)")
    download_button.wait_for(timeout=TIMEOUT)
    wait_idle(page)
    with page.expect_download(timeout=TIMEOUT) as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    raw = Path(download.path()).read_text(encoding="utf-8")
    assert SCHOOL in html.unescape(raw)
    # the charts travel as Vega-Lite specs that the reader's browser draws (presentation/report.py)
    assert "id='report-charts'" in raw.lower() or 'id="report-charts"' in raw.lower()


# --------------------------------------------------------------------------
# The whole business
# --------------------------------------------------------------------------


def test_business_view_shows_its_numbers_and_a_sixth_chart(context, server):
    host = scenario_to_dict(load_scenario(ROOT / "scenarios" / "affiliate_web_host.yaml"))
    host["acquisition"] = {**host["acquisition"], "buyers_per_period": 100, "periods": 12}
    token = share.encode_scenario(scenario_from_dict(host))
    page = open_view(context, server, f"lang=en&s={token}", charts=6)
    assert page.locator(CHART).count() == 6
    assert page.get_by_role("heading", name="The whole business").count() == 1
    labels = page.locator(METRIC_LABEL).all_inner_texts()
    for label in ("Total profit", "Net present value", "Capital needed", "Cash positive"):
        assert label in labels, labels
        assert metric(page, label).inner_text().strip(), label
    assert money(metric(page, "Capital needed").inner_text()) >= 0
    assert query_param(page, "s") is not None


# --------------------------------------------------------------------------
# Calibrate from your data
# --------------------------------------------------------------------------


def transaction_log(customers: int = 150, weeks: int = 30, seed: int = 3) -> bytes:
    """A small synthetic shop: each customer buys first in one of the first 8 weeks, then repeats by chance
    each week until they leave (about 10% a week); one row per purchase."""
    rng = np.random.default_rng(seed)
    start = dt.date(2024, 1, 1)
    lines = ["customer_id,date,amount"]
    for c in range(customers):
        first = int(rng.integers(0, 8))
        repeat, churn = rng.uniform(0.1, 0.5), rng.uniform(0.02, 0.15)
        lines.append(f"c{c:04d},{start + dt.timedelta(weeks=first)},{rng.uniform(20, 60):.2f}")
        for week in range(first + 1, weeks):
            if rng.random() < churn:
                break
            if rng.random() < repeat:
                day = start + dt.timedelta(weeks=week, days=int(rng.integers(0, 7)))
                lines.append(f"c{c:04d},{day},{rng.uniform(10, 40):.2f}")
    return ("\n".join(lines) + "\n").encode()


def table_rows(table) -> list[list[str]]:
    """The cells of an ``st.dataframe`` (its grid is a canvas; the accessible table beside it holds the text)."""
    return table.locator("table").evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))")


def test_calibrate_fit_an_uploaded_log_and_use_it(context, server):
    page = context.new_page()
    page.goto(f"{server.url}?lang=en&view=calibrate")
    uploader = page.locator('[data-testid="stMain"] [data-testid="stFileUploaderDropzoneInput"]')
    uploader.wait_for(state="attached", timeout=TIMEOUT)
    wait_idle(page, timeout=TIMEOUT)
    assert page.locator("h1").first.inner_text() == "Calibrate from your data"
    assert page.get_by_role("slider", name=PRICE).count() == 0  # the levers wait until a fit is used

    uploader.set_input_files(files=[{"name": "shop.csv", "mimeType": "text/csv", "buffer": transaction_log()}])
    fit = page.locator(".st-key-cal-fit button")
    fit.wait_for(timeout=TIMEOUT)
    wait_idle(page, timeout=TIMEOUT)
    assert page.get_by_role("radio", name="Transaction log").is_checked()  # detected from the columns
    fit.click()
    use = page.get_by_role("button", name="Use this scenario")
    use.wait_for(timeout=TIMEOUT)
    wait_idle(page, timeout=TIMEOUT)
    # every chart of the fit is drawn (the two tracking charts once failed in Vega-Lite and stayed empty)
    page.wait_for_function(
        "() => { const c = [...document.querySelectorAll('[data-testid=\"stMain\"] [data-testid=\"stVegaLiteChart\"]')];"
        " return c.length >= 8 && c.every(e => { const v = e.querySelector('canvas, svg');"
        " return v && v.getBoundingClientRect().height > 100; }); }", timeout=TIMEOUT)

    tables = [table_rows(t) for t in page.locator('[data-testid="stDataFrame"]').all()]
    rows = next(t for t in tables if t and t[0][:1] == ["Parameter"])  # the fitted parameters (models, customers follow)
    assert any(t and "P(alive)" in t[0] for t in tables)  # each customer's forecast
    header = rows[0]
    assert header[:3] == ["Parameter", "Scenario field", "Estimate"], header
    estimates = {row[1]: row[2] for row in rows[1:] if len(row) >= 3}
    for field in ("retention.churn", "repeat_purchase.rate", "repeat_purchase.order_value", "front_end.price"):
        assert estimates.get(field), (field, estimates)
    churn_shown = float(estimates["retention.churn"].rstrip("%")) / 100
    assert 0.03 <= churn_shown <= 0.2, estimates  # the log was made with 2–15% a week

    use.click()
    wait_ready(page, timeout=TIMEOUT)  # the simulator: its numbers and five charts
    wait_view(page, "simulate")
    expect(page.get_by_role("slider", name="Price · First purchase")).to_be_visible(timeout=20_000)
    assert page.get_by_role("heading", name="Fitted: shop").count() == 1
    assert "Fitted: shop" in page.locator('[data-testid="stAlertContentSuccess"]').inner_text()
    fitted = share.decode_scenario(query_param(page, "s"))
    assert f"{100 * centre(fitted.retention.churn):.1f}%" == estimates["retention.churn"]
    assert f"{100 * centre(fitted.repeat_purchase.rate):.1f}%" == estimates["repeat_purchase.rate"]
    assert i18n.fmt_money(centre(fitted.front_end.price), "en", fitted.currency) == estimates["front_end.price"]
    numbers = page.locator(METRIC).all_inner_texts()
    assert numbers[0] and "¥" not in numbers[0], numbers  # the fitted scenario's money, not Peter's school's yuan

    other = context.new_page()  # the same scenario opened from its link shows the same numbers
    other.goto(page.url)
    wait_ready(other, timeout=TIMEOUT)
    assert other.locator(METRIC).all_inner_texts() == numbers


# --------------------------------------------------------------------------
# The browser's Back and Forward buttons
# --------------------------------------------------------------------------


def _expect_price(page, text: str) -> None:
    """Wait until exactly one "Price · Intro course" slider shows ``text`` (while Back/Forward rerun the page,
    the previous lever lingers beside the new one for a moment)."""
    page.wait_for_function(
        """([name, text]) => {
             const s = [...document.querySelectorAll('input[type=range]')]
               .filter(e => e.getAttribute('aria-label') === name);
             return s.length === 1 && s[0].getAttribute('aria-valuetext') === text;
           }""",
        arg=["Price · Intro course", text], timeout=TIMEOUT)


def test_back_and_forward_step_through_the_levers_moved(context, server):
    page = open_view(context, server, "lang=en", charts=5)
    slider = page.get_by_role("slider", name="Price · Intro course")
    first = page.locator(METRIC).first.inner_text()
    for _ in range(2):  # two moves: two entries in the browser's history
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(800)
        wait_idle(page)
    assert slider.get_attribute("aria-valuetext") == "¥520"
    page.go_back()
    _expect_price(page, "¥510")
    wait_idle(page)
    page.go_back()
    _expect_price(page, "¥500")
    wait_idle(page)
    expect(page.locator(METRIC).first).to_have_text(first, timeout=TIMEOUT)
    page.go_forward()
    _expect_price(page, "¥510")


def test_nothing_is_cut_on_a_narrower_screen(browser, server):
    """At 1280 px "16 months" and "not within 32 quarters" were cut with "…", at 1024 px (a projector, the sidebar
    open) most numbers were, and the cash chart's plot shrank to a sliver to make room for its subtitle."""
    cases = [(1280, "en", "rising_cac"), (1280, "zh", "rising_cac"), (1024, "en", "heavy_equipment"),
             (1024, "zh", "heavy_equipment"), (1024, "en", "affiliate_web_host")]
    for width, lang, preset in cases:
        ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
        try:
            page = ctx.new_page()
            token = share.encode_scenario(load_scenario(ROOT / "scenarios" / f"{preset}.yaml"))
            page.goto(f"{server.url}?lang={lang}&s={token}", timeout=TIMEOUT)
            wait_ready(page, charts=4)
            cut = page.evaluate("""[...document.querySelectorAll('.hl-value')]
                .filter(e => e.scrollWidth > e.clientWidth + 1)
                .map(e => e.textContent)""")
            assert cut == [], (width, lang, preset, cut)
            assert page.locator(".hl-value").count() >= 8
            # the cash chart's plot (its grid) takes most of the chart's width
            plot, whole = page.evaluate(f"""(() => {{
                const chart = document.querySelector('{CHART}');
                const marks = chart.querySelector('svg.marks') || chart.querySelector('canvas');
                const grid = chart.querySelector('.role-axis-grid') || marks;
                return [grid.getBoundingClientRect().width, chart.getBoundingClientRect().width];
            }})()""")
            assert plot > 0.5 * whole, (width, lang, preset, plot, whole)
        finally:
            ctx.close()
