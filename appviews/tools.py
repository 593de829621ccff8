"""The Tools view: direct answers for the current scenario, beside the sliders.

* **Most you can pay** — :func:`simulator.max_cac.max_affordable_cac` at 50/80/95% confidence,
  optionally paying back within N periods, for the CAC or the affiliate commission;
* **Which fish pond** — :func:`simulator.channels.compare_channels` and :func:`~simulator.channels.best_split`;
* **Which lever** — :func:`simulator.sensitivity.sensitivity` as a tornado chart;
* **Formulas** — :func:`simulator.calculators.calculators_for`: the formulas people know, beside the simulation;
* **Report** — :func:`presentation.report.build_report` (one self-contained HTML file) and a PNG of any chart.

Only the chosen tool computes, and every answer is cached by (scenario YAML, options), so the
levers stay as quick here as on the simulator page.
"""

from __future__ import annotations

import hashlib
import logging

import pandas as pd
import streamlit as st

from presentation import charts, i18n, share
from presentation import levers as ui_state
from simulator.calculators import Calculators, average_clv, calculators_for, channel_sales, historical_clv
from simulator.channels import ChannelComparison, best_split, compare_channels
from presentation.i18n import escape_markdown as md
from simulator.max_cac import CONFIDENCES, DEFAULT_CONFIDENCE, MaxCacResult, NoAffordableCac, max_affordable_cac
from presentation.report import build_report, chart_png
from presentation.messages import problems_text
from simulator.problems import Problem, ProblemError
from presentation.texts import text_in
from simulator.scenario import Scenario, ScenarioError, centre, load_scenario_text, text_key
from simulator.sensitivity import Sensitivity, sensitivity

from .runs import answer, simulate_cached, sizes, stoppable

TOOLS = ("max_cac", "channels", "sensitivity", "calc", "report")
SENSITIVITY_REPLICATES = 100  # each lever is two more runs: fewer replicates keep the answer within seconds
log = logging.getLogger("funnel_app")


t = i18n.t


def _sizes(scenario: Scenario) -> tuple[int, int, int]:
    """The seed (as the simulator page uses it) and sample size of ``scenario`` (within the app's budget)."""
    sim = sizes(scenario)
    return ui_state.effective_seed(scenario), sim.customers, sim.replicates


# --------------------------------------------------------------------------
# Cached answers
# --------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def _max_cac(yaml_text: str, confidence: float, payback_within: int | None, lever: str
             ) -> MaxCacResult | tuple[Problem, ...]:
    scenario = load_scenario_text(yaml_text)
    seed, customers, replicates = _sizes(scenario)
    result = simulate_cached(yaml_text, seed, customers, replicates)
    try:
        return max_affordable_cac(scenario, confidence=confidence, payback_within=payback_within, lever=lever,
                                  seed=seed, customers=customers, replicates=replicates, result=result)
    except NoAffordableCac as exc:
        return exc.problems


def _channels(yaml_text: str, progress=None, cancel=None) -> ChannelComparison:
    def compute() -> ChannelComparison:
        scenario = load_scenario_text(yaml_text)
        seed, customers, replicates = _sizes(scenario)
        return compare_channels(scenario, seed=seed, customers=customers, replicates=replicates, progress=progress,
                                cancel=cancel)

    return answer("channels", yaml_text, compute)


def _sensitivity(yaml_text: str, step: float, progress=None, cancel=None) -> Sensitivity:
    def compute() -> Sensitivity:
        scenario = load_scenario_text(yaml_text)
        seed, customers, replicates = _sizes(scenario)
        return sensitivity(scenario, step=step, seed=seed, customers=customers,
                           replicates=min(replicates, SENSITIVITY_REPLICATES), progress=progress, cancel=cancel)

    return answer("sensitivity", (yaml_text, step), compute)


@st.cache_data(show_spinner=False, max_entries=16)
def _calculators(yaml_text: str) -> Calculators:
    scenario = load_scenario_text(yaml_text)
    seed, customers, replicates = _sizes(scenario)
    return calculators_for(scenario, simulate_cached(yaml_text, seed, customers, replicates))


