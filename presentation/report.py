"""One self-contained HTML report of a scenario (or of two, compared), and PNGs of its charts.

The report holds the title and description, the headline numbers with 90%
bands, every chart the app shows (built by :mod:`presentation.charts`), the lever
sensitivity tornado, the max affordable CAC, the quick calculators and the
assumptions table (every input, ranges included). The charts travel as Vega-Lite
specs that the reader's browser draws, with the Vega libraries in the file
(:mod:`presentation.browser_charts`): no network reference, so it opens offline;
``html(charts="svg")`` draws them here instead, with ``vl_convert``, for a file
with no scripts at all (about 0.1–0.3 s of CPU per chart). Every piece of user
text (scenario names, descriptions, step names) is escaped with :func:`html.escape`,
and with JSON escapes inside the specs.

:func:`prepare_report` does the computing once; its :class:`Report` gives the
HTML (:meth:`Report.html`) and writes PNGs (:meth:`Report.write_pngs`).
:func:`build_report` and :func:`export_pngs` are the one-call forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Callable

import altair as alt
import numpy as np
import pandas as pd

from . import browser_charts, charts, i18n
from simulator.calculators import Calculators, calculators_for
from simulator.engine import simulate
from simulator.max_cac import CONFIDENCES, MaxCacResult, NoAffordableCac, max_affordable_cac
from simulator.metrics import Band, Summary, summarise
from .presenter import story_in
from .texts import text_in
from .catalogue import FIELD_ZH
from .messages import problems_text
from .i18n import calculation_reasons, group_label, lever_label, t
from simulator.randomness import resolve_seed
from simulator.result import SimulationResult
from simulator.scenario import LocalText, Scenario
from simulator.sensitivity import Sensitivity, sensitivity

CHART_WIDTH = 920
"""Width of the charts in the report, in CSS pixels."""

PNG_SCALE = 2
"""PNG export resolution: 2 = twice the CSS pixel size (sharp on a projector)."""

DRAWINGS = ("browser", "svg")
"""How :meth:`Report.html` draws the charts: by the reader's browser (the default), or as SVG here."""


@dataclass
class _Part:
    """One scenario's computed pieces."""

    label: str
    scenario: Scenario
    result: SimulationResult
    summary: Summary
    max_cac: list[tuple[str, float, MaxCacResult | str]]
    """(lever, confidence, result or the reason there is none)."""
    sensitivity: Sensitivity
    calculators: Calculators


@dataclass
class Report:
    """Everything a report shows, computed; :meth:`html` and :meth:`write_pngs` render it."""

    lang: str
    parts: list[_Part]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Every chart by file-friendly name: its Vega-Lite spec, complete with data."""

    @property
    def compare(self) -> bool:
        return len(self.parts) == 2

    def html(self, charts: str = "browser") -> str:
        """The page; ``charts`` is one of :data:`DRAWINGS`."""
        if charts not in DRAWINGS:
            raise ValueError(f"charts must be one of {DRAWINGS}, not {charts!r}")
        return _html(self, charts)

    def write_pngs(self, out_dir: str | Path) -> list[Path]:
        """One PNG per chart in ``out_dir`` (created if needed); returns the paths written."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, chart in self.charts.items():
            path = out / f"{name}.png"
            path.write_bytes(chart_png(chart))
            paths.append(path)
        return paths


