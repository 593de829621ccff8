"""The Streamlit app: levers in, one simulation out, charts shown.

Glue only (``../shared/STYLE.md``): the levers come from
:mod:`presentation.levers`, the numbers from :func:`simulator.simulate`
(cached by scenario YAML, seed and sample size), the words and number formats
from :mod:`presentation.i18n`, the charts from :mod:`presentation.charts`, the
shareable link from :mod:`presentation.share`, presenter mode's sentences from
:mod:`presentation.presenter`. Four views (``view`` in the URL): Simulate and Present
are drawn here; Tools is :mod:`appviews.tools`, Calibrate :mod:`appviews.calibrate`.

State, in ``st.session_state``:

* ``base``: the scenario the levers were built from (a preset, an upload, a
  link, or the last structural change such as adding a rung);
* ``gen``: a generation number in every lever's widget key; loading a new base
  bumps it, so every lever starts afresh from the new scenario;
* ``current_yaml``: the scenario the levers describe now (base + lever values),
  which is what is simulated, downloaded and put in the URL;
* ``pinned_yaml``: scenario A in compare mode, or None;
* ``view``, ``lang``: the view and the language (widgets that persist while not drawn);
* ``url_written``: the address this session last wrote; a different one on a rerun
  means Back or Forward, and the page follows it (unless a widget moved meanwhile).

Run with ``make app`` (``streamlit run app.py``).
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from pathlib import Path

import streamlit as st

from appviews import calibrate, runs, tools
from presentation import charts, i18n, presenter, share
from presentation import levers as ui_state
from presentation.i18n import escape_markdown as md
from presentation.i18n import t
from simulator.result import SimulationResult
from simulator.scenario import Scenario, ScenarioError, centre, dump_scenario, load_scenario_text

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
OPEN_GROUPS = ("acquisition", "front_end")
SIDEBAR_WIDTH = 390  # pixels: room for a slider and its ± toggle side by side
VIEWS = ("simulate", "tools", "present", "calibrate")  # the page's views; the first is the default
SPINNER_LIFETIMES = 2_000_000  # runs this large show a spinner; smaller ones answer at once
log = logging.getLogger("funnel_app")

st.set_page_config(page_title="Funnel simulator · 漏斗模拟", page_icon="📈", layout="wide",
                   initial_sidebar_state=SIDEBAR_WIDTH)
# also in .streamlit/config.toml; set here too for a `streamlit run` started from another folder
for _option, _value in (("client.showErrorDetails", "none"), ("client.toolbarMode", "minimal")):
    with contextlib.suppress(Exception):  # an option Streamlit will not set at run time is no reason to fail
        st.set_option(_option, _value)  # never a traceback on the page; no developer menu


# --------------------------------------------------------------------------
# Cached work
# --------------------------------------------------------------------------


def _presets_signature() -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in SCENARIOS.iterdir()
                            if p.suffix.lower() in (".yaml", ".yml")))
    except OSError:
        return ()


@st.cache_data(show_spinner=False, max_entries=4)
def _presets(signature: tuple) -> tuple[list[ui_state.Preset], list[tuple[str, list[str]]], dict[str, str]]:
    """Valid presets, the files that failed, and preset YAML → file (to recognise a preset in a link or upload)."""
    good, bad = ui_state.load_presets(SCENARIOS)
    return good, bad, ui_state.presets_by_yaml(good)


# Scenarios this script run already holds parsed, by their YAML (the cache keys), so a cache miss need not parse.
# (A comment, not a docstring: Streamlit's magic would draw a bare string on the page.)
_PARSED: dict[str, Scenario] = {}


def _simulate(yaml_text: str, seed: int, customers: int, replicates: int) -> SimulationResult:
    """One run, cached by (scenario YAML, seed, sample size), shared with the other views."""
    return runs.simulate_cached(yaml_text, seed, customers, replicates, _scenario=_PARSED.get(yaml_text))


def _runs(yaml_b: str, yaml_a: str | None, seed: int, customers: int, replicates: int):
    b = _simulate(yaml_b, seed, customers, replicates)
    a = _simulate(yaml_a, seed, customers, replicates) if yaml_a is not None else None
    return b, a


@st.cache_data(show_spinner=False, max_entries=64)
def _headlines(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int):
    """The headline numbers of the current run (with B − A in compare mode), formatted for ``lang``."""
    b, a = _runs(yaml_b, yaml_a, seed, customers, replicates)
    return ui_state.headlines(b, lang, a), ui_state.business_headlines(b, lang, a)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
             labels: tuple[str, ...]) -> dict[str, charts.Figure]:
    """The charts' data (and layout keys) for the current run, and the pinned one in compare mode."""
    b, a = _runs(yaml_b, yaml_a, seed, customers, replicates)
    runs = {labels[0]: a, labels[1]: b} if a is not None else {labels[-1]: b}
    return charts.figures(runs, lang)


