"""Command line: ``python -m simulator run|validate|compare|channels|max-cac|sensitivity|report|deck|fit|docs``.

Exit codes: 0 ok, 2 invalid input (one message per problem on stderr), 1 an
unexpected failure, 130 interrupted (Ctrl-C: one line, no traceback). A
progress bar goes to stderr for long runs when stderr is a terminal.

``--json`` is strict JSON (``allow_nan=False``): a figure with no finite value
(a payback that never comes, a ratio over a zero cost) is ``null``.

Every command takes ``--lang en|zh`` (default: the locale of the environment,
``LC_ALL``, ``LC_MESSAGES`` or ``LANG``; ``zh*`` gives Chinese): tables,
headings and error messages come from the one catalogue
(:mod:`presentation.catalogue`). JSON output has no words and no language.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from presentation.i18n import LANGS, detect_language, group_label, lever_label, t
from presentation.messages import problem_text, problems_text
from simulator.engine import simulate
from simulator.metrics import METRICS, Band, Summary, summarise
from presentation.texts import text_in
from simulator.allocator import keep_freed_memory
from simulator.problems import ArgumentError, ProblemError
from simulator.scenario import LocalText, Scenario, load_scenario, text_key, with_simulation

EXIT_OK, EXIT_FAILURE, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130


def default_lang(environ: dict[str, str] | None = None) -> str:
    """``zh`` when the environment's locale is Chinese (LC_ALL, then LC_MESSAGES, then LANG), else ``en``."""
    import os

    env = os.environ if environ is None else environ
    locale = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), None)
    return detect_language(locale)


class UsageError(Exception):
    """Bad command-line values (exit code 2)."""


class ProgressBar:
    """A one-line progress bar on stderr, shown only for runs that take a while."""

    def __init__(self, label: str, stream=None, delay: float = 0.5):
        self.stream = sys.stderr if stream is None else stream
        self.label, self.delay = label, delay
        self.start = time.perf_counter()
        self.shown = False
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = stream is not None or bool(isatty and isatty())  # a log file gets no \r lines

    def __call__(self, fraction: float) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        if elapsed < self.delay and fraction < 1:
            return
        if fraction >= 1 and not self.shown:
            return
        width = 30
        filled = int(round(width * fraction))
        eta = elapsed / fraction * (1 - fraction) if fraction > 0 else 0
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%}  eta {eta:4.0f}s")
        if fraction >= 1:
            self.stream.write("\n")
        self.stream.flush()
        self.shown = True


def _fmt(x: float | None, money: bool = True, lang: str = "en") -> str:
    if x is None:
        return t(lang, "cli_never")
    if not money:
        return f"{x:,.2f}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def _band_row(label: str, band: Band, money: bool = True, lang: str = "en") -> str:
    cells = (_fmt(getattr(band, k), money, lang) for k in ("mean", "p5", "p50", "p95"))
    return f"  {label:<26}" + "".join(f"{c:>14}" for c in cells)


def _sizes(lang: str, customers: int, replicates: int, seed: int | None) -> str:
    return t(lang, "cli_sizes", customers=customers, replicates=replicates, seed=seed)


def _finite(obj):
    """``obj`` with every float that is NaN or infinite replaced by None (JSON ``null``: no finite value)."""
    if isinstance(obj, float):
        return obj if np.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    if isinstance(obj, np.generic):
        return _finite(obj.item())
    return obj


def _json(data) -> str:
    """Strict JSON as the CLI prints it (``allow_nan=False``; no finite value is ``null``), a text in two
    languages as its English (the keys JSON readers know)."""

    def plain(obj):
        if isinstance(obj, LocalText):
            return text_key(obj)
        if isinstance(obj, np.ndarray):
            return _finite(obj.tolist())
        raise TypeError(f"{type(obj).__name__} is not JSON serialisable")

    return json.dumps(_finite(data), indent=2, ensure_ascii=False, default=plain, allow_nan=False)


