"""Engine benchmark (``make bench``): throughput, ratio to the random-number floor, peak memory.

Runs the fixed all-features scenario (bench/all_features.yaml: 3-rung ladder
with a downsell and a per-period plan, subscription with heterogeneity, save
offer, loyalty, upsell fatigue, repeat purchases, referrals, uncertain inputs;
60 monthly periods) at several sizes up to 20 million customer-lifetimes.

Each size runs in its own subprocess, pinned to one core, so its peak memory
(max RSS) is its own. For each size it reports the median of several runs of

* the engine: ``simulate(scenario, customers=n, replicates=r)``;
* the floor: the time numpy needs, in the same process, to draw ten uniform
  random numbers per customer-lifetime (in chunks of the engine's chunk size);

and their ratio. ``Beta s`` is the time numpy's ``Generator.beta`` alone needs for one
draw per customer-lifetime (the per-customer churn under heterogeneity): the largest
single cost inside the engine. The machine is shared and noisy: read the ratio, and the
medians, not single runs.

In the same run, the reference model (bench/reference.py: the same funnel as a per-customer,
per-period Python loop) simulates a small size in its own pinned subprocess; its ns per
lifetime and the engine's speed-up over it are printed. A last line sets the figures against
issue 12's targets (>= 10M lifetimes/s, <= 5x the floor, peak < 1 GB, time linear in
customers x replicates).

``BENCH_SIZES=2000x100,20000x1000`` (customers x replicates, comma-separated) picks other sizes
for a quick look; ``BENCH_REFERENCE=2000x5`` the reference's size (``0`` skips it).

Each measuring process keeps its freed arrays mapped, as the app and the command line do
(:func:`simulator.allocator.keep_freed_memory`); ``BENCH_ALLOCATOR=default`` leaves glibc's
defaults, to see what that setting is worth.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "bench" / "all_features.yaml"
SIZES = [(2_000, 100), (2_000, 1_000), (10_000, 1_000), (1_000_000, 10), (20_000, 1_000)]
REFERENCE_SIZE = (2_000, 5)
"""The reference model's size: about 10,000 lifetimes (some seconds of pure Python)."""
TARGET_PER_SECOND = 10e6
TARGET_FLOOR_RATIO = 5.0
TARGET_PEAK_MB = 1024.0
LINEAR_SPREAD = 1.25
"""Time is called linear when ns per lifetime varies by less than this factor over the sizes of >= 1M lifetimes."""


def _sizes(text: str | None, default):
    """``"2000x100,20000x1000"`` as [(2000, 100), (20000, 1000)]; ``default`` when unset."""
    if not text:
        return default
    out = []
    for part in text.split(","):
        n, r = part.lower().split("x")
        out.append((int(n), int(r)))
    return out


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2]


