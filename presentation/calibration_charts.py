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

TEXT = {
    "survival_title": {"en": "Customers still active: data and fitted model", "zh": "仍活跃的客户：数据与拟合模型"},
    "survival_sub": {"en": "Dots: data. Line: sBG fit; dashed beyond the data: projection.",
                     "zh": "圆点：数据。实线：sBG 拟合；数据之后的虚线：预测。"},
    "survival_y": {"en": "Share still active", "zh": "仍活跃比例"},
    "actual": {"en": "Actual", "zh": "实际"},
    "fitted": {"en": "Fitted", "zh": "拟合"},
    "projection": {"en": "Projection", "zh": "预测"},
    "cohort": {"en": "Cohort", "zh": "同期群"},
    "share": {"en": "Share", "zh": "比例"},
    "customers": {"en": "Customers", "zh": "客户数"},
    "heatmap_title": {"en": "Cohorts: share buying in each period", "zh": "同期群：各期购买的客户比例"},
    "heatmap_title_retention": {"en": "Cohorts: share still active", "zh": "同期群：仍活跃的比例"},
    "heatmap_sub": {"en": "One row per cohort (the period of the first purchase).",
                    "zh": "每行一个同期群（首次购买所在的期）。"},
    "since_first": {"en": "{unit}s since the first purchase", "zh": "首次购买后的{unit}数"},
    "repeat_title": {"en": "Repeat buying by age", "zh": "按客户年龄的复购"},
    "repeat_sub": {"en": "Share of customers buying in each period, and share who have bought again at least once.",
                   "zh": "每期购买的客户比例，以及至少复购过一次的客户比例。"},
    "repeat_rate": {"en": "Bought in the period", "zh": "当期购买"},
    "ever_repeated": {"en": "Bought again at least once", "zh": "至少复购一次"},
    "holdout_title": {"en": "Repeat purchases per {unit}: predicted vs actual",
                      "zh": "每{unit}复购次数：预测与实际"},
    "holdout_sub": {"en": "Fitted on the data left of the line; right of it the model predicts (engine, 90% band).",
                    "zh": "用竖线左侧的数据拟合；右侧为模型预测（模拟引擎，90% 区间）。"},
    "repeat_purchases": {"en": "Repeat purchases", "zh": "复购次数"},
    "predicted": {"en": "Predicted (engine)", "zh": "预测（模拟引擎）"},
    "closed_form": {"en": "BG/BB formula", "zh": "BG/BB 公式"},
    "calibration_end": {"en": "end of calibration", "zh": "拟合期结束"},
    "series": {"en": "Series", "zh": "数据"},
    "period": {"en": "Period", "zh": "期"},
    "clv_title": {"en": "Historical value per customer, by cohort", "zh": "各同期群每位客户的历史价值"},
    "clv_sub": {"en": "Profit so far / customers (margin {margin}); older cohorts have had longer to buy.",
                "zh": "至今利润 / 客户数（毛利率 {margin}）；越早的同期群购买时间越长。"},
    "clv_y": {"en": "Profit per customer ({currency})", "zh": "每位客户利润（{currency}）"},
    "repeat_orders": {"en": "Repeat orders per customer", "zh": "每位客户复购次数"},
}


