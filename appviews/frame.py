"""The frame every page shares: session state, the address, and the scenario the levers describe.

:func:`prepare` runs first on every rerun, before any page draws. It starts a session (from
the address: language, scenario, pinned A), follows the browser's Back and Forward buttons,
reads the levers' values and returns a :class:`Frame`: what a page needs to draw.

State, in ``st.session_state``:

* ``base``: the scenario the levers were built from (a preset, an upload, a link, or the last
  structural change such as adding a rung);
* ``gen``: a generation number in every lever's widget key; loading a new base bumps it, so
  every lever starts afresh from the new scenario;
* ``current_yaml``: the scenario the levers describe now (base + lever values), which is what
  is simulated, downloaded and put in the address;
* ``pinned_yaml``: scenario A in compare mode, or None;
* ``lang``: the language; ``view``: the page on screen (the sidebar's View control);
  ``go_to``: a page a callback asked for, opened by :func:`route`;
* ``notices``: messages for the next drawing (kind, catalogue key, fields, problems as data,
  worded in the language of the drawing);
* ``url_written``: the query this session last wrote; a different one on a rerun means Back or
  Forward, and the page follows it (unless a widget moved meanwhile);
* ``good``: the last scenario a whole page was drawn from (its YAML, origin and preset), which
  :func:`guard` brings back when drawing fails; ``restore``: asked for on the next rerun.

The page never dies (issue 11): a scenario from a link or an upload must build its levers
(:func:`drawable`) before it replaces the one on screen, and each part of a page (its main area,
its sidebar) draws inside :func:`guard`, which turns an error into a message in the page's
language and brings back the last scenario that could be drawn.

The view is the address's path (``/tools``, ``/present``, ``/calibrate``; ``/`` simulates), the
rest its query (``lang``, ``s`` the scenario, ``a`` the pinned one). Links of the older form
``?view=tools`` open the same page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from presentation import i18n, levers, share
from presentation.i18n import escape_markdown as md
from presentation.i18n import t
from presentation.messages import problems_text
from presentation.texts import text_in
from simulator.problems import Problem, ProblemError
from simulator.scenario import LocalText, Scenario, ScenarioError, dump_scenario, load_scenario_text

from . import runs

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
VIEWS = ("simulate", "tools", "present", "calibrate", "glossary")  # the pages; the first is the default, at "/"
log = logging.getLogger("funnel_app")


@dataclass
class Frame:
    """What a page draws from: the language, the levers and the scenario they describe."""

    lang: str
    base: Scenario
    controls: list[levers.Control]
    current: Scenario
    current_yaml: str
    pinned_yaml: str | None
    invalid: tuple[Problem, ...] = ()
    presets: list[levers.Preset] = field(default_factory=list)
    bad_presets: list[tuple[str, tuple[Problem, ...]]] = field(default_factory=list)
    preset_by_yaml: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Presets (cached across sessions)
# --------------------------------------------------------------------------


def _presets_signature() -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in SCENARIOS.iterdir()
                            if p.suffix.lower() in (".yaml", ".yml")))
    except OSError:
        return ()


def _presets(signature: tuple) -> tuple[list[levers.Preset], list[tuple[str, tuple[Problem, ...]]], dict[str, str]]:
    """Valid presets, the files that failed, and preset YAML → file (to recognise a preset in a link or upload).

    Shared, never copied (scenarios are frozen), kept by :func:`appviews.runs.answer`: a dict lookup on the
    files' signature, where ``st.cache_resource`` hashed it on every rerun."""
    def load():
        good, bad = levers.load_presets(SCENARIOS)
        return good, bad, levers.presets_by_yaml(good)

    return runs.answer("presets", signature, load, max_entries=4)


TEMPLATES = SCENARIOS / "templates"
TEMPLATE_ORDER = ("blank.yaml", "course_ladder.yaml", "saas_trial.yaml", "membership.yaml", "ecommerce_repeat.yaml",
                  "services_retainer.yaml")
HISTORY = 50  # undo steps kept per session