# --------------------------------------------------------------------------
# Session state and callbacks
# --------------------------------------------------------------------------


def _browser_lang() -> str:
    try:
        return i18n.detect_language(getattr(st.context, "locale", None))
    except Exception:
        return i18n.DEFAULT_LANG


def _init_session(presets: list[ui_state.Preset], preset_by_yaml: dict[str, str]) -> None:
    ss = st.session_state
    params = st.query_params
    ss["lang"] = i18n.normalise_lang(params.get("lang")) or _browser_lang()
    ss["gen"] = 0
    ss["upload_n"] = 0
    ss["notices"] = []
    ss["pinned_yaml"] = None
    if not presets:
        ss["notices"].append(("warning", "no_presets", {}, []))
    base = presets[0].scenario if presets else Scenario(name="Scenario")
    token = params.get("s")
    if token:
        try:
            base = share.decode_scenario(token)
        except ScenarioError as exc:
            ss["notices"].append(("warning", "link_failed", {}, exc.messages))
    token_a = params.get("a")
    if token_a:
        try:
            ss["pinned_yaml"] = dump_scenario(share.decode_scenario(token_a))
        except ScenarioError as exc:
            ss["notices"].append(("warning", "pinned_link_failed", {}, exc.messages))
    ss["base"] = base
    ss["current_yaml"] = dump_scenario(base)
    ss["preset"] = preset_by_yaml.get(ss["current_yaml"])
    view = params.get("view")
    ss["view"] = view if view in VIEWS else VIEWS[0]
    ss["slide"] = 0


def _load_base(scenario: Scenario) -> None:
    """Make ``scenario`` the base of the levers; every lever restarts from it (new widget keys)."""
    ss = st.session_state
    old = f"{ss['gen']}:"
    for key in [k for k in ss if isinstance(k, str) and k.startswith(old)]:
        del ss[key]  # the previous levers' remembered values
    ss["base"] = scenario
    ss["current_yaml"] = dump_scenario(scenario)
    ss["gen"] += 1


def _on_preset(presets: dict[str, Scenario]) -> None:
    file = st.session_state.get("preset")
    if file in presets:
        _load_base(presets[file])
        st.session_state["notices"] = []


def _on_upload(key: str, presets: dict[str, str]) -> None:
    ss = st.session_state
    upload = ss.get(key)
    if upload is None:
        return
    name = upload.name
    ss["upload_n"] += 1  # a fresh, empty uploader next time
    try:
        scenario = ui_state.read_upload(upload.getvalue())
    except ScenarioError as exc:
        ss["notices"] = [("error", "upload_failed", {"file": name}, exc.messages)]
        return
    except Exception:  # unexpected: say so, keep the scenario, log the details
        log.exception("upload of %r failed", name)
        ss["notices"] = [("error", "upload_failed", {"file": name}, [])]
        return
    _load_base(scenario)
    ss["preset"] = presets.get(ss["current_yaml"])
    ss["notices"] = [("success", "upload_loaded", {"file": name, "name": scenario.name}, [])]


def _current() -> Scenario:
    return load_scenario_text(st.session_state["current_yaml"])


