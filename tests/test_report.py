"""The HTML report: its numbers, escaping, no network references, comparison, Chinese, PNG export, CLI."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ALL_FEATURES, ROOT, build_scenario

from cli import commands as cli
from presentation import browser_charts, i18n
from simulator.metrics import summarise
from simulator.scenario import load_scenario, with_simulation
from presentation.report import CHART_WIDTH, build_report, prepare_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

PLAN = dict(
    name="Workshop plan",
    description="A small plan for the report tests.",
    horizon=12,
    simulation={"customers": 200, "replicates": 10, "seed": 4},
    acquisition={"channels": [{"name": "Ads", "share": 1.0, "cac": 50}], "affiliate_commission": 5},
    front_end={"name": "Intro", "price": 100, "unit_cost": 20},
    back_end=[{"name": "Course", "price": 300, "take_rate": {"low": 0.3, "high": 0.6}, "delay": 1}],
    retention={"churn": 0.1},
)


@pytest.fixture(scope="module")
def report():
    return prepare_report(build_scenario(**PLAN), lang="en")


@pytest.fixture(scope="module")
def html(report):
    return report.html()


def test_report_holds_the_numbers(report, html):
    part = report.parts[0]
    s = summarise(part.result)
    assert "<h1>Workshop plan</h1>" in html and "A small plan for the report tests." in html
    for key in ("clv", "net_value", "cac"):
        assert i18n.fmt_money(s.metrics[key].mean, "en", "USD") in html
        assert i18n.fmt_money(s.metrics[key].p5, "en", "USD") in html
    assert i18n.fmt_percent(s.prob_profit, "en") in html
    # max CAC at 50/80/95%, the calculators and the sensitivity table are all there
    for lever, q, res in part.max_cac:
        assert f"data-max-cac='{lever}-{q}'>{i18n.fmt_money(res.value, 'en', 'USD')}<" in html
    assert "Historical CLV" in html and "Average-based CLV" in html and "Channel formula" in html
    assert "Take rate · Course" in html and "Price · Course" in html
    # the assumptions table: every input, ranges included
    assert "0.3 – 0.6 (90%)" in html and "back_end[0] Course · take_rate" in html


def _specs(html: str) -> dict:
    """The Vega-Lite specs the page hands its browser, by chart element id."""
    found = re.findall(r"<script type='application/json' id='report-charts'>(.*?)</script>", html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def _without_our_scripts(html: str) -> str:
    """The page with its three scripts cut out (the specs, the Vega bundle, the drawing), each found once."""
    for script in (re.search(r"<script type='application/json' id='report-charts'>.*?</script>", html, re.S)[0],
                   f"<script>{browser_charts.bundle()}</script>", f"<script>{browser_charts.DRAW}</script>"):
        assert html.count(script) == 1
        html = html.replace(script, "")
    return html


def _offline(html: str) -> None:
    # no network: no src/href/url()/@import pointing at http(s); only XML namespace names remain
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?:""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?https?:", html, re.I) and "@import" not in html
    assert "<link" not in html.lower()


def test_report_embeds_every_chart_offline(report, html):
    assert {"chart_cash", "chart_funnel", "chart_active", "chart_money", "chart_value", "sensitivity"} == set(report.charts)
    specs = _specs(html)
    assert set(specs) == set(report.charts)
    for name, spec in specs.items():  # each chart has its place, its data and its title, drawn as SVG
        assert html.count(f"<div class=chart id='{name}'>") == 1
        assert spec["usermeta"]["embedOptions"]["renderer"] == "svg" and spec["width"] == CHART_WIDTH
        assert spec.get("datasets") or "values" in json.dumps(spec)
    assert specs["chart_funnel"]["title"]["text"] == ["Of 100 buyers, how many buy", "each step"]
    steps = {row["step"]: row["buyers"] for row in specs["chart_funnel"]["datasets"]["funnel"]}
    assert steps["Front end"] == 100 and 30 < steps["Course"] < 60  # a take rate between 0.3 and 0.6
    assert "Which lever moves net value per buyer most" in json.dumps(specs["sensitivity"])
    rest = _without_our_scripts(html)
    assert "<script" not in rest.lower() and html.lower().count("<script") == 3
    _offline(html)


def test_the_report_draws_the_apps_charts(report):
    """Built from the figures' cached layouts and data (no Altair objects), each chart is the app's one."""
    from presentation import charts

    part = report.parts[0]
    app = charts.all_charts({part.label: part.result}, "en")
    assert set(app) == {name.removeprefix("chart_") for name in report.charts if name.startswith("chart_")}
    for name, chart in app.items():
        assert report.charts[f"chart_{name}"] == json.loads(json.dumps(chart.to_dict(validate=False)).replace(
            "NaN", "null"))


def test_the_vega_bundle_is_inert_inside_a_script_element():
    code = browser_charts.bundle()
    assert "</script" not in code.lower() and "<!--" not in code and len(code) > 100_000
    _offline(code)


def test_the_bundle_is_built_once_then_read_from_disk(tmp_path, monkeypatch):
    import vl_convert

    monkeypatch.setenv("FUNNEL_CACHE_DIR", str(tmp_path / "cache"))
    builds = []
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda snippet: builds.append(snippet) or "a='</SCRIPT>'")
    browser_charts.bundle.cache_clear()
    try:
        assert browser_charts.bundle() == r"a='<\/SCRIPT>'"  # escaped: the element cannot end early
        browser_charts.bundle.cache_clear()  # a new process: read from disk, not built again
        assert browser_charts.bundle() == r"a='<\/SCRIPT>'" and builds == [browser_charts.SNIPPET]
        assert list((tmp_path / "cache").iterdir()) == [browser_charts._bundle_path(browser_charts.SNIPPET)]
    finally:
        browser_charts.bundle.cache_clear()


def test_specs_in_the_page_cannot_end_their_script():
    text = browser_charts.script_json({"name": "</script><script>alert(1)</script> & <!-- \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script> & <!-- \u2028"}


def test_static_report_draws_its_charts_as_svg_without_scripts(report):
    html = report.html(charts="svg")
    assert html.count("<svg") == len(report.charts) == 6 and "<script" not in html.lower()
    _offline(html)
    with pytest.raises(ValueError):
        report.html(charts="png")


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")) + [ALL_FEATURES], ids=lambda p: p.stem)
def test_every_presets_charts_draw_in_vega_lite(path):
    """Each preset's charts (the app's figures, with its own data: channels, plans, a whole business) compile and
    draw in Vega-Lite, here through vl-convert. A spec can pass Altair's schema and still fail there, and then
    the app shows an empty space (the Calibrate page's tracking charts did)."""
    report = prepare_report(with_simulation(load_scenario(path), customers=200, replicates=10), lang="en")
    html = report.html(charts="svg")
    assert html.count("<svg") == len(report.charts) >= 6


def test_user_text_is_escaped():
    evil = build_scenario(**{**PLAN, "name": "<script>alert('x')</script>", "description": "a <b>bold</b> & <img src=x>",
                             "back_end": [{"name": "<i>Course</i>", "price": 300, "take_rate": 0.5, "delay": 1}]})
    html = build_report(evil, customers=100, replicates=5)
    rest = _without_our_scripts(html)
    assert "<script" not in rest.lower() and "<img" not in rest.lower() and "<i>Course" not in rest
    assert "<i>Course" in json.dumps(_specs(html), ensure_ascii=False)  # in the charts, as text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "a &lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;" in html


def test_comparison_report():
    a = build_scenario(**PLAN)
    b = build_scenario(**{**PLAN, "name": "Dearer intro", "front_end": {"name": "Intro", "price": 150, "unit_cost": 20}})
    rep = prepare_report(a, compare_with=b, lang="en")
    html = rep.html()
    assert "Scenario comparison" in html and "A: Workshop plan" in html and "B: Dearer intro" in html
    # same seed for both: the front-end price change is exactly +50 of net value per buyer in every replicate
    assert "<td class=num>$50</td><td class=num>$50 – $50</td>" in html
    specs = _specs(html)  # 5 charts with both runs + 2 tornados
    assert set(specs) == set(rep.charts) and len(specs) == 7 and "class=changed" in html
    cash = json.dumps(specs["chart_cash"], ensure_ascii=False)
    assert "A: Workshop plan" in cash and "B: Dearer intro" in cash


def test_progress_moves_through_the_sensitivity_runs_to_the_end():
    a = build_scenario(**PLAN)
    seen: list[float] = []
    prepare_report(a, compare_with=a, customers=100, replicates=5, progress=seen.append)
    assert seen == sorted(seen) and 0 < seen[0] and seen[-1] == 1.0
    # one call per run: each scenario's own run and its sensitivity's (a base and one or two per lever)
    levers = len(prepare_report(a, customers=50, replicates=3).parts[0].sensitivity.effects)
    assert len(seen) >= 2 * (2 + levers + 1)


def test_chinese_report():
    html = build_report(build_scenario(**PLAN), lang="zh")
    assert "<html lang='zh-CN'>" in html and "核心指标" in html and "假设" in html and "最高可承受获客成本" in html
    assert "后端产品[0] Course · 购买率" in html


def test_pngs_are_valid(report, tmp_path):
    paths = report.write_pngs(tmp_path / "png")
    assert sorted(p.name for p in paths) == sorted(f"{name}.png" for name in report.charts)
    for p in paths:
        data = p.read_bytes()
        assert data[:8] == PNG_MAGIC and len(data) > 5_000


def test_cli_report(small_yaml, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert cli.main(["report", str(small_yaml), "--out", str(out), "--png-dir", str(tmp_path / "png"),
                     "--lang", "zh"]) == 0
    assert "已写入" in capsys.readouterr().out  # --lang zh: the CLI answers in Chinese
    text = out.read_text(encoding="utf-8")
    assert "Small test funnel" in text and "核心指标" in text
    assert all(p.read_bytes()[:8] == PNG_MAGIC for p in (tmp_path / "png").glob("*.png"))
    assert len(list((tmp_path / "png").glob("*.png"))) == 6


def test_cli_report_two_files(small_yaml, tmp_path, capsys):
    out = tmp_path / "compare.html"
    assert cli.main(["report", str(small_yaml), str(small_yaml), "--out", str(out)]) == 0
    assert "Scenario comparison" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--out", "/no/such/folder/r.html"], "--out: folder /no/such/folder does not exist"),
        (["--out", "r.html", "--lang", "fr"], "argument --lang: invalid choice"),
        ([], "the following arguments are required: --out"),
    ],
)
def test_cli_report_bad_input(small_yaml, capsys, extra, message):
    assert cli.main(["report", str(small_yaml), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_report_bad_second_file(small_yaml, scenario_file, tmp_path, capsys):
    bad = scenario_file("name: Broken\nhorizon: 0\n", "bad.yaml")
    assert cli.main(["report", str(small_yaml), str(bad), "--out", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {bad}: horizon: must be ≥ 1 (got 0)"]


def test_comparison_in_two_currencies_shows_no_difference():
    a = build_scenario(**PLAN)
    b = build_scenario(**{**PLAN, "name": "In yuan", "currency": "CNY"})
    html = build_report(a, compare_with=b, customers=100, replicates=5)
    assert "money per paid buyer in USD / CNY" in html
    part_b = html[html.index("<h2>Headline numbers</h2>"):html.index("<h2>Workshop tools</h2>")]
    assert "¥" in part_b and "$" in part_b
    assert "<td class=num></td><td class=num></td>" in part_b  # B − A left empty across currencies


def test_unseeded_comparison_uses_one_seed_for_both():
    a = build_scenario(**{**PLAN, "simulation": {"customers": 100, "replicates": 5, "seed": None}})
    rep = prepare_report(a, compare_with=a)
    ra, rb = (p.result for p in rep.parts)
    assert ra.seed is not None and ra.seed == rb.seed
    assert (ra.net_value == rb.net_value).all()


def test_chart_png_of_an_app_chart():
    from presentation.charts import funnel_chart
    from simulator.engine import simulate
    from presentation.report import chart_png

    run = simulate(build_scenario(**PLAN))
    data = chart_png(funnel_chart({"This scenario": run}, "zh"), scale=1)
    assert data[:8] == PNG_MAGIC and len(data) > 2_000
