"""Browser tests: ``streamlit run app.py`` on a free local port, driven by Debian's Chromium through Playwright.

Nothing here downloads a browser: Playwright launches the ``chromium`` found on
PATH. Without it (or without the playwright package) the tests skip with a
message on a developer's machine, and fail when ``CI`` is ``"true"``.

The measured timings (first page load, slider-to-update latency) are printed
at the end of the run and written to ``build/e2e-timings.json``.
"""

from __future__ import annotations

import json
import os

import pytest

from .helpers import TIMINGS, VIEWPORT
from .server import CHROMIUM_ARGS, ROOT, chromium_path, start_server


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    return path


@pytest.fixture(scope="session")
def server(chromium, tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("streamlit") / "streamlit.log")
    yield srv
    srv.stop()
    log = srv.log()
    if "Traceback" in log:
        print("\n--- streamlit log ---\n" + log[-5000:])


PAGE_ERRORS: list[str] = []
"""Uncaught errors of the pages' scripts (a chart Vega-Lite cannot draw, a broken component), as they happen."""


class _Browser:
    """The launched browser, whose every context reports its pages' uncaught script errors to PAGE_ERRORS."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **kwargs):
        ctx = self._browser.new_context(**kwargs)
        ctx.on("weberror", lambda error: PAGE_ERRORS.append(str(error.error)))
        return ctx

    def new_page(self, **kwargs):
        page = self._browser.new_page(**kwargs)
        page.on("pageerror", lambda error: PAGE_ERRORS.append(str(error)))
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield _Browser(b)
        b.close()


@pytest.fixture(autouse=True)
def no_page_errors():
    """Every browser test fails on an uncaught error in a page's scripts, whatever it asserts: a chart that
    Vega-Lite cannot draw shows nothing and says nothing on the page (the Calibrate page's tracking charts)."""
    del PAGE_ERRORS[:]
    yield
    errors, PAGE_ERRORS[:] = list(PAGE_ERRORS), []
    if errors:
        pytest.fail("uncaught errors in the page: " + "; ".join(dict.fromkeys(errors)), pytrace=False)


@pytest.fixture
def context(browser, tmp_path):
    ctx = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-US")
    yield ctx
    ctx.close()


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("browser timings")
    for key, value in TIMINGS.items():
        terminalreporter.write_line(f"{key}: {value}")
    out = ROOT / "build" / "e2e-timings.json"
    try:
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(TIMINGS, indent=2) + "\n", encoding="utf-8")
        terminalreporter.write_line(f"(written to {out.relative_to(ROOT)})")
    except OSError as exc:  # the figures were printed above; a read-only checkout only loses the file
        terminalreporter.write_line(f"(could not write {out}: {exc.strerror})")