def tr(lang: str, key: str, **fields) -> str:
    """A chart text of this module in ``lang`` (English where missing)."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


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
                           "series": [tr(lang, "fitted") if k <= last else tr(lang, "projection") for k in t],
                           "share_txt": [i18n.fmt_percent(v, lang, 1) for v in s]})
    # the projection starts where the fit ends, so the two lines join
    join = fitted[fitted.period == last].assign(series=tr(lang, "projection"))
    fitted = pd.concat([fitted, join]).sort_values(["series", "period"])
    actual = cohorts.assign(series=tr(lang, "actual"),
                            share_txt=[i18n.fmt_percent(v, lang, 1) for v in cohorts.share])
    domain = [tr(lang, "actual"), tr(lang, "fitted"), tr(lang, "projection")]
    color = _series_color(domain, [BLACK, BLUE, BLUE])
    x = alt.X("period:Q", axis=alt.Axis(title=i18n.period_axis(lang, periods_per_year), format="d", tickMinStep=1))
    y = alt.Y("share:Q", axis=alt.Axis(title=tr(lang, "survival_y"), format="%"), scale=alt.Scale(domain=[0, 1]))
    tip = [alt.Tooltip("series:N", title=tr(lang, "series")), alt.Tooltip("period:Q", title=tr(lang, "period")),
           alt.Tooltip("share_txt:N", title=tr(lang, "share"))]
    lines = alt.Chart(fitted).mark_line(strokeWidth=3.5).encode(
        x=x, y=y, color=color, tooltip=tip,
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [1, 0], [8, 6]]),
                                  legend=None))
    dots = alt.Chart(actual).mark_circle(size=110, opacity=0.85).encode(
        x=x, y=y, color=color, tooltip=tip + [alt.Tooltip("cohort:N", title=tr(lang, "cohort"))])
    chart = alt.layer(lines, dots).properties(
        title=_title(tr(lang, "survival_title"), tr(lang, "survival_sub")), height=HEIGHT, width="container")
    return style(chart)


def cohort_heatmap(cohorts: pd.DataFrame, periods_per_year: int, lang: str = "en",
                   retention: bool = False) -> alt.TopLevelMixin:
    """Cohort × age heatmap of the share buying (transaction logs) or still active (retention tables)."""
    unit = i18n.unit(lang, periods_per_year)
    data = cohorts.assign(share_txt=[i18n.fmt_percent(v, lang, 1) for v in cohorts.share])
    if not retention:
        data = data[data.period > 0]  # period 0 is everyone: it would flatten the colour scale
    chart = alt.Chart(data).mark_rect().encode(
        x=alt.X("period:O", axis=alt.Axis(title=tr(lang, "since_first", unit=unit.capitalize()), labelAngle=0,
                                          labelOverlap=True)),
        y=alt.Y("cohort:O", sort=alt.SortField("cohort_index"), axis=alt.Axis(title=tr(lang, "cohort"))),
        color=alt.Color("share:Q", scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(title=tr(lang, "share"), format="%")),
        tooltip=[alt.Tooltip("cohort:N", title=tr(lang, "cohort")), alt.Tooltip("period:Q", title=tr(lang, "period")),
                 alt.Tooltip("customers:Q", title=tr(lang, "customers"), format=","),
                 alt.Tooltip("share_txt:N", title=tr(lang, "share"))],
    ).properties(title=_title(tr(lang, "heatmap_title_retention" if retention else "heatmap_title"),
                              tr(lang, "heatmap_sub")), height=HEIGHT, width="container")
    return style(chart)


def repeat_rate_chart(curve: pd.DataFrame, periods_per_year: int, lang: str = "en") -> alt.TopLevelMixin:
    """Per-period repeat rate and the cumulative share who bought again, by periods since the first purchase."""
    unit = i18n.unit(lang, periods_per_year)
    rows = []
    for key in ("repeat_rate", "ever_repeated"):
        rows.append(pd.DataFrame({"period": curve.period, "share": curve[key], "series": tr(lang, key),
                                  "share_txt": [i18n.fmt_percent(v, lang, 1) for v in curve[key]]}))
    data = pd.concat(rows)
    domain = [tr(lang, "repeat_rate"), tr(lang, "ever_repeated")]
    chart = alt.Chart(data).mark_line(strokeWidth=3.5, point=alt.OverlayMarkDef(size=40)).encode(
        x=alt.X("period:Q", axis=alt.Axis(title=tr(lang, "since_first", unit=unit.capitalize()), format="d")),
        y=alt.Y("share:Q", axis=alt.Axis(title=tr(lang, "share"), format="%")),
        color=_series_color(domain, [BLUE, ORANGE]),
        tooltip=[alt.Tooltip("series:N", title=tr(lang, "series")), alt.Tooltip("period:Q", title=tr(lang, "period")),
                 alt.Tooltip("share_txt:N", title=tr(lang, "share"))],
    ).properties(title=_title(tr(lang, "repeat_title"), tr(lang, "repeat_sub")), height=HEIGHT, width="container")
    return style(chart)


def holdout_chart(cmp: HoldoutComparison, periods_per_year: int, lang: str = "en",
                  width: int | str = "container") -> alt.TopLevelMixin:
    """Repeat purchases per calendar period: actual, the engine's prediction (90% band) and the closed form."""
    unit = i18n.unit(lang, periods_per_year)
    t = cmp.table
    rows = []
    for key, col in (("actual", "actual"), ("predicted", "predicted"), ("closed_form", "closed_form")):
        rows.append(pd.DataFrame({"period": t.period + 1, "label": t.label, "value": t[col].astype(float),
                                  "series": tr(lang, key),
                                  "value_txt": [i18n.fmt_number(float(v), lang, 0) for v in t[col]]}))
    data = pd.concat(rows)
    domain = [tr(lang, "actual"), tr(lang, "predicted"), tr(lang, "closed_form")]
    x = alt.X("period:Q", axis=alt.Axis(title=i18n.period_axis(lang, periods_per_year), format="d", tickMinStep=1),
              scale=alt.Scale(nice=False))
    band = alt.Chart(t.assign(period=t.period + 1)).mark_area(opacity=0.2, color=BLUE).encode(
        x=x, y=alt.Y("predicted_p5:Q", axis=alt.Axis(title=tr(lang, "repeat_purchases"))), y2="predicted_p95:Q")
    lines = alt.Chart(data).mark_line(strokeWidth=3).encode(
        x=x, y=alt.Y("value:Q"), color=_series_color(domain, [BLACK, BLUE, VERMILLION]),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[1, 0], [1, 0], [6, 4]]),
                                  legend=None),
        tooltip=[alt.Tooltip("series:N", title=tr(lang, "series")), alt.Tooltip("label:N", title=tr(lang, "period")),
                 alt.Tooltip("value_txt:N", title=tr(lang, "repeat_purchases"))])
    rule_data = pd.DataFrame({"period": [cmp.calibration_end + 1.5], "text": [tr(lang, "calibration_end")]})
    rule = alt.Chart(rule_data).mark_rule(color="#444444", strokeDash=[6, 4], strokeWidth=2).encode(x="period:Q")
    label = alt.Chart(rule_data).mark_text(align="left", baseline="top", dx=6, dy=4, fontSize=LABEL_SIZE).encode(
        x="period:Q", y=alt.value(0), text="text:N")
    chart = alt.layer(band, lines, rule, label).properties(
        title=_title(tr(lang, "holdout_title", unit=unit), tr(lang, "holdout_sub")), height=HEIGHT, width=width)
    return style(chart)


