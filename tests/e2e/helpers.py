"""Page helpers for the browser tests: waiting for the app, reading its numbers, timing its answers.

The timing helpers (:func:`first_loads`, :func:`slider_latencies`) are shared with
``bench/app_latency.py``, which holds the app's speed targets; the tests only record what they measure.
"""

from __future__ import annotations

import statistics

TIMINGS: dict[str, object] = {}
"""Figures measured by the tests, printed at the end of the run."""

FIRST_LOAD_TARGET_S, COLD_LOAD_TARGET_S = 2.5, 4.0
LATENCY_TARGET_MS, RUN_TARGET_MS = 250.0, 300.0
"""Issue 12's targets for the app (medians): first page load on a running server and on a cold one, key press
to numbers and charts redrawn, key press to the script run finished. Checked by ``make bench-browser``
(bench/app_latency.py), never by the test suite."""

VIEWPORT = {"width": 1600, "height": 1000}
METRIC = '[data-testid="stMetricValue"], .hl-value'
"""A headline number: a metric's (Tools, presenter mode) or a Simulate page card's (one HTML block per row)."""
METRIC_LABEL = '[data-testid="stMetricLabel"], .hl-name'
METRIC_CARD = '[data-testid="stMetric"], .hl-card'
CHART = '[data-testid="stVegaLiteChart"]'


def metric_cards(page) -> list[dict]:
    """Each ``st.metric``'s bordered card (its nearest ancestor with a solid border) as the page lays it out:
    top and height, and the height of the caption under the metric (its band or note; 0 without one)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].map(m => {"
        " let c = m.parentElement; while (c && getComputedStyle(c).borderTopStyle !== 'solid') c = c.parentElement;"
        " const r = c.getBoundingClientRect(); const note = c.querySelector('[data-testid=\"stCaptionContainer\"]');"
        " return {top: r.top, height: r.height, note: note ? note.getBoundingClientRect().height : 0}; })")


def assert_one_height(cards: list[dict]) -> None:
    """Cards of one row: the same top and the same height (to a pixel), whatever their captions' lines."""
    assert max(c["top"] for c in cards) - min(c["top"] for c in cards) <= 1, cards
    assert max(c["height"] for c in cards) - min(c["height"] for c in cards) <= 1, cards


# Installed before any page script runs. Records, in the page's own clock:
# the last key press; when the first headline number's text changes after it;
# the last change inside a chart (Vega redraws its SVG); and when the script
# run it started ends (stApp's data-test-script-state goes running -> notRunning).
INSTRUMENT = """
(() => {
  const L = window.__lat = {keydown: null, changed: null, chart: null, finished: null, running: false, before: null,
                            last: null};
  // charts drawn on a canvas change no DOM: note their draw calls instead
  const P = CanvasRenderingContext2D.prototype;
  for (const name of ['clearRect', 'fillRect', 'fill', 'stroke', 'fillText']) {
    const original = P[name];
    P[name] = function (...args) { if (L.keydown !== null) L.chart = performance.now(); return original.apply(this, args); };
  }
  document.addEventListener('keydown', () => {
    L.keydown = performance.now(); L.changed = null; L.chart = null; L.finished = null; L.running = false;
    L.last = null;
    const el = document.querySelector('%(metric)s'); L.before = el ? el.textContent : null;
  }, true);
  new MutationObserver((mutations) => {
    if (L.keydown === null) return;
    const now = performance.now();
    L.last = now;
    for (const m of mutations) {
      if (m.attributeName === 'data-test-script-state' && m.oldValue === 'running') L.running = true;
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (el && el.closest && el.closest('%(chart)s')) L.chart = now;
    }
    if (L.changed === null) {
      const el = document.querySelector('%(metric)s');
      if (el && el.textContent !== L.before) L.changed = now;
    }
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state === 'running') L.running = true;
    else if (state === 'notRunning' && L.running && L.finished === null) L.finished = now;
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                         attributeOldValue: true});
})();
""" % {"metric": METRIC, "chart": CHART}


