"""Altair charts of a fit: survival with projection, cohort heatmap, repeat rates, holdout check.

Same look as :mod:`presentation.charts` (Okabe–Ito palette, projector-size fonts,
tooltips formatted in the chosen language). Each builder returns a complete
``alt.Chart`` with its data inlined; nothing here imports Streamlit.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from . import i18n
from .charts import BLACK, BLUE, GREEN, HEIGHT, LABEL_SIZE, ORANGE, VERMILLION, _title, style
from simulator.calibration.holdout import HoldoutComparison
from simulator.calibration.sbg import SBGFit



def _series_color(domain: list[str], colors: list[str], columns: int | None = None) -> alt.Color:
    """Each series its colour, the legend on top; ``columns`` stacks long names (the models') in that many
    columns, each name in full, instead of one row cut at the chart's edge."""
    more = {} if columns is None else {"columns": columns, "labelLimit": 0}
    return alt.Color("series:N", scale=alt.Scale(domain=domain, range=colors),
                     legend=alt.Legend(title=None, orient="top", labelFontSize=LABEL_SIZE, symbolStrokeWidth=4, **more))


def survival_chart(fit: SBGFit, cohorts: pd.DataFrame, periods_per_year: int, lang: str = "en",
                   horizon: int | None = None) -> alt.TopLevelMixin:
    """Share still active: the data (per cohort, dots), the fitted sBG curve and its projection (dashed).

    ``cohorts`` is :meth:`FitReport.cohorts` of a retention table.
    """
    last = fit.last_period
    horizon = horizon or max(2 * last, last + 6)
    t = np.arange(horizon + 1)
    s = fit.survival(t)
    fitted = pd.DataFrame({"period": t, "share": s,
                           "series": [i18n.t(lang, "cc_fitted") if k <= last else i18n.t(lang, "cc_projection") for k in t],
                           "share_txt": [i18n.fmt_percent(v, lang, 1) for v in s]})
    # the projection starts where the fit ends, so the two lines join
    join = fitted[fitted.period == last].assign(series=i18n.t(lang, "cc_projection"))
    fitted = pd.concat([fitted, join]).sort_values(["series", "period"])
    actual = cohorts.assign(series=i18n.t(lang, "cc_actual"),
                            share_txt=[i18n.fmt_percent(v, lang, 1) for v in cohorts.share])
    domain = [i18n.t(lang, "cc_actual"), i18n.t(lang, "cc_fitted"), i18n.t(lang, "cc_projection")]
    color = _series_color(domain, [BLACK, BLUE, BLUE])
    x = alt.X("period:Q", axis=alt.Axis(title=i18n.period_axis(lang, periods_per_year), format="d", tickMinStep=1))
    y = alt.Y("share:Q", axis=alt.Axis(title=i18n.t(lang, "cc_survival_y"), format="%"), scale=alt.Scale(domain=[0, 1]))
    tip = [alt.Tooltip("series:N", title=i18n.t(lang, "cc_series")), alt.Tooltip("period:Q", title=i18n.t(lang, "cc_period")),
           alt.Tooltip("share_txt:N", title=i18n.t(lang, "cc_share"))]
    lines = alt.Chart(fitted).mark_line(strokeWidth=3.5).encode(
        x=x, y=y, color=color, tooltip=tip,
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [1, 0], [8, 6]]),
                                  legend=None))
    dots = alt.Chart(actual).mark_circle(size=110, opacity=0.85).encode(
        x=x, y=y, color=color, tooltip=tip + [alt.Tooltip("cohort:N", title=i18n.t(lang, "cc_cohort"))])
    chart = alt.layer(lines, dots).properties(
        title=_title(i18n.t(lang, "cc_survival_title"), i18n.t(lang, "cc_survival_sub")), height=HEIGHT, width="container")
    return style(chart)


