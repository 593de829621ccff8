"""Bounds on calibration data, so every CSV of at most 50 MB is fitted or refused in bounded time and memory.

Each check names the row and column of what it refuses, and never echoes a
whole cell (a cell is shown cut to :data:`SHOWN_CHARS` characters):

* every cell and header at most :data:`MAX_CELL_CHARS` characters (a 5 MB
  customer id made numpy allocate 28 GiB for the id array);
* amounts at most :data:`MAX_AMOUNT` (the scenario's money bound): a 1e308
  amount is named by row and column, not blamed on ``front_end.price``;
* retention counts at most :data:`MAX_COUNT` (exact in float64 and int64, so
  a count never overflows into "no customers"), periods at most
  :data:`MAX_PERIOD`;
* purchase dates far from the rest (a mistyped year 2202 in a 1990s log) are
  refused by row, with how many years they lie outside the others;
* a log spans at most :data:`MAX_PERIODS` periods: the BG/BB likelihood tables
  and the cohort table are (periods + 1)² floats, 32 MB at the limit.

The reading and fitting modules call these; nothing here reads a file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..problems import Problem
from ..scenario import MAX_MONEY

MAX_CELL_CHARS = 200
"""Longest cell (and header) of a CSV, in characters."""

SHOWN_CHARS = 40
"""A refused cell is shown cut to this many characters."""

MAX_AMOUNT = MAX_MONEY
"""Largest purchase amount: the scenario's bound on money."""

MAX_COUNT = 1e15
"""Largest customer count of a retention table (below 2^53: exact as a float and an int64)."""

MAX_PERIOD = 2000
"""Largest period of a retention table."""

MAX_PERIODS = 2000
"""Most periods a transaction log may span (the likelihood tables hold (periods + 1)² floats)."""

FAR_YEARS = 5.0
"""A date is far from the rest when it lies more than this many years (or twice the span of the
central 98% of the dates, if longer) outside that central span."""

MAX_ROWS_SHOWN = 8
"""At most this many rows are named per problem; the rest are counted."""


def shown(text: str) -> str:
    """A cell as a message shows it: cut to :data:`SHOWN_CHARS` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def row_problems(name: str, mask: np.ndarray, code: str, column: str, **params) -> list[Problem]:
    """One problem per flagged row (``row`` counted from 1), at most :data:`MAX_ROWS_SHOWN`, then a count.

    A parameter given as a function of the row index is called for each row.
    """
    rows = np.flatnonzero(mask)
    out = [Problem(name, code, {"row": int(i) + 1, "column": column,
                                **{k: v(int(i)) if callable(v) else v for k, v in params.items()}})
           for i in rows[:MAX_ROWS_SHOWN]]
    if rows.size > MAX_ROWS_SHOWN:
        out.append(Problem(name, "more_rows", {"count": int(rows.size - MAX_ROWS_SHOWN)}))
    return out


def cell_problems(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Cells and headers longer than :data:`MAX_CELL_CHARS` (the first few, cut short)."""
    problems = [Problem(name, "header_too_long", {"column": shown(c), "length": len(str(c)), "limit": MAX_CELL_CHARS})
                for c in frame.columns if len(str(c)) > MAX_CELL_CHARS][:MAX_ROWS_SHOWN]
    for column in frame.columns:
        values = frame[column]
        lengths = values.str.len().to_numpy(dtype=float, na_value=0)
        long = lengths > MAX_CELL_CHARS
        if long.any():
            vals = values.to_numpy()
            problems += row_problems(name, long, "cell_too_long", shown(column), got=lambda i: shown(vals[i]),
                              length=lambda i: int(lengths[i]), limit=MAX_CELL_CHARS)
    return problems


def amount_problems(name: str, amount: np.ndarray, column: str) -> list[Problem]:
    """Amounts above :data:`MAX_AMOUNT`, by row and column."""
    big = np.isfinite(amount) & (amount > MAX_AMOUNT)
    return row_problems(name, big, "amount_too_large", column, got=lambda i: float(amount[i]), limit=MAX_AMOUNT)


def whole_number_problems(name: str, x: np.ndarray, column: str, what: str) -> list[Problem]:
    """Retention counts above :data:`MAX_COUNT` and periods above :data:`MAX_PERIOD`, by row and column."""
    limit = MAX_COUNT if what == "count" else MAX_PERIOD
    big = np.isfinite(x) & (x > limit)
    return row_problems(name, big, "value_too_large", column, what=what, got=lambda i: float(x[i]), limit=limit)


def far_date_problems(name: str, dates: np.ndarray, column: str) -> list[Problem]:
    """Dates far from the rest (see :data:`FAR_YEARS`): ``row 812: 2202-03-19 is 179 years after the other purchases``."""
    if dates.size < 3:
        return []
    days = dates.astype("datetime64[D]").astype(np.int64)
    # the central 98%, read off the data's own values (a small log's one typo cannot pull it out)
    low, high = np.quantile(days, 0.01, method="higher"), np.quantile(days, 0.99, method="lower")
    allowance = max(FAR_YEARS * 365.25, 2 * (high - low))
    after = days > high + allowance
    before = days < low - allowance
    if not (after.any() or before.any()):
        return []
    rest = days[~(after | before)]
    last, first = rest.max(), rest.min()

    def years(i: int) -> float:
        return round(float((days[i] - last if after[i] else first - days[i]) / 365.25), 1)

    text = [str(d) for d in dates.astype("datetime64[D]")]
    return (row_problems(name, after, "date_far", column, got=lambda i: text[i], years=years, side="after")
            + row_problems(name, before, "date_far", column, got=lambda i: text[i], years=years, side="before"))


def period_span_problem(periods: int, period: str) -> Problem | None:
    """A log spanning more than :data:`MAX_PERIODS` periods (``periods``: the last period index + 1)."""
    if periods <= MAX_PERIODS:
        return None
    return Problem("", "too_many_periods", {"periods": int(periods), "limit": MAX_PERIODS, "unit": period})
