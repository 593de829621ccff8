"""A room of people moving levers at once: the app's load benchmark, at the protocol level (no browser).

Usage: ``make bench-app`` (or ``.venv/bin/python bench/app_load.py [--sessions 10,30,60] [--seconds 30]
[--lever price|churn] [--workers K | --url URL --pid PID ...]``).

Each simulated person is a websocket session speaking Streamlit's own protocol, as the browser does:
it fetches the page (keeping the cookies it is given), opens ``/_stcore/stream`` with the
``streamlit`` subprotocol and sends a ``BackMsg`` asking for a script run (query ``?lang=en``, no
widget states: the first load). The server answers with ``ForwardMsg`` s (the page's deltas, the
address it writes, ``script_finished``). Then, every ``--interval`` seconds (±20%), the person types a
new front-end price into the default preset's price lever (its number box; the slider beside it is
drawn afresh at the new value): a rerun ``BackMsg`` carrying the box's new value as its widget state,
the address the server last wrote as the query, the page's hash and the fragment the box was drawn in
(on the Simulate page a lever move reruns only its group and the main area), as the browser's own ``BackMsg``
does (the browser also sends the values of widgets that did not change; the server keeps those from
the previous run, so leaving them out changes nothing it does). Every value typed is one no session
typed before, so every move is a scenario nobody simulated yet: no cached run answers it.

Measured, for each number of sessions N:

* **load**: seconds from the page request until the first run's ``script_finished`` (p50, p95);
* **move**: milliseconds from sending a lever move until its run's ``script_finished`` (p50, p95).
  A person moves again only after the previous answer came (and the interval passed), so a slow
  server sees fewer moves, never a pile-up of interrupted runs;
* **errors**: sessions that could not load, runs that did not finish within ``--timeout``, runs that
  finished badly, and pages showing an exception or an error box;
* **isolated**: every session only ever sees its own lever: each session moves the price through
  values no other session uses, and after each move the slider drawn and the scenario in the
  address the server writes for that session must both hold the value it typed;
* **two kinds of lever**: the rooms move the front-end price (``--lever price``, the default), a money
  lever, which the app answers by repricing a kept behaviour (the same numbers as a fresh run, bit
  for bit; :func:`appviews.runs.simulate_cached`), or churn (``--lever churn``, opening the Retention
  group first), a behaviour lever, which simulates the customers afresh on every move. One person
  alone moves each of the two, so both costs are always reported;
* **CPU per move**: the server processes' CPU time (``/proc/<pid>/stat``, all threads) spent during
  the moving phase, divided by the moves answered. Before the rooms, one person alone moves the
  lever ``--solo`` times (after a few warm-up moves): the CPU time of each of those moves gives the
  **median CPU per move** (the issue's target: ≤ 60 ms), its resolution the kernel's clock tick;
* **RSS**: the server processes' resident memory at the end of the room (summed over workers).

Server CPU and memory are read from ``/proc``, so the benchmark runs on Linux. With no ``--url``
it starts the app itself (``streamlit run app.py`` on a free port) or, with ``--workers K``, K
servers behind nginx (``scripts/serve.py``, as ``make serve`` does), and stops them at the end.
Every phase has a deadline: the benchmark stops by itself. It prints two tables (one person alone, then the rooms) and writes
``build/app-load.json``. The benchmark client runs on the same machine as the server and takes
some of its CPU: on a 2-core machine, read the figures as an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402  (Streamlit's own dependency)
import websockets  # noqa: E402  (Streamlit's own dependency)
import yaml  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from presentation.share import decode_text  # noqa: E402

FINISHED_WELL = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
"""A run that ended well: the whole page's, or (a lever moved on the Simulate page) its fragments'."""

@dataclass(frozen=True)
class Lever:
    """A lever a person moves: its label on the page, the sidebar group that holds it, where the scenario in
    the address keeps it, and the values typed into it."""

    name: str
    label: str
    group: str | None  # a closed group to open first (None: an open one)
    path: tuple[str | int, ...]  # the field in the address's scenario (an int: a list's item)
    scale: float  # box value = scenario value × scale
    kind: str  # "money" (repriced) or "behaviour" (simulated afresh)
    absent: float | None = None  # its value when the address's scenario leaves it out (its default)

    def value_for(self, number: int, move: int) -> float:
        """Session ``number``'s value for move ``move``: one no other session (of up to 61) types, and this one
        never typed before: each move is a scenario nobody simulated yet, so no cached run answers it."""
        if self.name == "price":  # 10 × (1 + number + 61 k) + cents: up to 297 moves
            k, cents = move % 3, 1 + (move // 3) % 99
            return round(10.0 * (1 + number % 61 + 61 * k) + cents / 100, 2)
        # churn in percent: 1 + 0.3 × number + 0.01 × move (up to 29 moves, 1.00–19.28%)
        return round(1.0 + 0.3 * (number % 61) + 0.01 * (1 + move % 29), 2)

    def in_address(self, query: str) -> float | None:
        token = urllib.parse.parse_qs(query).get("s", [None])[0]
        if token is None:
            return None
        node = yaml.load(decode_text(token), Loader=Loader)
        for k in self.path:
            if isinstance(node, list) and isinstance(k, int):  # a list's item (a channel, a rung)
                node = node[k] if -len(node) <= k < len(node) else None
            else:
                node = node.get(k, {}) if isinstance(node, dict) else None
        if node == {}:
            return self.absent
        return float(node) * self.scale if isinstance(node, (int, float)) else None


LEVERS = {
    "price": Lever("price", "Price · Intro course", None, ("front_end", "price"), 1.0, "money"),
    "churn": Lever("churn", "Churn per month", "Retention", ("retention", "churn"), 100.0, "behaviour", 0.0),
}
"""The default preset's front-end price (money: a price move reprices the kept behaviour) and its churn
(behaviour: every move simulates the customers afresh)."""
TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --------------------------------------------------------------------------
# The server's processes, seen from /proc
# --------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (every thread, those that ended included)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total * TICK_S


def rss_mb(pids: list[int]) -> float:
    """Resident memory of the processes, in MB."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