@st.cache_resource(show_spinner=False, max_entries=4)
def templates(signature: tuple) -> list[levers.Preset]:
    """The starting points of "New scenario": a blank funnel first, then the templates."""
    good, _bad = levers.load_presets(TEMPLATES)
    order = {name: i for i, name in enumerate(TEMPLATE_ORDER)}
    return sorted(good, key=lambda p: (order.get(p.file, len(order)), p.file))


def templates_signature() -> tuple:
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in TEMPLATES.glob("*.yaml")))
    except OSError:
        return ()


# --------------------------------------------------------------------------
# Session and the levers' base
# --------------------------------------------------------------------------


def _browser_lang() -> str:
    try:
        return i18n.detect_language(getattr(st.context, "locale", None))
    except Exception:
        return i18n.DEFAULT_LANG


def _init_session(presets: list[levers.Preset], preset_by_yaml: dict[str, str]) -> None:
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
            base = drawable(share.decode_scenario(token))
        except ScenarioError as exc:
            ss["notices"].append(("warning", "link_failed", {}, exc.problems))
    token_a = params.get("a")
    if token_a:
        try:
            ss["pinned_yaml"] = dump_scenario(drawable(share.decode_scenario(token_a)))
        except ScenarioError as exc:
            ss["notices"].append(("warning", "pinned_link_failed", {}, exc.problems))
    base = levers.with_seed(base)  # seed: null → a fresh seed, drawn once and kept
    ss["origin"] = ("preset" if token is None else "link", base)
    ss["history"], ss["history_at"] = [], -1
    ss["base"] = base
    ss["current_yaml"] = dump_scenario(base)
    ss["preset"] = preset_by_yaml.get(ss["current_yaml"])
    legacy = params.get("view")  # a link of the older form ?view=tools
    ss["go_to"] = legacy if legacy in VIEWS[1:] else None
    ss["slide"] = 0


def load_base(scenario: Scenario, *, keep_ranges: bool = False) -> None:
    """Make ``scenario`` the base of the levers; every lever restarts from it (new widget keys).

    ``keep_ranges``: a structural change of the same scenario (a rung added, renamed…) keeps each
    slider's range where it was; another scenario (a preset, an upload, a link) starts from its own.
    """
    ss = st.session_state
    old = f"{ss['gen']}:"
    for key in [k for k in ss if isinstance(k, str) and k.startswith(old)]:
        del ss[key]  # the previous levers' remembered values
    if not keep_ranges:
        ss["ranges"] = {}
    scenario = levers.with_seed(scenario)  # seed: null → a fresh seed, drawn once and kept
    ss["base"] = scenario
    ss["current_yaml"] = dump_scenario(scenario)
    ss["gen"] += 1


def base_controls() -> list[levers.Control]:
    """The levers of the session's base scenario, built once per base (not on every rerun)."""
    ss = st.session_state
    base = ss["base"]
    held = ss.get("base_controls")
    if held is None or held[0] is not base:
        held = ss["base_controls"] = (base, levers.controls(base))
    return held[1]


def current_scenario() -> Scenario:
    return load_scenario_text(st.session_state["current_yaml"])


def go_to(view: str) -> None:
    """Ask for another page (from a callback): :func:`route` opens it before anything is drawn."""
    st.session_state["go_to"] = view


# --------------------------------------------------------------------------
# Callbacks (they run before the script, so the rerun draws their result)
# --------------------------------------------------------------------------


def on_preset(presets: dict[str, Scenario]) -> None:
    file = st.session_state.get("preset")
    if file in presets:
        load_base(presets[file])
        st.session_state["origin"] = ("preset", st.session_state["base"])
        st.session_state["notices"] = []


def on_upload(key: str, presets: dict[str, str]) -> None:
    ss = st.session_state
    upload = ss.get(key)
    if upload is None:
        return
    name = upload.name
    ss["upload_n"] += 1  # a fresh, empty uploader next time
    try:
        scenario = drawable(levers.read_upload(upload.getvalue()))
    except ScenarioError as exc:
        ss["notices"] = [("error", "upload_failed", {"file": name}, exc.problems)]
        return
    except Exception:  # unexpected: say so, keep the scenario, log the details
        log.exception("upload of %r failed", name)
        ss["notices"] = [("error", "upload_failed", {"file": name}, [])]
        return
    load_base(scenario)
    ss["origin"] = ("upload", ss["base"])
    ss["preset"] = presets.get(ss["current_yaml"])
    ss["notices"] = [("success", "upload_loaded", {"file": name, "name": scenario.name}, [])]


