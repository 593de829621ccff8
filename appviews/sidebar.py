"""The sidebar: language and view, the scenario (preset, upload, download, compare) and the levers.

Pages draw their main area first and the sidebar after, so the numbers reach the browser
before the widgets. Every widget here keeps its value on pages that do not draw it
(``persist_state="session"``): presenter mode draws no sidebar, and coming back finds the
levers where they were.
"""

from __future__ import annotations

import streamlit as st

from presentation import i18n, levers, share
from presentation.i18n import escape_markdown as md
from presentation.i18n import t
from presentation.texts import text_in
from simulator.scenario import Scenario, ScenarioError

from . import frame as fr

OPEN_GROUPS = ("acquisition", "front_end")
KEEP = "session"  # widget values survive pages that do not draw them


def top(lang: str) -> None:
    """Language and view, at the top of the sidebar on every page that has one."""
    st.sidebar.segmented_control("Language · 语言", options=list(i18n.LANGS), format_func=i18n.LANG_NAMES.get,
                                 key="lang", required=True, persist_state=KEEP)
    st.sidebar.segmented_control(t(lang, "view_label"), options=list(fr.VIEWS),
                                 format_func=lambda v: t(lang, f"view_{v}"), key="view", required=True,
                                 on_change=fr.on_view, persist_state=KEEP)


def scenario_controls(f: fr.Frame) -> None:
    """Pick a preset, upload or download a scenario, pin it as A."""
    lang, ss = f.lang, st.session_state
    st.sidebar.subheader(t(lang, "scenario"))
    preset_files = {p.file: p.scenario for p in f.presets}
    names = {p.file: text_in(p.name, lang) for p in f.presets}
    st.sidebar.selectbox(t(lang, "preset"), options=list(preset_files), format_func=lambda x: names.get(x, x),
                         key="preset", on_change=fr.on_preset, args=(preset_files,), help=t(lang, "preset_help"),
                         placeholder=t(lang, "preset_custom"), persist_state=KEEP)
    upload_key = f"upload_{ss['upload_n']}"
    _uploader_words(lang)
    st.sidebar.file_uploader(t(lang, "upload"), key=upload_key, on_change=fr.on_upload,
                             args=(upload_key, f.preset_by_yaml), help=t(lang, "upload_help"), max_upload_size=1)
    st.sidebar.download_button(t(lang, "download"), data=f.current_yaml, file_name=f"{share.file_stem(text_in(f.current.name, lang))}.yaml",
                               mime="application/x-yaml", on_click="ignore", help=t(lang, "download_help"),
                               icon=":material/download:", key="download")
    st.sidebar.caption(t(lang, "share_help"))
    st.sidebar.subheader(t(lang, "compare"))
    pin_cols = st.sidebar.columns(2)
    pin_cols[0].button(t(lang, "pin"), on_click=fr.on_pin, help=t(lang, "pin_help"), icon=":material/push_pin:",
                       key="pin")
    pin_cols[1].button(t(lang, "unpin"), on_click=fr.on_unpin, disabled=f.pinned_yaml is None, key="unpin")


def full(f: fr.Frame) -> None:
    """The whole sidebar of the Simulate and Tools pages."""
    top(f.lang)
    scenario_controls(f)
    _render_controls(f.base, f.controls, f.lang)


# --------------------------------------------------------------------------
# Levers
# --------------------------------------------------------------------------


def _render_control(c: levers.Control, gen: int, lang: str, currency: str, ppy: int) -> None:
    point, toggle, rng = fr.control_keys(c, gen)
    label = levers.label(c, lang, ppy, escape=md)
    help_text = levers.help_text(c, lang)
    if c.uncertain_ok:
        help_text += "\n\n" + t(lang, "uncertain_help")
    if c.kind == "sample":
        st.number_input(label, min_value=int(c.lo), max_value=int(c.hi), value=int(c.point), step=int(c.step),
                        key=point, help=help_text, persist_state=KEEP)
        return
    fmt = c.slider_format(currency)
    num = int if c.integer else float
    lo, hi, step = num(c.lo), num(c.hi), num(c.step)
    if not c.uncertain_ok:
        st.slider(label, lo, hi, num(c.point), step, format=fmt, key=point, help=help_text, persist_state=KEEP)
        return
    left, right = st.columns([3, 1], vertical_alignment="center", gap="small")
    with right:
        on = st.toggle(t(lang, "uncertain"), value=c.uncertain, key=toggle, persist_state=KEEP)
    with left:
        if on:
            low, high = c.range
            st.slider(t(lang, "range_label", label=label), lo, hi, (num(low), num(high)), step, format=fmt, key=rng,
                      help=help_text, persist_state=KEEP)
        else:
            st.slider(label, lo, hi, num(c.point), step, format=fmt, key=point, help=help_text, persist_state=KEEP)


