"""Altair charts of simulation results, shared by the app and reports.

Every chart comes in two parts, so a slider move redraws fast:

* its **data**: small tables computed from the runs, with tooltip texts already
  formatted in the chosen language. The app's figures hold them as plain columns
  (:data:`Table`: numpy arrays and lists of text, no pandas on a slider move);
  the ``*_data`` functions hand the same tables over as pandas DataFrames;
* its **layout**: an ``alt.Chart`` that reads those tables as named datasets
  and depends only on a small hashable key (language, currency, period unit,
  horizon, run labels, legend entries). Altair builds and validates a layout
  once per key (:func:`layout_spec`); after that a new run only brings new data.

``runs`` is an ordered mapping of a display label to a
:class:`~simulator.result.SimulationResult`: one run, or the pinned scenario A
then the current B in compare mode. :func:`cash_curve_chart` and its siblings
return the complete ``alt.Chart`` (layout with its data inlined), for reports
and tests; :func:`figures` returns the parts for the app.

Design: the Okabe–Ito palette (safe for the common colour-vision
deficiencies) with costs in greys, projector-size fonts, and hover tooltips
whose texts are formatted in the chosen language. No Streamlit here.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import re
import shutil
import unicodedata
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping

import sys

import numpy as np

from . import i18n
from .browser_charts import cache_dir, keep
from .texts import text_in
from simulator.metrics import median_period, top_share
from simulator.result import SimulationResult



class _Altair:
    """Altair, imported when one of its names is first read, not when this module is imported.

    It takes about 0.5 s to import, and the app's charts need it only to build a layout that is not on disk
    yet (:func:`layout_spec`): a restarted server's first visitor does not wait for it."""

    def __getattr__(self, name: str) -> Any:
        import altair

        return getattr(altair, name)


alt = _Altair()


class _Pandas:
    """pandas, imported when one of its names is first read (about 0.35 s): the Simulate page's charts are
    numpy columns (:data:`Table`) written straight to Arrow, and only the reports, the exports and the tools
    build DataFrames."""

    def __getattr__(self, name: str) -> Any:
        import pandas

        return getattr(pandas, name)


pd = _Pandas()


def is_frame(x: Any) -> bool:
    """Whether ``x`` is a pandas DataFrame, without importing pandas (nothing is one before it is imported)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(x, pandas.DataFrame)


def is_series(x: Any) -> bool:
    """Whether ``x`` is a pandas Series, without importing pandas."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(x, pandas.Series)

# Okabe & Ito (2008), "Color Universal Design"
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"
REVENUE_COLORS = (BLUE, ORANGE, GREEN, SKY, VERMILLION, PURPLE, YELLOW)
COST_COLORS = ("#3C3C3C", "#6E6E6E", "#969696", "#BEBEBE", "#DCDCDC")

FONT = ('"Source Sans", "Source Sans Pro", "Source Sans 3", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", '
        '"Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif')
TITLE_SIZE = 24
SUBTITLE_SIZE = 17
LABEL_SIZE = 16
AXIS_TITLE_SIZE = 17
HEIGHT = 380
RENDERER = "canvas"  # vega-embed: redrawing a canvas is cheaper than updating SVG nodes
VALUE_BINS = 30

Runs = Mapping[str, SimulationResult]

_FIXED_SOURCES = {"front_end", "subscription", "repeat_orders", "service", "loyalty", "acquisition", "referrals"}
_GOODS = ("front_end", "subscription", "repeat_orders")
_COSTS = ("goods", "service", "loyalty", "acquisition", "referrals")
_COST_KEYS = {"goods": "src_goods", "service": "src_service", "loyalty": "src_loyalty",
              "acquisition": "src_acquisition", "referrals": "src_referral_costs"}


Table = dict[str, Any]
"""A dataset as columns: name → numpy array or list (texts), all of one length, in display order."""


def table_rows(table: Table | pd.DataFrame) -> int:
    """The number of rows of a :data:`Table` (or a DataFrame)."""
    if is_frame(table):
        return len(table)
    return len(next(iter(table.values()))) if table else 0


def frame(table: Table | pd.DataFrame) -> pd.DataFrame:
    """A :data:`Table` as a pandas DataFrame (a DataFrame stays as it is)."""
    if is_frame(table):
        return table
    return pd.DataFrame({k: (v if isinstance(v, np.ndarray) else list(v)) for k, v in table.items()},
                        columns=list(table))


def _frames(tables: Mapping[str, Table]) -> dict[str, pd.DataFrame]:
    return {name: frame(t) for name, t in tables.items()}


def _concat(tables: list[Table], columns: list[str]) -> Table:
    """Tables with the same columns, one after the other (``columns``, empty, when there are none)."""
    if not tables:
        return {c: [] for c in columns}
    out: Table = {}
    for c in columns:
        parts = [t[c] for t in tables]
        out[c] = (np.concatenate(parts) if all(isinstance(x, np.ndarray) for x in parts)
                  else [v for part in parts for v in part])
    return out


def _from_rows(rows: list[dict[str, Any]], columns: list[str]) -> Table:
    """A table from row dicts (few rows: marks, points)."""
    return {c: [row[c] for row in rows] for c in columns}


@dataclass(frozen=True)
class Figure:
    """One chart: its layout's key and builder, and the named datasets it reads."""

    name: str
    key: tuple
    """Hashable: everything the layout depends on (the builder's arguments)."""
    data: dict[str, Table | pd.DataFrame]
    """Its datasets, by name: :data:`Table` columns (the Simulate page's charts) or DataFrames."""

    def layout(self) -> alt.TopLevelMixin:
        """The chart without data (it reads :attr:`data` by name)."""
        return _LAYOUTS[self.name](*self.key)

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec with this figure's datasets (DataFrames) attached; the layout is built once per key.

        A figure :attr:`redrawn` also carries a digest of its data (``usermeta.rev``), so new data makes a
        new spec and the browser draws the chart afresh.
        """
        spec = copy.deepcopy(layout_spec(self.name, self.key))
        spec["datasets"] = {**spec.get("datasets", {}), **_frames(self.data)}
        if self.redrawn:
            spec["usermeta"] = {**spec.get("usermeta", {}), "rev": _digest(self.data)}
        return spec

    @property
    def redrawn(self) -> bool:
        """Whether the browser draws this figure afresh when its data change, rather than updating it in place:
        the value histogram in compare mode (its last key item, the runs' labels, holds two), whose B bars
        stayed A's after a lever move when updated in place (Streamlit's in-place dataset update; a fresh
        load drew it right). Alone it is updated in place, as the other charts are: drawn afresh it cost
        some 60 ms of the browser's time per lever move."""
        return self.name in REDRAWN and len(self.key[-1]) > 1

    def chart(self) -> alt.TopLevelMixin:
        """The complete chart, data inlined (for reports and tests)."""
        records = {name: _records(frame(df)) for name, df in self.data.items()}
        return self.layout().properties(datasets=records)


REDRAWN = frozenset({"value"})
"""Figures drawn afresh whenever their data change in compare mode, rather than updated in place (see
:attr:`Figure.redrawn`)."""


def _digest(data: Mapping[str, Table | pd.DataFrame]) -> str:
    """A short digest of a figure's datasets."""
    h = hashlib.blake2b(digest_size=8)
    for name, df in sorted(data.items()):
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(frame(df), index=True).to_numpy().tobytes())
    return h.hexdigest()


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in df.to_dict("records")]