def _on_add_rung() -> None:
    current = _current()
    _load_base(ui_state.add_rung(current, ui_state.new_rung_name(current, st.session_state["lang"])))


def _on_remove_rung(index: int) -> None:
    _load_base(ui_state.remove_rung(_current(), index))


def _on_rung_edit(index: int, key: str, field: str) -> None:
    """A rung renamed or billed differently: a structural change (new base), or a notice if it is refused."""
    ss = st.session_state
    current = _current()
    value = ss.get(key)
    try:
        edited = ui_state.edit_rung(current, index, **{field: value})
    except ScenarioError as exc:
        rung = current.back_end[index]
        ss[key] = getattr(rung, field)  # the field shows what the scenario still holds
        ss["notices"] = [("error", "rung_edit_failed", {"n": str(index + 1)}, exc.messages)]
        return
    _load_base(edited)
    ss["notices"] = []


def _on_use_fitted(scenario: Scenario) -> None:
    """The calibrate page's "Use this scenario": the fitted scenario becomes the levers' base."""
    ss = st.session_state
    _load_base(scenario)
    ss["preset"] = None
    ss["view"] = VIEWS[0]
    ss["notices"] = [("success", "fitted_loaded", {"name": scenario.name}, [])]


def _on_pin() -> None:
    st.session_state["pinned_yaml"] = st.session_state["current_yaml"]


def _on_unpin() -> None:
    st.session_state["pinned_yaml"] = None


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


def _messages_md(lang: str, messages: list[str]) -> str:
    return "\n".join(f"- {md(i18n.translate_error(m, lang))}" for m in messages)


def _show_notices(lang: str) -> None:
    for kind, key, fields, messages in st.session_state.get("notices", []):
        text = t(lang, key, **{k: md(v) for k, v in fields.items()})
        if messages:
            text += "\n\n" + _messages_md(lang, messages)
        getattr(st, kind)(text)


def _keys(c: ui_state.Control, gen: int) -> tuple[str, str, str]:
    """Widget keys of a lever: the one-number slider, its ± toggle, its range slider."""
    key = f"{gen}:{c.key}"
    return key, key + "~u", key + "~r"


def _lever_values(ctrls: list[ui_state.Control], gen: int) -> dict[str, ui_state.Value]:
    """The levers' values as the widgets hold them, read before the widgets are drawn.

    Streamlit updates a widget's value in session state before the rerun it
    triggers, so the scenario (and the numbers and charts) can be computed and
    sent first, and the sidebar drawn after: the page answers a slider sooner.
    Levers without state yet (first run, new generation) stand at their start.
    """
    ss = st.session_state
    values: dict[str, ui_state.Value] = {}
    for c in ctrls:
        point, toggle, rng = _keys(c, gen)
        if c.uncertain_ok and ss.get(toggle, c.uncertain):
            values[c.key] = tuple(ss.get(rng, c.range))
        else:
            values[c.key] = ss.get(point, c.point)
    return values


def _render_control(c: ui_state.Control, gen: int, lang: str, currency: str, ppy: int) -> None:
    point, toggle, rng = _keys(c, gen)
    label = ui_state.label(c, lang, ppy, escape=md)
    help_text = ui_state.help_text(c, lang)
    if c.uncertain_ok:
        help_text += "\n\n" + t(lang, "uncertain_help")
    if c.kind == "sample":
        st.number_input(label, min_value=int(c.lo), max_value=int(c.hi), value=int(c.point), step=int(c.step),
                        key=point, help=help_text, persist_state="page")
        return
    fmt = c.slider_format(currency)
    num = int if c.integer else float
    lo, hi, step = num(c.lo), num(c.hi), num(c.step)
    if not c.uncertain_ok:
        st.slider(label, lo, hi, num(c.point), step, format=fmt, key=point, help=help_text, persist_state="page")
        return
    left, right = st.columns([3, 1], vertical_alignment="center", gap="small")
    with right:
        on = st.toggle(t(lang, "uncertain"), value=c.uncertain, key=toggle, persist_state="page")
    with left:
        if on:
            low, high = c.range
            st.slider(t(lang, "range_label", label=label), lo, hi, (num(low), num(high)), step, format=fmt, key=rng,
                      help=help_text, persist_state="page")
        else:
            st.slider(label, lo, hi, num(c.point), step, format=fmt, key=point, help=help_text, persist_state="page")