# --------------------------------------------------------------------------
# One person: a websocket session
# --------------------------------------------------------------------------


class Failure(Exception):
    """A session's run that did not finish well (the reason is the message)."""


@dataclass
class Run:
    """What one script run sent: whether it finished well, the price drawn, the address written."""

    finished: bool = False
    status: int | None = None
    errors: list[str] = field(default_factory=list)
    slider: float | None = None
    query: str | None = None


class Session:
    """One browser tab, as the server sees it."""

    def __init__(self, base_url: str, number: int, lever: Lever = LEVERS["price"]) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.number = number
        self.lever = lever
        self.group_id: str | None = None
        self.http = requests.Session()
        self.ws = None
        self.query = "lang=en"
        self.page_hash = ""
        self.cached: set[str] = set()
        self.ids: dict[str, str] = {}  # the lever's widgets on the page: "slider" and "box" → widget id
        self.fragment = ""  # the fragment the lever's number box was drawn in ("" for none)
        self.value: float | None = None  # the lever's value in the address the server last wrote
        self.foreign: list[str] = []  # what this session saw that was not its own

    # -- the page and the socket -------------------------------------------
    async def open(self, timeout: float) -> float:
        """Load the page as a new visitor; seconds until the first run finished."""
        t0 = time.perf_counter()
        await asyncio.to_thread(self._get, "?" + self.query)
        await asyncio.to_thread(self._get, "_stcore/health")
        await asyncio.to_thread(self._get, "_stcore/host-config")
        ws_url = "ws" + self.base_url.removeprefix("http") + "_stcore/stream"
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        headers = {"Cookie": cookie} if cookie else {}
        self.ws = await asyncio.wait_for(
            websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers=headers, max_size=None,
                               open_timeout=timeout, ping_interval=None), timeout)
        await self._run(self._rerun(), timeout)
        if self.lever.group is not None:  # open the group, as a click on it does
            if self.group_id is None:
                raise Failure(f"no group named {self.lever.group!r} on the page")
            msg = self._rerun()
            state = msg.rerun_script.widget_states.widgets.add()
            state.id, state.bool_value = self.group_id, True
            await self._run(msg, timeout)
        if set(self.ids) != {"slider", "box"}:
            raise Failure(f"no slider and number box named {self.lever.label!r} on the page")
        if self.value is None:
            raise Failure("the address holds no scenario")
        return time.perf_counter() - t0

    def _get(self, path: str) -> None:
        r = self.http.get(self.base_url + path, timeout=30)
        r.raise_for_status()

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        self.http.close()

    # -- a lever move -------------------------------------------------------
    def value_for(self, move: int) -> float:
        return self.lever.value_for(self.number, move)

    async def move(self, value: float, timeout: float) -> float:
        """Type ``value`` into the lever's number box (as a person does, then Enter); milliseconds until the
        run finished. Checks isolation: the slider drawn afresh and the address show ``value``."""
        msg = self._rerun()
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = self.ids["box"]
        state.double_value = value
        t0 = time.perf_counter()
        run = await self._run(msg, timeout)
        elapsed = 1000 * (time.perf_counter() - t0)
        self.check(run, value)
        return elapsed

    def check(self, run: Run, value: float) -> None:
        """Note it when the run just answered shows another value than the one this session typed."""
        if run.slider is None or abs(run.slider - value) > 1e-9:
            self.foreign.append(f"slider shows {run.slider}, typed {value}")
        if self.value is None or abs(self.value - value) > 1e-6:
            self.foreign.append(f"address holds {self.lever.name} {self.value}, typed {value}")

    # -- the protocol -------------------------------------------------------
    def _rerun(self) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        if self.fragment:  # a widget drawn in a fragment reruns that fragment, as the browser asks
            cs.fragment_id = self.fragment
        cs.cached_message_hashes.extend(sorted(self.cached))
        info = cs.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = self.base_url + ("?" + self.query if self.query else "")
        return msg

    async def _run(self, msg: BackMsg, timeout: float) -> Run:
        """Send a rerun and read ForwardMsgs until its ``script_finished``."""
        run = Run()
        await self.ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while not run.finished:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"no answer within {timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except asyncio.TimeoutError:
                raise Failure(f"no answer within {timeout:.0f} s") from None
            except websockets.ConnectionClosed as exc:
                raise Failure(f"the server closed the socket ({exc})") from None
            self._read(data, run)
        if run.status not in FINISHED_WELL:
            raise Failure(f"the run finished with status {run.status}")
        if run.errors:
            raise Failure("; ".join(run.errors))
        return run

    def _read(self, data: bytes, run: Run) -> None:
        fm = ForwardMsg()
        fm.ParseFromString(data)
        if fm.metadata.cacheable and fm.hash:
            self.cached.add(fm.hash)  # the browser keeps cacheable messages and names them in its next rerun
        kind = fm.WhichOneof("type")
        if kind == "delta":
            self._read_delta(fm.delta, run)
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
            self.value = self.lever.in_address(self.query)
        elif kind == "new_session":
            self.page_hash = fm.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":
            self.page_hash = fm.navigation.page_script_hash or self.page_hash
        elif kind == "page_not_found":
            run.errors.append("page not found")
        elif kind == "script_finished":
            if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return  # an interrupted run: the rerun's own finish follows
            run.finished, run.status = True, fm.script_finished

    def _read_delta(self, delta, run: Run) -> None:
        if delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "expandable" and block.expandable.label == self.lever.group:
                self.group_id = block.expandable.id
            return
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "slider" and el.slider.label == self.lever.label:
            self.ids["slider"] = el.slider.id
            run.slider = (el.slider.value if el.slider.set_value else el.slider.default)[0]
        elif kind == "number_input" and el.number_input.label == self.lever.label:
            self.ids["box"] = el.number_input.id
            self.fragment = delta.fragment_id
        elif kind == "exception":
            run.errors.append(f"exception on the page: {el.exception.message}")
        elif kind == "alert" and el.alert.format == el.alert.ERROR:
            run.errors.append(f"error box on the page: {el.alert.body[:120]}")