def wait_ready(page, charts: int = 5, timeout: float = 60_000) -> None:
    """Wait until the headline numbers and every chart are drawn and the script run has finished."""
    page.wait_for_selector(METRIC, timeout=timeout)
    page.wait_for_function(
        f"document.querySelectorAll('{CHART} svg.marks, {CHART} canvas').length >= {charts} && "
        "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout,
        polling="raf",
    )


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait for the current script run to finish."""
    page.wait_for_timeout(150)
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout,
        polling=50,
    )


def headline_values(page) -> list[str]:
    return page.locator(METRIC).all_inner_texts()


def press_and_time(page, key: str, quiet_ms: int = 500) -> dict[str, float]:
    """Press ``key`` on the focused element; milliseconds until the numbers changed, the charts were redrawn and
    the script run finished.

    The run's end is when the app's script state went from running back to not running. A lever move's run is
    a fragment's (``appviews.sidebar.lever_moved``), short enough that the page sometimes never shows it as
    running (seen on the first move after a load): then the run's end is the last change it made to the page,
    once the page has been quiet for ``quiet_ms`` (``inferred`` is True)."""
    page.keyboard.press(key)
    page.wait_for_function(
        f"window.__lat.changed !== null && (window.__lat.finished !== null || "
        f"(!window.__lat.running && performance.now() - window.__lat.last > {quiet_ms}))",
        timeout=20_000, polling="raf")
    page.wait_for_function(
        f"performance.now() - Math.max(window.__lat.chart || 0, window.__lat.finished || window.__lat.last) > "
        f"{quiet_ms}", timeout=20_000, polling=50)
    lat = page.evaluate("window.__lat")
    k = lat["keydown"]
    numbers = lat["changed"] - k
    charts = (lat["chart"] - k) if lat["chart"] is not None else numbers
    inferred = lat["finished"] is None
    run = (lat["last"] if inferred else lat["finished"]) - k
    return {"numbers": numbers, "charts": charts, "update": max(numbers, charts), "run": run, "inferred": inferred}


def median(values) -> float:
    return float(statistics.median(values))


# Installed before any page script runs: stamps, in the page's own clock, when a headline number first shows,
# when the last of the charts is drawn and when both are there with the script run finished (what
# :func:`wait_ready` waits for). Read after ``wait_ready``: the figure is when the page got there, not when
# Playwright's polling (a round trip per animation frame, 0.1-0.4 s late on a busy machine) noticed it.
READY_STAMP = """
(() => {
  const R = window.__ready = {numbers: null, charts: null, ready: null};
  const check = () => {
    const now = performance.now();
    if (R.numbers === null && document.querySelector('%(metric)s')) R.numbers = now;
    if (R.charts === null && document.querySelectorAll('%(chart)s svg.marks, %(chart)s canvas').length >= CHARTS)
      R.charts = now;
    const app = document.querySelector('[data-testid="stApp"]');
    if (R.ready === null && R.numbers !== null && R.charts !== null && app &&
        app.getAttribute('data-test-script-state') === 'notRunning') R.ready = now;
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                 characterData: true});
})();
""" % {"metric": METRIC, "chart": CHART}


def first_load_timings(browser, url: str, visits: int = 3, on_ready=None, charts: int = 5) -> list[dict[str, float]]:
    """For ``visits`` new visitors in turn (each a fresh browser context: no cache), seconds from navigation
    start until: a headline number showed (``numbers``), the ``charts`` were drawn, the page was ready (both,
    and the script run finished: ``ready``), and Playwright saw it ready (``polled``, the older figure).

    The first visit after the server started is the cold one (Python imports included).
    ``on_ready(page)``, when given, is called on each ready page before its context closes.
    """
    loads = []
    for _ in range(visits):
        context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        page = context.new_page()
        page.add_init_script(READY_STAMP.replace("CHARTS", str(charts)))
        page.goto(url)
        wait_ready(page, charts=charts)
        polled = page.evaluate("performance.now()")
        stamps = page.evaluate("window.__ready")
        loads.append({"numbers": stamps["numbers"] / 1000, "charts": stamps["charts"] / 1000,
                      "ready": (stamps["ready"] if stamps["ready"] is not None else polled) / 1000,
                      "polled": polled / 1000})
        if on_ready is not None:
            on_ready(page)
        context.close()
    return loads


def first_loads(browser, url: str, visits: int = 3, on_ready=None) -> list[float]:
    """Seconds from navigation start until the app was ready (:func:`first_load_timings`), for each new visitor."""
    return [t["ready"] for t in first_load_timings(browser, url, visits, on_ready)]


def slider_latencies(page, presses: int, key: str = "ArrowRight") -> list[dict[str, float]]:
    """Press ``key`` ``presses`` times on the focused slider (each press a new scenario): one timing each."""
    return [press_and_time(page, key) for _ in range(presses)]


def record_slider_timings(timings: list[dict[str, float]]) -> None:
    """Store the medians of :func:`slider_latencies` in :data:`TIMINGS`."""
    TIMINGS["slider release → numbers (median ms)"] = round(median(t["numbers"] for t in timings))
    TIMINGS["slider release → numbers and charts (median ms)"] = round(median(t["update"] for t in timings))
    TIMINGS["slider release → script run finished (median ms)"] = round(median(t["run"] for t in timings))
    TIMINGS["slider presses timed"] = len(timings)
    TIMINGS["slider latency target (median ms)"] = LATENCY_TARGET_MS
    TIMINGS["script run finished target (median ms)"] = RUN_TARGET_MS


def record_first_loads(loads: list[float]) -> None:
    """Store cold and warm first-load figures of :func:`first_loads` in :data:`TIMINGS`."""
    TIMINGS["first load, cold server (s)"] = round(loads[0], 2)
    TIMINGS["first load, running server (s)"] = round(median(loads[1:]), 2)
    TIMINGS["first load target (s)"] = FIRST_LOAD_TARGET_S
    TIMINGS["cold first load target (s)"] = COLD_LOAD_TARGET_S
