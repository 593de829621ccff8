"""Write PNG screenshots of the app's main views, in English and 中文, to docs/screenshots/.

Usage: ``make screenshots`` (or ``.venv/bin/python scripts/screenshots.py [--out DIR]``).

Starts ``streamlit run app.py`` on a free local port and drives Debian's
Chromium through Playwright (never a downloaded browser). Views, per language:

* ``overview_<lang>.png``: the top of the page, headline numbers and the cash curve (1600 × 1000);
* ``page_<lang>.png``: the whole page, every chart, with the Back end levers open;
* ``compare_<lang>.png``: compare mode, B (front end at half price) against A (the default preset);
* ``bad_upload_<lang>.png``: the message for an uploaded file with a wrong value;
* ``present_<lang>.png``: presenter mode on its second step (the cash curve), 1600 × 1000, reached by the → key;
* ``present_<lang>_1280x720.png``, ``present_<lang>_1920x1080.png``: presenter mode as a room sees it on a
  projector, its title slide and (``present_<lang>_<size>_chart.png``) a chart step reached by the → key;
  ``present_compare_en_1920x1080.png``: a chart step with A pinned (``--only present`` writes just these);
* ``business_<lang>.png``: the whole-business view (the affiliate web host buying 100 customers a
  month for a year): its numbers and cash chart;
* ``tools_<lang>.png``: the Tools view's "Most you can pay" for Peter's school, its whole main area;
* ``pond_<lang>.png``: the Tools view's "Which fish pond" on ``scenarios/which_fish_pond.yaml``, its whole
  main area (the long sidebar is cut off);
* ``calibrate_<lang>.png``: the Calibrate view after fitting its sample transaction log, its whole main area;
* ``glossary_<lang>.png``: the Glossary page (``/glossary``), its whole main area.
* ``editor_<lang>.png``: the sidebar with the scenario's settings open; ``new_scenario_<lang>.png``: the
  "New scenario" menu (a blank funnel and the templates).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from helpers import METRIC  # noqa: E402  (a headline number: a metric, or a headline card)
from server import CHROMIUM_ARGS, chromium_path, start_server  # noqa: E402

from presentation import i18n, share  # noqa: E402
from simulator.scenario import load_scenario, scenario_from_dict, scenario_to_dict  # noqa: E402

BAD_UPLOAD = b"""version: 1
name: Broken funnel
front_end: {name: Intro, price: 50}
back_end:
  - {name: Course, price: 300, take_rate: 1.3}