def on_add_rung() -> None:
    current = current_scenario()
    load_base(levers.add_rung(current, levers.new_rung_name(current, st.session_state["lang"])), keep_ranges=True)


def on_remove_rung(index: int) -> None:
    load_base(levers.remove_rung(current_scenario(), index), keep_ranges=True)


def on_rung_edit(index: int, key: str, field_name: str) -> None:
    """A rung renamed or billed differently: a structural change (new base), or a notice if it is refused."""
    ss = st.session_state
    current = current_scenario()
    value = ss.get(key)
    try:
        edited = levers.edit_rung(current, index, lang=ss["lang"], **{field_name: value})
    except ScenarioError as exc:
        rung = current.back_end[index]
        held = getattr(rung, field_name)
        ss[key] = text_in(held, ss["lang"]) if field_name == "name" else held  # the field shows what the scenario holds
        ss["notices"] = [("error", "rung_edit_failed", {"n": str(index + 1)}, exc.problems)]
        return
    load_base(edited, keep_ranges=True)
    ss["notices"] = []


def _structural(edit, fail_key: str, fail_fields: dict[str, str], key: str | None = None, shown: object = None) -> None:
    """Apply a structural edit (a new base, the sliders' ranges kept), or say why not and show the old value."""
    ss = st.session_state
    try:
        edited = edit(current_scenario())
    except ScenarioError as exc:
        if key is not None:
            ss[key] = shown  # the field shows what the scenario still holds
        ss["notices"] = [("error", fail_key, fail_fields, exc.problems)]
        return
    load_base(edited, keep_ranges=True)
    ss["notices"] = []


def on_setting(field_name: str, key: str, shown: object) -> None:
    """A scenario setting typed or picked (name, description, currency, period length, front-end name)."""
    value = st.session_state.get(key)
    if field_name == "currency" and value == "__other__":
        return  # the free-text box below takes it
    _structural(lambda s: levers.edit_settings(s, st.session_state["lang"], **{field_name: value}),
                "settings_failed", {}, key, shown)


def on_add_channel() -> None:
    _structural(lambda s: levers.add_channel(s, levers.new_channel_name(s, st.session_state["lang"])),
                "settings_failed", {})


def on_remove_channel(index: int) -> None:
    _structural(lambda s: levers.remove_channel(s, index), "settings_failed", {})


def on_channel_rename(index: int, key: str, shown: str) -> None:
    value = st.session_state.get(key) or ""
    _structural(lambda s: levers.rename_channel(s, index, value, st.session_state["lang"]), "settings_failed", {},
                key, shown)


def on_use_fitted(scenario: Scenario) -> None:
    """The calibrate page's "Use this scenario": the fitted scenario becomes the levers' base."""
    ss = st.session_state
    load_base(scenario)
    ss["origin"] = ("fit", ss["base"])
    ss["preset"] = None
    go_to(VIEWS[0])
    ss["notices"] = [("success", "fitted_loaded", {"name": scenario.name}, [])]


def on_new(template: Scenario) -> None:
    """"New scenario": start from a blank funnel or a template; Reset comes back to it."""
    ss = st.session_state
    load_base(template)
    ss["origin"] = ("template", ss["base"])
    ss["preset"] = None
    ss["notices"] = []


def on_reset() -> None:
    """Back to the preset, the uploaded file, the link or the template the session started this scenario from."""
    ss = st.session_state
    _kind, origin = ss.get("origin", (None, None))
    if origin is not None:
        load_base(origin)
        ss["notices"] = []


def _record(current_yaml: str) -> None:
    """Keep the scenario on screen in the undo history (a new state drops what Redo could have brought back)."""
    ss = st.session_state
    history, at = ss.setdefault("history", []), ss.get("history_at", -1)
    if 0 <= at < len(history) and history[at] == current_yaml:
        return
    del history[at + 1:]
    history.append(current_yaml)
    if len(history) > HISTORY:
        del history[: len(history) - HISTORY]
    ss["history_at"] = len(history) - 1