# --------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------


def pct(xs: list[float], q: float) -> float | None:
    """The q-quantile (0–1) of xs, by the nearest rank; None for no data."""
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs) - 1e-9) - 1))]


@dataclass
class Room:
    sessions: int
    loads_s: list[float] = field(default_factory=list)
    moves_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    cpu_s: float = 0.0
    move_seconds: float = 0.0
    rss_mb: float = 0.0

    def row(self) -> dict[str, object]:
        def r(x, digits=0):
            return None if x is None else round(x, digits) if digits else round(x)

        moves = len(self.moves_ms)
        return {
            "sessions": self.sessions,
            "loaded": len(self.loads_s),
            "load p50 s": r(pct(self.loads_s, 0.5), 2),
            "load p95 s": r(pct(self.loads_s, 0.95), 2),
            "moves": moves,
            "moves/s": r(moves / self.move_seconds, 1) if self.move_seconds else None,
            "move p50 ms": r(pct(self.moves_ms, 0.5)),
            "move p95 ms": r(pct(self.moves_ms, 0.95)),
            "errors": len(self.errors),
            "isolated": not self.foreign,
            "CPU/move ms": r(1000 * self.cpu_s / moves) if moves else None,
            "RSS MB": r(self.rss_mb),
        }


async def solo(url: str, pids: list[int], moves: int, warmup: int, timeout: float, lever: Lever) -> dict[str, object]:
    """One person alone moves the lever: the CPU time of each move (its median is the issue's figure)."""
    s = Session(url, 0, lever)
    cpu, lat, errors = [], [], []
    try:
        load = await s.open(timeout)
        for i in range(warmup + moves):
            await asyncio.sleep(0.3)  # the server idle between moves: each move's CPU time is its own
            before = cpu_seconds(pids)
            try:
                ms = await s.move(s.value_for(i), timeout)
            except Failure as exc:
                errors.append(str(exc))
                continue
            await asyncio.sleep(0.05)  # the last messages leave the server
            if i >= warmup:
                cpu.append(1000 * (cpu_seconds(pids) - before))
                lat.append(ms)
    finally:
        await s.close()
    return {
        "lever": f"{lever.name} ({lever.kind})",
        "first load s": round(load, 2),
        "moves": len(lat),
        "move p50 ms": round(pct(lat, 0.5)) if lat else None,
        "CPU/move median ms": round(statistics.median(cpu)) if cpu else None,
        "CPU/move mean ms": round(statistics.fmean(cpu)) if cpu else None,
        "clock tick ms": round(1000 * TICK_S),
        "errors": len(errors) + len(s.foreign),
        "isolated": not s.foreign,
    }


