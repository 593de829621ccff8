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
engine's messages (a Chinese lead sentence and, where known, a Chinese
rendering of each message), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
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
from presentation.i18n import escape_markdown as md
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
CHART_ORDER = ("survival", "holdout", "cohorts", "repeat_rate", "clv")
NONE = ""  # the "no column" choice of the optional retention columns
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)

# --------------------------------------------------------------------------
# Words (English and Chinese); keys not here come from presentation.i18n
# --------------------------------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    "cal_title": {"en": "Calibrate from your data", "zh": "用你的数据校准"},
    "cal_intro": {
        "en": "Fit churn and repeat buying to your own records and open the result as a scenario. "
              "The file stays in this session; nothing is stored.",
        "zh": "用你自己的记录拟合流失率和复购，并把结果作为场景打开。文件只在本次会话中使用，不会被保存。",
    },
    "cal_upload": {
        "en": "Upload a CSV: a retention table (cohort, period, customers still active) or a transaction log "
              "(customer id, date, amount)",
        "zh": "上传 CSV：留存表（同期群、期、仍活跃客户数）或交易记录（客户编号、日期、金额）",
    },
    "cal_upload_help": {
        "en": "Comma, semicolon or tab separated, UTF-8, at most 50 MB. A transaction log has one row per purchase; "
              "a retention table one row per cohort and period.",
        "zh": "以逗号、分号或制表符分隔，UTF-8 编码，最大 50 MB。交易记录每次购买一行；留存表每个同期群每期一行。",
    },
    "cal_try": {"en": "Or try it with sample data:", "zh": "或者用示例数据试一试："},
    "cal_sample_transactions": {"en": "Sample transaction log", "zh": "示例交易记录"},
    "cal_sample_retention": {"en": "Sample retention table", "zh": "示例留存表"},
    "cal_sample_transactions_help": {
        "en": "400 customers' purchases over 34 weeks (synthetic).",
        "zh": "400 位客户在 34 周内的购买记录（模拟数据）。",
    },
    "cal_sample_retention_help": {
        "en": "Four monthly cohorts of subscribers (synthetic).",
        "zh": "四个按月划分的订阅客户同期群（模拟数据）。",
    },
    "cal_no_data": {"en": "Upload a file or pick a sample to begin.", "zh": "请上传文件或选择示例数据开始。"},
    "cal_file": {"en": "**{name}**: {rows} rows, columns {columns}", "zh": "**{name}**：{rows} 行，列 {columns}"},
    "cal_sample_note": {"en": "(sample data)", "zh": "（示例数据）"},
    "cal_first_rows": {"en": "First rows", "zh": "前几行"},
    "cal_choices": {"en": "What the file holds", "zh": "文件内容"},
    "cal_kind": {"en": "Kind of data", "zh": "数据类型"},
    "cal_kind_transactions": {"en": "Transaction log", "zh": "交易记录"},
    "cal_kind_retention": {"en": "Retention table", "zh": "留存表"},
    "cal_kind_unknown": {
        "en": "Could not tell the kind of data from its columns: choose the kind and the columns below.",
        "zh": "无法从列名判断数据类型：请在下方选择数据类型和各列。",
    },
    "cal_period": {"en": "Period", "zh": "期"},
    "cal_period_help": {
        "en": "The scenario's period. For a retention table, the unit of its period column.",
        "zh": "场景的期。对留存表而言，即其“期”列的单位。",
    },
    "cal_period_week": {"en": "Week", "zh": "周"},
    "cal_period_month": {"en": "Month", "zh": "月"},
    "cal_period_year": {"en": "Year", "zh": "年"},
    "cal_customer_column": {"en": "Customer id column", "zh": "客户编号列"},
    "cal_date_column": {"en": "Date column", "zh": "日期列"},
    "cal_amount_column": {"en": "Amount column", "zh": "金额列"},
    "cal_date_format": {"en": "Date format (e.g. %Y-%m-%d)", "zh": "日期格式（如 %Y-%m-%d）"},
    "cal_date_format_help": {
        "en": "strptime codes: %Y year, %m month, %d day, e.g. %d/%m/%Y. Leave empty to detect it.",
        "zh": "strptime 格式代码：%Y 年、%m 月、%d 日，例如 %d/%m/%Y。留空则自动识别。",
    },
    "cal_cohort_column": {"en": "Cohort column", "zh": "同期群列"},
    "cal_period_column": {"en": "Period column", "zh": "期列"},
    "cal_active_column": {"en": "Customers still active column", "zh": "仍活跃客户数列"},
    "cal_no_column": {"en": "(none)", "zh": "（无）"},
    "cal_pick_column": {"en": "Choose a column", "zh": "请选择一列"},
    "cal_end": {"en": "Fit on data up to (optional)", "zh": "拟合截止日期（可选）"},
    "cal_end_help": {
        "en": "Fit on the purchases up to this date and check the prediction against what happened after it. "
              "Empty: fit on everything.",
        "zh": "只用此日期及之前的购买拟合，并用之后的实际数据检验预测。留空：使用全部数据拟合。",
    },
    "cal_fit": {"en": "Fit", "zh": "拟合"},
    "cal_fitting": {"en": "Fitting…", "zh": "正在拟合…"},
    "cal_stale": {
        "en": "The choices changed since this fit: press Fit to fit again.",
        "zh": "拟合后选项已更改：请再次点击“拟合”。",
    },
    "cal_report": {"en": "Fit report", "zh": "拟合报告"},
    "cal_params": {"en": "Fitted parameters (95% interval)", "zh": "拟合参数（95% 置信区间）"},
    "cal_col_parameter": {"en": "Parameter", "zh": "参数"},
    "cal_col_field": {"en": "Scenario field", "zh": "场景字段"},
    "cal_estimate": {"en": "Estimate", "zh": "估计值"},
    "cal_low": {"en": "95% low", "zh": "95% 下限"},
    "cal_high": {"en": "95% high", "zh": "95% 上限"},
    "cal_p_churn": {"en": "Mean churn per period", "zh": "每期平均流失率"},
    "cal_p_churn_het": {"en": "Churn heterogeneity", "zh": "流失率异质性"},
    "cal_p_churn_shape": {"en": "Churn distribution, shape {symbol}", "zh": "流失率分布形状参数 {symbol}"},
    "cal_p_rate": {"en": "Repeat-order chance per period", "zh": "每期复购概率"},
    "cal_p_rate_het": {"en": "Repeat-chance heterogeneity", "zh": "复购概率异质性"},
    "cal_p_rate_shape": {"en": "Repeat-chance distribution, shape {symbol}", "zh": "复购概率分布形状参数 {symbol}"},
    "cal_p_order_value": {"en": "Repeat order value", "zh": "复购订单金额"},
    "cal_p_price": {"en": "First purchase (front end)", "zh": "首次购买（前端）"},
    "cal_params_note": {
        "en": "Heterogeneity 0: every customer alike; towards 1: customers differ widely. "
              "The shapes are the Beta distribution the scenario draws from.",
        "zh": "异质性为 0：所有客户相同；接近 1：客户之间差异很大。形状参数是场景抽样所用的 Beta 分布。",
    },
    "cal_summary_transactions": {
        "en": "Transaction log: {customers} customers, {unit}s {first} to {last}; fitted on {fitted} customers "
              "up to the {unit} of {end}.",
        "zh": "交易记录：{customers} 位客户，{first} 至 {last}（按{unit}）；用截至 {end} 所在{unit}的 {fitted} 位客户拟合。",
    },
    "cal_summary_retention": {
        "en": "Retention table: {cohorts} cohort(s), {customers} customers, {unit}s 0 to {last}.",
        "zh": "留存表：{cohorts} 个同期群，{customers} 位客户，第 0 至 {last} {unit}。",
    },
    "cal_holdout_title": {"en": "Holdout check", "zh": "留出期检验"},
    "cal_holdout": {
        "en": "Holdout: actual {actual}, predicted {predicted} ({error})",
        "zh": "留出期检验：实际 {actual}，预测 {predicted}（{error}）",
    },
    "cal_holdout_note": {
        "en": "Repeat purchases after the {unit} of {end} by the customers who started up to then: what happened, and what the "
              "fitted scenario predicts (engine, {replicates} runs; the BG/BB formula gives {closed}).",
        "zh": "截至 {end} 所在{unit}已开始购买的客户在此之后的复购次数：实际发生的与拟合场景的预测（模拟引擎，{replicates} 次运行；"
              "BG/BB 公式给出 {closed}）。",
    },
    "cal_holdout_none": {
        "en": "To check the fit against later data, choose a date under “Fit on data up to” and fit again.",
        "zh": "若要用之后的数据检验拟合，请在“拟合截止日期”中选择日期后重新拟合。",
    },
    "cal_notes": {"en": "Notes", "zh": "说明"},
    "cal_notes_english": {"en": "", "zh": "（以下说明为英文）"},
    "cal_charts": {"en": "Charts", "zh": "图表"},
    "cal_todo": {
        "en": "Acquisition cost, costs and the back-end ladder are not in the data: fill in the fields marked TODO.",
        "zh": "获客成本、各项成本和后端阶梯不在数据中：请填写标记为 TODO 的字段。",
    },
    "cal_use": {"en": "Use this scenario", "zh": "使用此场景"},
    "cal_use_help": {
        "en": "Open the fitted scenario in the simulator; then fill in the TODO fields with the levers.",
        "zh": "在模拟器中打开拟合出的场景，然后用滑块填写标记为 TODO 的字段。",
    },
    "cal_download": {"en": "Download scenario YAML", "zh": "下载场景 YAML"},
    "cal_download_help": {
        "en": "The scenario as a file, with comments on the fields to fill in.",
        "zh": "场景文件，待填写的字段附有注释。",
    },
    "cal_failed": {"en": "The data cannot be fitted:", "zh": "无法拟合这些数据："},
    "cal_read_failed": {"en": "The file cannot be read:", "zh": "无法读取此文件："},
    "cal_fit_failed": {"en": "The fit did not converge:", "zh": "拟合未收敛："},
    "cal_unexpected": {
        "en": "Something went wrong while reading or fitting this file. Check that it is a CSV as described above.",
        "zh": "读取或拟合此文件时出错。请确认它是上面所述格式的 CSV 文件。",
    },
    "cal_details_english": {"en": "", "zh": "英文原文："},
    "cal_uploader_limit": {"en": "CSV, at most 50 MB", "zh": "CSV 文件，最大 50 MB"},
}


