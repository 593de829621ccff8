"""The interfaces keep the engine's freed arrays mapped (:mod:`simulator.allocator`): fewer page faults, same numbers.

Each side runs in a fresh interpreter (the setting is one of the whole process): the app's run of the default
preset with churn (2,000 customers × 200 replicates), warmed up once, then repeated. The kernel's count of
minor page faults (``getrusage``) says how often a freed array came back as fresh pages; no clock is read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import hashlib, json, resource, sys
import numpy as np
from simulator.allocator import keep_freed_memory
from simulator.engine import simulate
from simulator.scenario import Scenario
import yaml
applied = keep_freed_memory() if sys.argv[1] == "keep" else None
data = yaml.safe_load(open("scenarios/peter_english_school.yaml", encoding="utf-8"))
scenario = Scenario.model_validate({**data, "retention": {"churn": 0.05}})
simulate(scenario, rng=1, customers=2000, replicates=200)  # warm-up: imports, first allocations
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
digest = hashlib.sha256()
for seed in range(5):
    result = simulate(scenario, rng=seed, customers=2000, replicates=200)
    digest.update(np.ascontiguousarray(result.revenue_per_buyer).tobytes())
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
print(json.dumps({"applied": applied, "faults": faults, "digest": digest.hexdigest()}))
"""


def _probe(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_kept_memory_means_far_fewer_page_faults_and_the_same_numbers():
    default, kept = _probe("default"), _probe("keep")
    assert kept["applied"] is True
    assert kept["digest"] == default["digest"]  # only where the memory comes from changes
    # glibc's defaults: thousands of faults per run (about 6,700 when measured); kept: a few hundred at most
    assert default["faults"] > 5 * 2000, default
    assert kept["faults"] < default["faults"] / 5, (kept, default)


def test_the_setting_is_made_once_and_answers_the_same_every_time():
    from simulator.allocator import keep_freed_memory

    first = keep_freed_memory()
    assert keep_freed_memory() is first
    assert isinstance(first, bool)
