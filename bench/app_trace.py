"""Where a key press on a lever spends its time, in a real headless Chromium: the server's side and the page's.

Usage: ``.venv/bin/python bench/app_trace.py [--presses 16] [--profile]``

Starts ``streamlit run app.py`` with a probe (a ``sitecustomize`` on the server's ``PYTHONPATH`` that
notes, in ``CLOCK_MONOTONIC``, when the app enqueued each message and when the server sent it), opens the
default preset, and presses the right arrow on its front-end price ``--presses`` times (after three
presses not counted). For each press it relates, in milliseconds after the key went down:

* the page's own stamps (:data:`tests.e2e.helpers.INSTRUMENT`): numbers changed, charts redrawn, run
  finished;
* when the page sent the new value, and when its script received the first, the tenth and the last
  message of the answer (a wrapped ``WebSocket``, in the page's clock);
* when the server enqueued the first message, finished the run and sent the last message.

and prints the medians. The gap between the server's last send and the page's last receipt is the
browser's main thread being busy with the messages before. ``--profile`` adds a JavaScript CPU profile
of the presses (Chrome's own, over CDP): milliseconds per press by script file, inclusive of what each
calls (React, Streamlit's element chunks, Vega). The profiler slows the page; read its shares, not its
times. A diagnostic, not a benchmark with targets: ``make bench-browser`` judges those.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.helpers import INSTRUMENT, VIEWPORT, press_and_time, wait_ready  # noqa: E402
from tests.e2e.server import CHROMIUM_ARGS, chromium_path, start_server  # noqa: E402

PRICE = "Price · Intro course"

PROBE = '''
import os, sys, time
_log = open(os.environ["FUNNEL_TRACE_LOG"], "a", buffering=1)


def _patch_session(module):
    enqueue = module.AppSession._enqueue_forward_msg

    def traced(self, msg):
        _log.write(f"E {time.monotonic():.6f} {msg.WhichOneof('type')}\\n")
        return enqueue(self, msg)

    module.AppSession._enqueue_forward_msg = traced


def _patch_runtime(module):
    send = module.Runtime._send_message

    def traced(self, info, msg):
        out = send(self, info, msg)
        _log.write(f"S {time.monotonic():.6f} {msg.WhichOneof('type')}\\n")
        return out

    module.Runtime._send_message = traced


import importlib.abc, importlib.machinery
_TARGETS = {"streamlit.runtime.app_session": _patch_session, "streamlit.runtime.runtime": _patch_runtime}


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in _TARGETS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module

        def exec_module(module, _run=run, _name=name):
            _run(module)
            _TARGETS[_name](module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Hook())
'''
"""The server's probe: Streamlit's own enqueue and send, wrapped to note their times (nothing else changes)."""

SOCKET = """(() => { const W = window.__ws = []; const O = window.WebSocket;
  window.WebSocket = function (...a) { const s = new O(...a);
    s.addEventListener('message', () => W.push([performance.now(), 1]));
    const send = s.send.bind(s); s.send = (d) => { W.push([performance.now(), 0]); return send(d); }; return s; };
  window.WebSocket.prototype = O.prototype; Object.assign(window.WebSocket, O); })();"""
"""The page's side: when its script sends a message and when it receives each one."""


def _server_times(log: Path, key: float) -> dict[str, float] | None:
    """The server's enqueue and send times within 0.6 s after the key press (monotonic seconds), in ms after it."""
    rows = [line.split() for line in log.read_text().splitlines() if line.strip()]
    near = [(kind, 1000 * (float(t) - key), what) for kind, t, what in rows if 0 < float(t) - key < 0.6]
    enq = [t for kind, t, _ in near if kind == "E"]
    sent = [t for kind, t, _ in near if kind == "S"]
    finished = [t for kind, t, what in near if kind == "E" and what == "script_finished"]
    if not enq or not sent or not finished:
        return None
    return {"server first enqueue": enq[0], "server run finished": finished[0], "server last send": max(sent)}


def _profile_table(profile: dict, presses: int, top: int = 15) -> list[tuple[float, str]]:
    """Milliseconds per press by script file, inclusive (each sample counted once for every file on its stack)."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    spent = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"][1:] + [0]):
        spent[sample] += delta / 1000
    by_file = collections.Counter()
    for node_id, ms in spent.items():
        files, walk = set(), node_id
        while walk is not None:
            frame = nodes[walk]["callFrame"]
            files.add(frame["url"].rsplit("/", 1)[-1] or frame["functionName"])
            walk = parent.get(walk)
        for name in files:
            by_file[name] += ms / presses
    return [(ms, name) for name, ms in by_file.most_common(top) if name not in ("(root)", "(idle)")]


def trace(presses: int, profile: bool) -> None:
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("error: Debian's chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "probe").mkdir()
        (tmp / "probe" / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
        log = tmp / "trace.log"
        log.touch()
        os.environ["FUNNEL_TRACE_LOG"] = str(log)
        server = start_server(tmp / "streamlit.log", python_path=(tmp / "probe",))
        rows, prof = [], None
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport=VIEWPORT, locale="en-US")
                page = context.new_page()
                page.add_init_script(SOCKET)
                page.add_init_script(INSTRUMENT)
                page.goto(f"{server.url}?lang=en")
                wait_ready(page)
                page.get_by_role("slider", name=PRICE).focus()
                cdp = None
                for i in range(presses + 3):
                    if profile and i == 3:
                        cdp = context.new_cdp_session(page)
                        cdp.send("Profiler.enable")
                        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
                        cdp.send("Profiler.start")
                    page.evaluate("window.__ws.length = 0")
                    before = time.monotonic()
                    now = page.evaluate("performance.now()")
                    offset = (before + time.monotonic()) / 2 - now / 1000  # the page's clock to monotonic
                    try:
                        lat = press_and_time(page, "ArrowRight")
                    except Exception as exc:  # a press whose run the page never saw finish: not counted
                        print(f"press {i + 1}: {type(exc).__name__}, not counted", flush=True)
                        continue
                    if i < 3:
                        continue
                    stamps, socket = page.evaluate("window.__lat"), page.evaluate("window.__ws")
                    key = stamps["keydown"]
                    received = [t - key for t, incoming in socket if incoming]
                    sent = [t - key for t, incoming in socket if not incoming]
                    row = {"numbers": lat["numbers"], "numbers and charts": lat["update"], "run finished": lat["run"],
                           "page sent the value": sent[0] if sent else float("nan"),
                           "page got the first message": received[0],
                           "page got the tenth": received[min(9, len(received) - 1)],
                           "page got the last": received[-1], "messages": float(len(received))}
                    server_side = _server_times(log, key / 1000 + offset)
                    if server_side:
                        row.update(server_side)
                    rows.append(row)
                if cdp is not None:
                    prof = cdp.send("Profiler.stop")["profile"]
                browser.close()
        finally:
            server.stop()
    if not rows:
        raise SystemExit("no press was timed")
    print(f"{len(rows)} key presses on {PRICE!r}, milliseconds after the key went down (median):")
    for name in rows[0]:
        values = [r[name] for r in rows if name in r]
        print(f"  {name:<30} {statistics.median(values):7.0f}")
    if prof is not None:
        print("JavaScript, ms per press by script file (inclusive; under the profiler):")
        for ms, name in _profile_table(prof, len(rows)):
            print(f"  {ms:7.1f}  {name}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=16, help="key presses timed (after three not counted)")
    ap.add_argument("--profile", action="store_true", help="also profile the page's JavaScript over the presses")
    args = ap.parse_args(argv)
    if args.presses < 1:
        ap.error("--presses must be ≥ 1")
    trace(args.presses, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