def can_undo() -> bool:
    return st.session_state.get("history_at", -1) > 0


def can_redo() -> bool:
    ss = st.session_state
    return ss.get("history_at", -1) < len(ss.get("history", [])) - 1


def _step_history(delta: int) -> None:
    ss = st.session_state
    at = ss.get("history_at", -1) + delta
    history = ss.get("history", [])
    if not 0 <= at < len(history):
        return
    ss["history_at"] = at
    load_base(load_scenario_text(history[at]), keep_ranges=True)
    ss["notices"] = []


def on_undo() -> None:
    _step_history(-1)


def on_redo() -> None:
    _step_history(+1)


def on_pin() -> None:
    st.session_state["pinned_yaml"] = st.session_state["current_yaml"]


def on_unpin() -> None:
    st.session_state["pinned_yaml"] = None


def on_view() -> None:
    """The sidebar's View control: open the page it names."""
    go_to(st.session_state.get("view") or VIEWS[0])


# --------------------------------------------------------------------------
# Lever widgets' values
# --------------------------------------------------------------------------


def control_keys(c: levers.Control, gen: int) -> tuple[str, str, str]:
    """Widget keys of a lever: the one-number slider, its ± toggle, its range slider."""
    key = f"{gen}:{c.key}"
    return key, key + "~u", key + "~r"


def lever_values(ctrls: list[levers.Control], gen: int) -> dict[str, levers.Value]:
    """The levers' values, read before the widgets are drawn.

    A lever's widgets' callbacks keep its value in a plain session key (``<gen>:<lever>~v``, ``~rv``
    for a range; see :mod:`appviews.sidebar`), set before the rerun they trigger, so the scenario
    (and the numbers and charts) can be computed and sent first, and the sidebar drawn after: the
    page answers a slider sooner. Levers without a value yet (first run, new generation) stand at
    their start.
    """
    ss = st.session_state
    values: dict[str, levers.Value] = {}
    for c in ctrls:
        point, toggle, rng = control_keys(c, gen)
        if c.kind == "sample":  # a number box only, its key holds the value
            values[c.key] = ss.get(point, c.point)
        elif c.uncertain_ok and ss.get(toggle, c.uncertain):
            values[c.key] = tuple(ss.get(rng + "~v", c.range))
        else:
            values[c.key] = ss.get(point + "~v", c.point)
    return values


# --------------------------------------------------------------------------
# The address: written after each change, followed on Back and Forward
# --------------------------------------------------------------------------


def _wanted_query(lang: str, current_yaml: str, pinned_yaml: str | None) -> dict[str, str]:
    want = {"lang": lang, "s": share.encode_text(current_yaml)}
    if pinned_yaml is not None:
        want["a"] = share.encode_text(pinned_yaml)
    return want


def _sync_url(want: dict[str, str]) -> None:
    qp = st.query_params
    for key, value in want.items():
        if qp.get(key) != value:
            qp[key] = value
    for key in list(qp.keys()):
        if key not in want:
            del qp[key]
    st.session_state["url_written"] = want


def _changed_since(written: dict[str, str]) -> bool:
    """True when the session's state (language, pinned A, levers) is no longer what ``written`` says."""
    ss = st.session_state
    pinned = ss.get("pinned_yaml")
    if (ss.get("lang"), share.encode_text(pinned) if pinned is not None else None) != (
            written.get("lang"), written.get("a")):
        return True
    if share.encode_text(ss["current_yaml"]) != written.get("s"):
        return True
    base = ss["base"]
    ctrls = base_controls()
    try:
        now = dump_scenario(levers.apply(base, lever_values(ctrls, ss["gen"]), ctrls))
    except ScenarioError:
        return True
    return now != ss["current_yaml"]


