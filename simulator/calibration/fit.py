"""From a CSV to a fitted scenario: the one entry point the CLI and the app call.

:func:`fit_data` reads a retention table or a transaction log (bytes, text path
or :class:`~pathlib.Path`), fits it and returns a :class:`FitReport` holding the
fits with their intervals, the historical tables and a ready
:class:`~simulator.scenario.Scenario` (and its YAML text) whose retention and
repeat buying come from the data. Acquisition cost, the back-end ladder and the
costs are not in such data: they are left at zero and marked TODO in the
scenario's description and as comments in the YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


import pandas as pd

from ..scenario import Scenario, dump_scenario, load_scenario_text, scenario_from_dict
from .bgbb import BGBBFit, fit_bgbb
from .history import (
    OrderValueFit,
    cohort_table,
    fit_order_value,
    historical_clv,
    repeat_rate_curve,
    retention_cohort_table,
)
from .periods import PERIODS_PER_YEAR, Period, PeriodLog, discretise
from .reading import CalibrationError, Kind, RawTable, RetentionTable, detect_kind, read_raw, read_retention, read_transactions
from .sbg import Interval, SBGFit, fit_sbg

HORIZON_YEARS = {"week": 3, "month": 3, "year": 10}
"""The fitted scenario's horizon: 3 years of weeks or months, 10 years."""

TODO_FIELDS = {
    "cac": "TODO: your cost per paid front-end buyer (not in the data)",
    "unit_cost": "TODO: cost of goods of the first purchase (not in the data)",
    "margin": "TODO: gross margin of repeat orders (1 = no cost of goods entered yet)",
    "cost_to_serve": "TODO: cost to serve an active customer per period (not in the data)",
    "back_end": "TODO: your upsell ladder, if you have one (not in the data)",
}


