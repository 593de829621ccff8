"""What the data already says: order values, the cohort table, repeat rates and historical CLV.

All functions are pure and return pandas DataFrames (for tables and charts) or
frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .periods import PeriodLog
from .reading import RetentionTable
from .sbg import Z95


@dataclass(frozen=True)
class OrderValueFit:
    """Repeat-order values (one order = one customer's purchases in one period) and a lognormal fit."""

    orders: int
    mean: float
    mean_low: float
    mean_high: float
    """95% interval of the mean (normal approximation)."""
    median: float
    sd: float
    p10: float
    p90: float
    log_mu: float
    """Lognormal fit to the positive values: mean of log value."""
    log_sigma: float
    """Lognormal fit: sd of log value."""
    zero_orders: int
    first_order_mean: float
    """Mean spend in a customer's first period (the front end)."""


def fit_order_value(log: PeriodLog) -> OrderValueFit:
    """Order values of the repeat orders in the calibration window, and of first periods."""
    end = log.calibration_end
    rep = log.repeat & (log.period_index <= end)
    values = log.amount[rep]
    firsts = ~log.repeat & (log.first[log.customer] <= end)
    first_mean = float(log.amount[firsts].mean()) if firsts.any() else 0.0
    if values.size == 0:
        values = np.zeros(1)
    pos = values[values > 0]
    logs = np.log(pos) if pos.size else np.zeros(1)
    n = values.size
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    half = Z95 * sd / np.sqrt(n)
    mean = float(values.mean())
    return OrderValueFit(
        orders=int(n), mean=mean, mean_low=max(0.0, mean - half), mean_high=mean + half,
        median=float(np.median(values)), sd=sd, p10=float(np.quantile(values, 0.1)),
        p90=float(np.quantile(values, 0.9)), log_mu=float(logs.mean()),
        log_sigma=float(logs.std(ddof=1)) if logs.size > 1 else 0.0,
        zero_orders=int(np.count_nonzero(values == 0)), first_order_mean=first_mean,
    )


# --------------------------------------------------------------------------
# Cohort tables
# --------------------------------------------------------------------------

COHORT_COLUMNS = ["cohort", "cohort_index", "period", "customers", "active", "share"]


def cohort_table(log: PeriodLog, max_cohorts: int = 60) -> pd.DataFrame:
    """Long table: cohort (first period) × periods since, customers buying in that period and their share.

    Period 0 is everyone (the front-end purchase). Only periods observed for
    the whole cohort (up to the last period with data) appear. Columns:
    cohort (calendar label), cohort_index, period, customers (cohort size),
    active (customers who bought in that period), share.
    """
    size = np.bincount(log.first, minlength=log.last_period + 1)
    cohorts = np.flatnonzero(size)[:max_cohorts]
    age = log.period_index - log.first[log.customer]
    counts = np.zeros((log.last_period + 1, log.last_period + 1))
    np.add.at(counts, (log.first[log.customer], age), 1)
    rows = []
    for c in cohorts:
        for k in range(log.last_period - c + 1):
            rows.append((log.label(c), int(c), k, int(size[c]), int(counts[c, k]), counts[c, k] / size[c]))
    return pd.DataFrame(rows, columns=COHORT_COLUMNS)


def retention_cohort_table(table: RetentionTable) -> pd.DataFrame:
    """The same long table from a retention table (active = customers still active)."""
    rows = []
    for i, c in enumerate(table.cohorts):
        for t, a in zip(c.periods, c.active):
            rows.append((c.name, i, int(t), int(c.active[0]), int(a), a / c.active[0]))
    return pd.DataFrame(rows, columns=COHORT_COLUMNS)


def repeat_rate_curve(log: PeriodLog) -> pd.DataFrame:
    """By periods since the first purchase: share of customers (still observed) who bought, and the
    cumulative share who had bought again at least once by then.

    Columns: period, customers_observed, buyers, repeat_rate, ever_repeated.
    """
    last = log.last_period
    age = log.period_index - log.first[log.customer]
    observed = np.bincount(last - log.first, minlength=last + 1)[::-1].cumsum()[::-1]  # customers with age k observable
    buyers = np.bincount(age[age > 0], minlength=last + 1).astype(float)
    rep = age > 0
    first_repeat = np.full(log.ids.size, last + 1)
    np.minimum.at(first_repeat, log.customer[rep], age[rep])
    # ever repeated by k, among customers observable at k
    ever = np.zeros(last + 1)
    for k in range(1, last + 1):
        mask = (last - log.first) >= k
        ever[k] = np.count_nonzero(first_repeat[mask] <= k) / max(1, np.count_nonzero(mask))
    k = np.arange(last + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(observed > 0, buyers / np.maximum(observed, 1), np.nan)
    frame = pd.DataFrame({"period": k, "customers_observed": observed, "buyers": buyers.astype(int),
                          "repeat_rate": rate, "ever_repeated": ever})
    frame.loc[0, "repeat_rate"] = np.nan
    return frame[frame.customers_observed > 0].iloc[1:].reset_index(drop=True)


def historical_clv(log: PeriodLog, margin: float = 1.0) -> pd.DataFrame:
    """Historical CLV per cohort: profit / customers over the periods observed so far.

    Profit is ``margin`` × revenue (margin 1 = revenue; give your gross margin).
    Columns: cohort, customers, periods_observed, revenue, revenue_per_customer,
    profit_per_customer, repeat_orders_per_customer. A last row ``all`` covers every customer.
    """
    c = log.first[log.customer]
    size = np.bincount(log.first, minlength=log.last_period + 1)
    revenue = np.bincount(c, weights=log.amount, minlength=log.last_period + 1)
    repeats = np.bincount(c[log.repeat], minlength=log.last_period + 1)
    rows = []
    for k in np.flatnonzero(size):
        rows.append((log.label(k), int(size[k]), int(log.last_period - k + 1), float(revenue[k]),
                     revenue[k] / size[k], margin * revenue[k] / size[k], repeats[k] / size[k]))
    n = int(size.sum())
    rows.append(("all", n, int(log.last_period + 1), float(revenue.sum()), revenue.sum() / n,
                 margin * revenue.sum() / n, repeats.sum() / n))
    return pd.DataFrame(rows, columns=["cohort", "customers", "periods_observed", "revenue", "revenue_per_customer",
                                       "profit_per_customer", "repeat_orders_per_customer"])
