"""Simulations cached across the app's views, keyed by (scenario YAML, seed, sample size).

One cache for the simulator page, presenter mode and the tools, so moving between
views never simulates the same scenario twice; the headline numbers, chart data and
presenter sentences built from a run are cached beside it.

Bounded (issue 11):

* **in size**: every run uses :func:`sizes`, the scenario's sample size within the app's budget
  (:data:`presentation.levers.RUN_BUDGET` customer-periods), said on the page when it is smaller;
* **in bytes**: the runs are kept by :class:`RunCache`, least recently used out first, the arrays
  of all kept results together at most :data:`CACHE_BYTES` for the whole server (Streamlit's
  ``max_entries`` counts entries, and one entry can be hundreds of MB); results are shared, not
  copied, and read-only;
* **in time**: a run stops when its session has gone (:func:`session_cancel`); the longer runs
  (the tools, the report) draw a progress bar and a Stop button (:func:`stoppable`).
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import fields

import numpy as np
import streamlit as st

from presentation import charts, levers, presenter
from presentation.i18n import fmt_percent, t
from presentation.texts import text_in
from simulator.engine import Behaviour, behaviour_key, reprice, simulate_keeping_behaviour
from simulator.problems import Cancelled
from simulator.result import SimulationResult
from simulator.scenario import Scenario, load_scenario_text

from . import vega

CACHE_BYTES = 1 << 30
"""The most the kept runs' arrays take together, for every session of the server (1 GiB)."""

BEHAVIOUR_BYTES = 256 << 20
"""The most the kept behaviours (what runs' customers did, to reprice money levers) take together (256 MiB)."""


def _arrays(result: SimulationResult) -> Iterator[np.ndarray]:
    """Every array of a result, its business view's included."""
    for part in (result, result.business):
        if part is None:
            continue
        for f in fields(part):
            value = getattr(part, f.name)
            if isinstance(value, np.ndarray):
                yield value


def result_bytes(result: SimulationResult) -> int:
    """The bytes of a result's arrays: what keeping it costs."""
    return sum(a.nbytes for a in _arrays(result))


def _read_only(result: SimulationResult) -> SimulationResult:
    """The same result with every array read-only: one object is shared by every view and session."""
    for a in _arrays(result):
        a.flags.writeable = False
    return result


def _behaviour_arrays(behaviour: Behaviour) -> Iterator[np.ndarray]:
    """Every array a kept behaviour holds (its inputs, every chunk's volumes and kept customers)."""
    def walk(x) -> Iterator[np.ndarray]:
        if isinstance(x, np.ndarray):
            yield x
        elif isinstance(x, (list, tuple)):
            for v in x:
                yield from walk(v)
        elif isinstance(x, dict):
            for v in x.values():
                yield from walk(v)
        elif hasattr(x, "__dataclass_fields__"):
            for f in fields(x):
                yield from walk(getattr(x, f.name))

    for part in (behaviour.parameters, behaviour.chunks, behaviour.draws, behaviour.ladders):
        yield from walk(part)


def behaviour_bytes(behaviour: Behaviour) -> int:
    """The bytes a kept behaviour's arrays take (an array and its views counted once)."""
    seen: dict[int, int] = {}
    for a in _behaviour_arrays(behaviour):
        base = a.base if isinstance(a.base, np.ndarray) else a
        seen[id(base)] = base.nbytes
    return sum(seen.values())


def _frozen(behaviour: Behaviour) -> Behaviour:
    """The behaviour with every array read-only: one object reprices the runs of every session."""
    for a in _behaviour_arrays(behaviour):
        a.flags.writeable = False
    return behaviour


class RunCache:
    """Results by key, least recently used out first, their arrays together at most ``max_bytes``.

    A result larger than ``max_bytes`` on its own is returned to its caller and not kept. Safe to
    share between sessions (one lock). ``size`` tells what an item costs (a result's arrays by default).
    """

    def __init__(self, max_bytes: int = CACHE_BYTES, size: Callable[[object], int] = None):
        self.max_bytes = int(max_bytes)
        self._size = size or result_bytes
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def get(self, key: Hashable):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, result) -> None:
        size = self._size(result)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return
            while self._items and self._bytes + size > self.max_bytes:
                _key, (_result, freed) = self._items.popitem(last=False)
                self._bytes -= freed
            self._items[key] = (result, size)
            self._bytes += size

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


@st.cache_resource(show_spinner=False)
def run_cache() -> RunCache:
    """The server's one cache of runs (a resource: shared, never copied or pickled)."""
    return RunCache(CACHE_BYTES)


@st.cache_resource(show_spinner=False)
def behaviours() -> RunCache:
    """The server's kept behaviours of runs (:func:`simulator.engine.behaviour_key` -> Behaviour), shared
    by every session: a room that starts from one preset reprices its price and cost moves from one run."""
    return RunCache(BEHAVIOUR_BYTES, size=behaviour_bytes)


@st.cache_resource(show_spinner=False)
def _answers() -> tuple[threading.Lock, dict[str, OrderedDict]]:
    return threading.Lock(), {}