def format_summary(s: Summary, lang: str = "en", result=None) -> str:
    """The human-readable table the CLI prints; with the run's ``result``, names are in ``lang``."""
    name = s.name if result is None else text_in(result.scenario_name, lang)
    steps = list(s.funnel) if result is None else [text_in(n, lang) for n in result.funnel_names]
    lines = [
        t(lang, "cli_run_head", name=name, sizes=_sizes(lang, s.customers, s.replicates, s.seed),
          horizon=s.horizon, currency=s.currency),
        "",
        f"  {'':<26}{t(lang, 'cli_mean'):>14}{'p5':>14}{'p50':>14}{'p95':>14}",
    ]
    for key in METRICS:
        money = key not in ("ltv_cac", "payback_period", "referred_buyers")
        lines.append(_band_row(t(lang, f"cli_m_{key}"), s.metrics[key], money, lang))
    lines += [
        "",
        "  " + t(lang, "cli_chances", profit=f"{s.prob_profit:.0%}", payback=f"{s.prob_payback:.0%}"),
        "",
        "  " + t(lang, "cli_funnel"),
    ]
    for (key, share), step in zip(s.funnel.items(), steps):
        lines.append(f"    {t(lang, 'cli_front_end') if key == 'front_end' else step:<32}{share:8.1%}")
    cv = s.customer_value
    if cv.percentiles:
        top = f"{cv.top20_share:.0%}" if cv.top20_share is not None else t(lang, "cli_not_available")
        percentiles = ", ".join(f"{k} {_fmt(v, lang=lang)}" for k, v in cv.percentiles.items())
        lines += ["", "  " + t(lang, "cli_customer_value", percentiles=percentiles, top=top)]
    if s.business:
        lines += ["", "  " + t(lang, "cli_business")]
        for key, band in s.business.items():
            lines.append(_band_row(t(lang, f"cli_b_{key}"), band, key != "cash_positive_period", lang))
    return "\n".join(lines)


@dataclass(frozen=True)
class _RunOptions:
    seed: int | None
    customers: int | None
    replicates: int | None


def _run(scenario: Scenario, opts: _RunOptions, quiet: bool = False, lang: str = "en"):
    scenario = with_simulation(scenario, seed=opts.seed, customers=opts.customers, replicates=opts.replicates)
    sim = scenario.simulation
    bar = None if quiet else ProgressBar(text_in(scenario.name, lang)[:30])
    return simulate(scenario, seed=sim.seed, progress=bar)


def _diff_band(a: np.ndarray, b: np.ndarray) -> Band:
    return Band.of(np.asarray(b, dtype=float) - np.asarray(a, dtype=float))


def cmd_run(args) -> int:
    scenario = load_scenario(args.file)
    result = _run(scenario, _RunOptions(args.seed, args.customers, args.replicates), args.json, args.lang)
    summary = summarise(result)
    if args.json:
        print(_json(summary.to_dict()))
    else:
        print(format_summary(summary, args.lang, result))
    return EXIT_OK


def cmd_validate(args) -> int:
    scenario = load_scenario(args.file)
    print(t(args.lang, "cli_valid", file=args.file, name=scenario.name, rungs=len(scenario.back_end)))
    return EXIT_OK


def cmd_compare(args) -> int:
    a = load_scenario(args.a)
    b = load_scenario(args.b)
    seed = args.seed if args.seed is not None else a.simulation.seed
    opts = _RunOptions(seed, args.customers, args.replicates)
    ra, rb = _run(a, opts, args.json, args.lang), _run(b, opts, args.json, args.lang)
    sa, sb = summarise(ra), summarise(rb)
    per = {
        "clv": ("clv",),
        "cac": ("cac_per_buyer",),
        "net_value": ("net_value",),
        "front_end_profit": ("front_end_profit",),
        "back_end_profit": ("back_end_profit",),
        "referred_buyers": ("referred_buyers_per_buyer",),
    }
    diffs = {}
    for key, (attr,) in per.items():
        if ra.replicates == rb.replicates:
            diffs[key] = _diff_band(getattr(ra, attr), getattr(rb, attr))
    out = {
        "seed": seed,
        "a": sa.to_dict(),
        "b": sb.to_dict(),
        "difference": {k: vars(v) for k, v in diffs.items()},
        "prob_profit_difference": sb.prob_profit - sa.prob_profit,
    }
    if args.json:
        print(_json(out))
        return EXIT_OK
    lang = args.lang
    print(t(lang, "cli_compare_head", a=ra.scenario_name, b=rb.scenario_name, seed=seed))
    print(f"  {'':<26}" + "".join(f"{t(lang, k):>14}" for k in
                                  ("cli_a_mean", "cli_b_mean", "cli_diff_mean", "cli_diff_p5", "cli_diff_p95")))
    for key in per:
        d = diffs.get(key)
        if d is None:
            continue
        cells = (sa.metrics[key].mean, sb.metrics[key].mean, d.mean, d.p5, d.p95)
        print(f"  {t(lang, f'cli_m_{key}'):<26}" + "".join(f"{_fmt(c, lang=lang):>14}" for c in cells))
    print("\n  " + t(lang, "cli_compare_profit", a=f"{sa.prob_profit:.0%}", b=f"{sb.prob_profit:.0%}"))
    return EXIT_OK