def clv_chart(clv: pd.DataFrame, currency: str, lang: str = "en", margin: float = 1.0) -> alt.TopLevelMixin:
    """Historical CLV (profit / customers) per cohort: :meth:`FitReport.clv`, without its ``all`` row."""
    data = clv[clv.cohort != "all"].assign(
        value_txt=[i18n.fmt_money(float(v), lang, currency) for v in clv.profit_per_customer[clv.cohort != "all"]],
        orders_txt=[i18n.fmt_number(float(v), lang, 2) for v in clv.repeat_orders_per_customer[clv.cohort != "all"]],
    )
    chart = alt.Chart(data).mark_bar(color=BLUE).encode(
        y=alt.Y("cohort:O", axis=alt.Axis(title=tr(lang, "cohort")), sort=None),
        x=alt.X("profit_per_customer:Q", axis=alt.Axis(title=tr(lang, "clv_y", currency=currency),
                                                        labelExpr=i18n.vega_number_expr(lang))),
        tooltip=[alt.Tooltip("cohort:N", title=tr(lang, "cohort")),
                 alt.Tooltip("customers:Q", title=tr(lang, "customers"), format=","),
                 alt.Tooltip("value_txt:N", title=tr(lang, "clv_y", currency=currency)),
                 alt.Tooltip("orders_txt:N", title=tr(lang, "repeat_orders"))],
    ).properties(title=_title(tr(lang, "clv_title"), tr(lang, "clv_sub", margin=i18n.fmt_percent(margin, lang, 0))),
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
