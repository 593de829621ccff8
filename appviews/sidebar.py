"""The sidebar: language and view, the scenario (preset, upload, download, compare) and the levers.

Pages draw their main area first and the sidebar after, so the numbers reach the browser
before the widgets. Every widget here keeps its value on pages that do not draw it
(``persist_state="session"``): presenter mode draws no sidebar, and coming back finds the
levers where they were.

On the Simulate page a lever move reruns only what it changes (Streamlit fragments, see
:func:`lever_moved`): the lever itself (its number box, slider and ± toggle, a fragment nested in its
group's), the page's main area (``app.py``), the Undo row and the Download button. The other levers,
the other groups, the scenario controls and the page's frame stay as they are on screen: about a third
of the elements a whole page sends, and the server's and the browser's work with them. A channel's
share reruns its whole group (the caption under the shares adds them up). Anything that changes the
sidebar itself (a rung or a channel added, renamed or removed, a lever that brings others) reruns the
whole page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAPIException

from presentation import i18n, levers, share
from presentation.i18n import escape_markdown as md
from presentation.i18n import t
from presentation.texts import text_in
from simulator.scenario import Scenario, ScenarioError

from . import frame as fr

log = logging.getLogger("funnel_app")

OPEN_GROUPS = ("acquisition", "front_end")
NEW_POPOVER = "new_popover"
"""The key of the "New scenario" popover (its state: open or not)."""
KEEP = "session"  # widget values survive pages that do not draw them
FRAGMENTS = "lever_fragments"
"""Session key: True when the last whole page drew its lever groups as fragments (the Simulate page)."""
MAIN_FRAGMENT, HISTORY_FRAGMENT, DOWNLOAD_FRAGMENT = "main", "history", "download"
"""The fragments a lever move reruns besides its group's (:func:`group_fragment`)."""


def group_fragment(group: str) -> str:
    """The fragment key of a lever group's body."""
    return f"levers:{group}"


def lever_fragment(c: levers.Control) -> str:
    """The fragment key of one lever's widgets (nested in its group's), or of its group's when moving it changes
    more of the group than the lever (a channel's share: the caption that adds the shares up)."""
    if c.group == "acquisition" and c.path[-1] == "share":
        return group_fragment(c.group)
    return f"lever:{c.key}"


def lever_moved(c: levers.Control) -> None:
    """End of a lever's callback: on the Simulate page, rerun only the lever (:func:`lever_fragment`), the main
    area, the Undo row and the Download button (a keyed ``st.rerun`` from a callback replaces the whole page's
    rerun); elsewhere, the whole page as usual."""
    if not st.session_state.get(FRAGMENTS):
        return
    try:
        st.rerun([lever_fragment(c), MAIN_FRAGMENT, HISTORY_FRAGMENT, DOWNLOAD_FRAGMENT])
    except StreamlitAPIException:  # a fragment the last page did not draw (a part of it failed): the whole page
        log.warning("a lever's fragments were not all drawn; rerunning the whole page", exc_info=True)
        st.rerun()


def whole_page(callback: Callable[..., None], *args: object) -> None:
    """Run ``callback``, then the whole page: for a widget inside a lever group that changes the sidebar itself
    (a fragment's widget would otherwise rerun its fragment only)."""
    callback(*args)
    if st.session_state.get(FRAGMENTS):
        st.rerun()


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
    _new_and_undo(lang)
    upload_key = f"upload_{ss['upload_n']}"
    _uploader_words(lang)
    st.sidebar.file_uploader(t(lang, "upload"), key=upload_key, on_change=fr.on_upload,
                             args=(upload_key, f.preset_by_yaml), help=t(lang, "upload_help"), max_upload_size=1)
    with st.sidebar:
        _maybe_fragment(_download, DOWNLOAD_FRAGMENT)(lang, f"{share.file_stem(text_in(f.current.name, lang))}.yaml")
    st.sidebar.caption(t(lang, "share_help"))
    st.sidebar.subheader(t(lang, "compare"))
    pins = st.sidebar.container(horizontal=True, gap="small")  # one block, not a column per button
    pins.button(t(lang, "pin"), on_click=fr.on_pin, help=t(lang, "pin_help"), icon=":material/push_pin:",
                key="pin", width="stretch")
    pins.button(t(lang, "unpin"), on_click=fr.on_unpin, disabled=f.pinned_yaml is None, key="unpin",
                width="stretch")


