"""The Simulate page: the headline numbers with their bands, the charts, and the whole business.

Compare mode (A pinned) draws A and the current B on the same charts, with B − A on the numbers.
"""

from __future__ import annotations

import contextlib
import logging

import streamlit as st

from presentation import i18n, levers
from presentation.i18n import escape_markdown as md
from presentation.i18n import t
from presentation.presenter import story_in
from presentation.texts import text_in
from simulator.scenario import Scenario, centre

from . import frame as fr
from . import runs, sidebar

SPINNER_LIFETIMES = 2_000_000  # runs this large show a spinner; smaller ones answer at once
log = logging.getLogger("funnel_app")


# Metric labels wrap onto a second line instead of ending in "…" when a column is narrow (1280 px:
# "Most you can pay (80% sure)"); our fixed CSS only, no user text.
WRAP_LABELS = """<style>
[data-testid="stMainBlockContainer"] [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMainBlockContainer"] [data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; }
</style>"""


def headline_metrics(headlines: list[levers.Headline], per_row: int = 4) -> None:
    """The numbers as cards, ``per_row`` to a row: each its metric and its band.

    A full row's columns are the cards themselves (bordered, as tall as each other): one block per
    card fewer than a bordered container in each column, on every rerun."""
    rows = [headlines[i:i + per_row] for i in range(0, len(headlines), per_row)]
    for row in rows:
        full = len(row) == per_row
        cols = st.columns(per_row, border=full)
        for col, h in zip(cols, row):
            with col if full else col.container(border=True, height="stretch"):
                st.metric(h.label, h.value, delta=h.delta, delta_color=h.delta_color, help=h.help)
                st.caption(md(h.band))


def page(f: fr.Frame) -> None:
    """The main area first (the numbers reach the browser sooner), then the sidebar."""
    draw(f)
    sidebar.full(f)


def draw(f: fr.Frame) -> None:
    lang, current = f.lang, f.current
    st.title(t(lang, "app_title"))
    st.caption(t(lang, "tagline"))
    st.subheader(md(text_in(current.name, lang)))
    story = story_in(current.description, lang, current.source)  # the story and its source, in the page's language
    if story:
        st.caption(md(story))
    fr.show_notices(lang)
    if f.bad_presets:
        st.warning(t(lang, "bad_presets", files=", ".join(md(name) for name, _ in f.bad_presets)))
    if f.invalid:
        st.warning(t(lang, "settings_invalid") + "\n\n" + fr.messages_md(lang, f.invalid))

    seed = levers.effective_seed(current)
    sim = runs.sizes(current)  # the file's sample size, within the app's budget
    labels = (t(lang, "label_a"), t(lang, "label_b")) if f.pinned_yaml is not None else (t(lang, "label_one"),)
    key = (f.current_yaml, f.pinned_yaml, lang, seed, sim.customers, sim.replicates)
    slow = sim.customers * sim.replicates >= SPINNER_LIFETIMES
    try:
        with st.spinner(t(lang, "running"), show_time=True) if slow else contextlib.nullcontext():
            headlines, business = runs.headlines(*key, _scenario_b=current)
    except Exception as exc:  # the engine refused or failed: say why, no traceback
        log.exception("simulation failed")
        st.error(t(lang, "simulation_failed", error=fr.failure_text(lang, exc)))
        return

    if f.pinned_yaml is not None:  # seed and sample size: under Advanced in the levers
        st.info(t(lang, "compare_note", name=md(runs.name_of(f.pinned_yaml, lang))), icon=":material/compare_arrows:")
    st.caption(t(lang, "per_buyer_note", currency=md(current.currency)))
    st.html(WRAP_LABELS)  # once for every card of the page
    headline_metrics(headlines)
    uncertain = levers.has_uncertainty(current) or (f.pinned_yaml is not None and runs.uncertain(f.pinned_yaml))
    st.caption(levers.bands_text(lang, sim.customers, uncertain))  # what the bands under the numbers mean, once
    if sim.clamped:
        st.caption(levers.budget_text(lang, sim))

    specs = runs.chart_specs(*key, labels, _scenario_b=current)  # ready to send: data as Arrow bytes
    st.vega_lite_chart(spec=specs["cash"], width="stretch")
    left, right = st.columns(2, gap="large")
    with left:
        st.vega_lite_chart(spec=specs["funnel"], width="stretch")
    with right:
        st.vega_lite_chart(spec=specs["active"], width="stretch")
    st.vega_lite_chart(spec=specs["money"], width="stretch")
    st.vega_lite_chart(spec=specs["value"], width="stretch")
    _draw_business(lang, current, business, specs.get("business"))


def _draw_business(lang: str, current: Scenario, headlines: list[levers.Headline], spec: dict | None) -> None:
    """The whole business (buyers every period): its numbers and cash curve, or how to switch it on."""
    ppy = current.periods_per_year
    unit = i18n.unit(lang, ppy)
    if not headlines or spec is None:
        st.caption(t(lang, "business_off", unit=unit))
        return
    st.subheader(t(lang, "business_title"))
    acq = current.acquisition
    st.caption(t(lang, "business_note", buyers=i18n.fmt_number(centre(acq.buyers_per_period), lang), unit=unit,
                 periods=i18n.fmt_periods(acq.periods, lang, ppy),
                 growth=i18n.fmt_percent(centre(acq.cac_growth), lang, 1), cac=headlines[-1].value,
                 cac_band=headlines[-1].band,
                 currency=md(current.currency)))
    headline_metrics(headlines[:-1])  # the average CAC is in the note above
    st.vega_lite_chart(spec=spec, width="stretch")
