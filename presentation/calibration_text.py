"""A calibration fit in words, in English or 中文: its report, its notes, the fitted scenario and its YAML file.

The core (:func:`simulator.calibration.fit_data`) returns numbers and codes: a
:class:`~simulator.calibration.fit.FitReport` whose scenario is named after the
file and has no description, whose notes are
:class:`~simulator.problems.Problem` codes, and :data:`~simulator.calibration.fit.TODO_FIELDS`,
the keys the data cannot give. Here they become what a person reads, in the
chosen language, for the CLI's ``fit`` and the app's Calibrate page alike:

* :func:`fit_summary`: the plain-text report the CLI prints;
* :func:`fit_notes`: the fit's notes and the data's warnings, one line each;
* :func:`fitted_scenario`: the scenario with its name, description and default names worded;
* :func:`fitted_yaml`: that scenario as YAML, with a header and a TODO comment on each field to fill in.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from simulator.calibration.fit import TODO_FIELDS, FitReport
from simulator.calibration.models import scenario_model
from simulator.scenario import Scenario, dump_scenario, load_scenario_text, scenario_from_dict, scenario_to_dict

from .i18n import t, unit
from .messages import problems_text


def fit_notes(report: FitReport, lang: str) -> list[str]:
    """The fit's notes, then the data's warnings, each as one sentence in ``lang``."""
    return problems_text(report.notes, lang)


def _g4(x: float) -> str:
    return f"{x:.4g}"


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(0, width - shown)
    return fill + text if right else text + fill


def fit_summary(report: FitReport, lang: str) -> str:
    """A plain-text report of the fit (what the CLI's ``fit`` prints): the data, the fit, the parameters, the notes."""
    u = unit(lang, report.scenario.periods_per_year)
    if report.kind == "retention":
        f = report.retention
        lines = [t(lang, "fit_summary_retention", cohorts=len(report.table.cohorts), customers=f"{f.customers:,}",
                   last=f.last_period, unit=u),
                 t(lang, "fit_summary_sbg", a=_g4(f.alpha.estimate), b=_g4(f.beta.estimate),
                   loglik=f"{f.log_likelihood:,.2f}")]
    else:
        b, log = report.bgbb, report.log
        columns = ", ".join(f"{role}={name!r}" for role, name in report.columns.items())
        lines = [t(lang, "fit_summary_transactions", customers=f"{log.ids.size:,}", unit=u, origin=log.origin,
                   end=log.calibration_end, last=log.last_period, columns=columns, date_format=report.date_format),
                 t(lang, "fit_summary_bgbb", customers=f"{b.customers:,}", **dict(zip(
                     ("alpha", "beta", "gamma", "delta"), map(_g4, b.params))), loglik=f"{b.log_likelihood:,.2f}")]
    lines.append("")
    head = (t(lang, "cal_col_field"), t(lang, "cal_estimate"), t(lang, "cal_low"), t(lang, "cal_high"))
    lines.append("  " + _pad(head[0], 34) + "".join(_pad(h, 12, right=True) for h in head[1:]))
    for row in report.parameters().itertuples():
        lines.append(f"  {row.field:<34}{row.estimate:>12.4g}{row.low95:>12.4g}{row.high95:>12.4g}")
    lines += [t(lang, "fit_note", note=note) for note in fit_notes(report, lang)]
    return "\n".join(lines)


def _source(report: FitReport, lang: str) -> str:
    return t(lang, "fit_uploaded") if report.source == "upload" else report.source


def fitted_scenario(report: FitReport, lang: str) -> Scenario:
    """The fitted scenario with its name (unless one was asked for), description and default names in ``lang``.

    The description says what came from the data and which fields are TODO; the numbers are the core's.
    """
    data = scenario_to_dict(report.scenario)
    if report.title is None:
        stem = Path(report.source).stem if report.source != "upload" else t(lang, "fit_uploaded")
        data["name"] = t(lang, "fit_name", stem=stem)[:80]
    source = _source(report, lang)
    if report.scenario.repeat_purchase is not None and report.scenario.repeat_purchase.bgnbd is not None:
        what = t(lang, "fit_what_bgnbd", customers=f"{report.models.score('bgnbd').customers:,}",
                 unit=unit(lang, report.scenario.periods_per_year))
        from_data, todo = t(lang, "fit_from_data_bgnbd"), t(lang, "fit_todo_bgbb")
    elif report.bgbb is not None:
        what = t(lang, "fit_what_bgbb", customers=f"{report.bgbb.customers:,}",
                 unit=unit(lang, report.scenario.periods_per_year))
        from_data, todo = t(lang, "fit_from_data_bgbb"), t(lang, "fit_todo_bgbb")
    else:
        what = t(lang, "fit_what_sbg", customers=f"{report.retention.customers:,}", cohorts=report.retention.cohorts)
        from_data, todo = t(lang, "fit_from_data_sbg"), t(lang, "fit_todo_sbg")
    data["description"] = t(lang, "fit_description", source=source, what=what, from_data=from_data, todo=todo)
    data["acquisition"]["channels"][0]["name"] = t(lang, "fit_channel")
    data["front_end"]["name"] = t(lang, "fit_front_end")
    return scenario_from_dict(data)


def fitted_yaml(report: FitReport, lang: str) -> str:
    """:func:`fitted_scenario` as YAML: a header comment, and a TODO comment on each field the data cannot give.

    Comments only: the text loads back to the same scenario. A retention table marks the price too
    (it says nothing about prices).
    """
    scenario = fitted_scenario(report, lang)
    keys = TODO_FIELDS + (("price",) if report.kind == "retention" else ())
    out = []
    for line in dump_scenario(scenario).splitlines():
        key = re.match(r"^\s*(?:- )?(\w+):", line)
        if key and key.group(1) in keys and not line.rstrip().endswith(":"):
            line = f"{line}  # {t(lang, f'fit_todo_{key.group(1)}')}"
        out.append(line)
    source = _source(report, lang)
    if report.kind == "retention":
        first = t(lang, "fit_header_retention", source=source)
    else:
        first = t(lang, "fit_header_transactions", source=source, unit=unit(lang, scenario.periods_per_year),
                  origin=report.log.origin, end=report.log.calibration_end)
    header = "".join(f"# {line}\n" for line in (first, t(lang, "fit_header_data"), t(lang, "fit_header_todo")))
    text = header + "\n".join(out) + "\n"
    assert load_scenario_text(text) == scenario
    return text


# --------------------------------------------------------------------------
# Model choice and per-customer forecasts (issue 13)
# --------------------------------------------------------------------------


def _params_text(score) -> str:
    def one(symbol, iv) -> str:
        if iv.low == iv.low and iv.high == iv.high:  # not NaN
            return f"{symbol} = {_g4(iv.estimate)} [{_g4(iv.low)}, {_g4(iv.high)}]"
        return f"{symbol} = {_g4(iv.estimate)}"

    return ", ".join(one(k, v) for k, v in score.params)


def model_reason(report: FitReport, lang: str) -> str:
    """Why the chosen model was chosen, in one sentence."""
    choice = report.models
    s = choice.score()
    error = s.error if choice.reason == "holdout_error" else s.tracking_error
    reason = t(lang, f"model_reason_{choice.reason}", model=t(lang, f"model_{s.model}"), error=error)
    if scenario_model(choice) != choice.chosen:
        reason = t(lang, "model_reason_and_scenario", reason=reason,
                   scenario=t(lang, "model_scenario_without_covariate"))
    return reason


def models_summary(report: FitReport, lang: str, *, app: bool = False) -> str:
    """The model table as text: each model's parameters with intervals, log-likelihood, BIC, holdout errors; the choice."""
    choice, log = report.models, report.log
    end = log.calibration_end
    if choice.holdout_periods:
        lines = [t(lang, "models_head", end=end, first=end + 1, last=log.last_period)]
    else:
        lines = [t(lang, "models_head_no_holdout_app" if app else "models_head_no_holdout", end=end)]
    for s in choice.scores:
        lines.append(t(lang, "models_row", model=t(lang, f"model_{s.model}"), params=_params_text(s),
                       loglik=s.log_likelihood, bic=s.bic))
        if s.predicted is not None:
            quarters = ", ".join(f"{q.error:+.1%}" for q in s.by_quarter)
            lines.append(t(lang, "models_holdout", predicted=s.predicted, actual=s.actual, error=s.error,
                           quarters=quarters))
    if len(choice.scores) > 1:
        lines.append(t(lang, "models_scale_note"))
    lines.append(model_reason(report, lang))
    return "\n".join(lines)


def model_table(report: FitReport, lang: str):
    """The model table as a DataFrame with headers in ``lang`` (the app's Calibrate page)."""
    import pandas as pd

    rows = []
    for s in report.models.scores:
        rows.append({
            t(lang, "model_col_model"): t(lang, f"model_{s.model}"),
            t(lang, "model_col_params"): _params_text(s),
            # written out, not floats: a plain table would show floats with four decimals
            t(lang, "model_col_loglik"): f"{s.log_likelihood:,.1f}",
            t(lang, "model_col_bic"): f"{s.bic:,.1f}",
            t(lang, "model_col_predicted"): "–" if s.predicted is None else f"{s.predicted:,.0f}",
            t(lang, "model_col_actual"): "–" if s.actual is None else f"{s.actual:,}",
            t(lang, "model_col_error"): "–" if s.error is None else f"{s.error:+.1%}",
            t(lang, "model_col_quarters"): ", ".join(f"{q.error:+.1%}" for q in s.by_quarter),
        })
    return pd.DataFrame(rows)