def _new_and_undo(lang: str) -> None:
    """New scenario (blank or a template), Reset to where this scenario came from, Undo and Redo."""
    kind = st.session_state.get("origin", (None, None))[0] or "preset"
    # the templates are drawn only while the popover is open (opening it reruns the page): not on every lever move
    box = st.sidebar.popover(t(lang, "new_scenario"), icon=":material/note_add:", width="stretch", key=NEW_POPOVER,
                             on_change="rerun")
    if box.open:
        with box:
            st.caption(t(lang, "new_help"))
            for tpl in fr.templates(fr.templates_signature()):
                stem = tpl.file.removesuffix(".yaml")
                st.button(t(lang, f"tpl_{stem}"), key=f"new:{stem}", on_click=fr.on_new, args=(tpl.scenario,),
                          help=t(lang, f"tpl_{stem}_help"), width="stretch")
    with st.sidebar:
        _maybe_fragment(_undo_row, HISTORY_FRAGMENT)(lang, kind)


def _maybe_fragment(body: Callable[..., None], key: str) -> Callable[..., None]:
    """``body`` as the fragment ``key`` when this page's levers rerun in fragments, else as it is."""
    return st.fragment(body, key=key) if st.session_state.get(FRAGMENTS) else body


def _undo_row(lang: str, kind: str) -> None:
    """Undo, Redo, Reset (a fragment on the Simulate page: a lever move enables Undo; a click reruns the page)."""
    row = st.container(horizontal=True, gap="small")  # one block, not a column per button
    row.button(t(lang, "undo"), key="undo", on_click=whole_page, args=(fr.on_undo,), disabled=not fr.can_undo(),
               icon=":material/undo:", help=t(lang, "undo_help"), width="stretch")
    row.button(t(lang, "redo"), key="redo", on_click=whole_page, args=(fr.on_redo,), disabled=not fr.can_redo(),
               icon=":material/redo:", width="stretch")
    row.button(t(lang, "reset"), key="reset", on_click=whole_page, args=(fr.on_reset,), icon=":material/restart_alt:",
               help=t(lang, f"reset_{kind}_help"), width="stretch")


def _download(lang: str, file_name: str) -> None:
    """The current scenario as a file (read from the session: a lever move redraws this alone)."""
    st.download_button(t(lang, "download"), data=st.session_state["current_yaml"], file_name=file_name,
                       mime="application/x-yaml", on_click="ignore", help=t(lang, "download_help"),
                       icon=":material/download:", key="download")


def full(f: fr.Frame) -> None:
    """The whole sidebar of the Simulate and Tools pages."""
    top(f.lang)
    scenario_controls(f)
    _render_controls(f.base, f.controls, f.lang)


def _render_settings(base: Scenario, lang: str, gen: int) -> None:
    """The scenario's own settings: name, story, currency, period length, the front end's name."""
    box = st.sidebar.expander(t(lang, "group_settings"), expanded=False, key="group:settings", on_change="rerun",
                              icon=":material/edit:")
    if not box.open:
        return
    with box:
        def text(field_name: str, label_key: str, value: str, area: bool = False, max_chars: int = 80) -> None:
            key = f"{gen}:set.{field_name}"
            widget = st.text_area if area else st.text_input
            widget(t(lang, label_key), value=value, key=key, max_chars=max_chars, on_change=fr.on_setting,
                   args=(field_name, key, value))

        text("name", "set_name", text_in(base.name, lang))
        text("front_end_name", "set_front_end_name", text_in(base.front_end.name, lang))
        text("description", "set_description", text_in(base.description, lang), area=True, max_chars=5000)
        cols = st.columns(2, gap="small")
        listed = list(levers.CURRENCIES)
        other = base.currency not in listed
        options = listed + ["__other__"]
        key = f"{gen}:set.currency"
        cols[0].selectbox(t(lang, "set_currency"), options, index=options.index("__other__" if other else base.currency),
                          format_func=lambda c: t(lang, "set_currency_other") if c == "__other__" else c,
                          key=key, on_change=fr.on_setting, args=("currency", key, base.currency))
        if other or st.session_state.get(key) == "__other__":
            code_key = f"{gen}:set.currency_code"
            cols[0].text_input(t(lang, "set_currency_code"), value=base.currency if other else "", key=code_key,
                               max_chars=8, on_change=fr.on_setting, args=("currency", code_key, base.currency))
        periods = {v: k for k, v in levers.PERIODS.items()}
        ppy_options = list(levers.PERIODS.values())
        if base.periods_per_year not in ppy_options:
            ppy_options.append(base.periods_per_year)
        key = f"{gen}:set.periods_per_year"
        cols[1].selectbox(t(lang, "set_period"), ppy_options, index=ppy_options.index(base.periods_per_year),
                          format_func=lambda n: t(lang, f"period_{periods[n]}") if n in periods else str(n),
                          key=key, on_change=fr.on_setting, args=("periods_per_year", key, base.periods_per_year),
                          help=t(lang, "set_period_help"))


