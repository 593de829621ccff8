"""The Glossary page in a real headless Chromium: opened by its address and from the sidebar's View control.

``/glossary?lang=zh`` shows every entry's Chinese heading, definition and "where in this app", and no
English heading; the View control lists the page and opens it.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from appviews.glossary import TERMS
from presentation import i18n

from .helpers import METRIC, wait_idle

CJK = re.compile(r"[\u4e00-\u9fff]")
HEADINGS = '[data-testid="stMainBlockContainer"] [data-testid="stHeadingWithActionElements"]'
TIMEOUT = 60_000


def open_glossary(context, server, lang: str):
    page = context.new_page()
    page.goto(f"{server.url.rstrip('/')}/glossary?lang={lang}")
    page.get_by_role("heading", name=i18n.t(lang, "glossary_title"), exact=True).wait_for(timeout=TIMEOUT)
    wait_idle(page)
    return page


def headings(page) -> list[str]:
    return [" ".join(h.split()) for h in page.locator(HEADINGS).all_inner_texts()]


def test_glossary_in_chinese_by_its_address(context, server):
    page = open_glossary(context, server, "zh")
    assert urlparse(page.url).path.strip("/") == "glossary"
    shown = headings(page)
    assert shown[0] == i18n.t("zh", "glossary_title")
    assert shown[1:] == [i18n.t("zh", f"g_{term}") for term in TERMS]
    assert all(CJK.search(h) for h in shown), shown  # no English heading
    english = {i18n.t("en", f"g_{term}") for term in TERMS} | {i18n.t("en", "glossary_title")}
    assert not english & set(shown)
    main = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    for term in TERMS:
        assert i18n.t("zh", f"g_{term}_text") in " ".join(main.split()), term
    assert "Lifetime value" not in main and "In this app" not in main
    page.close()


def test_glossary_from_the_view_control(context, server):
    page = context.new_page()
    page.goto(f"{server.url}?lang=en")
    page.wait_for_selector(METRIC, timeout=TIMEOUT)
    wait_idle(page)
    view = page.get_by_role("radiogroup", name=i18n.t("en", "view_label"), exact=True)
    view.get_by_role("radio", name=i18n.t("en", "view_glossary"), exact=True).click()
    page.get_by_role("heading", name=i18n.t("en", "g_clv"), exact=True).wait_for(timeout=TIMEOUT)
    wait_idle(page)
    assert urlparse(page.url).path.strip("/") == "glossary"
    assert headings(page)[1:] == [i18n.t("en", f"g_{term}") for term in TERMS]
    page.close()
