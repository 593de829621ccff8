"""Chart layouts kept on disk (:func:`presentation.charts.layout_spec`): the same dict Altair builds, read back by
the next process without importing Altair; a missing, broken or unwritable file only means building it again."""

from __future__ import annotations

import json

import pytest

from presentation import charts, levers
from simulator.engine import simulate
from simulator.scenario import load_scenario

from tests.test_app import SCENARIOS


@pytest.fixture(scope="module")
def runs():
    one = simulate(load_scenario(SCENARIOS / levers.DEFAULT_PRESET).model_copy(update={"customers": 200,
                                                                                      "replicates": 20}), rng=7)
    return one


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FUNNEL_CACHE_DIR", str(tmp_path))
    charts.layout_spec.cache_clear()
    yield tmp_path
    charts.layout_spec.cache_clear()


def _figures(runs):
    """Every layout of the Simulate page, in both languages, one run and compare mode."""
    for lang in ("en", "zh"):
        for pair in ({"Now": runs}, {"A": runs, "B": runs}):
            yield from charts.figures(pair, lang).values()


def test_a_kept_layout_is_the_one_altair_builds(runs, cache):
    figures = list(_figures(runs))
    for fig in figures:
        built = charts._LAYOUTS[fig.name](*fig.key).to_dict(validate=False)
        assert charts.layout_spec(fig.name, fig.key) == built
        path = charts.layout_path(fig.name, fig.key)
        assert path.is_relative_to(cache) and json.loads(path.read_text(encoding="utf-8")) == built
    charts.layout_spec.cache_clear()  # as a new process: read from disk
    for fig in figures:
        assert charts.layout_spec(fig.name, fig.key) == charts._LAYOUTS[fig.name](*fig.key).to_dict(validate=False)
    assert len({charts.layout_path(f.name, f.key) for f in figures}) == len({(f.name, f.key) for f in figures})


def test_a_broken_file_is_built_again(runs, cache):
    fig = next(_figures(runs))
    path = charts.layout_path(fig.name, fig.key)
    path.parent.mkdir(parents=True)
    path.write_text('{"cut short', encoding="utf-8")
    built = charts._LAYOUTS[fig.name](*fig.key).to_dict(validate=False)
    assert charts.layout_spec(fig.name, fig.key) == built
    assert json.loads(path.read_text(encoding="utf-8")) == built  # written whole this time


def test_a_folder_that_cannot_be_written_is_no_error(runs, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FUNNEL_CACHE_DIR", str(blocker))
    charts.layout_spec.cache_clear()
    try:
        fig = next(_figures(runs))
        assert charts.layout_spec(fig.name, fig.key) == charts._LAYOUTS[fig.name](*fig.key).to_dict(validate=False)
    finally:
        charts.layout_spec.cache_clear()


def test_layouts_of_older_code_are_removed(runs, cache):
    older = cache / "layouts-0123456789abcdef"
    older.mkdir()
    (older / "cash-old.json").write_text("{}", encoding="utf-8")
    fig = next(_figures(runs))
    charts.layout_spec(fig.name, fig.key)
    assert not older.exists() and charts.layout_path(fig.name, fig.key).exists()


def test_other_altair_means_other_files(monkeypatch):
    """Layouts built by another Altair (or Babel, or other code in presentation/) are never read back."""
    charts._layouts_version.cache_clear()
    here = charts._layouts_version()
    real = charts.metadata.version
    monkeypatch.setattr(charts.metadata, "version", lambda name: "0.0-other" if name == "altair" else real(name))
    charts._layouts_version.cache_clear()
    try:
        assert charts._layouts_version() != here
    finally:
        monkeypatch.undo()
        charts._layouts_version.cache_clear()


def test_a_key_only_this_process_can_name_is_not_kept():
    assert charts.layout_path("cash", ("en", object())) is None
    assert charts.layout_path("cash", ("en", "¥", 12, ("A", "B"))) is not None
