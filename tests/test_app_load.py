"""The load benchmark's sessions (``bench/app_load.py``) against a real server, at the protocol level.

No browser: each session speaks Streamlit's websocket protocol. The server is the app itself
(``streamlit run app.py``), so these tests also check the truth the benchmark relies on: several
sessions typing different prices at once each get their own scenario back, in the widgets drawn
and in the address written. Nothing here is timed.
"""

from __future__ import annotations

import asyncio

from conftest import run_async
import sys
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from presentation import share
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.app_load import LEVERS, Run, Session, pct  # noqa: E402
from tests.e2e.server import start_server  # noqa: E402

PETER = ROOT / "scenarios" / "peter_english_school.yaml"


def _address_with_price(price: float) -> ForwardMsg:
    """The message a server sends when it writes the address: here, Peter's school at ``price``."""
    scenario = load_scenario(PETER)
    moved = scenario.model_copy(update={"front_end": scenario.front_end.model_copy(update={"price": price})})
    fm = ForwardMsg()
    fm.page_info_changed.query_string = f"lang=en&s={share.encode_scenario(moved)}"
    return fm


def test_the_isolation_check_notices_another_sessions_price():
    s = Session("http://127.0.0.1:1/", 3)
    typed = s.value_for(0)
    s._read(_address_with_price(typed).SerializeToString(), Run())
    s.check(Run(slider=typed), typed)
    assert s.foreign == []
    s._read(_address_with_price(typed + 10).SerializeToString(), Run())  # the address holds another price
    s.check(Run(slider=typed), typed)
    s.check(Run(slider=typed + 10), typed)  # the slider shows another price
    assert len(s.foreign) == 3


def test_each_session_types_prices_no_other_session_types():
    values = {n: {Session("http://x/", n).value_for(m) for m in range(297)} for n in range(61)}
    assert all(len(v) == 297 for v in values.values())  # never the same value twice
    seen: set[float] = set()
    for v in values.values():
        assert not v & seen
        seen |= v
    assert all(0 < x <= 2000 for x in seen)  # within the price slider's range


def test_each_session_types_churn_values_no_other_session_types():
    values = {n: {Session("http://x/", n, LEVERS["churn"]).value_for(m) for m in range(29)} for n in range(61)}
    assert all(len(v) == 29 for v in values.values())
    seen: set[float] = set()
    for v in values.values():
        assert not v & seen
        seen |= v
    assert all(0 < x < 100 for x in seen)  # churn in percent


def test_pct_is_the_nearest_rank():
    xs = list(range(1, 101))
    assert (pct(xs, 0.5), pct(xs, 0.95), pct(xs, 1.0), pct([7], 0.95), pct([], 0.5)) == (50, 95, 100, 7, None)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("load") / "streamlit.log")
    yield srv
    srv.stop()


async def _person(url: str, n: int, lever=LEVERS["price"], moves: int = 2) -> Session:
    """Session ``n`` loads the page and moves ``lever`` ``moves`` times."""
    s = Session(url, n, lever)
    try:
        await s.open(timeout=120)
        for move in range(moves):
            await s.move(s.value_for(move), timeout=120)
    finally:
        await s.close()
    return s


def test_sessions_moving_levers_at_once_each_see_only_their_own(server):
    async def room() -> list[Session]:
        return await asyncio.gather(*(_person(server.url, n) for n in (1, 2, 3)))

    sessions = run_async(room())
    for s in sessions:
        assert s.foreign == [], server.log()[-2000:]
        assert s.value == s.value_for(1)  # the address of each holds the last price it typed


def test_a_behaviour_lever_in_a_closed_group_is_opened_and_moved(server):
    """The churn lever sits in the Retention group, closed at first: the session opens it, then types churn."""
    s = run_async(_person(server.url, 4, LEVERS["churn"]))
    assert s.foreign == [], server.log()[-2000:]
    assert s.value == pytest.approx(s.value_for(1))  # the address holds the churn typed, as a share