def _render_rungs(base: Scenario, in_group: list[levers.Control], gen: int, lang: str) -> None:
    currency, ppy = base.currency, base.periods_per_year
    billing_names = {"once": t(lang, "billing_once"),
                     "per_period": t(lang, "billing_per_period", unit=i18n.unit(lang, ppy))}
    for i, rung in enumerate(base.back_end):
        st.markdown(f"**{md(t(lang, 'rung_heading', n=i + 1, name=rung.name))}**")
        name_key, billing_key = f"{gen}:rung_name.{i}", f"{gen}:rung_billing.{i}"
        cols = st.columns([3, 2], gap="small")
        cols[0].text_input(t(lang, "rung_name", n=i + 1), value=text_in(rung.name, lang), key=name_key, max_chars=80,
                           on_change=fr.on_rung_edit, args=(i, name_key, "name"))
        cols[1].selectbox(t(lang, "rung_billing"), options=list(billing_names), key=billing_key,
                          index=list(billing_names).index(rung.billing), format_func=billing_names.get,
                          on_change=fr.on_rung_edit, args=(i, billing_key, "billing"))
        for c in in_group:
            if c.rung == i:
                _render_control(c, gen, lang, currency, ppy)
        st.button(t(lang, "remove_rung", n=i + 1), key=f"{gen}:remove_rung.{i}", on_click=fr.on_remove_rung,
                  args=(i,), icon=":material/remove:", type="tertiary")
    if not base.back_end:
        st.caption(t(lang, "no_rungs"))
    st.button(t(lang, "add_rung"), key=f"{gen}:add_rung", on_click=fr.on_add_rung,
              icon=":material/add:", disabled=len(base.back_end) >= 12)
    st.divider()


def _render_controls(base: Scenario, ctrls: list[levers.Control], lang: str) -> None:
    gen = st.session_state["gen"]
    currency, ppy = base.currency, base.periods_per_year
    st.sidebar.subheader(t(lang, "controls"))
    for group in levers.GROUPS:
        in_group = [c for c in ctrls if c.group == group]
        # only open groups draw their levers (fewer elements per rerun: a faster answer to a slider);
        # the levers keep their values while hidden (persist_state)
        box = st.sidebar.expander(t(lang, f"group_{group}"), expanded=group in OPEN_GROUPS, key=f"group:{group}",
                                  on_change="rerun")
        if not box.open:
            continue
        with box:
            if group == "back_end":
                _render_rungs(base, in_group, gen, lang)
                in_group = [c for c in in_group if c.rung is None]
            for c in in_group:
                _render_control(c, gen, lang, currency, ppy)
            if group == "acquisition" and levers.share_levers_ok(base):
                _shares_caption(lang)


def _shares_caption(lang: str) -> None:
    """What the share sliders add up to: the last channel takes the rest."""
    try:
        shares = levers.channel_shares(fr.current_scenario(), lang)
    except ScenarioError:
        return
    text = ", ".join(f"{md(name)} {i18n.fmt_percent(share, lang, 0)}" for name, share in shares)
    st.caption(t(lang, "shares_caption", shares=text, rest=md(shares[-1][0])))


def _uploader_words(lang: str) -> None:
    """Streamlit's uploader carries its own English words ("Upload", "1MB per file"); show ours instead.

    CSS only (our fixed strings, never user text): the original words shrink to nothing and a
    pseudo-element carries the translation.
    """
    def css_text(key: str) -> str:
        return t(lang, key).replace("\\", "\\\\").replace('"', '\\"')

    sidebar = 'section[data-testid="stSidebar"]'  # the scenario uploader only (the calibrate page has its own)
    button = f'{sidebar} [data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    limit = f'{sidebar} [data-testid="stFileUploaderDropzoneInstructions"] span'
    st.html(f"""<style>
{button}, {limit} {{ font-size: 0 !important; }}
{button}::after {{ content: "{css_text('uploader_button')}"; font-size: 0.95rem; }}
{limit}::after {{ content: "{css_text('uploader_limit')}"; font-size: 0.8rem; }}
</style>""")
