"""The "Calibrate from your data" page (:mod:`appviews.calibrate`) without a browser.

The page is run on its own by ``AppTest`` from a small script that calls
``calibrate.render(lang, on_use)`` with an ``on_use`` recording the scenario
in session state, as ``app.py``'s view switch does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from appviews import calibrate
from simulator.calibration import MAX_CSV_BYTES, fit_data
from simulator.scenario import Scenario, dump_scenario, load_scenario_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "calibration"
CJK = re.compile(r"[\u4e00-\u9fff]")

PAGE = """
import streamlit as st
from appviews import calibrate

def on_use(scenario):
    st.session_state["used"] = scenario

calibrate.render(st.session_state.get("test_lang", "en"), on_use)
"""


def start(lang: str = "en") -> AppTest:
    at = AppTest.from_string(PAGE, default_timeout=60)
    at.session_state["test_lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    n = at.session_state["cal:upload_n"] if "cal:upload_n" in at.session_state else 0
    at.file_uploader(key=f"cal:upload:{n}").upload(name, content, "text/csv").run()
    assert not at.exception, at.exception
    return at


def fit(at: AppTest) -> AppTest:
    at.button(key="cal:fit").click().run()
    assert not at.exception, at.exception
    return at


def plain(markdown: str) -> str:
    """Markdown text without its backslash escapes (user text is escaped on the page)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    parts += [w.label for kind in ("button", "radio", "selectbox", "text_input", "date_input") for w in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------


def test_empty_page_asks_for_data():
    at = start()
    assert at.title[0].value == "Calibrate from your data"
    assert any("Upload a file or pick a sample" in i.value for i in at.info)
    assert not at.error


def test_sample_log_fits_and_use_this_scenario_hands_over_a_valid_scenario():
    at = start()
    at.button(key="cal:sample:transactions").click().run()
    assert not at.exception
    assert at.radio(key=next(k for k in _keys(at) if k.startswith("cal:kind:"))).value == "transactions"
    assert at.dataframe, "the file's first rows are shown"
    fit(at)
    assert not at.error
    tables = [d.value for d in at.dataframe]
    table = next(t for t in tables if "Scenario field" in t.columns)
    assert list(table.columns) == ["Parameter", "Scenario field", "Estimate", "95% low", "95% high"]
    assert {"retention.churn", "repeat_purchase.rate", "repeat_purchase.order_value"} <= set(table["Scenario field"])
    assert "Mean churn per period" in set(table["Parameter"])
    assert any(i.value.startswith("Holdout: actual ") for i in at.info), "the sample has a calibration end"
    assert any("TODO" in w.value for w in at.warning)
    # holdout, cohorts, repeat rate, CLV; the models' tracking (per period, cumulated), later purchases by
    # frequency, P(alive) by frequency and recency, the top tenth's share
    assert len(at.get("vega_lite_chart")) == 9
    models = next(t.value for t in at.table if "Model" in t.value.columns)  # a plain table, every column whole
    assert len(models) == 3 and {"Holdout error", "BIC", "Parameters (95% interval)"} <= set(models.columns)
    import re
    assert all(re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d", v) for v in models["BIC"]), list(models["BIC"])  # one decimal, grouped
    assert any("first purchase's amount" in m for m in models["Model"])  # the covariate model says its covariate
    assert "Forecasts by " in texts(at)  # the customers' table says which model made it
    customers = next(t for t in tables if "Expected purchases" in t.columns)
    assert customers["P(alive)"].between(0, 1).all() and customers["Customer"].is_unique
    assert "Who to send the save offer to" in texts(at) and "is chosen" in texts(at)
    assert "--" not in texts(at).replace("—", "")  # the app never names a command-line flag

    at.button(key="cal:use").click().run()
    assert not at.exception
    used = at.session_state["used"]
    assert isinstance(used, Scenario)
    assert load_scenario_text(dump_scenario(used)) == used
    assert used.repeat_purchase is not None and used.periods_per_year == 52


def test_uploaded_log_is_fitted_with_the_detected_choices():
    content = (calibrate.SAMPLES_DIR / "transactions.csv").read_bytes()
    at = upload(start(), "shop.csv", content)
    assert at.session_state["cal:data"].name == "shop.csv"
    assert "cal:upload_n" in at.session_state and at.session_state["cal:upload_n"] == 1  # a fresh uploader
    fit(at)
    assert not at.error
    assert any("rows" in m.value and "shop" in m.value for m in at.markdown)
    # no calibration end chosen: no holdout, and a hint how to get one
    assert not any(i.value.startswith("Holdout") for i in at.info)
    assert any("Fit on data up to" in c.value for c in at.caption)
    at.button(key="cal:use").click().run()
    assert isinstance(at.session_state["used"], Scenario)


def test_retention_table_fit():
    at = start()
    at.button(key="cal:sample:retention").click().run()
    assert at.radio(key=next(k for k in _keys(at) if k.startswith("cal:kind:"))).value == "retention"
    assert at.radio(key=next(k for k in _keys(at) if k.startswith("cal:period:"))).value == "month"
    fit(at)
    assert not at.error
    table = at.dataframe[-1].value
    assert set(table["Scenario field"]) >= {"retention.churn", "retention.heterogeneity"}
    assert len(at.get("vega_lite_chart")) == 2  # survival and cohorts
    at.button(key="cal:use").click().run()
    used = at.session_state["used"]
    assert used.periods_per_year == 12 and used.repeat_purchase is None


def test_uploaded_retention_fixture_fits():
    at = upload(start(), "retention_cohorts.csv", (FIXTURES / "retention_cohorts.csv").read_bytes())
    fit(at)
    assert not at.error and at.dataframe


def test_changed_choices_keep_the_report_and_say_so():
    at = start()
    at.button(key="cal:sample:retention").click().run()
    fit(at)
    at.radio(key=next(k for k in _keys(at) if k.startswith("cal:period:"))).set_value("week").run()
    assert any("press Fit" in c.value for c in at.caption)
    assert at.dataframe  # the last report stays


# --------------------------------------------------------------------------
# Bad input: a message, never an exception
# --------------------------------------------------------------------------


def test_wrong_columns_show_an_error_and_no_exception():
    at = upload(start(), "bad_columns.csv", (FIXTURES / "bad_columns.csv").read_bytes())
    assert any("Could not tell the kind" in w.value for w in at.warning)
    fit(at)
    assert at.error
    assert "cannot tell which column holds the customer id" in plain(at.error[0].value)
    assert not at.get("vega_lite_chart")
    assert "cal:use" not in _keys(at)


@pytest.mark.parametrize("name, content, words", [
    ("latin1.csv", "customer_id,date,amount\nc1,2024-01-03,20\nJosé,2024-01-05,15\n".encode("latin-1"), "UTF-8"),
    ("binary.csv", bytes(range(256)) * 4, "UTF-8"),
    ("empty.csv", b"", "empty"),
    ("header_only.csv", b"customer_id,date,amount\n", "no rows"),
    ("bad_ragged.csv", (FIXTURES / "bad_ragged.csv").read_bytes(), "expected 3 fields"),
])
def test_unreadable_files_show_the_engines_message(name, content, words):
    at = upload(start(), name, content)
    assert at.error, texts(at)
    assert words in plain(at.error[0].value)
    assert "cal:fit" not in _keys(at)


@pytest.mark.parametrize("fixture, words", [
    ("bad_dates.csv", "as a date in the format"),
    ("bad_amounts.csv", "is not a number"),
    ("single_customer.csv", "only one customer"),
    ("bad_retention_rising.csv", "can only fall"),
])
def test_bad_rows_show_the_engines_message_at_fit(fixture, words):
    at = fit(upload(start(), fixture, (FIXTURES / fixture).read_bytes()))
    assert at.error and words in plain(at.error[0].value)


def test_a_file_over_50_mb_is_refused_with_the_limit():
    at = upload(start(), "huge.csv", b"x" * (MAX_CSV_BYTES + 1))
    assert at.error and "50 MB" in at.error[0].value


def test_file_names_and_cells_are_shown_literally():
    at = upload(start(), "**bold** <b>x</b>.csv", b"name,colour\n[link](http://x),*y*\n")
    assert not at.exception
    shown = texts(at)
    assert "\\*\\*bold\\*\\*" in shown and "\\<b\\>" in shown


# --------------------------------------------------------------------------
# Chinese
# --------------------------------------------------------------------------


def test_chinese_labels():
    at = start("zh")
    assert at.title[0].value == "用你的数据校准"
    at.button(key="cal:sample:transactions").click().run()
    fit(at)
    labels = {w.label for kind in ("radio", "selectbox", "text_input", "date_input", "button") for w in getattr(at, kind)}
    assert {"数据类型", "期", "客户编号列", "日期列", "金额列", "日期格式（如 %Y-%m-%d）", "拟合截止日期（可选）",
            "拟合", "使用此场景"} <= labels
    table = next(d.value for d in at.dataframe if "场景字段" in d.value.columns)
    assert list(table.columns) == ["参数", "场景字段", "估计值", "95% 下限", "95% 上限"]
    assert any("存活概率" in d.value.columns for d in at.dataframe)  # the per-customer tables in Chinese
    assert "每期平均流失率" in set(table["参数"])
    assert any(i.value.startswith("留出期检验：实际") for i in at.info)
    assert any("TODO" in w.value and CJK.search(w.value) for w in at.warning)


def test_chinese_notes_are_chinese():
    """The fit's notes and the data's warnings are worded by the catalogue in the page's language."""
    content = (FIXTURES / "small_log_ambiguous_dates.csv").read_bytes()
    at = fit(upload(start("zh"), "small.csv", content))
    assert not at.error
    notes = next(m.value for m in at.markdown if m.value.startswith("- ") and "只有 40 位客户" in m.value)
    assert "区间非常宽" in notes  # the fit's note as well as the data's warning
    assert not re.search(r"[A-Za-z]+ [a-z]+ [a-z]+", plain(notes)), notes
    at.button(key="cal:use").click().run()
    used = at.session_state["used"]
    assert used.name == "拟合：small" and CJK.search(used.description)


def test_chinese_errors_are_chinese_throughout():
    """The lead sentence and every problem come from the one catalogue: no English detail left behind."""
    at = upload(start("zh"), "latin1.csv", "c,d\nJosé,1\n".encode("latin-1"))
    text = plain(at.error[0].value)
    assert text.startswith("无法读取此文件")
    assert "不是 UTF-8 文本" in text and "not UTF-8 text" not in text
    at = fit(upload(start("zh"), "bad_columns.csv", (FIXTURES / "bad_columns.csv").read_bytes()))
    assert at.error[0].value.startswith("无法拟合这些数据")
    assert "客户编号" in at.error[0].value


# --------------------------------------------------------------------------
# Helpers of the page
# --------------------------------------------------------------------------


def test_parameters_table_formats_every_row():
    report = fit_data((calibrate.SAMPLES_DIR / "retention.csv").read_bytes(), period="month", filename="r.csv")
    table = calibrate.parameters_table(report, "en")
    assert len(table) == len(report.parameters())
    assert table["Estimate"].str.endswith("%").iloc[0]  # churn as a percentage


def test_samples_are_small():
    for sample in calibrate.SAMPLES.values():
        assert (calibrate.SAMPLES_DIR / sample["file"]).stat().st_size < 50_000


def _keys(at: AppTest) -> list[str]:
    """The keys of the page's buttons, radios and selectboxes."""
    return [w.key for kind in ("button", "radio", "selectbox") for w in getattr(at, kind) if w.key]