def _timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(customers: int, replicates: int, repeats: int) -> dict:
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from simulator.allocator import keep_freed_memory
    from simulator.engine import CHUNK_CUSTOMERS, simulate
    from simulator.scenario import load_scenario

    if os.environ.get("BENCH_ALLOCATOR") != "default":
        keep_freed_memory()  # as the app and the command line do (simulator.allocator)
    scenario = load_scenario(SCENARIO)
    lifetimes = customers * replicates
    engine, floor, beta = [], [], []
    # per-customer churn under heterogeneity 0.3 at the mean churn 0.07: Beta(α, β) per lifetime
    alpha, beta_ = 0.07 * (1 / 0.3 - 1), 0.93 * (1 / 0.3 - 1)
    for i in range(repeats):
        engine.append(_timed(lambda: simulate(scenario, rng=np.random.default_rng(i), customers=customers,
                                              replicates=replicates)))
        rng = np.random.default_rng(i)

        def uniforms():
            left = 10 * lifetimes
            while left > 0:
                k = min(left, 10 * CHUNK_CUSTOMERS)
                rng.random(k)
                left -= k

        def betas():
            left = lifetimes
            while left > 0:
                k = min(left, CHUNK_CUSTOMERS)
                rng.beta(alpha, beta_, k)
                left -= k

        floor.append(_timed(uniforms))
        beta.append(_timed(betas))
    t, f = _median([w for w, _ in engine]), _median([w for w, _ in floor])
    tc, fc = _median([c for _, c in engine]), _median([c for _, c in floor])
    return {
        "customers": customers,
        "replicates": replicates,
        "lifetimes": lifetimes,
        "engine_s": t,
        "floor_s": f,
        "engine_cpu_s": tc,
        "floor_cpu_s": fc,
        "per_second": lifetimes / t,
        "per_cpu_second": lifetimes / tc,
        "ratio": t / f,
        "cpu_ratio": tc / fc,
        "beta_s": _median([c for _, c in beta]),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_reference(customers: int, replicates: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from reference import reference_ns_per_lifetime  # bench/reference.py, beside this script
    from simulator.scenario import load_scenario

    ns = reference_ns_per_lifetime(load_scenario(SCENARIO), customers, replicates, repeats=1)
    return {"customers": customers, "replicates": replicates, "ns_per_lifetime": ns,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]), repeats=3 if int(sys.argv[2]) * int(sys.argv[3]) <= 2_000_000 else 2)))
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "--reference":
        print(json.dumps(measure_reference(int(sys.argv[2]), int(sys.argv[3]))))
        return 0
    sizes = _sizes(os.environ.get("BENCH_SIZES"), SIZES)
    ref_text = os.environ.get("BENCH_REFERENCE")
    ref_size = None if ref_text == "0" else _sizes(ref_text, [REFERENCE_SIZE])[0]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    pin = ["taskset", "-c", "0"] if _has_taskset() else []
    print(f"Benchmark: {SCENARIO.relative_to(ROOT)} (60 monthly periods, all features), one core")
    allocator = "glibc defaults" if os.environ.get("BENCH_ALLOCATOR") == "default" else "freed arrays kept (simulator.allocator)"
    print(f"allocator: {allocator}")
    print("wall: elapsed seconds; cpu: this process's CPU seconds (on a shared, busy machine the steadier measure)")
    print(f"{'customers':>10} {'replicates':>10} {'lifetimes':>12} {'engine s':>9} {'floor s':>8} "
          f"{'M lifetimes/s':>14} {'x floor':>8} {'cpu s':>7} {'M/cpu s':>8} {'x floor cpu':>11} {'peak MB':>8} "
          f"{'Beta cpu s':>10}")
    rows = []
    for n, r in sizes:
        out = subprocess.run(pin + [sys.executable, __file__, "--one", str(n), str(r)], env=env,
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout)
        rows.append(row)
        print(f"{n:>10,} {r:>10,} {row['lifetimes']:>12,} {row['engine_s']:>9.2f} {row['floor_s']:>8.2f} "
              f"{row['per_second'] / 1e6:>14.2f} {row['ratio']:>8.1f} {row['engine_cpu_s']:>7.2f} "
              f"{row['per_cpu_second'] / 1e6:>8.2f} {row['cpu_ratio']:>11.1f} {row['peak_mb']:>8.0f} "
              f"{row['beta_s']:>10.2f}", flush=True)
    per = [row["engine_s"] / row["lifetimes"] * 1e9 for row in rows]
    per_cpu = [row["engine_cpu_s"] / row["lifetimes"] * 1e9 for row in rows]
    print(f"\nns per customer-lifetime by size: wall {', '.join(f'{x:.0f}' for x in per)}; "
          f"cpu {', '.join(f'{x:.0f}' for x in per_cpu)} (linear in customers × replicates when these are flat)")
    ref = None
    if ref_size is not None:
        out = subprocess.run(pin + [sys.executable, __file__, "--reference", str(ref_size[0]), str(ref_size[1])],
                             env=env, capture_output=True, text=True, check=True)
        ref = json.loads(out.stdout)
        big = max(rows, key=lambda row: row["lifetimes"])
        big_ns = big["engine_cpu_s"] / big["lifetimes"] * 1e9
        print(f"reference model (bench/reference.py, per-customer Python loop) at {ref_size[0]:,} × {ref_size[1]:,}: "
              f"{ref['ns_per_lifetime']:,.0f} ns (cpu) per lifetime; the engine at {big['customers']:,} × "
              f"{big['replicates']:,} ({big_ns:,.0f} ns cpu) is {ref['ns_per_lifetime'] / big_ns:,.0f}× faster")
    print(summary(rows, cpu=True))
    print(summary(rows, cpu=False))
    return 0


def summary(rows: list[dict], cpu: bool = True) -> str:
    """One line: the run's figures against issue 12's targets (worst case over the sizes), in CPU time or wall time."""
    large = [row for row in rows if row["lifetimes"] >= 1_000_000] or rows
    speed, ratio, secs = ("per_cpu_second", "cpu_ratio", "engine_cpu_s") if cpu else ("per_second", "ratio", "engine_s")
    slowest = min(row[speed] for row in large)
    worst_ratio = max(row[ratio] for row in large)
    peak = max(row["peak_mb"] for row in rows)
    per = [row[secs] / row["lifetimes"] * 1e9 for row in large]
    spread = max(per) / min(per)

    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return (f"targets, {'cpu' if cpu else 'wall'} time (sizes >= 1M lifetimes; peak over all): "
            f"{slowest / 1e6:.1f}M lifetimes/s (>= 10M: {mark(slowest >= TARGET_PER_SECOND)}), "
            f"{worst_ratio:.1f}× floor (<= 5×: {mark(worst_ratio <= TARGET_FLOOR_RATIO)}), "
            f"peak {peak:.0f} MB (< 1 GB: {mark(peak < TARGET_PEAK_MB)}), "
            f"ns/lifetime spread {spread:.2f}× (linear, < {LINEAR_SPREAD}×: {mark(spread < LINEAR_SPREAD)})")


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


if __name__ == "__main__":
    sys.exit(main())