def _float_at_least(minimum: float):
    """An argparse type: a finite number ≥ ``minimum``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number (got {text!r})") from None
        if not np.isfinite(value) or value < minimum:
            raise argparse.ArgumentTypeError(f"must be a finite number ≥ {minimum:g} (got {text})")
        return value

    return parse


def format_channels(comparison, split=None, lang: str = "en") -> str:
    """The channel table (and the budget split) the ``channels`` command prints."""
    c = comparison

    def fmt(x, money: bool = True) -> str:
        return _fmt(x, money, lang)

    def band(b: Band, money: bool = True, centre: str = "mean") -> str:
        return f"{fmt(getattr(b, centre), money)} ({fmt(b.p5, money)} – {fmt(b.p95, money)})"

    lines = [
        t(lang, "cli_channels_head", name=c.scenario_name, sizes=_sizes(lang, c.customers, c.replicates, c.seed),
          horizon=c.horizon, currency=c.currency),
        "",
        f"  {t(lang, 'cli_channel'):<28}{t(lang, 'cli_cac'):>10}{t(lang, 'cli_clv'):>26}{t(lang, 'cli_m_ltv_cac'):>22}"
        f"{t(lang, 'cli_m_net_value'):>28}{t(lang, 'cli_payback_median'):>30}{t(lang, 'cli_prob_profit'):>11}",
    ]
    for ch in c.channels:
        lines.append(
            f"  {text_in(ch.name, lang)[:27]:<28}{fmt(ch.cac.mean):>10}{band(ch.clv):>26}{band(ch.ltv_cac, False):>22}"
            f"{band(ch.net_value):>28}{band(ch.payback_period, False, 'p50'):>30}{ch.prob_profit:>11.0%}"
        )
    lines += ["", "  " + t(lang, "cli_best_channel", name=c.best)]
    if split is not None:
        lines += [
            "",
            "  " + t(lang, "cli_split_head", budget=fmt(split.budget)),
            f"  {t(lang, 'cli_channel'):<28}{t(lang, 'cli_buyers'):>12}{t(lang, 'cli_spend'):>14}"
            f"{t(lang, 'cli_expected_profit'):>18}{t(lang, 'cli_capacity'):>12}",
        ]
        caps = {text_key(ch.name): ch.max_buyers for ch in c.channels}
        for a in split.allocations:
            cap = caps.get(text_key(a.name))
            cap = t(lang, "cli_unlimited") if cap is None else fmt(cap, False)
            lines.append(
                f"  {text_in(a.name, lang)[:27]:<28}{fmt(a.buyers, False):>12}{fmt(a.spend):>14}{fmt(a.expected_profit):>18}{cap:>12}"
            )
        lines += [
            f"  {t(lang, 'cli_total'):<28}{fmt(split.total_buyers, False):>12}{fmt(split.total_spend):>14}"
            f"{fmt(split.expected_profit):>18}",
            "  " + t(lang, "cli_unspent", unspent=fmt(split.unspent), band=band(split.profit)),
        ]
    return "\n".join(lines)


def cmd_channels(args) -> int:
    from simulator.channels import best_split, compare_channels

    scenario = load_scenario(args.file)
    scenario = with_simulation(scenario, seed=args.seed, customers=args.customers, replicates=args.replicates)
    bar = None if args.json else ProgressBar(text_in(scenario.name, args.lang)[:30])
    comparison = compare_channels(scenario, seed=scenario.simulation.seed, progress=bar)
    split = best_split(comparison, args.budget) if args.budget is not None else None
    if args.json:
        out = comparison.to_dict()
        out["split"] = split.to_dict() if split is not None else None
        print(_json(out))
    else:
        print(format_channels(comparison, split, args.lang))
    return EXIT_OK


def cmd_docs(args) -> int:
    from presentation.docs import scenario_format_markdown

    text = scenario_format_markdown()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


def _tool_sizes(scenario: Scenario, args) -> Scenario:
    """The scenario with the command line's --seed/--customers/--replicates applied (limits re-checked)."""
    return with_simulation(scenario, seed=args.seed, customers=args.customers, replicates=args.replicates)