def cohort_heatmap(cohorts: pd.DataFrame, periods_per_year: int, lang: str = "en",
                   retention: bool = False) -> alt.TopLevelMixin:
    """Cohort × age heatmap of the share buying (transaction logs) or still active (retention tables)."""
    unit = i18n.unit(lang, periods_per_year)
    data = cohorts.assign(share_txt=[i18n.fmt_percent(v, lang, 1) for v in cohorts.share])
    if not retention:
        data = data[data.period > 0]  # period 0 is everyone: it would flatten the colour scale
    chart = alt.Chart(data).mark_rect().encode(
        x=alt.X("period:O", axis=alt.Axis(title=i18n.t(lang, "cc_since_first", unit=unit.capitalize()), labelAngle=0,
                                          labelOverlap=True)),
        y=alt.Y("cohort:O", sort=alt.SortField("cohort_index"), axis=alt.Axis(title=i18n.t(lang, "cc_cohort"))),
        color=alt.Color("share:Q", scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(title=i18n.t(lang, "cc_share"), format="%")),
        tooltip=[alt.Tooltip("cohort:N", title=i18n.t(lang, "cc_cohort")), alt.Tooltip("period:Q", title=i18n.t(lang, "cc_period")),
                 alt.Tooltip("customers:Q", title=i18n.t(lang, "cc_customers"), format=","),
                 alt.Tooltip("share_txt:N", title=i18n.t(lang, "cc_share"))],
    ).properties(title=_title(i18n.t(lang, "cc_heatmap_title_retention" if retention else "cc_heatmap_title"),
                              i18n.t(lang, "cc_heatmap_sub")), height=HEIGHT, width="container")
    return style(chart)


def repeat_rate_chart(curve: pd.DataFrame, periods_per_year: int, lang: str = "en") -> alt.TopLevelMixin:
    """Per-period repeat rate and the cumulative share who bought again, by periods since the first purchase."""
    unit = i18n.unit(lang, periods_per_year)
    rows = []
    for key in ("repeat_rate", "ever_repeated"):
        rows.append(pd.DataFrame({"period": curve.period, "share": curve[key], "series": i18n.t(lang, f"cc_{key}"),
                                  "share_txt": [i18n.fmt_percent(v, lang, 1) for v in curve[key]]}))
    data = pd.concat(rows)
    domain = [i18n.t(lang, "cc_repeat_rate"), i18n.t(lang, "cc_ever_repeated")]
    chart = alt.Chart(data).mark_line(strokeWidth=3.5, point=alt.OverlayMarkDef(size=40)).encode(
        x=alt.X("period:Q", axis=alt.Axis(title=i18n.t(lang, "cc_since_first", unit=unit.capitalize()), format="d")),
        y=alt.Y("share:Q", axis=alt.Axis(title=i18n.t(lang, "cc_share"), format="%")),
        color=_series_color(domain, [BLUE, ORANGE]),
        tooltip=[alt.Tooltip("series:N", title=i18n.t(lang, "cc_series")), alt.Tooltip("period:Q", title=i18n.t(lang, "cc_period")),
                 alt.Tooltip("share_txt:N", title=i18n.t(lang, "cc_share"))],
    ).properties(title=_title(i18n.t(lang, "cc_repeat_title"), i18n.t(lang, "cc_repeat_sub")), height=HEIGHT, width="container")
    return style(chart)


def holdout_chart(cmp: HoldoutComparison, periods_per_year: int, lang: str = "en",
                  width: int | str = "container") -> alt.TopLevelMixin:
    """Repeat purchases per calendar period: actual, the engine's prediction (90% band) and the closed form."""
    unit = i18n.unit(lang, periods_per_year)
    t = cmp.table
    rows = []
    for key, col in (("actual", "actual"), ("predicted", "predicted"), ("closed_form", "closed_form")):
        rows.append(pd.DataFrame({"period": t.period + 1, "label": t.label, "value": t[col].astype(float),
                                  "series": i18n.t(lang, f"cc_{key}"),
                                  "value_txt": [i18n.fmt_number(float(v), lang, 0) for v in t[col]]}))
    data = pd.concat(rows)
    domain = [i18n.t(lang, "cc_actual"), i18n.t(lang, "cc_predicted"), i18n.t(lang, "cc_closed_form")]
    x = alt.X("period:Q", axis=alt.Axis(title=i18n.period_axis(lang, periods_per_year), format="d", tickMinStep=1),
              scale=alt.Scale(nice=False))
    band = alt.Chart(t.assign(period=t.period + 1)).mark_area(opacity=0.2, color=BLUE).encode(
        x=x, y=alt.Y("predicted_p5:Q", axis=alt.Axis(title=i18n.t(lang, "cc_repeat_purchases"))), y2="predicted_p95:Q")
    lines = alt.Chart(data).mark_line(strokeWidth=3).encode(
        x=x, y=alt.Y("value:Q"), color=_series_color(domain, [BLACK, BLUE, VERMILLION]),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [1, 0], [6, 4]]),
                                  legend=None),
        tooltip=[alt.Tooltip("series:N", title=i18n.t(lang, "cc_series")), alt.Tooltip("label:N", title=i18n.t(lang, "cc_period")),
                 alt.Tooltip("value_txt:N", title=i18n.t(lang, "cc_repeat_purchases"))])
    rule_data = pd.DataFrame({"period": [cmp.calibration_end + 1.5], "text": [i18n.t(lang, "cc_calibration_end")]})
    rule = alt.Chart(rule_data).mark_rule(color="#444444", strokeDash=[6, 4], strokeWidth=2).encode(x="period:Q")
    label = alt.Chart(rule_data).mark_text(align="left", baseline="top", dx=6, dy=4, fontSize=LABEL_SIZE).encode(
        x="period:Q", y=alt.value(0), text="text:N")
    chart = alt.layer(band, lines, rule, label).properties(
        title=_title(i18n.t(lang, "cc_holdout_title", unit=unit), i18n.t(lang, "cc_holdout_sub")), height=HEIGHT, width=width)
    return style(chart)


