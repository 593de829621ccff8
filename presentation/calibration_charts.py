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
from .charts import BLACK, BLUE, HEIGHT, LABEL_SIZE, ORANGE, VERMILLION, _title, style
from simulator.calibration.holdout import HoldoutComparison
from simulator.calibration.sbg import SBGFit



def _series_color(domain: list[str], colors: list[str]) -> alt.Color:
    return alt.Color("series:N", scale=alt.Scale(domain=domain, range=colors),
                     legend=alt.Legend(title=None, orient="top", labelFontSize=LABEL_SIZE, symbolStrokeWidth=4))


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
    ``repeat_rate``, ``clv`` (margin 1: revenue per customer) and, given a
    holdout comparison, ``holdout``.
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
    return out