def cmd_max_cac(args) -> int:
    from simulator.max_cac import max_affordable_cac

    scenario = _tool_sizes(load_scenario(args.file), args)
    lever = "commission" if args.commission else "cac"
    bar = None if args.json else ProgressBar(text_in(scenario.name, args.lang)[:30])
    # NoAffordableCac and an ArgumentError (a payback period beyond the horizon) are printed by main(), in --lang
    res = max_affordable_cac(scenario, confidence=args.confidence, payback_within=args.payback_within,
                             lever=lever, seed=scenario.simulation.seed, progress=bar)
    if args.json:
        print(_json({"scenario": scenario.name, **res.to_dict()}))
        return EXIT_OK
    lang = args.lang

    def fmt(x) -> str:
        return _fmt(x, lang=lang)

    lines = [
        t(lang, "cli_mc_head", name=scenario.name, sizes=_sizes(lang, res.customers, res.replicates, res.seed),
          currency=res.currency),
        "",
        "  " + t(lang, "cli_mc_value", what=t(lang, f"cli_mc_what_{lever}"), confidence=f"{res.confidence:.0%}",
                 value=fmt(res.value)),
        "  " + t(lang, "cli_mc_today", current=fmt(res.current), headroom=fmt(res.headroom))
        + (t(lang, "cli_mc_commission", commission=fmt(res.commission)) if res.commission else ""),
        "  " + t(lang, "cli_mc_band", mean=fmt(res.band.mean), p5=fmt(res.band.p5), p50=fmt(res.band.p50),
                 p95=fmt(res.band.p95)),
        "  " + t(lang, "cli_mc_profitable", value=fmt(res.value), share=f"{res.prob_profit_at_value:.0%}"),
    ]
    if res.payback_within is not None:
        binds = t(lang, "cli_mc_payback_binds" if res.payback_binding else "cli_mc_break_even_binds")
        lines.append("  " + t(lang, "cli_mc_payback", n=res.payback_within, payback=fmt(res.value_payback),
                              break_even=fmt(res.value_break_even), binds=binds))
        lines.append("  " + t(lang, "cli_mc_pay_back_share", value=fmt(res.value),
                              share=f"{res.prob_payback_at_value:.0%}", n=res.payback_within))
    print("\n".join(lines))
    return EXIT_OK


def cmd_sensitivity(args) -> int:
    from simulator.sensitivity import sensitivity

    scenario = _tool_sizes(load_scenario(args.file), args)
    bar = None if args.json else ProgressBar(text_in(scenario.name, args.lang)[:30])
    sens = sensitivity(scenario, step=args.step, seed=scenario.simulation.seed, progress=bar)  # problems: main()
    if args.json:
        print(_json(sens.to_dict()))
        return EXIT_OK
    lang = args.lang
    step = f"{sens.step:.0%}"
    print(t(lang, "cli_sens_head", name=sens.scenario_name, step=step,
            sizes=_sizes(lang, sens.customers, sens.replicates, sens.seed), currency=sens.currency,
            base=_fmt(sens.base.mean, lang=lang)))
    mean, band = t(lang, "cli_mean"), t(lang, "cli_band90")
    print(f"  {t(lang, 'cli_lever'):<40}{t(lang, 'cli_group'):<22}{'-' + step + ' ' + mean:>12}{band:>22}"
          f"{'+' + step + ' ' + mean:>12}{band:>22}")

    def cells(b):
        if b is None:
            return f"{t(lang, 'cli_not_available'):>12}{'':>22}"
        return f"{_fmt(b.mean, lang=lang):>12}{_fmt(b.p5, lang=lang) + t(lang, 'cli_to') + _fmt(b.p95, lang=lang):>22}"

    for e in sens.effects:
        label = lever_label(e.lever, lang)
        label = label if len(label) <= 38 else label[:37] + "…"
        print(f"  {label:<40}{group_label(e.lever.group, lang):<22}{cells(e.low)}{cells(e.high)}")
        for note in problems_text(e.notes, lang):
            print(f"    ({note})")
    if not sens.effects:
        print("  " + t(lang, "tn_empty"))
    return EXIT_OK