def clv_chart(clv: pd.DataFrame, currency: str, lang: str = "en", margin: float = 1.0) -> alt.TopLevelMixin:
    """Historical CLV (profit / customers) per cohort: :meth:`FitReport.clv`, without its ``all`` row."""
    data = clv[clv.cohort != "all"].assign(
        value_txt=[i18n.fmt_money(float(v), lang, currency) for v in clv.profit_per_customer[clv.cohort != "all"]],
        orders_txt=[i18n.fmt_number(float(v), lang, 2) for v in clv.repeat_orders_per_customer[clv.cohort != "all"]],
    )
    chart = alt.Chart(data).mark_bar(color=BLUE).encode(
        y=alt.Y("cohort:O", axis=alt.Axis(title=i18n.t(lang, "cc_cohort")), sort=None),
        x=alt.X("profit_per_customer:Q", axis=alt.Axis(title=i18n.t(lang, "cc_clv_y", currency=currency),
                                                        labelExpr=i18n.vega_number_expr(lang))),
        tooltip=[alt.Tooltip("cohort:N", title=i18n.t(lang, "cc_cohort")),
                 alt.Tooltip("customers:Q", title=i18n.t(lang, "cc_customers"), format=","),
                 alt.Tooltip("value_txt:N", title=i18n.t(lang, "cc_clv_y", currency=currency)),
                 alt.Tooltip("orders_txt:N", title=i18n.t(lang, "cc_repeat_orders"))],
    ).properties(title=_title(i18n.t(lang, "cc_clv_title"), i18n.t(lang, "cc_clv_sub", margin=i18n.fmt_percent(margin, lang, 0))),
                 height=HEIGHT, width="container")
    return style(chart)


def fit_charts(report, lang: str = "en", holdout: HoldoutComparison | None = None) -> dict[str, alt.TopLevelMixin]:
    """Every chart of a :class:`~simulator.calibration.fit.FitReport` by name.

    Retention tables: ``survival``, ``cohorts``. Transaction logs: ``cohorts``,
    ``repeat_rate``, ``clv`` (margin 1: revenue per customer), given a
    holdout comparison ``holdout``, and the models' diagnostics ``tracking``,
    ``tracking_cumulative``, ``top_share``, ``by_frequency`` and ``p_alive``.
    """
    ppy = report.scenario.periods_per_year
    out: dict[str, alt.TopLevelMixin] = {}
    if report.kind == "retention":
        out["survival"] = survival_chart(report.retention, report.cohorts(), ppy, lang)
        out["cohorts"] = cohort_heatmap(report.cohorts(), ppy, lang, retention=True)
        return out
    out["cohorts"] = cohort_heatmap(report.cohorts(), ppy, lang)
    out["repeat_rate"] = repeat_rate_chart(report.repeat_curve(), ppy, lang)
    out["clv"] = clv_chart(report.clv(), report.scenario.currency, lang)
    if holdout is not None:
        out["holdout"] = holdout_chart(holdout, ppy, lang)
    if report.models is not None:  # the diagnostics of the models compared (issue 13)
        from simulator.calibration.models import customer_forecasts

        out.update(tracking_charts(report, lang))
        table = customer_forecasts(report.models).table
        out["top_share"] = top_share_chart(table, lang)
        out["by_frequency"] = by_frequency_chart(table, lang)
        out["p_alive"] = p_alive_chart(report, lang)
    return out


