"""The Streamlit app's entry point: the frame every page shares, then the page on screen.

Glue only (``../shared/STYLE.md``). :func:`appviews.frame.prepare` keeps the session and the
address and turns the levers into the current scenario; ``st.navigation`` picks the page from
the address's path, one file per page:

* ``/`` — :mod:`appviews.simulate`: the headline numbers, the charts, compare mode;
* ``/tools`` — :mod:`appviews.tools`: most you can pay, which fish pond, which lever, formulas, report;
* ``/present`` — :mod:`appviews.present`: presenter mode;
* ``/calibrate`` — :mod:`appviews.calibrate`: fit a scenario from your own data;
* ``/glossary`` — :mod:`appviews.glossary`: the app's words in plain terms, and where each shows up.

The numbers come from :mod:`simulator` (the core), the words, charts and levers from
:mod:`presentation`. Run with ``make app`` (``streamlit run app.py``).
"""

from __future__ import annotations

import contextlib
import logging
import time

import streamlit as st

from appviews import frame, runs, sidebar
from presentation import i18n
from presentation.i18n import t
from simulator.allocator import keep_freed_memory

SIDEBAR_WIDTH = 390  # pixels: room for a slider and its ± toggle side by side
ICONS = {"simulate": ":material/monitoring:", "tools": ":material/build:", "present": ":material/co_present:",
         "calibrate": ":material/tune:", "glossary": ":material/menu_book:"}
log = logging.getLogger("funnel_app")

st.set_page_config(page_title="Funnel simulator · 漏斗模拟", page_icon="📈", layout="wide",
                   initial_sidebar_state=SIDEBAR_WIDTH)
# also in .streamlit/config.toml; set here too for a `streamlit run` started from another folder
for _option, _value in (("client.showErrorDetails", "none"), ("client.toolbarMode", "minimal")):
    with contextlib.suppress(Exception):  # an option Streamlit will not set at run time is no reason to fail
        st.set_option(_option, _value)  # never a traceback on the page; no developer menu


# Each page's module is imported when that page is first drawn, not at the first visit whatever the page: the
# Calibrate page alone brings scipy.optimize and Altair (~0.6 s each on this machine), the Tools page the report
# and the sensitivity tools; the first visitor of a fresh server waits for the Simulate page's imports only.


def _simulate_main(f: frame.Frame) -> None:
    from appviews import simulate

    simulate.draw(f)


def _tools_main(f: frame.Frame) -> None:
    from appviews import tools

    if f.invalid:
        st.warning(t(f.lang, "settings_invalid") + "\n\n" + frame.messages_md(f.lang, f.invalid))
    tools.render(f.lang, f.current, f.current_yaml, f.pinned_yaml)


def _present_main(f: frame.Frame) -> None:
    from appviews import present

    present.page(f)


def _calibrate_main(f: frame.Frame) -> None:
    from appviews import calibrate

    calibrate.render(f.lang, frame.on_use_fitted)  # the levers wait until the fitted scenario is used


def _glossary_main(f: frame.Frame) -> None:
    from appviews import glossary

    glossary.draw(f.lang)


def _top(f: frame.Frame) -> None:
    sidebar.top(f.lang)


DRAW = {"simulate": (_simulate_main, sidebar.full), "tools": (_tools_main, sidebar.full), "present": (_present_main, None),
        "calibrate": (_calibrate_main, _top), "glossary": (_glossary_main, _top)}
"""Each page's main area (drawn first: the numbers reach the browser sooner) and its sidebar, or None."""


FRAGMENT_VIEWS = ("simulate",)
"""Pages whose lever moves rerun only the lever's group and the main area (:func:`appviews.sidebar.lever_moved`);
the Tools page's long runs (a progress bar, a Stop button) rerun the whole page."""
FRESH = "frame_fresh"
"""Session key: set by a whole-page run just before the main area's fragment, which takes it; absent, the
fragment runs alone (a lever moved) and makes the frame again."""


@st.fragment(key=sidebar.MAIN_FRAGMENT)
def _main_fragment(view: str, f: frame.Frame) -> None:
    """The main area of a page in :data:`FRAGMENT_VIEWS`. Run alone (a lever moved), it applies the levers again
    (:func:`appviews.frame.start` with ``fragment=True``) and marks the scenario good itself."""
    alone = not st.session_state.pop(FRESH, False)
    if alone:
        f = frame.start(fragment=True)
    with frame.guard(f.lang, view):
        DRAW[view][0](f)
    if alone:
        frame.finish()


def _draw(view: str, f: frame.Frame) -> None:
    """A page, each part in its own guard: an error in the main area leaves the sidebar's widgets, and back."""
    main_area, side = DRAW[view]
    fragments = view in FRAGMENT_VIEWS and side is not None and runs.serving()  # see runs.serving: not in AppTest
    st.session_state[sidebar.FRAGMENTS] = fragments
    if fragments:
        st.session_state[FRESH] = True
        _main_fragment(view, f)
    else:
        with frame.guard(f.lang, view):
            main_area(f)
    if side is not None:
        with frame.guard(f.lang, f"{view} sidebar", sidebar=True):
            side(f)


def _pages(f: frame.Frame) -> dict[str, st.Page]:
    def page(view: str) -> st.Page:
        def run() -> None:
            _draw(view, f)

        run.__name__ = view
        return st.Page(run, title=t(f.lang, f"view_{view}"), icon=ICONS[view], url_path=view,
                       default=view == frame.VIEWS[0])

    return {view: page(view) for view in frame.VIEWS}


def main() -> None:
    keep_freed_memory()  # once per process: the engine's freed arrays stay mapped (simulator.allocator)
    f = frame.start()
    pages = _pages(f)
    chosen = st.navigation(list(pages.values()), position="hidden")  # the sidebar's View control switches pages
    frame.route(chosen, pages)
    chosen.run()
    frame.finish()
    runs.freeze_heap()  # once per server, after its first page (appviews.runs.freeze_heap)


_t0 = time.perf_counter()
try:
    main()
    log.debug("page drawn in %.0f ms", 1000 * (time.perf_counter() - _t0))
except Exception:  # last line of defence: a plain message, the traceback only in the server log
    log.exception("the page failed")
    st.error(t(st.session_state.get("lang") or i18n.DEFAULT_LANG, "unexpected"))
