"""Reading a business's own CSV: a retention table or a transaction log.

Everything here is pure (bytes in, typed tables out) and refuses bad input with
a :class:`CalibrationError` whose problems name the file, the row and column and the rule::

    Problem("shop.csv", "date_unreadable", {"row": 17, "column": "date", "got": "1997-13-45", "format": "%Y-%m-%d"})

Files over :data:`MAX_CSV_BYTES` are refused before they are read (with the
limit in the message), never silently truncated. Rows are counted from 1, the
header (if any) and blank lines not included.

Detection
---------
* **delimiter**: comma, semicolon or tab if the first line holds one, else runs
  of whitespace (the CDNOW file);
* **header**: the first line is a header unless every one of its fields is a number;
* **kind**: a retention table has a period column and a count column (or is a
  single column of counts); a transaction log has a customer, a date and an
  amount column;
* **columns** by name (``customer_id``, ``date``, ``amount`` and common
  variants), or by content in a file without a header;
* **date format**: the first of :data:`DATE_FORMATS` that reads every value.
  Where both day-first and month-first read everything, day-first is used and
  a warning says so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ..problems import Problem, ProblemError
from . import limits

MAX_CSV_BYTES = 50 * 1024 * 1024
"""Files larger than this (50 MB) are refused before reading; aggregate them first (one row per purchase)."""

MAX_MESSAGES = 8
"""At most this many row-level problems are listed; the rest are counted."""

DATE_FORMATS = (
    "%Y%m%d",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
)
"""Date formats tried, in order, when none is given."""

Kind = Literal["retention", "transactions"]

CUSTOMER_NAMES = ("customer_id", "customer", "customerid", "cust_id", "client_id", "client", "user_id", "userid",
                  "user", "member_id", "buyer_id", "buyer", "id", "customer_no", "customer_number", "customer_code",
                  "account_id", "contact_id", "shopper_id", "member", "member_no",
                  "客户编号", "客户id", "客户号", "客户", "客户代码", "顾客编号", "顾客id", "顾客", "会员编号", "会员id",
                  "会员号", "会员", "用户编号", "用户id", "用户", "买家id", "买家", "账号")
DATE_NAMES = ("date", "order_date", "purchase_date", "transaction_date", "invoice_date", "datetime", "timestamp",
              "created_at", "time", "day", "invoicedate", "orderdate", "order_time", "purchase_time", "paid_at",
              "下单日期", "下单时间", "订单日期", "订单时间", "日期", "交易日期", "交易时间", "购买日期", "购买时间",
              "付款时间", "付款日期", "支付时间", "支付日期", "消费日期", "时间")
AMOUNT_NAMES = ("amount", "value", "dollar_value", "revenue", "sales", "order_value", "total", "spend", "price",
                "net_amount", "sales_amount", "amount_usd", "order_total", "order_amount", "total_amount", "payment",
                "paid", "gmv", "subtotal",
                "金额", "订单金额", "实付金额", "付款金额", "支付金额", "实收金额", "销售额", "销售金额", "消费金额",
                "成交金额", "交易金额", "总价", "总金额", "应付金额", "价格")
COHORT_NAMES = ("cohort", "cohort_id", "start", "start_period", "signup", "signup_month", "acquired", "group",
                "同期群", "批次", "注册月份", "首购月份", "开始月份", "分组")
PERIOD_NAMES = ("period", "periods", "age", "tenure", "t", "month", "week", "year", "period_index",
                "期", "期数", "第几期", "月数", "周数", "年数")
ACTIVE_NAMES = ("active", "customers", "customers_active", "active_customers", "survivors", "retained", "remaining",
                "alive", "count", "n", "subscribers", "活跃", "活跃客户", "活跃客户数", "留存", "留存人数", "留存客户数",
                "客户数", "人数", "在网人数")


class CalibrationError(ProblemError):
    """Data that cannot be fitted, with one :class:`~simulator.problems.Problem` per thing wrong.

    A problem's path is the file's name; ``row`` (counted from 1, the header not included) and
    ``column`` in its parameters say where in the file.
    """


class FitError(CalibrationError):
    """A fit that did not converge (``fit_not_converged``, with the optimiser's ``reason``), or nothing to fit."""


@dataclass(frozen=True)
class RawTable:
    """A CSV read as text: columns as found (or ``column 1``.. without a header)."""

    frame: pd.DataFrame
    has_header: bool
    delimiter: str
    name: str

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]