@lru_cache(maxsize=512)
def layout_spec(name: str, key: tuple) -> dict[str, Any]:
    """The Vega-Lite dict of a layout, built once per key and kept on disk.

    Altair's schema validation is skipped here (it costs a few hundred ms per
    layout, on every language switch); ``tests/test_charts.py`` validates every
    layout through :meth:`Figure.chart`.

    Building the Simulate page's five layouts takes Altair's import (~0.5 s) and about as long again, which
    a fresh server's first visitor waited for (issue 12's cold first load). So each layout is also written
    as JSON (:func:`layout_path`) and read back by the next server process: the same dict, without Altair.
    """
    path = layout_path(name, key)
    if path is not None:
        with contextlib.suppress(OSError, ValueError):  # not written yet, unreadable or cut short: build it
            return json.loads(path.read_text(encoding="utf-8"))
    spec = _LAYOUTS[name](*key).to_dict(validate=False)
    if path is not None:
        with contextlib.suppress(ValueError):  # a value JSON does not hold (NaN): kept for this process only
            text = json.dumps(spec, ensure_ascii=False, allow_nan=False)
            if not path.parent.exists():  # the first layout of this code: the older code's are never read again
                for old in path.parent.parent.glob("layouts-*"):
                    shutil.rmtree(old, ignore_errors=True)
            keep(path, text)
    return spec


def _plain(value: Any) -> bool:
    """True for a key whose ``repr`` is the same in every process (texts, numbers, tuples of them)."""
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


@lru_cache(maxsize=1)
def _layouts_version() -> str:
    """What the layouts are built from: this package's source and the versions of Altair and Babel (a change
    to any of them means other layouts, in another folder)."""
    h = hashlib.blake2b(digest_size=8)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode())
        h.update(source.read_bytes())
    for package in ("altair", "babel"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{package}={metadata.version(package)}".encode())
    return h.hexdigest()


def layout_path(name: str, key: tuple) -> Path | None:
    """The file a layout is kept in (under :func:`presentation.browser_charts.cache_dir`, one folder per
    :func:`_layouts_version`; older code's folders go when this code keeps its first layout), or None for a key
    that would not name the same layout in another process."""
    if not _plain(key):
        return None
    digest = hashlib.blake2b(repr((name, key)).encode(), digest_size=12).hexdigest()
    return layouts_dir() / f"{name}-{digest}.json"


def layouts_dir() -> Path:
    """The folder this code's layouts are kept in (:func:`layout_path`)."""
    return cache_dir() / f"layouts-{_layouts_version()}"


# --------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------


def run_colors(n: int) -> list[str]:
    """Colours of the runs in order: the current (last) run is always blue, A orange."""
    return [ORANGE, GREEN, VERMILLION, PURPLE][: n - 1] + [BLUE]


def _scenario_color(labels: tuple[str, ...]) -> alt.Color:
    legend = alt.Legend(title=None, orient="top", labelFontSize=LABEL_SIZE, symbolStrokeWidth=4,
                        symbolSize=300) if len(labels) > 1 else None
    return alt.Color("scenario:N", scale=alt.Scale(domain=list(labels), range=run_colors(len(labels))),
                     legend=legend)


def _money_axis(lang: str, title: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=i18n.vega_number_expr(lang), tickCount=6)


def _period_axis(lang: str, ppy: int) -> alt.Axis:
    return alt.Axis(title=i18n.period_axis(lang, ppy), format="d", tickMinStep=1, labelAngle=0)


def _display_width(text: str) -> int:
    """Width of ``text`` in Latin-letter widths: a Chinese character takes about two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_line(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` Latin-letter widths: at spaces, or between Chinese
    characters (never inside a Latin word), so no title or subtitle is cut off with "…"."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"\s+|[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+", text):
        if line and _display_width(line + token) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


TITLE_WIDTH = 60
"""Latin letters that fit a full-width chart's title at the app's narrowest layout (1280 px); subtitles fit
about 1.4 times as many. Half-width charts pass half."""


def _title(text: str, subtitle: str | None = None, width: int = TITLE_WIDTH) -> alt.TitleParams:
    title_lines = wrap_line(text, width)
    lines = [part for line in subtitle.split("\n") for part in wrap_line(line, int(width * 1.4))] if subtitle else ""
    return alt.TitleParams(text=title_lines if len(title_lines) > 1 else text, subtitle=lines, anchor="start",
                           fontSize=TITLE_SIZE, subtitleFontSize=SUBTITLE_SIZE, subtitleColor="#333333", offset=12,
                           limit=alt.ExprRef(TITLE_LIMIT) if width >= TITLE_WIDTH else 0)


TITLE_LIMIT = "containerSize()[0] > 40 ? containerSize()[0] - 16 : 0"
"""The widest a full-width chart's title line may be: its container less the padding (no limit outside a
container: 0). Lines are wrapped for a page 1280 px wide or more (:func:`wrap_line`), where they fit; on a
narrower page (1024 px with the sidebar open) a subtitle line wider than the container made Vega's "fit"
shrink the cash chart's plot to a sliver: it is cut with "…" at the container's edge instead. Half-width
charts keep no limit: at 1280 px their titles are a little wider than the chart, which narrows the plot a
little rather than cutting the title."""


def _notes(name: str) -> alt.Chart:
    """Lines of text in the top-left corner of a plot, one per row of dataset ``name`` (fields text, color, ypix)."""
    return alt.Chart(alt.NamedData(name=name)).mark_text(
        align="left", baseline="top", fontSize=LABEL_SIZE + 1, fontWeight="bold", dx=8, dy=6
    ).encode(x=alt.value(0), y=alt.Y("ypix:Q", scale=None), text="text:N", color=alt.Color("color:N", scale=None))


def _note_rows(lines: list[tuple[str, str]], headroom: float) -> Table:
    """The corner notes' table (fields text, color, ypix) and the ``headroom`` the y scale reaches."""
    return {"text": [t for t, _ in lines], "color": [c for _, c in lines],
            "ypix": np.arange(len(lines), dtype=np.int64) * (LABEL_SIZE + 8),
            "headroom": np.full(len(lines), float(headroom))}


NOTE_LINE_SHARE = 0.085
"""Share of a plot's height one line of corner notes takes (24 px of about 280)."""


def _headroom(top: float, bottom: float, lines: int) -> float:
    """The y value to reach so ``lines`` of corner notes sit above the data (and the zero line) between
    ``bottom`` and ``top``; ``top`` itself when there are no notes."""
    top, bottom = max(top, 0.0), min(bottom, 0.0)  # the zero line is drawn too
    if lines <= 0:
        return top
    share = min(0.6, NOTE_LINE_SHARE * lines + 0.03)
    span = (top - bottom) or 1.0
    return top + span * share / (1 - share)


def _headroom_mark(name: str) -> alt.Chart:
    """An invisible point at the ``headroom`` of dataset ``name``: the y scale reaches it."""
    return alt.Chart(alt.NamedData(name=name)).mark_point(opacity=0).encode(y="headroom:Q")


def _zero_rule() -> alt.Chart:
    return alt.Chart(alt.InlineData(values=[{"y": 0.0}])).mark_rule(
        color="#444444", strokeDash=[6, 4], strokeWidth=1.5).encode(y="y:Q")


