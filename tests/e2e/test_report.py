"""The HTML report in a real headless Chromium, opened from disk with the network cut: every chart is drawn by
the file's own scripts, titles and numbers as the reader sees them, tooltips show user text as text, and a
browser without scripts says how to get the charts."""

from __future__ import annotations

import time

import pytest

from conftest import build_scenario
from presentation import i18n
from presentation.report import prepare_report

PLAN = dict(
    name="Workshop plan",
    horizon=12,
    simulation={"customers": 200, "replicates": 10, "seed": 4},
    acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 50}]},
    front_end={"name": "Intro", "price": 100, "unit_cost": 20},
    back_end=[{"name": "<b>Course</b>", "price": 300, "take_rate": 0.5, "delay": 1}],
    retention={"churn": 0.1},
)
TIMEOUT = 60_000


def _open(browser, path, *, scripts: bool = True):
    """The page from disk, every request but the file itself refused and recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=scripts)
    asked, errors = [], []

    def route(r):
        if r.request.url.startswith("file:"):
            return r.continue_()
        asked.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return context, page, asked, errors


def _drawn(page) -> list[dict]:
    page.wait_for_function("[...document.querySelectorAll('.chart')].every(e => e.dataset.drawn || e.dataset.error)",
                           timeout=TIMEOUT)
    return page.evaluate("""[...document.querySelectorAll('.chart')].map(e => {
        const svg = e.querySelector('svg'), box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        return {id: e.id, error: e.dataset.error || null, width: box.width, height: box.height,
                text: svg ? [...svg.querySelectorAll('text')].map(t => t.textContent).join(' | ') : ''};
    })""")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_drawn_offline_with_its_titles(browser, tmp_path, lang):
    rep = prepare_report(build_scenario(**PLAN), lang=lang)
    path = tmp_path / "report.html"
    path.write_text(rep.html(), encoding="utf-8")
    context, page, asked, errors = _open(browser, path)
    t0 = time.perf_counter()
    charts = _drawn(page)
    from .helpers import TIMINGS

    TIMINGS[f"report ({lang}): charts drawn after load, ms"] = round((time.perf_counter() - t0) * 1000)
    assert [c["id"] for c in charts] == list(rep.charts)
    for c in charts:
        assert c["error"] is None and c["width"] > 600 and c["height"] > 150, c
    by_id = {c["id"]: c["text"] for c in charts}
    assert i18n.t(lang, "c_funnel_title")[:6] in by_id["chart_funnel"] and "<b>Course</b>" in by_id["chart_funnel"]  # user text as text
    assert i18n.t(lang, "tn_title")[:8] in by_id["sensitivity"]
    assert asked == [] and errors == []
    context.close()


def test_tooltips_show_user_text_as_text(browser, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(prepare_report(build_scenario(**PLAN)).html(), encoding="utf-8")
    context, page, _, errors = _open(browser, path)
    _drawn(page)
    bar = page.locator("#chart_funnel svg path.mark-rect, #chart_funnel svg .mark-rect path").last
    bar.hover()
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=TIMEOUT)
    assert "<b>Course</b>" in tip.inner_text() and tip.locator("b").count() == 0
    assert errors == []
    context.close()


def test_without_scripts_the_page_says_how_to_get_the_charts(browser, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(prepare_report(build_scenario(**PLAN), lang="zh").html(), encoding="utf-8")
    context, page, asked, _ = _open(browser, path, scripts=False)
    page.wait_for_load_state()
    notes = page.locator(".chart").all_inner_texts()
    assert len(notes) == 6 and all(n.strip() == i18n.t("zh", "r_noscript") for n in notes)
    assert asked == []
    context.close()
