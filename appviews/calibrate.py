"""The app's "Calibrate from your data" page: a CSV in, a fit report and a ready scenario out (issue 5).

Glue only: reading, checking and fitting are :mod:`simulator.calibration`
(pure, no Streamlit); this page draws the choices, calls it, and shows the
report. ``app.py`` calls :func:`render` for its "calibrate" view.

State, in ``st.session_state`` (every key starts with ``cal:``):

* ``cal:data``: the data in use, a :class:`Data` (an upload or a sample), or absent;
* ``cal:upload_n``: the uploader's generation; an upload is copied into
  ``cal:data`` and the uploader starts afresh, so a sample can replace it;
* ``cal:fitted``: the choices the last "Fit" was pressed with (the report shown);
* widget keys ``cal:<choice>:<digest>``: one set of choices per file, so a new
  file starts from what :func:`~simulator.calibration.preview` detects.

The fit is cached by (the file's SHA-256, the choices); bad input shows the
engine's problems in the chosen language (:mod:`presentation.messages`),
never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from presentation import i18n, share
from simulator.calibration import (
    MAX_CSV_BYTES,
    CalibrationError,
    CsvPreview,
    FitError,
    FitReport,
    HoldoutComparison,
    fit_data,
    holdout_comparison,
    preview,
)
from presentation.calibration_charts import fit_charts
from presentation.calibration_text import fit_notes, fitted_scenario, fitted_yaml
from presentation.i18n import escape_markdown as md
from presentation.messages import problems_text
from simulator.problems import Problem
from simulator.scenario import Scenario

log = logging.getLogger("funnel_app.calibrate")

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
SAMPLES: dict[str, dict[str, Any]] = {
    # file, and choices that differ from what preview() detects (a holdout window shows the check)
    "transactions": {"file": "transactions.csv", "period": "week", "calibration_end": dt.date(2024, 5, 1)},
    "retention": {"file": "retention.csv", "period": "month", "calibration_end": None},
}
PERIODS = ("week", "month", "year")
KINDS = ("transactions", "retention")
CHART_ORDER = ("survival", "holdout", "tracking", "tracking_cumulative", "by_frequency", "p_alive", "top_share",
               "cohorts", "repeat_rate", "clv")
NONE = ""  # the "no column" choice of the optional retention columns
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)

def error_markdown(lang: str, lead_key: str, problems: tuple[Problem, ...]) -> str:
    """The lead sentence and every problem as a Markdown list, in ``lang`` (user text escaped)."""
    return "\n".join([i18n.t(lang, lead_key), *(f"- {md(m)}" for m in problems_text(problems, lang))])


# --------------------------------------------------------------------------
# The data in use and the choices
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    """The CSV in use: its bytes, name and SHA-256 (the cache key), and the sample it is, if any."""

    name: str
    content: bytes
    digest: str
    sample: str | None = None

    @classmethod
    def of(cls, name: str, content: bytes, sample: str | None = None) -> Data:
        return cls(name=name, content=content, digest=hashlib.sha256(content).hexdigest(), sample=sample)


def use_data(name: str, content: bytes, sample: str | None = None) -> None:
    """Make ``content`` the data in use (an upload or a sample); the previous report goes."""
    ss = st.session_state
    ss["cal:data"] = Data.of(name, content, sample)
    ss.pop("cal:fitted", None)


def load_sample(which: str) -> None:
    """Use one of the shipped samples (``transactions`` or ``retention``)."""
    file = SAMPLES[which]["file"]
    use_data(file, (SAMPLES_DIR / file).read_bytes(), sample=which)


def _on_upload(key: str) -> None:
    ss = st.session_state
    upload = ss.get(key)
    if upload is None:
        return
    use_data(upload.name, upload.getvalue())
    ss["cal:upload_n"] = ss.get("cal:upload_n", 0) + 1  # a fresh, empty uploader: the file shows below it


@dataclass(frozen=True)
class Choices:
    """What the person chose; hashable, so it keys the cached fit."""

    kind: str
    period: str
    customer_column: str | None = None
    date_column: str | None = None
    amount_column: str | None = None
    date_format: str | None = None
    calibration_end: dt.date | None = None
    cohort_column: str | None = None
    period_column: str | None = None
    active_column: str | None = None
    uncertainty: bool = False

    def fit_kwargs(self) -> dict[str, Any]:
        if self.kind == "retention":
            return {"kind": "retention", "period": self.period, "cohort_column": self.cohort_column,
                    "period_column": self.period_column, "active_column": self.active_column}
        return {"kind": "transactions", "period": self.period, "customer_column": self.customer_column,
                "date_column": self.date_column, "amount_column": self.amount_column,
                "date_format": self.date_format, "uncertainty": self.uncertainty,
                "calibration_end": self.calibration_end.isoformat() if self.calibration_end else None}


def _default_period(p: CsvPreview) -> str:
    if p.kind == "retention":
        name = (p.detected.get("period") or "").lower()
        return next((unit for unit in PERIODS if unit in name), "month")
    return "week"


# --------------------------------------------------------------------------
# Cached work (errors are results too: a bad file is not re-read on every rerun)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A cached call's value, or the problems of the CalibrationError it raised (``lead``: which sentence leads)."""

    value: Any = None
    problems: tuple[Problem, ...] = ()
    lead: str = "cal_failed"
    unexpected: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unexpected