def style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Projector-size fonts and a quiet frame, set once at the top level of a chart."""
    return chart.properties(autosize=alt.AutoSizeParams(type="fit", contains="padding"),
                            padding={"left": 4, "right": 12, "top": 4, "bottom": 4},
                            usermeta={"embedOptions": {"renderer": RENDERER}}).configure(
        font=FONT,
        axis=alt.AxisConfig(labelFontSize=LABEL_SIZE, titleFontSize=AXIS_TITLE_SIZE, titleFontWeight="normal",
                            labelColor="#222222", titleColor="#222222", gridColor="#E6E6E6", labelLimit=280),
        legend=alt.LegendConfig(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, symbolSize=180, labelLimit=320),
        view=alt.ViewConfig(stroke=None),
    )


def _last(runs: Runs) -> SimulationResult:
    return list(runs.values())[-1]


def _periods(lang: str, ppy: int, horizon: int) -> list[str]:
    return [i18n.period_label(lang, ppy, t) for t in range(horizon)]


def _money_texts(values: np.ndarray, lang: str, currency: str) -> list[str]:
    return [i18n.fmt_money(float(v), lang, currency) for v in values]


BAND_COLUMNS = ["scenario", "period", "mean", "p5", "p95", "when", "mean_txt", "band_txt"]


def _money_band_frame(label: str, values: np.ndarray, r: SimulationResult, lang: str) -> Table:
    """One run's (replicates, periods) money series as rows: mean, 90% band and their tooltip texts."""
    mean = values.mean(axis=0)
    p5, p95 = np.percentile(values, [5, 95], axis=0)
    lo_txt, hi_txt = _money_texts(p5, lang, r.currency), _money_texts(p95, lang, r.currency)
    return {
        "scenario": [label] * r.horizon,
        "period": np.arange(r.horizon),
        "mean": mean,
        "p5": p5,
        "p95": p95,
        "when": _periods(lang, r.periods_per_year, r.horizon),
        "mean_txt": _money_texts(mean, lang, r.currency),
        "band_txt": [f"{a} – {b}" for a, b in zip(lo_txt, hi_txt)],
    }


# --------------------------------------------------------------------------
# Cash curve
# --------------------------------------------------------------------------


def cash_data(runs: Runs, lang: str) -> dict[str, pd.DataFrame]:
    """``cash``: cumulative cash per buyer by period (mean, 90% band); ``payback``: the median payback points,
    labelled; ``cash_notes``: a sentence for each run that does not pay back within the horizon."""
    return _frames(_cash_tables(runs, lang))


def _cash_tables(runs: Runs, lang: str) -> dict[str, Table]:
    frames, points, notes = [], [], []
    colors = run_colors(len(runs))
    for (label, r), color in zip(runs.items(), colors):
        frames.append(_money_band_frame(label, r.cumulative_cash, r, lang))
        mean = frames[-1]["mean"]
        med = median_period(r.payback_period)
        when = i18n.fmt_periods(med, lang, r.periods_per_year, r.horizon)
        sentence = i18n.t(lang, "c_payback", when=when)
        if math.isfinite(med):
            t = int(med)
            points.append({"scenario": label, "period": t, "mean": float(mean[t]), "label": sentence,
                           "when": i18n.period_label(lang, r.periods_per_year, t),
                           "mean_txt": i18n.fmt_money(float(mean[t]), lang, r.currency)})
        if len(runs) > 1:  # two runs' labels beside their diamonds can land on each other: both in the corner
            notes.append((f"◆ {label}: {sentence}", color))
        elif not math.isfinite(med):
            notes.append((sentence, color))
    payback = _from_rows(points, ["scenario", "period", "mean", "label", "when", "mean_txt"])
    cash = _concat(frames, BAND_COLUMNS)
    notes_df = _note_rows(notes, _headroom(float(cash["p95"].max()), float(cash["p5"].min()), len(notes)))
    return {"cash": cash, "payback": payback, "cash_notes": notes_df}


def _mean_line_and_hover(base: alt.Chart, lang: str, ppy: int) -> tuple[alt.Chart, alt.Chart]:
    """The mean line of a per-period band chart, and invisible points carrying its tooltip."""
    line = base.mark_line(strokeWidth=3.5).encode(y="mean:Q")
    tooltip = [
        alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario")),
        alt.Tooltip("when:N", title=i18n.period_axis(lang, ppy)),
        alt.Tooltip("mean_txt:N", title=i18n.t(lang, "c_mean")),
        alt.Tooltip("band_txt:N", title=i18n.t(lang, "c_range")),
    ]
    return line, base.mark_circle(size=220, opacity=0).encode(y="mean:Q", tooltip=tooltip)


def _cash_layout(lang: str, currency: str, ppy: int, labels: tuple[str, ...]) -> alt.TopLevelMixin:
    color = _scenario_color(labels)
    x = alt.X("period:Q", axis=_period_axis(lang, ppy), scale=alt.Scale(nice=False))
    base = alt.Chart(alt.NamedData(name="cash")).encode(x=x, color=color)
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("p5:Q", axis=_money_axis(lang, i18n.t(lang, "c_cash_y", currency=currency)),
                scale=alt.Scale(padding=36)),  # room under the lowest point for a payback label
        y2="p95:Q")
    line, hover = _mean_line_and_hover(base, lang, ppy)
    pb = alt.Chart(alt.NamedData(name="payback")).encode(x="period:Q", y="mean:Q", color=color)
    point = pb.mark_point(shape="diamond", size=380, filled=True, stroke=BLACK, strokeWidth=1.5, opacity=1).encode(
        tooltip=[alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario")),
                 alt.Tooltip("when:N", title=i18n.t(lang, "m_payback")),
                 alt.Tooltip("mean_txt:N", title=i18n.t(lang, "c_mean"))])
    # one run: its label beside its diamond, below and to the right (where a rising curve is not); two runs:
    # their labels in the top-left corner (cash_data), where they cannot land on each other
    texts = [pb.mark_text(align="left", baseline="top", dx=14, dy=12, fontSize=LABEL_SIZE + 1, fontWeight="bold",
                          ).encode(text="label:N")] if len(labels) == 1 else []
    chart = alt.layer(band, _zero_rule(), line, hover, point, *texts, _headroom_mark("cash_notes"),
                      _notes("cash_notes")).properties(
        title=_title(i18n.t(lang, "c_cash_title"), i18n.t(lang, "c_cash_sub")), height=HEIGHT + 40, width="container")
    return style(chart)


def cash_figure(runs: Runs, lang: str) -> Figure:
    r = _last(runs)
    return Figure("cash", (lang, r.currency, r.periods_per_year, tuple(runs)), _cash_tables(runs, lang))


def cash_curve_chart(runs: Runs, lang: str) -> alt.TopLevelMixin:
    """Cumulative cash per buyer over time with its 90% band, the payback point marked."""
    return cash_figure(runs, lang).chart()


# --------------------------------------------------------------------------
# Funnel
# --------------------------------------------------------------------------


def funnel_data(runs: Runs, lang: str) -> dict[str, pd.DataFrame]:
    """``funnel``: how many of 100 paid buyers bought each step (front end, each rung and downsell).

    A step nobody buys in any run is left out (a downsell at 0%, a rung priced out of reach)."""
    return _frames(_funnel_tables(runs, lang))


def _funnel_tables(runs: Runs, lang: str) -> dict[str, Table]:
    steps: list[str] = []
    for r in reversed(list(runs.values())):  # the current run's order first
        for key in (r.funnel_keys or r.funnel_names):
            if key not in steps:
                steps.append(key)
    bought = {key for r in runs.values()
              for key, share in zip(r.funnel_keys or r.funnel_names, r.funnel_share) if np.any(share > 0)}
    rows = []
    for label, r in runs.items():
        for key, name, share in zip(r.funnel_keys or r.funnel_names, r.funnel_names, r.funnel_share):
            if key not in bought and key != "front_end":
                continue
            buyers = float(np.mean(share)) * 100
            rows.append({"scenario": label,
                         "step": i18n.t(lang, "src_front_end") if key == "front_end" else text_in(name, lang),
                         "order": steps.index(key), "buyers": buyers,
                         "buyers_txt": i18n.fmt_number(buyers, lang, 1)})
    return {"funnel": _from_rows(rows, ["scenario", "step", "order", "buyers", "buyers_txt"])}


