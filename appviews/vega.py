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

import pandas as pd
import pyarrow as pa

from presentation import charts

_WRITE = pa.ipc.IpcWriteOptions(use_threads=False)


def arrow_bytes(df: pd.DataFrame) -> bytes:
    """``df``'s columns (not its index) as one Arrow IPC stream, written without Arrow's thread pool."""
    table = pa.table({str(name): pa.Array.from_pandas(df[name]) for name in df.columns})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=_WRITE) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@lru_cache(maxsize=512)
def _layout(name: str, key: tuple) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A figure's layout without its data, and the data the layout itself carries (Altair's inline values)."""
    spec = dict(charts.layout_spec(name, key))
    inline = spec.pop("datasets", {}) or {}
    return spec, {str(k): arrow_bytes(pd.DataFrame.from_records(v)) for k, v in inline.items()}


def spec(figure: charts.Figure) -> dict[str, Any]:
    """What :meth:`presentation.charts.Figure.spec` says, ready for ``st.vega_lite_chart``: datasets as Arrow
    bytes; a figure drawn afresh when its data change (:data:`~presentation.charts.REDRAWN`) carries a
    digest of them."""
    layout, inline = _layout(figure.name, figure.key)
    data = {str(k): arrow_bytes(df) for k, df in figure.data.items()}
    out = {**layout, "datasets": {**inline, **data}}
    if figure.name in charts.REDRAWN:
        out["usermeta"] = {"rev": _digest(data)}
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
