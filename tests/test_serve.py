"""``make serve``: N Streamlit workers behind Debian's nginx, with sticky sessions (``scripts/serve.py``).

Needs nginx (``.ci/run`` installs it); without it the tests skip with a message on a developer's
machine, and fail when ``CI`` is ``"true"``. Nothing here is timed.
"""

from __future__ import annotations

import asyncio
import time

from conftest import run_async
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import requests
import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.app_load import Session  # noqa: E402
from scripts.serve import Fleet, nginx_conf, nginx_path, static_dir  # noqa: E402

VISITORS = 16  # with 2 workers, all on one by chance: 2 × 2^-16


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    if nginx_path() is None:
        message = "nginx is not installed (apt-get install nginx)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the serve tests cannot run in CI: {message}", pytrace=False)
        pytest.skip(f"serve tests skipped: {message}")
    with Fleet(2, tmp_path_factory.mktemp("serve")) as f:
        yield f


def test_the_configuration_lists_every_worker(tmp_path):
    conf = nginx_conf("127.0.0.1:9000", [9101, 9102, 9103], tmp_path)
    assert not re.search(r"@[A-Z]+@", conf)  # every field filled
    assert all(f"server 127.0.0.1:{p} " in conf for p in (9101, 9102, 9103))
    assert "listen 127.0.0.1:9000;" in conf and f"pid {tmp_path}/nginx.pid;" in conf


def test_streamlits_front_end_comes_from_nginx_compressed(fleet):
    """The page's JavaScript and CSS are the same files for every worker: nginx serves them from Streamlit's
    package, gzipped, and no worker sees the request."""
    page = requests.get(fleet.url + "?lang=en", timeout=30).text
    assets = re.findall(r'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"', page)
    assert assets, page[:500]
    for path in assets:
        r = requests.get(fleet.url + path, headers={"Accept-Encoding": "gzip"}, timeout=30)
        assert r.status_code == 200 and r.content, path
        if len(r.content) >= 1024:  # the smallest are sent as they are
            assert r.headers.get("Content-Encoding") == "gzip", (path, r.headers)
        kind = "application/javascript" if path.endswith(".js") else "text/css"
        assert r.headers.get("Content-Type", "").startswith(kind), (path, r.headers)  # a module script needs it
        assert "immutable" in r.headers.get("Cache-Control", ""), path
        assert r.content == (static_dir().parent / path).read_bytes()  # the package's own file, whole
    for _ in range(50):
        lines = [ln for ln in fleet.access_log.read_text().splitlines() if any(f"/{p} " in ln for p in assets)]
        if len(lines) >= len(assets):
            break
        time.sleep(0.1)
    assert lines and all(ln.split()[2] == "-" for ln in lines), lines  # no upstream: no worker served them


def _routes(fleet: Fleet) -> dict[str, set[str]]:
    """nginx's access log: each visitor's routing key → the workers that served it."""
    routes: dict[str, set[str]] = defaultdict(set)
    for line in fleet.access_log.read_text().splitlines():
        _time, key, upstream, *_rest = line.split()
        routes[key].add(upstream)
    return routes


def test_each_visitor_stays_on_one_worker_and_visitors_spread(fleet):
    async def visit() -> str:
        http = requests.Session()
        r = http.get(fleet.url + "?lang=en", timeout=30)
        r.raise_for_status()
        cookie = http.cookies.get("st_worker")
        assert cookie, "nginx gives a new visitor its routing cookie"
        http.get(fleet.url + "_stcore/host-config", timeout=30).raise_for_status()
        headers = {"Cookie": "; ".join(f"{c.name}={c.value}" for c in http.cookies)}
        async with websockets.connect(fleet.url.replace("http", "ws") + "_stcore/stream", subprotocols=["streamlit"],
                                      additional_headers=headers):
            pass
        r = http.get(fleet.url + "_stcore/health", timeout=30)
        assert "st_worker" not in r.headers.get("Set-Cookie", "")  # given once
        return cookie

    async def visits() -> list[str]:
        return await asyncio.gather(*(visit() for _ in range(VISITORS)))

    cookies = run_async(visits())
    fleet_ports = {f"127.0.0.1:{p}" for p in fleet.ports}
    for _ in range(50):  # nginx writes a websocket's line when it closes
        routes = _routes(fleet)
        if all(k in routes for k in cookies):
            break
        time.sleep(0.1)
    served = [routes[k] for k in cookies]
    assert all(len(workers) == 1 for workers in served), served  # page, files and websocket on one worker
    assert set().union(*served) == fleet_ports  # a room from one address is spread over the workers


def test_sessions_through_nginx_load_and_move_levers_each_seeing_their_own(fleet):
    async def person(n: int) -> Session:
        s = Session(fleet.url, n)
        try:
            await s.open(timeout=120)
            await s.move(s.value_for(0), timeout=120)
        finally:
            await s.close()
        return s

    async def room() -> list[Session]:
        return await asyncio.gather(*(person(n) for n in range(1, 5)))

    for s in run_async(room()):
        assert s.foreign == []
        assert s.value == s.value_for(0)