retention: {churnn: 0.05}
"""


def _wait_drawn(page, charts: int = 5, timeout: float = 60_000, metrics: bool = True) -> None:
    if metrics:
        page.wait_for_selector(METRIC, timeout=timeout)
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg.marks, "
        f"[data-testid=\"stVegaLiteChart\"] canvas').length >= {charts}",
        timeout=timeout,
    )
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout,
    )
    time.sleep(1.0)  # let the charts finish their first paint


def _pick(page, group: str, option: str) -> None:
    """Click one option of a segmented control (a radio group named by its label)."""
    page.get_by_role("radiogroup", name=group, exact=True).get_by_role("radio", name=option, exact=True).click()
    time.sleep(0.3)


def _main_height(page) -> int:
    """Height that shows the whole main area (a long sidebar is cut off at the bottom)."""
    return int(page.evaluate(
        "document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")) + 80


def _page_height(page) -> int:
    """Height that shows the whole page (main area and sidebar) without scrolling."""
    return int(page.evaluate(
        "Math.max(...['stMainBlockContainer', 'stSidebarContent'].map(id => "
        "(document.querySelector(`[data-testid=\"${id}\"]`) || {scrollHeight: 0}).scrollHeight))"
    )) + 80


PROJECTOR_SIZES = ((1280, 720), (1920, 1080), (1600, 1000))
"""Two projectors, and the size of the other screenshots (written as ``present_<lang>.png``, a chart step)."""


def _present_shots(browser, url: str, out: Path, compare_query: str) -> list[Path]:
    """Presenter mode at projector sizes in both languages: the title slide, then a chart step by the → key."""
    written = []
    for lang in ("en", "zh"):
        for width, height in PROJECTOR_SIZES:
            projector = (width, height) != (1600, 1000)
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.goto(f"{url.rstrip('/')}/present?lang={lang}")
            page.wait_for_selector(METRIC, timeout=60_000)
            page.locator("button.copy").wait_for(timeout=60_000)
            _wait_drawn(page, charts=0)
            if projector:
                written.append(out / f"present_{lang}_{width}x{height}.png")
                page.screenshot(path=written[-1])
            page.keyboard.press("ArrowRight")  # as a clicker does
            page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=60_000)
            _wait_drawn(page, charts=1, metrics=False)
            written.append(out / (f"present_{lang}_{width}x{height}_chart.png" if projector else f"present_{lang}.png"))
            page.screenshot(path=written[-1])
            page.close()
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    page.goto(f"{url.rstrip('/')}/present?lang=en&{compare_query}")
    page.locator("button.copy").wait_for(timeout=60_000)
    _wait_drawn(page, charts=0)
    page.keyboard.press("ArrowRight")
    page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=60_000)
    _wait_drawn(page, charts=1, metrics=False)
    written.append(out / "present_compare_en_1920x1080.png")
    page.screenshot(path=written[-1])
    page.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", choices=["present"], help="only presenter mode at projector sizes")
    args = parser.parse_args(argv)
    chromium = chromium_path()
    if chromium is None:
        print("screenshots: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    default = load_scenario(ROOT / "scenarios" / "peter_english_school.yaml")
    data = scenario_to_dict(default)
    data["front_end"] = {**data["front_end"], "price": 250}
    cheaper = scenario_from_dict(data)
    compare_query = f"s={share.encode_scenario(cheaper)}&a={share.encode_scenario(default)}"
    host = scenario_to_dict(load_scenario(ROOT / "scenarios" / "affiliate_web_host.yaml"))
    host["acquisition"] = {**host["acquisition"], "buyers_per_period": 100, "periods": 12}
    business_query = f"s={share.encode_scenario(scenario_from_dict(host))}"
    pond_query = f"s={share.encode_scenario(load_scenario(ROOT / 'scenarios' / 'which_fish_pond.yaml'))}"

    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "streamlit.log")
        bad = Path(tmp) / "broken.yaml"
        bad.write_bytes(BAD_UPLOAD)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                written += _present_shots(browser, server.url, args.out, compare_query)
                for lang in ("en", "zh") if args.only is None else ():
                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}")
                    _wait_drawn(page)
                    written.append(args.out / f"overview_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.locator('[data-testid="stExpander"] summary').filter(
                        has_text=i18n.t(lang, "group_back_end")).first.click()  # Back end levers
                    _wait_drawn(page)
                    page.set_viewport_size({"width": 1600, "height": _page_height(page)})
                    time.sleep(1.5)
                    written.append(args.out / f"page_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    # the editor: the scenario's own settings and the levers, each a number box above its slider
                    page = browser.new_page(viewport={"width": 1600, "height": 2200}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}")
                    _wait_drawn(page)
                    page.locator('[data-testid="stExpander"] summary').filter(
                        has_text=i18n.t(lang, "group_settings")).first.click()
                    _wait_drawn(page)
                    time.sleep(1.0)
                    written.append(args.out / f"editor_{lang}.png")
                    page.locator('section[data-testid="stSidebar"]').screenshot(path=written[-1])
                    page.get_by_role("button", name=i18n.t(lang, "new_scenario")).click()
                    time.sleep(1.0)
                    written.append(args.out / f"new_scenario_{lang}.png")
                    page.screenshot(path=written[-1], clip={"x": 0, "y": 0, "width": 800, "height": 900})
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}&{compare_query}")
                    _wait_drawn(page)
                    page.set_viewport_size({"width": 1600, "height": _page_height(page)})
                    time.sleep(1.5)
                    written.append(args.out / f"compare_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}")
                    _wait_drawn(page)
                    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
                    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
                    time.sleep(1.0)
                    written.append(args.out / f"bad_upload_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}&{business_query}")
                    _wait_drawn(page, charts=6)
                    page.locator('[data-testid="stVegaLiteChart"]').last.scroll_into_view_if_needed()
                    time.sleep(1.0)
                    written.append(args.out / f"business_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}&view=tools")  # "Most you can pay", Peter's school
                    _wait_drawn(page, charts=1)
                    page.set_viewport_size({"width": 1600, "height": max(1000, _main_height(page))})
                    time.sleep(1.5)
                    written.append(args.out / f"tools_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}&view=tools&{pond_query}")
                    _wait_drawn(page, charts=1)
                    _pick(page, i18n.t(lang, "tool_pick"), i18n.t(lang, "tool_channels"))
                    page.get_by_text(i18n.t(lang, "ch_split_title")).wait_for(timeout=120_000)
                    _wait_drawn(page, charts=1, timeout=120_000, metrics=False)
                    page.set_viewport_size({"width": 1600, "height": max(1000, _main_height(page))})
                    time.sleep(1.5)
                    written.append(args.out / f"pond_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url}?lang={lang}&view=calibrate")
                    sample = page.locator(".st-key-cal-sample-transactions [data-testid^=stBaseButton]")
                    sample.first.click(timeout=60_000)
                    page.locator(".st-key-cal-fit button").first.click(timeout=60_000)
                    page.locator(".st-key-cal-use").first.wait_for(timeout=120_000)
                    _wait_drawn(page, charts=3, timeout=120_000, metrics=False)
                    page.set_viewport_size({"width": 1600, "height": max(1000, _main_height(page))})
                    time.sleep(1.5)
                    written.append(args.out / f"calibrate_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()

                    page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
                    page.goto(f"{server.url.rstrip('/')}/glossary?lang={lang}")
                    page.get_by_role("heading", name=i18n.t(lang, "g_referral"), exact=True).wait_for(timeout=60_000)
                    _wait_drawn(page, charts=0, metrics=False)
                    page.set_viewport_size({"width": 1600, "height": max(1000, _main_height(page))})
                    time.sleep(1.0)
                    written.append(args.out / f"glossary_{lang}.png")
                    page.screenshot(path=written[-1])
                    page.close()
                browser.close()
        finally:
            server.stop()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
