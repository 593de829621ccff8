"""Charts of a fit: valid Vega-Lite in both languages, with the data the fit produced and tooltips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.calibration import fit_data, holdout_comparison, preview
from presentation.calibration_charts import fit_charts, holdout_chart
from presentation.calibration_text import fitted_scenario
from presentation.catalogue import TEXT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "calibration"


def weekly_log(customers: int = 400, weeks: int = 30, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    rows = ["customer_id,date,amount"]
    origin = np.datetime64("2024-01-01")
    for c in range(customers):
        start = 0 if c == 0 else int(rng.integers(0, 6))
        p, life = rng.beta(1, 5), rng.geometric(0.08)
        buys = [start] + [w for w in range(start + 1, min(weeks, start + life)) if rng.random() < p]
        rows += [f"c{c},{origin + np.timedelta64(7 * w, 'D')},{rng.integers(5, 60)}" for w in buys]
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture(scope="module")
def transactions_report():
    return fit_data(weekly_log(), period="week", calibration_end="2024-05-01", filename="shop.csv")


def spec_rows(spec: dict) -> list[dict]:
    """Every row of every dataset of a spec."""
    return [row for rows in spec["datasets"].values() for row in rows]


def layers_of(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_retention_charts(lang):
    report = fit_data(FIXTURES / "retention_cohorts.csv", period="month")
    charts = fit_charts(report, lang)
    assert set(charts) == {"survival", "cohorts"}
    spec = charts["survival"].to_dict()  # validates against the Vega-Lite schema
    assert spec["title"]["text"] == TEXT["cc_survival_title"][lang]
    data = [v for v in spec["datasets"].values()]
    fitted = next(d for d in data if any(r.get("series") == TEXT["cc_projection"][lang] for r in d))
    # the projection runs past the last observed period (4) and the fitted line starts at 100%
    assert max(r["period"] for r in fitted) > 4
    assert next(r for r in fitted if r["period"] == 0)["share"] == pytest.approx(1.0)
    assert all("tooltip" in layer["encoding"] for layer in layers_of(spec))
    charts["cohorts"].to_dict()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_transaction_charts(transactions_report, lang):
    cmp = holdout_comparison(transactions_report.log, transactions_report.scenario, transactions_report.scenario_fit,
                             replicates=5)
    charts = fit_charts(transactions_report, lang, cmp)
    assert set(charts) == {"cohorts", "repeat_rate", "clv", "holdout", "tracking", "tracking_cumulative", "top_share",
                           "by_frequency", "p_alive"}
    for chart in charts.values():
        spec = chart.to_dict()
        assert spec["config"]["axis"]["labelFontSize"] >= 16  # projector-size fonts, as in presentation.charts
    heat = charts["cohorts"].to_dict()
    assert heat["encoding"]["color"]["scale"]["scheme"] == "viridis"  # colour-blind safe
    holdout = charts["holdout"].to_dict()
    assert holdout["title"]["text"] == TEXT["cc_holdout_title"][lang].format(unit="week" if lang == "en" else "周")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_of_a_fit_is_drawn(transactions_report, lang):
    """Each chart compiles and draws in Vega-Lite (vl-convert runs the same Vega-Lite as the browser). A spec
    that Altair validates can still fail there: the tracking charts' calibration-end rule had no position,
    Vega-Lite threw ("reading 'shape'") and the Calibrate page showed neither chart."""
    import vl_convert as vlc

    cmp = holdout_comparison(transactions_report.log, transactions_report.scenario, transactions_report.scenario_fit,
                             replicates=3)
    retention = fit_data(FIXTURES / "retention_cohorts.csv", period="month")
    charts = {**fit_charts(transactions_report, lang, cmp), **{f"retention {k}": c for k, c in
                                                                fit_charts(retention, lang).items()}}
    assert len(charts) == 11
    for name, chart in charts.items():
        spec = chart.to_dict()
        spec["width"] = 800  # "container" has no container here
        svg = vlc.vegalite_to_svg(spec)
        assert svg.startswith("<svg") and "<path" in svg, name
    tracking, holdout = charts["tracking"].to_dict(), charts["holdout"].to_dict()

    def rule_of(spec):  # a chart's calibration-end rule: its layer and the period it stands at
        layer = next(la for la in spec["layer"] if la["mark"]["type"] == "rule")
        return layer, spec["datasets"][layer["data"]["name"]][0]["period"]

    assert rule_of(tracking)[0]["encoding"]["x"]["field"] == "period"
    assert rule_of(tracking)[1] == rule_of(holdout)[1]  # the same period numbers in both (from 1)
    assert min(r["period"] for r in spec_rows(tracking)) == 1
    colors = tracking["layer"][0]["encoding"]["color"]["scale"]
    assert len(colors["range"]) == len(colors["domain"]) == 1 + len(transactions_report.models.scores)


def test_holdout_png_renders(transactions_report):
    vlc = pytest.importorskip("vl_convert")
    cmp = holdout_comparison(transactions_report.log, transactions_report.scenario, transactions_report.scenario_fit,
                             replicates=3)
    png = vlc.vegalite_to_png(holdout_chart(cmp, 52, "en", width=600).to_json(), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_app_entry_points_take_uploaded_bytes(transactions_report):
    """What the app's upload page calls: preview(bytes) to pre-fill, fit_data(bytes, ...) to fit."""
    p = preview(weekly_log(), filename="shop.csv")
    assert p.kind == "transactions" and p.date_format == "%Y-%m-%d"
    assert p.detected == {"customer": "customer_id", "date": "date", "amount": "amount"}
    assert "shop.csv" in fitted_scenario(transactions_report, "en").description
    assert "shop.csv" in fitted_scenario(transactions_report, "zh").description
    table = transactions_report.parameters()
    assert list(table.columns) == ["field", "meaning", "estimate", "low95", "high95"]
    assert (table.low95.dropna() <= table.estimate[table.low95.notna()]).all()


def test_top_share_chart_is_the_share_the_best_customers_hold():
    """The curve at 10% is the top tenth's share of the expected purchases; it starts above the diagonal."""
    import pandas as pd

    from presentation.calibration_charts import top_share_chart

    rng = np.random.default_rng(0)
    orders = rng.gamma(0.3, 2.0, 1000)
    table = pd.DataFrame({"expected_value": orders * 20, "expected_orders": orders})
    spec = top_share_chart(table).to_dict()
    data = pd.DataFrame(spec["datasets"][spec["layer"][0]["data"]["name"]])
    tenth = data.iloc[(data.customers - 0.1).abs().argmin()]
    want = np.sort(orders)[::-1][:100].sum() / orders.sum()
    assert tenth.share == pytest.approx(want, abs=0.01) and tenth.share > 0.1
    assert data.share.iloc[-1] == pytest.approx(1.0)