def _report(yaml_text: str, pinned_yaml: str | None, lang: str, progress=None, cancel=None) -> str:
    """The report, at the sample size the page shows (within the app's budget; the CLI's ``report`` runs any size)."""
    def compute() -> str:
        if pinned_yaml is not None:  # A is the pinned scenario, B the current one, as on the simulator page
            a, b = load_scenario_text(pinned_yaml), load_scenario_text(yaml_text)
            seed, customers, replicates = _sizes(b)
            return build_report(a, compare_with=b, seed=seed, customers=customers, replicates=replicates, lang=lang,
                                progress=progress, cancel=cancel)
        scenario = load_scenario_text(yaml_text)
        _seed, customers, replicates = _sizes(scenario)
        return build_report(scenario, customers=customers, replicates=replicates, lang=lang, progress=progress,
                            cancel=cancel)

    return answer("report", (yaml_text, pinned_yaml, lang), compute, max_entries=4)


def png_chart(yaml_text: str, pinned_yaml: str | None, lang: str, name: str):
    """The chart ``name`` as the simulator page draws it: A (pinned) and B (current) in compare mode, the same seed."""
    scenario = load_scenario_text(yaml_text)
    seed, customers, replicates = _sizes(scenario)
    result = simulate_cached(yaml_text, seed, customers, replicates)
    if pinned_yaml is None:
        return charts.all_charts({t(lang, "label_one"): result}, lang)[name]
    pinned = simulate_cached(pinned_yaml, seed, customers, replicates)
    return charts.all_charts({t(lang, "label_a"): pinned, t(lang, "label_b"): result}, lang)[name]


@st.cache_data(show_spinner=False, max_entries=8)
def _png(yaml_text: str, pinned_yaml: str | None, lang: str, name: str) -> bytes:
    return chart_png(png_chart(yaml_text, pinned_yaml, lang, name))


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _money(x: float | None, lang: str, currency: str) -> str:
    return i18n.fmt_money(x, lang, currency)


def _failed(lang: str, exc: Exception) -> None:
    log.exception("a tool failed")
    messages = problems_text(exc, lang) if isinstance(exc, ProblemError) else [t(lang, "details_in_log")]
    text = "\n".join(f"- {md(m)}" for m in messages)
    st.error(t(lang, "simulation_failed", error="") + "\n\n" + text)


def _draw_max_cac(lang: str, scenario: Scenario, yaml_text: str) -> None:
    ppy, cur = scenario.periods_per_year, scenario.currency
    has_commission = centre(scenario.acquisition.affiliate_commission) > 0
    cols = st.columns([2, 2, 3], vertical_alignment="bottom")
    levers = ["cac", "commission"] if has_commission else ["cac"]
    lever = cols[0].segmented_control(t(lang, "tool_lever"), levers, format_func=lambda v: t(lang, f"mc_lever_{v}"),
                                      default="cac", key="mc_lever", required=True)
    confidence = cols[1].segmented_control(t(lang, "mc_confidence"), list(CONFIDENCES), default=DEFAULT_CONFIDENCE,
                                           format_func=lambda q: i18n.fmt_percent(q, lang, 0), key="mc_confidence",
                                           required=True)
    with cols[2]:
        payback_on = st.toggle(t(lang, "mc_payback_toggle"), key="mc_payback_on")
        within = None
        if payback_on:
            within = st.slider(t(lang, "mc_payback_within", units=i18n.units(lang, ppy)), 0, scenario.horizon - 1,
                               min(12, scenario.horizon - 1), key="mc_payback")
    res = _max_cac(yaml_text, float(confidence), within, lever)
    if isinstance(res, tuple):
        st.warning(t(lang, "mc_none", confidence=i18n.fmt_percent(confidence, lang, 0)) + "\n\n"
                   + md(" ".join(problems_text(res, lang))))
        return
    conf = i18n.fmt_percent(res.confidence, lang, 0)
    metric_cols = st.columns(3)
    with metric_cols[0].container(border=True, height="stretch"):  # the row's cards as tall as its tallest
        st.metric(t(lang, "mc_value"), _money(res.value, lang, cur), delta=_money(res.headroom, lang, cur))
        st.caption(t(lang, "mc_band", low=_money(res.band.p5, lang, cur), high=_money(res.band.p95, lang, cur)))
    with metric_cols[1].container(border=True, height="stretch"):
        st.metric(t(lang, "mc_current"), _money(res.current, lang, cur))
        st.caption(t(lang, f"mc_lever_{res.lever}"))
    with metric_cols[2].container(border=True, height="stretch"):
        st.metric(t(lang, "m_prob_profit"), i18n.fmt_percent(res.prob_profit_at_value, lang, 0))
        st.caption(t(lang, "mc_verify", value=_money(res.value, lang, cur),
                     share=i18n.fmt_percent(res.prob_profit_at_value, lang, 0)))
    st.markdown("**" + md(t(lang, "mc_sentence", value=_money(res.value, lang, cur), confidence=conf)) + "**")
    if res.payback_binding and res.payback_within is not None:
        st.caption(t(lang, "mc_payback_binds", when=i18n.fmt_periods(res.payback_within, lang, ppy),
                     break_even=_money(res.value_break_even, lang, cur)))
    st.vega_lite_chart(spec=charts.affordability_chart(res, lang).to_dict(validate=False), width="stretch")