def _funnel_layout(lang: str, labels: tuple[str, ...], n_steps: int) -> alt.TopLevelMixin:
    color = _scenario_color(labels)
    y = alt.Y("step:N", sort=alt.EncodingSortField("order", op="min"), title=None,
              axis=alt.Axis(labelLimit=260, labelFontSize=LABEL_SIZE))
    enc: dict[str, Any] = {"y": y, "color": color}
    if len(labels) > 1:
        enc["yOffset"] = alt.YOffset("scenario:N", sort=list(labels))
    tooltip = [
        alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario")),
        alt.Tooltip("step:N", title=i18n.t(lang, "c_step")),
        alt.Tooltip("buyers_txt:N", title=i18n.t(lang, "c_funnel_x")),
    ]
    base = alt.Chart(alt.NamedData(name="funnel")).encode(**enc)
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("buyers:Q", title=i18n.t(lang, "c_funnel_x"), scale=alt.Scale(domain=[0, 112], nice=False),
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100])),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=6, fontSize=LABEL_SIZE + 1, fontWeight="bold").encode(
        x="buyers:Q", text="buyers_txt:N")
    title = _title(i18n.t(lang, "c_funnel_title"), width=TITLE_WIDTH // 2)
    title_lines = len(title.text) if isinstance(title.text, list) else 1
    # autosize "fit" counts the title and the axis in the height: about 34 px a title line and 70 for the
    # axis, then a row per step tall enough for its label (else Vega hides labels that would overlap)
    height = int(34 * title_lines + 70 + n_steps * (40 if len(labels) == 1 else 72))
    chart = alt.layer(bars, text).properties(title=title, height=max(180, height), width="container")
    return style(chart)


def funnel_figure(runs: Runs, lang: str) -> Figure:
    data = _funnel_tables(runs, lang)
    return Figure("funnel", (lang, tuple(runs), len(set(data["funnel"]["order"]))), data)


def funnel_chart(runs: Runs, lang: str) -> alt.TopLevelMixin:
    """Of 100 paid buyers, how many reach each rung (and downsell)."""
    return funnel_figure(runs, lang).chart()


# --------------------------------------------------------------------------
# Where the money comes from
# --------------------------------------------------------------------------


def _source_label(key: str, lang: str) -> str:
    """The name of one of the engine's own revenue sources (``front_end``, ``subscription``, …)."""
    return i18n.t(lang, f"src_{key}")


CAC_APART = 3.0
"""The acquisition cost is drawn apart from the money chart's bars when it is more than this many times the
tallest other bar: over a long horizon the month-0 CAC bar flattened every other one."""


def _cac_apart(runs: Runs) -> bool:
    """Whether the acquisition cost (paid at period 0) would flatten the money chart's other bars."""
    acquisition, other = 0.0, 0.0
    for r in runs.values():
        keys = list(r.source_keys or r.source_names)
        rev = r.revenue_per_buyer.mean(axis=1)  # (S, H)
        cost = r.cost_per_buyer.mean(axis=1)
        acq = cost[keys.index("acquisition")]
        acquisition = max(acquisition, float(np.abs(acq).max()))
        other = max(other, float(rev.sum(axis=0).max()), float((cost.sum(axis=0) - acq).max()))
    return acquisition > CAC_APART * max(other, 1e-9)


def money_data(runs: Runs, lang: str) -> dict[str, pd.DataFrame]:
    """``money``: mean revenue by source (positive) and cost by kind (negative) per period, per paid buyer;
    ``profit``: mean profit per period (CAC included). Sources that are zero throughout a run are left out.

    When the acquisition cost would flatten every other bar (:func:`_cac_apart`), it is left out of the bars
    and of the profit line, and ``money_notes`` says it in words in the chart's corner (one line per run);
    ``money_notes`` is empty otherwise. Its ``headroom`` keeps the notes above the bars."""
    return _frames(_money_tables(runs, lang))


def _money_tables(runs: Runs, lang: str) -> dict[str, Table]:
    cols: dict[str, list] = {k: [] for k in ("scenario", "period", "source", "is_cost", "kind", "order", "value",
                                             "when", "value_txt")}
    stacks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    profits = []
    apart = _cac_apart(runs)
    notes: list[tuple[str, str]] = []
    for (label, r), color in zip(runs.items(), run_colors(len(runs))):
        rev = r.revenue_per_buyer.mean(axis=1)  # (S, H)
        cost = r.cost_per_buyer.mean(axis=1)
        # sources by key: the engine's own ("front_end", "subscription", …) and the ladder's ("back_end[<id>]",
        # shown by name), so a rung may be called anything, "subscription" included
        keys = list(r.source_keys or r.source_names)
        rungs = [i for i, k in enumerate(keys) if k not in _FIXED_SOURCES]
        series: list[tuple[str, bool, np.ndarray]] = [(_source_label("front_end", lang), False, rev[keys.index("front_end")])]
        series += [(text_in(r.source_names[i], lang), False, rev[i]) for i in rungs]
        for k in ("subscription", "repeat_orders", "referrals"):
            series.append((_source_label(k, lang), False, rev[keys.index(k)]))
        goods = sum(cost[i] for i in (*(keys.index(k) for k in _GOODS), *rungs))
        kinds = {"goods": goods, **{k: cost[keys.index(k)] for k in _COSTS[1:]}}
        for key in _COSTS:
            if key == "acquisition" and apart:
                continue
            series.append((i18n.t(lang, _COST_KEYS[key]), True, -np.asarray(kinds[key])))
        when = _periods(lang, r.periods_per_year, r.horizon)
        h = r.horizon
        kind_txt = {False: i18n.t(lang, "c_revenue"), True: i18n.t(lang, "c_cost")}
        pos, neg = np.zeros(h), np.zeros(h)
        for order, (source, is_cost, values) in enumerate(series):
            values = np.asarray(values, dtype=float)
            if not np.any(np.abs(values) > 1e-9):
                continue  # a source that brings nothing: a shorter legend
            cols["scenario"] += [label] * h
            cols["period"].append(np.arange(h))
            cols["source"] += [source] * h
            cols["is_cost"].append(np.full(h, is_cost))
            cols["kind"] += [kind_txt[is_cost]] * h
            cols["order"].append(np.full(h, order))
            cols["value"].append(values)
            cols["when"] += when
            cols["value_txt"] += _money_texts(values, lang, r.currency)
            pos += np.clip(values, 0, None)
            neg += np.clip(values, None, 0)
        profit = r.profit_per_buyer.mean(axis=0)
        if apart:
            acquisition = np.asarray(kinds["acquisition"])
            profit = profit + acquisition
            text = i18n.t(lang, "c_cac_apart", money=i18n.fmt_money(float(acquisition.sum()), lang, r.currency))
            notes += [(line, color) for line in wrap_line(f"{label}: {text}" if len(runs) > 1 else text, 56)]
        profits.append({"scenario": [label] * h, "period": np.arange(h), "profit": profit,
                        "when": when, "profit_txt": _money_texts(profit, lang, r.currency)})
        stacks.append((pos, neg, profit))
    if cols["scenario"]:
        for k in ("period", "is_cost", "order", "value"):
            cols[k] = np.concatenate(cols[k])
        # the stacks' tallest and deepest (summed per run and period), and the profit lines'
        top = max(max(float(p.max()), float(pr.max())) for p, _, pr in stacks)
        bottom = min(min(float(n.min()), float(pr.min())) for _, n, pr in stacks)
    else:
        cols = {k: [] for k in cols}
        top = bottom = 0.0
    profit_df = _concat(profits, ["scenario", "period", "profit", "when", "profit_txt"])
    notes_df = _note_rows(notes, _headroom(top, bottom, len(notes)))
    return {"money": cols, "profit": profit_df, "money_notes": notes_df}


def _money_layout(lang: str, currency: str, ppy: int, horizon: int, labels: tuple[str, ...],
                  revenue: tuple[str, ...], costs: tuple[str, ...]) -> alt.TopLevelMixin:
    domain = list(revenue) + list(costs)
    colors = [REVENUE_COLORS[i % len(REVENUE_COLORS)] for i in range(len(revenue))] + [
        COST_COLORS[i % len(COST_COLORS)] for i in range(len(costs))]
    step = max(1, math.ceil(horizon / 12))
    x = alt.X("period:O", axis=alt.Axis(title=i18n.period_axis(lang, ppy), labelAngle=0,
                                        values=list(range(0, horizon, step))))
    y_title = i18n.t(lang, "c_money_y", currency=currency)
    compare = len(labels) > 1
    tooltip = [
        alt.Tooltip("when:N", title=i18n.period_axis(lang, ppy)),
        alt.Tooltip("source:N", title=i18n.t(lang, "c_source")),
        alt.Tooltip("kind:N", title=i18n.t(lang, "c_kind")),
        alt.Tooltip("value_txt:N", title=i18n.t(lang, "c_value")),
    ]
    enc: dict[str, Any] = {
        "x": x,
        "y": alt.Y("value:Q", axis=_money_axis(lang, y_title), stack="zero"),
        "color": alt.Color("source:N", scale=alt.Scale(domain=domain, range=colors),
                           legend=alt.Legend(title=i18n.t(lang, "c_source"), orient="right")),
        "order": alt.Order("order:Q"),
        "tooltip": ([alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario"))] if compare else []) + tooltip,
    }
    profit_tooltip = [alt.Tooltip("when:N", title=i18n.period_axis(lang, ppy)),
                      alt.Tooltip("profit_txt:N", title=i18n.t(lang, "c_profit"))]
    if compare:  # grouped stacked bars: A (paler) then B in each period
        enc["xOffset"] = alt.XOffset("scenario:N", sort=list(labels))
        enc["opacity"] = alt.Opacity("scenario:N", sort=list(labels),
                                     scale=alt.Scale(domain=list(labels), range=[0.45] * (len(labels) - 1) + [1.0]),
                                     legend=alt.Legend(title=None, orient="top"))
        profit = alt.Chart(alt.NamedData(name="profit")).mark_tick(color=BLACK, thickness=3).encode(
            x=x, xOffset=alt.XOffset("scenario:N", sort=list(labels)), y="profit:Q",
            tooltip=[alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario"))] + profit_tooltip)
        subtitle = i18n.t(lang, "c_money_sub") + "\n" + i18n.t(lang, "c_money_sub_compare")
    else:
        profit = alt.Chart(alt.NamedData(name="profit")).mark_line(
            color=BLACK, strokeWidth=2.5, point=alt.OverlayMarkDef(color=BLACK, size=40)
        ).encode(x=x, y="profit:Q", tooltip=profit_tooltip)
        subtitle = i18n.t(lang, "c_money_sub")
    bars = alt.Chart(alt.NamedData(name="money")).mark_bar().encode(**enc)
    zero = alt.Chart(alt.InlineData(values=[{"y": 0.0}])).mark_rule(color="#444444", strokeWidth=1).encode(y="y:Q")
    title = _title(i18n.t(lang, "c_money_title", unit=i18n.unit(lang, ppy)), subtitle)
    chart = alt.layer(bars, zero, profit, _headroom_mark("money_notes"), _notes("money_notes")).properties(
        title=title, height=HEIGHT + 40, width="container")
    return style(chart)


def money_figure(runs: Runs, lang: str) -> Figure:
    r = _last(runs)
    data = _money_tables(runs, lang)
    money = data["money"]
    first: dict[str, tuple[bool, int]] = {}  # each source's first row: (is a cost, its order)
    for source, is_cost, order in zip(money["source"], money["is_cost"], money["order"]):
        first.setdefault(source, (bool(is_cost), int(order)))
    ranked = sorted(first, key=lambda s: first[s])  # revenue first, then costs, each in series order
    revenue = tuple(s for s in ranked if not first[s][0])
    costs = tuple(s for s in ranked if first[s][0])
    key = (lang, r.currency, r.periods_per_year, r.horizon, tuple(runs), revenue, costs)
    return Figure("money", key, data)


def money_chart(runs: Runs, lang: str) -> alt.TopLevelMixin:
    """Revenue by source against costs, per period (grouped bars, A then B, in compare mode)."""
    return money_figure(runs, lang).chart()


# --------------------------------------------------------------------------
# Who the customers are
# --------------------------------------------------------------------------


def active_data(runs: Runs, lang: str) -> dict[str, pd.DataFrame]:
    """``active``: active customers (paid and referred) per 100 paid buyers by period, mean and 90% band."""
    return _frames(_active_tables(runs, lang))


def _active_tables(runs: Runs, lang: str) -> dict[str, Table]:
    frames = []
    for label, r in runs.items():
        act = r.active_per_buyer * 100
        mean = act.mean(axis=0)
        p5, p95 = np.percentile(act, [5, 95], axis=0)
        frames.append({
            "scenario": [label] * r.horizon, "period": np.arange(r.horizon), "mean": mean, "p5": p5, "p95": p95,
            "when": _periods(lang, r.periods_per_year, r.horizon),
            "mean_txt": [i18n.fmt_number(float(v), lang, 1) for v in mean],
            "band_txt": [f"{i18n.fmt_number(float(a), lang, 1)} – {i18n.fmt_number(float(b), lang, 1)}"
                         for a, b in zip(p5, p95)],
        })
    return {"active": _concat(frames, BAND_COLUMNS)}


def _active_layout(lang: str, ppy: int, labels: tuple[str, ...]) -> alt.TopLevelMixin:
    color = _scenario_color(labels)
    base = alt.Chart(alt.NamedData(name="active")).encode(
        x=alt.X("period:Q", axis=_period_axis(lang, ppy), scale=alt.Scale(nice=False)), color=color)
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("p5:Q", axis=alt.Axis(title=i18n.t(lang, "c_active_y"), labelExpr=i18n.vega_number_expr(lang)),
                scale=alt.Scale(zero=True)),
        y2="p95:Q",
    )
    line, hover = _mean_line_and_hover(base, lang, ppy)
    chart = alt.layer(band, line, hover).properties(
        title=_title(i18n.t(lang, "c_active_title"), i18n.t(lang, "c_active_sub"), width=TITLE_WIDTH // 2),
        height=HEIGHT, width="container")
    return style(chart)


def active_figure(runs: Runs, lang: str) -> Figure:
    r = _last(runs)
    return Figure("active", (lang, r.periods_per_year, tuple(runs)), _active_tables(runs, lang))


def active_chart(runs: Runs, lang: str) -> alt.TopLevelMixin:
    """Active customers per 100 buyers over time, with the 90% band."""
    return active_figure(runs, lang).chart()


def value_data(runs: Runs, lang: str, bins: int = VALUE_BINS) -> dict[str, pd.DataFrame]:
    """``value``: histogram of individual customer value on bins shared by all runs (tails in the end bins);
    ``top20``: where the top 20% of customers start and the share of value they bring; ``value_notes``: that
    sentence per run, and the headroom the y axis keeps above the bars for it."""
    return _frames(_value_tables(runs, lang, bins))


def _value_tables(runs: Runs, lang: str, bins: int = VALUE_BINS) -> dict[str, Table]:
    samples = {label: np.asarray(r.customer_values, dtype=float) for label, r in runs.items()}
    pooled = np.concatenate([v for v in samples.values() if v.size] or [np.zeros(1)])
    lo, hi = (float(x) for x in np.percentile(pooled, [0.5, 99.5]))
    if not hi > lo:
        lo, hi = lo - 1.0, hi + 1.0
    edges = np.linspace(lo, hi, bins + 1)
    currency = _last(runs).currency
    edge_txt = _money_texts(edges, lang, currency)
    frames, tops, notes = [], [], []
    for (label, v), color in zip(samples.items(), run_colors(len(runs))):
        counts = np.histogram(np.clip(v, lo, hi), bins=edges)[0] if v.size else np.zeros(bins)
        share = counts / max(1, v.size)
        spans = [f"{edge_txt[i]} – {edge_txt[i + 1]}" for i in range(bins)]
        if v.size and v.min() < lo:
            spans[0] = f"≤ {edge_txt[1]}"
        if v.size and v.max() > hi:
            spans[-1] = f"≥ {edge_txt[-2]}"
        frames.append({"scenario": [label] * bins, "lo": edges[:-1], "hi": edges[1:], "share": share * 100,
                       "range_txt": spans, "share_txt": [i18n.fmt_percent(float(s), lang, 1) for s in share]})
        if v.size:
            top = top_share(v)
            p80 = float(np.percentile(v, 80))
            text = (i18n.t(lang, "c_top20", share=i18n.fmt_percent(top, lang, 0)) if top is not None
                    else i18n.t(lang, "c_top20_none"))
            tops.append({"scenario": label, "p80": min(max(p80, lo), hi), "share": top, "label": text,
                         "p80_txt": i18n.fmt_money(p80, lang, currency)})
            notes.append((f"{label}: {text}" if len(runs) > 1 else text, color))
    value = _concat(frames, ["scenario", "lo", "hi", "share", "range_txt", "share_txt"])
    # room above the tallest bar for the notes in the top-left corner
    notes_df = _note_rows(notes, float(value["share"].max()) * (1 + 0.2 * max(1, len(notes))))
    return {
        "value": value,
        "top20": _from_rows(tops, ["scenario", "p80", "share", "label", "p80_txt"]),
        "value_notes": notes_df,
    }


def _value_layout(lang: str, currency: str, labels: tuple[str, ...]) -> alt.TopLevelMixin:
    color = _scenario_color(labels)
    x_title = i18n.t(lang, "c_value_x", currency=currency)
    tooltip = [
        alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario")),
        alt.Tooltip("range_txt:N", title=x_title),
        alt.Tooltip("share_txt:N", title=i18n.t(lang, "c_value_y")),
    ]
    bars = alt.Chart(alt.NamedData(name="value")).mark_bar(opacity=0.8 if len(labels) == 1 else 0.55,
                                                           binSpacing=1).encode(
        x=alt.X("lo:Q", bin="binned", axis=_money_axis(lang, x_title)),
        x2="hi:Q",
        y=alt.Y("share:Q", stack=None, axis=alt.Axis(title=i18n.t(lang, "c_value_y"),
                                                       labelExpr="format(datum.value, '~r') + '%'")),
        color=color,
        tooltip=tooltip,
    )
    rule = alt.Chart(alt.NamedData(name="top20")).mark_rule(strokeWidth=2.5, strokeDash=[8, 4]).encode(
        x="p80:Q", color=color,
        tooltip=[alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario")),
                 alt.Tooltip("p80_txt:N", title="P80"), alt.Tooltip("label:N", title=" ")])
    headroom = alt.Chart(alt.NamedData(name="value_notes")).mark_point(opacity=0).encode(y="headroom:Q")
    chart = alt.layer(bars, rule, headroom, _notes("value_notes")).properties(
        title=_title(i18n.t(lang, "c_value_title"), i18n.t(lang, "c_value_sub")), height=HEIGHT, width="container")
    return style(chart)


def value_figure(runs: Runs, lang: str) -> Figure:
    return Figure("value", (lang, _last(runs).currency, tuple(runs)), _value_tables(runs, lang))


def value_chart(runs: Runs, lang: str) -> alt.TopLevelMixin:
    """Spread of individual customer value, where the top 20% start and the share of value they bring."""
    return value_figure(runs, lang).chart()


# --------------------------------------------------------------------------
# The whole business (a cohort of paid buyers every period)
# --------------------------------------------------------------------------


def business_data(runs: Runs, lang: str) -> dict[str, pd.DataFrame]:
    """``business``: cumulative cash of the whole business by period (mean, 90% band), for runs with the
    business view; ``business_marks``: the capital-needed low point and the cash-positive point (medians);
    ``business_notes``: the same two facts as sentences, for the top-left corner."""
    return _frames(_business_tables(runs, lang))


def _business_tables(runs: Runs, lang: str) -> dict[str, Table]:
    frames, marks, notes = [], [], []
    colors = run_colors(len(runs))
    for (label, r), color in zip(runs.items(), colors):
        b = r.business
        if b is None:
            continue
        frames.append(_money_band_frame(label, b.cumulative_cash, r, lang))
        mean = frames[-1]["mean"]
        prefix = f"{label}: " if len(runs) > 1 else ""
        low = int(np.argmin(mean))
        money = i18n.fmt_money(float(np.mean(b.capital_needed)), lang, r.currency)  # the headline's figure
        sentence = i18n.t(lang, "c_capital", money=money)
        notes.append((f"▼ {prefix}{sentence}", color))
        if mean[low] < 0:
            marks.append({"scenario": label, "period": low, "mean": float(mean[low]), "shape": "triangle-down",
                          "label": sentence, "when": i18n.period_label(lang, r.periods_per_year, low),
                          "mean_txt": i18n.fmt_money(float(mean[low]), lang, r.currency)})
        med = median_period(b.cash_positive_period)
        sentence = i18n.t(lang, "c_cash_positive", when=i18n.fmt_periods(med, lang, r.periods_per_year, r.horizon))
        notes.append((f"◆ {prefix}{sentence}", color))
        if math.isfinite(med) and med > 0:
            t = int(med)
            marks.append({"scenario": label, "period": t, "mean": float(mean[t]), "shape": "diamond",
                          "label": sentence, "when": i18n.period_label(lang, r.periods_per_year, t),
                          "mean_txt": i18n.fmt_money(float(mean[t]), lang, r.currency)})
    cols = ["scenario", "period", "mean", "shape", "label", "when", "mean_txt"]
    curve = _concat(frames, BAND_COLUMNS)
    # in the top-left corner, above the zero line (which they used to overlap)
    notes_df = _note_rows(notes, _headroom(float(np.max(curve["p95"])), float(np.min(curve["p5"])), len(notes))
                          if table_rows(curve) else 0.0)
    return {"business": curve, "business_marks": _from_rows(marks, cols), "business_notes": notes_df}


def _business_layout(lang: str, currency: str, ppy: int, labels: tuple[str, ...]) -> alt.TopLevelMixin:
    color = _scenario_color(labels)
    x = alt.X("period:Q", axis=_period_axis(lang, ppy), scale=alt.Scale(nice=False))
    base = alt.Chart(alt.NamedData(name="business")).encode(x=x, color=color)
    band = base.mark_area(opacity=0.18).encode(
        y=alt.Y("p5:Q", axis=_money_axis(lang, i18n.t(lang, "c_cash_y", currency=currency)),
                scale=alt.Scale(padding=12)), y2="p95:Q")
    line, hover = _mean_line_and_hover(base, lang, ppy)
    marks = alt.Chart(alt.NamedData(name="business_marks")).encode(x="period:Q", y="mean:Q", color=color)
    points = marks.mark_point(size=380, filled=True, stroke=BLACK, strokeWidth=1.5, opacity=1).encode(
        shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("scenario:N", title=i18n.t(lang, "c_scenario")),
                 alt.Tooltip("label:N", title=i18n.t(lang, "c_value")),
                 alt.Tooltip("when:N", title=i18n.period_axis(lang, ppy)),
                 alt.Tooltip("mean_txt:N", title=i18n.t(lang, "c_mean"))])
    chart = alt.layer(band, _zero_rule(), line, hover, points, _headroom_mark("business_notes"),
                      _notes("business_notes")).properties(
        title=_title(i18n.t(lang, "c_business_title"),
                     i18n.t(lang, "c_business_sub", unit=i18n.unit(lang, ppy))),
        height=HEIGHT, width="container")
    return style(chart)


def business_figure(runs: Runs, lang: str) -> Figure | None:
    """The whole business's cash curve, or None when no run has the business view."""
    if all(r.business is None for r in runs.values()):
        return None
    r = _last(runs)
    return Figure("business", (lang, r.currency, r.periods_per_year, tuple(runs)), _business_tables(runs, lang))


def business_chart(runs: Runs, lang: str) -> alt.TopLevelMixin | None:
    """Cumulative cash of the whole business with its band, capital needed and cash-positive points marked."""
    fig = business_figure(runs, lang)
    return fig.chart() if fig is not None else None


_LAYOUTS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "cash": _cash_layout,
    "funnel": _funnel_layout,
    "money": _money_layout,
    "active": _active_layout,
    "value": _value_layout,
    "business": _business_layout,
}


def figures(runs: Runs, lang: str) -> dict[str, Figure]:
    """Every chart of the app, by name, in display order (``business`` only with the business view)."""
    out = {
        "cash": cash_figure(runs, lang),
        "funnel": funnel_figure(runs, lang),
        "active": active_figure(runs, lang),
        "money": money_figure(runs, lang),
        "value": value_figure(runs, lang),
    }
    business = business_figure(runs, lang)
    if business is not None:
        out["business"] = business
    return out


def all_charts(runs: Runs, lang: str) -> dict[str, alt.TopLevelMixin]:
    """Every chart, complete with data, by name."""
    return {name: fig.chart() for name, fig in figures(runs, lang).items()}


# --------------------------------------------------------------------------
# Which fish pond: channels compared (simulator.channels)
# --------------------------------------------------------------------------


CHANNEL_CHART_METRICS = {"net_value": "m_net_value", "ltv_cac": "m_ltv_cac", "clv": "m_clv", "cac": "m_cac"}
"""Metrics :func:`channel_chart` can draw, with their :mod:`presentation.i18n` names."""


def channel_data(comparison, lang: str, metric: str = "net_value") -> dict[str, pd.DataFrame]:
    """``channels``: one row per channel with the metric's mean and 90% band, and formatted tooltip texts."""
    if metric not in CHANNEL_CHART_METRICS:
        raise ValueError(f"metric must be one of {', '.join(CHANNEL_CHART_METRICS)} (got {metric!r})")
    currency = comparison.currency

    def txt(x: float | None) -> str:
        return i18n.fmt_ratio(x, lang) if metric == "ltv_cac" else i18n.fmt_money(x, lang, currency)

    rows = []
    for ch in comparison.channels:
        band = getattr(ch, metric)
        rows.append({
            "channel": text_in(ch.name, lang),
            "mean": band.mean, "p5": band.p5, "p95": band.p95,
            "mean_txt": txt(band.mean),
            "band_txt": f"{txt(band.p5)} – {txt(band.p95)}",
            "profit_txt": i18n.fmt_percent(ch.prob_profit, lang, 0),
        })
    return {"channels": pd.DataFrame(rows, columns=["channel", "mean", "p5", "p95", "mean_txt", "band_txt",
                                                    "profit_txt"])}


def _channel_layout(lang: str, currency: str, metric: str, names: tuple[str, ...]) -> alt.TopLevelMixin:
    label = i18n.t(lang, CHANNEL_CHART_METRICS[metric])
    x_title = label if metric == "ltv_cac" else i18n.t(lang, "c_channel_x_money", metric=label,
                                                                currency=currency)
    colors = [REVENUE_COLORS[i % len(REVENUE_COLORS)] for i in range(len(names))]
    color = alt.Color("channel:N", scale=alt.Scale(domain=list(names), range=colors), legend=None)
    y = alt.Y("channel:N", sort=list(names), title=None, axis=alt.Axis(labelFontSize=LABEL_SIZE + 1, labelLimit=320))
    tooltip = [
        alt.Tooltip("channel:N", title=i18n.t(lang, "c_channel")),
        alt.Tooltip("mean_txt:N", title=i18n.t(lang, "c_channel_mean")),
        alt.Tooltip("band_txt:N", title=i18n.t(lang, "c_channel_band")),
        alt.Tooltip("profit_txt:N", title=i18n.t(lang, "m_prob_profit")),
    ]
    base = alt.Chart(alt.NamedData(name="channels")).encode(y=y, color=color, tooltip=tooltip)
    axis = (alt.Axis(title=x_title, tickCount=6) if metric == "ltv_cac" else _money_axis(lang, x_title))
    bars = base.mark_rule(strokeWidth=5, opacity=0.75).encode(x=alt.X("p5:Q", axis=axis, scale=alt.Scale(zero=True)),
                                                              x2="p95:Q")
    dots = base.mark_point(filled=True, size=260, opacity=1, stroke=BLACK, strokeWidth=1).encode(x="mean:Q")
    reference = 1.0 if metric == "ltv_cac" else 0.0  # break-even: LTV = CAC, or a net value of 0
    rule = alt.Chart(alt.InlineData(values=[{"x": reference}])).mark_rule(
        color="#444444", strokeDash=[6, 4], strokeWidth=1.5).encode(x="x:Q")
    chart = alt.layer(rule, bars, dots).properties(
        title=_title(i18n.t(lang, "c_channel_title", metric=label), i18n.t(lang, "c_channel_sub")),
        height=max(160, 70 * len(names)), width="container")
    return style(chart)


_LAYOUTS["channels"] = _channel_layout


def channel_figure(comparison, lang: str, metric: str = "net_value") -> Figure:
    """The channel chart's parts, for the app (layout keyed on language, currency, metric and channel names)."""
    names = tuple(text_in(ch.name, lang) for ch in comparison.channels)
    return Figure("channels", (lang, comparison.currency, metric, names), channel_data(comparison, lang, metric))


def channel_chart(comparison, lang: str, metric: str = "net_value") -> alt.TopLevelMixin:
    """Net value per buyer (or LTV : CAC, CLV, CAC) by channel, mean dot and 90% band, from
    :func:`simulator.channels.compare_channels`; a dashed line marks break-even."""
    return channel_figure(comparison, lang, metric).chart()


# --------------------------------------------------------------------------
# Lever sensitivity: tornado chart
# --------------------------------------------------------------------------

GROUP_COLORS = {"revenue": BLUE, "loyalty": GREEN, "cost": VERMILLION}
"""Sensitivity groups of the CLV trinity, in Okabe–Ito colours."""


def tornado_data(sensitivity: Any, lang: str) -> pd.DataFrame:
    """One row per lever and move (down, up): the mean change in net value per buyer and its 90% band."""

    pct = i18n.fmt_percent(sensitivity.step, lang)
    cur = sensitivity.currency
    rows = []
    for order, e in enumerate(sensitivity.effects):
        label = i18n.lever_label(e.lever, lang)
        for side, band, value, se in (("down", e.low, e.low_input, e.low_se), ("up", e.high, e.high_input, e.high_se)):
            if band is None or band.mean is None:
                continue
            mean_txt = i18n.fmt_money(band.mean, lang, cur)
            if se:
                mean_txt += f" ± {i18n.fmt_money(se, lang, cur)}"
            kind = "rate" if e.lever.kind == "rate" else "money"
            rows.append({
                "lever": label, "order": order, "group": i18n.group_label(e.lever.group, lang),
                "move": i18n.t(lang, "tn_down" if side == "down" else "tn_up", step=pct),
                "mean": band.mean, "p5": band.p5, "p95": band.p95, "zero": 0.0,
                "mean_txt": mean_txt,
                "band_txt": f"{i18n.fmt_money(band.p5, lang, cur)} – {i18n.fmt_money(band.p95, lang, cur)}",
                "input_txt": i18n.fmt_value(value, kind, lang, cur, sensitivity.periods_per_year),
            })
    return pd.DataFrame(rows, columns=["lever", "order", "group", "move", "mean", "p5", "p95", "zero",
                                       "mean_txt", "band_txt", "input_txt"])


def tornado_chart(sensitivity: Any, lang: str = "en", *, width: int | str = "container") -> alt.TopLevelMixin:
    """Tornado chart of a :class:`~simulator.sensitivity.Sensitivity`: levers sorted by swing.

    For each lever two thin bars from 0: the change in mean net value per buyer
    with the lever moved down (pale) and up (solid) by the step, coloured by the
    trinity group (revenue, loyalty, cost), with the 90% band across replicates
    as a whisker. Tooltips give the input used, the mean change and the band.
    """

    df = tornado_data(sensitivity, lang)
    pct = i18n.fmt_percent(sensitivity.step, lang)
    moves = [i18n.t(lang, "tn_down", step=pct), i18n.t(lang, "tn_up", step=pct)]
    groups = [g for g in ("revenue", "loyalty", "cost")]
    group_labels = [i18n.group_label(g, lang) for g in groups]
    levers = list(dict.fromkeys(df["lever"])) if len(df) else []
    title = _title(i18n.t(lang, "tn_title"), i18n.t(lang, "tn_sub", step=pct))
    if not levers:
        empty = pd.DataFrame({"text": [i18n.t(lang, "tn_empty")]})
        chart = alt.Chart(alt.Data(values=_records(empty))).mark_text(fontSize=LABEL_SIZE + 2).encode(text="text:N")
        return style(chart.properties(title=title, height=120, width=width))
    y = alt.Y("lever:N", sort=levers, title=None, axis=alt.Axis(labelLimit=340, labelFontSize=LABEL_SIZE))
    y_off = alt.YOffset("move:N", sort=moves, scale=alt.Scale(paddingInner=0.15))
    tooltip = [
        alt.Tooltip("lever:N", title=i18n.t(lang, "tn_lever")),
        alt.Tooltip("group:N", title=i18n.t(lang, "tn_group")),
        alt.Tooltip("move:N", title=i18n.t(lang, "tn_move")),
        alt.Tooltip("input_txt:N", title=i18n.t(lang, "tn_input")),
        alt.Tooltip("mean_txt:N", title=i18n.t(lang, "tn_change")),
        alt.Tooltip("band_txt:N", title=i18n.t(lang, "tn_band")),
    ]
    base = alt.Chart(alt.Data(values=_records(df))).encode(y=y, yOffset=y_off)
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("mean:Q", axis=_money_axis(lang, i18n.t(lang, "tn_x", currency=sensitivity.currency))),
        x2="zero:Q",
        color=alt.Color("group:N", scale=alt.Scale(domain=group_labels, range=[GROUP_COLORS[g] for g in groups]),
                        legend=alt.Legend(title=None, orient="top", labelFontSize=LABEL_SIZE, symbolSize=300)),
        opacity=alt.Opacity("move:N", scale=alt.Scale(domain=moves, range=[0.45, 1.0]),
                            legend=alt.Legend(title=None, orient="bottom", labelFontSize=LABEL_SIZE, symbolSize=300,
                                              symbolType="square")),
        tooltip=tooltip,
    )
    whiskers = base.mark_rule(color="#555555", strokeWidth=1.5).encode(x="p5:Q", x2="p95:Q", tooltip=tooltip)
    zero = alt.Chart(alt.Data(values=[{"x": 0.0}])).mark_rule(color="#444444", strokeWidth=1.5).encode(x="x:Q")
    # autosize "fit" counts the title, legends and axis in the height: about 210 px before the first lever
    height = int(210 + len(levers) * 50)
    chart = alt.layer(bars, whiskers, zero).properties(title=title, height=height, width=width)
    return style(chart)


# --------------------------------------------------------------------------
# Max affordable CAC: the chance of profit as the acquisition cost rises
# --------------------------------------------------------------------------


def affordability_data(result: Any, lang: str, points: int = 121) -> dict[str, pd.DataFrame]:
    """``curve``: the share of replicates that break even at each acquisition cost (from the per-replicate
    break-even costs of a :class:`~simulator.max_cac.MaxCacResult`); ``marks``: today's cost and the answer."""
    be = np.sort(np.asarray(result.break_even, dtype=float))
    finite = be[np.isfinite(be)]
    top = max(float(finite.max()) if finite.size else 0.0, result.value, result.current, 1.0) * 1.15
    xs = np.linspace(0.0, top, points)
    share = 1.0 - np.searchsorted(be, xs, side="left") / be.size  # P(break-even cost > x)
    cur = result.currency
    curve = pd.DataFrame({"cost": xs, "share": share,
                          "cost_txt": _money_texts(xs, lang, cur),
                          "share_txt": [i18n.fmt_percent(s, lang, 0) for s in share]})
    today = 1.0 - np.searchsorted(be, result.current, side="left") / be.size
    marks = pd.DataFrame([
        {"cost": result.current, "share": float(today), "kind": i18n.t(lang, "a_today"),
         "label": i18n.t(lang, "a_today_label", cost=i18n.fmt_money(result.current, lang, cur),
                         share=i18n.fmt_percent(float(today), lang, 0)), "color": "#555555", "shape": "circle"},
        {"cost": result.value, "share": float(result.confidence), "kind": i18n.t(lang, "a_most"),
         "label": i18n.t(lang, "a_most_label", cost=i18n.fmt_money(result.value, lang, cur),
                         share=i18n.fmt_percent(result.confidence, lang, 0)), "color": VERMILLION,
         "shape": "diamond"},
    ])
    marks["cost_txt"] = _money_texts(marks["cost"].to_numpy(), lang, cur)
    marks["share_txt"] = [i18n.fmt_percent(s, lang, 0) for s in marks["share"]]
    return {"curve": curve, "marks": marks}


def affordability_chart(result: Any, lang: str) -> alt.TopLevelMixin:
    """Chance of profit against the acquisition cost per buyer: where today's cost sits and the most you
    can pay at the chosen confidence (a :class:`~simulator.max_cac.MaxCacResult`)."""
    data = affordability_data(result, lang)
    cur = result.currency
    x = alt.X("cost:Q", axis=_money_axis(lang, i18n.t(lang, "a_x", currency=cur)), scale=alt.Scale(nice=False))
    y = alt.Y("share:Q", axis=alt.Axis(title=i18n.t(lang, "m_prob_profit"), format="%", tickCount=5),
              scale=alt.Scale(domain=[0, 1]))
    tooltip = [alt.Tooltip("cost_txt:N", title=i18n.t(lang, "a_x", currency=cur)),
               alt.Tooltip("share_txt:N", title=i18n.t(lang, "m_prob_profit"))]
    line = alt.Chart(alt.Data(values=_records(data["curve"]))).mark_line(
        color=BLUE, strokeWidth=3.5, interpolate="step-after").encode(x=x, y=y, tooltip=tooltip)
    marks = alt.Chart(alt.Data(values=_records(data["marks"])))
    rules = marks.mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(x="cost:Q", color=alt.Color("color:N", scale=None))
    points = marks.mark_point(size=380, filled=True, stroke=BLACK, strokeWidth=1.5, opacity=1).encode(
        x="cost:Q", y="share:Q", color=alt.Color("color:N", scale=None), shape=alt.Shape("shape:N", scale=None),
        tooltip=[alt.Tooltip("kind:N", title=" "), *tooltip])
    labels = marks.mark_text(align="left", dx=14, dy=-16, fontSize=LABEL_SIZE + 1, fontWeight="bold").encode(
        x="cost:Q", y="share:Q", text="label:N", color=alt.Color("color:N", scale=None))
    chart = alt.layer(line, rules, points, labels).properties(
        title=_title(i18n.t(lang, "a_title"), i18n.t(lang, "a_sub")), height=HEIGHT, width="container")
    return style(chart)