async def room(url: str, pids: list[int], n: int, seconds: float, interval: float, ramp: float,
               timeout: float, offset: int, lever: Lever) -> Room:
    """N people load the page (over ``ramp`` seconds), then each moves the lever every ``interval``
    seconds (±20%) for ``seconds``; returns what they measured."""
    out = Room(n)
    sessions = [Session(url, offset + i, lever) for i in range(n)]
    rng = random.Random(n)

    async def load(s: Session, delay: float) -> bool:
        await asyncio.sleep(delay)
        try:
            out.loads_s.append(await s.open(timeout))
            return True
        except (Failure, OSError, requests.RequestException, websockets.WebSocketException,
                asyncio.TimeoutError) as exc:
            out.errors.append(f"session {s.number}: load: {exc!r}")
            return False

    loaded = await asyncio.gather(*(load(s, ramp * i / n) for i, s in enumerate(sessions)))
    live = [s for s, ok in zip(sessions, loaded) if ok]
    await asyncio.sleep(1.0)  # the last loads' messages leave the server
    start_cpu, start = cpu_seconds(pids), time.monotonic()
    stop_at = start + seconds

    async def person(s: Session) -> None:
        await asyncio.sleep(rng.uniform(0, interval))
        i = 0
        while time.monotonic() < stop_at:
            t0 = time.monotonic()
            try:
                out.moves_ms.append(await s.move(s.value_for(i), timeout))
            except Failure as exc:
                out.errors.append(f"session {s.number}: move {i}: {exc}")
                return
            i += 1
            wait = interval * rng.uniform(0.8, 1.2) - (time.monotonic() - t0)
            if wait > 0:
                await asyncio.sleep(min(wait, max(0.0, stop_at - time.monotonic())))

    await asyncio.gather(*(person(s) for s in live))
    out.move_seconds = time.monotonic() - start
    out.cpu_s = cpu_seconds(pids) - start_cpu
    out.rss_mb = rss_mb(pids)
    for s in sessions:
        out.foreign.extend(f"session {s.number}: {m}" for m in s.foreign)
    await asyncio.gather(*(s.close() for s in sessions))
    return out


# --------------------------------------------------------------------------
# The servers
# --------------------------------------------------------------------------