@dataclass(frozen=True)
class FitReport:
    """Everything a fit produced: the fits, the historical view and the scenario."""

    kind: Kind
    period: Period
    scenario: Scenario
    yaml: str
    """The scenario as YAML, with TODO comments on the fields to fill in."""
    retention: SBGFit | None = None
    """The sBG fit (retention tables)."""
    bgbb: BGBBFit | None = None
    """The BG/BB fit (transaction logs)."""
    order_value: OrderValueFit | None = None
    log: PeriodLog | None = field(default=None, repr=False)
    table: RetentionTable | None = field(default=None, repr=False)
    columns: dict[str, str | None] = field(default_factory=dict)
    date_format: str | None = None
    warnings: tuple[str, ...] = ()

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
        """One row per fitted number: scenario field, estimate, 95% interval."""
        rows: list[tuple[str, str, Interval]] = []
        if self.retention is not None:
            f = self.retention
            rows += [("retention.churn", "mean churn per period", f.churn),
                     ("retention.heterogeneity", "churn heterogeneity 1/(a+b+1)", f.heterogeneity),
                     ("retention.churn_beta.alpha", "a", f.alpha), ("retention.churn_beta.beta", "b", f.beta)]
        if self.bgbb is not None:
            f = self.bgbb
            rows += [("repeat_purchase.rate", "mean repeat-order chance per period", f.purchase_rate),
                     ("repeat_purchase.heterogeneity", "order-chance heterogeneity 1/(α+β+1)", f.purchase_heterogeneity),
                     ("repeat_purchase.rate_beta.alpha", "α", f.purchase_alpha),
                     ("repeat_purchase.rate_beta.beta", "β", f.purchase_beta),
                     ("retention.churn", "mean drop-out per period", f.churn),
                     ("retention.heterogeneity", "drop-out heterogeneity 1/(γ+δ+1)", f.heterogeneity),
                     ("retention.churn_beta.alpha", "γ", f.dropout_alpha),
                     ("retention.churn_beta.beta", "δ", f.dropout_beta)]
        if self.order_value is not None:
            o = self.order_value
            rows.append(("repeat_purchase.order_value", "mean repeat-order value", Interval(o.mean, o.mean_low, o.mean_high)))
            rows.append(("front_end.price", "mean first-period spend", Interval(o.first_order_mean, float("nan"), float("nan"))))
        return pd.DataFrame([(k, what, i.estimate, i.low, i.high) for k, what, i in rows],
                            columns=["field", "meaning", "estimate", "low95", "high95"])

    def summary(self) -> str:
        """A plain-text report of the fit (what the CLI prints)."""
        lines = []
        if self.kind == "retention":
            f = self.retention
            lines.append(f"Retention table: {len(self.table.cohorts)} cohort(s), {f.customers:,} customers, "
                         f"periods 0..{f.last_period} ({self.period}s)")
            lines.append(f"sBG fit: a = {f.alpha.estimate:.4g}, b = {f.beta.estimate:.4g}, "
                         f"log-likelihood {f.log_likelihood:,.2f}")
            notes = f.notes
        else:
            b, log = self.bgbb, self.log
            lines.append(f"Transaction log: {log.ids.size:,} customers; {self.period}s from {log.origin}; "
                         f"calibration periods 0..{log.calibration_end} of 0..{log.last_period}; "
                         f"columns {self.columns}; dates {self.date_format}")
            a, bb, g, d = b.params
            lines.append(f"BG/BB fit on {b.customers:,} customers: α = {a:.4g}, β = {bb:.4g}, γ = {g:.4g}, "
                         f"δ = {d:.4g}, log-likelihood {b.log_likelihood:,.2f}")
            notes = b.notes
        lines.append("")
        lines.append(f"  {'scenario field':<34}{'estimate':>12}{'95% low':>12}{'95% high':>12}")
        for row in self.parameters().itertuples():
            lines.append(f"  {row.field:<34}{row.estimate:>12.4g}{row.low95:>12.4g}{row.high95:>12.4g}")
        for note in list(notes) + list(self.warnings):
            lines.append(f"note: {note}")
        return "\n".join(lines)


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
    source: str = "data",
    currency: str = "USD",
) -> Scenario:
    """A valid scenario whose retention and repeat buying come from the fits; the rest zero and marked TODO."""
    ppy = PERIODS_PER_YEAR[period]
    if bgbb is not None:
        ret = _beta_fields(bgbb.churn, bgbb.heterogeneity, bgbb.dropout_alpha, bgbb.dropout_beta,
                           ("churn", "heterogeneity", "churn_beta"))
        what = (f"BG/BB fit on {bgbb.customers:,} customers' purchases: per-{period} repeat-order chance and drop-out, "
                "both varying between customers")
    elif retention is not None:
        ret = _beta_fields(retention.churn, retention.heterogeneity, retention.alpha, retention.beta,
                           ("churn", "heterogeneity", "churn_beta"))
        what = f"sBG fit on the retention of {retention.customers:,} customers in {retention.cohorts} cohort(s)"
    else:
        raise ValueError("to_scenario needs a retention or a BG/BB fit")
    todo = ("TODO (not in the data, fill in): acquisition.channels[0].cac, "
            + ("front_end.unit_cost, repeat_purchase.margin (1 = no cost of goods yet), " if bgbb is not None
               else "front_end.price and front_end.unit_cost, ")
            + "cost_to_serve, and the back-end ladder (back_end).")
    data: dict = {
        "version": 1,
        "name": name[:80],
        "description": f"Fitted from {source}: {what}. From the data: retention.churn and retention.heterogeneity"
        + (", repeat_purchase (rate, heterogeneity, order_value) and front_end.price" if bgbb is not None else "")
        + f". {todo}",
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
    if bgbb is not None:
        rep = _beta_fields(bgbb.purchase_rate, bgbb.purchase_heterogeneity, bgbb.purchase_alpha, bgbb.purchase_beta,
                           ("rate", "heterogeneity", "rate_beta"))
        rep["order_value"] = _sig(order_value.mean) if order_value is not None else 0.0
        rep["margin"] = 1.0
        data["repeat_purchase"] = rep
    return scenario_from_dict(data)


def scenario_yaml(scenario: Scenario, header: str = "", price_todo: bool = False) -> str:
    """YAML text of a fitted scenario with TODO comments on the fields the data cannot give.

    Comments only: the text loads back to the same scenario. ``price_todo`` marks
    the front end's price too (a retention table says nothing about prices).
    """
    text = dump_scenario(scenario)
    todo = dict(TODO_FIELDS)
    if price_todo:
        todo["price"] = "TODO: price of the first purchase (not in the data)"
    out = []
    for line in text.splitlines():
        key = re.match(r"^\s*(?:- )?(\w+):", line)
        if key and key.group(1) in todo and not line.rstrip().endswith(":"):
            line = f"{line}  # {todo[key.group(1)]}"
        out.append(line)
    head = "".join(f"# {h}\n" if h else "#\n" for h in header.splitlines()) if header else ""
    result = head + "\n".join(out) + "\n"
    assert load_scenario_text(result) == scenario
    return result


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
    stem = Path(raw.name).stem if raw.name != "upload" else "uploaded data"
    title = name or f"Fitted: {stem}"
    if kind == "retention":
        table = read_retention(raw, cohort_column=cohort_column, period_column=period_column,
                               active_column=active_column)
        fit = fit_sbg(table)
        scenario = to_scenario(period=period, name=title, retention=fit, source=raw.name, currency=currency)
        header = f"Fitted from {raw.name} (retention table, sBG) by `python -m simulator fit`.\n{_todo_header()}"
        return FitReport(kind=kind, period=period, scenario=scenario,
                         yaml=scenario_yaml(scenario, header, price_todo=True), retention=fit, table=table, columns=dict(table.columns), warnings=table.warnings)
    tx = read_transactions(raw, customer_column=customer_column, date_column=date_column,
                           amount_column=amount_column, date_format=date_format)
    log = discretise(tx, period, calibration_end)
    bgbb = fit_bgbb(log)
    ov = fit_order_value(log)
    scenario = to_scenario(period=period, name=title, bgbb=bgbb, order_value=ov, source=raw.name, currency=currency)
    header = (f"Fitted from {raw.name} (transaction log, BG/BB, {period}s; calibration {log.origin} to the end of "
              f"period {log.calibration_end}) by `python -m simulator fit`.\n{_todo_header()}")
    return FitReport(kind=kind, period=period, scenario=scenario, yaml=scenario_yaml(scenario, header), bgbb=bgbb,
                     order_value=ov, log=log, columns=dict(tx.columns), date_format=tx.date_format,
                     warnings=log.warnings)


def _todo_header() -> str:
    return ("From the data: retention and repeat buying (and the first purchase's price for transaction logs).\n"
            "TODO: fill in the lines marked TODO: acquisition cost, costs and the back-end ladder are not in the data.")