def _render_channels(base: Scenario, lang: str, gen: int) -> None:
    """Each channel's name (and a way to remove it); a way to add one."""
    channels = base.acquisition.channels
    for i, ch in enumerate(channels):
        key = f"{gen}:channel_name.{i}"
        shown = text_in(ch.name, lang)
        row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")  # one block per channel
        row.text_input(t(lang, "channel_name", n=i + 1), value=shown, key=key, max_chars=80,
                       on_change=whole_page, args=(fr.on_channel_rename, i, key, shown))
        if len(channels) > 1:
            row.button("", key=f"{gen}:remove_channel.{i}", on_click=whole_page, args=(fr.on_remove_channel, i),
                       icon=":material/delete:", help=t(lang, "remove_channel", n=i + 1), type="tertiary")
    st.button(t(lang, "add_channel"), key=f"{gen}:add_channel", on_click=whole_page, args=(fr.on_add_channel,),
              icon=":material/add:",
              disabled=len(channels) >= 12)


# --------------------------------------------------------------------------
# Levers
# --------------------------------------------------------------------------


def _memory(c: levers.Control) -> tuple[float, float, float] | None:
    return st.session_state.setdefault("ranges", {}).get(c.key)


def _widen(c: levers.Control, values: list[float]) -> tuple[float, float, float]:
    """The lever's slider range, widened (and remembered) to hold ``values``."""
    lo, hi, step = levers.slider_range(c, values, _memory(c))
    st.session_state["ranges"][c.key] = (lo, hi, step)
    return lo, hi, step


# A lever's value lives in a plain session key (``<gen>:<lever>~v``; ``~rv`` for a range), never written
# into a widget's key. Its two widgets, the number box and the slider, each have a version: when one of
# them changes the value, the other is drawn afresh (a new version, a new key) from it. So no callback
# writes a widget's state, the widget a person is using keeps its identity (no key press is lost), and
# each widget's ``value=`` stays what it was when that version was first drawn.


def _version(key: str) -> tuple[int, object]:
    """(version, the value it starts at) of one widget of a lever; (0, None) before any change."""
    return st.session_state.get(key + "~ver", (0, None))


def _bump(key: str, start: object) -> None:
    """The widget ``key`` names is drawn afresh, at ``start``; the old version's state goes (kept by
    ``persist_state``, one stale widget per move would pile up in the session, and every number box,
    slider and text box Streamlit draws reads the whole session state)."""
    ss = st.session_state
    ver, _ = _version(key)
    ss[key + "~ver"] = (ver + 1, start)
    old = key if ver == 0 else f"{key}@{ver}"
    if old in ss:
        del ss[old]


def _versioned(key: str, fallback: object) -> tuple[str, object]:
    """The widget key of this version, and the value it started at (``fallback``, the lever's start, for the
    first version): the same ``value=`` on every drawing of one widget."""
    ver, start = _version(key)
    return (key if ver == 0 else f"{key}@{ver}"), (fallback if start is None else start)


def _typed(c: levers.Control, gen: int, widget: str) -> None:
    """The number box changed: the value follows it, and the slider is drawn afresh, its range widened."""
    ss = st.session_state
    point, _toggle, _rng = fr.control_keys(c, gen)
    v = ss.get(widget)
    if v is None:
        return
    _widen(c, [float(v)])
    ss[point + "~v"] = v
    _bump(point, v)
    lever_moved(c)