@dataclass(frozen=True)
class Transactions:
    """A validated transaction log, one row per purchase."""

    customer: np.ndarray
    """Customer ids as text."""
    date: np.ndarray
    """datetime64[D]."""
    amount: np.ndarray
    columns: dict[str, str]
    """Which file column was read as customer, date and amount."""
    date_format: str
    warnings: tuple[Problem, ...] = ()
    """Remarks on the data (codes and numbers; worded by the presentation layer)."""
    name: str = "data"

    @property
    def rows(self) -> int:
        return int(self.amount.size)


@dataclass(frozen=True)
class Cohort:
    """One cohort's survival counts: customers still active at the observed periods (period 0 first)."""

    name: str
    periods: np.ndarray
    active: np.ndarray


@dataclass(frozen=True)
class RetentionTable:
    """A validated retention table: one or more cohorts."""

    cohorts: tuple[Cohort, ...]
    columns: dict[str, str]
    warnings: tuple[Problem, ...] = ()
    """Remarks on the data (codes and numbers; worded by the presentation layer)."""
    name: str = "data"

    @property
    def customers(self) -> int:
        return int(sum(c.active[0] for c in self.cohorts))


@dataclass(frozen=True)
class CsvPreview:
    """What the app shows before fitting: the columns and what was detected."""

    columns: list[str]
    has_header: bool
    kind: Kind | None
    detected: dict[str, str | None]
    date_format: str | None
    rows: int
    head: pd.DataFrame = field(repr=False)


# --------------------------------------------------------------------------
# Raw reading
# --------------------------------------------------------------------------


def _load_bytes(source: bytes | str | Path, filename: str | None = None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), filename or "upload"
        if len(data) > MAX_CSV_BYTES:
            raise CalibrationError.of(name, "csv_too_large", size=len(data), limit=MAX_CSV_BYTES)
        return data, name
    path = Path(source)
    from ..scenario import read_capped  # regular files only, read with a byte cap (issue 11)

    return read_capped(path, MAX_CSV_BYTES, CalibrationError, too_large="csv_too_large", name=path.name), path.name


def _norm(name: str) -> str:
    return re.sub(r"[\s\-./]+", "_", str(name).strip().lower()).strip("_")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (a superset of GBK, Excel's default CSV encoding in China).

    GB18030 is taken only when the text it gives holds Chinese characters: other legacy encodings
    (Latin-1 and the like) are refused rather than read as nonsense.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if _CJK.search(text):
        return text
    raise CalibrationError.of(name, "csv_not_utf8", byte=utf8_error)


def read_raw(source: bytes | str | Path, filename: str | None = None) -> RawTable:
    """Read a CSV (comma, semicolon, tab or whitespace separated) as text columns, refusing files over 50 MB.

    ``filename`` names uploaded bytes in messages (default ``upload``).
    """
    data, name = _load_bytes(source, filename)
    text = _decode(data, name)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise CalibrationError.of(name, "csv_empty")
    first = lines[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), r"\s+")
    fields = first.split() if delimiter == r"\s+" else [f.strip() for f in first.split(delimiter)]
    has_header = not all(_is_number(f) for f in fields if f)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=0 if has_header else None, dtype=str,
            skipinitialspace=True, skip_blank_lines=True, keep_default_na=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            want, line, saw = match.groups()
            raise CalibrationError.of(name, "csv_ragged", line=int(line), fields=int(want), found=int(saw)) from None
        raise CalibrationError.of(name, "csv_unreadable", detail=str(exc)) from None  # pandas' own words
    except pd.errors.EmptyDataError:
        raise CalibrationError.of(name, "csv_empty") from None
    if not has_header:
        frame.columns = [f"column {i + 1}" for i in range(frame.shape[1])]
    else:
        frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise CalibrationError.of(name, "header_only")
    long = limits.cell_problems(frame, name)
    if long:
        raise CalibrationError(long)
    return RawTable(frame=frame, has_header=has_header, delimiter=delimiter, name=name)


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------


def _by_name(columns: list[str], names: tuple[str, ...], taken: set[str] = frozenset()) -> str | None:
    normed = {_norm(c): c for c in columns if c not in taken}
    for n in names:
        if n in normed:
            return normed[n]
    return None


