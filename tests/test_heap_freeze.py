"""A server freezes its heap once, after its first page (``appviews.runs.freeze_heap``); tests never do.

Frozen objects (``gc.freeze``) are left out of Python's full collections, which every session waits for.
The app's tests run the app in this very process (AppTest, a mocked runtime): freezing it there would keep
the test run's cyclic garbage for good, so only a real Streamlit server freezes.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from appviews import runs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_flag(monkeypatch):
    monkeypatch.setattr(runs, "_heap_frozen", False)
    yield
    gc.unfreeze()


def test_a_server_freezes_once_and_later_objects_stay_collectable(fresh_flag, monkeypatch):
    monkeypatch.setattr(runs, "serving", lambda: True)
    before = gc.get_freeze_count()
    assert runs.freeze_heap() is True
    frozen = gc.get_freeze_count()
    assert frozen > before  # what was alive went to the permanent generation
    assert runs.freeze_heap() is False and gc.get_freeze_count() == frozen  # once per process

    class Cycle:
        """Two of these referring to each other: garbage only the cyclic collector frees."""

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a  # garbage made after the freeze: still collected
    del a, b
    assert gc.collect() >= 2
    assert gc.get_freeze_count() == frozen


def test_the_app_in_a_test_runtime_freezes_nothing(fresh_flag):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert gc.get_freeze_count() == 0 and runs._heap_frozen is False
    assert runs.serving() is False  # AppTest's runtime is a mock, not a server
