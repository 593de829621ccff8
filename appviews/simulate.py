"""The Simulate page: the headline numbers with their bands, the charts, and the whole business.

Compare mode (A pinned) draws A and the current B on the same charts, with B − A on the numbers.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape

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


# The headline cards' look: one grid per row of cards, each card a label (with its help behind a "?"), the
# number, its difference from A in compare mode, and its band. Our fixed CSS only, no user text. The number's
# size follows the card's width (container units) and a long one wraps at its spaces, so nothing is cut at
# any width; a narrow main area (a 1024-px screen with the sidebar open) puts two cards to a row.
CARDS_CSS = """<style>
.hl-wrap { container-type: inline-size; }
.hl-row { display: grid; grid-template-columns: repeat(var(--hl-n, 4), minmax(0, 1fr)); gap: 1rem; margin: 0 0 1rem 0; }
@container (max-width: 720px) { .hl-row { --hl-n: 2 !important; } }
@container (max-width: 360px) { .hl-row { --hl-n: 1 !important; } }
.hl-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.75rem 1rem; }
.hl-label { font-size: 0.875rem; color: rgb(49, 51, 63); white-space: normal; display: flex; gap: 0.3rem;
  align-items: baseline; }
.hl-value { font-size: clamp(1.1rem, calc(100cqi / var(--hl-n, 4) * 0.15), 2.25rem); line-height: 1.25;
  color: rgb(49, 51, 63); overflow-wrap: break-word; margin: 0.1rem 0 0.15rem 0; }
.hl-delta { font-size: 0.875rem; font-weight: 600; margin-bottom: 0.2rem; }
.hl-delta.hl-good { color: rgb(9, 171, 59); } .hl-delta.hl-bad { color: rgb(255, 43, 43); }
.hl-delta.hl-flat { color: rgb(128, 132, 149); }
.hl-band { font-size: 0.875rem; color: rgba(49, 51, 63, 0.6); }
.hl-help { position: relative; cursor: help; color: rgba(49, 51, 63, 0.6); font-size: 0.75rem; border-radius: 50%;
  border: 1px solid rgba(49, 51, 63, 0.4); width: 1.1em; height: 1.1em; line-height: 1em; text-align: center;
  flex: none; }
.hl-tip { display: none; position: absolute; z-index: 10; left: 0; top: 1.4em; width: min(22rem, 70vw);
  padding: 0.5rem 0.7rem; border-radius: 0.4rem; background: white; color: rgb(49, 51, 63); font-size: 0.875rem;
  text-align: left; line-height: 1.4; box-shadow: 0 2px 10px rgba(0, 0, 0, 0.2); white-space: normal; }
.hl-help:hover .hl-tip, .hl-help:focus .hl-tip { display: block; }
</style>"""


def _delta_html(h: levers.Headline) -> str:
    """B − A under the number, coloured as ``st.metric`` colours it: up is good unless the colour is inverse."""
    if not h.delta:
        return ""
    down = h.delta.lstrip().startswith(("-", "−"))
    if h.delta_color == "off":
        tone = "hl-flat"
    else:
        tone = "hl-bad" if down != (h.delta_color == "inverse") else "hl-good"
    arrow = "↓" if down else "↑"
    return f'<div class="hl-delta {tone}">{arrow} {escape(h.delta)}</div>'


def card_html(h: levers.Headline) -> str:
    """One headline card: label and help, value, B − A, band (every text escaped: a currency is user text)."""
    tip = (f'<span class="hl-help" tabindex="0" aria-label="{escape(h.help)}">?'
           f'<span class="hl-tip" role="tooltip">{escape(h.help)}</span></span>') if h.help else ""
    return (f'<div class="hl-card" data-key="{escape(h.key)}"><div class="hl-label"><span class="hl-name">{escape(h.label)}</span>'
            f'{tip}</div><div class="hl-value">{escape(h.value)}</div>{_delta_html(h)}'
            f'<div class="hl-band">{escape(h.band)}</div></div>')


def headline_metrics(headlines: list[levers.Headline], per_row: int = 4) -> None:
    """The numbers as cards, ``per_row`` to a row: one HTML element per row (label, help, value, B − A, band),
    not a block per card and a metric and a caption in each (13 elements a row, each sent on every rerun)."""
    for i in range(0, len(headlines), per_row):
        row = "".join(card_html(h) for h in headlines[i:i + per_row])
        st.html(f'<div class="hl-wrap"><div class="hl-row" style="--hl-n: {per_row}">{row}</div></div>')


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
    st.html(CARDS_CSS)  # once for every card of the page
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