# --------------------------------------------------------------------------
# Model choice and per-customer forecasts (issue 13)
# --------------------------------------------------------------------------


def tracking_charts(report, lang: str = "en") -> dict[str, alt.TopLevelMixin]:
    """Repeat purchases per period and cumulated: actual against each model (cohorts by first period).

    The models' lines are their unconditional expectations, fitted on the calibration periods only; a rule
    marks the calibration end.
    """
    choice, log = report.models, report.log
    periods = log.last_period + 1
    rep = log.repeat & (log.first[log.customer] <= log.calibration_end)
    actual = np.bincount(log.period_index[rep], minlength=periods).astype(float)
    numbered = np.arange(periods) + 1  # periods numbered from 1, as the holdout chart numbers them
    rows = [pd.DataFrame({"period": numbered, "value": actual, "series": i18n.t(lang, "cc_actual")})]
    for s in choice.scores:
        rows.append(pd.DataFrame({"period": numbered, "value": s.tracking,
                                  "series": i18n.t(lang, f"model_{s.model}")}))
    frame = pd.concat(rows)
    frame["cumulative"] = frame.groupby("series").value.cumsum()
    domain = [i18n.t(lang, "cc_actual")] + [i18n.t(lang, f"model_{s.model}") for s in choice.scores]
    color = _series_color(domain, [BLACK, VERMILLION, BLUE, GREEN][: len(domain)], columns=2)  # actual and the models
    x = alt.X("period:Q", axis=alt.Axis(title=i18n.period_axis(lang, log.periods_per_year), format="d", tickMinStep=1),
              scale=alt.Scale(nice=False))  # as the holdout chart: from the first period to the last
    # the calibration end: a rule needs its position (without one, Vega-Lite fails and the chart is not drawn)
    end = alt.Chart(pd.DataFrame({"period": [log.calibration_end + 1.5]})).mark_rule(
        strokeDash=[4, 4], color=BLACK).encode(x="period:Q")
    out = {}
    for key, field in (("tracking", "value"), ("tracking_cumulative", "cumulative")):
        lines = alt.Chart(frame).mark_line(strokeWidth=3).encode(
            x=x, y=alt.Y(f"{field}:Q", axis=alt.Axis(title=i18n.t(lang, "cc_repeat_purchases"))), color=color,
            tooltip=[alt.Tooltip("series:N", title=i18n.t(lang, "cc_series")),
                     alt.Tooltip("period:Q", title=i18n.t(lang, "cc_period")),
                     alt.Tooltip(f"{field}:Q", title=i18n.t(lang, "cc_repeat_purchases"), format=",.0f")])
        title = i18n.t(lang, f"cc_{key}_title")
        out[key] = style(alt.layer(lines, end).properties(
            title=_title(title, i18n.t(lang, "cc_tracking_sub")), height=HEIGHT, width="container"))
    return out


