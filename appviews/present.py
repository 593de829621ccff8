"""Presenter mode for a room: large type, no sidebar, one chart at a time with the sentence that goes with it.

* **Keys and a clicker.** → / PageDown / Space go to the next step, ← / PageUp to the previous one, Esc
  leaves (a presentation clicker sends those keys). Streamlit has no key events: a small component
  (:data:`KEYS_JS`, ``st.components.v2``, running in the page itself) listens for them and clicks the
  page's own Next, Back and Leave buttons, so a key does exactly what the button does. It also reports
  the window's size, so each chart takes the height the screen has (:func:`chart_height`).
* **Compare.** With A pinned, every chart draws A and B and both sentences are said.
* **Share with a room.** *Copy link* copies the page's address (it reproduces the view exactly); the QR
  code opens the same scenario in the simulator on a participant's phone; the slide deck
  (:mod:`presentation.deck`) downloads the whole story as PowerPoint.

The sidebar is folded away; its levers keep their values (``persist_state="session"``).
"""

from __future__ import annotations

import logging
import math
import unicodedata

import streamlit as st

from presentation import deck, levers, share
from presentation.i18n import escape_markdown as md
from presentation.i18n import t
from presentation.texts import text_in
from simulator.scenario import load_scenario_text

from . import frame as fr
from . import runs

log = logging.getLogger("funnel_app")

BODY_VH = 2.3
"""The sentence's size in percent of the window's height (24.8 px at 1080 p, 18 px at least)."""

PRESENTER_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]
  { display: none !important; }
