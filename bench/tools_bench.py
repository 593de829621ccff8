"""How long the workshop tools and the calibration take, at each preset's own sample size.

Usage: ``make bench-tools`` (or ``.venv/bin/python bench/tools_bench.py [--repeats 3]``).

For a few presets: one simulation, max affordable CAC (from that run, as the app does),
the channel comparison, lever sensitivity (at the app's 100 replicates) and the HTML report;
then fitting the whole CDNOW log (CSV to scenario) when ``../shared/data/cdnow/`` is there.
Medians of ``--repeats`` runs, in seconds, measured in this one process (sensitivity also in the
process's CPU seconds). The process keeps its freed arrays mapped, as the app does
(:mod:`simulator.allocator`); ``BENCH_ALLOCATOR=default`` leaves glibc's defaults.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.allocator import keep_freed_memory  # noqa: E402
from simulator.channels import compare_channels  # noqa: E402
from simulator.engine import simulate  # noqa: E402
from simulator.max_cac import max_affordable_cac  # noqa: E402
from presentation import browser_charts  # noqa: E402
from presentation.report import build_report  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from simulator.sensitivity import sensitivity  # noqa: E402

PRESETS = ("peter_english_school", "affiliate_web_host", "consulting_clv_trinity", "which_fish_pond")
CDNOW = ROOT.parent / "shared" / "data" / "cdnow" / "CDNOW_master.txt"


def median_time(fn, repeats: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeats):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if os.environ.get("BENCH_ALLOCATOR") != "default":
        keep_freed_memory()  # as the app and the command line do (simulator.allocator)
    t0 = time.perf_counter()
    bundle_kb = len(browser_charts.bundle()) // 1024  # the report's Vega bundle: built once per machine, then on disk
    bundle_s = time.perf_counter() - t0
    n = args.repeats
    print(f"Workshop tools, median of {n} runs (seconds), each preset at its own size")
    print(f"{'preset':26s} {'size':>12s} {'run':>6s} {'max-cac':>8s} {'channels':>9s} {'sensitivity':>12s} "
          f"{'(cpu)':>6s} {'report':>7s}")
    for name in PRESETS:
        s = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        sim = s.simulation
        run = median_time(lambda: simulate(s), n)
        result = simulate(s)
        mc = median_time(lambda: max_affordable_cac(s, confidence=0.8, result=result), n)
        ch = median_time(lambda: compare_channels(s), n) if len(s.acquisition.channels) > 1 else None
        sens = median_time(lambda: sensitivity(s, replicates=min(sim.replicates, 100)), n)
        # the process's CPU seconds too: on a shared, busy machine the steadier measure
        sens_cpu = median_time(lambda: sensitivity(s, replicates=min(sim.replicates, 100)), n, time.process_time)
        rep = median_time(lambda: build_report(s), max(1, n - 1))
        ch_text = f"{ch:9.2f}" if ch is not None else f"{'-':>9s}"
        print(f"{name:26s} {sim.customers:>5,}×{sim.replicates:<6,} {run:6.2f} {mc:8.3f} {ch_text} {sens:12.2f} "
              f"{sens_cpu:6.2f} {rep:7.2f}")
    if CDNOW.exists():
        from simulator.calibration import fit_data

        data = CDNOW.read_bytes()
        fit = median_time(lambda: fit_data(data, period="week", calibration_end="1997-09-30",
                                           filename=CDNOW.name), n)
        print(f"\nCDNOW ({len(data.splitlines()):,} lines): CSV to fitted scenario, weekly, {fit:.2f} s")
    else:
        print(f"\nCDNOW data not found at {CDNOW}: fit timing skipped")
    print(f"\nreport: charts drawn by the reader's browser; its Vega bundle ({bundle_kb:,} KB, in each file) "
          f"taken in {bundle_s:.2f} s before the timings ({browser_charts._bundle_path(browser_charts.SNIPPET)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