def _draw_channels(lang: str, scenario: Scenario, yaml_text: str) -> None:
    channels = scenario.acquisition.channels
    if len(channels) < 2:
        st.info(t(lang, "ch_one"))
        return
    ppy, cur = scenario.periods_per_year, scenario.currency
    unit = i18n.unit(lang, ppy)
    comparison = None  # stays None when the run is stopped
    with stoppable(lang, "channels:" + _digest(yaml_text)) as run:
        comparison = None if run is None else _channels(yaml_text, *run)
    if comparison is None:
        return
    quality = {text_key(c.name): f"{c.churn_multiplier:g} / {c.take_rate_multiplier:g}" for c in channels}
    rows = []
    for c in comparison.channels:
        rows.append({
            t(lang, "ch_channel"): md(text_in(c.name, lang)),  # st.table reads Markdown in its cells
            t(lang, "m_cac"): _money(c.cac.mean, lang, cur),
            t(lang, "m_clv"): _money(c.clv.mean, lang, cur),
            t(lang, "m_ltv_cac"): i18n.fmt_ratio(c.ltv_cac.mean, lang),
            t(lang, "m_net_value"): _money(c.net_value.mean, lang, cur),
            t(lang, "m_payback"): i18n.fmt_periods(c.payback_period.p50, lang, ppy, scenario.horizon),
            t(lang, "m_prob_profit"): i18n.fmt_percent(c.prob_profit, lang, 0),
            t(lang, "ch_quality"): quality.get(text_key(c.name), ""),
            t(lang, "ch_capacity", unit=unit): (i18n.fmt_number(c.max_buyers, lang, 0) if c.max_buyers is not None
                                                else t(lang, "ch_unlimited")),
        })
    st.table(pd.DataFrame(rows), hide_index=True)  # a plain table: every header and cell whole at any width
    st.caption(t(lang, "ch_best", name=md(text_in(comparison.best, lang))))
    metrics = {"net_value": "m_net_value", "ltv_cac": "m_ltv_cac", "clv": "m_clv", "cac": "m_cac"}
    metric = st.segmented_control(t(lang, "ch_metric"), list(metrics), format_func=lambda m: t(lang, metrics[m]),
                                  default="net_value", key="ch_metric", required=True)
    st.vega_lite_chart(spec=charts.channel_figure(comparison, lang, metric).spec(), width="stretch")

    st.subheader(t(lang, "ch_split_title"))
    half = float(sum(c.mean_cac * (c.max_buyers or 100) for c in comparison.channels) / 2)
    default_budget = float(f"{half:.2g}") if half > 0 else 10_000.0  # a round figure: two significant digits
    budget = st.number_input(t(lang, "ch_budget", unit=unit, currency=cur), min_value=0.0, value=default_budget,
                             step=1000.0, format="%.0f", key="ch_budget")
    try:
        split = best_split(comparison, budget)
    except (ScenarioError, ValueError) as exc:
        _failed(lang, exc)
        return
    table = pd.DataFrame([{t(lang, "ch_channel"): md(text_in(a.name, lang)), t(lang, "ch_buyers"): i18n.fmt_number(a.buyers, lang, 0),
                           t(lang, "ch_spend"): _money(a.spend, lang, cur),
                           t(lang, "ch_profit"): _money(a.expected_profit, lang, cur)} for a in split.allocations])
    st.table(table, hide_index=True)
    st.caption(t(lang, "ch_split_note", buyers=i18n.fmt_number(split.total_buyers, lang, 0),
                 spend=_money(split.total_spend, lang, cur), unit=unit,
                 profit=_money(split.expected_profit, lang, cur), low=_money(split.profit.p5, lang, cur),
                 high=_money(split.profit.p95, lang, cur), unspent=_money(split.unspent, lang, cur)))