def detect_date_format(values: pd.Series, column: str = "") -> tuple[str | None, list[Problem]]:
    """The first of :data:`DATE_FORMATS` that reads every value (and a warning when day and month could swap)."""
    sample = values[values.str.strip() != ""].head(500).str.strip()
    if sample.empty:
        return None, []
    score = {f: float(pd.to_datetime(sample, format=f, errors="coerce").notna().mean()) for f in DATE_FORMATS}
    best = max(score.values())
    if best < 0.5:  # not a date column, or a format we do not know: the caller asks for one
        return None, []
    fits = [f for f in DATE_FORMATS if score[f] == best]
    if best == 1.0 and len(fits) > 1:  # the whole column decides between formats that read the sample
        whole = [f for f in fits if pd.to_datetime(values.str.strip(), format=f, errors="coerce").notna().all()]
        fits = whole or fits
    chosen = fits[0]
    warnings = []
    swapped = chosen.replace("%d", "%D").replace("%m", "%d").replace("%D", "%m")
    if swapped != chosen and swapped in fits:
        warnings.append(Problem("", "dates_ambiguous", {"chosen": chosen, "swapped": swapped}
                                | ({"column": column} if column else {})))
    return chosen, warnings


def _looks_like_dates(values: pd.Series) -> bool:
    return detect_date_format(values.head(200))[0] is not None


def _numeric_share(values: pd.Series) -> float:
    v = pd.to_numeric(values.head(200), errors="coerce")
    return float(v.notna().mean()) if len(v) else 0.0


def detect_transaction_columns(raw: RawTable) -> dict[str, str | None]:
    """Customer, date and amount columns, by name or (without a header) by content."""
    cols = raw.columns
    found: dict[str, str | None] = {"customer": None, "date": None, "amount": None}
    taken: set[str] = set()
    if raw.has_header:
        for key, names in (("date", DATE_NAMES), ("amount", AMOUNT_NAMES), ("customer", CUSTOMER_NAMES)):
            found[key] = _by_name(cols, names, taken)
            if found[key] is None and key != "customer":
                hint = {"date": ("date", "time", "日期", "时间"), "amount": ("amount", "value", "revenue", "金额")}[key]
                found[key] = next((c for c in cols if c not in taken and any(h in _norm(c) for h in hint)), None)
            if found[key] is not None:
                taken.add(found[key])
        return found
    frame = raw.frame
    for c in cols:
        if found["date"] is None and _looks_like_dates(frame[c]) and c != cols[0]:
            found["date"] = c
    rest = [c for c in cols if c != found["date"]]
    if rest:
        found["customer"] = rest[0]
    numeric = [c for c in rest[1:] if _numeric_share(frame[c]) == 1.0]
    if numeric:
        found["amount"] = numeric[-1]
    return found


def detect_retention_columns(raw: RawTable) -> dict[str, str | None]:
    """Cohort (optional), period and active-customer columns."""
    cols = raw.columns
    if raw.has_header:
        active = _by_name(cols, ACTIVE_NAMES)
        period = _by_name(cols, PERIOD_NAMES, {active} if active else set())
        cohort = _by_name(cols, COHORT_NAMES, {c for c in (active, period) if c})
        if cohort is None:
            cohort = next((c for c in cols if c not in (active, period) and "cohort" in _norm(c)), None)
        if cohort is None and active and period and len(cols) == 3:  # the third column names the cohort
            cohort = next(c for c in cols if c not in (active, period))
        if active is None and len(cols) == 1:
            active = cols[0]
        return {"cohort": cohort, "period": period, "active": active}
    if len(cols) == 1:
        return {"cohort": None, "period": None, "active": cols[0]}
    if len(cols) == 2:
        return {"cohort": None, "period": cols[0], "active": cols[1]}
    return {"cohort": cols[0], "period": cols[1], "active": cols[2]}


def detect_kind(raw: RawTable) -> Kind | None:
    """``retention`` or ``transactions`` from the columns, or None when neither fits."""
    tx = detect_transaction_columns(raw)
    if all(tx.values()):
        return "transactions"
    ret = detect_retention_columns(raw)
    if ret["active"] is not None and (ret["period"] is not None or raw.frame.shape[1] == 1):
        if _numeric_share(raw.frame[ret["active"]]) == 1.0:
            return "retention"
    return None