def _sized(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The chart's Vega-Lite dict at the report's width (a new top level: the parts it shares are not changed)."""
    spec = chart.to_dict(validate=False) if isinstance(chart, alt.TopLevelMixin) else dict(chart)
    spec["width"] = CHART_WIDTH
    # room above the title: vl_convert measures glyphs with Latin metrics, so CJK titles would lose their tops
    spec["padding"] = {**(spec.get("padding") or {}), "top": 14}
    return spec


def _figure_spec(fig: charts.Figure) -> dict[str, Any]:
    """A figure's Vega-Lite dict with its data inlined, as :meth:`charts.Figure.chart` draws it, without building
    Altair objects: the layout is built once per key (:func:`charts.layout_spec`, shared, so only copied at the
    top), the data become records of plain values (NaN as None: JSON's null)."""
    spec = dict(charts.layout_spec(fig.name, fig.key))
    spec["datasets"] = {**spec.get("datasets", {}), **{name: _rows(table) for name, table in fig.data.items()}}
    return spec


def _rows(table: Any) -> list[dict[str, Any]]:
    """A dataset, a DataFrame or columns (name → numpy array or list), as rows of plain Python values."""
    columns = {c: table[c].to_numpy() for c in table.columns} if isinstance(table, pd.DataFrame) else table
    values = [v.tolist() if isinstance(v, np.ndarray) else list(v) for v in columns.values()]
    return [{k: None if v != v else v for k, v in zip(columns, row)}  # v != v: NaN, which JSON has not
            for row in zip(*values)]


def _run_label(lang: str, which: str, name: str) -> str:
    short = name if len(name) <= 40 else name[:39] + "…"
    return f"{which}: {short}"


def prepare_report(
    scenario: Scenario,
    *,
    compare_with: Scenario | None = None,
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    lang: str = "en",
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Report:
    """Simulate and compute everything the report shows.

    With ``compare_with``, ``scenario`` is A and ``compare_with`` is B; both run
    with the same seed (A's unless ``seed`` is given), so differences are the levers.
    ``cancel`` is handed to every run (True stops it: :class:`simulator.problems.Cancelled`).
    ``progress`` is called with the fraction done after each run, the sensitivity's included (most of
    the time), and with 1.0 once the charts are ready.
    """
    lang = i18n.normalise_lang(lang) or i18n.DEFAULT_LANG
    scenarios = [scenario] if compare_with is None else [scenario, compare_with]
    seed = resolve_seed(scenario, seed)  # A's (or fresh, for seed: null), shared by B: differences are the levers

    def at(i: int, within: float) -> None:
        """Scenario ``i`` is ``within`` (0 to 1) done; the charts, after every scenario, take the last 5%."""
        if progress is not None:
            progress(0.95 * (i + within) / len(scenarios))

    parts = []
    for i, sc in enumerate(scenarios):
        label = t(lang, "label_one") if len(scenarios) == 1 else _run_label(lang, "AB"[i], text_in(sc.name, lang))
        result = simulate(sc, seed=seed, customers=customers, replicates=replicates, cancel=cancel)
        at(i, 0.08)
        sizes = dict(seed=result.seed, customers=result.customers, replicates=result.replicates)
        levers = ["cac"] + (["commission"] if _has_commission(sc) else [])
        mc: list[tuple[str, float, MaxCacResult | str]] = []
        for lever in levers:
            for q in CONFIDENCES:
                try:
                    mc.append((lever, q, max_affordable_cac(sc, confidence=q, lever=lever, result=result)))
                except NoAffordableCac as exc:
                    mc.append((lever, q, str(exc)))
        at(i, 0.1)
        sens = sensitivity(sc, **sizes, cancel=cancel,
                           progress=None if progress is None else lambda f, i=i: at(i, 0.1 + 0.9 * f))
        parts.append(_Part(label, sc, result, summarise(result), mc, sens, calculators_for(sc, result)))
    runs = {p.label: p.result for p in parts}
    named = {f"chart_{name}": _figure_spec(fig) for name, fig in charts.figures(runs, lang).items()}
    for i, p in enumerate(parts):
        suffix = "" if len(parts) == 1 else f"_{'ab'[i]}"
        named[f"sensitivity{suffix}"] = charts.tornado_chart(p.sensitivity, lang).to_dict(validate=False)
    if progress is not None:
        progress(1.0)
    return Report(lang=lang, parts=parts, charts=named)


def _has_commission(scenario: Scenario) -> bool:
    c = scenario.acquisition.affiliate_commission
    return (c.high if hasattr(c, "high") else float(c)) > 0


def build_report(
    scenario: Scenario,
    *,
    compare_with: Scenario | None = None,
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    lang: str = "en",
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> str:
    """The self-contained HTML report of ``scenario`` (A) or of A against ``compare_with`` (B)."""
    return prepare_report(scenario, compare_with=compare_with, seed=seed, customers=customers,
                          replicates=replicates, lang=lang, progress=progress,
                          cancel=cancel).html()


def export_pngs(
    scenario: Scenario,
    out_dir: str | Path,
    *,
    compare_with: Scenario | None = None,
    seed: int | None = None,
    customers: int | None = None,
    replicates: int | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write one PNG per report chart into ``out_dir``; returns the paths."""
    return prepare_report(scenario, compare_with=compare_with, seed=seed, customers=customers,
                          replicates=replicates, lang=lang).write_pngs(out_dir)


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = PNG_SCALE) -> bytes:
    """One chart as PNG bytes (e.g. for a download button), rendered offline by vl_convert."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(_sized(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """A chart as inline SVG markup (no XML prolog), rendered offline by vl_convert."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(_sized(chart))
    start = svg.find("<svg")
    return svg[start:] if start > 0 else svg


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

_CSS = """
body{font-family:"Source Sans 3","Source Sans Pro","Noto Sans CJK SC","Noto Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;color:#222;max-width:980px;margin:24px auto;padding:0 16px;line-height:1.45}
h1{font-size:30px;margin:0 0 4px}h2{font-size:23px;margin:32px 0 8px;border-bottom:2px solid #0072B2;
padding-bottom:4px}h3{font-size:19px;margin:18px 0 6px}
.kind{color:#0072B2;font-weight:600;text-transform:uppercase;letter-spacing:.05em;font-size:13px}
.desc{white-space:pre-wrap;color:#333}.meta{color:#555;font-size:14px}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:15px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f3f6f9;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}tr.changed td{background:#fff6e0}.tag{font-size:12px;color:#b35900}
.chart{margin:12px 0 22px;page-break-inside:avoid}.chart svg{max-width:100%;height:auto;overflow:visible}
.big{font-size:17px}td.inputs{min-width:200px;font-size:14px}.note{color:#555;font-size:14px}.neg{color:#b30000}
footer{margin-top:36px;color:#777;font-size:13px;border-top:1px solid #ddd;padding-top:8px}
@media print{h2{page-break-after:avoid}}
"""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _money(x: float | None, lang: str, currency: str) -> str:
    return i18n.fmt_money(x, lang, currency)


def _band_text(b: Band, fmt: Callable[[float | None], str], lang: str) -> str:
    return t(lang, "band", low=fmt(b.p5), high=fmt(b.p95))


def _metric_rows(part: _Part, lang: str) -> list[tuple[str, str, Band | None, Callable, np.ndarray | None]]:
    """(key, label, band, formatter, per-replicate values) for the headline table."""
    s, r = part.summary, part.result
    cur, ppy = r.currency, r.periods_per_year

    def money(x):
        return _money(x, lang, cur)

    def periods(x):
        return i18n.fmt_periods(x, lang, ppy)

    def ratio(x):
        return i18n.fmt_ratio(x, lang)

    def number(x):
        return i18n.fmt_number(x, lang)

    rows = [
        ("clv", t(lang, "m_clv"), s.metrics["clv"], money, r.clv),
        ("cac", t(lang, "m_cac"), s.metrics["cac"], money, r.cac_per_buyer),
        ("net_value", t(lang, "m_net_value"), s.metrics["net_value"], money, r.net_value),
        ("ltv_cac", t(lang, "m_ltv_cac"), s.metrics["ltv_cac"], ratio, None),
        ("front_end_profit", t(lang, "m_front_end_profit"), s.metrics["front_end_profit"], money, r.front_end_profit),
        ("back_end_profit", t(lang, "r_back_end_profit"), s.metrics["back_end_profit"], money, r.back_end_profit),
        ("payback_period", t(lang, "m_payback"), s.metrics["payback_period"], periods, None),
    ]
    if part.scenario.referral is not None:
        rows.append(("referred_buyers", t(lang, "r_referred"), s.metrics["referred_buyers"], number,
                     r.referred_buyers_per_buyer))
    return rows


def _headlines(rep: Report) -> str:
    lang = rep.lang
    parts = rep.parts
    out = [f"<h2>{_e(t(lang, 'r_headlines'))}</h2>", "<table>"]
    if not rep.compare:
        p = parts[0]
        out.append(f"<tr><th>{_e(t(lang, 'r_metric'))}</th><th class=num>{_e(t(lang, 'r_mean'))}</th>"
                   f"<th class=num>{_e(t(lang, 'r_band'))}</th></tr>")
        for key, label, band, fmt, _ in _metric_rows(p, lang):
            out.append(f"<tr><td>{_e(label)}</td><td class=num data-metric='{key}'>{_e(fmt(band.mean))}</td>"
                       f"<td class=num>{_e(fmt(band.p5))} – {_e(fmt(band.p95))}</td></tr>")
        s = p.summary
        out.append(f"<tr><td>{_e(t(lang, 'm_prob_profit'))}</td><td class=num data-metric='prob_profit'>"
                   f"{_e(i18n.fmt_percent(s.prob_profit, lang))}</td><td class=num>"
                   f"{_e(t(lang, 'prob_note', replicates=s.replicates))}</td></tr>")
        out.append(f"<tr><td>{_e(t(lang, 'r_prob_payback'))}</td><td class=num>"
                   f"{_e(i18n.fmt_percent(s.prob_payback, lang))}</td><td></td></tr>")
        out.append("</table>")
        return "\n".join(out)
    a, b = parts
    out.append(f"<tr><th>{_e(t(lang, 'r_metric'))}</th><th class=num>{_e(a.label)}</th><th class=num>{_e(b.label)}"
               f"</th><th class=num>{_e(t(lang, 'r_difference'))}</th><th class=num>{_e(t(lang, 'r_band'))} "
               f"({_e(t(lang, 'r_difference'))})</th></tr>")
    rows_b = {k: (band, f, vals) for k, _, band, f, vals in _metric_rows(b, lang)}
    # differences only where they mean something: same replicates (paired) and the same currency
    same = a.result.replicates == b.result.replicates and a.result.currency == b.result.currency
    for key, label, band_a, fmt, vals_a in _metric_rows(a, lang):
        if key not in rows_b:
            continue
        band_b, fmt_b, vals_b = rows_b[key]
        diff = ""
        diff_band = ""
        if vals_a is not None and vals_b is not None and same:
            d = Band.of(np.asarray(vals_b) - np.asarray(vals_a))
            diff, diff_band = fmt(d.mean), f"{fmt(d.p5)} – {fmt(d.p95)}"
        out.append(f"<tr><td>{_e(label)}</td><td class=num>{_e(fmt(band_a.mean))}<br><span class=note>"
                   f"{_e(fmt(band_a.p5))} – {_e(fmt(band_a.p95))}</span></td><td class=num>{_e(fmt_b(band_b.mean))}"
                   f"<br><span class=note>{_e(fmt_b(band_b.p5))} – {_e(fmt_b(band_b.p95))}</span></td>"
                   f"<td class=num>{_e(diff)}</td><td class=num>{_e(diff_band)}</td></tr>")
    pa, pb = a.summary.prob_profit, b.summary.prob_profit
    out.append(f"<tr><td>{_e(t(lang, 'm_prob_profit'))}</td><td class=num>{_e(i18n.fmt_percent(pa, lang))}</td>"
               f"<td class=num>{_e(i18n.fmt_percent(pb, lang))}</td><td class=num>"
               f"{_e(i18n.fmt_percent(pb - pa, lang))}</td><td></td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _max_cac(part: _Part, lang: str) -> str:
    cur = part.result.currency
    out = [f"<h3>{_e(t(lang, 'mc_title'))}</h3>", "<table>",
           f"<tr><th></th><th class=num>{_e(t(lang, 'mc_confidence'))}</th><th class=num>{_e(t(lang, 'mc_value'))}"
           f"</th><th class=num>{_e(t(lang, 'mc_current'))}</th><th class=num>{_e(t(lang, 'mc_headroom'))}</th></tr>"]
    sentence = ""
    for lever, q, res in part.max_cac:
        name = t(lang, f"mc_lever_{lever}")
        conf = i18n.fmt_percent(q, lang)
        if isinstance(res, str):
            out.append(f"<tr><td>{_e(name)}</td><td class=num>{_e(conf)}</td><td colspan=3>"
                       f"{_e(t(lang, 'mc_none', confidence=conf))}</td></tr>")
            continue
        cls = " neg" if res.headroom < 0 else ""
        out.append(f"<tr><td>{_e(name)}</td><td class=num>{_e(conf)}</td><td class=num data-max-cac='{lever}-{q}'>"
                   f"{_e(_money(res.value, lang, cur))}</td><td class=num>{_e(_money(res.current, lang, cur))}</td>"
                   f"<td class='num{cls}'>{_e(_money(res.headroom, lang, cur))}</td></tr>")
        if lever == "cac" and q == 0.8:
            sentence = t(lang, "mc_sentence", value=_money(res.value, lang, cur), confidence=conf)
    out.append("</table>")
    if sentence:
        out.append(f"<p class=big>{_e(sentence)}</p>")
    out.append(f"<p class=note>{_e(t(lang, 'mc_note', confidence='80%'))}</p>")
    return "\n".join(out)


def _calculators(part: _Part, lang: str) -> str:
    cur = part.result.currency
    ppy = part.result.periods_per_year
    unit, units = i18n.unit(lang, ppy), i18n.units(lang, ppy)
    out = [f"<h3>{_e(t(lang, 'calc_title'))}</h3>", "<table>",
           f"<tr><th>{_e(t(lang, 'calc_formula'))}</th><th>{_e(t(lang, 'calc_inputs'))}</th><th class=num>"
           f"{_e(t(lang, 'calc_result'))}</th><th class=num>{_e(t(lang, 'calc_simulation'))}</th><th>"
           f"{_e(t(lang, 'calc_why'))}</th></tr>"]
    kinds = {"total_profit": "money", "customers": "count", "order_value": "money", "frequency": "count",
             "margin": "rate", "lifespan": "count", "traffic": "count", "conversion": "rate", "repeat": "count"}
    for c in part.calculators.rows():
        inputs = "<br>".join(
            f"{_e(t(lang, f'in_{k}', unit=unit, units=units))}: {_e(i18n.fmt_value(v, kinds[k], lang, cur, ppy))}"
            for k, v in c.inputs.items())
        out.append(
            f"<tr><td><b>{_e(t(lang, f'calc_{c.key}'))}</b><br><span class=note>{_e(t(lang, f'calc_{c.key}_f'))}"
            f"</span></td><td class=inputs>{inputs}</td><td class=num data-calc='{c.key}'>{_e(_money(c.formula_value, lang, cur))}"
            f"</td><td class=num>{_e(_money(c.simulation_value, lang, cur))}<br><span class=note>"
            f"{_e(_money(c.simulation_p5, lang, cur))} – {_e(_money(c.simulation_p95, lang, cur))}</span></td>"
            f"<td>{_e(calculation_reasons(c, lang))}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _sensitivity_table(part: _Part, lang: str) -> str:
    sens = part.sensitivity
    cur = sens.currency
    pct = i18n.fmt_percent(sens.step, lang)
    out = ["<table>", f"<tr><th>{_e(t(lang, 'tn_lever'))}</th><th>{_e(t(lang, 'tn_group'))}</th><th class=num>"
           f"{_e(t(lang, 'tn_down', step=pct))}</th><th class=num>{_e(t(lang, 'tn_up', step=pct))}</th></tr>"]

    def cell(b: Band | None) -> str:
        if b is None:
            return "–"
        return (f"{_e(_money(b.mean, lang, cur))}<br><span class=note>{_e(_money(b.p5, lang, cur))} – "
                f"{_e(_money(b.p95, lang, cur))}</span>")

    for e in sens.effects:
        note = f"<br><span class=note>{_e(t(lang, 'tn_refused', reason='; '.join(problems_text(e.notes, lang))))}</span>" if e.notes else ""
        out.append(f"<tr><td>{_e(lever_label(e.lever, lang))}{note}</td><td>{_e(group_label(e.lever.group, lang))}"
                   f"</td><td class=num>{cell(e.low)}</td><td class=num>{cell(e.high)}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


# -- assumptions -------------------------------------------------------------


def _flatten(data: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """(path, leaf) for every input; a range ({low, high, ...}) is one leaf."""
    if isinstance(data, dict) and not ("low" in data and "high" in data):
        out = []
        for k, v in data.items():
            out += _flatten(v, path + (k,))
        return out
    if isinstance(data, list):
        out = []
        for i, v in enumerate(data):
            out += _flatten(v, path + (i,))
        return out
    return [(path, data)]


def _path_text(path: tuple, data: dict, lang: str) -> str:
    """``back_end[1] Consulting package · take_rate`` (field names glossed in Chinese)."""
    words, node = [], data
    for part in path:
        if isinstance(part, int):
            node = node[part]
            name = node.get("name") if isinstance(node, dict) else None
            words[-1] += f"[{part}]" + (f" {name}" if name else "")
            continue
        node = node[part] if isinstance(node, dict) else node
        words.append(FIELD_ZH.get(part, part) if lang == "zh" else part)
    return " · ".join(words)


def _leaf_text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        low, high = _plain_number(value["low"]), _plain_number(value["high"])
        dist = value.get("dist")
        if dist in ("uniform", "triangular") or (dist == "beta" and value["high"] > 1):
            text = t(lang, "r_range_support", low=low, high=high, dist=dist)
        else:
            text = t(lang, "r_range", low=low, high=high) + (f" {dist}" if dist else "")
        if value.get("mode") is not None:
            text += f", mode {_plain_number(value['mode'])}"
        return text
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return _plain_number(value)
    return str(value)


def _plain_number(value: float) -> str:
    """An input as typed: ``1,500``, ``0.012``, ``7.95``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.6g}"


def _in_language(data: Any, lang: str) -> Any:
    """Dumped scenario data with every ``{en, zh}`` text replaced by its text in ``lang``."""
    if isinstance(data, dict):
        if data and set(data) <= {"en", "zh"}:
            return text_in(LocalText(**data), lang)
        return {k: _in_language(v, lang) for k, v in data.items()}
    if isinstance(data, list):
        return [_in_language(v, lang) for v in data]
    return data


def _inputs(scenario: Scenario, lang: str) -> tuple[dict, list[tuple[tuple, Any]]]:
    data = _in_language(scenario.model_dump(mode="json", exclude_none=True), lang)
    body = {k: v for k, v in data.items() if k not in ("version", "name", "description", "source")}
    return data, _flatten(body)


def _assumptions(rep: Report) -> str:
    lang = rep.lang
    out = [f"<h2>{_e(t(lang, 'r_assumptions'))}</h2>", "<table>"]
    if not rep.compare:
        data, leaves = _inputs(rep.parts[0].scenario, lang)
        out.append(f"<tr><th>{_e(t(lang, 'r_field'))}</th><th>{_e(t(lang, 'r_value'))}</th></tr>")
        for path, value in leaves:
            out.append(f"<tr><td>{_e(_path_text(path, data, lang))}</td><td>{_e(_leaf_text(value, lang))}</td></tr>")
    else:
        (da, la), (db, lb) = _inputs(rep.parts[0].scenario, lang), _inputs(rep.parts[1].scenario, lang)
        va, vb = dict(la), dict(lb)
        order = list(va) + [p for p in vb if p not in va]
        out.append(f"<tr><th>{_e(t(lang, 'r_field'))}</th><th>{_e(rep.parts[0].label)}</th>"
                   f"<th>{_e(rep.parts[1].label)}</th></tr>")
        none = t(lang, "r_not_set")
        for path in order:
            a = _leaf_text(va[path], lang) if path in va else none
            b = _leaf_text(vb[path], lang) if path in vb else none
            changed = a != b
            label = _path_text(path, da if path in va else db, lang)
            tag = f" <span class=tag>{_e(t(lang, 'r_changed'))}</span>" if changed else ""
            out.append(f"<tr{' class=changed' if changed else ''}><td>{_e(label)}{tag}</td><td>{_e(a)}</td>"
                       f"<td>{_e(b)}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _html(rep: Report, drawing: str) -> str:
    lang = rep.lang
    parts = rep.parts
    first = parts[0]
    r = first.result
    if rep.compare:
        kind = t(lang, "r_compare_title")
        title = f"{text_in(parts[0].scenario.name, lang)}  ↔  {text_in(parts[1].scenario.name, lang)}"
    else:
        kind = t(lang, "r_title")
        title = text_in(first.scenario.name, lang)
    currency = " / ".join(dict.fromkeys(p.result.currency for p in parts))
    meta = t(lang, "r_generated", customers=f"{r.customers:,}", replicates=f"{r.replicates:,}", seed=r.seed,
             currency=currency)
    body = [f"<p class=kind>{_e(kind)}</p>", f"<h1>{_e(title)}</h1>"]
    for p in parts:
        if rep.compare:
            body.append(f"<h3>{_e(p.label)}</h3>")
        story = story_in(p.scenario.description, lang, p.scenario.source)  # in the report's language
        for paragraph in filter(None, story.split("\n\n")):
            body.append(f"<p class=desc>{_e(paragraph)}</p>")
    body.append(f"<p class=meta>{_e(meta)}</p>")
    body.append(_headlines(rep))
    body.append(f"<h2>{_e(t(lang, 'r_tools'))}</h2>")
    for p in parts:
        if rep.compare:
            body.append(f"<h3>{_e(p.label)}</h3>")
        body.append(_max_cac(p, lang))
        body.append(_calculators(p, lang))
    body.append(f"<h2>{_e(t(lang, 'r_charts'))}</h2>")
    specs: dict[str, dict[str, Any]] = {}  # the charts the browser draws, by element id

    def chart(name: str) -> str:
        if drawing == "svg":
            return f"<div class=chart id='{_e(name)}'>{chart_svg(rep.charts[name])}</div>"
        specs[name] = browser_charts.drawn_as_svg(_sized(rep.charts[name]))
        return f"<div class=chart id='{_e(name)}'><noscript>{_e(t(lang, 'r_noscript'))}</noscript></div>"

    for name in rep.charts:
        if name.startswith("chart_"):
            body.append(chart(name))
    body.append(f"<h2>{_e(t(lang, 'r_sensitivity'))}</h2>")
    for i, p in enumerate(parts):
        if rep.compare:
            body.append(f"<h3>{_e(p.label)}</h3>")
        key = "sensitivity" if not rep.compare else f"sensitivity_{'ab'[i]}"
        body.append(chart(key))
        body.append(_sensitivity_table(p, lang))
    body.append(_assumptions(rep))
    body.append(f"<footer>{_e(t(lang, 'r_footer'))}</footer>")
    if specs:
        body.append(browser_charts.page_scripts(specs))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f"<!DOCTYPE html>\n<html lang='{html_lang}'>\n<head>\n<meta charset='utf-8'>\n"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<title>{_e(kind)} · {_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