def _render_controls(base: Scenario, ctrls: list[ui_state.Control], lang: str) -> None:
    gen = st.session_state["gen"]
    currency, ppy = base.currency, base.periods_per_year
    st.sidebar.subheader(t(lang, "controls"))
    for group in ui_state.GROUPS:
        in_group = [c for c in ctrls if c.group == group]
        # only open groups draw their levers (fewer elements per rerun: a faster answer to a slider);
        # the levers keep their values while hidden (persist_state)
        box = st.sidebar.expander(t(lang, f"group_{group}"), expanded=group in OPEN_GROUPS, key=f"group:{group}",
                                  on_change="rerun")
        if not box.open:
            continue
        with box:
            if group == "back_end":
                billing_names = {"once": t(lang, "billing_once"),
                                 "per_period": t(lang, "billing_per_period", unit=i18n.unit(lang, ppy))}
                for i, rung in enumerate(base.back_end):
                    st.markdown(f"**{md(t(lang, 'rung_heading', n=i + 1, name=rung.name))}**")
                    name_key, billing_key = f"{gen}:rung_name.{i}", f"{gen}:rung_billing.{i}"
                    cols = st.columns([3, 2], gap="small")
                    cols[0].text_input(t(lang, "rung_name", n=i + 1), value=rung.name, key=name_key, max_chars=80,
                                       on_change=_on_rung_edit, args=(i, name_key, "name"))
                    cols[1].selectbox(t(lang, "rung_billing"), options=list(billing_names), key=billing_key,
                                      index=list(billing_names).index(rung.billing), format_func=billing_names.get,
                                      on_change=_on_rung_edit, args=(i, billing_key, "billing"))
                    for c in in_group:
                        if c.rung == i:
                            _render_control(c, gen, lang, currency, ppy)
                    st.button(t(lang, "remove_rung", n=i + 1), key=f"{gen}:remove_rung.{i}", on_click=_on_remove_rung,
                              args=(i,), icon=":material/remove:", type="tertiary")
                if not base.back_end:
                    st.caption(t(lang, "no_rungs"))
                st.button(t(lang, "add_rung"), key=f"{gen}:add_rung", on_click=_on_add_rung,
                          icon=":material/add:", disabled=len(base.back_end) >= 12)
                st.divider()
                in_group = [c for c in in_group if c.rung is None]
            for c in in_group:
                _render_control(c, gen, lang, currency, ppy)
            if group == "acquisition" and ui_state.share_levers_ok(base):
                _shares_caption(lang)


def _shares_caption(lang: str) -> None:
    """What the share sliders add up to: the last channel takes the rest."""
    try:
        shares = ui_state.channel_shares(_current())
    except ScenarioError:
        return
    text = ", ".join(f"{md(name)} {i18n.fmt_percent(share, lang, 0)}" for name, share in shares)
    st.caption(t(lang, "shares_caption", shares=text, rest=md(shares[-1][0])))


def _headline_metrics(headlines: list[ui_state.Headline], per_row: int = 4) -> None:
    rows = [headlines[i:i + per_row] for i in range(0, len(headlines), per_row)]
    for row in rows:
        cols = st.columns(per_row)
        for col, h in zip(cols, row):
            with col.container(border=True):
                st.metric(h.label, h.value, delta=h.delta, delta_color=h.delta_color, help=h.help)
                st.caption(md(h.band))


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


def _sync_url(lang: str, current_yaml: str, pinned_yaml: str | None, view: str) -> None:
    want = {"lang": lang, "s": share.encode_text(current_yaml)}
    if view != VIEWS[0]:
        want["view"] = view
    if pinned_yaml is not None:
        want["a"] = share.encode_text(pinned_yaml)
    qp = st.query_params
    for key, value in want.items():
        if qp.get(key) != value:
            qp[key] = value
    for key in list(qp.keys()):
        if key not in want:
            del qp[key]
    st.session_state["url_written"] = want


