"""A transaction log cut into the scenario's periods.

Periods are calendar periods counted from the first date in the log: weeks of
7 days from that date, calendar months, or calendar years. Each customer's
first period holds the front-end sale (all their purchases in it count as the
front end, period 0 of their life); every later period with at least one
purchase is one repeat order, worth the sum of that period's purchases. The
engine's repeat orders are per period in the same way: at most one per period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..problems import Problem
from . import limits
from .reading import CalibrationError, Transactions

Period = Literal["week", "month", "year"]
PERIODS_PER_YEAR = {"week": 52, "month": 12, "year": 1}


@dataclass(frozen=True)
class PeriodLog:
    """Purchases summed per customer and period, with each customer's first period.

    ``customer``, ``period`` and ``amount`` are one entry per (customer, period)
    with a purchase, sorted by customer then period; ``customer`` indexes ``ids``.
    """

    period: Period
    origin: np.datetime64
    ids: np.ndarray
    first: np.ndarray
    """First period of each customer (the front-end sale)."""
    customer: np.ndarray
    period_index: np.ndarray
    amount: np.ndarray
    calibration_end: int
    """Last period used for fitting (inclusive)."""
    last_period: int
    """Last period with data."""
    name: str = "data"
    warnings: tuple[Problem, ...] = ()
    """Remarks on the data and the window (codes and numbers; worded by the presentation layer)."""

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.period]

    @property
    def repeat(self) -> np.ndarray:
        """Mask of the (customer, period) entries that are repeat orders (after the first period)."""
        return self.period_index > self.first[self.customer]

    def in_calibration(self) -> np.ndarray:
        """Customers whose first purchase falls in the calibration window."""
        return self.first <= self.calibration_end

    def label(self, k: int) -> str:
        """Calendar label of period k: the week's first day, YYYY-MM or YYYY."""
        if self.period == "week":
            return str(self.origin + np.timedelta64(7 * int(k), "D"))
        y0, m0 = self._ym0()
        if self.period == "month":
            total = m0 - 1 + int(k)
            return f"{y0 + total // 12:04d}-{total % 12 + 1:02d}"
        return f"{y0 + int(k):04d}"

    def _ym0(self) -> tuple[int, int]:
        ts = pd.Timestamp(self.origin)
        return ts.year, ts.month


def period_of(dates: np.ndarray, origin: np.datetime64, period: Period) -> np.ndarray:
    """Period index of each date (0 = the origin's period)."""
    if period == "week":
        return ((dates - origin).astype("timedelta64[D]").astype(np.int64)) // 7
    months = dates.astype("datetime64[M]").astype(np.int64)
    if period == "month":
        return months - np.datetime64(origin, "M").astype(np.int64)
    years = dates.astype("datetime64[Y]").astype(np.int64)
    return years - np.datetime64(origin, "Y").astype(np.int64)


def parse_date(text: str | np.datetime64 | pd.Timestamp) -> np.datetime64:
    """The calibration end as a day; :class:`CalibrationError` (``calibration_end_unreadable``) if it is none."""
    try:
        ts = pd.Timestamp(text)
    except (ValueError, TypeError):
        raise CalibrationError.of("", "calibration_end_unreadable", got=str(text)) from None
    if pd.isna(ts):
        raise CalibrationError.of("", "calibration_end_unreadable", got=str(text))
    return np.datetime64(ts.date(), "D")


def discretise(tx: Transactions, period: Period, calibration_end=None) -> PeriodLog:
    """Cut a transaction log into periods; ``calibration_end`` (a date, inclusive) ends the fitting window.

    Raises
    ------
    CalibrationError
        For an unknown period or a calibration end outside the data.
    """
    if period not in PERIODS_PER_YEAR:
        raise CalibrationError.of("", "period_invalid", got=period)
    origin = tx.date.min()
    last_date = tx.date.max()
    idx = period_of(tx.date, origin, period)
    last = int(idx.max())
    too_long = limits.period_span_problem(last + 1, period)  # bounds the likelihood tables (issue 11)
    if too_long is not None:
        raise CalibrationError(too_long)
    warnings = list(tx.warnings)
    if calibration_end is None:
        end = last
    else:
        end_date = parse_date(calibration_end)
        if end_date < origin:
            raise CalibrationError.of("", "calibration_end_early", end=str(end_date), first=str(origin))
        end = int(period_of(np.array([end_date]), origin, period)[0])
        if end_date > last_date:
            warnings.append(Problem("", "calibration_end_late", {"end": str(end_date), "last": str(last_date)}))
            end = last
    ids, cust = np.unique(tx.customer, return_inverse=True)
    key = cust.astype(np.int64) * (last + 1) + idx
    uniq, inv = np.unique(key, return_inverse=True)
    amount = np.bincount(inv, weights=tx.amount, minlength=uniq.size)
    customer = uniq // (last + 1)
    period_index = uniq % (last + 1)
    first = np.full(ids.size, last + 1, dtype=np.int64)
    np.minimum.at(first, customer, period_index)
    late = int(np.count_nonzero(first > end))
    if late:
        warnings.append(Problem("", "late_first_purchases", {"customers": late}))
    if np.count_nonzero(first <= end) < 2:
        raise CalibrationError.of("", "too_few_customers")
    return PeriodLog(period=period, origin=origin, ids=ids, first=first, customer=customer,
                     period_index=period_index, amount=amount, calibration_end=end, last_period=last,
                     name=tx.name, warnings=tuple(warnings))