def _guard(lead: str, call: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(value=call())
    except CalibrationError as exc:  # FitError included
        lead = "cal_fit_failed" if isinstance(exc, FitError) else lead
        return Outcome(problems=exc.problems, lead=lead)
    except Exception:  # unexpected: a plain message on the page, the details in the server log
        log.exception("calibration failed")
        return Outcome(unexpected=True)


@st.cache_data(show_spinner=False, max_entries=16)
def _preview(digest: str, name: str, _content: bytes) -> Outcome:
    """:func:`preview` of the file, cached by its SHA-256 (the bytes themselves are not hashed again)."""
    return _guard("cal_read_failed", lambda: preview(_content, filename=name))


@st.cache_data(show_spinner=False, max_entries=16)
def _fit(digest: str, name: str, choices: Choices, _content: bytes) -> Outcome:
    """The fit and, for a transaction log fitted on part of its dates, the holdout check; cached by (file, choices)."""

    def run() -> tuple[FitReport, HoldoutComparison | None]:
        report = fit_data(_content, filename=name, **choices.fit_kwargs())
        cmp = None
        logged = report.log
        if report.bgbb is not None and logged is not None and logged.calibration_end < logged.last_period:
            cmp = holdout_comparison(logged, report.scenario, report.scenario_fit)
        return report, cmp

    return _guard("cal_failed", run)


@st.cache_data(show_spinner=False, max_entries=16)
def _chart_specs(digest: str, name: str, choices: Choices, lang: str, _content: bytes) -> dict[str, dict]:
    """The fit's charts as Vega-Lite dicts in ``lang``, in the page's order."""
    report, cmp = _fit(digest, name, choices, _content).value
    charts = fit_charts(report, lang, holdout=cmp)
    return {key: charts[key].to_dict() for key in CHART_ORDER if key in charts}


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


def _uploader_words(lang: str) -> None:
    """Streamlit's uploader shows its own English words; show ours (CSS, our fixed strings only)."""
    def css_text(key: str) -> str:
        return i18n.t(lang, key).replace("\\", "\\\\").replace('"', '\\"')

    main = '[data-testid="stMain"] '
    button = main + '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p'
    limit = main + '[data-testid="stFileUploaderDropzoneInstructions"] span'
    st.html(f"""<style>
{button}, {limit} {{ font-size: 0 !important; }}
{button}::after {{ content: "{css_text('uploader_button')}"; font-size: 0.95rem; }}
{limit}::after {{ content: "{css_text('cal_uploader_limit')}"; font-size: 0.8rem; }}
</style>""")


def _draw_source(lang: str) -> None:
    ss = st.session_state
    key = f"cal:upload:{ss.get('cal:upload_n', 0)}"
    _uploader_words(lang)
    st.file_uploader(i18n.t(lang, "cal_upload"), type=["csv", "txt", "tsv"], key=key, on_change=_on_upload, args=(key,),
                     help=i18n.t(lang, "cal_upload_help"), max_upload_size=MAX_CSV_BYTES // (1024 * 1024))
    cols = st.columns([2, 2, 2], vertical_alignment="center")
    cols[0].caption(i18n.t(lang, "cal_try"))
    for col, which in zip(cols[1:], ("transactions", "retention")):
        col.button(i18n.t(lang, f"cal_sample_{which}"), key=f"cal:sample:{which}", on_click=load_sample, args=(which,),
                   help=i18n.t(lang, f"cal_sample_{which}_help"), icon=":material/dataset:", width="stretch")


def _column_picker(lang: str, label: str, columns: list[str], detected: str | None, key: str,
                   optional: bool = False) -> str | None:
    options = ([NONE] if optional else []) + columns
    if detected in columns:
        index = options.index(detected)
    else:
        index = 0 if optional else None
    value = st.selectbox(i18n.t(lang, label), options=options, index=index, key=key,
                         format_func=lambda c: i18n.t(lang, "cal_no_column") if c == NONE else c,
                         placeholder=i18n.t(lang, "cal_pick_column"))
    return value or None


def _draw_choices(lang: str, data: Data, p: CsvPreview) -> Choices:
    """The kind, period, columns, date format and calibration end, pre-filled from the preview."""
    k = data.digest[:16]
    sample = SAMPLES.get(data.sample or "", {})
    st.subheader(i18n.t(lang, "cal_choices"))
    if p.kind is None:
        st.warning(i18n.t(lang, "cal_kind_unknown"))
    top = st.columns(2)
    kind = top[0].radio(i18n.t(lang, "cal_kind"), KINDS, index=KINDS.index(p.kind or "transactions"), horizontal=True,
                        format_func=lambda v: i18n.t(lang, f"cal_kind_{v}"), key=f"cal:kind:{k}")
    period_default = sample.get("period") or _default_period(p)
    period = top[1].radio(i18n.t(lang, "cal_period"), PERIODS, index=PERIODS.index(period_default), horizontal=True,
                          format_func=lambda v: i18n.t(lang, f"cal_period_{v}"), help=i18n.t(lang, "cal_period_help"),
                          key=f"cal:period:{k}")
    columns = p.columns
    det = p.detected if p.kind == kind else {}
    if kind == "retention":
        cols = st.columns(3)
        with cols[0]:
            cohort = _column_picker(lang, "cal_cohort_column", columns, det.get("cohort"), f"cal:cohort:{k}", True)
        with cols[1]:
            period_c = _column_picker(lang, "cal_period_column", columns, det.get("period"), f"cal:pcol:{k}", True)
        with cols[2]:
            active = _column_picker(lang, "cal_active_column", columns, det.get("active"), f"cal:active:{k}")
        return Choices(kind=kind, period=period, cohort_column=cohort, period_column=period_c, active_column=active)
    cols = st.columns(3)
    with cols[0]:
        customer = _column_picker(lang, "cal_customer_column", columns, det.get("customer"), f"cal:customer:{k}")
    with cols[1]:
        date = _column_picker(lang, "cal_date_column", columns, det.get("date"), f"cal:date:{k}")
    with cols[2]:
        amount = _column_picker(lang, "cal_amount_column", columns, det.get("amount"), f"cal:amount:{k}")
    cols = st.columns(2)
    date_format = cols[0].text_input(i18n.t(lang, "cal_date_format"), value=p.date_format or "", max_chars=40,
                                     help=i18n.t(lang, "cal_date_format_help"), key=f"cal:format:{k}").strip()
    end = cols[1].date_input(i18n.t(lang, "cal_end"), value=sample.get("calibration_end"), min_value=DATE_MIN,
                             max_value=DATE_MAX, format="YYYY-MM-DD", help=i18n.t(lang, "cal_end_help"),
                             key=f"cal:end:{k}")
    ranges = st.checkbox(i18n.t(lang, "cal_uncertainty"), value=False, help=i18n.t(lang, "cal_uncertainty_help"),
                         key=f"cal:ranges:{k}")
    return Choices(kind=kind, period=period, customer_column=customer, date_column=date, amount_column=amount,
                   date_format=date_format or None, calibration_end=end if isinstance(end, dt.date) else None,
                   uncertainty=bool(ranges))


def _fmt(x: float, lang: str, how: str, currency: str) -> str:
    if x is None or not math.isfinite(x):
        return "—"
    if how == "percent":
        return f"{100 * x:.1f}%"  # one decimal on every row, so the column lines up
    if how == "money":
        return i18n.fmt_money(x, lang, currency)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:#.3g}"


_PARAM_ROWS = {
    # field → (label key, how the number is shown)
    "retention.churn": ("cal_p_churn", "percent"),
    "retention.heterogeneity": ("cal_p_churn_het", "number"),
    "retention.churn_beta.alpha": ("cal_p_churn_shape", "number"),
    "retention.churn_beta.beta": ("cal_p_churn_shape", "number"),
    "repeat_purchase.rate": ("cal_p_rate", "percent"),
    "repeat_purchase.heterogeneity": ("cal_p_rate_het", "number"),
    "repeat_purchase.rate_beta.alpha": ("cal_p_rate_shape", "number"),
    "repeat_purchase.rate_beta.beta": ("cal_p_rate_shape", "number"),
    "repeat_purchase.order_value": ("cal_p_order_value", "money"),
    "front_end.price": ("cal_p_price", "money"),
    "repeat_purchase.bgnbd.rate": ("cal_p_bgnbd_rate", "number"),
    "repeat_purchase.bgnbd.rate_shape": ("cal_p_bgnbd_shape", "number"),
    "repeat_purchase.bgnbd.dropout": ("cal_p_bgnbd_dropout", "percent"),
    "repeat_purchase.bgnbd.dropout_heterogeneity": ("cal_p_bgnbd_dropout_het", "number"),
}


def parameters_table(report: FitReport, lang: str) -> pd.DataFrame:
    """The fitted parameters with translated names and formatted numbers (what the page shows)."""
    currency = report.scenario.currency
    rows = []
    for r in report.parameters().itertuples():
        label_key, how = _PARAM_ROWS.get(r.field, (None, "number"))
        symbol = r.meaning if len(r.meaning) <= 2 else ""  # the shapes' "meaning" is their symbol (a, b, α, γ ...)
        label = i18n.t(lang, label_key, symbol=symbol) if label_key else r.meaning
        rows.append({i18n.t(lang, "cal_col_parameter"): label, i18n.t(lang, "cal_col_field"): r.field,
                     i18n.t(lang, "cal_estimate"): _fmt(r.estimate, lang, how, currency),
                     i18n.t(lang, "cal_low"): _fmt(r.low95, lang, how, currency),
                     i18n.t(lang, "cal_high"): _fmt(r.high95, lang, how, currency)})
    return pd.DataFrame(rows)


def _summary(report: FitReport, lang: str) -> str:
    unit = i18n.unit(lang, report.scenario.periods_per_year)
    n = lambda x: i18n.fmt_number(x, lang, 0)  # noqa: E731
    if report.kind == "retention":
        f = report.retention
        return i18n.t(lang, "cal_summary_retention", cohorts=n(f.cohorts), customers=n(f.customers), unit=unit,
                  last=f.last_period)
    logged = report.log
    return i18n.t(lang, "cal_summary_transactions", customers=n(logged.ids.size), unit=unit, first=md(logged.label(0)),
              last=md(logged.label(logged.last_period)), fitted=n(report.bgbb.customers),
              end=md(logged.label(logged.calibration_end)))


def _draw_report(lang: str, report: FitReport, cmp: HoldoutComparison | None, specs: dict[str, dict],
                 on_use: Callable[[Scenario], None], data: Data) -> None:
    st.subheader(i18n.t(lang, "cal_report"))
    st.caption(_summary(report, lang))
    scenario = fitted_scenario(report, lang)  # named and described in the page's language
    actions = st.columns([1, 1, 2], vertical_alignment="center")
    actions[0].button(i18n.t(lang, "cal_use"), key="cal:use", on_click=on_use, args=(scenario,), type="primary",
                      icon=":material/play_arrow:", help=i18n.t(lang, "cal_use_help"), width="stretch")
    stem = share.file_stem(Path(data.name).stem, fallback="data")
    actions[1].download_button(i18n.t(lang, "cal_download"), data=fitted_yaml(report, lang), file_name=f"fitted_{stem}.yaml",
                               mime="application/x-yaml", on_click="ignore", key="cal:download",
                               icon=":material/download:", help=i18n.t(lang, "cal_download_help"), width="stretch")
    st.warning(i18n.t(lang, "cal_todo"), icon=":material/edit_note:")

    st.markdown(f"**{i18n.t(lang, 'cal_params')}**")
    st.dataframe(parameters_table(report, lang), hide_index=True, width="stretch")
    st.caption(i18n.t(lang, "cal_params_note"))

    if report.kind == "transactions":
        st.markdown(f"**{i18n.t(lang, 'cal_holdout_title')}**")
        if cmp is None:
            st.caption(i18n.t(lang, "cal_holdout_none"))
        else:
            n = lambda x: i18n.fmt_number(x, lang, 0)  # noqa: E731
            error = i18n.fmt_percent(cmp.error, lang, 1) if math.isfinite(cmp.error) else "—"
            if math.isfinite(cmp.error) and cmp.error > 0:
                error = "+" + error
            st.info(i18n.t(lang, "cal_holdout", actual=n(cmp.actual_total), predicted=n(cmp.predicted_total), error=error),
                    icon=":material/fact_check:")
            st.caption(i18n.t(lang, "cal_holdout_note", end=md(report.log.label(cmp.calibration_end)),
                          unit=i18n.unit(lang, report.scenario.periods_per_year),
                          replicates=cmp.replicates, closed=n(cmp.closed_form_total)))

    if report.models is not None:
        _draw_models(lang, report, data)

    notes = fit_notes(report, lang)
    if notes:
        st.markdown(f"**{i18n.t(lang, 'cal_notes')}**")
        st.markdown("\n".join(f"- {md(note)}" for note in notes))

    st.subheader(i18n.t(lang, "cal_charts"))
    for name, spec in specs.items():
        st.vega_lite_chart(spec=spec, width="stretch", key=f"cal:chart:{name}")


def customers_table(forecast, lang: str, currency: str) -> pd.DataFrame:
    """The per-customer forecasts with the page's headers (numbers kept numeric, so a header click sorts)."""
    t = forecast.table
    return pd.DataFrame({
        i18n.t(lang, "cal_col_customer"): t.customer_id.astype(str),
        i18n.t(lang, "cal_col_p_alive"): t.p_alive.round(3),
        i18n.t(lang, "cal_col_expected_orders"): t.expected_orders.round(2),
        i18n.t(lang, "cal_col_expected_value"): t.expected_value.round(2),
        i18n.t(lang, "cal_col_repeat"): t.x,
    })


def save_offer_list(forecast, lang: str, top: int = 25) -> pd.DataFrame:
    """Whom to send the save offer to: the most spent so far × the chance they have left, P(alive) 10–70%."""
    t = forecast.table
    past = t.x * t.expected_spend.where(t.x > 0, 0.0)
    slipping = t.p_alive.between(0.10, 0.70)
    risk = (past * (1 - t.p_alive)).where(slipping, -1.0)
    pick = t.assign(past=past, risk=risk)[slipping].sort_values("risk", ascending=False, kind="stable").head(top)
    return pd.DataFrame({
        i18n.t(lang, "cal_col_customer"): pick.customer_id.astype(str),
        i18n.t(lang, "cal_col_past_value"): pick.past.round(2),
        i18n.t(lang, "cal_col_p_alive"): pick.p_alive.round(3),
        i18n.t(lang, "cal_col_expected_value"): pick.expected_value.round(2),
    })


def _draw_models(lang: str, report: FitReport, data: Data) -> None:
    """The models compared, the choice and why; each customer's forecast, its download and the save-offer list."""
    from presentation.calibration_text import model_reason, model_table
    from simulator.calibration.models import customer_forecasts

    st.markdown(f"**{i18n.t(lang, 'cal_models_title')}**")
    st.table(model_table(report, lang), hide_index=True)  # a plain table: the long parameter cells wrap, nothing scrolls away
    st.caption(md(model_reason(report, lang)) + " " + md(i18n.t(lang, "models_scale_note").strip()))
    forecast = customer_forecasts(report.models)
    st.markdown(f"**{i18n.t(lang, 'cal_customers_title')}**")
    st.caption(i18n.t(lang, "cal_customers_note", periods=forecast.periods,
                      units=i18n.units(lang, report.scenario.periods_per_year))
               + " " + md(i18n.t(lang, "cal_customers_model", model=i18n.t(lang, f"model_{forecast.model}"))))
    st.dataframe(customers_table(forecast, lang, report.scenario.currency), hide_index=True, width="stretch",
                 height=320)
    csv = forecast.table[["customer_id", "p_alive", "expected_orders", "expected_value"]].to_csv(
        index=False, float_format="%.6g")
    stem = share.file_stem(Path(data.name).stem, fallback="data")
    st.download_button(i18n.t(lang, "cal_customers_download"), data=csv, file_name=f"customers_{stem}.csv",
                       mime="text/csv", on_click="ignore", key="cal:customers", icon=":material/download:")
    st.markdown(f"**{i18n.t(lang, 'cal_save_title')}**")
    st.caption(i18n.t(lang, "cal_save_note"))
    st.dataframe(save_offer_list(forecast, lang), hide_index=True, width="stretch")


def render(lang: str, on_use: Callable[[Scenario], None]) -> None:
    """Draw the "Calibrate from your data" page.

    Parameters
    ----------
    lang : {"en", "zh"}
        The page's language.
    on_use : callable
        ``on_use(scenario)``, the "Use this scenario" button's ``on_click``
        callback: load the fitted :class:`~simulator.scenario.Scenario` into the
        simulator (and switch to its view).
    """
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    ss = st.session_state
    st.title(i18n.t(lang, "cal_title"))
    st.caption(i18n.t(lang, "cal_intro"))
    _draw_source(lang)

    data: Data | None = ss.get("cal:data")
    if data is None:
        st.info(i18n.t(lang, "cal_no_data"), icon=":material/upload_file:")
        return
    pre = _preview(data.digest, data.name, data.content)
    if not pre.ok:
        _show_error(lang, pre)
        return
    p: CsvPreview = pre.value
    shown = ", ".join(md(c) for c in p.columns[:12]) + (", …" if len(p.columns) > 12 else "")
    st.markdown(i18n.t(lang, "cal_file", name=md(data.name), rows=i18n.fmt_number(p.rows, lang, 0), columns=shown)
                + (f" {i18n.t(lang, 'cal_sample_note')}" if data.sample else ""))
    with st.expander(i18n.t(lang, "cal_first_rows"), expanded=data.sample is None, key=f"cal:head:{data.digest[:16]}"):
        st.dataframe(p.head, hide_index=True, width="stretch")

    choices = _draw_choices(lang, data, p)
    if st.button(i18n.t(lang, "cal_fit"), key="cal:fit", type="primary", icon=":material/query_stats:"):
        ss["cal:fitted"] = (data.digest, choices)

    fitted = ss.get("cal:fitted")
    if fitted is None or fitted[0] != data.digest:
        return
    fitted_choices: Choices = fitted[1]
    if fitted_choices != choices:
        st.caption(i18n.t(lang, "cal_stale"))
    with st.spinner(i18n.t(lang, "cal_fitting"), show_time=True):
        outcome = _fit(data.digest, data.name, fitted_choices, data.content)
        if not outcome.ok:
            _show_error(lang, outcome)
            return
        report, cmp = outcome.value
        try:
            specs = _chart_specs(data.digest, data.name, fitted_choices, lang, data.content)
        except Exception:  # a chart that cannot be drawn is no reason to hide the report
            log.exception("calibration charts failed")
            specs = {}
    try:
        _draw_report(lang, report, cmp, specs, on_use, data)
    except Exception:  # a report that cannot be drawn: a plain message, the details in the server log
        log.exception("calibration report failed")
        st.error(i18n.t(lang, "cal_unexpected"))


def _show_error(lang: str, outcome: Outcome) -> None:
    if outcome.unexpected:
        st.error(i18n.t(lang, "cal_unexpected"))
    else:
        st.error(error_markdown(lang, outcome.lead, outcome.problems))