def _changed_since(written: dict[str, str]) -> bool:
    """True when the session's state (language, view, pinned A, levers) is no longer what ``written`` says."""
    ss = st.session_state
    pinned = ss.get("pinned_yaml")
    if (ss.get("lang"), ss.get("view") or VIEWS[0], share.encode_text(pinned) if pinned is not None else None) != (
            written.get("lang"), written.get("view", VIEWS[0]), written.get("a")):
        return True
    if share.encode_text(ss["current_yaml"]) != written.get("s"):
        return True
    base = ss["base"]
    ctrls = ui_state.controls(base)
    try:
        levers = dump_scenario(ui_state.apply(base, _lever_values(ctrls, ss["gen"]), ctrls))
    except ScenarioError:
        return True
    return levers != ss["current_yaml"]


def _follow_url(preset_by_yaml: dict[str, str]) -> None:
    """The browser's Back and Forward buttons: when the address is not the one this session last wrote,
    the page follows it (language, view, scenario and pinned A), as a link would."""
    ss = st.session_state
    written = ss.get("url_written")
    now = {key: st.query_params.get(key) for key in ("lang", "s", "view", "a") if st.query_params.get(key)}
    if written is None or now == written or _changed_since(written):
        return  # nothing moved, or a widget did: then an older address is only a rerun racing our last write
    lang = i18n.normalise_lang(now.get("lang"))
    if lang:
        ss["lang"] = lang
    ss["view"] = now.get("view") if now.get("view") in VIEWS else VIEWS[0]
    try:
        if now.get("s") and now["s"] != written.get("s"):
            scenario = share.decode_scenario(now["s"])
            _load_base(scenario)
            ss["preset"] = preset_by_yaml.get(ss["current_yaml"])
        ss["pinned_yaml"] = dump_scenario(share.decode_scenario(now["a"])) if now.get("a") else None
    except ScenarioError as exc:  # an address edited by hand: say so, keep what is on screen
        ss["notices"] = [("warning", "link_failed", {}, exc.messages)]


@st.cache_data(show_spinner=False, max_entries=16)
def _name_of(yaml_text: str) -> str:
    return load_scenario_text(yaml_text).name


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower() or "scenario"


def main() -> None:
    ss = st.session_state
    presets, bad_presets, preset_by_yaml = _presets(_presets_signature())
    if "base" not in ss:
        _init_session(presets, preset_by_yaml)
    else:
        _follow_url(preset_by_yaml)
    lang = ss.get("lang") or i18n.DEFAULT_LANG

    # ---- levers -> current scenario (widget values are in session state already) ----------
    base: Scenario = ss["base"]
    ctrls = ui_state.controls(base)
    invalid: list[str] = []
    try:
        current = ui_state.apply(base, _lever_values(ctrls, ss["gen"]), ctrls)
        ss["current_yaml"] = dump_scenario(current)
    except ScenarioError as exc:
        invalid = exc.messages
        current = _current()
    current_yaml = ss["current_yaml"]
    _PARSED[current_yaml] = current
    pinned_yaml = ss.get("pinned_yaml")
    view = ss.get("view") or VIEWS[0]
    _sync_url(lang, current_yaml, pinned_yaml, view)

    if view == "present":
        _draw_presenter(lang, current, current_yaml)
        return  # the sidebar is folded away; its levers keep their values (persist_state)
    if view == "calibrate":  # fit a scenario from your own data; the levers wait until it is used
        calibrate.render(lang, _on_use_fitted)
        _sidebar_top(lang)
        return

    # ---- main area: drawn first, so the numbers arrive before the sidebar ------------------
    if view == "tools":
        if invalid:
            st.warning(t(lang, "settings_invalid") + "\n\n" + _messages_md(lang, invalid))
        tools.render(lang, current, current_yaml, pinned_yaml)
    else:
        _draw_main(lang, current, current_yaml, pinned_yaml, invalid, bad_presets)

    # ---- sidebar: language, scenario files, compare, levers --------------------------------
    _sidebar_top(lang)
    st.sidebar.subheader(t(lang, "scenario"))
    preset_files = {p.file: p.scenario for p in presets}
    names = {p.file: p.name for p in presets}
    st.sidebar.selectbox(t(lang, "preset"), options=list(preset_files), format_func=lambda f: names.get(f, f),
                         key="preset", on_change=_on_preset, args=(preset_files,), help=t(lang, "preset_help"),
                         placeholder=t(lang, "preset_custom"), persist_state="page")
    upload_key = f"upload_{ss['upload_n']}"
    _uploader_words(lang)
    st.sidebar.file_uploader(t(lang, "upload"), key=upload_key, on_change=_on_upload,
                             args=(upload_key, preset_by_yaml), help=t(lang, "upload_help"), max_upload_size=1)
    st.sidebar.download_button(t(lang, "download"), data=current_yaml, file_name=f"{_slug(current.name)}.yaml",
                               mime="application/x-yaml", on_click="ignore", help=t(lang, "download_help"),
                               icon=":material/download:", key="download")
    st.sidebar.caption(t(lang, "share_help"))
    st.sidebar.subheader(t(lang, "compare"))
    pin_cols = st.sidebar.columns(2)
    pin_cols[0].button(t(lang, "pin"), on_click=_on_pin, help=t(lang, "pin_help"), icon=":material/push_pin:",
                       key="pin")
    pin_cols[1].button(t(lang, "unpin"), on_click=_on_unpin, disabled=pinned_yaml is None, key="unpin")
    _render_controls(base, ctrls, lang)


