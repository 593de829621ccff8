"""Reading a business's CSV: detection, every kind of bad input and its message, and the `fit` command."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

from simulator.calibration.fit import fit_data
from simulator.calibration.reading import (
    MAX_CSV_BYTES,
    CalibrationError,
    FitError,
    preview,
    read_retention,
    read_transactions,
)
from simulator.calibration.sbg import fit_sbg
from cli.commands import main
from presentation.messages import problems_text
from simulator.scenario import load_scenario, load_scenario_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calibration"


def messages(exc_info) -> list[str]:
    return problems_text(exc_info.value, "en")


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------


def test_detects_a_whitespace_log_without_header():
    text = b"00001 19970101  1   11.77\n00002 19970112  1   12.00\n00002 19970112  5   77.00\n00003 19970102  2   20.76\n"
    tx = read_transactions(text)
    assert tx.columns == {"customer": "column 1", "date": "column 2", "amount": "column 4"}
    assert tx.date_format == "%Y%m%d"
    assert list(tx.customer) == ["00001", "00002", "00002", "00003"]  # ids stay text, zeros kept
    assert tx.amount.sum() == pytest.approx(121.53)


def test_detects_semicolons_names_and_day_first_dates():
    text = "client;order_date;total\nA;31/01/2024;10,5\nB;01/02/2024;20\nA;15/02/2024;7\n".replace(",5", ".5")
    p = preview(text.encode())
    assert p.kind == "transactions"
    assert p.detected == {"customer": "client", "date": "order_date", "amount": "total"}
    assert p.date_format == "%d/%m/%Y"
    tx = read_transactions(text.encode())
    assert str(tx.date[0]) == "2024-01-31"


def test_ambiguous_day_and_month_is_said():
    tx = read_transactions(b"customer,date,amount\nA,01/02/2024,1\nB,03/04/2024,2\n")
    assert tx.date_format == "%d/%m/%Y"
    assert any("%m/%d/%Y also reads them all" in w for w in problems_text(tx.warnings, "en"))


def test_user_chosen_columns_and_format():
    text = b"who,when,paid,note\nA,2024.01.05,3,x\nB,2024.02.05,4,y\n"
    tx = read_transactions(text, customer_column="who", date_column="when", amount_column="paid",
                           date_format="%Y.%m.%d")
    assert str(tx.date[1]) == "2024-02-05"


@pytest.mark.parametrize("name, kind", [
    ("retention_regular.csv", "retention"),
    ("retention_cohorts.csv", "retention"),
    ("retention_counts_only.csv", "retention"),
])
def test_tells_retention_tables_by_columns(name, kind):
    assert preview(FIXTURES / name).kind == kind


def test_single_column_of_counts_is_one_cohort():
    table = read_retention(FIXTURES / "retention_counts_only.csv")
    assert len(table.cohorts) == 1 and list(table.cohorts[0].periods) == list(range(8))


# --------------------------------------------------------------------------
# Bad input: messages name the row and the column
# --------------------------------------------------------------------------


def test_wrong_columns():
    with pytest.raises(CalibrationError) as exc:
        fit_data(FIXTURES / "bad_columns.csv", period="week")
    assert messages(exc) == [
        "bad_columns.csv: cannot tell a retention table (period, customers still active) from a transaction log "
        "(customer id, date, amount) by its columns 'name', 'colour', 'size'; give the kind "
        "(--kind retention|transactions) and the columns"
    ]
    with pytest.raises(CalibrationError) as exc:
        fit_data(FIXTURES / "bad_columns.csv", period="week", kind="transactions")
    assert messages(exc) == ["bad_columns.csv: cannot tell which column holds the customer id; the columns are "
                             "'name', 'colour', 'size' (name it with --customer-column, or rename the column)"]
    with pytest.raises(CalibrationError) as exc:
        read_transactions(FIXTURES / "bad_columns.csv", customer_column="name", date_column="colour",
                          amount_column="price")
    assert messages(exc) == ["bad_columns.csv: no column named 'price' for the amount; the columns are "
                             "'name', 'colour', 'size'"]


def test_unparseable_dates_name_row_and_column():
    with pytest.raises(CalibrationError) as exc:
        read_transactions(FIXTURES / "bad_dates.csv")
    assert messages(exc) == [
        "bad_dates.csv: row 3, column 'date': cannot read '2024-13-45' as a date in the format %Y-%m-%d",
        "bad_dates.csv: row 5, column 'date': cannot read 'yesterday' as a date in the format %Y-%m-%d",
    ]


def test_unrecognised_date_format():
    with pytest.raises(CalibrationError) as exc:
        read_transactions(b"customer,date,amount\nA,soon,1\nB,later,2\n")
    assert messages(exc) == ["upload: column 'date': cannot recognise the date format of 'soon' (row 1); "
                             "give it, e.g. --date-format %d/%m/%Y"]


def test_negative_and_non_numeric_amounts():
    with pytest.raises(CalibrationError) as exc:
        read_transactions(FIXTURES / "bad_amounts.csv")
    assert messages(exc) == [
        "bad_amounts.csv: row 4, column 'amount': 'abc' is not a number",
        "bad_amounts.csv: row 2, column 'amount': negative amount -15.5; amounts must be ≥ 0 "
        "(take refunds off the purchase they refund)",
    ]


def test_empty_files():
    with pytest.raises(CalibrationError) as exc:
        fit_data(FIXTURES / "empty.csv", period="month")
    assert messages(exc) == ["empty.csv: file is empty"]
    with pytest.raises(CalibrationError) as exc:
        fit_data(FIXTURES / "header_only.csv", period="month")
    assert messages(exc) == ["header_only.csv: the file has a header but no rows of data"]


def test_single_customer():
    with pytest.raises(CalibrationError) as exc:
        fit_data(FIXTURES / "single_customer.csv", period="week")
    assert messages(exc) == ["single_customer.csv: only one customer ('c1') in 3 rows; a fit needs the purchases "
                             "of at least 2 customers (better hundreds)"]


def test_ragged_rows():
    with pytest.raises(CalibrationError) as exc:
        read_transactions(FIXTURES / "bad_ragged.csv")
    assert messages(exc) == ["bad_ragged.csv: line 3: expected 3 fields like the first line, found 4"]


def test_files_over_the_limit_are_refused_unread(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:  # sparse: 50 MB + 1 byte without writing them
        f.truncate(MAX_CSV_BYTES + 1)
    with pytest.raises(CalibrationError) as exc:
        fit_data(big, period="week")
    assert messages(exc) == [f"big.csv: file is {MAX_CSV_BYTES + 1:,} bytes; the limit is {MAX_CSV_BYTES:,} bytes "
                             "(50 MB). Nothing was read: aggregate it first (one row per purchase, or a retention "
                             "table)"]
    with pytest.raises(CalibrationError) as exc:
        fit_data(b"x" * (MAX_CSV_BYTES + 1), period="week")
    assert "the limit is 52,428,800 bytes" in messages(exc)[0]


def test_not_utf8():
    with pytest.raises(CalibrationError) as exc:
        read_transactions(b"customer,date,amount\n\xff\xfe,2024-01-01,1\n")
    assert messages(exc) == ["upload: file is not UTF-8 text (byte 21); save it as UTF-8 CSV"]


@pytest.mark.parametrize("name, message", [
    ("bad_retention_rising.csv",
     "bad_retention_rising.csv: row 3, column 'active': active customers rise from 631 to 650 between periods 1 and 2; "
     "a retention table counts customers still active, which can only fall"),
    ("bad_retention_shares.csv",
     "bad_retention_shares.csv: row 2, column 'active': the count must be a whole number (got 0.63); "
     "give counts of customers, not shares"),
    ("bad_retention_no_period0.csv",
     "bad_retention_no_period0.csv: no row for period 0 (the cohort's starting size); the first period is 1"),
])
def test_bad_retention_tables(name, message):
    with pytest.raises(CalibrationError) as exc:
        read_retention(FIXTURES / name)
    assert message in messages(exc)


def test_nobody_leaves_is_a_fit_error():
    with pytest.raises(FitError) as exc:
        fit_sbg(read_retention(b"active\n100\n100\n100\n"))
    assert messages(exc) == ["no customer left in the data: churn cannot be estimated from a table where everyone stays"]


def test_non_convergence_gives_the_reason(monkeypatch):
    """An optimiser that stops early is reported with its own reason, not a traceback."""
    import simulator.calibration.sbg as sbg

    real = sbg.minimize
    monkeypatch.setattr(sbg, "minimize", lambda *a, **k: real(*a, **{**k, "options": {"maxiter": 1}}))
    with pytest.raises(FitError) as exc:
        fit_sbg(read_retention(FIXTURES / "retention_regular.csv"))
    assert messages(exc)[0].startswith("the retention (sBG) fit did not converge after 1 iterations: ")
    assert "ITERATIONS REACHED LIMIT" in messages(exc)[0]


def test_no_repeat_buying_cannot_be_fitted():
    with pytest.raises(CalibrationError) as exc:
        fit_data(b"customer,date,amount\nA,2024-01-01,5\nB,2024-01-02,6\nC,2024-03-01,7\n", period="week")
    assert messages(exc) == ["no customer bought again within the calibration window: repeat buying cannot be "
                             "fitted (choose a later calibration end or a longer window)"]


def test_calibration_end_checks():
    csv = b"customer,date,amount\nA,2024-01-01,5\nB,2024-01-02,6\nA,2024-03-01,7\n"
    with pytest.raises(CalibrationError) as exc:
        fit_data(csv, period="week", calibration_end="2023-01-01")
    assert messages(exc) == ["calibration end 2023-01-01 is before the first purchase (2024-01-01)"]
    with pytest.raises(CalibrationError) as exc:
        fit_data(csv, period="week", calibration_end="first of may")
    assert messages(exc) == ["calibration end: cannot read 'first of may' as a date (use YYYY-MM-DD)"]


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def test_cli_fit_retention_writes_a_runnable_scenario(tmp_path, capsys):
    out = tmp_path / "fitted.yaml"
    code = main(["fit", str(FIXTURES / "retention_regular.csv"), "--period", "month", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    assert "retention.churn" in captured.out and "0.3733" in captured.out
    assert f"wrote {out}" in captured.err
    s = load_scenario(out)
    assert s.periods_per_year == 12
    assert s.retention.churn == pytest.approx(0.704 / 1.886, abs=1e-3)
    assert main(["run", str(out), "--customers", "200", "--replicates", "4"]) == 0


def test_cli_fit_transactions_to_stdout(capsys):
    rng = np.random.default_rng(0)
    rows = ["customer_id,date,amount"]
    for c in range(300):
        weeks = np.flatnonzero(rng.random(20) < 0.2)
        rows += [f"c{c},{np.datetime64('2024-01-01') + np.timedelta64(7 * int(w), 'D')},{10 + w}" for w in [0, *weeks]]
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("\n".join(rows) + "\n")
    try:
        code = main(["fit", f.name, "--period", "week", "--kind", "transactions"])
    finally:
        os.unlink(f.name)
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.startswith("# Fitted from ")  # the YAML on stdout, the report on stderr
    assert "repeat_purchase:" in captured.out and "BG/BB fit on 300 customers" in captured.err


ENGLISH = re.compile(r"[A-Za-z]+ [a-z]+ [a-z]+")
"""Three English words in a row: a sentence for people (field paths, column names and date formats are not)."""


@pytest.mark.parametrize("name, args", [
    ("small_log_ambiguous_dates.csv", ["--period", "week", "--calibration-end", "2030-01-01"]),
    ("retention_regular.csv", ["--period", "month"]),
])
def test_cli_fit_in_chinese_has_no_english_sentence(name, args, capsys):
    """``fit --lang zh``: the report, its notes, the scenario's name and description and the YAML comments."""
    assert main(["fit", str(FIXTURES / name), *args, "--lang", "zh"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# 由 "), out
    for line in (out + err).splitlines():
        assert not ENGLISH.search(re.sub(r"`[^`]*`", "", line)), line  # `python -m simulator fit` is a command
    if name != "retention_regular.csv":  # a small log, dates that read both ways, an end after the data: four notes
        assert err.count("说明：") == 4, err
    assert "# TODO：" in out and "付费广告" in out and load_scenario_text(out).name.startswith("拟合：")


@pytest.mark.parametrize("args, message", [
    (["bad_dates.csv", "--period", "week"], "error: bad_dates.csv: row 3, column 'date': cannot read '2024-13-45'"),
    (["empty.csv", "--period", "week"], "error: empty.csv: file is empty"),
    (["missing.csv", "--period", "week"], "error: missing.csv: cannot read (No such file or directory)"),
    (["retention_regular.csv", "--period", "week", "--validate"], "error: --validate needs a transaction log"),
])
def test_cli_bad_input_exits_2_with_one_line_per_problem(args, message, capsys, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    assert main(["fit", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_period_is_required_and_checked(capsys):
    assert main(["fit", "x.csv"]) == 2
    assert main(["fit", "x.csv", "--period", "day"]) == 2
    assert "invalid choice: 'day'" in capsys.readouterr().err


def test_retention_cohort_column_found_by_position_or_given():
    text = b"signup_date,period,active\n2024-01-01,0,100\n2024-01-01,1,80\n2024-02-01,0,50\n2024-02-01,1,45\n"
    table = read_retention(text)
    assert [c.name for c in table.cohorts] == ["2024-01-01", "2024-02-01"]
    text = b"when,period,active,region\n2024-01,0,100,n\n2024-01,1,80,n\n2024-02,0,50,s\n2024-02,1,45,s\n"
    with pytest.raises(CalibrationError) as exc:
        read_retention(text)
    assert messages(exc) == ["upload: row 3: period 0 appears twice (several cohorts? name their column with "
                             "--cohort-column)"]
    report = fit_data(text, period="month", kind="retention", cohort_column="when")
    assert report.retention.cohorts == 2