def preview(source: bytes | str | Path, filename: str | None = None) -> CsvPreview:
    """Columns, detected kind, columns and date format: what the app pre-fills before fitting."""
    raw = read_raw(source, filename)
    kind = detect_kind(raw)
    detected: dict[str, str | None]
    fmt = None
    if kind == "retention":
        detected = detect_retention_columns(raw)
    else:
        detected = detect_transaction_columns(raw)
        if detected["date"] is not None:
            fmt = detect_date_format(raw.frame[detected["date"]])[0]
    return CsvPreview(columns=raw.columns, has_header=raw.has_header, kind=kind, detected=detected,
                      date_format=fmt, rows=len(raw.frame), head=raw.frame.head(10))


# --------------------------------------------------------------------------
# Validation into typed tables
# --------------------------------------------------------------------------


def _row_problems(name: str, mask: np.ndarray, code: str, column: str, **params) -> list[Problem]:
    """One problem per flagged row (``row`` counted from 1), at most :data:`MAX_MESSAGES`, then a count.

    A parameter given as a function of the row index is called for each row.
    """
    return limits.row_problems(name, mask, code, column, **params)


def _pick(raw: RawTable, given: str | None, detected: str | None, role: str, option: str) -> str:
    if given is not None:
        if given not in raw.columns:
            raise CalibrationError.of(raw.name, "column_missing", name=given, role=role, columns=tuple(raw.columns))
        return given
    if detected is None:
        raise CalibrationError.of(raw.name, "column_unknown", role=role, columns=tuple(raw.columns), option=option)
    return detected


def parse_dates(values: pd.Series, column: str, date_format: str | None,
                name: str = "data") -> tuple[np.ndarray, str, list[Problem]]:
    """Dates as datetime64[D]; every unreadable value is named by row and column."""
    warnings: list[Problem] = []
    if date_format is None:
        date_format, warnings = detect_date_format(values, column)
        if date_format is None:
            first = next((v for v in values if v.strip()), "")
            raise CalibrationError.of(name, "date_format_unknown", column=column, got=first, first_row=1)
    try:
        parsed = pd.to_datetime(values.str.strip(), format=date_format, errors="coerce")
    except ValueError as exc:
        raise CalibrationError.of(name, "date_format_invalid", format=date_format, detail=str(exc)) from None
    bad = parsed.isna().to_numpy()
    if bad.any():
        vals = values.to_numpy()
        raise CalibrationError(_row_problems(name, bad, "date_unreadable", column, got=lambda i: vals[i],
                                             format=date_format))
    return parsed.to_numpy().astype("datetime64[D]"), date_format, warnings


def read_transactions(
    source: bytes | str | Path | RawTable,
    *,
    customer_column: str | None = None,
    date_column: str | None = None,
    amount_column: str | None = None,
    date_format: str | None = None,
) -> Transactions:
    """Read and validate a transaction log (customer id, date, amount per purchase).

    Raises
    ------
    CalibrationError
        Naming the row and column of every problem found (up to :data:`MAX_MESSAGES` per kind).
    """
    raw = source if isinstance(source, RawTable) else read_raw(source)
    det = detect_transaction_columns(raw)
    cust = _pick(raw, customer_column, det["customer"], "customer", "--customer-column")
    datec = _pick(raw, date_column, det["date"], "date", "--date-column")
    amt = _pick(raw, amount_column, det["amount"], "amount", "--amount-column")
    if len({cust, datec, amt}) < 3:
        raise CalibrationError.of(raw.name, "same_column", customer=cust, date=datec, amount=amt)
    frame = raw.frame
    problems: list[Problem] = []
    ids = frame[cust].str.strip()
    problems += _row_problems(raw.name, (ids == "").to_numpy(), "customer_id_empty", cust)
    text = frame[amt].str.strip()
    amount = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(amount)
    empty = (text == "").to_numpy()
    vals = text.to_numpy()
    problems += _row_problems(raw.name, bad & empty, "amount_empty", amt)
    problems += _row_problems(raw.name, bad & ~empty, "not_a_number", amt, got=lambda i: vals[i])
    neg = np.isfinite(amount) & (amount < 0)
    problems += _row_problems(raw.name, neg, "negative_amount", amt, got=lambda i: float(amount[i]))
    problems += limits.amount_problems(raw.name, amount, amt)
    try:
        dates, fmt, warnings = parse_dates(frame[datec], datec, date_format, raw.name)
        problems += limits.far_date_problems(raw.name, dates, datec)
    except CalibrationError as exc:
        problems += exc.problems
        dates, fmt, warnings = None, date_format or "", []
    if problems:
        raise CalibrationError(problems)
    customers = ids.to_numpy(dtype=str)
    n = np.unique(customers).size
    if n < 2:
        raise CalibrationError.of(raw.name, "one_customer", customer=str(customers[0]), rows=len(customers))
    if n < 100:
        warnings = warnings + [Problem("", "few_customers", {"customers": int(n)})]
    return Transactions(customer=customers, date=dates, amount=amount,
                        columns={"customer": cust, "date": datec, "amount": amt}, date_format=fmt,
                        warnings=tuple(warnings), name=raw.name)


