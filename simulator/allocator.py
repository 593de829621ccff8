"""Keep the engine's freed arrays in the process instead of handing them back to the kernel.

A chunk of a run (:data:`simulator.engine.CHUNK_CUSTOMERS` customers) works in arrays of one to a few MB,
made and freed many times a run. glibc's ``malloc`` serves blocks that large with ``mmap`` and, for the rest,
returns the top of its heap to the kernel once a few MB there are free (its default trim threshold): either
way the next array gets fresh pages, and the kernel zeroes and maps each 4 KiB page on its first write. On
the app's run (2,000 customers × 200 replicates) that was 6,700 page faults and 17 of its 30 ms.

:func:`keep_freed_memory` raises both thresholds (``mallopt``), so such blocks come from the heap and stay
mapped once freed: the same run then takes 12-13 ms. It is a setting of the whole process, so nothing in the
core calls it; the interfaces do, once, at start (the app, the command line, the benchmarks). The numbers
are the same either way: only where the memory comes from changes. What a process keeps mapped beyond its
live arrays is bounded by the trim threshold per malloc arena.

Linux with glibc only; elsewhere (musl, macOS, Windows) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading

MMAP_THRESHOLD = 32 << 20
"""Blocks up to this size (32 MiB, glibc's largest) come from the heap rather than their own ``mmap``."""
TRIM_THRESHOLD = 64 << 20
"""Free memory at the top of a heap (64 MiB) kept mapped before any goes back to the kernel."""

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # <malloc.h>
_LOCK = threading.Lock()
_applied: bool | None = None


def keep_freed_memory() -> bool:
    """Set glibc's ``M_MMAP_THRESHOLD`` and ``M_TRIM_THRESHOLD`` (once per process); True when they are set.

    Safe to call again and from any thread: later calls return the first call's answer.
    """
    global _applied
    with _LOCK:
        if _applied is None:
            _applied = _mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) and _mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        return _applied


def _mallopt(param: int, value: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(param, value) == 1