def _sidebar_top(lang: str) -> None:
    """Language and view, at the top of the sidebar on every view that has one."""
    st.sidebar.segmented_control("Language · 语言", options=list(i18n.LANGS), format_func=i18n.LANG_NAMES.get,
                                 key="lang", required=True, persist_state="page")
    # persist_state: presenter mode draws no sidebar, and a widget not drawn would otherwise forget its value
    st.sidebar.segmented_control(t(lang, "view_label"), options=list(VIEWS), format_func=lambda v: t(lang, f"view_{v}"),
                                 key="view", required=True, persist_state="page")


def _draw_main(lang: str, current: Scenario, current_yaml: str, pinned_yaml: str | None, invalid: list[str],
               bad_presets: list[tuple[str, list[str]]]) -> None:
    st.title(t(lang, "app_title"))
    st.caption(t(lang, "tagline"))
    st.subheader(md(current.name))
    if current.description:
        st.caption(md(presenter.description_in(current.description, lang)))  # the story in the chosen language
    _show_notices(lang)
    if bad_presets:
        st.warning(t(lang, "bad_presets", files=", ".join(md(f) for f, _ in bad_presets)))
    if invalid:
        st.warning(t(lang, "settings_invalid") + "\n\n" + _messages_md(lang, invalid))

    seed = ui_state.effective_seed(current)
    sim = current.simulation
    labels = (t(lang, "label_a"), t(lang, "label_b")) if pinned_yaml is not None else (t(lang, "label_one"),)
    key = (current_yaml, pinned_yaml, lang, seed, sim.customers, sim.replicates)
    slow = sim.customers * sim.replicates >= SPINNER_LIFETIMES
    try:
        with st.spinner(t(lang, "running"), show_time=True) if slow else contextlib.nullcontext():
            headlines, business = _headlines(*key)
    except Exception as exc:  # the engine refused or failed: say why, no traceback
        log.exception("simulation failed")
        st.error(t(lang, "simulation_failed", error=md(i18n.translate_error(str(exc), lang))))
        return

    sample = ui_state.sample_text(lang, sim.customers, sim.replicates)
    if pinned_yaml is not None:
        st.info(t(lang, "compare_note", name=md(_name_of(pinned_yaml)), seed=seed, sample=sample),
                icon=":material/compare_arrows:")
    st.caption(t(lang, "per_buyer_note", currency=md(current.currency), sample=sample, seed=seed))
    _headline_metrics(headlines)

    figures = _figures(*key, labels)
    st.vega_lite_chart(spec=figures["cash"].spec(), width="stretch")
    left, right = st.columns(2, gap="large")
    with left:
        st.vega_lite_chart(spec=figures["funnel"].spec(), width="stretch")
    with right:
        st.vega_lite_chart(spec=figures["active"].spec(), width="stretch")
    st.vega_lite_chart(spec=figures["money"].spec(), width="stretch")
    st.vega_lite_chart(spec=figures["value"].spec(), width="stretch")
    _draw_business(lang, current, business, figures.get("business"))