def _slid(c: levers.Control, gen: int, widget: str) -> None:
    """The slider moved: the value follows it, and the number box is drawn afresh."""
    ss = st.session_state
    point, _toggle, _rng = fr.control_keys(c, gen)
    v = ss.get(widget)
    ss[point + "~v"] = v
    _bump(point + "#n", v)
    lever_moved(c)


def _typed_range(c: levers.Control, gen: int, low_key: str, high_key: str) -> None:
    ss = st.session_state
    _point, _toggle, rng = fr.control_keys(c, gen)
    low, high = ss.get(low_key), ss.get(high_key)
    if low is None or high is None:
        return
    pair = tuple(sorted((low, high)))
    _widen(c, [float(x) for x in pair])
    ss[rng + "~v"] = pair
    _bump(rng, pair)
    lever_moved(c)


def _slid_range(c: levers.Control, gen: int, widget: str) -> None:
    ss = st.session_state
    _point, _toggle, rng = fr.control_keys(c, gen)
    pair = tuple(ss.get(widget, c.range))
    ss[rng + "~v"] = pair
    _bump(rng + "#lo", pair[0])
    _bump(rng + "#hi", pair[1])
    lever_moved(c)


def _lever(c: levers.Control, gen: int, lang: str, currency: str, ppy: int) -> None:
    """One lever's widgets: a fragment of their own on the Simulate page (:func:`lever_fragment`), unless a move
    reruns the whole group anyway."""
    key = lever_fragment(c)
    if key == group_fragment(c.group):
        _render_control(c, gen, lang, currency, ppy)
    else:
        _maybe_fragment(_guarded_control, key)(c, gen, lang, currency, ppy)


def _guarded_control(c: levers.Control, gen: int, lang: str, currency: str, ppy: int) -> None:
    """:func:`_render_control` with a guard of its own: rerun alone, an error in it stays in the lever's place."""
    with fr.guard(lang, f"{c.key} lever"):
        _render_control(c, gen, lang, currency, ppy)


def _render_control(c: levers.Control, gen: int, lang: str, currency: str, ppy: int) -> None:
    """A lever: a number box (type any value the schema allows, to the cent) above a slider whose range
    follows the value, and the ± toggle that makes it a low–high range."""
    ss = st.session_state
    point, toggle, rng = fr.control_keys(c, gen)
    label = levers.label(c, lang, ppy, escape=md)
    help_text = levers.help_text(c, lang)
    if c.uncertain_ok:
        help_text += "\n\n" + t(lang, "uncertain_help")
    if c.kind == "sample":
        st.number_input(label, min_value=int(c.lo), max_value=int(c.hi), value=int(c.point), step=int(c.step),
                        key=point, help=help_text, persist_state=KEEP, on_change=lever_moved, args=(c,))
        return
    num = int if c.integer else float
    box = dict(min_value=_bound(c.input_bounds[0], num), max_value=_bound(c.input_bounds[1], num),
               step=num(c.fine_step), format=c.number_format(currency), help=help_text, persist_state=KEEP)
    # the number box(es) and the ± toggle in one row: one block (not three columns) on every rerun; the
    # toggle is drawn last, at the right, so its state is read first (the callbacks have set it already)
    on = bool(ss.get(toggle, c.uncertain)) if c.uncertain_ok else False
    holder = st.container(horizontal=True, vertical_alignment="bottom", gap="small")

    def toggle_widget() -> None:
        if c.uncertain_ok:
            holder.toggle(t(lang, "uncertain"), value=c.uncertain, key=toggle, persist_state=KEEP,
                          on_change=lever_moved, args=(c,))

    fmt = c.slider_format(currency)
    if on:
        low, high = (num(x) for x in ss.get(rng + "~v", c.range))
        lo, hi, step = _widen(c, [low, high])
        low_key, low_start = _versioned(rng + "#lo", c.range[0])
        high_key, high_start = _versioned(rng + "#hi", c.range[1])
        holder.number_input(t(lang, "range_low", label=label), key=low_key, value=num(low_start),
                            on_change=_typed_range, args=(c, gen, low_key, high_key), **box)
        holder.number_input(t(lang, "range_high", label=label), key=high_key, value=num(high_start),
                            on_change=_typed_range, args=(c, gen, low_key, high_key), **box)
        toggle_widget()
        slider_key, start = _versioned(rng, c.range)
        start = tuple(num(min(max(x, lo), hi)) for x in start)
        st.slider(t(lang, "range_label", label=label), num(lo), num(hi), start, step=num(step), format=fmt,
                  key=slider_key, on_change=_slid_range, args=(c, gen, slider_key), label_visibility="collapsed",
                  persist_state=KEEP)
        return
    v = num(ss.get(point + "~v", c.point))
    lo, hi, step = _widen(c, [v])
    box_key, box_start = _versioned(point + "#n", c.point)
    holder.number_input(label, key=box_key, value=num(box_start), on_change=_typed, args=(c, gen, box_key), **box)
    toggle_widget()
    slider_key, start = _versioned(point, c.point)
    st.slider(label, num(lo), num(hi), num(min(max(start, lo), hi)), step=num(step), format=fmt, key=slider_key,
              on_change=_slid, args=(c, gen, slider_key), label_visibility="collapsed", persist_state=KEEP)


