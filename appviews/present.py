"""Presenter mode: large type, no sidebar, one chart at a time with the sentence that goes with it.

The sidebar is folded away; its levers keep their values (``persist_state="session"``).
"""

from __future__ import annotations

import logging

import streamlit as st

from presentation import levers
from presentation.i18n import escape_markdown as md
from presentation.i18n import t

from . import frame as fr
from . import runs

log = logging.getLogger("funnel_app")

PRESENTER_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]
  { display: none !important; }
.stMainBlockContainer { max-width: 1500px; padding-top: 2rem; }
.stMainBlockContainer [data-testid="stMarkdownContainer"] p { font-size: 1.55rem; line-height: 1.45; }
.stMainBlockContainer [data-testid="stCaptionContainer"] { font-size: 1.2rem; }
.stMainBlockContainer h1 { font-size: 3rem; }
.stMainBlockContainer h2 { font-size: 2.4rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
</style>"""


def _on_step(delta: int, total: int) -> None:
    ss = st.session_state
    ss["slide"] = min(total - 1, max(0, ss.get("slide", 0) + delta))


def _on_leave() -> None:
    fr.go_to(fr.VIEWS[0])


def page(f: fr.Frame) -> None:
    lang, current, current_yaml = f.lang, f.current, f.current_yaml
    st.html(PRESENTER_CSS)
    seed, sim = levers.effective_seed(current), runs.sizes(current)
    key = (current_yaml, None, lang, seed, sim.customers, sim.replicates)
    try:
        slides = runs.slides(current_yaml, lang, seed, sim.customers, sim.replicates)
        headlines, _business = runs.headlines(*key, _scenario_b=current)
        figures = runs.figures(*key, (t(lang, "label_one"),), _scenario_b=current)
    except Exception as exc:  # the engine refused or failed: say why, no traceback
        log.exception("simulation failed")
        st.error(t(lang, "simulation_failed", error=fr.failure_text(lang, exc)))
        st.button(t(lang, "p_exit"), on_click=_on_leave, key="p_exit")
        return
    total = len(slides)
    n = min(total - 1, max(0, st.session_state.get("slide", 0)))
    slide = slides[n]
    nav = st.columns([2, 1, 1, 2], vertical_alignment="center")
    nav[0].caption(t(lang, "p_step", n=n + 1, total=total))
    nav[1].button(t(lang, "p_prev"), on_click=_on_step, args=(-1, total), disabled=n == 0, key="p_prev",
                  icon=":material/arrow_back:", width="stretch")
    nav[2].button(t(lang, "p_next"), on_click=_on_step, args=(1, total), disabled=n == total - 1, key="p_next",
                  icon=":material/arrow_forward:", type="primary", width="stretch")
    nav[3].button(t(lang, "p_exit"), on_click=_on_leave, key="p_exit", icon=":material/close:",
                  type="tertiary")
    if slide.chart is None:
        st.title(md(slide.title))
        st.markdown(md(slide.caption))
        cols = st.columns(4)
        for col, h in zip(cols, [h for h in headlines if h.key in ("clv", "cac", "payback", "prob_profit")]):
            with col.container(border=True):
                st.metric(h.label, h.value, help=h.help)
                st.caption(md(h.band))
        return
    st.markdown(md(slide.caption))  # the chart carries the slide's title
    figure = figures.get(slide.chart)
    if figure is not None:
        st.vega_lite_chart(spec=_projector(figure.spec()), width="stretch")


def _projector(spec: dict) -> dict:
    """Taller, with larger axis and legend text, for the room."""
    if isinstance(spec.get("height"), (int, float)):
        spec["height"] = max(spec["height"], 480)
    for part in ("axis", "legend"):
        conf = spec.get("config", {}).get(part, {})
        for size in ("labelFontSize", "titleFontSize"):
            if isinstance(conf.get(size), (int, float)):
                conf[size] = round(conf[size] * 1.3)
    return spec