def answer(name: str, key: Hashable, compute: Callable[[], object], max_entries: int = 8):
    """A tool's answer, cached by ``key`` among the last ``max_entries`` of ``name`` (shared, never copied).

    For the long runs drawn with :func:`stoppable`: unlike ``st.cache_data``, the computation may update
    elements drawn outside it (the progress bar), and a run that stops caches nothing.
    """
    lock, stores = _answers()
    with lock:
        store = stores.setdefault(name, OrderedDict())
        if key in store:
            store.move_to_end(key)
            return store[key]
    value = compute()
    with lock:
        store[key] = value
        while len(store) > max_entries:
            store.popitem(last=False)
    return value


_FREEZE_LOCK = threading.Lock()
_heap_frozen = False


def serving() -> bool:
    """Whether this process is a real Streamlit server (not a test's mocked runtime, nor bare mode).

    AppTest's runtime is a mock: it keeps only the elements of a script's last run, so after a fragment's
    rerun its page would have lost everything outside the fragment. The app draws its lever fragments only
    on a real server (``app.py``); the browser tests and ``tests/test_lever_fragments.py`` check them there."""
    try:
        from streamlit.runtime import Runtime

        return Runtime.exists() and type(Runtime.instance()) is Runtime
    except Exception:  # a Streamlit without these: nothing is frozen, nothing else changes
        return False


def freeze_heap() -> bool:
    """Once per server process, after its first page: every object alive then (the imported modules, the
    presets, the first run and its charts) moves to the collector's permanent generation (``gc.freeze``), so
    Python's full collections no longer walk them. They run by themselves as objects pile up, and every
    session waits while one does: in a room of 30 moving levers on one process, four of them took 36-94 ms
    each (287 ms in 35 s). What is frozen is long-lived anyway; a frozen object that becomes garbage is
    still freed by its reference count, only a cycle among them stays. True when this call froze the heap.
    """
    global _heap_frozen
    if _heap_frozen or not serving():
        return False
    with _FREEZE_LOCK:
        if _heap_frozen:
            return False
        gc.freeze()
        _heap_frozen = True
    return True


def session_cancel() -> Callable[[], bool] | None:
    """A ``cancel`` signal for the engine: True once this page's session has gone (the browser left).

    Asks Streamlit's runtime whether the session of the running script is still active
    (``Runtime.is_active_session``); None outside a served session (tests, bare mode).
    """
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None or not Runtime.exists():
            return None
        runtime, session_id = Runtime.instance(), ctx.session_id
    except Exception:  # a Streamlit without these: runs are not stopped on leaving, nothing else changes
        return None
    return lambda: not runtime.is_active_session(session_id)


def sizes(scenario: Scenario) -> levers.RunSizes:
    """The sample size a run of ``scenario`` uses in the app (within :data:`presentation.levers.RUN_BUDGET`)."""
    return levers.run_sizes(scenario)


def simulate_cached(yaml_text: str, seed: int, customers: int, replicates: int,
                    _scenario: Scenario | None = None,
                    progress: Callable[[float], None] | None = None) -> SimulationResult:
    """One run, cached by (scenario YAML, seed, sample size) in :func:`run_cache`.

    ``_scenario`` is the same scenario already parsed, when the caller has it: parsing the YAML again
    would cost more than some simulations. The run stops (:class:`~simulator.problems.Cancelled`)
    when the session goes away.

    A scenario whose customers behave as those of a run already made (the same seed and size, only
    money changed: a price, a cost, CAC) is priced from that run's kept behaviour
    (:func:`simulator.engine.reprice`, :func:`behaviours`): the very numbers a fresh simulation gives,
    bit for bit, at a tenth of its cost or less. So moving a price or cost lever reprices; a lever that
    changes what customers do simulates, and keeps its behaviour for the next money lever.
    """
    cache = run_cache()
    key = (yaml_text, seed, customers, replicates)
    hit = cache.get(key)
    if hit is not None:
        return hit
    scenario = _scenario if _scenario is not None else load_scenario_text(yaml_text)
    kept = behaviours()
    bkey = behaviour_key(scenario, rng=seed, customers=customers, replicates=replicates)
    behaviour = kept.get(bkey) if bkey is not None else None
    result = reprice(scenario, behaviour) if behaviour is not None else None
    if result is None:
        result, behaviour = simulate_keeping_behaviour(scenario, rng=seed, customers=customers,
                                                       replicates=replicates, progress=progress,
                                                       cancel=session_cancel(), record_draws=False)
        if bkey is not None:
            kept.put(bkey, _frozen(behaviour))
    elif progress is not None:
        progress(1.0)
    result = _read_only(result)
    cache.put(key, result)
    return result


def simulate_for(yaml_text: str, seed: int, customers: int, replicates: int,
                 scenario: Scenario | None = None) -> SimulationResult:
    """:func:`simulate_cached`, handing over the scenario when the caller already parsed it."""
    return simulate_cached(yaml_text, seed, customers, replicates, _scenario=scenario)


