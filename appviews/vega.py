"""Charts handed to Streamlit ready to send: the layout as a plain dict, the data as Arrow bytes.

``st.vega_lite_chart`` turns every DataFrame in a spec's ``datasets`` into Arrow IPC bytes on
every rerun, through pandas' metadata and Arrow's thread pool (on a busy 2-core server the pool's
wake-ups cost more than the data: a few ms per dataset, a dozen datasets per page). Bytes it
takes as they are. So a figure's datasets are written here once, column by column, single
threaded, and the layout (built and turned into a dict once per key by
:func:`presentation.charts.layout_spec`, its own inline data written once too) is shared,
never copied: Streamlit copies the spec's top level before changing it and reads the rest.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any, Mapping

import numpy as np
import pyarrow as pa

from presentation import charts

_WRITE = pa.ipc.IpcWriteOptions(use_threads=False)


_NUMERIC = {np.dtype(t): pa.from_numpy_dtype(np.dtype(t)) for t in
            ("float64", "float32", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16", "uint8")}


def _strings(values: list[str]) -> pa.Array:
    """Texts as a large-string array built from its buffers (offsets and UTF-8 bytes)."""
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_string(), len(encoded),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def _from_numpy(values: np.ndarray) -> pa.Array | None:
    """A 1-d numeric or boolean numpy column as Arrow, from its buffers; None for any other kind."""
    if values.ndim != 1:
        return None
    if values.dtype in _NUMERIC:
        data = np.ascontiguousarray(values)
        return pa.Array.from_buffers(_NUMERIC[values.dtype], len(data), [None, pa.py_buffer(data)])
    if values.dtype == np.bool_:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])
    return None


def _column(values: Any) -> pa.Array:
    """One column as Arrow, typed as pandas would hand it over (texts as large strings).

    Numbers, flags and texts are built from their buffers: ``pa.array`` imports pandas on its first call
    (about 0.35 s of a fresh server's first page); anything else goes through it."""
    if charts.is_series(values):
        return pa.Array.from_pandas(values)
    if isinstance(values, np.ndarray):
        built = _from_numpy(values)
        return built if built is not None else pa.array(values)
    values = list(values)
    if not values:
        return pa.nulls(0)  # what pa.array([]) gives
    if all(isinstance(v, str) for v in values):
        return _strings(values)
    if all(isinstance(v, float) for v in values):
        return _from_numpy(np.array(values, dtype=np.float64))
    if all(isinstance(v, bool) for v in values):
        return _from_numpy(np.array(values, dtype=np.bool_))
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return _from_numpy(np.array(values, dtype=np.int64))
    return pa.array(values)


def arrow_bytes(df) -> bytes:
    """A table's columns (a DataFrame's, not its index) as one Arrow IPC stream, written without Arrow's
    thread pool. :data:`presentation.charts.Table` columns go to Arrow straight from numpy, no pandas."""
    if charts.is_frame(df):
        table = pa.table({str(name): pa.Array.from_pandas(df[name]) for name in df.columns})
    else:
        table = pa.table({str(name): _column(values) for name, values in df.items()})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=_WRITE) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@lru_cache(maxsize=512)
def _layout(name: str, key: tuple) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A figure's layout without its data, and the data the layout itself carries (Altair's inline values)."""
    spec = dict(charts.layout_spec(name, key))
    inline = spec.pop("datasets", {}) or {}
    return spec, {str(k): _records_bytes(v) for k, v in inline.items()}


def _records_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Altair's inline values (a list of records) as Arrow, column by column as :func:`arrow_bytes` writes them."""
    names = list(dict.fromkeys(k for row in rows for k in row))
    return arrow_bytes({name: [row.get(name) for row in rows] for name in names})


def spec(figure: charts.Figure) -> dict[str, Any]:
    """What :meth:`presentation.charts.Figure.spec` says, ready for ``st.vega_lite_chart``: datasets as Arrow
    bytes; a figure drawn afresh when its data change (:attr:`~presentation.charts.Figure.redrawn`) carries a
    digest of them."""
    layout, inline = _layout(figure.name, figure.key)
    data = {str(k): arrow_bytes(df) for k, df in figure.data.items()}
    out = {**layout, "datasets": {**inline, **data}}
    if figure.redrawn:
        out["usermeta"] = {**layout.get("usermeta", {}), "rev": _digest(data)}
    return out


def _digest(data: Mapping[str, bytes]) -> str:
    h = hashlib.blake2b(digest_size=8)
    for name, payload in sorted(data.items()):
        h.update(name.encode())
        h.update(payload)
    return h.hexdigest()


def specs(figures: Mapping[str, charts.Figure | None]) -> dict[str, dict[str, Any] | None]:
    """:func:`spec` of each figure (None stays None: a chart the run does not have)."""
    return {name: (spec(f) if f is not None else None) for name, f in figures.items()}