def _draw_sensitivity(lang: str, scenario: Scenario, yaml_text: str) -> None:
    step_pct = st.select_slider(t(lang, "tool_step"), options=[5, 10, 15, 20, 25, 30], value=10,
                                format_func=lambda p: f"±{p}%", key="sens_step")
    sens = None  # stays None when the run is stopped
    with stoppable(lang, f"sensitivity:{step_pct}:" + _digest(yaml_text)) as run:
        sens = None if run is None else _sensitivity(yaml_text, step_pct / 100, *run)
    if sens is None:
        return
    st.caption(t(lang, "sens_sizes", sample=i18n.t(lang, "sample_note",
                                                   customers=i18n.fmt_number(sens.customers, lang),
                                                   replicates=i18n.fmt_number(sens.replicates, lang))))
    if sens.effects and sens.effects[0].high is not None and sens.effects[0].high.mean is not None:
        top = sens.effects[0]
        st.markdown("**" + md(t(lang, "sens_top", lever=i18n.lever_label(top.lever, lang),
                                   change=_money(top.high.mean, lang, sens.currency), step=f"{step_pct}%")) + "**")
    st.vega_lite_chart(spec=charts.tornado_chart(sens, lang).to_dict(validate=False), width="stretch")
    notes = [f"- {md(i18n.lever_label(e.lever, lang))}: {md('; '.join(problems_text(e.notes, lang)))}"
             for e in sens.effects if e.notes]
    if notes:
        st.caption(t(lang, "tn_refused") + "\n" + "\n".join(notes))


FORMULAS = {"historical": (historical_clv, ("total_profit", "customers")),
            "average": (average_clv, ("order_value", "frequency", "margin", "lifespan")),
            "channel": (channel_sales, ("traffic", "conversion", "order_value", "repeat"))}
"""Each formula and the order of its inputs (the core's functions, so the tab computes what the CLI does)."""

CALC_KINDS = {"total_profit": "money", "customers": "count", "order_value": "money", "frequency": "count",
              "margin": "rate", "lifespan": "count", "traffic": "count", "conversion": "rate", "repeat": "count"}


def _formula_inputs(lang: str, c, unit: str, units: str, yaml_key: str) -> dict[str, float]:
    """Number boxes for a formula's inputs, filled from the scenario; type your own (e.g. last year's books)."""
    values: dict[str, float] = {}
    cols = st.columns(2, gap="small")
    for n, (name, filled) in enumerate(c.inputs.items()):
        kind = CALC_KINDS.get(name, "count")
        shown = 100 * filled if kind == "rate" else filled
        label = t(lang, f"in_{name}", unit=unit, units=units) + (" (%)" if kind == "rate" else "")
        key = f"calc:{yaml_key}:{c.key}:{name}"
        v = cols[n % 2].number_input(label, value=float(round(shown, 2)), min_value=0.0, step=1.0 if kind != "rate" else 0.5,
                                     format="%.2f", key=key)
        values[name] = v / 100 if kind == "rate" else v
    return values


