"""Chinese presets in a real headless Chromium: the page of every preset in 中文 shows none of its English names.

Each preset is opened by link (``?lang=zh&s=<token>``, the token of its dumped YAML, so the app also
recognises it as the preset in the select box). The English names of its product, channels, rungs and
downsells are read from the YAML, and none of them may appear on the page: headings, story, the
select box, every lever (each group opened), chart text the browser can read (SVG marks' labels;
charts drawn on a canvas are checked by tests/test_charts.py instead). The preset's Chinese name must.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presentation import share
from simulator.scenario import LocalText, dump_scenario, load_scenario

from .helpers import wait_idle, wait_ready

ROOT = Path(__file__).resolve().parents[2]
PRESETS = sorted((ROOT / "scenarios").glob("*.yaml"))
TIMEOUT = 60_000

# the page's text, including aria-labels (SVG chart marks) and input values (the rungs' name boxes)
PAGE_TEXT = """() => {
  const parts = [];
  const app = document.querySelector('[data-testid="stApp"]');
  const walk = document.createTreeWalker(app, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement && ['STYLE', 'SCRIPT'].includes(n.parentElement.tagName))
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  while (walk.nextNode()) parts.push(walk.currentNode.textContent);
  for (const el of app.querySelectorAll('[aria-label], input[value]')) {
    parts.push(el.getAttribute('aria-label') || '', el.value || '');
  }
  return parts.join('\\n');
}"""


def page_text(page) -> str:
    """Every lever group opened (a collapsed one draws nothing), then the page's text."""
    for _ in range(20):
        closed = page.locator('[data-testid="stSidebar"] details:not([open]) > summary')
        if closed.count() == 0:
            break
        closed.first.click()
        wait_idle(page, timeout=TIMEOUT)
    return page.evaluate(PAGE_TEXT)


def english_names(scenario) -> list[str]:
    """The English names of the scenario's product, channels, rungs and downsells."""
    texts = [scenario.front_end.name, *(c.name for c in scenario.acquisition.channels)]
    for rung in scenario.back_end:
        texts.append(rung.name)
        if rung.downsell is not None:
            texts.append(rung.downsell.name)
    return [t.en for t in texts if isinstance(t, LocalText) and t.en]


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_chinese_page_of_every_preset_shows_no_english_name(context, server, path):
    scenario = load_scenario(path)
    names = english_names(scenario)
    assert names, "a preset names its product, channels and rungs in English and Chinese"
    page = context.new_page()
    page.goto(f"{server.url}?lang=zh&s={share.encode_text(dump_scenario(scenario))}")
    wait_ready(page, timeout=TIMEOUT)
    text = page_text(page)
    assert scenario.name.zh in text
    shown = [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
    assert not shown, f"the Chinese page of {path.name} shows English names: {shown}"
    assert scenario.source.zh in text  # the Source line under the story


def test_the_same_check_sees_the_english_names_on_the_english_page(context, server):
    """The control: on the English page every such name is found, so the check above can fail."""
    scenario = load_scenario(ROOT / "scenarios" / "which_fish_pond.yaml")
    page = context.new_page()
    page.goto(f"{server.url}?lang=en&s={share.encode_text(dump_scenario(scenario))}")
    wait_ready(page, timeout=TIMEOUT)
    text = page_text(page)
    missing = [n for n in english_names(scenario) if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
    assert not missing
    assert scenario.name.en in text and scenario.name.zh not in text