def _bound(x: float | None, num: type) -> float | int | None:
    return None if x is None else num(x)


def _render_rungs(base: Scenario, in_group: list[levers.Control], gen: int, lang: str) -> None:
    currency, ppy = base.currency, base.periods_per_year
    billing_names = {"once": t(lang, "billing_once"),
                     "per_period": t(lang, "billing_per_period", unit=i18n.unit(lang, ppy))}
    for i, rung in enumerate(base.back_end):
        st.markdown(f"**{md(t(lang, 'rung_heading', n=i + 1, name=rung.name))}**")
        name_key, billing_key = f"{gen}:rung_name.{i}", f"{gen}:rung_billing.{i}"
        cols = st.columns([3, 2], gap="small")
        cols[0].text_input(t(lang, "rung_name", n=i + 1), value=text_in(rung.name, lang), key=name_key, max_chars=80,
                           on_change=whole_page, args=(fr.on_rung_edit, i, name_key, "name"))
        cols[1].selectbox(t(lang, "rung_billing"), options=list(billing_names), key=billing_key,
                          index=list(billing_names).index(rung.billing), format_func=billing_names.get,
                          on_change=whole_page, args=(fr.on_rung_edit, i, billing_key, "billing"))
        for c in in_group:
            if c.rung == i:
                _lever(c, gen, lang, currency, ppy)
        st.button(t(lang, "remove_rung", n=i + 1), key=f"{gen}:remove_rung.{i}", on_click=whole_page,
                  args=(fr.on_remove_rung, i), icon=":material/remove:", type="tertiary")
    if not base.back_end:
        st.caption(t(lang, "no_rungs"))
    st.button(t(lang, "add_rung"), key=f"{gen}:add_rung", on_click=whole_page, args=(fr.on_add_rung,),
              icon=":material/add:", disabled=len(base.back_end) >= 12)
    st.divider()


def _render_controls(base: Scenario, ctrls: list[levers.Control], lang: str) -> None:
    gen = st.session_state["gen"]
    st.sidebar.subheader(t(lang, "controls"))
    _render_settings(base, lang, gen)
    for group in levers.GROUPS:
        in_group = [c for c in ctrls if c.group == group]
        # only open groups draw their levers (fewer elements per rerun: a faster answer to a slider);
        # the levers keep their values while hidden (persist_state)
        box = st.sidebar.expander(t(lang, f"group_{group}"), expanded=group in OPEN_GROUPS, key=f"group:{group}",
                                  on_change="rerun")
        if not box.open:
            continue
        with box:
            _maybe_fragment(_render_group, group_fragment(group))(base, group, in_group, lang)


def _render_group(base: Scenario, group: str, in_group: list[levers.Control], lang: str) -> None:
    """One open group's widgets (a fragment on the Simulate page: its levers' moves redraw it alone, so it has a
    guard of its own: an error in it stays in the group)."""
    gen = st.session_state["gen"]
    currency, ppy = base.currency, base.periods_per_year
    with fr.guard(lang, f"{group} levers"):  # inside the group's box: a message there, the other groups drawn
        if group == "back_end":
            _render_rungs(base, in_group, gen, lang)
            in_group = [c for c in in_group if c.rung is None]
        if group == "acquisition":
            _render_channels(base, lang, gen)
        for c in in_group:
            _lever(c, gen, lang, currency, ppy)
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