def _files_and_out(args) -> tuple[Scenario, Scenario | None, Path] | None:
    """FILE (with the command line's sizes), FILE_B if given, and the --out path whose folder exists;
    None when FILE_B is invalid (its problems printed)."""
    scenario = _tool_sizes(load_scenario(args.file), args)
    other = None
    if args.file_b:
        try:
            other = with_simulation(load_scenario(args.file_b), customers=args.customers, replicates=args.replicates)
        except ProblemError as exc:
            _print_problems(exc, args.file_b, args.lang)
            return None
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(t(args.lang, "cli_no_folder", folder=out.parent))
    return scenario, other, out


def cmd_report(args) -> int:
    from presentation.report import prepare_report

    files = _files_and_out(args)
    if files is None:
        return EXIT_INVALID
    scenario, other, out = files
    bar = ProgressBar("report")
    report = prepare_report(scenario, compare_with=other, seed=scenario.simulation.seed, lang=args.lang,
                            progress=bar)
    try:
        out.write_text(report.html(), encoding="utf-8")
        written = report.write_pngs(args.png_dir) if args.png_dir else []
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or out}: {exc.strerror}") from None
    print(t(args.lang, "cli_wrote_pngs", out=out, n=len(written), folder=args.png_dir) if written
          else t(args.lang, "cli_wrote", out=out))
    return EXIT_OK


def cmd_deck(args) -> int:
    from presentation.deck import prepare_deck

    files = _files_and_out(args)
    if files is None:
        return EXIT_INVALID
    scenario, other, out = files
    deck = prepare_deck(scenario, compare_with=other, seed=scenario.simulation.seed, lang=args.lang,
                        app_url=args.app_url, progress=ProgressBar("deck"))
    data = deck.pptx()
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or out}: {exc.strerror}") from None
    print(t(args.lang, "cli_wrote_deck", out=out, n=len(deck.parts[-1].slides)))
    return EXIT_OK


def _share(example: float, meaning: str):
    """An argparse type: a share strictly between 0 and 1, written 0.8 or 80%."""

    def parse(text: str) -> float:
        raw = text.strip()
        try:
            value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be a number between 0 and 1, e.g. {example:g} (got {text!r})") from None
        if not 0.0 < value < 1.0:
            raise argparse.ArgumentTypeError(
                f"must be between 0 and 1, e.g. {example:g} for {meaning} (got {text!r})")
        return value

    return parse


_confidence = _share(0.8, "80%")
"""A confidence such as 0.8 or 80%."""
_step = _share(0.1, "±10%")
"""A relative step (0.1 = ±10%)."""