.stMainBlockContainer { max-width: none; padding: 1rem 2.5rem 0.5rem 2.5rem; }
.stMainBlockContainer [data-testid="stMarkdownContainer"] p { font-size: max(18px, %(vh)svh); line-height: 1.4; }
.st-key-p_nav [data-testid="stMarkdownContainer"] p,
.st-key-p_nav [data-testid="stCaptionContainer"] { font-size: max(15px, 1.5vh) !important; }
.stMainBlockContainer [data-testid="stCaptionContainer"] { font-size: max(14px, 1.7vh); }
.stMainBlockContainer h1 { font-size: max(34px, 5vh); }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: max(30px, 4.4vh) !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: max(16px, 2vh) !important; }
</style>""" % {"vh": BODY_VH}

KEYS_JS = """
export default function (component) {
  const { setStateValue, parentElement, data } = component;
  const doc = document;
  const ACTIONS = {ArrowRight: "p_next", PageDown: "p_next", " ": "p_next", Spacebar: "p_next",
                   ArrowLeft: "p_prev", PageUp: "p_prev", Escape: "p_exit"};
  const onKey = (e) => {
    if (e.defaultPrevented || e.repeat || e.altKey || e.ctrlKey || e.metaKey) return;
    const action = ACTIONS[e.key];
    if (!action) return;
    const target = e.composedPath ? e.composedPath()[0] : e.target;
    if (target && target.closest && target.closest(
        'input, textarea, select, [contenteditable="true"], [role="slider"], [role="combobox"], [role="listbox"]')) return;
    if (action === "p_exit" && doc.querySelector('[data-testid="stPopoverBody"], [role="dialog"]')) return;
    const button = doc.querySelector(`.st-key-${action} button`);
    if (!button) return;  // not presenter mode (left, or another page): the key does what it always does
    e.preventDefault();
    e.stopPropagation();
    if (!button.disabled) button.click();
  };
  if (window.__presenterKeys) doc.removeEventListener("keydown", window.__presenterKeys, true);
  window.__presenterKeys = onKey;
  doc.addEventListener("keydown", onKey, true);

  const report = () => {
    const seen = data && data.viewport;
    const w = window.innerWidth, h = window.innerHeight;
    if (!seen || Math.abs(seen.h - h) > 8 || Math.abs(seen.w - w) > 8) setStateValue("viewport", {w, h});
  };
  let timer = null;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  window.addEventListener("resize", onResize);
  report();

  const copy = parentElement.querySelector("button.copy");
  const said = parentElement.querySelector(".said");
  if (copy) copy.textContent = data.label;
  const onCopy = async () => {
    const link = window.location.href;
    let ok = false;
    try { await navigator.clipboard.writeText(link); ok = true; } catch (err) {
      const area = doc.createElement("textarea");
      area.value = link; area.style.position = "fixed"; area.style.opacity = "0";
      doc.body.appendChild(area); area.select();
      try { ok = doc.execCommand("copy"); } catch (err2) { ok = false; }
      area.remove();
    }
    copy.dataset.link = link;
    said.textContent = ok ? data.copied : data.failed;
  };
  if (copy) copy.addEventListener("click", onCopy);
  return () => {
    doc.removeEventListener("keydown", onKey, true);
    window.removeEventListener("resize", onResize);
    if (copy) copy.removeEventListener("click", onCopy);
    if (window.__presenterKeys === onKey) window.__presenterKeys = null;
  };
}
"""

KEYS_CSS = """
button.copy { font: inherit; font-size: 1rem; padding: 0.3rem 0.8rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.2); background: white; color: rgb(49, 51, 63); white-space: nowrap; }
button.copy:hover { border-color: #0072B2; color: #0072B2; }
.said { margin-left: 0.5rem; font-size: 0.85rem; color: #555; }
"""

_KEYS = None


def _keys_component():
    """The key and window-size bridge, registered once per process."""
    global _KEYS
    if _KEYS is None:
        _KEYS = st.components.v2.component("presenter_keys", html='<button class="copy"></button><span class="said">'
                                           "</span>", css=KEYS_CSS, js=KEYS_JS)
    return _KEYS


def _on_step(delta: int, total: int) -> None:
    ss = st.session_state
    ss["slide"] = min(total - 1, max(0, ss.get("slide", 0) + delta))


def _on_leave() -> None:
    fr.go_to(fr.VIEWS[0])


def _noop() -> None:
    """The window's size is read from the component's state on the rerun it causes."""


def _viewport() -> tuple[int, int] | None:
    state = st.session_state.get("p_keys")
    size = getattr(state, "viewport", None) if state is not None else None
    if isinstance(size, dict) and size.get("h"):
        return int(size.get("w") or 0), int(size["h"])
    return None


def _text_lines(text: str, width_px: float, font_px: float) -> int:
    """About how many lines ``text`` takes at ``font_px`` in ``width_px`` (a Chinese character is about one em)."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)
    return max(1, math.ceil(ems * font_px / max(200.0, width_px)))


def chart_height(viewport: tuple[int, int] | None, captions: list[str]) -> int:
    """The chart's height in pixels: what the window has left under the buttons and the sentence(s)."""
    width, height = viewport or (1600, 900)
    font = max(18.0, height * BODY_VH / 100)
    text = sum(_text_lines(c, width - 90, font) for c in captions) * font * 1.4 + 16 * len(captions)
    return int(max(300, height - 16 - 64 - text - 44))


def page(f: fr.Frame) -> None:
    lang, current, current_yaml, pinned_yaml = f.lang, f.current, f.current_yaml, f.pinned_yaml
    st.html(PRESENTER_CSS)
    seed, sim = levers.effective_seed(current), runs.sizes(current)
    key = (current_yaml, pinned_yaml, lang, seed, sim.customers, sim.replicates)
    labels = (t(lang, "label_a"), t(lang, "label_b")) if pinned_yaml is not None else (t(lang, "label_one"),)
    try:
        slides = runs.slides(current_yaml, lang, seed, sim.customers, sim.replicates)
        slides_a = ({s.chart: s for s in runs.slides(pinned_yaml, lang, seed, sim.customers, sim.replicates)}
                    if pinned_yaml is not None else {})
        headlines, _business = runs.headlines(*key, _scenario_b=current)
        figures = runs.figures(*key, labels, _scenario_b=current)
    except Exception as exc:  # the engine refused or failed: say why, no traceback
        log.exception("simulation failed")
        st.error(t(lang, "simulation_failed", error=fr.failure_text(lang, exc)))
        st.button(t(lang, "p_exit"), on_click=_on_leave, key="p_exit")
        return
    total = len(slides)
    n = min(total - 1, max(0, st.session_state.get("slide", 0)))
    slide = slides[n]
    _nav(f, n, total)
    if slide.chart is None:
        _title_slide(f, slide, headlines)
        return
    captions = [slide.caption]
    if pinned_yaml is not None:  # both sentences: A's (pinned) and B's (current)
        a = slides_a.get(slide.chart)
        captions = ([f"{labels[0]}: {a.caption}"] if a is not None else []) + [f"{labels[1]}: {slide.caption}"]
    for caption in captions:
        st.markdown(md(caption))  # the chart carries the slide's title
    figure = figures.get(slide.chart)
    if figure is not None:
        viewport = _viewport()
        st.vega_lite_chart(spec=projector(figure.spec(), chart_height(viewport, captions), viewport),
                           width="stretch")


def _nav(f: fr.Frame, n: int, total: int) -> None:
    """Step n of total, Back, Next, copy link, the QR code, the slide deck, Leave; and the key bridge."""
    lang = f.lang
    with st.container(key="p_nav"):
        nav = st.columns([2, 1, 1, 1.1, 1.2, 1.2, 1.6], vertical_alignment="center")
        nav[0].caption(t(lang, "p_step", n=n + 1, total=total))
        nav[0].caption(t(lang, "p_keys_hint"))
        nav[1].button(t(lang, "p_prev"), on_click=_on_step, args=(-1, total), disabled=n == 0, key="p_prev",
                      icon=":material/arrow_back:", width="stretch")
        nav[2].button(t(lang, "p_next"), on_click=_on_step, args=(1, total), disabled=n == total - 1, key="p_next",
                      icon=":material/arrow_forward:", type="primary", width="stretch")
        with nav[3]:
            viewport = _viewport()
            _keys_component()(key="p_keys", data={"viewport": {"w": viewport[0], "h": viewport[1]} if viewport else None,
                                                  "copied": t(lang, "p_copied"), "failed": t(lang, "p_copy_failed"),
                                                  "label": t(lang, "p_copy_link")},
                              default={"viewport": None}, on_viewport_change=_noop, height="content")
        with nav[4].popover(t(lang, "p_qr"), icon=":material/qr_code_2:", width="stretch"):
            _qr(f, 320)
        nav[5].download_button(t(lang, "p_deck_build"), data=lambda: _deck(f.current_yaml, f.pinned_yaml, lang,
                                                                           _app_url()),
                               file_name=f"{share.file_stem(text_in(f.current.name, lang))}_{lang}.pptx",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               on_click="ignore", icon=":material/slideshow:", key="p_deck", help=t(lang, "p_deck_help"),
                               width="stretch")
        nav[6].button(t(lang, "p_exit"), on_click=_on_leave, key="p_exit", icon=":material/close:", type="tertiary")


def _title_slide(f: fr.Frame, slide, headlines) -> None:
    left, right = st.columns([2.6, 1.4], gap="large")
    with left:
        st.title(md(slide.title))
        st.markdown(md(slide.caption))
        cols = st.columns(4)
        for col, h in zip(cols, [h for h in headlines if h.key in ("clv", "cac", "payback", "prob_profit")]):
            with col.container(border=True, height="stretch"):  # the row's cards as tall as its tallest
                st.metric(h.label, h.value, help=h.help)
                st.caption(md(h.band))
    with right:  # as large as the screen allows, so the back of the room can scan it
        width, height = _viewport() or (1600, 900)
        _qr(f, int(min(0.6 * height, 0.3 * width)))


def _app_url() -> str:
    try:
        return st.context.url or deck.DEFAULT_APP_URL
    except Exception:  # no browser session (a test): the app's usual address
        return deck.DEFAULT_APP_URL


def room_link(f: fr.Frame) -> str:
    """The simulator's address with this scenario (and A pinned): where participants play with it."""
    return share.app_link(_app_url(), lang=f.lang, scenario_yaml=f.current_yaml, pinned_yaml=f.pinned_yaml)


def _qr(f: fr.Frame, width: int) -> None:
    link = room_link(f)
    png = _qr_png(link)
    if png is None:
        st.caption(t(f.lang, "p_qr_too_long"))
        return
    st.image(png, width=width)
    st.caption(t(f.lang, "p_qr_caption"))


@st.cache_data(show_spinner=False, max_entries=16)
def _qr_png(link: str) -> bytes | None:
    return deck.qr_png(link)


@st.cache_data(show_spinner=False, max_entries=4)
def _deck(current_yaml: str, pinned_yaml: str | None, lang: str, app_url: str) -> bytes:
    """The slide deck of the scenario on screen (A against B when A is pinned), as the CLI's ``deck`` writes it."""
    b = load_scenario_text(current_yaml)
    if pinned_yaml is None:
        return deck.build_deck(b, seed=levers.effective_seed(b), lang=lang, app_url=app_url)
    return deck.build_deck(load_scenario_text(pinned_yaml), compare_with=b, seed=levers.effective_seed(b), lang=lang,
                           app_url=app_url)


def projector(spec: dict, height: int, viewport: tuple[int, int] | None = None) -> dict:
    """The chart for the room: ``height`` pixels tall, every text (axes, legends, titles, labels and the
    corner notes) larger the taller the window."""
    scale = min(1.7, max(1.25, (viewport[1] if viewport else 900) / 720))
    spec["height"] = height

    def grow(node: object) -> None:
        if isinstance(node, dict):
            for part, sizes in (("legend", ("labelFontSize", "titleFontSize", "symbolSize")),
                                ("title", ("fontSize", "subtitleFontSize")), ("axis", ("labelFontSize", "titleFontSize"))):
                conf = node.get(part)
                if isinstance(conf, dict):
                    for size in sizes:
                        if isinstance(conf.get(size), (int, float)):
                            conf[size] = round(conf[size] * (scale ** 2 if size == "symbolSize" else scale))
            mark = node.get("mark")
            if isinstance(mark, dict) and mark.get("type") == "text" and isinstance(mark.get("fontSize"), (int, float)):
                mark["fontSize"] = round(mark["fontSize"] * scale)
                for offset in ("dx", "dy"):
                    if isinstance(mark.get(offset), (int, float)):
                        mark[offset] = round(mark[offset] * scale)
            for key, value in node.items():
                if key != "datasets":
                    grow(value)
        elif isinstance(node, list):
            for value in node:
                grow(value)

    grow(spec)
    datasets = spec.get("datasets") or {}
    for name, data in list(datasets.items()):  # the corner notes' lines, spaced for the larger text
        if name.endswith("_notes") and hasattr(data, "assign") and "ypix" in getattr(data, "columns", ()):
            datasets[name] = data.assign(ypix=data["ypix"] * scale)
    return spec
