"""Data as people in China have it: Chinese headers, GBK/GB18030 or UTF-8 with or without a BOM."""

from __future__ import annotations

import numpy as np
import pytest

from presentation.messages import problems_text
from simulator.calibration.fit import fit_data
from simulator.calibration.reading import CalibrationError, read_raw, read_transactions


def log_text(header: str, customers: int = 120, seed: int = 4) -> str:
    rng = np.random.default_rng(seed)
    rows = [header]
    origin = np.datetime64("2024-01-01")
    for c in range(customers):
        weeks = [0, *np.flatnonzero(rng.random(30) < 0.15) + 1]
        rows += [f"客户{c:04d},{origin + np.timedelta64(7 * int(w), 'D')},{10 + int(w)}.5" for w in weeks]
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("header", ["客户编号,下单日期,金额", "会员ID,订单日期,实付金额", "顾客,交易时间,销售额"])
def test_chinese_headers_in_every_common_encoding_are_read(encoding, header):
    text = log_text(header)
    tx = read_transactions(read_raw(text.encode(encoding), "订单.csv"))
    names = header.split(",")
    assert tx.columns == {"customer": names[0], "date": names[1], "amount": names[2]}
    assert tx.rows == text.count("\n") - 1
    assert tx.customer[0] == "客户0000"  # the ids themselves are decoded, not only the header


def test_the_same_log_in_gbk_and_utf8_fits_alike():
    text = log_text("客户编号,下单日期,金额")
    a = fit_data(text.encode("gbk"), period="week", filename="a.csv")
    b = fit_data(text.encode("utf-8-sig"), period="week", filename="b.csv")
    assert a.bgbb.params == b.bgbb.params and a.models.chosen == b.models.chosen


@pytest.mark.parametrize("header, expected", [
    ("CustomerID,InvoiceDate,Amount", ("CustomerID", "InvoiceDate", "Amount")),
    ("customer_no,order_time,order_total", ("customer_no", "order_time", "order_total")),
    ("Member ID,Order Date,Total Amount", ("Member ID", "Order Date", "Total Amount")),
])
def test_common_english_headers_are_recognised(header, expected):
    tx = read_transactions(log_text(header).encode())
    assert tuple(tx.columns.values()) == expected


@pytest.mark.parametrize("data", [
    b"customer,date,amount\n\xff\xfe,2024-01-01,1\n",  # not text in any encoding
    "customer,date,amount\ncafé,2024-01-01,1\n".encode("latin-1"),  # Latin-1, no Chinese: not read as GB18030
])
def test_other_encodings_are_refused_in_both_languages(data):
    with pytest.raises(CalibrationError) as exc:
        read_raw(data)
    en, zh = problems_text(exc.value, "en")[0], problems_text(exc.value, "zh")[0]
    assert "UTF-8" in en and "UTF-8" in zh and en != zh