def cmd_fit(args) -> int:
    """Fit a retention table or a transaction log and write the scenario (exit 2 on bad data)."""
    from presentation.calibration_text import fit_summary, fitted_yaml, models_summary
    from simulator.calibration.fit import fit_data
    from simulator.calibration.reading import CalibrationError

    lang = args.lang
    try:
        print(t(lang, "cli_fitting", file=args.file, period=t(lang, f"cal_period_{args.period}").lower()),
              file=sys.stderr)
        report = fit_data(
            args.file, period=args.period, kind=args.kind, calibration_end=args.calibration_end,
            customer_column=args.customer_column, date_column=args.date_column, amount_column=args.amount_column,
            date_format=args.date_format, cohort_column=args.cohort_column, period_column=args.period_column,
            active_column=args.active_column, name=args.name, currency=args.currency, uncertainty=args.ranges,
        )
    except CalibrationError as exc:
        _print_problems(exc, None, lang)
        return EXIT_INVALID
    report_stream = sys.stdout if args.out and not args.json else sys.stderr
    if not args.json:
        print(fit_summary(report, lang), file=report_stream)
        if report.models is not None:
            print("\n" + models_summary(report, lang), file=report_stream)
    if args.customers_out and report.models is None:
        print(t(lang, "cli_error", message=t(lang, "cli_customers_need_log")), file=sys.stderr)
        return EXIT_INVALID
    if args.customers_out:
        code = _write_customers(report, args, lang)
        if code:
            return code
    if args.validate:
        if report.log is None or report.log.calibration_end >= report.log.last_period:
            print(t(lang, "cli_error", message=t(lang, "cli_validate_needs_log")), file=sys.stderr)
            return EXIT_INVALID
        from simulator.calibration.holdout import holdout_comparison

        cmp = holdout_comparison(report.log, report.scenario, report.scenario_fit)
        model = "BG/NBD" if report.scenario_fit is not report.bgbb else "BG/BB"
        print(t(lang, "cli_holdout_model", first=report.log.calibration_end + 1, last=report.log.last_period,
                actual=cmp.actual_total, predicted=cmp.predicted_total, error=cmp.error, model=model,
                closed=cmp.closed_form_total, closed_error=cmp.closed_form_error), file=report_stream)
    if args.json:
        print(_json(_fit_json(report, lang)))
    if args.out:
        try:
            Path(args.out).write_text(fitted_yaml(report, lang), encoding="utf-8")
        except OSError as exc:
            print(t(lang, "cli_error", message=t(lang, "cli_cannot_write", file=args.out, reason=exc.strerror)),
                  file=sys.stderr)
            return EXIT_INVALID
        print(t(lang, "cli_wrote_fit", out=args.out), file=sys.stderr)
    elif not args.json:
        print(fitted_yaml(report, lang), end="")
    return EXIT_OK


def _fit_json(report, lang: str) -> dict:
    """The fit as plain data: the data's shape, the parameters, the notes' codes, the models and the holdout."""
    from presentation.calibration_text import fitted_scenario
    from simulator.scenario import scenario_to_dict

    out = {"file": report.source, "kind": report.kind, "period": report.period, "columns": report.columns,
           "parameters": report.parameters().to_dict(orient="records"),
           "notes": [{"code": p.code, **p.params} for p in report.notes]}
    if report.models is not None:
        out.update(report.models.to_dict(report.log))
    else:
        out.update({"chosen": "sbg", "holdout": None})
    out["scenario"] = scenario_to_dict(fitted_scenario(report, lang))
    return out


def _write_customers(report, args, lang: str) -> int:
    """Write ``customer_id, p_alive, expected_orders, expected_value`` per customer to ``--customers-out``."""
    import numpy as np

    from presentation.i18n import units
    from simulator.calibration.models import customer_forecasts, top_decile_share

    forecast = customer_forecasts(report.models, periods=args.forecast_periods)
    table = forecast.table
    try:
        table[["customer_id", "p_alive", "expected_orders", "expected_value"]].to_csv(
            args.customers_out, index=False, float_format="%.6g")
    except OSError as exc:
        print(t(lang, "cli_error", message=t(lang, "cli_cannot_write", file=args.customers_out,
                                              reason=exc.strerror)), file=sys.stderr)
        return EXIT_INVALID
    u = units(lang, report.scenario.periods_per_year)
    print(t(lang, "cli_wrote_customers", out=args.customers_out, customers=len(table), units=u,
            periods=forecast.periods, model=t(lang, f"model_{forecast.model}")), file=sys.stderr)
    if "actual_orders" in table and table.actual_orders.sum() > 0:
        print(t(lang, "cli_customers_holdout_note", units=u,
                corr=float(np.corrcoef(table.expected_orders, table.actual_orders)[0, 1]),
                top_value=top_decile_share(table.expected_value, table.actual_value),
                top_orders=top_decile_share(table.expected_orders, table.actual_orders)), file=sys.stderr)
    return EXIT_OK


