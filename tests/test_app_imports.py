"""The app's first page pays only for what it draws: the other pages' modules wait until they are opened.

A fresh server's first visitor waits for every module the script imports (issue 12's cold first load). The
Calibrate page alone brings scipy.optimize and the calibration fits, the Tools page the report and the
sensitivity tools, presenter mode the slide deck: none of them is needed to draw the Simulate page. A restarted
server reads the page's chart layouts from disk, without Altair. Each test runs the app in a fresh interpreter
(``AppTest``, as a visitor's first run) and reads what it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=120)
at.query_params["lang"] = "en"
at.run()
assert not at.exception, at.exception
shown = [e.value for e in at.get("html")] + [m.value for m in at.metric]
print(json.dumps({{"modules": sorted(sys.modules), "drawn": bool(shown)}}))
"""

OTHER_PAGES = ("appviews.calibrate", "appviews.tools", "appviews.present", "appviews.glossary")
HEAVY = ("scipy.optimize", "simulator.calibration", "presentation.calibration_charts", "presentation.report",
         "presentation.deck", "simulator.sensitivity")


def _modules_after_first_run(cache: Path) -> tuple[set[str], bool]:
    code = PROBE.format(app=str(ROOT / "app.py"))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(Path.home()),
                              "FUNNEL_CACHE_DIR": str(cache)})
    assert out.returncode == 0, out.stderr[-3000:]
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return set(data["modules"]), data["drawn"]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def simulate_page(cache) -> tuple[set[str], bool]:
    """A fresh server's first run, on a machine where no chart layout was kept yet."""
    return _modules_after_first_run(cache)


def test_the_simulate_page_draws_its_numbers(simulate_page):
    _modules, drawn = simulate_page
    assert drawn, "the first run drew no headline numbers"


@pytest.mark.parametrize("module", OTHER_PAGES + HEAVY)
def test_the_first_page_leaves_other_pages_modules_unimported(simulate_page, module):
    modules, _drawn = simulate_page
    assert module not in modules, f"{module} imported by the Simulate page's first run"


def test_a_restarted_server_draws_the_first_page_without_altair(simulate_page, cache):
    """The first run kept the chart layouts on disk (:func:`presentation.charts.layout_spec`): the next
    process reads them and never imports Altair for the Simulate page."""
    first, _drawn = simulate_page
    assert "altair" in first  # nothing kept yet: the layouts were built
    again, drawn = _modules_after_first_run(cache)
    assert drawn and "altair" not in again


def test_the_first_page_draws_without_pandas(simulate_page):
    """The Simulate page's chart data are numpy columns written to Arrow: pandas (about 0.35 s to import) waits for
    the reports, the exports and the tools."""
    modules, drawn = simulate_page
    assert drawn and "pandas" not in modules, sorted(m for m in modules if m.startswith("pandas"))[:5]


def test_an_install_keeps_the_first_page_layouts(tmp_path, monkeypatch):
    """``make app``'s set-up (``python -m presentation.layout_warmup``) builds the layouts the first page draws,
    as the app keys them: a fresh server's first visitor reads them from disk, and Altair is never imported."""
    from presentation import charts, layout_warmup, levers
    from simulator.scenario import load_scenario

    monkeypatch.setenv("FUNNEL_CACHE_DIR", str(tmp_path))
    charts.layout_spec.cache_clear()  # built earlier in this process: build (and write) them again here
    try:
        kept = layout_warmup.keep([load_scenario(ROOT / "scenarios" / levers.DEFAULT_PRESET)], ["en"])
    finally:
        charts.layout_spec.cache_clear()
    assert kept == 5  # the five charts of the Simulate page
    modules, drawn = _modules_after_first_run(tmp_path)
    assert drawn and "altair" not in modules
