"""Command line: ``python -m simulator run|validate|compare|channels|max-cac|sensitivity|report|fit|docs``.

Exit codes: 0 ok, 2 invalid input (one message per problem on stderr), 1 an
unexpected failure. A progress bar goes to stderr for long runs.
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

from simulator.engine import simulate
from simulator.metrics import METRICS, Band, Summary, summarise
from simulator.scenario import Scenario, ScenarioError, load_scenario, with_simulation

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2

LABELS = {
    "clv": "Lifetime value (CLV)",
    "cac": "Acquisition cost (CAC)",
    "net_value": "Net value per buyer",
    "ltv_cac": "LTV : CAC",
    "front_end_profit": "Front-end profit",
    "back_end_profit": "Back-end profit",
    "payback_period": "Payback period",
    "referred_buyers": "Referred buyers",
}


BUSINESS_LABELS = {
    "total_profit": "Total profit",
    "npv": "Net present value",
    "capital_needed": "Capital needed",
    "cash_positive_period": "Cash positive (period)",
    "average_cac": "Average CAC",
}


class UsageError(Exception):
    """Bad command-line values (exit code 2)."""


class ProgressBar:
    """A one-line progress bar on stderr, shown only for runs that take a while."""

    def __init__(self, label: str, stream=sys.stderr, delay: float = 0.5):
        self.label, self.stream, self.delay = label, stream, delay
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, fraction: float) -> None:
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


def _fmt(x: float | None, money: bool = True) -> str:
    if x is None:
        return "never"
    if not money:
        return f"{x:,.2f}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def _band_row(label: str, band: Band, money: bool = True) -> str:
    return (
        f"  {label:<26}{_fmt(band.mean, money):>14}{_fmt(band.p5, money):>14}"
        f"{_fmt(band.p50, money):>14}{_fmt(band.p95, money):>14}"
    )


def format_summary(s: Summary) -> str:
    """The human-readable table the CLI prints."""
    lines = [
        f"{s.name}  ({s.customers:,} customers × {s.replicates:,} replicates, seed {s.seed}, "
        f"horizon {s.horizon} periods; money in {s.currency} per paid buyer)",
        "",
        f"  {'':<26}{'mean':>14}{'p5':>14}{'p50':>14}{'p95':>14}",
    ]
    for key in METRICS:
        money = key not in ("ltv_cac", "payback_period", "referred_buyers")
        label = LABELS[key] + (" (periods)" if key == "payback_period" else "")
        lines.append(_band_row(label, s.metrics[key], money))
    lines += [
        "",
        f"  Chance the plan is profitable: {s.prob_profit:.0%}   "
        f"chance it pays back within the horizon: {s.prob_payback:.0%}",
        "",
        "  Funnel (share of paid buyers who bought):",
    ]
    for step, share in s.funnel.items():
        lines.append(f"    {step.replace('front_end', 'Front end'):<32}{share:8.1%}")
    cv = s.customer_value
    if cv.percentiles:
        top = f"{cv.top20_share:.0%}" if cv.top20_share is not None else "n/a"
        lines += [
            "",
            "  Customer value: "
            + ", ".join(f"{k} {_fmt(v)}" for k, v in cv.percentiles.items())
            + f"; top 20% of customers earn {top} of the value",
        ]
    if s.business:
        lines += ["", "  Business view (all cohorts, money in total):"]
        for key, band in s.business.items():
            lines.append(_band_row(BUSINESS_LABELS[key], band, key != "cash_positive_period"))
    return "\n".join(lines)


@dataclass(frozen=True)
class _RunOptions:
    seed: int | None
    customers: int | None
    replicates: int | None


def _run(scenario: Scenario, opts: _RunOptions, quiet: bool = False):
    scenario = with_simulation(scenario, seed=opts.seed, customers=opts.customers, replicates=opts.replicates)
    sim = scenario.simulation
    bar = None if quiet else ProgressBar(scenario.name[:30])
    return simulate(scenario, seed=sim.seed, progress=bar)


def _diff_band(a: np.ndarray, b: np.ndarray) -> Band:
    return Band.of(np.asarray(b, dtype=float) - np.asarray(a, dtype=float))


def cmd_run(args) -> int:
    scenario = load_scenario(args.file)
    result = _run(scenario, _RunOptions(args.seed, args.customers, args.replicates), args.json)
    summary = summarise(result)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_summary(summary))
    return EXIT_OK


def cmd_validate(args) -> int:
    scenario = load_scenario(args.file)
    print(f"{args.file}: valid scenario '{scenario.name}' ({len(scenario.back_end)} back-end rungs)")
    return EXIT_OK


def cmd_compare(args) -> int:
    a = load_scenario(args.a)
    b = load_scenario(args.b)
    seed = args.seed if args.seed is not None else a.simulation.seed
    opts = _RunOptions(seed, args.customers, args.replicates)
    ra, rb = _run(a, opts, args.json), _run(b, opts, args.json)
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
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"A: {sa.name}\nB: {sb.name}\nSame seed ({seed}) for both: differences are the levers, not noise.\n")
    print(f"  {'':<26}{'A mean':>14}{'B mean':>14}{'B - A mean':>14}{'B - A p5':>14}{'B - A p95':>14}")
    for key in per:
        d = diffs.get(key)
        if d is None:
            continue
        print(
            f"  {LABELS[key]:<26}{_fmt(sa.metrics[key].mean):>14}{_fmt(sb.metrics[key].mean):>14}"
            f"{_fmt(d.mean):>14}{_fmt(d.p5):>14}{_fmt(d.p95):>14}"
        )
    print(f"\n  Chance of profit: A {sa.prob_profit:.0%}, B {sb.prob_profit:.0%}")
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


def format_channels(comparison, split=None) -> str:
    """The channel table (and the budget split) the ``channels`` command prints."""
    c = comparison

    def band(b: Band, money: bool = True, centre: str = "mean") -> str:
        return f"{_fmt(getattr(b, centre), money)} ({_fmt(b.p5, money)} – {_fmt(b.p95, money)})"

    lines = [
        f"Which fish pond: {c.scenario_name}  ({c.customers:,} customers × {c.replicates:,} replicates, seed {c.seed}, "
        f"horizon {c.horizon} periods; money in {c.currency} per paid buyer, mean (p5 – p95))",
        "Each channel is simulated as if it brought every buyer, all with the same seed.",
        "",
        f"  {'Channel':<28}{'CAC':>10}{'CLV':>26}{'LTV : CAC':>22}{'Net value per buyer':>28}"
        f"{'Payback, median (p5 – p95)':>30}{'P(profit)':>11}",
    ]
    for ch in c.channels:
        lines.append(
            f"  {ch.name[:27]:<28}{_fmt(ch.cac.mean):>10}{band(ch.clv):>26}{band(ch.ltv_cac, False):>22}"
            f"{band(ch.net_value):>28}{band(ch.payback_period, False, 'p50'):>30}{ch.prob_profit:>11.0%}"
        )
    lines += ["", f"  Best channel by net value per buyer: {c.best}"]
    if split is not None:
        lines += [
            "",
            f"  Best split of a budget of {_fmt(split.budget)} per period:",
            f"  {'Channel':<28}{'Buyers':>12}{'Spend':>14}{'Expected profit':>18}{'Capacity':>12}",
        ]
        caps = {ch.name: ch.max_buyers for ch in c.channels}
        for a in split.allocations:
            cap = "unlimited" if caps.get(a.name) is None else _fmt(caps[a.name], False)
            lines.append(
                f"  {a.name[:27]:<28}{_fmt(a.buyers, False):>12}{_fmt(a.spend):>14}{_fmt(a.expected_profit):>18}{cap:>12}"
            )
        lines += [
            f"  {'Total':<28}{_fmt(split.total_buyers, False):>12}{_fmt(split.total_spend):>14}"
            f"{_fmt(split.expected_profit):>18}",
            f"  Unspent: {_fmt(split.unspent)}; expected profit of one period's buyers over the horizon "
            f"{band(split.profit)}",
        ]
    return "\n".join(lines)


def cmd_channels(args) -> int:
    from simulator.channels import best_split, compare_channels

    scenario = load_scenario(args.file)
    scenario = with_simulation(scenario, seed=args.seed, customers=args.customers, replicates=args.replicates)
    bar = None if args.json else ProgressBar(scenario.name[:30])
    comparison = compare_channels(scenario, seed=scenario.simulation.seed, progress=bar)
    split = best_split(comparison, args.budget) if args.budget is not None else None
    if args.json:
        out = comparison.to_dict()
        out["split"] = split.to_dict() if split is not None else None
        print(json.dumps(out, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(format_channels(comparison, split))
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
    from simulator.max_cac import NoAffordableCac, max_affordable_cac

    scenario = _tool_sizes(load_scenario(args.file), args)
    lever = "commission" if args.commission else "cac"
    bar = None if args.json else ProgressBar(scenario.name[:30])
    try:
        res = max_affordable_cac(scenario, confidence=args.confidence, payback_within=args.payback_within,
                                 lever=lever, seed=scenario.simulation.seed, progress=bar)
    except NoAffordableCac as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a payback period outside the horizon
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps({"scenario": scenario.name, **res.to_dict()}, indent=2, ensure_ascii=False))
        return EXIT_OK
    what = "Affiliate commission" if lever == "commission" else "Acquisition cost per buyer (CAC)"
    lines = [
        f"{scenario.name}: the most you can pay per paid buyer  ({res.customers:,} customers × "
        f"{res.replicates:,} replicates, seed {res.seed}; money in {res.currency})",
        "",
        f"  {what} with {res.confidence:.0%} confidence: {_fmt(res.value)}",
        f"  Today: {_fmt(res.current)}   headroom: {_fmt(res.headroom)}"
        + (f"   (includes the affiliate commission of {_fmt(res.commission)}, kept as it is; "
           "channel costs are scaled together)" if res.commission else ""),
        f"  Break-even cost across replicates: mean {_fmt(res.band.mean)}, p5 {_fmt(res.band.p5)}, "
        f"p50 {_fmt(res.band.p50)}, p95 {_fmt(res.band.p95)}",
        f"  At {_fmt(res.value)}, {res.prob_profit_at_value:.0%} of replicates are profitable.",
    ]
    if res.payback_within is not None:
        lines.append(
            f"  Paying back within {res.payback_within} periods allows up to {_fmt(res.value_payback)} "
            f"(break-even alone: {_fmt(res.value_break_even)}); "
            + ("payback sets the limit." if res.payback_binding else "break-even sets the limit.")
        )
        lines.append(f"  At {_fmt(res.value)}, {res.prob_payback_at_value:.0%} of replicates pay back within "
                     f"{res.payback_within} periods.")
    print("\n".join(lines))
    return EXIT_OK


def cmd_sensitivity(args) -> int:
    from presentation.report_i18n import group_label, lever_label
    from simulator.sensitivity import sensitivity

    scenario = _tool_sizes(load_scenario(args.file), args)
    bar = None if args.json else ProgressBar(scenario.name[:30])
    try:
        sens = sensitivity(scenario, step=args.step, seed=scenario.simulation.seed, progress=bar)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(sens.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    step = f"{sens.step:.0%}"
    print(f"{sens.scenario_name}: change in net value per paid buyer with each lever moved by ±{step}  "
          f"({sens.customers:,} customers × {sens.replicates:,} replicates, seed {sens.seed}; money in "
          f"{sens.currency}; base mean {_fmt(sens.base.mean)})\n")
    print(f"  {'Lever':<40}{'Group':<22}{'-' + step + ' mean':>12}{'90% band':>22}{'+' + step + ' mean':>12}"
          f"{'90% band':>22}")

    def cells(b):
        if b is None:
            return f"{'n/a':>12}{'':>22}"
        return f"{_fmt(b.mean):>12}{_fmt(b.p5) + ' to ' + _fmt(b.p95):>22}"

    for e in sens.effects:
        label = lever_label(e.lever, "en")
        label = label if len(label) <= 38 else label[:37] + "…"
        print(f"  {label:<40}{group_label(e.lever.group, 'en'):<22}{cells(e.low)}{cells(e.high)}")
        if e.note:
            print(f"    ({e.note})")
    if not sens.effects:
        print("  No lever to move: every input is 0.")
    return EXIT_OK


def cmd_report(args) -> int:
    from presentation.report import prepare_report

    scenario = _tool_sizes(load_scenario(args.file), args)
    other = None
    if args.file_b:
        try:
            other = with_simulation(load_scenario(args.file_b), customers=args.customers, replicates=args.replicates)
        except ScenarioError as exc:
            for message in exc.messages:
                where = "" if message.startswith(str(args.file_b)) else f"{args.file_b}: "
                print(f"error: {where}{message}", file=sys.stderr)
            return EXIT_INVALID
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"--out: folder {out.parent} does not exist")
    bar = ProgressBar("report")
    report = prepare_report(scenario, compare_with=other, seed=scenario.simulation.seed, lang=args.lang,
                            progress=bar)
    try:
        out.write_text(report.html(), encoding="utf-8")
        written = report.write_pngs(args.png_dir) if args.png_dir else []
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or out}: {exc.strerror}") from None
    print(f"wrote {out}" + (f" and {len(written)} PNG charts in {args.png_dir}" if written else ""))
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
    from simulator.calibration.fit import fit_data
    from simulator.calibration.reading import CalibrationError

    try:
        print(f"fitting {args.file} ({args.period}s)...", file=sys.stderr)
        report = fit_data(
            args.file, period=args.period, kind=args.kind, calibration_end=args.calibration_end,
            customer_column=args.customer_column, date_column=args.date_column, amount_column=args.amount_column,
            date_format=args.date_format, cohort_column=args.cohort_column, period_column=args.period_column,
            active_column=args.active_column, name=args.name, currency=args.currency,
        )
    except CalibrationError as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        return EXIT_INVALID
    report_stream = sys.stdout if args.out else sys.stderr
    print(report.summary(), file=report_stream)
    if args.validate:
        if report.log is None or report.log.calibration_end >= report.log.last_period:
            print("error: --validate needs a transaction log and a --calibration-end before its last date",
                  file=sys.stderr)
            return EXIT_INVALID
        from simulator.calibration.holdout import holdout_comparison

        cmp = holdout_comparison(report.log, report.scenario, report.bgbb)
        print(
            f"\nHoldout (periods {report.log.calibration_end + 1}..{report.log.last_period}): actual repeat purchases "
            f"{cmp.actual_total:,}, predicted by the engine {cmp.predicted_total:,.0f} ({cmp.error:+.1%}), "
            f"BG/BB formula {cmp.closed_form_total:,.0f} ({cmp.closed_form_error:+.1%})",
            file=report_stream,
        )
    if args.out:
        try:
            Path(args.out).write_text(report.yaml, encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.out} ({exc.strerror})", file=sys.stderr)
            return EXIT_INVALID
        print(f"wrote {args.out}: fill in the lines marked TODO (CAC, costs, back-end ladder)", file=sys.stderr)
    else:
        print(report.yaml, end="")
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
    parser = _Parser(prog="python -m simulator", description="Front-end/back-end funnel simulator.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def sizes(p):
        p.add_argument("--seed", type=_int_at_least(0), help="random seed (default: the scenario's)")
        p.add_argument("--customers", type=_int_at_least(1), help="paid buyers per replicate")
        p.add_argument("--replicates", type=_int_at_least(1), help="Monte Carlo replicates")
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
    rep.add_argument("--lang", choices=("en", "zh"), default="en", help="report language (default en)")
    rep.add_argument("--seed", type=_int_at_least(0), help="random seed (default: the first scenario's)")
    rep.add_argument("--customers", type=_int_at_least(1), help="paid buyers per replicate")
    rep.add_argument("--replicates", type=_int_at_least(1), help="Monte Carlo replicates")
    rep.set_defaults(func=cmd_report)

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
    fit.set_defaults(func=cmd_fit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = None
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ScenarioError as exc:
        prefix = getattr(args, "file", None)
        for message in exc.messages:
            where = f"{prefix}: " if prefix and not message.startswith(str(prefix)) else ""
            print(f"error: {where}{message}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # an unexpected failure: one line, no traceback
        print(f"unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