def top_share_chart(table: pd.DataFrame, lang: str = "en") -> alt.TopLevelMixin:
    """Share of the expected (and, with a holdout, actual) purchases held by the top k% of customers,
    ranked by expected value; the top tenth marked."""
    order = table.sort_values("expected_value", ascending=False, kind="stable")
    n = len(order)
    share = np.arange(1, n + 1) / n
    step = max(1, n // 200)
    keep = np.unique(np.r_[np.arange(0, n, step), n - 1])
    rows = [pd.DataFrame({"customers": share[keep], "share": (order.expected_orders.cumsum()
                                                                / max(order.expected_orders.sum(), 1e-12)).to_numpy()[keep],
                          "series": i18n.t(lang, "cc_expected")})]
    if "actual_orders" in order and order.actual_orders.sum() > 0:
        rows.append(pd.DataFrame({"customers": share[keep],
                                  "share": (order.actual_orders.cumsum() / order.actual_orders.sum()).to_numpy()[keep],
                                  "series": i18n.t(lang, "cc_actual")}))
    frame = pd.concat(rows)
    domain = [i18n.t(lang, "cc_expected"), i18n.t(lang, "cc_actual")][: len(rows)]
    color = _series_color(domain, [BLUE, BLACK][: len(rows)])
    lines = alt.Chart(frame).mark_line(strokeWidth=3).encode(
        x=alt.X("customers:Q", axis=alt.Axis(title=i18n.t(lang, "cc_top_customers"), format="%")),
        y=alt.Y("share:Q", axis=alt.Axis(title=i18n.t(lang, "cc_share_of_purchases"), format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=color, tooltip=[alt.Tooltip("series:N", title=i18n.t(lang, "cc_series")),
                              alt.Tooltip("customers:Q", title=i18n.t(lang, "cc_top_customers"), format=".0%"),
                              alt.Tooltip("share:Q", title=i18n.t(lang, "cc_share_of_purchases"), format=".0%")])
    tenth = alt.Chart(pd.DataFrame({"customers": [0.1]})).mark_rule(strokeDash=[4, 4], color=ORANGE).encode(x="customers:Q")
    return style(alt.layer(lines, tenth).properties(
        title=_title(i18n.t(lang, "cc_top_share_title"), i18n.t(lang, "cc_top_share_sub")), height=HEIGHT,
        width="container"))


def by_frequency_chart(table: pd.DataFrame, lang: str = "en", cap: int = 7) -> alt.TopLevelMixin:
    """Mean purchases per customer after the calibration end, by repeat purchases in it: expected and actual."""
    x = np.minimum(table.x.to_numpy(), cap)
    frame = pd.DataFrame({"x": x, "expected": table.expected_orders, "actual": table.get("actual_orders")})
    g = frame.groupby("x").mean(numeric_only=True).reset_index()
    long = [g.assign(value=g.expected, series=i18n.t(lang, "cc_expected"))]
    if "actual_orders" in table:
        long.append(g.assign(value=g.actual, series=i18n.t(lang, "cc_actual")))
    data = pd.concat(long)
    data["label"] = [f"{v}+" if v == cap else str(v) for v in data.x]
    domain = [i18n.t(lang, "cc_expected"), i18n.t(lang, "cc_actual")][: len(long)]
    chart = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3).encode(
        x=alt.X("label:O", sort=[str(v) for v in range(cap)] + [f"{cap}+"],
                axis=alt.Axis(title=i18n.t(lang, "cc_calibration_purchases"), labelAngle=0)),
        y=alt.Y("value:Q", axis=alt.Axis(title=i18n.t(lang, "cc_later_purchases"))),
        color=_series_color(domain, [BLUE, BLACK][: len(long)]),
        tooltip=[alt.Tooltip("series:N", title=i18n.t(lang, "cc_series")),
                 alt.Tooltip("value:Q", title=i18n.t(lang, "cc_later_purchases"), format=".2f")])
    return style(chart.properties(title=_title(i18n.t(lang, "cc_by_frequency_title"),
                                               i18n.t(lang, "cc_by_frequency_sub")), height=HEIGHT, width="container"))


def p_alive_chart(report, lang: str = "en", cap: int = 15) -> alt.TopLevelMixin:
    """P(alive) of a customer observed for the longest calibration window, by repeat purchases and the last one's period."""
    from simulator.calibration.models import p_alive, typical_histories

    choice = report.models
    T = int(choice.histories.T.max())
    xs, ts = np.meshgrid(np.arange(0, cap + 1), np.arange(0, T + 1), indexing="ij")
    ok = (ts >= xs) & ((xs > 0) | (ts == 0))  # x purchase periods need t_x ≥ x; none: t_x = 0
    x, t = xs[ok], ts[ok]
    h = typical_histories(choice, x, t, T)  # a covariate model: at the typical first purchase
    frame = pd.DataFrame({"x": x, "t_x": t, "p": p_alive(choice.score(), h)})
    chart = alt.Chart(frame).mark_rect().encode(
        x=alt.X("t_x:O", axis=alt.Axis(title=i18n.t(lang, "cc_last_purchase"), labelAngle=0,
                                       values=list(range(0, T + 1, max(1, T // 10))))),
        y=alt.Y("x:O", sort="descending", axis=alt.Axis(title=i18n.t(lang, "cc_calibration_purchases"))),
        color=alt.Color("p:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]),
                        legend=alt.Legend(title=i18n.t(lang, "cc_p_alive"), format="%")),
        tooltip=[alt.Tooltip("x:O", title=i18n.t(lang, "cc_calibration_purchases")),
                 alt.Tooltip("t_x:O", title=i18n.t(lang, "cc_last_purchase")),
                 alt.Tooltip("p:Q", title=i18n.t(lang, "cc_p_alive"), format=".0%")])
    return style(chart.properties(title=_title(i18n.t(lang, "cc_p_alive_title"),
                                               i18n.t(lang, "cc_p_alive_sub", T=T)), height=HEIGHT, width="container"))