def _follow_url(preset_by_yaml: dict[str, str]) -> None:
    """The browser's Back and Forward buttons: when the query is not the one this session last wrote,
    the page follows it (language, scenario and pinned A), as a link would. The path (the view)
    Streamlit follows itself."""
    ss = st.session_state
    written = ss.get("url_written")
    now = {key: st.query_params.get(key) for key in ("lang", "s", "a") if st.query_params.get(key)}
    if written is None or now == written or _changed_since(written):
        return  # nothing moved, or a widget did: then an older address is only a rerun racing our last write
    lang = i18n.normalise_lang(now.get("lang"))
    if lang:
        ss["lang"] = lang
    try:
        if now.get("s") and now["s"] != written.get("s"):
            scenario = drawable(share.decode_scenario(now["s"]))
            load_base(scenario)
            ss["preset"] = preset_by_yaml.get(ss["current_yaml"])
        ss["pinned_yaml"] = dump_scenario(drawable(share.decode_scenario(now["a"]))) if now.get("a") else None
    except ScenarioError as exc:  # an address edited by hand: say so, keep what is on screen
        ss["notices"] = [("warning", "link_failed", {}, exc.problems)]


# --------------------------------------------------------------------------
# Every rerun
# --------------------------------------------------------------------------


def prepare(fragment: bool = False) -> Frame:
    """Start or continue the session, follow the address, apply the levers: the frame pages draw from.

    ``fragment``: a lever moved and only the main area and the lever's group rerun (``app.py``,
    :func:`appviews.sidebar.lever_moved`): the levers are applied, the address and the history
    written, nothing else; a lever that brings others reruns the whole page (its sidebar changes)."""
    ss = st.session_state
    presets, bad_presets, preset_by_yaml = _presets(_presets_signature())
    if fragment:
        pass
    elif "base" not in ss:
        _init_session(presets, preset_by_yaml)
    elif ss.pop("restore", False):  # a part of the last drawing failed: the last good scenario comes back
        _restore_good()
    else:
        _follow_url(preset_by_yaml)
    lang = ss.get("lang") or i18n.DEFAULT_LANG
    base: Scenario = ss["base"]
    ctrls = base_controls()
    invalid: tuple[Problem, ...] = ()
    try:  # levers -> current scenario (widget values are in session state already)
        current = levers.apply(base, lever_values(ctrls, ss["gen"]), ctrls)
        ss["current_yaml"] = dump_scenario(current)
    except ScenarioError as exc:
        invalid = exc.problems
        current = current_scenario()
    if not invalid:
        now = levers.controls(current)
        if [c.key for c in now] != [c.key for c in ctrls]:
            # a lever that brings others (a subscription given a price shows its adoption): the levers
            # restart from the scenario as it is now, the sliders' ranges kept
            load_base(current, keep_ranges=True)
            if fragment:
                st.rerun()
            base, ctrls = ss["base"], now
            ss["base_controls"] = (base, now)
    _record(ss["current_yaml"])
    pinned_yaml = ss.get("pinned_yaml")
    _sync_url(_wanted_query(lang, ss["current_yaml"], pinned_yaml))
    return Frame(lang=lang, base=base, controls=ctrls, current=current, current_yaml=ss["current_yaml"],
                 pinned_yaml=pinned_yaml, invalid=invalid, presets=presets, bad_presets=bad_presets,
                 preset_by_yaml=preset_by_yaml)


def route(page: st.Page, pages: dict[str, st.Page]) -> str:
    """The view on screen: the page Streamlit resolved from the path, unless a callback or an old-style
    link asked for another, which is then opened (a rerun on that page, the query kept)."""
    ss = st.session_state
    shown = next((v for v, p in pages.items() if p is page), VIEWS[0])
    wanted = ss.pop("go_to", None)
    if wanted in pages and wanted != shown:
        ss["view"] = wanted
        st.switch_page(pages[wanted], query_params=dict(ss.get("url_written") or {}))
    ss["view"] = shown
    return shown


# --------------------------------------------------------------------------
# The page never dies: drawable scenarios only, each part of a page guarded
# --------------------------------------------------------------------------

RESTORES = 2
"""Consecutive restores before a guard stops bringing scenarios back (a fault that is not the scenario's)."""