def _draw_calculators(lang: str, scenario: Scenario, yaml_text: str) -> None:
    calc = _calculators(yaml_text)
    ppy, cur = scenario.periods_per_year, scenario.currency
    unit, units = i18n.unit(lang, ppy), i18n.units(lang, ppy)
    st.caption(t(lang, "calc_title"))
    st.caption(t(lang, "calc_type_help"))
    yaml_key = hashlib.sha256(yaml_text.encode()).hexdigest()[:10]  # new scenario, inputs filled afresh
    for c in calc.rows():
        with st.container(border=True):
            left, mid, right = st.columns([3, 2, 2])
            with left:
                st.markdown(f"**{md(t(lang, f'calc_{c.key}'))}**  \n{md(t(lang, f'calc_{c.key}_f'))}")
                typed = _formula_inputs(lang, c, unit, units, yaml_key)
            formula, order = FORMULAS[c.key]
            try:
                value = formula(*(typed[name] for name in order))
                mid.metric(t(lang, "calc_result"), _money(value, lang, cur))
            except ProblemError as exc:  # e.g. no customers to divide by
                value = None
                mid.warning("; ".join(problems_text(exc, lang)))
            with right:
                st.metric(t(lang, "calc_simulation"), _money(c.simulation_value, lang, cur),
                          delta=_money(c.simulation_value - value, lang, cur) if value is not None else None,
                          delta_color="off")
                st.caption(i18n.t(lang, "band", low=_money(c.simulation_p5, lang, cur),
                                  high=_money(c.simulation_p95, lang, cur)))
            st.caption(f"{md(t(lang, 'calc_why'))}: {md(i18n.calculation_reasons(c, lang))}")


def _draw_report(lang: str, scenario: Scenario, yaml_text: str, pinned_yaml: str | None) -> None:
    st.caption(t(lang, "report_intro"))
    key = hashlib.sha256(f"{lang}\n{pinned_yaml}\n{yaml_text}".encode()).hexdigest()[:16]
    ss = st.session_state
    if st.button(t(lang, "report_build"), icon=":material/description:", key="report_build", type="primary"):
        ss.pop(f"stopped:report:{key}", None)  # Build after a Stop: this is the new start
        try:
            with stoppable(lang, f"report:{key}") as run:
                if run is not None:
                    ss["report_html"] = (key, _report(yaml_text, pinned_yaml, lang, *run))
        except Exception as exc:  # say why, keep the page
            _failed(lang, exc)
    elif ss.get(f"stop:report:{key}"):  # Stop pressed while the report was being built
        st.info(t(lang, "run_stopped"))
    built = ss.get("report_html")
    if built is not None and built[0] == key:
        html = built[1]
        st.success(t(lang, "report_ready", size=f"{len(html.encode()) / 1024:,.0f} KB"))
        slug = share.file_stem(text_in(scenario.name, lang))
        st.download_button(t(lang, "tool_report_button"), data=html, file_name=f"{slug}_report.html",
                           mime="text/html", on_click="ignore", icon=":material/download:", key="report_download",
                           help=t(lang, "tool_report_help"))
    st.divider()
    names = {"cash": "c_cash_title", "funnel": "c_funnel_title", "active": "c_active_title",
             "money": "c_money_title", "value": "c_value_title"}
    ppy = scenario.periods_per_year
    name = st.selectbox(t(lang, "report_png"), list(names), key="png_chart",
                        format_func=lambda n: t(lang, names[n], unit=i18n.unit(lang, ppy)))
    try:
        png = _png(yaml_text, pinned_yaml, lang, name)
    except Exception as exc:  # vl-convert refused: say why, keep the page
        _failed(lang, exc)
        return
    st.download_button(t(lang, "tool_png_button"), data=png, file_name=f"{name}_{lang}.png", mime="image/png",
                       on_click="ignore", icon=":material/image:", key="png_download")


def render(lang: str, scenario: Scenario, yaml_text: str, pinned_yaml: str | None = None) -> None:
    """The Tools view for the current scenario (``yaml_text`` is its dump: the cache key)."""
    st.title(t(lang, "tools_title"))
    st.caption(t(lang, "tools_intro"))
    st.subheader(md(text_in(scenario.name, lang)))
    tool = st.segmented_control(t(lang, "tool_pick"), list(TOOLS), format_func=lambda v: t(lang, f"tool_{v}"),
                                default=TOOLS[0], key="tool", required=True, persist_state="page")
    try:
        if tool == "max_cac":
            _draw_max_cac(lang, scenario, yaml_text)
        elif tool == "channels":
            _draw_channels(lang, scenario, yaml_text)
        elif tool == "sensitivity":
            _draw_sensitivity(lang, scenario, yaml_text)
        elif tool == "calc":
            _draw_calculators(lang, scenario, yaml_text)
        else:
            _draw_report(lang, scenario, yaml_text, pinned_yaml)
    except Exception as exc:  # the engine refused or failed: say why, no traceback
        _failed(lang, exc)