@contextlib.contextmanager
def servers(args) -> tuple[str, list[int], list[str]]:
    """(URL, the pids whose CPU and memory count, each worker's own URL): the given server, or ones started
    here."""
    if args.url:
        yield args.url, args.pid, [args.url]
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.workers:
            from scripts.serve import Fleet

            with Fleet(args.workers, Path(tmp)) as fleet:
                yield fleet.url, fleet.pids, [f"http://127.0.0.1:{p}/" for p in fleet.ports]
        else:
            from tests.e2e.server import start_server

            server = start_server(Path(tmp) / "streamlit.log")
            try:
                yield server.url, [server.process.pid], [server.url]
            finally:
                server.stop()


async def warm(urls: list[str], timeout: float) -> None:
    """One visit and one move on each worker, directly: no room meets a worker still importing the app."""
    async def visit(url: str) -> None:
        s = Session(url, 60)
        try:
            await s.open(timeout)
            await s.move(s.value_for(296), timeout)
        finally:
            await s.close()

    await asyncio.gather(*(visit(u) for u in urls))


def table(rows: list[dict[str, object]]) -> str:
    keys = list(rows[0])
    cells = [[("–" if r[k] is None else "yes" if r[k] is True else "NO" if r[k] is False else str(r[k]))
              for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    lines = ["  ".join(k.rjust(w) for k, w in zip(keys, widths))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


async def bench(args) -> dict[str, object]:
    with servers(args) as (url, pids, workers):
        print(f"server: {url} (pids {' '.join(map(str, pids))})", flush=True)
        await warm(workers, args.timeout)
        alone = []
        for name in dict.fromkeys([args.lever, *LEVERS]):  # the rooms' lever first, then the other
            alone.append(await solo(url, pids, args.solo, args.warmup, args.timeout, LEVERS[name]))
            print("one person alone:", json.dumps(alone[-1], ensure_ascii=False), flush=True)
        rooms, offset = [], 1
        lever = LEVERS[args.lever]
        for n in args.sessions:
            r = await room(url, pids, n, args.seconds, args.interval, min(args.ramp, 0.1 * n), args.timeout, offset,
                           lever)
            offset += n
            rooms.append(r)
            print(table([r.row()]).splitlines()[-1] if len(rooms) > 1 else table([r.row()]), flush=True)
            for line in (r.errors + r.foreign)[:5]:
                print("   ", line, flush=True)
    return {"server": {"url": url, "workers": args.workers or (len(pids) if args.url else 1)}, "lever": args.lever,
            "solo": alone, "rooms": [r.row() for r in rooms],
            "problems": {str(r.sessions): (r.errors + r.foreign)[:20] for r in rooms}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", default="10,30,60", help="room sizes, comma-separated")
    ap.add_argument("--seconds", type=float, default=30.0, help="how long each room moves levers")
    ap.add_argument("--interval", type=float, default=3.0, help="seconds between one person's moves")
    ap.add_argument("--ramp", type=float, default=5.0, help="seconds over which a room's people arrive")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a load or a move may take")
    ap.add_argument("--solo", type=int, default=20, help="moves timed for one person alone")
    ap.add_argument("--warmup", type=int, default=3, help="moves before those, not counted")
    ap.add_argument("--workers", type=int, default=0, help="start this many servers behind nginx (make serve)")
    ap.add_argument("--url", help="a running app instead of starting one")
    ap.add_argument("--pid", type=int, action="append", default=[], help="its server process(es), with --url")
    ap.add_argument("--lever", choices=list(LEVERS), default="price",
                    help="what the rooms move: the front-end price (money, repriced) or churn (behaviour, simulated)")
    ap.add_argument("--out", default=str(ROOT / "build" / "app-load.json"))
    args = ap.parse_args(argv)
    args.sessions = [int(x) for x in args.sessions.split(",") if x.strip()]  # none: one person alone only
    if args.url and not args.pid:
        ap.error("--url needs --pid (the server processes whose CPU time and memory are measured)")
    if any(n < 1 or n > 61 for n in args.sessions):
        ap.error("room sizes are 1 to 61 (each session needs prices of its own)")
    t0 = time.monotonic()
    figures = asyncio.run(bench(args))
    figures["seconds"] = round(time.monotonic() - t0)
    print()
    print(table(figures["solo"]))
    if figures["rooms"]:
        print()
        print(table(figures["rooms"]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"(written to {out}; {figures['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
