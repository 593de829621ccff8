"""From a CSV to a fitted scenario: the one entry point the CLI and the app call.

:func:`fit_data` reads a retention table or a transaction log (bytes, text path
or :class:`~pathlib.Path`), fits it and returns a :class:`FitReport` holding the
fits with their intervals, the historical tables and a ready
:class:`~simulator.scenario.Scenario` whose retention and repeat buying come
from the data. Acquisition cost, the back-end ladder and the costs are not in
such data: they are left at zero, and :data:`TODO_FIELDS` names them.

No words for people here: the fits' notes and the data's warnings are
:class:`~simulator.problems.Problem` codes, and the report's text, the
scenario's name and description and the YAML file with its TODO comments are
made in the chosen language by :mod:`presentation.calibration_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


import pandas as pd

from ..problems import Problem
from ..scenario import Scenario, scenario_from_dict
from .bgbb import BGBBFit, fit_bgbb
from .bgnbd import BGNBDFit
from .history import (
    OrderValueFit,
    cohort_table,
    fit_order_value,
    historical_clv,
    repeat_rate_curve,
    retention_cohort_table,
)
from .models import ModelChoice, compare_models, scenario_model
from .periods import PERIODS_PER_YEAR, Period, PeriodLog, discretise
from .reading import CalibrationError, Kind, RawTable, RetentionTable, detect_kind, read_raw, read_retention, read_transactions
from .sbg import Interval, SBGFit, fit_sbg
from .uncertainty import bgbb_ranges, bgnbd_fields, bgnbd_intervals

HORIZON_YEARS = {"week": 3, "month": 3, "year": 10}
"""The fitted scenario's horizon: 3 years of weeks or months, 10 years."""

TODO_FIELDS = ("cac", "unit_cost", "margin", "cost_to_serve", "back_end")
"""The fitted scenario's keys the data cannot give (a retention table adds ``price``): left at 0 (margin 1), to fill in."""


@dataclass(frozen=True)
class FitReport:
    """Everything a fit produced: the fits, the historical view and the scenario."""

    kind: Kind
    period: Period
    scenario: Scenario
    """The fitted scenario (named after the file, no description: see :mod:`presentation.calibration_text`)."""
    retention: SBGFit | None = None
    """The sBG fit (retention tables)."""
    bgbb: BGBBFit | None = None
    """The BG/BB fit (transaction logs)."""
    order_value: OrderValueFit | None = None
    models: ModelChoice | None = field(default=None, repr=False)
    """Transaction logs: BG/BB and BG/NBD scored on the holdout, the chosen one (:mod:`.models`)."""
    log: PeriodLog | None = field(default=None, repr=False)
    table: RetentionTable | None = field(default=None, repr=False)
    columns: dict[str, str | None] = field(default_factory=dict)
    date_format: str | None = None
    warnings: tuple[Problem, ...] = ()
    """Remarks on the data (ambiguous dates, few customers, a late calibration end)."""
    source: str = "data"
    """The file's name (``upload`` for bytes without a file name)."""
    title: str | None = None
    """The scenario name asked for; None: the presentation layer names it after the file."""

    @property
    def scenario_fit(self) -> BGBBFit | BGNBDFit | None:
        """The fit the scenario's repeat buying came from: the chosen BG/NBD, else the BG/BB."""
        rep = self.scenario.repeat_purchase
        if rep is not None and rep.bgnbd is not None and self.models is not None:
            return self.models.score("bgnbd").fit
        return self.bgbb

    @property
    def notes(self) -> tuple[Problem, ...]:
        """The fit's notes, then the data's warnings: everything the reader should know about this fit."""
        fit = self.retention if self.retention is not None else self.bgbb
        own = tuple(fit.notes if fit is not None else ())
        scenario_fit = self.scenario_fit
        if scenario_fit is not None and scenario_fit is not fit:  # the scenario follows the BG/NBD: its ceiling
            own += tuple(p for p in scenario_fit.notes if p.code == "fit_bgnbd_dropout_polarised")
        return own + tuple(self.warnings)

    # -- the historical view -------------------------------------------------

    def cohorts(self) -> pd.DataFrame:
        """Cohort × period table (see :func:`~simulator.calibration.history.cohort_table`)."""
        if self.log is not None:
            return cohort_table(self.log)
        return retention_cohort_table(self.table)

    def repeat_curve(self) -> pd.DataFrame | None:
        """Repeat rate by periods since the first purchase (transaction logs only)."""
        return repeat_rate_curve(self.log) if self.log is not None else None

    def clv(self, margin: float = 1.0) -> pd.DataFrame | None:
        """Historical CLV (profit / customers) per cohort (transaction logs only)."""
        return historical_clv(self.log, margin) if self.log is not None else None

    def parameters(self) -> pd.DataFrame:
        """One row per fitted number: scenario field, its formula in the model's symbols, estimate, 95% interval.

        ``meaning`` is notation, not words: the shape's symbol (``a``, ``α``, ``γ`` ...) or the
        formula the field is (``a/(a+b)``); the presentation layer names each field in words.
        """
        rows: list[tuple[str, str, Interval]] = []
        if self.retention is not None:
            f = self.retention
            rows += [("retention.churn", "a/(a+b)", f.churn),
                     ("retention.heterogeneity", "1/(a+b+1)", f.heterogeneity),
                     ("retention.churn_beta.alpha", "a", f.alpha), ("retention.churn_beta.beta", "b", f.beta)]
        g = self.scenario.repeat_purchase.bgnbd if self.scenario.repeat_purchase is not None else None
        if g is not None:  # the scenario follows the BG/NBD: its fields (the BG/BB is in the model table)
            iv = bgnbd_intervals(self.scenario_fit)
            rows += [("repeat_purchase.bgnbd.rate", "r/α", iv["rate"]),
                     ("repeat_purchase.bgnbd.rate_shape", "r", iv["rate_shape"]),
                     ("repeat_purchase.bgnbd.dropout", "a/(a+b)", iv["dropout"]),
                     ("repeat_purchase.bgnbd.dropout_heterogeneity", "1/(a+b+1)", iv["dropout_heterogeneity"])]
        elif self.bgbb is not None:
            f = self.bgbb
            rows += [("repeat_purchase.rate", "α/(α+β)", f.purchase_rate),
                     ("repeat_purchase.heterogeneity", "1/(α+β+1)", f.purchase_heterogeneity),
                     ("repeat_purchase.rate_beta.alpha", "α", f.purchase_alpha),
                     ("repeat_purchase.rate_beta.beta", "β", f.purchase_beta),
                     ("retention.churn", "γ/(γ+δ)", f.churn),
                     ("retention.heterogeneity", "1/(γ+δ+1)", f.heterogeneity),
                     ("retention.churn_beta.alpha", "γ", f.dropout_alpha),
                     ("retention.churn_beta.beta", "δ", f.dropout_beta)]
        if self.order_value is not None:
            o = self.order_value
            rows.append(("repeat_purchase.order_value", "E[repeat order]", Interval(o.mean, o.mean_low, o.mean_high)))
            rows.append(("front_end.price", "E[first period]", Interval(o.first_order_mean, float("nan"), float("nan"))))
        return pd.DataFrame([(k, what, i.estimate, i.low, i.high) for k, what, i in rows],
                            columns=["field", "meaning", "estimate", "low95", "high95"])