@contextmanager
def stoppable(lang: str, key: str) -> Iterator[tuple[Callable[[float], None], Callable[[], bool] | None] | None]:
    """A long run with a progress bar and a Stop button; yields (progress, cancel), or None when stopped.

    Pressing Stop reruns the page; the run in progress ends at its next step (its next progress
    update: Streamlit stops a script there), and this rerun does not start it again: it yields None
    and says the run was stopped, with a button to run it again. ``key`` names the run (its
    scenario and options): another scenario or option runs afresh.
    """
    ss = st.session_state
    stop_key, stopped_key = f"stop:{key}", f"stopped:{key}"
    if ss.get(stop_key):  # Stop pressed while this run went on
        ss[stopped_key] = True
    if ss.get(stopped_key):
        st.info(t(lang, "run_stopped"))
        st.button(t(lang, "run_again"), key=f"again:{key}", on_click=ss.pop, args=(stopped_key, None),
                  icon=":material/replay:")
        yield None
        return
    box = st.empty()
    with box.container():
        bar = st.progress(0.0, text=t(lang, "run_progress", done=fmt_percent(0.0, lang, 0)))
        st.button(t(lang, "run_stop"), key=stop_key, icon=":material/stop_circle:", help=t(lang, "run_stop_help"))

    def progress(done: float) -> None:
        done = min(1.0, max(0.0, float(done)))
        bar.progress(done, text=t(lang, "run_progress", done=fmt_percent(done, lang, 0)))

    try:
        yield progress, session_cancel()
    except Cancelled:
        box.empty()
        st.info(t(lang, "run_stopped"))
        return
    box.empty()


def _pair(yaml_b: str, yaml_a: str | None, seed: int, customers: int, replicates: int,
          scenario_b: Scenario | None = None):
    b = simulate_for(yaml_b, seed, customers, replicates, scenario_b)
    a = simulate_for(yaml_a, seed, customers, replicates) if yaml_a is not None else None
    return b, a


def headlines(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
              _scenario_b: Scenario | None = None):
    """The headline numbers of the current run (with B − A in compare mode), formatted for ``lang``.

    Kept by :func:`answer` (a dict lookup on the key, shared, never copied): ``st.cache_data`` hashed the
    scenarios' YAML and pickled the numbers on every lever move. Nobody changes them (frozen headlines)."""
    def compute():
        b, a = _pair(yaml_b, yaml_a, seed, customers, replicates, _scenario_b)
        scenario_b = _scenario_b if _scenario_b is not None else load_scenario_text(yaml_b)
        scenario_a = load_scenario_text(yaml_a) if yaml_a is not None else None
        return (tuple(levers.headlines(b, lang, a, scenario=scenario_b, pinned_scenario=scenario_a)),
                tuple(levers.business_headlines(b, lang, a)))

    return answer("headlines", (yaml_b, yaml_a, lang, seed, customers, replicates), compute, max_entries=64)


@st.cache_data(show_spinner=False, max_entries=64)
def figures(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
            labels: tuple[str, ...], _scenario_b: Scenario | None = None) -> dict[str, charts.Figure]:
    """The charts' data (and layout keys) for the current run, and the pinned one in compare mode."""
    b, a = _pair(yaml_b, yaml_a, seed, customers, replicates, _scenario_b)
    pair = {labels[0]: a, labels[1]: b} if a is not None else {labels[-1]: b}
    return charts.figures(pair, lang)


def chart_specs(yaml_b: str, yaml_a: str | None, lang: str, seed: int, customers: int, replicates: int,
                labels: tuple[str, ...], _scenario_b: Scenario | None = None) -> dict[str, dict | None]:
    """The charts of :func:`figures` ready for ``st.vega_lite_chart`` (:func:`appviews.vega.specs`: data as
    Arrow bytes), built once per run and kept whole by :func:`answer` (shared, never pickled or copied, a
    dict lookup on the key; nobody changes them)."""
    def compute():
        b, a = _pair(yaml_b, yaml_a, seed, customers, replicates, _scenario_b)
        pair = {labels[0]: a, labels[1]: b} if a is not None else {labels[-1]: b}
        return vega.specs(charts.figures(pair, lang))

    return answer("chart_specs", (yaml_b, yaml_a, lang, seed, customers, replicates, labels), compute,
                  max_entries=64)


@st.cache_data(show_spinner=False, max_entries=16)
def slides(yaml_text: str, lang: str, seed: int, customers: int, replicates: int) -> list[presenter.Slide]:
    """Presenter mode's steps for a scenario: each chart's sentence, from the run's numbers."""
    result = simulate_for(yaml_text, seed, customers, replicates)
    scenario = load_scenario_text(yaml_text)
    return presenter.slides(result, scenario.description, lang, scenario.source, scenario=scenario)


@st.cache_data(show_spinner=False, max_entries=16)
def name_of(yaml_text: str, lang: str) -> str:
    """The scenario's name in ``lang``."""
    return text_in(load_scenario_text(yaml_text).name, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def uncertain(yaml_text: str) -> bool:
    """Whether some input of the scenario is a range (:func:`presentation.levers.has_uncertainty`)."""
    return levers.has_uncertainty(load_scenario_text(yaml_text))