def _draw_business(lang: str, current: Scenario, headlines: list[ui_state.Headline],
                   figure: charts.Figure | None) -> None:
    """The whole business (buyers every period): its numbers and cash curve, or how to switch it on."""
    ppy = current.periods_per_year
    unit = i18n.unit(lang, ppy)
    if not headlines or figure is None:
        st.caption(t(lang, "business_off", unit=unit))
        return
    st.subheader(t(lang, "business_title"))
    acq = current.acquisition
    st.caption(t(lang, "business_note", buyers=i18n.fmt_number(centre(acq.buyers_per_period), lang), unit=unit,
                 periods=i18n.fmt_periods(acq.periods, lang, ppy),
                 growth=i18n.fmt_percent(centre(acq.cac_growth), lang, 1), cac=headlines[-1].value,
                 cac_band=headlines[-1].band,
                 currency=md(current.currency)))
    _headline_metrics(headlines[:-1])  # the average CAC is in the note above
    st.vega_lite_chart(spec=figure.spec(), width="stretch")


# --------------------------------------------------------------------------
# Presenter mode
# --------------------------------------------------------------------------

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


def _on_leave_presenter() -> None:
    st.session_state["view"] = VIEWS[0]


@st.cache_data(show_spinner=False, max_entries=16)
def _slides(yaml_text: str, lang: str, seed: int, customers: int, replicates: int) -> list[presenter.Slide]:
    result = _simulate(yaml_text, seed, customers, replicates)
    return presenter.slides(result, load_scenario_text(yaml_text).description, lang)


def _draw_presenter(lang: str, current: Scenario, current_yaml: str) -> None:
    """Large type, no sidebar, one chart at a time with the sentence that goes with it."""
    st.html(PRESENTER_CSS)
    seed, sim = ui_state.effective_seed(current), current.simulation
    key = (current_yaml, None, lang, seed, sim.customers, sim.replicates)
    try:
        slides = _slides(current_yaml, lang, seed, sim.customers, sim.replicates)
        headlines, _business = _headlines(*key)
        figures = _figures(*key, (t(lang, "label_one"),))
    except Exception as exc:  # the engine refused or failed: say why, no traceback
        log.exception("simulation failed")
        st.error(t(lang, "simulation_failed", error=md(i18n.translate_error(str(exc), lang))))
        st.button(t(lang, "p_exit"), on_click=_on_leave_presenter, key="p_exit")
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
    nav[3].button(t(lang, "p_exit"), on_click=_on_leave_presenter, key="p_exit", icon=":material/close:",
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
        spec = figure.spec()
        if isinstance(spec.get("height"), (int, float)):
            spec["height"] = max(spec["height"], 480)  # taller on the projector
        for part in ("axis", "legend"):  # and larger axis and legend text
            conf = spec.get("config", {}).get(part, {})
            for size in ("labelFontSize", "titleFontSize"):
                if isinstance(conf.get(size), (int, float)):
                    conf[size] = round(conf[size] * 1.3)
        st.vega_lite_chart(spec=spec, width="stretch")


_t0 = time.perf_counter()
try:
    main()
    log.debug("page drawn in %.0f ms", 1000 * (time.perf_counter() - _t0))
except Exception:  # last line of defence: a plain message, the traceback only in the server log
    log.exception("the page failed")
    st.error(t(st.session_state.get("lang") or i18n.DEFAULT_LANG, "unexpected"))