def drawable(scenario: Scenario) -> Scenario:
    """``scenario``, once its levers are known to build; else :class:`ScenarioError` (``not_drawable``).

    Run on every scenario from outside (a link, an upload) before it replaces the one on screen: a
    file that validates but cannot be drawn is refused like an invalid one, and the page keeps its
    scenario and its widgets.
    """
    try:
        ctrls = levers.controls(scenario)
        dump_scenario(levers.apply(scenario, {c.key: c.initial for c in ctrls}, ctrls))
    except ScenarioError:
        pass  # the levers' start is not a valid scenario: the page says so itself ("settings_invalid")
    except Exception:
        log.exception("a scenario that validates could not be drawn")
        raise ScenarioError.of("", "not_drawable") from None
    return scenario


def mark_good() -> None:
    """The whole page was drawn: its scenario is the one to come back to if a later drawing fails."""
    ss = st.session_state
    ss["good"] = {"yaml": ss["current_yaml"], "origin": ss.get("origin"), "preset": ss.get("preset")}
    ss["restores"] = 0


def _restore_good() -> None:
    """Bring back the last scenario a page was drawn from (before any widget is drawn: see :func:`prepare`)."""
    ss = st.session_state
    good = ss.get("good")
    if good is None:
        return
    load_base(load_scenario_text(good["yaml"]))
    ss["origin"] = good["origin"] or ("preset", ss["base"])
    ss["preset"] = good["preset"]
    ss["notices"] = [("error", "drawing_failed", {}, [])]


def _can_restore() -> bool:
    ss = st.session_state
    good = ss.get("good")
    return good is not None and good["yaml"] != ss.get("current_yaml") and ss.get("restores", 0) < RESTORES


@contextmanager
def guard(lang: str, part: str, sidebar: bool = False) -> Iterator[None]:
    """Draw one part of a page (``part``: its name, for the log); an error in it never ends the page.

    The error is logged with its traceback. If the scenario on screen is not the last one a page was
    drawn from, that one comes back (a rerun, with a message); otherwise the part shows a message in
    ``lang`` and the rest of the page (the sidebar's widgets) is drawn as usual. Streamlit's own
    control flow (``st.rerun``, ``st.switch_page``, a stop) is not an error and passes through.
    """
    try:
        yield
    except Exception:
        log.exception("the %s could not be drawn", part)
        ss = st.session_state
        ss["tripped"] = True
        if _can_restore():
            ss["restore"] = True
            ss["restores"] = ss.get("restores", 0) + 1
            st.rerun()
        (st.sidebar if sidebar else st).error(t(lang, "view_failed"))


def start(fragment: bool = False) -> Frame:
    """:func:`prepare`, or, when the session's scenario cannot even be prepared, the last good one (for a
    fragment's rerun, ``fragment``: the whole page, which restores it)."""
    ss = st.session_state
    ss["tripped"] = False
    try:
        return prepare(fragment)
    except Exception:
        log.exception("the frame could not be prepared")
        ss["tripped"] = True
        if ss.get("good") is None:
            raise
        if fragment:
            ss["restore"] = True
            st.rerun()
        _restore_good()
        return prepare()


def finish() -> None:
    """After a page run: remember its scenario as good, unless a guard caught an error in it."""
    if not st.session_state.get("tripped"):
        mark_good()


# --------------------------------------------------------------------------
# Words on the page
# --------------------------------------------------------------------------


def messages_md(lang: str, problems) -> str:
    """Problems (or an exception carrying them) as a Markdown list in ``lang``."""
    return "\n".join(f"- {md(m)}" for m in problems_text(problems, lang))


def failure_text(lang: str, exc: Exception) -> str:
    """An engine or tool failure in ``lang``: its problems where it has them, else that the details are logged
    (an unexpected error's own words are for the server log, not the page)."""
    return md("; ".join(problems_text(exc, lang))) if isinstance(exc, ProblemError) else t(lang, "details_in_log")


def show_notices(lang: str) -> None:
    for kind, key, fields, problems in st.session_state.get("notices", []):
        text = t(lang, key, **{k: md(text_in(v, lang) if isinstance(v, LocalText) else v) for k, v in fields.items()})
        if problems:
            text += "\n\n" + messages_md(lang, problems)
        getattr(st, kind)(text)