def tr(lang: str, key: str, **fields: object) -> str:
    """A string of this page in ``lang`` (English where missing); other keys from :func:`presentation.i18n.t`."""
    entry = TEXT.get(key)
    if entry is None:
        return i18n.t(lang, key, **fields)
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


# Chinese renderings of the reading errors people meet most (the rest stay in English under a Chinese lead)
_ZH_MESSAGES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^(?P<n>.+?): file is not UTF-8 text \(byte (?P<b>\d+)\); save it as UTF-8 CSV$"),
     "{n}：文件不是 UTF-8 文本（第 {b} 字节）；请另存为 UTF-8 编码的 CSV"),
    (re.compile(r"^(?P<n>.+?): file is empty$"), "{n}：文件为空"),
    (re.compile(r"^(?P<n>.+?): the file has a header but no rows of data$"), "{n}：文件只有表头，没有数据行"),
    (re.compile(r"^(?P<n>.+?): file is (?P<s>[\d,]+) bytes; the limit is (?P<l>[\d,]+) bytes \(50 MB\)\. .*$"),
     "{n}：文件大小为 {s} 字节，上限为 {l} 字节（50 MB）。未读取任何内容：请先汇总（每次购买一行，或改用留存表）"),
    (re.compile(r"^(?P<n>.+?): line (?P<l>\d+): expected (?P<w>\d+) fields like the first line, found (?P<s>\d+)$"),
     "{n}：第 {l} 行：应与首行一样有 {w} 个字段，实际有 {s} 个"),
    (re.compile(r"^(?P<n>.+?): row (?P<r>\d+), column (?P<c>.+?): cannot read (?P<v>.+) as a date in the format "
                r"(?P<f>.+)$"), "{n}：第 {r} 行，列 {c}：无法按格式 {f} 读取日期 {v}"),
    (re.compile(r"^(?P<n>.+?): row (?P<r>\d+), column (?P<c>.+?): (?P<v>.+) is not a number$"),
     "{n}：第 {r} 行，列 {c}：{v} 不是数字"),
    (re.compile(r"^(?P<n>.+?): cannot tell which column holds the (?P<role>.+?); the columns are (?P<cols>.+?) "
                r"\(name it with .*\)$"), "{n}：无法判断哪一列是{role}；文件的列为 {cols}，请在上方选择"),
    (re.compile(r"^(?P<n>.+?): no column named (?P<c>.+?) for the (?P<role>.+?)(?:; the columns are (?P<cols>.+))?$"),
     "{n}：没有名为 {c} 的列（{role}）"),
)
_ZH_ROLES = {"customer id": "客户编号", "purchase date": "购买日期", "amount": "金额",
             "customers still active": "仍活跃客户数", "period": "期", "cohort": "同期群"}