def _sig(x: float, digits: int = 6) -> float:
    return float(f"{x:.{digits}g}")


def _beta_fields(mean: Interval, het: Interval, alpha: Interval, beta: Interval, keys: tuple[str, str, str]) -> dict:
    """{mean key: m, heterogeneity: h} or, when h > 0.99 (beyond the slider), {beta key: {alpha, beta}}."""
    mean_key, het_key, beta_key = keys
    if het.estimate <= 0.99:
        return {mean_key: _sig(mean.estimate), het_key: _sig(het.estimate)}
    return {beta_key: {"alpha": _sig(alpha.estimate), "beta": _sig(beta.estimate)}}


def to_scenario(
    *,
    period: Period,
    name: str,
    retention: SBGFit | None = None,
    bgbb: BGBBFit | None = None,
    order_value: OrderValueFit | None = None,
    currency: str = "USD",
    bgnbd: BGNBDFit | None = None,
    uncertainty: bool = False,
) -> Scenario:
    """A valid scenario whose retention and repeat buying come from the fits; the rest (:data:`TODO_FIELDS`) zero.

    With ``bgnbd`` the repeat buying is the BG/NBD's (``repeat_purchase.bgnbd``; retention's churn 0: customers
    leave only after a purchase). With ``uncertainty`` the fitted numbers are 90% ranges from the fit's
    Hessian (:func:`~simulator.calibration.uncertainty.fit_ranges`), so each simulated future draws its own:
    the bands then show what the data cannot pin down. Without, point estimates.

    The description is left empty and the channel and first purchase get plain default names:
    :func:`presentation.calibration_text.fitted_scenario` words them in the reader's language.
    """
    ppy = PERIODS_PER_YEAR[period]
    if bgnbd is not None:
        ret = {"churn": 0.0}
    elif bgbb is not None:
        ret = _beta_fields(bgbb.churn, bgbb.heterogeneity, bgbb.dropout_alpha, bgbb.dropout_beta,
                           ("churn", "heterogeneity", "churn_beta"))
    elif retention is not None:
        ret = _beta_fields(retention.churn, retention.heterogeneity, retention.alpha, retention.beta,
                           ("churn", "heterogeneity", "churn_beta"))
    else:
        raise ValueError("to_scenario needs a retention or a BG/BB fit")  # a caller's bug, not an input's problem
    data: dict = {
        "version": 1,
        "name": name[:80],
        "currency": currency,
        "periods_per_year": ppy,
        "horizon": HORIZON_YEARS[period] * ppy,
        "acquisition": {"channels": [{"name": "Paid ads", "share": 1.0, "cac": 0.0}]},
        "front_end": {"name": "First purchase",
                      "price": _sig(order_value.first_order_mean) if order_value is not None else 0.0,
                      "unit_cost": 0.0},
        "back_end": [],
        "cost_to_serve": 0.0,
        "retention": ret,
    }
    if uncertainty and (bgnbd is not None or bgbb is not None):
        ret = ret if bgnbd is not None else bgbb_ranges(bgbb, "retention", ret)
    if bgnbd is not None:
        rep = {"bgnbd": bgnbd_fields(bgnbd, ranges=uncertainty)}
    elif bgbb is not None:
        rep = _beta_fields(bgbb.purchase_rate, bgbb.purchase_heterogeneity, bgbb.purchase_alpha, bgbb.purchase_beta,
                           ("rate", "heterogeneity", "rate_beta"))
        if uncertainty:
            rep = bgbb_ranges(bgbb, "repeat_purchase", rep)
    if bgnbd is not None or bgbb is not None:
        rep["order_value"] = _sig(order_value.mean) if order_value is not None else 0.0
        rep["margin"] = 1.0
        data["repeat_purchase"] = rep
    return scenario_from_dict(data)


