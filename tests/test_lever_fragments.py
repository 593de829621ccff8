"""A lever move on the Simulate page reruns only what it changes (``appviews.sidebar.lever_moved``), through a
real server at the protocol level (the load benchmark's sessions, ``bench/app_load.py``).

What the move's answer must hold: the lever itself, the main area (numbers and charts), the Undo row
(now enabled) and the Download button (now the moved scenario's file); what it must not: the scenario
controls, the other levers of its group and the other groups, which stay as they are on screen. A
channel's share redraws its whole group (the caption adds the shares up). A change to the sidebar itself
(a channel added, inside a group's fragment) still reruns the whole page. Nothing here is timed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import run_async
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.app_load import LEVERS, Lever, Run, Session  # noqa: E402
from presentation.share import encode_scenario  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from tests.e2e.server import start_server  # noqa: E402

SHARE = Lever("share", "Share of buyers · Search ads", None, ("acquisition", "channels", 0, "share"), 100.0, "money")
"""which_fish_pond's first channel's share (in percent): the acquisition group, open on arrival."""


@dataclass
class Drawn:
    """The elements one run sent, by kind, with the labels (and a few fields) the tests read."""

    status: int | None = None
    labels: dict[str, list[str]] = field(default_factory=dict)
    buttons: dict[str, tuple[str, bool, str]] = field(default_factory=dict)  # label → (id, disabled, fragment)
    download_url: str | None = None


class Watching(Session):
    """A session that also notes every element of its last run."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.drawn = Drawn()

    async def _run(self, msg, timeout: float) -> Run:
        self.drawn = Drawn()
        run = await super()._run(msg, timeout)
        self.drawn.status = run.status
        return run

    def _read_delta(self, delta, run: Run) -> None:
        super()._read_delta(delta, run)
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        body = getattr(el, kind)
        label = body.body if kind == "markdown" else getattr(body, "label", "")  # a caption: its text
        self.drawn.labels.setdefault(kind, []).append(label)
        if kind == "button":
            self.drawn.buttons[label] = (body.id, body.disabled, delta.fragment_id)
        elif kind == "download_button":
            self.drawn.download_url = body.url

    async def click(self, label: str, timeout: float) -> None:
        """Press the button ``label`` drawn in the last run, as a click does (naming the fragment it was drawn in,
        as the browser does)."""
        widget_id, disabled, fragment = self.drawn.buttons[label]
        assert not disabled, f"{label} is disabled"
        msg = self._rerun()
        msg.rerun_script.fragment_id = fragment
        state = msg.rerun_script.widget_states.widgets.add()
        state.id, state.trigger_value = widget_id, True
        await self._run(msg, timeout)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("fragments") / "streamlit.log")
    yield srv
    srv.stop()


async def _moved_price(url: str) -> tuple[Watching, Drawn, str]:
    s = Watching(url, 7, LEVERS["price"])
    await s.open(timeout=120)
    first = s.drawn
    await s.move(s.value_for(0), timeout=120)
    moved = s.drawn
    downloaded = s.http.get(s.base_url + moved.download_url.lstrip("/"), timeout=30).text
    await s.close()
    return first, moved, downloaded, s


def test_a_price_move_redraws_its_group_the_numbers_undo_and_download_only(server):
    first, moved, downloaded, s = run_async(_moved_price(server.url))
    assert first.status == ForwardMsg.FINISHED_SUCCESSFULLY
    assert "selectbox" in first.labels and first.buttons["Undo"][1] is True  # the whole page, nothing to undo yet
    assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, server.log()[-2000:]
    # the lever's group and the main area came back ...
    assert s.lever.label in moved.labels["slider"] and s.foreign == []
    assert len(moved.labels.get("vega_lite_chart", [])) == len(first.labels["vega_lite_chart"])
    # ... with Undo now enabled and the Download button holding the moved scenario
    assert moved.buttons["Undo"][1] is False
    assert yaml.safe_load(downloaded)["front_end"]["price"] == pytest.approx(s.value_for(0))
    # ... and nothing else: no scenario controls (the preset select box, the language), no other lever
    assert "selectbox" not in moved.labels and "button_group" not in moved.labels
    assert moved.labels["slider"] == [s.lever.label], moved.labels["slider"]
    assert moved.labels["number_input"] == [s.lever.label]
    assert len(first.labels["slider"]) > 3, "the first page drew the open groups' levers"


def test_a_churn_move_redraws_only_churn_in_its_group(server):
    async def go():
        s = Watching(server.url, 11, LEVERS["churn"])
        await s.open(timeout=120)  # opens the Retention group: its levers drawn
        group = list(s.drawn.labels["slider"])
        await s.move(s.value_for(0), timeout=120)
        moved = s.drawn
        await s.close()
        return s, group, moved

    s, group, moved = run_async(go())
    assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert s.foreign == []  # the churn slider drawn afresh holds the typed value, and so does the address
    assert len(group) > 1 + 3, "the Retention group drew more levers than churn"
    assert moved.labels["slider"] == [s.lever.label]


def test_a_share_move_redraws_its_whole_group_for_the_caption(server):
    async def go():
        s = Watching(server.url, 12, SHARE)
        s.query = "lang=en&s=" + encode_scenario(load_scenario(ROOT / "scenarios" / "which_fish_pond.yaml"))
        s.value = s.lever.in_address(s.query)  # the page keeps an address that already holds its scenario
        await s.open(timeout=120)
        first = s.drawn
        await s.move(45.0, timeout=120)
        moved = s.drawn
        await s.close()
        return first, moved, s.foreign

    first, moved, foreign = run_async(go())
    assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert foreign == []  # the share's slider and the address hold 45%
    shares = [label for label in first.labels["slider"] if label.startswith("Share of buyers")]
    assert len(shares) == 3  # one per channel but the last, which takes the rest
    assert [label for label in moved.labels["slider"] if label.startswith("Share of buyers")] == shares
    assert any("45" in text for text in moved.labels.get("markdown", [])), moved.labels.get("markdown")
    assert "selectbox" not in moved.labels  # still a fragment's run: not the whole page


def test_undo_after_a_fragment_move_brings_the_price_back(server):
    async def go():
        s = Watching(server.url, 8, LEVERS["price"])
        await s.open(timeout=120)
        start = s.value
        await s.move(s.value_for(0), timeout=120)
        await s.click("Undo", timeout=120)
        after = s.drawn, s.value
        await s.close()
        return start, after

    start, (drawn, value) = run_async(go())
    assert drawn.status == ForwardMsg.FINISHED_SUCCESSFULLY  # Undo (drawn in a fragment) reruns the whole page
    assert value == pytest.approx(start)


def test_adding_a_channel_inside_a_group_reruns_the_whole_page(server):
    async def go():
        s = Watching(server.url, 9, LEVERS["price"])
        await s.open(timeout=120)
        sliders = len(s.drawn.labels["slider"])
        await s.click("Add a channel", timeout=120)
        drawn = s.drawn
        await s.close()
        return sliders, drawn

    sliders, drawn = run_async(go())
    assert drawn.status == ForwardMsg.FINISHED_SUCCESSFULLY, "a channel added must redraw the whole sidebar"
    assert "selectbox" in drawn.labels
    assert len(drawn.labels["slider"]) > sliders  # the new channel's levers are drawn
