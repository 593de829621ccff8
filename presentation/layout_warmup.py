"""The Simulate page's chart layouts, built at install time (``make app``'s and ``make test``'s set-up).

A server reads the layouts its charts need from disk (:func:`presentation.charts.layout_spec`), without
Altair; the first server on a machine found none and built them, and its first visitor waited for Altair's
import and the builds (issue 12's cold first load on a fresh install: about 0.5 s of the server's CPU).
:func:`keep` builds them beforehand, as the app draws them: each preset alone, in each language, at the
app's own run size and seed (a layout's key holds what the run brings to it: the currency, the period
length, the sources that earn or cost). Compare mode's layouts, and those of a scenario a person makes,
are still built when first drawn.

Run it with ``python -m presentation.layout_warmup`` (the Makefile does, once per install).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from simulator.engine import simulate
from simulator.scenario import Scenario

from . import charts, i18n, levers

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def keep(scenarios: Iterable[Scenario], langs: Iterable[str] = tuple(i18n.LANGS)) -> int:
    """Build (or find on disk) the layouts of every chart of the Simulate page for each scenario alone, in
    each language. Returns how many distinct layouts there are."""
    langs = tuple(langs)
    kept = set()
    for scenario in scenarios:
        sizes = levers.run_sizes(scenario)
        result = simulate(scenario, rng=levers.effective_seed(scenario), customers=sizes.customers,
                          replicates=sizes.replicates)
        for lang in langs:
            for figure in charts.figures({i18n.t(lang, "label_one"): result}, lang).values():
                charts.layout_spec(figure.name, figure.key)
                kept.add((figure.name, figure.key))
    return len(kept)


def presets(folder: Path = SCENARIOS) -> list[Scenario]:
    """The presets the app offers (:func:`presentation.levers.load_presets`: a file that fails is left out, as the
    app leaves it out)."""
    good, _bad = levers.load_presets(folder)
    return [preset.scenario for preset in good]


def main() -> int:
    n = keep(presets())
    print(f"chart layouts kept: {n}, under {charts.layouts_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