def read_retention(
    source: bytes | str | Path | RawTable,
    *,
    cohort_column: str | None = None,
    period_column: str | None = None,
    active_column: str | None = None,
) -> RetentionTable:
    """Read and validate a retention table: cohort (optional), period, customers still active.

    Each cohort needs period 0 (its starting size); counts must be whole numbers
    that never rise from one period to the next. A single column of counts is
    one cohort's survival at periods 0, 1, 2, ...
    """
    raw = source if isinstance(source, RawTable) else read_raw(source)
    det = detect_retention_columns(raw)
    active_c = _pick(raw, active_column, det["active"], "active", "--active-column")
    frame = raw.frame
    period_c = period_column or det["period"]
    if period_c is not None and period_c not in raw.columns:
        raise CalibrationError.of(raw.name, "column_missing", name=period_c, role="period", columns=tuple(raw.columns))
    cohort_c = cohort_column or det["cohort"]
    if cohort_c is not None and cohort_c not in raw.columns:
        raise CalibrationError.of(raw.name, "column_missing", name=cohort_c, role="cohort", columns=tuple(raw.columns))
    problems: list[Problem] = []

    def whole(column: str, what: str) -> np.ndarray:
        text = frame[column].str.strip()
        x = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
        vals = text.to_numpy()
        bad, empty = ~np.isfinite(x), (text == "").to_numpy()
        problems.extend(_row_problems(raw.name, bad & empty, "value_empty", column, what=what))
        problems.extend(_row_problems(raw.name, bad & ~empty, "not_a_number", column, got=lambda i: vals[i]))
        frac = np.isfinite(x) & (x != np.round(x))
        problems.extend(_row_problems(raw.name, frac, "not_whole", column, what=what, got=lambda i: float(x[i])))
        neg = np.isfinite(x) & (x < 0)
        problems.extend(_row_problems(raw.name, neg, "negative_value", column, what=what, got=lambda i: float(x[i])))
        problems.extend(limits.whole_number_problems(raw.name, x, column, what))
        return x

    active = whole(active_c, "count")
    periods = whole(period_c, "period") if period_c else np.arange(len(frame), dtype=float)
    if problems:
        raise CalibrationError(problems)
    groups = frame[cohort_c].str.strip().to_numpy(dtype=str) if cohort_c else np.full(len(frame), "all")
    cohorts = []
    for name in dict.fromkeys(groups):  # first-seen order
        rows = np.flatnonzero(groups == name)
        order = rows[np.argsort(periods[rows], kind="stable")]
        t, a = periods[order].astype(np.int64), active[order].astype(np.int64)
        label = {"cohort": str(name)} if cohort_c else {}
        dup = np.flatnonzero(np.diff(t) == 0)
        if dup.size:
            problems.append(Problem(raw.name, "period_twice",
                                    {"row": int(order[dup[0] + 1]) + 1, **label, "period": int(t[dup[0]])}))
            continue
        if t[0] != 0:
            problems.append(Problem(raw.name, "no_period_zero", {**label, "first": int(t[0])}))
            continue
        if a[0] <= 0:
            problems.append(Problem(raw.name, "no_customers", {"row": int(order[0]) + 1, **label}))
            continue
        up = np.flatnonzero(np.diff(a) > 0)
        if up.size:
            k = up[0]
            problems.append(Problem(raw.name, "active_rises", {
                "row": int(order[k + 1]) + 1, "column": active_c, **label, "before": int(a[k]), "after": int(a[k + 1]),
                "start": int(t[k]), "end": int(t[k + 1])}))
            continue
        if t.size < 2:
            problems.append(Problem(raw.name, "only_period_zero", label))
            continue
        cohorts.append(Cohort(name=str(name), periods=t, active=a))
    if problems:
        raise CalibrationError(problems)
    return RetentionTable(cohorts=tuple(cohorts), columns={"cohort": cohort_c, "period": period_c, "active": active_c},
                          name=raw.name)