def fit_data(
    source: bytes | str | Path,
    *,
    period: Period,
    kind: Kind | None = None,
    calibration_end=None,
    customer_column: str | None = None,
    date_column: str | None = None,
    amount_column: str | None = None,
    date_format: str | None = None,
    cohort_column: str | None = None,
    period_column: str | None = None,
    active_column: str | None = None,
    name: str | None = None,
    currency: str = "USD",
    filename: str | None = None,
    uncertainty: bool = False,
) -> FitReport:
    """Read, check and fit a retention table or a transaction log; build the scenario.

    Parameters
    ----------
    source : bytes or path
        The CSV (an upload's bytes, or a file path). Files over 50 MB are refused.
    period : {"week", "month", "year"}
        The scenario's period; for a retention table, the unit of its period column.
    kind : {"retention", "transactions"}, optional
        Detected from the columns when not given.
    calibration_end : date or str, optional
        Transaction logs: fit on purchases up to this date (inclusive); default all.
    customer_column, date_column, amount_column, date_format : str, optional
        Transaction logs: override the detected columns and date format (strptime codes, e.g. ``%d/%m/%Y``).
    cohort_column, period_column, active_column : str, optional
        Retention tables: override the detected columns.
    name : str, optional
        Scenario name (default from the file name).
    filename : str, optional
        The upload's file name, used in messages and the scenario's description when ``source`` is bytes.
    uncertainty : bool
        Transaction logs: the scenario carries the fit's 90% ranges instead of point estimates.

    The scenario of a transaction log follows the model chosen by :func:`~simulator.calibration.models.compare_models`
    (BG/BB or BG/NBD; the plain BG/NBD when the covariate BG/NBD is chosen, see
    :func:`~simulator.calibration.models.scenario_model`).

    Raises
    ------
    CalibrationError
        Bad input, with one message per problem naming the row and column.
    FitError
        A fit that did not converge, with the optimiser's reason.
    """
    if period not in PERIODS_PER_YEAR:
        raise CalibrationError.of("", "period_invalid", got=period)
    raw: RawTable = read_raw(source, filename)
    if kind is None:
        kind = detect_kind(raw)
        if kind is None:
            raise CalibrationError.of(raw.name, "kind_unknown", columns=tuple(raw.columns))
    elif kind not in ("retention", "transactions"):
        raise CalibrationError.of("", "kind_invalid", got=kind)
    title = name or (Path(raw.name).stem if raw.name != "upload" else "data")
    if kind == "retention":
        table = read_retention(raw, cohort_column=cohort_column, period_column=period_column,
                               active_column=active_column)
        fit = fit_sbg(table)
        scenario = to_scenario(period=period, name=title, retention=fit, currency=currency)
        return FitReport(kind=kind, period=period, scenario=scenario, retention=fit, table=table,
                         columns=dict(table.columns), warnings=table.warnings, source=raw.name, title=name)
    tx = read_transactions(raw, customer_column=customer_column, date_column=date_column,
                           amount_column=amount_column, date_format=date_format)
    log = discretise(tx, period, calibration_end)
    bgbb = fit_bgbb(log)
    ov = fit_order_value(log)
    models = compare_models(log, bgbb)
    chosen = models.score("bgnbd").fit if scenario_model(models) == "bgnbd" else None
    scenario = to_scenario(period=period, name=title, bgbb=bgbb, order_value=ov, currency=currency, bgnbd=chosen,
                           uncertainty=uncertainty)
    return FitReport(kind=kind, period=period, scenario=scenario, bgbb=bgbb, order_value=ov, models=models, log=log,
                     columns=dict(tx.columns), date_format=tx.date_format, warnings=log.warnings, source=raw.name,
                     title=name)