def _int_at_least(minimum: int):
    """An argparse type: a whole number ≥ ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be ≥ {minimum} (got {value})")
        return value

    return parse


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit code 2 with one clear line, no usage dump
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=LANGS, default=default_lang(),
                          help="language of tables and messages (default: from LC_ALL / LC_MESSAGES / LANG)")
    parser = _Parser(prog="python -m simulator", description="Front-end/back-end funnel simulator.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    class _Sub:  # every command takes --lang
        @staticmethod
        def add_parser(*args, **kwargs):
            return commands.add_parser(*args, parents=[language], **kwargs)

    sub = _Sub()

    def sizes(p):
        p.add_argument("--seed", type=_int_at_least(0), help="random seed (default: the scenario's)")
        p.add_argument("--customers", type=_int_at_least(1), help="paid buyers in each simulated future")
        p.add_argument("--replicates", type=_int_at_least(1),
                       help="how many simulated futures (Monte Carlo replicates)")
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    run = sub.add_parser("run", help="simulate a scenario and print its numbers with bands")
    run.add_argument("file")
    sizes(run)
    run.set_defaults(func=cmd_run)

    val = sub.add_parser("validate", help="check a scenario file")
    val.add_argument("file")
    val.set_defaults(func=cmd_validate)

    cmp_ = sub.add_parser("compare", help="simulate two scenarios with the same seed and show the differences")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    sizes(cmp_)
    cmp_.set_defaults(func=cmd_compare)

    chan = sub.add_parser("channels", help="which fish pond: each channel's CLV, CAC and net value, and a budget split")
    chan.add_argument("file")
    chan.add_argument("--budget", type=_float_at_least(0), help="acquisition budget per period to split across channels")
    sizes(chan)
    chan.set_defaults(func=cmd_channels)

    docs = sub.add_parser("docs", help="print (or write) the scenario format reference")
    docs.add_argument("--out", help="write to this file instead of stdout")
    docs.set_defaults(func=cmd_docs)

    mc = sub.add_parser("max-cac", help="the most you can pay per buyer and still break even with a confidence")
    mc.add_argument("file")
    mc.add_argument("--confidence", type=_confidence, default=0.5, help="share of futures that must break even "
                    "(0.5, 0.8, 0.95; default 0.5)")
    mc.add_argument("--payback-within", type=_int_at_least(0), metavar="N",
                    help="also require cumulative cash ≥ 0 at period N with the same confidence")
    mc.add_argument("--commission", action="store_true", help="solve for the affiliate commission instead of the CAC")
    sizes(mc)
    mc.set_defaults(func=cmd_max_cac)

    sens = sub.add_parser("sensitivity", help="move each lever by ±step and show the change in net value per buyer")
    sens.add_argument("file")
    sens.add_argument("--step", type=_step, default=0.10, help="relative move of each lever (default 0.1 = ±10%%)")
    sizes(sens)
    sens.set_defaults(func=cmd_sensitivity)

    rep = sub.add_parser("report", help="write a self-contained HTML report (and PNG charts); two files: A vs B")
    rep.add_argument("file")
    rep.add_argument("file_b", nargs="?", metavar="FILE_B", help="a second scenario to compare with (B)")
    rep.add_argument("--out", required=True, help="the HTML file to write")
    rep.add_argument("--png-dir", help="also write one PNG per chart into this folder")
    rep.add_argument("--seed", type=_int_at_least(0), help="random seed (default: the first scenario's)")
    rep.add_argument("--customers", type=_int_at_least(1), help="paid buyers in each simulated future")
    rep.add_argument("--replicates", type=_int_at_least(1),
                     help="how many simulated futures (Monte Carlo replicates)")
    rep.set_defaults(func=cmd_report)

    deck = sub.add_parser("deck", help="write a slide deck (PowerPoint) of the presenter's story; two files: A vs B")
    deck.add_argument("file")
    deck.add_argument("file_b", nargs="?", metavar="FILE_B", help="a second scenario to compare with (B)")
    deck.add_argument("--out", required=True, help="the .pptx file to write")
    deck.add_argument("--app-url", default="http://localhost:8501",
                      help="where the app runs: the title slide's QR code opens the scenario there")
    deck.add_argument("--seed", type=_int_at_least(0), help="random seed (default: the first scenario's)")
    deck.add_argument("--customers", type=_int_at_least(1), help="paid buyers in each simulated future")
    deck.add_argument("--replicates", type=_int_at_least(1),
                      help="how many simulated futures (Monte Carlo replicates)")
    deck.set_defaults(func=cmd_deck)

    fit = sub.add_parser("fit", help="fit a retention table or a transaction log (CSV) and write a scenario")
    fit.add_argument("file", help="CSV: cohort, period, customers still active; or customer id, date, amount")
    fit.add_argument("--period", required=True, choices=["week", "month", "year"], help="the scenario's period")
    fit.add_argument("--kind", choices=["retention", "transactions"], help="default: told by the columns")
    fit.add_argument("--calibration-end", metavar="DATE", help="fit on purchases up to this date (YYYY-MM-DD)")
    fit.add_argument("--out", help="write the scenario YAML here (default: stdout)")
    fit.add_argument("--customer-column", help="transaction logs: the customer id column")
    fit.add_argument("--date-column", help="transaction logs: the date column")
    fit.add_argument("--amount-column", help="transaction logs: the amount column")
    fit.add_argument("--date-format", help="e.g. %%Y-%%m-%%d or %%d/%%m/%%Y (default: detected)")
    fit.add_argument("--cohort-column", help="retention tables: the cohort column")
    fit.add_argument("--period-column", help="retention tables: the period column")
    fit.add_argument("--active-column", help="retention tables: the customers-still-active column")
    fit.add_argument("--name", help="scenario name")
    fit.add_argument("--currency", default="USD", help="currency code for display (default USD)")
    fit.add_argument("--validate", action="store_true",
                     help="simulate the fitted scenario after --calibration-end and compare with the data")
    fit.add_argument("--json", action="store_true",
                     help="print the fit, every model's scores, the chosen model and the holdout as JSON "
                          "(the scenario YAML only with --out)")
    fit.add_argument("--customers-out", metavar="FILE.csv",
                     help="transaction logs: write customer_id, p_alive, expected_orders, expected_value per customer")
    fit.add_argument("--forecast-periods", type=_int_at_least(1), metavar="N",
                     help="periods --customers-out forecasts (default: the holdout after --calibration-end, "
                          "else a year)")
    fit.add_argument("--ranges", action="store_true",
                     help="transaction logs: the scenario carries the fit's 90%% ranges (from its Hessian) instead of "
                          "point estimates, so the bands show what the data cannot pin down")
    fit.set_defaults(func=cmd_fit)
    return parser


def _print_problems(exc: ProblemError, file: str | Path | None, lang: str) -> None:
    """One ``error: file: message`` line per problem on stderr (the file left out where the problem names it)."""
    for problem in exc.problems:
        sep = "：" if lang == "zh" else ": "
        where = f"{file}{sep}" if file and not problem.path.startswith(str(file)) else ""
        print(t(lang, "cli_error", message=where + problem_text(problem, lang)), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    keep_freed_memory()  # the engine's arrays stay mapped between chunks (simulator.allocator)
    args = None
    lang = default_lang()
    try:
        args = build_parser().parse_args(argv)
        lang = args.lang
        with np.errstate(all="ignore"):  # a backstop: the core keeps every figure finite and warns of nothing
            return args.func(args)
    except UsageError as exc:
        print(t(lang, "cli_error", message=exc), file=sys.stderr)
        return EXIT_INVALID
    except ArgumentError as exc:  # a tool's argument out of range (a payback period beyond the horizon)
        _print_problems(exc, None, lang)
        return EXIT_INVALID
    except ProblemError as exc:  # a scenario (or a tool's input) that cannot be used
        _print_problems(exc, getattr(args, "file", None), lang)
        return EXIT_INVALID
    except KeyboardInterrupt:  # Ctrl-C: the run stops where it is, one line, no traceback
        print("\n" + t(lang, "cli_interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except RecursionError:  # never expected (files are depth-checked before parsing): still no traceback
        print(t(lang, "cli_unexpected", kind="RecursionError", detail="nested too deep"), file=sys.stderr)
        return EXIT_INVALID
    except Exception as exc:  # an unexpected failure: one line, no traceback
        print(t(lang, "cli_unexpected", kind=type(exc).__name__, detail=exc), file=sys.stderr)
        return EXIT_FAILURE