def translate_message(message: str, lang: str) -> str | None:
    """A Chinese rendering of one calibration message, or None where there is none (English otherwise)."""
    if lang != "zh":
        return message
    for pattern, template in _ZH_MESSAGES:
        m = pattern.match(message)
        if m:
            fields = {k: (v or "") for k, v in m.groupdict().items()}
            if "role" in fields:
                fields["role"] = _ZH_ROLES.get(fields["role"], fields["role"])
            return template.format(**fields)
    return None


def error_markdown(lang: str, lead_key: str, messages: list[str]) -> str:
    """The lead sentence and every message as a Markdown list (user text escaped; English kept where untranslated)."""
    lines = [tr(lang, lead_key)]
    for m in messages:
        zh = translate_message(m, lang)
        if zh is None or zh == m:
            lines.append(f"- {md(m)}")
        else:
            lines.append(f"- {md(zh)}  \n  {tr(lang, 'cal_details_english')}{md(m)}")
    return "\n".join(lines)


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

    def fit_kwargs(self) -> dict[str, Any]:
        if self.kind == "retention":
            return {"kind": "retention", "period": self.period, "cohort_column": self.cohort_column,
                    "period_column": self.period_column, "active_column": self.active_column}
        return {"kind": "transactions", "period": self.period, "customer_column": self.customer_column,
                "date_column": self.date_column, "amount_column": self.amount_column,
                "date_format": self.date_format,
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
    """A cached call's value, or the messages of the CalibrationError it raised (``lead``: which sentence leads)."""

    value: Any = None
    messages: tuple[str, ...] = ()
    lead: str = "cal_failed"
    unexpected: bool = False

    @property
    def ok(self) -> bool:
        return not self.messages and not self.unexpected


def _guard(lead: str, call: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(value=call())
    except CalibrationError as exc:  # FitError included
        lead = "cal_fit_failed" if isinstance(exc, FitError) else lead
        return Outcome(messages=tuple(exc.messages), lead=lead)
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
            cmp = holdout_comparison(logged, report.scenario, report.bgbb)
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
        return tr(lang, key).replace("\\", "\\\\").replace('"', '\\"')

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
    st.file_uploader(tr(lang, "cal_upload"), type=["csv", "txt", "tsv"], key=key, on_change=_on_upload, args=(key,),
                     help=tr(lang, "cal_upload_help"), max_upload_size=MAX_CSV_BYTES // (1024 * 1024))
    cols = st.columns([2, 2, 2], vertical_alignment="center")
    cols[0].caption(tr(lang, "cal_try"))
    for col, which in zip(cols[1:], ("transactions", "retention")):
        col.button(tr(lang, f"cal_sample_{which}"), key=f"cal:sample:{which}", on_click=load_sample, args=(which,),
                   help=tr(lang, f"cal_sample_{which}_help"), icon=":material/dataset:", width="stretch")


def _column_picker(lang: str, label: str, columns: list[str], detected: str | None, key: str,
                   optional: bool = False) -> str | None:
    options = ([NONE] if optional else []) + columns
    if detected in columns:
        index = options.index(detected)
    else:
        index = 0 if optional else None
    value = st.selectbox(tr(lang, label), options=options, index=index, key=key,
                         format_func=lambda c: tr(lang, "cal_no_column") if c == NONE else c,
                         placeholder=tr(lang, "cal_pick_column"))
    return value or None


def _draw_choices(lang: str, data: Data, p: CsvPreview) -> Choices:
    """The kind, period, columns, date format and calibration end, pre-filled from the preview."""
    k = data.digest[:16]
    sample = SAMPLES.get(data.sample or "", {})
    st.subheader(tr(lang, "cal_choices"))
    if p.kind is None:
        st.warning(tr(lang, "cal_kind_unknown"))
    top = st.columns(2)
    kind = top[0].radio(tr(lang, "cal_kind"), KINDS, index=KINDS.index(p.kind or "transactions"), horizontal=True,
                        format_func=lambda v: tr(lang, f"cal_kind_{v}"), key=f"cal:kind:{k}")
    period_default = sample.get("period") or _default_period(p)
    period = top[1].radio(tr(lang, "cal_period"), PERIODS, index=PERIODS.index(period_default), horizontal=True,
                          format_func=lambda v: tr(lang, f"cal_period_{v}"), help=tr(lang, "cal_period_help"),
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
    date_format = cols[0].text_input(tr(lang, "cal_date_format"), value=p.date_format or "", max_chars=40,
                                     help=tr(lang, "cal_date_format_help"), key=f"cal:format:{k}").strip()
    end = cols[1].date_input(tr(lang, "cal_end"), value=sample.get("calibration_end"), min_value=DATE_MIN,
                             max_value=DATE_MAX, format="YYYY-MM-DD", help=tr(lang, "cal_end_help"),
                             key=f"cal:end:{k}")
    return Choices(kind=kind, period=period, customer_column=customer, date_column=date, amount_column=amount,
                   date_format=date_format or None, calibration_end=end if isinstance(end, dt.date) else None)


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
}


def parameters_table(report: FitReport, lang: str) -> pd.DataFrame:
    """The fitted parameters with translated names and formatted numbers (what the page shows)."""
    currency = report.scenario.currency
    rows = []
    for r in report.parameters().itertuples():
        label_key, how = _PARAM_ROWS.get(r.field, (None, "number"))
        symbol = r.meaning if len(r.meaning) <= 2 else ""  # the shapes' "meaning" is their symbol (a, b, α, γ ...)
        label = tr(lang, label_key, symbol=symbol) if label_key else r.meaning
        rows.append({tr(lang, "cal_col_parameter"): label, tr(lang, "cal_col_field"): r.field,
                     tr(lang, "cal_estimate"): _fmt(r.estimate, lang, how, currency),
                     tr(lang, "cal_low"): _fmt(r.low95, lang, how, currency),
                     tr(lang, "cal_high"): _fmt(r.high95, lang, how, currency)})
    return pd.DataFrame(rows)


def _summary(report: FitReport, lang: str) -> str:
    unit = i18n.unit(lang, report.scenario.periods_per_year)
    n = lambda x: i18n.fmt_number(x, lang, 0)  # noqa: E731
    if report.kind == "retention":
        f = report.retention
        return tr(lang, "cal_summary_retention", cohorts=n(f.cohorts), customers=n(f.customers), unit=unit,
                  last=f.last_period)
    logged = report.log
    return tr(lang, "cal_summary_transactions", customers=n(logged.ids.size), unit=unit, first=md(logged.label(0)),
              last=md(logged.label(logged.last_period)), fitted=n(report.bgbb.customers),
              end=md(logged.label(logged.calibration_end)))


def _draw_report(lang: str, report: FitReport, cmp: HoldoutComparison | None, specs: dict[str, dict],
                 on_use: Callable[[Scenario], None], data: Data) -> None:
    st.subheader(tr(lang, "cal_report"))
    st.caption(_summary(report, lang))
    actions = st.columns([1, 1, 2], vertical_alignment="center")
    actions[0].button(tr(lang, "cal_use"), key="cal:use", on_click=on_use, args=(report.scenario,), type="primary",
                      icon=":material/play_arrow:", help=tr(lang, "cal_use_help"), width="stretch")
    stem = share.file_stem(Path(data.name).stem, fallback="data")
    actions[1].download_button(tr(lang, "cal_download"), data=report.yaml, file_name=f"fitted_{stem}.yaml",
                               mime="application/x-yaml", on_click="ignore", key="cal:download",
                               icon=":material/download:", help=tr(lang, "cal_download_help"), width="stretch")
    st.warning(tr(lang, "cal_todo"), icon=":material/edit_note:")

    st.markdown(f"**{tr(lang, 'cal_params')}**")
    st.dataframe(parameters_table(report, lang), hide_index=True, width="stretch")
    st.caption(tr(lang, "cal_params_note"))

    if report.kind == "transactions":
        st.markdown(f"**{tr(lang, 'cal_holdout_title')}**")
        if cmp is None:
            st.caption(tr(lang, "cal_holdout_none"))
        else:
            n = lambda x: i18n.fmt_number(x, lang, 0)  # noqa: E731
            error = i18n.fmt_percent(cmp.error, lang, 1) if math.isfinite(cmp.error) else "—"
            if math.isfinite(cmp.error) and cmp.error > 0:
                error = "+" + error
            st.info(tr(lang, "cal_holdout", actual=n(cmp.actual_total), predicted=n(cmp.predicted_total), error=error),
                    icon=":material/fact_check:")
            st.caption(tr(lang, "cal_holdout_note", end=md(report.log.label(cmp.calibration_end)),
                          unit=i18n.unit(lang, report.scenario.periods_per_year),
                          replicates=cmp.replicates, closed=n(cmp.closed_form_total)))

    fit = report.retention if report.retention is not None else report.bgbb
    notes = list(getattr(fit, "notes", ())) + list(report.warnings)
    if notes:
        st.markdown(f"**{tr(lang, 'cal_notes')}**" + (f" {tr(lang, 'cal_notes_english')}" if lang == "zh" else ""))
        st.markdown("\n".join(f"- {md(note)}" for note in notes))

    st.subheader(tr(lang, "cal_charts"))
    for name, spec in specs.items():
        st.vega_lite_chart(spec=spec, width="stretch", key=f"cal:chart:{name}")


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
    st.title(tr(lang, "cal_title"))
    st.caption(tr(lang, "cal_intro"))
    _draw_source(lang)

    data: Data | None = ss.get("cal:data")
    if data is None:
        st.info(tr(lang, "cal_no_data"), icon=":material/upload_file:")
        return
    pre = _preview(data.digest, data.name, data.content)
    if not pre.ok:
        _show_error(lang, pre)
        return
    p: CsvPreview = pre.value
    shown = ", ".join(md(c) for c in p.columns[:12]) + (", …" if len(p.columns) > 12 else "")
    st.markdown(tr(lang, "cal_file", name=md(data.name), rows=i18n.fmt_number(p.rows, lang, 0), columns=shown)
                + (f" {tr(lang, 'cal_sample_note')}" if data.sample else ""))
    with st.expander(tr(lang, "cal_first_rows"), expanded=data.sample is None, key=f"cal:head:{data.digest[:16]}"):
        st.dataframe(p.head, hide_index=True, width="stretch")

    choices = _draw_choices(lang, data, p)
    if st.button(tr(lang, "cal_fit"), key="cal:fit", type="primary", icon=":material/query_stats:"):
        ss["cal:fitted"] = (data.digest, choices)

    fitted = ss.get("cal:fitted")
    if fitted is None or fitted[0] != data.digest:
        return
    fitted_choices: Choices = fitted[1]
    if fitted_choices != choices:
        st.caption(tr(lang, "cal_stale"))
    with st.spinner(tr(lang, "cal_fitting"), show_time=True):
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
        st.error(tr(lang, "cal_unexpected"))


def _show_error(lang: str, outcome: Outcome) -> None:
    if outcome.unexpected:
        st.error(tr(lang, "cal_unexpected"))
    else:
        st.error(error_markdown(lang, outcome.lead, list(outcome.messages)))
